"""``member correct-identity`` through the CLI: admin only, NIK uniqueness kept, old values in
the history for those allowed to see them."""

from __future__ import annotations

import pytest

from tests.builders import fresh_nik
from tests.cli.helpers import ADMIN, AUDITOR, CHAPTER_32, failed, ok, register_member

pytestmark = pytest.mark.usefixtures("ledger_cli")


def test_a_wrong_nik_is_corrected_and_the_old_one_is_free_again() -> None:
    wrong, right = fresh_nik(), fresh_nik()
    reg = register_member(nik=wrong)

    done = ok("--as", ADMIN, "--json", "member", "correct-identity", reg, "--nik", right,
              "--reason", "digits swapped on the form").json  # fmt: skip

    assert done == {"registration_no": reg, "corrected": ["nik"],
                    "reason": "digits swapped on the form"}  # fmt: skip
    assert ok("--as", ADMIN, "--json", "member", "show", reg, "--unmasked").json["nik"] == right
    # the right NIK is now taken; the wrong one can be registered by its real holder
    taken = failed(5, "--as", ADMIN, "member", "register", "--name", "Sri Wahyuni",
                   "--nik", right, "--birth-date", "1980-01-05", "--province", "32",
                   "--email", "s@example.org")  # fmt: skip
    assert reg in taken.stderr
    other = register_member(name="Sri Wahyuni", nik=wrong)
    assert other != reg


def test_the_old_nik_stays_in_the_history_for_those_who_may_see_it() -> None:
    wrong, right = fresh_nik(), fresh_nik()
    reg = register_member(nik=wrong)
    ok("--as", ADMIN, "member", "correct-identity", reg, "--nik", right, "--reason", "typo")

    history = ok("--as", ADMIN, "--json", "member", "history", reg, "--unmasked").json["events"]
    assert [e["event"] for e in history] == ["Registered", "IdentityCorrected", "PersonalDataShown"]
    assert history[0]["data"]["nik"] == wrong and history[1]["data"]["nik"] == right
    assert history[1]["effective_date"] == history[0]["effective_date"]  # true from then on
    masked = ok("--as", AUDITOR, "--json", "member", "history", reg).json["events"]
    assert {e["data"]["nik"] for e in masked if "nik" in e["data"]} == {
        "*" * 12 + wrong[-4:],
        "*" * 12 + right[-4:],
    }


def test_a_nik_held_by_another_member_is_a_conflict_and_records_nothing() -> None:
    first = register_member(nik=fresh_nik())
    second_nik = fresh_nik()
    register_member(name="Sri Wahyuni", nik=second_nik)
    before = ok("--as", ADMIN, "--json", "member", "history", first).json["events"]

    failed(5, "--as", ADMIN, "member", "correct-identity", first, "--nik", second_nik,
           "--reason", "x")  # fmt: skip

    assert ok("--as", ADMIN, "--json", "member", "history", first).json["events"] == before


def test_only_the_national_admin_corrects_identity() -> None:
    reg = register_member()
    refused = failed(7, "--as", CHAPTER_32, "member", "correct-identity", reg,
                     "--province", "31", "--reason", "x")  # fmt: skip
    assert "only admin may" in refused.stderr
