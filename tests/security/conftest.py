"""Fixtures for the security tests: one ledger per test module and backend (its standard
actors enrolled), the hostile-input tests' pool of things to act on, a wide terminal (tables
never fold a NIK across lines), and a tally of the inputs tried, printed at the end of the run.

The ledger is shared by a module's tests so that PostgreSQL is set up once, not per test:
every test prepares the members and credentials it needs, and judges what a command recorded
by the event count before and after it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.cli.helpers import setup_ledger
from tests.conftest import postgres_url, reset_postgres
from tests.security.pool import Pool

# Inputs tried, by test family: hypothesis examples and fixed cases alike.
TRIED: Counter[str] = Counter()


@pytest.fixture
def tally() -> Counter[str]:
    return TRIED


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """rich wraps tables to the terminal; a wide one keeps every cell on one line."""
    monkeypatch.setenv("COLUMNS", "400")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_ledger(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A ledger for the module's tests (``setup_ledger()``: an admin, chapter admins of 32 and
    31, an LSP officer, a ministry officer and an auditor); yields a folder for their files."""
    folder = tmp_path_factory.mktemp(f"security-{request.param}")
    if request.param == "sqlite":
        store = str(folder / "ledger.sqlite")
    else:
        url = postgres_url()
        if url is None:
            if os.environ.get("PEKSOS_REQUIRE_POSTGRES") == "1":
                pytest.fail("PEKSOS_REQUIRE_POSTGRES=1 but PEKSOS_TEST_POSTGRES is not set")
            pytest.skip("PostgreSQL not configured (set PEKSOS_TEST_POSTGRES to a database URL)")
        store = _private_database(url, f"peksos_security_{os.getpid()}_{folder.name[-12:]}")
        if store is None:  # no CREATEDB: the database the tests may wipe
            reset_postgres(url)
            store = url
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PEKSOS_DB", store)
        patch.setenv("PEKSOS_KEYS", str(folder / "keys"))
        patch.setenv("NO_COLOR", "1")
        patch.delenv("PEKSOS_ACTOR", raising=False)
        setup_ledger()
        yield folder
    if request.param == "postgresql" and store != url:
        _drop_database(url, urlsplit(store).path.lstrip("/"))


@pytest.fixture(scope="module")
def pool(shared_ledger: Path) -> Iterator[Pool]:
    """The things, and the ledger's event count: read through one open handle (what
    ``peksos info`` reports, without opening the store for every example)."""
    from ledger.application import Ledger
    from ledger.storage.store import open_store

    with Ledger(open_store(os.environ["PEKSOS_DB"])) as ledger:
        yield Pool(shared_ledger, ledger.event_count)


def _private_database(url: str, name: str) -> str | None:
    """A new, empty database next to the one named by PEKSOS_TEST_POSTGRES, so that other test
    runs wiping that one (it is shared) cannot pull the ledger from under these tests; None
    when the role may not create databases (as in CI) or the server is unreachable."""
    import psycopg
    from psycopg import sql

    name = "".join(ch if ch.isalnum() else "_" for ch in name).lower()
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error:
        return None
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def _drop_database(url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TRIED:  # "(check) ..." counts checks made, not inputs
        inputs = sum(n for name, n in TRIED.items() if not name.startswith("(check)"))
        parts = ", ".join(f"{name} {count}" for name, count in sorted(TRIED.items()))
        terminalreporter.write_line(f"security inputs tried: {inputs} ({parts})", bold=True)
