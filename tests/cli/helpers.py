"""Driving the ``peksos`` CLI in-process through ``commands.cli.main``, which maps errors to
exit codes exactly as the installed executable does."""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from commands.cli import main
from tests.builders import ADMIN, AUDITOR, CHAPTER_31, CHAPTER_32, LSP, MINISTRY, fresh_nik

__all__ = [
    "ADMIN",
    "AUDITOR",
    "CHAPTER_31",
    "CHAPTER_32",
    "LSP",
    "MINISTRY",
    "Result",
    "register_member",
    "run",
    "setup_ledger",
]


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        """stdout parsed as the one JSON document ``--json`` promises."""
        return json.loads(self.stdout)

    @property
    def error(self) -> dict[str, Any]:
        """stderr parsed as the contract's ``{"error": {...}}`` object (exactly one)."""
        body = json.loads(self.stderr)
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message", "details"}, body
        return body["error"]  # type: ignore[no-any-return]


def run(*args: str) -> Result:
    """Run ``peksos ARGS...`` in-process; capture its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    result = Result(code, out.getvalue(), err.getvalue())
    # Never, for any input: a traceback shown to the user.
    assert "Traceback" not in result.stderr, result.stderr
    return result


def ok(*args: str) -> Result:
    """Run a command that must succeed."""
    result = run(*args)
    assert result.code == 0, (args, result)
    return result


ROLES = [
    (CHAPTER_32, "chapter-admin", "32"),
    (CHAPTER_31, "chapter-admin", "31"),
    (LSP, "lsp", None),
    (MINISTRY, "ministry", None),
    (AUDITOR, "auditor", None),
]


def setup_ledger() -> None:
    """``peksos init`` and one actor of each role (two chapter admins: 32 and 31), in the store
    and key folder of ``PEKSOS_DB`` and ``PEKSOS_KEYS``. On SQLite the ledger is built once per
    test run through these very commands and copied (file and keys) for each test after."""
    db, keys = os.environ["PEKSOS_DB"], Path(os.environ["PEKSOS_KEYS"])
    if "://" in db:  # PostgreSQL: built in place
        _init_with_actors()
        return
    template = _sqlite_template()
    for suffix in ("", "-wal", "-shm"):
        if (source := template / f"ledger.sqlite{suffix}").exists():
            shutil.copyfile(source, f"{db}{suffix}")
    shutil.copytree(template / "keys", keys, dirs_exist_ok=True)


def _init_with_actors() -> None:
    ok("init", "--admin", ADMIN)
    for name, role, province in ROLES:
        extra = ["--province", province] if province else []
        ok("--as", ADMIN, "actor", "add", name, "--role", role, *extra)


@functools.cache
def _sqlite_template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="peksos-template-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    with using_store(str(folder / "ledger.sqlite"), folder / "keys"):
        _init_with_actors()
    return folder


@contextlib.contextmanager
def using_store(db: str, keys: Path) -> Iterator[None]:
    """``PEKSOS_DB`` and ``PEKSOS_KEYS`` set for the commands run inside, restored after."""
    saved = {k: os.environ.get(k) for k in ("PEKSOS_DB", "PEKSOS_KEYS")}
    os.environ.update(PEKSOS_DB=db, PEKSOS_KEYS=str(keys))
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def register_member(
    *,
    name: str = "Siti Aminah",
    province: str = "32",
    nik: str | None = None,
    actor: str = ADMIN,
    registered_on: str = "2010-03-01",
) -> str:
    """Register a member through the CLI; returns the registration number."""
    result = ok(
        "--as",
        actor,
        "--json",
        "member",
        "register",
        "--name",
        name,
        "--nik",
        nik or fresh_nik(province),
        "--birth-date",
        "1980-01-05",
        "--province",
        province,
        "--email",
        "anggota@example.org",
        "--registered-on",
        registered_on,
    )
    return str(result.json["registration_no"])


WEB = "Layanan Daring"  # the web register's actor, enrolled when first needed


def membership_application(
    *, name: str = "Putri Maharani", province: str = "32", nik: str | None = None
) -> str:
    """An application made on the web register (the use case the form runs, as the web
    actor); returns its reference."""
    from commands.bootstrap import open_ledger
    from commands.membership import ApplyForMembership, apply_for_membership

    if run("--as", ADMIN, "actor", "add", WEB, "--role", "web").code not in (0, 5):
        raise AssertionError("the web actor could not be enrolled")
    cmd = ApplyForMembership(
        name=name,
        nik=nik or fresh_nik(province, "1997-04-22"),
        birth_date="1997-04-22",
        province=province,
        email="putri@example.org",
        education_level="S1",
        major="kesejahteraan-sosial",
        institution="Universitas Padjadjaran",
        graduated_on="2019-08-30",
    )
    with open_ledger(os.environ["PEKSOS_DB"]) as ledger:
        return str(apply_for_membership(ledger, WEB, cmd)["reference"])


def make_eligible(reg: str, *, field: str = "anak", level: str | None = None) -> str:
    """Record a degree, 5 years of practice, the training and a passed exam; returns the exam
    id. Without ``level``: 64 hours and an exam of 2011 (the 2009 rules); with one (Law
    14/2019): 160 hours and an exam at that level, held 2021-04-12."""
    ok(
        "--as", ADMIN, "education", "add", reg, "--level", "S1",
        "--major", "kesejahteraan-sosial", "--institution", "STKS Bandung",
        "--graduated-on", "2004-08-30",
    )  # fmt: skip
    ok(
        "--as", ADMIN, "experience", "add", reg, "--employer", "Panti Sosial Asuhan Anak",
        "--role", "pekerja sosial", "--from", "2005-01-03", "--to", "2009-12-31",
    )  # fmt: skip
    ok(
        "--as", ADMIN, "training", "log", reg, "--course", "Manajemen kasus",
        "--provider", "Balai Besar Diklat Kesos", "--hours", "64" if level is None else "160",
        "--completed-on", "2009-06-30",
    )  # fmt: skip
    at_level = [] if level is None else ["--level", level]
    exam = ok(
        "--as", LSP, "--json", "exam", "record", reg, "--field", field, "--result", "passed",
        "--held-on", "2011-04-12" if level is None else "2021-04-12",
        "--assessor", "Agus Setiawan", *at_level,
    )  # fmt: skip
    return str(exam.json["exam_id"])


def event_count() -> int:
    """How many events the store holds (``peksos info --json``)."""
    return int(ok("--json", "info").json["events"])


def history_length(reg: str) -> int:
    return len(ok("--as", AUDITOR, "--json", "member", "history", reg).json["events"])


def today_in_indonesia() -> date:
    """The ledger's "today", the default date of a decision: the date in Jakarta (WIB, UTC+7)."""
    return (datetime.now(UTC) + timedelta(hours=7)).date()


