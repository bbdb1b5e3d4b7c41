"""Properties of the eligibility rules, checked against small independent models."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.regimes import Claim, Eligibility
from ledger.regimes.catalogue import PERMENSOS_108_2009
from ledger.regimes.facts import Degree, Exam, Period, Training, practice_days, training_hours
from ledger.regimes.requirements import DegreeIn
from ledger.vocabulary import EducationLevel, Field

EPOCH = date(2000, 1, 1)
RULES = PERMENSOS_108_2009
LEVEL = "pekerja-sosial-profesional"
(DEGREE,) = [r for r in RULES.levels[LEVEL] if isinstance(r, DegreeIn)]
BOUNDED = settings(max_examples=60, deadline=None)


def day(offset: int) -> date:
    return EPOCH + timedelta(days=offset)


@st.composite
def periods(draw: st.DrawFn, max_length: int = 1500) -> Period:
    start = draw(st.integers(0, 5000))
    length = draw(st.none() | st.integers(0, max_length))  # None: still practising
    return Period(
        entry=draw(st.integers(1, 999)),
        started_on=day(start),
        ended_on=None if length is None else day(start + length),
    )


@st.composite
def trainings(draw: st.DrawFn) -> Training:
    return Training(
        entry=draw(st.integers(1, 999)),
        hours=draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1000), places=2)),
        completed_on=day(draw(st.integers(0, 5000))),
    )


@st.composite
def degrees(draw: st.DrawFn, majors: st.SearchStrategy[str] | None = None) -> Degree:
    return Degree(
        entry=draw(st.integers(1, 999)),
        level=draw(st.sampled_from(EducationLevel)),
        major=draw(
            majors or st.sampled_from(["pekerjaan-sosial", "kesejahteraan-sosial", "psikologi"])
        ),
        graduated_on=day(draw(st.integers(0, 5000))),
    )


@st.composite
def exams(draw: st.DrawFn) -> Exam:
    return Exam(
        entry=draw(st.integers(1, 999)),
        exam_id=f"EXAM-{draw(st.integers(1, 99)):05d}",
        field=draw(st.sampled_from([Field.ANAK, Field.LANSIA])),
        passed=draw(st.booleans()),
        held_on=day(draw(st.integers(0, 5000))),
    )


decision_dates = st.integers(0, 6000).map(day)


def days_practised(spans: list[Period], until: date) -> int:
    """The model: every day practised, by name, in a set."""
    days: set[date] = set()
    for p in spans:
        last = min(p.ended_on or until, until)
        current = p.started_on
        while current <= last:
            days.add(current)
            current += timedelta(days=1)
    return len(days)


@dataclass(frozen=True)
class Facts:
    degrees: Mapping[int, Degree]
    periods: Mapping[int, Period]
    trainings: Mapping[int, Training]
    exams: Mapping[int, Exam]


F = TypeVar("F", Degree, Period, Training, Exam)


def by_position(facts: Sequence[F], first: int) -> dict[int, F]:
    """Facts keyed by a fresh stream entry each (drawn entries may repeat; a stream's do not)."""
    return {first + i: replace(f, entry=first + i) for i, f in enumerate(facts)}


def judge(
    ds: list[Degree], ps: list[Period], ts: list[Training], es: list[Exam], on: date
) -> Eligibility:
    facts = Facts(
        by_position(ds, 1000), by_position(ps, 2000), by_position(ts, 3000), by_position(es, 4000)
    )
    return RULES.judge(facts, Claim(Field.ANAK, on, LEVEL))


def recorded_days(verdict: Eligibility) -> int:
    (practice,) = [v for v in verdict.verdicts if v.code == "practice_days"]
    return int(practice.figures["recorded"])


def recorded_hours(verdict: Eligibility) -> Decimal:
    (training,) = [v for v in verdict.verdicts if v.code == "training_hours"]
    return Decimal(training.figures["recorded"])


def degree_met(verdict: Eligibility) -> bool:
    (degree,) = [v for v in verdict.verdicts if v.code == "degree"]
    return degree.met


@BOUNDED
@given(spans=st.lists(periods(), max_size=8), until=decision_dates)
def test_practice_days_is_the_number_of_distinct_days_practised(
    spans: list[Period], until: date
) -> None:
    assert practice_days(spans, until) == days_practised(spans, until)


@BOUNDED
@given(spans=st.lists(periods(), max_size=8), until=decision_dates, data=st.data())
def test_practice_days_does_not_depend_on_the_order_of_periods(
    spans: list[Period], until: date, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(spans))

    assert practice_days(shuffled, until) == practice_days(spans, until)


@BOUNDED
@given(spans=st.lists(periods(), max_size=8), until=decision_dates)
def test_practice_days_never_exceed_the_days_up_to_the_decision(
    spans: list[Period], until: date
) -> None:
    total = practice_days(spans, until)
    earliest = min((p.started_on for p in spans), default=until)

    assert 0 <= total <= max(0, (until - earliest).days + 1)


@BOUNDED
@given(done=st.lists(trainings(), max_size=12), until=decision_dates)
def test_training_hours_is_the_exact_sum_of_training_completed_by_the_date(
    done: list[Training], until: date
) -> None:
    expected = sum((Fraction(t.hours) for t in done if t.completed_on <= until), Fraction(0))

    total = training_hours(done, until)

    assert isinstance(total, Decimal)
    assert Fraction(total) == expected


@BOUNDED
@given(
    ds=st.lists(degrees(), max_size=3),
    ps=st.lists(periods(), max_size=4),
    ts=st.lists(trainings(), max_size=4),
    es=st.lists(exams(), max_size=3),
    extra_periods=st.lists(periods(), min_size=1, max_size=3),
    extra_trainings=st.lists(trainings(), max_size=3),
    on=decision_dates,
    start_eligible=st.booleans(),
)
def test_more_practice_or_training_never_removes_eligibility(
    ds: list[Degree],
    ps: list[Period],
    ts: list[Training],
    es: list[Exam],
    extra_periods: list[Period],
    extra_trainings: list[Training],
    on: date,
    start_eligible: bool,
) -> None:
    if start_eligible:  # so that "eligible before" is common, not a rare accident
        ds = [*ds, Degree(90, EducationLevel.S1, "pekerjaan-sosial", EPOCH)]
        ps = [*ps, Period(91, EPOCH - timedelta(days=730), None)]
        ts = [*ts, Training(92, Decimal(60), EPOCH)]
        es = [*es, Exam(93, "EXAM-00093", Field.ANAK, True, EPOCH)]
    before = judge(ds, ps, ts, es, on)
    assert before.eligible or not start_eligible
    after = judge(ds, ps + extra_periods, ts + extra_trainings, es, on)

    assert recorded_days(after) >= recorded_days(before)
    assert recorded_hours(after) >= recorded_hours(before)
    assert len(after.unmet) <= len(before.unmet)
    if before.eligible:
        assert after.eligible


@BOUNDED
@given(
    level=st.sampled_from(EducationLevel),
    major=st.text(min_size=1, max_size=30).filter(lambda m: m not in DEGREE.majors),
    ps=st.lists(periods(max_length=20000), max_size=4),
    ts=st.lists(trainings(), max_size=6),
    es=st.lists(exams(), max_size=3),
    on=decision_dates,
)
def test_the_wrong_major_is_never_eligible_whatever_the_practice_and_training(
    level: EducationLevel,
    major: str,
    ps: list[Period],
    ts: list[Training],
    es: list[Exam],
    on: date,
) -> None:
    held = Degree(entry=2, level=level, major=major, graduated_on=EPOCH)
    # Always enough practice and training, on top of whatever was drawn.
    lifetime = Period(entry=3, started_on=EPOCH - timedelta(days=3650), ended_on=None)
    plenty = Training(entry=4, hours=Decimal(1000), completed_on=EPOCH)
    passed = Exam(entry=5, exam_id="EXAM-00000", field=Field.ANAK, passed=True, held_on=EPOCH)

    verdict = judge([held], [lifetime, *ps], [plenty, *ts], [passed, *es], on)

    assert not verdict.eligible
    assert not degree_met(verdict)
    assert len(verdict.unmet) == 1


@BOUNDED
@given(
    level=st.sampled_from([EducationLevel.SMA, EducationLevel.D3]),
    major=st.sampled_from(sorted(DEGREE.majors)),
    on=decision_dates,
)
def test_a_degree_below_d4_is_never_eligible_even_in_the_right_major(
    level: EducationLevel, major: str, on: date
) -> None:
    held = Degree(entry=2, level=level, major=major, graduated_on=EPOCH)
    lifetime = Period(entry=3, started_on=EPOCH - timedelta(days=3650), ended_on=None)
    plenty = Training(entry=4, hours=Decimal(1000), completed_on=EPOCH)
    passed = Exam(entry=5, exam_id="EXAM-00000", field=Field.ANAK, passed=True, held_on=EPOCH)

    verdict = judge([held], [lifetime], [plenty], [passed], on)

    assert not verdict.eligible
    assert not degree_met(verdict)
