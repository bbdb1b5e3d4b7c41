"""``report access``: who was shown whose full personal data, or given a copy, and when."""

from __future__ import annotations

from datetime import date
from typing import Any

from projections.read_model import ReadModel

COLUMNS = ["recorded_at", "registration_no", "actor", "actor_role", "what"]


def access_report(
    model: ReadModel, member: str | None, actor: str | None, since: date | None
) -> dict[str, Any]:
    sql = (
        "SELECT a.recorded_at, m.registration_no, a.actor, a.actor_role, a.what "
        "FROM view_access a JOIN view_members m ON m.member_id = a.member_id WHERE 1 = 1"
    )
    params: list[Any] = []
    for condition, value in (
        (" AND m.registration_no = ?", member),
        (" AND a.actor = ?", actor),
        (" AND a.recorded_at >= ?", str(since) if since else None),
    ):
        if value is not None:
            sql += condition
            params.append(value)
    rows = model.rows(sql + " ORDER BY a.recorded_at, m.registration_no", params)
    for row in rows:  # to the second, in UTC: fits a table
        row["recorded_at"] = row["recorded_at"][:19].replace("T", " ") + " UTC"
    return {
        "report": "access",
        "member": member,
        "actor": actor,
        "since": str(since) if since else None,
        "reads": len(rows),
        "rows": rows,
    }
