"""Training and practice totals: the entries they are summed from, withdrawals included."""

from __future__ import annotations

from ledger import events as ev
from projections.views import Execute, View, iso, recorded


def trained(execute: Execute, e: ev.TrainingLogged) -> None:
    execute(
        "INSERT INTO view_training VALUES (?,?,?,?,?,?)",
        (
            str(e.originator_id),
            e.originator_version,
            str(e.hours),
            iso(e.effective_date),
            recorded(e),
            None,
        ),
    )


def practised(execute: Execute, e: ev.ExperienceRecorded) -> None:
    execute(
        "INSERT INTO view_practice VALUES (?,?,?,?,?,?)",
        (
            str(e.originator_id),
            e.originator_version,
            iso(e.effective_date),
            iso(e.ended_on),
            recorded(e),
            None,
        ),
    )


def withdrawn(execute: Execute, e: ev.EntryCorrected) -> None:
    for table in ("view_training", "view_practice"):
        execute(
            f"UPDATE {table} SET withdrawn_at = ? WHERE member_id = ? AND entry = ?",
            (recorded(e), str(e.originator_id), e.entry),
        )


PRACTICE = View(
    name="practice",
    summary="training hours and practice periods per member",
    tables={
        # hours as text: exact decimals, summed with Decimal
        "view_training": "member_id TEXT NOT NULL, entry INTEGER NOT NULL, hours TEXT, "
        "completed_on TEXT, recorded_at TEXT, withdrawn_at TEXT, PRIMARY KEY (member_id, entry)",
        "view_practice": "member_id TEXT NOT NULL, entry INTEGER NOT NULL, started_on TEXT, "
        "ended_on TEXT, recorded_at TEXT, withdrawn_at TEXT, PRIMARY KEY (member_id, entry)",
    },
    indexes=(),
    handlers={
        ev.TrainingLogged: trained,
        ev.ExperienceRecorded: practised,
        ev.EntryCorrected: withdrawn,
    },
)
