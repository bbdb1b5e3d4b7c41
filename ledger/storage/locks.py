"""Writers that wait instead of losing: two locks every process of one ledger shares.

Every save appends the next entry of the one journal stream, so concurrent saves used to
conflict there and re-run their whole command (load, decide, save), and under load some lost
16 times and gave up. Now:

- **journal**: held by a save from reading the journal's head until its events are committed
  (a few milliseconds: hash, sign, insert), so saves never conflict on the journal. The journal
  stays what it was: every save is chained and signed exactly as before.
- **writer**: a command's first attempt holds it shared, so first attempts decide in parallel;
  an attempt after one lost a race on another stream (two officers drawing the next number of
  one series, or changing one member) holds it exclusively, so a retry runs alone and cannot
  lose again. A **gate** lock gives retries precedence: a retry holds it while it waits, and a
  first attempt passes through it before taking its shared hold, so new first attempts queue
  behind a waiting retry instead of starving it.
 On SQLite the locks are ``flock`` locks on files beside the store (released by the
system if the process dies); on PostgreSQL, session advisory locks on a connection of the
pool (released when it closes).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

NAMES = ("journal", "writer", "gate")


class WriteLocks:
    def __init__(self, store: Any, recorder: Any) -> None:
        self._store = store
        self._recorder = recorder
        self._depth = threading.local()  # attempts running in this thread

    @contextmanager
    def attempt(self, first: bool) -> Iterator[None]:
        """The writer lock for one attempt of a command; an attempt inside another (a use
        case run by a use case) runs under the outer one's hold: a lock taken twice by one
        process would wait for itself."""
        depth = getattr(self._depth, "n", 0)
        self._depth.n = depth + 1
        try:
            if depth:
                yield
            else:
                with self.first_attempt() if first else self.retry():
                    yield
        finally:
            self._depth.n = depth

    @contextmanager
    def first_attempt(self) -> Iterator[None]:
        """Shared, unless a retry holds the gate: then writers are contending, and a first
        attempt would most likely lose too, so it queues as a retry does."""
        if not self._free("gate"):
            with self.retry():
                yield
            return
        with self.held("writer", shared=True):
            yield

    @contextmanager
    def retry(self) -> Iterator[None]:
        with self.held("gate"), self.held("writer"):
            yield

    def _free(self, name: str) -> bool:
        """Whether nobody holds ``name`` exclusively now: tried shared and let go at once (an
        exclusive try would make others asking at that moment see it held)."""
        if self._store.backend == "sqlite":
            import fcntl

            fd = os.open(f"{self._store.location}-lock-{name}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                return False
            finally:
                os.close(fd)
        key = _key(name)
        with self._recorder.datastore.get_connection() as conn:
            try_lock = "SELECT pg_try_advisory_lock_shared(%s) AS got"
            row = conn.execute(try_lock, [key]).fetchone()
            if row["got"]:
                conn.execute("SELECT pg_advisory_unlock_shared(%s)", [key])
            return bool(row["got"])

    @contextmanager
    def held(self, name: str, *, shared: bool = False) -> Iterator[None]:
        assert name in NAMES
        if self._store.backend == "sqlite":
            with self._file_lock(name, shared):
                yield
        else:
            with self._advisory_lock(name, shared):
                yield

    @contextmanager
    def _file_lock(self, name: str, shared: bool) -> Iterator[None]:
        import fcntl

        fd = os.open(f"{self._store.location}-lock-{name}", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
            yield
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
