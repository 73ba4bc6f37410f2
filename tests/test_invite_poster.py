"""Issue 17 item 5 (draaiboek 5.1–5.2): `wegwijzer invite --poster DIR` writes the QR code and
the short text for the invitation's audience in each language, ready to share."""

from __future__ import annotations

from pathlib import Path

from tests.test_cli import wegwijzer


def test_invite_poster_writes_the_qr_code_and_the_text_per_language(tmp_path: Path) -> None:
    out = tmp_path / "poster"
    result = wegwijzer(
        tmp_path, "invite", "--role", "employer", "--poster", str(out),
        WEGWIJZER_TELEGRAM_USERNAME="wegwijzer_bot",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    code = result.stdout.split("Invite code: ")[1].split()[0]
    assert (out / f"invite-{code}.png").read_bytes().startswith(b"\x89PNG")
    nl = (out / f"invite-{code}.nl.txt").read_text("utf-8")
    fr = (out / f"invite-{code}.fr.txt").read_text("utf-8")
    en = (out / f"invite-{code}.en.txt").read_text("utf-8")
    assert en.startswith("Switching Talent: your employees learn")
    assert nl != en and fr != en and "Switching Talent" in nl  # each in its own language
    assert f"https://t.me/wegwijzer_bot?start={code}" in nl and f"/start {code}" in fr
