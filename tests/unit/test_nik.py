"""The structure of a NIK: each part that cannot be is named; its date part agrees with the
birth date or the disagreement names both. All NIKs here are fictional."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.nik import date_part, nik_agrees_with_birth_date, nik_problems


@pytest.mark.parametrize(
    "nik",
    [
        "3273014501800002",  # Kota Bandung: a woman born 5 January 1980
        "3273010501800002",  # a man born on the same day
        "3174021203780001",  # Jakarta Selatan (Kemendagri 3174)
        "9171014107900001",  # Kota Jayapura, Kemendagri province 91 (BPS 94): 1 July 1990
        "9601017112990001",  # Papua Barat Daya (Kemendagri 96): a woman born 31 December 1999
        "1101012902000001",  # 29 February 2000
        "1101016902000001",  # a woman born 29 February 2000
        "1101013112999999",
        "3273010101000001",
    ],
)
def test_a_nik_whose_parts_can_be(nik: str) -> None:
    assert nik_problems(nik) == []


@pytest.mark.parametrize(
    ("nik", "problem"),
    [
        ("3273014501800000", "the serial 0000 (digits 13-16) is not a serial: it starts at 0001"),
        ("9973014501800002", "province code 99 (digits 1-2) does not exist"),
        ("0073014501800002", "province code 00 (digits 1-2) does not exist"),
        # 97 is BPS's code for Papua Pegunungan; Kemendagri's (a NIK's) is 95.
        ("9701014501800002", "province code 97 (digits 1-2) does not exist"),
        (
            "3273010000000002",
            "the date part 000000 (digits 7-12, DDMMYY, a woman's day + 40) is not a day",
        ),
    ],
)
def test_each_part_that_cannot_be_is_named(nik: str, problem: str) -> None:
    assert nik_problems(nik) == [problem]


@pytest.mark.parametrize(
    "date_digits",
    [
        "000180",  # day 0
        "320180",  # no 32 January
        "400180",  # no man's day 40, no woman's day 0
        "720180",  # a woman's 32 January
        "300280",  # 30 February
        "290201",  # 29 February 2001 (or 1901)
        "690201",  # a woman's 29 February 2001
        "051380",  # month 13
        "050080",  # month 0
        "310480",  # 31 April
    ],
)
def test_a_date_part_that_is_no_day(date_digits: str) -> None:
    nik = f"327301{date_digits}0002"

    assert date_part(nik) is None
    assert nik_problems(nik) == [
        f"the date part {date_digits} (digits 7-12, DDMMYY, a woman's day + 40) is not a day"
    ]


def test_a_womans_day_is_plus_forty() -> None:
    for day in (41, 55, 71):
        part = date_part(f"327301{day}0180" + "0002")
        assert part is not None and part.woman and part.day == day - 40
    man = date_part("3273013101800002")
    assert man is not None and not man.woman and man.day == 31


def test_every_failure_at_once() -> None:
    assert nik_problems("9973010000000000") == [
        "province code 99 (digits 1-2) does not exist",
        "the date part 000000 (digits 7-12, DDMMYY, a woman's day + 40) is not a day",
        "the serial 0000 (digits 13-16) is not a serial: it starts at 0001",
    ]


@pytest.mark.parametrize(
    "nik",
    [
        "",
        "327301450180000",
        "32730145018000021",
        "327301450180000A",
        "3273-0145-0180-02",
        "３２７３０１４５０１８０００２",
        "٣٢٧٣٠١٤٥٠١٨٠٠٠٢",
        "+327301450180000",
    ],
)
def test_a_nik_is_sixteen_ascii_digits(nik: str) -> None:
    assert nik_problems(nik) == ["a NIK is exactly 16 digits (0-9)"]


@pytest.mark.parametrize(
    ("nik", "born"),
    [
        ("3273014501800002", date(1980, 1, 5)),  # a woman: 45 is the 5th
        ("3273010501800002", date(1980, 1, 5)),
        ("3273010501800002", date(1880, 1, 5)),  # only the last two digits of the year
        ("1101016902000001", date(2000, 2, 29)),
        ("3273011707820001", date(1982, 7, 17)),
        ("3273013112990001", date(1999, 12, 31)),
        ("3273010101000001", date(2000, 1, 1)),
    ],
)
def test_the_date_part_agrees_with_the_birth_date(nik: str, born: date) -> None:
    assert nik_agrees_with_birth_date(nik, born) == []


@pytest.mark.parametrize(
    ("nik", "born", "why"),
    [
        (
            "3273014501800002",
            date(1980, 1, 6),
            "the NIK's date part 450180 (a woman born 05-01-..80) does not match the birth "
            "date 1980-01-06",
        ),
        (
            "3273014501800002",
            date(1981, 1, 5),
            "the NIK's date part 450180 (a woman born 05-01-..80) does not match the birth "
            "date 1981-01-05",
        ),
        (
            "3273010502800002",
            date(1980, 1, 5),
            "the NIK's date part 050280 (a man born 05-02-..80) does not match the birth "
            "date 1980-01-05",
        ),
        (
            "3273010101000001",
            date(2001, 1, 1),
            "the NIK's date part 010100 (a man born 01-01-..00) does not match the birth "
            "date 2001-01-01",
        ),
    ],
)
def test_a_disagreement_names_both_dates(nik: str, born: date, why: str) -> None:
    assert nik_agrees_with_birth_date(nik, born) == [why]


def test_a_date_part_that_is_no_day_is_not_a_disagreement_too() -> None:
    # nik_problems names it once; the agreement check has nothing to compare.
    assert nik_agrees_with_birth_date("3273010000000002", date(1980, 1, 5)) == []
    assert nik_agrees_with_birth_date("12345", date(1980, 1, 5)) == []
