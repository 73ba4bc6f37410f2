"""The drawing process of `wegwijzer run` (issue 14, replies at the platform's speed): charts
asked by many people at once come back whole, each to the person who asked, and are the same
pictures the bot would draw itself; a drawing process that dies costs no one their chart."""

from __future__ import annotations

import asyncio

from bot import charts
from bot.chart_drawer import Drawer

LABELS = ["Bond and trust", "Distance between sites", "Open doors"]


def bars(n: int) -> list[tuple[str, float]]:
    return [(label, ((n + i) % 10) / 10) for i, label in enumerate(LABELS)]


async def test_many_charts_at_once_each_come_back_to_whoever_asked() -> None:
    drawer = Drawer()
    try:
        drawn = await asyncio.gather(*(drawer.draw("Readiness", bars(n), False) for n in range(12)))
    finally:
        await drawer.stop()
    expected = [charts.bar_chart("Readiness", bars(n), False, photo=True) for n in range(12)]
    assert drawn == expected
    assert len(set(drawn)) == 10  # ten different pictures: nobody got someone else's


async def test_a_dead_drawing_process_means_a_chart_drawn_in_a_thread() -> None:
    await charts.start_drawing()
    try:
        drawer = charts._drawer
        assert drawer is not None and drawer._proc is not None
        drawer._proc.kill()
        await drawer._proc.wait()
        data = await charts.draw_bar_chart("Readiness", bars(3))
        assert data == charts.bar_chart("Readiness", bars(3), photo=True)
        again = await charts.draw_bar_chart("Readiness", bars(4))  # a new process is started
        assert again == charts.bar_chart("Readiness", bars(4), photo=True)
    finally:
        await charts.stop_drawing()
