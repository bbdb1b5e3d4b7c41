"""A stateful model test: random interleavings of every write command, checked against a small
reference model of the rules written from PRODUCT.md (and README.md "The rules" where the product
is silent), never by calling ``ledger/rules.py``, the regimes or the aggregate.

A hypothesis ``RuleBasedStateMachine`` drives the command handlers in process (input validated
the way the CLI validates it, ``Session.build``): member register (valid and invalid input,
future dates, duplicate NIK, the wrong province for a chapter admin), member update, education
add, experience add, training log, dues pay, exam record (passed and failed, with and without
``--level``), certify (with and without ``--on``, ``--exam`` and ``--level``), certificate
revoke, licence apply, grant, suspend, reinstate and revoke (dated or not), str issue and
revoke, sipps grant, suspend, reinstate and revoke (dated or not), member correct (withdraw an
entry) and actor add (a regional government's officer included), each by a random actor of
every role, plus a chapter admin of another province, the officer of another regency and an
actor nobody enrolled.

The three rule sets are all in force, each on its own dates, and every decision is judged by
the one of its effective date: ``permensos-108-2009`` (60 hours), ``permensos-16-2012`` (160
hours) and ``uu-14-2019`` (a level, asisten, generalis or spesialis, each with its degree,
practice, training and an exam at that level; a spesialis also through a generalis
certificate held three years). Licences are applied for and granted only before
``uu-14-2019``; from then on the chain is certificate -> STR (IPSPI) -> SIPPS (the regency's
officer), and what rests on a credential falls with it: a revoked certificate takes its
licences, its STRs and their SIPPS; a revoked STR its SIPPS; and one entered later as paper
history, dated before its base's revocation, falls on the day of that revocation.

After every step:

1. accepted or refused as the model says, with the error class where the model can tell (not
   authorised, not found, conflict, refused, invalid input) and its exit code; a refused
   certification lists exactly the unmet requirements the model finds; an accepted one names
   the rule set and level the model expects;
2. every member's ``member show`` (certificates with their status, rule set and level, STRs,
   SIPPS, licences and their status, pending applications, training hours, practice days, good
   standing, education, exams, profile, the rule set of the day) equals the model's;
3. a refused command recorded nothing (``ledger.event_count()`` unchanged); an accepted one
   recorded something.

Every few steps and at teardown: the views caught up incrementally equal a rebuild, the views
agree with the model (members, certificates and their levels, applications, licences, STRs,
SIPPS, dues), and
``verify_ledger`` verifies. ``member show --as-of`` is checked against the model at random dates.

"Today" never moves: the clock stands at 2026-06-14 18:30 UTC, which is already 2026-06-15 in
Papua (UTC+9), the calendar the ledger judges "not in the future" by (README). Generated dates
lie within 2009-01-01..today, with some deliberately in the future (and a licence decision
dated the day before a certificate or application of 2009-01-01, when no rule set was in
force), and are drawn from each rule set's era and the days the rules changed. Today every
Ministry licence has expired (the last possible one ended in 2025), so licence decisions are
mostly dated back; revocations of certificates and STRs take effect today, and paper history
is entered after them too (an STR, SIPPS or licence dated while its base was still active).

Where PRODUCT.md is silent the model follows the choices README.md documents (certificates valid
5 years; licences 5 years, never beyond their certificate; one pending application per
certificate; dues once per year, at most one year ahead; good standing = that year's dues; no
effective date in the future by UTC+9) and a few the implementation makes (exams not before
registration, dues not for a year before it, withdrawing an entry refused while an unrevoked
certificate rests on it and open only to a role that may record that kind of entry; one
unrevoked certificate per field and level at any time; the generalis certificate a spesialis
grows from counts unless revoked by then, expired or not; one active STR per certificate; one
live SIPPS per place of practice, places told apart ignoring case and spacing; a decision on a
licence or SIPPS never dated before its last one; every credential judged by the state of its
own day, so a licence, STR or SIPPS dated before its base's revocation already recorded is
granted, and falls in the same save, effective on the day its base was revoked).

Step sequences the machine found and shrank are replayed by plain tests at the end of the file,
so every run repeats them, with a walk through each rule set and the chain and its falls (a
random run reaches those only now and then).

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
from decimal import Decimal
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from commands.queries import TimeTravel, show_member
from commands.setup import AddActor, add_actor
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.errors import LedgerError, NotAuthorised, NotFound
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from projections.read_model import open_read_model
from tests.builders import ADMIN, AUDITOR, LSP, MINISTRY, Clock, enrol_standard_actors
from tests.conftest import postgres_url, reset_postgres
from tests.model.drivers import CommandDriver, dated
from tests.model.observations import observed, snapshot
from tests.model.reference import (
    CHAIN_FROM,
    DAY,
    EARLY,
    HELD_YEARS,
    MOVES,
    NOW,
    TODAY,
    modelled,
    name_key,
    rules_on,
    years_later,
)
from tests.model.strategies import (
    BANDUNG,
    CERT_LEVELS,
    FIELDS,
    GARUT,
    LEVELS,
    MAJORS,
    MEMBER_NAMES,
    NEW_ACTOR_NAMES,
    PLACES,
    PRACTICES,
    PROVINCES,
    REGENCIES,
    ROLES,
    STANDARD_ACTORS,
    actor_ix,
    any_day,
    birth_dates,
    era_day,
    gap,
    hours_text,
    maybe_day,
    maybe_level,
    member_ix,
    past,
    pick,
    soon,
)


def between(first: date, last: date, part: int) -> date:
    """The day ``part`` thousandths of the way from ``first`` to the earlier of ``last`` and
    the day before today (``first`` if that is later)."""
    last = min(last, TODAY - DAY)
    if last <= first:
        return first
    return first + timedelta(days=(last - first).days * part // 1000)


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
        for officer in STANDARD_ACTORS:  # the regional governments' officers
            if officer.regency is not None:
                command = AddActor(name=officer.name, role=officer.role, regency=officer.regency)
                add_actor(self.ledger, ADMIN, command)
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
        held_on=st.one_of(any_day, era_day),
        assessors=st.sampled_from([1, 2, 3, 1, 2, 3, 1, 0]),
        level=maybe_level,
    )
    def exam(
        self,
        by: int | None,
        who: int,
        field_: str,
        passed: bool,
        held_on: date,
        assessors: int,
        level: str | None,
    ) -> None:
        reg = self.member_reg(who)
        self.do_exam(self.actor(by, LSP), reg, field_, passed, held_on, assessors, level)
        self.finish()

    @rule(
        by=actor_ix,
        who=member_ix,
        field_=st.sampled_from([*FIELDS, *FIELDS, *FIELDS, "psikologi"]),
        exam_choice=st.one_of(st.none(), pick),
        on=st.one_of(st.none(), st.none(), any_day, era_day),
        level=maybe_level,
    )
    def certify(
        self,
        by: int | None,
        who: int,
        field_: str,
        exam_choice: int | None,
        on: date | None,
        level: str | None,
    ) -> None:
        reg = self.member_reg(who)
        self.do_certify(self.actor(by, LSP), reg, field_, exam_choice, on, level)
        self.finish()

    @rule(
        who=st.integers(0, 7),
        field_=st.sampled_from(FIELDS),
        day=st.one_of(st.none(), era_day),  # None: certified undated, today
        level=st.sampled_from(CERT_LEVELS),  # claimed where the rules of the day have levels
        degree=st.sampled_from(["", "", "", "D3", "S1", "S2"]),  # "": what the level asks for
        hours=st.sampled_from(["enough", "enough", "short", "ample"]),
        practice=st.sampled_from(["enough", "enough", "short", "ample"]),
        graduated=st.integers(0, 4000),  # days before the certification
        exam_lag=st.integers(0, 90),
        # 0: facts only; 1: certify; 2: and apply for a licence or issue an STR; 3: and grant
        # the licence or a SIPPS; 4: and suspend it.
        then=st.sampled_from([0, 1, 2, 2, 3, 3, 3, 4, 4]),
        # Licences on the 2009 and 2012 rules' certificates, STRs on Law 14/2019's; "str": an
        # STR whatever the certificate's rules (earlier ones qualify too).
        route=st.sampled_from(["usual", "usual", "str"]),
        place=st.sampled_from(PLACES),
        later=st.tuples(gap, soon, soon),
    )
    def qualify(
        self,
        who: int,
        field_: str,
        day: date | None,
        level: str,
        degree: str,
        hours: str,
        practice: str,
        graduated: int,
        exam_lag: int,
        then: int,
        route: str,
        place: str,
        later: tuple[int | None, int | None, int | None],
    ) -> None:
        """What a candidate usually brings for the rules of the day (exactly enough, a little
        short or ample), recorded command by command (each one checked); then perhaps
        certification, and what follows it: a licence application, its grant and a suspension
        (the 2009 and 2012 rules), or an STR, a SIPPS and its suspension (Law 14/2019), each
        dated after the one before or undated, by the usual actors."""
        reg = self.member_reg(who)
        member = self.members[reg]
        on = None if day is None else max(day, member.registered_on)
        when = on or TODAY
        rules = rules_on(when)
        claimed = rules.only_level or level
        needs = rules.levels[claimed]
        usual = {"asisten": "D3", "generalis": "S1", "spesialis": "S2"}.get(claimed, "S1")
        amount = {"enough": Decimal(0), "short": Decimal("-0.01"), "ample": Decimal(4)}[hours]
        days = {"enough": 0, "short": -1, "ample": 400}[practice] + needs.practice_days
        # The exam within the rules of the day (a level where they have levels).
        held_on = max(member.registered_on, rules.in_force_from, when - timedelta(days=exam_lag))
        at_level = None if rules.only_level else claimed
        self.do_education(
            ADMIN, reg, degree or usual, "kesejahteraan-sosial", when - timedelta(days=graduated)
        )
        self.do_experience(ADMIN, reg, when - timedelta(days=days - 1), None)
        self.do_training(LSP, reg, (str(needs.training_hours + amount), True), held_on)
        self.do_exam(LSP, reg, field_, True, held_on, 2, at_level)
        if then >= 1:
            self.do_certify(LSP, reg, field_, None, on, at_level)
        certificate = next(iter(reversed(member.certificates.values())), None)
        if then < 2 or certificate is None:
            pass
        elif route == "usual" and rules_on(certificate.on).licences:
            apply_on = dated(certificate.on, later[0])
            self.do_apply(LSP, reg, certificate.number, ["direct", "community"], apply_on)
            application = next(iter(reversed(member.applications.values())), None)
            if then >= 3 and application:
                self.do_grant(MINISTRY, application.number, dated(application.on, later[1]))
            licence = next(iter(reversed(member.licences.values())), None)
            if then >= 4 and licence:
                self.do_decide(MINISTRY, "suspend", licence.number, dated(licence.on, later[2]))
        else:
            issue_on = dated(max(certificate.on, CHAIN_FROM), later[0])
            oath_on = (issue_on or TODAY) - timedelta(days=3)
            self.do_issue_str(ADMIN, reg, certificate.number, issue_on, oath_on)
            registration = next(iter(reversed(member.strs.values())), None)
            if then >= 3 and registration:
                grant_on = dated(registration.on, later[1])
                self.do_grant_sipps(
                    BANDUNG, reg, registration.number, "3273", place, ["direct"], grant_on
                )
            permit = next(iter(reversed(member.sipps.values())), None)
            if then >= 4 and permit:
                self.do_decide_sipps(BANDUNG, "suspend", permit.number, dated(permit.on, later[2]))
        self.finish()

    @precondition(lambda self: any(c.level == "generalis" for c in self.certificates.values()))
    @rule(choice=pick, lag=st.sampled_from([-1, 0, 0, 30, 400]))
    def specialise(self, choice: int, lag: int) -> None:
        """Law 14/2019's other road to spesialis: a generalis certificate held three years (or
        a day short of it), with the practice, training and a spesialis exam in its field."""
        generalis = [c for c in self.certificates.values() if c.level == "generalis"]
        grown = generalis[choice % len(generalis)]
        day = min(TODAY, years_later(grown.on, HELD_YEARS) + timedelta(days=lag))
        reg = grown.holder
        self.do_experience(ADMIN, reg, day - timedelta(days=1824), None)
        self.do_training(LSP, reg, ("160", True), day)
        self.do_exam(LSP, reg, grown.field, True, day, 2, "spesialis")
        self.do_certify(LSP, reg, grown.field, None, day, "spesialis")
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
        when=gap,
    )
    def apply(
        self, by: int | None, who: int, choice: int, practice: list[str], when: int | None
    ) -> None:
        # Mostly a certificate (or another number) and the member holding it; sometimes
        # another member (the certificate is then not theirs) or a number never issued. Dated
        # some days after the certificate, or undated (today: no licences under Law 14/2019).
        number = self.number(choice, self.certificates)
        holder, on = self.holder_and_day(number, self.certificates, when)
        reg = holder if holder and who < 6 else self.member_reg(who)
        self.do_apply(self.actor(by, LSP), reg, number, practice, on)
        self.finish()

    @precondition(lambda self: self.applications)
    @rule(by=actor_ix, choice=pick, when=soon)
    def grant(self, by: int | None, choice: int, when: int | None) -> None:
        pending = [a for a, app in self.applications.items() if app.licence is None]
        number = self.number(choice, pending or self.applications)
        _, on = self.holder_and_day(number, self.applications, when)
        self.do_grant(self.actor(by, MINISTRY), number, on)
        self.finish()

    @precondition(lambda self: self.licences)
    @rule(by=actor_ix, move=st.sampled_from(list(MOVES)), choice=pick, when=soon)
    def decide(self, by: int | None, move: str, choice: int, when: int | None) -> None:
        """A Ministry decision on a licence, dated some days after its last decision (or its
        grant), or undated: today every licence has expired (the last ended in 2025)."""
        number = self.number(choice, self.licences)
        licence = self.licences.get(number)
        on = dated(licence.last_decided, when) if licence else dated(TODAY, when)
        self.do_decide(self.actor(by, MINISTRY), move, number, on)
        self.finish()

    @precondition(lambda self: self.certificates)
    @rule(
        by=actor_ix,
        who=member_ix,
        choice=pick,
        when=gap,
        oath=st.sampled_from([0, 3, 30, 3, -1]),  # days before the issue (-1: the day after)
        bad=st.sampled_from([False] * 9 + [True]),  # an empty health statement
    )
    def issue_str(
        self, by: int | None, who: int, choice: int, when: int | None, oath: int, bad: bool
    ) -> None:
        """An STR on a certificate (mostly its holder's), dated some days after the later of
        the certificate and Law 14/2019's first day, or undated."""
        number = self.number(choice, self.certificates)
        holder = self.certificates[number].holder if number in self.certificates else None
        base = max(self.certificates[number].on, CHAIN_FROM) if holder else CHAIN_FROM
        on = dated(base, when)
        reg = holder if holder and who < 6 else self.member_reg(who)
        oath_on = (on or TODAY) - timedelta(days=oath)
        self.do_issue_str(self.actor(by, ADMIN), reg, number, on, oath_on, bad)
        self.finish()

    @precondition(lambda self: self.strs)
    @rule(by=actor_ix, choice=pick)
    def revoke_str(self, by: int | None, choice: int) -> None:
        self.do_revoke_str(self.actor(by, ADMIN), self.number(choice, self.strs))
        self.finish()

    @precondition(lambda self: self.strs)
    @rule(
        by=actor_ix,
        who=member_ix,
        choice=pick,
        regency=st.sampled_from(["3273", "3273", "3273", *REGENCIES]),
        place=st.sampled_from(PLACES),
        practice=st.one_of(
            st.lists(st.sampled_from(PRACTICES), min_size=1, max_size=2),
            st.lists(st.sampled_from(PRACTICES), min_size=1, max_size=2),
            st.lists(st.sampled_from(PRACTICES), max_size=0),
        ),
        when=soon,
    )
    def grant_sipps(
        self,
        by: int | None,
        who: int,
        choice: int,
        regency: str,
        place: str,
        practice: list[str],
        when: int | None,
    ) -> None:
        """A SIPPS on an STR (mostly its holder's), by the officer of a regency (mostly Kota
        Bandung's), dated some days after the STR or undated."""
        number = self.number(choice, self.strs)
        holder, on = self.holder_and_day(number, self.strs, when)
        reg = holder if holder and who < 6 else self.member_reg(who)
        self.do_grant_sipps(self.actor(by, BANDUNG), reg, number, regency, place, practice, on)
        self.finish()

    @precondition(lambda self: self.sipps)
    @rule(by=actor_ix, move=st.sampled_from(list(MOVES)), choice=pick, when=soon)
    def decide_sipps(self, by: int | None, move: str, choice: int, when: int | None) -> None:
        """A regency's decision on a SIPPS (by default its own officer's), dated some days
        after its last decision (or its grant), or undated."""
        number = self.number(choice, self.sipps)
        permit = self.sipps.get(number)
        regency = permit.regency if permit else "3273"
        officer = next(a.name for a in STANDARD_ACTORS if a.regency == regency)
        on = dated(permit.last_decided, when) if permit else dated(TODAY, when)
        self.do_decide_sipps(self.actor(by, officer), move, number, on)
        self.finish()

    @precondition(lambda self: self.certificates)
    @rule(
        kind=st.sampled_from(["str", "str", "sipps", "sipps", "licence"]),
        choice=pick,
        part=st.integers(0, 1000),
        place=st.sampled_from(PLACES),
    )
    def paper_history_after_a_fall(self, kind: str, choice: int, part: int, place: str) -> None:
        """Paper history entered after a revocation: a credential revoked (today, unless it
        was already), then, dated ``part`` thousandths of the way through the days it was
        active before that, a SIPPS on it (an STR), or on a certificate an STR, or a licence
        applied for and granted (the 2009 and 2012 rules' certificates): granted where its base
        was active that day, and fallen with its base in the same save."""
        # Mostly a base active on some day before today (what an undated decision made is not).
        strs = [r for r in self.strs.values() if r.on < TODAY] or list(self.strs.values())
        if kind == "sipps" and strs:
            registration = strs[choice % len(strs)]
            if not registration.revoked:
                self.do_revoke_str(ADMIN, registration.number)
            day = between(registration.on, registration.until, part)
            reg, number = registration.holder, registration.number
            self.do_grant_sipps(BANDUNG, reg, number, "3273", place, ["direct"], day)
        else:
            certificates = [
                c for c in self.certificates.values() if c.on < TODAY and c.until >= CHAIN_FROM
            ]
            if kind == "licence":
                certificates = [c for c in self.certificates.values() if c.on < CHAIN_FROM]
            certificates = certificates or list(self.certificates.values())
            certificate = certificates[choice % len(certificates)]
            if not certificate.revoked:
                self.do_revoke_certificate(LSP, certificate.number)
            reg, number = certificate.holder, certificate.number
            if kind == "licence" and rules_on(certificate.on).licences:
                day = between(certificate.on, min(certificate.until, CHAIN_FROM - DAY), part)
                self.do_apply(LSP, reg, number, ["direct"], day)
                pending = [a for a in self.applications.values() if a.licence is None]
                if pending and pending[-1].certificate == number:
                    self.do_grant(MINISTRY, pending[-1].number, day)
            else:
                day = between(max(certificate.on, CHAIN_FROM), certificate.until, part)
                self.do_issue_str(ADMIN, reg, number, day, day)
        self.finish()

    def holder_and_day(
        self, number: str, issued: Mapping[str, Any], when: int | None
    ) -> tuple[str | None, date | None]:
        """Who holds ``number`` (None: not one of ``issued``), and a day ``when`` days after its
        own (None: undated)."""
        if number not in issued:
            return None, dated(TODAY, when)
        return issued[number].holder, dated(issued[number].on, when)

    @rule(by=actor_ix, who=member_ix, choice=pick)
    def correct(self, by: int | None, who: int, choice: int) -> None:
        self.do_correct(by, self.member_reg(who), choice)
        self.finish()

    @rule(
        by=actor_ix,
        name=st.sampled_from(NEW_ACTOR_NAMES),
        role=st.sampled_from(ROLES),
        province=st.sampled_from([None, None, "32", "94", "99"]),
        regency=st.sampled_from([None, None, None, "3273", "Kota Bandung", "3205", "9999"]),
    )
    def add_actor(
        self, by: int | None, name: str, role: str, province: str | None, regency: str | None
    ) -> None:
        if role == "chapter-admin" and province is None and by is None:
            province = "32"  # mostly well formed
        if role == "regional-government" and regency is None and by is None:
            regency = "3205"
        self.do_add_actor(self.actor(by, ADMIN), name, role, province, regency)
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
            # SECURITY.md "Who sees what": a read without --unmasked shows everyone the last
            # four digits (the unmasked, recorded reads: tests/security/test_access_matrix.py)
            masked = "*" * 12 + member.nik[-4:]
            assert shown["nik"] == masked, f"{role} reads NIK {shown['nik']}, expected {masked}"
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
                r["rule_set"],
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
                c.rule_set,
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
                str(lic.on),
                str(lic.until),
                lic.status,
                ",".join(lic.practice),
            )
            for lic in self.licences.values()
        }, "the licence register"
        levels = {r["certificate_no"]: r["level"] for r in tables["view_certificate_levels"]}
        assert levels == {c.number: c.level for c in self.certificates.values()}, "the levels"
        strs = {
            r["str_no"]: (
                reg_of[r["member_id"]],
                r["certificate_no"],
                r["issued_on"],
                r["valid_until"],
                r["rule_set"],
                r["revoked_on"],
            )
            for r in tables["view_strs"]
        }
        assert strs == {
            r.number: (
                r.holder,
                r.certificate,
                str(r.on),
                str(r.until),
                rules_on(r.on).id,
                str(TODAY) if r.revoked else None,
            )
            for r in self.strs.values()
        }, "the STR register"
        permits = {
            r["sipps_no"]: (
                reg_of[r["member_id"]],
                r["str_no"],
                r["regency"],
                r["place"],
                r["practice"],
                r["granted_on"],
                r["valid_until"],
                r["status"],
            )
            for r in tables["view_sipps"]
        }
        assert permits == {
            p.number: (
                p.holder,
                p.str_no,
                p.regency,
                p.place,
                ",".join(p.practice),
                str(p.on),
                str(p.until),
                p.status,
            )
            for p in self.sipps.values()
        }, "the SIPPS register"
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

    class TestModelOnPostgreSQL(unittest.TestCase):  # type: ignore[no-redef]
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
        candidate: dict[str, Any] = {
            "field_": "anak",
            "day": date(2011, 3, 1),
            "level": "generalis",
            "degree": "",
            "hours": "enough",
            "practice": "enough",
            "graduated": 1000,
            "exam_lag": 10,
            "route": "usual",
            "place": PLACES[0],
            "later": (30, 30),
        }
        state.qualify(who=0, then=2, **candidate)
        state.catch_up_views()
        state.grant(by=None, choice=0, when=30)
        state.qualify(who=1, then=3, **candidate)
        assert len(state.licences) == 2
        state.check_views_and_integrity()
    finally:
        state.clean = False  # checked above; teardown only closes
        state.teardown()


