"""The access log: every time someone was shown a member's full personal data or given a copy
of it (UU 27/2022 Pasal 14), read from the signed events that record it."""

from __future__ import annotations

from ledger import events as ev
from projections.views import Execute, View, recorded


def shown(execute: Execute, e: ev.PersonalDataShown | ev.PersonalDataExported) -> None:
    what = e.command if isinstance(e, ev.PersonalDataShown) else "member export-data"
    execute(
        "INSERT INTO view_access VALUES (?,?,?,?,?,?)",
        (str(e.originator_id), e.originator_version, recorded(e), e.actor, e.actor_role, what),
    )


ACCESS = View(
    name="access",
    summary="who was shown whose full personal data, or given a copy, and when",
    tables={
        "view_access": "member_id TEXT NOT NULL, entry INTEGER NOT NULL, recorded_at TEXT, "
        "actor TEXT, actor_role TEXT, what TEXT, PRIMARY KEY (member_id, entry)",
    },
    indexes=("view_access_at ON view_access (recorded_at)",),
    handlers={ev.PersonalDataShown: shown, ev.PersonalDataExported: shown},
)
