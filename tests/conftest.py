"""Shared fixtures: a ledger on each backend, its actors, and member builders.

Storage-touching tests run on SQLite and on PostgreSQL through the one ``store_location``
fixture. PostgreSQL needs ``PEKSOS_TEST_POSTGRES`` (a URL to a database the tests may wipe);
without it those cases are skipped, unless ``PEKSOS_REQUIRE_POSTGRES=1`` (as in CI), where an
unreachable server fails them.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from ledger.application import Ledger
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from tests.builders import (
    ADMIN,
    AUDITOR,
    CHAPTER_32,
    ERA,
    FIXED_NOW,
    IN_2011,
    LSP,
    MINISTRY,
    Clock,
    enrol_standard_actors,
)

# The long suites: CI runs them; `python -m pytest -m "not slow"` is the fast loop.
# (docs: the README run as one session of ~70 commands, each a process of its own)
SLOW_SUITES = ("faults", "security", "model", "docs")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if Path(str(item.path)).relative_to(Path(__file__).parent).parts[0] in SLOW_SUITES:
            item.add_marker(pytest.mark.slow)


# The ledger's "now" in tests: fixed, so effective dates and validity are reproducible.
NOW = FIXED_NOW


@pytest.fixture
def in_2011(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test lives in 2011, under Permensos 108/2009: the domain builders' contexts and the
    ledger fixtures' clock start on 2011-06-15 (use before ``clock``; ``pytestmark``)."""
    monkeypatch.setattr(ERA, "now", IN_2011)


@pytest.fixture(autouse=True)
def in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite reads the CLI's English; tests/cli/test_languages.py reads both languages."""
    monkeypatch.setenv("PEKSOS_LANG", "en")


@pytest.fixture
def clock() -> Clock:
    return Clock(ERA.now)


@pytest.fixture
def keys(tmp_path: Path) -> KeyStore:
    return KeyStore(tmp_path / "keys")


def postgres_url() -> str | None:
    """The database the tests may wipe: ``PEKSOS_TEST_POSTGRES``, or, in a parallel run
    (pytest-xdist), a database of this worker's own next to it (``peksos_ci_gw0``), made on
    first use: two workers wiping one database would pull ledgers from under each other."""
    url = os.environ.get("PEKSOS_TEST_POSTGRES") or None
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return url if url is None or worker is None else _worker_database(url, worker)


@functools.cache
def _worker_database(url: str, worker: str) -> str:
    import psycopg
    from psycopg import errors, sql

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/')}_{worker}"
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except errors.DuplicateDatabase:
        pass
    except errors.InsufficientPrivilege:
        pytest.exit(
            f"a parallel run needs a database per worker: grant CREATEDB to the role of "
            f"PEKSOS_TEST_POSTGRES, or create {name} (or run without -n)",
            returncode=4,
        )
    except psycopg.OperationalError:
        pass  # unreachable: said by the test that needs it (reset_postgres)
    return urlunsplit(parts._replace(path="/" + name))


def reset_postgres(url: str) -> None:
    """An empty database for the next test: drop and recreate its public schema."""
    import psycopg

    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
            connection.execute("CREATE SCHEMA public")
    except psycopg.OperationalError as error:
        if os.environ.get("PEKSOS_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL at {url} is required (CI) but unreachable: {error}")
        pytest.skip(f"PostgreSQL at {url} is unreachable: {error}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's ledger lives: a fresh SQLite file, or a wiped PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "ledger.sqlite")
    return wiped_postgres()


def wiped_postgres() -> str:
    """The test database, wiped; skipped (failed on CI) when none is configured."""
    url = postgres_url()
    if url is None:
        if os.environ.get("PEKSOS_REQUIRE_POSTGRES") == "1":
            pytest.fail("PEKSOS_REQUIRE_POSTGRES=1 but PEKSOS_TEST_POSTGRES is not set")
        pytest.skip("PostgreSQL not configured (set PEKSOS_TEST_POSTGRES to a database URL)")
    reset_postgres(url)
    return url


@pytest.fixture
def ledger(store_location: str, keys: KeyStore, clock: Clock) -> Iterator[Ledger]:
    """An initialised ledger with one actor of each role (see tests/builders.py)."""
    with Ledger(open_store(store_location), keys=keys, clock=clock) as app:
        app.open_ledger(ADMIN)
        enrol_standard_actors(app)
        yield app


@pytest.fixture
def cli_env(store_location: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for CLI tests: a store and key folder of their own, no colour."""
    env = {
        "PEKSOS_DB": store_location,
        "PEKSOS_KEYS": str(tmp_path / "cli-keys"),
        "NO_COLOR": "1",
        "PEKSOS_LANG": "en",  # the suite reads English; tests/cli/test_languages.py reads both
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PEKSOS_ACTOR", raising=False)
    return env


__all__ = ["ADMIN", "AUDITOR", "CHAPTER_32", "LSP", "MINISTRY", "NOW"]
