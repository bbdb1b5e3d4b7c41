"""The reference model of the rules, written from PRODUCT.md (and README.md "The rules" where
the product is silent): the state the model keeps of each member and their credentials, and the
functions that say what the ledger must decide and show. The three rule sets (2009, 2012 and Law
14/2019 with its levels and its chain certificate -> STR -> SIPPS) are written here as plain data
from PRODUCT.md's "Rule sets" tables, not read from ``ledger/regimes``.

Independent of the implementation: nothing here calls ``ledger/rules.py``, the regimes or the
aggregate, or imports any of ``ledger/`` but the error classes the CLI contract names (what a
refusal is, not how one is decided). The state machine in ``test_state_machine.py`` checks the
command layer against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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

# --- the rules, as PRODUCT.md ("Rule sets") and README.md state them ------------------------

SOCIAL_WORK = frozenset({"pekerjaan-sosial", "kesejahteraan-sosial"})
QUALIFYING_MAJORS = SOCIAL_WORK
D3_OR_HIGHER = frozenset({"D3", "D4", "S1", "S2", "S3"})
S1_D4_OR_HIGHER = frozenset({"D4", "S1", "S2", "S3"})  # "S1 or D4 (or higher)"
S2_OR_HIGHER = frozenset({"S2", "S3"})
CERTIFICATE_YEARS = 5  # PRODUCT.md: certificates are valid 5 years (every rule set)
LICENCE_YEARS = 5  # licences 5 years, never beyond their certificate
STR_YEARS = 5  # an STR is valid 5 years; a SIPPS until its STR ends
HELD_YEARS = 3  # spesialis: or a generalis certificate in the field held 3 years
PROFESSIONAL = "pekerja-sosial-profesional"  # the one level of the 2009 and 2012 rules


@dataclass(frozen=True)
class LevelM:
    """What a certificate at one level needs besides a passed exam in the field."""

    degrees: frozenset[str]  # degree levels (in social work or social welfare)
    practice_days: int
    training_hours: Decimal
    or_held: str | None = None  # instead of the degree: a certificate at this level, held


@dataclass(frozen=True)
class RuleSetM:
    id: str
    in_force_from: date
    levels: Mapping[str, LevelM]
    licences: bool  # True: certificate -> Ministry licence; False: certificate -> STR -> SIPPS

    @property
    def only_level(self) -> str | None:
        return next(iter(self.levels)) if len(self.levels) == 1 else None


# PRODUCT.md gives the 2012 and 2019/2020 rule sets "a day in 2012" and "a day in 2020"; the
# ledger documents its days as assumptions (README "The rules", `rules show`): 1 June 2012 and
# 1 December 2020.
RULES_M: tuple[RuleSetM, ...] = (
    RuleSetM(
        "permensos-108-2009",
        date(2009, 1, 1),
        {PROFESSIONAL: LevelM(S1_D4_OR_HIGHER, 730, Decimal(60))},
        licences=True,
    ),
    RuleSetM(
        "permensos-16-2012",
        date(2012, 6, 1),
        {PROFESSIONAL: LevelM(S1_D4_OR_HIGHER, 730, Decimal(160))},
        licences=True,
    ),
    RuleSetM(
        "uu-14-2019",
        date(2020, 12, 1),
        {
            "asisten": LevelM(D3_OR_HIGHER, 365, Decimal(40)),
            "generalis": LevelM(S1_D4_OR_HIGHER, 730, Decimal(160)),
            "spesialis": LevelM(S2_OR_HIGHER, 1825, Decimal(160), or_held="generalis"),
        },
        licences=False,
    ),
)
CHAIN_FROM = RULES_M[-1].in_force_from  # STR and SIPPS from this day; licences before it


def rules_on(day: date) -> RuleSetM:
    """The rule set in force on ``day``, on or after the first's (see ``licences_on`` for a
    day that may lie before it)."""
    return max((r for r in RULES_M if r.in_force_from <= day), key=lambda r: r.in_force_from)


def licences_on(day: date) -> bool:
    """Whether Ministry licences are applied for and granted on ``day``: under the 2009 and
    2012 rules, and not before the first of them (no rule set was in force: refused). A licence
    decision dated a day before its certificate or application can fall before 2009."""
    return day >= RULES_M[0].in_force_from and rules_on(day).licences


IPSPI = frozenset({"admin", "chapter-admin"})
REGIONAL = frozenset({"regional-government"})
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
    "str-issue": frozenset({"admin"}),  # IPSPI national, not a chapter
    "str-revoke": frozenset({"admin"}),
    "sipps-grant": REGIONAL,  # and only the officer of that regency or city
    "sipps-suspend": REGIONAL,
    "sipps-reinstate": REGIONAL,
    "sipps-revoke": REGIONAL,
}
# The Ministry's decisions on a licence, and a regency's on a SIPPS: the statuses each may start
# from, and where it leads.
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


class Decided:
    """A permit its issuer decides on after granting it (a licence, a SIPPS): each decision
    takes effect on its own date; it expires after ``until``, suspended or not; a revocation
    stands."""

    on: date  # granted
    until: date
    changes: list[tuple[date, str]]  # (effective date, the status it moved to), in order

    @property
    def status(self) -> str:
        """The latest decision's status (what the views keep)."""
        return self.changes[-1][1] if self.changes else "active"

    def status_on(self, day: date) -> str:
        if day < self.on:
            return "not yet granted"
        current = "active"
        for effective, status in self.changes:
            if effective <= day:
                current = status
        if current in ("active", "suspended") and day > self.until:
            return "expired"
        return current

    @property
    def last_decided(self) -> date:
        """The day of its last decision (its grant, if none)."""
        return max((effective for effective, _ in self.changes), default=self.on)

    def may_move(self, move: str, day: date) -> bool:
        """A decision from a status it may start from on its day, never dated before the last
        decision (paper history is entered in its order: the implementation's choice)."""
        sources, _ = MOVES[move]
        return day <= TODAY and self.status_on(day) in sources and day >= self.last_decided


