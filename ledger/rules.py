"""Rule sets as data, and the pure functions that judge eligibility by them.

Every decision is judged by the rule set in force on its own date, and the decision's event
names that rule set, so history spans rule changes without being rewritten. Adding the
2019/2020 regime (Law 14/2019, Permensos 17/2020) means adding a ``RuleSet`` here with a later
``in_force_from``; decisions already recorded keep naming the rule set they were made under.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

from ledger.errors import Refused
from ledger.vocabulary import EducationLevel, Field


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    in_force_from: date
    qualifying_levels: frozenset[EducationLevel]
    qualifying_majors: frozenset[str]
    min_practice_days: int
    min_training_hours: Decimal
    certificate_valid_years: int
    licence_valid_years: int
    level: str  # the certification level it grants (2019 brings assistant/generalist/specialist)


PERMENSOS_108_2009 = RuleSet(
    id="permensos-108-2009",
    title="Permensos 108/HUK/2009 on the certification of professional social workers",
    # The regulation is of 2009; our sources do not give its day, so it governs from 1 January.
    in_force_from=date(2009, 1, 1),
    # "S1 or D4 in social work or social welfare": higher degrees in those majors count too.
    qualifying_levels=frozenset(
        {EducationLevel.D4, EducationLevel.S1, EducationLevel.S2, EducationLevel.S3}
    ),
    qualifying_majors=frozenset({"pekerjaan-sosial", "kesejahteraan-sosial"}),
    # "At least 2 years of social-work practice": 730 days, the union of all periods.
    min_practice_days=730,
    # "At least 60 hours of social-work training".
    min_training_hours=Decimal(60),
    # Validity periods are not in the 2010 explanation; these are the ledger's policy.
    certificate_valid_years=5,
    licence_valid_years=5,
    # One level under the 2009 regulation: the professional social worker.
    level="pekerja-sosial-profesional",
)

RULE_SETS: tuple[RuleSet, ...] = (PERMENSOS_108_2009,)


def rule_set_on(day: date) -> RuleSet:
    """The rule set in force on ``day``."""
    in_force = [r for r in RULE_SETS if r.in_force_from <= day]
    if not in_force:
        first = min(r.in_force_from for r in RULE_SETS)
        raise Refused(
            f"no rule set was in force on {day}",
            [f"decisions can be made from {first} on, under {RULE_SETS[0].id}"],
        )
    return max(in_force, key=lambda r: r.in_force_from)


def rule_set_named(rule_set_id: str) -> RuleSet:
    for rule_set in RULE_SETS:
        if rule_set.id == rule_set_id:
            return rule_set
    raise KeyError(rule_set_id)


# --- The member's facts as the rules see them ----------------------------------------------


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


@dataclass(frozen=True)
class Eligibility:
    """The verdict on a certification: every unmet requirement, and the evidence counted."""

    rule_set: RuleSet
    unmet: tuple[str, ...]
    degree: Degree | None
    periods: tuple[Period, ...]
    practice_days: int
    trainings: tuple[Training, ...]
    training_hours: Decimal
    exam: Exam | None

    @property
    def eligible(self) -> bool:
        return not self.unmet


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


def counted_periods(periods: Iterable[Period], until: date) -> tuple[Period, ...]:
    return tuple(p for p in periods if p.started_on <= until)


def training_hours(trainings: Iterable[Training], until: date) -> Decimal:
    """Training hours completed by ``until``."""
    return sum((t.hours for t in trainings if t.completed_on <= until), Decimal(0))


def qualifying_degree(degrees: Iterable[Degree], until: date, rules: RuleSet) -> Degree | None:
    """The first degree held by ``until`` that the rule set accepts."""
    held = sorted(
        (
            d
            for d in degrees
            if d.graduated_on <= until
            and d.level in rules.qualifying_levels
            and d.major in rules.qualifying_majors
        ),
        key=lambda d: (d.graduated_on, d.entry),
    )
    return held[0] if held else None


def certification_eligibility(
    *,
    degrees: Sequence[Degree],
    periods: Sequence[Period],
    trainings: Sequence[Training],
    exams: Sequence[Exam],
    field: Field,
    on: date,
    rules: RuleSet,
    exam_id: str | None = None,
) -> Eligibility:
    """Judge a certification in ``field`` decided on ``on``: all requirements together.

    Years of practice or training hours never make up for the wrong degree; each requirement is
    checked on its own and every unmet one is reported.
    """
    unmet: list[str] = []

    degree = qualifying_degree(degrees, on, rules)
    if degree is None:
        levels = " or ".join(sorted(level.value for level in rules.qualifying_levels))
        majors = " or ".join(sorted(rules.qualifying_majors))
        unmet.append(f"a degree ({levels}) in {majors}, held by {on}: none recorded")

    days = practice_days(periods, on)
    if days < rules.min_practice_days:
        unmet.append(
            f"at least {rules.min_practice_days} days (2 years) of social-work practice by "
            f"{on}: {days} days recorded"
        )

    hours = training_hours(trainings, on)
    if hours < rules.min_training_hours:
        unmet.append(
            f"at least {rules.min_training_hours} hours of social-work training completed by "
            f"{on}: {hours} hours recorded"
        )

    exam = _passed_exam(exams, field, on, exam_id, unmet)

    return Eligibility(
        rule_set=rules,
        unmet=tuple(unmet),
        degree=degree,
        periods=counted_periods(periods, on),
        practice_days=days,
        trainings=tuple(t for t in trainings if t.completed_on <= on),
        training_hours=hours,
        exam=exam,
    )


class Facts(Protocol):
    """What certification looks at, by stream entry: a member's record, or an auditor's."""

    @property
    def degrees(self) -> Mapping[int, Degree]: ...
    @property
    def periods(self) -> Mapping[int, Period]: ...
    @property
    def trainings(self) -> Mapping[int, Training]: ...
    @property
    def exams(self) -> Mapping[int, Exam]: ...


def judge_certification(
    facts: Facts, *, field: Field, on: date, rules: RuleSet, exam_id: str | None = None
) -> Eligibility:
    """``certification_eligibility`` over a member's facts as they are recorded."""
    return certification_eligibility(
        degrees=list(facts.degrees.values()),
        periods=list(facts.periods.values()),
        trainings=list(facts.trainings.values()),
        exams=list(facts.exams.values()),
        field=field,
        on=on,
        rules=rules,
        exam_id=exam_id,
    )


