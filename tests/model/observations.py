"""What the implementation shows, in the reference model's terms: a member as ``member
show`` has them, and every view table's rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from projections.read_model import ReadModel


def snapshot(model: ReadModel) -> dict[str, list[dict[str, Any]]]:
    """Every view table's rows, in a stable order."""
    tables = [t for view in model.views for t in view.tables]
    return {t: model.rows(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}


def observed(shown: dict[str, Any]) -> dict[str, Any]:
    """What ``member show`` says, in the model's terms."""
    return {
        "registration_no": shown["registration_no"],
        "province": shown["province"],
        "registered_on": shown["registered_on"],
        "name": shown["name"],
        "email": shown["email"],
        "in_good_standing": shown["standing"]["in_good_standing"],
        "dues_paid_years": shown["standing"]["dues_paid_years"],
        "education": sorted(
            (d["entry"], d["level"], d["major"], d["graduated_on"]) for d in shown["education"]
        ),
        "practice_days": shown["practice"]["days"],
        "periods": sorted((p["entry"], p["from"], p["to"]) for p in shown["practice"]["periods"]),
        "training_hours": Decimal(shown["training_hours"]),
        "exams": sorted(
            (e["exam_id"], e["field"], e["result"], e["held_on"]) for e in shown["exams"]
        ),
        "certificates": sorted(
            (
                c["certificate_no"],
                c["field"],
                c["status"],
                c["certified_on"],
                c["valid_until"],
                c["rule_set"],
                c["level"],
            )
            for c in shown["certificates"]
        ),
        "strs": sorted(
            (r["str_no"], r["certificate_no"], r["status"], r["issued_on"], r["valid_until"])
            for r in shown["strs"]
        ),
        "sipps": sorted(
            (
                p["sipps_no"],
                p["str_no"],
                p["regency"],
                p["place"],
                p["status"],
                p["granted_on"],
                p["valid_until"],
            )
            for p in shown["sipps"]
        ),
        "licences": sorted(
            (
                lic["licence_no"],
                lic["certificate_no"],
                lic["status"],
                lic["granted_on"],
                lic["valid_until"],
                tuple(lic["practice"]),
            )
            for lic in shown["licences"]
        ),
        "pending_applications": sorted(a["application_no"] for a in shown["pending_applications"]),
        "rule_set": shown["rule_set"],
    }
