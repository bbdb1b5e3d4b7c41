"""What every fault test needs: real ``peksos`` processes to kill, a write lock to catch them
at their commit, a tally of the faults, and one check that the ledger is whole afterwards.

"Whole" means, read from the stored log itself (not from the views):

- every number series is gapless, and every number it issued names exactly one member, whose
  stream has the event that used it (a registration number its member, a certificate number its
  ``Certified``, ...): a save cut in half would leave a number without its member or the reverse;
- every member has its NIK claim and every NIK claim its member;
- every certificate revocation is followed, in the same stream, by the revocation of each licence
  still resting on it, and no licence falls with a certificate that was not revoked;
- ``verify_ledger`` passes (hash chains, seals, signatures, rules);
- the views catch up, and then equal a rebuild from the log.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from commands.imports import BATCH
from ledger import events as ev
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.numbers import format_number, format_registration_no, member_id
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from projections.read_model import ReadModel, open_read_model
from tests.builders import nik_for

PEKSOS = str(Path(sys.executable).parent / "peksos")
SEED = int(os.environ.get("PEKSOS_FAULTS_SEED", "20100301"))

# Fictional people: given names and family names combined at random.
GIVEN = [
    "Siti",
    "Agus",
    "Rina",
    "Wahyu",
    "Nur",
    "Made",
    "Ayu",
    "Putu",
    "Ketut",
    "Fransiska",
    "Hendra",
    "Sri",
    "Yohana",
    "Intan",
    "Ratih",
    "Slamet",
    "Wayan",
    "Lusiana",
    "Teguh",
    "Ma'ruf",
]
FAMILY = [
    "Aminah",
    "Setiawati",
    "Purnomo",
    "Handayani",
    "Siregar",
    "Nasution",
    "Kurniasih",
    "Sihombing",
    "Rahmawati",
    "Wulandari",
    "Simanjuntak",
    "Pakpahan",
    "Lubis",
    "Hutapea",
    "Marpaung",
    "Saragih",
]


PROVINCES = ["11", "31", "32", "33", "35", "51", "73", "94"]


def fault_count(default: int) -> int:
    """Faults per scenario and backend: ``default``, or ``PEKSOS_FAULTS`` for a longer run."""
    value = os.environ.get("PEKSOS_FAULTS")
    return int(value) if value else default


def rng_for(*parts: object) -> random.Random:
    """A seeded generator per scenario (``PEKSOS_FAULTS_SEED`` changes every draw)."""
    return random.Random(":".join(map(str, (SEED, *parts))))


def person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def backend_of(location: str) -> str:
    return "postgresql" if location.startswith(("postgresql://", "postgres://")) else "sqlite"


# --- the tally -----------------------------------------------------------------------------


@dataclass
class Tally:
    """Faults injected and survived, by (backend, scenario), for the whole session."""

    injected: Counter[tuple[str, str]] = field(default_factory=Counter)
    survived: Counter[tuple[str, str]] = field(default_factory=Counter)
    notes: Counter[tuple[str, str]] = field(default_factory=Counter)  # where faults landed

    def inject(self, backend: str, scenario: str) -> None:
        self.injected[(backend, scenario)] += 1

    def survive(self, backend: str, scenario: str) -> None:
        self.survived[(backend, scenario)] += 1

    def note(self, backend: str, what: str) -> None:
        self.notes[(backend, what)] += 1

    def total(self) -> tuple[int, int]:
        return sum(self.injected.values()), sum(self.survived.values())

    def lines(self) -> list[str]:
        injected, survived = self.total()
        lines = [f"faults injected: {injected}, survived: {survived}"]
        for backend in sorted({b for b, _ in self.injected}):
            keys = sorted(k for k in self.injected if k[0] == backend)
            detail = ", ".join(
                f"{s} {self.survived[(b, s)]}/{self.injected[(b, s)]}" for b, s in keys
            )
            lines.append(
                f"  {backend}: injected {sum(self.injected[k] for k in keys)}, "
                f"survived {sum(self.survived[k] for k in keys)} ({detail})"
            )
            for (b, what), count in sorted(self.notes.items()):
                if b == backend:
                    lines.append(f"    {what}: {count}")
        return lines


TALLY = Tally()


# --- processes -----------------------------------------------------------------------------


def cli_env(location: str, keys: Path, **extra: str) -> dict[str, str]:
    """The environment of a ``peksos`` process: this store and key folder, nothing inherited
    that could change its behaviour (an actor, debug tracebacks, a page size)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PEKSOS_", "PGAPPNAME"))}
    env.update({"PEKSOS_DB": location, "PEKSOS_KEYS": str(keys), "NO_COLOR": "1", **extra})
    env.setdefault("PEKSOS_LANG", "en")  # the outcomes are read by their English words
    return env


