"""The rules of Permensos 108/2009 as data judged by pure code: each test names a rule and its
boundary. Facts go in as plain values; the regime's verdicts come out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TypeVar

import pytest

from ledger import events as ev
from ledger.errors import Refused
from ledger.regimes import (
    Claim,
    Eligibility,
    in_force_on,
    rejudge,
    rejudge_failures,
    rule_set_named,
    rule_set_on,
    valid_until,
)
from ledger.regimes.catalogue import PERMENSOS_108_2009
from ledger.regimes.facts import Degree, Exam, Period, Training, practice_days, training_hours
from ledger.regimes.regime import MinistryLicence
from ledger.regimes.requirements import (
    DegreeIn,
    PassedExam,
    PracticeDays,
    TrainingHours,
    Verdict,
)
from ledger.vocabulary import EducationLevel, Field
from tests.builders import a_member, certify, eligible

DECIDED_ON = date(2012, 3, 1)
LEVEL = "pekerja-sosial-profesional"

# A member who meets every requirement by DECIDED_ON; each test spoils exactly what it is about.
GOOD_DEGREE = Degree(
    entry=2, level=EducationLevel.S1, major="pekerjaan-sosial", graduated_on=date(2004, 8, 30)
)
GOOD_PERIOD = Period(entry=3, started_on=date(2005, 1, 1), ended_on=date(2008, 12, 31))
GOOD_TRAINING = Training(entry=4, hours=Decimal(60), completed_on=date(2009, 6, 30))
GOOD_EXAM = Exam(
    entry=5, exam_id="EXAM-2011-00001", field=Field.ANAK, passed=True, held_on=date(2011, 4, 12)
)


@dataclass(frozen=True)
class Facts:
    """A member's facts as the rules see them, keyed by stream entry (the ``Facts`` protocol)."""

    degrees: Mapping[int, Degree]
    periods: Mapping[int, Period]
    trainings: Mapping[int, Training]
    exams: Mapping[int, Exam]


F = TypeVar("F", Degree, Period, Training, Exam)


def by_entry(facts: Sequence[F]) -> dict[int, F]:
    keyed = {f.entry: f for f in facts}
    assert len(keyed) == len(facts), "two facts of one test share a stream entry"
    return keyed


def facts_of(
    *,
    degrees: Sequence[Degree] = (GOOD_DEGREE,),
    periods: Sequence[Period] = (GOOD_PERIOD,),
    trainings: Sequence[Training] = (GOOD_TRAINING,),
    exams: Sequence[Exam] = (GOOD_EXAM,),
) -> Facts:
    return Facts(by_entry(degrees), by_entry(periods), by_entry(trainings), by_entry(exams))


def judge(
    *,
    degrees: Sequence[Degree] = (GOOD_DEGREE,),
    periods: Sequence[Period] = (GOOD_PERIOD,),
    trainings: Sequence[Training] = (GOOD_TRAINING,),
    exams: Sequence[Exam] = (GOOD_EXAM,),
    field: Field = Field.ANAK,
    on: date = DECIDED_ON,
    exam_id: str | None = None,
) -> Eligibility:
    facts = facts_of(degrees=degrees, periods=periods, trainings=trainings, exams=exams)
    return PERMENSOS_108_2009.judge(facts, Claim(field, on, LEVEL, exam_id))


def verdict_on(eligibility: Eligibility, code: str) -> Verdict:
    (verdict,) = [v for v in eligibility.verdicts if v.code == code]
    return verdict


def recorded_days(eligibility: Eligibility) -> int:
    days = verdict_on(eligibility, "practice_days").figures["recorded"]
    assert isinstance(days, int)
    return days


def recorded_hours(eligibility: Eligibility) -> Decimal:
    hours = verdict_on(eligibility, "training_hours").figures["recorded"]
    assert isinstance(hours, str)
    return Decimal(hours)


def evidence(eligibility: Eligibility, code: str) -> tuple[int, ...]:
    return verdict_on(eligibility, code).evidence


def days_of_practice(n: int, start: date = date(2006, 1, 1), entry: int = 3) -> Period:
    """One period of exactly ``n`` calendar days, first and last day included."""
    return Period(entry=entry, started_on=start, ended_on=start + timedelta(days=n - 1))


def degree(level: EducationLevel, major: str) -> Degree:
    return Degree(entry=2, level=level, major=major, graduated_on=date(2004, 8, 30))


