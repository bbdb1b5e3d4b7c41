"""``report dues --year Y``: totals and counts by province, and who has not paid."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ledger.vocabulary import provinces
from projections import register
from projections.read_model import ReadModel

COLUMNS = ["province", "province_name", "members", "paid", "unpaid", "total_rupiah"]
UNPAID_COLUMNS = ["registration_no", "name", "province", "registered_on"]


def dues_report(
    model: ReadModel, year: int, known: datetime | None, province: str | None
) -> dict[str, Any]:
    """Members registered by the end of ``year``; dues for ``year`` paid at any time."""
    end = date(year, 12, 31)
    everyone = register.members(model, end, known, province)
    paid = register.dues_paid(model, year, date.max, known)
    names = provinces()
    table: dict[str, dict[str, Any]] = {}
    unpaid = []
    for m in everyone:
        row = table.setdefault(
            m["province"],
            {
                "province": m["province"],
                "province_name": names.get(m["province"], ""),
                "members": 0,
                "paid": 0,
                "unpaid": 0,
                "total_rupiah": 0,
            },
        )
        row["members"] += 1
        if m["member_id"] in paid:
            row["paid"] += 1
            row["total_rupiah"] += paid[m["member_id"]]["amount"]
        else:
            row["unpaid"] += 1
            unpaid.append({k: m[k] for k in UNPAID_COLUMNS})
    rows = [table[p] for p in sorted(table)]
    return {
        "report": "dues",
        "year": year,
        "known_at": known.isoformat() if known else None,
        "province": province,
        "members": len(everyone),
        "paid": sum(r["paid"] for r in rows),
        "total_rupiah": sum(r["total_rupiah"] for r in rows),
        "rows": rows,
        "unpaid": unpaid,
    }
