"""Builders for tests: enrolled actors and members with the facts a test needs.

Two kinds. The ledger builders (``register``, ``make_eligible``, ``certified_member``) go through
the command handlers on a real store. The domain builders (``a_member`` and its facts, ``admin``,
``lsp``, ``ministry``) build a bare ``Member`` by calling its own methods with a fixed clock: no
store, no keys, nothing on disk. The command handlers are imported where they are used, so that
importing this module for the domain builders loads no storage.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from ledger import events as ev
from ledger.access import Actor, Context
from ledger.member import Member
from ledger.numbers import member_id
from ledger.vocabulary import EducationLevel, Field, Practice, Role, province_entries

if TYPE_CHECKING:
    from ledger.application import Ledger

ADMIN = "Ratna Sari"
CHAPTER_32 = "Dewi Anggraini"  # chapter admin of Jawa Barat
CHAPTER_31 = "Yohanes Wenda"  # chapter admin of DKI Jakarta
LSP = "Bambang Wibisono"
MINISTRY = "Hadi Santoso"
AUDITOR = "Lestari Wulandari"
BANDUNG = "Asep Sunandar"  # regional-government officer of Kota Bandung (BPS 3273)


@dataclass
class Clock:
    """A settable clock for the ledger: tests move time forward explicitly."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def enrol_standard_actors(ledger: Ledger) -> None:
    from commands.setup import AddActor, add_actor

    for name, role, province in [
        (CHAPTER_32, "chapter-admin", "32"),
        (CHAPTER_31, "chapter-admin", "31"),
        (LSP, "lsp", None),
        (MINISTRY, "ministry", None),
        (AUDITOR, "auditor", None),
    ]:
        add_actor(ledger, ADMIN, AddActor(name=name, role=role, province=province))


_nik_counter = iter(range(1, 10**6))


def nik_for(province: str, born: date | str, serial: int, *, woman: bool = True) -> str:
    """A fictional NIK that is structurally possible (PRODUCT.md) for someone of ``province``
    (a BPS code; the NIK starts with its Kemendagri code) born on ``born``; ``serial`` makes it
    unique (up to 999,900 of them for one province and birth date)."""
    day = date.fromisoformat(born) if isinstance(born, str) else born
    region = {p.code: p.kemendagri for p in province_entries()}[province]
    date_part = f"{day.day + (40 if woman else 0):02d}{day.month:02d}{day.year % 100:02d}"
    return f"{region}71{serial // 9999 % 100:02d}{date_part}{serial % 9999 + 1:04d}"


def fresh_nik(province: str = "32", born: date | str = "1980-01-05", *, woman: bool = True) -> str:
    """A fictional NIK never handed out before in this test run (see ``nik_for``)."""
    return nik_for(province, born, next(_nik_counter), woman=woman)


def register(
    ledger: Ledger,
    *,
    name: str = "Siti Aminah",
    province: str = "32",
    registered_on: str = "2010-03-01",
    birth_date: str = "1980-01-05",
    nik: str | None = None,
    actor: str = ADMIN,
) -> str:
    """Register a member; returns the registration number."""
    from commands.members import RegisterMember, register_member

    result = register_member(
        ledger,
        actor,
        RegisterMember(
            name=name,
            nik=nik or fresh_nik(province, birth_date),
            birth_date=birth_date,
            province=province,
            email="member@example.org",
            registered_on=registered_on,
        ),
    )
    return str(result["registration_no"])


