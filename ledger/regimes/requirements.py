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
from ledger.wording import N_, Joined, Said, said


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
    messages: tuple[Said, ...] = ()  # every way it is unmet, in words with their code
    figures: dict[str, Any] = field(default_factory=dict)  # required / recorded


class Requirement(Protocol):
    code: ClassVar[str]

    def judge(self, facts: Facts, claim: Claim) -> Verdict: ...

    def describe(self) -> Said: ...

    def terms(self, field: Field) -> dict[str, Any]:
        """The requirement's figures as data (provenance, ``rules show``)."""
        ...


def _at_least(
    code: str,
    required: Decimal | int,
    have: Decimal | int,
    evidence: tuple[int, ...],
    unmet: str,
    **values: Any,
) -> Verdict:
    """A requirement of a minimum amount: met, or unmet in words, with both figures."""
    # Days stay whole numbers; hours are exact decimals, kept as their text.
    figures = {"required": _plain(required), "recorded": _plain(have)}
    if have >= required:
        return Verdict(code, True, evidence, figures=figures)
    words = said(unmet, code=code, figures=figures, recorded=_plain(have), **values)
    return Verdict(code, False, evidence, (words,), figures)


def _plain(value: Decimal | int) -> str | int:
    return str(value) if isinstance(value, Decimal) else value


def _years(days: int) -> str:
    return f"{days / 365:g}"


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
        why = tuple(self._why_not(d, claim.on) for d in recorded) or said("none recorded")
        figures = {"levels": sorted(self.levels), "majors": sorted(self.majors)}
        words = said(
            "a degree ({levels}) in {majors}, held by {on}: {why}",
            code=self.code,
            figures=figures,
            levels=self._levels(),
            majors=self._majors(),
            on=claim.on,
            why=why,
        )
        return Verdict(self.code, False, messages=(words,), figures=figures)

    def _why_not(self, degree: Degree, on: date) -> Said:
        """Why one recorded degree does not count: "S1 in hukum is not social work or social
        welfare", "D3 in pekerjaan-sosial is below D4", "... was graduated on X, after Y"."""
        reasons = []
        if degree.major not in self.majors:
            reasons.append(said("is not social work or social welfare"))
        if degree.level not in self.levels:
            order = list(EducationLevel)
            lowest = min(self.levels, key=order.index)
            below = order.index(degree.level) < order.index(lowest)
            reasons.append(
                said("is below {level}", level=lowest.value)
                if below
                else said("is not {levels}", levels=self._levels())
            )
        if degree.graduated_on > on:
            reasons.append(
                said(
                    "was graduated on {graduated}, after {on}", graduated=degree.graduated_on, on=on
                )
            )
        return said(
            "{level} in {major} {reasons}",
            level=degree.level.value,
            major=degree.major,
            reasons=Joined(" and ", tuple(reasons)),
        )

    def _levels(self) -> Joined:
        return Joined(" or ", tuple(sorted(level.value for level in self.levels)))

    def _majors(self) -> Joined:
        return Joined(" or ", tuple(sorted(self.majors)))

    def describe(self) -> Said:
        return said("a degree ({levels}) in {majors}", levels=self._levels(), majors=self._majors())

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
        unmet = (
            N_(
                "at least {days} days (1 year) of social-work practice by {on}: "
                "{recorded} days recorded"
            )
            if self.days == 365
            else N_(
                "at least {days} days ({years} years) of social-work practice by {on}: "
                "{recorded} days recorded"
            )
        )
        evidence = tuple(p.entry for p in counted)
        years = _years(self.days)
        return _at_least(
            self.code, self.days, have, evidence, unmet, days=self.days, years=years, on=claim.on
        )

    def describe(self) -> Said:
        if self.days == 365:
            return said("at least {days} days (1 year) of social-work practice", days=self.days)
        return said(
            "at least {days} days ({years} years) of social-work practice",
            days=self.days,
            years=_years(self.days),
        )

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
        unmet = N_(
            "at least {hours} hours of social-work training completed by {on}: "
            "{recorded} hours recorded"
        )
        evidence = tuple(t.entry for t in counted)
        return _at_least(
            self.code, self.hours, have, evidence, unmet, hours=self.hours, on=claim.on
        )

    def describe(self) -> Said:
        return said("at least {hours} hours of social-work training", hours=self.hours)

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
                words = said(
                    "exam {exam}: is at level {level}, not {claimed}",
                    code=self.code,
                    exam=claim.exam_id,
                    level=other[0].level or "-",
                    claimed=claim.level,
                )
                return Verdict(self.code, False, messages=(words,))
        if claim.exam_id is None:
            passed = [
                e for e in exams if e.passed and e.field == claim.field and e.held_on <= claim.on
            ]
            if not passed:
                template = (
                    N_(
                        "a passed competency exam (uji kompetensi) in {field} at level {level}, "
                        "held by {on}: none"
                    )
                    if self.at_level
                    else N_(
                        "a passed competency exam (uji kompetensi) in {field}, held by {on}: none"
                    )
                )
                words = said(
                    template, code=self.code, field=claim.field, level=claim.level, on=claim.on
                )
                return Verdict(self.code, False, messages=(words,))
            return Verdict(self.code, True, (max(passed, key=_latest).entry,))
        named = [e for e in exams if e.exam_id == claim.exam_id]
        if not named:
            words = said(
                "exam {exam}: not an exam of this member", code=self.code, exam=claim.exam_id
            )
            return Verdict(self.code, False, messages=(words,))
        exam = named[0]
        problems = []
        named_exam: dict[str, Any] = {"code": self.code, "exam": claim.exam_id}
        if not exam.passed:
            problems.append(
                said("exam {exam}: was failed, a passed exam is required", **named_exam)
            )
        if exam.field != claim.field:
            problems.append(
                said(
                    "exam {exam}: is in {field}, not {claimed}",
                    field=exam.field,
                    claimed=claim.field,
                    **named_exam,
                )
            )
        if exam.held_on > claim.on:
            problems.append(
                said(
                    "exam {exam}: held on {held}, after {on}",
                    held=exam.held_on,
                    on=claim.on,
                    **named_exam,
                )
            )
        return Verdict(self.code, not problems, () if problems else (exam.entry,), tuple(problems))

    def describe(self) -> Said:
        if self.at_level:
            return said("a passed competency exam (uji kompetensi) in the field, at the level")
        return said("a passed competency exam (uji kompetensi) in the field")

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
        words = said(
            "a {level} certificate in {field} held since {since}: none",
            code=self.code,
            level=self.level,
            field=claim.field,
            since=since,
        )
        return Verdict(self.code, False, messages=(words,))

    def describe(self) -> Said:
        return said(
            "a {level} certificate in the field held {years} years",
            level=self.level,
            years=self.years,
        )

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
        lacking = Joined("; or ", tuple(m for v in verdicts for m in v.messages))
        words = said("one of: {options}", code=self.code, options=lacking)
        return Verdict(self.code, False, messages=(words,))

    def describe(self) -> Said:
        return said("{options}", options=Joined(" or ", tuple(o.describe() for o in self.options)))

    def terms(self, field: Field) -> dict[str, Any]:
        return {"one_of": [option.terms(field) for option in self.options]}


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _latest(exam: Exam) -> tuple[date, int]:
    return exam.held_on, exam.entry
