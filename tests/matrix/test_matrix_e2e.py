"""The bot on a real Synapse, end to end: DMs plain and encrypted, media both ways, restarts,
a flood of messages. A second matrix-nio client plays the person."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import App
from bot.outgoing import OutText
from conversations.text import Msg, _
from storage.invites import Invites
from storage.people import People
from storage.responses import Responses
from tests.flows.test_media import png
from tests.matrix.bots import MatrixWorld, matrix  # noqa: F401  (fixture)

VOICE = b"OggS\x00\x02" + bytes(range(256)) * 64
CONSENT_QUESTION = _("Do you agree that Wegwijzer keeps your data for this purpose?")
MENU_QUESTION = _("Main menu: what would you like to do?")


def tr(app: App, msg: Msg, locale: str) -> str:
    return app.translator.render(msg, locale, ZoneInfo(app.settings.timezone))


async def stored_person(app: App, user_id: str):  # type: ignore[no-untyped-def]
    async with app.db.transaction() as conn:
        identity = await People(conn).find_identity("matrix", user_id)
        assert identity is not None
        return await People(conn).get(identity.user_id)


@pytest.mark.parametrize(("encrypted", "locale"), [(False, "nl"), (True, "ar")])
async def test_onboarding_in_a_direct_room(
    matrix: MatrixWorld,  # noqa: F811
    encrypted: bool,
    locale: str,
) -> None:
    bot = await matrix.start_bot()
    assert bot.app is not None
    anna = await matrix.person("anna", encrypted=encrypted)
    assert matrix.bot_id in anna.client.rooms[anna.room_id].users  # the invite was accepted
    await anna.say("hello")
    await anna.settle()
    assert anna.choice_ids()[:2] == ["lang:nl", "lang:fr"]
    assert "1️⃣" in anna.texts()  # numbered, so a number or a reaction answers
    formatted = anna.question().source["content"]["formatted_body"]
    assert "<ol><li>Nederlands</li>" in formatted  # and a real list in Element
    await anna.choose(f"lang:{locale}")
    assert tr(bot.app, CONSENT_QUESTION, locale) in anna.texts()
    await anna.choose("consent:yes", how="reaction")
    await anna.choose("name:platform")
    assert tr(bot.app, MENU_QUESTION, locale) in anna.texts()
    person = await stored_person(bot.app, anna.client.user_id)
    assert person.locale == locale and person.roles == frozenset({"newcomer"})
    assert anna.undecryptable == 0
    assert anna.client.rooms[anna.room_id].encrypted is encrypted


async def test_an_invite_by_command_then_voice_and_photo_stored_byte_for_byte(
    matrix: MatrixWorld,  # noqa: F811
) -> None:
    bot = await matrix.start_bot()
    assert bot.app is not None
    async with bot.app.db.transaction() as conn:
        invite = await Invites(conn).create(
            "participant", 5, matrix.clock.now + timedelta(days=3), matrix.clock.now,
            form_id="desk_reset",
        )  # fmt: skip
    eli = await matrix.person("eli", encrypted=True)
    await eli.say(f"!start {invite.code}")
    await eli.settle()
    await eli.choose("lang:en")
    await eli.choose("consent:yes")
    await eli.choose("name:platform")
    assert "Your voice counts" in eli.texts()
    for choice in ("opt:no", "opt:job_search", "nav:done", "opt:everyone", "opt:5"):
        await eli.choose(choice)
    await eli.say("Clear advice")
    await eli.settle()
    await eli.choose("nav:skip")
    await eli.choose("opt:yes")  # consent to keep a recording
    voice_flag = {"org.matrix.msc3245.voice": {}, "org.matrix.msc1767.audio": {"duration": 6000}}
    await eli.send_file("m.audio", VOICE, "audio/ogg", "voice.ogg", **voice_flag)
    await eli.settle()
    await eli.choose("opt:no")  # no summary of the results
    assert "Thank you for your contribution!" in eli.texts()

    async with bot.app.db.transaction() as conn:
        identity = await People(conn).find_identity("matrix", eli.client.user_id)
        assert identity is not None
        (response,) = await Responses(conn).of_user(identity.user_id, "desk_reset")
    voice = response.answers["contribution"]
    assert (bot.settings.data_dir / voice["path"]).read_bytes() == VOICE
    assert voice["media"] == "voice" and response.completed_at is not None

    fay = await matrix.person("fay", encrypted=False)
    await fay.say(f"!start {invite.code}")
    await fay.settle()
    answers = ["lang:en", "consent:yes", "name:platform", "opt:yes", "opt:language", "nav:done",
               "opt:everyone", "opt:3", "nav:skip", "nav:skip", "opt:yes"]  # fmt: skip
    for choice in answers:
        await fay.choose(choice)
    picture = png(320, 200)
    await fay.send_file("m.image", picture, "image/png", "photo.png")
    await fay.settle()
    async with bot.app.db.transaction() as conn:
        identity = await People(conn).find_identity("matrix", fay.client.user_id)
        assert identity is not None
        (response,) = await Responses(conn).of_user(identity.user_id, "desk_reset")
    photo = response.answers["contribution"]
    assert (bot.settings.data_dir / photo["path"]).read_bytes() == picture


async def test_the_quiz_chart_arrives_as_an_encrypted_image_the_person_can_open(
    matrix: MatrixWorld,  # noqa: F811
) -> None:
    await matrix.start_bot()
    gus = await matrix.person("gus", encrypted=True)
    await gus.say("!quiz")
    await gus.settle()
    for choice in ("lang:ar", "consent:yes", "name:platform"):
        await gus.choose(choice)
    if "opt:trust" not in gus.choice_ids():  # after sign-up the quiz may need asking again
        await gus.say("!quiz")
        await gus.settle()
    for choice in ("opt:trust", "opt:close", "opt:some", "opt:effort", "opt:effort", "opt:very",
                   "opt:minority", "nav:skip", "opt:yes", "opt:no", "opt:yes"):  # fmt: skip
        await gus.choose(choice)
    images = [e for e in gus.received if e.source["content"].get("msgtype") == "m.image"]
    assert len(images) == 1 and "file" in images[0].source["content"]  # encrypted upload
    data = await gus.download_image(images[0])
    assert data.startswith(b"\xff\xd8\xff") and len(data) > 20_000  # the chart, a JPEG photo
    assert images[0].source["content"]["info"]["mimetype"] == "image/jpeg"


async def test_a_restart_mid_flow_resumes_without_answering_old_events_again(
    matrix: MatrixWorld,  # noqa: F811
) -> None:
    bot = await matrix.start_bot()
    assert bot.transport is not None
    device = bot.transport.client.device_id
    hana = await matrix.person("hana", encrypted=True)
    await hana.say("hi")
    await hana.settle()
    await hana.choose("lang:en")
    before = len(hana.received)

    await bot.stop()
    await hana.choose("consent:yes", wait=False)  # sent while the bot is down
    restarted = await matrix.start_bot()
    assert restarted.transport is not None
    assert restarted.transport.client.device_id == device  # same device, same keys
    new = await hana.settle()
    assert "What should I call you" in hana.texts(new) or "name" in " ".join(hana.choice_ids())
    assert len(hana.received) == before + len(new)
    assert sum("Nederlands" in str(getattr(e, "body", "")) for e in hana.received) == 1
    await hana.choose("name:platform")
    assert "Main menu" in hana.texts()


async def test_a_flood_of_thirty_messages_is_answered_in_order(
    matrix: MatrixWorld,  # noqa: F811
) -> None:
    await matrix.start_bot()
    ivo = await matrix.person("ivo", encrypted=False)
    await ivo.say("hi")
    await ivo.settle()
    for choice in ("lang:en", "consent:yes", "name:platform"):
        await ivo.choose(choice)
    sent = ["!help" if i % 2 == 0 else "!privacy" for i in range(30)]
    for text in sent:
        await ivo.say(text)
    replies = await ivo.settle(quiet=2.0, within=90)
    kinds = []
    for event in replies:
        body = str(getattr(event, "body", ""))
        if body.startswith("/start"):
            kinds.append("!help")
        elif body.startswith("Stored now:"):
            kinds.append("!privacy")
    assert kinds == sent


async def test_the_bot_opens_a_direct_room_to_reach_a_person_first(
    matrix: MatrixWorld,  # noqa: F811
) -> None:
    bot = await matrix.start_bot()
    assert bot.transport is not None
    joy = await matrix.person("joy", encrypted=False)  # a person the bot already knows
    room_id = await bot.transport.open_dm(joy.client.user_id)
    assert room_id != joy.room_id
    await joy.join_invite_from(matrix.bot_id)
    await bot.transport.send(room_id, [OutText("Reminder: your exchange is tomorrow.")])
    assert "Reminder: your exchange is tomorrow." in joy.texts(await joy.settle())
    assert joy.client.rooms[room_id].encrypted and joy.undecryptable == 0


async def test_chatter_in_a_group_room_is_not_answered(
    matrix: MatrixWorld,  # noqa: F811
) -> None:
    await matrix.start_bot()
    kim = await matrix.person("kim", encrypted=False)
    other = matrix.synapse.register(matrix.synapse.unique_localpart("other"), "pw").user_id
    await kim.client.room_invite(kim.room_id, other)  # now three members: a group
    await kim.say("hello everyone")
    assert await kim.settle(within=3) == []
