"""A member's facts as the rules see them, and the two measures the rules take of them.

Each fact names its stream entry (the event's version), so a decision can record exactly which
entries it rested on and an auditor can find them again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from ledger.vocabulary import EducationLevel, Field


@dataclass(frozen=True)
class Degree:
    entry: int
    level: EducationLevel
    major: str
    graduated_on: date


@dataclass(frozen=True)
class Period:
    entry: int
    started_on: date
    ended_on: date | None  # None: still practising


@dataclass(frozen=True)
class Training:
    entry: int
    hours: Decimal
    completed_on: date


@dataclass(frozen=True)
class Exam:
    entry: int
    exam_id: str
    field: Field
    passed: bool
    held_on: date
    level: str | None = None  # under rule sets with levels


class HeldCertificate(Protocol):
    """A certificate as a requirement sees it (the spesialis route through a generalis one)."""

    entry: int
    field: Field
    level: str
    certified_on: date
    valid_until: date
    revoked_on: date | None


class Facts(Protocol):
    """What certification looks at, by stream entry: a member's folded record."""

    @property
    def degrees(self) -> Mapping[int, Degree]: ...
    @property
    def periods(self) -> Mapping[int, Period]: ...
    @property
    def trainings(self) -> Mapping[int, Training]: ...
    @property
    def exams(self) -> Mapping[int, Exam]: ...
    @property
    def certificates(self) -> Mapping[str, HeldCertificate]: ...


def practice_days(periods: Iterable[Period], until: date) -> int:
    """Days of practice up to and including ``until``; overlapping periods count once."""
    spans = sorted(
        (p.started_on, min(p.ended_on or until, until)) for p in periods if p.started_on <= until
    )
    total = 0
    covered_to: date | None = None  # last day already counted
    for start, end in spans:
        if covered_to is not None and start <= covered_to:
            start = covered_to + timedelta(days=1)
        if start <= end:
            total += (end - start).days + 1
            covered_to = end
    return total


def training_hours(trainings: Iterable[Training], until: date) -> Decimal:
    """Training hours completed by ``until``."""
    return sum((t.hours for t in trainings if t.completed_on <= until), Decimal(0))
