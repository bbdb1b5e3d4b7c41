"""Wiring, in one place: the only reader of the environment.

Everything else gets its settings from here: the store (``--db`` / ``PEKSOS_DB``), the key
folder (``PEKSOS_KEYS``) and its passphrase (``PEKSOS_KEY_PASSPHRASE``), the public base URL
(``PEKSOS_PUBLIC_URL``), lock and pool sizes, whether reads catch the views up, whether the
process may create tables, the clock.
The domain and the storage adapters take these as arguments and never look at the environment.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ledger.errors import InvalidInput, NotFound
from ledger.wording import said

if TYPE_CHECKING:
    from ledger.application import Ledger
    from ledger.storage.keystore import KeyStore
    from ledger.storage.store import Store


def _yes(value: str) -> bool:
    return value.strip().lower() not in ("no", "0", "false", "off")


@dataclass(frozen=True)
class Settings:
    keys: Path | None  # None: the user's data directory
    lock_timeout: int  # whole seconds a writer waits for another process (SQLite)
    pool_size: int  # connections per process (PostgreSQL)
    catch_up: bool  # do reads bring the views up to date first (no: a follower runs)
    create_tables: bool  # may this process create missing tables (no: a role without DDL)
    view_page: int | None  # notifications per read-model transaction (None: the default)
    debug: bool  # tracebacks for bugs
    no_color: bool
    public_url: str | None  # the deployment's public base URL (None: not published yet)
    key_passphrase: bytes | None  # encrypts the signing keys made here (None: unencrypted)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        keys = environ.get("PEKSOS_KEYS")
        page = environ.get("PEKSOS_VIEW_PAGE")
        return cls(
            keys=Path(keys).expanduser() if keys else None,
            lock_timeout=int(environ.get("PEKSOS_LOCK_TIMEOUT", "30")),
            pool_size=int(environ.get("PEKSOS_POOL_SIZE", "2")),
            catch_up=_yes(environ.get("PEKSOS_CATCH_UP", "yes")),
            create_tables=_yes(environ.get("PEKSOS_CREATE_TABLES", "yes")),
            view_page=int(page) if page else None,
            debug=bool(environ.get("PEKSOS_DEBUG")),
            no_color="NO_COLOR" in environ,
            public_url=environ.get("PEKSOS_PUBLIC_URL") or None,
            key_passphrase=environ.get("PEKSOS_KEY_PASSPHRASE", "").encode() or None,
        )


def settings() -> Settings:
    return Settings.from_env()


def utc_now() -> datetime:
    return datetime.now(UTC)


def store(db: str | None, config: Settings | None = None) -> Store:
    from ledger.storage.store import open_store

    config = config or settings()
    return open_store(
        db,
        lock_timeout=config.lock_timeout,
        pool_size=config.pool_size,
        create_tables=config.create_tables,
    )


def key_store(config: Settings | None = None) -> KeyStore:
    from ledger.storage.keystore import KeyStore, default_keys_path

    config = config or settings()
    return KeyStore(config.keys or default_keys_path(), config.key_passphrase)


def open_ledger(
    db: str | None,
    *,
    create: bool = False,
    clock: Callable[[], datetime] = utc_now,
    keys: KeyStore | None = None,
) -> Ledger:
    """The ledger named by ``db``; only ``init`` (and ``demo``) may create a new store."""
    from ledger.application import Ledger

    config = settings()
    location = store(db, config)
    if not location.exists():
        if not create:
            raise NotFound(
                said(
                    "no ledger at {store}: create one with `peksos init --admin NAME` (or pass "
                    "--db)",
                    store=location.display,
                )
            )
        try:
            Path(location.location).parent.mkdir(parents=True, exist_ok=True)
            location.create_private()
        except OSError as error:
            raise InvalidInput(
                said(
                    "--db {location}: cannot create it ({why})",
                    location=location.location,
                    why=error.strerror,
                ),
                [{"field": "--db", "message": str(error)}],
            ) from None
    ledger = Ledger(location, keys=keys or key_store(config), clock=clock)
    ledger.catch_up_reads = config.catch_up
    ledger.view_page = config.view_page
    if config.public_url is not None:
        ledger.public_url = config.public_url
    return ledger
