"""The certificate register: every certificate, its validity and any revocation."""

from __future__ import annotations

from ledger import events as ev
from projections.views import Execute, View, iso, recorded


def certified(execute: Execute, e: ev.Certified) -> None:
    execute(
        "INSERT INTO view_certificates VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            e.certificate_no,
            str(e.originator_id),
            e.field.value,
            iso(e.effective_date),
            iso(e.valid_until),
            e.rule_set,
            e.exam_id,
            e.actor,
            recorded(e),
            None,
            None,
            None,
        ),
    )


def revoked(execute: Execute, e: ev.CertificateRevoked) -> None:
    execute(
        "UPDATE view_certificates SET revoked_on = ?, revoked_reason = ?, revoked_at = ? "
        "WHERE certificate_no = ?",
        (iso(e.effective_date), e.reason, recorded(e), e.certificate_no),
    )


CERTIFICATES = View(
    name="certificates",
    summary="the certificate register: field, validity, revocation",
    tables={
        "view_certificates": "certificate_no TEXT PRIMARY KEY, member_id TEXT NOT NULL, "
        "field TEXT, certified_on TEXT, valid_until TEXT, rule_set TEXT, exam_id TEXT, "
        "certified_by TEXT, recorded_at TEXT, revoked_on TEXT, revoked_reason TEXT, "
        "revoked_at TEXT",
    },
    indexes=(),
    handlers={
        ev.Certified: certified,
        ev.CertificateRevoked: revoked,
    },
)
