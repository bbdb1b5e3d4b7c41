"""The anomalies report finds what legacy imports and hand edits leave behind."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from uuid import uuid4

from ledger import events as ev
from ledger.integrity import GENESIS, event_hash
from ledger.vocabulary import EducationLevel, Field, Role
from projections.reports.anomalies import CHECKS, anomalies_report

RECORDED = datetime(2012, 1, 1, 3, tzinfo=UTC)


class Stream:
    """Builds one member's events by hand, as an import or a hand edit could leave them."""

    def __init__(self, reg: str, name: str = "Siti Aminah", born: date = date(1980, 1, 5)) -> None:
        self.id = uuid4()
        self.events: list[ev.LedgerEvent] = []
        self.add(
            ev.Registered,
            date(2010, 3, 1),
            originator_topic="ledger.member:Member",
            registration_no=reg,
            name=name,
            nik=f"327301{born.day + 40:02d}{born.month:02d}{born.year % 100:02d}0002",  # hers
            birth_date=born,
            province="32",
            email="siti@example.org",
        )

    def add(
        self, cls: type[ev.LedgerEvent], day: date, recorded: datetime | None = None, **fields: Any
    ) -> Stream:
        """Append an event; recorded on its own day unless said otherwise."""
        when = recorded or datetime.combine(day, time(3), tzinfo=UTC)
        self.events.append(
            cls(
                originator_id=self.id,
                originator_version=len(self.events) + 1,
                timestamp=when,
                previous_hash=event_hash(self.events[-1]) if self.events else GENESIS,
                actor="Ratna Sari",
                actor_role=Role.ADMIN,
                effective_date=day,
                **fields,
            )
        )
        return self


def checks_found(*streams: Stream) -> list[str]:
    return [row["check"] for row in anomalies_report(s.events for s in streams)["rows"]]


def eligible(stream: Stream) -> Stream:
    return (
        stream.add(
            ev.EducationRecorded,
            date(2004, 8, 30),
            level=EducationLevel.S1,
            major="kesejahteraan-sosial",
            institution="STKS",
        )
        .add(
            ev.ExperienceRecorded,
            date(2005, 1, 3),
            employer="Panti",
            position="peksos",
            ended_on=date(2009, 12, 31),
        )
        .add(ev.TrainingLogged, date(2009, 11, 30), course="CM", provider="LSP", hours=Decimal(60))
    )


def certified(stream: Stream, exam_id: str = "EXAM-2011-00001", exam_entry: int = 5) -> Stream:
    return stream.add(
        ev.Certified,
        date(2011, 5, 2),
        certificate_no="CERT-2011-00001",
        field=Field.ANAK,
        rule_set="permensos-108-2009",
        level="pekerja-sosial-profesional",
        valid_until=date(2016, 5, 1),
        exam_id=exam_id,
        grounds={
            "degree": (2,),
            "practice_days": (3,),
            "training_hours": (4,),
            "passed_exam": (exam_entry,),
        },
    )


def test_a_clean_history_has_no_anomalies_and_says_what_it_checked() -> None:
    stream = eligible(Stream("32-2010-00001")).add(
        ev.ExamPassed,
        date(2011, 4, 12),
        exam_id="EXAM-2011-00001",
        field=Field.ANAK,
        assessors=("Agus Setiawan",),
    )
    report = anomalies_report([certified(stream).events])
    assert report["found"] == 0
    assert report["checked"]["members"] == 1 and report["checked"]["events"] == 6
    assert set(report["checked"]["checks"]) == set(CHECKS)


def test_a_certificate_without_a_passed_exam_is_found() -> None:
    stream = eligible(Stream("32-2010-00001")).add(
        ev.ExamFailed,
        date(2011, 4, 12),
        exam_id="EXAM-2011-00001",
        field=Field.ANAK,
        assessors=("Agus Setiawan",),
    )
    assert checks_found(certified(stream)) == ["certificate-basis"]


def test_a_certificate_under_an_unknown_rule_set_is_found() -> None:
    stream = Stream("32-2010-00001").add(
        ev.Certified,
        date(2011, 5, 2),
        certificate_no="CERT-2011-00009",
        field=Field.ANAK,
        rule_set="permensos-99-1999",
        level="pekerja-sosial-profesional",
        valid_until=date(2016, 5, 1),
        exam_id="X",
        grounds={"degree": (1,), "passed_exam": (1,)},
    )
    assert checks_found(stream) == ["certificate-basis"]


