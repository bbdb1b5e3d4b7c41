"""The requirements a rule set lists for a certificate: each judges a member's facts on a date.

One requirement, one class, one home. A rule set is a list of these per level (catalogue.py),
so a rule change that only moves a number is a data change. Each verdict names its stable code
(language-free), the figures it compared, and the stream entries it counted as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Protocol

from ledger.regimes.facts import Degree, Exam, Facts, practice_days, training_hours
from ledger.vocabulary import EducationLevel, Field


@dataclass(frozen=True)
class Claim:
    """What is asked for: a certificate in ``field`` (at ``level``), decided ``on``."""

    field: Field
    on: date
    level: str
    exam_id: str | None = None


@dataclass(frozen=True)
class Verdict:
    code: str
    met: bool
    evidence: tuple[int, ...] = ()  # the stream entries counted
    messages: tuple[str, ...] = ()  # every way it is unmet, in plain words
    figures: dict[str, Any] = field(default_factory=dict)  # required / recorded


class Requirement(Protocol):
    code: ClassVar[str]

    def judge(self, facts: Facts, claim: Claim) -> Verdict: ...

    def describe(self) -> str: ...

    def terms(self, field: Field) -> dict[str, Any]:
        """The requirement's figures as data (provenance, ``rules show``)."""
        ...


def _at_least(
    code: str, required: Decimal | int, have: Decimal | int, evidence: tuple[int, ...], unmet: str
) -> Verdict:
    """A requirement of a minimum amount: met, or unmet in words, with both figures."""
    # Days stay whole numbers; hours are exact decimals, kept as their text.
    figures = {"required": _plain(required), "recorded": _plain(have)}
    if have >= required:
        return Verdict(code, True, evidence, figures=figures)
    return Verdict(code, False, evidence, (unmet,), figures)


def _plain(value: Decimal | int) -> str | int:
    return str(value) if isinstance(value, Decimal) else value


def _years(days: int) -> str:
    years = days / 365
    return f"{years:g} year{'s' if years != 1 else ''}"


@dataclass(frozen=True)
class DegreeIn:
    """A degree at one of ``levels`` in one of ``majors``, held by the decision date."""

    levels: frozenset[EducationLevel]
    majors: frozenset[str]
    code: ClassVar[str] = "degree"

    def judge(self, facts: Facts, claim: Claim) -> Verdict:
        held = sorted(
            (
                d
                for d in facts.degrees.values()
                if d.graduated_on <= claim.on and d.level in self.levels and d.major in self.majors
            ),
            key=lambda d: (d.graduated_on, d.entry),
        )
        if held:
            return Verdict(self.code, True, (held[0].entry,))
        recorded = sorted(facts.degrees.values(), key=lambda d: (d.graduated_on, d.entry))
        why = "; ".join(self._why_not(d, claim.on) for d in recorded) or "none recorded"
        return Verdict(
            self.code,
            False,
            messages=(
                f"a degree ({self._levels()}) in {self._majors()}, held by {claim.on}: {why}",
            ),
            figures={"levels": sorted(self.levels), "majors": sorted(self.majors)},
        )

    def _why_not(self, degree: Degree, on: date) -> str:
        """Why one recorded degree does not count: "S1 in hukum is not social work or social
        welfare", "D3 in pekerjaan-sosial is below D4", "... was graduated on X, after Y"."""
        reasons = []
        if degree.major not in self.majors:
            reasons.append("is not social work or social welfare")
        if degree.level not in self.levels:
            order = list(EducationLevel)
            lowest = min(self.levels, key=order.index)
            below = order.index(degree.level) < order.index(lowest)
            reasons.append(f"is below {lowest.value}" if below else f"is not {self._levels()}")
        if degree.graduated_on > on:
            reasons.append(f"was graduated on {degree.graduated_on}, after {on}")
        return f"{degree.level.value} in {degree.major} " + " and ".join(reasons)

    def _levels(self) -> str:
        return " or ".join(sorted(level.value for level in self.levels))

    def _majors(self) -> str:
        return " or ".join(sorted(self.majors))

    def describe(self) -> str:
        return f"a degree ({self._levels()}) in {self._majors()}"

    def terms(self, field: Field) -> dict[str, Any]:
        return {"degree": sorted(lv.value for lv in self.levels), "majors": sorted(self.majors)}


@dataclass(frozen=True)
class PracticeDays:
    """At least ``days`` days of social-work practice: the union of all periods."""

    days: int
    code: ClassVar[str] = "practice_days"

    def judge(self, facts: Facts, claim: Claim) -> Verdict:
        counted = tuple(p for p in facts.periods.values() if p.started_on <= claim.on)
        have = practice_days(counted, claim.on)
        unmet = f"{self.describe()} by {claim.on}: {have} days recorded"
        return _at_least(self.code, self.days, have, tuple(p.entry for p in counted), unmet)

    def describe(self) -> str:
        return f"at least {self.days} days ({_years(self.days)}) of social-work practice"

    def terms(self, field: Field) -> dict[str, Any]:
        return {"practice_days": self.days}