def hours(*amounts: str) -> list[Training]:
    return [
        Training(entry=10 + i, hours=Decimal(a), completed_on=date(2009, 6, 30))
        for i, a in enumerate(amounts)
    ]


def inclusive_days(first: date, last: date) -> int:
    return (last - first).days + 1


def unmet_about(verdict: Eligibility, word: str) -> list[str]:
    return [line for line in verdict.unmet if word in line]


# --- the baseline ----------------------------------------------------------------------------


def test_a_member_meeting_all_three_requirements_and_the_exam_is_eligible() -> None:
    verdict = judge()

    assert verdict.eligible
    assert verdict.unmet == ()
    assert verdict.rule_set is PERMENSOS_108_2009
    assert verdict.level == LEVEL
    assert all(v.met for v in verdict.verdicts)
    assert evidence(verdict, "degree") == (GOOD_DEGREE.entry,)
    assert evidence(verdict, "passed_exam") == (GOOD_EXAM.entry,)


# --- two years of practice: 730 days, the union of all periods --------------------------------


def test_729_days_of_practice_is_not_enough() -> None:
    verdict = judge(periods=[days_of_practice(729)])

    assert not verdict.eligible
    assert recorded_days(verdict) == 729
    assert len(verdict.unmet) == 1
    assert "practice" in verdict.unmet[0]
    assert "729" in verdict.unmet[0]


def test_730_days_of_practice_is_enough() -> None:
    verdict = judge(periods=[days_of_practice(730)])

    assert verdict.eligible
    assert recorded_days(verdict) == 730


def test_no_practice_at_all_is_not_enough() -> None:
    verdict = judge(periods=[])

    assert recorded_days(verdict) == 0
    assert len(unmet_about(verdict, "practice")) == 1


def test_overlapping_periods_count_once() -> None:
    first = Period(entry=3, started_on=date(2005, 1, 1), ended_on=date(2005, 12, 31))
    second = Period(entry=4, started_on=date(2005, 7, 1), ended_on=date(2006, 6, 30))

    assert practice_days([first, second], DECIDED_ON) == inclusive_days(
        date(2005, 1, 1), date(2006, 6, 30)
    )


def test_two_half_overlapping_years_of_practice_are_not_two_years() -> None:
    # 365 + 365 days, but 182 of them shared: far from the 730 the rule asks for.
    first = Period(entry=3, started_on=date(2007, 1, 1), ended_on=date(2007, 12, 31))
    second = Period(entry=4, started_on=date(2007, 7, 3), ended_on=date(2008, 7, 1))

    verdict = judge(periods=[first, second])

    assert recorded_days(verdict) < 730
    assert not verdict.eligible


def test_a_period_inside_another_adds_nothing() -> None:
    outer = Period(entry=3, started_on=date(2005, 1, 1), ended_on=date(2007, 12, 31))
    inner = Period(entry=4, started_on=date(2006, 3, 1), ended_on=date(2006, 9, 30))

    assert practice_days([outer, inner], DECIDED_ON) == practice_days([outer], DECIDED_ON)
    assert practice_days([inner, outer], DECIDED_ON) == inclusive_days(
        date(2005, 1, 1), date(2007, 12, 31)
    )


def test_the_same_period_recorded_twice_counts_once() -> None:
    twice = [days_of_practice(400, entry=3), days_of_practice(400, entry=4)]

    assert practice_days(twice, DECIDED_ON) == 400
    assert recorded_days(judge(periods=twice)) == 400


def test_touching_periods_add_up_without_a_gap_or_double_count() -> None:
    first = Period(entry=3, started_on=date(2009, 1, 1), ended_on=date(2010, 12, 31))
    second = Period(entry=4, started_on=date(2011, 1, 1), ended_on=date(2011, 12, 31))

    total = practice_days([first, second], DECIDED_ON)

    assert total == 365 + 365 + 365
    assert total == inclusive_days(date(2009, 1, 1), date(2011, 12, 31))


def test_separate_periods_with_a_gap_add_up() -> None:
    first = days_of_practice(400, start=date(2003, 1, 1), entry=3)
    second = days_of_practice(330, start=date(2007, 1, 1), entry=4)

    verdict = judge(periods=[first, second])

    assert recorded_days(verdict) == 730
    assert verdict.eligible


