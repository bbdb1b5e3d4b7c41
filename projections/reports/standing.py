"""``report standing``: members in good standing on a date, the congress's quorum list."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from projections import register
from projections.read_model import ReadModel

COLUMNS = ["registration_no", "name", "province", "registered_on", "paid_on", "receipt"]

# What a terminal table shows; CSV and JSON carry every column.
TABLE_COLUMNS = ["registration_no", "name", "province", "paid_on", "receipt"]


def standing_report(
    model: ReadModel, on: date, known: datetime | None, province: str | None
) -> dict[str, Any]:
    """Good standing on ``on``: dues for ``on``'s year paid by that day."""
    paid = register.dues_paid(model, on.year, on, known)
    everyone = register.members(model, on, known, province)
    good = [
        {
            "registration_no": m["registration_no"],
            "name": m["name"],
            "province": m["province"],
            "registered_on": m["registered_on"],
            "paid_on": paid[m["member_id"]]["paid_on"],
            "receipt": paid[m["member_id"]]["receipt"],
        }
        for m in everyone
        if m["member_id"] in paid
    ]
    by_province = Counter(m["province"] for m in everyone)
    good_by_province = Counter(m["province"] for m in good)
    return {
        "report": "standing",
        "as_of": str(on),
        "known_at": known.isoformat() if known else None,
        "province": province,
        "members": len(everyone),
        "in_good_standing": len(good),
        "by_province": [
            {"province": p, "members": n, "in_good_standing": good_by_province[p]}
            for p, n in sorted(by_province.items())
        ],
        "rows": good,
    }
