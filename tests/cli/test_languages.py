"""Bahasa Indonesia first, English on request: the same refusals, exit codes and JSON in both
languages, only the words differ. Through the installed executable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.helpers import ADMIN, LSP, register_member, using_store
from tests.cli.test_e2e import Peksos, _setup

pytestmark = pytest.mark.e2e

LANGUAGES = ("id", "en")


@pytest.fixture
def peksos(tmp_path: Path) -> Peksos:
    runner = Peksos(tmp_path)
    _setup(runner)
    return runner


def speaking(peksos: Peksos, lang: str) -> Peksos:
    peksos.env["PEKSOS_LANG"] = lang
    return peksos


def member_without_records(peksos: Peksos) -> str:
    """A member with nothing recorded: a 2014 certification lacks all four requirements."""
    with using_store(peksos.env["PEKSOS_DB"], Path(peksos.env["PEKSOS_KEYS"])):
        return register_member()


def certify(peksos: Peksos, reg: str, *extra: str) -> Any:
    return peksos("--as", LSP, *extra, "certify", reg, "--field", "anak", "--on", "2014-03-03")


def test_a_refusal_says_every_unmet_requirement_in_indonesian_or_english(peksos: Peksos) -> None:
    reg = member_without_records(peksos)
    said = {lang: certify(speaking(peksos, lang), reg) for lang in LANGUAGES}

    assert {lang: done.returncode for lang, done in said.items()} == {"id": 3, "en": 3}
    indonesian, english = said["id"].stderr, said["en"].stderr
    assert "ditolak" in indonesian and "refused" in english
    assert "pelatihan pekerjaan sosial" in indonesian  # the training hours, in Indonesian
    assert "hours of social-work training" in english
    assert "Maret 2014" in indonesian and "2014-03-03" in english
    for words in ("refused", "training", "Nothing was recorded"):
        assert words not in indonesian, indonesian
    assert indonesian.count("\n  - ") == english.count("\n  - ") == 4


def test_the_json_error_is_the_same_in_both_languages_but_for_its_messages(peksos: Peksos) -> None:
    reg = member_without_records(peksos)
    errors = {
        lang: json.loads(certify(speaking(peksos, lang), reg, "--json").stderr)["error"]
        for lang in LANGUAGES
    }

    def without_words(error: dict[str, Any]) -> dict[str, Any]:
        return {
            **error,
            "message": None,
            "details": [{**d, "message": None} for d in error["details"]],
        }

    assert without_words(errors["id"]) == without_words(errors["en"])
    assert errors["id"]["message"] != errors["en"]["message"]
    codes = [d["code"] for d in errors["en"]["details"]]
    assert codes == ["degree", "practice_days", "training_hours", "passed_exam"]
    training = errors["en"]["details"][2]
    assert (training["required"], training["recorded"]) == ("160", "0")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("args", "exit_code", "code"),
    [
        (("member", "show", "32-2010-09999"), 4, "not_found"),
        (("member", "show", "not-a-number"), 2, "invalid_input"),
        (("member", "nonsense"), 2, "usage"),
        (("dues", "pay", "32-2010-00001", "--year", "2009", "--amount", "1"), 3, "refused"),
        (("--as", "Nobody", "member", "list"), 7, "not_authorised"),
    ],
)
def test_the_contract_exit_codes_and_json_codes_hold_in_both_languages(
    peksos: Peksos, lang: str, args: tuple[str, ...], exit_code: int, code: str
) -> None:
    member_without_records(peksos)
    done = speaking(peksos, lang)("--json", "--as", ADMIN, *args)
    assert done.returncode == exit_code, done.stderr
    assert json.loads(done.stderr)["error"]["code"] == code


@pytest.mark.parametrize(
    ("environment", "words"),
    [
        ({"PEKSOS_LANG": "id"}, "Penggunaan:"),
        ({"PEKSOS_LANG": "en"}, "Usage:"),
        ({"LANG": "en_US.UTF-8"}, "Usage:"),
        ({"LANG": "C.UTF-8"}, "Penggunaan:"),  # nothing says otherwise: Indonesian
        ({"LANG": "en_US.UTF-8", "PEKSOS_LANG": "id"}, "Penggunaan:"),
    ],
)
def test_the_language_comes_from_peksos_lang_then_lang_and_is_indonesian_by_default(
    peksos: Peksos, environment: dict[str, str], words: str
) -> None:
    peksos.env.pop("PEKSOS_LANG")
    peksos.env.update(environment)
    assert words in peksos("--help").stdout


def test_help_is_translated_and_lang_chooses_over_the_environment(peksos: Peksos) -> None:
    speaking(peksos, "en")
    indonesian = peksos("--lang", "id", "certify", "--help").stdout
    english = peksos("certify", "--help").stdout
    assert "Penggunaan:" in indonesian and "Usage:" in english
    assert "Opsi" in indonesian and "Options" in english
    assert "persyaratan" in indonesian  # the command's own text, not only click's words


def test_an_unknown_language_is_invalid_input_naming_its_variable(peksos: Peksos) -> None:
    speaking(peksos, "fr")
    done = peksos("--json", "member", "list")
    assert done.returncode == 2
    assert json.loads(done.stderr)["error"]["details"][0]["field"] == "PEKSOS_LANG"
