"""Rendered replies, ready for a transport: text in the reader's language, choice tokens.

A choice token is ``"<seq>:<choice id>"``: the prompt number lets the conversation core tell a
current button from a stale one. Transports put the token in callback data (Telegram) or keep
it in the numbered list (terminal, Matrix) and never interpret labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conversations.events import ChoiceIn


@dataclass(frozen=True)
class OutOption:
    token: str
    label: str


@dataclass(frozen=True)
class OutText:
    text: str


@dataclass(frozen=True)
class OutChoices:
    text: str
    options: tuple[OutOption, ...]
    #: How to answer without buttons ("reply with the number…"), for text-only platforms.
    hint: str = ""
    #: Replaces the question whose button was tapped, where the platform can edit messages.
    in_place: bool = False


class _File:
    """A file to send: its bytes, or (anything large, built after the event) a file on disk
    that transports stream from, so a document is never held whole in memory on its way out."""

    body: bytes | Path

    @property
    def path(self) -> Path | None:
        return self.body if isinstance(self.body, Path) else None

    @property
    def size(self) -> int:
        return self.body.stat().st_size if isinstance(self.body, Path) else len(self.body)

    @property
    def data(self) -> bytes:
        """All the bytes: for small files (a chart, a PDF) and tests, never on the send path."""
        return self.body.read_bytes() if isinstance(self.body, Path) else self.body

    def head(self, count: int = 65_536) -> bytes:
        """The first bytes (a picture's type and size are in its header)."""
        if isinstance(self.body, bytes):
            return self.body[:count]
        with self.body.open("rb") as stream:
            return stream.read(count)


@dataclass(frozen=True)
class OutImage(_File):
    body: bytes | Path
    file_name: str
    caption: str | None = None


@dataclass(frozen=True)
class OutDocument(_File):
    body: bytes | Path
    file_name: str
    mime_type: str
    caption: str | None = None
    #: How to present it: a file, or played back as what it was (a voice note stays a voice
    #: note): "document", "voice", "audio", "video" or "photo".
    kind: str = "document"


Outgoing = OutText | OutChoices | OutImage | OutDocument


def choice_token(seq: int, choice_id: str) -> str:
    return f"{seq}:{choice_id}"


def parse_choice_token(token: str) -> ChoiceIn:
    """Read a token back; anything malformed becomes a choice no prompt can match (seq -1)."""
    seq, sep, choice_id = token.partition(":")
    if not sep or not seq.isdigit() or not choice_id:
        return ChoiceIn(choice_id=token[:64] or "?", seq=-1)
    return ChoiceIn(choice_id=choice_id[:64], seq=int(seq))


def split_text(text: str, limit: int) -> list[str]:
    """Cut long text at paragraph, then line, then word boundaries."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = max(
            rest.rfind("\n\n", 0, limit), rest.rfind("\n", 0, limit), rest.rfind(" ", 0, limit)
        )
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    chunks.append(rest)
    return [c for c in chunks if c]


def coalesce(messages: list[Outgoing], text_limit: int, caption_limit: int) -> list[Outgoing]:
    """Fewer, fuller messages: a run of texts joins the text or question that follows it (a
    title becomes part of its question; advice and the menu arrive as one message), and a text
    right before a picture without a caption becomes its caption. Paragraphs are kept whole
    and in order; nothing is merged past a platform limit. One message per step also means one
    request per step instead of three — the platform's rate budget goes further."""
    out: list[Outgoing] = []
    for message in messages:
        prev = out[-1] if out else None
        if isinstance(prev, OutText):
            if isinstance(message, OutText | OutChoices):
                joined = f"{prev.text}\n\n{message.text}"
                if len(joined) <= text_limit:
                    out[-1] = (
                        OutText(joined)
                        if isinstance(message, OutText)
                        else OutChoices(joined, message.options, message.hint, message.in_place)
                    )
                    continue
            elif isinstance(message, OutImage) and not message.caption:
                if len(prev.text) <= caption_limit:
                    out[-1] = OutImage(message.body, message.file_name, prev.text)
                    continue
        out.append(message)
    return out
