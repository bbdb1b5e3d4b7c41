"""Validated input values shared by the command models: names, NIK, dates, provinces,
regencies, majors, hours, rupiah.

Dates are read here for every command and for the legacy import alike (``parse_date``):
``YYYY-MM-DD`` or ``DD/MM/YYYY``."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, TypeAdapter

from ledger.nik import nik_problems
from ledger.vocabulary import major, province_code, regency_code

EARLIEST = date(1900, 1, 1)
MAX_TEXT = 200


def _clean_text(value: Any) -> str:
    """Fold runs of white space; refuse control characters (NUL and the like)."""
    if not isinstance(value, str):
        raise ValueError("must be text")
    # (printable text has none of them: the per-character look is only for the rest)
    if not value.isprintable() and any(
        unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in value
    ):
        raise ValueError("must not contain control or unassigned characters")
    text = " ".join(value.split())
    if not text:
        raise ValueError("must not be empty")
    if len(text) > MAX_TEXT:
        raise ValueError(f"must be at most {MAX_TEXT} characters")
    return unicodedata.normalize("NFC", text)


def _person_name(value: Any) -> str:
    """Letters of any script, with spaces, apostrophes, dots, commas and hyphens.

    Single names (common in Indonesia), apostrophes (Ma'ruf) and academic titles (S.Sos.) are
    all valid.
    """
    text = _clean_text(value)
    if not any(ch.isalpha() for ch in text):
        raise ValueError("must contain letters")
    for ch in text:
        if not (ch.isalpha() or ch in " '’.,-" or unicodedata.category(ch) == "Mn"):
            raise ValueError(f"must not contain {ch!r}")
    return text


_ISO = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_DMY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")  # as spreadsheets write it
DATE_FORMS = "YYYY-MM-DD or DD/MM/YYYY (e.g. 2010-03-01 or 01/03/2010)"


def parse_date(text: str) -> date:
    """A calendar date written ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (a one-digit day or month is
    fine: ``1/3/2010``); ASCII digits only. A ValueError says which forms are read."""
    written = text.strip()
    if match := _ISO.fullmatch(written):
        year, month, day = match.groups()
    elif match := _DMY.fullmatch(written):
        day, month, year = match.groups()
    else:
        raise ValueError(f"{text!r} is not a date: write it {DATE_FORMS}")
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"{written!r} is not a calendar date") from None


def _iso_date(value: Any) -> date:
    day = (
        value if isinstance(value, date) else parse_date(value) if isinstance(value, str) else None
    )
    if day is None:
        raise ValueError(f"{value!r} is not a date: write it {DATE_FORMS}")
    if day < EARLIEST:
        raise ValueError(f"{day} is before {EARLIEST}")
    return day


def _moment(value: Any) -> datetime:
    """An ISO 8601 time; without a zone it is UTC; a bare date means the end of that day."""
    if isinstance(value, datetime):
        moment = value
    else:
        text = str(value).strip().replace(" ", "T")
        try:
            if _ISO.fullmatch(text) or _DMY.fullmatch(text):
                moment = datetime.combine(parse_date(text), time.max)
            else:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(
                f"{value!r} is not a time like 2026-03-01T08:00:00+07:00 (or a date)"
            ) from None
    try:
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{value!r} is outside the calendar") from None


def _nik(value: Any) -> str:
    """16 ASCII digits (not ٣ or ３) whose parts can be a NIK: every failure names its part.
    Whether its date part matches the birth date is ``ledger.nik.nik_agrees_with_birth_date``."""
    text = str(value).strip()
    problems = nik_problems(text)
    if problems:
        raise ValueError("; ".join(problems))
    return text


def _province(value: Any) -> str:
    """The BPS code of a province given by its code or its name ("32", "Jawa Barat")."""
    return province_code(str(value))


def _regency(value: Any) -> str:
    """The BPS code of a regency or city given by its code or name ("3273", "Kota Bandung")."""
    return regency_code(str(value))


def _major(value: Any) -> str:
    """A vocabulary major's code for any of its names, or else the text as written."""
    return major(_clean_text(value))


def _phone(value: Any) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"\+?[0-9][0-9 \-]{6,18}[0-9]", text, re.ASCII):
        raise ValueError("a phone number is 8 to 20 digits, optionally with +, spaces, hyphens")
    return text


def _hours(value: Any) -> Decimal:
    try:
        hours = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number of hours") from None
    if not hours.is_finite() or hours <= 0:
        raise ValueError("must be more than 0 hours")
    if hours > 1000:
        raise ValueError("must be at most 1000 hours for one course")
    if hours.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError("at most two decimal places")
    # "40", "40.0" and "40.00" are the same 40 hours; keep exact decimals otherwise.
    return Decimal(int(hours)) if hours == hours.to_integral() else hours.normalize()


def _rupiah(value: Any) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{1,12}", text):
        raise ValueError("whole rupiah: digits only, no separators or decimals")
    amount = int(text)
    if amount <= 0:
        raise ValueError("must be more than 0 rupiah")
    return amount


def _year(value: Any) -> int:
    text = str(value).strip()
    if not re.fullmatch(r"[0-9]{4}", text) or not 1900 <= int(text) <= 2999:
        raise ValueError("a four-digit year")
    return int(text)


Text = Annotated[str, BeforeValidator(_clean_text)]
PersonName = Annotated[str, BeforeValidator(_person_name)]
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Moment = Annotated[datetime, BeforeValidator(_moment)]
Nik = Annotated[str, BeforeValidator(_nik)]
Province = Annotated[str, BeforeValidator(_province)]
Regency = Annotated[str, BeforeValidator(_regency)]
Major = Annotated[str, BeforeValidator(_major)]
Phone = Annotated[str, BeforeValidator(_phone)]
Hours = Annotated[Decimal, BeforeValidator(_hours)]
Rupiah = Annotated[int, BeforeValidator(_rupiah)]
Year = Annotated[int, BeforeValidator(_year)]
# Plain ASCII addresses (nearly all) are checked by this pattern; anything else goes to the
# email-validator library. The library alone cost a 100,000-row import 7 s (profiled).
_PLAIN_EMAIL = re.compile(
    r"[A-Za-z0-9_%+-]+(\.[A-Za-z0-9_%+-]+)*@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,63}"
)


@cache
def _full_email_check() -> TypeAdapter[str]:
    from pydantic import EmailStr  # loads email-validator: only for the unusual addresses

    return TypeAdapter(EmailStr)


def _email(value: Any) -> str:
    text = str(value).strip()
    if len(text) <= 254 and _PLAIN_EMAIL.fullmatch(text):
        return text
    return str(_full_email_check().validate_python(text))


Email = Annotated[str, BeforeValidator(_email)]


class CommandModel(BaseModel):
    """Base of every command: immutable, and no field it does not know."""

    model_config = ConfigDict(frozen=True, extra="forbid")
