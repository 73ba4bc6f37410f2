"""Neutral replies a flow asks to send, rendered later in the recipient's language."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from conversations.agenda_model import AgendaView
from conversations.certificate_model import CertificateView
from conversations.exchange_model import Day
from conversations.text import Msg

#: Longest stable choice id; Telegram callback data is at most 64 bytes and carries a prefix.
MAX_CHOICE_ID = 40


class Choice(BaseModel):
    """One option of a question: a stable id (never shown) and a translated label."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, max_length=MAX_CHOICE_ID, pattern=r"^[a-z0-9_.:-]+$")
    label: Msg


class Say(BaseModel):
    """A plain message."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["say"] = "say"
    text: Msg


class Ask(BaseModel):
    """A question; with choices: buttons (Telegram) or a numbered list (terminal, Matrix)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["ask"] = "ask"
    text: Msg
    choices: tuple[Choice, ...] = ()
    #: Set by the conversation core: which prompt this is, so stale buttons can be recognised.
    seq: int | None = None
    #: The same question again with its state changed (a ✓ toggled): a platform that can edit
    #: messages updates the question whose button was tapped instead of sending a copy.
    in_place: bool = False
    #: The question takes a number: a typed number is the answer, not an option's position
    #: (typing "2" for two years of experience must not press the second button, "Back").
    numeric: bool = False


class SendImage(BaseModel):
    """An image (PNG/JPEG bytes) with an optional caption."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["image"] = "image"
    data: bytes
    file_name: str = "image.png"
    caption: Msg | None = None


SentKind = Literal["document", "voice", "audio", "video", "photo"]


class SendDocument(BaseModel):
    """A document such as a PDF."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["document"] = "document"
    data: bytes
    file_name: str
    mime_type: str = "application/octet-stream"
    caption: Msg | None = None
    #: Sent back as it came in: "voice", "audio", "video", "photo", or a plain "document".
    media_kind: SentKind = "document"


class Bar(BaseModel):
    model_config = ConfigDict(frozen=True)

    label: Msg
    value: float  # 0..1


class Chart(BaseModel):
    """A bar chart, drawn as an image in the reader's language when the reply is rendered."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["chart"] = "chart"
    title: Msg
    bars: tuple[Bar, ...]
    file_name: str = "chart.png"


class Report(BaseModel):
    """A report on data the flow cannot see (e.g. a coordinator's results), built by the bot
    layer for the person who asked, with their access rights, when the reply is sent."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["report"] = "report"
    report: Literal["quiz_results", "cohort"]
    form_id: str = ""


class ReplayReflection(BaseModel):
    """A reflection sent back as it was made (text, the original voice note, photo…), built
    by the bot layer only if the reader may see it."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["replay_reflection"] = "replay_reflection"
    reflection_id: int


class ReplayAgenda(BaseModel):
    """The voice messages in a switcher's learning agenda (answers and notes), sent as they
    were recorded; built by the bot layer only if the reader may see that agenda. `draft`:
    the switcher's own unsaved draft instead of the latest version."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["replay_agenda"] = "replay_agenda"
    switcher_id: int
    draft: bool = False


class PersonalData(BaseModel):
    """Everything stored about the reader, as a zip, built by the bot layer when sent."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["personal_data"] = "personal_data"


class DeskLink(BaseModel):
    """A one-time login link to the coordinator's desk, made by the bot layer when sent (the
    flow cannot store a secret)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["desk_link"] = "desk_link"


class InviteMaterial(BaseModel):
    """A new invitation made by the bot layer when the reply is sent (the code is a secret
    of sorts: it never passes through a conversation's saved state), shown with its link, the
    text to share for its audience and the QR code (issue 17 item 5)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["invite_material"] = "invite_material"
    role: str
    label: str | None = None
    uses: int = 1
class ExchangeHeading(BaseModel):
    """Which exchange a printed agenda belongs to: host, place and days (walkthrough 31)."""

    model_config = ConfigDict(frozen=True)

    host_org: str | None = None
    place: str
    days: tuple[Day, ...]


class AgendaDocument(BaseModel):
    """A learning agenda as a PDF, laid out in the reader's language when the reply is sent."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["agenda_pdf"] = "agenda_pdf"
    agenda: AgendaView
    exchange: ExchangeHeading | None = None


class CertificateDocument(BaseModel):
    """The learning certificate as a PDF; `locale` asks for another language than the
    reader's own (a copy for an employer abroad)."""

    model_config = ConfigDict(frozen=True)

    kind: Literal["certificate_pdf"] = "certificate_pdf"
    certificate: CertificateView
    locale: str | None = None
    caption: Msg | None = None  # else "Your learning certificate…" (the switcher's own)


Reply = (
    Say
    | Ask
    | SendImage
    | SendDocument
    | Chart
    | Report
    | AgendaDocument
    | CertificateDocument
    | ReplayReflection
    | ReplayAgenda
    | PersonalData
    | DeskLink
    | InviteMaterial
)
