"""Synthetic ledgers for benchmarks: fictional members with full credential histories.

Members are built with the real aggregates and saved in batches through the application, so
the stored events are exactly what the CLI would store; only the command layer is skipped.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import cast

from ledger import events as ev
from ledger.access import Actor, Context
from ledger.application import Ledger
from ledger.member import Member
from ledger.numbers import format_registration_no, member_id
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from ledger.vocabulary import EducationLevel, Field, Practice, Role, province_entries, provinces

NOW = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
ADMIN = Context(Actor("Ratna Sari", Role.ADMIN), NOW)
LSP = Context(Actor("Bambang Wibisono", Role.LSP), NOW)
BANDUNG = Context(Actor("Asep Sunandar", Role.REGIONAL_GOVERNMENT, regency="3273"), NOW)
EVENTS_PER_MEMBER = 12

FIRST = [
    "Siti",
    "Dewi",
    "Agus",
    "Budi",
    "Rina",
    "Wahyu",
    "Nur",
    "Made",
    "Yohanes",
    "Ayu",
    "Putu",
    "Ahmad",
    "Ketut",
    "Fransiska",
    "Hendra",
    "Intan",
    "Ma'ruf",
    "Sri",
]
LAST = [
    "Aminah",
    "Lestari",
    "Salim",
    "Santoso",
    "Wulandari",
    "Hidayat",
    "Pratama",
    "Wenda",
    "Siregar",
    "Nasution",
    "Kurniawan",
    "Permata",
    "Sihombing",
    "Rahmawati",
    "",
]


def fictional_nik(province: str, born: date, n: int) -> str:
    """A NIK that is structurally possible (its parts real, its date part the birth date) and
    unique for ``n`` below 99,990,000: the district and serial digits carry ``n``."""
    region = {p.code: p.kemendagri for p in province_entries()}[province]
    district, serial = divmod(n, 9999)
    return f"{region}{district // 100 % 100:02d}{district % 100:02d}" + (
        f"{born.day + 40:02d}{born.month:02d}{born.year % 100:02d}{serial + 1:04d}"
    )


def member_history(n: int, rng: random.Random, ledger: Ledger | None = None) -> Member:
    """One member with 12 events: the whole path from registration to a SIPPS (Law 14/2019:
    a generalis certificate, an STR, a practice permit from Kota Bandung)."""
    province = rng.choice(sorted(provinces()))
    year = 2010 + n % 15
    reg = format_registration_no(province, year, n)
    registered = date(year, 1, 1) + timedelta(days=rng.randrange(300))
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}".strip()
    born = date(1960 + rng.randrange(30), 1 + n % 12, 1 + n % 28)
    # personal data sealed with the ledger's data keys, as the CLI seals it
    admin = replace(ADMIN, seal=ledger.personal.seal) if ledger else ADMIN
    m = Member.register(
        admin,
        member_id=member_id(reg),
        registration_no=reg,
        name=name,
        nik=fictional_nik(province, born, n),
        birth_date=born,
        province=province,
        email=f"member{n}@example.org",
        phone=None,
        registered_on=registered,
    )
    m.record_education(
        ADMIN,
        level=EducationLevel.S1,
        major="kesejahteraan-sosial",
        institution="STKS Bandung",
        graduated_on=date(2004, 8, 30),
    )
    m.record_experience(
        ADMIN,
        employer="Panti Sosial",
        position="pekerja sosial",
        started_on=date(2005, 1, 3),
        ended_on=date(2009, 12, 31),
    )
    m.log_training(
        ADMIN,
        course="Case management",
        provider="Balai Diklat",
        hours=Decimal("135.5"),
        completed_on=date(2009, 6, 30),
    )
    m.log_training(
        ADMIN,
        course="Child protection",
        provider="LSP",
        hours=Decimal("24.5"),
        completed_on=registered,
    )
    m.pay_dues(ADMIN, year=year, amount=100000, paid_on=registered, receipt=f"KW-{n}")
    m.pay_dues(ADMIN, year=2026, amount=150000, paid_on=date(2026, 1, 15), receipt=None)
    field = rng.choice(list(Field))
    held = date(2026, 1, 5) + timedelta(days=n % 60)
    m.record_exam(
        LSP,
        exam_id=f"EXAM-{held.year}-{n:06d}",
        field=field,
        passed=True,
        held_on=held,
        assessors=("Agus Setiawan",),
        level="generalis",
    )
    on = held + timedelta(days=20)
    cert = f"CERT-{on.year}-{n:06d}"
    m.certify(LSP, certificate_no=cert, field=field, on=on, exam_id=None, level="generalis")
    m.issue_str(
        ADMIN,
        str_no=f"STR-2026-{n:06d}",
        certificate_no=cert,
        health_statement="SKS/RSUD",
        oath_on=on,
        ethics_pledge="Kode etik IPSPI",
        on=on,
    )
    m.grant_sipps(
        BANDUNG,
        sipps_no=f"SIPPS-3273-2026-{n:06d}",
        str_no=f"STR-2026-{n:06d}",
        regency="3273",
        place="Panti Sosial Asuhan Anak Bandung",
        practice=[Practice.DIRECT],
        on=on,
    )
    m.update_profile(admin, name=None, email=f"member{n}@example.net", phone=None)
    return m


def members(count: int, seed: int = 2010, ledger: Ledger | None = None) -> Iterator[Member]:
    rng = random.Random(seed)
    for n in range(1, count + 1):
        yield member_history(n, rng, ledger)


def build_ledger(path: Path, member_count: int, batch: int = 500) -> Ledger:
    """A ledger file holding ``member_count`` members (12 events each), signed as the CLI
    would sign them: each save holds one actor's events (4 saves per batch of members)."""
    return build_at(str(path), path.parent / "keys", member_count, batch)


def build_at(location: str, keys: Path, member_count: int, batch: int = 500) -> Ledger:
    """``build_ledger`` in any store (an SQLite file or a PostgreSQL URL), keys in ``keys``."""
    ledger = Ledger(open_store(location), keys=KeyStore(keys), clock=lambda: NOW)
    open_with_signers(ledger)
    pending: list[Member] = []
    for member in members(member_count, ledger=ledger):
        pending.append(member)
        if len(pending) == batch:
            save_by_actor(ledger, pending)
            pending.clear()
    if pending:
        save_by_actor(ledger, pending)
    return ledger


def open_with_signers(ledger: Ledger) -> None:
    """Open the ledger with the admin, and enrol the LSP officer and the Kota Bandung officer
    who sign the synthetic histories."""
    ledger.open_ledger(ADMIN.actor.name)
    roster = ledger.roster()
    assert roster.ledger_id is not None
    for ctx in (LSP, BANDUNG):
        kid, public = ledger.keys.create_signing_key(roster.ledger_id)
        roster.enrol(
            ADMIN,
            name=ctx.actor.name,
            role=ctx.actor.role,
            province=None,
            public_key=public,
            key_id=kid,
            regency=ctx.actor.regency,
        )
        ledger.save(roster)


def save_by_actor(ledger: Ledger, batch: list[Member]) -> None:
    """Save the batch's events in runs of one actor each, keeping every stream in order."""
    runs: list[list[ev.LedgerEvent]] = []
    for member in batch:
        events = cast(list[ev.LedgerEvent], member.collect_events())
        position = 0
        for index, event in enumerate(events):
            if index and event.actor != events[index - 1].actor:
                position += 1
            while len(runs) <= position:
                runs.append([])
            runs[position].append(event)
    for run in runs:
        ledger.save(*run)
