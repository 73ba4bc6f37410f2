"""Follow-up after the exchange: the switcher and the coach name their actions after the last
day; about six weeks later the bot asks how each went and keeps the answer. Coordinators invite
to a return session; invitees answer with buttons and get a reminder the day before."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from conversations.follow_up.model import ACTIONS_CHECKIN, RETURN_SESSION
from storage.actions import Actions
from storage.reminders import Reminders
from storage.return_sessions import ReturnSessions
from storage.schema import reminders
from tests.exchanges.test_reminder_delivery import walk
from tests.exchanges.world import Outbox, exchange, join, tap_delivered
from tests.fakes import Clock, FakeChat


async def test_actions_named_after_the_last_day_are_checked_six_weeks_later(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "801", "switcher", "Anna", "en")
    jan, jan_id = await join(app, clock, "802", "learning_coach", "Jan", "nl")
    kim, _kim_id = await join(app, clock, "803", "coordinator", "Kim", "en")
    start = clock.now + timedelta(days=3)
    ex = await exchange(app, clock, anna_id, jan_id, _kim_id, start)
    await walk(app, clock, start + timedelta(hours=8))

    prompt = outbox.last_question(anna)  # the reflection prompt after the (last) day
    await tap_delivered(anna, prompt, f"x:actions:{ex}")
    assert "one to three" in anna.all_text()
    await anna.say("Share the planning board idea with my team on Monday")
    await anna.say("Invite Jan to our team day")
    await anna.tap("done")
    assert "six weeks" in anna.all_text()
    named_at = clock.now

    await jan.command("actions")
    await jan.say("Try the switcher's intake checklist for a month")
    await jan.tap("done")

    async with app.db.transaction() as conn:
        mine = await Actions(conn).of_person(anna_id)
        check_ins = [r for r in await Reminders(conn).of_exchange(ex) if r.kind == ACTIONS_CHECKIN]
    assert [a.status for a in mine] == ["open", "open"]
    assert sorted(r.person_id for r in check_ins) == sorted([anna_id, jan_id])
    anna_row = next(r for r in check_ins if r.person_id == anna_id)
    assert timedelta(days=41) < anna_row.due_at - named_at <= timedelta(days=42, hours=12)

    # Adding actions later does not plan a second check-in.
    await anna.command("actions")
    await anna.tap("add")
    await anna.say("Write a short piece for the newsletter")
    await anna.tap("done")
    await anna.command("actions")
    assert "add" not in anna.choice_ids()  # three is the maximum
    async with app.db.transaction() as conn:
        rows = [r for r in await Reminders(conn).of_exchange(ex) if r.kind == ACTIONS_CHECKIN]
    assert len(rows) == 2

    await walk(app, clock, named_at + timedelta(days=43))
    check_in = outbox.last_question(anna)
    assert "planning board" in check_in.text and "newsletter" in check_in.text
    await tap_delivered(anna, check_in, f"x:actions:{ex}")
    first, second = (a.id for a in mine)
    await anna.tap(f"a:{first}")
    await anna.tap("st:done")
    await anna.say("We now plan every Monday on one board.")
    assert "✅" in anna.question().text and "every Monday" in anna.question().text
    await anna.tap(f"a:{second}")
    await anna.tap("st:dropped")
    await anna.tap("skip")
    await anna.tap("done")

    async with app.db.transaction() as conn:
        after = {a.id: a for a in await Actions(conn).of_person(anna_id)}
    assert (
        after[first].status == "done"
        and after[first].note == "We now plan every Monday on one board."
    )
    assert after[second].status == "dropped" and after[second].note is None
    assert after[first].checked_at == clock.now

    # The coordinator sees counts, not the texts.
    await kim.command("exchanges")
    overview = kim.all_text()
    assert "Follow-up actions: 1 done, 0 in progress, 2 not started, 1 dropped" in overview
    assert "planning board" not in overview


async def test_a_check_in_is_skipped_when_every_action_is_settled(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "811", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "812", "learning_coach", "Jan", "en")
    start = clock.now + timedelta(days=3)
    ex = await exchange(app, clock, anna_id, jan_id, None, start)
    await walk(app, clock, start + timedelta(hours=8))
    await anna.command("actions")
    await anna.say("Present what I learned to my team")
    await anna.tap("done")
    await anna.command("actions")
    await anna.tap(anna.choice_ids()[0])
    await anna.tap("st:done")
    await anna.say("Done in the team meeting.")
    await walk(app, clock, clock.now + timedelta(days=60))
    async with app.db.transaction() as conn:
        [row] = [r for r in await Reminders(conn).of_exchange(ex) if r.kind == ACTIONS_CHECKIN]
    assert (row.status, row.note) == ("skipped", "every action is settled")
    assert not [t for t in outbox.texts(anna) if "you planned these follow-up actions" in t]


async def test_actions_bad_input_and_foreign_buttons(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "821", "switcher", "Anna", "en")
    _jan, jan_id = await join(app, clock, "822", "learning_coach", "Jan", "en")
    bert, bert_id = await join(app, clock, "823", "switcher", "Bert", "en")
    _lies, lies_id = await join(app, clock, "824", "learning_coach", "Lies", "en")
    start = clock.now + timedelta(days=3)
    ex = await exchange(app, clock, anna_id, jan_id, None, start)
    await exchange(app, clock, bert_id, lies_id, None, start)
    await anna.command("actions")
    await anna.sticker()
    assert "sticker" in anna.all_text().lower()
    await anna.say("x" * 400)
    assert "at most 300 characters" in anna.all_text()
    await anna.say("Share what I saw")
    # Bert forges Anna's exchange button: nothing opens, nothing is stored for Bert.
    await bert.command("reset")
    from conversations.events import ChoiceIn

    await bert.send(ChoiceIn(choice_id=f"x:actions:{ex}", seq=0))
    assert "not for you" in bert.all_text()
    async with app.db.transaction() as conn:
        assert await Actions(conn).of_person(bert_id) == []
        [mine] = await Actions(conn).of_person(anna_id)
        # Bert cannot change Anna's action with a forged status either.
        assert not await Actions(conn).set_status(mine.id, bert_id, "done", None, clock.now)


async def plan_session(kim: FakeChat, when: str, place: str) -> None:
    await kim.command("reset")
    await kim.tap("menu:return_sessions")
    assert "not planned a return session yet" in kim.all_text()
    await kim.tap("new")
    await kim.say("tomorrow afternoon")
    assert "like the example" in kim.all_text()
    await kim.say("20 december 16u-14u")  # walkthrough 14: an end before the start, said so
    assert "The end must come after the start." in kim.all_text()
    await kim.say(when)
    await kim.say(place)


async def test_return_session_invitations_rsvp_and_reminder(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    anna, anna_id = await join(app, clock, "831", "switcher", "Anna", "en")
    jan, jan_id = await join(app, clock, "832", "learning_coach", "Jan", "nl")
    kim, kim_id = await join(app, clock, "833", "coordinator", "Kim", "en")
    bert, bert_id = await join(app, clock, "834", "switcher", "Bert", "en")
    _lies, lies_id = await join(app, clock, "835", "learning_coach", "Lies", "en")
    start = clock.now + timedelta(days=3)
    ex = await exchange(app, clock, anna_id, jan_id, kim_id, start)
    other = await exchange(app, clock, bert_id, lies_id, None, start)
    await walk(app, clock, start + timedelta(days=2))  # the exchange is done

    await plan_session(kim, "2026-12-20 14:00-16:00", "VBJK, Gent")
    assert kim.choice_ids()[0] == f"ex:{ex}" and f"ex:{other}" not in kim.choice_ids()
    assert "✅" in kim.question().options[0].label  # done exchanges are ticked already
    await kim.tap("invite")
    assert "2 people are invited" in kim.all_text()
    await kim.tap("send")
    await walk(app, clock, clock.now)

    invitation = outbox.last_question(anna)
    assert "Kim invites you to a return session" in invitation.text
    async with app.db.transaction() as conn:
        [session] = await ReturnSessions(conn).organised_by(kim_id)
    await tap_delivered(anna, invitation, f"x:rs:yes:{session.id}")
    assert "See you on" in anna.all_text()
    await tap_delivered(jan, outbox.last_question(jan), f"x:rs:no:{session.id}")
    await tap_delivered(anna, invitation, f"x:rs:yes:{session.id}")  # double tap
    assert "already noted" in anna.all_text()

    # Bert was not invited: a forged RSVP changes nothing.
    from conversations.events import ChoiceIn

    await bert.send(ChoiceIn(choice_id=f"x:rs:yes:{session.id}", seq=0))
    assert "not for you" in bert.all_text()

    await kim.command("reset")
    await kim.tap("menu:return_sessions")
    tally = kim.all_text()
    assert "Coming: Anna" in tally and "Not coming: Jan" in tally

    await walk(app, clock, session.starts_at)
    assert any("Reminder: the return session" in t for t in outbox.texts(anna))
    async with app.db.transaction() as conn:
        rows = (
            await conn.execute(select(reminders).where(reminders.c.kind == RETURN_SESSION))
        ).all()
    kinds = {(r.person_id, r.status) for r in rows}
    assert (anna_id, "sent") in kinds and (jan_id, "skipped") in kinds  # Jan is not coming

    clock.advance(timedelta(hours=3))
    await tap_delivered(anna, invitation, f"x:rs:no:{session.id}")
    assert "already taken place" in anna.all_text()
