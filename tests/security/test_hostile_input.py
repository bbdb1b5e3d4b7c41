"""Hostile input: every option of every write command, and the legacy-list importer, fed odd
Unicode (combining marks, right-to-left, emoji, zero-width, lone surrogates), huge values,
zero and negative numbers, impossible and far dates, NUL and other control characters, SQL and
shell metacharacters, rich-text markup and very long names.

Whatever the input, the outcome is the contract's: exit 0 when the value is in fact valid (and
then what was stored is clean and every read of it still works), otherwise a plain message and
exit 2, 3, 4, 5 or 7 with nothing recorded. Never exit 1, never a traceback (``run`` fails the
test on one), never a partial write.

Example budgets are per backend (PostgreSQL commands are slower); ``PEKSOS_SECURITY_SCALE=10``
multiplies them for a longer run.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, event, example, note, settings
from hypothesis import given as given_
from hypothesis import strategies as st

from ledger.vocabulary import provinces  # the BPS codes: shipped data, not the code under test
from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    LSP,
    MINISTRY,
    Result,
    fresh_nik,
    make_eligible,
    ok,
    register_member,
    run,
    today_in_indonesia,
)

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
    "province": ["00", "99", "3", "032", "32.0", "３２", "' OR 1=1 --", "Jawa Barat"],
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
    "role": {"admin", "chapter-admin", "lsp", "ministry", "auditor"},
}
PRACTICES = {"direct", "institution", "community", "group", "policy"}
IDENTIFIER = re.compile(r"\d{2}-\d{4}-\d{5,}|(EXAM|CERT|APPL|LIC)-\d{4}-\d{5,}")


def _iso_date(text: str) -> date | None:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _date_problem(text: str) -> str | None:
    day = _iso_date(text)
    if day is None:
        return "not a YYYY-MM-DD calendar date"
    if day < date(1900, 1, 1):
        return "before 1900"
    if day > today_in_indonesia():
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
    "province": lambda t: None if t in PROVINCES else "not a BPS province code",
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


# --- a ledger with something of everything to act on -------------------------------------------

FIRST = [
    "Agus",
    "Bayu",
    "Citra",
    "Dimas",
    "Eka",
    "Fitri",
    "Gilang",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Maya",
    "Oki",
    "Putri",
]
LAST = [
    "Pratama",
    "Saputra",
    "Lestari",
    "Hidayat",
    "Nugraha",
    "Permana",
    "Wijaya",
    "Kusuma",
    "Rahayu",
    "Harahap",
]


def _letters(n: int) -> str:
    """0 -> "A", 1 -> "B", ... 26 -> "Ba": a word that makes a name unique."""
    word = ""
    while True:
        n, digit = divmod(n, 26)
        word = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + word
        if not n:
            return word.capitalize()


@dataclass
class Pool:
    """Valid things for commands to act on, made through the CLI, remade once used up."""

    folder: Path
    events: Callable[[], int]  # how many events the store holds
    held: dict[str, Any] = field(default_factory=dict)
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    names: Iterator[str] = field(init=False)

    def __post_init__(self) -> None:
        self.names = (
            f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]} {_letters(n)}"
            for n in itertools.count()
        )

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.held:
            self.held[key] = make()
        return self.held[key]

    def spend(self, key: str | None) -> None:
        if key:
            self.held.pop(key, None)

    def path(self, stem: str) -> str:
        return str(self.folder / f"{stem}-{next(self.counter)}")

    # things
    def member(self) -> str:
        return register_member(name="Siti Aminah", province="32")

    def eligible(self) -> tuple[str, str]:
        reg = self.member()
        return reg, make_eligible(reg)

    def certificate(self) -> tuple[str, str]:
        reg, _ = self.eligible()
        certified = ok("--as", LSP, "--json", "certify", reg, "--field", "anak")
        return reg, str(certified.json["certificate_no"])

    def application(self) -> tuple[str, str]:
        reg, cert = self.certificate()
        applied = ok(
            "--as", LSP, "--json", "licence", "apply", reg, "--certificate", cert,
            "--practice", "direct",
        )  # fmt: skip
        return reg, str(applied.json["application_no"])

    def licence(self) -> tuple[str, str]:
        reg, appl = self.application()
        granted = ok("--as", MINISTRY, "--json", "licence", "grant", appl)
        return reg, str(granted.json["licence_no"])

    def suspended(self) -> tuple[str, str]:
        reg, lic = self.licence()
        ok("--as", MINISTRY, "licence", "suspend", lic, "--reason", "pemeriksaan")
        return reg, lic

    def correctable(self) -> tuple[str, str]:
        reg = self.member()
        ok(
            "--as", ADMIN, "training", "log", reg, "--course", "Konseling", "--provider",
            "Balai Diklat", "--hours", "6", "--completed-on", "2011-02-01",
        )  # fmt: skip
        return reg, "2"

    def actor(self) -> str:
        name = next(self.names)
        ok("--as", ADMIN, "actor", "add", name, "--role", "auditor")
        return name

    def legacy_list(self) -> str:
        path = self.path("list") + ".csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["name", "nik", "birth_date", "province", "email"])
            writer.writerow(["Sukarti", fresh_nik("33"), "12/03/1978", "33", "suk@example.org"])
        return path


@pytest.fixture(scope="module")
def pool(shared_ledger: Path) -> Iterator[Pool]:
    """The things, and the ledger's event count: read through one open handle (what
    ``peksos info`` reports, without opening the store for every example)."""
    from ledger.application import Ledger
    from ledger.storage.store import open_store

    with Ledger(open_store(os.environ["PEKSOS_DB"])) as ledger:
        yield Pool(shared_ledger, ledger.event_count)


# --- the write commands: valid input, and what kind of value each slot takes -----------------


@dataclass(frozen=True)
class Write:
    words: str
    actor: str
    valid: Callable[[Pool], dict[str, str]]  # slot -> value; positional slots are UPPER CASE
    kinds: dict[str, str]
    optional: frozenset[str] = frozenset()
    spends: str | None = None  # the pool's thing a success uses up
    member: Callable[[Pool, dict[str, str]], str | None] = lambda pool, slots: slots.get("REG")

    def args(self, slots: dict[str, str]) -> list[str]:
        positional = [v for k, v in slots.items() if not k.startswith("-")]
        options = [x for k, v in slots.items() if k.startswith("-") for x in (k, v)]
        return [*self.words.split(), *positional, *options]


def _held(key: str, index: int = 0) -> Callable[[Pool, dict[str, str]], str | None]:
    return lambda pool, _: pool.held[key][index] if key in pool.held else None


WRITES = [
    Write(
        "actor add", ADMIN,
        lambda p: {"NAME": next(p.names), "--role": "chapter-admin", "--province": "33"},
        {"NAME": "name", "--role": "role", "--province": "province"},
        optional=frozenset({"--province"}),
    ),
    Write(
        "actor revoke", ADMIN,
        lambda p: {"NAME": p.get("actor", p.actor), "--reason": "mutasi ke provinsi lain"},
        {"NAME": "enrolled", "--reason": "text"},
        spends="actor",
    ),
    Write("actor rotate-key", ADMIN, lambda p: {"NAME": AUDITOR}, {"NAME": "enrolled"}),
    Write(
        "member register", ADMIN,
        lambda p: {
            "--name": "Nur'aini Lubis", "--nik": fresh_nik("32"), "--birth-date": "1985-03-12",
            "--province": "32", "--email": "nuraini@example.org", "--phone": "0812-3456-7890",
            "--registered-on": "2012-01-09",
        },
        {
            "--name": "name", "--nik": "nik", "--birth-date": "date", "--province": "province",
            "--email": "email", "--phone": "phone", "--registered-on": "date",
        },
        optional=frozenset({"--phone", "--registered-on"}),
        member=lambda p, s: None,  # read from the output
    ),
    Write(
        "member update", ADMIN,
        lambda p: {
            "REG": p.get("member", p.member), "--name": "Siti Rahmawati",
            "--email": f"siti{next(p.counter)}@example.org", "--phone": "+62 812 1111 2222",
        },
        {"REG": "identifier", "--name": "name", "--email": "email", "--phone": "phone"},
        optional=frozenset({"--name", "--email", "--phone"}),
    ),
    Write(
        "member correct", ADMIN,
        lambda p: dict(zip(("REG", "--entry"), p.get("correctable", p.correctable), strict=True))
        | {"--reason": "jam tercatat dua kali"},
        {"REG": "identifier", "--entry": "entry", "--reason": "text"},
        spends="correctable",
    ),
    Write(
        "education add", ADMIN,
        lambda p: {
            "REG": p.get("member", p.member), "--level": "S1", "--major": "pekerjaan-sosial",
            "--institution": "STKS Bandung", "--graduated-on": "2004-08-30",
        },
        {
            "REG": "identifier", "--level": "level", "--major": "text", "--institution": "text",
            "--graduated-on": "date",
        },
    ),
    Write(
        "experience add", ADMIN,
        lambda p: {
            "REG": p.get("member", p.member), "--employer": "Panti Sosial Tresna Werdha",
            "--role": "pekerja sosial", "--from": "2005-01-03", "--to": "2008-12-31",
        },
        {
            "REG": "identifier", "--employer": "text", "--role": "text", "--from": "date",
            "--to": "date",
        },
        optional=frozenset({"--to"}),
    ),
    Write(
        "training log", ADMIN,
        lambda p: {
            "REG": p.get("member", p.member), "--course": "Manajemen kasus",
            "--provider": "Balai Besar Diklat Kesos", "--hours": "7.5",
            "--completed-on": "2009-06-30", "--evidence": "SERT-2009-114",
        },
        {
            "REG": "identifier", "--course": "text", "--provider": "text", "--hours": "hours",
            "--completed-on": "date", "--evidence": "text",
        },
        optional=frozenset({"--evidence"}),
    ),
    Write(
        "dues pay", ADMIN,
        lambda p: {
            "REG": p.get("dues", p.member), "--year": "2010", "--amount": "100000",
            "--paid-on": "2010-03-01", "--receipt": "KW-2010-0042",
        },
        {
            "REG": "identifier", "--year": "year", "--amount": "rupiah", "--paid-on": "date",
            "--receipt": "text",
        },
        optional=frozenset({"--paid-on", "--receipt"}),
        spends="dues",
    ),
    Write(
        "exam record", LSP,
        lambda p: {
            "REG": p.get("member", p.member), "--field": "lansia", "--result": "failed",
            "--held-on": "2011-04-12", "--assessor": "Agus Setiawan",
        },
        {
            "REG": "identifier", "--field": "field", "--result": "result", "--held-on": "date",
            "--assessor": "name",
        },
    ),
    Write(
        "certify", LSP,
        lambda p: dict(zip(("REG", "--exam"), p.get("eligible", p.eligible), strict=True))
        | {"--field": "anak", "--on": today_in_indonesia().isoformat()},
        {"REG": "identifier", "--exam": "identifier", "--field": "field", "--on": "date"},
        optional=frozenset({"--exam", "--on"}),
        spends="eligible",
    ),
    Write(
        "certificate revoke", LSP,
        lambda p: {"CERT": p.get("certificate", p.certificate)[1], "--reason": "putusan etik"},
        {"CERT": "identifier", "--reason": "text"},
        spends="certificate",
        member=_held("certificate"),
    ),
    Write(
        "licence apply", LSP,
        lambda p: dict(
            zip(("REG", "--certificate"), p.get("certificate", p.certificate), strict=True)
        )
        | {"--practice": "direct,institution"},
        {"REG": "identifier", "--certificate": "identifier", "--practice": "practice"},
        spends="certificate",
    ),
    Write(
        "licence grant", MINISTRY,
        lambda p: {"APPLICATION_NO": p.get("application", p.application)[1]},
        {"APPLICATION_NO": "identifier"},
        spends="application",
        member=_held("application"),
    ),
    *(
        Write(
            f"licence {move}", MINISTRY,
            lambda p, key=key: {"LICENCE": p.get(key, getattr(p, key))[1], "--reason": "etik"},
            {"LICENCE": "identifier", "--reason": "text"},
            spends=key,
            member=_held(key),
        )
        for move, key in (("suspend", "licence"), ("reinstate", "suspended"),
                          ("revoke", "licence"))
    ),
    Write(
        "import members", ADMIN,
        lambda p: {"FILE": p.legacy_list(), "--source": "kongres-2010"},
        {"FILE": "file", "--source": "text"},
        member=lambda p, s: None,
    ),
]  # fmt: skip


def _confined(slot: str, value: str, pool: Pool) -> str:
    """Paths stay inside the test's folder: a hostile file name, never a hostile location."""
    if slot == "FILE" and not value.startswith(str(pool.folder)):
        return pool.path("list-") + value
    return value


