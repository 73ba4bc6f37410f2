"""Shareable invite material (issue 17 item 5, draaiboek 5.1–5.2): the short text for the
invitation's audience in each language asked for, and its QR code as a PNG — for a poster, a
newsletter or an HR mail. Used by `wegwijzer invite --poster DIR`."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import segno

from bot.i18n import Translator
from conversations.about import invite_text


def qr_target(code: str, telegram_link: str | None) -> str:
    """What the QR code opens: the Telegram deep link, else the command to send."""
    return telegram_link or f"/start {code}"


def write_poster(
    translator: Translator,
    role: str,
    code: str,
    telegram_link: str | None,
    languages: tuple[str, ...],
    folder: Path,
    tz: str,
) -> list[Path]:
    """`invite-CODE.png` and `invite-CODE.LANG.txt` per language; the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    qr = folder / f"invite-{code}.png"
    segno.make(qr_target(code, telegram_link), error="m").save(
        str(qr), kind="png", scale=10, border=4
    )
    written = [qr]
    text = invite_text(role)
    if text is None:
        return written
    for language in languages:
        body = translator.render(text, language, ZoneInfo(tz))
        lines = [body, "", telegram_link or "", f"/start {code}"]
        path = folder / f"invite-{code}.{language}.txt"
        path.write_text("\n".join(line for line in lines if line is not None) + "\n", "utf-8")
        written.append(path)
    return written
