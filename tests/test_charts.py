"""Quiz charts: a real PNG in every shipped language, every glyph present, RTL mirrored."""

from __future__ import annotations

import struct
import warnings
from zoneinfo import ZoneInfo

import pytest

from bot.charts import bar_chart
from bot.content import load_library
from bot.i18n import Translator
from bot.render import Renderer
from conversations.forms.scoring import chart
from locales import LOCALES

QUIZ = load_library().forms["readiness_quiz"]


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_quiz_chart_renders_in_every_language_without_missing_glyphs(locale: str) -> None:
    totals = {"trust": 3, "proximity": 1, "openness": 0, "urgency": 5, "support": 2, "capacity": 3}
    renderer = Renderer(Translator(), "Europe/Brussels")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)"
        image = renderer.chart(chart(QUIZ, totals), locale)
    width, height = png_size(image.data)
    assert width >= 800 and height >= 400 and len(image.data) > 20_000


def test_ethiopic_and_persian_text_has_every_glyph() -> None:
    """Tigrinya and Dari come next (issue 7); the shipped fonts already cover them."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = bar_chart("ዝግጁ ዲኻ?", [("ምትእምማን", 0.5), ("اعتماد و پیوند", 0.8)], rtl=True)
    assert png_size(data)[0] > 0


def test_bars_are_a_share_of_the_highest_possible_score() -> None:
    drawn = chart(QUIZ, {"trust": 3, "support": 2, "capacity": 0})
    values = {bar.label.msgid: bar.value for bar in drawn.bars}
    assert values["Bond and trust"] == 1.0 and values["Support offered by your network"] == 0.5
    assert values["Capacity of your organisation"] == 0.0
    labels = [Translator().render(b.label, "ar", ZoneInfo("UTC")) for b in drawn.bars]
    assert labels[0] == "الترابط والثقة"


def test_a_chart_drawn_on_a_reused_frame_is_the_chart_drawn_from_scratch() -> None:
    """Issue 14 (replies at the platform's speed): title, labels and axes are drawn once per
    quiz and language, and each chart draws only its bars on a copy. No bar of an earlier
    person's chart may show through."""
    from bot import charts

    labels = ["Bond and trust", "Distance between sites", "Open doors"]
    first = charts.bar_chart("Readiness", [(label, 0.9) for label in labels])
    second = charts.bar_chart("Readiness", list(zip(labels, [0.1, 0.5, 0.0], strict=True)))
    charts._frame.cache_clear()
    fresh = charts.bar_chart("Readiness", list(zip(labels, [0.1, 0.5, 0.0], strict=True)))
    assert second == fresh and first != second


def test_a_long_title_wraps_inside_the_picture() -> None:
    """Walkthrough 22: "Klaar om zelf aan de slag te gaan?: gemiddelde van 1 organis…" ran off
    the right edge. A title wider than the chart now wraps onto more lines, all inside, in
    both directions; the cached frame keeps the bars-only redraw (issue 14)."""
    from bot import charts

    title = (
        "Per organisatie: Klaar om zelf aan de slag te gaan met een uitwisseling tussen "
        "twee werkgevers?"
    )
    for rtl in (False, True):
        frame = charts._frame(title, ("Stad Gent", "Zorg Oost"), rtl)
        box = frame.title.get_window_extent()
        width, height = frame.canvas.get_width_height()
        assert 0 <= box.x0 and box.x1 <= width and box.y1 <= height
        assert frame.title.get_text().count("\n") >= 1
        axes = frame.ax.get_window_extent()
        assert box.y0 >= axes.y1  # the title does not run into the bars
    short = charts._frame("Readiness", ("Stad Gent",), False)
    assert "\n" not in short.title.get_text()
    png = charts.bar_chart(title, [("Stad Gent", 0.5), ("Zorg Oost", 0.25)])
    assert (
        png_size(png)[1]
        > png_size(charts.bar_chart("Readiness", [("Stad Gent", 0.5), ("Zorg Oost", 0.25)]))[1]
    )
