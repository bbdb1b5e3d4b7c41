"""Dues by member and year (province comes from the member register when reporting)."""

from __future__ import annotations

from ledger import events as ev
from projections.views import Execute, View, iso, recorded


def paid(execute: Execute, e: ev.DuesPaid) -> None:
    execute(
        "INSERT INTO view_dues VALUES (?,?,?,?,?,?,?,?)",
        (
            str(e.originator_id),
            e.originator_version,
            e.year,
            e.amount,
            iso(e.effective_date),
            e.evidence,
            recorded(e),
            None,
        ),
    )


def withdrawn(execute: Execute, e: ev.EntryCorrected) -> None:
    execute(
        "UPDATE view_dues SET withdrawn_at = ? WHERE member_id = ? AND entry = ?",
        (recorded(e), str(e.originator_id), e.entry),
    )


DUES = View(
    name="dues",
    summary="dues by member, year and (through the register) province",
    tables={
        "view_dues": "member_id TEXT NOT NULL, entry INTEGER NOT NULL, year INTEGER, "
        "amount INTEGER, paid_on TEXT, receipt TEXT, recorded_at TEXT, withdrawn_at TEXT, "
        "PRIMARY KEY (member_id, entry)",
    },
    indexes=(),
    handlers={ev.DuesPaid: paid, ev.EntryCorrected: withdrawn},
)
