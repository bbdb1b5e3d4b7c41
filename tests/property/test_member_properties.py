"""Properties of the member aggregate under random sequences of commands, valid and invalid."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.certificates import Certify, RevokeCertificate, certify, revoke_certificate
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
from ledger.application import Ledger
from ledger.errors import LedgerError
from ledger.numbers import member_id
from ledger.record import MemberRecord
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from tests.builders import (
    ADMIN,
    AUDITOR,
    CHAPTER_31,
    CHAPTER_32,
    LSP,
    MINISTRY,
    Clock,
    enrol_standard_actors,
    fresh_nik,
    make_eligible,
    register,
)

ACTORS = [ADMIN, CHAPTER_32, CHAPTER_31, LSP, MINISTRY, AUDITOR, "Joko Susilo"]
NAMES = ["Siti Aminah", "Budi Santoso", "Wahyu Nugroho", "Rina Kusuma", "Yosefina Wenda"]
FIELDS = ["anak", "lansia"]
BOUNDED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The world's "now": 2019-06-15 03:00 UTC, under Permensos 16/2012, when the Ministry still
# licensed, so every command of the licence's life can succeed today (the later chain: the
# model test and tests/cli/test_law_as_it_changed.py).
NOW = datetime(2019, 6, 15, 3, 0, tzinfo=UTC)
# Dates around the interesting edges: before 2009 (no rule set), the decade of practice, the
# 2012 rule change, and today with a little of the future.
dates = st.dates(min_value=date(1975, 1, 1), max_value=date(2019, 7, 15))
recent = st.dates(min_value=date(2008, 6, 1), max_value=date(2019, 6, 20))


@dataclass
class World:
    """The ledger under test and the numbers it has handed out so far."""

    ledger: Ledger
    members: list[str] = field(default_factory=list)
    niks: list[str] = field(default_factory=list)
    exams: list[str] = field(default_factory=list)
    certificates: list[str] = field(default_factory=list)
    applications: list[str] = field(default_factory=list)
    licences: list[str] = field(default_factory=list)

    def remember(self, result: dict[str, Any]) -> None:
        for key, numbers in [
            ("registration_no", self.members),
            ("exam_id", self.exams),
            ("certificate_no", self.certificates),
            ("application_no", self.applications),
            ("licence_no", self.licences),
        ]:
            if key in result and result[key] not in numbers:
                numbers.append(result[key])

    def snapshot(self) -> tuple[int, dict[str, int]]:
        """Everything a command could change: the store's last event and each member's version."""
        return (
            self.ledger.recorder.max_notification_id() or 0,
            {reg: self.ledger.member(reg).version for reg in self.members},
        )


SETUPS = ["registered", "eligible", "certified", "licensed"]


@contextmanager
def fresh_world(setup: str) -> Iterator[World]:
    """A new ledger with one member of province 32, as far along as ``setup`` says."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp)
        store = open_store(str(path / "ledger.sqlite"))
        with Ledger(store, keys=KeyStore(path / "keys"), clock=Clock(NOW)) as ledger:
            ledger.open_ledger(ADMIN)
            enrol_standard_actors(ledger)
            world = World(ledger)
            nik = fresh_nik()
            reg = register(ledger, nik=nik)
            world.members.append(reg)
            world.niks.append(nik)
            if setup != "registered":
                world.exams.append(make_eligible(ledger, reg, hours="160"))
            if setup in ("certified", "licensed"):
                world.remember(certify(ledger, LSP, Certify(registration_no=reg, field="anak")))
            if setup == "licensed":
                world.remember(
                    apply_for_licence(
                        ledger,
                        LSP,
                        ApplyForLicence(
                            registration_no=reg,
                            certificate_no=world.certificates[0],
                            practice=("direct",),
                        ),
                    )
                )
                world.remember(
                    grant_licence(
                        ledger, MINISTRY, GrantLicence(application_no=world.applications[0])
                    )
                )
            yield world


Command = Callable[[], dict[str, Any]]


def mostly(data: st.DataObject, good: list[str], bad: list[str]) -> str:
    """One of ``good`` most of the time (shrinking towards the first), else one of ``bad``."""
    roll = data.draw(st.integers(0, 99))
    if good and roll < 80:
        return good[roll % len(good)]
    return data.draw(st.sampled_from(bad))


def one_of(data: st.DataObject, known: list[str], bogus: str) -> str:
    return mostly(data, known, [bogus])


