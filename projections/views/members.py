"""The member register: one row per member, their profile as it stands.

It holds what its readers (every list and report) may see: the NIK masked to its last four
digits, and no birth date, email or phone (those columns stay, empty, so existing views keep
their shape; a rebuild empties them in a view made before). A full NIK or contact is read from
the member's stream, by those allowed to see it (commands/queries.py)."""

from __future__ import annotations

from ledger import events as ev
from projections.folding import mask_nik
from projections.views import Execute, View, iso, recorded


def registered(execute: Execute, e: ev.Registered) -> None:
    execute(
        "INSERT INTO view_members VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (
            str(e.originator_id),
            e.registration_no,
            e.name,
            mask_nik(e.nik),
            None,
            e.province,
            None,
            None,
            iso(e.effective_date),
            e.source,
            recorded(e),
        ),
    )


def profile_updated(execute: Execute, e: ev.ProfileUpdated) -> None:
    execute(
        "UPDATE view_members SET name = COALESCE(?, name) WHERE member_id = ?",
        (e.name, str(e.originator_id)),
    )


def identity_corrected(execute: Execute, e: ev.IdentityCorrected) -> None:
    execute(
        "UPDATE view_members SET nik = COALESCE(?, nik), province = COALESCE(?, province) "
        "WHERE member_id = ?",
        (mask_nik(e.nik) if e.nik else None, e.province, str(e.originator_id)),
    )


def restricted(execute: Execute, e: ev.ProcessingRestricted) -> None:
    execute(
        "INSERT INTO view_restricted VALUES (?,?)", (str(e.originator_id), iso(e.effective_date))
    )


def erased(execute: Execute, e: ev.PersonalDataErased) -> None:
    execute(
        "UPDATE view_members SET name = ?, nik = ? WHERE member_id = ?",
        (ev.ERASED, ev.ERASED, str(e.originator_id)),
    )


def restriction_lifted(execute: Execute, e: ev.RestrictionLifted) -> None:
    execute("DELETE FROM view_restricted WHERE member_id = ?", (str(e.originator_id),))


MEMBERS = View(
    name="members",
    summary="the member register: profile, province, registration",
    tables={
        "view_members": "member_id TEXT PRIMARY KEY, registration_no TEXT NOT NULL, "
        "name TEXT, nik TEXT, birth_date TEXT, province TEXT, email TEXT, phone TEXT, "
        "registered_on TEXT, source TEXT, recorded_at TEXT",
        # members who restricted their personal data (UU 27/2022 Pasal 11)
        "view_restricted": "member_id TEXT PRIMARY KEY, since TEXT NOT NULL",
    },
    indexes=(),  # reports read the whole register; an index would only slow rebuilds
    handlers={
        ev.Registered: registered,
        ev.ProfileUpdated: profile_updated,
        ev.IdentityCorrected: identity_corrected,
        ev.ProcessingRestricted: restricted,
        ev.RestrictionLifted: restriction_lifted,
        ev.PersonalDataErased: erased,
    },
)
