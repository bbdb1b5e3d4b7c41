"""What an error looks like on stderr: with ``--json`` exactly one ``{"error": {...}}``
object, otherwise plain words (``error: ...``), for every kind of error."""

from __future__ import annotations

import json

import pytest

from tests.cli.helpers import ADMIN, AUDITOR, LSP, event_count, ok, register_args, run

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


# --- in words, without --json ------------------------------------------------------------------


def test_malformed_input_in_words(ledger_cli: dict[str, str]) -> None:
    before = event_count()
    result = run("--as", ADMIN, *register_args(**{"--birth-date": "2020-02-30"}))

    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: --birth-date:")
    assert "2020-02-30" in result.stderr
    assert event_count() == before


def test_a_value_outside_the_choices_in_words(reg: str) -> None:
    result = run(
        "--as", ADMIN, "education", "add", reg, "--level", "S9", "--major", "x",
        "--institution", "UI", "--graduated-on", "2004-08-30",
    )  # fmt: skip

    assert result.code == 2
    assert result.stderr == "error: --level: 'S9' is not one of SMA, D3, D4, S1, S2, S3\n"


def test_a_usage_error_in_words(ledger_cli: dict[str, str]) -> None:
    result = run("--as", ADMIN, "member", "register", "--name", "Budi Santoso")

    assert result.code == 2
    assert result.stdout == ""
    assert "Missing option" in result.stderr
    assert "Usage:" in result.stderr


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


def test_an_uninitialised_store_in_words(cli_env: dict[str, str]) -> None:
    result = run("--as", ADMIN, "member", "list")

    assert result.code == 4
    assert result.stderr.startswith("error: no ledger at")


def test_a_conflict_in_words(reg: str) -> None:
    ok("--as", ADMIN, "dues", "pay", reg, "--year", "2010", "--amount", "100000")
    result = run("--as", ADMIN, "dues", "pay", reg, "--year", "2010", "--amount", "100000")

    assert result.code == 5
    assert result.stderr.startswith("error: dues for 2010 were already paid")
    assert "Nothing was recorded." in result.stderr


def test_not_authorised_in_words(ledger_cli: dict[str, str]) -> None:
    result = run(*register_args())

    assert result.code == 7
    assert result.stderr == "error: say who is acting: --as NAME or PEKSOS_ACTOR\n"
