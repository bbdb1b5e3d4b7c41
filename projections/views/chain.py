"""The register of Law 14/2019's chain: each certificate's level, the STRs resting on
certificates and the SIPPS resting on STRs, with every decision on them.

A view of its own (not new columns of the certificate register) so that a ledger whose views
were built before the chain existed gains it by catching up, without a rebuild.
"""

from __future__ import annotations

from ledger import events as ev
from ledger.status import SIPPS_STATUS_AFTER
from projections.views import Execute, View, decision_change, iso, recorded


def levelled(execute: Execute, e: ev.Certified) -> None:
    execute("INSERT INTO view_certificate_levels VALUES (?,?)", (e.certificate_no, e.level))


def str_issued(execute: Execute, e: ev.StrIssued) -> None:
    execute(
        "INSERT INTO view_strs VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            e.str_no,
            str(e.originator_id),
            e.certificate_no,
            iso(e.effective_date),
            iso(e.valid_until),
            e.rule_set,
            recorded(e),
            None,
            None,
            None,
        ),
    )


def str_revoked(execute: Execute, e: ev.StrRevoked) -> None:
    execute(
        "UPDATE view_strs SET revoked_on = ?, revoked_reason = ?, revoked_at = ? WHERE str_no = ?",
        (iso(e.effective_date), e.reason, recorded(e), e.str_no),
    )


def sipps_granted(execute: Execute, e: ev.SippsGranted) -> None:
    execute(
        "INSERT INTO view_sipps VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            e.sipps_no,
            str(e.originator_id),
            e.str_no,
            e.regency,
            e.place,
            ",".join(p.value for p in e.practice),
            iso(e.effective_date),
            iso(e.valid_until),
            recorded(e),
            "active",
        ),
    )


sipps_changed = decision_change("view_sipps", "view_sipps_changes", "sipps_no", SIPPS_STATUS_AFTER)


CHAIN = View(
    name="chain",
    summary="Law 14/2019's chain: certificate levels, STRs, SIPPS and their decisions",
    tables={
        "view_certificate_levels": "certificate_no TEXT PRIMARY KEY, level TEXT",
        "view_strs": "str_no TEXT PRIMARY KEY, member_id TEXT NOT NULL, certificate_no TEXT, "
        "issued_on TEXT, valid_until TEXT, rule_set TEXT, recorded_at TEXT, revoked_on TEXT, "
        "revoked_reason TEXT, revoked_at TEXT",
        "view_sipps": "sipps_no TEXT PRIMARY KEY, member_id TEXT NOT NULL, str_no TEXT, "
        "regency TEXT, place TEXT, practice TEXT, granted_on TEXT, valid_until TEXT, "
        "recorded_at TEXT, status TEXT",
        "view_sipps_changes": "sipps_no TEXT NOT NULL, entry INTEGER NOT NULL, "
        "effective_on TEXT, status TEXT, reason TEXT, recorded_at TEXT, "
        "PRIMARY KEY (sipps_no, entry)",
    },
    indexes=(),
    handlers={
        ev.Certified: levelled,
        ev.StrIssued: str_issued,
        ev.StrRevoked: str_revoked,
        ev.SippsGranted: sipps_granted,
        ev.SippsSuspended: sipps_changed,
        ev.SippsReinstated: sipps_changed,
        ev.SippsRevoked: sipps_changed,
    },
)
