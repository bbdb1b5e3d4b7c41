"""Membership applications, with no store: an application is refused exactly when registering
the same person that day and recording their degree would be, and it is decided once."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import Conflict, LedgerError, Refused
from ledger.member import Member, education_unmet
from ledger.membership import (
    APPROVED,
    PENDING,
    REFERENCE,
    REJECTED,
    MembershipApplication,
    checked_reference,
    format_reference,
)
from ledger.vocabulary import EducationLevel, Role
from tests.builders import admin, context, nik_for

WEB = context("Layanan Daring", Role.WEB)
TODAY = WEB.today
days = st.dates(min_value=date(1940, 1, 1), max_value=TODAY + timedelta(days=400))


def ask(
    birth_date: date, graduated_on: date, nik_born: date | None = None
) -> MembershipApplication:
    return MembershipApplication.ask(
        WEB,
        reference=format_reference(TODAY.year, b"\x01\x02\x03\x04\x05"),
        name="Nur'aini",
        nik=nik_for("32", nik_born or birth_date, 1),
        birth_date=birth_date,
        province="32",
        email="nuraini@example.org",
        phone=None,
        education_level=EducationLevel.S1,
        major="pekerjaan-sosial",
        institution="STKS Bandung",
        graduated_on=graduated_on,
    )


def unmet_of(attempt: object) -> list[str] | None:
    try:
        attempt()  # type: ignore[operator]
    except Refused as refused:
        return sorted(refused.unmet)
    return None


@given(birth_date=days, graduated_on=days, nik_born=st.none() | days)
def test_an_application_is_refused_exactly_as_a_registration_and_degree_would_be(
    birth_date: date, graduated_on: date, nik_born: date | None
) -> None:
    def as_registration() -> None:
        nik = nik_for("32", nik_born or birth_date, 1)
        member = Member.register(
            WEB, member_id=uuid4(), registration_no="32-2026-00001", name="Nur'aini", nik=nik,
            birth_date=birth_date, province="32", email="nuraini@example.org", phone=None,
            registered_on=TODAY,
        )  # fmt: skip
        member.record_education(
            WEB, level=EducationLevel.S1, major="pekerjaan-sosial", institution="STKS Bandung",
            graduated_on=graduated_on,
        )  # fmt: skip

    def both() -> list[str] | None:
        # registration refusals first: a refused registration never reaches the degree
        registered = unmet_of(as_registration)
        if registered is None:
            return None
        degree = [str(u) for u in education_unmet(WEB, graduated_on, birth_date)]
        return sorted({*registered, *degree})

    assert unmet_of(lambda: ask(birth_date, graduated_on, nik_born)) == both()


def test_an_application_is_decided_once() -> None:
    application = ask(date(1996, 2, 14), date(2019, 8, 30))
    assert application.status == PENDING
    application.approve(admin(), "32-2026-00001", TODAY)
    assert (application.status, application.registration_no) == (APPROVED, "32-2026-00001")
    with pytest.raises(Conflict):
        application.reject(admin(), "too late", TODAY)


def test_a_decision_may_not_precede_the_application() -> None:
    application = ask(date(1996, 2, 14), date(2019, 8, 30))
    with pytest.raises(Refused, match="decision"):
        application.reject(admin(), "ijazah", TODAY - timedelta(days=1))
    application.reject(admin(), "ijazah", TODAY)
    assert (application.status, application.reason) == (REJECTED, "ijazah")


@given(st.binary(min_size=5, max_size=5), st.integers(2000, 2100))
def test_references_are_well_formed_and_read_back(draw: bytes, year: int) -> None:
    reference = format_reference(year, draw)
    assert REFERENCE.match(reference)
    assert checked_reference(f"  {reference.lower()} ") == reference


def test_a_malformed_reference_is_invalid_input_naming_the_field() -> None:
    with pytest.raises(LedgerError) as raised:
        checked_reference("APPL-2011-00001")
    assert raised.value.details == [{"field": "reference", "message": "REQ-YYYY-XXXXXXXX"}]
