"""Shared fixtures: a ledger on a temporary SQLite file, its actors, and member builders."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ledger.application import Ledger
from ledger.keystore import KeyStore
from ledger.store import open_store
from tests.builders import ADMIN, AUDITOR, CHAPTER_32, LSP, MINISTRY, Clock, enrol_standard_actors

# The ledger's "now" in tests: fixed, so effective dates and validity are reproducible.
NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def keys(tmp_path: Path) -> KeyStore:
    return KeyStore(tmp_path / "keys")


@pytest.fixture
def ledger(tmp_path: Path, keys: KeyStore, clock: Clock) -> Iterator[Ledger]:
    """An initialised ledger with one actor of each role (see tests/builders.py)."""
    with Ledger(open_store(str(tmp_path / "ledger.sqlite")), keys=keys, clock=clock) as app:
        app.open_ledger(ADMIN)
        enrol_standard_actors(app)
        yield app


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Environment for CLI tests: a store and key folder of their own, no colour."""
    env = {
        "PEKSOS_DB": str(tmp_path / "cli.sqlite"),
        "PEKSOS_KEYS": str(tmp_path / "cli-keys"),
        "NO_COLOR": "1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("PEKSOS_ACTOR", raising=False)
    return env


__all__ = ["ADMIN", "AUDITOR", "CHAPTER_32", "LSP", "MINISTRY", "NOW"]
