"""The structure of a NIK (Nomor Induk Kependudukan), the national identity number.

Sixteen digits, in parts::

    32 73 01 450180 0002
    |  |  |  |      '--- digits 13-16: a serial, never 0000
    |  |  |  '---------- digits 7-12: the holder's birth day DDMMYY; a woman's day + 40
    |  |  '------------- digits 5-6: the district (kecamatan)
    |  '---------------- digits 3-4: the regency or city (with 1-2: its code)
    '------------------- digits 1-2: the province

The region digits are the Ministry of Home Affairs' (Kemendagri) codes of the place where the
number was issued, not BPS's: they differ for the Papua provinces (a NIK issued in Jayapura
starts 91, BPS's code for Papua is 94) and, within many provinces, for regencies (Kota Jakarta
Selatan is BPS 3171, Kemendagri 3174).

Only the province is checked against the list of codes. A NIK keeps the region it was issued
in: a regency that was split, or moved to a new province (Kalimantan Utara in 2012, the four
Papua provinces in 2022), leaves NIKs whose first four digits are a regency code of the day
they were issued, which today's list may no longer hold. Checking regencies would refuse real,
old NIKs; every province code a NIK can carry is still a province's code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ledger.vocabulary import kemendagri_province_codes
from ledger.wording import said

WOMEN = 40  # added to a woman's day of birth


@dataclass(frozen=True)
class NikDate:
    """The date part of a NIK: day and month of birth, the year's last two digits, and the
    holder's sex (a woman's day is written + 40)."""

    day: int
    month: int
    year2: int
    woman: bool

    @property
    def text(self) -> str:
        return f"{self.day:02d}-{self.month:02d}-..{self.year2:02d}"


def date_part(nik: str) -> NikDate | None:
    """The NIK's date part, or None when digits 7-12 are not a day (for any century)."""
    if not (len(nik) == 16 and nik.isascii() and nik.isdigit()):
        return None
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    woman = day > WOMEN
    if woman:
        day -= WOMEN
    try:
        # 2000 + YY is a leap year whenever 19YY or 20YY is: 29 February of 00 is a day.
        date(2000 + year2, month, day)
    except ValueError:
        return None
    return NikDate(day, month, year2, woman)


def nik_problems(nik: str) -> list[str]:
    """Every way ``nik`` cannot be a NIK, each naming its part; empty when it can be."""
    if not (len(nik) == 16 and nik.isascii() and nik.isdigit()):
        return ["a NIK is exactly 16 digits (0-9)"]
    problems = []
    if nik[:2] not in kemendagri_province_codes():
        problems.append(f"province code {nik[:2]} (digits 1-2) does not exist")
    if date_part(nik) is None:
        problems.append(
            f"the date part {nik[6:12]} (digits 7-12, DDMMYY, a woman's day + 40) is not a day"
        )
    if nik[12:] == "0000":
        problems.append("the serial 0000 (digits 13-16) is not a serial: it starts at 0001")
    return problems


def nik_agrees_with_birth_date(nik: str, birth_date: date) -> list[str]:
    """Why ``nik``'s date part does not match ``birth_date`` (same day and month, and the
    year's last two digits); empty when it does, or when the date part is no day at all
    (``nik_problems`` says so)."""
    part = date_part(nik)
    if part is None:
        return []
    if (part.day, part.month, part.year2) == (
        birth_date.day,
        birth_date.month,
        birth_date.year % 100,
    ):
        return []
    who = said("a woman") if part.woman else said("a man")
    return [
        said(
            "the NIK's date part {digits} ({who} born {born}) does not match the birth date "
            "{birth_date}",
            code="nik_birth_date",
            digits=nik[6:12],
            who=who,
            born=part.text,
            birth_date=birth_date,
        )
    ]
