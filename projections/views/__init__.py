"""Materialised views of the ledger: each owns its tables and the events that change them.

A view is plain data: table definitions and one handler per event type it cares about.
``projections.read_model`` applies handlers and records the view's tracking position in the same
transaction, so every event is applied exactly once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ledger import events as ev

Execute = Callable[[str, tuple[Any, ...]], None]
Handler = Callable[[Execute, Any], None]


@dataclass(frozen=True)
class View:
    name: str
    summary: str
    tables: dict[str, str]  # table name -> column definitions
    indexes: tuple[str, ...]
    handlers: dict[type[ev.LedgerEvent], Handler]

    def create_statements(self) -> list[str]:
        # Clustered on their primary key (WITHOUT ROWID): one B-tree per table, not two,
        # which halves the pages a rebuild writes (see benchmarks/README.md).
        return [
            f"CREATE TABLE IF NOT EXISTS {t} ({cols}) WITHOUT ROWID"
            for t, cols in self.tables.items()
        ] + [f"CREATE INDEX IF NOT EXISTS {index}" for index in self.indexes]

    def drop_statements(self) -> list[str]:
        return [f"DROP TABLE IF EXISTS {table}" for table in self.tables]


def iso(value: Any) -> str | None:
    return None if value is None else str(value)


def recorded(event: ev.LedgerEvent) -> str:
    """Recording time as sortable ISO text in UTC."""
    return event.timestamp.isoformat()


def all_views() -> tuple[View, ...]:
    from projections.views.access import ACCESS
    from projections.views.certificates import CERTIFICATES
    from projections.views.chain import CHAIN
    from projections.views.dues import DUES
    from projections.views.issued import ISSUED
    from projections.views.licences import LICENCES
    from projections.views.members import MEMBERS
    from projections.views.practice import PRACTICE
    from projections.views.seals import SEALS

    return (MEMBERS, CERTIFICATES, LICENCES, DUES, PRACTICE, SEALS, CHAIN, ISSUED, ACCESS)


def decision_change(table: str, changes: str, key: str, status_after: dict[str, str]) -> Handler:
    """The handler of a decision on a granted permit (a licence, a SIPPS): its row in ``table``
    takes the status the decision leads to, and ``changes`` gains the decision."""

    def changed(execute: Execute, e: Any) -> None:
        status = status_after[type(e).__name__]
        number = getattr(e, key)
        execute(f"UPDATE {table} SET status = ? WHERE {key} = ?", (status, number))
        execute(
            f"INSERT INTO {changes} VALUES (?,?,?,?,?,?)",
            (number, e.originator_version, iso(e.effective_date), status, e.reason, recorded(e)),
        )

    return changed
