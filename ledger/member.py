"""The member aggregate: one stream per member. It decides, by the rules, and emits events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from ledger import credential
from ledger import events as ev
from ledger.access import Context
from ledger.aggregate import ChainedAggregate
from ledger.errors import Conflict, InvalidInput, NotFound, Refused
from ledger.licensing import LicenceDecisions
from ledger.nik import nik_agrees_with_birth_date
from ledger.practice_permits import RegistrationDecisions
from ledger.record import Certificate, MemberRecord
from ledger.regimes import Claim, Regime, in_force_on, rule_set_on
from ledger.vocabulary import EducationLevel, Field
from ledger.wording import said


def registration_unmet(ctx: Context, nik: str, birth_date: date, registered_on: date) -> list[str]:
    """What a registration breaks: it may not lie in the future or precede the birth, and the
    NIK's date part must be the birth date."""
    unmet = ctx.future(said("registration date"), registered_on)
    unmet += nik_agrees_with_birth_date(nik, birth_date)
    if birth_date >= registered_on:
        unmet.append(
            said(
                "birth date {birth_date} must be before registration {registered_on}",
                code="birth_before_registration",
                birth_date=birth_date,
                registered_on=registered_on,
            )
        )
    return unmet


def education_unmet(ctx: Context, graduated_on: date, birth_date: date | None) -> list[str]:
    """What a degree breaks: it may not lie in the future or precede the birth."""
    unmet = ctx.future(said("graduation date"), graduated_on)
    if birth_date is not None and graduated_on <= birth_date:
        unmet.append(
            said(
                "graduation date {graduated_on} must be after birth date {birth_date}",
                code="graduation_after_birth",
                graduated_on=graduated_on,
                birth_date=birth_date,
            )
        )
    return unmet


def level_of(rules: Regime, level: str | None) -> tuple[str, list[str]]:
    """The level claimed: the one given, or the regime's only level; what is wrong with it."""
    if level is None:
        only = rules.only_level
        if only is not None:
            return only, []
        levels = ", ".join(rules.levels)
        words = said(
            "a level under {rules}: one of {levels}", code="level", rules=rules.id, levels=levels
        )
        return "", [words]
    if level not in rules.levels:
        levels = ", ".join(rules.levels)
        words = said(
            "a level of {rules} ({levels}): '{level}' is not one",
            code="level",
            rules=rules.id,
            levels=levels,
            level=level,
        )
        return level, [words]
    return level, []


