"""Issue 17, end to end on the loopback Telegram (real PTB, Bot API on 127.0.0.1): an employer
does the intake and confirms the engagement; a host registers a learning place with a new
learning coach, who signs up with the invitation and confirms the conditions; a switcher saves
her learning agenda in the /agenda interview and picks a top 3; the coordinator confirms the
suggested place in chat. The exchange has all five parties, both organisations attached, and
each is told in their own language; the employer contacts then tick their own checklist under
/exchanges and, weeks after the last day, each gets their evaluation in their language."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.settings import Settings
from conversations.text import _
from storage.agendas import Agendas
from storage.employers import Employers
from storage.exchanges import Exchanges
from storage.invites import Invites
from storage.people import People
from storage.places import NewPlace, Places
from storage.programmes import Programmes
from tests.fakes import Clock
from tests.telegram.botapi_server import BotApiServer
from tests.telegram.conftest import RunningBot
from tests.telegram.person import TelegramPerson

TZ = ZoneInfo("Europe/Brussels")


async def joins(
    bot: RunningBot, botapi: BotApiServer, uid: int, role: str, lang: str, name: str,
    programme: int, label: str | None = None, code: str | None = None,
) -> tuple[TelegramPerson, int]:  # fmt: skip
    """Someone invited into the programme (for an organisation), or with a code they were sent."""
    assert bot.app is not None
    if code is None:
        async with bot.app.db.transaction() as conn:
            code = (await Invites(conn).create(role, 1, bot.clock.now + timedelta(days=9),
                    bot.clock.now, label=label, programme_id=programme)).code  # fmt: skip
    person = TelegramPerson(botapi, uid, lang, name)
    await person.say(f"/start {code}")
    await person.tap(f"lang:{lang}")
    await person.tap("consent:yes")
    await person.tap("name:platform")
    async with bot.app.db.transaction() as conn:
        identity = await People(conn).find_identity("telegram", str(uid))
    assert identity is not None
    return person, identity.user_id


async def told(botapi: BotApiServer, chat: int, text: str) -> str:
    """The message to `chat` that contains `text` (a notice may take a moment: waits for the
    Bot API call, no polling)."""
    call = await botapi.wait_for_call(
        "sendMessage",
        lambda c: str(c.params.get("chat_id")) == str(chat) and text in c.params.get("text", ""),
        timeout=30,
    )
    return str(call.params["text"])


QUESTION = (
    "Hoe maken jullie het dienstrooster voor de verpleegkundigen op een drukke "
    "geriatrische afdeling, en hoe vangen jullie een zieke collega op?"
)
#: The employers' checklist items the test ticks (conversations/content/checklists.yaml).
CHECKLISTS = {
    "item:training_plan": "Put the switcher's learning goals in the training plan",
    "item:welcome": "Arrange the welcome and the safety briefing",
}


async def interview(anna: TelegramPerson) -> None:
    """Anna's learning agenda, answered in Dutch through /agenda (002:629-669)."""
    await anna.say("/agenda")
    await anna.say("Er komen veel nieuwe verpleegkundigen bij op onze afdeling en de planning "
                   "loopt elke week vast.")  # fmt: skip
    await anna.say("Hoe plannen jullie de verpleging?")
    await anna.say(QUESTION)  # asked once more about the content: made concrete
    await anna.say("Zelf een weekrooster voor de verpleegkundigen van mijn team opmaken")
    await anna.say("Ik toon mijn hoofdverpleegkundige een rooster dat de bezetting haalt")
    await anna.tap("when:month")
    await anna.tap("more:no")
    await anna.say("Meekijken met de planner als het rooster van volgende week gemaakt wordt")
    await anna.say("De hoofdverpleegkundige en de planner van de afdeling")
    await anna.say("Hoe ze de wensen van de verpleegkundigen eerlijk verdelen")
    await anna.say("Gent")
    await anna.tap("travel:60")
    await anna.say("Liefst op een maandag of dinsdag")
    await anna.tap("save")


