"""Well-formed commands the ledger says no to: refused by a rule (exit 3, every unmet
requirement listed), not found (exit 4), a conflict (exit 5) and not authorised (exit 7),
each with the error's code and details and nothing recorded."""

from __future__ import annotations

import pytest

from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    CHAPTER_31,
    CHAPTER_32,
    LSP,
    MINISTRY,
    failed,
    fresh_nik,
    history_length,
    make_eligible,
    ok,
    register_args,
    register_member,
    run,
    unmet_words,
)

# --- refused by a rule: exit 3, every unmet requirement, nothing recorded ----------------------


def test_certify_with_nothing_lists_all_four_requirements(reg: str) -> None:
    result = failed(3, "--as", LSP, "certify", reg, "--field", "anak", "--on", "2011-05-02")

    error = result.error
    assert error["code"] == "refused"
    unmet = unmet_words(error)
    assert len(unmet) == 4, unmet
    assert "degree" in unmet[0]
    assert "practice" in unmet[1] and "0 days" in unmet[1]
    assert "training" in unmet[2] and "0 hours" in unmet[2]
    assert "exam" in unmet[3] and "anak" in unmet[3]
    assert "4" in error["message"]
    assert history_length(reg) == 1


def test_certify_lists_only_what_is_missing(reg: str) -> None:
    ok(
        "--as", ADMIN, "education", "add", reg, "--level", "S1", "--major", "pekerjaan-sosial",
        "--institution", "Universitas Indonesia", "--graduated-on", "2002-09-01",
    )  # fmt: skip

    result = failed(3, "--as", LSP, "certify", reg, "--field", "anak", "--on", "2011-05-02")

    unmet = unmet_words(result.error)
    assert len(unmet) == 3
    assert not any("degree" in u for u in unmet)


def test_practice_and_training_never_make_up_for_the_wrong_degree(reg: str) -> None:
    """A volunteer (TKSK) with years of practice and hundreds of hours, but no S1/D4 in social
    work or social welfare, cannot be certified."""
    ok(
        "--as", ADMIN, "education", "add", reg, "--level", "SMA", "--major", "IPS",
        "--institution", "SMA Negeri 1 Garut", "--graduated-on", "1998-06-01",
    )  # fmt: skip
    ok(
        "--as", ADMIN, "education", "add", reg, "--level", "S1", "--major", "ekonomi",
        "--institution", "Universitas Padjadjaran", "--graduated-on", "2003-06-01",
    )  # fmt: skip
    ok(
        "--as", ADMIN, "experience", "add", reg, "--employer", "TKSK Kecamatan Garut Kota",
        "--role", "relawan", "--from", "1999-01-01",
    )  # fmt: skip
    ok(
        "--as", ADMIN, "training", "log", reg, "--course", "Pelatihan TKSK",
        "--provider", "Dinas Sosial", "--hours", "240", "--completed-on", "2009-11-30",
    )  # fmt: skip
    ok(
        "--as", LSP, "exam", "record", reg, "--field", "komunitas", "--result", "passed",
        "--held-on", "2011-04-12", "--assessor", "Agus Setiawan",
    )  # fmt: skip

    result = failed(3, "--as", LSP, "certify", reg, "--field", "komunitas", "--on", "2011-05-02")

    assert len(unmet_words(result.error)) == 1
    assert "degree" in unmet_words(result.error)[0]


def test_a_named_failed_exam_is_refused(reg: str) -> None:
    make_eligible(reg)
    exam = ok(
        "--as", LSP, "--json", "exam", "record", reg, "--field", "anak", "--result", "failed",
        "--held-on", "2011-04-20", "--assessor", "Agus Setiawan",
    ).json["exam_id"]  # fmt: skip

    result = failed(
        3, "--as", LSP, "certify", reg, "--field", "anak", "--exam", exam, "--on", "2011-05-02"
    )  # fmt: skip

    assert unmet_words(result.error) == [f"exam {exam}: was failed, a passed exam is required"]


