"""Onboarding: language → privacy notice and consent → role (from the invite) → name.

Nothing personal is stored before consent: a "no" keeps only the refusal (and the chosen
language, so the explanation can be read). The invite is only counted when its role is granted,
so someone who stops at the consent step can still use the same link later.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import replace

from pydantic import BaseModel

from conversations.common import language_choices, not_a_choice, picked_language
from conversations.context import Ctx, InviteStatus
from conversations.effects import Effect, GrantRole, RecordConsent, SetLocale, SetName
from conversations.engine import FINISH, Flow, State, Step, states
from conversations.events import ChoiceIn, Event, TextIn
from conversations.replies import Ask, Choice, Reply, Say
from conversations.roles import role_label
from conversations.text import Msg, _

NAME_MAX = 60


class OnboardingData(BaseModel):
    invite_code: str | None = None


# --- language ------------------------------------------------------------------------------


#: Said before the language list, when we cannot know the person's language yet (walkthrough
#: 15): a greeting each reader recognises, each in its own language (never translated).
GREETINGS = {
    "nl": "Welkom!", "fr": "Bienvenue !", "en": "Welcome!", "ar": "أهلًا وسهلًا!",
    "fa": "خوش آمدید!", "ti": "እንቋዕ ብደሓን መጻእኩም!", "so": "Soo dhawoow!",
    "uk": "Ласкаво просимо!", "ru": "Добро пожаловать!", "tr": "Hoş geldiniz!",
}  # fmt: skip


def greeting(locales: tuple[str, ...]) -> Msg:
    """ "Welcome!" in each offered language, each isolated so scripts do not mix (FSI…PDI)."""
    return Msg.plain(" · ".join(f"\u2068{GREETINGS[c]}\u2069" for c in locales if c in GREETINGS))


def _ask_language(ctx: Ctx, data: OnboardingData) -> list[Reply]:
    choices = language_choices(ctx.locales)
    if not ctx.user.locale_known:  # no language known yet: greet in several first, one message
        text = _(
            "{greeting}\n\nWelcome to Wegwijzer! I guide you step by step. Which language do "
            "you prefer?",
            greeting=greeting(ctx.locales),
        )
        return [Ask(text=text, choices=choices)]
    question = _("Welcome to Wegwijzer! I guide you step by step. Which language do you prefer?")
    return [Ask(text=question, choices=choices)]


def _on_language(ctx: Ctx, data: OnboardingData, event: Event) -> Step:
    code = picked_language(event, ctx.locales)
    if code is None and not ctx.user.locale_known:
        return Step(reask=True)  # no error in a language they may not read: the list again
    if code is None:
        return Step.retry(not_a_choice(event))
    if ctx.user.consent:
        step = _resolve_role(ctx, data)
        return replace(step, effects=[SetLocale(locale=code), *step.effects])
    return Step(goto="consent", effects=[SetLocale(locale=code)])


# --- consent -------------------------------------------------------------------------------

PRIVACY_SHORT = _(
    "Before we start: to guide you, Wegwijzer keeps what you tell it here (your name, your "
    "role, your answers) in the database of the organisation that runs this bot. We use it only "
    "for your learning journey, share it only with the people in your journey, and delete it "
    "when you ask. You can read more, or change your mind, at any time with /privacy."
)
PRIVACY_LONG = _(  # walkthrough 16: contact details are asked when someone asks for help
    "What we keep: your name, your language, your role and the answers you give. Only if you "
    "ask for a mentor or coach and type them: a phone number or e-mail address, shared only "
    "with the person who accepts. What we do not keep: anything you did not send to this bot. "
    "Who sees it: only the people in your own journey (for example your coordinator or coach), "
    "and only what is needed. How long: until you ask us to delete it. Your rights: you can "
    "see, correct or delete your data. Without your consent, the bot stores only your refusal."
)


def _ask_consent(ctx: Ctx, data: OnboardingData) -> list[Reply]:
    return [
        Say(text=PRIVACY_SHORT),
        Ask(
            text=_("Do you agree that Wegwijzer keeps your data for this purpose?"),
            choices=(
                Choice(id="consent:yes", label=_("Yes, I agree")),
                Choice(id="consent:no", label=_("No")),
                Choice(id="consent:more", label=_("Tell me more")),
            ),
        ),
    ]


def _on_consent(ctx: Ctx, data: OnboardingData, event: Event) -> Step:
    choice = event.choice_id if isinstance(event, ChoiceIn) else None
    if choice == "consent:more":
        return Step(replies=[Say(text=PRIVACY_LONG)], reask=True)
    if choice == "consent:no":
        return Step(
            goto="refused", effects=[RecordConsent(given=False, version=ctx.privacy_version)]
        )
    if choice == "consent:yes":
        step = _resolve_role(ctx, data)
        consent = RecordConsent(given=True, version=ctx.privacy_version)
        return replace(
            step,
            effects=[consent, *step.effects],
            replies=[Say(text=_("Thank you.")), *step.replies],
        )
    return Step.retry(not_a_choice(event))


def _ask_refused(ctx: Ctx, data: OnboardingData) -> list[Reply]:
    return [
        Ask(
            text=_(
                "That's fine. Without your consent I store nothing except your refusal, so I "
                "cannot guide you through a journey, remember your answers or put you in touch "
                "with a coach. If you change your mind, tap the button below."
            ),
            choices=(Choice(id="consent:again", label=_("I want to agree after all")),),
        )
    ]


def _on_refused(ctx: Ctx, data: OnboardingData, event: Event) -> Step:
    if isinstance(event, ChoiceIn) and event.choice_id == "consent:again":
        return Step(goto="consent")
    return Step.retry(not_a_choice(event))


# --- role ----------------------------------------------------------------------------------


def _resolve_role(ctx: Ctx, data: OnboardingData) -> Step:
    """Grant the invite's role, or the open role, or explain why that is not possible."""
    invite = ctx.invite if data.invite_code else None
    if invite is not None and invite.status is not InviteStatus.VALID:
        return Step(goto="invite_problem")
    if invite is not None and invite.role is not None:
        grant = GrantRole(role=invite.role, invite_code=invite.code)
        joined = Say(text=_("You join Wegwijzer as {role}.", role=role_label(invite.role)))
        return _after_role(ctx, [grant], [joined])
    if ctx.user.roles:
        return _after_role(ctx, [], [])
    if ctx.open_role is None:
        return Step(goto="invite_required")
    return _after_role(ctx, [GrantRole(role=ctx.open_role)], [])


