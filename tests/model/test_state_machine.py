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

The pieces beside this file: the reference model of the rules in ``reference.py`` (it imports
nothing of ``ledger/`` but the error classes), the generated data in ``strategies.py``, the
command drivers (the machine's state, gates and write commands) in ``drivers.py``, and
``member show`` and the views read in the model's terms in ``observations.py``.
"""

from __future__ import annotations

import os
import shutil
import unittest
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from commands.queries import TimeTravel, show_member
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.errors import LedgerError, NotAuthorised, NotFound
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from projections.read_model import open_read_model
from tests.builders import ADMIN, AUDITOR, LSP, MINISTRY, Clock, enrol_standard_actors
from tests.conftest import postgres_url, reset_postgres
from tests.model.drivers import CommandDriver
from tests.model.observations import observed, snapshot
from tests.model.reference import DAY, EARLY, MOVES, NOW, TODAY, modelled, name_key
from tests.model.strategies import (
    FIELDS,
    LEVELS,
    MAJORS,
    MEMBER_NAMES,
    NEW_ACTOR_NAMES,
    PRACTICES,
    PROVINCES,
    ROLES,
    actor_ix,
    any_day,
    birth_dates,
    hours_text,
    maybe_day,
    member_ix,
    past,
    pick,
)

# --- the machine ---------------------------------------------------------------------------


class LedgerModel(CommandDriver, RuleBasedStateMachine):
    backend: ClassVar[str] = "sqlite"

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
