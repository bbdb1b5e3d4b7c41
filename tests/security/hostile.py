"""Shared by the hostile-input tests (``test_hostile_*.py``): the hostile values, the
hypothesis settings and example budgets, and what no implementation may accept.

Those tests feed every option of every write command, the read options, the global options,
the command line's bytes and the legacy-list importer odd Unicode (combining marks,
right-to-left, emoji, zero-width, lone surrogates), huge values, zero and negative numbers,
impossible and far dates, NUL and other control characters, SQL and shell metacharacters,
rich-text markup and very long names.

Whatever the input, the outcome is the contract's: exit 0 when the value is in fact valid (and
then what was stored is clean and every read of it still works), otherwise a plain message and
exit 2, 3, 4, 5 or 7 with nothing recorded. Never exit 1, never a traceback (``run`` fails the
test on one), never a partial write.

Example budgets are per backend (PostgreSQL commands are slower); ``PEKSOS_SECURITY_SCALE=10``
multiplies them for a longer run.
"""

from __future__ import annotations

import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, example, settings
from hypothesis import strategies as st

from ledger.vocabulary import provinces  # the BPS codes: shipped data, not the code under test
from tests.cli.helpers import ADMIN, AUDITOR, latest_day_in_indonesia, run, today_in_indonesia

PEKSOS = str(Path(sys.executable).with_name("peksos"))


CONTRACT_EXITS = {0, 2, 3, 4, 5, 7}


def budget(sqlite: int, postgresql: int) -> int:
    """Examples for this backend (PostgreSQL commands take ~10x longer)."""
    scale = float(os.environ.get("PEKSOS_SECURITY_SCALE", "1"))
    on_postgres = os.environ.get("PEKSOS_DB", "").startswith("postgres")
    return round((postgresql if on_postgres else sqlite) * scale)


