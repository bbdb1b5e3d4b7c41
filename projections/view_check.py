"""The views under the integrity check: the stored view tables compared, row by row, with
views built afresh in memory from the log. A view row no event explains, one an event should
have made but is missing, a tracking position beyond the log's head, or one where the log
holds another event than the views saw, is named."""

from __future__ import annotations

import sqlite3
from collections import Counter
from typing import Any

from ledger.application import Ledger
from ledger.errors import IntegrityFailure
from projections.read_model import ReadModel, _execute_batched, compute_page, open_read_model
from projections.views import View

SHOWN = 5  # differing rows named per table; the count says how many there are


def view_problems(ledger: Ledger) -> tuple[int, list[str]]:
    """(rows compared, problems): each stored view against the same view rebuilt from the log
    up to the view's position. Views behind the head catch up first, as reads do, unless reads
    leave that to a follower (a role that may not write the views)."""
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
    for position, views in sorted(at.items()):
        fresh = _built_in_memory(ledger, model, position)
        for view in views:
            for table in view.tables:
                stored_rows = model.rows(f"SELECT * FROM {table}")
                fresh_rows = _rows(fresh, table)
                compared += len(stored_rows)
                if _as_read(stored_rows) != _as_read(fresh_rows):
                    # PostgreSQL's values may differ in type only: compared as text
                    stored = Counter(map(_row, stored_rows))
                    problems += _differences(table, stored, Counter(map(_row, fresh_rows)))
        fresh.close()
    return compared, problems


def _built_in_memory(ledger: Ledger, model: ReadModel, head: int) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    for view in model.views:
        for statement in view.create_statements():
            connection.execute(statement)
    positions = {view.name: 0 for view in model.views}
    page = compute_page(ledger, 0, head, positions)
    cursor = connection.cursor()
    for view in model.views:
        _execute_batched(cursor, page.statements.get(view.name, []), lambda s: s)
    return connection


def _rows(connection: sqlite3.Connection, table: str) -> list[dict[str, Any]]:
    return [dict(row) for row in connection.execute(f"SELECT * FROM {table}")]


def _as_read(rows: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(tuple(row.values()) for row in rows)


def _row(row: dict[str, Any]) -> tuple[str | None, ...]:
    return tuple(None if v is None else str(v) for v in row.values())


def _differences(
    table: str, stored: Counter[tuple[str | None, ...]], expected: Counter[tuple[str | None, ...]]
) -> list[str]:
    extra, missing = stored - expected, expected - stored
    lines = [f"{table}: row {list(r)} is in the view, but no event makes it" for r in extra]
    lines += [
        f"{table}: row {list(r)} is made by the log, but missing from the view" for r in missing
    ]
    if len(lines) > SHOWN:
        lines = [*lines[:SHOWN], f"{table}: {len(lines) - SHOWN} more differing row(s)"]
    return lines