def test_a_period_starting_after_the_decision_date_is_ignored() -> None:
    later = Period(entry=6, started_on=DECIDED_ON + timedelta(days=1), ended_on=date(2015, 1, 1))

    verdict = judge(periods=[GOOD_PERIOD, later])

    assert recorded_days(verdict) == practice_days([GOOD_PERIOD], DECIDED_ON)
    assert later.entry not in evidence(verdict, "practice_days")
    assert evidence(verdict, "practice_days") == (GOOD_PERIOD.entry,)


def test_only_a_period_starting_after_the_decision_date_is_no_practice() -> None:
    later = Period(entry=6, started_on=DECIDED_ON + timedelta(days=1), ended_on=None)

    verdict = judge(periods=[later])

    assert recorded_days(verdict) == 0
    assert not verdict.eligible


def test_a_period_starting_on_the_decision_date_counts_one_day() -> None:
    assert practice_days([Period(3, DECIDED_ON, None)], DECIDED_ON) == 1


def test_an_open_ended_period_counts_up_to_the_decision_date() -> None:
    still_practising = Period(entry=3, started_on=date(2024, 6, 15), ended_on=None)

    assert practice_days([still_practising], date(2026, 6, 13)) == 729
    assert practice_days([still_practising], date(2026, 6, 14)) == 730
    assert not judge(periods=[still_practising], on=date(2026, 6, 13)).eligible
    assert judge(periods=[still_practising], on=date(2026, 6, 14)).eligible


def test_a_period_running_past_the_decision_date_counts_only_up_to_it() -> None:
    running = Period(entry=3, started_on=date(2010, 1, 1), ended_on=date(2020, 12, 31))

    assert practice_days([running], date(2011, 12, 31)) == inclusive_days(
        date(2010, 1, 1), date(2011, 12, 31)
    )


# --- 60 hours of training -----------------------------------------------------------------


def test_59_hours_of_training_is_not_enough() -> None:
    verdict = judge(trainings=hours("59"))

    assert not verdict.eligible
    assert recorded_hours(verdict) == Decimal(59)
    assert len(verdict.unmet) == 1
    assert "training" in verdict.unmet[0]


def test_60_hours_of_training_is_enough() -> None:
    verdict = judge(trainings=hours("60"))

    assert verdict.eligible
    assert recorded_hours(verdict) == Decimal(60)


def test_59_99_hours_of_training_is_not_enough() -> None:
    verdict = judge(trainings=hours("59.99"))

    assert not verdict.eligible
    assert recorded_hours(verdict) == Decimal("59.99")
    assert len(unmet_about(verdict, "training")) == 1


def test_59_99_and_0_01_hours_make_exactly_60() -> None:
    verdict = judge(trainings=hours("59.99", "0.01"))

    assert recorded_hours(verdict) == Decimal(60)
    assert verdict.eligible


def test_tenths_of_hours_add_up_exactly_to_60() -> None:
    # 600 courses of 0.1 hour: a binary float sum would miss 60 by a hair.
    verdict = judge(trainings=hours(*["0.1"] * 600))

    assert recorded_hours(verdict) == Decimal(60)
    assert verdict.eligible


def test_training_hours_add_up_across_courses() -> None:
    assert training_hours(hours("20", "20.5", "19.5"), DECIDED_ON) == Decimal(60)


def test_training_completed_after_the_decision_date_does_not_count() -> None:
    early = Training(entry=4, hours=Decimal(40), completed_on=date(2009, 6, 30))
    late = Training(entry=6, hours=Decimal(40), completed_on=DECIDED_ON + timedelta(days=1))

    verdict = judge(trainings=[early, late])

    assert recorded_hours(verdict) == Decimal(40)
    assert evidence(verdict, "training_hours") == (early.entry,)
    assert not verdict.eligible


def test_training_completed_on_the_decision_date_counts() -> None:
    on_the_day = Training(entry=4, hours=Decimal(60), completed_on=DECIDED_ON)

    assert judge(trainings=[on_the_day]).eligible


# --- the degree: S1 or D4 in social work or social welfare --------------------------------


def test_d3_is_not_a_qualifying_degree() -> None:
    verdict = judge(degrees=[degree(EducationLevel.D3, "pekerjaan-sosial")])

    assert not verdict.eligible
    assert not verdict_on(verdict, "degree").met
    assert evidence(verdict, "degree") == ()
    assert len(verdict.unmet) == 1
    assert "degree" in verdict.unmet[0]


