"""Texts join the message that follows them, never past a platform limit (issue 14 item 3)."""

from __future__ import annotations

from bot.outgoing import OutChoices, OutDocument, OutImage, OutOption, OutText, coalesce

OPTION = (OutOption("1:a", "A"),)


def test_texts_join_the_question_that_follows_in_order() -> None:
    merged = coalesce([OutText("Title"), OutText("Intro"), OutChoices("Q?", OPTION, "hint")],
                      4096, 1024)  # fmt: skip
    assert merged == [OutChoices("Title\n\nIntro\n\nQ?", OPTION, "hint")]


def test_nothing_is_merged_past_the_limit() -> None:
    long = "x" * 3000
    merged = coalesce([OutText(long), OutText(long), OutChoices("Q?", OPTION)], 4096, 1024)
    assert merged == [OutText(long), OutChoices(f"{long}\n\nQ?", OPTION)]


def test_a_text_before_a_picture_becomes_its_caption_when_short_enough() -> None:
    png = OutImage(b"\x89PNG", "chart.png")
    assert coalesce([OutText("Your chart"), png], 4096, 1024) == [
        OutImage(b"\x89PNG", "chart.png", "Your chart")
    ]
    captioned = OutImage(b"\x89PNG", "chart.png", "own caption")
    assert coalesce([OutText("Your chart"), captioned], 4096, 1024) == [
        OutText("Your chart"), captioned
    ]
    assert coalesce([OutText("y" * 2000), png], 4096, 1024) == [OutText("y" * 2000), png]


def test_documents_and_questions_are_never_merged_into_each_other() -> None:
    doc = OutDocument(b"%PDF", "a.pdf", "application/pdf")
    messages = [OutChoices("Q1", OPTION), OutChoices("Q2", OPTION), doc, OutText("after")]
    assert coalesce(messages, 4096, 1024) == messages
