"""`wegwijzer chat`: the bot in a terminal, on the same dispatcher as Telegram and Matrix.

Choices are numbered; type the number (or the option's text). `/attach PATH` sends a file as a
photo, voice note or document, for flows that ask for one. Reads stdin line by line, so a test
(or a script) can drive it through a pipe.
"""

from __future__ import annotations

import asyncio
import mimetypes
import os
import shutil
import sys
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.app import App
from bot.data_files import TERMINAL_PLATFORM, terminal_outbox
from bot.dispatcher import Delivery
from bot.outgoing import OutChoices, OutDocument, Outgoing, OutImage, OutText
from bot.terminal.wording import Wording
from conversations.events import CommandIn, Event, MediaIn, MediaInfo, MediaKind, Sender, TextIn
from conversations.text import Msg, _

PLATFORM = TERMINAL_PLATFORM


def parse_line(line: str) -> Event | None:
    """A typed line as a neutral event (None for an empty line)."""
    text = line.strip()
    if not text:
        return None
    if text.startswith("/") and len(text) > 1:
        name, *args = text[1:].split()
        name = name.split("@", 1)[0]  # "/exchanges@bot", as Telegram writes it
        return CommandIn(name=name.lower(), args=tuple(args))
    return TextIn(text=text)


def media_kind(mime: str | None) -> MediaKind:
    if mime is None:
        return "document"
    if mime.startswith("image/"):
        return "photo"
    if mime in ("audio/ogg", "audio/opus"):
        return "voice"
    if mime.startswith("audio/"):
        return "audio"
    if mime.startswith("video/"):
        return "video"
    return "document"


class TerminalChat:
    """One person's chat: it prints their replies, reminders and notices, nobody else's."""

    platform = PLATFORM

    def __init__(self, app: App, user: str, stdin: TextIO, stdout: TextIO) -> None:
        self.app = app
        self.stdin, self.stdout = stdin, stdout
        lang = os.environ.get("LANG", "").split(".")[0] or None
        self.sender = Sender(
            platform=PLATFORM, external_id=user, chat_id=user, display_name=None, language_code=lang
        )
        self.locale = app.settings.default_locale
        self.only_chat = user  # reminders for other people wait for their own chat
        self.wording = Wording(app.translator)
        self.outbox = terminal_outbox(app.settings.data_dir, user)  # erased with the person
        app.dispatcher.fetchers[PLATFORM] = self.fetch_media
        app.dispatcher.upload_limits[PLATFORM] = None  # files are copied: no size limit
        app.register_transport(self)  # reminders and notices for this person print here

    async def send(self, chat_id: str, messages: list[Outgoing]) -> None:
        for message in messages:
            if isinstance(message, OutImage | OutDocument):  # a copy of a file: off the loop
                await asyncio.to_thread(self._print, message)
            else:
                self._print(message)

    async def fetch_media(self, ref: str) -> bytes:
        return await asyncio.to_thread(Path(ref).read_bytes)

    def _print(self, message: Outgoing) -> None:
        out = self.stdout
        if isinstance(message, OutText):
            out.write(f"\n{self.wording.typed(message.text, self.locale)}\n")
        elif isinstance(message, OutChoices):
            out.write(f"\n{self.wording.typed(message.text, self.locale)}\n")
            for number, option in enumerate(message.options, start=1):
                out.write(f"  {number}) {option.label}\n")
        elif isinstance(message, OutImage | OutDocument):
            self.outbox.mkdir(parents=True, exist_ok=True)
            path = self.outbox / Path(message.file_name).name
            if message.path is not None:  # built on disk: copied, never read whole
                shutil.copyfile(message.path, path)
            else:
                path.write_bytes(message.data)
            if message.caption:
                out.write(f"\n{message.caption}\n")
            out.write(f"  [{path}]\n")
        out.flush()

    async def _deliver(self, delivery: Delivery) -> None:
        self.locale = delivery.locale
        try:
            await self.send(self.sender.chat_id, delivery.messages)
        finally:
            delivery.close()

    def _local(self, msg: Msg) -> None:
        """A line from the terminal itself (not from a flow), in the person's language."""
        tz = ZoneInfo(self.app.settings.timezone)
        self.stdout.write(f"\n{self.app.translator.render(msg, self.locale, tz)}\n")
        self.stdout.flush()

    def _attachment(self, raw: str) -> Event | None:
        if not raw.strip().strip("'\""):
            self._local(
                _("Send /attach followed by the path of a file, for example /attach ~/photo.jpg")
            )
            return None
        path = Path(raw.strip().strip("'\"")).expanduser()
        if not path.is_file():
            self._local(_("I cannot find the file “{path}”.", path=str(path)))
            return None
        mime = mimetypes.guess_type(path.name)[0]
        info = MediaInfo(
            ref=str(path.resolve()), size=path.stat().st_size, mime_type=mime, file_name=path.name
        )
        return MediaIn(media_kind=media_kind(mime), media=info)

    async def run(self) -> None:
        opened = await self.app.dispatcher.resume(self.sender)
        self.locale = opened.locale  # the first line in the person's own language
        self._local(
            _(
                "Wegwijzer in your terminal. Answer a question by typing the number of an option. "
                "Send /attach followed by a path to send a file, /quit to leave."
            )
        )
        await self._deliver(opened)
        while True:
            self.stdout.write("> ")
            self.stdout.flush()
            line = await asyncio.to_thread(self.stdin.readline)
            if not line or line.strip() in ("/quit", "/exit"):
                break
            if line.strip().startswith("/attach"):
                event = self._attachment(line.strip().removeprefix("/attach"))
            else:
                event = parse_line(line)
            if event is not None:
                await self._deliver(await self.app.dispatcher.handle(self.sender, event))
        self.stdout.write("\n")


async def run_terminal_chat(
    app: App, user: str, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    await TerminalChat(app, user, stdin, stdout).run()