def _slot_cases() -> list[tuple[Write, str]]:
    return [(w, slot) for w in WRITES for slot in [*w.kinds, "--as"]]


def _registration_no(result: Result) -> str:
    found = re.search(r"\b\d{2}-\d{4}-\d{5,}\b", result.stdout)
    assert found, result.stdout
    return found.group()


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


def judge(
    write: Write,
    valid_slots: dict[str, str],
    slot: str,
    value: str,
    result: Result,
    recorded: int,
    as_json: bool,
    reg: str | None,
) -> None:
    """The contract's outcome for one hostile value in ``slot`` (the other slots as in
    ``valid_slots``; ``reg``: the member it acted on)."""
    kind = "actor" if slot == "--as" else write.kinds[slot]
    valid = write.actor if slot == "--as" else valid_slots[slot]
    required = slot not in write.optional
    command = f"peksos {'--json ' if as_json else ''}--as {write.actor!r} {write.words} {slot}"
    event(f"{write.words}: exit {result.code}")
    assert result.code in CONTRACT_EXITS, f"{command}={value!r}: exit {result.code} {result}"
    if result.code != 0:
        assert recorded == 0, f"{command}={value!r}: exit {result.code} but {recorded} recorded"
        assert result.stdout == "", f"{command}={value!r}: exit {result.code}, printed {result}"
        message = result.error["message"] if as_json else result.stderr.strip()
        assert message, f"{command}={value!r}: exit {result.code} without a word"
        return
    why = must_fail(kind, value, required=required, valid=valid)
    if why is None and kind == "enrolled":  # an admin acts on any enrolled actor
        roster = ok("--as", AUDITOR, "--json", "actor", "list").json
        if _fold(value) not in {_fold(a["name"]) for a in roster}:
            why = "not an enrolled actor"
    assert why is None, f"{command}={value!r} was accepted (exit 0), but it is {why}"
    assert recorded > 0, f"{command}={value!r}: exit 0 but nothing recorded"
    if write.words == "member register":
        reg = _registration_no(result)
        shown = ok("--as", ADMIN, "--json", "member", "show", reg).json
        assert re.fullmatch(r"[0-9]{16}", shown["nik"]), f"stored NIK {shown['nik']!r}"
    if write.words.startswith("actor"):
        listed = ok("--as", AUDITOR, "--json", "actor", "list").json
        assert _unclean(listed) == [], _unclean(listed)
        assert run("--as", AUDITOR, "actor", "list").code == 0
    if reg:
        reread(reg)


