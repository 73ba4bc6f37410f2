"""The peer: the readiness quiz as python-telegram-bot bots are usually written.

ConversationHandler with one state per step, PicklePersistence for user data and conversation
states, PTB's default `AIORateLimiter`, the default sequential update processing, matplotlib
called inside the handler for the result chart. Same steps and the same screen behaviour as
Wegwijzer so the load is the same: /start → language → consent → name → /quiz; every answered
question is edited to show the answer and loses its keyboard, the next one is sent; a
multi-choice toggle edits its keyboard in place; at the end a bar chart and the advice.
The questions, scores and advice come from conversations/content/forms/readiness_quiz.yaml.

    .venv/bin/python bench/ptb_peer.py --data-dir DIR   (WEGWIJZER_TELEGRAM_TOKEN / _API_URL)
"""

from __future__ import annotations

import argparse
import io
import os
import warnings
from pathlib import Path
from typing import Any

import matplotlib
import yaml

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    filters,
)
from telegram.warnings import PTBUserWarning

QUIZ_FILE = (
    Path(__file__).resolve().parent.parent
    / "conversations" / "content" / "forms" / "readiness_quiz.yaml"
)  # fmt: skip
QUIZ: dict[str, Any] = yaml.safe_load(QUIZ_FILE.read_text(encoding="utf-8"))
QUESTIONS: list[dict[str, Any]] = QUIZ["questions"]
YESNO = [{"id": "yes", "score": 1, "label": "Yes"}, {"id": "no", "score": 0, "label": "No"}]
LANGUAGES = [
    ("nl", "Nederlands"), ("fr", "Français"), ("en", "English"), ("ar", "العربية"),
    ("uk", "Українська"), ("fa", "فارسی"), ("ti", "ትግርኛ"), ("so", "Soomaali"),
    ("ru", "Русский"), ("tr", "Türkçe"),
]  # fmt: skip
LANG, CONSENT, NAME, MENU, ASKING = range(5)
Context = ContextTypes.DEFAULT_TYPE


def options(question: dict[str, Any]) -> list[dict[str, Any]]:
    return YESNO if question["type"] == "yesno" else question["options"]


def keyboard(question: dict[str, Any], picked: list[str] | None = None) -> InlineKeyboardMarkup:
    rows = [
        [InlineKeyboardButton(("✅ " if o["id"] in (picked or []) else "") + o["label"],
                              callback_data=f"opt:{o['id']}")]
        for o in options(question)
    ]  # fmt: skip
    if question["type"] == "multi":
        rows.append([InlineKeyboardButton("Done", callback_data="nav:done")])
        if question.get("optional"):
            rows.append([InlineKeyboardButton("Skip", callback_data="nav:skip")])
    return InlineKeyboardMarkup(rows)


async def start(update: Update, context: Context) -> int:
    assert update.message is not None
    rows = [[InlineKeyboardButton(label, callback_data=f"lang:{code}")] for code, label in
            LANGUAGES]  # fmt: skip
    await update.message.reply_text(
        "Welcome to the quiz bot! Choose your language.", reply_markup=InlineKeyboardMarkup(rows)
    )
    return LANG


