"""A client that skips the command layer signs with a real key, so only ``audit verify``
stands between its records and the register: each is judged by who may record it."""

from __future__ import annotations

from datetime import date

from ledger.access import Actor, Context
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.vocabulary import Practice, Role
from tests.builders import (
    certified_member,
    enrol_regency_officer,
    str_and_sipps,
)

GARUT = "Euis Komariah"  # the officer of Kabupaten Garut (3205)


def test_a_sipps_of_kota_bandung_recorded_by_garuts_officer_fails_the_audit(
    ledger: Ledger,
) -> None:
    enrol_regency_officer(ledger)
    enrol_regency_officer(ledger, GARUT, "3205")
    reg, cert = certified_member(ledger)
    str_no, _ = str_and_sipps(ledger, reg, cert)
    assert verify_ledger(ledger)["verified"]

    member = ledger.member(reg)
    garut = Context(Actor(GARUT, Role.REGIONAL_GOVERNMENT, regency="3205"), ledger.clock())
    member.grant_sipps(garut, sipps_no="SIPPS-3273-2026-00099", str_no=str_no, regency="3273",
                       place="Klinik Sosial Cibeunying", practice=(Practice.DIRECT,),
                       on=date(2026, 6, 15))  # fmt: skip
    ledger.save(member)

    result = verify_ledger(ledger)
    assert not result["verified"]
    assert [f["detail"] for f in result["failures"] if f["check"] == "role"] == [
        "the government of regency 3205 recorded for a SIPPS of 3273"
    ]