async def test_from_an_interested_employer_to_a_planned_exchange(
    botapi: BotApiServer, telegram_bot: object, tg_settings: Settings, clock: Clock
) -> None:
    clock.now = datetime.now(UTC).replace(microsecond=0)
    bot = await telegram_bot()  # type: ignore[operator]
    assert bot.app is not None
    app = bot.app
    async with app.db.transaction() as conn:
        await Programmes(conn).ensure_default(clock.now)
        ours = await Programmes(conn).create("Stad Gent", clock.now)
    kim, kim_id = await joins(bot, botapi, 9101, "coordinator", "nl", "Kim", ours)
    lien, lien_id = await joins(bot, botapi, 9102, "employer", "fr", "Lien", ours, "AZ Sint-Jan")
    eva, eva_id = await joins(bot, botapi, 9103, "employer", "ar", "Eva", ours, "AZ Maria")
    anna, anna_id = await joins(bot, botapi, 9104, "switcher", "nl", "Anna", ours, "AZ Sint-Jan")

    # the sending employer: intake (host questions skipped) and the engagement
    await lien.tap("form:employer_intake")
    await lien.say("AZ Sint-Jan")
    await lien.tap("opt:sending")
    await lien.say("Zorg")
    await lien.tap("opt:s250")
    await lien.say("Brugge")
    for _skipped in range(3):  # languages, safety, what cannot be shown
        await lien.tap("nav:skip")
    await lien.say("Verpleging")
    await lien.say("Verpleegkundigen")
    await lien.say("Het team")
    await lien.say("Een goede match")
    await lien.tap("opt:yes")
    await lien.tap("menu:engagement")
    await lien.tap("sign")
    await lien.say("Lien Claes")
    await lien.tap("confirm")

    # the host registers a place and names a new learning coach
    await eva.tap("form:learning_place")
    for text in ("Verpleegafdeling geriatrie", "AZ Maria", "Kerkstraat 1, Aalst", "Aalst"):
        await eva.say(text)
    await eva.tap("opt:east_flanders")
    await eva.tap("opt:yes")
    await eva.tap("nav:skip")
    await eva.tap("nav:skip")
    await eva.say("1")
    await eva.say("Jan Peeters")
    await eva.say("Gesloten schoenen")
    await eva.tap("nav:skip")
    async with app.db.transaction() as conn:
        [place] = await Places(conn).of_coordinator(kim_id)
        code = await Places(conn).coach_invite_of(place.id)
        other = NewPlace(programme_id=ours, topic="Magazijn", host_org="Colruyt", site="Dok 3",
                         municipality="Hasselt")  # fmt: skip
        await Places(conn).add(other, clock.now)
    assert code is not None
    await told(botapi, 9103, code)  # Eva got the invitation to pass on
    jan, jan_id = await joins(bot, botapi, 9105, "learning_coach", "fr", "Jan", ours, code=code)
    for _condition in range(3):
        await jan.tap("opt:yes")

    # the switcher saves her learning agenda in the chat interview, then picks her top 3
    await interview(anna)
    async with app.db.transaction() as conn:
        [saved] = await Agendas(conn).versions(anna_id)
    assert saved.author_id == anna_id and saved.content["question"]["text"] == QUESTION
    assert saved.content["region"] == "Gent" and saved.content["travel"] == "60"
    await anna.tap("menu:place_choice")
    await anna.tap(f"pl:{place.id}")
    for choice in anna.choice_ids():
        if choice.startswith("pl:"):
            await anna.tap(choice)
            break

    # the coordinator confirms the suggested place in chat
    await kim.tap("menu:new_exchange")
    await kim.tap(f"p:{anna_id}")
    assert kim.choice_ids()[0] == f"pl:{place.id}"  # best fit first
    await kim.tap(f"pl:{place.id}")
    day = (clock.now.astimezone(TZ) + timedelta(days=30)).date()
    await kim.say(f"{day.isoformat()} 09:00-16:00")
    await kim.tap("one_day")
    # the set-up goes on with the organisations and both employer contacts (issue 17 item 4):
    # the place filled in the host side; the switcher's employer and its contact are offered
    for _step in range(8):
        ids = kim.choice_ids()
        if "create" in ids:
            break
        wanted = ("org:own", "keep", f"p:{lien_id}", f"p:{eva_id}")
        await kim.tap(next((c for c in wanted if c in ids), "skip"))
    await kim.tap("create")

    async with app.db.transaction() as conn:
        [made] = await Exchanges(conn).all()
        [signed] = await Employers(conn).engagements_of(kim_id)
        [intake] = await Employers(conn).intakes_of(kim_id)
    assert (made.switcher_id, made.coach_id, made.coordinator_id) == (anna_id, jan_id, kim_id)
    assert (made.sending_contact_id, made.host_contact_id) == (lien_id, eva_id)
    assert (made.sending_org, made.host_org) == ("AZ Sint-Jan", "AZ Maria")
    assert signed.signed_name == "Lien Claes" and intake.organisation == "AZ Sint-Jan"
    others = _(
        "You have a new exchange at {place}, starting {when}. See the details and your "
        "preparation checklist under /exchanges.", place="x", when="x",
    )  # fmt: skip
    for chat, person_id, locale in ((9104, anna_id, "nl"), (9105, jan_id, "fr"),
                                    (9102, lien_id, "fr"), (9103, eva_id, "ar")):  # fmt: skip
        opening = app.translator.gettext(locale, others.msgid).split("{")[0]
        if person_id in (anna_id, jan_id):  # they read the learning agenda too
            switcher = app.translator.gettext(locale, _(
                "You have a new exchange at {place}, starting {when}. See the details, your "
                "preparation checklist and the learning agenda under /exchanges.").msgid)
            opening = switcher.split("{")[0]
        assert opening.strip() and opening != others.msgid.split("{")[0], locale
        message = await told(botapi, chat, opening.strip())
        assert "Kerkstraat 1, Aalst" in message

    # the employers' own checklists under /exchanges, each in their language
    lists = (
        (lien, "fr", "item:training_plan", "item:welcome"),  # the sending employer's list
        (eva, "ar", "item:welcome", "item:training_plan"),  # the host employer's list
    )
    for contact, locale, own, not_theirs in lists:
        await contact.say("/exchanges")
        await contact.tap("checklist")
        labels = dict((c, label) for label, c in zip(
            (label for label, _data in botapi.buttons(contact.question())),
            contact.choice_ids(), strict=True))  # fmt: skip
        assert own in labels and not_theirs not in labels
        await contact.tap(own)
        ticked = [label for label, _data in botapi.buttons(contact.question())]
        item = CHECKLISTS[own]
        assert any("✅" in label and app.translator.gettext(locale, item) in label
                   for label in ticked), (locale, ticked)  # fmt: skip
        assert app.translator.gettext(locale, item) != item
        await contact.tap("done")

    # the last day is over: some weeks later each employer gets their evaluation, in their
    # language (the scheduler delivers on its own once the clock has moved)
    assert app.scheduler is not None
    for chat in (9102, 9103):  # not before the exchange has taken place
        assert "x:eval:" not in str([m.get("reply_markup") for m in botapi.messages(chat)])
    last_end = datetime.combine(day, time(16, 0), TZ).astimezone(UTC)
    clock.now = last_end + app.settings.evaluation_delay + timedelta(minutes=5)
    await app.scheduler.sync()
    forms = app.dispatcher.journey.forms
    for contact, chat, locale, form_id in (
        (lien, 9102, "fr", "evaluation_sending_employer"),
        (eva, 9103, "ar", "evaluation_host_employer"),
    ):
        button = f"x:eval:{made.id}"
        call = await botapi.wait_for_call(
            "sendMessage",
            lambda c, chat=chat, button=button: (
                str(c.params.get("chat_id")) == str(chat)
                and button in str(c.params.get("reply_markup"))
            ),
            timeout=30,
        )
        await contact.settle()
        request = next(m for m in reversed(botapi.messages(chat))
                       if m.get("text") == call.params["text"])  # fmt: skip
        title = app.translator.gettext(locale, forms[form_id].title)
        assert title != forms[form_id].title
        opened = contact.text(await contact.tap(button, request))
        assert title in opened, (locale, opened)