@dataclass
class Run:
    """A finished ``peksos`` process."""

    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL

    def result(self) -> Any:
        """The acknowledged result: exit 0 and its JSON printed (anything else is a bug)."""
        assert self.returncode == 0, self.describe()
        try:
            return json.loads(self.stdout)
        except ValueError:
            raise AssertionError(f"exit 0 without its JSON: {self.describe()}") from None

    def describe(self) -> str:
        return (
            f"peksos {' '.join(self.argv)} -> exit {self.returncode} after {self.seconds:.2f}s\n"
            f"stdout: {self.stdout[-1500:]}\nstderr: {self.stderr[-3000:]}"
        )


class Command:
    """One ``peksos --json`` process in its own process group, its output in files (a pipe
    would stall on a large JSON document and turn every kill into a kill at print time)."""

    def __init__(self, env: dict[str, str], argv: list[str], app_name: str | None = None) -> None:
        self.argv = argv
        self.app_name = app_name
        # Closed by finish(), once the process has exited and its output is read.
        self._out = tempfile.TemporaryFile()  # noqa: SIM115
        self._err = tempfile.TemporaryFile()  # noqa: SIM115
        if app_name:  # libpq reads it: the test finds the process's sessions by this name
            env = {**env, "PGAPPNAME": app_name}
        self.started = time.monotonic()
        self.process = subprocess.Popen(
            [PEKSOS, "--json", *argv],
            env=env,
            stdout=self._out,
            stderr=self._err,
            start_new_session=True,
        )
        self._run: Run | None = None

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def running(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> Run:
        """SIGKILL the process (and any worker it started) unless it has already exited."""
        if self.process.poll() is None:
            with suppress(ProcessLookupError):  # it exited meanwhile
                os.killpg(self.process.pid, signal.SIGKILL)
        return self.finish()

    def terminate(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)

    def finish(self, timeout: float = 300.0) -> Run:
        if self._run is None:
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
                raise AssertionError(
                    f"peksos {' '.join(self.argv)} still running after {timeout}s"
                ) from None
            seconds = self.elapsed
            self._out.seek(0)
            self._err.seek(0)
            self._run = Run(
                self.argv,
                self.process.returncode,
                self._out.read().decode("utf-8", "replace"),
                self._err.read().decode("utf-8", "replace"),
                seconds,
            )
            self._out.close()
            self._err.close()
        return self._run

    def wait_for(self, condition: Callable[[], bool], timeout: float = 60.0) -> bool:
        """Poll ``condition`` until it holds (True) or the process exits (False)."""
        deadline = time.monotonic() + timeout
        while self.running():
            if condition():
                return True
            assert time.monotonic() < deadline, f"timed out waiting on {self.argv}"
            time.sleep(0.002)
        return False


def run(env: dict[str, str], argv: list[str], timeout: float = 300.0) -> Run:
    return Command(env, argv).finish(timeout)


def wait_until(condition: Callable[[], bool], timeout: float = 60.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out: {what}"
        time.sleep(0.01)


# --- raw access to the store, beside the library ------------------------------------------


class Probe:
    """A plain connection to the store, for polling progress and holding the write lock."""

    def __init__(self, location: str, events_table: str) -> None:
        self.backend = backend_of(location)
        self.location = location
        self.table = events_table
        self._lock: Any = None
        if self.backend == "sqlite":
            self.conn: Any = sqlite3.connect(location, isolation_level=None, timeout=30)
        else:
            import psycopg

            self.conn = psycopg.connect(location, autocommit=True, connect_timeout=5)

    def close(self) -> None:
        self.release()
        self.conn.close()

    def _one(self, statement: str, params: tuple[Any, ...] = ()) -> Any:
        if self.backend == "postgresql":
            statement = statement.replace("%", "%%").replace("?", "%s")
        row = self.conn.execute(statement, params).fetchone()
        return row[0] if row else None

    def count(self, event_class: type[ev.LedgerEvent]) -> int:
        """How many events of this class are stored (committed)."""
        return int(
            self._one(
                f"SELECT count(*) FROM {self.table} WHERE topic = ?", (get_topic(event_class),)
            )
        )

    # The write lock: every save takes it (SQLite's RESERVED lock; the library's EXCLUSIVE
    # table lock on PostgreSQL), so a command that meets it reads, decides and then waits
    # inside its write transaction until the test lets go.

    def lock(self) -> None:
        if self.backend == "sqlite":
            self.conn.execute("BEGIN IMMEDIATE")
            self._lock = self.conn
        else:
            import psycopg

            self._lock = psycopg.connect(self.location, connect_timeout=5)
            self._lock.execute(f"LOCK TABLE {self.table} IN EXCLUSIVE MODE")

    def release(self) -> None:
        if self._lock is None:
            return
        lock, self._lock = self._lock, None
        if self.backend == "sqlite":
            lock.execute("ROLLBACK")
        else:
            lock.rollback()
            lock.close()

    def waiting(self, app_name: str) -> bool:
        """Whether the named process waits for the write lock, inside its save's transaction
        (PostgreSQL only)."""
        return bool(
            self._one(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE NOT l.granted AND a.application_name = ? AND a.query LIKE 'LOCK TABLE%'",
                (app_name,),
            )
        )

    def reading(self, app_name: str) -> bool:
        """Whether the named process has started reading the log, past its start-up (whose
        ``CREATE INDEX IF NOT EXISTS`` would wait for the write lock too; PostgreSQL only)."""
        return bool(
            self._one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ? "
                "AND query LIKE 'SELECT%' AND query LIKE ?",
                (app_name, f"%{self.table.rpartition('.')[2]}%"),
            )
        )

    def connected(self, app_name: str) -> bool:
        """Whether the named process has a session (PostgreSQL only)."""
        return bool(
            self._one(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", (app_name,)
            )
        )


@contextmanager
def opened(location: str, keys: Path) -> Iterator[Ledger]:
    ledger = Ledger(open_store(location), keys=KeyStore(keys))
    try:
        yield ledger
    finally:
        ledger.close()


@contextmanager
def probe(location: str, keys: Path) -> Iterator[Probe]:
    with opened(location, keys) as ledger:
        table = ledger.recorder.events_table_name  # type: ignore[attr-defined]
        if backend_of(location) == "postgresql":
            table = f"{ledger.recorder.datastore.schema or 'public'}.{table}"  # type: ignore[attr-defined]
    p = Probe(location, table)
    try:
        yield p
    finally:
        p.close()


# --- reading the stored log ---------------------------------------------------------------

NAMING: dict[str, tuple[tuple[type[ev.LedgerEvent], ...], str]] = {
    "exam": ((ev.ExamPassed, ev.ExamFailed), "exam_id"),
    "certificate": ((ev.Certified,), "certificate_no"),
    "application": ((ev.LicenceApplied,), "application_no"),
    "licence": ((ev.LicenceGranted,), "licence_no"),
    "str": ((ev.StrIssued,), "str_no"),
    "sipps": ((ev.SippsGranted,), "sipps_no"),
}


@dataclass
class LogFacts:
    """Everything stored, stream by stream, with the indexes the checks need."""

    streams: dict[UUID, list[ev.LedgerEvent]] = field(default_factory=lambda: defaultdict(list))
    series: dict[UUID, str] = field(default_factory=dict)
    issued: dict[UUID, list[ev.NumberIssued]] = field(default_factory=lambda: defaultdict(list))
    assigned: dict[str, UUID] = field(default_factory=dict)
    claims: dict[UUID, UUID] = field(default_factory=dict)
    members: dict[str, UUID] = field(default_factory=dict)  # registration no -> stream
    niks: dict[str, str] = field(default_factory=dict)  # NIK -> registration no
    problems: list[str] = field(default_factory=list)

    def add(self, event: ev.LedgerEvent) -> None:
        stream = self.streams[event.originator_id]
        stream.append(event)
        if event.originator_version != len(stream):
            self.problems.append(
                f"stream {event.originator_id}: entry {event.originator_version} "
                f"stored as number {len(stream)}"
            )
        if isinstance(event, ev.SeriesStarted):
            self.series[event.originator_id] = event.series
        elif isinstance(event, ev.NumberIssued):
            self.issued[event.originator_id].append(event)
        elif isinstance(event, ev.NumberAssigned):
            self.assigned[event.number] = event.member_id
        elif isinstance(event, ev.NikClaimed):
            self.claims[event.originator_id] = event.member_id
        elif isinstance(event, ev.Registered):
            self.members[event.registration_no] = event.originator_id
            if event.nik in self.niks:
                self.problems.append(f"NIK ending {event.nik[-4:]} registered twice")
            self.niks[event.nik] = event.registration_no

    def member(self, registration_no: str) -> list[ev.LedgerEvent]:
        return self.streams.get(self.members.get(registration_no, UUID(int=0)), [])

    def of(self, registration_no: str, kind: type[ev.LedgerEvent]) -> list[Any]:
        return [e for e in self.member(registration_no) if isinstance(e, kind)]


def read_log(ledger: Ledger, page: int = 5000) -> LogFacts:
    facts = LogFacts()
    start = 0
    while True:
        batch = ledger.recorder.select_notifications(start, page, inclusive_of_start=False)
        for notification in batch:
            facts.add(ledger.mapper.to_domain_event(notification))  # type: ignore[arg-type]
        if len(batch) < page:
            return facts
        start = batch[-1].id


def numbering_problems(facts: LogFacts, ledger: Ledger) -> list[str]:
    """Gapless series whose every number names its member, and NIK claims paired with members."""
    problems: list[str] = []
    registrations: set[str] = set()
    numbers: set[str] = set()
    for sid, issues in facts.issued.items():
        name = facts.series.get(sid)
        if name is None:
            problems.append(f"series stream {sid} issues numbers but never started")
            continue
        last = 0
        for issue in issues:
            if issue.number - issue.count != last:
                problems.append(f"series {name}: after {last} it issued {issue.number}")
            last = issue.number
        kind, _, rest = name.partition(":")
        if kind == "registration":
            province, year = rest.split(":")
            registrations |= {
                format_registration_no(province, int(year), n) for n in range(1, last + 1)
            }
        else:  # kind:year, or kind:scope:year (a SIPPS's regency)
            *scope, year = rest.split(":")
            numbers |= {
                format_number(kind, int(year), n, scope[0] if scope else None)
                for n in range(1, last + 1)
            }
    for number in sorted(registrations - set(facts.members)):
        problems.append(f"registration number {number} issued, but no member holds it")
    for number in sorted(set(facts.members) - registrations):
        problems.append(f"member {number} registered, but its number was never issued")
    for number in sorted(numbers - set(facts.assigned)):
        problems.append(f"{number} issued, but assigned to no member")
    for number in sorted(set(facts.assigned) - numbers):
        problems.append(f"{number} assigned, but never issued")
    named: dict[str, UUID] = {}
    for sid, stream in facts.streams.items():
        for event in stream:
            for classes, attribute in NAMING.values():
                if isinstance(event, classes):
                    named[getattr(event, attribute)] = sid
    for number, holder in sorted(facts.assigned.items()):
        if named.get(number) != holder:
            problems.append(f"{number} assigned to a member whose stream does not use it")
    for number in sorted(set(named) - set(facts.assigned)):
        problems.append(f"{number} used by a member but never assigned")
    holders = set(facts.members.values())
    for registration_no, sid in sorted(facts.members.items()):
        if sid != member_id(registration_no):
            problems.append(f"member {registration_no} stored under the wrong stream")
        nik = facts.streams[sid][0].nik  # type: ignore[attr-defined]
        if facts.claims.get(ledger.nik_claim_id(nik)) != sid:
            problems.append(f"member {registration_no} has no claim on its NIK")
    for claim, holder in facts.claims.items():
        if holder not in holders:
            problems.append(f"NIK claim {claim} names no registered member")
    return problems


def _fall(event: ev.LedgerEvent) -> tuple[str, str] | None:
    """(what fell, what it fell with) of a revocation that followed another; None otherwise."""
    if isinstance(event, ev.LicenceRevoked | ev.StrRevoked) and event.with_certificate:
        return getattr(event, "licence_no", None) or event.str_no, event.with_certificate
    if isinstance(event, ev.SippsRevoked) and event.with_str:
        return event.sipps_no, event.with_str
    return None


def revocation_problems(facts: LogFacts) -> list[str]:
    """A revocation carries, right after it, the fall of everything live resting on it: a
    certificate's licences and STRs (and their SIPPS), an STR's SIPPS; nothing falls without
    the revocation of what it rests on."""
    problems: list[str] = []
    for sid, stream in facts.streams.items():
        applied: dict[str, str] = {}
        live: dict[str, str] = {}  # licence, STR or SIPPS -> what it rests on, not revoked
        gone: set[str] = set()  # revoked certificates, licences, STRs and SIPPS
        index = 0
        while index < len(stream):
            event = stream[index]
            index += 1
            if isinstance(event, ev.LicenceApplied):
                applied[event.application_no] = event.certificate_no
            elif isinstance(event, ev.LicenceGranted):
                live[event.licence_no] = applied[event.application_no]
            elif isinstance(event, ev.StrIssued):
                live[event.str_no] = event.certificate_no
            elif isinstance(event, ev.SippsGranted):
                live[event.sipps_no] = event.str_no
            if isinstance(event, ev.CertificateRevoked | ev.StrRevoked | ev.SippsRevoked):
                # a fall on its own: only of what was just issued on a base revoked before
                if (fall := _fall(event)) is not None and fall[1] not in gone:
                    problems.append(f"{sid}: {fall[0]} fell without its revocation")
                revoked = getattr(event, "certificate_no", None) or getattr(event, "str_no", "")
                gone.add(revoked)
                live.pop(revoked, None)
                live.pop(getattr(event, "sipps_no", ""), None)
                if isinstance(event, ev.SippsRevoked):
                    continue
                down, fell = {revoked}, []
                while index < len(stream) and (fall := _fall(stream[index])) is not None:
                    if fall[1] not in down:
                        break
                    fell.append(fall[0])
                    down.add(fall[0])
                    index += 1
                due: set[str] = set()
                while more := {n for n, on in live.items() if on in due | {revoked}} - due:
                    due |= more
                if sorted(fell) != sorted(due):
                    problems.append(
                        f"{sid}: {revoked} revoked; {sorted(due)} should have fallen with it, "
                        f"{sorted(fell)} did"
                    )
                for number in fell:
                    live.pop(number, None)
                gone.update(fell)
    return problems


# --- the views --------------------------------------------------------------------------------


def snapshot(model: ReadModel) -> dict[str, list[str]]:
    """Every view table's rows, in a total order."""
    tables = [t for view in model.views for t in view.tables]
    return {
        t: sorted(
            json.dumps(r, sort_keys=True, default=str) for r in model.rows(f"SELECT * FROM {t}")
        )
        for t in tables
    }


def view_positions(ledger: Ledger) -> list[int]:
    model = open_read_model(ledger, catch_up=False)
    return [model.position(view) for view in model.views]


def views_problems(ledger: Ledger) -> list[str]:
    """Catch the views up (resuming wherever a killed process left them), then rebuild."""
    model = open_read_model(ledger)
    head = ledger.event_count()
    problems = [
        f"view {row['view']} at {row['position']} after catching up to {head}"
        for row in model.status(ledger)
        if row["position"] != head
    ]
    caught_up = snapshot(model)
    model.rebuild(ledger)
    rebuilt = snapshot(model)
    for table in caught_up:
        if caught_up[table] != rebuilt[table]:
            only_a = sorted(set(caught_up[table]) - set(rebuilt[table]))[:3]
            only_b = sorted(set(rebuilt[table]) - set(caught_up[table]))[:3]
            problems.append(
                f"view table {table}: {len(caught_up[table])} rows caught up, "
                f"{len(rebuilt[table])} rebuilt; caught up only {only_a}; rebuilt only {only_b}"
            )
    return problems


def reset_views(ledger: Ledger) -> None:
    """Empty every view and its position (as ``rebuild`` does, without catching up), so a
    follower has the whole log to catch up."""
    model = open_read_model(ledger, catch_up=False)
    with model.datastore.transaction(commit=True) as cursor:
        for view in model.views:
            for statement in view.drop_statements():
                cursor.execute(model.sql(statement))
            cursor.execute(
                model.sql(f"DELETE FROM {model.tracking_table()} WHERE application_name = ?"),
                (model.tracking_name(view),),
            )
            for statement in view.create_statements():
                cursor.execute(model.sql(statement))


# --- legacy lists to import ---------------------------------------------------------------


@dataclass
class LegacyList:
    path: Path
    valid: list[str]  # the NIKs an import registers, in file order
    duplicates: int  # rows repeating an earlier row's NIK
    rejected: int  # malformed rows

    def batches(self) -> list[frozenset[str]]:
        """The valid rows as the importer groups them: one transaction each."""
        return [frozenset(self.valid[i : i + BATCH]) for i in range(0, len(self.valid), BATCH)]


def write_legacy_list(path: Path, rng: random.Random, rows: int) -> LegacyList:
    """A congress list: ``rows`` members, with about 1% malformed rows and 1% repeated NIKs."""

    def line(name: str, nik: str, born: str, province: str, email: str, on: str) -> str:
        return ",".join([name, nik, born, province, email, on])

    lines = ["name,nik,birth_date,province,email,registered_on"]
    valid: list[str] = []
    duplicates = rejected = 0
    for i in range(rows):
        if rng.random() < 0.01:
            rejected += 1
            bad = rng.choice(["nik", "date", "province", "email"])
            lines.append(
                line(
                    person(rng),
                    "12345" if bad == "nik" else nik_for("32", "1980-01-05", i),
                    "1980-02-30" if bad == "date" else "1980-01-05",
                    "99" if bad == "province" else "32",
                    f"anggota{i}.example.org" if bad == "email" else f"x{i}@example.org",
                    "2010-03-01",
                )
            )
        if valid and rng.random() < 0.01:
            duplicates += 1
            lines.append(
                line(person(rng), rng.choice(valid), "1975-05-05", "32", "d@example.org", "")
            )
        province = rng.choice(PROVINCES)
        born = date(rng.randrange(1960, 1990), rng.randrange(1, 13), rng.randrange(1, 29))
        nik = nik_for(province, born, i)
        on = date(rng.choice([2010, 2011, 2012]), rng.randrange(1, 13), rng.randrange(1, 29))
        lines.append(
            line(person(rng), nik, str(born), province, f"anggota{i}@example.org", str(on))
        )
        valid.append(nik)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return LegacyList(path, valid, duplicates, rejected)


def present_batches(facts: LogFacts, legacy: LegacyList, others: Iterable[str] = ()) -> set[int]:
    """Which of the file's batches are registered: each one wholly or not at all. ``others``
    are the NIKs registered by other commands."""
    registered = set(facts.niks) - set(others)
    assert registered <= set(legacy.valid), "registered a NIK the file does not hold validly"
    present = set()
    for number, batch in enumerate(legacy.batches()):
        found = len(batch & registered)
        assert found in (0, len(batch)), f"batch {number + 1}: {found} of {len(batch)} registered"
        if found:
            present.add(number)
    return present


# --- the one check -------------------------------------------------------------------------


def check_ledger(
    location: str, keys: Path, *, numbering: bool = True, context: str = ""
) -> LogFacts:
    """Everything the module docstring promises; fails listing every problem found."""
    with opened(location, keys) as ledger:
        facts = read_log(ledger)
        problems = list(facts.problems)
        if numbering:
            problems += numbering_problems(facts, ledger)
        problems += revocation_problems(facts)
        verdict = verify_ledger(ledger)
        if not verdict["verified"]:
            problems += [f"verify: {f}" for f in verdict["failures"][:10]]
        problems += views_problems(ledger)
    assert not problems, f"{context}\n" + "\n".join(problems[:30])
    return facts