def fuzz(
    examples: int, *, shrink: bool = True
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """hypothesis settings for a test that runs whole CLI commands against a shared ledger.

    ``examples`` counts generated inputs; fixed ``@example`` cases come on top. Tests whose
    examples are expensive (whole files, stores) do not shrink a failure: the failing input is
    printed as found, and the run stays within its time budget.
    """
    phases = [Phase.explicit]
    if examples:  # none: the fixed @example cases only
        phases += [Phase.generate, Phase.target]
    return settings(
        max_examples=max(1, examples),
        # no replay of old failures: examples act on a ledger that lives for one module only
        database=None,
        deadline=None,
        phases=[*phases, Phase.shrink] if shrink else phases,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


def examples(name: str, values: list[Any], **fixed: Any) -> Callable[[Any], Any]:
    """hypothesis ``@example`` for each of ``values`` (as argument ``name``)."""

    def decorate(test: Any) -> Any:
        for value in reversed(values):
            test = example(**{name: value}, **fixed)(test)
        return test

    return decorate


# --- hostile values ----------------------------------------------------------------------------


SQL = [
    "'; DROP TABLE stored_events; --",
    "Robert'); DROP TABLE stored_events;--",
    '" OR 1=1 --',
    "1; DELETE FROM stored_events WHERE 1=1",
    "x' UNION SELECT state FROM stored_events --",
]


SHELL = [
    "$(rm -rf /)",
    "`rm -rf /`",
    "; rm -rf / #",
    "| cat /etc/passwd",
    "${HOME}",
    "&& shutdown -h now",
    "%s%s%s%n",
    "{0.__class__}",
    "../../../../etc/passwd",
]


ODD_UNICODE = [
    "e\u0301\u0301\u0301\u0301",  # stacked combining marks
    "Z" + "\u0336\u0337\u0338" * 40,  # "zalgo"
    "\u202eSiti Aminah\u202c",  # right-to-left override
    "Siti\u200bAminah",  # zero-width space
    "\u200d",
    "\ufeffSiti",
    "👩‍👩‍👧‍👦",
    "Siti 🙂",
    "محمد عبد الله",
    "שרה כהן",
    "𝔖𝔦𝔱𝔦",
    "Ｓｉｔｉ",
    "ꦱꦶꦠꦶ",  # Javanese script
    "\ud800",  # lone surrogates: Python allows them in str
    "Siti\udcffAminah",
    "\U0010ffff",
    "\ue000",
    "\uffff",
    "[/]",  # rich-text markup
    "[bold red]merah[/bold red]",
    "<script>alert(1)</script>",
    "%00",
]


CONTROL = [
    "\x00",
    "Siti\x00Aminah",
    "\x07",
    "\x1b[31mmerah\x1b[0m",
    "\r\n",
    "Siti\tAminah",
    "Siti\nAminah",
    "\x7f",
    "\x85",
    "Siti\u2028Aminah",
    "\x0b\x0c",
    "\x1c\x1d\x1e\x1f",
]


EMPTY = ["", " ", "   \t "]


HUGE = ["A" * 100_000, "Siti " * 20_000, "ꦱ" * 50_000, "9" * 400]


NUMBERS = [
    "0", "-0", "-1", "-100000", "0.0", "0.001", "7.555", "1e309", "-1e309", "NaN", "nan",
    "inf", "-Infinity", "sNaN", "1e-7", "0x10", "1_000", "1,5", "100.000", "Rp100000",
    "١٠٠", "１００", "٣", str(10**30), "-" + str(10**30), "1e30", "1E+1000", "9" * 40,
]  # fmt: skip


DATES = [
    "1899-12-31", "0001-01-01", "1000-02-29", "9999-12-31", "2999-01-01", "10000-01-01",
    "2010-02-30", "2011-02-29", "2010-13-01", "2010-00-10", "2010-1-1", "01/03/2010",
    "2010/03/01", "20100301", "2010-03-01T00:00:00", "2010-03-01\x00", "２０１０-０３-０１",
    "٢٠١٠-٠٣-٠١", "-2010-03-01", "+2010-03-01", "today", "2010-03-01; DROP TABLE x",
]  # fmt: skip


GENERIC = [*SQL, *SHELL, *ODD_UNICODE, *CONTROL, *EMPTY, *HUGE]


ANY_CHARACTER = st.characters(exclude_categories=())  # surrogates and unassigned included


VALID: dict[str, list[str]] = {
    "name": ["Siti Aminah", "Ma'ruf", "Sukarti", "I Gusti Ayu Made Wirastuti"],
    "text": ["Manajemen kasus", "Balai Besar Diklat Kesos", "STKS Bandung"],
    "date": ["2009-06-30", "2004-08-30"],
    "hours": ["64", "7.5"],
    "rupiah": ["100000"],
    "year": ["2010"],
    "nik": ["3273014501800002"],
    "province": ["32", "31"],
    "email": ["siti@example.org"],
    "phone": ["+62 812 3456 7890"],
    "practice": ["direct,institution"],
    "entry": ["2"],
}


SPECIFIC: dict[str, list[str]] = {
    "date": DATES,
    "hours": NUMBERS,
    "rupiah": NUMBERS,
    "year": [*NUMBERS, "1899", "3000", "10000", "20 10", "２０１０", "٢٠١٠", "2010.0"],
    "entry": [*NUMBERS, "1.5", "abc"],
    "nik": [
        "327301450180000",
        "32730145018000021",
        "327301450180000A",
        "3273-0145-0180-0002",
        "3273 0145 0180 0002",
        "３２７３０１４５０１８０００２",
        "٣٢٧٣٠١٤٥٠١٨٠٠٠٠٢",
        "+327301450180000",
        "0" * 16,
        "9" * 16,
        "-327301450180000",
    ],
    "province": ["00", "99", "3", "032", "32.0", "３２", "' OR 1=1 --", "Jawa Barta", "Bali"],
    "email": [
        "a@b",
        "@",
        "siti@",
        "@example.org",
        "siti@@example.org",
        "siti @example.org",
        "x" * 300 + "@example.org",
        "siti@例え.jp",
        "<script>@example.org",
        "siti@example.org\n",
    ],
    "phone": ["+", "12", "0" * 30, "call me", "0812-3456-7890; rm -rf /", "+62 (812) 345"],
    "practice": ["", ",", "direct,,", "DIRECT", "direct;policy", "direct,teleport", "direct,"],
    "name": ["R2D2", "...", "Budi 2", "'", "-", "Siti Aminah, S.Sos.", "O'Neil-Żółć"],
}


def hostile(kind: str) -> st.SearchStrategy[str]:
    """Hostile values for an input of ``kind`` (a few valid ones among them)."""
    fixed = [*GENERIC, *SPECIFIC.get(kind, []), *VALID.get(kind, [])]
    valid = VALID.get(kind, ["Siti Aminah"])
    strategies = [
        st.sampled_from(fixed),
        st.text(ANY_CHARACTER, max_size=30),
        st.builds(
            lambda base, tail: base + tail,
            st.sampled_from(valid),
            st.sampled_from([*SQL, *SHELL, *CONTROL, *ODD_UNICODE, " " * 3]),
        ),
        st.builds(
            lambda unit, n: unit * n,
            st.sampled_from(["a", "é", "\u0301", "🙂", "9", "Siti ", "'"]),
            st.integers(1, 5000),
        ),
    ]
    if kind in ("hours", "rupiah", "year", "entry"):
        strategies += [
            st.integers(-(10**40), 10**40).map(str),
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
        ]
    if kind == "date":
        strategies.append(st.dates(min_value=date(1, 1, 1)).map(date.isoformat))
    return st.one_of(strategies)


# Tried for every input, every run, before the generated values: the brief's classes.
ALWAYS = [SQL[0], "Siti\x00Aminah", "Siti\udcffAminah"]


WORST: dict[str, list[str]] = {
    "date": ["1899-12-31", "9999-12-31", "2010-02-30"],
    "hours": ["-1", "0", str(10**30)],
    "rupiah": ["-100000", "0", str(10**30)],
    "year": ["-2010", "0", "1066"],
    "entry": ["-1", "0", str(10**30)],
    "nik": ["３２７３０１４５０１８００００２", "32730145018000021"],
    "name": ["A" * 100_000, "\u202eSiti Aminah\u202c", "e\u0301\u0301\u0301"],
    "text": ["A" * 100_000, "[/]", "$(rm -rf /)", "👩‍👩‍👧‍👦\u200b"],
    "actor": ["A" * 100_000, "ratna  SARI"],
    "enrolled": ["A" * 100_000, "yohanes  WENDA", "Gatot Wiryawan"],  # CHAPTER_31, unused here
    "identifier": ["A" * 100_000, "\ud800"],
}


def always(kind: str) -> list[str]:
    """The fixed values for an input of ``kind``. On PostgreSQL (slower) only those that
    reach the store differently there: SQL, NUL (PostgreSQL text cannot hold it), a lone
    surrogate and a huge value; validation is the same on both backends."""
    if os.environ.get("PEKSOS_DB", "").startswith("postgres"):
        return [*ALWAYS, "A" * 100_000]
    return [*ALWAYS, *WORST.get(kind, ["A" * 100_000, "$(rm -rf /)"])]


# --- values every implementation must accept --------------------------------------------------


INDONESIAN_NAMES = [
    "Ma'ruf",
    "Ma’ruf Hidayat",
    "Sukarti",
    "Nur'aini Lubis",
    "I Gusti Ayu Made Wirastuti",
    "Ni Luh Putu Ayu Suartini",
    "Andi Tenri Sompa",
    "La Ode Fajar Rahman",
    "Muhammad Al-Fatih Nasution",
    "Dr. Ratna Dewi, S.Sos., M.Si.",
    "Yohanes Kogoya",
    "Theresia Ndruru",
    "Teungku Rizal Usman",
    "Ande\u0301 Sitompul",  # a combining accent
    "Raden Mas Bagus Adi Wicaksono Hadiningrat Kusumo Atmojo Prawiro Suryo Negoro Putro "
    "Wibowo Santoso Prasetyo Nugroho",
]


# --- what no implementation may accept -------------------------------------------------------


PROVINCES = frozenset(provinces())


CHOICES = {
    "level": {"SMA", "D3", "D4", "S1", "S2", "S3"},
    "field": {
        "anak",
        "lansia",
        "disabilitas",
        "keluarga",
        "koreksional",
        "napza",
        "bencana",
        "kesehatan",
        "komunitas",
        "kebijakan",
    },
    "result": {"passed", "failed"},
    "competence-level": {"asisten", "generalis", "spesialis"},
    "role": {"admin", "chapter-admin", "lsp", "ministry", "auditor"},
}


PRACTICES = {"direct", "institution", "community", "group", "policy"}


IDENTIFIER = re.compile(r"\d{2}-\d{4}-\d{5,}|(EXAM|CERT|APPL|LIC)-\d{4}-\d{5,}")


def _iso_date(text: str) -> date | None:
    """YYYY-MM-DD or DD/MM/YYYY (PRODUCT.md), in ASCII digits, a real day; else None."""
    iso = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)
    local = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if local:
            return date(int(local[3]), int(local[2]), int(local[1]))
    except ValueError:
        return None
    return None


def _date_problem(text: str) -> str | None:
    day = _iso_date(text)
    if day is None:
        return "not a YYYY-MM-DD or DD/MM/YYYY calendar date"
    if day < date(1900, 1, 1):
        return "before 1900"
    if day > latest_day_in_indonesia():
        return "in the future"
    return None


def _hours_problem(text: str) -> str | None:
    try:
        hours = Decimal(text)
    except InvalidOperation:
        return "not a number"
    if not hours.is_finite() or hours <= 0:
        return "not more than zero"
    return "absurdly many hours" if hours >= 10**6 else None


def _rupiah_problem(text: str) -> str | None:
    if not text.isdigit():
        return "not whole rupiah in digits"
    amount = int(text)
    return "not more than zero" if amount <= 0 else "absurd" if amount >= 10**15 else None


def _year_problem(text: str) -> str | None:
    if not (text.isdigit() and len(text) == 4):
        return "not a four-digit year"
    year = int(text)
    ok_years = range(1900, today_in_indonesia().year + 2)
    return None if year in ok_years else "outside 1900..next year"


def _entry_problem(text: str) -> str | None:
    try:
        return None if int(text) >= 1 else "not a positive entry number"
    except ValueError:
        return "not a whole number"


CHECKS: dict[str, Callable[[str], str | None]] = {
    "date": _date_problem,
    "hours": _hours_problem,
    "rupiah": _rupiah_problem,
    "year": _year_problem,
    "entry": _entry_problem,
    "nik": lambda t: None if len(t) == 16 and t.isdigit() else "not 16 digits",
    # a code, or what might be a province's name ("Bali", "jawa barat")
    "province": lambda t: None if t in PROVINCES or re.search(r"[A-Za-z]", t) else "no province",
    "email": lambda t: None if "@" in t and not any(c.isspace() for c in t) else "no address",
    "name": lambda t: None if any(c.isalpha() for c in t) else "no letters in a name",
    "phone": lambda t: None if any(c.isdigit() for c in t) else "no digits in a phone number",
}


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def must_fail(kind: str, value: str, *, required: bool, valid: str) -> str | None:
    """Why no implementation may accept ``value`` for an input of ``kind``; None when it
    might be valid."""
    if "\x00" in value:
        return "NUL byte"
    if any(unicodedata.category(c) == "Cs" for c in value):
        return "lone surrogate"
    if any(unicodedata.category(c) == "Cc" and not c.isspace() for c in value):
        return "control character"
    text = value.strip()
    if not text:
        return "empty" if required else None
    if kind in CHOICES:
        if kind == "level" and value.isascii():  # degree levels are read in any case
            value = value.upper()
        return None if value in CHOICES[kind] else "not one of the choices"
    if kind == "practice":
        kinds = [k.strip() for k in value.split(",") if k.strip()]
        return None if kinds and set(kinds) <= PRACTICES else "not kinds of practice"
    if kind == "actor":
        return None if _fold(value) == _fold(valid) else "not an enrolled actor who may"
    if kind == "identifier":
        return None if text == valid or IDENTIFIER.fullmatch(text) else "no such record"
    if kind == "file":
        return None if value == valid else "no such legacy list"
    check = CHECKS.get(kind)
    return check(text) if check else None


FORBIDDEN = ("Cc", "Cs")  # what no stored text may hold (white space is folded to spaces)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _unclean(document: Any) -> list[str]:
    return [s for s in _strings(document) if any(unicodedata.category(c) in FORBIDDEN for c in s)]


# --- after a hostile value was accepted -----------------------------------------------------


def reread(reg: str) -> None:
    """After a hostile value was accepted: what was stored is clean, and every reader can
    still read the member (tables, JSON, as the admin and as an auditor)."""
    history = run("--json", "--as", ADMIN, "member", "history", reg)
    assert history.code == 0, history
    assert _unclean(history.json) == [], f"stored control characters: {_unclean(history.json)}"
    for who, args in [
        (ADMIN, ["member", "show", reg]),
        (AUDITOR, ["member", "history", reg]),
        (AUDITOR, ["--json", "member", "show", reg]),
        (AUDITOR, ["member", "show", reg, "--as-of", today_in_indonesia().isoformat()]),
    ]:
        result = run("--as", who, *args)
        assert result.code == 0, (who, args, result)
