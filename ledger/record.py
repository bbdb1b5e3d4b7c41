"""A member's facts folded from their stream: pure, no storage, reused by the read side.

The aggregate holds one of these and decides from it; ``member show --as-of`` folds one from the
events effective by a date; projections fold them into rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import UUID

from ledger import events as ev
from ledger.regimes.facts import Degree, Exam, Period, Training
from ledger.status import (
    LICENCE_STATUS_AFTER,
    SIPPS_STATUS_AFTER,
    certificate_status,
    licence_status,
)
from ledger.vocabulary import Field, Practice


@dataclass
class Certificate:
    certificate_no: str
    field: Field
    certified_on: date
    valid_until: date
    rule_set: str
    level: str
    exam_id: str
    entry: int
    certified_by: str
    recorded_at: datetime  # when the decision was entered (aware UTC)
    revoked_on: date | None = None
    revoked_reason: str | None = None

    def status(self, on: date) -> str:
        return certificate_status(self.certified_on, self.valid_until, self.revoked_on, on)


@dataclass
class Application:
    application_no: str
    certificate_no: str
    practice: tuple[Practice, ...]
    applied_on: date
    licence_no: str | None = None


class Decided:
    """A permit its issuer decides on after granting it (a licence, a SIPPS): its status on a
    date follows the decisions, in the order they were recorded."""

    granted_on: date
    valid_until: date
    changes: list[tuple[date, str, str]]  # (effective date, status it moved to, reason)

    def status(self, on: date) -> str:
        changes = ((day, status) for day, status, _ in self.changes)
        return licence_status(self.granted_on, self.valid_until, changes, on)

    @property
    def latest_status(self) -> str:
        return self.changes[-1][1] if self.changes else "active"


@dataclass
class Licence(Decided):
    licence_no: str
    application_no: str
    certificate_no: str
    practice: tuple[Practice, ...]
    granted_on: date
    valid_until: date
    rule_set: str
    # (effective date, status it moved to, reason), in stream order
    changes: list[tuple[date, str, str]] = field(default_factory=list)


@dataclass
class Str:
    """A registration certificate (Surat Tanda Registrasi) from IPSPI."""

    str_no: str
    certificate_no: str
    issued_on: date
    valid_until: date
    rule_set: str
    revoked_on: date | None = None
    revoked_reason: str | None = None

    def status(self, on: date) -> str:
        return certificate_status(self.issued_on, self.valid_until, self.revoked_on, on)


@dataclass
class Sipps(Decided):
    """A practice permit (Surat Izin Praktik Pekerja Sosial) from a regency or city."""

    sipps_no: str
    str_no: str
    regency: str
    place: str
    practice: tuple[Practice, ...]
    granted_on: date
    valid_until: date
    rule_set: str
    changes: list[tuple[date, str, str]] = field(default_factory=list)


@dataclass
class MemberRecord:
    registration_no: str = ""
    name: str = ""
    names: list[str] = field(default_factory=list)  # every name held, the first first
    nik: str = ""
    birth_date: date | None = None
    province: str = ""
    email: str = ""
    phone: str | None = None
    registered_on: date | None = None
    source: str | None = None
    version: int = 0
    degrees: dict[int, Degree] = field(default_factory=dict)
    periods: dict[int, Period] = field(default_factory=dict)
    trainings: dict[int, Training] = field(default_factory=dict)
    exams: dict[int, Exam] = field(default_factory=dict)
    dues: dict[int, ev.DuesPaid] = field(default_factory=dict)  # by entry
    withdrawn: dict[int, ev.EntryCorrected] = field(default_factory=dict)
    certificates: dict[str, Certificate] = field(default_factory=dict)
    applications: dict[str, Application] = field(default_factory=dict)
    licences: dict[str, Licence] = field(default_factory=dict)
    strs: dict[str, Str] = field(default_factory=dict)
    sipps: dict[str, Sipps] = field(default_factory=dict)
    certificate_evidence: dict[str, set[int]] = field(default_factory=dict)
    credentials: dict[UUID, ev.CredentialIssued] = field(default_factory=dict)  # by id
    data_exports: list[datetime] = field(default_factory=list)  # copies given to the member
    restricted: bool = False  # personal data shown to admins only (UU 27/2022 Pasal 11)
    erased: bool = False  # the data key destroyed: personal data reads as "(erased)" (Pasal 8)

    @classmethod
    def fold(cls, events: Iterable[ev.LedgerEvent]) -> MemberRecord:
        record = cls()
        for event in events:
            record.apply(event)
        return record

    def dues_years(self) -> dict[int, ev.DuesPaid]:
        return {paid.year: paid for paid in self.dues.values()}

    def in_good_standing(self, on: date) -> bool:
        """Good standing: dues paid for the year of ``on``."""
        return on.year in self.dues_years()

    def exam(self, exam_id: str) -> Exam | None:
        return next((e for e in self.exams.values() if e.exam_id == exam_id), None)

    def correctable(self, entry: int) -> bool:
        return any(entry in entries for entries in self._entry_maps())

    def _entry_maps(self) -> tuple[dict[int, object], ...]:
        return (self.degrees, self.periods, self.trainings, self.exams, self.dues)  # type: ignore[return-value]

    def apply(self, event: ev.LedgerEvent) -> None:
        """Fold one event in (a dict dispatch: singledispatchmethod costs a wrapper a call)."""
        try:
            fold = _FOLDS[type(event)]
        except KeyError:
            raise TypeError(f"a member stream cannot hold {type(event).__name__}") from None
        fold(self, event)
        self.version = event.originator_version

    def _registered(self, event: ev.Registered) -> None:
        self.registration_no = event.registration_no
        self.name = event.name
        self.names = [event.name]
        self.nik = event.nik
        self.birth_date = event.birth_date
        self.province = event.province
        self.email = event.email
        self.phone = event.phone
        self.registered_on = event.effective_date
        self.source = event.source

    def _profile_updated(self, event: ev.ProfileUpdated) -> None:
        self.name = event.name or self.name
        if self.name not in self.names:
            self.names.append(self.name)
        self.email = event.email or self.email
        self.phone = event.phone or self.phone

    def _identity_corrected(self, event: ev.IdentityCorrected) -> None:
        self.nik = event.nik or self.nik
        self.birth_date = event.birth_date or self.birth_date
        self.province = event.province or self.province

    def _education(self, event: ev.EducationRecorded) -> None:
        v = event.originator_version
        self.degrees[v] = Degree(v, event.level, event.major, event.effective_date)

    def _experience(self, event: ev.ExperienceRecorded) -> None:
        v = event.originator_version
        self.periods[v] = Period(v, event.effective_date, event.ended_on)

    def _training(self, event: ev.TrainingLogged) -> None:
        v = event.originator_version
        self.trainings[v] = Training(v, event.hours, event.effective_date)

    def _dues(self, event: ev.DuesPaid) -> None:
        self.dues[event.originator_version] = event

    def _exam(self, event: ev.ExamPassed | ev.ExamFailed) -> None:
        v = event.originator_version
        passed = isinstance(event, ev.ExamPassed)
        self.exams[v] = Exam(
            v, event.exam_id, event.field, passed, event.effective_date, event.level
        )

    def _certified(self, event: ev.Certified) -> None:
        self.certificates[event.certificate_no] = Certificate(
            certificate_no=event.certificate_no,
            field=event.field,
            certified_on=event.effective_date,
            valid_until=event.valid_until,
            rule_set=event.rule_set,
            level=event.level,
            exam_id=event.exam_id,
            entry=event.originator_version,
            certified_by=event.actor,
            recorded_at=event.timestamp,
        )
        self.certificate_evidence[event.certificate_no] = {
            entry for entries in event.grounds.values() for entry in entries
        }

    def _revoked(self, event: ev.CertificateRevoked) -> None:
        certificate = self.certificates[event.certificate_no]
        certificate.revoked_on = event.effective_date
        certificate.revoked_reason = event.reason

    def _credential_issued(self, event: ev.CredentialIssued) -> None:
        self.credentials[event.credential_id] = event

    def _data_exported(self, event: ev.PersonalDataExported) -> None:
        self.data_exports.append(event.timestamp)

    def _data_shown(self, event: ev.PersonalDataShown) -> None:
        """Nothing the rules read: the access log (``report access``) lists it."""

    def _restricted(self, event: ev.ProcessingRestricted) -> None:
        self.restricted = True

    def _restriction_lifted(self, event: ev.RestrictionLifted) -> None:
        self.restricted = False

    def _erased(self, event: ev.PersonalDataErased) -> None:
        self.erased = True
        self.name = self.nik = self.email = ev.ERASED
        self.names, self.birth_date, self.phone = [ev.ERASED], None, None

    def _applied(self, event: ev.LicenceApplied) -> None:
        self.applications[event.application_no] = Application(
            event.application_no, event.certificate_no, event.practice, event.effective_date
        )

    def _granted(self, event: ev.LicenceGranted) -> None:
        application = self.applications[event.application_no]
        application.licence_no = event.licence_no
        self.licences[event.licence_no] = Licence(
            licence_no=event.licence_no,
            application_no=event.application_no,
            certificate_no=application.certificate_no,
            practice=application.practice,
            granted_on=event.effective_date,
            valid_until=event.valid_until,
            rule_set=event.rule_set,
        )

    def _licence_changed(
        self, event: ev.LicenceSuspended | ev.LicenceReinstated | ev.LicenceRevoked
    ) -> None:
        status = LICENCE_STATUS_AFTER[type(event).__name__]
        self.licences[event.licence_no].changes.append((event.effective_date, status, event.reason))

    def _str_issued(self, event: ev.StrIssued) -> None:
        self.strs[event.str_no] = Str(
            event.str_no, event.certificate_no, event.effective_date, event.valid_until,
            event.rule_set,
        )  # fmt: skip

    def _str_revoked(self, event: ev.StrRevoked) -> None:
        registration = self.strs[event.str_no]
        registration.revoked_on, registration.revoked_reason = event.effective_date, event.reason

    def _sipps_granted(self, event: ev.SippsGranted) -> None:
        self.sipps[event.sipps_no] = Sipps(
            event.sipps_no, event.str_no, event.regency, event.place, event.practice,
            event.effective_date, event.valid_until, event.rule_set,
        )  # fmt: skip

    def _sipps_changed(
        self, event: ev.SippsSuspended | ev.SippsReinstated | ev.SippsRevoked
    ) -> None:
        status = SIPPS_STATUS_AFTER[type(event).__name__]
        self.sipps[event.sipps_no].changes.append((event.effective_date, status, event.reason))

    def _corrected(self, event: ev.EntryCorrected) -> None:
        self.withdrawn[event.entry] = event
        for entries in self._entry_maps():
            entries.pop(event.entry, None)


_FOLDS: dict[type[ev.LedgerEvent], Any] = {
    ev.Registered: MemberRecord._registered,
    ev.ProfileUpdated: MemberRecord._profile_updated,
    ev.IdentityCorrected: MemberRecord._identity_corrected,
    ev.EducationRecorded: MemberRecord._education,
    ev.ExperienceRecorded: MemberRecord._experience,
    ev.TrainingLogged: MemberRecord._training,
    ev.DuesPaid: MemberRecord._dues,
    ev.ExamPassed: MemberRecord._exam,
    ev.ExamFailed: MemberRecord._exam,
    ev.Certified: MemberRecord._certified,
    ev.CertificateRevoked: MemberRecord._revoked,
    ev.CredentialIssued: MemberRecord._credential_issued,
    ev.PersonalDataExported: MemberRecord._data_exported,
    ev.PersonalDataShown: MemberRecord._data_shown,
    ev.ProcessingRestricted: MemberRecord._restricted,
    ev.RestrictionLifted: MemberRecord._restriction_lifted,
    ev.PersonalDataErased: MemberRecord._erased,
    ev.LicenceApplied: MemberRecord._applied,
    ev.LicenceGranted: MemberRecord._granted,
    ev.LicenceSuspended: MemberRecord._licence_changed,
    ev.LicenceReinstated: MemberRecord._licence_changed,
    ev.LicenceRevoked: MemberRecord._licence_changed,
    ev.StrIssued: MemberRecord._str_issued,
    ev.StrRevoked: MemberRecord._str_revoked,
    ev.SippsGranted: MemberRecord._sipps_granted,
    ev.SippsSuspended: MemberRecord._sipps_changed,
    ev.SippsReinstated: MemberRecord._sipps_changed,
    ev.SippsRevoked: MemberRecord._sipps_changed,
    ev.EntryCorrected: MemberRecord._corrected,
}