def make_eligible(
    ledger: Ledger,
    reg: str,
    *,
    field: str = "anak",
    degree: tuple[str, str] = ("S1", "kesejahteraan-sosial"),
    practice: tuple[str, str | None] = ("2005-01-01", "2008-12-31"),
    hours: Decimal | str | None = None,
    exam_on: str | None = None,
    level: str | None = None,
) -> str:
    """Record everything a certification in ``field`` needs; returns the exam id.

    Without ``level``: what the 2009 rules ask (60 hours, an exam in 2011). With one (Law
    14/2019's ``generalis``): 160 hours and an exam at that level, held 2026-05-04."""
    hours = hours if hours is not None else ("60" if level is None else "160")
    exam_on = exam_on or ("2011-04-12" if level is None else "2026-05-04")
    from commands.exams import RecordExam, record_exam
    from commands.records import (
        AddEducation,
        AddExperience,
        LogTraining,
        add_education,
        add_experience,
        log_training,
    )

    degree_level, major = degree
    add_education(
        ledger,
        ADMIN,
        AddEducation(
            registration_no=reg,
            level=degree_level,
            major=major,
            institution="STKS Bandung",
            graduated_on="2004-08-30",
        ),
    )
    add_experience(
        ledger,
        ADMIN,
        AddExperience(
            registration_no=reg,
            employer="Panti Sosial Asuhan Anak",
            role="pekerja sosial",
            started_on=practice[0],
            ended_on=practice[1],
        ),
    )
    log_training(
        ledger,
        ADMIN,
        LogTraining(
            registration_no=reg,
            course="Case management",
            provider="Balai Diklat Kesos",
            hours=str(hours),
            completed_on="2009-06-30",
        ),
    )
    result = record_exam(
        ledger,
        LSP,
        RecordExam(
            registration_no=reg,
            field=field,
            result="passed",
            held_on=exam_on,
            assessors=("Agus Setiawan",),
            level=level,
        ),
    )
    return str(result["exam_id"])


def enrol_regency_officer(ledger: Ledger, name: str = BANDUNG, regency: str = "3273") -> None:
    from commands.setup import AddActor, add_actor

    add_actor(ledger, ADMIN, AddActor(name=name, role="regional-government", regency=regency))


def licensed_in_2011(ledger: Ledger, reg: str) -> tuple[str, str]:
    """Paper history entered today: a certificate of 2011-06-01 on ``make_eligible``'s facts
    and a Ministry licence on it (applied 2011-06-10, granted 2011-07-01): (cert, licence)."""
    from commands.certificates import Certify, certify
    from commands.licences import ApplyForLicence, GrantLicence, apply_for_licence, grant_licence

    make_eligible(ledger, reg)
    cert = certify(ledger, LSP, Certify(registration_no=reg, field="anak", on="2011-06-01"))
    applied = apply_for_licence(
        ledger,
        LSP,
        ApplyForLicence(
            registration_no=reg,
            certificate_no=cert["certificate_no"],
            practice=("direct",),
            on="2011-06-10",
        ),
    )
    granted = grant_licence(
        ledger, MINISTRY, GrantLicence(application_no=applied["application_no"], on="2011-07-01")
    )
    return str(cert["certificate_no"]), str(granted["licence_no"])


def str_and_sipps(
    ledger: Ledger, reg: str, cert: str, *, place: str = "Panti Sosial Asuhan Anak Bandung"
) -> tuple[str, str]:
    """An STR from IPSPI on ``cert`` and a SIPPS from Kota Bandung on it for ``place``, both
    today (the officer ``BANDUNG`` enrolled): (str_no, sipps_no)."""
    from commands.practice import GrantSipps, IssueStr, grant_sipps, issue_str

    registration = issue_str(
        ledger,
        ADMIN,
        IssueStr(
            registration_no=reg,
            certificate_no=cert,
            health_statement="SKS-117/RSUD/2026",
            oath_on="2026-06-02",
            ethics_pledge="Kode etik IPSPI",
        ),
    )
    permit = grant_sipps(
        ledger,
        BANDUNG,
        GrantSipps(
            registration_no=reg,
            str_no=registration["str_no"],
            regency="3273",
            place=place,
            practice=("direct",),
        ),
    )
    return str(registration["str_no"]), str(permit["sipps_no"])


def certified_member(
    ledger: Ledger, *, field: str = "anak", on: str | None = None, level: str | None = None
) -> tuple[str, str]:
    """A registered member, eligible (see ``make_eligible``) and certified in ``field`` ``on``
    (the first of the clock's month unless said) at ``level`` (``usual_level`` unless said):
    (registration_no, certificate_no)."""
    from commands.certificates import Certify, certify

    on = on or str(this_month())
    level = level or usual_level(day(on))
    reg = register(ledger)
    make_eligible(ledger, reg, field=field, level=level)
    result = certify(ledger, LSP, Certify(registration_no=reg, field=field, on=on, level=level))
    return reg, str(result["certificate_no"])


