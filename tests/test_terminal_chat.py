"""The terminal chat, driven through stdin of the real `wegwijzer chat` command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.i18n import Translator
from bot.outgoing import OutChoices, OutOption
from bot.terminal.chat import media_kind, parse_line
from conversations.events import CommandIn, TextIn
from conversations.onboarding import welcome
from locales import LOCALES


def run_chat(tmp_path: Path, lines: list[str], *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJZER_")}
    env.update(WEGWIJZER_DATA_DIR=str(tmp_path / "data"), LANG="C.UTF-8", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "bot", "chat", *extra],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("language", "choice"), [(code, str(LOCALES.index(code) + 1)) for code in ("nl", "ar", "uk")]
)
def test_onboarding_in_the_terminal(tmp_path: Path, language: str, choice: str) -> None:
    result = run_chat(tmp_path, ["/start", choice, "1", "Anna"])
    assert result.returncode == 0, result.stderr
    assert "  1) Nederlands" in result.stdout and "  4) العربية" in result.stdout
    expected = Translator().render(welcome("Anna"), language, ZoneInfo("Europe/Brussels"))
    assert expected in result.stdout
    people = subprocess.run(
        [sys.executable, "-m", "bot", "people", "list"],
        capture_output=True,
        text=True,
        env={**os.environ, "WEGWIJZER_DATA_DIR": str(tmp_path / "data")},
        cwd=tmp_path,
        timeout=60,
    )
    row = people.stdout.splitlines()[1].split()
    assert row[1:] == ["Anna", "newcomer", "terminal", language, row[-1]]


def test_the_terminal_resumes_where_it_was(tmp_path: Path) -> None:
    run_chat(tmp_path, ["/start", "3"])
    again = run_chat(tmp_path, ["1", "Bo"])
    assert "Do you agree" in again.stdout.split("> ")[0]  # the open question is shown first
    assert "Welcome, Bo!" in again.stdout


def test_attach_a_missing_file_is_explained(tmp_path: Path) -> None:
    result = run_chat(tmp_path, ["/start", "3", "/attach /no/such/file.ogg"])
    assert "I cannot find the file “/no/such/file.ogg”." in result.stdout


def test_typed_lines_become_neutral_events() -> None:
    assert parse_line("/start abc") == CommandIn(name="start", args=("abc",))
    assert parse_line("/HELP") == CommandIn(name="help")
    assert parse_line("  hello ") == TextIn(text="hello")
    assert parse_line("   ") is None
    assert media_kind("image/png") == "photo" and media_kind("audio/ogg") == "voice"
    assert media_kind("application/pdf") == "document" and media_kind(None) == "document"
    assert OutChoices("q", (OutOption("1:a", "A"),)).options[0].label == "A"


def test_forget_in_the_terminal_also_removes_what_its_outbox_received(tmp_path: Path) -> None:
    from tests.exchanges.test_erasure import residue

    lines = ["/start", "3", "1", "Zyxwvu Secretname", "/mydata"]
    result = run_chat(tmp_path, lines)
    outbox = tmp_path / "data" / "terminal-outbox"
    assert [p.name for p in outbox.rglob("*.zip")] == ["wegwijzer-my-data.zip"]
    assert residue(tmp_path / "data", ("Zyxwvu",), ())  # the zip names her
    result = run_chat(tmp_path, ["/forget", "1"])
    assert result.returncode == 0, result.stderr
    assert not list(outbox.rglob("*.zip"))
    assert residue(tmp_path / "data", ("Zyxwvu", "Secretname"), ()) == []