# --- the reference model's state -------------------------------------------------------------


@dataclass
class ExamM:
    exam_id: str
    field: str
    passed: bool
    held_on: date
    level: str | None = None


@dataclass
class CertificateM:
    number: str
    holder: str
    field: str
    on: date
    until: date
    evidence: frozenset[int]  # the member's entries it rests on
    rule_set: str
    level: str
    entry: int  # its own entry in the holder's stream
    revoked: bool = False  # revocations take effect today

    def status(self, day: date) -> str:
        if self.revoked and day >= TODAY:
            return "revoked"
        if day > self.until:
            return "expired"
        if day < self.on:
            return "not yet issued"
        return "active"


@dataclass
class ApplicationM:
    number: str
    holder: str
    certificate: str
    practice: tuple[str, ...]
    on: date  # applied
    licence: str | None = None


@dataclass
class LicenceM(Decided):
    number: str
    holder: str
    certificate: str
    practice: tuple[str, ...]
    until: date
    on: date  # granted
    changes: list[tuple[date, str]] = field(default_factory=list)


@dataclass
class StrM:
    """An STR (Surat Tanda Registrasi) IPSPI issued on a certificate."""

    number: str
    holder: str
    certificate: str
    on: date
    until: date
    revoked: bool = False  # revocations take effect today

    def status(self, day: date) -> str:
        if self.revoked and day >= TODAY:
            return "revoked"
        if day > self.until:
            return "expired"
        if day < self.on:
            return "not yet issued"
        return "active"


