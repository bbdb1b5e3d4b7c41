"""The read model: every view's tables and tracking positions, in the ledger's own store.

Built with the library's projection machinery: a tracking recorder whose transaction writes a
page of view rows *and* each view's tracking position, so an event is applied exactly once even
if the process dies mid-page (the library refuses a tracking position that does not advance, and
the page rolls back with it). A CLI read calls ``catch_up`` first, so views are never stale;
when nothing is new that costs one query per view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import orjson
from eventsourcing.persistence import IntegrityError, Tracking, TrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from eventsourcing.utils import get_topic

from ledger import events as ev
from ledger.application import Ledger
from ledger.errors import IntegrityFailure, NotFound
from ledger.integrity import stored_hash
from ledger.storage.log import select_notifications
from ledger.storage.store import Store, creating_tables
from projections.views import View, all_views

# Notification ids per transaction (see benchmarks/README.md); PEKSOS_VIEW_PAGE overrides it
# (commands/bootstrap.py sets ``ledger.view_page``).
PAGE = 20000
PARALLEL_FROM = 100_000  # backlog from which decoding moves to a second process

Progress = Callable[[int], None]

# With each tracking position, the hash of the event there: a log cut back and grown again
# under the views (SQLite reuses the positions of deleted rows) cannot go unseen.
MARKS = "CREATE TABLE IF NOT EXISTS view_marks (position INTEGER PRIMARY KEY, hash TEXT NOT NULL)"
MARK = (
    "INSERT INTO view_marks VALUES (?, ?) ON CONFLICT (position) DO UPDATE SET hash = excluded.hash"
)


class Statements(list[tuple[str, tuple[Any, ...]]]):
    """What a view's handlers ask to execute for one page, collected to run in batches."""

    def __call__(self, statement: str, params: tuple[Any, ...]) -> None:
        self.append((statement, params))


@dataclass
class Page:
    """The statements each view needs for one range of the log: plain data, picklable."""

    events: int
    statements: dict[str, Statements]
    mark: str  # the hash of the event at the page's last position ("" if none is there)


def compute_page(ledger: Ledger, after: int, upto: int, positions: dict[str, int]) -> Page:
    """Decode the events with ids in (after, upto] and run every view's handlers on them.

    Pure: reads the log, writes nothing, so it can run in another process.
    """
    views = ReadModel.views
    handled = [get_topic(cls) for view in views for cls in view.handlers]
    statements = {view.name: Statements() for view in views}
    notifications = select_notifications(
        ledger,
        after,
        upto - after,
        stop=upto,
        topics=sorted(set(handled)),
        inclusive_of_start=False,
    )
    personal = {get_topic(cls) for cls in ev.PERSONAL_EVENTS}
    ledger.personal.prefetch(n.originator_id for n in notifications if n.topic in personal)
    for notification in notifications:
        event = cast(ev.LedgerEvent, ledger.mapper.to_domain_event(notification))
        for view in views:
            handler = view.handlers.get(type(event))
            if handler is not None and positions[view.name] < notification.id:
                handler(statements[view.name], event)
    return Page(len(notifications), statements, event_at(ledger, upto))


def event_at(ledger: Ledger, position: int) -> str:
    """The hash of the stored event at log ``position``, "" if there is none (or it is not
    the ledger's JSON: the audit names that)."""
    at = select_notifications(ledger, position, 1, stop=position)
    if not at:
        return ""
    n = at[0]
    try:
        return stored_hash(
            str(n.originator_id), n.originator_version, n.topic, orjson.loads(n.state)
        )
    except (orjson.JSONDecodeError, TypeError, AttributeError):
        return ""


_worker_ledger: Ledger | None = None
WORKERS, AHEAD = 2, 3


def _worker_start(store: Store, keys: Any) -> None:
    global _worker_ledger
    _worker_ledger = Ledger(store, keys=keys)  # keys: to open the sealed personal data


def _worker_page(after: int, upto: int, positions: dict[str, int]) -> Page:
    assert _worker_ledger is not None
    return compute_page(_worker_ledger, after, upto, positions)


