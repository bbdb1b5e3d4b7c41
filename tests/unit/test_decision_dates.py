"""Every decision on its own date: paper history entered years later, judged by that day."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.errors import Refused
from ledger.member import Member
from ledger.vocabulary import Practice
from tests.builders import a_member, certify, eligible, lsp, ministry

CERT = "CERT-2011-00001"
APPL = "APPL-2011-00001"
LIC = "LIC-2011-00001"


def certified_in_2011() -> Member:
    member = a_member(*eligible())
    certify(member, on="2011-05-02")  # valid until 2016-05-01
    return member


def apply_2011(member: Member, on: date = date(2011, 6, 1)) -> None:
    member.apply_for_licence(
        lsp(), application_no=APPL, certificate_no=CERT, practice=(Practice.DIRECT,), on=on
    )


def refused(decide: object) -> list[str]:
    with pytest.raises(Refused) as refusal:
        decide()  # type: ignore[operator]
    return refusal.value.unmet


def test_a_licence_applied_for_in_2011_on_a_2011_certificate_is_valid_when_entered_in_2026() -> (
    None
):
    member = certified_in_2011()
    apply_2011(member)
    until = member.grant_licence(
        ministry(), application_no=APPL, licence_no=LIC, on=date(2011, 7, 15)
    )

    licence = member.record.licences[LIC]
    assert until == date(2016, 5, 1)  # five years, but never past its certificate
    assert [e.effective_date for e in member.pending_events[-2:]] == [
        date(2011, 6, 1),
        date(2011, 7, 15),
    ]
    assert (
        licence.status(date(2012, 1, 1)) == "active"
        and licence.status(date(2016, 5, 2)) == "expired"
    )
    # the recorded time stays the real time
    assert {e.timestamp.year for e in member.pending_events} == {2026}


def test_the_same_application_dated_today_is_refused_for_the_law_and_the_expired_certificate() -> (
    None
):
    member = certified_in_2011()
    unmet = refused(lambda: apply_2011(member, on=date(2026, 6, 15)))
    assert unmet == [
        "a rule set with Ministry licences on 2026-06-15: under uu-14-2019 (in force from "
        "2020-12-01) practice needs an STR from IPSPI and a SIPPS from the regency or city "
        "government",
        f"an active certificate: {CERT} is expired",
    ]


def test_an_application_before_the_certificate_is_refused() -> None:
    member = certified_in_2011()
    assert refused(lambda: apply_2011(member, on=date(2011, 5, 1))) == [
        f"an active certificate: {CERT} is not yet issued"
    ]


def test_a_grant_before_its_application_is_refused_with_the_reason() -> None:
    member = certified_in_2011()
    apply_2011(member)
    unmet = refused(
        lambda: member.grant_licence(
            ministry(), application_no=APPL, licence_no=LIC, on=date(2011, 5, 20)
        )
    )
    assert unmet == [f"a grant on or after its application: {APPL} was made on 2011-06-01"]


def test_a_suspension_of_a_licence_not_yet_granted_on_that_date_is_refused() -> None:
    member = certified_in_2011()
    apply_2011(member)
    member.grant_licence(ministry(), application_no=APPL, licence_no=LIC, on=date(2011, 7, 15))
    unmet = refused(
        lambda: member.change_licence(
            ministry(), move="suspend", licence_no=LIC, reason="inquiry", on=date(2011, 7, 1)
        )
    )
    assert unmet == [f"a licence that is active: {LIC} is not yet granted"]


def test_suspended_in_2013_reinstated_in_2014_expired_in_2016() -> None:
    member = certified_in_2011()
    apply_2011(member)
    member.grant_licence(ministry(), application_no=APPL, licence_no=LIC, on=date(2011, 7, 15))
    member.change_licence(
        ministry(), move="suspend", licence_no=LIC, reason="inquiry", on=date(2013, 2, 1)
    )
    member.change_licence(
        ministry(), move="reinstate", licence_no=LIC, reason="ok", on=date(2014, 1, 6)
    )

    licence = member.record.licences[LIC]
    by_year = {year: licence.status(date(year, 12, 31)) for year in range(2011, 2018)}
    assert by_year == {
        2011: "active",
        2012: "active",
        2013: "suspended",
        2014: "active",
        2015: "active",
        2016: "expired",
        2017: "expired",
    }


def test_a_decision_before_the_licences_last_decision_is_refused() -> None:
    member = certified_in_2011()
    apply_2011(member)
    member.grant_licence(ministry(), application_no=APPL, licence_no=LIC, on=date(2011, 7, 15))
    member.change_licence(
        ministry(), move="suspend", licence_no=LIC, reason="inquiry", on=date(2013, 2, 1)
    )
    unmet = refused(
        lambda: member.change_licence(
            ministry(), move="reinstate", licence_no=LIC, reason="x", on=date(2012, 12, 1)
        )
    )
    assert unmet == [
        f"a licence that is suspended: {LIC} is active",
        "a date on or after the licence's last decision (2013-02-01)",
    ]


def test_a_revocation_before_the_certification_is_refused() -> None:
    member = certified_in_2011()
    unmet = refused(
        lambda: member.revoke_certificate(
            lsp(), certificate_no=CERT, reason="x", on=date(2011, 5, 1)
        )
    )
    assert unmet == [f"a revocation on or after the certification: {CERT} was issued on 2011-05-02"]


def test_a_back_dated_revocation_takes_the_licence_down_from_that_day() -> None:
    member = certified_in_2011()
    apply_2011(member)
    member.grant_licence(ministry(), application_no=APPL, licence_no=LIC, on=date(2011, 7, 15))
    assert member.revoke_certificate(
        lsp(), certificate_no=CERT, reason="etik", on=date(2012, 9, 3)
    ) == [LIC]

    record = member.record
    assert record.certificates[CERT].status(date(2012, 9, 2)) == "active"
    assert record.certificates[CERT].status(date(2012, 9, 3)) == "revoked"
    assert record.licences[LIC].status(date(2012, 9, 2)) == "active"
    assert record.licences[LIC].status(date(2012, 9, 3)) == "revoked"


@pytest.mark.parametrize("decide", ["apply", "revoke"])
def test_a_decision_dated_in_the_future_is_refused(decide: str) -> None:
    member = certified_in_2011()
    tomorrow_in_papua = date(2026, 6, 17)  # the clock: 2026-06-15 03:00 UTC
    if decide == "apply":
        unmet = refused(lambda: apply_2011(member, on=tomorrow_in_papua))
        assert "application date 2026-06-17 is in the future" in unmet
    else:
        unmet = refused(
            lambda: member.revoke_certificate(
                lsp(), certificate_no=CERT, reason="x", on=tomorrow_in_papua
            )
        )
        assert unmet == ["revocation date 2026-06-17 is in the future"]
