"""Many admins at once, as real processes: nothing lost, numbers gapless, history intact."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from commands.cli import main
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from projections.read_model import open_read_model

PEKSOS = str(Path(sys.executable).parent / "peksos")
ADMIN, LSP = "Ratna Sari", "Bambang Wibisono"


@pytest.fixture
def shared_ledger(store_location: str, tmp_path: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "PEKSOS_DB": store_location,
        "PEKSOS_KEYS": str(tmp_path / "keys"),
        "NO_COLOR": "1",
    }
    env.pop("PEKSOS_ACTOR", None)
    for argv in (["init", "--admin", ADMIN], ["--as", ADMIN, "actor", "add", LSP, "--role", "lsp"]):
        done = subprocess.run([PEKSOS, *argv], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    return env


def start_all(
    env: dict[str, str], commands: list[list[str]]
) -> list[subprocess.CompletedProcess[str]]:
    """Start every command at once, as separate processes, and wait for them all."""
    running = [
        subprocess.Popen(
            [PEKSOS, "--json", *argv],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in commands
    ]
    results = []
    for process, argv in zip(running, commands, strict=True):
        out, err = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(argv, process.returncode, out, err))
    return results


def assert_intact(env: dict[str, str]) -> Ledger:
    ledger = Ledger(open_store(env["PEKSOS_DB"]), keys=KeyStore(Path(env["PEKSOS_KEYS"])))
    verdict = verify_ledger(ledger)
    assert verdict["verified"], verdict["failures"][:5]
    model = open_read_model(ledger)
    tables = [t for view in model.views for t in view.tables]
    caught_up = {t: model.rows(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}
    model.rebuild(ledger)
    assert {t: model.rows(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables} == caught_up
    return ledger


@pytest.mark.e2e
def test_twelve_admins_registering_in_one_province_at_once_all_succeed_gaplessly(
    shared_ledger: dict[str, str],
) -> None:
    commands = [
        [
            "--as",
            ADMIN,
            "member",
            "register",
            "--name",
            f"Anggota {chr(65 + i)}",
            "--nik",
            f"327301030285{i + 1:04d}",  # a man born 03-02-85: the birth date below
            "--birth-date",
            "1985-02-03",
            "--province",
            "32",
            "--email",
            f"anggota{i}@example.org",
            "--registered-on",
            "2026-01-05",
        ]
        for i in range(12)
    ]
    results = start_all(shared_ledger, commands)

    assert [r.returncode for r in results] == [0] * 12, [r.stderr for r in results]
    numbers = sorted(json.loads(r.stdout)["registration_no"] for r in results)
    assert numbers == [f"32-2026-{n:05d}" for n in range(1, 13)]
    ledger = assert_intact(shared_ledger)
    assert sorted(ledger.member(n).record.name for n in numbers) == sorted(
        f"Anggota {chr(65 + i)}" for i in range(12)
    )


@pytest.mark.e2e
def test_processes_appending_to_one_member_at_once_are_all_recorded_exactly_once(
    shared_ledger: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    os.environ.update({k: shared_ledger[k] for k in ("PEKSOS_DB", "PEKSOS_KEYS")})
    try:
        assert (
            main(
                [
                    "--json",
                    "--as",
                    ADMIN,
                    "member",
                    "register",
                    "--name",
                    "Siti Aminah",
                    "--nik",
                    "3273014501800002",
                    "--birth-date",
                    "1980-01-05",
                    "--province",
                    "32",
                    "--email",
                    "siti@example.org",
                ]
            )
            == 0
        )
        reg = json.loads(capsys.readouterr().out)["registration_no"]
    finally:
        for key in ("PEKSOS_DB", "PEKSOS_KEYS"):
            os.environ.pop(key, None)
    commands = [
        [
            "--as",
            ADMIN if i % 2 else LSP,
            "training",
            "log",
            reg,
            "--course",
            f"Kursus {i}",
            "--provider",
            "Balai Diklat",
            "--hours",
            str(i + 1),
            "--completed-on",
            "2025-01-01",
        ]
        for i in range(8)
    ]
    results = start_all(shared_ledger, commands)

    assert [r.returncode for r in results] == [0] * 8, [r.stderr for r in results]
    ledger = assert_intact(shared_ledger)
    stream = ledger.stream(ledger.member(reg).id)
    courses = sorted(e.course for e in stream if type(e).__name__ == "TrainingLogged")
    assert courses == sorted(f"Kursus {i}" for i in range(8))  # each exactly once
    assert [e.originator_version for e in stream] == list(range(1, len(stream) + 1))


@pytest.mark.e2e
def test_six_strs_issued_at_once_are_numbered_without_gaps(shared_ledger: dict[str, str]) -> None:
    """IPSPI's officers issuing STRs at the same moment: STR-YYYY-NNNNN stays gapless."""
    from commands.certificates import Certify, certify
    from tests.builders import make_eligible, register

    with Ledger(
        open_store(shared_ledger["PEKSOS_DB"]), keys=KeyStore(Path(shared_ledger["PEKSOS_KEYS"]))
    ) as ledger:
        certified = []
        for _ in range(6):
            reg = register(ledger)
            make_eligible(ledger, reg, level="generalis")
            cert = certify(
                ledger, LSP, Certify(registration_no=reg, field="anak", level="generalis")
            )
            certified.append((reg, cert["certificate_no"]))
    commands = [
        ["--as", ADMIN, "str", "issue", reg, "--certificate", cert, "--health-statement",
         f"SKS-{i}", "--oath-on", "2026-05-20", "--ethics-pledge", f"PKE-{i}"]
        for i, (reg, cert) in enumerate(certified)
    ]  # fmt: skip

    results = start_all(shared_ledger, commands)

    assert [r.returncode for r in results] == [0] * 6, [r.stderr for r in results]
    numbers = sorted(json.loads(r.stdout)["str_no"] for r in results)
    year = numbers[0][4:8]
    assert numbers == [f"STR-{year}-{n:05d}" for n in range(1, 7)]
    assert_intact(shared_ledger)
