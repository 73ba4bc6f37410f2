"""Telegram in webhook mode (issue 18 item 3): several workers behind one address.

With `WEGWIJZER_TELEGRAM_WEBHOOK_URL` set, each worker calls `setWebhook` with that address and a
secret token at start-up, and Telegram POSTs updates to it; the reverse proxy spreads them over
the workers, whose ASGI server (the desk's, same host and port) hands them to the running
Telegram transport (`bot/endpoints.py`). A request without the right
`X-Telegram-Bot-Api-Secret-Token` is refused with 403. Long polling stays the default.

An update is answered (HTTP 200) only once it was handled and its replies sent: Telegram gives a
chat's next update after that, so a person's updates are handled in order even when the next one
reaches another worker; the per-person advisory lock keeps two workers from interleaving anyway.
"""

from __future__ import annotations

import hashlib
import hmac
from urllib.parse import urlparse

from bot.settings import Settings

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def webhook_secret(settings: Settings) -> str:
    """The configured secret, or one derived from the bot token: the same in every worker,
    unknown to anyone without the token (Telegram allows A-Z, a-z, 0-9, _ and -)."""
    if settings.telegram_webhook_secret is not None:
        return settings.telegram_webhook_secret.get_secret_value()
    assert settings.telegram_token is not None
    token = settings.telegram_token.get_secret_value().encode()
    return hmac.new(token, b"wegwijzer-telegram-webhook", hashlib.sha256).hexdigest()


def webhook_path(settings: Settings) -> str | None:
    """Where the workers' ASGI server takes the updates: the path of the webhook address."""
    if settings.telegram_webhook_url is None or settings.telegram_token is None:
        return None
    return urlparse(settings.telegram_webhook_url).path or "/telegram"


def secret_matches(settings: Settings, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(
        given.encode(), webhook_secret(settings).encode()
    )
