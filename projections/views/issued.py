"""Every credential handed out as a verifiable credential, with its entries in the status
lists (a view of its own, so that ledgers whose views predate it gain it by catching up)."""

from __future__ import annotations

from ledger import events as ev
from projections.views import Execute, View, recorded


def credential_issued(execute: Execute, e: ev.CredentialIssued) -> None:
    execute(
        "INSERT INTO view_issued VALUES (?,?,?,?,?,?,?)",
        (
            str(e.credential_id),
            e.kind,
            e.number,
            str(e.originator_id),
            e.status_index,
            e.suspension_index,
            recorded(e),
        ),
    )


ISSUED = View(
    name="issued",
    summary="the credentials issued as signed tokens and their status-list entries",
    tables={
        "view_issued": "credential_id TEXT PRIMARY KEY, kind TEXT NOT NULL, "
        "number TEXT NOT NULL, member_id TEXT NOT NULL, status_index INTEGER NOT NULL, "
        "suspension_index INTEGER, recorded_at TEXT",
    },
    indexes=(),
    handlers={ev.CredentialIssued: credential_issued},
)