def test_sma_is_not_a_qualifying_degree() -> None:
    assert not judge(degrees=[degree(EducationLevel.SMA, "kesejahteraan-sosial")]).eligible


def test_d4_in_social_welfare_qualifies() -> None:
    facts = facts_of(degrees=[degree(EducationLevel.D4, "kesejahteraan-sosial")])

    verdict = PERMENSOS_108_2009.judge(facts, Claim(Field.ANAK, DECIDED_ON, LEVEL))

    assert verdict.eligible
    (held,) = evidence(verdict, "degree")
    assert facts.degrees[held].level is EducationLevel.D4


def test_s1_in_social_work_qualifies() -> None:
    assert judge(degrees=[degree(EducationLevel.S1, "pekerjaan-sosial")]).eligible


def test_s1_in_social_welfare_qualifies() -> None:
    assert judge(degrees=[degree(EducationLevel.S1, "kesejahteraan-sosial")]).eligible


def test_s2_in_social_work_qualifies() -> None:
    assert judge(degrees=[degree(EducationLevel.S2, "pekerjaan-sosial")]).eligible


def test_s3_in_social_welfare_qualifies() -> None:
    assert judge(degrees=[degree(EducationLevel.S3, "kesejahteraan-sosial")]).eligible


@pytest.mark.parametrize("major", ["psikologi", "sosiologi", "ilmu-komunikasi", "hukum"])
def test_the_wrong_major_never_qualifies_whatever_the_practice_and_training(major: str) -> None:
    # A TKSK volunteer with decades of practice and thousands of training hours.
    decades = Period(entry=3, started_on=date(1985, 1, 1), ended_on=None)
    thousands = [
        Training(entry=10 + i, hours=Decimal(1000), completed_on=date(2000 + i, 1, 1))
        for i in range(5)
    ]

    verdict = judge(
        degrees=[degree(EducationLevel.S2, major)], periods=[decades], trainings=thousands
    )

    assert not verdict.eligible
    assert evidence(verdict, "degree") == ()
    assert recorded_days(verdict) > 730 * 10
    assert recorded_hours(verdict) == Decimal(5000)
    assert len(verdict.unmet) == 1
    assert "degree" in verdict.unmet[0]


def test_no_degree_at_all_never_qualifies() -> None:
    verdict = judge(degrees=[])

    assert not verdict.eligible
    assert len(unmet_about(verdict, "degree")) == 1


def test_a_degree_earned_after_the_decision_date_does_not_count() -> None:
    later = Degree(
        entry=2,
        level=EducationLevel.S1,
        major="pekerjaan-sosial",
        graduated_on=DECIDED_ON + timedelta(days=1),
    )

    verdict = judge(degrees=[later])

    assert evidence(verdict, "degree") == ()
    assert not verdict.eligible


def test_a_qualifying_degree_among_others_is_found() -> None:
    other = Degree(
        entry=2, level=EducationLevel.S1, major="psikologi", graduated_on=date(2000, 8, 30)
    )
    diploma = Degree(
        entry=3, level=EducationLevel.D3, major="pekerjaan-sosial", graduated_on=date(2001, 8, 30)
    )
    good = Degree(
        entry=4, level=EducationLevel.D4, major="pekerjaan-sosial", graduated_on=date(2003, 8, 30)
    )

    verdict = judge(degrees=[other, diploma, good])

    assert verdict.eligible
    assert evidence(verdict, "degree") == (good.entry,)


# --- the competency exam --------------------------------------------------------------------


def exam(
    exam_id: str,
    *,
    field: Field = Field.ANAK,
    passed: bool = True,
    held_on: date = date(2011, 4, 12),
    entry: int = 5,
) -> Exam:
    return Exam(entry=entry, exam_id=exam_id, field=field, passed=passed, held_on=held_on)


def test_an_exam_in_another_field_does_not_count() -> None:
    verdict = judge(exams=[exam("EXAM-2011-00007", field=Field.LANSIA)], field=Field.ANAK)

    assert not verdict.eligible
    assert evidence(verdict, "passed_exam") == ()
    assert len(verdict.unmet) == 1
    assert "exam" in verdict.unmet[0]
    assert "anak" in verdict.unmet[0]


