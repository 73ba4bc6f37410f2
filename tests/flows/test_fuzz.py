"""Random event sequences through every flow for every role, on the real dispatcher and
database: text, typed numbers, current, stale, foreign and forged buttons, buttons under
delivered reminders, media, every command, /language, /reset, /forget, and time passing.

After every step:
- no reply is the apology and nothing was logged as an error;
- every event is answered, except a true double tap (the same button of the same question
  again, right after it was taken), which is deliberately silent;
- a reply asks at most one question with buttons, and it is the person's open question;
- a person sees another person's secret marker (each has one in every free text) only if
  that person's content was shared with them: see `Links` in fuzz_checks.py for who reads whom.

Bounded and derandomized so CI runs the same sequences every time, in well under a minute.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import shutil
import tempfile
from collections.abc import Coroutine
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar, TypeVar
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test
from sqlalchemy import select

import bot.app
from bot.app import App
from bot.dispatcher import Delivery
from bot.outgoing import OutChoices, Outgoing, OutText, parse_choice_token
from bot.settings import load_settings
from conversations.core import Conversation
from conversations.events import ChoiceIn, CommandIn, Event, MediaIn, MediaInfo, OtherIn, TextIn
from conversations.text import _
from locales import LOCALES
from storage.conversations import Conversations
from storage.schema import (
    exchanges,
    identities,
    invites,
    return_invitations,
    return_sessions,
)
from storage.schema_newcomers import match_offers, match_requests
from tests.exchanges.conftest import FAST
from tests.exchanges.world import Outbox
from tests.fakes import Clock, FakeChat
from tests.flows.fuzz_checks import Errors, Links, readable
from tests.flows.fuzz_world import BY_USER, CAST, FILES, build, copy_world, fetch

T = TypeVar("T")
KEYS = [p.key for p in CAST]
PEOPLE = st.sampled_from(KEYS)
APOLOGY = _(
    "Sorry, something went wrong on my side. What you answered before is safe. "
    "Please try again, or send /reset to go back to the main menu."
)
BUILTIN = ["start", "help", "mydata", "privacy", "language", "reset", "cancel", "forget"]
CANNED = [
    "2026-12-03 09:00-17:00", "2026-12-03", "tomorrow", "marc@example.org", "yes", "nee",
    "Done", "0", "-1", "999999999999", "1.5", "  ", "/", "x" * 600, "😀", "مرحبا", "\u200f",
]  # fmt: skip
FORGED = [
    "x:att:yes:1", "x:att:no:2", "x:agenda:2", "x:eval:1", "x:reflect:2", "x:feedback:1",
    "x:actions:2", "x:rs:yes:1", "x:open:2", "x:plan", "x:nudge:stop", "x:match:yes:1",
    "x:keep", "x:mydata", "x:att:yes:99999999999", "ref:1", "ex:2", "opt:x", "nav:back",
    "erase:yes", "menu:cohort", "lang:ar", "consent:yes", "done", "?", "x:",
]  # fmt: skip
PICKS = st.lists(st.integers(0, 30), min_size=3, max_size=15)
MEDIA_KINDS = st.sampled_from(["voice", "audio", "photo", "video", "document"])
MEDIA_REFS = st.sampled_from([*FILES, "lost"])
#: Control characters (Word's vertical tab, NUL…) are in: the edge cleans them (bot/safe_text).
EXCLUDED = ("Cs",)
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=EXCLUDED), max_size=40)


class Fuzz(RuleBasedStateMachine):
    template: ClassVar[Path]

    def __init__(self) -> None:
        super().__init__()
        self.loop = asyncio.new_event_loop()
        self.tmp = Path(tempfile.mkdtemp(prefix="wegwijzer-fuzz-"))
        data_dir = copy_world(self.template, self.tmp / "data")
        self.clock = Clock()
        self.app = self.run(App.open(load_settings(data_dir=data_dir), clock=self.clock))
        self.outbox = Outbox()
        self.app.transports["fake"] = self.outbox
        self.run(self.app.start_scheduler(wake=False, pacer=FAST))
        self.app.dispatcher.fetchers["fake"] = fetch
        self.chats = {p.key: FakeChat(self.app, p.user, display_name=p.name) for p in CAST}
        self.sent: dict[str, ChoiceIn] = {}
        self.links = Links()
        tz = ZoneInfo(self.app.settings.timezone)
        self.apologies = {self.app.translator.render(APOLOGY, loc, tz) for loc in LOCALES}
        every = {*BUILTIN, *self.app.dispatcher.journey.commands, "nonsense"}
        self.commands = sorted(every - {"forget"})  # /forget has its own, rarer rule
        self.errors = Errors()
        logging.getLogger().addHandler(self.errors)
        self.run(self.refresh_links())

    def run(self, coro: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coro)

    def teardown(self) -> None:
        logging.getLogger().removeHandler(self.errors)
        try:
            self.run(self.app.close())
        finally:
            self.loop.close()
            shutil.rmtree(self.tmp, ignore_errors=True)

    # --- rules ---------------------------------------------------------------------------

    @rule(who=PEOPLE, canned=st.sampled_from(CANNED), free=TEXT, mode=st.integers(0, 3))
    def say(self, who: str, canned: str, free: str, mode: int) -> None:
        marker = BY_USER[self.chats[who].sender.external_id].marker
        text = canned if mode == 0 else f"{free} {marker} {free}".strip()
        self.event(who, TextIn(text=text))

    @rule(who=PEOPLE, index=st.integers(0, 100), picks=PICKS, free=TEXT)
    def explore(self, who: str, index: int, picks: list[int], free: str) -> None:
        """Deep into one flow: a command, then answer what is asked, as a person would."""
        self.event(who, CommandIn(name=self.commands[index % len(self.commands)]))
        self._follow(who, picks, free)

    @rule(who=PEOPLE, entry=st.integers(0, 30), picks=PICKS, free=TEXT)
    def explore_menu(self, who: str, entry: int, picks: list[int], free: str) -> None:
        """Deep into what the person's own menu offers (the flows of their role)."""
        self.event(who, CommandIn(name="reset"))
        self._follow(who, [entry, *picks], free)

    def _follow(self, who: str, picks: list[int], free: str) -> None:
        """Tap an option of the question just asked, or type (or send a voice note) where
        no option fits or now and then instead of tapping."""
        marker = BY_USER[self.chats[who].sender.external_id].marker
        for pick in picks:
            chat = self.chats[who]
            asked = [m for m in (chat.last.messages if chat.last else [])
                     if isinstance(m, OutChoices)]  # fmt: skip
            if asked and pick % 7:
                options = asked[-1].options
                self.event(who, parse_choice_token(options[pick % len(options)].token))
            elif pick % 3 == 0:
                voice = MediaInfo(ref="voice", size=len(FILES["voice"]))
                self.event(who, MediaIn(media_kind="voice", media=voice))
            elif pick % 3 == 1:
                self.event(who, TextIn(text=CANNED[pick % len(CANNED)]))
            else:
                self.event(who, TextIn(text=f"{free} {marker}".strip()))

    @rule(who=PEOPLE, command=st.sampled_from(["myreflections", "exchanges", "mentees", "start"]))
    def read_everything(self, who: str, command: str) -> None:
        """Every line of a reading list, one after the other: what someone may open is where
        another person's text would leak."""
        self.event(who, CommandIn(name=command))
        listed = self._ids(self.chats[who])
        for choice_id in listed[:8]:
            self.event(who, CommandIn(name=command))
            if choice_id in self._ids(self.chats[who]):
                chat = self.chats[who]
                self.event(who, parse_choice_token(chat.token_for(choice_id)))

    @rule(who=PEOPLE, number=st.integers(0, 14))
    def type_number(self, who: str, number: int) -> None:
        self.event(who, TextIn(text=str(number)))

    @rule(who=PEOPLE, index=st.integers(0, 30))
    def tap_current(self, who: str, index: int) -> None:
        asked = [m for m in self.chats[who].received if isinstance(m, OutChoices)]
        if asked:
            options = asked[-1].options
            self.event(who, parse_choice_token(options[index % len(options)].token))

    @rule(who=PEOPLE, index=st.integers(0, 1000), option=st.integers(0, 30))
    def tap_old(self, who: str, index: int, option: int) -> None:
        asked = [m for m in self.chats[who].received if isinstance(m, OutChoices)]
        if len(asked) > 1:
            options = asked[index % (len(asked) - 1)].options
            self.event(who, parse_choice_token(options[option % len(options)].token))

    @rule(who=PEOPLE, whose=PEOPLE, index=st.integers(0, 1000), option=st.integers(0, 30))
    def tap_someone_elses(self, who: str, whose: str, index: int, option: int) -> None:
        asked = [m for m in self.chats[whose].received if isinstance(m, OutChoices)]
        asked += self._delivered_questions(whose)
        if asked:
            options = asked[index % len(asked)].options
            self.event(who, parse_choice_token(options[option % len(options)].token))

    @rule(who=PEOPLE, index=st.integers(0, 1000), option=st.integers(0, 30))
    def tap_delivered(self, who: str, index: int, option: int) -> None:
        asked = self._delivered_questions(who)
        if asked:
            options = asked[index % len(asked)].options
            self.event(who, parse_choice_token(options[option % len(options)].token))

    @rule(who=PEOPLE, choice=st.sampled_from(FORGED) | TEXT, seq=st.integers(-2, 60))
    def tap_forged(self, who: str, choice: str, seq: int) -> None:
        self.event(who, ChoiceIn(choice_id=choice[:64] or "?", seq=seq))

    @rule(who=PEOPLE)
    def double_tap(self, who: str) -> None:
        if who in self.sent:
            self.event(who, self.sent[who])

    @rule(who=PEOPLE, option=st.integers(0, 30))
    def double_tap_at_once(self, who: str, option: int) -> None:
        """The same button twice at the same moment (a trembling finger, a slow network): the
        person's lock queues the second, which is then a duplicate and stays silent."""
        asked = [m for m in self.chats[who].received if isinstance(m, OutChoices)]
        if not asked:
            return
        chat = self.chats[who]
        tap = parse_choice_token(asked[-1].options[option % len(asked[-1].options)].token)

        async def at_once() -> list[Delivery]:
            return list(await asyncio.gather(chat.send(tap), chat.send(tap)))

        both = self.run(at_once())
        self.sent[who] = tap
        self.check_logs()
        assert any(d.messages for d in both), f"no reply to {tap!r}"
        for delivery in both:
            texts = {m.text for m in delivery.messages if isinstance(m, OutText | OutChoices)}
            assert not self.apologies & texts, f"apology after {tap!r}"
            assert delivery.messages or delivery.duplicate, f"silent, not a double tap: {tap!r}"
            self.check_secrets(who, delivery.messages)

    @rule(who=PEOPLE, kind=MEDIA_KINDS, ref=MEDIA_REFS, caption=st.booleans())
    def media(self, who: str, kind: Any, ref: str, caption: bool) -> None:
        size = len(FILES.get(ref, b"?"))
        note = f"caption {BY_USER[self.chats[who].sender.external_id].marker}" if caption else None
        self.event(who, MediaIn(media_kind=kind, media=MediaInfo(ref=ref, size=size), caption=note))

    @rule(who=PEOPLE, index=st.integers(0, 100), arg=st.sampled_from(["", "bogus", "invite"]))
    def command(self, who: str, index: int, arg: str) -> None:
        name = self.commands[index % len(self.commands)]
        args: tuple[str, ...] = ()
        if name == "start" and arg == "invite":
            args = (self.run(self._invite_code(index)),)
        elif arg == "bogus":
            args = ("bogus",)
        self.event(who, CommandIn(name=name, args=args))

    @rule(who=PEOPLE, language=st.sampled_from(LOCALES))
    def change_language(self, who: str, language: str) -> None:
        self.event(who, CommandIn(name="language"))
        chat = self.chats[who]
        if chat.last and chat.last.messages and f"lang:{language}" in self._ids(chat):
            self.event(who, parse_choice_token(chat.token_for(f"lang:{language}")))

    @rule(who=PEOPLE, confirm=st.integers(0, 4))
    def forget(self, who: str, confirm: int) -> None:
        """Rarely confirmed: an erased person starts again from nothing. What they shared
        before stays shared (links are read before the rows go)."""
        self.run(self.refresh_links())
        self.event(who, CommandIn(name="forget"))
        chat = self.chats[who]
        wanted = "erase:yes" if confirm == 0 else "erase:no"
        if wanted in self._ids(chat):
            self.event(who, parse_choice_token(chat.token_for(wanted)))

    @rule(who=PEOPLE)
    def sticker(self, who: str) -> None:
        self.event(who, OtherIn(what="sticker"))

    @rule(hours=st.sampled_from([1, 5, 26, 24 * 3, 24 * 8, 24 * 22]))
    def time_passes(self, hours: int) -> None:
        self.clock.advance(timedelta(hours=hours))
        assert self.app.scheduler is not None
        self.run(self.app.scheduler.run_due())
        self.check_logs()
        for who, chat in self.chats.items():
            self.check_secrets(who, self.outbox.sent[chat.sender.chat_id])

    # --- one event and its invariants ------------------------------------------------------

    def event(self, who: str, event: Event) -> None:
        chat = self.chats[who]
        before = self.run(self._conversation(who)) if isinstance(event, ChoiceIn) else None
        if isinstance(event, ChoiceIn) and event.choice_id == "erase:yes":
            self.run(self.refresh_links())  # what was shared before an erasure stays shared
        delivery = self.run(chat.send(event))
        if isinstance(event, ChoiceIn):
            self.sent[who] = event
        self.check_logs()
        texts = [m.text for m in delivery.messages if isinstance(m, OutText | OutChoices)]
        assert not self.apologies & set(texts), f"apology after {event!r}"
        if not delivery.messages:
            picked = before.last_pick if before else None
            assert isinstance(event, ChoiceIn) and delivery.duplicate, f"no reply to {event!r}"
            assert picked == (event.seq, event.choice_id), f"silent, not a double tap: {event!r}"
        self.check_one_question(who, delivery)
        self.check_secrets(who, delivery.messages)

    def check_logs(self) -> None:
        errors = [r.getMessage() for r in self.errors.records]
        self.errors.records.clear()
        assert not errors, errors

    def check_one_question(self, who: str, delivery: Delivery) -> None:
        asked = [m for m in delivery.messages if isinstance(m, OutChoices)]
        assert len(asked) <= 1, f"{len(asked)} questions with buttons in one reply"
        if not asked:
            return
        conv = self.run(self._conversation(who))
        assert conv is not None and conv.pending is not None
        seqs = {parse_choice_token(o.token).seq for o in asked[0].options}
        assert seqs == {conv.seq}, (seqs, conv.seq)

    def check_secrets(self, who: str, messages: list[Outgoing]) -> None:
        seen = "\n".join(readable(messages))
        for other in CAST:
            if other.key != who and other.marker in seen:
                if not self.links.may_read(who, other.key):  # shared just now?
                    self.run(self.refresh_links())
                assert self.links.may_read(who, other.key), (
                    f"{who} received {other.key}'s private text: {seen[:300]!r}"
                )

    # --- helpers ---------------------------------------------------------------------------

    def _delivered_questions(self, who: str) -> list[OutChoices]:
        sent = self.outbox.sent[self.chats[who].sender.chat_id]
        return [m for m in sent if isinstance(m, OutChoices)]

    @staticmethod
    def _ids(chat: FakeChat) -> list[str]:
        asked = [m for m in (chat.last.messages if chat.last else []) if isinstance(m, OutChoices)]
        return chat.choice_ids(asked[-1]) if asked else []

    async def _conversation(self, who: str) -> Conversation | None:
        sender = self.chats[who].sender
        async with self.app.db.transaction() as conn:
            row = (
                await conn.execute(
                    select(identities.c.user_id).where(
                        identities.c.platform == sender.platform,
                        identities.c.external_id == sender.external_id,
                    )
                )
            ).first()
            if row is None:
                return None
            state, _version = await Conversations(conn).load(int(row[0]))
        return Conversation.model_validate(state) if state else None

    async def _invite_code(self, index: int) -> str:
        """Any invite ever made: used up, for another role, or the consultation link."""
        async with self.app.db.transaction() as conn:
            codes = [str(c) for c in await conn.scalars(select(invites.c.code))]
        return codes[index % len(codes)] if codes else "none"

    async def refresh_links(self) -> None:
        parties = [exchanges.c[c] for c in ("switcher_id", "coach_id", "coordinator_id",
                                            "sending_contact_id", "host_contact_id")]  # fmt: skip
        async with self.app.db.transaction() as conn:
            rows = await conn.execute(select(identities.c.user_id, identities.c.external_id))
            key = {int(uid): BY_USER[ext].key for uid, ext in rows if ext in BY_USER}
            found = [list(r) for r in await conn.execute(select(*parties))]
            matches = await conn.execute(
                select(match_offers.c.supporter_id, match_requests.c.newcomer_id).join(
                    match_requests, match_requests.c.id == match_offers.c.request_id
                )
            )
            sessions = await conn.execute(
                select(return_invitations.c.person_id, return_sessions.c.coordinator_id).join(
                    return_sessions, return_sessions.c.id == return_invitations.c.session_id
                )
            )
            pairs = [(key.get(a), key.get(b)) for a, b in [*matches, *sessions]]
        for switcher, coach, coordinator, *contacts in (
            [key.get(p) if p is not None else None for p in row] for row in found
        ):
            self.links.both(switcher, coach)
            self.links.both(switcher, coordinator)
            self.links.both(coach, coordinator)
            for contact in contacts:
                self.links.both(contact, coordinator)
        for a, b in pairs:
            self.links.both(a, b)


#: CI runs the same 30 sequences every time; FUZZ_EXAMPLES=500 FUZZ_RANDOM=1 hunts further.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    stateful_step_count=30,
    deadline=None,
    derandomize="FUZZ_RANDOM" not in os.environ,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def test_random_journeys_keep_every_invariant(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The shipped content is the same for every example: parse it once.
    monkeypatch.setattr(bot.app, "load_library", functools.cache(bot.app.load_library))
    template = tmp_path / "template"
    asyncio.run(build(template))
    Fuzz.template = template
    run_state_machine_as_test(Fuzz, settings=FUZZ)
