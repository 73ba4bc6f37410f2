"""The drawing process itself (`bot/chart_drawer.py` starts it and talks to it): one JSON request
per line in, one length-prefixed JPEG per request out.

Kept apart from the parent's side so the child loads matplotlib and nothing of the bot's event
loop (asyncio and ssl alone are about 10 MB a process).
"""

from __future__ import annotations

import json
import struct
import sys

#: Each answer's length, before the image (bot/chart_drawer.py reads it).
LENGTH = struct.Struct(">I")


def main() -> None:
    from bot.charts import _matplotlib, bar_chart

    _matplotlib()
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        asked = json.loads(line)
        bars = [(str(label), float(value)) for label, value in asked["bars"]]
        try:
            data = bar_chart(str(asked["title"]), bars, bool(asked["rtl"]), photo=True)
        except Exception:
            data = b""
        out.write(LENGTH.pack(len(data)) + data)
        out.flush()


if __name__ == "__main__":
    main()