@pytest.mark.parametrize(("write", "slot"), _slot_cases(), ids=lambda x: getattr(x, "words", x))
def test_a_hostile_value_in_any_option_is_refused_cleanly_or_is_valid(
    pool: Pool, write: Write, slot: str, tally: Counter[str]
) -> None:
    kind = "actor" if slot == "--as" else write.kinds[slot]

    @fuzz(budget(sqlite=12, postgresql=1))
    @examples("value", always(kind), as_json=False)
    @given_(value=hostile(kind), as_json=st.booleans())
    def attempt(value: str, as_json: bool) -> None:
        valid = write.valid(pool)
        slots, actor = dict(valid), write.actor
        if slot == "--as":
            actor = value
        else:
            slots[slot] = _confined(slot, value, pool)
        note(f"slots: {slots!r}")
        reg = write.member(pool, valid)
        before = pool.events()
        result = run(*(["--json"] if as_json else []), "--as", actor, *write.args(slots))
        recorded = pool.events() - before
        tally["hostile options"] += 1
        if result.code == 0:  # the next example starts from fresh things, whatever happens here
            pool.spend(write.spends)
            pool.spend("member")
        judge(write, valid, slot, value, result, recorded, as_json, reg)

    attempt()


def test_hostile_input_left_the_ledger_whole(pool: Pool) -> None:
    """After everything above (same module, same ledger): every stream still verifies and
    every register and report still renders."""
    for args in [
        ["audit", "verify"],
        ["member", "list"],
        ["report", "anomalies"],
        ["report", "certificates"],
        ["report", "licences"],
        ["report", "standing", "--as-of", "2010-12-31"],
        ["actor", "list"],
    ]:
        result = run("--as", AUDITOR, *args)
        assert result.code == 0, (args, result)


