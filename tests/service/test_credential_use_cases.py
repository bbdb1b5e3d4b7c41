"""Credentials through the command handlers on a real store: certification, revocation and the
licences resting on a certificate, and corrections of the entries a certificate rests on.

The clock is at 2011-06-15 03:00 UTC, under Permensos 108/2009 (the later rule sets and the STR
and SIPPS: tests/cli/test_law_as_it_changed.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from commands.certificates import Certify, RevokeCertificate, certify, revoke_certificate
from commands.exams import RecordExam, record_exam
from commands.licences import (
    ApplyForLicence,
    GrantLicence,
    ReinstateLicence,
    RevokeLicence,
    SuspendLicence,
    apply_for_licence,
    decide_on_licence,
    grant_licence,
)
from commands.members import (
    CorrectEntry,
    correct_entry,
)
from commands.records import (
    AddExperience,
    LogTraining,
    PayDues,
    add_experience,
    log_training,
    pay_dues,
)
from ledger import events as ev
from ledger.application import Ledger
from ledger.errors import Conflict, Refused
from ledger.numbers import member_id
from tests.builders import (
    ADMIN,
    LSP,
    MINISTRY,
    certified_member,
    make_eligible,
    register,
)
from tests.service.helpers import (
    event_count,
    licence_status,
    licensed_member,
    stream_types,
)

pytestmark = pytest.mark.usefixtures("in_2011")
TODAY = "2011-06-15"

# --- certification --------------------------------------------------------------------------


def test_an_eligible_member_is_certified_under_the_rule_set_of_the_day(ledger: Ledger) -> None:
    reg = register(ledger)
    exam_id = make_eligible(ledger, reg)

    result = certify(ledger, LSP, Certify(registration_no=reg, field="anak", on="2011-06-01"))

    certified = ledger.stream(member_id(reg))[-1]
    assert isinstance(certified, ev.Certified)
    assert certified.certificate_no == result["certificate_no"]
    assert certified.rule_set == "permensos-108-2009"
    assert certified.exam_id == exam_id
    assert certified.valid_until == date(2016, 5, 31)
    assert certified.actor == LSP


def test_an_ineligible_member_is_refused_with_every_unmet_requirement(
    ledger: Ledger, member: str
) -> None:
    before = event_count(ledger)

    with pytest.raises(Refused) as refused:
        certify(ledger, LSP, Certify(registration_no=member, field="anak", on="2011-06-01"))

    assert len(refused.value.unmet) == 4
    assert event_count(ledger) == before


def test_certification_is_judged_on_its_own_date(ledger: Ledger, member: str) -> None:
    make_eligible(ledger, member)  # training completed 2009-06-30, exam held 2011-04-12

    with pytest.raises(Refused) as refused:
        certify(ledger, LSP, Certify(registration_no=member, field="anak", on="2011-04-11"))

    assert len(refused.value.unmet) == 1
    assert "exam" in refused.value.unmet[0]


def test_certification_before_any_rule_set_is_refused(ledger: Ledger) -> None:
    reg = register(ledger, registered_on="2005-01-01", birth_date="1980-01-05")
    with pytest.raises(Refused):
        certify(ledger, LSP, Certify(registration_no=reg, field="anak", on="2008-12-31"))


def test_a_second_certificate_in_a_field_with_an_active_one_is_refused(ledger: Ledger) -> None:
    reg, cert = certified_member(ledger, field="anak", on="2011-06-01")
    before = event_count(ledger)

    with pytest.raises(Refused) as refused:
        certify(ledger, LSP, Certify(registration_no=reg, field="anak", on=TODAY))

    assert any(cert in line for line in refused.value.unmet)
    assert event_count(ledger) == before


def test_a_certificate_in_another_field_is_allowed_beside_an_active_one(ledger: Ledger) -> None:
    reg, _ = certified_member(ledger, field="anak", on="2011-06-01")
    record_exam(
        ledger,
        LSP,
        RecordExam(
            registration_no=reg,
            field="lansia",
            result="passed",
            held_on="2011-05-20",
            assessors=("Agus Setiawan",),
        ),
    )

    result = certify(ledger, LSP, Certify(registration_no=reg, field="lansia", on=TODAY))

    assert {c.field for c in ledger.member(reg).record.certificates.values()} == {"anak", "lansia"}
    assert result["certificate_no"] == "CERT-2011-00002"


def test_after_revocation_the_field_can_be_certified_again(ledger: Ledger) -> None:
    reg, cert = certified_member(ledger, field="anak", on="2011-06-01")
    revoke_certificate(ledger, LSP, RevokeCertificate(certificate_no=cert, reason="salah input"))

    result = certify(ledger, LSP, Certify(registration_no=reg, field="anak", on=TODAY))

    assert result["certificate_no"] != cert


def test_a_backdated_certificate_may_not_overlap_an_active_one_in_the_same_field(
    ledger: Ledger,
) -> None:
    # CERT-2011-00001 is active from 2011-06-01 to 2016-05-31. A second anak certificate decided
    # "on 2011-05-01" would be valid to 2029-12-31: two active certificates in one field today.
    reg, cert = certified_member(ledger, field="anak", on="2011-06-01")
    before = event_count(ledger)

    with pytest.raises(Refused) as refused:
        certify(ledger, LSP, Certify(registration_no=reg, field="anak", on="2011-05-01"))

    assert any(cert in line for line in refused.value.unmet)
    assert event_count(ledger) == before


def test_an_exam_of_another_member_cannot_be_named(ledger: Ledger) -> None:
    candidate = register(ledger, name="Sri Wahyuni")
    make_eligible(ledger, candidate)
    other = register(ledger, name="Yosefina Wenda")
    others_exam = make_eligible(ledger, other)

    with pytest.raises(Refused) as refused:
        certify(
            ledger,
            LSP,
            Certify(registration_no=candidate, field="anak", exam_id=others_exam, on=TODAY),
        )

    assert len(refused.value.unmet) == 1
    assert others_exam in refused.value.unmet[0]
    assert "not an exam of this member" in refused.value.unmet[0]


def test_a_named_failed_exam_is_refused_even_beside_a_passed_one(ledger: Ledger) -> None:
    reg = register(ledger)
    make_eligible(ledger, reg)  # a passed anak exam on 2011-04-12
    failed = record_exam(
        ledger,
        LSP,
        RecordExam(
            registration_no=reg,
            field="anak",
            result="failed",
            held_on="2011-02-01",
            assessors=("Agus Setiawan",),
        ),
    )["exam_id"]

    with pytest.raises(Refused) as refused:
        certify(ledger, LSP, Certify(registration_no=reg, field="anak", exam_id=failed, on=TODAY))

    assert len(refused.value.unmet) == 1
    assert failed in refused.value.unmet[0]
    assert "failed" in refused.value.unmet[0]


def test_59_99_stored_hours_are_not_enough_and_a_hundredth_more_is(ledger: Ledger) -> None:
    reg = register(ledger)
    make_eligible(ledger, reg, hours="59.99")

    with pytest.raises(Refused) as refused:
        certify(ledger, LSP, Certify(registration_no=reg, field="anak", on=TODAY))
    assert len(refused.value.unmet) == 1
    assert "59.99" in refused.value.unmet[0]

    log_training(
        ledger,
        LSP,
        LogTraining(
            registration_no=reg,
            course="Refleksi kasus",
            provider="LSP Pekerja Sosial",
            hours="0.01",
            completed_on="2010-01-01",
        ),
    )
    certify(ledger, LSP, Certify(registration_no=reg, field="anak", on=TODAY))

    assert len(ledger.member(reg).record.certificates) == 1


# --- revocation and licences ----------------------------------------------------------------


def test_revoking_a_certificate_revokes_its_licence_in_the_same_save(ledger: Ledger) -> None:
    reg, cert, licence = licensed_member(ledger)
    before = event_count(ledger)
    version = ledger.member(reg).version

    result = revoke_certificate(
        ledger, LSP, RevokeCertificate(certificate_no=cert, reason="pelanggaran kode etik")
    )

    stream = ledger.stream(member_id(reg))
    revoked, fallen = stream[-2], stream[-1]
    assert isinstance(revoked, ev.CertificateRevoked)
    assert revoked.certificate_no == cert
    assert isinstance(fallen, ev.LicenceRevoked)
    assert fallen.licence_no == licence
    assert fallen.with_certificate == cert
    assert (revoked.originator_version, fallen.originator_version) == (version + 1, version + 2)
    assert revoked.timestamp == fallen.timestamp
    # one command, one transaction: exactly these two events, and the save's journal entry
    assert event_count(ledger) == before + 3
    assert result["licences_revoked"] == [licence]
    assert licence_status(ledger, reg, licence) == "revoked"


def test_revoking_a_certificate_leaves_licences_on_other_certificates(ledger: Ledger) -> None:
    reg, cert, licence = licensed_member(ledger)
    record_exam(
        ledger,
        LSP,
        RecordExam(
            registration_no=reg,
            field="lansia",
            result="passed",
            held_on="2011-05-20",
            assessors=("Agus Setiawan",),
        ),
    )
    other = certify(ledger, LSP, Certify(registration_no=reg, field="lansia", on=TODAY))
    applied = apply_for_licence(
        ledger,
        LSP,
        ApplyForLicence(
            registration_no=reg, certificate_no=other["certificate_no"], practice=("community",)
        ),
    )
    other_licence = grant_licence(
        ledger, MINISTRY, GrantLicence(application_no=applied["application_no"])
    )["licence_no"]

    result = revoke_certificate(ledger, LSP, RevokeCertificate(certificate_no=cert, reason="x"))

    assert result["licences_revoked"] == [licence]
    assert licence_status(ledger, reg, licence) == "revoked"
    assert licence_status(ledger, reg, other_licence) == "active"


def test_a_licence_already_revoked_does_not_fall_again(ledger: Ledger) -> None:
    reg, cert, licence = licensed_member(ledger)
    decide_on_licence(ledger, MINISTRY, RevokeLicence(licence_no=licence, reason="izin dicabut"))

    result = revoke_certificate(ledger, LSP, RevokeCertificate(certificate_no=cert, reason="x"))

    assert result["licences_revoked"] == []
    assert stream_types(ledger, reg).count("LicenceRevoked") == 1


def test_a_revoked_certificate_cannot_be_revoked_again(ledger: Ledger) -> None:
    _, cert = certified_member(ledger)
    revoke_certificate(ledger, LSP, RevokeCertificate(certificate_no=cert, reason="x"))
    before = event_count(ledger)

    with pytest.raises(Conflict):  # a repeated decision, as a repeated grant is
        revoke_certificate(ledger, LSP, RevokeCertificate(certificate_no=cert, reason="lagi"))

    assert event_count(ledger) == before


def test_a_licence_never_outlives_its_certificate(ledger: Ledger) -> None:
    # Certified 2011-06-01: valid until 2016-05-31; a licence granted 2011-06-15 for five years
    # would run to 2016-06-14.
    reg, cert, licence = licensed_member(ledger, on="2011-06-01")

    record = ledger.member(reg).record
    assert record.certificates[cert].valid_until == date(2016, 5, 31)
    assert record.licences[licence].valid_until == date(2016, 5, 31)


def test_a_licence_on_an_older_certificate_ends_with_it(ledger: Ledger) -> None:
    reg, cert, licence = licensed_member(ledger, on="2011-04-20")

    record = ledger.member(reg).record
    assert record.certificates[cert].valid_until == date(2016, 4, 19)
    assert record.licences[licence].valid_until == date(2016, 4, 19)


def test_a_licence_on_a_certificate_of_today_runs_five_years(ledger: Ledger) -> None:
    reg, cert, licence = licensed_member(ledger, on=TODAY)

    record = ledger.member(reg).record
    assert record.licences[licence].valid_until == date(2016, 6, 14)
    assert record.licences[licence].valid_until <= record.certificates[cert].valid_until


def test_granting_an_application_twice_conflicts(ledger: Ledger) -> None:
    reg, cert = certified_member(ledger)
    applied = apply_for_licence(
        ledger,
        LSP,
        ApplyForLicence(registration_no=reg, certificate_no=cert, practice=("direct",)),
    )
    first = grant_licence(ledger, MINISTRY, GrantLicence(application_no=applied["application_no"]))
    before = event_count(ledger)

    with pytest.raises(Conflict) as conflict:
        grant_licence(ledger, MINISTRY, GrantLicence(application_no=applied["application_no"]))

    assert first["licence_no"] in conflict.value.message
    assert event_count(ledger) == before
    assert len(ledger.member(reg).record.licences) == 1


def test_a_licence_application_on_a_revoked_certificate_is_refused(ledger: Ledger) -> None:
    reg, cert = certified_member(ledger)
    revoke_certificate(ledger, LSP, RevokeCertificate(certificate_no=cert, reason="x"))

    with pytest.raises(Refused) as refused:
        apply_for_licence(
            ledger,
            LSP,
            ApplyForLicence(registration_no=reg, certificate_no=cert, practice=("direct",)),
        )

    assert any("revoked" in line for line in refused.value.unmet)


MOVES = {"suspend": SuspendLicence, "reinstate": ReinstateLicence, "revoke": RevokeLicence}


def move(ledger: Ledger, name: str, licence: str) -> None:
    decide_on_licence(ledger, MINISTRY, MOVES[name](licence_no=licence, reason="keputusan menteri"))


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
    ledger: Ledger, history: list[str], then: str, becomes: str
) -> None:
    reg, _, licence = licensed_member(ledger)
    for name in history:
        move(ledger, name, licence)

    move(ledger, then, licence)

    assert licence_status(ledger, reg, licence) == becomes
    assert ledger.member(reg).record.licences[licence].status(date(2011, 6, 15)) == becomes


@pytest.mark.parametrize(
    ("history", "then"),
    [
        (["suspend"], "suspend"),
        ([], "reinstate"),
        (["revoke"], "reinstate"),
        (["revoke"], "suspend"),
        (["revoke"], "revoke"),
        (["suspend", "revoke"], "reinstate"),
    ],
)
def test_the_ministry_cannot_make_an_impossible_move(
    ledger: Ledger, history: list[str], then: str
) -> None:
    reg, _, licence = licensed_member(ledger)
    for name in history:
        move(ledger, name, licence)
    status = licence_status(ledger, reg, licence)
    before = event_count(ledger)

    with pytest.raises(Refused):
        move(ledger, then, licence)

    assert event_count(ledger) == before
    assert licence_status(ledger, reg, licence) == status


# --- corrections ---------------------------------------------------------------------------


def test_a_corrected_entry_stops_counting(ledger: Ledger, member: str) -> None:
    make_eligible(ledger, member)
    extra = log_training(
        ledger,
        ADMIN,
        LogTraining(
            registration_no=member,
            course="Konseling",
            provider="Balai Diklat Kesos",
            hours="30",
            completed_on="2009-07-30",
        ),
    )
    assert ledger.member(member).record.trainings[extra["entry"]].hours == Decimal(30)
    training_entry = next(
        e.originator_version
        for e in ledger.stream(member_id(member))
        if isinstance(e, ev.TrainingLogged) and e.hours == Decimal(60)
    )

    correct_entry(
        ledger,
        ADMIN,
        CorrectEntry(registration_no=member, entry=training_entry, reason="salah input"),
    )

    record = ledger.member(member).record
    assert training_entry not in record.trainings
    assert training_entry in record.withdrawn
    with pytest.raises(Refused) as refused:
        certify(ledger, LSP, Certify(registration_no=member, field="anak", on="2011-06-01"))
    assert len(refused.value.unmet) == 1
    assert "training" in refused.value.unmet[0]
    assert "30 hours" in refused.value.unmet[0]


def test_a_correction_is_a_new_event_and_the_original_stays(ledger: Ledger, member: str) -> None:
    entry = add_experience(
        ledger,
        ADMIN,
        AddExperience(
            registration_no=member,
            employer="Yayasan Sayap Ibu",
            role="pekerja sosial",
            started_on="2011-01-01",
        ),
    )["entry"]

    correct_entry(ledger, ADMIN, CorrectEntry(registration_no=member, entry=entry, reason="ganda"))

    stream = ledger.stream(member_id(member))
    assert [type(e).__name__ for e in stream] == [
        "Registered",
        "ExperienceRecorded",
        "EntryCorrected",
    ]
    corrected = stream[-1]
    assert isinstance(corrected, ev.EntryCorrected)
    assert corrected.entry == entry
    assert corrected.effective_date == date(2011, 1, 1)
    assert ledger.member(member).record.periods == {}


def test_an_entry_cannot_be_withdrawn_twice(ledger: Ledger, member: str) -> None:
    pay_dues(
        ledger,
        ADMIN,
        PayDues(registration_no=member, year=2010, amount=50000, paid_on="2010-03-01"),
    )
    version = ledger.member(member).version
    correct_entry(ledger, ADMIN, CorrectEntry(registration_no=member, entry=version, reason="x"))
    assert not ledger.member(member).record.in_good_standing(date(2010, 7, 1))
    before = event_count(ledger)

    with pytest.raises(Conflict):
        correct_entry(
            ledger, ADMIN, CorrectEntry(registration_no=member, entry=version, reason="y")
        )

    assert event_count(ledger) == before


def test_the_registration_itself_cannot_be_withdrawn(ledger: Ledger, member: str) -> None:
    with pytest.raises(Refused):
        correct_entry(ledger, ADMIN, CorrectEntry(registration_no=member, entry=1, reason="x"))
    assert ledger.member(member).version == 1


def test_correcting_evidence_of_an_active_certificate_is_refused(ledger: Ledger) -> None:
    reg, cert = certified_member(ledger)
    certified = ledger.stream(member_id(reg))[-1]
    assert isinstance(certified, ev.Certified)
    version = ledger.member(reg).version

    # Each by a role that may record that kind of entry: the rule, not the role, refuses.
    grounds = certified.grounds
    evidence = [(ADMIN, grounds["degree"][0]), (LSP, grounds["passed_exam"][0])]
    evidence += [(ADMIN, entry) for entry in grounds["training_hours"]]
    for who, entry in evidence:
        with pytest.raises(Refused) as refused:
            correct_entry(ledger, who, CorrectEntry(registration_no=reg, entry=entry, reason="x"))
        assert any(cert in line for line in refused.value.unmet)

    assert ledger.member(reg).version == version


def test_evidence_of_a_revoked_certificate_can_be_corrected(ledger: Ledger) -> None:
    reg, cert = certified_member(ledger)
    certified = ledger.stream(member_id(reg))[-1]
    assert isinstance(certified, ev.Certified)
    revoke_certificate(ledger, LSP, RevokeCertificate(certificate_no=cert, reason="ijazah palsu"))

    correct_entry(
        ledger,
        ADMIN,
        CorrectEntry(
            registration_no=reg, entry=certified.grounds["degree"][0], reason="ijazah palsu"
        ),
    )

    assert ledger.member(reg).record.degrees == {}
