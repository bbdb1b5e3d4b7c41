"""Writers that wait instead of losing: locks every process of one ledger shares.

Every save appends the next entry of the one journal stream, and every registration of a
province and year draws the next number of one series, so concurrent commands used to conflict
there and re-run their whole command (load, decide, save); under load some lost 16 times and
gave up. Now:

- **journal**: held by a save from reading the journal's head until its events are committed
  (a few milliseconds: hash, sign, insert), so saves never conflict on the journal. The journal
  stays what it was: every save is chained and signed exactly as before.
- **series**: a command holds the lock of each number series it draws from, from reading the
  series until its attempt ends, so two officers drawing the next number of one series wait
  for each other instead of one losing (the series stays an optimistic stream: a process that
  did not take the lock would conflict and re-run). A first attempt that already holds one
  series and finds another taken re-runs as a retry, which cannot deadlock (below).
- **writer**: a command's first attempt holds it shared, so first attempts decide in parallel;
  an attempt after one lost a race on another stream (two officers changing one member) holds
  it exclusively, so a retry runs alone and cannot lose again, nor wait for a series another
  attempt holds. A **gate** lock gives retries precedence: a retry holds it while it waits, and
  a first attempt waits until no retry holds it before taking its shared hold, so new first
  attempts queue behind a waiting retry instead of starving it.

On SQLite the locks are ``flock`` locks on files beside the store (released by the system if
the process dies; the series share 16 files by their names' hash); on PostgreSQL, session
advisory locks on a connection of the pool (released when it closes).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from eventsourcing.persistence import IntegrityError

NAMES = ("journal", "writer", "gate")
SERIES_FILES = 16  # SQLite: the series' locks share this many files


class WriteLocks:
    def __init__(self, store: Any, recorder: Any) -> None:
        self._store = store
        self._recorder = recorder
        self._local = threading.local()  # the attempt running in this thread

    @contextmanager
    def attempt(self, first: bool) -> Iterator[None]:
        """The writer lock for one attempt of a command, and the series locks it takes; an
        attempt inside another (a use case run by a use case) runs under the outer one's
        holds: a lock taken twice by one process would wait for itself."""
        if getattr(self._local, "stack", None) is not None:
            yield
            return
        with ExitStack() as stack:
            stack.enter_context(self.first_attempt() if first else self.retry())
            self._local.stack, self._local.series, self._local.first = stack, set(), first
            self._local.conn = None
            try:
                yield
            finally:
                self._local.stack = self._local.conn = None

    def series(self, name: str) -> None:
        """Hold number series ``name`` until the running attempt ends (outside an attempt, a
        read: nothing to hold). A first attempt holding another series only tries, and re-runs
        as a retry if it is taken: two attempts each holding the series the other wants would
        wait for ever; a retry runs alone (the writer lock), so it can wait."""
        stack = getattr(self._local, "stack", None)
        if stack is None:
            return
        key = self._series_key(name)
        if key in self._local.series:
            return
        wait = not (self._local.first and self._local.series)
        if self._store.backend == "sqlite":
            got = stack.enter_context(self._file_lock(key, wait, shared=False))
        else:
            got = self._on_one_connection(stack, key, wait)
        if not got:
            raise IntegrityError(f"number series {name} is being drawn from: run again")
        self._local.series.add(key)

    def _on_one_connection(self, stack: ExitStack, name: str, wait: bool) -> bool:
        """PostgreSQL: every series lock of an attempt on one connection of the pool, held
        until the attempt ends. (A connection each exhausted the pool: a batch of an import
        draws from the series of every province on its list.)"""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = stack.enter_context(self._recorder.datastore.get_connection())
            self._local.conn = conn
        key = _key(name)
        if wait:
            conn.execute("SELECT pg_advisory_lock(%s)", [key])
        elif not conn.execute("SELECT pg_try_advisory_lock(%s) AS got", [key]).fetchone()["got"]:
            return False
        stack.callback(conn.execute, "SELECT pg_advisory_unlock(%s)", [key])
        return True

    def _series_key(self, name: str) -> str:
        digest = hashlib.sha256(f"peksos:series:{name}".encode()).digest()
        if self._store.backend == "sqlite":
            return f"series-{digest[0] % SERIES_FILES:02d}"
        return f"series:{name}"

    @contextmanager
    def first_attempt(self) -> Iterator[None]:
        """Shared, once no retry holds the gate. (A first attempt that found the gate held
        used to queue as a retry itself: every command arriving while one queued then queued
        too, for as long as commands kept arriving, and eight writers did the work of one,
        each command waiting 29 to 71 ms for the gate; measured.)"""
        with self.held("gate", shared=True):
            pass
        with self.held("writer", shared=True):
            yield

    @contextmanager
    def retry(self) -> Iterator[None]:
        with self.held("gate"), self.held("writer"):
            yield

    @contextmanager
    def held(self, name: str, *, shared: bool = False) -> Iterator[None]:
        assert name in NAMES
        if self._store.backend == "sqlite":
            with self._file_lock(name, True, shared) as got:
                assert got
                yield
        else:
            with self._advisory_lock(name, shared):
                yield

    @contextmanager
    def _file_lock(self, name: str, wait: bool, shared: bool) -> Iterator[bool]:
        import fcntl

        fd = os.open(f"{self._store.location}-lock-{name}", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | (0 if wait else fcntl.LOCK_NB)
            try:
                fcntl.flock(fd, mode)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)  # releases the lock

    @contextmanager
    def _advisory_lock(self, name: str, shared: bool) -> Iterator[None]:
        key = _key(name)
        kind = "_shared" if shared else ""
        with self._recorder.datastore.get_connection() as conn:
            conn.execute(f"SELECT pg_advisory_lock{kind}(%s)", [key])
            try:
                yield
            finally:
                conn.execute(f"SELECT pg_advisory_unlock{kind}(%s)", [key])


def _key(name: str) -> int:
    """The advisory lock key of ``name``: 64 bits of its hash."""
    digest = hashlib.sha256(f"peksos:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)
