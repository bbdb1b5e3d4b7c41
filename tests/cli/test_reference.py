"""``peksos reference provinces|regencies|majors|fields|levels``: the vocabularies as tables
that fit a terminal, and as JSON. They are shipped data: reading them opens no store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import Result, run


@pytest.fixture
def no_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    store = tmp_path / "ledger.sqlite"
    monkeypatch.setenv("PEKSOS_DB", str(store))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("PEKSOS_ACTOR", raising=False)
    return store


def ok(*args: str) -> Result:
    result = run(*args)
    assert result.code == 0, (args, result)
    return result


def fits(result: Result) -> None:
    assert max(len(line) for line in result.stdout.splitlines()) <= 80, result.stdout


def test_provinces_as_a_table(no_store: Path) -> None:
    result = ok("reference", "provinces")

    fits(result)
    assert "Jawa Barat" in result.stdout and "Papua Pegunungan" in result.stdout
    assert not no_store.exists()  # nothing was opened or created


def test_provinces_as_json(no_store: Path) -> None:
    rows = ok("--json", "reference", "provinces").json

    assert len(rows) == 38
    by_code = {r["code"]: r for r in rows}
    assert by_code["32"]["name"] == "Jawa Barat" and "Jabar" in by_code["32"]["aliases"]
    assert by_code["94"] == {
        "code": "94",
        "name": "Papua",
        "kemendagri": "91",
        "aliases": ["Irian Jaya"],
    }


def test_regencies_of_a_province_given_by_name(no_store: Path) -> None:
    result = ok("reference", "regencies", "--province", "jawa barat")
    rows = ok("--json", "reference", "regencies", "--province", "Jawa Barat").json

    fits(result)
    assert "Regencies and cities of Jawa Barat (32)" in result.stdout
    assert "Kota Bandung" in result.stdout and "Kabupaten Bandung" in result.stdout
    assert len(rows) == 27 and {r["province"] for r in rows} == {"32"}
    assert {r["code"]: r["name"] for r in rows}["3273"] == "Kota Bandung"
    assert set(rows[0]) == {"code", "name", "province", "province_name", "kemendagri"}


def test_every_regency_and_city(no_store: Path) -> None:
    result = ok("reference", "regencies")
    rows = ok("--json", "reference", "regencies").json

    fits(result)
    assert len(rows) == 514
    assert {r["code"]: r["name"] for r in rows}["3171"] == "Kota Jakarta Selatan"


def test_regencies_of_no_province_is_a_usage_error_with_the_suggestion(no_store: Path) -> None:
    result = run("--json", "reference", "regencies", "--province", "Jawa Barta")

    assert result.code == 2 and result.stdout == ""
    assert result.error["details"] == [
        {
            "field": "--province",
            "message": "'Jawa Barta' is not a province: did you mean Jawa Barat (32)?",
        }
    ]


def test_majors_with_their_aliases(no_store: Path) -> None:
    result = ok("reference", "majors")
    rows = ok("--json", "reference", "majors").json

    fits(result)
    assert "Kesos" in result.stdout
    assert [r["code"] for r in rows] == ["pekerjaan-sosial", "kesejahteraan-sosial"]
    assert "Ilmu Kesejahteraan Sosial" in rows[1]["aliases"]
    assert "Social Work" in rows[0]["aliases"]


def test_fields_in_indonesian_and_english(no_store: Path) -> None:
    result = ok("reference", "fields")
    rows = ok("--json", "reference", "fields").json

    fits(result)
    assert len(rows) == 10
    assert rows[0] == {"code": "anak", "name": "Anak", "name_en": "Children"}
    assert "koreksional" in result.stdout


def test_education_levels_lowest_first(no_store: Path) -> None:
    rows = ok("--json", "reference", "levels").json

    fits(ok("reference", "levels"))
    assert [r["code"] for r in rows] == ["SMA", "D3", "D4", "S1", "S2", "S3"]


@pytest.mark.parametrize("command", ["provinces", "regencies", "majors", "fields", "levels"])
def test_each_help_shows_an_example_that_works(no_store: Path, command: str) -> None:
    help_text = ok("reference", command, "--help").stdout
    example = help_text.split("Example:", 1)[1].strip().splitlines()[0].split()

    assert example[:3] == ["peksos", "reference", command]
    assert ok(*[a.strip('"') for a in _join_quoted(example[1:])]).stdout


def _join_quoted(words: list[str]) -> list[str]:
    """Shell words back from a help line: '"Jawa' 'Barat"' is one."""
    out: list[str] = []
    for word in words:
        if out and out[-1].startswith('"') and not out[-1].endswith('"'):
            out[-1] += " " + word
        else:
            out.append(word)
    return out