def _pages_in_worker(
    ledger: Ledger, ranges: list[tuple[int, int]], positions: dict[str, int]
) -> Iterator[Page]:
    """Pages computed by WORKERS processes, AHEAD ranges ahead of the writer."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")  # never fork open database connections
    keys = ledger.keys if ledger.has_key_store else None
    with ProcessPoolExecutor(WORKERS, context, _worker_start, (ledger.store, keys)) as pool:
        pending = [pool.submit(_worker_page, a, b, positions) for a, b in ranges[:AHEAD]]
        for index in range(len(ranges)):
            if index + AHEAD < len(ranges):
                a, b = ranges[index + AHEAD]
                pending.append(pool.submit(_worker_page, a, b, positions))
            yield pending[index].result()
            pending[index] = None  # type: ignore[call-overload]


class ReadModel(TrackingRecorder):
    """All views of one ledger, kept in the ledger's own store, whichever backend it is."""

    views: tuple[View, ...] = all_views()
    datastore: Any
    _insert_tracking: Callable[[Any, Tracking], None]  # the backend recorder's

    def sql(self, statement: str) -> str:
        """A view statement in this backend's dialect (views are written for SQLite)."""
        return statement

    def tracking_table(self) -> str:
        return "tracking"

    # --- positions -----------------------------------------------------------------------

    @staticmethod
    def tracking_name(view: View) -> str:
        return f"view.{view.name}"

    def position(self, view: View) -> int:
        return self.max_tracking_id(self.tracking_name(view)) or 0

    def positions(self) -> dict[str, int]:
        """Every view's position, in one query (a read asks for them all, twice: one query
        each was 19 of a web lookup's 98 statements, profiled)."""
        found = {
            row["application_name"]: row["position"]
            for row in self.rows(
                f"SELECT application_name, MAX(notification_id) AS position "
                f"FROM {self.tracking_table()} GROUP BY application_name"
            )
        }
        return {view.name: found.get(self.tracking_name(view)) or 0 for view in self.views}

    def view(self, name: str) -> View:
        for view in self.views:
            if view.name == name:
                return view
        names = ", ".join(v.name for v in self.views)
        raise NotFound(f"no view named {name!r}; the views are: {names}")

    def status(self, ledger: Ledger) -> list[dict[str, Any]]:
        head = ledger.event_count()
        return [
            {
                "view": view.name,
                "position": (position := self.position(view)),
                "head": head,
                "lag": head - position,
                "about": view.summary,
            }
            for view in self.views
        ]

    # --- applying events -----------------------------------------------------------------

    def catch_up(
        self,
        ledger: Ledger,
        *,
        progress: Progress | None = None,
        parallel: bool = True,
        checked: bool = True,
    ) -> int:
        """Apply every event recorded since each view's position; returns events applied.

        A large backlog (a rebuild, a first read after an import) is decoded in a second
        process while this one writes, so both cores work; a small one is done here.
        """
        applied = 0
        if checked and (problems := self.log_problems(ledger)):
            raise IntegrityFailure(
                "the log is no longer the one the views were built from: nothing is shown "
                "from them (`peksos audit verify` names what changed; `peksos projections "
                "rebuild` builds them from the log as it is)",
                problems,
            )
        while True:
            positions = self.positions()
            start, head = min(positions.values()), ledger.event_count()
            if start >= head:
                return applied
            size = ledger.view_page or PAGE
            ranges = [(a, min(a + size, head)) for a in range(start, head, size)]
            pages = (
                _pages_in_worker(ledger, ranges, positions)
                if parallel and head - start >= PARALLEL_FROM
                else (compute_page(ledger, a, b, positions) for a, b in ranges)
            )
            try:
                for (after, upto), page in zip(ranges, pages, strict=True):
                    self._apply_page(page, upto, positions)
                    applied += page.events
                    if progress:
                        progress(upto - after)
            except IntegrityError as error:
                if positions == self.positions():
                    # no other process moved on: a view cannot take the log's next event
                    raise IntegrityFailure(
                        "the views cannot take the log's events: `peksos audit verify` names "
                        "what differs",
                        [f"after log position {min(positions.values())}: {error}"],
                    ) from None
                continue  # another process applied these first: re-read positions, go on

    def log_problems(self, ledger: Ledger) -> list[str]:
        """Is the log still the one the views were brought up to? Each view's position must
        be within the log, and the event there the one the views saw there (its hash is kept
        with the position). Otherwise events were deleted, and perhaps others appended in
        their place, at positions the views would skip."""
        head = ledger.event_count()
        at: dict[int, list[str]] = {}
        for name, position in self.positions().items():
            at.setdefault(position, []).append(name)
        problems = []
        for position, names in sorted(at.items()):
            if position > head:
                problems += [
                    f"view {name}: tracked to position {position}, beyond the log's head {head}"
                    for name in names
                ]
                continue
            seen = self.rows("SELECT hash FROM view_marks WHERE position = ?", (position,))
            if position and seen and seen[0]["hash"] != event_at(ledger, position):
                problems.append(
                    f"view {', '.join(names)}: the event at log position {position} is not the "
                    "one the view saw there (the log was cut back and grew again)"
                )
        return problems

    def _apply_page(self, page: Page, upto: int, positions: dict[str, int]) -> None:
        """Write one page's statements and every view's new position in one transaction."""
        with self.datastore.transaction(commit=True) as cursor:
            for view in self.views:
                if positions[view.name] < upto:
                    _execute_batched(cursor, page.statements.get(view.name, []), self.sql)
                    self._insert_tracking(cursor, Tracking(self.tracking_name(view), upto))
            cursor.execute(self.sql(MARK), (upto, page.mark))
            # only the marks of positions some view is still at are ever checked
            lowest = min(max(position, upto) for position in positions.values())
            cursor.execute(self.sql("DELETE FROM view_marks WHERE position < ?"), (lowest,))

    def rebuild(
        self,
        ledger: Ledger,
        names: Iterable[str] = (),
        *,
        progress: Progress | None = None,
    ) -> list[str]:
        """Drop and rebuild the named views (all when none are named) from the event log."""
        views = [self.view(name) for name in names] or list(self.views)
        with self.datastore.transaction(commit=True) as cursor:
            for view in views:
                for statement in view.drop_statements():
                    cursor.execute(self.sql(statement))
                cursor.execute(
                    self.sql(f"DELETE FROM {self.tracking_table()} WHERE application_name = ?"),
                    (self.tracking_name(view),),
                )
                for statement in view.create_statements():
                    cursor.execute(self.sql(statement))
            if len(views) == len(self.views):  # every view starts again from the first event
                cursor.execute("DELETE FROM view_marks")
        self.catch_up(ledger, progress=progress, checked=False)
        return [view.name for view in views]

    # --- reading ---------------------------------------------------------------------------

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self.sql(statement), params)
            return [dict(row) for row in cursor.fetchall()]

    def each_row(self, statement: str) -> Iterator[tuple[Any, ...]]:
        """A query's rows as tuples, one at a time (``rows`` holds them all as dicts)."""
        with self.datastore.transaction(commit=False) as cursor:
            cursor.execute(self.sql(statement))
            while (row := cursor.fetchone()) is not None:  # the library's cursor: no fetchmany
                yield tuple(row.values()) if isinstance(row, dict) else tuple(row)


