"""The vocabularies as data: provinces, regencies and cities, majors, fields, levels. Every
alias names its entry; a near miss is answered with what was meant; a shared name is
ambiguous and says which entries share it."""

from __future__ import annotations

import csv
from importlib import resources

import pytest

from ledger.vocabulary import (
    Ambiguous,
    EducationLevel,
    Field,
    NotInVocabulary,
    field_entries,
    kemendagri_province_codes,
    level_entries,
    major,
    major_entries,
    province_code,
    province_entries,
    provinces,
    regency_code,
    regency_entries,
)


def rows(name: str) -> list[dict[str, str]]:
    text = resources.files("ledger.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


# --- provinces ------------------------------------------------------------------------------


def test_every_province_including_the_four_of_2022() -> None:
    names = provinces()

    assert len(names) == 38
    assert names["11"] == "Aceh" and names["31"] == "DKI Jakarta" and names["32"] == "Jawa Barat"
    # BPS codes (Peraturan BPS, wilayah kerja statistik); Kemendagri numbers them otherwise.
    assert {c: names[c] for c in ("91", "92", "94", "95", "96", "97")} == {
        "91": "Papua Barat",
        "92": "Papua Barat Daya",
        "94": "Papua",
        "95": "Papua Selatan",
        "96": "Papua Tengah",
        "97": "Papua Pegunungan",
    }


def test_a_niks_province_codes_are_kemendagri_codes() -> None:
    by_code = {p.code: p.kemendagri for p in province_entries()}

    assert by_code["94"] == "91" and by_code["91"] == "92" and by_code["97"] == "95"
    assert kemendagri_province_codes() == {
        *(c for c in provinces() if c < "90"),
        *("91", "92", "93", "94", "95", "96"),
    }


@pytest.mark.parametrize(
    "text",
    [entry.name for entry in province_entries()]
    + [alias for entry in province_entries() for alias in entry.aliases],
)
def test_every_name_and_alias_of_a_province_names_it(text: str) -> None:
    (entry,) = [p for p in province_entries() if text in (p.name, *p.aliases)]

    assert province_code(text) == entry.code
    assert province_code(text.upper()) == entry.code
    assert province_code("  " + text.lower().replace(" ", "   ") + " ") == entry.code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("32", "32"),
        (" 51 ", "51"),
        ("Bali", "51"),
        ("jawa barat", "32"),
        ("DKI Jakarta", "31"),
        ("dki  jakarta", "31"),
        ("D.K.I. Jakarta", "31"),
        ("Jabar", "32"),
        ("Kep. Riau", "21"),
        ("papua pegunungan", "97"),
    ],
)
def test_a_province_by_code_or_name(text: str, code: str) -> None:
    assert province_code(text) == code


def test_a_near_miss_is_answered_with_the_province_meant() -> None:
    with pytest.raises(NotInVocabulary) as error:
        province_code("Jawa Barta")

    assert str(error.value) == "'Jawa Barta' is not a province: did you mean Jawa Barat (32)?"
    assert error.value.suggestions == ("32",)


@pytest.mark.parametrize("text", ["99", "00", "3", "032", "Atlantis", "３２", "", "' OR 1=1 --"])
def test_what_is_no_province_is_refused_with_the_forms_it_may_take(text: str) -> None:
    with pytest.raises(NotInVocabulary, match="is not a province") as error:
        province_code(text)

    assert "BPS code" in str(error.value) or "did you mean" in str(error.value)


# --- regencies and cities -------------------------------------------------------------------


def test_the_regencies_file_holds_every_regency_and_city_once() -> None:
    data = rows("regencies.csv")
    codes = [r["code"] for r in data]

    assert len(data) == 514
    assert len(set(codes)) == len(codes)
    assert len({r["kemendagri"] for r in data}) == len(data)
    assert all(len(c) == 4 and c.isdigit() and c[:2] in provinces() for c in codes)
    assert {r["province"] for r in data} == set(provinces())
    assert all(r["name"].startswith(("Kabupaten ", "Kota ")) for r in data)
    # Kota codes are 71 and up, kabupaten codes below (Permendagri 58/2021, BPS alike).
    assert all((r["code"][2:] >= "71") == r["name"].startswith("Kota ") for r in data)