def test_a_failed_exam_does_not_count() -> None:
    verdict = judge(exams=[exam("EXAM-2011-00001", passed=False)])

    assert not verdict.eligible
    assert evidence(verdict, "passed_exam") == ()


def test_a_failed_then_passed_exam_passes() -> None:
    failed = exam("EXAM-2011-00001", passed=False, held_on=date(2011, 2, 1), entry=5)
    passed = exam("EXAM-2011-00002", passed=True, held_on=date(2011, 9, 1), entry=6)

    verdict = judge(exams=[failed, passed])

    assert verdict.eligible
    assert evidence(verdict, "passed_exam") == (passed.entry,)


def test_an_exam_held_after_the_decision_date_does_not_count() -> None:
    later = exam("EXAM-2012-00001", held_on=DECIDED_ON + timedelta(days=1))

    verdict = judge(exams=[later])

    assert not verdict.eligible
    assert evidence(verdict, "passed_exam") == ()


def test_an_exam_held_on_the_decision_date_counts() -> None:
    assert judge(exams=[exam("EXAM-2012-00001", held_on=DECIDED_ON)]).eligible


def test_a_named_exam_that_passed_is_the_one_the_decision_rests_on() -> None:
    first = exam("EXAM-2011-00001", held_on=date(2011, 2, 1), entry=5)
    second = exam("EXAM-2011-00002", held_on=date(2011, 9, 1), entry=6)

    verdict = judge(exams=[first, second], exam_id="EXAM-2011-00001")

    assert verdict.eligible
    assert evidence(verdict, "passed_exam") == (first.entry,)


def test_a_named_exam_that_was_failed_is_refused_with_that_reason() -> None:
    failed = exam("EXAM-2011-00001", passed=False, entry=5)
    passed = exam("EXAM-2011-00002", entry=6)

    verdict = judge(exams=[failed, passed], exam_id="EXAM-2011-00001")

    assert not verdict.eligible
    assert evidence(verdict, "passed_exam") == ()
    assert len(verdict.unmet) == 1
    assert "EXAM-2011-00001" in verdict.unmet[0]
    assert "failed" in verdict.unmet[0]


def test_a_named_exam_in_another_field_is_refused_with_that_reason() -> None:
    lansia = exam("EXAM-2011-00003", field=Field.LANSIA, entry=6)

    verdict = judge(exams=[lansia, GOOD_EXAM], exam_id="EXAM-2011-00003", field=Field.ANAK)

    assert not verdict.eligible
    assert len(verdict.unmet) == 1
    assert "EXAM-2011-00003" in verdict.unmet[0]
    assert "lansia" in verdict.unmet[0]
    assert "anak" in verdict.unmet[0]


def test_a_named_exam_that_is_not_this_members_is_refused_with_that_reason() -> None:
    verdict = judge(exams=[GOOD_EXAM], exam_id="EXAM-2011-00999")

    assert not verdict.eligible
    assert evidence(verdict, "passed_exam") == ()
    assert len(verdict.unmet) == 1
    assert "EXAM-2011-00999" in verdict.unmet[0]
    assert "not an exam of this member" in verdict.unmet[0]


def test_a_named_exam_held_after_the_decision_date_is_refused_with_that_reason() -> None:
    later = exam("EXAM-2012-00004", held_on=DECIDED_ON + timedelta(days=10), entry=6)

    verdict = judge(exams=[GOOD_EXAM, later], exam_id="EXAM-2012-00004")

    assert not verdict.eligible
    assert len(verdict.unmet) == 1
    assert "EXAM-2012-00004" in verdict.unmet[0]
    assert str(later.held_on) in verdict.unmet[0]


def test_a_named_exam_failed_and_in_another_field_reports_both() -> None:
    bad = exam("EXAM-2011-00005", field=Field.NAPZA, passed=False)

    verdict = judge(exams=[bad], exam_id="EXAM-2011-00005")

    assert len(unmet_about(verdict, "EXAM-2011-00005")) == 2


# --- all three together, every unmet requirement reported -----------------------------------


def test_every_unmet_requirement_is_reported_together() -> None:
    verdict = judge(degrees=[], periods=[], trainings=[], exams=[])

    assert not verdict.eligible
    assert len(verdict.unmet) == 4
    for topic in ("degree", "practice", "training", "exam"):
        assert len(unmet_about(verdict, topic)) == 1, topic