# --- the global options and the commands outside the member's stream -------------------------


def test_init_with_a_hostile_admin_name(pool: Pool, tally: Counter[str]) -> None:
    @fuzz(budget(sqlite=25, postgresql=8))
    @given_(admin=hostile("name"))
    def attempt(admin: str) -> None:
        store = pool.path("init") + ".sqlite"
        result = run("--db", store, "init", "--admin", admin)
        tally["hostile options"] += 1
        assert result.code in CONTRACT_EXITS, result
        info = ok("--json", "--db", store, "info").json
        if result.code != 0:
            assert info["events"] == 0, (admin, info)
            assert result.stderr.strip()
            return
        assert must_fail("name", admin, required=True, valid="") is None, admin
        name = unicodedata.normalize("NFC", " ".join(admin.split()))
        actors = ok("--db", store, "--as", name, "--json", "actor", "list")
        assert _unclean(actors.json) == []

    attempt()


STORES = [
    "postgresql://peksos:peksos@127.0.0.1:1/nowhere",
    "postgresql://",
    "postgresql://@/",
    "postgresql://u@[::1/x",
    "postgresql://peksos:wrong@127.0.0.1:5432/peksos_security_does_not_exist",
    "postgres://peksos@127.0.0.1:1/x",
]


# a file name longer than the file system allows; a URL urllib cannot split
ODD_PLACES = ["a" * 300, "postgresql://u@[::1/x", "\x00"]


def _place(where: str, pool: Pool, stem: str) -> str:
    """A hostile location: a URL as given, a file name only inside the test's folder."""
    return where if where.startswith("postgres") else pool.path(stem) + where


def test_migrate_to_a_hostile_target(pool: Pool, tally: Counter[str]) -> None:
    """``migrate --to``: an unreachable server, a malformed URL or an odd file name is a
    plain refusal, and the ledger itself is untouched."""

    @fuzz(budget(sqlite=15, postgresql=2), shrink=False)
    @examples("where", ODD_PLACES, as_json=False)
    @given_(where=st.one_of(st.sampled_from(STORES), hostile("text")), as_json=st.booleans())
    def attempt(where: str, as_json: bool) -> None:
        target = _place(where, pool, "to-")
        before = pool.events()
        result = run(*(["--json"] if as_json else []), "--as", ADMIN, "migrate", "--to", target)
        tally["hostile options"] += 1
        assert result.code in CONTRACT_EXITS, (target, result)
        assert pool.events() == before
        if result.code != 0:
            assert result.stderr.strip(), result

    attempt()


def test_a_hostile_store_location(pool: Pool, tally: Counter[str]) -> None:
    """``--db``: nothing but a plain refusal (or an empty, uninitialised store for ``info``)."""

    # --db names the store itself: the backend under test plays no part, so PostgreSQL runs
    # only the fixed cases
    @fuzz(budget(sqlite=15, postgresql=0), shrink=False)
    @examples("where", ODD_PLACES, as_json=False)
    @given_(where=st.one_of(st.sampled_from(STORES), hostile("text")), as_json=st.booleans())
    def attempt(where: str, as_json: bool) -> None:
        location = _place(where, pool, "db-")
        for args in (["info"], ["--as", ADMIN, "member", "list"]):
            result = run(*(["--json"] if as_json else []), "--db", location, *args)
            tally["hostile options"] += 1
            assert result.code in CONTRACT_EXITS, (location, args, result)
            if result.code != 0:
                assert result.stderr.strip(), result

    attempt()


READS = [
    ("member show {reg} --as-of", "date"),
    ("member history {reg} --known-at", "moment"),
    ("member show {reg} --known-at", "moment"),
    ("report standing --as-of", "date"),
    ("report standing --province", "province"),
    ("report certificates --from", "date"),
    ("report licences --to", "date"),
    ("report certificates --field", "text"),
    ("report dues --year", "year"),
    ("report dues --year 2010 --known-at", "moment"),
    ("member list --province", "province"),
    ("certificate show", "identifier"),
    ("licence show", "identifier"),
    ("audit prove", "identifier"),
    ("keys show", "name"),
]
MOMENTS = [
    "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2010-03-01T25:00:00",
    "2010-03-01T08:00:00+25:00", "2010-03-01 08:00", "2010-03-01Z", "2010-03-01T08:00:00.9999999",
    "1e10", "now",
]  # fmt: skip


