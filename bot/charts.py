"""Charts as PNG, in any shipped language, with the fonts that ship with the project.

matplotlib 3.11 shapes Arabic and Persian itself (do not add arabic-reshaper/python-bidi: that
would reverse the text again). DejaVu lacks Ethiopic, so Noto Sans, Noto Sans Arabic and Noto
Sans Ethiopic are registered as a fallback list. Right-to-left readers get a mirrored chart:
labels on the right, bars growing to the left. matplotlib is imported lazily (≈0.4 s).
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.chart_drawer import Drawer

log = logging.getLogger(__name__)
FONTS = Path(__file__).resolve().parent / "fonts"
FAMILIES = ["Noto Sans", "Noto Sans Arabic", "Noto Sans Ethiopic"]


@cache
def _matplotlib() -> Any:
    """Fonts registered once; the object-oriented API (no pyplot: no global figure manager)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager

    for font in sorted(FONTS.glob("*.ttf")):
        font_manager.fontManager.addfont(str(font))
    matplotlib.rcParams["font.family"] = FAMILIES
    return matplotlib


def _drawable(text: str) -> str:
    """No lone surrogates: no font can draw them and FreeType refuses them outright."""
    return "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)


WIDTH, DPI, PAD = 8.0, 120, 12  # inches, dots per inch, pixels of margin around the labels
TITLE_SIZE = 14


@dataclass
class _Frame:
    """Everything of a chart but its bars, drawn once: title, labels, axes, ticks."""

    canvas: Any
    ax: Any
    bars: list[Any]
    background: Any
    title: Any  # the title's Text artist (tests check it stays inside the picture)


