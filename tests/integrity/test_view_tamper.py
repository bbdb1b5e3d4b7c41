"""The registers everyone reads are under ``audit verify``: the review un-revoked a certificate,
added a forged one, renamed a holder and moved a view's tracking position ahead with plain SQL
``UPDATE``s, and every check stayed green. Each edit now fails the audit (exit 6), named."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.cli.helpers import AUDITOR, LSP, make_eligible, ok, register_member, run, setup_ledger


def certified_then_revoked() -> None:
    """The standard ledger, a member certified generalis and the certificate revoked."""
    setup_ledger()
    reg = register_member()
    make_eligible(reg, level="generalis")
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--level",
              "generalis").json["certificate_no"]  # fmt: skip
    ok("--as", LSP, "certificate", "revoke", cert, "--reason", "putusan etik")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger (SQLite) with a certified member whose certificate was revoked, views current."""
    folder = tmp_path_factory.mktemp("views")
    patch = pytest.MonkeyPatch()
    patch.setenv("PEKSOS_DB", str(folder / "ledger.sqlite"))
    patch.setenv("PEKSOS_KEYS", str(folder / "keys"))
    patch.setenv("NO_COLOR", "1")
    try:
        certified_then_revoked()
        assert ok("--as", AUDITOR, "--json", "audit", "verify").json["verified"] is True
    finally:
        patch.undo()
    with sqlite3.connect(folder / "ledger.sqlite") as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return folder


EDITS = {
    "un-revoked": "UPDATE view_certificates SET revoked_on = NULL, revoked_at = NULL",
    "forged certificate": "INSERT INTO view_certificates SELECT 'CERT-2026-00099', member_id, "
    "field, certified_on, valid_until, rule_set, exam_id, certified_by, recorded_at, NULL, NULL, "
    "NULL FROM view_certificates",
    "renamed holder": "UPDATE view_members SET name = 'Mallory Impostor'",
    "tracking ahead": "UPDATE tracking SET notification_id = notification_id + 5 "
    "WHERE application_name = 'view.certificates'",
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_view_fails_the_audit_naming_what_differs(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    shutil.copytree(template, tmp_path / "copy")
    db = tmp_path / "copy" / "ledger.sqlite"
    monkeypatch.setenv("PEKSOS_DB", str(db))
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "copy" / "keys"))
    with sqlite3.connect(db) as con:
        assert con.execute(EDITS[edit]).rowcount >= 1
    con.close()

    result = run("--json", "--as", AUDITOR, "audit", "verify")

    assert result.code == 6, result
    details = [d for d in result.error["details"] if d.startswith("view: ")]
    assert details, result.error
    expected = {
        "un-revoked": "view_certificates",
        "forged certificate": "CERT-2026-00099",
        "renamed holder": "Mallory Impostor",
        "tracking ahead": "beyond the log's head",
    }[edit]
    assert any(expected in d for d in details), details


def test_a_log_cut_back_and_grown_again_cannot_hide_new_events_from_the_views(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The review's side finding: after the last rows are deleted SQLite gives their row ids
    to the next events, which lie at or before the views' positions, so the views skipped a
    new registration. Reads now refuse (exit 6) until the views are rebuilt."""
    shutil.copytree(template, tmp_path / "copy")
    db = tmp_path / "copy" / "ledger.sqlite"
    monkeypatch.setenv("PEKSOS_DB", str(db))
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "copy" / "keys"))
    with sqlite3.connect(db) as con:  # the last save: the revocation and its journal entry
        head = con.execute("SELECT max(rowid) FROM stored_events").fetchone()[0]
        assert con.execute(f"DELETE FROM stored_events WHERE rowid > {head - 2}").rowcount == 2
    con.close()

    reg = register_member(name="Nyoman Sudarsana")  # more events than were deleted

    listed = run("--json", "--as", AUDITOR, "member", "list")
    assert listed.code == 6, listed
    assert any("not the one the view saw there" in d for d in listed.error["details"]), listed
    audit = run("--json", "--as", AUDITOR, "audit", "verify")
    assert audit.code == 6
    assert any("not the one the view saw there" in d for d in audit.error["details"]), audit

    ok("--as", "Ratna Sari", "projections", "rebuild")
    rows = ok("--json", "--as", AUDITOR, "member", "list").json
    assert reg in {r["registration_no"] for r in rows}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_view_fails_the_audit_on_postgresql(cli_env: dict[str, str], edit: str) -> None:
    """The same edits, made with SQL on a PostgreSQL ledger."""
    url = cli_env["PEKSOS_DB"]
    if not url.startswith("postgresql://"):
        pytest.skip("SQLite: test_an_edited_view_fails_the_audit_naming_what_differs")
    import psycopg

    certified_then_revoked()
    ok("--as", AUDITOR, "member", "list")  # the views, current
    statement = EDITS[edit].replace("UPDATE tracking", "UPDATE ledger_tracking")
    with psycopg.connect(url, autocommit=True) as connection:
        assert connection.execute(statement).rowcount >= 1

    result = run("--json", "--as", AUDITOR, "audit", "verify")

    assert result.code == 6, result
    assert any(d.startswith("view: ") for d in result.error["details"]), result.error


def test_the_views_keep_the_mark_of_their_position_only(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(template, tmp_path / "copy")
    db = tmp_path / "copy" / "ledger.sqlite"
    monkeypatch.setenv("PEKSOS_DB", str(db))
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "copy" / "keys"))
    for name in ("Nyoman Sudarsana", "Ni Made Sari", "I Gusti Ayu Putu"):
        register_member(name=name)
        ok("--as", AUDITOR, "member", "list")  # each read catches up a page
    with sqlite3.connect(db) as con:
        marks = con.execute("SELECT position FROM view_marks").fetchall()
        head = con.execute("SELECT max(rowid) FROM stored_events").fetchone()[0]
    con.close()
    assert marks == [(head,)]