def test_only_the_regencies_of_the_four_2022_provinces_keep_their_earlier_code() -> None:
    # ledger/data/README.md: their BPS codes of before the split (91.., 94..), see there.
    moved = {
        r["code"]: r["province"] for r in rows("regencies.csv") if r["code"][:2] != r["province"]
    }

    assert set(moved.values()) == {"92", "95", "96", "97"}
    assert len(moved) == 26
    assert all(code[:2] in ("91", "94") for code in moved)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("3273", "3273"),
        ("Kota Bandung", "3273"),
        ("kota bandung", "3273"),
        ("Kabupaten Bandung", "3204"),
        ("Kab. Bandung", "3204"),
        ("kab  bandung", "3204"),
        ("Kota Jakarta Selatan", "3171"),
        ("Kota Administrasi Jakarta Selatan", "3171"),
        ("Kota Adm. Jakarta Selatan", "3171"),
        ("Jakarta Selatan", "3171"),
        ("Bandung Barat", "3217"),
        ("Fakfak", "9101"),
        ("Kota Baru", "6302"),  # no Kota Baru: Kabupaten Kotabaru
        ("Kabupaten Merauke", "9401"),
    ],
)
def test_a_regency_or_city_by_code_or_name(text: str, code: str) -> None:
    assert regency_code(text) == code


def test_every_regency_and_city_is_found_by_its_name() -> None:
    for regency in regency_entries():
        assert regency_code(regency.name) == regency.code, regency
        assert regency_code(regency.name.upper()) == regency.code, regency


def test_a_name_a_kabupaten_and_a_kota_share_is_ambiguous_and_lists_both() -> None:
    with pytest.raises(Ambiguous) as error:
        regency_code("Bandung")

    assert "ambiguous" in str(error.value)
    assert "Kabupaten Bandung (3204)" in str(error.value)
    assert "Kota Bandung (3273)" in str(error.value)
    assert error.value.suggestions == ("3204", "3273")


def test_a_near_miss_is_answered_with_the_regency_meant() -> None:
    with pytest.raises(NotInVocabulary) as error:
        regency_code("Kota Bandug")

    assert str(error.value) == (
        "'Kota Bandug' is not a regency or city: did you mean Kota Bandung (3273)?"
    )


def test_regencies_within_a_province() -> None:
    jabar = regency_entries("32")

    assert len(jabar) == 27 and {r.province for r in jabar} == {"32"}
    assert regency_code("Kota Bandung", province="32") == "3273"
    with pytest.raises(NotInVocabulary, match="in DKI Jakarta"):
        regency_code("Kota Bandung", province="31")
    with pytest.raises(NotInVocabulary, match="not the BPS code"):
        regency_code("3273", province="31")


@pytest.mark.parametrize("text", ["9999", "327", "Gotham", "", "３２７３"])
def test_what_is_no_regency_is_refused(text: str) -> None:
    with pytest.raises(NotInVocabulary, match="regency or city"):
        regency_code(text)


# --- majors ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("pekerjaan-sosial", "pekerjaan-sosial"),
        ("Pekerjaan Sosial", "pekerjaan-sosial"),
        ("PEKERJAAN SOSIAL", "pekerjaan-sosial"),
        ("Ilmu Pekerjaan Sosial", "pekerjaan-sosial"),
        ("Social Work", "pekerjaan-sosial"),
        ("Peksos", "pekerjaan-sosial"),
        ("S1 Pekerjaan Sosial", "pekerjaan-sosial"),
        ("D4 Pekerjaan  Sosial", "pekerjaan-sosial"),
        ("D-IV Pekerjaan Sosial", "pekerjaan-sosial"),
        ("kesejahteraan-sosial", "kesejahteraan-sosial"),
        ("Ilmu Kesejahteraan Sosial", "kesejahteraan-sosial"),
        ("ilmu kesejahteraan  sosial", "kesejahteraan-sosial"),
        ("Kesejahteraan Sosial", "kesejahteraan-sosial"),
        ("Kesos", "kesejahteraan-sosial"),
        ("Social Welfare", "kesejahteraan-sosial"),
        ("S2 Ilmu Kesejahteraan Sosial", "kesejahteraan-sosial"),
    ],
)
def test_a_major_by_any_of_its_names(text: str, code: str) -> None:
    assert major(text) == code


def test_every_alias_of_a_major_names_it() -> None:
    for entry in major_entries():
        for text in (entry.code, entry.name, entry.name_en, *entry.aliases):
            assert major(text) == entry.code
            assert major("S1 " + text.upper()) == entry.code


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Hukum", "Hukum"),
        ("psikologi", "psikologi"),
        ("S1 Hukum", "Hukum"),  # the level has its own column
        ("Sosiologi", "Sosiologi"),
        ("Pekerjaan Sosial Islam", "Pekerjaan Sosial Islam"),
        ("S1", "S1"),
        ("Ilmu  Komunikasi ", "Ilmu Komunikasi"),
    ],
)
def test_any_other_major_is_kept_as_written(text: str, kept: str) -> None:
    assert major(text) == kept


# --- fields and levels ----------------------------------------------------------------------


def test_fields_and_levels_as_data_agree_with_the_enums() -> None:
    assert [f.code for f in field_entries()] == [f.value for f in Field]
    assert [lv.code for lv in level_entries()] == [lv.value for lv in EducationLevel]
    assert all(e.name and e.name_en for e in (*field_entries(), *level_entries()))
    assert {f.code: f.name_en for f in field_entries()}["anak"] == "Children"
