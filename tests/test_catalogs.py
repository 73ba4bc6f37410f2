"""Catalogs: complete, not fuzzy, placeholders intact, compiled, and really used.

Gettext fails silently (a missing .mo or a fuzzy entry shows English), so these checks are the
only thing standing between a translator's slip and a refugee reading a language they don't know.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from bot.i18n import Translator, placeholders
from conversations.onboarding import PRIVACY_LONG, welcome
from conversations.text import _, _n
from locales import LOCALES, LOCALES_DIR, SOURCE_LOCALE

ROOT = Path(__file__).resolve().parent.parent
TZ = ZoneInfo("Europe/Brussels")


def words(text: str) -> str:
    """The text without its placeholders: what a reader would see translated."""
    return re.sub(r"\{\w+\}", "", text).strip(" \n:=,✓")


def po_path(locale: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / "messages.po"


def load(locale: str) -> Catalog:
    with po_path(locale).open("rb") as fh:
        return read_po(fh, locale=locale)


def template() -> Catalog:
    with (LOCALES_DIR / "messages.pot").open("rb") as fh:
        return read_po(fh)


def test_the_template_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_n:1,2", "-k", "N_", "-c", "TRANSLATORS:", "--no-location", "-o", str(fresh), "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with fresh.open("rb") as fh:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    shipped = {m.id if isinstance(m.id, str) else m.id[0] for m in template() if m.id}
    assert extracted - shipped == set(), "new messages: run ./dev catalogs and translate them"
    assert shipped - extracted == set(), "obsolete messages in messages.pot: run ./dev catalogs"


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_complete_and_not_fuzzy(locale: str) -> None:
    catalog = load(locale)
    assert not catalog.fuzzy, f"{locale}: the header is marked fuzzy"
    wanted = {m.id for m in template() if m.id}
    present = {m.id: m for m in catalog if m.id}
    assert wanted - set(present) == set(), f"{locale}: messages missing from the .po"
    for msgid, message in present.items():
        assert not message.fuzzy, f"{locale}: fuzzy entry {msgid!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{locale}: untranslated {msgid!r}"


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_match_the_source(locale: str) -> None:
    for message in load(locale):
        if not message.id:
            continue
        if isinstance(message.id, str):
            assert placeholders(str(message.string)) == placeholders(message.id), (
                locale,
                message.id,
            )
        else:
            allowed = placeholders(message.id[0]) | placeholders(message.id[1])
            for form in message.string:
                assert placeholders(form) <= allowed, (locale, message.id[0], form)
                assert placeholders(form) >= allowed - {"count"}, (locale, message.id[0], form)


@pytest.mark.parametrize("locale", LOCALES)
def test_plural_rules_come_from_cldr(locale: str) -> None:
    """Arabic needs six plural forms: a header copied from English would break them."""
    assert load(locale).plural_forms == Catalog(locale=locale).plural_forms
    if locale == "ar":
        assert load(locale).num_plurals == 6


@pytest.mark.parametrize(
    ("count", "word"),
    [(0, "يوم"), (1, "يوم واحد"), (2, "يومين"), (3, "أيام"), (11, "يومًا"), (100, "يوم")],
)
def test_arabic_plurals_pick_the_right_form(count: int, word: str) -> None:
    """11–99 take the accusative singular (يومًا), 100 the genitive (يوم): forms 4 and 5."""
    rendered = Translator().render(_n("in {count} day", "in {count} days", count), "ar", TZ)
    assert rendered.endswith(word), rendered


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalog_is_present_and_current(locale: str) -> None:
    mo = po_path(locale).with_suffix(".mo")
    assert mo.exists(), f"{locale}: run pybabel compile (./dev setup)"
    assert mo.stat().st_mtime >= po_path(locale).stat().st_mtime, f"{locale}: .mo older than .po"


@pytest.mark.parametrize("locale", [code for code in LOCALES if code != SOURCE_LOCALE])
def test_rendered_messages_really_are_translated(locale: str) -> None:
    translator = Translator()
    for msg in (PRIVACY_LONG, welcome("Anna"), _("Main menu: what would you like to do?")):
        source = msg.msgid.format(**{k: "Anna" for k in msg.params})
        rendered = translator.render(msg, locale, TZ)
        assert rendered != source, f"{locale} shows the English source text"
    identical = [
        m.id
        for m in load(locale)
        if m.id and m.string == m.id and len(words(str(m.id))) > 12  # not layout templates
    ]
    assert identical == [], f"{locale}: left in English: {identical[:3]}"


def test_the_source_locale_catalog_is_loaded_not_a_fallback() -> None:
    import gettext

    translator = Translator()
    assert isinstance(translator.catalogs[SOURCE_LOCALE], gettext.GNUTranslations)
    assert all(isinstance(c, gettext.GNUTranslations) for c in translator.catalogs.values())


def test_broken_placeholders_in_a_translation_fall_back_instead_of_crashing() -> None:
    import gettext

    class Broken(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return "Welkom, {naam}!"

    translator = Translator()
    translator.catalogs["nl"] = Broken()
    assert translator.render(welcome("Anna"), "nl", TZ).startswith("Welcome, Anna!")


@pytest.mark.parametrize(
    ("stored", "platform", "expected"),
    [
        (None, "nl-BE", "nl"),
        (None, "fa-IR", "fa"),
        (None, "prs", "fa"),  # Dari reads the Persian catalog
        (None, "ti_ER", "ti"),
        (None, "so", "so"),
        (None, "de", "nl"),  # not shipped: the default
        ("tr", "ru", "tr"),  # a stored choice wins
    ],
)
def test_the_locale_comes_from_the_choice_then_the_app_then_the_default(
    stored: str | None, platform: str, expected: str
) -> None:
    from bot.i18n import resolve_locale

    assert resolve_locale(stored, platform, "nl") == expected
