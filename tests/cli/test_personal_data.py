"""The person's rights under UU 27/2022 that the ledger answers so far: a copy of everything it
holds about them (Pasal 7, access; Pasal 13, portability), the request recorded (Pasal 14)."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from tests.cli.helpers import ADMIN, AUDITOR, CHAPTER_32, make_eligible, ok, register_member, run


def test_an_export_holds_the_whole_record_and_history_unmasked(ledger_cli: dict[str, str]) -> None:
    reg = register_member(name="Siti Aminah")
    make_eligible(reg)
    before = ok("--as", ADMIN, "--json", "member", "history", reg).json["events"]

    exported = ok("--as", ADMIN, "--json", "member", "export-data", reg).json

    assert exported["registration_no"] == reg and exported["exported_by"] == ADMIN
    assert exported["record"]["name"] == "Siti Aminah"
    assert len(exported["record"]["nik"]) == 16 and "*" not in exported["record"]["nik"]
    assert exported["history"] == before  # every entry, as the history lists it
    assert exported["integrity"]["verified"] is True
    after = ok("--as", ADMIN, "--json", "member", "history", reg).json["events"]
    assert [e["event"] for e in after[len(before) :]] == ["PersonalDataExported"]
    assert after[-1]["actor"] == ADMIN
    assert ok("--as", AUDITOR, "--json", "audit", "verify").json["verified"] is True


def test_an_export_to_a_file_is_its_owners_only(ledger_cli: dict[str, str], tmp_path: Path) -> None:
    reg = register_member()
    out = tmp_path / "salinan.json"
    ok("--as", ADMIN, "member", "export-data", reg, "--out", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert json.loads(out.read_text(encoding="utf-8"))["registration_no"] == reg
    again = run("--as", ADMIN, "--json", "member", "export-data", reg, "--out", str(out))
    assert again.code == 2 and "--force" in again.error["message"], again


def test_only_the_national_office_exports_a_members_data(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    for who in (CHAPTER_32, AUDITOR):
        result = run("--as", who, "--json", "member", "export-data", reg)
        assert result.code == 7 and result.stdout == "", result


def test_a_restricted_members_personal_data_is_shown_to_admins_only(
    ledger_cli: dict[str, str],
) -> None:
    """UU 27/2022 Pasal 11: the restriction hides the person, not the public facts."""
    reg = register_member(name="Siti Aminah")
    make_eligible(reg)
    shown = ok("--as", AUDITOR, "--json", "member", "show", reg).json

    ok("--as", ADMIN, "member", "restrict", reg, "--reason", "permintaan 1 Desember 2026")

    hidden = ok("--as", AUDITOR, "--json", "member", "show", reg).json
    for field in ("name", "nik", "birth_date", "email", "phone"):
        assert hidden[field] == "(restricted)", field
    assert hidden["standing"] == shown["standing"] and hidden["province"] == shown["province"]
    history = ok("--as", CHAPTER_32, "--json", "member", "history", reg).json["events"]
    assert "Siti Aminah" not in json.dumps(history)
    assert history[0]["data"]["nik"] == "(restricted)"
    assert ok("--as", ADMIN, "--json", "member", "show", reg).json["name"] == "Siti Aminah"
    listed = {m["registration_no"]: m for m in ok("--as", AUDITOR, "--json", "member", "list").json}
    assert listed[reg]["name"] == listed[reg]["nik"] == "(restricted)"
    mine = {m["registration_no"]: m for m in ok("--as", ADMIN, "--json", "member", "list").json}
    assert mine[reg]["name"] == "Siti Aminah"
    public = ("province", "registered_on", "standing", "certified", "licences", "sipps")
    assert {k: listed[reg][k] for k in public} == {k: mine[reg][k] for k in public}

    again = run("--as", ADMIN, "member", "restrict", reg, "--reason", "lagi")
    assert again.code == 5 and "already restricted" in again.stderr, again
    ok("--as", ADMIN, "member", "unrestrict", reg, "--reason", "permintaan dicabut")
    assert ok("--as", AUDITOR, "--json", "member", "show", reg).json["name"] == "Siti Aminah"
    history = ok("--as", ADMIN, "--json", "member", "history", reg).json["events"]
    events = [e["event"] for e in history]
    assert events[-2:] == ["ProcessingRestricted", "RestrictionLifted"]
    assert ok("--as", AUDITOR, "--json", "audit", "verify").json["verified"] is True
    lifted = run("--as", ADMIN, "member", "unrestrict", reg, "--reason", "lagi")
    assert lifted.code == 5 and "not restricted" in lifted.stderr, lifted
