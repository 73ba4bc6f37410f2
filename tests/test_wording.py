"""The Dutch and French wording of the seeds review (§3b-3d, walkthrough 30): the draaiboek's
own terms (leerbewijs, "leren door te beleven"), Flemish "je kan" and "je wil" throughout, one
word for "saved", "bij {place}" for an address, and no French "Regard en arrière"."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from locales import LOCALES

ROOT = Path(__file__).resolve().parents[1]


@cache
def texts(locale: str) -> dict[str, str]:
    with (ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as stream:
        catalog = read_po(stream, locale=locale)
    found: dict[str, str] = {}
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        value = message.string
        found[key] = " | ".join(value) if isinstance(value, tuple) else value
    return found


DUTCH_SLIPS = [
    (r"leerattest", "leerbewijs, as the draaiboek says"),
    (r"\b[Kk]un je\b|\bje kunt\b", "\"je kan\", the catalog's Flemish convention"),
    (r"\bwilt\b", "\"je wil\" throughout"),
    (r"„", "the same quotes as everywhere else"),
    (r"hun frisse blik", "\"de frisse blik van de switcher\" (no singular \"hun\")"),
    (r"Belgische gelijkwaardigheid", "recognition is Flemish (NARIC-Vlaanderen)"),
    (r"uitwisseling in \{place\}|Tot \{when\} in \{place\}", "\"bij {place}\": it is an address"),
    (r"^Opgeslagen", "one word for saved (Bewaard)"),
    (r"\bmentors\b", "mentoren"),
    (r"Vraag er om|Vertel er over", "daar"),
    (r"punt per punt", "punt voor punt"),
    (r"Hoe zul jij", "Hoe ga jij"),
]


@pytest.mark.parametrize(("slip", "why"), DUTCH_SLIPS, ids=[w for _s, w in DUTCH_SLIPS])
def test_the_dutch_slips_of_the_seeds_review_are_gone(slip: str, why: str) -> None:
    """Seeds review §3b: each pattern was found in the nl catalog."""
    found = [t for t in texts("nl").values() if re.search(slip, t, flags=re.M)]
    assert not found, f"{why}: {found[:2]}"


def test_the_draaiboeks_own_words_are_used() -> None:
    """Seeds review §3a: leerbewijs everywhere; the tagline is "leren door te beleven" (002:7)."""
    nl = texts("nl")
    assert nl["Switching Talent – learning by experiencing"] == (
        "Switching Talent – leren door te beleven"
    )
    assert "leerbewijs" in nl["Decide which learning certificate you expect back"]
    retain = "How easy is it for members or clients to keep their (new) employees?"
    assert "behouden" in nl[retain]  # the draaiboek's word (002:352)


def test_the_french_slips_are_gone() -> None:
    """Seeds review §3c and walkthrough 30: "Regard en arrière", "a répondu", "ont passé",
    answers that did not fit "Quelle importance…", and mixed apostrophes."""
    fr = texts("fr")
    joined = "\n".join(fr.values())
    for slip in ("Regard en arrière", ": a répondu", "ont passé", "Importante."):
        assert slip not in joined
    assert fr["Looking back as the sending employer"].startswith("Bilan")
    assert not [t for t in fr.values() if re.search(r"(?<=\w)'(?=\w)", t)]  # one style: ’


def test_every_locale_says_flemish_equivalence_not_belgian() -> None:
    """Seeds review §3d: "the Belgian equivalent of your diploma" is a Community matter."""
    for locale in LOCALES:
        cv = [t for k, t in texts(locale).items() if k.startswith("Start with your most recent")]
        assert cv and all("NARIC-Vlaanderen" in t for t in cv), locale


def test_arabic_says_in_the_accusative_what_someone_joins_as() -> None:
    """Walkthrough 30: "بصفتك مشارك في التبادل" needs the accusative (مشاركًا); a role label
    put after "بصفتك" cannot take it, so the sentence is built without that construction."""
    ar = texts("ar")
    joined = "\n".join(ar.values())
    assert "بصفتك مشارك " not in joined and "بصفتك مشارك\n" not in joined
    assert not [t for t in ar.values() if re.search(r"بصفت\w* \{", t)]
    assert "{role}" in ar["You join Wegwijzer as {role}."]


def test_french_uses_no_inclusive_dot_forms() -> None:
    """Walkthrough 30: "venu·e" and the like are rephrased neutrally in the fr catalog."""
    found = [t for t in texts("fr").values() if re.search(r"\w[·•.]e\b|\w\(e\)", t)]
    assert not found, found[:3]
