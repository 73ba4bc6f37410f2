"""Neutral outgoing messages → Matrix event contents (plain text plus HTML).

A question becomes a numbered list with keycap digits, so people answer by typing the number,
the option's label, or by reacting with the digit. The choice tokens travel inside the bot's
own event (`CHOICES_KEY`): a reaction is resolved from the event it reacts to, so no state is
kept in memory and a forged token can only come from the bot itself.
"""

from __future__ import annotations

import html
from typing import Any

from bot.matrix.convert import KEYCAPS
from bot.outgoing import OutChoices, OutText

CHOICES_KEY = "org.wegwijzer.choices"


def _html_text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def text_content(message: OutText) -> dict[str, Any]:
    return {
        "msgtype": "m.text",
        "body": message.text,
        "format": "org.matrix.custom.html",
        "formatted_body": _html_text(message.text),
    }


def _marker(index: int) -> str:
    return KEYCAPS[index] if index < len(KEYCAPS) else f"{index + 1}."


def choices_content(message: OutChoices, hint: str) -> dict[str, Any]:
    """`hint` is the translated "reply with a number" line."""
    lines = [f"{_marker(i)} {option.label}" for i, option in enumerate(message.options)]
    body = "\n".join([message.text, "", *lines, "", hint])
    items = "".join(f"<li>{html.escape(option.label)}</li>" for option in message.options)
    formatted = (
        f"<p>{_html_text(message.text)}</p><ol>{items}</ol><p><i>{html.escape(hint)}</i></p>"
    )
    return {
        "msgtype": "m.text",
        "body": body,
        "format": "org.matrix.custom.html",
        "formatted_body": formatted,
        CHOICES_KEY: [option.token for option in message.options],
    }


def media_content(
    msgtype: str,
    name: str,
    mime_type: str,
    size: int,
    url: str,
    file_keys: dict[str, Any] | None,
    dims: tuple[int, int] | None = None,
) -> dict[str, Any]:
    """An image or file event; in encrypted rooms the URL goes inside `file` with its keys."""
    info: dict[str, Any] = {"mimetype": mime_type, "size": size}
    if dims is not None:
        info["w"], info["h"] = dims
    content: dict[str, Any] = {"msgtype": msgtype, "body": name, "info": info}
    if file_keys is not None:
        content["file"] = {**file_keys, "url": url}
    else:
        content["url"] = url
    return content
