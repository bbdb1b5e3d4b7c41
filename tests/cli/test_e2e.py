"""Through the installed ``peksos`` executable, in a subprocess, as an admin would use it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    CHAPTER_32,
    LSP,
    ROLES,
    ok,
    setup_ledger,
    today_in_indonesia,
    using_store,
)

pytestmark = pytest.mark.e2e


def _executable() -> str:
    beside = Path(sys.executable).parent / "peksos"
    found = str(beside) if beside.exists() else shutil.which("peksos")
    assert found, "the peksos executable is not installed"
    return found


PEKSOS = _executable()


class Peksos:
    """Runs the executable with its own store, key folder and no colour."""

    def __init__(self, tmp_path: Path) -> None:
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PEKSOS_")},
            "PEKSOS_DB": str(tmp_path / "ledger.sqlite"),
            "PEKSOS_KEYS": str(tmp_path / "keys"),
            "NO_COLOR": "1",
            "PEKSOS_LANG": "en",  # tests/cli/test_languages.py runs both
        }

    def __call__(self, *args: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [PEKSOS, *args], env=self.env, capture_output=True, text=True, timeout=60
        )
        assert "Traceback" not in done.stderr, done.stderr
        return done

    def ok(self, *args: str) -> Any:
        """Run with --json; it must succeed; return the parsed document."""
        done = self("--json", *args)
        assert done.returncode == 0, (args, done.stderr)
        return json.loads(done.stdout)


@pytest.fixture
def peksos(tmp_path: Path) -> Peksos:
    return Peksos(tmp_path)


def _setup(peksos: Peksos) -> None:
    """The standard actors (``init`` and ``actor add`` run in-process: each start-up of the
    executable costs half a second, and what these tests are about comes after)."""
    with using_store(peksos.env["PEKSOS_DB"], Path(peksos.env["PEKSOS_KEYS"])):
        setup_ledger()


def test_from_init_to_a_practice_permit(peksos: Peksos) -> None:
    """Today's chain under Law 14/2019, through the installed executable: a generalis
    certificate from the LSP, an STR from IPSPI, a SIPPS from Kota Bandung."""
    created = peksos.ok("init", "--admin", ADMIN)
    assert created["admin"] == ADMIN
    peksos.ok("--as", ADMIN, "actor", "add", "Asep Sunandar", "--role", "regional-government",
              "--regency", "Kota Bandung")  # fmt: skip
    with using_store(peksos.env["PEKSOS_DB"], Path(peksos.env["PEKSOS_KEYS"])):
        for name, role, province in ROLES:  # the others in-process: start-up costs 0.5 s
            ok("--as", ADMIN, "actor", "add", name, "--role", role,
               *(["--province", province] if province else []))  # fmt: skip
    reg = peksos.ok(
        "--as", CHAPTER_32, "member", "register", "--name", "Siti Aminah",
        "--nik", "3273014501800002", "--birth-date", "1980-01-05", "--province", "32",
        "--email", "siti@example.org", "--registered-on", "2010-03-01",
    )["registration_no"]  # fmt: skip
    assert reg == "32-2010-00001"
    events = peksos.ok("info")["events"]

    # Nothing recorded yet: the LSP's certification is refused, with every reason.
    refused = peksos("--as", LSP, "certify", reg, "--field", "anak", "--level", "generalis",
                     "--json")  # fmt: skip
    assert refused.returncode == 3
    assert refused.stdout == ""
    error = json.loads(refused.stderr)["error"]
    assert error["code"] == "refused"
    assert len(error["details"]) == 4
    assert peksos.ok("info")["events"] == events

    peksos.ok(
        "--as", CHAPTER_32, "education", "add", reg, "--level", "S1",
        "--major", "kesejahteraan-sosial", "--institution", "STKS Bandung",
        "--graduated-on", "2004-08-30",
    )  # fmt: skip
    peksos.ok(
        "--as", CHAPTER_32, "experience", "add", reg,
        "--employer", "Panti Sosial Asuhan Anak Bandung", "--role", "pekerja sosial",
        "--from", "2005-01-03",
    )  # fmt: skip
    peksos.ok(
        "--as", LSP, "training", "log", reg, "--course", "Manajemen kasus",
        "--provider", "Balai Besar Diklat Kesos", "--hours", "160",
        "--completed-on", "2009-06-30",
    )  # fmt: skip
    exam = peksos.ok(
        "--as", LSP, "exam", "record", reg, "--field", "anak", "--level", "generalis",
        "--result", "passed", "--held-on", "2021-04-12",
        "--assessor", "Agus Setiawan", "--assessor", "Rina Wulandari",
    )  # fmt: skip
    assert exam["exam_id"] == "EXAM-2021-00001"

    on = today_in_indonesia() - timedelta(days=30)
    cert = peksos.ok("--as", LSP, "certify", reg, "--field", "anak", "--level", "generalis",
                     "--on", str(on), "--json")  # fmt: skip
    assert cert["certificate_no"] == f"CERT-{on.year}-00001"
    assert (cert["rule_set"], cert["level"]) == ("uu-14-2019", "generalis")
    assert cert["valid_until"] > str(today_in_indonesia())

    registration = peksos.ok(
        "--as", ADMIN, "str", "issue", reg, "--certificate", cert["certificate_no"],
        "--health-statement", "SKS-117/RSUD", "--oath-on", str(on),
        "--ethics-pledge", "PKE-117",
    )  # fmt: skip
    permit = peksos.ok(
        "--as", "Asep Sunandar", "sipps", "grant", reg, "--str", registration["str_no"],
        "--regency", "3273", "--place", "Panti Sosial Asuhan Anak Bandung",
        "--practice", "direct,institution",
    )  # fmt: skip
    # An STR runs five years of its own; a SIPPS runs until its STR ends (PRODUCT.md).
    assert permit["valid_until"] == registration["valid_until"]

    shown = peksos.ok("--as", AUDITOR, "sipps", "show", permit["sipps_no"])
    assert shown["status"] == "active"
    assert shown["str_no"] == registration["str_no"]
    history = peksos.ok("--as", AUDITOR, "member", "history", reg)["events"]
    assert [e["event"] for e in history] == [
        "Registered",
        "EducationRecorded",
        "ExperienceRecorded",
        "TrainingLogged",
        "ExamPassed",
        "Certified",
        "StrIssued",
        "SippsGranted",
    ]
    words = peksos("--as", AUDITOR, "member", "show", reg)
    assert words.returncode == 0
    assert permit["sipps_no"] in words.stdout and registration["str_no"] in words.stdout
    assert "\x1b[" not in words.stdout  # NO_COLOR


def test_exit_codes_and_error_objects(peksos: Peksos) -> None:
    uninitialised = peksos("--as", ADMIN, "member", "list", "--json")
    _setup(peksos)
    register = [
        "member", "register", "--name", "Budi Santoso", "--birth-date", "1982-07-17",
        "--province", "32", "--email", "budi@example.org", "--registered-on", "2010-03-01",
    ]  # fmt: skip
    cases = {
        "invalid": (2, peksos("--as", ADMIN, *register, "--nik", "123", "--json")),
        "usage": (2, peksos("--as", ADMIN, "--json", *register)),
        "registered": (0, peksos("--as", ADMIN, *register, "--nik", "3273011707820001")),
        "refused": (3, peksos("--as", LSP, "--json", "certify", "32-2010-00001", "--field=anak")),
        "not found": (4, uninitialised),
        "unknown member": (4, peksos("--as", AUDITOR, "--json", "member", "show", "32-2010-00002")),
        "init again": (5, peksos("--json", "init", "--admin", ADMIN)),
        "duplicate": (5, peksos("--as", ADMIN, "--json", *register, "--nik", "3273011707820001")),
        "nobody": (7, peksos("--json", *register, "--nik", "3273011707820002")),
        "auditor": (7, peksos("--as", AUDITOR, *register, "--nik", "3273011707820002", "--json")),
    }

    assert {name: done.returncode for name, (_, done) in cases.items()} == {
        name: code for name, (code, _) in cases.items()
    }
    for name, (code, done) in cases.items():
        if code == 0:
            continue
        assert done.stdout == "", name
        error = json.loads(done.stderr)["error"]  # exactly one JSON object
        assert set(error) == {"code", "message", "details"}, name
    assert "32-2010-00001" in cases["registered"][1].stdout


def test_concurrent_registrations_get_unique_numbers_without_gaps(peksos: Peksos) -> None:
    _setup(peksos)

    def register(i: int) -> subprocess.CompletedProcess[str]:
        return peksos(
            "--as", CHAPTER_32, "--json", "member", "register", "--name", "Budi Santoso",
            "--nik", f"32730117078200{i:02d}", "--birth-date", "1982-07-17", "--province", "32",
            "--email", "budi@example.org", "--registered-on", "2010-03-01",
        )  # fmt: skip

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(register, range(1, 7)))

    assert [r.returncode for r in results] == [0] * 6, [r.stderr for r in results]
    numbers = sorted(json.loads(r.stdout)["registration_no"] for r in results)
    assert numbers == [f"32-2010-{n:05d}" for n in range(1, 7)]


def test_top_level_help(peksos: Peksos) -> None:
    done = peksos("--help")

    assert done.returncode == 0
    assert "Example" in done.stdout
    for group in ("member", "certify", "licence"):
        assert group in done.stdout
    assert not Path(peksos.env["PEKSOS_DB"]).exists()


def test_help_does_not_import_the_storage_stack(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from commands.cli import main\n"
        "code = main(['--help'])\n"
        "print('MODULES', ' '.join(sorted(sys.modules)))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "NO_COLOR": "1"},
    )

    assert done.returncode == 0, done.stderr
    modules = set(done.stdout.split("MODULES ", 1)[1].split())
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "commands.cli" in modules and "commands.cli" in imported  # the probe worked
    for heavy in ("eventsourcing", "sqlite3", "_sqlite3", "rich", "ledger.application"):
        assert heavy not in modules, heavy
        assert heavy not in imported, heavy
