"""``report certificates``: certificates issued in a period, with their status on a date."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from projections import register
from projections.read_model import ReadModel

COLUMNS = [
    "certificate_no",
    "registration_no",
    "name",
    "province",
    "field",
    "certified_on",
    "valid_until",
    "status",
    "rule_set",
]

# What a terminal table shows; CSV and JSON carry every column.
TABLE_COLUMNS = ["certificate_no", "registration_no", "name", "field", "certified_on", "status"]


def certificates_report(
    model: ReadModel,
    *,
    on: date,
    known: datetime | None,
    issued_from: date | None,
    issued_to: date | None,
    field: str | None,
    province: str | None,
) -> dict[str, Any]:
    rows = []
    for c in register.certificates(model, known):
        if issued_from and c["certified_on"] < str(issued_from):
            continue
        if issued_to and c["certified_on"] > str(issued_to):
            continue
        if c["certified_on"] > str(on):
            continue
        if (field and c["field"] != field) or (province and c["province"] != province):
            continue
        rows.append(
            {k: c.get(k) for k in COLUMNS}
            | {
                "status": register.certificate_status(c, on, known),
                "revoked_on": c["revoked_on"]
                if c["revoked_at"] and c["revoked_on"] <= str(on)
                else None,
            }
        )
    return {
        "report": "certificates",
        "as_of": str(on),
        "known_at": known.isoformat() if known else None,
        "from": str(issued_from) if issued_from else None,
        "to": str(issued_to) if issued_to else None,
        "field": field,
        "province": province,
        "total": len(rows),
        "by_status": dict(sorted(Counter(r["status"] for r in rows).items())),
        "rows": rows,
    }
