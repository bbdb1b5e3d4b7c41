"""End to end, as a new user would try it: build a ledger with ``peksos``, edit the SQLite
file with the real ``sqlite3`` shell, and ask the installed ``peksos audit verify``.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ledger.numbers import member_id
from tests.cli.helpers import (
    AUDITOR,
    LSP,
    MINISTRY,
    make_eligible,
    ok,
    register_member,
    setup_ledger,
)

SQLITE3 = shutil.which("sqlite3")
PEKSOS = Path(sys.executable).parent / "peksos"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 command-line shell is not on PATH"),
]


@dataclass(frozen=True)
class Built:
    db: Path
    keys: Path
    reg: str  # the member whose history is edited
    other: str  # a member nobody touches
    stream: str  # the edited member's stream id, as stored (32 hex digits)

    def certificate(self) -> str:
        """The edited member's certificate number."""
        with sqlite3.connect(self.db) as con:
            (state,) = con.execute(
                "SELECT CAST(state AS TEXT) FROM stored_events "
                "WHERE originator_id = ? AND topic LIKE '%:Certified'",
                (self.stream,),
            ).fetchone()
        con.close()
        return str(json.loads(state)["certificate_no"])

    def entry(self, kind: str) -> int:
        """The version (entry number) of the member's one event of ``kind``."""
        with sqlite3.connect(self.db) as con:
            rows = con.execute(
                "SELECT originator_version FROM stored_events "
                "WHERE originator_id = ? AND topic LIKE ?",
                (self.stream, f"%:{kind}"),
            ).fetchall()
        con.close()
        assert len(rows) == 1, (kind, rows)
        return int(rows[0][0])


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Built:
    """Through the CLI (in-process): actors, a member certified today, a second member."""
    db, keys = tmp_path / "built.sqlite", tmp_path / "keys"
    monkeypatch.setenv("PEKSOS_DB", str(db))
    monkeypatch.setenv("PEKSOS_KEYS", str(keys))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("PEKSOS_ACTOR", raising=False)
    setup_ledger()
    reg = register_member(name="Rina Marlina")
    make_eligible(reg, field="anak", level="generalis")  # training: "hours": "160"
    ok("--as", LSP, "certify", reg, "--field", "anak", "--level", "generalis")
    other = register_member(name="Yosef Manurung", province="31")
    make_eligible(other, field="lansia")
    shell(db, "PRAGMA wal_checkpoint(TRUNCATE);")
    return Built(db=db, keys=keys, reg=reg, other=other, stream=member_id(reg).hex)


