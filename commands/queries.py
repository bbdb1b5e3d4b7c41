"""Read handlers: fold the streams and hand plain dicts to the renderer."""

from __future__ import annotations

from datetime import date
from typing import Any

from commands.handling import Result
from ledger.access import Context
from ledger.application import Ledger
from ledger.errors import NotFound
from ledger.record import MemberRecord
from ledger.vocabulary import Role
from projections.credentials import certificate_view, licence_view
from projections.folding import mask_nik, record_as_of
from projections.member_status import member_status
from projections.timeline import timeline

# Roles that need a member's full NIK to identify them; auditors see the last four digits.
SEES_NIK = frozenset({Role.ADMIN, Role.CHAPTER_ADMIN, Role.LSP, Role.MINISTRY})


def _reader(ledger: Ledger, actor: str | None) -> Context:
    ctx = ledger.context(actor)
    ctx.actor.authorise("read")
    return ctx


def _record(ledger: Ledger, registration_no: str, as_of: date | None) -> MemberRecord:
    member = ledger.member(registration_no)
    if as_of is None:
        return member.record
    record = record_as_of(ledger.stream(member.id), as_of)
    if not record.registration_no:
        raise NotFound(f"member {registration_no} was not yet registered on {as_of}")
    return record


def show_member(
    ledger: Ledger, actor: str | None, registration_no: str, as_of: date | None
) -> Result:
    ctx = _reader(ledger, actor)
    record = _record(ledger, registration_no, as_of)
    return member_status(record, as_of or ctx.today, reveal_nik=ctx.actor.role in SEES_NIK)


def member_history(
    ledger: Ledger, actor: str | None, registration_no: str, as_of: date | None
) -> Result:
    ctx = _reader(ledger, actor)
    member = ledger.member(registration_no)
    events = ledger.stream(member.id)
    if as_of is not None:
        events = [e for e in events if e.effective_date <= as_of]
    return {
        "registration_no": registration_no,
        "as_of": str(as_of) if as_of else None,
        "events": timeline(events, reveal_nik=ctx.actor.role in SEES_NIK),
    }


def list_members(
    ledger: Ledger,
    actor: str | None,
    *,
    province: str | None = None,
    standing: str | None = None,
    certified: bool = False,
) -> list[dict[str, Any]]:
    """The register: one row per member. NIKs are masked in every list."""
    ctx = _reader(ledger, actor)
    today = ctx.today
    rows = []
    for member_id in ledger.registered_members():
        r: MemberRecord = ledger.repository.get(member_id).record
        active = sorted(
            c.field.value for c in r.certificates.values() if c.status(today) == "active"
        )
        good = r.in_good_standing(today)
        if province and r.province != province:
            continue
        if standing and (standing == "good") != good:
            continue
        if certified and not active:
            continue
        rows.append(
            {
                "registration_no": r.registration_no,
                "name": r.name,
                "nik": mask_nik(r.nik),
                "province": r.province,
                "registered_on": str(r.registered_on),
                "standing": "good" if good else "lapsed",
                "certified": active,
                "licences": sum(1 for lic in r.licences.values() if lic.status(today) == "active"),
            }
        )
    return rows


def show_certificate(ledger: Ledger, actor: str | None, certificate_no: str) -> Result:
    ctx = _reader(ledger, actor)
    member = ledger.member_holding(certificate_no, "certificate")
    return certificate_view(member.record, certificate_no, ctx.today)


def show_licence(ledger: Ledger, actor: str | None, licence_no: str) -> Result:
    ctx = _reader(ledger, actor)
    member = ledger.member_holding(licence_no, "licence")
    return licence_view(member.record, licence_no, ctx.today)


def info(ledger: Ledger) -> Result:
    initialised = ledger.is_initialised()
    roster = ledger.roster() if initialised else None
    return {
        "store": ledger.store.display,
        "backend": ledger.store.backend,
        "initialised": initialised,
        "ledger_id": str(roster.ledger_id) if roster else None,
        "actors": len(roster.actors) if roster else 0,
        "events": ledger.event_count(),
        "keys": str(ledger.keys.folder(roster.ledger_id)) if roster and roster.ledger_id else None,
    }
