"""``peksos certificate show`` and ``peksos licence show``; the bits of the status lists."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.errors import NotFound
from ledger.record import MemberRecord


def certificate_view(record: MemberRecord, certificate_no: str, on: date) -> dict[str, Any]:
    try:
        c = record.certificates[certificate_no]
    except KeyError:
        raise NotFound(f"certificate {certificate_no} not found") from None
    return {
        "certificate_no": c.certificate_no,
        "registration_no": record.registration_no,
        "holder": record.name,
        "field": c.field.value,
        "status": c.status(on),
        "certified_on": str(c.certified_on),
        "valid_until": str(c.valid_until),
        "rule_set": c.rule_set,
        "exam_id": c.exam_id,
        "certified_by": c.certified_by,
        "revoked_on": str(c.revoked_on) if c.revoked_on else None,
        "revoked_reason": c.revoked_reason,
        "licences": [
            lic.licence_no
            for lic in record.licences.values()
            if lic.certificate_no == certificate_no
        ],
    }


def licence_view(record: MemberRecord, licence_no: str, on: date) -> dict[str, Any]:
    try:
        lic = record.licences[licence_no]
    except KeyError:
        raise NotFound(f"licence {licence_no} not found") from None
    return {
        "licence_no": lic.licence_no,
        "registration_no": record.registration_no,
        "holder": record.name,
        "certificate_no": lic.certificate_no,
        "application_no": lic.application_no,
        "practice": [p.value for p in lic.practice],
        "status": lic.status(on),
        "granted_on": str(lic.granted_on),
        "valid_until": str(lic.valid_until),
        "changes": [
            {"on": str(day), "status": status, "reason": reason}
            for day, status, reason in lic.changes
        ],
    }


# The entries whose bit a status list sets: revoked (a certificate or STR from its revocation
# day; a licence or SIPPS once the decision is recorded), or suspended (a licence or SIPPS).
_SET_BITS = {
    "revocation": "SELECT i.status_index AS bit FROM view_issued i WHERE "
    "(i.kind = 'certificate' AND EXISTS (SELECT 1 FROM view_certificates c "
    "WHERE c.certificate_no = i.number AND c.revoked_on <= ?)) "
    "OR (i.kind = 'str' AND EXISTS (SELECT 1 FROM view_strs s "
    "WHERE s.str_no = i.number AND s.revoked_on <= ?)) "
    "OR (i.kind = 'licence' AND EXISTS (SELECT 1 FROM view_licences l "
    "WHERE l.licence_no = i.number AND l.status = 'revoked')) "
    "OR (i.kind = 'sipps' AND EXISTS (SELECT 1 FROM view_sipps p "
    "WHERE p.sipps_no = i.number AND p.status = 'revoked'))",
    "suspension": "SELECT i.suspension_index AS bit FROM view_issued i WHERE "
    "i.suspension_index IS NOT NULL AND ("
    "(i.kind = 'licence' AND EXISTS (SELECT 1 FROM view_licences l "
    "WHERE l.licence_no = i.number AND l.status = 'suspended')) "
    "OR (i.kind = 'sipps' AND EXISTS (SELECT 1 FROM view_sipps p "
    "WHERE p.sipps_no = i.number AND p.status = 'suspended')))",
}
_ENTRIES = {
    "revocation": "SELECT MAX(status_index) AS last FROM view_issued",
    "suspension": "SELECT MAX(suspension_index) AS last FROM view_issued",
}


def status_bits(model: Any, purpose: str, on: date) -> tuple[list[int], int]:
    """The entries of the ``purpose`` list whose bit is set on ``on``, and how many entries
    the list has handed out."""
    params = (str(on), str(on)) if purpose == "revocation" else ()
    bits = [row["bit"] for row in model.rows(_SET_BITS[purpose], params)]
    [last] = model.rows(_ENTRIES[purpose])
    return bits, 0 if last["last"] is None else last["last"] + 1