def latest_day_in_indonesia() -> date:
    """The latest date anywhere in Indonesia (WIT, UTC+9): later dates are in the future."""
    return (datetime.now(UTC) + timedelta(hours=9)).date()


# --- failing commands -----------------------------------------------------------------------


def failed(code: int, *args: str) -> Result:
    """Run a command that must fail with ``code``, record nothing, and say why as one JSON
    object on stderr."""
    before = event_count()
    result = run("--json", *args)
    assert result.code == code, (args, result)
    assert result.stdout == ""
    assert result.error["message"]
    assert event_count() == before, f"{args} recorded something"
    return result


def register_args(**overrides: str | None) -> list[str]:
    fields: dict[str, str | None] = {
        "--name": "Budi Santoso",
        "--nik": fresh_nik(born="1982-07-17"),
        "--birth-date": "1982-07-17",
        "--province": "32",
        "--email": "budi@example.org",
        "--registered-on": "2010-03-01",
    }
    fields.update(overrides)
    args = ["member", "register"]
    for option, value in fields.items():
        if value is not None:
            args += [option, value]
    return args


def names_field(result: Result, field: str) -> None:
    """A usage error names the offending field, in the message and in the details."""
    error = result.error
    assert error["code"] == "invalid_input", error
    assert field in [d["field"] for d in error["details"]], error
    assert field in error["message"] or len(error["details"]) > 1, error


def unmet_words(error: dict[str, Any]) -> list[str]:
    """A refusal's unmet requirements in words (``--json`` gives each with its code too)."""
    details = error["details"]
    assert all(set(d) >= {"code", "message"} for d in details), details
    return [d["message"] for d in details]