@pytest.mark.parametrize("read", READS, ids=[r[0] for r in READS])
def test_hostile_values_in_read_options(
    pool: Pool, read: tuple[str, str], tally: Counter[str]
) -> None:
    """Reads take dates, times, years and numbers too: any value is an answer or a plain
    refusal, never exit 1, and nothing is recorded."""
    template, kind = read
    values = hostile(kind) if kind != "moment" else st.one_of(
        st.sampled_from(MOMENTS), hostile("date"), st.datetimes().map(str)
    )  # fmt: skip
    fixed = always("date" if kind == "moment" else kind)

    @fuzz(budget(sqlite=8, postgresql=2))
    @examples("value", fixed, who=AUDITOR)
    @given_(value=values, who=st.sampled_from([ADMIN, AUDITOR]))
    def attempt(value: str, who: str) -> None:
        reg = pool.get("member", pool.member)
        args = [*template.format(reg=reg).split(), value]
        before = pool.events()
        result = run("--as", who, *args)
        tally["hostile read options"] += 1
        assert result.code in CONTRACT_EXITS, (args, result)
        assert pool.events() == before
        if result.code != 0:
            assert result.stderr.strip() and not result.stdout, result

    attempt()


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
SYLLABLES = [
    "su",
    "kar",
    "ti",
    "wi",
    "dya",
    "ning",
    "rum",
    "ma",
    "ruf",
    "nur",
    "ai",
    "ni",
    "ba",
    "gus",
    "ha",
    "di",
    "ra",
    "tna",
    "de",
    "wi",
    "yo",
    "ga",
]


@st.composite
def indonesian_names(draw: st.DrawFn) -> str:
    """Generated names in Indonesian spelling: one to five words, some with apostrophes."""
    words = []
    for _ in range(draw(st.integers(1, 5))):
        word = "".join(draw(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4)))
        if draw(st.booleans()) and len(word) > 3:
            cut = draw(st.integers(1, len(word) - 2))
            word = f"{word[:cut]}'{word[cut:]}"
        words.append(word.capitalize())
    return " ".join(words)


def test_indonesian_names_are_valid_everywhere_a_name_goes(pool: Pool, tally: Counter[str]) -> None:
    """Single names, apostrophes and long names are names: registered, updated, enrolled and
    recorded as assessors exactly as given."""

    @fuzz(budget(sqlite=30, postgresql=8))
    @given_(name=st.one_of(st.sampled_from(INDONESIAN_NAMES), indonesian_names()))
    def attempt(name: str) -> None:
        expected = unicodedata.normalize("NFC", name)
        result = run(
            "--json", "--as", ADMIN, "member", "register", "--name", name,
            "--nik", fresh_nik("32"), "--birth-date", "1984-05-17", "--province", "32",
            "--email", "anggota@example.org", "--registered-on", "2013-07-01",
        )  # fmt: skip
        tally["valid names"] += 1
        assert result.code == 0, (name, result)
        reg = result.json["registration_no"]
        assert ok("--as", AUDITOR, "--json", "member", "show", reg).json["name"] == expected
        updated = run("--as", ADMIN, "member", "update", reg, "--name", f"{name} Putri")
        assert updated.code == 0, (name, updated)
        exam = run(
            "--as", LSP, "exam", "record", reg, "--field", "anak", "--result", "failed",
            "--held-on", "2014-02-03", "--assessor", name,
        )  # fmt: skip
        assert exam.code == 0, (name, exam)
        actor = f"{name} {_letters(next(pool.counter))}"  # unique, and still a name
        enrolled = run("--as", ADMIN, "actor", "add", actor, "--role", "auditor")
        assert enrolled.code == 0, (actor, enrolled)

    attempt()


# --- specific hostile values, named so a failure says exactly what broke -------------------------


def test_a_nik_in_other_digits_is_not_a_second_registration(pool: Pool) -> None:
    """The same NIK typed in full-width or Arabic-Indic digits is the same number: it must not
    register the person a second time (exit 5, or exit 2 refusing non-ASCII digits)."""
    nik = fresh_nik("32")
    register_member(name="Siti Aminah", nik=nik)
    for digits in ("０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩"):
        same = nik.translate(str.maketrans("0123456789", digits))
        before = pool.events()
        result = run(
            "--as", ADMIN, "member", "register", "--name", "Siti Aminah", "--nik", same,
            "--birth-date", "1980-01-05", "--province", "32", "--email", "siti@example.org",
            "--registered-on", "2010-03-01",
        )  # fmt: skip
        assert result.code in (2, 5), (same, result)
        assert pool.events() == before


MARKUP = ["[/]", "[bold red]x[/bold red]"]  # broken markup, and markup that would vanish


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize(
    ("words", "option"),
    [
        ("education add {reg} --level S1 --graduated-on 2004-08-30 --institution STKS --major",
         "--major"),
        ("education add {reg} --level S1 --graduated-on 2004-08-30 --major x --institution",
         "--institution"),
        ("training log {reg} --provider P --hours 2 --completed-on 2009-06-30 --course",
         "--course"),
        ("training log {reg} --course C --hours 2 --completed-on 2009-06-30 --provider",
         "--provider"),
        ("experience add {reg} --role r --from 2005-01-03 --to 2005-02-01 --employer",
         "--employer"),
        ("dues pay {reg} --year 2011 --amount 100000 --paid-on 2011-01-02 --receipt",
         "--receipt"),
    ],
)  # fmt: skip
def test_text_that_looks_like_markup_is_text(
    pool: Pool, words: str, option: str, markup: str
) -> None:
    """rich renders tables: text a user typed is shown as typed, and never breaks a read."""
    reg = pool.member()
    result = run("--as", ADMIN, *words.format(reg=reg).split(), markup)
    assert result.code in (0, 2), result
    if result.code == 0:
        reread(reg)
        for report in (["report", "standing", "--as-of", "2011-12-31"], ["report", "anomalies"]):
            shown = run("--as", AUDITOR, *report)
            assert shown.code == 0, (report, shown)


# --- the legacy-list importer ---------------------------------------------------------------------

REQUIRED = ("name", "nik", "birth_date", "province", "email")
OPTIONAL = ("phone", "registered_on", "education_level", "education_major", "institution",
            "graduated_on")  # fmt: skip
