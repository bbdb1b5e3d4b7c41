"""``peksos member show``: a member's status on a date, from their folded record."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.record import MemberRecord
from ledger.regimes import in_force_on
from ledger.regimes.facts import practice_days, training_hours
from ledger.vocabulary import provinces
from projections.folding import MASKED, masked


def practice_months(days: int) -> int:
    return int(days * 12 // 365.25)


def member_status(record: MemberRecord, on: date, *, unmasked: bool) -> dict[str, Any]:
    """The member's status on ``on``; their NIK, birth date and contacts in full only for an
    unmasked read (projections/folding.py ``masked``)."""
    days = practice_days(record.periods.values(), on)
    paid = record.dues_years()
    status = {
        "registration_no": record.registration_no,
        "as_of": str(on),
        "name": record.name,
        "nik": record.nik,
        "birth_date": str(record.birth_date) if record.birth_date else None,
        "province": record.province,
        "province_name": provinces().get(record.province, ""),
        "email": record.email,
        "phone": record.phone,
        "registered_on": str(record.registered_on),
        "source": record.source,
        "standing": {
            "in_good_standing": record.in_good_standing(on),
            "dues_year": on.year,
            "dues_paid_years": sorted(paid),
        },
        "education": [
            {
                "entry": d.entry,
                "level": d.level.value,
                "major": d.major,
                "graduated_on": str(d.graduated_on),
            }
            for d in sorted(record.degrees.values(), key=lambda d: d.graduated_on)
        ],
        "practice": {
            "days": days,
            "months": practice_months(days),
            "periods": [
                {
                    "entry": p.entry,
                    "from": str(p.started_on),
                    "to": str(p.ended_on) if p.ended_on else None,
                }
                for p in sorted(record.periods.values(), key=lambda p: p.started_on)
            ],
        },
        "training_hours": str(training_hours(record.trainings.values(), on)),
        "exams": [
            {
                "exam_id": e.exam_id,
                "field": e.field.value,
                "result": "passed" if e.passed else "failed",
                "held_on": str(e.held_on),
                "level": e.level,
            }
            for e in sorted(record.exams.values(), key=lambda e: e.entry)
        ],
        "certificates": [
            {
                "certificate_no": c.certificate_no,
                "field": c.field.value,
                "status": c.status(on),
                "certified_on": str(c.certified_on),
                "valid_until": str(c.valid_until),
                "rule_set": c.rule_set,
                "level": c.level,
            }
            for c in record.certificates.values()
        ],
        "strs": [
            {
                "str_no": r.str_no,
                "certificate_no": r.certificate_no,
                "status": r.status(on),
                "issued_on": str(r.issued_on),
                "valid_until": str(r.valid_until),
            }
            for r in record.strs.values()
        ],
        "sipps": [
            {
                "sipps_no": p.sipps_no,
                "str_no": p.str_no,
                "regency": p.regency,
                "place": p.place,
                "status": p.status(on),
                "granted_on": str(p.granted_on),
                "valid_until": str(p.valid_until),
            }
            for p in record.sipps.values()
        ],
        "licences": [
            {
                "licence_no": lic.licence_no,
                "certificate_no": lic.certificate_no,
                "status": lic.status(on),
                "granted_on": str(lic.granted_on),
                "valid_until": str(lic.valid_until),
                "practice": [p.value for p in lic.practice],
            }
            for lic in record.licences.values()
        ],
        "pending_applications": [
            {
                "application_no": a.application_no,
                "certificate_no": a.certificate_no,
                "applied_on": str(a.applied_on),
            }
            for a in record.applications.values()
            if a.licence_no is None
        ],
        "rule_set": regime.id if (regime := in_force_on(on)) else None,
    }
    if not unmasked:
        status.update({f: masked(f, status[f]) for f in MASKED})
    return status