def test_refusals_use_no_certificate_number(reg: str) -> None:
    """A refused certification records nothing, not even the number it would have had."""
    failed(3, "--as", LSP, "certify", reg, "--field", "anak", "--on", "2011-05-02")
    failed(3, "--as", LSP, "certify", reg, "--field", "anak", "--on", "2011-05-03")
    make_eligible(reg)

    result = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", "2011-05-04")

    assert result.json["certificate_no"] == "CERT-2011-00001"


@pytest.mark.parametrize(
    ("args", "unmet"),
    [
        (["exam", "record", "{reg}", "--field", "anak", "--result", "passed",
          "--held-on", "2099-01-01", "--assessor", "Agus Setiawan"],
         ["in the future", "a level under uu-14-2019"]),
        (["exam", "record", "{reg}", "--field", "anak", "--result", "passed",
          "--held-on", "2009-01-01", "--assessor", "Agus Setiawan"], ["before registration"]),
        (["experience", "add", "{reg}", "--employer", "Panti Werdha", "--role", "peksos",
          "--from", "2009-01-01", "--to", "2008-01-01"], ["before start date"]),
        (["education", "add", "{reg}", "--level", "S1", "--major", "pekerjaan-sosial",
          "--institution", "UI", "--graduated-on", "1970-01-01"], ["after birth date"]),
        (["training", "log", "{reg}", "--course", "Manajemen kasus", "--provider", "Kemensos",
          "--hours", "60", "--completed-on", "2099-01-01"], ["in the future"]),
        (["dues", "pay", "{reg}", "--year", "2009", "--amount", "100000",
          "--paid-on", "2010-03-01"], ["before the registration year"]),
        (["dues", "pay", "{reg}", "--year", "2013", "--amount", "100000",
          "--paid-on", "2010-03-01"], ["one year ahead"]),
        (["member", "correct", "{reg}", "--entry", "1", "--reason", "typo"], ["entry 1"]),
        (["certify", "{reg}", "--field", "anak", "--on", "2008-12-31"], ["2009-01-01"]),
    ],
)  # fmt: skip
def test_rules_refuse_with_exit_3(reg: str, args: list[str], unmet: list[str]) -> None:
    actor = LSP if args[0] in ("exam", "certify") else ADMIN

    result = failed(3, "--as", actor, *[a.replace("{reg}", reg) for a in args])

    assert result.error["code"] == "refused"
    assert len(unmet_words(result.error)) == len(unmet)
    for detail, words in zip(unmet_words(result.error), unmet, strict=True):
        assert words in detail
    assert history_length(reg) == 1


def test_registration_refusal_lists_every_unmet_requirement(ledger_cli: dict[str, str]) -> None:
    result = failed(
        3, "--as", ADMIN,
        *register_args(**{"--birth-date": "2099-06-01", "--registered-on": "2099-01-01"}),
    )  # fmt: skip

    unmet = unmet_words(result.error)
    assert len(unmet) == 3
    assert "in the future" in unmet[0]
    assert "does not match the birth date 2099-06-01" in unmet[1]  # the NIK's date part
    assert "must be before registration" in unmet[2]


def test_certify_twice_while_the_first_is_active_is_refused(reg: str) -> None:
    make_eligible(reg)
    on = "2011-05-02"
    first = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", on).json

    result = failed(3, "--as", LSP, "certify", reg, "--field", "anak", "--on", "2011-06-01")

    assert len(unmet_words(result.error)) == 1
    assert first["certificate_no"] in unmet_words(result.error)[0]


@pytest.fixture
def licensed(reg: str) -> dict[str, str]:
    """Paper history: certified 2011-05-02, licensed on 2011-06-01 (both until 2016-05-01)."""
    make_eligible(reg)
    cert = ok(
        "--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", "2011-05-02"
    ).json  # fmt: skip
    applied = ok(
        "--as", LSP, "--json", "licence", "apply", reg, "--certificate", cert["certificate_no"],
        "--practice", "direct", "--on", "2011-05-10",
    ).json  # fmt: skip
    granted = ok(
        "--as", MINISTRY, "--json", "licence", "grant", applied["application_no"],
        "--on", "2011-06-01",
    ).json  # fmt: skip
    return {"reg": reg, **cert, **applied, **granted}