def test_short_practice_and_training_are_both_reported_not_just_the_first() -> None:
    verdict = judge(periods=[days_of_practice(729)], trainings=hours("59.99"))

    assert len(verdict.unmet) == 2
    assert unmet_about(verdict, "practice") and unmet_about(verdict, "training")


def test_the_unmet_requirements_are_in_the_order_the_rule_set_lists_them() -> None:
    verdict = judge(degrees=[], periods=[], trainings=[], exams=[])

    assert [v.code for v in verdict.verdicts] == [
        "degree",
        "practice_days",
        "training_hours",
        "passed_exam",
    ]
    topics = ("degree", "practice", "training", "exam")
    positions = [next(i for i, line in enumerate(verdict.unmet) if t in line) for t in topics]
    assert positions == [0, 1, 2, 3]


# --- the grounds a decision records -----------------------------------------------------------


def test_the_grounds_name_the_entries_each_requirement_counted() -> None:
    second_period = Period(entry=6, started_on=date(2009, 1, 1), ended_on=date(2009, 12, 31))
    later_period = Period(entry=7, started_on=DECIDED_ON + timedelta(days=1), ended_on=None)
    second_training = Training(entry=8, hours=Decimal(4), completed_on=date(2010, 1, 1))
    other_degree = Degree(9, EducationLevel.S1, "psikologi", date(2001, 8, 30))
    failed = exam("EXAM-2011-00002", passed=False, held_on=date(2011, 2, 1), entry=10)

    verdict = judge(
        degrees=[other_degree, GOOD_DEGREE],
        periods=[GOOD_PERIOD, second_period, later_period],
        trainings=[GOOD_TRAINING, second_training],
        exams=[failed, GOOD_EXAM],
    )

    assert verdict.grounds() == {
        "degree": (GOOD_DEGREE.entry,),
        "practice_days": (GOOD_PERIOD.entry, second_period.entry),
        "training_hours": (GOOD_TRAINING.entry, second_training.entry),
        "passed_exam": (GOOD_EXAM.entry,),
    }


def test_the_grounds_of_an_unmet_requirement_are_what_it_counted_or_nothing() -> None:
    verdict = judge(degrees=[], periods=[days_of_practice(100)], trainings=hours("10"), exams=[])

    assert verdict.grounds() == {
        "degree": (),
        "practice_days": (3,),
        "training_hours": (10,),
        "passed_exam": (),
    }


# --- levels ---------------------------------------------------------------------------------


def test_judging_a_level_the_regime_does_not_have_is_an_error() -> None:
    with pytest.raises(KeyError):
        PERMENSOS_108_2009.judge(
            facts_of(), Claim(Field.ANAK, DECIDED_ON, "pekerja-sosial-spesialis")
        )


def test_a_level_the_regime_does_not_have_is_refused_by_certify_listing_the_levels() -> None:
    member = a_member(*eligible())

    with pytest.raises(Refused) as refused:
        certify(member, on="2011-06-01", level="pekerja-sosial-spesialis")

    assert refused.value.unmet == [
        "a level of permensos-108-2009 (pekerja-sosial-profesional): "
        "'pekerja-sosial-spesialis' is not one"
    ]
    assert member.record.certificates == {}


def test_the_only_level_may_be_named_or_left_out() -> None:
    named = certify(a_member(*eligible()), on="2011-06-01", level=LEVEL)
    left_out = certify(a_member(*eligible()), on="2011-06-01")

    assert named.level == left_out.level == LEVEL
    assert PERMENSOS_108_2009.only_level == LEVEL


# --- re-judging a recorded decision ----------------------------------------------------------


def recorded_certification() -> tuple[Facts, ev.Certified]:
    """A member certified by the aggregate: (their facts before the decision, the event)."""
    member = a_member(*eligible())
    record = member.record
    before = Facts(
        dict(record.degrees), dict(record.periods), dict(record.trainings), dict(record.exams)
    )
    return before, certify(member, on="2011-06-01")


def test_a_recorded_certification_rejudged_on_its_own_facts_has_no_failures() -> None:
    facts, certified = recorded_certification()

    assert rejudge(facts, certified).eligible
    assert rejudge(facts, certified).grounds() == certified.grounds
    assert rejudge_failures(facts, certified) == []


