"""Usage errors (exit 2): malformed values, missing and unknown options, values outside the
choices, each error naming the offending field, nothing recorded; and the names and numbers
that are valid input. (The rest of the CLI's error contract: the other
``test_errors_*.py`` modules.)"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.cli import cli
from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    LSP,
    MINISTRY,
    failed,
    history_length,
    names_field,
    ok,
    register_args,
    register_member,
    run,
)

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
        ("--province", "Jawa Barta"),  # a name is accepted (PRODUCT.md); a misspelt one not
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


@pytest.mark.parametrize(("option", "report"), [("--from", "certificates"), ("--to", "licences")])
def test_report_period_errors_name_the_option_as_typed(
    ledger_cli: dict[str, str], option: str, report: str
) -> None:
    result = failed(2, "--as", AUDITOR, "report", report, option, "2011-02-30")

    names_field(result, option)


@pytest.mark.parametrize("known_at", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
def test_a_known_at_time_at_the_edge_of_the_calendar_is_not_a_bug(reg: str, known_at: str) -> None:
    result = run("--as", AUDITOR, "--json", "report", "standing", "--known-at", known_at)

    # An empty report, or a usage error: both are answers; exit 1 is not.
    assert result.code in (0, 2), result


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


def test_degree_levels_are_read_in_any_case(reg: str) -> None:
    ok(
        "--as", ADMIN, "education", "add", reg, "--level", "s1", "--major", "pekerjaan-sosial",
        "--institution", "UI", "--graduated-on", "2004-08-30",
    )  # fmt: skip

    shown = ok("--as", AUDITOR, "--json", "member", "show", reg).json
    assert [e["level"] for e in shown["education"]] == ["S1"]


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