@lru_cache(maxsize=32)
def _frame(title: str, labels: tuple[str, ...], rtl: bool) -> _Frame:
    """The margins are measured from the labels themselves (one text layout each) instead of
    `tight_layout`, which draws the whole figure an extra time."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    probe = FigureCanvasAgg(Figure(figsize=(WIDTH, 1), dpi=DPI)).get_renderer()  # type: ignore[no-untyped-call]
    lines = _wrap(title, probe, FontProperties(size=TITLE_SIZE), WIDTH * DPI - 2 * PAD)
    title_room = 0.3 * (len(lines) - 1)  # inches for each extra line of title
    height = 0.7 * len(labels) + 1.6 + title_room
    fig = Figure(figsize=(WIDTH, height), dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    tick_font = FontProperties(size="medium")
    widest = max(
        (renderer.get_text_width_height_descent(label, tick_font, ismath=False)[0]
         for label in labels), default=0.0,
    )  # fmt: skip
    label_share = min(0.6, (widest + 2 * PAD) / (WIDTH * DPI))
    edge = PAD * 2.5 / (WIDTH * DPI)  # room for the last x label ("100%")
    top = 1 - (0.55 + 0.2 + title_room) / height  # the title's lines
    bottom = 0.45 / height  # the x labels
    left = edge if rtl else label_share
    ax = fig.add_axes((left, bottom, 1 - label_share - edge, top - bottom))
    positions = list(range(len(labels)))[::-1]
    # animated: left out of the full draw below, drawn per chart onto the saved background
    bars = list(ax.barh(positions, [0.0] * len(labels), color="#2f7d6d", height=0.6,
                        animated=True))  # fmt: skip
    ax.set_yticks(positions, labels)
    ax.set_ylim(-0.5, len(labels) - 0.5)
    ax.set_xlim(0, 100)
    ax.set_xticks([0, 20, 40, 60, 80, 100], ["0%", "20%", "40%", "60%", "80%", "100%"])
    # the title over the whole width, wrapped (walkthrough 22: a long one ran off the edge)
    margin = PAD / (WIDTH * DPI)
    heading = fig.text(1 - margin if rtl else margin, 1 - 0.2 / height, "\n".join(lines),
                       fontsize=TITLE_SIZE, ha="right" if rtl else "left", va="top",
                       multialignment="right" if rtl else "left")  # fmt: skip
    for spine in ("top", "right", "left") if not rtl else ("top", "left", "right"):
        ax.spines[spine].set_visible(False)
    if rtl:
        ax.invert_xaxis()
        ax.yaxis.tick_right()
    canvas.draw()  # type: ignore[no-untyped-call]
    background = canvas.copy_from_bbox(fig.bbox)  # type: ignore[no-untyped-call]
    return _Frame(canvas, ax, bars, background, heading)


def _wrap(text: str, renderer: Any, font: Any, room: float) -> list[str]:
    """Words on as few lines as fit `room` pixels (a word longer than a line gets its own)."""

    def width(line: str) -> float:
        return float(renderer.get_text_width_height_descent(line, font, ismath=False)[0])

    lines: list[str] = []
    for word in text.split():
        if lines and width(f"{lines[-1]} {word}") <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


_drawing = threading.Lock()  # a frame is one figure: one chart at a time on it


def bar_chart(
    title: str, bars: list[tuple[str, float]], rtl: bool = False, photo: bool = False
) -> bytes:
    """Horizontal bars with values from 0 to 1 (shown as percentages): a PNG, or with `photo`
    a JPEG (a chat photo: Telegram turns every photo into a JPEG anyway, and encoding one takes
    2.5 ms where a PNG takes 9 — most of a chart's time once the frame is reused).

    Everyone who takes a quiz in one language gets the same title, labels and axes, so those
    are drawn once (`_frame`) and each chart only draws its bars onto a copy — the blitting
    matplotlib's animations use: ~5 ms a chart instead of ~45."""
    _matplotlib()
    from PIL import Image

    labels = tuple(_drawable(label) for label, _ in bars)
    values = [max(0.0, min(1.0, value)) * 100 for _, value in bars]
    with _drawing:
        frame = _frame(_drawable(title), labels, rtl)
        frame.canvas.restore_region(frame.background)
        for bar, value in zip(frame.bars, values, strict=True):
            bar.set_width(value)
            frame.ax.draw_artist(bar)
        width, height = frame.canvas.get_width_height()
        pixels = bytes(frame.canvas.buffer_rgba())
    buffer = io.BytesIO()
    image = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
    if photo:  # full colour resolution (4:4:4) keeps the labels crisp
        image.convert("RGB").save(buffer, "JPEG", quality=92, subsampling=0)
    else:  # fast deflate: a third of the time for a somewhat larger file
        image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


# --- drawing beside the bot ------------------------------------------------------------------
# A new chart frame costs ~60 ms of pure-Python CPU (bars on a reused frame ~5). Drawn in
# threads of the bot's process, several at once took the GIL from the event loop: when 50 people
# finished the quiz together, everyone's replies waited seconds (production-core benchmark: p50
# 7.8 s for the chart step, every other step slowed too). `wegwijzer run` therefore draws in a
# drawing process (`bot.chart_drawer`); the terminal chat, the CLI and tests draw in a thread.

_drawer: Drawer | None = None


async def start_drawing() -> None:
    """From now on, this process's charts are drawn by a drawing process (`wegwijzer run`);
    it loads matplotlib now, while the transports connect, not at the first chart."""
    global _drawer
    from bot.chart_drawer import Drawer

    _drawer = Drawer()
    await _drawer.start()


async def stop_drawing() -> None:
    global _drawer
    drawer, _drawer = _drawer, None
    if drawer is not None:
        await drawer.stop()


async def draw_bar_chart(title: str, bars: list[tuple[str, float]], rtl: bool = False) -> bytes:
    """`bar_chart` as a photo (JPEG): by the drawing process when there is one (in a thread
    if there is none, or it failed)."""
    if _drawer is not None:
        try:
            data = await _drawer.draw(title, bars, rtl)
        except (RuntimeError, OSError) as exc:
            log.warning("drawing in a thread: %s", type(exc).__name__)
        else:
            if data:
                return data
    import asyncio  # here, not above: the drawing process (bot/chart_child.py) has no loop

    return await asyncio.to_thread(bar_chart, title, bars, rtl, True)