def test_licence_decisions_from_the_wrong_status_are_refused(licensed: dict[str, str]) -> None:
    number = licensed["licence_no"]
    decide = ("--as", MINISTRY, "licence")

    reinstate = failed(3, *decide, "reinstate", number, "--reason", "x", "--on", "2012-01-02")
    ok(*decide, "revoke", number, "--reason", "misconduct", "--on", "2012-01-02")
    suspend = failed(3, *decide, "suspend", number, "--reason", "inquiry", "--on", "2012-02-01")

    assert unmet_words(reinstate.error) == [f"a licence that is suspended: {number} is active"]
    assert unmet_words(suspend.error) == [f"a licence that is active: {number} is revoked"]


def test_a_second_application_on_one_certificate_is_refused(licensed: dict[str, str]) -> None:
    result = failed(
        3, "--as", LSP, "licence", "apply", licensed["reg"],
        "--certificate", licensed["certificate_no"], "--practice", "community",
        "--on", "2012-01-02",
    )  # fmt: skip

    assert any(licensed["licence_no"] in d for d in unmet_words(result.error))


def test_revoking_a_revoked_certificate_is_a_conflict(licensed: dict[str, str]) -> None:
    """A repeated decision is exit 5, as a repeated licence grant is (it was exit 3)."""
    ok("--as", LSP, "certificate", "revoke", licensed["certificate_no"], "--reason", "ethics")

    result = failed(
        5, "--as", LSP, "certificate", "revoke", licensed["certificate_no"], "--reason", "again"
    )  # fmt: skip

    assert "already revoked" in result.error["message"]
    assert result.error["details"]["certificate_no"] == licensed["certificate_no"]


def test_an_update_that_changes_nothing_is_a_usage_error(reg: str) -> None:
    """Nothing to update is a mistake in the input (exit 2), not a rule (it was exit 3)."""
    result = failed(2, "--as", ADMIN, "member", "update", reg, "--name", "Siti Aminah")

    assert result.error["code"] == "invalid_input"
    assert "nothing to update" in result.error["message"]


def test_an_expired_certificate_cannot_carry_a_licence(reg: str) -> None:
    make_eligible(reg)
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", "2011-05-02").json

    result = failed(
        3, "--as", LSP, "licence", "apply", reg, "--certificate", cert["certificate_no"],
        "--practice", "direct", "--on", "2017-03-01",
    )  # fmt: skip

    assert unmet_words(result.error) == [
        f"an active certificate: {cert['certificate_no']} is expired"
    ]


