"""Correcting an identity fact recorded wrong: an event that says so, the right value true from
the registration on, every check the registration had."""

from __future__ import annotations

from datetime import date

import pytest

from ledger import events as ev
from ledger.errors import InvalidInput, Refused
from tests.builders import a_member, admin, degree


def test_a_birth_date_and_its_nik_typed_wrong_are_corrected_from_the_registration_on() -> None:
    member = a_member()  # 05-01-1980, NIK ...450180...
    corrected = member.correct_identity(
        admin(), nik="3273014601800002", birth_date=date(1980, 1, 6), province=None, reason="x"
    )
    assert isinstance(corrected, ev.IdentityCorrected)
    assert corrected.effective_date == date(2010, 3, 1)  # the registration day
    assert (corrected.nik, corrected.birth_date) == ("3273014601800002", date(1980, 1, 6))
    assert (member.record.nik, member.record.birth_date) == ("3273014601800002", date(1980, 1, 6))


def test_a_correction_must_agree_with_the_nik_like_a_registration() -> None:
    member = a_member()
    with pytest.raises(Refused) as refused:
        member.correct_identity(
            admin(), nik=None, birth_date=date(1981, 1, 5), province=None, reason="x"
        )
    assert refused.value.unmet == [
        "the NIK's date part 450180 (a woman born 05-01-..80) does not match the birth date "
        "1981-01-05"
    ]
    assert member.record.birth_date == date(1980, 1, 5)


def test_a_birth_date_after_registration_or_graduation_is_refused() -> None:
    member = a_member(degree(on="2004-08-30"))
    with pytest.raises(Refused) as refused:
        member.correct_identity(
            admin(), nik="3273014505100002", birth_date=date(2010, 5, 5), province=None, reason="x"
        )
    assert refused.value.unmet == [
        "birth date 2010-05-05 must be before registration 2010-03-01",
        "birth date 2010-05-05 must be before the graduation on 2004-08-30",
    ]


def test_a_correction_that_changes_nothing_is_a_usage_error() -> None:
    member = a_member()
    with pytest.raises(InvalidInput):
        member.correct_identity(
            admin(), nik="3273014501800002", birth_date=None, province="32", reason="x"
        )
    assert member.pending_events[-1].originator_version == 1


def test_the_province_is_corrected_and_the_registration_number_stays() -> None:
    member = a_member(province="32")
    member.correct_identity(admin(), nik=None, birth_date=None, province="31", reason="moved")
    assert member.record.province == "31"
    assert member.record.registration_no == "32-2010-00001"
