"""A stored row the ledger cannot read is an integrity failure wherever it is met (exit 6,
named), never an internal error and never skipped: the review's row whose 32-character stream
id ends in ``z`` passed ``audit verify`` and broke every register with exit 1."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import AUDITOR, make_eligible, ok, register_member, run, setup_ledger


@pytest.fixture
def edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A ledger with two members; then one member's registration row gets a stream id ending
    in z (the views have not read it yet)."""
    db = tmp_path / "ledger.sqlite"
    monkeypatch.setenv("PEKSOS_DB", str(db))
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "keys"))
    monkeypatch.setenv("NO_COLOR", "1")
    setup_ledger()
    make_eligible(register_member())
    ok("--as", AUDITOR, "member", "list")  # views current, then one more member
    yosef = register_member(name="Yosef Manurung", province="31")
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        changed = con.execute(
            "UPDATE stored_events SET originator_id = substr(originator_id, 1, 31) || 'z' "
            "WHERE topic LIKE '%:Registered' AND CAST(state AS TEXT) LIKE ?",
            (f'%"registration_no":"{yosef}"%',),
        ).rowcount
    con.close()
    assert changed == 1
    return db


@pytest.mark.parametrize(
    "args",
    [
        ["audit", "verify"],
        ["audit", "digest"],
        ["member", "list"],
        ["report", "certificates"],
        ["projections", "rebuild"],
    ],
)
def test_a_row_with_a_malformed_stream_id_is_an_integrity_failure(
    edited: Path, args: list[str]
) -> None:
    actor = "Ratna Sari" if args[0] == "projections" else AUDITOR
    result = run("--json", "--as", actor, *args)

    assert result.code == 6, result
    assert result.error["code"] == "integrity_failure", result.error
    assert "internal" not in result.error["message"]