def draw_command(data: st.DataObject, w: World) -> Command:
    """A command that may succeed or be refused: right or wrong actor, dates, numbers."""
    ledger = w.ledger
    kind = data.draw(
        st.sampled_from(
            [
                "register",
                "update",
                "education",
                "experience",
                "training",
                "dues",
                "dues",
                "exam",
                "exam",
                "certify",
                "certify",
                "certify",
                "revoke",
                "apply",
                "apply",
                "grant",
                "grant",
                "licence",
                "licence",
                "correct",
            ]
        )
    )

    def actor(*right: str) -> str:
        return mostly(data, list(right), ACTORS)

    def reg() -> str:
        return one_of(data, w.members, "32-2010-09999")

    if kind == "register":
        nik = data.draw(st.sampled_from([*w.niks, "new"]))
        nik = fresh_nik() if nik == "new" else nik
        cmd = RegisterMember(
            name=data.draw(st.sampled_from(NAMES)),
            nik=nik,
            birth_date=data.draw(dates),
            province=data.draw(st.sampled_from(["31", "32"])),
            email="anggota@example.org",
            registered_on=data.draw(st.none() | dates),
        )
        who = actor(ADMIN)

        def run_register() -> dict[str, Any]:
            result = register_member(ledger, who, cmd)
            w.niks.append(nik)
            return result

        return run_register
    if kind == "update":
        update = UpdateMember(registration_no=reg(), name=data.draw(st.sampled_from(NAMES)))
        who = actor(ADMIN, CHAPTER_32)
        return lambda: update_member(ledger, who, update)
    if kind == "education":
        education = AddEducation(
            registration_no=reg(),
            level=data.draw(st.sampled_from(["D3", "D4", "S1", "S2"])),
            major=data.draw(st.sampled_from(["pekerjaan-sosial", "kesejahteraan-sosial", "hukum"])),
            institution="Universitas Padjadjaran",
            graduated_on=data.draw(dates),
        )
        who = actor(ADMIN, CHAPTER_32)
        return lambda: add_education(ledger, who, education)
    if kind == "experience":
        started = data.draw(dates)
        experience = AddExperience(
            registration_no=reg(),
            employer="Dinas Sosial Provinsi",
            role="pekerja sosial",
            started_on=started,
            ended_on=data.draw(st.none() | dates),
        )
        who = actor(ADMIN, CHAPTER_32)
        return lambda: add_experience(ledger, who, experience)
    if kind == "training":
        training = LogTraining(
            registration_no=reg(),
            course="Manajemen kasus",
            provider="Balai Diklat Kesos",
            hours=data.draw(st.decimals(Decimal("0.5"), Decimal(80), places=2)),
            completed_on=data.draw(dates),
        )
        who = actor(ADMIN, LSP)
        return lambda: log_training(ledger, who, training)
    if kind == "dues":
        dues = PayDues(
            registration_no=reg(),
            year=data.draw(st.integers(2005, 2028)),
            amount=100000,
            paid_on=data.draw(st.none() | recent),
        )
        who = actor(ADMIN, CHAPTER_32)
        return lambda: pay_dues(ledger, who, dues)
    if kind == "exam":
        exam = RecordExam(
            registration_no=reg(),
            field=data.draw(st.sampled_from(FIELDS)),
            result=data.draw(st.sampled_from(["passed", "passed", "failed"])),
            held_on=data.draw(recent),
            assessors=("Agus Setiawan",),
        )
        who = actor(LSP)
        return lambda: record_exam(ledger, who, exam)
    if kind == "certify":
        decision = Certify(
            registration_no=reg(),
            field=data.draw(st.sampled_from(FIELDS)),
            exam_id=data.draw(st.none() | st.sampled_from([*w.exams, "EXAM-2011-09999"])),
            on=data.draw(st.none() | recent),
        )
        who = actor(LSP)
        return lambda: certify(ledger, who, decision)
    if kind == "revoke":
        revocation = RevokeCertificate(
            certificate_no=one_of(data, w.certificates, "CERT-2019-09999"), reason="pelanggaran"
        )
        who = actor(LSP)
        return lambda: revoke_certificate(ledger, who, revocation)
    if kind == "apply":
        application = ApplyForLicence(
            registration_no=reg(),
            certificate_no=one_of(data, w.certificates, "CERT-2019-09999"),
            practice=("direct",),
        )
        who = actor(LSP)
        return lambda: apply_for_licence(ledger, who, application)
    if kind == "grant":
        grant = GrantLicence(application_no=one_of(data, w.applications, "APPL-2019-09999"))
        who = actor(MINISTRY)
        return lambda: grant_licence(ledger, who, grant)
    if kind == "licence":
        move = data.draw(st.sampled_from([SuspendLicence, ReinstateLicence, RevokeLicence]))
        decision_on_licence = move(
            licence_no=one_of(data, w.licences, "LIC-2019-09999"), reason="keputusan menteri"
        )
        who = actor(MINISTRY)
        return lambda: decide_on_licence(ledger, who, decision_on_licence)
    correction = CorrectEntry(
        registration_no=reg(), entry=data.draw(st.integers(1, 14)), reason="salah input"
    )
    who = actor(ADMIN, LSP)
    return lambda: correct_entry(ledger, who, correction)


steps = st.integers(min_value=4, max_value=20)


@BOUNDED
@given(setup=st.sampled_from(SETUPS), n=steps, data=st.data())
def test_a_refused_command_changes_no_stream(setup: str, n: int, data: st.DataObject) -> None:
    with fresh_world(setup) as world:
        for _ in range(n):
            command = draw_command(data, world)
            before = world.snapshot()
            try:
                result = command()
            except LedgerError:
                assert world.snapshot() == before
            else:
                world.remember(result)
                assert world.snapshot()[0] > before[0]


def assert_folds_agree(ledger: Ledger, registration_no: str) -> None:
    stream = ledger.stream(member_id(registration_no))
    aggregate = ledger.member(registration_no)

    replayed = MemberRecord.fold(stream)
    assert replayed == aggregate.record
    assert replayed.version == aggregate.version == len(stream)

    one_at_a_time = MemberRecord()
    for event in stream:
        one_at_a_time.apply(event)
        # the status as of each event equals a fresh replay of the stream up to it
        prefix = ledger.stream(member_id(registration_no), upto=event.originator_version)
        assert one_at_a_time == MemberRecord.fold(prefix)
    assert one_at_a_time == replayed


@BOUNDED
@given(setup=st.sampled_from(SETUPS), n=steps, data=st.data())
def test_a_full_replay_folds_to_the_aggregates_record(
    setup: str, n: int, data: st.DataObject
) -> None:
    with fresh_world(setup) as world:
        for _ in range(n):
            command = draw_command(data, world)
            with suppress(LedgerError):
                world.remember(command())
        for registration_no in world.members:
            assert_folds_agree(world.ledger, registration_no)
