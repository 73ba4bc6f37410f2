"""The Telegram adapter: the only code that imports `telegram`."""
