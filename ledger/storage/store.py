"""Where the ledger lives: an SQLite file (the default) or a PostgreSQL URL."""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from ledger.errors import InvalidInput
from ledger.wording import said


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("peksos", appauthor=False) / "ledger.sqlite"


@dataclass(frozen=True)
class Store:
    """A parsed ``--db`` value and the library settings that select it."""

    location: str
    backend: str  # "sqlite" or "postgresql"
    env: dict[str, str]

    @property
    def display(self) -> str:
        """The location without any password."""
        if self.backend != "postgresql":
            return self.location
        parts = urlsplit(self.location)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        return f"postgresql://{user}{host}{port}{parts.path}"

    def exists(self) -> bool:
        return self.backend == "postgresql" or Path(self.location).exists()

    def create_private(self) -> None:
        """Make a new SQLite file readable and writable by its owner only (0600), before the
        library opens it: it holds members' personal data. SQLite gives its journal files the
        database file's mode."""
        if self.backend == "sqlite":
            os.close(os.open(self.location, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def compact(recorder: Any, store: Store, tables: tuple[str, ...]) -> bool:
    """Rewrite the store so that rows just changed or deleted leave no old bytes behind (an
    erasure): SQLite is vacuumed and its write-ahead log emptied; on PostgreSQL ``tables``
    get a VACUUM FULL (their owner's right: False if this role may not)."""
    if store.backend == "sqlite":
        import sqlite3

        con = sqlite3.connect(store.location, isolation_level=None, timeout=30)
        try:
            for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM"):
                con.execute(statement)
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        return True
    from eventsourcing.persistence import PersistenceError

    try:
        with recorder.datastore.get_connection() as conn:
            for table in tables:
                conn.execute(f"VACUUM FULL {table}")
    except PersistenceError:
        return False
    return True


def open_store(
    db: str | None, *, lock_timeout: int = 30, pool_size: int = 2, create_tables: bool = True
) -> Store:
    """Parse ``--db`` / ``PEKSOS_DB``; the default is a file in the user's data directory.
    Without ``create_tables`` a PostgreSQL role that may not create tables uses the ones the
    owner created (docs/postgresql-roles.md)."""
    location = db or str(default_db_path())
    if location.startswith(("postgresql://", "postgres://")):
        return _postgres(location, pool_size, create_tables)
    if "://" in location:
        raise InvalidInput(
            said(
                "--db must be an SQLite file path or a postgresql:// URL, not {location}",
                location=repr(location),
            ),
            [{"field": "db", "message": "unsupported URL scheme"}],
        )
    path = Path(location).expanduser()
    if path.is_dir():
        raise InvalidInput(
            said("--db {location} is a directory; give a file path", location=location),
            [{"field": "db", "message": "is a directory"}],
        )
    return Store(
        location=str(path),
        backend="sqlite",
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(path),
            # Whole seconds a writer waits for another process's transaction (WAL mode).
            "SQLITE_LOCK_TIMEOUT": str(lock_timeout),
        },
    )


def _postgres(url: str, pool_size: int, create_tables: bool = True) -> Store:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (parses the port: a bad one raises here)
    except ValueError as error:
        raise InvalidInput(
            said("--db is not a valid PostgreSQL URL ({error})", error=str(error)),
            [{"field": "--db", "message": str(error)}],
        ) from None
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname:
        raise InvalidInput(
            said("a PostgreSQL URL needs a database name: postgresql://user:pass@host:port/dbname"),
            [{"field": "db", "message": "missing database name"}],
        )
    return Store(
        location=url,
        backend="postgresql",
        env={
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": dbname,
            "POSTGRES_HOST": parts.hostname or "localhost",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            # The library's default (0) waits forever for the table lock.
            "POSTGRES_LOCK_TIMEOUT": "30",
            "POSTGRES_CONNECT_TIMEOUT": "5",
            # A CLI process needs few connections; a server has many clients.
            "POSTGRES_POOL_SIZE": str(pool_size),
            "POSTGRES_MAX_OVERFLOW": "4",
            "CREATE_TABLE": "yes" if create_tables else "no",
        },
    )


T = TypeVar("T")


def creating_tables(create: Callable[[], T], attempts: int = 6) -> T:
    """Run ``create`` (which may create tables), again if a concurrent process was creating
    the same ones: PostgreSQL fails concurrent DDL with "tuple concurrently updated"."""
    from eventsourcing.persistence import PersistenceError

    for attempt in range(1, attempts + 1):
        try:
            return create()
        except PersistenceError as error:
            if "concurrently" not in str(error) or attempt == attempts:
                raise
            time.sleep(random.uniform(0.02, 0.1) * attempt)
    raise AssertionError("unreachable")
