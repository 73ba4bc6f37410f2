"""Content files: shipped ones are valid; broken ones are explained, one clear line each."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.content import SHIPPED, ContentError, load_form, load_library
from bot.content_extract import extract

GOOD = """
id: tiny
version: 1
title: "Tiny"
questions:
  - id: first
    type: single
    text: "Pick one"
    options:
      - {id: a, label: "A"}
      - {id: b, label: "B"}
"""

BROKEN = [
    ("id: x\nversion: 1\ntitle: T\nquestions: [", "not valid YAML"),
    ("- just\n- a list\n", "(top): expected a mapping"),
    (GOOD.replace("type: single", "type: rainbow"), "questions[0].type: Input should be"),
    (
        GOOD.replace('      - {id: b, label: "B"}\n', ""),
        "questions[0]: a single question needs at least two",
    ),
    (GOOD.replace("{id: b,", "{id: a,"), "questions[0]: option ids must be unique"),
    (
        GOOD.replace('    text: "Pick one"\n', '    txet: "Pick one"\n'),
        "questions[0].text: Field required",
    ),
    (GOOD + "  - {id: first, type: text, text: Again}\n", "question id 'first' is used twice"),
    (
        GOOD + "  - {id: later, type: text, text: X, show_if: {question: nope, any_of: [a]}}\n",
        "later: show_if refers to 'nope', not an earlier question",
    ),
    (
        GOOD + "  - {id: later, type: text, text: X, show_if: {question: first, any_of: [z]}}\n",
        "later: show_if names unknown options ['z']",
    ),
    (
        GOOD + "  - {id: pic, type: media, text: Photo}\n",
        "a media question must say what it accepts",
    ),
    (
        GOOD + "  - {id: s, type: scale, text: Rate, min: 5, max: 1}\n",
        "a scale question needs min < max",
    ),
    (GOOD.replace("id: first", "id: First"), "questions[0].id: String should match pattern"),
    (
        GOOD.replace("version: 1", "version: 0"),
        "version: Input should be greater than or equal to 1",
    ),
]


def test_every_shipped_content_file_is_valid() -> None:
    library = load_library()
    assert set(library.sources.values()) == set(SHIPPED.glob("*.y*ml"))


@pytest.mark.parametrize(("text", "says"), BROKEN)
def test_a_broken_file_is_explained(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_form(path)
    assert any(says in problem and str(path) in problem for problem in caught.value.problems), (
        caught.value.problems
    )


def test_two_forms_with_one_id_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD, encoding="utf-8")
    with pytest.raises(ContentError, match="'tiny' is already used"):
        load_library(tmp_path)


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WEGWIJZER_")}
    clean.update(WEGWIJZER_DATA_DIR=str(tmp_path / "data"), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True, text=True, env=clean, cwd=tmp_path, timeout=60,
    )  # fmt: skip


def test_content_check_lists_problems_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(GOOD, encoding="utf-8")
    assert "ok  tiny v1" in run(tmp_path, "content", "check", str(tmp_path)).stdout
    (tmp_path / "bad.yaml").write_text(BROKEN[2][0].replace("id: tiny", "id: other"), "utf-8")
    result = run(tmp_path, "content", "check", str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "bad.yaml: questions[0].type" in result.stderr


def test_a_broken_content_dir_stops_start_up_with_clear_lines(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(BROKEN[3][0], encoding="utf-8")
    result = run(tmp_path, "people", "list", WEGWIJZER_CONTENT_DIR=str(tmp_path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "wegwijzer: content:" in result.stderr and "needs at least two" in result.stderr


def test_content_diagram_prints_mermaid(tmp_path: Path) -> None:
    (tmp_path / "ok.yaml").write_text(GOOD, encoding="utf-8")
    result = run(tmp_path, "content", "diagram", "tiny", WEGWIJZER_CONTENT_DIR=str(tmp_path))
    assert result.stdout.startswith("flowchart TD") and "start --> first" in result.stdout
    missing = run(tmp_path, "content", "diagram", "nope", WEGWIJZER_CONTENT_DIR=str(tmp_path))
    assert missing.returncode == 2 and "no form 'nope'" in missing.stderr


def test_the_extractor_finds_every_visible_string_and_nothing_else() -> None:
    sampler = Path(__file__).parent / "content" / "forms" / "sampler.yaml"
    found = {message: comments for _, _, message, comments in extract(
        io.BytesIO(sampler.read_bytes()), None, None, None
    )}  # fmt: skip
    assert "Which colour do you like most?" in found and "Blue" in found and "great" in found
    assert found["Blue"] == ["questions[0].options[1].label"]
    assert not {"colour", "single", "blue", "sampler"} & set(found)  # ids and types stay out
