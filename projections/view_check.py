"""The views under the integrity check: the stored view tables compared, row by row, with
views built afresh in memory from the log. A view row no event explains, one an event should
have made but is missing, a tracking position beyond the log's head, or one where the log
holds another event than the views saw, is named."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ledger.application import Ledger
from ledger.errors import IntegrityFailure
from projections.read_model import (
    PAGE,
    ReadModel,
    _execute_batched,
    compute_page,
    open_read_model,
)
from projections.views import View

SHOWN = 5  # differing rows named per table; the count says how many there are


def view_problems(ledger: Ledger) -> tuple[int, list[str]]:
    """(rows compared, problems): each stored view against the same view rebuilt from the log
    up to the view's position. Views behind the head catch up first, as reads do, unless reads
    leave that to a follower (a role that may not write the views).

    The fresh views are built page by page into a scratch SQLite file and each table is
    compared there, so the check needs the disk of one more copy of the views and the memory
    of one page, however large the ledger (held in memory, a 1,000,000-event ledger's check
    took 1.7 GB)."""
    model = open_read_model(ledger, catch_up=False)
    problems = model.log_problems(ledger)
    if ledger.catch_up_reads:
        try:
            model.catch_up(ledger, checked=False)
        except IntegrityFailure as failure:
            problems += [f"{failure.message}: {detail}" for detail in failure.details]
    head = ledger.event_count()
    at: dict[int, list[View]] = {}
    for view in model.views:
        at.setdefault(min(model.position(view), head), []).append(view)
    compared = 0
    with tempfile.TemporaryDirectory(prefix="peksos-view-check-") as folder:
        for position, views in sorted(at.items()):
            with _built_aside(ledger, model, position, Path(folder)) as fresh:
                for view in views:
                    for table in view.tables:
                        stored = model.each_row(f"SELECT * FROM {table}")
                        compared += _copy_as_text(fresh, table, stored)
                        problems += _differences(fresh, table)
    return compared, problems


@contextmanager
def _built_aside(
    ledger: Ledger, model: ReadModel, head: int, folder: Path
) -> Iterator[sqlite3.Connection]:
    """Every view built from the log up to ``head`` in a scratch file, a page at a time."""
    connection = sqlite3.connect(folder / f"views-{head}.sqlite", isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        for view in model.views:
            for statement in view.create_statements():
                connection.execute(statement)
        positions = {view.name: 0 for view in model.views}
        cursor = connection.cursor()
        for after in range(0, head, PAGE):
            page = compute_page(ledger, after, min(after + PAGE, head), positions)
            cursor.execute("BEGIN")
            for view in model.views:
                _execute_batched(cursor, page.statements.get(view.name, []), lambda s: s)
            cursor.execute("COMMIT")
        yield connection
    finally:
        connection.close()


def _copy_as_text(aside: sqlite3.Connection, table: str, rows: Iterable[Sequence[Any]]) -> int:
    """The stored ``rows`` of view ``table`` into a new table ``stored_TABLE`` of ``aside``,
    every value as text (PostgreSQL's values and SQLite's differ in type, not in what they
    say); returns how many."""
    width = len(_columns(aside, table))
    aside.execute(f"CREATE TABLE stored_{table} ({', '.join(f'c{i}' for i in range(width))})")
    cursor = aside.cursor()
    cursor.execute("BEGIN")
    cursor.executemany(
        f"INSERT INTO stored_{table} VALUES ({', '.join('?' * width)})",
        (tuple(None if v is None else str(v) for v in row) for row in rows),
    )
    cursor.execute("COMMIT")
    return int(aside.execute(f"SELECT COUNT(*) FROM stored_{table}").fetchone()[0])


def _columns(aside: sqlite3.Connection, table: str) -> list[str]:
    return [c[0] for c in aside.execute(f"SELECT * FROM {table} LIMIT 0").description]


def _differences(aside: sqlite3.Connection, table: str) -> list[str]:
    """The rows of the stored table no event explains, and those the log makes that it lacks
    (each table has a primary key: a row is there once or not at all). The views hold text
    and integers only, so SQLite's text of a value is Python's."""
    made = f"SELECT {', '.join(f'CAST({c} AS TEXT)' for c in _columns(aside, table))} FROM {table}"
    extra = aside.execute(f"SELECT * FROM stored_{table} EXCEPT {made}")
    lines = [f"{table}: row {list(r)} is in the view, but no event makes it" for r in extra]
    missing = aside.execute(f"{made} EXCEPT SELECT * FROM stored_{table}")
    lines += [f"{table}: row {list(r)} is made by the log, but missing from the view"
              for r in missing]  # fmt: skip
    if len(lines) > SHOWN:
        lines = [*lines[:SHOWN], f"{table}: {len(lines) - SHOWN} more differing row(s)"]
    return lines