@dataclass
class SippsM(Decided):
    """A SIPPS a regency or city granted on an STR, for one place of practice."""

    number: str
    holder: str
    str_no: str
    regency: str
    place: str
    practice: tuple[str, ...]
    on: date
    until: date  # its STR's
    changes: list[tuple[date, str]] = field(default_factory=list)


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
    strs: dict[str, StrM] = field(default_factory=dict)
    sipps: dict[str, SippsM] = field(default_factory=dict)

    def paid_years(self, by: date = TODAY) -> list[int]:
        return sorted(year for year, paid_on in self.dues.values() if paid_on <= by)

    def correctable(self) -> list[int]:
        entries = [*self.degrees, *self.periods, *self.trainings, *self.exams, *self.dues]
        return sorted(entries)

    def kind_of(self, entry: int) -> str | None:
        """The command that recorded a fact still on record (None: no such fact)."""
        kinds: dict[str, Mapping[int, object]] = {
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

    def revoke_str(self, number: str) -> list[str]:
        """Revoke an STR (today) and every SIPPS on it not yet revoked; what fell with it."""
        self.strs[number].revoked = True
        self.version += 1
        fallen = [
            p.number for p in self.sipps.values() if p.str_no == number and p.status != "revoked"
        ]
        for permit in fallen:
            self.sipps[permit].changes.append((TODAY, "revoked"))
            self.version += 1
        return fallen


@dataclass(frozen=True)
class ActorM:
    name: str
    role: str
    province: str | None
    regency: str | None = None


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
    if text.startswith("a level"):
        return "level"
    if "degree" in text:  # a spesialis's "one of: a degree ...; or a generalis certificate ..."
        return "degree"
    if "practice" in text:
        return "practice"
    if "training" in text:
        return "training"
    if "exam" in text:
        return "exam"
    return f"unrecognised: {text}"


# --- the model's verdicts and views ------------------------------------------------------


@dataclass(frozen=True)
class Judgement:
    """The model's verdict on a certification: every unmet requirement (by kind), the entries
    it rests on, the rule set of its day and the level claimed."""

    unmet: frozenset[str]
    evidence: frozenset[int]
    rule_set: str
    level: str


def certification_verdict(
    member: MemberM, field_: str, on: date, exam_id: str | None, level: str | None = None
) -> Judgement:
    """Every unmet requirement of a certification decided ``on`` by the rule set in force that
    day, at ``level`` (under a rule set with one level, naming it is optional)."""
    rules = rules_on(on)
    unmet: set[str] = set()
    if on > TODAY:
        unmet.add("future")
    claimed = level if level is not None else (rules.only_level or "")
    if claimed not in rules.levels:
        unmet.add("level")  # none named where there are several, or not one of this rule set
    evidence: set[int] = set()
    if claimed in rules.levels:
        needs = rules.levels[claimed]
        degrees = sorted(
            (graduated, entry)
            for entry, (degree, major, graduated) in member.degrees.items()
            if degree in needs.degrees and major in SOCIAL_WORK and graduated <= on
        )
        held = sorted(
            (c.on, c.entry)
            for c in member.certificates.values()
            if needs.or_held is not None
            and c.level == needs.or_held
            and c.field == field_
            and years_later(c.on, HELD_YEARS) <= on
            and not (c.revoked and on >= TODAY)  # unrevoked on the day
        )
        if degrees:
            evidence.add(degrees[0][1])
        elif held:
            evidence.add(held[0][1])
        else:
            unmet.add("degree")
        if practice_days(member.periods.values(), on) < needs.practice_days:
            unmet.add("practice")
        if training_hours(member.trainings.values(), on) < needs.training_hours:
            unmet.add("training")
        # Under a rule set with levels, only exams at the level claimed count.
        at_level = rules.only_level is None
        exams = {e: x for e, x in member.exams.items() if not at_level or x.level == claimed}
        exam_entry: int | None = None
        if exam_id is not None:
            named = [(e, x) for e, x in member.exams.items() if x.exam_id == exam_id]
            if named and named[0][0] in exams:
                e, x = named[0]
                exam_entry = e if x.passed and x.field == field_ and x.held_on <= on else None
        else:
            passed = [
                (x.held_on, e)
                for e, x in exams.items()
                if x.passed and x.field == field_ and x.held_on <= on
            ]
            exam_entry = max(passed)[1] if passed else None  # the latest one
        if exam_entry is None:
            unmet.add("exam")
        else:
            evidence.add(exam_entry)
        evidence.update(e for e, (start, _) in member.periods.items() if start <= on)
        evidence.update(e for e, (_, done) in member.trainings.items() if done <= on)
    until = last_valid_day(on, CERTIFICATE_YEARS)
    for other in member.certificates.values():  # one unrevoked certificate per field and level
        if (
            other.field == field_
            and other.level == claimed
            and not other.revoked
            and other.on <= until
            and on <= other.until
        ):
            unmet.add("overlap")
    return Judgement(frozenset(unmet), frozenset(evidence), rules.id, claimed)


def exam_level_wrong(held_on: date, level: str | None) -> bool:
    """An exam names a level where its day's rule set has several (and then must), and only
    one of that rule set's levels."""
    rules = rules_on(held_on)
    if level is None:
        return rules.only_level is None
    return level not in rules.levels


def modelled(m: MemberM, day: date) -> dict[str, Any]:
    """What the model says ``member show`` shows, as of ``day`` (today, or a past day)."""
    profile = {"name": m.name, "email": m.email, **(m.changes if day >= TODAY else {})}
    return {
        "registration_no": m.reg,
        "province": m.province,
        "registered_on": str(m.registered_on),
        "name": profile["name"],
        # a read without --unmasked: the first letter and the domain (issue 15)
        "email": profile["email"][0] + "***@" + profile["email"].split("@")[1],
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
            (c.number, c.field, c.status(day), str(c.on), str(c.until), c.rule_set, c.level)
            for c in m.certificates.values()
            if c.on <= day
        ),
        "strs": sorted(
            (r.number, r.certificate, r.status(day), str(r.on), str(r.until))
            for r in m.strs.values()
            if r.on <= day
        ),
        "sipps": sorted(
            (p.number, p.str_no, p.regency, p.place, p.status_on(day), str(p.on), str(p.until))
            for p in m.sipps.values()
            if p.on <= day
        ),
        "licences": sorted(
            (
                lic.number,
                lic.certificate,
                lic.status_on(day),
                str(lic.on),
                str(lic.until),
                lic.practice,
            )
            for lic in m.licences.values()
            if lic.on <= day
        ),
        "pending_applications": sorted(
            a.number
            for a in m.applications.values()
            if a.on <= day and (a.licence is None or m.licences[a.licence].on > day)
        ),
        "rule_set": rules_on(day).id,
    }
