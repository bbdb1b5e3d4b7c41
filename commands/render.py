"""Human-readable views of read results (the JSON form is the result itself)."""

from __future__ import annotations

from typing import Any

import click

from commands.output import emit_fields, emit_rows


def member_status(s: dict[str, Any]) -> None:
    standing = s["standing"]
    good = "in good standing" if standing["in_good_standing"] else "NOT in good standing"
    paid = ", ".join(str(y) for y in standing["dues_paid_years"]) or "none"
    click.echo(f"{s['name']}  ({s['registration_no']})  as of {s['as_of']}")
    emit_fields(
        {
            "nik": s["nik"],
            "born": s["birth_date"],
            "province": f"{s['province']} {s['province_name']}",
            "email": s["email"],
            "phone": s["phone"],
            "registered": s["registered_on"]
            + (f" (imported from {s['source']})" if s["source"] else ""),
            "standing": f"{good} (dues {standing['dues_year']}; paid: {paid})",
            "practice": f"{s['practice']['days']} days ({s['practice']['months']} months)",
            "training": f"{s['training_hours']} hours",
            "rule set": s["rule_set"],
        }
    )
    _section("Education", s["education"], ["level", "major", "graduated_on", "entry"])
    _section("Practice periods", s["practice"]["periods"], ["from", "to", "entry"])
    _section("Exams", s["exams"], ["exam_id", "field", "result", "held_on"])
    _section(
        "Certificates",
        s["certificates"],
        ["certificate_no", "field", "status", "certified_on", "valid_until"],
    )
    _section(
        "Licences",
        s["licences"],
        ["licence_no", "status", "granted_on", "valid_until", "practice"],
    )
    _section(
        "Pending licence applications",
        s["pending_applications"],
        ["application_no", "certificate_no", "applied_on"],
    )


def _section(title: str, rows: list[dict[str, Any]], columns: list[str]) -> None:
    if rows:
        click.echo("")
        emit_rows(rows, columns, title=title)


def history(h: dict[str, Any]) -> None:
    """One block per event: an auditor reads the timeline top to bottom, at any width."""
    suffix = f" as of {h['as_of']}" if h["as_of"] else ""
    click.echo(f"History of {h['registration_no']}{suffix}: {len(h['events'])} events")
    for e in h["events"]:
        recorded = e["recorded_at"][:19].replace("T", " ")
        click.echo("")
        click.echo(f"#{e['entry']:<3} {e['event']:<20} effective {e['effective_date']}")
        click.echo(f"     recorded {recorded} UTC by {e['actor']} ({e['actor_role']})")
        details = _details(e)
        if details:
            click.echo(f"     {details}")


def _details(event: dict[str, Any]) -> str:
    parts = [f"{k}={_short(v)}" for k, v in event["data"].items() if v not in (None, [], "")]
    if event["evidence"]:
        parts.append(f"evidence={event['evidence']}")
    return "; ".join(parts)


def _short(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def fields(title: str) -> Any:
    return lambda result: emit_fields(result, title)
