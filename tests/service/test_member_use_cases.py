"""Members through the command handlers on a real store: registration and its numbers, facts
dated in the future, dues, and who may do what. What they refuse, what they record."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from commands.certificates import Certify, RevokeCertificate, certify, revoke_certificate
from commands.exams import RecordExam, record_exam
from commands.licences import (
    ApplyForLicence,
    GrantLicence,
    SuspendLicence,
    apply_for_licence,
    decide_on_licence,
    grant_licence,
)
from commands.members import (
    RegisterMember,
    UpdateMember,
    register_member,
    update_member,
)
from commands.records import (
    AddEducation,
    AddExperience,
    LogTraining,
    PayDues,
    add_education,
    add_experience,
    log_training,
    pay_dues,
)
from ledger.application import Ledger
from ledger.errors import Conflict, NotAuthorised, Refused
from ledger.numbers import member_id
from tests.builders import (
    ADMIN,
    AUDITOR,
    CHAPTER_31,
    CHAPTER_32,
    LSP,
    MINISTRY,
    Clock,
    certified_member,
    fresh_nik,
    make_eligible,
    register,
)
from tests.service.helpers import (
    TODAY,
    TOMORROW,
    event_count,
    licence_status,
    licensed_member,
    stream_types,
)

# --- registration ---------------------------------------------------------------------------


def test_a_registration_number_is_province_year_and_sequence(ledger: Ledger) -> None:
    reg = register(ledger, province="32", registered_on="2010-03-01")

    assert re.fullmatch(r"\d{2}-\d{4}-\d{5}", reg)
    assert reg == "32-2010-00001"


def test_registration_numbers_are_sequential_and_gapless_per_province_and_year(
    ledger: Ledger,
) -> None:
    numbers = [
        register(ledger, name=name, province="32", registered_on="2010-03-01")
        for name in ("Siti Aminah", "Budi Santoso", "Wahyu Nugroho", "Rina Kusuma")
    ]

    assert numbers == [f"32-2010-{n:05d}" for n in range(1, 5)]


def test_each_province_and_year_has_its_own_sequence(ledger: Ledger) -> None:
    first_32_2010 = register(ledger, province="32", registered_on="2010-03-01")
    first_31_2010 = register(ledger, province="31", registered_on="2010-05-02")
    first_32_2011 = register(ledger, province="32", registered_on="2011-01-03")
    second_32_2010 = register(ledger, province="32", registered_on="2010-12-31")
    second_31_2010 = register(ledger, province="31", registered_on="2010-01-01")

    assert first_32_2010 == "32-2010-00001"
    assert first_31_2010 == "31-2010-00001"
    assert first_32_2011 == "32-2011-00001"
    assert second_32_2010 == "32-2010-00002"
    assert second_31_2010 == "31-2010-00002"


def test_a_refused_registration_leaves_no_gap_in_the_numbers(ledger: Ledger) -> None:
    first = register(ledger, registered_on="2010-03-01")
    with pytest.raises(Refused):
        register(ledger, registered_on="2010-03-01", birth_date="2011-01-01")
    taken = fresh_nik()
    register(ledger, registered_on="2010-03-02", nik=taken)
    with pytest.raises(Conflict):
        register(ledger, registered_on="2010-03-03", nik=taken)
    last = register(ledger, registered_on="2010-03-04")

    assert first == "32-2010-00001"
    assert last == "32-2010-00003"


def test_the_same_nik_cannot_be_registered_twice(ledger: Ledger) -> None:
    nik = fresh_nik()
    holder = register(ledger, name="Siti Aminah", nik=nik)
    before = event_count(ledger)

    with pytest.raises(Conflict) as conflict:
        register(ledger, name="Sri Wahyuni", nik=nik, province="31", registered_on="2012-02-02")

    assert holder in conflict.value.message
    assert event_count(ledger) == before


def test_registration_dated_tomorrow_is_refused(ledger: Ledger) -> None:
    before = event_count(ledger)

    with pytest.raises(Refused) as refused:
        register(ledger, registered_on=TOMORROW)

    assert any("future" in line for line in refused.value.unmet)
    assert event_count(ledger) == before


def test_registration_dated_today_is_accepted(ledger: Ledger) -> None:
    reg = register(ledger, registered_on=TODAY)

    assert reg == "32-2026-00001"
    assert ledger.member(reg).record.registered_on == date(2026, 6, 15)


def test_registration_without_a_date_is_dated_today(ledger: Ledger) -> None:
    result = register_member(
        ledger,
        ADMIN,
        RegisterMember(
            name="Putri Handayani",
            nik=fresh_nik(born="1990-02-02"),
            birth_date="1990-02-02",
            province="32",
            email="putri@example.org",
        ),
    )

    assert result["registered_on"] == TODAY
    assert result["registration_no"] == "32-2026-00001"


def test_today_is_the_date_in_papua_wit(ledger: Ledger, clock: Clock) -> None:
    # 16:30 UTC is 23:30 in Jakarta (WIB) but already 01:30 the next day in Jayapura (WIT).
    clock.now = datetime(2026, 6, 15, 16, 30, tzinfo=UTC)

    reg = register(ledger, registered_on=TOMORROW)

    assert ledger.member(reg).record.registered_on == date(2026, 6, 16)
    with pytest.raises(Refused):
        register(ledger, registered_on="2026-06-17")


def test_just_before_midnight_in_papua_tomorrow_is_still_the_future(
    ledger: Ledger, clock: Clock
) -> None:
    clock.now = datetime(2026, 6, 15, 14, 59, tzinfo=UTC)  # 23:59 WIT

    with pytest.raises(Refused):
        register(ledger, registered_on=TOMORROW)


def test_a_birth_date_after_registration_is_refused(ledger: Ledger) -> None:
    with pytest.raises(Refused) as refused:
        register(ledger, registered_on="2010-03-01", birth_date="2010-03-02")

    assert any("birth date" in line for line in refused.value.unmet)


def test_a_birth_date_on_the_registration_day_is_refused(ledger: Ledger) -> None:
    with pytest.raises(Refused):
        register(ledger, registered_on="2010-03-01", birth_date="2010-03-01")


def test_a_refused_registration_lists_every_reason(ledger: Ledger) -> None:
    with pytest.raises(Refused) as refused:
        register(ledger, registered_on="2026-07-01", birth_date="2026-08-01")

    assert len(refused.value.unmet) == 2


# --- dates in the future --------------------------------------------------------------------


def test_education_graduated_tomorrow_is_refused(ledger: Ledger, member: str) -> None:
    with pytest.raises(Refused):
        add_education(
            ledger,
            ADMIN,
            AddEducation(
                registration_no=member,
                level="S1",
                major="pekerjaan-sosial",
                institution="STKS Bandung",
                graduated_on=TOMORROW,
            ),
        )
    assert ledger.member(member).version == 1


def test_education_graduated_before_birth_is_refused(ledger: Ledger, member: str) -> None:
    with pytest.raises(Refused):
        add_education(
            ledger,
            ADMIN,
            AddEducation(
                registration_no=member,
                level="S1",
                major="pekerjaan-sosial",
                institution="STKS Bandung",
                graduated_on="1979-01-01",
            ),
        )


@pytest.mark.parametrize(
    ("started_on", "ended_on"),
    [(TOMORROW, None), ("2020-01-01", TOMORROW), ("2020-01-01", "2019-12-31")],
    ids=["starts-tomorrow", "ends-tomorrow", "ends-before-it-starts"],
)
def test_an_impossible_period_of_practice_is_refused(
    ledger: Ledger, member: str, started_on: str, ended_on: str | None
) -> None:
    with pytest.raises(Refused):
        add_experience(
            ledger,
            ADMIN,
            AddExperience(
                registration_no=member,
                employer="Dinas Sosial Kota Bandung",
                role="pendamping",
                started_on=started_on,
                ended_on=ended_on,
            ),
        )
    assert ledger.member(member).version == 1


def test_training_completed_tomorrow_is_refused(ledger: Ledger, member: str) -> None:
    with pytest.raises(Refused):
        log_training(
            ledger,
            ADMIN,
            LogTraining(
                registration_no=member,
                course="Asesmen",
                provider="Balai Besar Diklat Kesos",
                hours="10",
                completed_on=TOMORROW,
            ),
        )


def test_dues_paid_tomorrow_are_refused(ledger: Ledger, member: str) -> None:
    with pytest.raises(Refused):
        pay_dues(
            ledger,
            ADMIN,
            PayDues(registration_no=member, year=2026, amount=100000, paid_on=TOMORROW),
        )


def test_an_exam_held_tomorrow_is_refused(ledger: Ledger, member: str) -> None:
    with pytest.raises(Refused):
        record_exam(
            ledger,
            LSP,
            RecordExam(
                registration_no=member,
                field="anak",
                result="passed",
                held_on=TOMORROW,
                assessors=("Agus Setiawan",),
            ),
        )


def test_an_exam_held_before_registration_is_refused(ledger: Ledger, member: str) -> None:
    with pytest.raises(Refused):
        record_exam(
            ledger,
            LSP,
            RecordExam(
                registration_no=member,
                field="anak",
                result="passed",
                held_on="2010-02-28",
                assessors=("Agus Setiawan",),
            ),
        )


def test_certification_dated_tomorrow_is_refused(ledger: Ledger, member: str) -> None:
    make_eligible(ledger, member)
    version = ledger.member(member).version

    with pytest.raises(Refused) as refused:
        certify(ledger, LSP, Certify(registration_no=member, field="anak", on=TOMORROW))

    assert any("future" in line for line in refused.value.unmet)
    assert ledger.member(member).version == version


# --- dues ------------------------------------------------------------------------------------


def test_dues_for_the_registration_year_put_the_member_in_good_standing(
    ledger: Ledger, member: str
) -> None:
    pay_dues(
        ledger,
        ADMIN,
        PayDues(registration_no=member, year=2010, amount=100000, paid_on="2010-03-01"),
    )

    record = ledger.member(member).record
    assert record.in_good_standing(date(2010, 7, 1))
    assert not record.in_good_standing(date(2011, 7, 1))


def test_dues_paid_twice_for_one_year_conflict(ledger: Ledger, member: str) -> None:
    pay_dues(
        ledger,
        ADMIN,
        PayDues(
            registration_no=member, year=2011, amount=100000, paid_on="2011-01-10", receipt="KW-1"
        ),
    )
    before = event_count(ledger)

    with pytest.raises(Conflict):
        pay_dues(
            ledger,
            CHAPTER_32,
            PayDues(registration_no=member, year=2011, amount=100000, paid_on="2011-02-10"),
        )

    assert event_count(ledger) == before
    assert stream_types(ledger, member).count("DuesPaid") == 1


def test_dues_for_a_year_before_registration_are_refused(ledger: Ledger, member: str) -> None:
    with pytest.raises(Refused) as refused:
        pay_dues(
            ledger,
            ADMIN,
            PayDues(registration_no=member, year=2009, amount=100000, paid_on="2010-03-01"),
        )

    assert any("2009" in line for line in refused.value.unmet)
    assert ledger.member(member).version == 1


def test_dues_more_than_a_year_ahead_are_refused(ledger: Ledger, member: str) -> None:
    with pytest.raises(Refused):
        pay_dues(
            ledger,
            ADMIN,
            PayDues(registration_no=member, year=2028, amount=100000, paid_on=TODAY),
        )
    pay_dues(
        ledger, ADMIN, PayDues(registration_no=member, year=2027, amount=100000, paid_on=TODAY)
    )

    assert set(ledger.member(member).record.dues_years()) == {2027}


# --- who may do what -------------------------------------------------------------------------


def test_an_auditor_may_not_register_a_member(ledger: Ledger) -> None:
    before = event_count(ledger)
    with pytest.raises(NotAuthorised):
        register(ledger, actor=AUDITOR)
    assert event_count(ledger) == before


def test_a_chapter_admin_registers_in_their_own_province(ledger: Ledger) -> None:
    assert register(ledger, province="32", actor=CHAPTER_32) == "32-2010-00001"


def test_a_chapter_admin_may_not_register_in_another_province(ledger: Ledger) -> None:
    with pytest.raises(NotAuthorised):
        register(ledger, province="32", actor=CHAPTER_31)


def test_a_chapter_admin_may_not_act_on_another_provinces_member(
    ledger: Ledger, member: str
) -> None:
    with pytest.raises(NotAuthorised):
        pay_dues(
            ledger,
            CHAPTER_31,
            PayDues(registration_no=member, year=2010, amount=100000, paid_on="2010-03-01"),
        )
    with pytest.raises(NotAuthorised):
        add_education(
            ledger,
            CHAPTER_31,
            AddEducation(
                registration_no=member,
                level="S1",
                major="pekerjaan-sosial",
                institution="STKS Bandung",
                graduated_on="2004-08-30",
            ),
        )
    with pytest.raises(NotAuthorised):
        update_member(ledger, CHAPTER_31, UpdateMember(registration_no=member, name="Agus S."))

    assert ledger.member(member).version == 1


def test_a_chapter_admin_acts_on_their_own_provinces_member(ledger: Ledger, member: str) -> None:
    update_member(
        ledger, CHAPTER_32, UpdateMember(registration_no=member, name="Agus Setiawan, S.Sos.")
    )

    assert ledger.member(member).record.name == "Agus Setiawan, S.Sos."


def test_the_lsp_may_log_training_but_not_pay_dues(ledger: Ledger, member: str) -> None:
    log_training(
        ledger,
        LSP,
        LogTraining(
            registration_no=member,
            course="Etika profesi",
            provider="LSP Pekerja Sosial",
            hours="8",
            completed_on="2012-01-01",
        ),
    )
    with pytest.raises(NotAuthorised):
        pay_dues(
            ledger,
            LSP,
            PayDues(registration_no=member, year=2012, amount=100000, paid_on="2012-01-01"),
        )

    assert stream_types(ledger, member) == ["Registered", "TrainingLogged"]


@pytest.mark.parametrize("actor", [ADMIN, CHAPTER_32, MINISTRY, AUDITOR])
def test_only_the_lsp_records_exams(ledger: Ledger, member: str, actor: str) -> None:
    with pytest.raises(NotAuthorised):
        record_exam(
            ledger,
            actor,
            RecordExam(
                registration_no=member,
                field="anak",
                result="passed",
                held_on="2011-04-12",
                assessors=("Agus Setiawan",),
            ),
        )


@pytest.mark.parametrize("actor", [ADMIN, CHAPTER_32, MINISTRY, AUDITOR])
def test_only_the_lsp_certifies(ledger: Ledger, actor: str) -> None:
    reg = register(ledger)
    make_eligible(ledger, reg)
    version = ledger.member(reg).version

    with pytest.raises(NotAuthorised):
        certify(ledger, actor, Certify(registration_no=reg, field="anak", on="2026-06-01"))

    assert ledger.member(reg).version == version


@pytest.mark.usefixtures("in_2011")  # when the Ministry licensed
@pytest.mark.parametrize("actor", [ADMIN, LSP, AUDITOR])
def test_only_the_ministry_grants_licences(ledger: Ledger, actor: str) -> None:
    reg, cert = certified_member(ledger)
    applied = apply_for_licence(
        ledger,
        LSP,
        ApplyForLicence(registration_no=reg, certificate_no=cert, practice=("direct",)),
    )

    with pytest.raises(NotAuthorised):
        grant_licence(ledger, actor, GrantLicence(application_no=applied["application_no"]))

    assert ledger.member(reg).record.licences == {}


@pytest.mark.usefixtures("in_2011")  # when the Ministry licensed
@pytest.mark.parametrize("actor", [ADMIN, LSP, AUDITOR])
def test_only_the_ministry_suspends_licences(ledger: Ledger, actor: str) -> None:
    reg, _, licence = licensed_member(ledger)

    with pytest.raises(NotAuthorised):
        decide_on_licence(ledger, actor, SuspendLicence(licence_no=licence, reason="x"))

    assert licence_status(ledger, reg, licence) == "active"


def test_the_ministry_may_not_revoke_a_certificate(ledger: Ledger) -> None:
    reg, cert = certified_member(ledger)

    with pytest.raises(NotAuthorised):
        revoke_certificate(ledger, MINISTRY, RevokeCertificate(certificate_no=cert, reason="x"))

    assert ledger.member(reg).record.certificates[cert].revoked_on is None


@pytest.mark.parametrize("actor", ["Joko Susilo", None, ""])
def test_an_unknown_actor_is_not_authorised(ledger: Ledger, actor: str | None) -> None:
    before = event_count(ledger)
    with pytest.raises(NotAuthorised):
        register_member(
            ledger,
            actor,
            RegisterMember(
                name="Siti Aminah",
                nik=fresh_nik(),
                birth_date="1980-01-05",
                province="32",
                email="siti@example.org",
                registered_on="2010-03-01",
            ),
        )
    assert event_count(ledger) == before


def test_actor_names_are_matched_ignoring_case_and_spacing(ledger: Ledger) -> None:
    reg = register(ledger, actor="  ratna   SARI ")

    assert ledger.stream(member_id(reg))[0].actor == ADMIN