def _after_role(ctx: Ctx, effects: list[GrantRole], replies: list[Reply]) -> Step:
    if ctx.user.name:
        return _done(ctx, effects=effects, replies=replies)
    return Step(goto="name", effects=effects, replies=replies)


def _done(ctx: Ctx, *, effects: Sequence[Effect], replies: Sequence[Reply]) -> Step:
    """Registration complete: on to the form the invite leads into, or to the menu."""
    form_id = ctx.invite.form_id if ctx.invite else None
    if form_id:
        return Step(
            finish=True,
            then="form",
            then_data={"form_id": form_id},
            effects=effects,
            replies=replies,
        )
    return Step(finish=True, then="menu", effects=effects, replies=replies)


def _invite_problem_text(ctx: Ctx) -> Msg:
    status = ctx.invite.status if ctx.invite else InviteStatus.UNKNOWN
    if status is InviteStatus.EXPIRED:
        return _("This invitation has expired.")
    if status is InviteStatus.USED_UP:
        return _("This invitation has already been used as often as allowed.")
    return _("I don't know this invitation code. Please check that you used the whole link.")


def _ask_invite_problem(ctx: Ctx, data: OnboardingData) -> list[Reply]:
    choices: tuple[Choice, ...] = ()
    if ctx.open_role is not None:
        choices = (Choice(id="invite:skip", label=_("Continue without an invitation")),)
    return [
        Say(text=_invite_problem_text(ctx)),
        Ask(
            text=_(
                "Ask the person who invited you for a new link, or send /start followed by the "
                "new code."
            ),
            choices=choices,
        ),
    ]


