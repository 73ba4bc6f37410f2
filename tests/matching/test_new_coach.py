"""A host names a new learning coach for their place (issue 17 item 2; draaiboek 756-778): the
host gets a one-time invitation to pass on; the coach signs up with it, lands in the conditions
(employed by the host, voluntary, time and room), and after three "yes" is the place's coach
and reads the role. The host is told. A "no" leaves the place without that coach."""

from __future__ import annotations

from bot.app import App
from storage.invites import Invites
from storage.places import Places
from tests.exchanges.world import Outbox, join, programme
from tests.fakes import Clock, FakeChat
from tests.matching.test_place_form import fill


async def coach_signs_up(app: App, code: str, user: str) -> FakeChat:
    chat = FakeChat(app, user, display_name="Jan")
    await chat.command("start", code)
    for tap in ("lang:fr", "consent:yes", "name:platform"):
        await chat.tap(tap)
    return chat


async def invited_code(app: App, place_id: int) -> str:
    async with app.db.transaction() as conn:
        place = await Places(conn).get(place_id)
        assert place is not None and place.coach_name == "Jan Peeters"
        code = await Places(conn).coach_invite_of(place_id)
        assert code is not None
        invite = await Invites(conn).get(code)
    assert invite is not None
    assert (invite.role, invite.form_id, invite.label) == ("learning_coach", "coach_conditions",
                                                           "Colruyt")  # fmt: skip
    assert invite.programme_id == place.programme_id
    return code


async def test_a_new_coach_is_invited_confirms_and_reads_the_role(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    ours = await programme(app, clock, "Stad Gent")
    _kim, kim_id = await join(app, clock, "731", "coordinator", "Kim", "nl", programme=ours)
    eva, _eva_id = await join(app, clock, "732", "employer", "Eva", "nl", programme=ours)
    await fill(eva, "Colruyt", coach="Jan  Peeters")
    async with app.db.transaction() as conn:
        [place] = await Places(conn).of_coordinator(kim_id)
    code = await invited_code(app, place.id)
    assert app.scheduler is not None
    await app.scheduler.run_due()
    assert code in "\n".join(outbox.texts(eva))  # the host gets the invitation to pass on
    jan = await coach_signs_up(app, code, "733")
    assert "coach" in jan.all_text().lower()  # straight into the conditions
    for _question in range(3):
        await jan.tap("opt:yes")
    shown = jan.all_text()
    assert "feedback" in shown  # the role: welcome, observe, feedback, share, reflect, evaluate
    async with app.db.transaction() as conn:
        found = await Places(conn).get(place.id)
    assert found is not None and found.coach_id is not None
    assert app.scheduler is not None
    await app.scheduler.run_due()
    assert "Jan" in "\n".join(outbox.texts(eva))  # told who is now the coach


async def test_a_coach_who_cannot_confirm_is_not_attached(
    app: App, clock: Clock, outbox: Outbox
) -> None:
    ours = await programme(app, clock, "Stad Gent")
    _kim, kim_id = await join(app, clock, "741", "coordinator", "Kim", "nl", programme=ours)
    eva, _eva_id = await join(app, clock, "742", "employer", "Eva", "nl", programme=ours)
    await fill(eva, "Colruyt", coach="Jan Peeters")
    async with app.db.transaction() as conn:
        [place] = await Places(conn).of_coordinator(kim_id)
    jan = await coach_signs_up(app, await invited_code(app, place.id), "743")
    await jan.tap("opt:yes")
    await jan.tap("opt:no")  # not voluntary
    await jan.tap("opt:yes")
    async with app.db.transaction() as conn:
        found = await Places(conn).get(place.id)
    assert found is not None and found.coach_id is None
