"""A4 PDFs in any shipped language: fpdf2 with the shipped Noto fonts and HarfBuzz shaping.

Noto Sans with Arabic and Ethiopic fallbacks, so Arabic is joined (and its words searchable)
and Tigrinya has every glyph; right-to-left languages are right-aligned by the callers.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

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

