"""Every way a command can fail: the contract's exit code, the error named in plain words (or as
one JSON object with --json), nothing recorded, and never a traceback or exit 1 for a user's
mistake."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.cli import cli
from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    CHAPTER_31,
    CHAPTER_32,
    LSP,
    MINISTRY,
    Result,
    event_count,
    fresh_nik,
    history_length,
    make_eligible,
    ok,
    register_member,
    run,
    setup_ledger,
    today_in_indonesia,
)


@pytest.fixture
def ledger_cli(cli_env: dict[str, str]) -> dict[str, str]:
    setup_ledger()
    return cli_env


@pytest.fixture
def reg(ledger_cli: dict[str, str]) -> str:
    """A member of Jawa Barat (32) with nothing recorded but the registration."""
    return register_member()


def failed(code: int, *args: str) -> Result:
    """Run a command that must fail with ``code``, record nothing, and say why as one JSON
    object on stderr."""
    before = event_count()
    result = run("--json", *args)
    assert result.code == code, (args, result)
    assert result.stdout == ""
    assert result.error["message"]
    assert event_count() == before, f"{args} recorded something"
    return result


def register_args(**overrides: str | None) -> list[str]:
    fields: dict[str, str | None] = {
        "--name": "Budi Santoso",
        "--nik": fresh_nik(),
        "--birth-date": "1982-07-17",
        "--province": "32",
        "--email": "budi@example.org",
        "--registered-on": "2010-03-01",
    }
    fields.update(overrides)
    args = ["member", "register"]
    for option, value in fields.items():
        if value is not None:
            args += [option, value]
    return args


def names_field(result: Result, field: str) -> None:
    """A usage error names the offending field, in the message and in the details."""
    error = result.error
    assert error["code"] == "invalid_input", error
    assert field in [d["field"] for d in error["details"]], error
    assert field in error["message"] or len(error["details"]) > 1, error


# --- malformed input: exit 2, the field named ----------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("--nik", "123"),
        ("--nik", "32730145018000021"),  # 17 digits
        ("--nik", "327301450180000A"),
        ("--nik", "3273-0145-0180-0002"),
        ("--birth-date", "2020-02-30"),
        ("--birth-date", "1981-02-29"),  # not a leap year
        ("--birth-date", "05-01-1980"),
        ("--birth-date", "1980/01/05"),
        ("--birth-date", "1899-12-31"),
        ("--province", "99"),
        ("--province", "3"),
        ("--province", "Jawa Barat"),
        ("--email", "budi.example.org"),
        ("--email", "budi@"),
        ("--email", "budi santoso@example.org"),
        ("--name", "Budi 2"),
        ("--name", "R2D2"),
        ("--name", "Siti\x00Aminah"),
        ("--name", "Siti\tAminah\x07"),
        ("--name", "   "),
        ("--name", ""),
        ("--name", "..."),
        ("--name", "Budi <script>"),
        ("--name", "Budi@Santoso"),
        ("--name", "A" * 201),
        ("--phone", "12"),
        ("--phone", "call me"),
        ("--registered-on", "2010-13-01"),
    ],
)
def test_malformed_registration_is_a_usage_error_naming_the_field(
    ledger_cli: dict[str, str], field: str, value: str
) -> None:
    result = failed(2, "--as", ADMIN, *register_args(**{field: value}))

    names_field(result, field)


def test_every_malformed_field_is_named_at_once(ledger_cli: dict[str, str]) -> None:
    result = failed(
        2, "--as", ADMIN,
        *register_args(**{"--nik": "123", "--birth-date": "2020-02-30", "--province": "99",
                          "--email": "bad", "--name": "Budi 2"}),
    )  # fmt: skip

    assert sorted(d["field"] for d in result.error["details"]) == sorted(
        ["--nik", "--birth-date", "--province", "--email", "--name"]
    )
    assert result.error["message"] == "5 inputs are invalid"


def test_malformed_input_in_words(ledger_cli: dict[str, str]) -> None:
    before = event_count()
    result = run("--as", ADMIN, *register_args(**{"--birth-date": "2020-02-30"}))

    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: --birth-date:")
    assert "2020-02-30" in result.stderr
    assert event_count() == before


@pytest.mark.parametrize(
    ("hours", "why"),
    [
        ("-5", "more than 0"),
        ("0", "more than 0"),
        ("0.00", "more than 0"),
        ("abc", "not a number"),
        ("", "not a number"),
        ("1,5", "not a number"),  # decimal comma
        ("nan", "more than 0"),
        ("inf", "more than 0"),
        ("1e400", "at most 1000"),
        ("1001", "at most 1000"),
        ("7.555", "two decimal places"),
    ],
)
def test_training_hours_must_be_a_positive_number(reg: str, hours: str, why: str) -> None:
    result = failed(
        2, "--as", ADMIN, "training", "log", reg, "--course", "Manajemen kasus",
        "--provider", "Balai Besar Diklat Kesos", "--hours", hours, "--completed-on", "2009-06-30",
    )  # fmt: skip

    names_field(result, "--hours")
    assert why in result.error["message"]
    assert history_length(reg) == 1


@pytest.mark.parametrize(
    "amount", ["100.000", "100,000", "Rp100000", "100000.00", "1e5", "-100000", "0", "", "seratus"]
)
def test_dues_are_whole_rupiah_in_digits(reg: str, amount: str) -> None:
    result = failed(
        2, "--as", ADMIN, "dues", "pay", reg, "--year", "2010", "--amount", amount,
        "--paid-on", "2010-03-01",
    )  # fmt: skip

    names_field(result, "--amount")
    assert history_length(reg) == 1


@pytest.mark.parametrize("year", ["20x0", "10", "2010.0", "1066"])
def test_dues_year_is_four_digits(reg: str, year: str) -> None:
    result = failed(2, "--as", ADMIN, "dues", "pay", reg, "--year", year, "--amount", "100000")

    names_field(result, "--year")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["education", "add", "{reg}", "--level", "S1", "--major", "pekerjaan-sosial",
          "--institution", "STKS Bandung", "--graduated-on", "2020-02-30"], "--graduated-on"),
        (["education", "add", "{reg}", "--level", "S1", "--major", "pekerjaan-sosial",
          "--institution", "\x00", "--graduated-on", "2004-08-30"], "--institution"),
        (["experience", "add", "{reg}", "--employer", "Panti Werdha", "--role", "peksos",
          "--from", "2021-02-29"], "--from"),
        (["experience", "add", "{reg}", "--employer", "Panti Werdha", "--role", "peksos",
          "--from", "2005-01-01", "--to", "2009-31-12"], "--to"),
        (["training", "log", "{reg}", "--course", "Manajemen kasus", "--provider", "Kemensos",
          "--hours", "60", "--completed-on", "2009/06/30"], "--completed-on"),
        (["dues", "pay", "{reg}", "--year", "2010", "--amount", "100000",
          "--paid-on", "2010-02-30"], "--paid-on"),
        (["exam", "record", "{reg}", "--field", "anak", "--result", "passed",
          "--held-on", "12-04-2011", "--assessor", "Agus Setiawan"], "--held-on"),
        (["exam", "record", "{reg}", "--field", "anak", "--result", "passed",
          "--held-on", "2011-04-12", "--assessor", "Agus Setiawan 2"], "--assessor"),
        (["certify", "{reg}", "--field", "anak", "--on", "2011-5-2"], "--on"),
        (["certify", "{reg}", "--field", "sosial"], "--field"),
        (["member", "show", "{reg}", "--as-of", "2010-02-30"], "--as-of"),
        (["member", "history", "{reg}", "--known-at", "yesterday"], "--known-at"),
        (["member", "update", "{reg}", "--email", "siti(at)example.org"], "--email"),
        (["member", "update", "{reg}", "--name", "Siti 2"], "--name"),
        (["member", "list", "--province", "99"], "--province"),
        (["member", "correct", "{reg}", "--entry", "1", "--reason", " "], "--reason"),
        (["licence", "apply", "{reg}", "--certificate", "CERT-2011-00001",
          "--practice", "private"], "--practice"),
        (["licence", "apply", "{reg}", "--certificate", "CERT-2011-00001",
          "--practice", ","], "--practice"),
        (["licence", "suspend", "LIC-2011-00001", "--reason", ""], "--reason"),
        (["actor", "add", "Rina Wulandari", "--role", "chapter-admin", "--province", "99"],
         "--province"),
    ],
)  # fmt: skip
def test_malformed_values_of_every_command_name_the_field(
    reg: str, args: list[str], field: str
) -> None:
    actor = LSP if args[0] in ("exam", "certify", "licence") else ADMIN
    actor = MINISTRY if args[:2] == ["licence", "suspend"] else actor

    result = failed(2, "--as", actor, *[a.replace("{reg}", reg) for a in args])

    names_field(result, field)


@pytest.mark.parametrize("number", ["XYZ", "32-10-1", "3210201000001", ""])
def test_a_malformed_registration_number_is_a_usage_error(reg: str, number: str) -> None:
    result = failed(2, "--as", AUDITOR, "member", "show", number)

    assert result.error["code"] == "invalid_input"
    assert "registration number" in result.error["message"]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["init"], "--admin"),
        (["actor", "add", "Rina Wulandari"], "--role"),
        (["member", "register", "--name", "Budi", "--birth-date", "1980-01-01", "--province",
          "32", "--email", "budi@example.org"], "--nik"),
        (["education", "add", "{reg}", "--major", "pekerjaan-sosial", "--institution", "UI",
          "--graduated-on", "2004-08-30"], "--level"),
        (["experience", "add", "{reg}", "--employer", "Panti Werdha", "--role", "peksos"],
         "--from"),
        (["training", "log", "{reg}", "--course", "Manajemen kasus", "--provider", "Kemensos",
          "--completed-on", "2009-06-30"], "--hours"),
        (["dues", "pay", "{reg}", "--year", "2010"], "--amount"),
        (["exam", "record", "{reg}", "--field", "anak", "--result", "passed",
          "--held-on", "2011-04-12"], "--assessor"),
        (["certify", "{reg}"], "--field"),
        (["certificate", "revoke", "CERT-2011-00001"], "--reason"),
        (["licence", "apply", "{reg}", "--practice", "direct"], "--certificate"),
        (["licence", "revoke", "LIC-2011-00001"], "--reason"),
        (["member", "correct", "{reg}", "--reason", "typo"], "--entry"),
        (["member", "show"], "REG"),
        (["licence", "grant"], "APPLICATION_NO"),
    ],
)  # fmt: skip
def test_a_missing_required_option_is_a_usage_error_naming_it(
    reg: str, args: list[str], option: str
) -> None:
    result = failed(2, "--as", ADMIN, *[a.replace("{reg}", reg) for a in args])

    assert result.error["code"] == "usage"
    assert option in result.error["message"]


def _leaves(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _leaves(sub, (*path, name))
    elif any(p.required for p in command.params):
        yield path


@pytest.mark.parametrize("path", list(_leaves(cli)), ids=" ".join)
def test_every_command_without_its_required_input_is_exit_2(
    ledger_cli: dict[str, str], path: tuple[str, ...]
) -> None:
    result = failed(2, "--as", ADMIN, *path)

    assert result.error["code"] == "usage"
    assert "Missing" in result.error["message"]


@pytest.mark.parametrize(
    "args",
    [
        ["member", "frobnicate"],
        ["frobnicate"],
        ["member", "show", "32-2010-00001", "--no-such-option"],
    ],
)
def test_unknown_commands_and_options_are_usage_errors(reg: str, args: list[str]) -> None:
    result = failed(2, "--as", ADMIN, *args)

    assert result.error["code"] == "usage"


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["member", "list", "--format", "xml"], "--format"),
        (["member", "list", "--standing", "excellent"], "--standing"),
        (["actor", "add", "Rina Wulandari", "--role", "boss"], "--role"),
        (["member", "correct", "32-2010-00001", "--entry", "two", "--reason", "typo"], "--entry"),
        (["education", "add", "32-2010-00001", "--level", "S9", "--major", "x",
          "--institution", "UI", "--graduated-on", "2004-08-30"], "--level"),
        (["exam", "record", "32-2010-00001", "--field", "sosial", "--result", "passed",
          "--held-on", "2011-04-12", "--assessor", "Agus Setiawan"], "--field"),
        (["exam", "record", "32-2010-00001", "--field", "anak", "--result", "lulus",
          "--held-on", "2011-04-12", "--assessor", "Agus Setiawan"], "--result"),
        (["report", "certificates", "--field", "sosial"], "--field"),
    ],
)  # fmt: skip
def test_values_outside_the_choices_are_invalid_input_naming_the_option(
    reg: str, args: list[str], option: str
) -> None:
    result = failed(2, "--as", ADMIN, *args)

    names_field(result, option)


def test_a_value_outside_the_choices_in_words(reg: str) -> None:
    result = run(
        "--as", ADMIN, "education", "add", reg, "--level", "S9", "--major", "x",
        "--institution", "UI", "--graduated-on", "2004-08-30",
    )  # fmt: skip

    assert result.code == 2
    assert result.stderr == "error: --level: 'S9' is not one of SMA, D3, D4, S1, S2, S3\n"


def test_degree_levels_are_read_in_any_case(reg: str) -> None:
    ok(
        "--as", ADMIN, "education", "add", reg, "--level", "s1", "--major", "pekerjaan-sosial",
        "--institution", "UI", "--graduated-on", "2004-08-30",
    )  # fmt: skip

    shown = ok("--as", AUDITOR, "--json", "member", "show", reg).json
    assert [e["level"] for e in shown["education"]] == ["S1"]


def test_a_usage_error_in_words(ledger_cli: dict[str, str]) -> None:
    result = run("--as", ADMIN, "member", "register", "--name", "Budi Santoso")

    assert result.code == 2
    assert result.stdout == ""
    assert "Missing option" in result.stderr
    assert "Usage:" in result.stderr


@pytest.mark.parametrize(
    "db", ["mysql://localhost/peksos", "postgresql://localhost", "{tmp}"], ids=str
)
def test_an_unusable_db_option_is_a_usage_error(
    cli_env: dict[str, str], tmp_path: Path, db: str
) -> None:
    result = run("--json", "--db", db.replace("{tmp}", str(tmp_path)), "info")

    assert result.code == 2, result
    assert result.error["code"] == "invalid_input"
    assert [d["field"] for d in result.error["details"]] == ["db"]


# --- Indonesian names are valid ----------------------------------------------------------------

VALID_NAMES = [
    "Sukarti",  # a single name
    "Ma'ruf Hidayat",
    "Ma’ruf Hidayat",  # a typographic apostrophe
    "Dra. Siti Rahmawati, M.Si.",
    "Drs. H. Ahmad Fauzi, S.Sos., M.Kesos.",
    "I Gusti Ngurah Agung Wirawan",
    "Ni Luh Putu Ayu Wulandari",
    "Raden Roro Ayu Kusumawardhani Sastrowardoyo Hadiningrat Prawirodirjo Notonegoro",
    "Abdul-Rahman Siregar",
    "Nguyễn Thị Hương",
    "A" * 200,  # the longest name accepted
]


@pytest.mark.parametrize("name", VALID_NAMES, ids=lambda n: n[:30])
def test_indonesian_names_are_valid(ledger_cli: dict[str, str], name: str) -> None:
    registered = ok(
        "--as", ADMIN, "--json",
        *register_args(**{"--name": name, "--email": "anggota@example.org"}),
    ).json  # fmt: skip

    assert registered["name"] == name
    shown = ok("--as", ADMIN, "--json", "member", "show", registered["registration_no"]).json
    assert shown["name"] == name


def test_names_are_valid_for_admins_actors_and_assessors(cli_env: dict[str, str]) -> None:
    ok("init", "--admin", "Dra. Siti Rahmawati, M.Si.")
    ok("--as", "Dra. Siti Rahmawati, M.Si.", "actor", "add", "Ma'ruf Hidayat", "--role", "lsp")
    reg = register_member(actor="Dra. Siti Rahmawati, M.Si.")

    exam = ok(
        "--as", "Ma'ruf Hidayat", "--json", "exam", "record", reg, "--field", "anak",
        "--result", "passed", "--held-on", "2011-04-12", "--assessor", "Dr. Agus Setiawan, M.Si.",
        "--assessor", "Sukarti",
    )  # fmt: skip

    assert exam.json["exam_id"] == "EXAM-2011-00001"


def test_an_actor_name_with_digits_is_a_usage_error(ledger_cli: dict[str, str]) -> None:
    result = failed(2, "--as", ADMIN, "actor", "add", "Rina 2", "--role", "lsp")

    assert result.error["code"] == "invalid_input"
    assert "must not contain '2'" in result.error["message"]


def test_white_space_in_names_is_folded(ledger_cli: dict[str, str]) -> None:
    registered = ok("--as", ADMIN, "--json", *register_args(**{"--name": "  Siti   Aminah "}))

    assert registered.json["name"] == "Siti Aminah"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(name=st.text(max_size=40))
def test_any_text_as_a_name_is_accepted_or_a_usage_error(
    ledger_cli: dict[str, str], name: str
) -> None:
    result = run("--as", ADMIN, "--json", *register_args(**{"--name": name}))

    assert result.code in (0, 2), result
    if result.code == 2:
        assert [d["field"] for d in result.error["details"]] == ["--name"]
    else:
        expected = unicodedata.normalize("NFC", " ".join(name.split()))
        assert result.json["name"] == expected


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    hours=st.one_of(st.text(max_size=12), st.decimals().map(str), st.floats().map(str)),
    amount=st.one_of(st.text(max_size=14), st.integers().map(str)),
)
def test_any_text_as_hours_or_rupiah_is_accepted_or_a_usage_error(
    reg: str, hours: str, amount: str
) -> None:
    training = run(
        "--as", LSP, "--json", "training", "log", reg, "--course", "Manajemen kasus",
        "--provider", "Kemensos", "--hours", hours, "--completed-on", "2009-06-30",
    )  # fmt: skip
    dues = run(
        "--as", ADMIN, "--json", "dues", "pay", reg, "--year", "2010", "--amount", amount,
        "--paid-on", "2010-03-01",
    )  # fmt: skip

    assert training.code in (0, 2), training
    assert dues.code in (0, 2, 5), dues  # 5: 2010 was already paid in an earlier example
    if training.code == 2:
        assert "--hours" in [d["field"] for d in training.error["details"]]


# --- refused by a rule: exit 3, every unmet requirement, nothing recorded ----------------------


def test_certify_with_nothing_lists_all_four_requirements(reg: str) -> None:
    result = failed(3, "--as", LSP, "certify", reg, "--field", "anak", "--on", "2011-05-02")

    error = result.error
    assert error["code"] == "refused"
    unmet = error["details"]
    assert len(unmet) == 4, unmet
    assert "degree" in unmet[0]
    assert "practice" in unmet[1] and "0 days" in unmet[1]
    assert "training" in unmet[2] and "0 hours" in unmet[2]
    assert "exam" in unmet[3] and "anak" in unmet[3]
    assert "4" in error["message"]
    assert history_length(reg) == 1


def test_a_refusal_in_words_lists_every_requirement(reg: str) -> None:
    before = event_count()
    result = run("--as", LSP, "certify", reg, "--field", "anak", "--on", "2011-05-02")

    assert result.code == 3
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith("error: certification in anak refused")
    listed = [line for line in lines if line.startswith("  - ")]
    assert len(listed) == 4
    assert ["degree" in listed[0], "practice" in listed[1], "training" in listed[2]] == [True] * 3
    assert "Nothing was recorded." in result.stderr
    assert event_count() == before


def test_certify_lists_only_what_is_missing(reg: str) -> None:
    ok(
        "--as", ADMIN, "education", "add", reg, "--level", "S1", "--major", "pekerjaan-sosial",
        "--institution", "Universitas Indonesia", "--graduated-on", "2002-09-01",
    )  # fmt: skip

    result = failed(3, "--as", LSP, "certify", reg, "--field", "anak", "--on", "2011-05-02")

    unmet = result.error["details"]
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

    assert len(result.error["details"]) == 1
    assert "degree" in result.error["details"][0]


def test_a_named_failed_exam_is_refused(reg: str) -> None:
    make_eligible(reg)
    exam = ok(
        "--as", LSP, "--json", "exam", "record", reg, "--field", "anak", "--result", "failed",
        "--held-on", "2011-04-20", "--assessor", "Agus Setiawan",
    ).json["exam_id"]  # fmt: skip

    result = failed(
        3, "--as", LSP, "certify", reg, "--field", "anak", "--exam", exam, "--on", "2011-05-02"
    )  # fmt: skip

    assert result.error["details"] == [f"exam {exam}: was failed, a passed exam is required"]


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
          "--held-on", "2099-01-01", "--assessor", "Agus Setiawan"], ["in the future"]),
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
        (["member", "update", "{reg}", "--name", "Siti Aminah"], ["changed field"]),
        (["member", "correct", "{reg}", "--entry", "1", "--reason", "typo"], ["entry 1"]),
        (["certify", "{reg}", "--field", "anak", "--on", "2008-12-31"], ["2009-01-01"]),
    ],
)  # fmt: skip
def test_rules_refuse_with_exit_3(reg: str, args: list[str], unmet: list[str]) -> None:
    actor = LSP if args[0] in ("exam", "certify") else ADMIN

    result = failed(3, "--as", actor, *[a.replace("{reg}", reg) for a in args])

    assert result.error["code"] == "refused"
    assert len(result.error["details"]) == len(unmet)
    for detail, words in zip(result.error["details"], unmet, strict=True):
        assert words in detail
    assert history_length(reg) == 1


def test_registration_refusal_lists_every_unmet_requirement(ledger_cli: dict[str, str]) -> None:
    result = failed(
        3, "--as", ADMIN,
        *register_args(**{"--birth-date": "2099-06-01", "--registered-on": "2099-01-01"}),
    )  # fmt: skip

    unmet = result.error["details"]
    assert len(unmet) == 2
    assert "in the future" in unmet[0]
    assert "must be before registration" in unmet[1]


@pytest.fixture
def licensed(reg: str) -> dict[str, str]:
    make_eligible(reg)
    on = str(today_in_indonesia().replace(month=1, day=1))
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", on).json
    applied = ok(
        "--as", LSP, "--json", "licence", "apply", reg, "--certificate", cert["certificate_no"],
        "--practice", "direct",
    ).json  # fmt: skip
    granted = ok("--as", MINISTRY, "--json", "licence", "grant", applied["application_no"]).json
    return {"reg": reg, **cert, **applied, **granted}


def test_licence_decisions_from_the_wrong_status_are_refused(licensed: dict[str, str]) -> None:
    number = licensed["licence_no"]

    reinstate = failed(3, "--as", MINISTRY, "licence", "reinstate", number, "--reason", "x")
    ok("--as", MINISTRY, "licence", "revoke", number, "--reason", "misconduct")
    suspend = failed(3, "--as", MINISTRY, "licence", "suspend", number, "--reason", "inquiry")

    assert reinstate.error["details"] == [f"a licence that is suspended: {number} is active"]
    assert suspend.error["details"] == [f"a licence that is active: {number} is revoked"]


def test_a_second_application_on_one_certificate_is_refused(licensed: dict[str, str]) -> None:
    result = failed(
        3, "--as", LSP, "licence", "apply", licensed["reg"],
        "--certificate", licensed["certificate_no"], "--practice", "community",
    )  # fmt: skip

    assert any(licensed["licence_no"] in d for d in result.error["details"])


def test_revoking_a_revoked_certificate_is_refused(licensed: dict[str, str]) -> None:
    ok("--as", LSP, "certificate", "revoke", licensed["certificate_no"], "--reason", "ethics")

    result = failed(
        3, "--as", LSP, "certificate", "revoke", licensed["certificate_no"], "--reason", "again"
    )  # fmt: skip

    assert len(result.error["details"]) == 1


def test_an_expired_certificate_cannot_carry_a_licence(reg: str) -> None:
    make_eligible(reg)
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", "2011-05-02").json

    result = failed(
        3, "--as", LSP, "licence", "apply", reg, "--certificate", cert["certificate_no"],
        "--practice", "direct",
    )  # fmt: skip

    assert result.error["details"] == [
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
    on = str(today_in_indonesia().replace(month=1, day=1))
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", on).json
    other = register_member(name="Sukarti")

    result = failed(
        4, "--as", LSP, "licence", "apply", other, "--certificate", cert["certificate_no"],
        "--practice", "direct",
    )  # fmt: skip

    assert cert["certificate_no"] in result.error["message"]


def test_a_member_is_not_found_before_registration(reg: str) -> None:
    result = failed(4, "--as", AUDITOR, "member", "history", reg, "--as-of", "2009-12-31")

    assert reg in result.error["message"]


@pytest.mark.parametrize(
    "args",
    [
        ["--as", ADMIN, "actor", "list"],
        ["--as", ADMIN, "actor", "add", "Rina Wulandari", "--role", "lsp"],
        ["--as", ADMIN, "member", "show", "32-2010-00001"],
        ["--as", ADMIN, *register_args()],
        ["--as", AUDITOR, "report", "anomalies"],
    ],
    ids=lambda a: " ".join(a[:4]),
)
def test_an_uninitialised_store_is_not_found(cli_env: dict[str, str], args: list[str]) -> None:
    result = run("--json", *args)

    assert result.code == 4, result
    assert result.error["code"] == "not_found"
    assert "peksos init" in result.error["message"]
    assert not Path(cli_env["PEKSOS_DB"]).exists()  # nothing was created either


def test_info_before_init_says_which_store_and_creates_nothing(cli_env: dict[str, str]) -> None:
    result = run("--json", "info")

    assert result.code == 0, result
    assert result.json["initialised"] is False
    assert result.json["events"] == 0
    assert not Path(cli_env["PEKSOS_DB"]).exists()  # info is diagnostic: it creates no store


def test_an_uninitialised_store_in_words(cli_env: dict[str, str]) -> None:
    result = run("--as", ADMIN, "member", "list")

    assert result.code == 4
    assert result.stderr.startswith("error: no ledger at")


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


def test_a_conflict_in_words(reg: str) -> None:
    ok("--as", ADMIN, "dues", "pay", reg, "--year", "2010", "--amount", "100000")
    result = run("--as", ADMIN, "dues", "pay", reg, "--year", "2010", "--amount", "100000")

    assert result.code == 5
    assert result.stderr.startswith("error: dues for 2010 were already paid")
    assert "Nothing was recorded." in result.stderr


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


def test_the_demo_needs_a_new_store(ledger_cli: dict[str, str]) -> None:
    result = failed(5, "--db", ledger_cli["PEKSOS_DB"], "demo")

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


def test_without_the_nik_key_nothing_is_registered(
    ledger_cli: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "elsewhere"))

    result = failed(7, "--as", ADMIN, *register_args())

    assert "NIK-index key" in result.error["message"]


def test_not_authorised_in_words(ledger_cli: dict[str, str]) -> None:
    result = run(*register_args())

    assert result.code == 7
    assert result.stderr == "error: say who is acting: --as NAME or PEKSOS_ACTOR\n"


# --- the --json error object ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["--as", ADMIN, "member", "register", "--nik", "1"],
        ["--as", ADMIN, *register_args(**{"--nik": "1"})],
        ["--as", LSP, "certify", "32-2010-00001", "--field", "anak", "--on", "2011-05-02"],
        ["--as", AUDITOR, "member", "show", "32-2010-09999"],
        ["init", "--admin", ADMIN],
        ["--as", AUDITOR, *register_args()],
    ],
    ids=["usage", "invalid", "refused", "not found", "conflict", "not authorised"],
)
def test_with_json_stderr_is_exactly_one_error_object(reg: str, args: list[str]) -> None:
    for at in (0, len(args)):  # --json first or last
        result = run(*args[:at], "--json", *args[at:])

        assert result.code in (2, 3, 4, 5, 7)
        assert result.stdout == ""
        assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1
        body = json.loads(result.stderr)
        assert list(body) == ["error"]
        assert set(body["error"]) == {"code", "message", "details"}
        assert isinstance(body["error"]["code"], str) and body["error"]["code"]
        assert isinstance(body["error"]["message"], str) and body["error"]["message"]


# --- never exit 1, never a traceback, for a user's mistake ---------------------------------------


def test_a_db_that_is_not_a_ledger_is_an_integrity_failure(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    garbage = tmp_path / "notes.sqlite"
    garbage.write_text("catatan rapat pengurus IPSPI\n" * 200)

    result = run("--json", "--db", str(garbage), "info")

    assert result.code == 6, result
    assert result.error["code"] == "integrity_failure"


def test_a_db_in_a_folder_that_cannot_exist_is_not_a_bug(cli_env: dict[str, str]) -> None:
    result = run("--json", "--db", "/proc/peksos/no/ledger.sqlite", "init", "--admin", ADMIN)

    assert result.code == 2, result
    assert "--db" in result.error["message"]


def test_a_key_folder_that_is_a_file_is_not_a_bug(
    cli_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "keys.txt"
    not_a_folder.write_text("not a folder")
    monkeypatch.setenv("PEKSOS_KEYS", str(not_a_folder))

    result = run("--json", "init", "--admin", ADMIN)

    assert result.code in (2, 7), result  # a usage error, or "no key": not a bug (exit 1)
    assert result.error["message"]
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "keys"))
    assert run("init", "--admin", ADMIN).code == 0  # the failed init left nothing in the way


@pytest.mark.parametrize("known_at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_known_at_time_at_the_edge_of_the_calendar_is_not_a_bug(reg: str, known_at: str) -> None:
    result = run("--as", AUDITOR, "--json", "report", "standing", "--known-at", known_at)

    # An empty report, or a usage error: both are answers; exit 1 is not.
    assert result.code in (0, 2), result


@pytest.mark.parametrize(("option", "report"), [("--from", "certificates"), ("--to", "licences")])
def test_report_period_errors_name_the_option_as_typed(
    ledger_cli: dict[str, str], option: str, report: str
) -> None:
    result = failed(2, "--as", AUDITOR, "report", report, option, "2011-02-30")

    names_field(result, option)


def test_certify_twice_while_the_first_is_active_is_refused(reg: str) -> None:
    make_eligible(reg)
    on = str(today_in_indonesia().replace(month=1, day=1))
    first = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", on).json

    result = failed(3, "--as", LSP, "certify", reg, "--field", "anak", "--on", on)

    assert len(result.error["details"]) == 1
    assert first["certificate_no"] in result.error["details"][0]
