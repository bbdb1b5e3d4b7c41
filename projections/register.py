"""Questions every register and report asks of the views, on a date and as known at a time.

``on`` is the day the facts are judged on (by effective date); ``known`` is the recording time
limit: only what the ledger had recorded by then counts (``None``: everything recorded).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from eventsourcing.utils import get_topic

from ledger import events as ev
from ledger import status
from ledger.application import Ledger
from ledger.numbers import JOURNAL_ID
from ledger.storage.log import PAGE, select_notifications
from projections.read_model import ReadModel


def as_text(moment: datetime | None) -> str:
    """Recording times compare as ISO text in UTC, as the views store them."""
    return "9999" if moment is None else moment.astimezone(UTC).isoformat()


def members(
    model: ReadModel, on: date, known: datetime | None, province: str | None = None
) -> list[dict[str, Any]]:
    """Members registered by ``on`` (and recorded by ``known``), by registration number."""
    sql = "SELECT * FROM view_members WHERE registered_on <= ? AND recorded_at <= ?"
    params: list[Any] = [str(on), as_text(known)]
    if province:
        sql += " AND province = ?"
        params.append(province)
    return model.rows(sql + " ORDER BY registration_no", params)


def restricted(model: ReadModel) -> set[str]:
    """The member ids whose personal data is shown to the national admins only."""
    return {r["member_id"] for r in model.rows("SELECT member_id FROM view_restricted")}


def dues_paid(
    model: ReadModel, year: int, on: date, known: datetime | None
) -> dict[str, dict[str, Any]]:
    """Dues for ``year`` paid by ``on``, by member id (withdrawn entries do not count)."""
    rows = model.rows(
        "SELECT * FROM view_dues WHERE year = ? AND paid_on <= ? AND recorded_at <= ? "
        "AND (withdrawn_at IS NULL OR withdrawn_at > ?)",
        [year, str(on), as_text(known), as_text(known)],
    )
    return {row["member_id"]: row for row in rows}


def certificate_status(row: dict[str, Any], on: date, known: datetime | None) -> str:
    """A certificate row's status on ``on``, counting a revocation only once recorded."""
    revoked = row["revoked_on"] is not None and row["revoked_at"] <= as_text(known)
    return status.certificate_status(
        date.fromisoformat(row["certified_on"]),
        date.fromisoformat(row["valid_until"]),
        date.fromisoformat(row["revoked_on"]) if revoked else None,
        on,
    )


def certificates(model: ReadModel, known: datetime | None) -> list[dict[str, Any]]:
    return model.rows(
        "SELECT c.*, m.registration_no, m.name, m.province FROM view_certificates c "
        "JOIN view_members m ON m.member_id = c.member_id WHERE c.recorded_at <= ? "
        "ORDER BY c.certified_on, c.certificate_no",
        [as_text(known)],
    )


def active_fields(model: ReadModel, on: date, known: datetime | None) -> dict[str, list[str]]:
    """Fields of each member's certificates active on ``on``."""
    held: dict[str, list[str]] = defaultdict(list)
    for row in certificates(model, known):
        if certificate_status(row, on, known) == "active":
            held[row["member_id"]].append(row["field"])
    return {member: sorted(fields) for member, fields in held.items()}


def licences(model: ReadModel, on: date, known: datetime | None) -> list[dict[str, Any]]:
    """Every licence granted and recorded by then, with its status on ``on``."""
    rows = model.rows(
        "SELECT l.*, m.registration_no, m.name, m.province FROM view_licences l "
        "JOIN view_members m ON m.member_id = l.member_id "
        "WHERE l.granted_on <= ? AND l.recorded_at <= ? ORDER BY l.granted_on, l.licence_no",
        [str(on), as_text(known)],
    )
    return _decided(model, rows, "licence_no", "view_licence_changes", on, known)


def sipps(model: ReadModel, on: date, known: datetime | None) -> list[dict[str, Any]]:
    """Every SIPPS granted and recorded by then, with its status on ``on``."""
    rows = model.rows(
        "SELECT p.*, m.registration_no, m.name, m.province FROM view_sipps p "
        "JOIN view_members m ON m.member_id = p.member_id "
        "WHERE p.granted_on <= ? AND p.recorded_at <= ? ORDER BY p.granted_on, p.sipps_no",
        [str(on), as_text(known)],
    )
    return _decided(model, rows, "sipps_no", "view_sipps_changes", on, known)


def _decided(
    model: ReadModel,
    rows: list[dict[str, Any]],
    key: str,
    changes_table: str,
    on: date,
    known: datetime | None,
) -> list[dict[str, Any]]:
    """Permits their issuer decides on after the grant (licences, SIPPS), each with its status
    on ``on`` and the reason of its latest decision, from the decisions recorded by ``known``."""
    changes = defaultdict(list)
    for change in model.rows(
        f"SELECT * FROM {changes_table} WHERE effective_on <= ? AND recorded_at <= ? "
        f"ORDER BY {key}, entry",
        [str(on), as_text(known)],
    ):
        changes[change[key]].append(change)
    for row in rows:
        history = changes.get(row[key], [])
        row["status"] = status.licence_status(
            date.fromisoformat(row["granted_on"]),
            date.fromisoformat(row["valid_until"]),
            ((date.fromisoformat(c["effective_on"]), c["status"]) for c in history),
            on,
        )
        row["reason"] = history[-1]["reason"] if history else None
    return rows


def strs(model: ReadModel, on: date, known: datetime | None) -> list[dict[str, Any]]:
    """Every STR issued and recorded by then, with its status on ``on``."""
    rows = model.rows(
        "SELECT r.*, m.registration_no, m.name, m.province FROM view_strs r "
        "JOIN view_members m ON m.member_id = r.member_id "
        "WHERE r.issued_on <= ? AND r.recorded_at <= ? ORDER BY r.issued_on, r.str_no",
        [str(on), as_text(known)],
    )
    for row in rows:
        revoked = row["revoked_on"] is not None and row["revoked_at"] <= as_text(known)
        row["status"] = status.certificate_status(
            date.fromisoformat(row["issued_on"]),
            date.fromisoformat(row["valid_until"]),
            date.fromisoformat(row["revoked_on"]) if revoked else None,
            on,
        )
        row["reason"] = row["revoked_reason"] if revoked else None
    return rows


def certificate_levels(model: ReadModel) -> dict[str, str]:
    """Each certificate's level (the rule set's only one under the 2009 and 2012 rules)."""
    rows = model.rows("SELECT certificate_no, level FROM view_certificate_levels")
    return {row["certificate_no"]: row["level"] for row in rows}


def journal_entries(model: ReadModel, stream_id: str) -> set[int]:
    """The journal entries whose seals cover the events of ``stream_id`` (the seals view)."""
    rows = model.rows("SELECT journal_entry FROM view_seals WHERE stream_id = ?", [stream_id])
    return {int(row["journal_entry"]) for row in rows}


def journal_entries_not_indexed(model: ReadModel, ledger: Ledger) -> set[int]:
    """Every journal entry recorded since the seals view's position: when a follower keeps
    the views, the newest saves may not be indexed yet."""
    start, found = model.position(model.view("seals")), set()
    while True:
        page = select_notifications(
            ledger, start, PAGE, topics=[get_topic(ev.SaveSealed)], inclusive_of_start=False
        )
        found |= {n.originator_version for n in page if n.originator_id == JOURNAL_ID}
        if len(page) < PAGE:
            return found
        start = page[-1].id