class Member(LicenceDecisions, RegistrationDecisions, ChainedAggregate):
    """A registered social worker. Every method checks the rules first, then emits."""

    def __init__(self) -> None:
        self.record = MemberRecord()

    def when(self, event: ev.LedgerEvent) -> None:
        self.record.apply(event)

    @classmethod
    def register(
        cls,
        ctx: Context,
        *,
        member_id: UUID,
        registration_no: str,
        name: str,
        nik: str,
        birth_date: date,
        province: str,
        email: str,
        phone: str | None,
        registered_on: date,
        source: str | None = None,
    ) -> Member:
        unmet = registration_unmet(ctx, nik, birth_date, registered_on)
        Refused.unless(said("registration"), unmet)
        member = cls._create(
            ev.Registered,
            id=member_id,
            registration_no=registration_no,
            name=name,
            nik=nik,
            birth_date=birth_date,
            province=province,
            email=email,
            phone=phone,
            source=source,
            **ctx.stamp(registered_on),
        )
        ctx.sealed(member.pending_events[-1])
        return member

    @property
    def province(self) -> str:
        return self.record.province

    def _emit(self, event_class: type[ev.LedgerEvent], **fields: Any) -> None:
        self.trigger_event(event_class, **fields)

    def update_profile(
        self, ctx: Context, *, name: str | None, email: str | None, phone: str | None
    ) -> None:
        self._not_erased()
        changes = {
            key: value
            for key, value in {"name": name, "email": email, "phone": phone}.items()
            if value is not None and value != getattr(self.record, key)
        }
        if not changes:
            raise InvalidInput(
                said("nothing to update: give a --name, --email or --phone that differs"),
                [{"field": "name", "message": "no profile field differs from the record"}],
            )
        self._emit(ev.ProfileUpdated, **changes, **ctx.stamp(ctx.today))
        ctx.sealed(self.pending_events[-1])

    def _not_erased(self) -> None:
        if self.record.erased:
            raise Conflict(
                said(
                    "{registration_no}'s personal data was erased: it is not recorded again "
                    "(register the person anew if they rejoin)",
                    registration_no=self.record.registration_no,
                )
            )

    def record_data_export(self, ctx: Context) -> None:
        """Record that the member was given a copy of their data (UU 27/2022 Pasal 14)."""
        self._emit(ev.PersonalDataExported, **ctx.stamp(ctx.today))

    def record_shown(self, ctx: Context, command: str) -> None:
        """Record that the actor is shown the member's full personal data (Pasal 14)."""
        self._emit(ev.PersonalDataShown, command=command, **ctx.stamp(ctx.today))

    def restrict(self, ctx: Context, reason: str) -> None:
        """Show the member's personal data to admins only (UU 27/2022 Pasal 11)."""
        if self.record.restricted:
            raise Conflict(
                said(
                    "{registration_no}'s personal data is already restricted",
                    registration_no=self.record.registration_no,
                )
            )
        self._emit(ev.ProcessingRestricted, reason=reason, **ctx.stamp(ctx.today))

    def unrestrict(self, ctx: Context, reason: str) -> None:
        if not self.record.restricted:
            raise Conflict(
                said(
                    "{registration_no}'s personal data is not restricted",
                    registration_no=self.record.registration_no,
                )
            )
        self._emit(ev.RestrictionLifted, reason=reason, **ctx.stamp(ctx.today))

    def erase(self, ctx: Context, reason: str) -> None:
        """Record that the member's personal data is erased (UU 27/2022 Pasal 8); the data
        key is destroyed once this is saved (commands/members.py)."""
        if self.record.erased:
            raise Conflict(
                said(
                    "{registration_no}'s personal data is already erased",
                    registration_no=self.record.registration_no,
                )
            )
        self._emit(ev.PersonalDataErased, reason=reason, **ctx.stamp(ctx.today))

    def correct_identity(
        self,
        ctx: Context,
        *,
        nik: str | None,
        birth_date: date | None,
        province: str | None,
        reason: str,
    ) -> ev.IdentityCorrected:
        """Correct identity facts recorded wrong, effective from the registration (the right
        values were always true)."""
        record = self.record
        self._not_erased()
        changes = {
            key: value
            for key, value in {"nik": nik, "birth_date": birth_date, "province": province}.items()
            if value is not None and value != getattr(record, key)
        }
        if not changes:
            raise InvalidInput(
                said("nothing to correct: give a --nik, --birth-date or --province that differs"),
                [{"field": "nik", "message": "no identity field differs from the record"}],
            )
        registered, born = record.registered_on, birth_date or record.birth_date
        assert registered is not None and born is not None
        unmet = nik_agrees_with_birth_date(nik or record.nik, born)
        day = birth_date if "birth_date" in changes else None
        if day is not None and day >= registered:
            unmet.append(
                said(
                    "birth date {birth_date} must be before registration {registered_on}",
                    code="birth_before_registration",
                    birth_date=day,
                    registered_on=registered,
                )
            )
        for degree in record.degrees.values():
            if day is not None and degree.graduated_on <= day:
                unmet.append(
                    said(
                        "birth date {birth_date} must be before the graduation on {graduated_on}",
                        code="birth_before_graduation",
                        birth_date=day,
                        graduated_on=degree.graduated_on,
                    )
                )
        Refused.unless(said("identity correction"), unmet)
        self._emit(ev.IdentityCorrected, **changes, reason=reason, **ctx.stamp(registered))
        event = self.pending_events[-1]
        ctx.sealed(event)
        assert isinstance(event, ev.IdentityCorrected)
        return event

    def record_education(
        self,
        ctx: Context,
        *,
        level: EducationLevel,
        major: str,
        institution: str,
        graduated_on: date,
    ) -> None:
        unmet = education_unmet(ctx, graduated_on, self.record.birth_date)
        Refused.unless(said("education"), unmet)
        self._emit(
            ev.EducationRecorded,
            level=level,
            major=major,
            institution=institution,
            **ctx.stamp(graduated_on),
        )

    def record_experience(
        self,
        ctx: Context,
        *,
        employer: str,
        position: str,
        started_on: date,
        ended_on: date | None,
    ) -> None:
        unmet = ctx.future(said("start date"), started_on)
        if ended_on is not None:
            unmet += ctx.future(said("end date"), ended_on)
            if ended_on < started_on:
                unmet.append(
                    said(
                        "end date {ended_on} must not be before start date {started_on}",
                        code="end_after_start",
                        ended_on=ended_on,
                        started_on=started_on,
                    )
                )
        Refused.unless(said("experience"), unmet)
        self._emit(
            ev.ExperienceRecorded,
            employer=employer,
            position=position,
            ended_on=ended_on,
            **ctx.stamp(started_on),
        )

    def log_training(
        self,
        ctx: Context,
        *,
        course: str,
        provider: str,
        hours: Decimal,
        completed_on: date,
        evidence: str | None = None,
    ) -> None:
        Refused.unless(said("training"), ctx.future(said("completion date"), completed_on))
        self._emit(
            ev.TrainingLogged,
            course=course,
            provider=provider,
            hours=hours,
            **ctx.stamp(completed_on, evidence),
        )

    def pay_dues(
        self, ctx: Context, *, year: int, amount: int, paid_on: date, receipt: str | None
    ) -> None:
        if year in self.record.dues_years():
            paid = self.record.dues_years()[year]
            raise Conflict(
                said(
                    "dues for {year} were already paid on {paid_on}",
                    year=year,
                    paid_on=paid.effective_date,
                ),
                {"year": year, "receipt": paid.evidence},
            )
        unmet = ctx.future(said("payment date"), paid_on)
        registered = self.record.registered_on
        assert registered is not None
        if year < registered.year:
            unmet.append(
                said(
                    "dues year {year} is before the registration year {registered_year}",
                    code="dues_after_registration",
                    year=year,
                    registered_year=registered.year,
                )
            )
        if year > paid_on.year + 1:
            unmet.append(
                said(
                    "dues can be paid at most one year ahead: {year} paid on {paid_on}",
                    code="dues_year_ahead",
                    year=year,
                    paid_on=paid_on,
                )
            )
        Refused.unless(said("dues payment"), unmet)
        self._emit(ev.DuesPaid, year=year, amount=amount, **ctx.stamp(paid_on, receipt))

    def record_exam(
        self,
        ctx: Context,
        *,
        exam_id: str,
        field: Field,
        passed: bool,
        held_on: date,
        assessors: Sequence[str],
        level: str | None = None,
    ) -> None:
        unmet = ctx.future(said("exam date"), held_on)
        registered = self.record.registered_on
        assert registered is not None
        if held_on < registered:
            unmet.append(
                said(
                    "exam date {held_on} is before registration on {registered_on}",
                    code="exam_after_registration",
                    held_on=held_on,
                    registered_on=registered,
                )
            )
        rules = in_force_on(held_on)
        if rules is not None and (level is not None or rules.only_level is None):
            unmet += level_of(rules, level)[1]  # an exam at a level where levels exist
        Refused.unless(said("exam record"), unmet)
        self._emit(
            ev.ExamPassed if passed else ev.ExamFailed,
            exam_id=exam_id,
            field=field,
            assessors=tuple(assessors),
            level=level,
            **ctx.stamp(held_on),
        )

    def certify(
        self,
        ctx: Context,
        *,
        certificate_no: str,
        field: Field,
        on: date,
        exam_id: str | None,
        level: str | None = None,
    ) -> ev.Certified:
        """Certify in ``field`` if every requirement of the level, under the rule set in force
        ``on``, holds."""
        rules = rule_set_on(on)
        record = self.record
        claimed, unmet = level_of(rules, level)
        unmet = ctx.future(said("certification date"), on) + unmet
        verdict = None
        if not unmet or claimed in rules.levels:
            verdict = rules.judge(record, Claim(field, on, claimed, exam_id))
            unmet += verdict.unmet
        until = rules.certificate_valid_until(on)
        for held in record.certificates.values():
            # One certificate per field and level at any time: the new validity may not
            # overlap an unrevoked one (a back-dated decision included). A spesialis may hold
            # the generalis certificate it grew from.
            if (
                held.field == field
                and held.level == claimed
                and held.revoked_on is None
                and held.certified_on <= until
                and on <= held.valid_until
            ):
                words = said(
                    "no other certificate in {field} valid between {on} and {until}: "
                    "{certificate} is valid {start} to {end}",
                    code="overlapping_certificate",
                    field=field,
                    on=on,
                    until=until,
                    certificate=held.certificate_no,
                    start=held.certified_on,
                    end=held.valid_until,
                )
                unmet.append(words)
        Refused.unless(said("certification in {field}", field=field), unmet)
        assert verdict is not None
        grounds = verdict.grounds()
        exam = record.exams[grounds["passed_exam"][0]]
        self._emit(
            ev.Certified,
            certificate_no=certificate_no,
            field=field,
            rule_set=rules.id,
            level=claimed,
            valid_until=until,
            exam_id=exam.exam_id,
            grounds=grounds,
            **ctx.stamp(on),
        )
        event = self.pending_events[-1]
        assert isinstance(event, ev.Certified)
        return event

    def certificate(self, certificate_no: str) -> Certificate:
        try:
            return self.record.certificates[certificate_no]
        except KeyError:
            raise NotFound(
                said("certificate {certificate_no} not found", certificate_no=certificate_no)
            ) from None

    def issue_credential(
        self,
        ctx: Context,
        *,
        kind: str,
        number: str,
        credential_id: UUID,
        key_id: str,
        issuer: str,
        entries: dict[str, int],
    ) -> None:
        """Record that the credential ``number`` of ``kind`` goes out as the verifiable
        credential ``credential_id``, signed with ``key_id`` by ``issuer``, its status at
        ``entries`` (by purpose) of the status lists."""
        credential.held(self.record, credential.KINDS[kind], number)  # NotFound unless theirs
        self._emit(
            ev.CredentialIssued,
            kind=kind,
            number=number,
            credential_id=credential_id,
            key_id=key_id,
            issuer=issuer,
            status_index=entries["revocation"],
            suspension_index=entries.get("suspension"),
            **ctx.stamp(ctx.today),
        )

    def revoke_certificate(
        self, ctx: Context, *, certificate_no: str, reason: str, on: date | None = None
    ) -> list[str]:
        """Revoke a certificate effective ``on`` (default: today) and, in the same save, every
        licence resting on it."""
        on = on or ctx.today
        certificate = self.certificate(certificate_no)
        if certificate.revoked_on is not None:
            raise Conflict(
                said(
                    "certificate {certificate_no} was already revoked on {revoked_on}",
                    certificate_no=certificate_no,
                    revoked_on=certificate.revoked_on,
                ),
                {"certificate_no": certificate_no, "revoked_on": str(certificate.revoked_on)},
            )
        unmet = ctx.future(said("revocation date"), on)
        if on < certificate.certified_on:
            unmet.append(
                said(
                    "a revocation on or after the certification: {certificate} was issued on "
                    "{certified_on}",
                    code="revocation_after_certification",
                    certificate=certificate_no,
                    certified_on=certificate.certified_on,
                )
            )
        Refused.unless(said("revocation"), unmet)
        self._emit(
            ev.CertificateRevoked, certificate_no=certificate_no, reason=reason, **ctx.stamp(on)
        )
        return self.licences_fall(ctx, certificate_no, reason, on) + self.strs_fall(
            ctx, certificate_no, reason, on
        )

    def correct_entry(self, ctx: Context, *, entry: int, reason: str) -> ev.LedgerEvent:
        """Withdraw an entry recorded in error; decisions are revoked, never withdrawn."""
        record = self.record
        if entry in record.withdrawn:
            raise Conflict(
                said("entry {entry} was already withdrawn", entry=entry), {"entry": entry}
            )
        if not 1 <= entry <= record.version:
            raise NotFound(
                said(
                    "{registration_no} has no entry {entry} (its entries are 1 to {version})",
                    registration_no=record.registration_no,
                    entry=entry,
                    version=record.version,
                ),
                {"entry": entry},
            )
        if not record.correctable(entry):
            raise Refused(
                said("correction refused"),
                [
                    said(
                        "entry {entry} is an education, experience, training, dues or exam "
                        "entry of {registration_no}",
                        code="correctable_entry",
                        entry=entry,
                        registration_no=record.registration_no,
                    )
                ],
            )
        unmet = [
            said(
                "no active certificate rests on entry {entry}: {certificate_no} does "
                "(revoke it first)",
                code="no_certificate_on_entry",
                entry=entry,
                certificate_no=c.certificate_no,
            )
            for c in record.certificates.values()
            if c.revoked_on is None and entry in self._evidence_of(c.certificate_no)
        ]
        Refused.unless(said("correction"), unmet)
        original = self._entry_effective_date(entry)
        # Effective on the withdrawn entry's own date: as of any date, it never was true.
        self._emit(ev.EntryCorrected, entry=entry, reason=reason, **ctx.stamp(original))
        return self.pending_events[-1]  # type: ignore[return-value]

    def entry_action(self, entry: int) -> str:
        """The permission that recording entry ``entry`` needed (``member.correct`` if none)."""
        r = self.record
        for entries, action in (
            (r.degrees, "education.add"),
            (r.periods, "experience.add"),
            (r.trainings, "training.log"),
            (r.exams, "exam.record"),
            (r.dues, "dues.pay"),
        ):
            if entry in entries:
                return action
        return "member.correct"

    def _entry_effective_date(self, entry: int) -> date:
        r = self.record
        if entry in r.degrees:
            return r.degrees[entry].graduated_on
        if entry in r.periods:
            return r.periods[entry].started_on
        if entry in r.trainings:
            return r.trainings[entry].completed_on
        if entry in r.exams:
            return r.exams[entry].held_on
        return r.dues[entry].effective_date

    def _evidence_of(self, certificate_no: str) -> set[int]:
        return self.record.certificate_evidence.get(certificate_no, set())