# --- not found: exit 4 -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "args"),
    [
        (AUDITOR, ["member", "show", "32-2010-09999"]),
        (AUDITOR, ["member", "history", "32-2010-09999"]),
        (ADMIN, ["member", "update", "32-2010-09999", "--email", "a@example.org"]),
        (ADMIN, ["member", "correct", "32-2010-09999", "--entry", "2", "--reason", "typo"]),
        (ADMIN, ["education", "add", "32-2010-09999", "--level", "S1", "--major", "x",
                 "--institution", "UI", "--graduated-on", "2004-08-30"]),
        (ADMIN, ["experience", "add", "32-2010-09999", "--employer", "Panti", "--role", "p",
                 "--from", "2005-01-01"]),
        (ADMIN, ["training", "log", "32-2010-09999", "--course", "c", "--provider", "p",
                 "--hours", "60", "--completed-on", "2009-06-30"]),
        (ADMIN, ["dues", "pay", "32-2010-09999", "--year", "2010", "--amount", "100000"]),
        (LSP, ["exam", "record", "32-2010-09999", "--field", "anak", "--result", "passed",
               "--held-on", "2011-04-12", "--assessor", "Agus Setiawan"]),
        (LSP, ["certify", "32-2010-09999", "--field", "anak"]),
        (AUDITOR, ["certificate", "show", "CERT-2011-09999"]),
        (AUDITOR, ["certificate", "provenance", "CERT-2011-09999"]),
        (LSP, ["certificate", "revoke", "CERT-2011-09999", "--reason", "x"]),
        (LSP, ["licence", "apply", "{reg}", "--certificate", "CERT-2011-09999",
               "--practice", "direct"]),
        (MINISTRY, ["licence", "grant", "APPL-2011-09999"]),
        (AUDITOR, ["licence", "show", "LIC-2011-09999"]),
        (MINISTRY, ["licence", "suspend", "LIC-2011-09999", "--reason", "x"]),
        (MINISTRY, ["licence", "reinstate", "LIC-2011-09999", "--reason", "x"]),
        (MINISTRY, ["licence", "revoke", "LIC-2011-09999", "--reason", "x"]),
    ],
)  # fmt: skip
def test_unknown_numbers_are_not_found(reg: str, actor: str, args: list[str]) -> None:
    result = failed(4, "--as", actor, *[a.replace("{reg}", reg) for a in args])

    assert result.error["code"] == "not_found"
    numbers = [a for a in args if a.startswith(("32-", "CERT", "APPL", "LIC"))]
    assert any(number in result.error["message"] for number in numbers), result.error


def test_an_exam_number_is_not_a_certificate(reg: str) -> None:
    exam = make_eligible(reg)

    result = failed(4, "--as", AUDITOR, "certificate", "show", exam)

    assert exam in result.error["message"]


def test_another_members_certificate_is_not_found_on_this_member(reg: str) -> None:
    make_eligible(reg)
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", "2011-05-02").json
    other = register_member(name="Sukarti")

    result = failed(
        4, "--as", LSP, "licence", "apply", other, "--certificate", cert["certificate_no"],
        "--practice", "direct",
    )  # fmt: skip

    assert cert["certificate_no"] in result.error["message"]


def test_a_member_is_not_found_before_registration(reg: str) -> None:
    result = failed(4, "--as", AUDITOR, "member", "history", reg, "--as-of", "2009-12-31")

    assert reg in result.error["message"]


# --- conflicts: exit 5 -------------------------------------------------------------------------


def test_init_twice_is_a_conflict_and_keeps_the_ledger(ledger_cli: dict[str, str]) -> None:
    info = ok("--json", "info").json

    result = failed(5, "init", "--admin", "Yusuf Kurniawan")

    assert result.error["code"] == "conflict"
    assert info["ledger_id"] in result.error["message"]
    assert ok("--json", "info").json == info
    assert run("--as", "Yusuf Kurniawan", "actor", "list").code == 7


def test_a_nik_is_registered_once(ledger_cli: dict[str, str]) -> None:
    nik = fresh_nik()
    first = register_member(nik=nik)

    again = failed(5, "--as", ADMIN, *register_args(**{"--nik": nik}))
    elsewhere = failed(
        5, "--as", CHAPTER_31,
        *register_args(**{"--nik": nik, "--province": "31", "--name": "Budi Santoso"}),
    )  # fmt: skip

    for result in (again, elsewhere):
        assert result.error["code"] == "conflict"
        assert result.error["details"] == {"registration_no": first}
        assert nik not in result.stderr  # only the last four digits are shown
    assert [r["registration_no"] for r in ok("--as", AUDITOR, "--json", "member", "list").json] == [
        first
    ]


def test_dues_are_paid_once_a_year(reg: str) -> None:
    ok(
        "--as", ADMIN, "dues", "pay", reg, "--year", "2010", "--amount", "100000",
        "--paid-on", "2010-03-01", "--receipt", "KW-2010-0042",
    )  # fmt: skip

    result = failed(
        5, "--as", CHAPTER_32, "dues", "pay", reg, "--year", "2010", "--amount", "100000",
        "--paid-on", "2010-04-01",
    )  # fmt: skip

    assert result.error["code"] == "conflict"
    assert result.error["details"] == {"year": 2010, "receipt": "KW-2010-0042"}
    assert history_length(reg) == 2


