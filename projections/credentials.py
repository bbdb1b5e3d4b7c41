"""``peksos certificate show`` and ``peksos licence show``."""

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
