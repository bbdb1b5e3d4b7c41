"""``report licences``: licences granted in a period, with their status on a date."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from projections import register
from projections.read_model import ReadModel

COLUMNS = [
    "licence_no",
    "registration_no",
    "name",
    "province",
    "certificate_no",
    "practice",
    "granted_on",
    "valid_until",
    "status",
]

# What a terminal table shows; CSV and JSON carry every column.
TABLE_COLUMNS = ["licence_no", "registration_no", "name", "granted_on", "valid_until", "status"]


def licences_report(
    model: ReadModel,
    *,
    on: date,
    known: datetime | None,
    granted_from: date | None,
    granted_to: date | None,
    province: str | None,
    status: str | None,
) -> dict[str, Any]:
    rows = [
        {k: lic.get(k) for k in [*COLUMNS, "reason"]}
        for lic in register.licences(model, on, known)
        if not (granted_from and lic["granted_on"] < str(granted_from))
        and not (granted_to and lic["granted_on"] > str(granted_to))
        and not (province and lic["province"] != province)
        and not (status and lic["status"] != status)
    ]
    return {
        "report": "licences",
        "as_of": str(on),
        "known_at": known.isoformat() if known else None,
        "from": str(granted_from) if granted_from else None,
        "to": str(granted_to) if granted_to else None,
        "province": province,
        "status": status,
        "total": len(rows),
        "by_status": dict(sorted(Counter(r["status"] for r in rows).items())),
        "rows": rows,
    }