def _passed_exam(
    exams: Sequence[Exam], field: Field, on: date, exam_id: str | None, unmet: list[str]
) -> Exam | None:
    if exam_id is not None:
        named = [e for e in exams if e.exam_id == exam_id]
        if not named:
            unmet.append(f"exam {exam_id}: not an exam of this member")
            return None
        exam = named[0]
        if not exam.passed:
            unmet.append(f"exam {exam_id}: was failed, a passed exam is required")
        if exam.field != field:
            unmet.append(f"exam {exam_id}: is in {exam.field}, not {field}")
        if exam.held_on > on:
            unmet.append(f"exam {exam_id}: held on {exam.held_on}, after {on}")
        return exam if exam.passed and exam.field == field and exam.held_on <= on else None
    passed = [e for e in exams if e.passed and e.field == field and e.held_on <= on]
    if not passed:
        unmet.append(f"a passed competency exam (uji kompetensi) in {field}, held by {on}: none")
        return None
    return max(passed, key=lambda e: (e.held_on, e.entry))


def valid_until(start: date, years: int) -> date:
    """The last valid day of something valid for ``years`` from ``start``."""
    try:
        try:
            end = start.replace(year=start.year + years)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + years, day=28) + timedelta(days=1)
    except (ValueError, OverflowError):  # beyond the calendar: valid for ever
        return date.max
    return end - timedelta(days=1)