def test_a_licence_reinstated_after_revocation_is_found() -> None:
    stream = eligible(Stream("32-2010-00001")).add(
        ev.ExamPassed,
        date(2011, 4, 12),
        exam_id="EXAM-2011-00001",
        field=Field.ANAK,
        assessors=("Agus Setiawan",),
    )
    certified(stream)
    stream.add(
        ev.LicenceApplied,
        date(2011, 11, 1),
        application_no="APPL-2011-00001",
        certificate_no="CERT-2011-00001",
        practice=("direct",),
        rule_set="permensos-108-2009",
    )
    stream.add(
        ev.LicenceGranted,
        date(2011, 12, 15),
        application_no="APPL-2011-00001",
        licence_no="LIC-2011-00001",
        valid_until=date(2016, 5, 1),
        rule_set="permensos-108-2009",
    )
    stream.add(ev.LicenceRevoked, date(2012, 1, 2), licence_no="LIC-2011-00001", reason="x")
    stream.add(ev.LicenceReinstated, date(2012, 1, 3), licence_no="LIC-2011-00001", reason="y")
    assert checks_found(stream) == ["licence-after-revocation"]


def test_one_person_under_two_numbers_is_found_under_both() -> None:
    first = Stream("32-2010-00001", name="Siti  Aminah")
    second = Stream("31-2010-00007", name="siti aminah")
    other = Stream("32-2010-00002", name="Siti Aminah", born=date(1981, 1, 5))
    rows = anomalies_report([first.events, second.events, other.events])["rows"]
    assert sorted((r["registration_no"], r["check"]) for r in rows) == [
        ("31-2010-00007", "duplicate-person"),
        ("32-2010-00001", "duplicate-person"),
    ]


def test_training_recorded_more_than_a_year_late_and_future_dated_entries_are_found() -> None:
    stream = Stream("32-2010-00001")
    stream.add(
        ev.TrainingLogged,
        date(2010, 12, 1),
        RECORDED,
        course="CM",
        provider="LSP",
        hours=Decimal(8),
    )  # recorded 2012-01-01: 396 days late
    stream.add(
        ev.TrainingLogged, date(2011, 6, 1), RECORDED, course="CM", provider="LSP", hours=Decimal(8)
    )  # 214 days late: fine
    stream.add(
        ev.TrainingLogged, date(2012, 3, 1), RECORDED, course="CM", provider="LSP", hours=Decimal(8)
    )  # dated after it was recorded
    rows = anomalies_report([stream.events])["rows"]
    assert [(r["check"], r["entry"]) for r in rows] == [("late-entry", 2), ("late-entry", 4)]


def test_dues_for_a_year_before_registration_are_found() -> None:
    stream = Stream("32-2010-00001").add(ev.DuesPaid, date(2010, 3, 1), year=2009, amount=100000)
    assert checks_found(stream) == ["before-registration"]


# --- what auditors look for (the back office's real history) --------------------------------


def test_a_decision_entered_long_after_it_took_effect_is_back_dated() -> None:
    stream = eligible(Stream("32-2010-00001")).add(
        ev.ExamPassed, date(2011, 4, 12), exam_id="EXAM-2011-00001", field=Field.ANAK,
        assessors=("Agus Setiawan",),
    )  # fmt: skip
    stream.add(
        ev.Certified,
        date(2011, 5, 2),
        recorded=datetime(2026, 6, 15, 3, tzinfo=UTC),
        certificate_no="CERT-2011-00001",
        field=Field.ANAK,
        rule_set="permensos-108-2009",
        level="pekerja-sosial-profesional",
        valid_until=date(2016, 5, 1),
        exam_id="EXAM-2011-00001",
        grounds={
            "degree": (2,),
            "practice_days": (3,),
            "training_hours": (4,),
            "passed_exam": (5,),
        },
    )  # fmt: skip  (entered in 2026 from the 2011 paper decision)
    rows = anomalies_report([stream.events])["rows"]
    late = [r for r in rows if r["check"] == "back-dated"]
    assert [r["entry"] for r in late] == [6] and "Certified recorded" in late[0]["detail"]
    in_time = anomalies_report([stream.events], back_dated_after=timedelta(days=365 * 100))
    assert not [r for r in in_time["rows"] if r["check"] == "back-dated"]