@dataclass(frozen=True)
class TrainingHours:
    """At least ``hours`` hours of social-work training completed by the decision date."""

    hours: Decimal
    code: ClassVar[str] = "training_hours"

    def judge(self, facts: Facts, claim: Claim) -> Verdict:
        counted = tuple(t for t in facts.trainings.values() if t.completed_on <= claim.on)
        have = training_hours(counted, claim.on)
        unmet = f"{self.describe()} completed by {claim.on}: {have} hours recorded"
        return _at_least(self.code, self.hours, have, tuple(t.entry for t in counted), unmet)

    def describe(self) -> str:
        return f"at least {self.hours} hours of social-work training"

    def terms(self, field: Field) -> dict[str, Any]:
        return {"training_hours": str(self.hours)}


@dataclass(frozen=True)
class PassedExam:
    """A passed competency exam (uji kompetensi) in the field, held by the decision date: the
    one named, or else the latest; under rule sets with levels, at the level claimed."""

    at_level: bool = False
    code: ClassVar[str] = "passed_exam"

    def judge(self, facts: Facts, claim: Claim) -> Verdict:
        exams = [e for e in facts.exams.values() if not self.at_level or e.level == claim.level]
        if self.at_level and claim.exam_id is not None:
            other = [
                e for e in facts.exams.values() if e.exam_id == claim.exam_id and e not in exams
            ]
            if other:
                return Verdict(
                    self.code,
                    False,
                    messages=(
                        f"exam {claim.exam_id}: is at level {other[0].level or 'none'}, "
                        f"not {claim.level}",
                    ),
                )
        if claim.exam_id is None:
            passed = [
                e for e in exams if e.passed and e.field == claim.field and e.held_on <= claim.on
            ]
            if not passed:
                return Verdict(
                    self.code,
                    False,
                    messages=(
                        f"a passed competency exam (uji kompetensi) in {claim.field}"
                        f"{f' at level {claim.level}' if self.at_level else ''}, "
                        f"held by {claim.on}: none",
                    ),
                )
            return Verdict(self.code, True, (max(passed, key=_latest).entry,))
        named = [e for e in exams if e.exam_id == claim.exam_id]
        if not named:
            return Verdict(
                self.code, False, messages=(f"exam {claim.exam_id}: not an exam of this member",)
            )
        exam = named[0]
        problems = []
        if not exam.passed:
            problems.append(f"exam {claim.exam_id}: was failed, a passed exam is required")
        if exam.field != claim.field:
            problems.append(f"exam {claim.exam_id}: is in {exam.field}, not {claim.field}")
        if exam.held_on > claim.on:
            problems.append(f"exam {claim.exam_id}: held on {exam.held_on}, after {claim.on}")
        return Verdict(self.code, not problems, () if problems else (exam.entry,), tuple(problems))

    def describe(self) -> str:
        level = ", at the level" if self.at_level else ""
        return f"a passed competency exam (uji kompetensi) in the field{level}"

    def terms(self, field: Field) -> dict[str, Any]:
        level = ", at the level" if self.at_level else ""
        return {"exam": f"passed, in {field.value}{level}, held by the decision date"}


@dataclass(frozen=True)
class CertificateHeld:
    """A certificate at ``level`` in the same field, unrevoked, held at least ``years`` by the
    decision date (Law 14/2019's route to spesialis through generalis practice)."""

    level: str
    years: int
    code: ClassVar[str] = "certificate_held"

    def judge(self, facts: Facts, claim: Claim) -> Verdict:
        since = _years_before(claim.on, self.years)
        held = sorted(
            (
                c
                for c in facts.certificates.values()
                if c.level == self.level
                and c.field == claim.field
                and c.certified_on <= since
                and (c.revoked_on is None or c.revoked_on > claim.on)
            ),
            key=lambda c: (c.certified_on, c.entry),
        )
        if held:
            return Verdict(self.code, True, (held[0].entry,))
        return Verdict(
            self.code,
            False,
            messages=(f"a {self.level} certificate in {claim.field} held since {since}: none",),
        )

    def describe(self) -> str:
        return f"a {self.level} certificate in the field held {self.years} years"

    def terms(self, field: Field) -> dict[str, Any]:
        return {"certificate": f"{self.level} in {field.value}, held {self.years} years"}


@dataclass(frozen=True)
class EitherOf:
    """One of several requirements (met when any is); unmet, it lists what each lacked."""

    options: tuple[Requirement, ...]
    code: ClassVar[str] = "degree"

    def judge(self, facts: Facts, claim: Claim) -> Verdict:
        verdicts = [option.judge(facts, claim) for option in self.options]
        for verdict in verdicts:
            if verdict.met:
                return Verdict(self.code, True, verdict.evidence, figures=verdict.figures)
        lacking = "; or ".join(m for v in verdicts for m in v.messages)
        return Verdict(self.code, False, messages=(f"one of: {lacking}",))

    def describe(self) -> str:
        return " or ".join(option.describe() for option in self.options)

    def terms(self, field: Field) -> dict[str, Any]:
        return {"one_of": [option.terms(field) for option in self.options]}


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _latest(exam: Exam) -> tuple[date, int]:
    return exam.held_on, exam.entry