def shell(db: Path, sql: str) -> str:
    """Run SQL with the sqlite3 command-line shell; its standard output."""
    assert SQLITE3 is not None
    done = subprocess.run(
        [SQLITE3, "-bail", str(db), sql], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def copy(built: Built, name: str) -> Path:
    target = built.db.with_name(f"{name}.sqlite")
    shutil.copyfile(built.db, target)
    return target


def peksos(built: Built, db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert PEKSOS.exists(), f"the peksos executable is not installed beside {sys.executable}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PEKSOS_")},
        "PEKSOS_DB": str(db),
        "PEKSOS_KEYS": str(built.keys),
        "PEKSOS_ACTOR": AUDITOR,
        "NO_COLOR": "1",
        "PEKSOS_LANG": "en",  # the words checked are English ones
    }
    done = subprocess.run(
        [str(PEKSOS), *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


# The three edits, as one would type them into the shell.


def more_training_hours(built: Built) -> str:
    return (
        "UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), "
        '\'"hours":"160"\', \'"hours":"1600"\') AS BLOB) '
        f"WHERE originator_id = '{built.stream}' AND topic LIKE '%:TrainingLogged'; "
        "SELECT changes();"
    )


def no_practice(built: Built) -> str:
    return (
        "DELETE FROM stored_events "
        f"WHERE originator_id = '{built.stream}' AND topic LIKE '%:ExperienceRecorded'; "
        "SELECT changes();"
    )


def someone_else_certified(built: Built) -> str:
    return (
        "UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), "
        f'\'"actor":"{LSP}"\', \'"actor":"{MINISTRY}"\') AS BLOB) '
        f"WHERE originator_id = '{built.stream}' AND topic LIKE '%:Certified'; "
        "SELECT changes();"
    )


EDITS = {
    "TrainingLogged": more_training_hours,
    "ExperienceRecorded": no_practice,
    "Certified": someone_else_certified,
}


def assert_names(stderr: str, reg: str, entries: list[int]) -> None:
    for entry in entries:
        assert f"  - {reg} entry {entry}: " in stderr, (entry, stderr)


def test_a_clean_copy_verifies(built: Built) -> None:
    done = peksos(built, copy(built, "clean"), "audit", "verify")
    assert done.returncode == 0, done.stderr
    assert "Ledger verified" in done.stdout
    assert done.stderr == ""


@pytest.mark.parametrize("kind", list(EDITS))
def test_one_edit_in_the_sqlite_shell_is_named(built: Built, kind: str) -> None:
    entry = built.entry(kind)
    db = copy(built, kind)
    assert shell(db, EDITS[kind](built)).strip() == "1", "the edit must change one row"
    if kind == "Certified":
        state = shell(
            db,
            "SELECT CAST(state AS TEXT) FROM stored_events "
            f"WHERE originator_id = '{built.stream}' AND topic LIKE '%:Certified';",
        )
        assert f'"actor":"{MINISTRY}"' in state

    done = peksos(built, db, "audit", "verify")
    assert done.returncode == 6, (done.stdout, done.stderr)
    assert "integrity check FAILED" in done.stderr
    assert_names(done.stderr, built.reg, [entry])
    assert built.other not in done.stderr, "an untouched member reported as broken"


def test_all_three_edits_are_each_named(built: Built) -> None:
    entries = [built.entry(kind) for kind in EDITS]
    db = copy(built, "all")
    for edit in EDITS.values():
        assert shell(db, edit(built)).strip() == "1"

    done = peksos(built, db, "audit", "verify")
    assert done.returncode == 6, (done.stdout, done.stderr)
    assert_names(done.stderr, built.reg, entries)
    assert built.other not in done.stderr

    as_json = peksos(built, db, "--json", "audit", "verify")
    assert as_json.returncode == 6
    error = json.loads(as_json.stderr)["error"]
    assert error["code"] == "integrity_failure"
    for entry in entries:
        assert any(line.startswith(f"{built.reg} entry {entry}: ") for line in error["details"])


# --- reads of one member check that member (the back office's real history) ---------------


READS = {
    "member show": lambda b: ["member", "show", b.reg],
    "member history": lambda b: ["member", "history", b.reg],
    "certificate show": lambda b: ["certificate", "show", b.certificate()],
    "certificate provenance": lambda b: ["certificate", "provenance", b.certificate()],
}


@pytest.mark.parametrize("read", list(READS))
@pytest.mark.parametrize("kind", list(EDITS))
def test_a_read_of_an_edited_member_says_its_history_is_broken(
    built: Built, kind: str, read: str
) -> None:
    """Before, ``member show`` printed the edited facts as if nothing had happened."""
    db = copy(built, f"{kind}-{read.replace(' ', '-')}")
    args = READS[read](built)
    assert shell(db, EDITS[kind](built)).strip() == "1"

    done = peksos(built, db, *args)

    assert done.returncode == 6, (done.stdout, done.stderr)
    assert "does not verify" in done.stderr and done.stdout == ""
    assert f"entry {built.entry(kind)}: " in done.stderr


@pytest.mark.parametrize("read", list(READS))
def test_a_read_of_an_untouched_member_says_it_was_verified(built: Built, read: str) -> None:
    db = copy(built, f"clean-{read.replace(' ', '-')}")
    done = peksos(built, db, "--json", *READS[read](built))
    assert done.returncode == 0, done.stderr
    integrity = json.loads(done.stdout)["integrity"]
    assert integrity["verified"] is True and integrity["entries"] >= 6
    assert integrity["seals"] == integrity["entries"]  # each entry was its own save here
    other = peksos(built, db, "member", "show", built.other)
    assert other.returncode == 0 and "history     verified" in other.stdout
