"""The licence register: applications, licences and every Ministry decision on them."""

from __future__ import annotations

from ledger import events as ev
from ledger.status import LICENCE_STATUS_AFTER
from projections.views import Execute, View, decision_change, iso, recorded


def applied(execute: Execute, e: ev.LicenceApplied) -> None:
    execute(
        "INSERT INTO view_applications VALUES (?,?,?,?,?,?,?)",
        (
            e.application_no,
            str(e.originator_id),
            e.certificate_no,
            ",".join(p.value for p in e.practice),
            iso(e.effective_date),
            recorded(e),
            None,
        ),
    )


def granted(execute: Execute, e: ev.LicenceGranted) -> None:
    execute(
        "UPDATE view_applications SET licence_no = ? WHERE application_no = ?",
        (e.licence_no, e.application_no),
    )
    # Plain values only: a page's INSERTs run before its UPDATEs, so what comes from the
    # application (recorded in this page, perhaps) is filled in by an UPDATE.
    execute(
        "INSERT INTO view_licences VALUES (?,?,?,?,?,?,?,?,?)",
        (
            e.licence_no,
            str(e.originator_id),
            e.application_no,
            None,
            None,
            iso(e.effective_date),
            iso(e.valid_until),
            recorded(e),
            "active",
        ),
    )
    execute(
        "UPDATE view_licences SET "
        "certificate_no = (SELECT certificate_no FROM view_applications WHERE application_no = ?), "
        "practice = (SELECT practice FROM view_applications WHERE application_no = ?) "
        "WHERE licence_no = ?",
        (e.application_no, e.application_no, e.licence_no),
    )


changed = decision_change(
    "view_licences", "view_licence_changes", "licence_no", LICENCE_STATUS_AFTER
)


LICENCES = View(
    name="licences",
    summary="the licence register: applications, grants, suspensions, revocations",
    tables={
        "view_applications": "application_no TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "certificate_no TEXT, practice TEXT, applied_on TEXT, recorded_at TEXT, licence_no TEXT",
        "view_licences": "licence_no TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "application_no TEXT, certificate_no TEXT, practice TEXT, granted_on TEXT, "
        "valid_until TEXT, recorded_at TEXT, status TEXT",
        "view_licence_changes": "licence_no TEXT NOT NULL, entry INTEGER NOT NULL, "
        "effective_on TEXT, status TEXT, reason TEXT, recorded_at TEXT, "
        "PRIMARY KEY (licence_no, entry)",
    },
    indexes=(),
    handlers={
        ev.LicenceApplied: applied,
        ev.LicenceGranted: granted,
        ev.LicenceSuspended: changed,
        ev.LicenceReinstated: changed,
        ev.LicenceRevoked: changed,
    },
)
