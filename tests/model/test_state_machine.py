"""A stateful model test: random interleavings of every write command, checked against a small
reference model of the rules written from PRODUCT.md (and README.md "The rules" where the product
is silent), never by calling ``ledger/rules.py`` or the aggregate.

A hypothesis ``RuleBasedStateMachine`` drives the command handlers in process (input validated
the way the CLI validates it, ``Session.build``): member register (valid and invalid input,
future dates, duplicate NIK, the wrong province for a chapter admin), member update, education
add, experience add, training log, dues pay, exam record (passed and failed), certify (with and
without ``--on`` and ``--exam``), certificate revoke, licence apply, grant, suspend, reinstate and
revoke, member correct (withdraw an entry) and actor add, each by a random actor of every role,
plus a chapter admin of another province and an actor nobody enrolled.

After every step:

1. accepted or refused as the model says, with the error class where the model can tell (not
   authorised, not found, conflict, refused, invalid input) and its exit code; a refused
   certification lists exactly the unmet requirements the model finds;
2. every member's ``member show`` (certificates and their status, licences and their status,
   pending applications, training hours, practice days, good standing, education, exams,
   profile) equals the model's;
3. a refused command recorded nothing (``ledger.event_count()`` unchanged); an accepted one
   recorded something.

Every few steps and at teardown: the views caught up incrementally equal a rebuild, the views
agree with the model (members, certificates, applications, licences, dues), and
``verify_ledger`` verifies. ``member show --as-of`` is checked against the model at random dates.

"Today" never moves: the clock stands at 2026-06-14 18:30 UTC, which is already 2026-06-15 in
Papua (UTC+9), the calendar the ledger judges "not in the future" by (README). Generated dates
lie within 2009-01-01..today, with some deliberately in the future.

Where PRODUCT.md is silent the model follows the choices README.md documents (certificates valid
5 years; licences 5 years, never beyond their certificate; one pending application per
certificate; dues once per year, at most one year ahead; good standing = that year's dues; no
effective date in the future by UTC+9; one unrevoked certificate per field at any time) and a
few the implementation makes (exams not before registration, dues not for a year before it,
withdrawing an entry refused while an unrevoked certificate rests on it and open only to a role
that may record that kind of entry).

Step sequences the machine found and shrank are replayed by plain tests at the end of the file,
so every run repeats them.

Runs on SQLite, and on PostgreSQL too when ``PEKSOS_TEST_POSTGRES`` names a database the tests may
wipe (``PEKSOS_REQUIRE_POSTGRES=1`` makes its absence a failure). The CI run is bounded
(``PEKSOS_MODEL_EXAMPLES``, default 15 examples of 25 steps); a longer run:

    PEKSOS_MODEL_EXAMPLES=500 python -m pytest tests/model
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
import unittest
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from commands.certificates import Certify, RevokeCertificate, certify, revoke_certificate
from commands.cli.errors import exit_code
from commands.cli.session import Session
from commands.exams import RecordExam, record_exam
from commands.licences import (
    ApplyForLicence,
    GrantLicence,
    ReinstateLicence,
    RevokeLicence,
    SuspendLicence,
    apply_for_licence,
    decide_on_licence,
    grant_licence,
)
from commands.members import (
    CorrectEntry,
    RegisterMember,
    UpdateMember,
    correct_entry,
    register_member,
    update_member,
)
from commands.queries import TimeTravel, show_member
from commands.records import (
    AddEducation,
    AddExperience,
    LogTraining,
    PayDues,
    add_education,
    add_experience,
    log_training,
    pay_dues,
)
from commands.setup import AddActor, add_actor
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.errors import Conflict, InvalidInput, LedgerError, NotAuthorised, NotFound, Refused
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from projections.read_model import ReadModel, open_read_model
from tests.builders import (
    ADMIN,
    AUDITOR,
    CHAPTER_31,
    CHAPTER_32,
    LSP,
    MINISTRY,
    Clock,
    enrol_standard_actors,
)
from tests.conftest import postgres_url, reset_postgres

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


# --- vocabulary for generated data (fictional people only) --------------------------------

UNKNOWN_ACTOR = "Joko Susilo"  # never enrolled
STANDARD_ACTORS = [
    ActorM(ADMIN, "admin", None),
    ActorM(CHAPTER_32, "chapter-admin", "32"),
    ActorM(CHAPTER_31, "chapter-admin", "31"),  # the chapter admin of another province
    ActorM(LSP, "lsp", None),
    ActorM(MINISTRY, "ministry", None),
    ActorM(AUDITOR, "auditor", None),
]
NEW_ACTOR_NAMES = [
    "Rina Wulandari",
    "Fajar Kurniawan",
    "Melati Sinaga",
    "Putu Ardana",
    "Lestari Handayani",
    "ratna sari",  # the first admin again, in other case: a duplicate
    LSP,  # a duplicate
]
ROLES = ["admin", "chapter-admin", "lsp", "ministry", "auditor"]
MEMBER_NAMES = [
    "Siti Aminah",
    "Wahyu Nugroho",
    "Rina Kusuma",
    "Yosefina Wenda",
    "Ni Luh Ayu Lestari",
    "Ma'ruf Hidayat",
    "Teuku Rizal Pratama",
    "Maria Goreti Bria",
]
PROVINCES = ["32", "31", "94"]
FIELDS = ["anak", "lansia"]
LEVELS = ["S1", "D4", "S2", "S3", "D3", "SMA"]
MAJORS = ["kesejahteraan-sosial", "pekerjaan-sosial", "Pekerjaan-Sosial", "psikologi", "hukum"]
PRACTICES = ["direct", "institution", "community", "group", "policy"]
ASSESSORS = ["Agus Setiawan", "Rina Wulandari", "Yohana Kambu"]
UNKNOWN_REG = "94-2009-09999"  # well formed, never issued
MALFORMED_REG = "32-26-1"
UNKNOWN_NUMBERS = ["CERT-2026-09999", "APPL-2026-09999", "LIC-2026-09999", "EXAM-2020-09999"]

SESSION = Session(db=None, actor=None, as_json=False)

# --- strategies ----------------------------------------------------------------------------

past = st.dates(min_value=EARLY, max_value=TODAY)
future = st.dates(min_value=TODAY + DAY, max_value=TODAY + timedelta(days=400))
edges = st.sampled_from([TODAY, TODAY + DAY, EARLY])
any_day = st.one_of(past, past, past, edges, future)
maybe_day = st.one_of(st.none(), any_day)
# None: the actor who usually does this; a number: that actor of the pool (every role, a chapter
# admin of another province, someone never enrolled, and whoever was enrolled since).
actor_ix = st.one_of(st.none(), st.none(), st.integers(0, 12))
member_ix = st.integers(0, 9)  # 8: a number never issued, 9: a malformed one
pick = st.integers(0, 40)
hours_text = st.one_of(
    st.integers(1, 70).map(lambda h: (str(h), True)),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("80"), places=2).map(
        lambda h: (str(h), True)
    ),
    st.integers(1, 70).map(lambda h: (str(h), True)),
    st.sampled_from([("0", False), ("1000.5", False), ("1.125", False), ("1000", True)]),
)
birth_dates = st.one_of(
    st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31)),
    st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31)),
    st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31)),
    past,  # perhaps after the registration or graduation: refused
)


# --- the machine ---------------------------------------------------------------------------


class LedgerModel(RuleBasedStateMachine):
    backend: ClassVar[str] = "sqlite"

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="peksos-model-"))
        self.ledger: Ledger | None = None
        self.views: ReadModel | None = None
        self.actors: dict[str, ActorM] = {name_key(a.name): a for a in STANDARD_ACTORS}
        self.actor_pool: list[str] = [a.name for a in STANDARD_ACTORS] + [UNKNOWN_ACTOR]
        self.members: dict[str, MemberM] = {}
        self.niks: set[str] = set()
        self.series: dict[tuple[str, int], int] = {}  # registration numbers issued
        self.exam_holder: dict[str, str] = {}
        self.certificates: dict[str, CertificateM] = {}
        self.applications: dict[str, ApplicationM] = {}
        self.licences: dict[str, LicenceM] = {}
        self.nik_counter = itertools.count(1)
        self.steps = 0
        self.clean = True  # False while a step runs: a failed step skips the final checks

    # --- set-up and teardown ---------------------------------------------------------------

    @initialize(
        first=st.tuples(st.sampled_from(PROVINCES), st.dates(EARLY, date(2014, 12, 31))),
        second=st.tuples(st.sampled_from(PROVINCES), st.dates(EARLY, date(2020, 12, 31))),
    )
    def open_ledger(self, first: tuple[str, date], second: tuple[str, date]) -> None:
        self.clean = False
        if self.backend == "sqlite":
            location = str(self.folder / "ledger.sqlite")
        else:
            url = postgres_url()
            assert url is not None
            reset_postgres(url)
            location = url
        self.ledger = Ledger(
            open_store(location), keys=KeyStore(self.folder / "keys"), clock=Clock(NOW)
        )
        self.ledger.open_ledger(ADMIN)
        enrol_standard_actors(self.ledger)
        self.views = open_read_model(self.ledger)
        for index, (province, registered_on) in enumerate((first, second)):
            self.do_register(ADMIN, 0, 0, province, date(1975, 5, 5), registered_on, index)
        self.finish()

    def teardown(self) -> None:
        try:
            if self.ledger is not None and self.clean:
                self.check_views_and_integrity()
        finally:
            if self.ledger is not None:
                self.ledger.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    @invariant()
    def every_few_steps(self) -> None:
        if self.ledger is None:
            return
        self.steps += 1
        if self.steps % 10 == 0:
            self.check_views_and_integrity()

    # --- choosing ------------------------------------------------------------------------

    def actor(self, index: int | None, usual: str) -> str:
        if index is None:
            return usual
        return self.actor_pool[index % len(self.actor_pool)]

    def member_reg(self, index: int) -> str:
        if index == 8:
            return UNKNOWN_REG
        if index == 9:
            return MALFORMED_REG
        regs = list(self.members)
        return regs[index % len(regs)]

    def number(self, index: int, preferred: Iterable[str]) -> str:
        """A number of the wanted kind mostly; sometimes one of another kind, or none at all."""
        others = [*self.exam_holder, *self.certificates, *self.applications, *self.licences]
        wanted = list(preferred)
        strays = [*others, *UNKNOWN_NUMBERS]
        copies = max(1, 2 * len(strays) // max(1, len(wanted)))  # about two in three wanted
        candidates = wanted * copies + strays
        return candidates[index % len(candidates)]

    # --- the model's gates ---------------------------------------------------------------

    def who(self, name: str) -> ActorM | None:
        return self.actors.get(name_key(name))

    def role_gate(self, name: str, action: str) -> Expect | None:
        actor = self.who(name)
        if actor is None:
            return expect(NotAuthorised, f"{name} is not enrolled")
        if actor.role not in MAY[action]:
            return expect(NotAuthorised, f"{actor.role} may not {action}")
        return None

    def province_gate(self, name: str, province: str) -> Expect | None:
        actor = self.who(name)
        assert actor is not None
        if actor.role == "chapter-admin" and actor.province != province:
            return expect(NotAuthorised, f"chapter admin of {actor.province} on {province}")
        return None

    def member_gate(self, name: str, action: str, reg: str) -> tuple[Expect | None, MemberM]:
        """Role, then the member (malformed number, unknown), then the chapter's province."""
        placeholder = next(iter(self.members.values()))
        if gate := self.role_gate(name, action):
            return gate, placeholder
        if reg == MALFORMED_REG:
            return expect(InvalidInput, "malformed registration number"), placeholder
        member = self.members.get(reg)
        if member is None:
            return expect(NotFound, f"no member {reg}"), placeholder
        if gate := self.province_gate(name, member.province):
            return gate, member
        return None, member

    # --- running one command -------------------------------------------------------------

    def run(
        self,
        label: str,
        expected: Expect,
        model: type[Any],
        fields: dict[str, Any],
        handler: Callable[[Ledger, str | None, Any], dict[str, Any]],
        actor: str,
    ) -> dict[str, Any] | None:
        """Build the command as the CLI does, run its handler, compare with the model."""
        assert self.ledger is not None
        self.clean = False
        before = self.ledger.event_count()
        error: LedgerError | None = None
        result: dict[str, Any] | None = None
        try:
            command = SESSION.build(model, **fields)
            result = handler(self.ledger, actor, command)
        except LedgerError as failure:
            error = failure
        got = type(error) if error else None
        step = f"{label} by {actor!r} with {fields}"
        assert got is expected.error, (
            f"{step}: expected {_name(expected.error)} ({expected.why}), got {_name(got)}"
            + (f": {error.message} {error.details}" if error else f": {result}")
        )
        after = self.ledger.event_count()
        if error is None:
            assert after > before, f"{step}: accepted but recorded nothing"
        else:
            assert after == before, (
                f"{step}: refused ({error.message}) but recorded {after - before}"
            )
            assert exit_code(error) == EXIT_CODES[type(error)], f"{step}: exit {exit_code(error)}"
            if expected.unmet is not None:
                assert isinstance(error, Refused)
                kinds = frozenset(requirement_kind(line) for line in error.unmet)
                assert kinds == expected.unmet, (
                    f"{step}: unmet requirements {sorted(kinds)} ({error.unmet}), "
                    f"the model finds {sorted(expected.unmet)}"
                )
        return result

    def finish(self) -> None:
        """After every step: each member as ``member show`` has them equals the model."""
        assert self.ledger is not None
        for reg, member in self.members.items():
            shown = show_member(self.ledger, ADMIN, reg, TimeTravel())
            assert observed(shown) == modelled(member, TODAY), f"member show {reg}"
        self.clean = True

    # --- the commands, each: the model's verdict, the run, the model's update ------------

    def do_register(
        self,
        by: str,
        bad: int,
        nik_choice: int,
        province: str,
        birth: date,
        registered_on: date | None,
        name_ix: int,
    ) -> None:
        existing = sorted(self.niks)
        if nik_choice >= 8 and existing:
            nik = existing[nik_choice % len(existing)]
        else:
            nik = f"32730{next(self.nik_counter):011d}"
        email = f"anggota{len(self.members) + 1}@example.org"
        fields: dict[str, Any] = {
            "name": MEMBER_NAMES[name_ix % len(MEMBER_NAMES)],
            "nik": nik,
            "birth_date": str(birth),
            "province": province,
            "email": email,
            "registered_on": str(registered_on) if registered_on else None,
        }
        if bad == 1:
            fields["nik"] = "3273"
        elif bad == 2:
            fields["province"] = "99"
        elif bad == 3:
            fields["email"] = "bukan-email"
        on = registered_on or TODAY
        if bad in (1, 2, 3):
            verdict = expect(InvalidInput, "malformed input")
        elif gate := self.role_gate(by, "register") or self.province_gate(by, province):
            verdict = gate
        elif nik in self.niks:
            verdict = expect(Conflict, "NIK already registered")
        elif on > TODAY or birth >= on:
            verdict = expect(Refused, "registration in the future or before birth")
        else:
            verdict = OK
        result = self.run("member register", verdict, RegisterMember, fields, register_member, by)
        if result is None:
            return
        sequence = self.series.get((province, on.year), 0) + 1
        expected_no = f"{province}-{on.year}-{sequence:05d}"
        assert result["registration_no"] == expected_no, f"gapless numbers: {result}, {expected_no}"
        self.series[(province, on.year)] = sequence
        self.niks.add(nik)
        self.members[expected_no] = MemberM(
            reg=expected_no,
            nik=nik,
            province=province,
            birth=birth,
            registered_on=on,
            name=fields["name"],
            email=email,
        )

    def do_update(self, by: str, reg: str, name: str | None, email: str | None) -> None:
        gate, member = self.member_gate(by, "update", reg)
        current = {"name": member.name, "email": member.email, **member.changes}
        changes = {k: v for k, v in {"name": name, "email": email}.items() if v and v != current[k]}
        verdict = gate or (OK if changes else expect(Refused, "nothing changes"))
        fields = {"registration_no": reg, "name": name, "email": email}
        if self.run("member update", verdict, UpdateMember, fields, update_member, by):
            member.version += 1
            member.changes.update(changes)

    def do_education(self, by: str, reg: str, level: str, major: str, graduated_on: date) -> None:
        gate, member = self.member_gate(by, "education", reg)
        verdict = gate or (
            expect(Refused, "graduation in the future or not after birth")
            if graduated_on > TODAY or graduated_on <= member.birth
            else OK
        )
        if level == "S4":
            verdict = expect(InvalidInput, "no such level")
        fields = {
            "registration_no": reg,
            "level": level,
            "major": major,
            "institution": "STKS Bandung",
            "graduated_on": str(graduated_on),
        }
        result = self.run("education add", verdict, AddEducation, fields, add_education, by)
        if result is not None:
            member.version += 1
            assert result["entry"] == member.version, f"entry number: {result}"
            code = major.lower() if major.lower() in QUALIFYING_MAJORS else major
            member.degrees[member.version] = (level, code, graduated_on)

    def do_experience(self, by: str, reg: str, start: date, end: date | None) -> None:
        gate, member = self.member_gate(by, "experience", reg)
        wrong = start > TODAY or (end is not None and (end > TODAY or end < start))
        verdict = gate or (expect(Refused, "future or inverted period") if wrong else OK)
        fields = {
            "registration_no": reg,
            "employer": "Panti Sosial Asuhan Anak",
            "role": "pekerja sosial",
            "started_on": str(start),
            "ended_on": str(end) if end else None,
        }
        result = self.run("experience add", verdict, AddExperience, fields, add_experience, by)
        if result is not None:
            member.version += 1
            assert result["entry"] == member.version, f"entry number: {result}"
            member.periods[member.version] = (start, end)

    def do_training(self, by: str, reg: str, hours: tuple[str, bool], completed: date) -> None:
        gate, member = self.member_gate(by, "training", reg)
        text, valid = hours
        if not valid:
            verdict = expect(InvalidInput, "hours out of range")
        else:
            verdict = gate or (
                expect(Refused, "completed in the future") if completed > TODAY else OK
            )
        fields = {
            "registration_no": reg,
            "course": "Manajemen kasus",
            "provider": "Balai Besar Diklat Kesos",
            "hours": text,
            "completed_on": str(completed),
        }
        result = self.run("training log", verdict, LogTraining, fields, log_training, by)
        if result is not None:
            member.version += 1
            assert result["entry"] == member.version, f"entry number: {result}"
            member.trainings[member.version] = (Decimal(text), completed)

    def do_dues(self, by: str, reg: str, year: int, amount: str, paid_on: date | None) -> None:
        gate, member = self.member_gate(by, "dues", reg)
        paid = paid_on or TODAY
        if amount == "0":
            verdict = expect(InvalidInput, "no rupiah")
        elif gate:
            verdict = gate
        elif year in member.paid_years():
            verdict = expect(Conflict, f"dues for {year} already paid")
        elif paid > TODAY or year < member.registered_on.year or year > paid.year + 1:
            verdict = expect(Refused, "paid in the future, before registration or too early")
        else:
            verdict = OK
        fields = {
            "registration_no": reg,
            "year": str(year),
            "amount": amount,
            "paid_on": str(paid_on) if paid_on else None,
            "receipt": f"KW-{year}-0001",
        }
        if self.run("dues pay", verdict, PayDues, fields, pay_dues, by):
            member.version += 1
            member.dues[member.version] = (year, paid)

    def do_exam(
        self, by: str, reg: str, field_: str, passed: bool, held_on: date, assessors: int
    ) -> None:
        gate, member = self.member_gate(by, "exam", reg)
        if field_ not in FIELDS or assessors == 0:
            verdict = expect(InvalidInput, "no such field, or no assessor")
        else:
            verdict = gate or (
                expect(Refused, "held in the future or before registration")
                if held_on > TODAY or held_on < member.registered_on
                else OK
            )
        fields = {
            "registration_no": reg,
            "field": field_,
            "result": "passed" if passed else "failed",
            "held_on": str(held_on),
            "assessors": tuple(ASSESSORS[: min(assessors, len(ASSESSORS))]),
        }
        result = self.run("exam record", verdict, RecordExam, fields, record_exam, by)
        if result is not None:
            exam_id = result["exam_id"]
            assert exam_id not in self.exam_holder, f"exam id {exam_id} issued twice"
            member.version += 1
            member.exams[member.version] = ExamM(exam_id, field_, passed, held_on)
            self.exam_holder[exam_id] = reg

    def certification_verdict(
        self, member: MemberM, field_: str, on: date, exam_id: str | None
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

    def do_certify(
        self, by: str, reg: str, field_: str, exam_choice: int | None, on: date | None
    ) -> None:
        gate, member = self.member_gate(by, "certify", reg)
        exam_id = None
        if exam_choice is not None:
            own = [x.exam_id for x in member.exams.values()]
            exam_id = self.number(exam_choice, own)
        day = on or TODAY
        unmet, evidence = self.certification_verdict(member, field_, day, exam_id)
        if field_ not in FIELDS:
            verdict = expect(InvalidInput, "no such field")
        elif gate:
            verdict = gate
        elif unmet:
            verdict = expect(Refused, "requirements unmet", unmet=unmet)
        else:
            verdict = OK
        fields = {
            "registration_no": reg,
            "field": field_,
            "exam_id": exam_id,
            "on": str(on) if on else None,
        }
        result = self.run("certify", verdict, Certify, fields, certify, by)
        if result is not None:
            number = result["certificate_no"]
            assert number not in self.certificates, f"certificate {number} issued twice"
            until = last_valid_day(day, CERTIFICATE_YEARS)
            assert result["valid_until"] == str(until), f"valid 5 years, to {until}: {result}"
            certificate = CertificateM(number, reg, field_, day, until, evidence)
            member.version += 1
            member.certificates[number] = certificate
            self.certificates[number] = certificate

    def do_revoke_certificate(self, by: str, number: str) -> None:
        certificate = self.certificates.get(number)
        if gate := self.role_gate(by, "certificate-revoke"):
            verdict = gate
        elif certificate is None:
            verdict = expect(NotFound, f"no certificate {number}")
        elif certificate.revoked:
            verdict = expect(Refused, "already revoked")
        else:
            verdict = OK
        fields = {"certificate_no": number, "reason": "pelanggaran kode etik"}
        result = self.run(
            "certificate revoke", verdict, RevokeCertificate, fields, revoke_certificate, by
        )
        if result is None:
            return
        assert certificate is not None
        member = self.members[certificate.holder]
        certificate.revoked = True
        member.version += 1
        fallen = [
            lic.number
            for lic in member.licences.values()
            if lic.certificate == number and lic.status != "revoked"
        ]
        assert sorted(result["licences_revoked"]) == sorted(fallen), "its licences fall with it"
        for licence in fallen:
            member.licences[licence].status = "revoked"
            member.version += 1

    def do_apply(self, by: str, reg: str, number: str, practice: list[str]) -> None:
        gate, member = self.member_gate(by, "licence-apply", reg)
        certificate = member.certificates.get(number)
        if not practice:
            verdict = expect(InvalidInput, "no kind of practice")
        elif gate:
            verdict = gate
        elif certificate is None:
            verdict = expect(NotFound, f"{number} is not a certificate of {reg}")
        elif (
            certificate.status(TODAY) != "active"
            or any(
                a.certificate == number and a.licence is None for a in member.applications.values()
            )
            or any(
                lic.certificate == number and lic.status in ("active", "suspended")
                for lic in member.licences.values()
            )
        ):
            verdict = expect(Refused, "certificate not active, or already pending or licensed")
        else:
            verdict = OK
        fields = {"registration_no": reg, "certificate_no": number, "practice": tuple(practice)}
        result = self.run("licence apply", verdict, ApplyForLicence, fields, apply_for_licence, by)
        if result is not None:
            application = result["application_no"]
            assert application not in self.applications, f"{application} issued twice"
            kinds = tuple(dict.fromkeys(practice))  # each kind once, in the order given
            assert result["practice"] == list(kinds)
            self.applications[application] = ApplicationM(application, reg, number, kinds)
            member.applications[application] = self.applications[application]
            member.version += 1

    def do_grant(self, by: str, number: str) -> None:
        application = self.applications.get(number)
        if gate := self.role_gate(by, "grant"):
            verdict = gate
        elif application is None:
            verdict = expect(NotFound, f"no application {number}")
        elif application.licence is not None:
            verdict = expect(Conflict, f"already granted as {application.licence}")
        elif self.certificates[application.certificate].status(TODAY) != "active":
            verdict = expect(Refused, "its certificate is not active")
        else:
            verdict = OK
        fields = {"application_no": number}
        result = self.run("licence grant", verdict, GrantLicence, fields, grant_licence, by)
        if result is None:
            return
        assert application is not None
        licence = result["licence_no"]
        assert licence not in self.licences, f"licence {licence} issued twice"
        certificate = self.certificates[application.certificate]
        until = min(last_valid_day(TODAY, LICENCE_YEARS), certificate.until)
        assert result["valid_until"] == str(until), f"5 years, within the certificate: {until}"
        assert result["registration_no"] == application.holder
        application.licence = licence
        member = self.members[application.holder]
        self.licences[licence] = LicenceM(
            licence, application.holder, certificate.number, application.practice, until
        )
        member.licences[licence] = self.licences[licence]
        member.version += 1

    def do_decide(self, by: str, move: str, number: str) -> None:
        licence = self.licences.get(number)
        sources, target = MOVES[move]
        if gate := self.role_gate(by, "licence-revoke" if move == "revoke" else move):
            verdict = gate
        elif licence is None:
            verdict = expect(NotFound, f"no licence {number}")
        elif licence.status not in sources:
            verdict = expect(Refused, f"cannot {move} a licence that is {licence.status}")
        else:
            verdict = OK
        model = {"suspend": SuspendLicence, "reinstate": ReinstateLicence}.get(move, RevokeLicence)
        fields = {"licence_no": number, "reason": "keputusan Kemensos"}
        result = self.run(f"licence {move}", verdict, model, fields, decide_on_licence, by)
        if result is not None:
            assert licence is not None
            assert result["status"] == target
            licence.status = target
            self.members[licence.holder].version += 1

    def do_correct(self, by: int | None, reg: str, choice: int) -> None:
        member = self.members.get(reg, next(iter(self.members.values())))
        candidates = [*member.correctable(), *range(1, member.version + 2)]
        entry = candidates[choice % len(candidates)]
        kind = member.kind_of(entry)
        actor = self.actor(by, LSP if kind == "exam" else ADMIN)
        gate, member = self.member_gate(actor, "correct", reg)
        resting = [
            c.number for c in member.certificates.values() if not c.revoked and entry in c.evidence
        ]
        if gate:
            verdict = gate
        elif kind is not None and (gate := self.role_gate(actor, kind)):
            verdict = gate  # README: only a role that may record that kind of entry
        elif entry in member.withdrawn:
            verdict = expect(Conflict, f"entry {entry} already withdrawn")
        elif entry not in member.correctable():
            verdict = expect(Refused, f"entry {entry} is not a correctable fact")
        elif resting:
            verdict = expect(Refused, f"{resting} rest on entry {entry}")
        else:
            verdict = OK
        fields = {"registration_no": reg, "entry": entry, "reason": "salah ketik"}
        result = self.run("member correct", verdict, CorrectEntry, fields, correct_entry, actor)
        if result is not None:
            assert result["withdrawn"] == entry
            member.withdraw(entry)
            member.version += 1

    def do_add_actor(self, by: str, name: str, role: str, province: str | None) -> None:
        if province == "99":
            verdict = expect(InvalidInput, "no such province")
        elif gate := self.role_gate(by, "actor-add"):
            verdict = gate
        elif name_key(name) in self.actors:
            verdict = expect(Conflict, f"{name} already enrolled")
        elif (role == "chapter-admin") != (province is not None):
            verdict = expect(InvalidInput, "a province for chapter admins, and only for them")
        else:
            verdict = OK
        fields = {"name": name, "role": role, "province": province}
        result = self.run("actor add", verdict, AddActor, fields, add_actor, by)
        if result is not None:
            assert result["role"] == role and result["province"] == province
            self.actors[name_key(name)] = ActorM(name, role, province)
            self.actor_pool.append(name)

    # --- rules -----------------------------------------------------------------------------

    @rule(
        by=actor_ix,
        bad=st.sampled_from([0] * 9 + [1, 2, 3]),  # 1-3: a malformed NIK, province, email
        nik_choice=st.integers(0, 9),
        province=st.sampled_from(PROVINCES),
        birth=birth_dates,
        registered_on=maybe_day,
        name_ix=st.integers(0, 7),
    )
    def register(
        self,
        by: int | None,
        bad: int,
        nik_choice: int,
        province: str,
        birth: date,
        registered_on: date | None,
        name_ix: int,
    ) -> None:
        self.do_register(
            self.actor(by, ADMIN), bad, nik_choice, province, birth, registered_on, name_ix
        )
        self.finish()

    @rule(
        by=actor_ix,
        who=member_ix,
        name=st.one_of(st.none(), st.sampled_from(MEMBER_NAMES)),
        email=st.one_of(st.none(), st.sampled_from(["baru@example.org", "anggota1@example.org"])),
    )
    def update(self, by: int | None, who: int, name: str | None, email: str | None) -> None:
        self.do_update(self.actor(by, ADMIN), self.member_reg(who), name, email)
        self.finish()

    @rule(
        by=actor_ix,
        who=member_ix,
        level=st.sampled_from([*LEVELS, "S4"]),
        major=st.sampled_from(MAJORS),
        graduated_on=any_day,
    )
    def education(
        self, by: int | None, who: int, level: str, major: str, graduated_on: date
    ) -> None:
        self.do_education(self.actor(by, ADMIN), self.member_reg(who), level, major, graduated_on)
        self.finish()

    @rule(by=actor_ix, who=member_ix, start=any_day, length=st.one_of(st.none(), pick))
    def experience(self, by: int | None, who: int, start: date, length: int | None) -> None:
        # A period of (length - 2) x 45 days (0 and 1: ends before it starts), or still open.
        end = None if length is None else start + timedelta(days=45 * (length - 2))
        self.do_experience(self.actor(by, ADMIN), self.member_reg(who), start, end)
        self.finish()

    @rule(by=actor_ix, who=member_ix, hours=hours_text, completed=any_day)
    def training(self, by: int | None, who: int, hours: tuple[str, bool], completed: date) -> None:
        self.do_training(self.actor(by, LSP), self.member_reg(who), hours, completed)
        self.finish()

    @rule(
        by=actor_ix,
        who=member_ix,
        year=st.integers(2008, 2028),
        amount=st.sampled_from(["150000", "150000", "150000", "150000", "150000", "0"]),
        paid_on=maybe_day,
    )
    def dues(self, by: int | None, who: int, year: int, amount: str, paid_on: date | None) -> None:
        self.do_dues(self.actor(by, ADMIN), self.member_reg(who), year, amount, paid_on)
        self.finish()

    @rule(
        by=actor_ix,
        who=member_ix,
        field_=st.sampled_from([*FIELDS, *FIELDS, *FIELDS, "psikologi"]),
        passed=st.booleans(),
        held_on=any_day,
        assessors=st.sampled_from([1, 2, 3, 1, 2, 3, 1, 0]),
    )
    def exam(
        self, by: int | None, who: int, field_: str, passed: bool, held_on: date, assessors: int
    ) -> None:
        self.do_exam(self.actor(by, LSP), self.member_reg(who), field_, passed, held_on, assessors)
        self.finish()

    @rule(
        by=actor_ix,
        who=member_ix,
        field_=st.sampled_from([*FIELDS, *FIELDS, *FIELDS, "psikologi"]),
        exam_choice=st.one_of(st.none(), pick),
        on=st.one_of(st.none(), st.none(), any_day),
    )
    def certify(
        self, by: int | None, who: int, field_: str, exam_choice: int | None, on: date | None
    ) -> None:
        self.do_certify(self.actor(by, LSP), self.member_reg(who), field_, exam_choice, on)
        self.finish()

    @rule(
        who=st.integers(0, 7),
        field_=st.sampled_from(FIELDS),
        graduated_on=st.dates(EARLY, date(2016, 12, 31)),
        # Practice up to today: mostly ample, sometimes exactly 730 days or one short.
        started_on=st.one_of(
            st.dates(EARLY, date(2022, 12, 31)),
            st.sampled_from([TODAY - timedelta(days=729), TODAY - timedelta(days=728)]),
        ),
        hours=st.sampled_from(["60", "64", "40", "59.99"]),
        held_on=st.one_of(st.dates(date(2012, 1, 1), TODAY), st.sampled_from([TODAY, TODAY + DAY])),
        then=st.sampled_from(["", "certify", "apply", "grant", "suspend"]),
        certify_on=st.one_of(st.none(), st.dates(date(2021, 1, 1), TODAY)),
    )
    def qualify(
        self,
        who: int,
        field_: str,
        graduated_on: date,
        started_on: date,
        hours: str,
        held_on: date,
        then: str,
        certify_on: date | None,
    ) -> None:
        """What a candidate usually brings, recorded command by command (each one checked);
        then perhaps certification, a licence application and its grant, by the usual actors."""
        reg = self.member_reg(who)
        self.do_education(ADMIN, reg, "S1", "kesejahteraan-sosial", graduated_on)
        self.do_experience(ADMIN, reg, started_on, None)
        self.do_training(LSP, reg, (hours, True), graduated_on)
        self.do_exam(LSP, reg, field_, True, min(held_on, certify_on or held_on), 2)
        if then:
            self.do_certify(LSP, reg, field_, None, certify_on)
        member = self.members[reg]
        certificate = next(iter(reversed(member.certificates)), None)
        if then in ("apply", "grant", "suspend") and certificate:
            self.do_apply(LSP, reg, certificate, ["direct", "community"])
        application = next(iter(reversed(member.applications)), None)
        if then in ("grant", "suspend") and application:
            self.do_grant(MINISTRY, application)
        licence = next(iter(reversed(member.licences)), None)
        if then == "suspend" and licence:
            self.do_decide(MINISTRY, "suspend", licence)
        self.finish()

    @precondition(lambda self: self.certificates)
    @rule(by=actor_ix, choice=pick)
    def revoke_certificate(self, by: int | None, choice: int) -> None:
        self.do_revoke_certificate(self.actor(by, LSP), self.number(choice, self.certificates))
        self.finish()

    @rule(
        by=actor_ix,
        who=member_ix,
        choice=pick,
        practice=st.one_of(
            st.lists(st.sampled_from(PRACTICES), min_size=1, max_size=3),
            st.lists(st.sampled_from(PRACTICES), min_size=1, max_size=3),
            st.lists(st.sampled_from(PRACTICES), max_size=0),
        ),
    )
    def apply(self, by: int | None, who: int, choice: int, practice: list[str]) -> None:
        # Mostly a certificate (or another number) and the member holding it; sometimes
        # another member (the certificate is then not theirs) or a number never issued.
        number = self.number(choice, self.certificates)
        holder = self.certificates[number].holder if number in self.certificates else None
        reg = holder if holder and who < 6 else self.member_reg(who)
        self.do_apply(self.actor(by, LSP), reg, number, practice)
        self.finish()

    @precondition(lambda self: self.applications)
    @rule(by=actor_ix, choice=pick)
    def grant(self, by: int | None, choice: int) -> None:
        pending = [a for a, app in self.applications.items() if app.licence is None]
        self.do_grant(self.actor(by, MINISTRY), self.number(choice, pending or self.applications))
        self.finish()

    @precondition(lambda self: self.licences)
    @rule(by=actor_ix, move=st.sampled_from(list(MOVES)), choice=pick)
    def decide(self, by: int | None, move: str, choice: int) -> None:
        self.do_decide(self.actor(by, MINISTRY), move, self.number(choice, self.licences))
        self.finish()

    @rule(by=actor_ix, who=member_ix, choice=pick)
    def correct(self, by: int | None, who: int, choice: int) -> None:
        self.do_correct(by, self.member_reg(who), choice)
        self.finish()

    @rule(
        by=actor_ix,
        name=st.sampled_from(NEW_ACTOR_NAMES),
        role=st.sampled_from(ROLES),
        province=st.sampled_from([None, None, "32", "94", "99"]),
    )
    def add_actor(self, by: int | None, name: str, role: str, province: str | None) -> None:
        if role == "chapter-admin" and province is None and by is None:
            province = "32"  # mostly well formed
        self.do_add_actor(self.actor(by, ADMIN), name, role, province)
        self.finish()

    @rule(reader=actor_ix, who=st.integers(0, 7), day=past)
    def show_as_of(self, reader: int | None, who: int, day: date) -> None:
        """``member show --as-of``: what was true on that day, by effective dates."""
        assert self.ledger is not None
        self.clean = False
        name = self.actor(reader, AUDITOR)
        reg = self.member_reg(who)
        member = self.members[reg]
        try:
            shown: dict[str, Any] | None = show_member(
                self.ledger, name, reg, TimeTravel(as_of=day)
            )
            error: type[LedgerError] | None = None
        except LedgerError as failure:
            shown, error = None, type(failure)
        if self.who(name) is None:
            assert error is NotAuthorised, f"{name} read {reg}: {error}"
        elif day < member.registered_on:
            assert error is NotFound, f"{reg} as of {day}, before {member.registered_on}: {error}"
        else:
            assert shown is not None, f"{reg} as of {day}: {error}"
            assert observed(shown) == modelled(member, day), f"member show {reg} --as-of {day}"
            role = self.actors[name_key(name)].role
            masked = "*" * 12 + member.nik[-4:]
            nik = masked if role == "auditor" else member.nik
            assert shown["nik"] == nik, f"{role} reads NIK {shown['nik']}, expected {nik}"
        self.clean = True

    @rule()
    def catch_up_views(self) -> None:
        """What every CLI read does first; the views caught up then agree with the model."""
        assert self.views is not None and self.ledger is not None
        self.clean = False
        self.views.catch_up(self.ledger)
        self.check_views_agree_with_model(snapshot(self.views))
        self.clean = True

    # --- the read side and integrity -------------------------------------------------------

    def check_views_and_integrity(self) -> None:
        assert self.views is not None and self.ledger is not None
        self.clean = False
        self.views.catch_up(self.ledger)
        incremental = snapshot(self.views)
        self.views.rebuild(self.ledger)
        rebuilt = snapshot(self.views)
        for table, rows in rebuilt.items():
            only_rebuilt = [r for r in rows if r not in incremental[table]]
            only_incremental = [r for r in incremental[table] if r not in rows]
            assert rows == incremental[table], (
                f"{table}: the views caught up step by step differ from a rebuild; only in the "
                f"rebuild: {only_rebuilt}; only caught up: {only_incremental}"
            )
        self.check_views_agree_with_model(incremental)
        verdict = verify_ledger(self.ledger)
        assert verdict["verified"] is True, verdict["failures"]
        self.clean = True

    def check_views_agree_with_model(self, tables: Mapping[str, list[dict[str, Any]]]) -> None:
        reg_of = {r["member_id"]: r["registration_no"] for r in tables["view_members"]}
        assert sorted(reg_of.values()) == sorted(self.members), "the member register"
        certificates = {
            r["certificate_no"]: (
                reg_of[r["member_id"]],
                r["field"],
                r["certified_on"],
                r["valid_until"],
                r["revoked_on"],
            )
            for r in tables["view_certificates"]
        }
        assert certificates == {
            c.number: (
                c.holder,
                c.field,
                str(c.on),
                str(c.until),
                str(TODAY) if c.revoked else None,
            )
            for c in self.certificates.values()
        }, "the certificate register"
        applications = {
            r["application_no"]: (reg_of[r["member_id"]], r["certificate_no"], r["licence_no"])
            for r in tables["view_applications"]
        }
        assert applications == {
            a.number: (a.holder, a.certificate, a.licence) for a in self.applications.values()
        }, "the applications"
        licences = {
            r["licence_no"]: (
                reg_of[r["member_id"]],
                r["certificate_no"],
                r["granted_on"],
                r["valid_until"],
                r["status"],
                r["practice"],
            )
            for r in tables["view_licences"]
        }
        assert licences == {
            lic.number: (
                lic.holder,
                lic.certificate,
                str(TODAY),
                str(lic.until),
                lic.status,
                ",".join(lic.practice),
            )
            for lic in self.licences.values()
        }, "the licence register"
        dues = sorted(
            (reg_of[r["member_id"]], r["year"])
            for r in tables["view_dues"]
            if r["withdrawn_at"] is None
        )
        assert dues == sorted(
            (m.reg, year) for m in self.members.values() for year in m.paid_years()
        ), "dues"


def _name(error: type[LedgerError] | None) -> str:
    return "accepted" if error is None else error.__name__


def snapshot(model: ReadModel) -> dict[str, list[dict[str, Any]]]:
    """Every view table's rows, in a stable order."""
    tables = [t for view in model.views for t in view.tables]
    return {t: model.rows(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}


def observed(shown: dict[str, Any]) -> dict[str, Any]:
    """What ``member show`` says, in the model's terms."""
    return {
        "registration_no": shown["registration_no"],
        "province": shown["province"],
        "registered_on": shown["registered_on"],
        "name": shown["name"],
        "email": shown["email"],
        "in_good_standing": shown["standing"]["in_good_standing"],
        "dues_paid_years": shown["standing"]["dues_paid_years"],
        "education": sorted(
            (d["entry"], d["level"], d["major"], d["graduated_on"]) for d in shown["education"]
        ),
        "practice_days": shown["practice"]["days"],
        "periods": sorted((p["entry"], p["from"], p["to"]) for p in shown["practice"]["periods"]),
        "training_hours": Decimal(shown["training_hours"]),
        "exams": sorted(
            (e["exam_id"], e["field"], e["result"], e["held_on"]) for e in shown["exams"]
        ),
        "certificates": sorted(
            (c["certificate_no"], c["field"], c["status"], c["certified_on"], c["valid_until"])
            for c in shown["certificates"]
        ),
        "licences": sorted(
            (
                lic["licence_no"],
                lic["certificate_no"],
                lic["status"],
                lic["granted_on"],
                lic["valid_until"],
                tuple(lic["practice"]),
            )
            for lic in shown["licences"]
        ),
        "pending_applications": sorted(a["application_no"] for a in shown["pending_applications"]),
    }


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


# --- one TestCase per backend ----------------------------------------------------------------

SETTINGS = settings(
    max_examples=int(os.environ.get("PEKSOS_MODEL_EXAMPLES", "15")),
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

BACKENDS = ["sqlite", *(["postgresql"] if postgres_url() else [])]


class SQLiteModel(LedgerModel):
    backend = "sqlite"


class PostgresModel(LedgerModel):
    backend = "postgresql"


MACHINES: dict[str, type[LedgerModel]] = {"sqlite": SQLiteModel, "postgresql": PostgresModel}

SQLiteModel.TestCase.settings = SETTINGS
TestModelOnSQLite = SQLiteModel.TestCase

if "postgresql" in BACKENDS:
    PostgresModel.TestCase.settings = SETTINGS
    TestModelOnPostgreSQL = PostgresModel.TestCase
elif os.environ.get("PEKSOS_REQUIRE_POSTGRES") == "1":

    class TestModelOnPostgreSQL(unittest.TestCase):
        def test_postgres_is_configured(self) -> None:
            self.fail("PEKSOS_REQUIRE_POSTGRES=1 but PEKSOS_TEST_POSTGRES is not set")


# --- sequences the machine found, replayed on every run ----------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
def test_replay_grant_then_apply_and_grant_before_the_views_catch_up(backend: str) -> None:
    """Shrunk from a failing run of the machine: a licence application caught up by the views,
    then its grant, then another member's application and grant, then a read (catch-up): the
    incremental licence register must still equal a rebuild (and the model)."""
    state = MACHINES[backend]()
    try:
        state.open_ledger(first=("32", date(2009, 1, 1)), second=("32", date(2009, 1, 1)))
        candidate = {
            "field_": "anak",
            "graduated_on": date(2009, 1, 1),
            "started_on": date(2009, 1, 1),
            "hours": "60",
            "held_on": date(2012, 1, 1),
            "certify_on": None,
        }
        state.qualify(who=0, then="apply", **candidate)
        state.catch_up_views()
        state.grant(by=None, choice=0)
        state.qualify(who=1, then="grant", **candidate)
        assert len(state.licences) == 2
        state.check_views_and_integrity()
    finally:
        state.clean = False  # checked above; teardown only closes
        state.teardown()
