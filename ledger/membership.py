"""Membership applications: asked for on the public register's form, decided by an admin.

An application is a stream of its own, named by its reference (``REQ-2026-7KQ3M9XD``: the year
and eight random characters, so that references cannot be guessed from one another). It is
checked on arrival by the rules a registration and a degree are checked by; it becomes a member
only when an admin (or a chapter admin of its province) approves it, and it is decided once.
"""

from __future__ import annotations

import re
from datetime import date
from uuid import UUID, uuid5

from ledger import events as ev
from ledger.access import Context
from ledger.aggregate import ChainedAggregate
from ledger.errors import Conflict, InvalidInput, Refused
from ledger.member import education_unmet, registration_unmet
from ledger.numbers import NAMESPACE
from ledger.vocabulary import EducationLevel
from ledger.wording import said

REFERENCE = re.compile(r"^REQ-(?P<year>[0-9]{4})-[0-9A-HJKMNP-TV-Z]{8}$")
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"


def format_reference(year: int, draw: bytes) -> str:
    """The reference of an application made in ``year``; ``draw``: 5 random bytes."""
    bits = int.from_bytes(draw[:5], "big")
    return f"REQ-{year}-" + "".join(CROCKFORD[(bits >> (35 - 5 * i)) & 31] for i in range(8))


def application_id(reference: str) -> UUID:
    return uuid5(NAMESPACE, f"membership-application:{reference}")


def checked_reference(reference: str) -> str:
    number = reference.strip().upper()
    if not REFERENCE.match(number):
        raise InvalidInput(
            said("not an application reference: {reference}", reference=number[:40]),
            [{"field": "reference", "message": "REQ-YYYY-XXXXXXXX"}],
        )
    return number


class MembershipApplication(ChainedAggregate):
    def __init__(self) -> None:
        self.request: ev.MembershipRequested | None = None
        self.status = PENDING
        self.decided_on: date | None = None
        self.registration_no: str | None = None
        self.reason: str | None = None

    @property
    def reference(self) -> str:
        assert self.request is not None
        return self.request.reference

    @property
    def province(self) -> str:
        assert self.request is not None
        return self.request.province

    def when(self, event: ev.LedgerEvent) -> None:
        if isinstance(event, ev.MembershipRequested):
            self.request = event
            return
        self.decided_on = event.effective_date
        if isinstance(event, ev.MembershipApproved):
            self.status, self.registration_no = APPROVED, event.registration_no
        elif isinstance(event, ev.MembershipRejected):
            self.status, self.reason = REJECTED, event.reason

    @classmethod
    def ask(
        cls,
        ctx: Context,
        *,
        reference: str,
        name: str,
        nik: str,
        birth_date: date,
        province: str,
        email: str,
        phone: str | None,
        education_level: EducationLevel,
        major: str,
        institution: str,
        graduated_on: date,
    ) -> MembershipApplication:
        """An application, checked as a registration today and its degree would be."""
        unmet = registration_unmet(ctx, nik, birth_date, ctx.today)
        unmet += education_unmet(ctx, graduated_on, birth_date)
        Refused.unless(said("membership application"), unmet)
        application = cls._create(
            ev.MembershipRequested,
            id=application_id(reference),
            reference=reference,
            name=name,
            nik=nik,
            birth_date=birth_date,
            province=province,
            email=email,
            phone=phone,
            education_level=education_level,
            major=major,
            institution=institution,
            graduated_on=graduated_on,
            **ctx.stamp(ctx.today),
        )
        ctx.sealed(application.pending_events[-1])
        return application

    def approve(self, ctx: Context, registration_no: str, on: date) -> None:
        self.decidable(on)
        self.trigger_event(ev.MembershipApproved, registration_no=registration_no, **ctx.stamp(on))

    def reject(self, ctx: Context, reason: str, on: date) -> None:
        self.decidable(on)
        self.trigger_event(ev.MembershipRejected, reason=reason, **ctx.stamp(on))

    def decidable(self, on: date) -> None:
        """Refuse a decision on an application already decided, or dated before it."""
        if self.status != PENDING:
            raise Conflict(
                said(
                    "application {reference} was already {status}",
                    reference=self.reference,
                    status=self.status,
                ),
                {"reference": self.reference, "status": self.status},
            )
        assert self.request is not None
        asked_on = self.request.effective_date
        if on < asked_on:
            unmet = said(
                "a decision on {on} may not precede the application of {asked_on}",
                code="decision_after_application",
                on=on,
                asked_on=asked_on,
            )
            Refused.unless(said("decision"), [unmet])