@pytest.mark.parametrize("name", [LSP, LSP.upper(), f"  {LSP.lower()} "])
def test_an_actor_is_enrolled_once(ledger_cli: dict[str, str], name: str) -> None:
    result = failed(5, "--as", ADMIN, "actor", "add", name, "--role", "ministry")

    assert result.error["code"] == "conflict"


def test_an_application_is_granted_once(licensed: dict[str, str]) -> None:
    result = failed(5, "--as", MINISTRY, "licence", "grant", licensed["application_no"])

    assert licensed["licence_no"] in result.error["message"]


def test_an_entry_is_withdrawn_once(reg: str) -> None:
    ok(
        "--as", ADMIN, "training", "log", reg, "--course", "Manajemen kasus",
        "--provider", "Kemensos", "--hours", "600", "--completed-on", "2009-06-30",
    )  # fmt: skip
    ok("--as", ADMIN, "member", "correct", reg, "--entry", "2", "--reason", "typo")

    result = failed(5, "--as", ADMIN, "member", "correct", reg, "--entry", "2", "--reason", "x")

    assert result.error["code"] == "conflict"


def _case_id(value: object) -> str:
    if isinstance(value, list):
        return " ".join(value[:2])
    if value is None:
        return "no --as"
    return str(value) or "empty --as"


# --- not authorised: exit 7 --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actor", "args"),
    [
        (None, ["member", "show", "{reg}"]),
        (None, register_args()),
        ("", register_args()),
        ("Joko Susilo", register_args()),
        ("Joko Susilo", ["member", "show", "{reg}"]),
        (AUDITOR, register_args()),
        (AUDITOR, ["dues", "pay", "{reg}", "--year", "2010", "--amount", "100000"]),
        (AUDITOR, ["projections", "rebuild"]),
        (CHAPTER_32, register_args(**{"--province": "31"})),
        (CHAPTER_31, ["education", "add", "{reg}", "--level", "S1", "--major", "x",
                      "--institution", "UI", "--graduated-on", "2004-08-30"]),
        (CHAPTER_31, ["member", "update", "{reg}", "--email", "a@example.org"]),
        (CHAPTER_31, ["dues", "pay", "{reg}", "--year", "2010", "--amount", "100000"]),
        (CHAPTER_32, ["actor", "add", "Rina Wulandari", "--role", "lsp"]),
        (LSP, register_args()),
        (LSP, ["licence", "grant", "APPL-2026-00001"]),
        (LSP, ["licence", "suspend", "LIC-2026-00001", "--reason", "x"]),
        (MINISTRY, ["certify", "{reg}", "--field", "anak"]),
        (MINISTRY, ["licence", "apply", "{reg}", "--certificate", "CERT-2011-00001",
                    "--practice", "direct"]),
        (ADMIN, ["exam", "record", "{reg}", "--field", "anak", "--result", "passed",
                 "--held-on", "2011-04-12", "--assessor", "Agus Setiawan"]),
        (ADMIN, ["certify", "{reg}", "--field", "anak"]),
        (ADMIN, ["certificate", "revoke", "CERT-2011-00001", "--reason", "x"]),
    ],
    ids=_case_id,
)  # fmt: skip
def test_who_may_not_act_is_not_authorised(reg: str, actor: str | None, args: list[str]) -> None:
    who = [] if actor is None else ["--as", actor]

    result = failed(7, *who, *[a.replace("{reg}", reg) for a in args])

    assert result.error["code"] == "not_authorised"
    assert history_length(reg) == 1


def test_a_chapter_admin_acts_on_their_own_province_only(ledger_cli: dict[str, str]) -> None:
    result = failed(7, "--as", CHAPTER_32, *register_args(**{"--province": "31"}))

    assert result.error["details"] == {
        "actor": CHAPTER_32,
        "province": "32",
        "member_province": "31",
    }
    assert ok("--as", AUDITOR, "--json", "member", "list").json == []
