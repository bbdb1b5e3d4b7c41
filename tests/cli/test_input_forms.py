"""The forms people write input in: a province by name, a date as DD/MM/YYYY, a major by any
of its names; and what a NIK's parts must be. On the command line and in a legacy list alike.
All people and NIKs here are fictional."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli.helpers import ADMIN, failed, names_field, ok, register_args


def show(reg: str) -> dict[str, object]:
    result: dict[str, object] = ok(
        "--as", ADMIN, "--json", "member", "show", reg, "--unmasked"
    ).json
    return result


def args(**overrides: str) -> list[str]:
    """``member register`` with a NIK that agrees with the birth date, and ``overrides``."""
    return register_args(**{"--nik": "3273011707820001", "--birth-date": "1982-07-17", **overrides})


def register(**overrides: str) -> str:
    result = ok("--as", ADMIN, "--json", *args(**overrides))
    return str(result.json["registration_no"])


# --- provinces by name ----------------------------------------------------------------------


def test_a_province_by_its_name_registers_in_its_code(ledger_cli: dict[str, str]) -> None:
    reg = register(**{"--province": "Bali", "--nik": "5171011707820001"})

    assert reg.startswith("51-2010-")
    assert show(reg)["province"] == "51"


def test_a_province_in_any_case_and_spacing(ledger_cli: dict[str, str]) -> None:
    reg = register(**{"--province": "dki  JAKARTA", "--nik": "3174011707820001"})

    assert reg.startswith("31-2010-")


def test_a_near_miss_is_a_usage_error_that_says_what_was_meant(
    ledger_cli: dict[str, str],
) -> None:
    result = failed(2, "--as", ADMIN, *args(**{"--province": "Jawa Barta"}))

    suggestion = "'Jawa Barta' is not a province: did you mean Jawa Barat (32)?"
    assert result.error["message"] == f"--province: {suggestion}"
    assert result.error["details"] == [{"field": "--province", "message": suggestion}]


# --- dates ----------------------------------------------------------------------------------


def test_a_date_as_dd_mm_yyyy(ledger_cli: dict[str, str]) -> None:
    reg = register(**{"--birth-date": "17/07/1982", "--registered-on": "1/3/2010"})
    shown = show(reg)

    assert shown["birth_date"] == "1982-07-17"
    assert shown["registered_on"] == "2010-03-01"


def test_a_date_in_another_form_names_the_forms_read(ledger_cli: dict[str, str]) -> None:
    for written in ("1982/07/17", "17-07-1982", "17.07.1982", "July 17, 1982"):
        result = failed(2, "--as", ADMIN, *args(**{"--birth-date": written}))

        names_field(result, "--birth-date")
        assert "YYYY-MM-DD or DD/MM/YYYY" in result.error["message"], written


def test_a_dd_mm_yyyy_that_is_no_day_is_refused(ledger_cli: dict[str, str]) -> None:
    result = failed(2, "--as", ADMIN, *args(**{"--birth-date": "30/02/1982"}))

    names_field(result, "--birth-date")
    assert "'30/02/1982' is not a calendar date" in result.error["message"]


# --- NIK structure --------------------------------------------------------------------------


def test_a_nik_whose_parts_cannot_be_names_each_part(ledger_cli: dict[str, str]) -> None:
    result = failed(2, "--as", ADMIN, *args(**{"--nik": "9973010000000000"}))

    names_field(result, "--nik")
    message = result.error["details"][0]["message"]
    assert "province code 99 (digits 1-2) does not exist" in message
    assert "the date part 000000" in message and "is not a day" in message
    assert "the serial 0000" in message


# --- majors ---------------------------------------------------------------------------------


def test_a_major_by_another_of_its_names_is_stored_as_its_code(
    ledger_cli: dict[str, str],
) -> None:
    reg = register()
    ok(
        "--as", ADMIN, "education", "add", reg, "--level", "S1",
        "--major", "Ilmu Kesejahteraan Sosial", "--institution", "STKS Bandung",
        "--graduated-on", "30/08/2004",
    )  # fmt: skip

    (degree,) = show(reg)["education"]  # type: ignore[misc]
    assert degree["major"] == "kesejahteraan-sosial"
    assert degree["graduated_on"] == "2004-08-30"


# --- the legacy lists -----------------------------------------------------------------------


def test_a_legacy_list_in_the_forms_offices_write(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "kongres-2010.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(
            ["name", "nik", "birth_date", "province", "email", "registered_on",
             "education_level", "education_major", "institution", "graduated_on"]
        )  # fmt: skip
        writer.writerows(
            [
                ["Siti Aminah", "3273014501800002", "05/01/1980", "Jawa Barat",
                 "siti@example.org", "01/03/2010", "S1", "S1 Ilmu Kesejahteraan Sosial",
                 "STKS Bandung", "30/08/2004"],
                ["Ma'ruf Hidayat", "3174021203780001", "12/03/1979", "DKI Jakarta",
                 "maruf@example.org", "01/03/2010", "", "", "", ""],
                ["Sukarti", "3204100000000003", "07/08/1965", "32",
                 "sukarti@example.org", "01/03/2010", "", "", "", ""],
            ]
        )  # fmt: skip

    result = ok("--as", ADMIN, "--json", "import", "members", str(path), "--source", "kongres")
    outcomes = {o["line"]: o for o in result.json["outcomes"]}

    assert outcomes[2]["outcome"] == "imported"
    assert outcomes[2]["registration_no"].startswith("32-2010-")
    assert outcomes[3]["outcome"] == "rejected"
    assert outcomes[3]["reason"] == (
        "the NIK's date part 120378 (a man born 12-03-..78) does not match "
        "the birth date 1979-03-12"
    )
    assert outcomes[4]["outcome"] == "rejected"
    assert "nik: the date part 000000" in outcomes[4]["reason"]
    shown = show(outcomes[2]["registration_no"])
    assert shown["birth_date"] == "1980-01-05" and shown["province"] == "32"
    (degree,) = shown["education"]  # type: ignore[misc]
    assert degree["major"] == "kesejahteraan-sosial"
