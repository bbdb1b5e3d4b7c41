"""Permensos 16/2012 and Law 14/2019 as data, judged on a bare aggregate: the rules of each
decision's own day (with every known rule set in force on its date)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ledger import regimes
from ledger.errors import Refused
from ledger.regimes.catalogue import PERMENSOS_16_2012, UU_14_2019
from ledger.regimes.requirements import PracticeDays, TrainingHours
from ledger.vocabulary import Field
from tests.builders import a_member, degree, lsp, practice, training


def exam(member, on: str, level: str | None = None, field: str = "anak") -> None:  # type: ignore[no-untyped-def]
    n = len(member.record.exams) + 1
    member.record_exam(lsp(), exam_id=f"EXAM-{on[:4]}-{n:05d}", field=Field(field), passed=True,
                       held_on=date.fromisoformat(on), assessors=("Agus Setiawan",),
                       level=level)  # fmt: skip


def certify(member, on: str, level: str | None = None):  # type: ignore[no-untyped-def]
    day = date.fromisoformat(on)
    number = f"CERT-{day.year}-{len(member.record.certificates) + 1:05d}"
    return member.certify(lsp(), certificate_no=number, field=Field.ANAK, on=day, exam_id=None,
                          level=level)  # fmt: skip


def worker(hours: int, *, exam_on: str, level: str | None = None, major_level: str = "S1"):  # type: ignore[no-untyped-def]
    member = a_member(
        degree(major_level, "pekerjaan-sosial", on="2004-08-30"),
        practice("2005-01-01", "2010-12-31"),
        training(hours=hours, on="2009-06-30"),
    )
    exam(member, exam_on, level)
    return member


def test_the_2012_rule_set_changes_one_number_of_the_2009_one() -> None:
    old, new = regimes.rule_set_named("permensos-108-2009"), PERMENSOS_16_2012
    level = "pekerja-sosial-profesional"
    assert TrainingHours(Decimal(160)) in new.levels[level]
    assert [r for r in new.levels[level] if not isinstance(r, TrainingHours)] == [
        r for r in old.levels[level] if not isinstance(r, TrainingHours)
    ]
    assert new.after_certificate == old.after_certificate


def test_64_hours_were_enough_in_may_2012_and_are_not_from_june_2012() -> None:
    assert certify(worker(64, exam_on="2012-04-02"), "2012-05-31").rule_set == "permensos-108-2009"
    with pytest.raises(Refused) as refused:
        certify(worker(64, exam_on="2012-04-02"), "2012-06-01")
    assert refused.value.unmet == [
        "at least 160 hours of social-work training completed by 2012-06-01: 64 hours recorded"
    ]


def test_159_hours_are_not_enough_for_a_generalis_and_40_are_for_an_asisten() -> None:
    with pytest.raises(Refused):
        certify(worker(159, exam_on="2024-01-15", level="generalis"), "2024-02-01", "generalis")
    done = certify(worker(40, exam_on="2024-01-15", level="asisten"), "2024-02-01", "asisten")
    assert (done.rule_set, done.level) == ("uu-14-2019", "asisten")


def test_a_d3_is_enough_for_an_asisten_only() -> None:
    member = worker(160, exam_on="2024-01-15", level="asisten", major_level="D3")
    assert certify(member, "2024-02-01", "asisten").level == "asisten"
    member = worker(160, exam_on="2024-01-15", level="generalis", major_level="D3")
    with pytest.raises(Refused) as refused:
        certify(member, "2024-02-01", "generalis")
    assert refused.value.unmet[0].startswith("a degree (D4 or S1 or S2 or S3)")


def test_a_spesialis_needs_an_s2_or_a_generalis_certificate_held_three_years() -> None:
    member = worker(160, exam_on="2021-01-11", level="generalis")
    generalis = certify(member, "2021-02-01", "generalis")
    exam(member, "2023-06-01", "spesialis")
    with pytest.raises(Refused) as early:
        certify(member, "2023-07-03", "spesialis")  # held 2 years 5 months
    assert early.value.unmet == [
        "one of: a degree (S2 or S3) in kesejahteraan-sosial or pekerjaan-sosial, held by "
        "2023-07-03: S1 in pekerjaan-sosial is below S2; or a generalis certificate in anak held "
        "since 2020-07-03: none"
    ]
    exam(member, "2024-03-01", "spesialis")
    done = certify(member, "2024-03-04", "spesialis")
    assert done.grounds["degree"] == (generalis.originator_version,)  # the certificate counted


def test_the_level_table_is_the_products() -> None:
    days = {
        level: next(r.days for r in requirements if isinstance(r, PracticeDays))
        for level, requirements in UU_14_2019.levels.items()
    }
    assert days == {"asisten": 365, "generalis": 730, "spesialis": 1825}
    assert [step.kind for step in UU_14_2019.after_certificate] == ["str", "sipps"]
