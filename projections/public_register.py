"""The public register: what anyone may see of a social worker's standing, and the search
that finds them. The one home of what is public.

A member's public entry is built field by field from their record (a list of what may be
shown, not a record with the private parts removed): name, province, member since, standing,
every certificate, STR, SIPPS and Ministry licence with the dates their status changed. Never
a NIK, birth date, email or phone, and never a reason given for a decision (it may name
others). A member whose personal data was erased is not in the register; one who restricted
their data is shown without their name.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.record import MemberRecord
from ledger.vocabulary import provinces, regency_entries
from projections.read_model import ReadModel

RESTRICTED = "(restricted)"
LIMIT = 50  # names found by one search; the rest asks for a narrower one

# The fields of a public entry, and nothing else (tests/web walk every page against them).
PUBLIC_FIELDS = (
    "registration_no",
    "name",
    "province",
    "province_name",
    "member_since",
    "in_good_standing",
    "as_of",
    "certificates",
    "strs",
    "sipps",
    "licences",
)


def public_entry(record: MemberRecord, on: date) -> dict[str, Any] | None:
    """The member's public entry on ``on``; None when their data was erased."""
    if record.erased:
        return None
    entry = {
        "registration_no": record.registration_no,
        "name": RESTRICTED if record.restricted else record.name,
        "province": record.province,
        "province_name": provinces().get(record.province, ""),
        "member_since": record.registered_on,
        "in_good_standing": record.in_good_standing(on),
        "as_of": on,
        "certificates": [
            {
                "certificate_no": c.certificate_no,
                "field": c.field.value,
                "level": c.level,
                "certified_on": c.certified_on,
                "valid_until": c.valid_until,
                "status": c.status(on),
                "changes": _revoked(c.revoked_on, on),
            }
            for c in sorted(record.certificates.values(), key=lambda c: c.certified_on)
        ],
        "strs": [
            {
                "str_no": s.str_no,
                "certificate_no": s.certificate_no,
                "issued_on": s.issued_on,
                "valid_until": s.valid_until,
                "status": s.status(on),
                "changes": _revoked(s.revoked_on, on),
            }
            for s in sorted(record.strs.values(), key=lambda s: s.issued_on)
        ],
        "sipps": [
            {
                "sipps_no": p.sipps_no,
                "str_no": p.str_no,
                "regency": p.regency,
                "regency_name": _regency_names().get(p.regency, ""),
                "place": p.place,
                "granted_on": p.granted_on,
                "valid_until": p.valid_until,
                "status": p.status(on),
                "changes": _changes(p.changes, on),
            }
            for p in sorted(record.sipps.values(), key=lambda p: p.granted_on)
        ],
        "licences": [
            {
                "licence_no": lic.licence_no,
                "certificate_no": lic.certificate_no,
                "practice": [p.value for p in lic.practice],
                "granted_on": lic.granted_on,
                "valid_until": lic.valid_until,
                "status": lic.status(on),
                "changes": _changes(lic.changes, on),
            }
            for lic in sorted(record.licences.values(), key=lambda lic: lic.granted_on)
        ],
    }
    assert tuple(entry) == PUBLIC_FIELDS
    return entry


def _revoked(revoked_on: date | None, on: date) -> list[dict[str, Any]]:
    return [{"on": revoked_on, "status": "revoked"}] if revoked_on and revoked_on <= on else []


def _changes(changes: list[tuple[date, str, str]], on: date) -> list[dict[str, Any]]:
    return [{"on": day, "status": status} for day, status, _reason in changes if day <= on]


def by_name(model: ReadModel, words: str, province: str | None = None) -> list[dict[str, Any]]:
    """Members whose name holds every word of ``words`` (any case), in the province if given:
    registration number, name and province, at most ``LIMIT`` of them. Erased and restricted
    members are not found by name."""
    sql = (
        "SELECT registration_no, name, province FROM view_members WHERE member_id NOT IN "
        "(SELECT member_id FROM view_restricted)"
    )
    params: list[Any] = []
    for word in words.split():
        sql += " AND LOWER(name) LIKE ? ESCAPE '\\'"
        params.append("%" + _literal(word.casefold()) + "%")
    if province:
        sql += " AND province = ?"
        params.append(province)
    rows = model.rows(sql + " ORDER BY name, registration_no", params)
    return [r for r in rows if r["name"] != _erased()][:LIMIT]


def _literal(word: str) -> str:
    """A word as LIKE matches it literally: ``%`` and ``_`` typed are no wildcards."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _regency_names() -> dict[str, str]:
    return {r.code: r.name for r in regency_entries()}


def _erased() -> str:
    from ledger.events import ERASED

    return ERASED