# --- domain builders: a bare Member, built by its own methods, no store ---------------------

# The tests' "now": 2026-06-15 03:00 UTC, noon in Papua (WIT), so "today" is 2026-06-15, under
# Law 14/2019 (certificates at a level, then an STR and a SIPPS).
FIXED_NOW = datetime(2026, 6, 15, 3, 0, tzinfo=UTC)
TODAY = date(2026, 6, 15)
# A day in 2011, when Permensos 108/2009 was in force (one level, 60 hours, licences from the
# Ministry): the tests of those rules live there, through the ``in_2011`` fixture.
IN_2011 = datetime(2011, 6, 15, 3, 0, tzinfo=UTC)
# The moment the domain builders' contexts and the ledger fixtures' clock start from.
ERA = Clock(FIXED_NOW)

Day = date | str
Fact = Callable[[Member], object]  # one thing that happened to a member, recorded by its method


def day(value: Day) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def context(
    name: str, role: Role, province: str | None = None, *, now: datetime | None = None
) -> Context:
    return Context(Actor(name, role, province), now or ERA.now)


def admin(*, now: datetime | None = None) -> Context:
    return context(ADMIN, Role.ADMIN, now=now)


def lsp(*, now: datetime | None = None) -> Context:
    return context(LSP, Role.LSP, now=now)


def ministry(*, now: datetime | None = None) -> Context:
    return context(MINISTRY, Role.MINISTRY, now=now)


def a_member(
    *facts: Fact,
    registration_no: str = "32-2010-00001",
    name: str = "Siti Aminah",
    nik: str | None = None,
    birth_date: Day = "1980-01-05",
    registered_on: Day = "2010-03-01",
    province: str = "32",
) -> Member:
    """A member registered by the admin, then each fact recorded in order by its own method
    (without a ``nik``: one whose date part is the birth date)."""
    if nik is None:
        born = day(birth_date)
        nik = "3273014501800002" if born == date(1980, 1, 5) else fresh_nik(province, born)
    member = Member.register(
        admin(),
        member_id=member_id(registration_no),
        registration_no=registration_no,
        name=name,
        nik=nik,
        birth_date=day(birth_date),
        province=province,
        email="member@example.org",
        phone=None,
        registered_on=day(registered_on),
    )
    for fact in facts:
        fact(member)
    return member


def degree(
    level: str = "S1",
    major: str = "pekerjaan-sosial",
    *,
    on: Day = "2004-08-30",
    institution: str = "STKS Bandung",
) -> Fact:
    def record(member: Member) -> None:
        member.record_education(
            admin(),
            level=EducationLevel(level),
            major=major,
            institution=institution,
            graduated_on=day(on),
        )

    return record


def practice(
    started_on: Day,
    ended_on: Day | None = None,
    *,
    employer: str = "Panti Sosial Asuhan Anak",
    position: str = "pekerja sosial",
) -> Fact:
    """A period of practice, first and last day included (``ended_on`` None: still practising)."""

    def record(member: Member) -> None:
        member.record_experience(
            admin(),
            employer=employer,
            position=position,
            started_on=day(started_on),
            ended_on=None if ended_on is None else day(ended_on),
        )

    return record


def days_of_practice(n: int, *, from_: Day = "2006-01-01") -> Fact:
    """One period of exactly ``n`` calendar days."""
    start = day(from_)
    return practice(start, start + timedelta(days=n - 1))


def training(
    *,
    hours: Decimal | int | str,
    on: Day = "2009-06-30",
    course: str = "Case management",
    provider: str = "Balai Diklat Kesos",
) -> Fact:
    def record(member: Member) -> None:
        member.log_training(
            admin(),
            course=course,
            provider=provider,
            hours=Decimal(str(hours)),
            completed_on=day(on),
        )

    return record


def _exam(field: str, on: Day, passed: bool, exam_id: str | None, level: str | None) -> Fact:
    def record(member: Member) -> None:
        held = day(on)
        member.record_exam(
            lsp(),
            exam_id=exam_id or f"EXAM-{held.year}-{member.version + 1:05d}",
            field=Field(field),
            passed=passed,
            held_on=held,
            assessors=("Agus Setiawan",),
            level=level,
        )

    return record


