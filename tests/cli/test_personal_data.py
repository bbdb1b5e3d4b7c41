"""Personal data through the CLI (issue 15): masked reads, reads that need the reader's key and
are logged, erasure, and the keys at rest."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import ADMIN, AUDITOR, LSP, event_count, ok, register_member, run
from tests.cli.test_safe_edges import _key_of, mode_of

NIK = "3273014501800417"  # fictional


@pytest.fixture
def store_location(tmp_path: Path) -> str:
    return str(tmp_path / "ledger.sqlite")


def test_a_typed_admin_name_without_the_admins_key_sees_masked_data_only(
    ledger_cli: dict[str, str],
) -> None:
    reg = register_member(nik=NIK)
    key = _key_of(ledger_cli, ADMIN)
    aside = key.with_suffix(".aside")
    key.rename(aside)
    try:
        before = event_count()
        shown = ok("--as", ADMIN, "member", "show", reg)
        assert NIK not in shown.stdout and "************0417" in shown.stdout
        refused = run("--as", ADMIN, "member", "show", reg, "--unmasked")
        assert refused.code == 7 and "signing key" in refused.stderr
        assert NIK not in refused.stdout + refused.stderr
        assert event_count() == before  # nothing recorded, nothing shown
    finally:
        aside.rename(key)
    full = ok("--as", ADMIN, "member", "show", reg, "--unmasked")
    assert NIK in full.stdout and "***@" not in full.stdout


def test_every_unmasked_read_is_in_the_access_log_and_audit_verify_checks_it(
    ledger_cli: dict[str, str],
) -> None:
    reg = register_member(nik=NIK)
    ok("--as", ADMIN, "member", "show", reg, "--unmasked")
    ok("--as", LSP, "member", "history", reg, "--unmasked")
    ok("--as", ADMIN, "member", "show", reg)  # masked: not a disclosure
    log = ok("--as", AUDITOR, "--json", "report", "access").json
    assert [(r["actor"], r["what"], r["registration_no"]) for r in log["rows"]] == [
        (ADMIN, "member show", reg),
        (LSP, "member history", reg),
    ]
    assert ok("--as", AUDITOR, "--json", "audit", "verify").json["verified"] is True
    table = ok("--as", AUDITOR, "report", "access").stdout
    assert max(len(line) for line in table.splitlines()) <= 80


def test_erase_through_the_cli(ledger_cli: dict[str, str]) -> None:
    reg = register_member(name="Yohana Wenda", nik=NIK)
    erased = ok("--as", ADMIN, "--json", "member", "erase", reg, "--reason", "permintaan").json
    assert erased["erased"] is True
    shown = ok("--as", ADMIN, "--json", "member", "show", reg, "--unmasked").json
    assert (shown["name"], shown["nik"], shown["email"]) == ("(erased)",) * 3
    listed = ok("--as", AUDITOR, "--json", "member", "list").json
    assert [(m["name"], m["nik"]) for m in listed if m["registration_no"] == reg] == [
        ("(erased)", "(erased)")
    ]
    again = run("--as", ADMIN, "member", "erase", reg, "--reason", "lagi")
    assert again.code == 5 and "already erased" in again.stderr
    assert run("--as", LSP, "member", "erase", reg, "--reason", "x").code == 7
    db = Path(ledger_cli["PEKSOS_DB"])
    data = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
    assert b"Yohana Wenda" not in data and NIK.encode() not in data


def test_the_data_key_wrapping_key_is_the_owners_only_and_apart_from_the_signing_keys(
    ledger_cli: dict[str, str],
) -> None:
    [wrapping] = Path(ledger_cli["PEKSOS_KEYS"]).glob("*/personal-data.key")
    assert mode_of(wrapping) == 0o600
    assert wrapping.parent.name != "signing"
    assert _key_of(ledger_cli, ADMIN).parent.name == "signing"
    register_member(nik=NIK)
    wrapping.chmod(0o644)
    refused = run("--as", AUDITOR, "member", "list")
    assert refused.code == 7 and "too open" in refused.stderr


# --- handing a key over ----------------------------------------------------------------------


def test_actor_add_with_a_bundle_keeps_no_copy_and_the_bundle_installs_elsewhere(
    ledger_cli: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reg = register_member(nik=NIK)
    bundle = tmp_path / "yosef.keys"
    added = ok("--as", ADMIN, "--json", "actor", "add", "Yosef Manurung", "--role", "auditor",
               "--bundle", str(bundle)).json  # fmt: skip
    keys = Path(ledger_cli["PEKSOS_KEYS"])
    assert list(keys.glob(f"*/signing/{added['key_id']}.pem")) == []  # not left here
    assert mode_of(bundle) == 0o600
    raw = bundle.read_bytes()
    for secret in keys.glob("*/*.key"):  # the ledger's secrets travel sealed only
        assert secret.read_bytes() not in raw
    assert run("--as", "Yosef Manurung", "member", "show", reg).code == 0  # reading needs no key
    assert run("--as", "Yosef Manurung", "actor", "rotate-key", "Yosef Manurung").code == 7

    elsewhere = tmp_path / "yosef-laptop"
    monkeypatch.setenv("PEKSOS_KEYS", str(elsewhere))
    wrong = run("keys", "import", str(bundle), "--code", "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert wrong.code == 7 and "transfer code" in wrong.stderr
    assert not elsewhere.exists() or list(elsewhere.rglob("*.pem")) == []
    installed = ok("--json", "keys", "import", str(bundle), "--code", added["transfer_code"]).json
    assert installed["key_id"] == added["key_id"]
    assert ok("--as", "Yosef Manurung", "member", "show", reg).stdout.count("************0417")
    assert ok("--as", "Yosef Manurung", "actor", "rotate-key", "Yosef Manurung").code == 0
    again = run("keys", "import", str(bundle), "--code", added["transfer_code"])
    assert again.code == 5


def test_a_bundle_is_written_only_if_the_enrolment_is_saved(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    bundle = tmp_path / "nobody.keys"
    refused = run("--as", AUDITOR, "actor", "add", "Yosef Manurung", "--role", "auditor",
                  "--bundle", str(bundle))  # fmt: skip
    assert refused.code == 7 and not bundle.exists()
    assert run("keys", "import", str(tmp_path), "--code", "X").code != 0
    not_a_bundle = tmp_path / "note.txt"
    not_a_bundle.write_text("hello")
    assert run("keys", "import", str(not_a_bundle), "--code", "X").code == 2


def test_a_machine_with_another_wrapping_key_is_told_to_copy_the_ledgers(
    ledger_cli: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    reg = register_member(nik=NIK)
    other = tmp_path / "other-keys"
    shutil.copytree(ledger_cli["PEKSOS_KEYS"], other)
    [wrapping] = other.glob("*/personal-data.key")
    monkeypatch.setenv("PEKSOS_KEYS", str(other))
    wrapping.unlink()
    missing = run("--as", ADMIN, "member", "show", reg)
    assert missing.code == 7 and "personal-data.key" in missing.stderr
    wrapping.write_bytes(b"\x01" * 32)
    wrapping.chmod(0o600)
    before = event_count()
    wrong = run("--as", ADMIN, "member", "register", "--name", "Sri Wahyuni", "--nik",
                "3273014501800418", "--birth-date", "1980-01-05", "--province", "32",
                "--email", "sri@example.org")  # fmt: skip
    assert wrong.code == 7 and "personal-data.key" in wrong.stderr
    assert event_count() == before


def test_a_migrated_copy_reads_the_sealed_data_with_the_same_keys(
    ledger_cli: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reg = register_member(nik=NIK)
    erased = register_member(name="Yohana Wenda", nik="3273014501800419")
    ok("--as", ADMIN, "member", "erase", erased, "--reason", "permintaan")
    copy = tmp_path / "copy.sqlite"
    assert ok("--as", ADMIN, "--json", "migrate", "--to", str(copy)).json["same_digest"]
    monkeypatch.setenv("PEKSOS_DB", str(copy))
    assert NIK in ok("--as", ADMIN, "member", "show", reg, "--unmasked").stdout
    assert "(erased)" in ok("--as", ADMIN, "member", "show", erased).stdout


def test_a_key_table_missing_a_members_key_is_an_integrity_failure_not_an_erasure(
    ledger_cli: dict[str, str],
) -> None:
    import sqlite3

    reg = register_member(nik=NIK)
    with sqlite3.connect(ledger_cli["PEKSOS_DB"]) as con:
        assert con.execute("DELETE FROM personal_keys WHERE wrapped IS NOT NULL "
                           "AND member_id != 'wrapping-key'").rowcount == 1  # fmt: skip
    con.close()
    shown = run("--as", ADMIN, "member", "show", reg)
    assert shown.code == 6 and "no data key" in shown.stderr
