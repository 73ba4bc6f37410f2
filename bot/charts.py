"""Charts as PNG, in any shipped language, with the fonts that ship with the project.

matplotlib 3.11 shapes Arabic and Persian itself (do not add arabic-reshaper/python-bidi: that
would reverse the text again). DejaVu lacks Ethiopic, so Noto Sans, Noto Sans Arabic and Noto
Sans Ethiopic are registered as a fallback list. Right-to-left readers get a mirrored chart:
labels on the right, bars growing to the left. matplotlib is imported lazily (≈0.4 s).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILIES = ["Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic"]


@cache
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    for font in sorted(FONTS.glob("*.ttf")):
        font_manager.fontManager.addfont(str(font))
    matplotlib.rcParams["font.family"] = FAMILIES
    return plt


def _drawable(text: str) -> str:
    """No lone surrogates: no font can draw them and FreeType refuses them outright."""
    return "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)


def bar_chart(title: str, bars: list[tuple[str, float]], rtl: bool = False) -> bytes:
    """Horizontal bars with values from 0 to 1 (shown as percentages)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(8, 0.7 * len(bars) + 1.6), dpi=120)
    try:
        labels = [_drawable(label) for label, _ in bars]
        values = [max(0.0, min(1.0, value)) * 100 for _, value in bars]
        positions = list(range(len(bars)))[::-1]
        ax.barh(positions, values, color="#2f7d6d", height=0.6)
        ax.set_yticks(positions, labels)
        ax.set_xlim(0, 100)
        ax.set_title(_drawable(title), fontsize=14, loc="right" if rtl else "left")
        for spine in ("top", "right", "left") if not rtl else ("top", "left", "right"):
            ax.spines[spine].set_visible(False)
        if rtl:
            ax.invert_xaxis()
            ax.yaxis.tick_right()
        ax.xaxis.set_major_formatter(lambda value, _pos: f"{value:.0f}%")
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        plt.close(fig)
