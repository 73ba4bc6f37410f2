"""A4 PDFs in any shipped language: fpdf2 with the shipped Noto fonts and HarfBuzz shaping.

Noto Sans with Arabic and Ethiopic fallbacks, so Arabic is joined (and its words searchable)
and Tigrinya has every glyph; right-to-left languages are right-aligned by the callers.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from fpdf import FPDF

from conversations.text import Msg

Align = Literal["L", "R", "C"]

FONTS = Path(__file__).parent / "fonts"


def new_pdf(rtl: bool) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    for family, stem in (
        ("NotoSans", "NotoSans"),
        ("NotoArabic", "NotoSansArabic"),
        ("NotoEthiopic", "NotoSansEthiopic"),
    ):
        pdf.add_font(family, "", str(FONTS / f"{stem}-Regular.ttf"))
        pdf.add_font(family, "B", str(FONTS / f"{stem}-Bold.ttf"))
    pdf.set_fallback_fonts(["NotoArabic", "NotoEthiopic"])
    pdf.set_text_shaping(True, direction="rtl" if rtl else "ltr")
    pdf.add_page()
    return pdf


#: Stands in for a value while a line is rendered, to find where its label ends.
_MARK = "\u0000"
_COLONS = (":", "：", "፡", "፥")


def split_label(msg: Msg, render: Callable[[Msg], str]) -> tuple[str, str] | None:
    """ "Learning question: {text}" → ("Learning question:", the text), as translated: the
    label is what comes before the colon that precedes a value. None when the translation has
    no such colon (then it is printed as one line). Labels are printed bold (walkthrough 31)."""
    whole = render(msg)
    labels = []
    for key in msg.params:
        probe = msg.model_copy(update={"params": {**msg.params, key: Msg.plain(_MARK)}})
        label = render(probe).partition(_MARK)[0]
        if label.rstrip().endswith(_COLONS) and whole.startswith(label):
            labels.append(label)
    if not labels:
        return None
    label = min(labels, key=len)
    return label.rstrip(), whole[len(label) :].strip()


class Writer:
    """Lines of one PDF in one direction: headings, bold labels with their values, lists."""

    def __init__(self, pdf: FPDF, rtl: bool, render: Callable[[Msg], str]) -> None:
        self.pdf, self.rtl, self.render = pdf, rtl, render
        self.align: Align = "R" if rtl else "L"

    def text(self, text: str, size: float = 11, style: str = "", height: float = 6.5,
             align: Align | None = None) -> None:  # fmt: skip
        self.pdf.set_font("NotoSans", style, size)
        # a value written in a left-to-right script keeps its own order in an Arabic PDF
        # ("?Hoe onthaal ik…" otherwise), still aligned with the page's direction
        latin = self.rtl and not any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)
        if latin:
            self.pdf.set_text_shaping(True, direction="ltr")
        self.pdf.multi_cell(0, height, text, align=align or self.align, new_x="LMARGIN",
                            new_y="NEXT")  # fmt: skip
        if latin:
            self.pdf.set_text_shaping(True, direction="rtl")

    def heading(self, msg: Msg, size: float = 13) -> None:
        self.pdf.ln(3)
        self.text(self.render(msg), size=size, style="B", height=8)
        self.pdf.ln(1)

    def line(self, msg: Msg, size: float = 11, items: bool = False) -> None:
        """A line with its label in bold; `items` prints the value one item per line."""
        split = split_label(msg, self.render)
        if split is None:
            self.text(self.render(msg), size=size)
        elif items:
            self.text(split[0], size=size, style="B")
            for item in list_items(split[1]):
                self.text(f"• {item}", size=size)
        elif self.rtl:  # label and value in one line would be laid out left-to-right
            self.text(split[0], size=size, style="B")
            self.text(split[1], size=size)
        else:
            self.pdf.set_font("NotoSans", "B", size)
            self.pdf.write(6.5, split[0] + " ")
            self.pdf.set_font("NotoSans", "", size)
            self.pdf.write(6.5, split[1])
            self.pdf.ln(6.5)
        self.pdf.ln(1.5)


_TIME = re.compile(r"(?<![\d:.])(?=\d{1,2}[:.hu]\d{2}\b)")


def list_items(text: str) -> list[str]:
    """The coach's day programme as items: one per line, per ";", or per time of day when it
    was sent as one long line ("9:00 welcome 10:30 tour 12:00 lunch")."""
    parts = [p.strip(" ,;") for p in re.split(r"\n|;", text)]
    if len(parts) == 1 and len(_TIME.findall(text)) >= 2:
        parts = [p.strip(" ,;") for p in _TIME.split(text)]
    return [p for p in parts if p] or [text]