class SQLiteReadModel(ReadModel, SQLiteTrackingRecorder):
    """The views in the ledger's SQLite file, beside its events."""

    def construct_create_table_statements(self) -> list[str]:
        statements = [*super().construct_create_table_statements(), MARKS]
        for view in self.views:
            statements += view.create_statements()
        return statements


def open_read_model(ledger: Ledger, *, catch_up: bool | None = None) -> ReadModel:
    """The ledger's views, caught up to the head of its log unless told otherwise.

    By default a read catches up first; ``PEKSOS_CATCH_UP=no`` leaves that to a running
    ``projections run`` follower.
    """
    if catch_up is None:
        catch_up = ledger.catch_up_reads
    kind: type[ReadModel] = SQLiteReadModel
    if ledger.store.backend == "postgresql":
        from projections.read_model_postgres import PostgresReadModel

        kind = PostgresReadModel
    model = creating_tables(lambda: ledger.factory.tracking_recorder(kind))  # type: ignore[arg-type]
    assert isinstance(model, ReadModel)
    if catch_up:
        model.catch_up(ledger)
    return model


def _execute_batched(
    cursor: Any, statements: list[tuple[str, tuple[Any, ...]]], sql: Callable[[str], str]
) -> None:
    """Run a view's statements for one page: INSERTs first, grouped by statement, then the rest
    in their order, consecutive runs of one statement batched with executemany.

    Sound because a view's INSERTs are plain values that read no table and depend on no
    UPDATE (an UPDATE only changes a row an INSERT made); whatever a row takes from another
    table is filled in by an UPDATE, which runs after every INSERT of the page.
    """
    inserts: dict[str, list[tuple[Any, ...]]] = {}
    others: list[tuple[str, tuple[Any, ...]]] = []
    for statement, params in statements:
        if statement.startswith("INSERT"):
            inserts.setdefault(statement, []).append(params)
        else:
            others.append((statement, params))
    for statement, rows in inserts.items():
        cursor.executemany(sql(statement), rows)
    run: list[tuple[Any, ...]] = []
    current = ""
    for statement, params in others:
        if statement != current and run:
            cursor.executemany(sql(current), run)
            run = []
        current = statement
        run.append(params)
    if run:
        cursor.executemany(sql(current), run)