GOOD_PROVINCES = ["11", "31", "32", "33", "35", "51", "73", "94"]


def _day(low: date, high: date) -> st.SearchStrategy[str]:
    """A date as spreadsheets write it: ISO, or DD/MM/YYYY (with or without leading zeros)."""
    return st.builds(
        lambda d, style: {
            "iso": d.isoformat(),
            "dmy": d.strftime("%d/%m/%Y"),
            "short": f"{d.day}/{d.month}/{d.year}",
        }[style],
        st.dates(low, high),
        st.sampled_from(["iso", "dmy", "short"]),
    )


GOOD_CELLS: dict[str, st.SearchStrategy[str]] = {
    "name": st.sampled_from(INDONESIAN_NAMES),
    "birth_date": _day(date(1940, 1, 1), date(1995, 12, 31)),
    "province": st.sampled_from(GOOD_PROVINCES),
    "email": st.sampled_from(["siti", "maruf", "a.b", "nur+ipspi"]).map("{}@example.org".format),
    "phone": st.sampled_from(["", "0812-3456-7890", "+62 812 3456 7890"]),
    "registered_on": st.one_of(st.just(""), _day(date(2010, 1, 1), date(2020, 12, 31))),
    "education_level": st.sampled_from(["", "S1", "D4", "S2", "SMA"]),
    "education_major": st.sampled_from(["", "pekerjaan-sosial", "kesejahteraan-sosial", "Hukum"]),
    "institution": st.sampled_from(["", "STKS Bandung", "Universitas Indonesia",
                                    'Panti "Harapan" Kita', "Sekolah Tinggi, Bandung"]),
    "graduated_on": st.one_of(st.just(""), _day(date(2000, 1, 1), date(2009, 12, 31))),
}  # fmt: skip
HOSTILE_CELL = st.one_of(
    st.sampled_from([*SQL, *SHELL, *ODD_UNICODE, *CONTROL, *EMPTY, *DATES, *NUMBERS,
                     *SPECIFIC["nik"], *SPECIFIC["province"], *SPECIFIC["email"],
                     "A" * 100_000, "B" * 140_000, '"', '""', "a\"b", ";", ",", "\r"]),
    st.text(ANY_CHARACTER, max_size=20),
)  # fmt: skip
CELL_KIND = {
    "name": "name", "nik": "nik", "birth_date": "csvdate", "province": "province",
    "email": "email", "registered_on": "csvdate", "graduated_on": "csvdate",
}  # fmt: skip


@dataclass(frozen=True)
class LegacyList:
    header: list[str]
    columns: list[str]
    rows: list[dict[str, Any]]  # the nik cell: ("fresh", k) | ("again", row) | ("known",) | str
    delimiter: str
    bom: bool
    newline: str


@st.composite
def legacy_lists(draw: st.DrawFn) -> LegacyList:
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    columns = draw(st.permutations([*REQUIRED, *optional]))
    header = [
        draw(st.sampled_from([c, c.upper(), f" {c} ", c.title(), c.replace("_", " ")]))
        for c in columns
    ]
    rows: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 6))):
        row: dict[str, Any] = {}
        for column in columns:
            if column == "nik":
                choices = [("fresh", i), ("fresh", i), ("known",)] + [("again", j) for j in
                                                                     range(i)]  # fmt: skip
                row[column] = draw(st.one_of(st.sampled_from(choices), HOSTILE_CELL))
            else:
                good = GOOD_CELLS[column]
                row[column] = draw(st.one_of(good, good, good, HOSTILE_CELL))
        rows.append(row)
    return LegacyList(
        header=header,
        columns=list(columns),
        rows=rows,
        delimiter=draw(st.sampled_from([",", ";"])),
        bom=draw(st.booleans()),
        newline=draw(st.sampled_from(["\r\n", "\n"])),
    )


def _csv_date_problem(text: str) -> str | None:
    match = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text)
    if match:
        text = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    return _date_problem(text)


CHECKS["csvdate"] = _csv_date_problem


def _expected_name(cell: str) -> str:
    return unicodedata.normalize("NFC", " ".join(cell.split()))


def write_list(spec: LegacyList, path: Path, known_nik: str) -> list[dict[str, str]]:
    """The file, and each data row's cells as written."""
    fresh: dict[int, str] = {}
    cells: list[dict[str, str]] = []
    for row in spec.rows:
        values = dict(row)
        nik = row["nik"]
        if isinstance(nik, tuple):
            if nik[0] == "fresh":
                nik = fresh.setdefault(nik[1], fresh_nik(GOOD_PROVINCES[nik[1] % 8]))
            elif nik[0] == "known":
                nik = known_nik
            else:
                nik = cells[nik[1]]["nik"]
        values["nik"] = nik
        if not any(str(v).strip() for v in values.values()):
            values["name"] = "Sukarti"  # a row of blanks is no row: give it one cell
        cells.append(values)
    text = "\ufeff" if spec.bom else ""
    for line in [spec.header, *([values[c] for c in spec.columns] for values in cells)]:
        # as a spreadsheet writes it: a cell holding CR or LF quoted, whatever ends the rows
        out = io.StringIO()
        csv.writer(out, delimiter=spec.delimiter, lineterminator="\r\n").writerow(line)
        text += out.getvalue().removesuffix("\r\n") + spec.newline
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return cells


def members() -> dict[str, dict[str, Any]]:
    return {m["registration_no"]: m for m in ok("--as", AUDITOR, "--json", "member", "list").json}


@pytest.fixture(scope="module")
def known_nik(pool: Pool) -> str:
    """A NIK registered before any list is imported."""
    nik = fresh_nik("35")
    register_member(name="Siti Aminah", nik=nik, province="35")
    return nik