@pytest.mark.parametrize("backend", BACKENDS)
def test_replay_each_rule_set_and_the_chain_with_its_falls(backend: str) -> None:
    """Every path the rule changes opened, checked step by step against the model (a random
    run reaches them only now and then): a certificate under each rule set and level, a licence
    refused under Law 14/2019, an STR on a 2012 certificate, the chain certificate -> STR ->
    SIPPS with the wrong regency refused, a spesialis grown from a generalis certificate held
    three years, and the falls: an STR revoked takes its SIPPS, a certificate revoked takes its
    STR and their SIPPS; and paper history entered after a revocation: an STR, a SIPPS on it
    and a licence, each dated before its base was revoked, granted and fallen in the same save
    (active up to the day before, revoked from that day)."""
    state = MACHINES[backend]()
    try:
        state.open_ledger(first=("32", date(2009, 1, 1)), second=("32", date(2010, 1, 1)))
        first, second = list(state.members)
        candidate: dict[str, Any] = {
            "field_": "anak",
            "level": "generalis",
            "degree": "",
            "hours": "enough",
            "practice": "enough",
            "graduated": 1000,
            "exam_lag": 10,
            "route": "usual",
            "place": PLACES[0],
        }
        # 2011: the 2009 rules' 60 hours; a licence, granted, dated a month after each other.
        state.qualify(who=0, day=date(2011, 3, 1), then=3, later=(30, 30), **candidate)
        # 2018: the 2012 rules (160 hours), in another field; no licence applied for today.
        again = {**candidate, "field_": "lansia", "route": "str"}
        state.qualify(who=0, day=date(2018, 6, 1), then=3, later=(0, 0), **again)
        # 2023: generalis under Law 14/2019, its STR and a SIPPS of Kota Bandung, today.
        state.qualify(who=1, day=date(2023, 5, 2), then=3, later=(None, None), **candidate)
        rules = [(c.rule_set, c.level) for c in state.certificates.values()]
        assert rules == [
            ("permensos-108-2009", "pekerja-sosial-profesional"),
            ("permensos-16-2012", "pekerja-sosial-profesional"),
            ("uu-14-2019", "generalis"),
        ], rules
        old, lansia, generalis = state.certificates
        assert [lic.status_on(TODAY) for lic in state.licences.values()] == ["expired"]
        state.do_apply(LSP, first, old, ["direct"])  # today: refused, practice needs a SIPPS
        assert [(r.holder, r.on, r.status(TODAY)) for r in state.strs.values()] == [
            (first, CHAIN_FROM, "expired"),  # on the 2012 certificate, from the first day
            (second, TODAY, "active"),
        ]
        registration, permit = list(state.strs)[1], list(state.sipps)[1]
        # The officer of Garut may not grant or decide on Kota Bandung's permits.
        state.do_grant_sipps(GARUT, second, registration, "3273", "Klinik", ["direct"], None)
        state.do_decide_sipps(GARUT, "suspend", permit)
        state.do_decide_sipps(BANDUNG, "suspend", permit)
        state.do_decide_sipps(BANDUNG, "reinstate", permit)
        # A spesialis from the generalis certificate held three years (refused a day short).
        state.specialise(choice=0, lag=-1)
        state.specialise(choice=0, lag=0)
        spesialis = list(state.certificates)[-1]
        assert state.certificates[spesialis].level == "spesialis", state.certificates
        # An STR and a SIPPS on it; revoking the STR takes the SIPPS with it.
        state.do_issue_str(ADMIN, second, spesialis, None, TODAY)
        newer = list(state.strs)[-1]
        state.do_grant_sipps(BANDUNG, second, newer, "Kota Bandung", "Klinik", ["group"], None)
        state.do_revoke_str(ADMIN, newer)
        state.do_revoke_str(ADMIN, newer)  # a repeated decision: conflict
        # Revoking the generalis certificate takes its STR and that STR's SIPPS.
        state.do_revoke_certificate(LSP, generalis)
        assert {r.number: r.status(TODAY) for r in state.strs.values()}[registration] == "revoked"
        assert [p.status_on(TODAY) for p in state.sipps.values()] == [
            "expired",
            "revoked",
            "revoked",
        ]
        # Paper history after the revocation (today): an STR on the generalis certificate dated
        # 2024, when it was active, is issued and falls with it at once; so does a SIPPS dated
        # 2024 on that STR.
        state.do_issue_str(ADMIN, second, generalis, date(2024, 1, 10), date(2024, 1, 5))
        late = list(state.strs)[-1]
        assert late.startswith("STR-2024-"), late
        state.do_grant_sipps(BANDUNG, second, late, "3273", "Klinik", ["direct"], date(2024, 2, 1))
        permit = list(state.sipps)[-1]
        assert permit.startswith("SIPPS-3273-2024-"), permit
        assert [state.strs[late].status(day) for day in (TODAY - DAY, TODAY)] == [
            "active",
            "revoked",
        ]
        assert [state.sipps[permit].status_on(day) for day in (TODAY - DAY, TODAY)] == [
            "active",
            "revoked",
        ]
        # And a licence: applied for in 2019 on the 2018 certificate, which is then revoked
        # (taking its STR and that STR's SIPPS), granted as of 2019 and fallen with it.
        state.do_apply(LSP, first, lansia, ["direct"], date(2019, 1, 2))
        application = list(state.applications)[-1]
        state.do_revoke_certificate(LSP, lansia)
        state.do_grant(MINISTRY, application, date(2019, 2, 1))
        licence = state.applications[application].licence
        assert licence is not None and licence.startswith("LIC-2019-"), licence
        assert [state.licences[licence].status_on(day) for day in (TODAY - DAY, TODAY)] == [
            "expired",  # with its certificate, in 2023: expired before it fell
            "revoked",
        ]
        state.finish()  # member show today: fallen
        for member in range(2):  # and as of days before: active (the licence until 2023)
            for day in (date(2023, 1, 1), date(2025, 1, 1), TODAY - DAY):
                state.show_as_of(reader=None, who=member, day=day)
        state.check_views_and_integrity()
    finally:
        state.clean = False  # checked above; teardown only closes
        state.teardown()