def test_rejudging_without_the_training_names_what_it_lacks() -> None:
    facts, certified = recorded_certification()
    without_training = Facts(facts.degrees, facts.periods, {}, facts.exams)

    failures = rejudge_failures(without_training, certified)

    assert len(failures) == 1
    assert failures[0].startswith("CERT-2011-00001 (permensos-108-2009) lacks at least 60 hours")


def test_rejudging_under_an_unknown_rule_set_names_it() -> None:
    facts, certified = recorded_certification()
    unknown = certified.model_copy(update={"rule_set": "permensos-99-1999"})

    assert rejudge_failures(facts, unknown) == [
        "CERT-2011-00001 names an unknown rule set 'permensos-99-1999'"
    ]
    with pytest.raises(KeyError):
        rejudge(facts, unknown)


def test_rejudging_at_an_unknown_level_names_it() -> None:
    facts, certified = recorded_certification()
    unknown = certified.model_copy(update={"level": "pekerja-sosial-spesialis"})

    assert rejudge_failures(facts, unknown) == [
        "CERT-2011-00001 names an unknown level 'pekerja-sosial-spesialis'"
    ]
    with pytest.raises(KeyError):
        rejudge(facts, unknown)


# --- rule sets and validity -----------------------------------------------------------------


def test_permensos_108_2009_governs_from_the_first_day_of_2009_until_2012() -> None:
    assert rule_set_on(date(2009, 1, 1)) is PERMENSOS_108_2009
    assert rule_set_on(date(2012, 5, 31)) is PERMENSOS_108_2009
    assert rule_set_named("permensos-108-2009") is PERMENSOS_108_2009
    assert in_force_on(date(2009, 1, 1)) is PERMENSOS_108_2009


def test_no_rule_set_governs_before_2009() -> None:
    with pytest.raises(Refused) as refused:
        rule_set_on(date(2008, 12, 31))

    assert "2008-12-31" in refused.value.message
    assert refused.value.unmet
    assert in_force_on(date(2008, 12, 31)) is None


def test_an_unknown_rule_set_is_not_found() -> None:
    with pytest.raises(KeyError):
        rule_set_named("permensos-17-2020")


def test_permensos_108_2009_asks_for_the_three_requirements() -> None:
    rules = PERMENSOS_108_2009

    assert list(rules.levels) == [LEVEL]
    degree_in, practice, training, passed_exam = rules.levels[LEVEL]
    assert practice == PracticeDays(730)
    assert training == TrainingHours(Decimal(60))
    assert isinstance(passed_exam, PassedExam)
    assert isinstance(degree_in, DegreeIn)
    assert degree_in.majors == {"pekerjaan-sosial", "kesejahteraan-sosial"}
    assert EducationLevel.S1 in degree_in.levels and EducationLevel.D4 in degree_in.levels
    assert EducationLevel.D3 not in degree_in.levels and EducationLevel.SMA not in degree_in.levels


def test_permensos_108_2009_certificates_and_licences_are_valid_five_years() -> None:
    rules = PERMENSOS_108_2009
    licence = rules.step(MinistryLicence)

    assert rules.certificate_valid_years == 5
    assert licence is not None
    assert licence.valid_years == 5
    assert licence.capped_by_certificate
    assert rules.certificate_valid_until(date(2026, 6, 1)) == date(2031, 5, 31)
    assert licence.valid_until(date(2026, 6, 15), date(2031, 5, 31)) == date(2031, 5, 31)
    assert licence.valid_until(date(2026, 6, 15), date(2031, 6, 30)) == date(2031, 6, 14)


def test_valid_for_five_years_ends_the_day_before_the_fifth_anniversary() -> None:
    assert valid_until(date(2026, 6, 1), 5) == date(2031, 5, 31)
    assert valid_until(date(2011, 1, 1), 5) == date(2015, 12, 31)


def test_valid_from_29_february_ends_on_28_february_in_a_common_year() -> None:
    assert valid_until(date(2012, 2, 29), 5) == date(2017, 2, 28)


def test_valid_from_29_february_to_a_leap_year_ends_on_28_february() -> None:
    assert valid_until(date(2012, 2, 29), 4) == date(2016, 2, 28)


def test_valid_from_1_march_into_a_leap_year_includes_29_february() -> None:
    assert valid_until(date(2011, 3, 1), 5) == date(2016, 2, 29)