def test_hostile_legacy_lists_import_cleanly_once_and_only_once(
    pool: Pool, known_nik: str, tally: Counter[str]
) -> None:
    @fuzz(budget(sqlite=40, postgresql=8), shrink=False)
    @given_(spec=legacy_lists())
    def attempt(spec: LegacyList) -> None:
        path = Path(pool.path("legacy") + ".csv")
        cells = write_list(spec, path, known_nik)
        tally["hostile legacy rows"] += len(cells)
        tally["hostile legacy files"] += 1
        note(f"file: {path.read_bytes()[:3000]!r}")
        utf8 = not any(
            unicodedata.category(c) == "Cs" for row in cells for v in row.values() for c in v
        )
        before, registered = pool.events(), members()
        importing = ["--as", ADMIN, "import", "members", str(path), "--source", "survei-2011"]

        dry = run("--json", *importing, "--dry-run")
        assert dry.code in (0, 2), dry
        assert pool.events() == before and members() == registered, "a dry run recorded"
        report = Path(pool.path("report") + ".csv")
        first = run("--json", *importing, "--report", str(report))
        assert first.code in (0, 2), first
        if first.code == 2 or not utf8:
            # a file that is not UTF-8 is refused as a whole; any other list is read row by
            # row, every bad row reported and skipped
            assert not utf8, f"a UTF-8 list with the right header was refused: {first}"
            assert first.code == 2 and first.error["message"], first
            assert pool.events() == before and members() == registered
            return
        summary = first.json
        outcomes = summary["outcomes"]
        event(f"imported {summary['imported']} of {len(cells)}")

        # every data row accounted for exactly once
        assert summary["rows"] == len(cells), (summary["rows"], len(cells), outcomes)
        counts = [summary[k] for k in ("imported", "duplicate", "rejected")]
        assert sum(counts) == len(cells), (counts, outcomes)
        assert len({o["line"] for o in outcomes}) == len(cells), outcomes
        if not any(c in v for row in cells for v in row.values() for c in "\r\n"):
            assert [o["line"] for o in outcomes] == list(range(2, len(cells) + 2)), outcomes
        assert [(o["line"], o["outcome"], o["registration_no"]) for o in outcomes] == [
            (o["line"], o["outcome"], o["registration_no"]) for o in dry.json["outcomes"]
        ], "the dry run did not report what the import did"

        # what was recorded: exactly the imported rows, as written
        now = members()
        added = {reg: m for reg, m in now.items() if reg not in registered}
        assert pool.events() - before == summary["events"]
        imported = [o for o in outcomes if o["outcome"] == "imported"]
        assert sorted(added) == sorted(o["registration_no"] for o in imported), outcomes
        for o, row in zip(outcomes, cells, strict=True):
            nik = row["nik"].strip()
            if re.fullmatch(r"[0-9]{16}", nik):
                assert o["nik"] == "*" * 12 + nik[-4:], o
            if o["outcome"] != "imported":
                assert o["registration_no"] == "" and o["reason"], o
                continue
            for column, kind in CELL_KIND.items():
                problem = must_fail(kind, row.get(column, ""), required=column in REQUIRED,
                                    valid="")  # fmt: skip
                assert problem is None, f"line {o['line']} imported, but its {column} is {problem}"
            member = added[o["registration_no"]]
            assert member["name"] == _expected_name(row["name"]), (row["name"], member)
            assert member["province"] == row["province"].strip(), member
            assert member["nik"] == "*" * 12 + nik[-4:], member
        text = report.read_text(encoding="utf-8")
        assert len(list(csv.DictReader(io.StringIO(text)))) == len(cells), text[:2000]
        for row in cells:
            nik = row["nik"].strip()
            if re.fullmatch(r"[0-9]{16}", nik):
                assert nik not in text and nik not in first.stdout, "a full NIK in the report"

        # importing the same list again changes nothing
        again = run("--json", *importing)
        assert again.code == 0, again
        assert again.json["imported"] == 0 and again.json["rows"] == len(cells), again.json
        assert again.json["duplicate"] == counts[0] + counts[1], again.json
        assert members() == now and pool.events() - before == summary["events"]

        # a rejected row left no claim on its NIK: the person can still be registered (a
        # fresh NIK, made for this list, that no row of it imported or holds as a duplicate)
        fresh = {row["nik"] for row, drawn in zip(cells, spec.rows, strict=True)
                 if isinstance(drawn["nik"], tuple) and drawn["nik"][0] == "fresh"}  # fmt: skip
        fresh -= {row["nik"] for row, o in zip(cells, outcomes, strict=True)
                  if o["outcome"] != "rejected"}  # fmt: skip
        for row, o in zip(cells, outcomes, strict=True):
            if o["outcome"] == "rejected" and row["nik"] in fresh:
                register_member(name="Sukarti", nik=row["nik"], province="32")
                tally["(check) rejected rows re-registered"] += 1
                break

    attempt()


# Each of these is one row; it is imported or rejected, and reported once.
ONE_ROW_CELLS = [
    ("name", "Eko\u2028Prasetyo"),  # Unicode line separator
    ("name", "Eko\u2029Prasetyo"),  # paragraph separator
    ("name", "Eko\x85Prasetyo"),  # NEL
    ("name", "Eko\x0bPrasetyo"),  # vertical tab
    ("name", "Eko\x0cPrasetyo"),  # form feed
    ("name", "Eko\x1ePrasetyo"),  # record separator
    ("name", "Eko\nPrasetyo"),  # a quoted line break
    ("name", "A" * 140_000),  # longer than the csv module's default field limit
    ("nik", "３２７３０１４５０１８９９９１２"),  # full-width digits
    ("nik", "٣٢٧٣٠١٤٥٠١٨٩٩٩١٣"),  # Arabic-Indic digits
    ("province", "[/]"),  # markup in the reason shown on the terminal
    ("email", "[bold]x[/bold]@example.org"),
    ("name", "Siti\x00Aminah"),
]


