"""The member register: one row per member, their profile as it stands."""

from __future__ import annotations

from ledger import events as ev
from projections.views import Execute, View, iso, recorded


def registered(execute: Execute, e: ev.Registered) -> None:
    execute(
        "INSERT INTO view_members VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            str(e.originator_id),
            e.registration_no,
            e.name,
            e.nik,
            iso(e.birth_date),
            e.province,
            e.email,
            e.phone,
            iso(e.effective_date),
            e.source,
            recorded(e),
        ),
    )


def profile_updated(execute: Execute, e: ev.ProfileUpdated) -> None:
    execute(
        "UPDATE view_members SET name = COALESCE(?, name), email = COALESCE(?, email), "
        "phone = COALESCE(?, phone) WHERE member_id = ?",
        (e.name, e.email, e.phone, str(e.originator_id)),
    )


def identity_corrected(execute: Execute, e: ev.IdentityCorrected) -> None:
    execute(
        "UPDATE view_members SET nik = COALESCE(?, nik), birth_date = COALESCE(?, birth_date), "
        "province = COALESCE(?, province) WHERE member_id = ?",
        (e.nik, iso(e.birth_date) if e.birth_date else None, e.province, str(e.originator_id)),
    )


MEMBERS = View(
    name="members",
    summary="the member register: profile, province, registration",
    tables={
        "view_members": "member_id TEXT PRIMARY KEY, registration_no TEXT NOT NULL, "
        "name TEXT, nik TEXT, birth_date TEXT, province TEXT, email TEXT, phone TEXT, "
        "registered_on TEXT, source TEXT, recorded_at TEXT",
    },
    indexes=(),  # reports read the whole register; an index would only slow rebuilds
    handlers={
        ev.Registered: registered,
        ev.ProfileUpdated: profile_updated,
        ev.IdentityCorrected: identity_corrected,
    },
)
