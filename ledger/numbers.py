"""Numbering: registration, exam, certificate, application and licence numbers, and the NIK index.

Numbers come from a series aggregate that is saved in the same transaction as the event that
uses the number. Two admins who draw the same number conflict on the series stream; the loser
retries with the next number, so series have no gaps and no duplicates. Each issued number is
also claimed by a small aggregate whose id derives from the number, so a number can be looked up
and can never name two members.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from uuid import UUID, uuid5

from ledger import events as ev
from ledger.access import Context
from ledger.aggregate import ChainedAggregate

NAMESPACE = UUID("6f1c2a8e-4b0d-5c2e-9a57-3d8e1f0b7c41")
ROSTER_ID = uuid5(NAMESPACE, "roster")
JOURNAL_ID = uuid5(NAMESPACE, "journal")

REGISTRATION_NO = re.compile(r"^(?P<province>[0-9]{2})-(?P<year>[0-9]{4})-(?P<seq>[0-9]{5,})$")
PREFIXES = {
    "exam": "EXAM",
    "certificate": "CERT",
    "application": "APPL",
    "licence": "LIC",
    "str": "STR",
    "sipps": "SIPPS",
}


def member_id(registration_no: str) -> UUID:
    return uuid5(NAMESPACE, f"member:{registration_no}")


def series_id(series: str) -> UUID:
    return uuid5(NAMESPACE, f"series:{series}")


def assignment_id(number: str) -> UUID:
    return uuid5(NAMESPACE, f"number:{number}")


def nik_claim_id(nik: str, key: bytes) -> UUID:
    """A keyed hash: without the key (kept outside the store) NIKs cannot be brute-forced."""
    digest = hmac.new(key, nik.encode("ascii"), hashlib.sha256).hexdigest()
    return uuid5(NAMESPACE, f"nik:{digest}")


def registration_series(province: str, year: int) -> str:
    return f"registration:{province}:{year}"


def format_registration_no(province: str, year: int, seq: int) -> str:
    """``PP-YYYY-NNNNN``: BPS province code, year of registration, sequence."""
    return f"{province}-{year}-{seq:05d}"


def format_number(kind: str, year: int, seq: int, scope: str | None = None) -> str:
    """``CERT-2026-00001`` and the like; a SIPPS names its regency: ``SIPPS-3273-2026-00001``."""
    return f"{PREFIXES[kind]}-{f'{scope}-' if scope else ''}{year}-{seq:05d}"


class NumberSeries(ChainedAggregate):
    def __init__(self) -> None:
        self.series = ""
        self.last = 0

    @classmethod
    def start(cls, ctx: Context, series: str) -> NumberSeries:
        return cls._create(
            ev.SeriesStarted, id=series_id(series), series=series, **ctx.stamp(ctx.today)
        )

    @classmethod
    def resumed(cls, started: ev.LedgerEvent, latest: ev.LedgerEvent) -> NumberSeries:
        """The series as its stream leaves it, from the stream's first and latest events: its
        name is in the first, its last number and the head of its hash chain in the latest."""
        series = started.mutate(None)
        assert isinstance(series, cls)
        if latest.originator_version > started.originator_version:
            series.version = latest.originator_version - 1
            series = latest.mutate(series)
        return series

    def when(self, event: ev.LedgerEvent) -> None:
        if isinstance(event, ev.SeriesStarted):
            self.series = event.series
        elif isinstance(event, ev.NumberIssued):
            self.last = event.number

    def issue(self, ctx: Context) -> int:
        return self.issue_many(ctx, 1)[0]

    def issue_many(self, ctx: Context, count: int) -> list[int]:
        """The next ``count`` numbers, issued with one event."""
        first = self.last + 1
        self.trigger_event(
            ev.NumberIssued, number=self.last + count, count=count, **ctx.stamp(ctx.today)
        )
        return list(range(first, self.last + 1))


class NumberAssignment(ChainedAggregate):
    """Claims one number for one member; a second claim of the same number conflicts."""

    def __init__(self) -> None:
        self.number = ""
        self.member_id: UUID | None = None

    @classmethod
    def assign(cls, ctx: Context, number: str, member: UUID) -> NumberAssignment:
        return cls._create(
            ev.NumberAssigned,
            id=assignment_id(number),
            number=number,
            member_id=member,
            **ctx.stamp(ctx.today),
        )

    def when(self, event: ev.LedgerEvent) -> None:
        assert isinstance(event, ev.NumberAssigned)
        self.number = event.number
        self.member_id = event.member_id


class NikClaim(ChainedAggregate):
    """Claims a NIK for one member; its id is a keyed hash of the NIK."""

    def __init__(self) -> None:
        self.member_id: UUID | None = None

    @classmethod
    def claim(cls, ctx: Context, claim_id: UUID, member: UUID) -> NikClaim:
        return cls._create(ev.NikClaimed, id=claim_id, member_id=member, **ctx.stamp(ctx.today))

    def release(self, ctx: Context) -> None:
        assert self.member_id is not None
        self.trigger_event(ev.NikReleased, member_id=self.member_id, **ctx.stamp(ctx.today))

    def reclaim(self, ctx: Context, member: UUID) -> None:
        assert self.member_id is None
        self.trigger_event(ev.NikReclaimed, member_id=member, **ctx.stamp(ctx.today))

    def when(self, event: ev.LedgerEvent) -> None:
        if isinstance(event, ev.NikReleased):
            self.member_id = None
        else:
            assert isinstance(event, ev.NikClaimed | ev.NikReclaimed)
            self.member_id = event.member_id
