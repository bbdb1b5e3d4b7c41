"""What rests on a credential falls with it, also when it is entered later as paper history:
an STR, a SIPPS or a licence dated before its base was revoked is granted (it was valid that
day) and falls, in the same save, on the day its base was revoked."""

from __future__ import annotations

from datetime import date

from ledger import events as ev
from ledger.member import Member
from ledger.vocabulary import Practice, Role
from tests.builders import (
    a_member,
    admin,
    certify,
    context,
    degree,
    exam_passed,
    lsp,
    ministry,
    practice,
    training,
)

BANDUNG = context("Asep Sunandar", Role.REGIONAL_GOVERNMENT)


def generalis_of_2024() -> Member:
    member = a_member(
        degree(),
        practice("2015-01-01", "2020-12-31"),
        training(hours=160, on="2020-06-30"),
        exam_passed(on="2024-01-15", level="generalis"),
    )
    certify(member, on="2024-02-01", level="generalis")
    return member


def issue_str(member: Member, on: str) -> ev.StrIssued:
    return member.issue_str(
        admin(),
        str_no=f"STR-{on[:4]}-00001",
        certificate_no="CERT-2024-00001",
        health_statement="SKS-1",
        oath_on=date.fromisoformat(on),
        ethics_pledge="PKE-1",
        on=date.fromisoformat(on),
    )


def kinds(member: Member) -> list[str]:
    return [type(e).__name__ for e in member.collect_events()]


def test_an_str_dated_before_its_certificates_revocation_falls_on_that_day() -> None:
    member = generalis_of_2024()
    member.revoke_certificate(lsp(), certificate_no="CERT-2024-00001", reason="etik",
                              on=date(2025, 1, 10))  # fmt: skip
    member.collect_events()

    issue_str(member, "2024-06-01")

    issued, fell = member.collect_events()
    assert isinstance(issued, ev.StrIssued) and isinstance(fell, ev.StrRevoked)
    assert (fell.with_certificate, fell.effective_date) == ("CERT-2024-00001", date(2025, 1, 10))
    registration = member.record.strs["STR-2024-00001"]
    assert registration.status(date(2024, 12, 31)) == "active"
    assert registration.status(date(2025, 1, 10)) == "revoked"


def test_a_sipps_dated_before_its_strs_revocation_falls_on_that_day() -> None:
    member = generalis_of_2024()
    issue_str(member, "2024-06-01")
    member.revoke_str(admin(), str_no="STR-2024-00001", reason="etik", on=date(2025, 3, 3))
    member.collect_events()

    member.grant_sipps(BANDUNG, sipps_no="SIPPS-3273-2024-00001", str_no="STR-2024-00001",
                       regency="3273", place="Klinik", practice=(Practice.DIRECT,),
                       on=date(2024, 7, 1))  # fmt: skip

    assert kinds(member) == ["SippsGranted", "SippsRevoked"]
    permit = member.record.sipps["SIPPS-3273-2024-00001"]
    assert (permit.status(date(2025, 3, 2)), permit.status(date(2025, 3, 3))) == (
        "active",
        "revoked",
    )


def test_a_licence_granted_before_its_certificates_revocation_falls_on_that_day() -> None:
    member = a_member(
        degree(), practice("2005-01-01", "2008-12-31"), training(hours=60), exam_passed()
    )
    certify(member, on="2011-05-02")
    member.apply_for_licence(lsp(), application_no="APPL-2011-00001",
                             certificate_no="CERT-2011-00001", practice=(Practice.DIRECT,),
                             on=date(2011, 5, 10))  # fmt: skip
    member.revoke_certificate(lsp(), certificate_no="CERT-2011-00001", reason="etik",
                              on=date(2012, 1, 2))  # fmt: skip
    member.collect_events()

    member.grant_licence(ministry(), application_no="APPL-2011-00001",
                         licence_no="LIC-2011-00001", on=date(2011, 6, 1))  # fmt: skip

    assert kinds(member) == ["LicenceGranted", "LicenceRevoked"]
    assert member.record.licences["LIC-2011-00001"].status(date(2012, 1, 2)) == "revoked"