async def _settle(update: Update) -> str:
    """Answer the button, show the choice under the question, remove the keyboard."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    label = next(
        (b.text for row in query.message.reply_markup.inline_keyboard for b in row  # type: ignore[union-attr]
         if b.callback_data == query.data), query.data,
    )  # fmt: skip
    await query.edit_message_text(f"{query.message.text}\n\n→ {label}")  # type: ignore[union-attr]
    return query.data


async def language(update: Update, context: Context) -> int:
    data = await _settle(update)
    context.user_data["language"] = data.split(":", 1)[1]  # type: ignore[index]
    rows = [[InlineKeyboardButton("Yes, I agree", callback_data="consent:yes")],
            [InlineKeyboardButton("No", callback_data="consent:no")]]  # fmt: skip
    await update.effective_chat.send_message(  # type: ignore[union-attr]
        "We keep your answers to give you advice. Do you agree?",
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return CONSENT


async def consent(update: Update, context: Context) -> int:
    data = await _settle(update)
    if data != "consent:yes":
        await update.effective_chat.send_message("Okay. Send /start if you change your mind.")  # type: ignore[union-attr]
        return ConversationHandler.END
    context.user_data["consent"] = True  # type: ignore[index]
    rows = [[InlineKeyboardButton("Use my Telegram name", callback_data="name:platform")]]
    await update.effective_chat.send_message(  # type: ignore[union-attr]
        "What is your name?", reply_markup=InlineKeyboardMarkup(rows)
    )
    return NAME


async def name(update: Update, context: Context) -> int:
    if update.callback_query is not None:
        await _settle(update)
        context.user_data["name"] = update.effective_user.first_name  # type: ignore[index,union-attr]
    else:
        context.user_data["name"] = update.message.text  # type: ignore[index,union-attr]
    rows = [[InlineKeyboardButton("Take the quiz", callback_data="menu:quiz")],
            [InlineKeyboardButton("Help", callback_data="menu:help")]]  # fmt: skip
    await update.effective_chat.send_message(  # type: ignore[union-attr]
        f"Welcome, {context.user_data['name']}! What would you like to do?",  # type: ignore[index]
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return MENU


async def quiz(update: Update, context: Context) -> int:
    if update.callback_query is not None:
        await _settle(update)
    context.user_data["answers"] = {}  # type: ignore[index]
    context.user_data["index"] = 0  # type: ignore[index]
    context.user_data["picked"] = []  # type: ignore[index]
    chat = update.effective_chat
    assert chat is not None
    await chat.send_message(f"{QUIZ['title']}\n\n{QUIZ['intro']}")
    await chat.send_message(QUESTIONS[0]["text"], reply_markup=keyboard(QUESTIONS[0]))
    return ASKING


async def answer(update: Update, context: Context) -> int:
    user: dict[str, Any] = context.user_data  # type: ignore[assignment]
    query = update.callback_query
    assert query is not None and query.data is not None
    question = QUESTIONS[user["index"]]
    if question["type"] == "multi" and query.data.startswith("opt:"):
        await query.answer()
        choice = query.data.split(":", 1)[1]
        picked = user["picked"]
        picked.remove(choice) if choice in picked else picked.append(choice)
        await query.edit_message_reply_markup(reply_markup=keyboard(question, picked))
        return ASKING
    await _settle(update)
    if question["type"] == "multi":
        user["answers"][question["id"]] = list(user["picked"])
        user["picked"] = []
    else:
        user["answers"][question["id"]] = query.data.split(":", 1)[1]
    user["index"] += 1
    chat = update.effective_chat
    assert chat is not None
    if user["index"] < len(QUESTIONS):
        following = QUESTIONS[user["index"]]
        await chat.send_message(following["text"], reply_markup=keyboard(following))
        return ASKING
    user.setdefault("quizzes", []).append(user.pop("answers"))
    scores = score(user["quizzes"][-1])
    await chat.send_photo(chart(scores), caption=QUIZ["outro"])
    await chat.send_message(advice(scores))
    return ConversationHandler.END


def score(answers: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """Per dimension: (points, maximum)."""
    result: dict[str, tuple[float, float]] = {}
    for question in QUESTIONS:
        points = {o["id"]: o["score"] for o in options(question)}
        given = answers.get(question["id"])
        picked = given if isinstance(given, list) else [given] if given else []
        top = sum(points.values()) if question["type"] == "multi" else max(points.values())
        got, most = result.get(question["dimension"], (0.0, 0.0))
        result[question["dimension"]] = (got + sum(points[p] for p in picked), most + top)
    return result


def chart(scores: dict[str, tuple[float, float]]) -> bytes:
    labels = {d["id"]: d["label"] for d in QUIZ["dimensions"]}
    fig, ax = plt.subplots(figsize=(8, 0.7 * len(scores) + 1.6), dpi=120)
    names = [labels[d] for d in scores]
    values = [100 * got / most if most else 0 for got, most in scores.values()]
    ax.barh(range(len(names))[::-1], values, color="#2f7d6d", height=0.6)
    ax.set_yticks(range(len(names))[::-1], names)
    ax.set_xlim(0, 100)
    ax.set_title(QUIZ["title"], fontsize=14, loc="left")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def advice(scores: dict[str, tuple[float, float]]) -> str:
    lines = []
    for dimension in QUIZ["dimensions"]:
        got = scores.get(dimension["id"], (0.0, 0.0))[0]
        level = next(lv for lv in dimension["levels"] if "up_to" not in lv or got <= lv["up_to"])
        lines.append(f"{dimension['label']}: {level['label']}. {level['advice']}")
    start_with = next(
        r["text"] for r in QUIZ["recommendations"]
        if "dimension" not in r or scores.get(r["dimension"], (0, 0))[0] <= r["up_to"]
    )  # fmt: skip
    return "\n\n".join([*lines, f"Where to start: {start_with}"])


async def cancel(update: Update, context: Context) -> int:
    await update.effective_chat.send_message("Cancelled. Send /start to begin again.")  # type: ignore[union-attr]
    return ConversationHandler.END


def build(token: str, api_url: str, data_dir: Path) -> Application:  # type: ignore[type-arg]
    warnings.filterwarnings("ignore", category=PTBUserWarning)  # per_message=False is intended
    application = (
        Application.builder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .persistence(PicklePersistence(filepath=data_dir / "peer.pickle"))
        .rate_limiter(AIORateLimiter())
        .build()
    )
    application.add_handler(
        ConversationHandler(
            entry_points=[CommandHandler("start", start), CommandHandler("quiz", quiz)],
            states={
                LANG: [CallbackQueryHandler(language, pattern="^lang:")],
                CONSENT: [CallbackQueryHandler(consent, pattern="^consent:")],
                NAME: [
                    MessageHandler(filters.TEXT & ~filters.COMMAND, name),
                    CallbackQueryHandler(name, pattern="^name:"),
                ],
                MENU: [CommandHandler("quiz", quiz), CallbackQueryHandler(quiz, "^menu:quiz$")],
                ASKING: [CallbackQueryHandler(answer, pattern="^(opt|nav):")],
            },
            fallbacks=[CommandHandler("cancel", cancel), CommandHandler("start", start)],
            name="onboarding_and_quiz",
            persistent=True,
        )
    )
    return application


def main() -> None:
    parser = argparse.ArgumentParser(description="the PTB peer of Wegwijzer's quiz")
    parser.add_argument("--data-dir", type=Path, required=True)
    args = parser.parse_args()
    token = os.environ["WEGWIJZER_TELEGRAM_TOKEN"]
    api_url = os.environ["WEGWIJZER_TELEGRAM_API_URL"].rstrip("/")
    build(token, api_url, args.data_dir).run_polling(
        allowed_updates=["message", "callback_query"], poll_interval=0.0, timeout=10
    )


if __name__ == "__main__":
    main()
