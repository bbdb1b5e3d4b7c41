"""``report credentials``: every credential of the chain, whichever rule set issued it, with
its status on a date: certificates (field and level), Ministry licences (2009 and 2012 rules),
STRs and SIPPS (Law 14/2019). What each rests on is named, so a SIPPS leads to its STR and an
STR or a licence to its certificate."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from projections import register
from projections.read_model import ReadModel

KINDS = ("certificate", "licence", "str", "sipps")

COLUMNS = [
    "kind",
    "number",
    "registration_no",
    "name",
    "province",
    "rests_on",
    "detail",
    "issued_on",
    "valid_until",
    "status",
]

# What a terminal table shows; CSV and JSON carry every column.
TABLE_COLUMNS = ["kind", "number", "registration_no", "issued_on", "status"]


def _rows(model: ReadModel, on: date, known: datetime | None) -> list[dict[str, Any]]:
    levels = register.certificate_levels(model)
    rows = [
        {
            **c,
            "kind": "certificate",
            "number": c["certificate_no"],
            "rests_on": c["exam_id"],
            "detail": f"{c['field']}, {levels.get(c['certificate_no'], '')} ({c['rule_set']})",
            "issued_on": c["certified_on"],
            "status": register.certificate_status(c, on, known),
        }
        for c in register.certificates(model, known)
        if c["certified_on"] <= str(on)
    ]
    rows += [
        {
            **lic,
            "kind": "licence",
            "number": lic["licence_no"],
            "rests_on": lic["certificate_no"],
            "detail": lic["practice"],
            "issued_on": lic["granted_on"],
        }
        for lic in register.licences(model, on, known)
    ]
    rows += [
        {
            **r,
            "kind": "str",
            "number": r["str_no"],
            "rests_on": r["certificate_no"],
            "detail": r["rule_set"],
        }
        for r in register.strs(model, on, known)
    ]
    rows += [
        {
            **p,
            "kind": "sipps",
            "number": p["sipps_no"],
            "rests_on": p["str_no"],
            "detail": f"{p['regency']}: {p['place']}",
            "issued_on": p["granted_on"],
        }
        for p in register.sipps(model, on, known)
    ]
    return rows


def credentials_report(
    model: ReadModel,
    *,
    on: date,
    known: datetime | None,
    issued_from: date | None,
    issued_to: date | None,
    province: str | None,
    kind: str | None,
    status: str | None,
) -> dict[str, Any]:
    rows = [
        {k: row.get(k) for k in COLUMNS}
        for row in _rows(model, on, known)
        if not (issued_from and row["issued_on"] < str(issued_from))
        and not (issued_to and row["issued_on"] > str(issued_to))
        and not (province and row["province"] != province)
        and not (kind and row["kind"] != kind)
        and not (status and row["status"] != status)
    ]
    rows.sort(key=lambda r: (r["issued_on"], KINDS.index(r["kind"]), r["number"]))
    return {
        "report": "credentials",
        "as_of": str(on),
        "known_at": known.isoformat() if known else None,
        "from": str(issued_from) if issued_from else None,
        "to": str(issued_to) if issued_to else None,
        "province": province,
        "kind": kind,
        "status": status,
        "total": len(rows),
        **{
            f"{kind} by status": dict(sorted(Counter(r["status"] for r in of_kind).items()))
            for kind in KINDS
            if (of_kind := [r for r in rows if r["kind"] == kind])
        },
        "rows": rows,
    }
