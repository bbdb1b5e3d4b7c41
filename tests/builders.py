"""Builders for test ledgers: enrolled actors and members with the facts a test needs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from commands.certificates import Certify, certify
from commands.exams import RecordExam, record_exam
from commands.members import RegisterMember, register_member
from commands.records import (
    AddEducation,
    AddExperience,
    LogTraining,
    add_education,
    add_experience,
    log_training,
)
from commands.setup import AddActor, add_actor
from ledger.application import Ledger

ADMIN = "Ratna Sari"
CHAPTER_32 = "Dewi Anggraini"  # chapter admin of Jawa Barat
CHAPTER_31 = "Yohanes Wenda"  # chapter admin of DKI Jakarta
LSP = "Bambang Wibisono"
MINISTRY = "Hadi Prasetyo"
AUDITOR = "Intan Permata"


@dataclass
class Clock:
    """A settable clock for the ledger: tests move time forward explicitly."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def enrol_standard_actors(ledger: Ledger) -> None:
    for name, role, province in [
        (CHAPTER_32, "chapter-admin", "32"),
        (CHAPTER_31, "chapter-admin", "31"),
        (LSP, "lsp", None),
        (MINISTRY, "ministry", None),
        (AUDITOR, "auditor", None),
    ]:
        add_actor(ledger, ADMIN, AddActor(name=name, role=role, province=province))


_nik_counter = iter(range(1, 10**6))


def fresh_nik(province: str = "32") -> str:
    """A fictional, unique 16-digit NIK."""
    return f"{province}7301{next(_nik_counter):010d}"


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
    result = register_member(
        ledger,
        actor,
        RegisterMember(
            name=name,
            nik=nik or fresh_nik(province),
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
    hours: Decimal | str = "60",
    exam_on: str = "2011-04-12",
) -> str:
    """Record everything the 2009 rules need for certification in ``field``; returns exam id."""
    level, major = degree
    add_education(
        ledger,
        ADMIN,
        AddEducation(
            registration_no=reg,
            level=level,
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
        ),
    )
    return str(result["exam_id"])


def certified_member(
    ledger: Ledger, *, field: str = "anak", on: str = "2026-06-01"
) -> tuple[str, str]:
    """A registered, eligible member certified in ``field``: (registration_no, certificate_no)."""
    reg = register(ledger)
    make_eligible(ledger, reg, field=field)
    result = certify(ledger, LSP, Certify(registration_no=reg, field=field, on=on))
    return reg, str(result["certificate_no"])
