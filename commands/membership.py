"""Membership applications: made on the public register's form (``/apply``), listed and
decided by an admin through ``peksos member applications|approve|reject``.

An approval registers the applicant exactly as ``member register`` would (the province's next
number, the NIK claimed, as of the day given) with their degree, and marks the application
approved, in one save. A NIK already registered is found then, not when the form is sent: the
public form never says whether a NIK is someone's.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from commands.members import Person, RegisterMember, admit
from commands.unit_of_work import Result, Tx, use_case
from commands.values import (
    CommandModel,
    IsoDate,
    Major,
    Text,
)
from ledger import events as ev
from ledger.application import Ledger
from ledger.errors import NotFound
from ledger.membership import (
    PENDING,
    MembershipApplication,
    application_id,
    checked_reference,
    format_reference,
)
from ledger.vocabulary import EducationLevel, Role
from ledger.wording import said


class ApplyForMembership(Person):
    education_level: EducationLevel
    major: Major
    institution: Text
    graduated_on: IsoDate


@use_case("member.apply")
def apply_for_membership(tx: Tx, cmd: ApplyForMembership) -> Result:
    """Record an application under a new reference; the applicant keeps it to ask its status."""
    reference = format_reference(tx.ctx.today.year, secrets.token_bytes(5))
    application = MembershipApplication.ask(tx.ctx, reference=reference, **cmd.model_dump())
    tx.touch(application)
    return {"reference": reference, "status": PENDING, "asked_on": tx.ctx.today}


def application(ledger: Ledger, reference: str) -> MembershipApplication:
    number = checked_reference(reference)
    try:
        found: MembershipApplication = ledger.repository.get(application_id(number))
    except AggregateNotFoundError:
        raise NotFound(said("application {reference} not found", reference=number)) from None
    return found


def status_of(ledger: Ledger, reference: str) -> dict[str, Any]:
    """What the applicant may be told: the status and its day, and their registration number
    once approved (public in the register then) or the reason once rejected; nothing else."""
    found = application(ledger, reference)
    assert found.request is not None
    return {
        "reference": found.reference,
        "status": found.status,
        "asked_on": found.request.effective_date,
        "decided_on": found.decided_on,
        "registration_no": found.registration_no,
        "reason": found.reason,
    }


def applications(
    ledger: Ledger, actor: str | None, province: str | None, every: bool = False
) -> list[dict[str, Any]]:
    """The applications (pending ones, unless ``every``) an admin of ``province`` decides;
    a chapter admin sees their own province's only."""
    from eventsourcing.utils import get_topic

    ctx = ledger.context(actor)
    ctx.actor.authorise("member.applications", province)
    shown = province or (ctx.actor.province if ctx.actor.role is Role.CHAPTER_ADMIN else None)
    rows = []
    start = 0
    while batch := ledger.recorder.select_notifications(
        start, 500, topics=[get_topic(ev.MembershipRequested)], inclusive_of_start=False
    ):
        for notification in batch:
            found: MembershipApplication = ledger.repository.get(
                UUID(str(notification.originator_id))
            )
            asked = found.request
            assert asked is not None
            if (shown is None or asked.province == shown) and (every or found.status == PENDING):
                rows.append(
                    {
                        "reference": found.reference,
                        "asked_on": asked.effective_date,
                        "name": asked.name,
                        "province": asked.province,
                        "email": asked.email,
                        "degree": f"{asked.education_level} {asked.major}",
                        "status": found.status,
                        "registration_no": found.registration_no,
                    }
                )
        start = batch[-1].id
    return rows


class Decision(CommandModel):
    reference: str
    on: IsoDate | None = None


@use_case("member.approve")
def approve(tx: Tx, cmd: Decision) -> Result:
    """Register the applicant (their number drawn as of ``on``, their NIK claimed) with the
    degree they declared, and mark the application approved: one save."""
    found = _decided(tx, cmd.reference)
    asked = found.request
    assert asked is not None
    on: date = cmd.on or tx.ctx.today
    registration = RegisterMember(
        name=asked.name,
        nik=asked.nik,
        birth_date=asked.birth_date,
        province=asked.province,
        email=asked.email,
        phone=asked.phone,
        registered_on=on,
        source=found.reference,
    )
    found.decidable(on)  # before a number is drawn
    member = admit(tx, registration)
    found.approve(tx.ctx, member.record.registration_no, on)
    member.record_education(
        tx.ctx,
        level=asked.education_level,
        major=asked.major,
        institution=asked.institution,
        graduated_on=asked.graduated_on,
    )
    return {
        "reference": found.reference,
        "status": found.status,
        "registration_no": member.record.registration_no,
        "name": asked.name,
        "registered_on": on,
    }


class Rejection(CommandModel):
    reference: str
    reason: Text
    on: IsoDate | None = None


@use_case("member.reject")
def reject(tx: Tx, cmd: Rejection) -> Result:
    """Turn the application down; the applicant is told the reason on ``/apply/status``."""
    found = _decided(tx, cmd.reference)
    found.reject(tx.ctx, cmd.reason, cmd.on or tx.ctx.today)
    return {"reference": found.reference, "status": found.status, "reason": cmd.reason}


def _decided(tx: Tx, reference: str) -> MembershipApplication:
    found = application(tx.ledger, reference)
    tx.authorise(tx.action or "member.approve", found.province)
    tx.touch(found)
    return found


def web_actor(ledger: Ledger, name: str | None) -> str | None:
    """Who records the applications a server takes: the actor named, or else the one actor
    enrolled with the ``web`` role (None: applications are closed)."""
    if name:
        return name
    roster = ledger.roster()
    serving = [a.name for a in roster.actors.values() if a.role is Role.WEB and not a.revoked]
    return serving[0] if len(serving) == 1 else None