def test_one_receipt_on_two_members_is_found_on_both() -> None:
    paid = {"year": 2010, "amount": 100000}
    first = Stream("32-2010-00001").add(
        ev.DuesPaid, date(2010, 3, 1), evidence="KW-2010-001", **paid
    )
    second = Stream("31-2010-00001", name="Ma'ruf").add(
        ev.DuesPaid,
        date(2010, 3, 2),
        evidence="kw-2010-001 ",
        **paid,  # as typed elsewhere
    )
    rows = anomalies_report([first.events, second.events])["rows"]
    assert [(r["registration_no"], r["check"]) for r in rows] == [
        ("31-2010-00001", "duplicate-receipt"),
        ("32-2010-00001", "duplicate-receipt"),
    ]


def test_dues_of_five_rupiah_are_below_the_minimum() -> None:
    stream = Stream("32-2010-00001").add(ev.DuesPaid, date(2010, 3, 1), year=2010, amount=5)
    rows = anomalies_report([stream.events])["rows"]
    assert [r["detail"] for r in rows] == ["Rp 5 for 2010; the minimum is Rp 50,000"]


def test_a_member_registered_at_age_one_is_implausible() -> None:
    stream = Stream("32-2010-00001", born=date(2009, 1, 5))
    rows = anomalies_report([stream.events])["rows"]
    assert ("implausible-age", "registration at age 1 (born 2009-01-05)") in [
        (r["check"], r["detail"]) for r in rows
    ]


def test_a_nik_whose_date_part_is_another_birthday_is_found() -> None:
    stream = Stream("32-2010-00001", born=date(1980, 1, 6))
    stream.events[0] = stream.events[0].model_copy(update={"nik": "3273014501800002"})  # 05-01
    rows = anomalies_report([stream.events])["rows"]
    assert [(r["check"], r["detail"]) for r in rows] == [
        ("nik-birth-date", "the NIK's date part is not the birth date 1980-01-06")
    ]


def test_a_2014_certificate_on_100_hours_is_an_anomaly_under_permensos_16_2012() -> None:
    """Each decision is judged by its own rule set: 100 hours were never enough in 2014."""
    stream = (
        Stream("32-2013-00001")
        .add(ev.EducationRecorded, date(2007, 9, 1), level=EducationLevel.S1,
             major="pekerjaan-sosial", institution="UNPAD")
        .add(ev.ExperienceRecorded, date(2008, 1, 2), employer="Panti", position="peksos",
             ended_on=None)
        .add(ev.TrainingLogged, date(2012, 11, 30), course="CM", provider="LSP",
             hours=Decimal(100))
        .add(ev.ExamPassed, date(2014, 2, 10), exam_id="EXAM-2014-00001", field=Field.LANSIA,
             assessors=("Agus Setiawan",))
        .add(ev.Certified, date(2014, 3, 3), certificate_no="CERT-2014-00001",
             field=Field.LANSIA, rule_set="permensos-16-2012",
             level="pekerja-sosial-profesional", valid_until=date(2019, 3, 2),
             exam_id="EXAM-2014-00001",
             grounds={"degree": (2,), "practice_days": (3,), "training_hours": (4,),
                      "passed_exam": (5,)})
    )  # fmt: skip

    (row,) = anomalies_report([stream.events])["rows"]

    assert (row["check"], row["entry"]) == ("certificate-basis", 6)
    assert "CERT-2014-00001 (permensos-16-2012) lacks at least 160 hours" in row["detail"]


def test_an_str_on_a_certificate_revoked_that_day_is_a_chain_anomaly() -> None:
    stream = (
        eligible(Stream("32-2010-00001"))
        .add(ev.ExamPassed, date(2011, 4, 12), exam_id="EXAM-2011-00001", field=Field.ANAK,
             assessors=("Agus Setiawan",))
    )  # fmt: skip
    certified(stream).add(
        ev.CertificateRevoked, date(2012, 2, 1), certificate_no="CERT-2011-00001", reason="etik"
    ).add(
        ev.StrIssued,
        date(2021, 3, 15),
        str_no="STR-2021-00001",
        certificate_no="CERT-2011-00001",
        health_statement="SKS",
        oath_on=date(2021, 3, 10),
        ethics_pledge="PKE",
        valid_until=date(2026, 3, 14),
        rule_set="uu-14-2019",
    )

    rows = anomalies_report([stream.events])["rows"]

    assert [(r["check"], r["detail"]) for r in rows if r["check"] == "chain-basis"] == [
        ("chain-basis", "STR-2021-00001 on certificate CERT-2011-00001, revoked that day")
    ]