def exam_passed(
    field: str = "anak",
    *,
    on: Day = "2011-04-12",
    exam_id: str | None = None,
    level: str | None = None,
) -> Fact:
    return _exam(field, on, True, exam_id, level)


def exam_failed(
    field: str = "anak",
    *,
    on: Day = "2011-02-01",
    exam_id: str | None = None,
    level: str | None = None,
) -> Fact:
    return _exam(field, on, False, exam_id, level)


def dues_paid(year: int, *, on: Day, amount: int = 100000, receipt: str | None = None) -> Fact:
    def record(member: Member) -> None:
        member.pay_dues(admin(), year=year, amount=amount, paid_on=day(on), receipt=receipt)

    return record


def eligible(field: str = "anak", *, hours: Decimal | int | str = 60) -> tuple[Fact, ...]:
    """Everything the 2009 rules need for a certificate in ``field`` (as ``make_eligible``)."""
    return (
        degree("S1", "kesejahteraan-sosial", on="2004-08-30"),
        practice("2005-01-01", "2008-12-31"),
        training(hours=hours, on="2009-06-30"),
        exam_passed(field, on="2011-04-12"),
    )


def eligible_generalis(
    field: str = "anak", *, hours: Decimal | int | str = 160
) -> tuple[Fact, ...]:
    """Everything Law 14/2019 asks of a generalis in ``field``: the degree, 2 years of practice,
    160 hours, and a passed exam at that level (2026-05-04)."""
    return (
        degree("S1", "kesejahteraan-sosial", on="2004-08-30"),
        practice("2005-01-01", "2008-12-31"),
        training(hours=hours, on="2009-06-30"),
        exam_passed(field, on="2026-05-04", level="generalis"),
    )


def this_month() -> date:
    """The first of the tests' current month: the usual day of a certification."""
    return ERA.now.date().replace(day=1)


def usual_level(on: date) -> str | None:
    """The level a test certifies at unless it says: ``generalis`` where the rule set of the day
    has levels (Law 14/2019), none where it has one (the 2009 and 2012 rule sets)."""
    from ledger.regimes import in_force_on

    rules = in_force_on(on)
    return "generalis" if rules is not None and rules.only_level is None else None


def certify(
    member: Member,
    field: str = "anak",
    *,
    on: Day | None = None,
    exam_id: str | None = None,
    level: str | None = None,
    ctx: Context | None = None,
) -> ev.Certified:
    """The LSP's decision ``on`` (``this_month()`` unless said) at ``level`` (``usual_level``
    unless said), numbered ``CERT-<year>-<n>`` by the member's own certificates."""
    decided = day(on or this_month())
    level = level or usual_level(decided)
    number = f"CERT-{decided.year}-{len(member.record.certificates) + 1:05d}"
    return member.certify(
        ctx or lsp(),
        certificate_no=number,
        field=Field(field),
        on=decided,
        exam_id=exam_id,
        level=level,
    )


def certified(field: str = "anak", *, on: Day | None = None, level: str | None = None) -> Fact:
    def record(member: Member) -> None:
        certify(member, field, on=on, level=level)

    return record


def apply_for_licence(
    member: Member, certificate_no: str, *, practice: tuple[str, ...] = ("direct",)
) -> str:
    """The LSP forwards an application; returns its number."""
    number = f"APPL-{ERA.now.year}-{len(member.record.applications) + 1:05d}"
    member.apply_for_licence(
        lsp(),
        application_no=number,
        certificate_no=certificate_no,
        practice=tuple(Practice(p) for p in practice),
    )
    return number


def grant_licence(member: Member, application_no: str) -> str:
    """The Ministry grants an application; returns the licence number."""
    number = f"LIC-{ERA.now.year}-{len(member.record.licences) + 1:05d}"
    member.grant_licence(ministry(), application_no=application_no, licence_no=number)
    return number


def licensed(certificate_no: str = "CERT-2026-00001") -> Fact:
    """A licence applied for and granted on ``certificate_no``."""

    def record(member: Member) -> None:
        grant_licence(member, apply_for_licence(member, certificate_no))

    return record
