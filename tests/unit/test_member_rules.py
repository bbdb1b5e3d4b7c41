"""The member aggregate decides by the rules: domain tests on a bare ``Member``.

Each member is built by the aggregate's own methods with a fixed clock (tests/builders.py): no
store, no keys, nothing on disk. "Today" is 2011-06-15.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from ledger import events as ev
from ledger.errors import Conflict, NotFound, Refused
from ledger.member import Member
from ledger.vocabulary import Field
from tests.builders import (
    Fact,
    a_member,
    admin,
    apply_for_licence,
    certified,
    certify,
    days_of_practice,
    degree,
    dues_paid,
    eligible,
    exam_failed,
    exam_passed,
    grant_licence,
    licensed,
    lsp,
    ministry,
    practice,
    training,
)

pytestmark = pytest.mark.usefixtures("in_2011")

TODAY = date(2011, 6, 15)
TOMORROW = date(2011, 6, 16)
CERT = "CERT-2011-00001"
LICENCE = "LIC-2011-00001"


def refusal(decision: Callable[[], object]) -> list[str]:
    """Run a decision that must be refused; its unmet requirements."""
    with pytest.raises(Refused) as refused:
        decision()
    return refused.value.unmet


def a_social_worker(*more: Fact, hours: int | str = 60) -> Member:
    """S1 in social welfare 2004, practice 2005-2008, the hours, a passed anak exam 2011."""
    return a_member(*eligible(hours=hours), *more)


def pending_types(member: Member) -> list[str]:
    return [type(e).__name__ for e in member.collect_events()]


def licence_status(member: Member, licence_no: str = LICENCE) -> str:
    return member.record.licences[licence_no].status(TODAY)


# --- certification: the 2009 requirements -----------------------------------------------------


def test_a_member_meeting_the_2009_rules_is_certified_on_the_entries_they_rest_on() -> None:
    member = a_social_worker()  # entries: 2 degree, 3 practice, 4 training, 5 exam

    event = certify(member, on="2011-06-01")

    assert isinstance(event, ev.Certified)
    assert event.rule_set == "permensos-108-2009"
    assert event.level == "pekerja-sosial-profesional"
    assert event.exam_id == member.record.exams[5].exam_id
    assert event.grounds == {
        "degree": (2,),
        "practice_days": (3,),
        "training_hours": (4,),
        "passed_exam": (5,),
    }
    assert event.actor_role == "lsp"
    assert member.certificate(CERT).status(TODAY) == "active"


def test_59_hours_are_not_enough_under_2009() -> None:
    member = a_social_worker(hours=59)

    unmet = refusal(lambda: certify(member, on="2011-06-01"))

    assert unmet == [
        "at least 60 hours of social-work training completed by 2011-06-01: 59 hours recorded"
    ]
    assert member.record.certificates == {}


def test_59_99_hours_and_a_hundredth_more_are_enough() -> None:
    member = a_social_worker(hours="59.99")
    assert "59.99 hours recorded" in refusal(lambda: certify(member, on=TODAY))[0]

    training(hours="0.01", on="2010-01-01")(member)

    assert certify(member, on=TODAY).grounds["training_hours"] == (4, 6)


def test_729_days_of_practice_is_not_enough() -> None:
    member = a_member(
        degree(), days_of_practice(729), training(hours=60), exam_passed("anak", on="2011-04-12")
    )

    unmet = refusal(lambda: certify(member, on="2011-06-01"))

    assert len(unmet) == 1
    assert "730 days" in unmet[0] and "729 days recorded" in unmet[0]


def test_730_days_of_practice_is_enough() -> None:
    member = a_member(
        degree(), days_of_practice(730), training(hours=60), exam_passed("anak", on="2011-04-12")
    )

    assert certify(member, on="2011-06-01").grounds["practice_days"] == (3,)


def test_two_overlapping_years_of_practice_count_once() -> None:
    member = a_member(
        degree(),
        practice("2007-01-01", "2007-12-31"),
        practice("2007-07-03", "2008-07-01", employer="Dinas Sosial Kota Bandung"),
        training(hours=60),
        exam_passed(),
    )

    unmet = refusal(lambda: certify(member, on="2011-06-01"))

    assert len(unmet) == 1
    assert "548 days recorded" in unmet[0]


@pytest.mark.parametrize(("level", "major"), [("SMA", "pekerjaan-sosial"), ("S2", "psikologi")])
def test_a_volunteer_without_the_degree_cannot_be_certified_whatever_the_hours(
    level: str, major: str
) -> None:
    # A TKSK volunteer since 1990 with 5,000 hours of training.
    member = a_member(
        degree(level, major, on="1998-08-30"),
        practice("1990-01-01"),
        *(training(hours=1000, on=f"{2000 + i}-01-01") for i in range(5)),
        exam_passed(),
    )

    unmet = refusal(lambda: certify(member, on="2011-06-01"))

    assert len(unmet) == 1
    assert unmet[0].startswith("a degree (D4 or S1 or S2 or S3) in kesejahteraan-sosial or ")
    assert unmet[0].endswith(
        {
            "SMA": ": SMA in pekerjaan-sosial is below D4",
            "S2": ": S2 in psikologi is not social work or social welfare",
        }[level]
    )


def test_a_d3_in_social_work_is_not_the_degree() -> None:
    member = a_member(degree("D3"), practice("2005-01-01", "2008-12-31"), training(hours=60))
    exam_passed()(member)

    unmet = refusal(lambda: certify(member, on="2011-06-01"))

    assert len(unmet) == 1 and "degree" in unmet[0]


def test_every_unmet_requirement_is_listed_at_once() -> None:
    member = a_member()

    unmet = refusal(lambda: certify(member, on=TOMORROW))

    assert len(unmet) == 5
    assert unmet[0] == "certification date 2011-06-16 is in the future"
    for line, topic in zip(unmet[1:], ("degree", "practice", "training", "exam"), strict=True):
        assert topic in line


def test_a_decision_dated_in_the_future_is_refused() -> None:
    member = a_social_worker()

    unmet = refusal(lambda: certify(member, on=TOMORROW))

    assert unmet == ["certification date 2011-06-16 is in the future"]
    assert member.version == 5


def test_today_is_the_date_in_papua() -> None:
    # 16:30 UTC is 23:30 in Jakarta but 01:30 the next day in Jayapura (WIT).
    late = lsp(now=datetime(2011, 6, 15, 16, 30, tzinfo=UTC))
    member = a_social_worker()

    assert certify(member, on=TOMORROW, ctx=late).effective_date == TOMORROW


def test_no_decision_before_the_2009_rules_were_in_force() -> None:
    member = a_member(registered_on="2005-01-01")

    with pytest.raises(Refused) as refused:
        certify(member, on="2008-12-31")

    assert "no rule set was in force on 2008-12-31" in refused.value.message


def test_certification_is_judged_on_its_own_date() -> None:
    member = a_social_worker()  # exam held 2011-04-12

    unmet = refusal(lambda: certify(member, on="2011-04-11"))

    assert unmet == ["a passed competency exam (uji kompetensi) in anak, held by 2011-04-11: none"]


def test_a_named_failed_exam_is_refused_even_beside_a_passed_one() -> None:
    member = a_social_worker(exam_failed(exam_id="EXAM-2011-00099"))

    unmet = refusal(lambda: certify(member, on=TODAY, exam_id="EXAM-2011-00099"))

    assert unmet == ["exam EXAM-2011-00099: was failed, a passed exam is required"]


def test_an_exam_of_someone_else_cannot_be_named() -> None:
    member = a_social_worker()

    unmet = refusal(lambda: certify(member, on=TODAY, exam_id="EXAM-2011-00777"))

    assert unmet == ["exam EXAM-2011-00777: not an exam of this member"]


def test_a_certificate_is_valid_five_years() -> None:
    member = a_social_worker()

    event = certify(member, on="2011-06-01")

    certificate = member.certificate(CERT)
    assert event.valid_until == certificate.valid_until == date(2016, 5, 31)
    assert certificate.status(date(2016, 5, 31)) == "active"
    assert certificate.status(date(2016, 6, 1)) == "expired"
    assert certificate.status(date(2011, 5, 31)) == "not yet issued"


def test_one_certificate_per_field_at_a_time() -> None:
    member = a_social_worker(certified("anak", on="2011-06-01"))

    again = refusal(lambda: certify(member, on=TODAY))
    backdated = refusal(lambda: certify(member, on="2011-05-01"))

    for unmet in (again, backdated):
        assert len(unmet) == 1
        assert f"{CERT} is valid 2011-06-01 to 2016-05-31" in unmet[0]
    assert list(member.record.certificates) == [CERT]


def test_a_certificate_in_another_field_may_stand_beside_an_active_one() -> None:
    member = a_social_worker(certified("anak"), exam_passed("lansia", on="2011-05-20"))

    event = certify(member, "lansia", on=TODAY)

    assert event.field is Field.LANSIA
    assert {c.field for c in member.record.certificates.values()} == {"anak", "lansia"}


def test_after_revocation_the_field_can_be_certified_again() -> None:
    member = a_social_worker(certified("anak"))
    member.revoke_certificate(lsp(), certificate_no=CERT, reason="salah input")

    assert certify(member, on=TODAY).certificate_no == "CERT-2011-00002"


# --- revocation --------------------------------------------------------------------------------


def test_revoking_a_certificate_revokes_its_licences_in_the_same_save() -> None:
    member = a_social_worker(certified(), licensed(CERT))
    member.collect_events()  # what came before is saved

    fallen = member.revoke_certificate(lsp(), certificate_no=CERT, reason="kode etik")

    revoked, licence = member.pending_events
    assert isinstance(revoked, ev.CertificateRevoked) and revoked.certificate_no == CERT
    assert isinstance(licence, ev.LicenceRevoked)
    assert (licence.licence_no, licence.with_certificate) == (LICENCE, CERT)
    assert licence.originator_version == revoked.originator_version + 1
    assert fallen == [LICENCE]
    assert licence_status(member) == "revoked"
    assert member.certificate(CERT).status(TODAY) == "revoked"


def test_revoking_a_certificate_leaves_licences_on_other_certificates() -> None:
    member = a_social_worker(certified(), licensed(CERT), exam_passed("lansia", on="2011-05-20"))
    other = certify(member, "lansia", on=TODAY).certificate_no
    licensed(other)(member)

    fallen = member.revoke_certificate(lsp(), certificate_no=CERT, reason="x")

    assert fallen == [LICENCE]
    assert licence_status(member, "LIC-2011-00002") == "active"


def test_a_licence_already_revoked_does_not_fall_again() -> None:
    member = a_social_worker(certified(), licensed(CERT))
    member.change_licence(ministry(), move="revoke", licence_no=LICENCE, reason="izin dicabut")
    member.collect_events()

    assert member.revoke_certificate(lsp(), certificate_no=CERT, reason="x") == []
    assert pending_types(member) == ["CertificateRevoked"]


def test_revoking_a_revoked_certificate_is_a_conflict_like_a_repeated_grant() -> None:
    member = a_social_worker(certified())
    member.revoke_certificate(lsp(), certificate_no=CERT, reason="x")
    member.collect_events()

    with pytest.raises(Conflict) as conflict:
        member.revoke_certificate(lsp(), certificate_no=CERT, reason="y")

    assert "already revoked on 2011-06-15" in conflict.value.message
    assert member.pending_events == []


# --- licences ----------------------------------------------------------------------------------


def test_a_licence_runs_five_years_but_never_outlives_its_certificate() -> None:
    # Granted today: five years would run to 2016-06-14.
    of_today = a_social_worker(certified(on=TODAY), licensed(CERT))
    older = a_social_worker(certified(on="2011-06-01"), licensed(CERT))  # valid to 2016-05-31

    assert of_today.record.licences[LICENCE].valid_until == date(2016, 6, 14)
    assert older.record.licences[LICENCE].valid_until == date(2016, 5, 31)


def test_a_licence_application_needs_an_active_certificate() -> None:
    expired = a_social_worker(certified(on="2011-06-01"))  # valid until 2016-05-31
    revoked = a_social_worker(certified())
    revoked.revoke_certificate(lsp(), certificate_no=CERT, reason="x")
    in_2017 = lsp(now=datetime(2017, 1, 10, 3, tzinfo=UTC))

    assert refusal(
        lambda: expired.apply_for_licence(
            in_2017, application_no="APPL-2017-00001", certificate_no=CERT, practice=()
        )
    ) == [f"an active certificate: {CERT} is expired"]
    assert refusal(lambda: apply_for_licence(revoked, CERT)) == [
        f"an active certificate: {CERT} is revoked"
    ]


def test_one_pending_application_and_one_licence_per_certificate() -> None:
    member = a_social_worker(certified())
    first = apply_for_licence(member, CERT)

    assert refusal(lambda: apply_for_licence(member, CERT)) == [
        f"no pending application on {CERT}: {first} is pending"
    ]
    grant_licence(member, first)
    assert refusal(lambda: apply_for_licence(member, CERT)) == [
        f"no licence already resting on {CERT}: {LICENCE} is active"
    ]


def test_granting_an_application_twice_conflicts() -> None:
    member = a_social_worker(certified())
    application = apply_for_licence(member, CERT)
    grant_licence(member, application)
    member.collect_events()

    with pytest.raises(Conflict) as conflict:
        member.grant_licence(ministry(), application_no=application, licence_no="LIC-2011-00002")

    assert LICENCE in conflict.value.message
    assert member.pending_events == []


def test_a_grant_needs_the_certificate_still_active() -> None:
    member = a_social_worker(certified())
    application = apply_for_licence(member, CERT)
    member.revoke_certificate(lsp(), certificate_no=CERT, reason="ijazah palsu")

    assert refusal(lambda: grant_licence(member, application)) == [
        f"an active certificate: {CERT} is revoked"
    ]
    assert member.record.licences == {}


def test_an_unknown_application_or_licence_is_not_found() -> None:
    member = a_social_worker(certified())

    with pytest.raises(NotFound):
        member.grant_licence(ministry(), application_no="APPL-2011-00404", licence_no="L")
    with pytest.raises(NotFound):
        member.change_licence(ministry(), move="suspend", licence_no="LIC-2011-00404", reason="x")


@pytest.mark.parametrize(
    ("history", "then", "becomes"),
    [
        ([], "suspend", "suspended"),
        (["suspend"], "reinstate", "active"),
        ([], "revoke", "revoked"),
        (["suspend"], "revoke", "revoked"),
        (["suspend", "reinstate"], "suspend", "suspended"),
    ],
)
def test_the_ministry_moves_a_licence_between_states(
    history: list[str], then: str, becomes: str
) -> None:
    member = a_social_worker(certified(), licensed(CERT))
    for move in history:
        member.change_licence(ministry(), move=move, licence_no=LICENCE, reason="keputusan")

    member.change_licence(ministry(), move=then, licence_no=LICENCE, reason="keputusan menteri")

    assert licence_status(member) == becomes
    assert member.record.licences[LICENCE].latest_status == becomes


@pytest.mark.parametrize(
    ("history", "then", "expected"),
    [
        (["suspend"], "suspend", "a licence that is active: LIC-2011-00001 is suspended"),
        ([], "reinstate", "a licence that is suspended: LIC-2011-00001 is active"),
        (["revoke"], "reinstate", "a licence that is suspended: LIC-2011-00001 is revoked"),
        (["revoke"], "suspend", "a licence that is active: LIC-2011-00001 is revoked"),
        (
            ["suspend", "revoke"],
            "revoke",
            "a licence that is active or suspended: LIC-2011-00001 is revoked",
        ),
    ],
)
def test_the_ministry_cannot_make_an_impossible_move(
    history: list[str], then: str, expected: str
) -> None:
    member = a_social_worker(certified(), licensed(CERT))
    for move in history:
        member.change_licence(ministry(), move=move, licence_no=LICENCE, reason="keputusan")
    status = licence_status(member)
    member.collect_events()

    unmet = refusal(
        lambda: member.change_licence(ministry(), move=then, licence_no=LICENCE, reason="x")
    )

    assert unmet == [expected]
    assert member.pending_events == []
    assert licence_status(member) == status


def test_an_expired_licence_cannot_be_suspended() -> None:
    member = a_social_worker(certified(on="2011-06-01"), licensed(CERT))  # until 2016-05-31
    in_2017 = ministry(now=datetime(2017, 1, 10, 3, tzinfo=UTC))

    unmet = refusal(
        lambda: member.change_licence(in_2017, move="suspend", licence_no=LICENCE, reason="x")
    )

    assert unmet == [f"a licence that is active: {LICENCE} is expired"]


# --- corrections ----------------------------------------------------------------------------


def test_a_correction_withdraws_the_entry_as_of_its_own_date() -> None:
    member = a_member(practice("2011-01-01"))
    member.collect_events()

    member.correct_entry(admin(), entry=2, reason="ganda")

    (corrected,) = member.pending_events
    assert isinstance(corrected, ev.EntryCorrected)
    assert (corrected.entry, corrected.effective_date) == (2, date(2011, 1, 1))
    assert member.record.periods == {}
    assert 2 in member.record.withdrawn


def test_a_withdrawn_training_stops_counting() -> None:
    member = a_social_worker(training(hours=30, on="2009-07-30", course="Konseling"))

    member.correct_entry(admin(), entry=4, reason="salah input")  # the 60 hours

    unmet = refusal(lambda: certify(member, on="2011-06-01"))
    assert len(unmet) == 1
    assert "30 hours recorded" in unmet[0]


def test_an_entry_cannot_be_withdrawn_twice() -> None:
    member = a_member(dues_paid(2010, on="2010-03-01"))
    member.correct_entry(admin(), entry=2, reason="x")
    assert not member.record.in_good_standing(date(2010, 7, 1))

    with pytest.raises(Conflict):
        member.correct_entry(admin(), entry=2, reason="y")


@pytest.mark.parametrize("entry", [1, 6], ids=["registration", "certificate"])
def test_only_facts_are_corrected_never_the_registration_or_a_decision(entry: int) -> None:
    member = a_social_worker(certified())  # entry 6 is the certification
    member.collect_events()

    unmet = refusal(lambda: member.correct_entry(admin(), entry=entry, reason="x"))

    assert unmet == [
        f"entry {entry} is an education, experience, training, dues or exam entry of 32-2010-00001"
    ]
    assert member.pending_events == []


@pytest.mark.parametrize("entry", [0, 7, 99])
def test_an_entry_the_stream_does_not_have_is_not_found_and_named(entry: int) -> None:
    member = a_social_worker(certified())  # entries 1 to 6
    member.collect_events()

    with pytest.raises(NotFound) as missing:
        member.correct_entry(admin(), entry=entry, reason="x")

    assert missing.value.message == f"32-2010-00001 has no entry {entry} (its entries are 1 to 6)"
    assert member.pending_events == []


@pytest.mark.parametrize("entry", [2, 3, 4, 5], ids=["degree", "practice", "training", "exam"])
def test_evidence_of_an_active_certificate_cannot_be_corrected(entry: int) -> None:
    member = a_social_worker(certified())

    unmet = refusal(lambda: member.correct_entry(lsp(), entry=entry, reason="x"))

    assert unmet == [f"no active certificate rests on entry {entry}: {CERT} does (revoke it first)"]


def test_evidence_of_a_revoked_certificate_can_be_corrected() -> None:
    member = a_social_worker(certified())
    member.revoke_certificate(lsp(), certificate_no=CERT, reason="ijazah palsu")

    member.correct_entry(admin(), entry=2, reason="ijazah palsu")

    assert member.record.degrees == {}


def test_an_entry_the_certificate_did_not_count_can_be_corrected() -> None:
    # A failed exam is no ground of the certificate.
    member = a_social_worker(exam_failed(on="2011-02-01"), certified())

    member.correct_entry(lsp(), entry=6, reason="salah peserta")

    assert 6 not in member.record.exams


# --- dues ------------------------------------------------------------------------------------


def test_dues_are_paid_once_a_year() -> None:
    member = a_member(dues_paid(2011, on="2011-01-10", receipt="KW-1"))

    with pytest.raises(Conflict) as conflict:
        member.pay_dues(admin(), year=2011, amount=100000, paid_on=date(2011, 2, 10), receipt=None)

    assert conflict.value.message == "dues for 2011 were already paid on 2011-01-10"
    assert conflict.value.details == {"year": 2011, "receipt": "KW-1"}
    assert member.record.in_good_standing(date(2011, 7, 1))
    assert not member.record.in_good_standing(date(2012, 7, 1))


def test_dues_are_paid_at_most_a_year_ahead() -> None:
    member = a_member()

    unmet = refusal(
        lambda: member.pay_dues(admin(), year=2013, amount=1, paid_on=TODAY, receipt=None)
    )
    member.pay_dues(admin(), year=2012, amount=100000, paid_on=TODAY, receipt=None)

    assert unmet == ["dues can be paid at most one year ahead: 2013 paid on 2011-06-15"]
    assert set(member.record.dues_years()) == {2012}


def test_dues_are_not_for_a_year_before_registration() -> None:
    member = a_member(registered_on="2010-03-01")

    unmet = refusal(
        lambda: member.pay_dues(
            admin(), year=2009, amount=100000, paid_on=date(2010, 3, 1), receipt=None
        )
    )

    assert unmet == ["dues year 2009 is before the registration year 2010"]
    assert member.version == 1


def test_dues_paid_tomorrow_are_refused() -> None:
    member = a_member()

    unmet = refusal(
        lambda: member.pay_dues(admin(), year=2011, amount=1, paid_on=TOMORROW, receipt=None)
    )

    assert unmet == ["payment date 2011-06-16 is in the future"]


# --- the facts themselves ----------------------------------------------------------------------


def test_a_registration_lists_every_reason_it_is_refused() -> None:
    unmet = refusal(lambda: a_member(registered_on="2011-07-01", birth_date="2011-08-01"))

    assert unmet == [
        "registration date 2011-07-01 is in the future",
        "birth date 2011-08-01 must be before registration 2011-07-01",
    ]
    born_that_day = refusal(lambda: a_member(registered_on="2010-03-01", birth_date="2010-03-01"))
    assert born_that_day == ["birth date 2010-03-01 must be before registration 2010-03-01"]


@pytest.mark.parametrize(
    ("fact", "expected"),
    [
        (degree(on=TOMORROW), "graduation date 2011-06-16 is in the future"),
        (degree(on="1979-01-01"), "graduation date 1979-01-01 must be after birth date 1980-01-05"),
        (practice(TOMORROW), "start date 2011-06-16 is in the future"),
        (practice("2010-01-01", TOMORROW), "end date 2011-06-16 is in the future"),
        (
            practice("2010-01-01", "2009-12-31"),
            "end date 2009-12-31 must not be before start date 2010-01-01",
        ),
        (training(hours=10, on=TOMORROW), "completion date 2011-06-16 is in the future"),
        (exam_passed(on=TOMORROW), "exam date 2011-06-16 is in the future"),
        (exam_passed(on="2010-02-28"), "exam date 2010-02-28 is before registration on 2010-03-01"),
    ],
    ids=[
        "graduated-tomorrow",
        "graduated-before-birth",
        "starts-tomorrow",
        "ends-tomorrow",
        "ends-before-it-starts",
        "trained-tomorrow",
        "exam-tomorrow",
        "exam-before-registration",
    ],
)
def test_an_impossible_fact_is_refused_and_records_nothing(fact: Fact, expected: str) -> None:
    member = a_member()
    member.collect_events()

    assert refusal(lambda: fact(member)) == [expected]
    assert member.pending_events == []
    assert member.version == 1
