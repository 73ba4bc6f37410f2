"""The Telegram adapter: the only code that imports `telegram`."""

import os

# Opt in to python-telegram-bot's future API: durations as timedelta (convert.py handles both).
os.environ.setdefault("PTB_TIMEDELTA", "1")