@pytest.mark.parametrize(("column", "cell"), ONE_ROW_CELLS, ids=lambda v: repr(v)[:30])
@pytest.mark.parametrize("output", [[], ["--json"]], ids=["words", "json"])
def test_one_hostile_cell_is_one_row_reported_once(
    pool: Pool, column: str, cell: str, output: list[str], tally: Counter[str]
) -> None:
    row = {"name": "Eko Prasetyo", "nik": fresh_nik("32"), "birth_date": "12/03/1978",
           "province": "32", "email": "eko@example.org"} | {column: cell}  # fmt: skip
    good = {"name": "Fitri Handayani", "nik": fresh_nik("32"), "birth_date": "1981-07-30",
            "province": "32", "email": "fitri@example.org"}  # fmt: skip
    path = Path(pool.path("one-row") + ".csv")
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(REQUIRED))
        writer.writeheader()
        writer.writerows([row, good])
    tally["hostile legacy rows"] += 2
    before, registered = pool.events(), members()
    result = run(*output, "--as", ADMIN, "import", "members", str(path), "--source", "survei")
    assert result.code == 0, result
    added = {reg: m for reg, m in members().items() if reg not in registered}
    assert sorted(m["name"] for m in added.values()) in (
        ["Fitri Handayani"],
        sorted(["Fitri Handayani", _expected_name(row["name"])]),
    ), added
    if output:
        summary = result.json
        assert summary["rows"] == 2, summary
        # the row's number in the sheet, or the line it starts on in the file
        lines = [o["line"] for o in summary["outcomes"]]
        assert lines[0] == 2 and lines[1] in (3, 4), summary
        assert summary["imported"] == len(added), summary
        assert pool.events() - before == summary["events"]
    else:
        assert re.search(r"rows\s+2\b", result.stdout), result.stdout
        assert re.search(rf"imported\s+{len(added)}\b", result.stdout), result.stdout


@pytest.mark.parametrize(
    ("institution", "stored"),
    [('Panti "Harapan" Kita', 'Panti "Harapan" Kita'), ("Sekolah Tinggi, Bandung",
      "Sekolah Tinggi, Bandung"), ("STKS\nBandung", "STKS Bandung")],
)  # fmt: skip
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_quoted_cell_is_read_as_the_spreadsheet_wrote_it(
    pool: Pool, institution: str, stored: str, delimiter: str
) -> None:
    """Spreadsheets quote a cell holding the delimiter, a quote (doubled) or a line break."""
    path = Path(pool.path("quoted") + ".csv")
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow([*REQUIRED, *OPTIONAL[2:]])
        writer.writerow(["Citra Ayu", fresh_nik("32"), "1980-01-05", "32", "citra@example.org",
                         "S1", "pekerjaan-sosial", institution, "2004-08-30"])  # fmt: skip
    result = run("--json", "--as", ADMIN, "import", "members", str(path), "--source", "survei")
    assert result.code == 0, result
    (outcome,) = result.json["outcomes"]
    if outcome["outcome"] == "rejected":  # a line break in a name of a place may be refused
        assert "\n" in institution, outcome
        return
    assert outcome["outcome"] == "imported", outcome
    history = ok("--as", ADMIN, "--json", "member", "history", outcome["registration_no"]).json
    degrees = [e["data"] for e in history["events"] if e["event"] == "EducationRecorded"]
    assert [d["institution"] for d in degrees] == [stored], degrees


# --- the installed executable: bytes that are not UTF-8 on the command line -------------------


@pytest.mark.e2e
@pytest.mark.parametrize(
    "argv",
    [
        [b"member", b"register", b"--name", b"Siti \xff Aminah", b"--nik", b"3273014501800777",
         b"--birth-date", b"1980-01-05", b"--province", b"32", b"--email", b"s@example.org"],
        [b"member", b"show", b"32-2010-\xc3\x28"],
        [b"certificate", b"show", b"CERT-\xed\xa0\x80"],
        [b"training", b"log", b"32-2010-00001", b"--course", b"\xe2\x80\xae\xff", b"--provider",
         b"P", b"--hours", b"\xd9\xa3", b"--completed-on", b"2009-06-30"],
        [b"import", b"members", b"/nonexistent/\xff.csv", b"--source", b"x"],
        [b"report", b"dues", b"--year", b"\xff\xfe"],
    ],
    ids=["name", "reg", "cert", "training", "file", "year"],
)  # fmt: skip
@pytest.mark.parametrize("json_flag", [[], [b"--json"]], ids=["words", "json"])
def test_bytes_that_are_not_utf8_in_argv(
    pool: Pool, argv: list[bytes], json_flag: list[bytes], tally: Counter[str]
) -> None:
    before = pool.events()
    done = subprocess.run(
        [PEKSOS.encode(), *json_flag, b"--as", ADMIN.encode(), *argv],
        capture_output=True,
        timeout=120,
    )
    tally["hostile argv"] += 1
    err = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode in CONTRACT_EXITS - {0}, (done.returncode, err)
    assert "Traceback" not in err and err.strip(), err
    assert pool.events() == before
