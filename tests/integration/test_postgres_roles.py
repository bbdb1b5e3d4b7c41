"""PostgreSQL under separate roles, as docs/postgresql-roles.md sets it up (its SQL is run as
printed there): the officers' role appends events and can change nothing recorded, the
follower's role keeps the views current and records nothing, and the CLI works under both."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.cli.helpers import ADMIN, AUDITOR, ok, register_member, run, setup_ledger
from tests.conftest import postgres_url, reset_postgres

DOC = Path(__file__).resolve().parents[2] / "docs" / "postgresql-roles.md"
PEKSOS = str(Path(sys.executable).parent / "peksos")


def as_role(url: str, role: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    netloc = f"{role}:{role}@{host}:{parts.port or 5432}"
    return urlunsplit(parts._replace(netloc=netloc))


def grants(writer: str, follower: str) -> str:
    """The documented grant block, with this test's role names."""
    blocks = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    block = next(b for b in blocks if "GRANT" in b)
    return block.replace("peksos_writer", writer).replace("peksos_follower", follower)


def refused(url: str, statement: str) -> str:
    """The error PostgreSQL gives ``statement`` run as the role of ``url``."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection, pytest.raises(psycopg.Error) as error:
        connection.execute(statement)
    return str(error.value)


def as_officer(roles: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI as an officer runs it: the writer role, no DDL, views left to the follower."""
    monkeypatch.setenv("PEKSOS_DB", roles["writer"])
    monkeypatch.setenv("PEKSOS_CREATE_TABLES", "no")
    monkeypatch.setenv("PEKSOS_CATCH_UP", "no")


@pytest.fixture
def roles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A ledger made by the owner (the test database's role), and the two roles granted."""
    import psycopg

    owner = postgres_url()
    if owner is None:
        pytest.skip("PostgreSQL not configured (set PEKSOS_TEST_POSTGRES to a database URL)")
    reset_postgres(owner)
    prefix = urlsplit(owner).username or "peksos"
    writer, follower = f"{prefix}_writer", f"{prefix}_follower"
    with psycopg.connect(owner, autocommit=True) as connection:
        for role in (writer, follower):
            exists = connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
            if exists.fetchone() is None:
                connection.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{role}'")
    monkeypatch.setenv("PEKSOS_DB", owner)
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "keys"))
    monkeypatch.setenv("NO_COLOR", "1")
    setup_ledger()
    ok("--as", AUDITOR, "member", "list")  # the owner's first read creates the view tables
    with psycopg.connect(owner, autocommit=True) as connection:
        connection.execute(grants(writer, follower))
    yield {"owner": owner, "writer": as_role(owner, writer), "follower": as_role(owner, follower)}


def test_the_officers_role_appends_and_changes_nothing_recorded(
    roles: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_officer(roles, monkeypatch)
    reg = register_member(name="Ni Luh Putu Ariani")  # a signed save, as this role

    writer = roles["writer"]
    assert "append-only: UPDATE refused" in refused(writer, "UPDATE ledger_events SET topic = ''")
    assert "permission denied" in refused(writer, "DELETE FROM ledger_events")
    assert "permission denied" in refused(writer, "TRUNCATE ledger_events")
    assert "permission denied" in refused(writer, "UPDATE view_members SET name = 'Mallory'")
    assert "permission denied" in refused(writer, "DELETE FROM ledger_tracking")
    assert "must be owner" in refused(writer, "DROP TABLE view_members")

    # the views are the follower's: with catch-up on, this role's read is refused, exit 7
    monkeypatch.setenv("PEKSOS_CATCH_UP", "yes")
    result = run("--as", AUDITOR, "member", "list")
    assert result.code == 7, result
    assert "PEKSOS_CATCH_UP=no" in result.stderr
    monkeypatch.setenv("PEKSOS_CATCH_UP", "no")
    assert ok("--json", "--as", AUDITOR, "audit", "verify").json["verified"] is True
    assert reg


def test_the_follower_runs_under_its_role_and_records_nothing(
    roles: dict[str, str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    as_officer(roles, monkeypatch)
    reg = register_member(name="Ni Luh Putu Ariani")
    listed = {r["registration_no"] for r in ok("--json", "--as", AUDITOR, "member", "list").json}
    assert reg not in listed  # nobody has brought the views up to date yet

    env = {**os.environ, "PEKSOS_DB": roles["follower"], "PEKSOS_CREATE_TABLES": "no"}
    follower = subprocess.Popen(
        [PEKSOS, "--as", ADMIN, "projections", "run", "--poll", "0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while reg not in {
            r["registration_no"] for r in ok("--json", "--as", AUDITOR, "member", "list").json
        }:
            assert follower.poll() is None, follower.communicate()
            assert time.monotonic() < deadline, "the follower did not bring the views up"
            time.sleep(0.1)
    finally:
        follower.send_signal(signal.SIGTERM)
        _, err = follower.communicate(timeout=30)
    assert follower.returncode == 0, err

    assert "permission denied" in refused(
        roles["follower"], "INSERT INTO ledger_events VALUES (gen_random_uuid(), 1, 't', '')"
    )
    assert "permission denied" in refused(roles["follower"], "DELETE FROM ledger_events")
    assert ok("--json", "--as", AUDITOR, "audit", "verify").json["verified"] is True


def test_a_member_saved_before_the_follower_ran_shows_under_the_officers_role(
    roles: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    as_officer(roles, monkeypatch)
    reg = register_member(name="Ni Luh Putu Ariani")
    shown = ok("--json", "--as", AUDITOR, "member", "show", reg).json
    assert shown["name"] == "Ni Luh Putu Ariani"
    assert shown["integrity"]["verified"] is True
