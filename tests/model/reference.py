"""The reference model of the rules, written from PRODUCT.md (and README.md "The rules" where
the product is silent): the state the model keeps of each member and their credentials, and the
functions that say what the ledger must decide and show.

Independent of the implementation: nothing here calls ``ledger/rules.py``, the regimes or the
aggregate, or imports any of ``ledger/`` but the error classes the CLI contract names (what a
refusal is, not how one is decided). The state machine in ``test_state_machine.py`` checks the
command layer against it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from ledger.errors import Conflict, InvalidInput, LedgerError, NotAuthorised, NotFound, Refused

# --- time ----------------------------------------------------------------------------------

# 18:30 UTC on 14 June is already 15 June everywhere in Indonesia (01:30 WIB to 03:30 WIT) while
# the UTC date is still the 14th: facts dated the 15th are not in the future.
NOW = datetime(2026, 6, 14, 18, 30, tzinfo=UTC)
TODAY = date(2026, 6, 15)
EARLY = date(2009, 1, 1)
DAY = timedelta(days=1)

# --- the rules, as PRODUCT.md and README.md state them ------------------------------------

QUALIFYING_LEVELS = frozenset({"D4", "S1", "S2", "S3"})  # "S1 or D4 (or higher)"
QUALIFYING_MAJORS = frozenset({"pekerjaan-sosial", "kesejahteraan-sosial"})
MIN_PRACTICE_DAYS = 730  # 2 years
MIN_TRAINING_HOURS = Decimal(60)
CERTIFICATE_YEARS = 5  # README: certificates are valid 5 years
LICENCE_YEARS = 5  # README: licences 5 years, never beyond their certificate

IPSPI = frozenset({"admin", "chapter-admin"})
MAY: dict[str, frozenset[str]] = {  # the CLI contract's "who may" column
    "register": IPSPI,
    "update": IPSPI,
    "education": IPSPI,
    "experience": IPSPI,
    "dues": IPSPI,
    "training": IPSPI | {"lsp"},
    # Not in PRODUCT.md's table. README: open to whoever may record that kind of entry (so
    # IPSPI and the LSP may ask, and the entry's kind decides; see do_correct).
    "correct": IPSPI | {"lsp"},
    "exam": frozenset({"lsp"}),
    "certify": frozenset({"lsp"}),
    "certificate-revoke": frozenset({"lsp"}),
    "licence-apply": frozenset({"lsp"}),
    "grant": frozenset({"ministry"}),
    "suspend": frozenset({"ministry"}),
    "reinstate": frozenset({"ministry"}),
    "licence-revoke": frozenset({"ministry"}),
    "actor-add": frozenset({"admin"}),
}
# The Ministry's decisions on a licence: the statuses each may start from, and where it leads.
MOVES: dict[str, tuple[frozenset[str], str]] = {
    "suspend": (frozenset({"active"}), "suspended"),
    "reinstate": (frozenset({"suspended"}), "active"),
    "revoke": (frozenset({"active", "suspended"}), "revoked"),
}
EXIT_CODES: dict[type[LedgerError], int] = {
    InvalidInput: 2,
    Refused: 3,
    NotFound: 4,
    Conflict: 5,
    NotAuthorised: 7,
}


def years_later(day: date, years: int) -> date:
    """The same calendar day ``years`` later (29 February becomes 1 March)."""
    if day.month == 2 and day.day == 29 and not _leap(day.year + years):
        return date(day.year + years, 3, 1)
    return date(day.year + years, day.month, day.day)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def last_valid_day(start: date, years: int) -> date:
    return years_later(start, years) - DAY


def practice_days(periods: Iterable[tuple[date, date | None]], until: date) -> int:
    """The union of the periods up to ``until``, day by day: a set of dates."""
    days: set[int] = set()
    for start, end in periods:
        stop = min(end or until, until)
        days.update(range(start.toordinal(), stop.toordinal() + 1))
    return len(days)


def training_hours(trainings: Iterable[tuple[Decimal, date]], until: date) -> Decimal:
    return sum((hours for hours, done in trainings if done <= until), Decimal(0))


# --- the reference model's state -------------------------------------------------------------


@dataclass
class ExamM:
    exam_id: str
    field: str
    passed: bool
    held_on: date


@dataclass
class CertificateM:
    number: str
    holder: str
    field: str
    on: date
    until: date
    evidence: frozenset[int]  # the member's entries it rests on
    revoked: bool = False  # revocations take effect today

    def status(self, day: date) -> str:
        if self.revoked and day >= TODAY:
            return "revoked"
        if day > self.until:
            return "expired"
        return "active"


@dataclass
class ApplicationM:
    number: str
    holder: str
    certificate: str
    practice: tuple[str, ...]
    licence: str | None = None


@dataclass
class LicenceM:
    number: str
    holder: str
    certificate: str
    practice: tuple[str, ...]
    until: date
    status: str = "active"  # granted today; the clock never moves, so it never expires here


@dataclass
class MemberM:
    reg: str
    nik: str
    province: str
    birth: date
    registered_on: date
    name: str
    email: str
    changes: dict[str, str] = field(default_factory=dict)  # profile updates, effective today
    version: int = 1
    degrees: dict[int, tuple[str, str, date]] = field(default_factory=dict)
    periods: dict[int, tuple[date, date | None]] = field(default_factory=dict)
    trainings: dict[int, tuple[Decimal, date]] = field(default_factory=dict)
    exams: dict[int, ExamM] = field(default_factory=dict)
    dues: dict[int, tuple[int, date]] = field(default_factory=dict)
    withdrawn: set[int] = field(default_factory=set)
    certificates: dict[str, CertificateM] = field(default_factory=dict)
    applications: dict[str, ApplicationM] = field(default_factory=dict)
    licences: dict[str, LicenceM] = field(default_factory=dict)

    def paid_years(self, by: date = TODAY) -> list[int]:
        return sorted(year for year, paid_on in self.dues.values() if paid_on <= by)

    def correctable(self) -> list[int]:
        entries = [*self.degrees, *self.periods, *self.trainings, *self.exams, *self.dues]
        return sorted(entries)

    def kind_of(self, entry: int) -> str | None:
        """The command that recorded a fact still on record (None: no such fact)."""
        kinds = {
            "education": self.degrees,
            "experience": self.periods,
            "training": self.trainings,
            "exam": self.exams,
            "dues": self.dues,
        }
        return next((kind for kind, facts in kinds.items() if entry in facts), None)

    def withdraw(self, entry: int) -> None:
        for facts in (self.degrees, self.periods, self.trainings, self.exams, self.dues):
            facts.pop(entry, None)  # type: ignore[attr-defined]
        self.withdrawn.add(entry)


@dataclass(frozen=True)
class ActorM:
    name: str
    role: str
    province: str | None


@dataclass
class Expect:
    error: type[LedgerError] | None = None
    unmet: frozenset[str] | None = None  # requirement kinds of a refused certification
    why: str = ""


def expect(error: type[LedgerError] | None, why: str = "", **kw: Any) -> Expect:
    return Expect(error, why=why, **kw)


OK = Expect()


def name_key(name: str) -> str:
    """Actors are told apart by name, ignoring case and spacing (the implementation's choice)."""
    return " ".join(name.split()).casefold()


def requirement_kind(text: str) -> str:
    """Which requirement a refusal's plain-words line is about."""
    if "in the future" in text:
        return "future"
    if text.startswith("no other certificate"):
        return "overlap"
    if "degree" in text:
        return "degree"
    if "practice" in text:
        return "practice"
    if "training" in text:
        return "training"
    if "exam" in text:
        return "exam"
    return f"unrecognised: {text}"


# --- the model's verdicts and views ------------------------------------------------------


def certification_verdict(
    member: MemberM, field_: str, on: date, exam_id: str | None
) -> tuple[frozenset[str], frozenset[int]]:
    """Every unmet requirement of a certification decided ``on``, and its evidence."""
    unmet: set[str] = set()
    if on > TODAY:
        unmet.add("future")
    degrees = sorted(
        (graduated, entry)
        for entry, (level, major, graduated) in member.degrees.items()
        if level in QUALIFYING_LEVELS and major in QUALIFYING_MAJORS and graduated <= on
    )
    if not degrees:
        unmet.add("degree")
    if practice_days(member.periods.values(), on) < MIN_PRACTICE_DAYS:
        unmet.add("practice")
    if training_hours(member.trainings.values(), on) < MIN_TRAINING_HOURS:
        unmet.add("training")
    exam_entry: int | None = None
    if exam_id is not None:
        named = [(e, x) for e, x in member.exams.items() if x.exam_id == exam_id]
        if named and (x := named[0][1]).passed and x.field == field_ and x.held_on <= on:
            exam_entry = named[0][0]
    else:
        passed = [
            (x.held_on, e)
            for e, x in member.exams.items()
            if x.passed and x.field == field_ and x.held_on <= on
        ]
        exam_entry = max(passed)[1] if passed else None  # the latest one
    if exam_entry is None:
        unmet.add("exam")
    until = last_valid_day(on, CERTIFICATE_YEARS)
    for held in member.certificates.values():  # one unrevoked certificate per field
        if held.field == field_ and not held.revoked and held.on <= until and on <= held.until:
            unmet.add("overlap")
    evidence = {
        *([degrees[0][1]] if degrees else []),
        *([exam_entry] if exam_entry is not None else []),
        *(e for e, (start, _) in member.periods.items() if start <= on),
        *(e for e, (_, done) in member.trainings.items() if done <= on),
    }
    return frozenset(unmet), frozenset(evidence)


def modelled(m: MemberM, day: date) -> dict[str, Any]:
    """What the model says ``member show`` shows, as of ``day`` (today, or a past day)."""
    profile = {"name": m.name, "email": m.email, **(m.changes if day >= TODAY else {})}
    today = day >= TODAY  # applications, licences and revocations take effect today
    return {
        "registration_no": m.reg,
        "province": m.province,
        "registered_on": str(m.registered_on),
        "name": profile["name"],
        "email": profile["email"],
        "in_good_standing": day.year in m.paid_years(day),
        "dues_paid_years": m.paid_years(day),
        "education": sorted(
            (entry, level, major, str(graduated))
            for entry, (level, major, graduated) in m.degrees.items()
            if graduated <= day
        ),
        "practice_days": practice_days(m.periods.values(), day),
        "periods": sorted(
            (entry, str(start), str(end) if end else None)
            for entry, (start, end) in m.periods.items()
            if start <= day
        ),
        "training_hours": training_hours(m.trainings.values(), day),
        "exams": sorted(
            (x.exam_id, x.field, "passed" if x.passed else "failed", str(x.held_on))
            for x in m.exams.values()
            if x.held_on <= day
        ),
        "certificates": sorted(
            (c.number, c.field, c.status(day), str(c.on), str(c.until))
            for c in m.certificates.values()
            if c.on <= day
        ),
        "licences": sorted(
            (
                lic.number,
                lic.certificate,
                lic.status,
                str(TODAY),
                str(lic.until),
                lic.practice,
            )
            for lic in m.licences.values()
            if today
        ),
        "pending_applications": sorted(
            a.number for a in m.applications.values() if a.licence is None and today
        ),
    }