def _on_invite_problem(ctx: Ctx, data: OnboardingData, event: Event) -> Step:
    if (
        ctx.open_role is not None
        and isinstance(event, ChoiceIn)
        and event.choice_id == "invite:skip"
    ):
        return replace(_resolve_role(ctx, OnboardingData()), data=OnboardingData())
    if ctx.open_role is None and isinstance(event, TextIn):
        return Step(reask=True)
    return Step.retry(not_a_choice(event))


def _ask_invite_required(ctx: Ctx, data: OnboardingData) -> list[Reply]:
    return [
        Ask(
            text=_(
                "Wegwijzer is open by invitation only here. Ask your coordinator for an "
                "invitation link, or send /start followed by your code."
            )
        )
    ]


def _on_invite_required(ctx: Ctx, data: OnboardingData, event: Event) -> Step:
    return Step(reask=True)


# --- name ----------------------------------------------------------------------------------


def _ask_name(ctx: Ctx, data: OnboardingData) -> list[Reply]:
    known = clean_name(ctx.display_name) if ctx.display_name else None
    if known is None:
        return [
            Ask(
                text=_(  # not "your coach": newcomers and mentors have none (walkthrough 29)
                    "What name may we use for you? The people in your journey will see it."
                )
            )
        ]
    return [
        Ask(
            text=_(
                "What name may we use for you? Type it, or tap your name below if it is right. "
                "The people in your journey will see it."
            ),
            choices=(Choice(id="name:platform", label=Msg.plain(known)),),
        )
    ]


def clean_name(raw: str) -> str | None:
    """A name people can read: trimmed, one line, no control characters, not too long."""
    name = " ".join(raw.split())
    if any(unicodedata.category(ch).startswith("C") and ch != "\u200c" for ch in name):
        return None
    if not name or len(name) > NAME_MAX or name.startswith("/"):
        return None
    if not any(unicodedata.category(ch).startswith("L") for ch in name):
        return None  # "😀" is no name (walkthrough 29)
    return name


def _on_name(ctx: Ctx, data: OnboardingData, event: Event) -> Step:
    name: str | None = None
    if isinstance(event, ChoiceIn) and event.choice_id == "name:platform" and ctx.display_name:
        name = clean_name(ctx.display_name)
    elif isinstance(event, TextIn):
        name = clean_name(event.text)
        if name is None:
            return Step.retry(
                _("Please send a name with letters, at most {max} characters.", max=NAME_MAX)
            )
    if name is None:
        return Step.retry(_("Please type the name we may use for you."))
    return _done(ctx, effects=[SetName(name=name)], replies=[Say(text=welcome(name))])


def welcome(name: str) -> Msg:
    return _(
        "Welcome, {name}! You are all set. Below you find what you can do; send /help at any time.",
        name=Msg.plain(name),
    )


# --- the machine ---------------------------------------------------------------------------


def _entry(ctx: Ctx, data: OnboardingData) -> Step:
    """Someone who already chose a language and consented only needs the role step."""
    if ctx.user.locale and ctx.user.consent:
        return _resolve_role(ctx, data)
    return Step(goto="language")


ONBOARDING: Flow[OnboardingData] = Flow(
    name="onboarding",
    data_model=OnboardingData,
    initial="language",
    entry=_entry,
    entry_targets=frozenset({"language", "invite_problem", "invite_required", "name", FINISH}),
    states=states(
        State(
            "language",
            _ask_language,
            _on_language,
            frozenset({"consent", "invite_problem", "invite_required", "name", FINISH}),
        ),
        State(
            "consent",
            _ask_consent,
            _on_consent,
            frozenset({"refused", "invite_problem", "invite_required", "name", FINISH}),
        ),
        State("refused", _ask_refused, _on_refused, frozenset({"consent"})),
        State(
            "invite_problem",
            _ask_invite_problem,
            _on_invite_problem,
            frozenset({"invite_required", "name", FINISH}),
        ),
        State("invite_required", _ask_invite_required, _on_invite_required),
        State("name", _ask_name, _on_name, frozenset({FINISH})),
    ),
)
