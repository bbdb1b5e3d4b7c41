"""Driving the command handlers for the state machine: the state it keeps beside the
reference model, choosing actors, members and numbers, the model's gates (who may act, on which
member), running one command as the CLI builds it, and each write command: the model's verdict,
the run, the model's update."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

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
from commands.practice import (
    GrantSipps,
    IssueStr,
    ReinstateSipps,
    RevokeSipps,
    RevokeStr,
    SuspendSipps,
    decide_on_sipps,
    grant_sipps,
    issue_str,
    revoke_str,
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
from ledger.errors import Conflict, InvalidInput, LedgerError, NotAuthorised, NotFound, Refused
from projections.read_model import ReadModel
from tests.builders import ADMIN, LSP, nik_for
from tests.model.observations import observed
from tests.model.reference import (
    CERTIFICATE_YEARS,
    EXIT_CODES,
    LICENCE_YEARS,
    MAY,
    MOVES,
    OK,
    QUALIFYING_MAJORS,
    STR_YEARS,
    TODAY,
    ActorM,
    ApplicationM,
    CertificateM,
    ExamM,
    Expect,
    LicenceM,
    MemberM,
    SippsM,
    StrM,
    certification_verdict,
    exam_level_wrong,
    expect,
    last_valid_day,
    licences_on,
    modelled,
    name_key,
    requirement_kind,
    rules_on,
)
from tests.model.strategies import (
    ASSESSORS,
    FIELDS,
    MALFORMED_REG,
    MEMBER_NAMES,
    REGENCIES,
    STANDARD_ACTORS,
    UNKNOWN_ACTOR,
    UNKNOWN_NUMBERS,
    UNKNOWN_REG,
)

SESSION = Session(db=None, actor=None, as_json=False)


def dated(base: date, days: int | None) -> date | None:
    """``days`` after ``base``, never after today; None: undated (the command's today)."""
    return None if days is None else min(TODAY, base + timedelta(days=days))


def same_place(a: str, b: str) -> bool:
    """Places of practice are told apart ignoring case and spacing (the implementation's
    choice; PRODUCT.md says only "one SIPPS per place")."""
    return name_key(a) == name_key(b)


class CommandDriver:
    """The machine's state and its commands (a mixin: ``LedgerModel`` adds the rules that draw
    them, set-up and teardown, and the read-side checks)."""

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
        self.strs: dict[str, StrM] = {}
        self.sipps: dict[str, SippsM] = {}
        self.nik_counter = itertools.count(1)
        self.steps = 0
        self.clean = True  # False while a step runs: a failed step skips the final checks

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
        others = [
            *self.exam_holder,
            *self.certificates,
            *self.applications,
            *self.licences,
            *self.strs,
            *self.sipps,
        ]
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
            nik = nik_for("32", birth, next(self.nik_counter))
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
        verdict = gate or (OK if changes else expect(InvalidInput, "nothing changes"))
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
        self,
        by: str,
        reg: str,
        field_: str,
        passed: bool,
        held_on: date,
        assessors: int,
        level: str | None = None,
    ) -> None:
        gate, member = self.member_gate(by, "exam", reg)
        if field_ not in FIELDS or assessors == 0:
            verdict = expect(InvalidInput, "no such field, or no assessor")
        else:
            verdict = gate or (
                expect(Refused, "held in the future or before registration, or the wrong level")
                if held_on > TODAY
                or held_on < member.registered_on
                or exam_level_wrong(held_on, level)
                else OK
            )
        fields = {
            "registration_no": reg,
            "field": field_,
            "result": "passed" if passed else "failed",
            "held_on": str(held_on),
            "assessors": tuple(ASSESSORS[: min(assessors, len(ASSESSORS))]),
            "level": level,
        }
        result = self.run("exam record", verdict, RecordExam, fields, record_exam, by)
        if result is not None:
            exam_id = result["exam_id"]
            assert exam_id not in self.exam_holder, f"exam id {exam_id} issued twice"
            member.version += 1
            member.exams[member.version] = ExamM(exam_id, field_, passed, held_on, level)
            self.exam_holder[exam_id] = reg

    def do_certify(
        self,
        by: str,
        reg: str,
        field_: str,
        exam_choice: int | None,
        on: date | None,
        level: str | None = None,
    ) -> None:
        gate, member = self.member_gate(by, "certify", reg)
        exam_id = None
        if exam_choice is not None:
            own = [x.exam_id for x in member.exams.values()]
            exam_id = self.number(exam_choice, own)
        day = on or TODAY
        judged = certification_verdict(member, field_, day, exam_id, level)
        if field_ not in FIELDS:
            verdict = expect(InvalidInput, "no such field")
        elif gate:
            verdict = gate
        elif judged.unmet:
            verdict = expect(Refused, "requirements unmet", unmet=judged.unmet)
        else:
            verdict = OK
        fields = {
            "registration_no": reg,
            "field": field_,
            "exam_id": exam_id,
            "on": str(on) if on else None,
            "level": level,
        }
        result = self.run("certify", verdict, Certify, fields, certify, by)
        if result is not None:
            number = result["certificate_no"]
            assert number not in self.certificates, f"certificate {number} issued twice"
            until = last_valid_day(day, CERTIFICATE_YEARS)
            assert result["valid_until"] == str(until), f"valid 5 years, to {until}: {result}"
            assert (result["rule_set"], result["level"]) == (judged.rule_set, judged.level), (
                f"judged by the rules of {day}: {judged.rule_set} at {judged.level!r}: {result}"
            )
            member.version += 1
            certificate = CertificateM(
                number,
                reg,
                field_,
                day,
                until,
                judged.evidence,
                judged.rule_set,
                judged.level,
                member.version,
            )
            member.certificates[number] = certificate
            self.certificates[number] = certificate

    def do_revoke_certificate(self, by: str, number: str) -> None:
        certificate = self.certificates.get(number)
        if gate := self.role_gate(by, "certificate-revoke"):
            verdict = gate
        elif certificate is None:
            verdict = expect(NotFound, f"no certificate {number}")
        elif certificate.revoked:
            verdict = expect(Conflict, "already revoked: a repeated decision")
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
        # What rests on it falls with it, in the same save: its licences (expired ones too:
        # the revocation stands), its STRs and the SIPPS on those.
        fallen = [
            lic.number
            for lic in member.licences.values()
            if lic.certificate == number and lic.status != "revoked"
        ]
        assert sorted(result["licences_revoked"]) == sorted(fallen), "its licences fall with it"
        for licence in fallen:
            member.licences[licence].changes.append((TODAY, "revoked"))
            member.version += 1
        strs = [r.number for r in member.strs.values() if r.certificate == number and not r.revoked]
        permits = [permit for registration in strs for permit in member.revoke_str(registration)]
        if strs:
            assert sorted(result["strs_revoked"]) == sorted(strs), "its STRs fall with it"
            assert sorted(result["sipps_revoked"]) == sorted(permits), "and their SIPPS"
        else:
            assert "strs_revoked" not in result and "sipps_revoked" not in result, result

    def do_apply(
        self, by: str, reg: str, number: str, practice: list[str], on: date | None = None
    ) -> None:
        gate, member = self.member_gate(by, "licence-apply", reg)
        certificate = member.certificates.get(number)
        day = on or TODAY
        if not practice:
            verdict = expect(InvalidInput, "no kind of practice")
        elif gate:
            verdict = gate
        elif certificate is None:
            verdict = expect(NotFound, f"{number} is not a certificate of {reg}")
        elif (
            not licences_on(day)
            or day > TODAY
            or certificate.status(day) != "active"
            or any(
                a.certificate == number and a.licence is None for a in member.applications.values()
            )
            or any(
                lic.certificate == number and lic.status_on(day) in ("active", "suspended")
                for lic in member.licences.values()
            )
        ):
            verdict = expect(
                Refused,
                f"no Ministry licences on {day}, a future day, the certificate not active that "
                "day, or already pending or licensed",
            )
        else:
            verdict = OK
        fields = {
            "registration_no": reg,
            "certificate_no": number,
            "practice": tuple(practice),
            "on": str(on) if on else None,
        }
        result = self.run("licence apply", verdict, ApplyForLicence, fields, apply_for_licence, by)
        if result is not None:
            application = result["application_no"]
            assert application not in self.applications, f"{application} issued twice"
            kinds = tuple(dict.fromkeys(practice))  # each kind once, in the order given
            assert result["practice"] == list(kinds)
            self.applications[application] = ApplicationM(application, reg, number, kinds, day)
            member.applications[application] = self.applications[application]
            member.version += 1

    def do_grant(self, by: str, number: str, on: date | None = None) -> None:
        application = self.applications.get(number)
        day = on or TODAY
        if gate := self.role_gate(by, "grant"):
            verdict = gate
        elif application is None:
            verdict = expect(NotFound, f"no application {number}")
        elif application.licence is not None:
            verdict = expect(Conflict, f"already granted as {application.licence}")
        elif (
            not licences_on(day)
            or day > TODAY
            or day < application.on
            or self.certificates[application.certificate].status(day) != "active"
        ):
            verdict = expect(
                Refused,
                "no licences that day, a future day, before the application, or the "
                "certificate not active that day",
            )
        else:
            verdict = OK
        fields = {"application_no": number, "on": str(on) if on else None}
        result = self.run("licence grant", verdict, GrantLicence, fields, grant_licence, by)
        if result is None:
            return
        assert application is not None
        licence = result["licence_no"]
        assert licence not in self.licences, f"licence {licence} issued twice"
        certificate = self.certificates[application.certificate]
        until = min(last_valid_day(day, LICENCE_YEARS), certificate.until)
        assert result["valid_until"] == str(until), f"5 years, within the certificate: {until}"
        assert result["registration_no"] == application.holder
        application.licence = licence
        member = self.members[application.holder]
        self.licences[licence] = LicenceM(
            licence, application.holder, certificate.number, application.practice, until, day
        )
        member.licences[licence] = self.licences[licence]
        member.version += 1
        if certificate.revoked:
            # Paper history: granted on a day its certificate was active, on a certificate
            # whose revocation is already recorded; it falls with it in the same save,
            # effective on the day of that revocation (today).
            self.licences[licence].changes.append((TODAY, "revoked"))
            member.version += 1

    def do_decide(self, by: str, move: str, number: str, on: date | None = None) -> None:
        licence = self.licences.get(number)
        day = on or TODAY
        _, target = MOVES[move]
        if gate := self.role_gate(by, "licence-revoke" if move == "revoke" else move):
            verdict = gate
        elif licence is None:
            verdict = expect(NotFound, f"no licence {number}")
        elif not licence.may_move(move, day):
            status = licence.status_on(day)
            verdict = expect(Refused, f"cannot {move} on {day} a licence then {status}")
        else:
            verdict = OK
        model = {"suspend": SuspendLicence, "reinstate": ReinstateLicence}.get(move, RevokeLicence)
        fields = {"licence_no": number, "reason": "keputusan Kemensos", "on": _day(on)}
        result = self.run(f"licence {move}", verdict, model, fields, decide_on_licence, by)
        if result is not None:
            assert licence is not None
            assert result["status"] == target
            licence.changes.append((day, target))
            self.members[licence.holder].version += 1

    # --- Law 14/2019's chain: STR (IPSPI), then SIPPS (the regency or city) ----------------

    def do_issue_str(
        self,
        by: str,
        reg: str,
        number: str,
        on: date | None,
        oath_on: date,
        bad: bool = False,
    ) -> None:
        gate, member = self.member_gate(by, "str-issue", reg)
        certificate = member.certificates.get(number)
        day = on or TODAY
        if bad:
            verdict = expect(InvalidInput, "an empty health statement")
        elif gate:
            verdict = gate
        elif rules_on(day).licences:
            verdict = expect(Refused, f"no STRs under {rules_on(day).id}, on {day}")
        elif certificate is None:
            verdict = expect(NotFound, f"{number} is not a certificate of {reg}")
        elif (
            day > TODAY
            or oath_on > day
            or certificate.status(day) != "active"
            or any(
                r.certificate == number and r.status(day) == "active" for r in member.strs.values()
            )
        ):
            verdict = expect(
                Refused,
                "a future day, the oath after it, the certificate not active that day, "
                "or an active STR on it already",
            )
        else:
            verdict = OK
        fields = {
            "registration_no": reg,
            "certificate_no": number,
            "health_statement": " " if bad else "SKS-2024/117",
            "oath_on": str(oath_on),
            "ethics_pledge": "PKE-2024/117",
            "on": str(on) if on else None,
        }
        result = self.run("str issue", verdict, IssueStr, fields, issue_str, by)
        if result is None:
            return
        assert certificate is not None
        registration = result["str_no"]
        assert registration not in self.strs, f"STR {registration} issued twice"
        assert registration.startswith(f"STR-{day.year}-"), registration
        until = last_valid_day(day, STR_YEARS)
        assert result["valid_until"] == str(until), f"valid 5 years, to {until}: {result}"
        assert result["rule_set"] == rules_on(day).id, result
        self.strs[registration] = StrM(registration, reg, number, day, until)
        member.strs[registration] = self.strs[registration]
        member.version += 1
        if certificate.revoked:
            # Paper history: issued on a day its certificate was active, on a certificate whose
            # revocation is already recorded; it falls with it in the same save, effective on
            # the day of that revocation (today). A new STR has no SIPPS to take with it.
            assert member.revoke_str(registration) == []

    def do_revoke_str(self, by: str, number: str) -> None:
        registration = self.strs.get(number)
        if gate := self.role_gate(by, "str-revoke"):
            verdict = gate
        elif registration is None:
            verdict = expect(NotFound, f"no STR {number}")
        elif registration.revoked:
            verdict = expect(Conflict, "already revoked: a repeated decision")
        else:
            verdict = OK
        fields = {"str_no": number, "reason": "putusan dewan kode etik"}
        result = self.run("str revoke", verdict, RevokeStr, fields, revoke_str, by)
        if result is None:
            return
        assert registration is not None
        fallen = self.members[registration.holder].revoke_str(number)
        assert sorted(result["sipps_revoked"]) == sorted(fallen), "its SIPPS fall with it"

    def do_grant_sipps(
        self,
        by: str,
        reg: str,
        number: str,
        regency_given: str,
        place: str,
        practice: list[str],
        on: date | None,
    ) -> None:
        regency = REGENCIES[regency_given]
        actor = self.who(by)
        day = on or TODAY
        member = self.members.get(reg)
        registration = member.strs.get(number) if member else None
        if regency is None or not practice:
            verdict = expect(InvalidInput, "no such regency, or no kind of practice")
        elif gate := self.role_gate(by, "sipps-grant"):
            verdict = gate
        elif actor is not None and actor.regency != regency:
            verdict = expect(NotAuthorised, f"the officer of {actor.regency} on {regency}")
        elif reg == MALFORMED_REG:
            verdict = expect(InvalidInput, "malformed registration number")
        elif member is None:
            verdict = expect(NotFound, f"no member {reg}")
        elif rules_on(day).licences:
            verdict = expect(Refused, f"no SIPPS under {rules_on(day).id}, on {day}")
        elif registration is None:
            verdict = expect(NotFound, f"{number} is not an STR of {reg}")
        elif (
            day > TODAY
            or registration.status(day) != "active"
            or any(
                same_place(p.place, place) and p.status_on(day) in ("active", "suspended")
                for p in member.sipps.values()
            )
        ):
            verdict = expect(
                Refused, "a future day, the STR not active that day, or a live SIPPS for the place"
            )
        else:
            verdict = OK
        fields = {
            "registration_no": reg,
            "str_no": number,
            "regency": regency_given,
            "place": place,
            "practice": tuple(practice),
            "on": str(on) if on else None,
        }
        result = self.run("sipps grant", verdict, GrantSipps, fields, grant_sipps, by)
        if result is None:
            return
        assert member is not None and registration is not None and regency is not None
        permit = result["sipps_no"]
        assert permit not in self.sipps, f"SIPPS {permit} issued twice"
        assert permit.startswith(f"SIPPS-{regency}-{day.year}-"), permit
        assert result["valid_until"] == str(registration.until), "valid until its STR ends"
        kinds = tuple(dict.fromkeys(practice))
        written = " ".join(place.split())
        self.sipps[permit] = SippsM(
            permit, reg, number, regency, written, kinds, day, registration.until
        )
        member.sipps[permit] = self.sipps[permit]
        member.version += 1
        if registration.revoked:
            # Paper history: granted on a day its STR was active, on an STR whose revocation
            # (or fall) is already recorded; it falls with it in the same save, effective on
            # the day of that revocation (today).
            self.sipps[permit].changes.append((TODAY, "revoked"))
            member.version += 1

    def do_decide_sipps(self, by: str, move: str, number: str, on: date | None = None) -> None:
        permit = self.sipps.get(number)
        actor = self.who(by)
        day = on or TODAY
        _, target = MOVES[move]
        if gate := self.role_gate(by, f"sipps-{move}"):
            verdict = gate
        elif permit is None:
            verdict = expect(NotFound, f"no SIPPS {number}")
        elif actor is not None and actor.regency != permit.regency:
            verdict = expect(NotAuthorised, f"the officer of {actor.regency} on {permit.regency}")
        elif not permit.may_move(move, day):
            status = permit.status_on(day)
            verdict = expect(Refused, f"cannot {move} on {day} a SIPPS then {status}")
        else:
            verdict = OK
        model = {"suspend": SuspendSipps, "reinstate": ReinstateSipps}.get(move, RevokeSipps)
        fields = {"sipps_no": number, "reason": "pemeriksaan dinas sosial", "on": _day(on)}
        result = self.run(f"sipps {move}", verdict, model, fields, decide_on_sipps, by)
        if result is not None:
            assert permit is not None
            assert result["status"] == target
            permit.changes.append((day, target))
            self.members[permit.holder].version += 1

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
        elif entry > member.version:
            verdict = expect(NotFound, f"the stream has no entry {entry}")
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

    def do_add_actor(
        self,
        by: str,
        name: str,
        role: str,
        province: str | None,
        regency_given: str | None = None,
    ) -> None:
        regency = REGENCIES[regency_given] if regency_given else None
        if province == "99" or (regency_given and regency is None):
            verdict = expect(InvalidInput, "no such province or regency")
        elif gate := self.role_gate(by, "actor-add"):
            verdict = gate
        elif name_key(name) in self.actors:
            verdict = expect(Conflict, f"{name} already enrolled")
        elif (role == "chapter-admin") != (province is not None):
            verdict = expect(InvalidInput, "a province for chapter admins, and only for them")
        elif (role == "regional-government") != (regency is not None):
            verdict = expect(InvalidInput, "a regency for regional government, and only for it")
        else:
            verdict = OK
        fields = {"name": name, "role": role, "province": province, "regency": regency_given}
        result = self.run("actor add", verdict, AddActor, fields, add_actor, by)
        if result is not None:
            assert result["role"] == role and result["province"] == province
            assert result.get("regency") == regency, result
            self.actors[name_key(name)] = ActorM(name, role, province, regency)
            self.actor_pool.append(name)


def _day(on: date | None) -> str | None:
    return str(on) if on else None


def _name(error: type[LedgerError] | None) -> str:
    return "accepted" if error is None else error.__name__
