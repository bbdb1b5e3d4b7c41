"""The event catalogue: every fact the ledger records, named in the past tense.

Each event is an immutable pydantic model. Events carry facts, never derived state, and never
change meaning once stored: a new meaning is a new ``class_version`` with an ``upcast_vN_vN+1``.
Every event says who recorded it (``actor``, ``actor_role``), when (``timestamp``, aware UTC,
set by the library when the event is triggered), the day the fact took effect
(``effective_date``) and the evidence reference where there is one (receipt, decree, transcript).
It also carries the hash of its stream's previous event, and the last event of each save carries
the actor's signature over everything the save appended (ledger/integrity.py).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.domain import CanInitAggregate, CanMutateAggregate
from pydantic import AwareDatetime, BaseModel, ConfigDict

from ledger.integrity import Seal
from ledger.vocabulary import EducationLevel, Field, Practice, Role


class LedgerEvent(BaseModel, CanMutateAggregate[UUID]):
    """What every event carries."""

    # Built on first use, not at import: a read loads a few kinds of event, not all of them.
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    # Bumped with an ``upcast_vN_vN+1`` when an event's schema changes (ledger/persistence.py).
    class_version: ClassVar[int] = 1
    # The fields that are a person's data (UU 27/2022): stored sealed under the member's data
    # key (ledger/personal.py), not in the clear.
    personal_fields: ClassVar[tuple[str, ...]] = ()

    originator_id: UUID
    originator_version: int
    timestamp: AwareDatetime
    actor: str
    actor_role: Role
    effective_date: date
    evidence: str | None = None
    previous_hash: str  # the hash of the stream's previous event ("" for the first)
    seal: Seal | None = None  # on the last event of each save: the actor's signature
    # An upcast event keeps the JSON object it was stored as in its private state (decode
    # below), for its hash is computed from that form. Not a declared PrivateAttr: pydantic
    # would then initialise private state for every event made, which cost a large import 6%
    # of its time (profiled); only the few upcast events carry it.

    def apply(self, aggregate: Any) -> None:
        aggregate.last_event = self
        aggregate.when(self)


class Created(LedgerEvent, CanInitAggregate[UUID]):
    """Base of the first event of a stream."""

    originator_topic: str


# --- The member stream -------------------------------------------------------------------


class Registered(Created):
    """IPSPI admitted a member (effective_date: the day of registration)."""

    personal_fields: ClassVar[tuple[str, ...]] = ("name", "nik", "birth_date", "email", "phone")

    registration_no: str
    name: str
    nik: str
    birth_date: date
    province: str
    email: str
    phone: str | None = None
    source: str | None = None  # the legacy list an imported member came from


class ProfileUpdated(LedgerEvent):
    """Contact or name details changed; only the changed fields are set."""

    personal_fields: ClassVar[tuple[str, ...]] = ("name", "email", "phone")

    name: str | None = None
    email: str | None = None
    phone: str | None = None


class IdentityCorrected(LedgerEvent):
    """An identity fact was recorded wrong (effective_date: the registration day, since the
    right value was always true). Only the corrected fields are set; the old values stay in the
    stream's earlier events."""

    personal_fields: ClassVar[tuple[str, ...]] = ("nik", "birth_date")

    nik: str | None = None
    birth_date: date | None = None
    province: str | None = None
    reason: str


class EducationRecorded(LedgerEvent):
    """A degree (effective_date: the graduation day)."""

    level: EducationLevel
    major: str
    institution: str


class ExperienceRecorded(LedgerEvent):
    """A period of social-work practice (effective_date: its first day)."""

    employer: str
    position: str
    ended_on: date | None = None  # None: still practising


class DuesPaid(LedgerEvent):
    """Yearly dues (effective_date: the day paid; evidence: the receipt)."""

    year: int
    amount: int  # whole rupiah


class TrainingLogged(LedgerEvent):
    """Social-work training (effective_date: the day completed)."""

    course: str
    provider: str
    hours: Decimal


class ExamPassed(LedgerEvent):
    """A competency exam (uji kompetensi) passed (effective_date: the day held); at a level
    under rule sets with levels (Law 14/2019)."""

    class_version: ClassVar[int] = 2

    exam_id: str
    field: Field
    assessors: tuple[str, ...]
    level: str | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["level"] = None  # exams before levels


class ExamFailed(LedgerEvent):
    """A competency exam failed (effective_date: the day held)."""

    class_version: ClassVar[int] = 2

    exam_id: str
    field: Field
    assessors: tuple[str, ...]
    level: str | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["level"] = None


class Certified(LedgerEvent):
    """The LSP certified the member in a field at a level (effective_date: the decision day).

    Names the rule set applied, the level, and for each requirement of that level the stream
    entries it counted (``grounds``), so an auditor can re-check the decision from the stream.
    """

    class_version: ClassVar[int] = 2

    certificate_no: str
    field: Field
    rule_set: str
    level: str
    valid_until: date
    exam_id: str
    grounds: dict[str, tuple[int, ...]]  # requirement code -> stream entries counted

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 named the 2009 requirements' evidence in four fields; the 2009 rules had
        one level."""
        state["level"] = "pekerja-sosial-profesional"
        state["grounds"] = {
            "degree": [state.pop("degree_entry")],
            "practice_days": state.pop("practice_entries"),
            "training_hours": state.pop("training_entries"),
            "passed_exam": [state.pop("exam_entry")],
        }


class CertificateRevoked(LedgerEvent):
    certificate_no: str
    reason: str


class CredentialIssued(LedgerEvent):
    """An issuer handed out one of the member's credentials (a certificate, licence, STR or
    SIPPS) as a signed verifiable credential (``... export``, ``... print``): its id (the
    token's ``jti``), the issuer id it names and the key it was signed with, and its entry in
    each status list. A token the ledger never issued, or signed with another key, does not
    verify, whoever holds an issuer's key."""

    class_version: ClassVar[int] = 2

    kind: str  # certificate, licence, str or sipps
    number: str
    credential_id: UUID
    key_id: str
    issuer: str | None  # its issuer's id (None: issued before issuers had public URLs)
    status_index: int  # its entry in the revocation status list (allocated without gaps)
    suspension_index: int | None = None  # in the suspension list (licences and SIPPS)

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["kind"], state["number"] = "certificate", state.pop("certificate_no")
        state["issuer"], state["suspension_index"] = None, None


class PersonalDataExported(LedgerEvent):
    """IPSPI gave the member, at their request, a copy of everything the ledger holds about
    them (UU 27/2022 Pasal 7, access, and Pasal 13, portability: ``member export-data``);
    Pasal 14 asks that such requests be recorded."""


class ProcessingRestricted(LedgerEvent):
    """The member asked that their personal data be shown to no one but the national office
    (UU 27/2022 Pasal 11); the other facts stay public (Pasal 15)."""

    reason: str


class RestrictionLifted(LedgerEvent):
    """The restriction of the member's personal data ended."""

    reason: str


class PersonalDataErased(LedgerEvent):
    """The member's data key was destroyed (UU 27/2022 Pasal 8): their name, NIK, birth date
    and contact data can no longer be read from any event; the other facts stay (Pasal 15)."""

    reason: str


class PersonalDataShown(LedgerEvent):
    """Someone was shown the member's full NIK, birth date and contact data (UU 27/2022
    Pasal 14: ``member show|history --unmasked``). Saved, so signed, before the data is shown:
    the signature proves the reader holds their key."""

    command: str  # what showed it: member show, member history


class LicenceApplied(LedgerEvent):
    """The LSP forwarded a licence application to the Ministry."""

    application_no: str
    certificate_no: str
    practice: tuple[Practice, ...]
    rule_set: str


class LicenceGranted(LedgerEvent):
    """The Ministry granted the licence to practise (izin praktik)."""

    application_no: str
    licence_no: str
    valid_until: date
    rule_set: str


class LicenceSuspended(LedgerEvent):
    licence_no: str
    reason: str


class LicenceReinstated(LedgerEvent):
    licence_no: str
    reason: str


class LicenceRevoked(LedgerEvent):
    """A licence revoked by the Ministry, or fallen with its certificate."""

    licence_no: str
    reason: str
    with_certificate: str | None = None


# --- after a certificate under Law 14/2019: the STR (IPSPI), the SIPPS (a regency or city) ------


class StrIssued(LedgerEvent):
    """IPSPI issued a registration certificate (Surat Tanda Registrasi) on a certificate."""

    str_no: str
    certificate_no: str
    health_statement: str  # the health statement's reference
    oath_on: date  # the day the professional oath was taken
    ethics_pledge: str  # the code-of-ethics pledge's reference
    valid_until: date
    rule_set: str


class StrRevoked(LedgerEvent):
    """An STR revoked by IPSPI, or fallen with its certificate."""

    str_no: str
    reason: str
    with_certificate: str | None = None


class SippsGranted(LedgerEvent):
    """A regency or city government granted a practice permit (Surat Izin Praktik Pekerja
    Sosial) for one place of practice, on an STR."""

    sipps_no: str
    str_no: str
    regency: str  # BPS code of the regency or city that granted it
    place: str  # the place of practice
    practice: tuple[Practice, ...]
    valid_until: date
    rule_set: str


class SippsSuspended(LedgerEvent):
    sipps_no: str
    reason: str


class SippsReinstated(LedgerEvent):
    sipps_no: str
    reason: str


class SippsRevoked(LedgerEvent):
    """A SIPPS revoked by its government, or fallen with its STR."""

    sipps_no: str
    reason: str
    with_str: str | None = None


class EntryCorrected(LedgerEvent):
    """An earlier entry of this stream was recorded in error and no longer counts."""

    entry: int  # the stream version of the withdrawn entry
    reason: str


# --- Membership applications made on the web (one stream each) ---------------------------


class MembershipRequested(Created):
    """Someone asked, through the public register's form, to be registered "directly"
    (effective_date: the day asked). Not a member until an admin approves."""

    personal_fields: ClassVar[tuple[str, ...]] = ("name", "nik", "birth_date", "email", "phone")

    reference: str
    name: str
    nik: str
    birth_date: date
    province: str
    email: str
    phone: str | None = None
    education_level: EducationLevel
    major: str
    institution: str
    graduated_on: date


class MembershipApproved(LedgerEvent):
    """An admin admitted the applicant as ``registration_no`` (effective_date: registration)."""

    registration_no: str


class MembershipRejected(LedgerEvent):
    """An admin turned the application down, with the reason told to the applicant."""

    reason: str


# --- The roster of actors ----------------------------------------------------------------


class LedgerOpened(Created):
    """``peksos init``: the store was created (the first admin is enrolled with it)."""

    ledger_id: UUID


class ActorEnrolled(LedgerEvent):
    """A person may act on the ledger; what they record is signed with this public key."""

    class_version: ClassVar[int] = 2

    name: str
    role: Role
    province: str | None = None
    regency: str | None = None  # a regional government's regency or city (BPS code)
    public_key: str  # Ed25519, raw 32 bytes, base64url
    key_id: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["regency"] = None  # before regional governments acted on the ledger


class ActorRevoked(LedgerEvent):
    """A person may no longer act on the ledger (what they recorded before stays valid)."""

    name: str
    reason: str


class ActorKeyRotated(LedgerEvent):
    """An actor's new signing key; signatures made with earlier keys stay verifiable."""

    name: str
    public_key: str
    key_id: str


class LogKeyCreated(LedgerEvent):
    """The ledger's own key: it signs the tree heads the ledger publishes (``audit digest``,
    ``--sth-dir``), so a witness holding one can tell it came from this ledger."""

    public_key: str  # Ed25519, raw 32 bytes, base64url
    key_id: str


# --- The journal ---------------------------------------------------------------------------


class SaveSealed(LedgerEvent):
    """The last event of every save, in the one journal stream, carrying the save's seal.

    The journal's hash chain puts all saves in one order, so removing any save but the very
    last breaks it (the last is caught by comparing with a published digest).
    """

    events: int  # how many events the save appended before this one


# --- Numbers and indexes -----------------------------------------------------------------


class SeriesStarted(Created):
    """A number series began (one per kind, and province and year where numbers need it)."""

    series: str


class NumberIssued(LedgerEvent):
    """Numbers ``number - count + 1`` to ``number`` of a series were issued (an import issues
    a batch's numbers with one event)."""

    number: int
    count: int = 1


class NumberAssigned(Created):
    """A registration, certificate, exam, application or licence number names a member."""

    number: str
    member_id: UUID


class NikClaimed(Created):
    """A NIK was registered; the stream id is a keyed hash of the NIK, never the NIK."""

    member_id: UUID


class NikReleased(LedgerEvent):
    """The NIK was corrected away from the member it named: it may be registered again."""

    member_id: UUID


class NikReclaimed(LedgerEvent):
    """A released NIK names a member again."""

    member_id: UUID


PERSONAL_EVENTS = (Registered, ProfileUpdated, IdentityCorrected)  # those with personal_fields
PERSONAL = "personal"  # the stored field holding an event's sealed personal fields
ERASED = "(erased)"  # what an erased member's personal fields read as
SEALED = "(sealed)"  # ... and a sealed one's, read without the ledger's data keys

# Opens an event's sealed personal fields: (stream id, version, the sealed text) to the
# fields' JSON values, or ERASED or SEALED when they cannot be read.
Opener = Callable[[str, int, str], "dict[str, Any] | str"]


def decode(
    cls: type[LedgerEvent],
    state: dict[str, Any],
    originator_id: Any,
    version: int,
    opener: Opener | None = None,
) -> Any:
    """A stored JSON object as its event, upcast to the class's version (``state`` is consumed).

    An upcast event, and one whose personal fields are sealed, keeps the form it was stored
    in, so its hash stays the stored one.
    """
    from_version = state.pop("class_version", 1)
    sealed = state.pop(PERSONAL, None)
    stored = None
    if from_version < cls.class_version or sealed is not None:
        stored = copy.deepcopy(state) if from_version < cls.class_version else dict(state)
        if from_version > 1:
            stored["class_version"] = from_version
        if sealed is not None:
            stored[PERSONAL] = sealed
    for v in range(from_version, cls.class_version):
        getattr(cls, f"upcast_v{v}_v{v + 1}")(state)
    unreadable = None
    if sealed is not None:
        opened = opener(str(originator_id), version, sealed) if opener else SEALED
        if isinstance(opened, str):
            unreadable = opened
            opened = {f: "2000-01-01" if f == "birth_date" else opened for f in cls.personal_fields}
        state.update(opened)
    state["originator_id"] = originator_id
    state["originator_version"] = version
    event = cls.model_validate(state)
    if unreadable is not None and "birth_date" in cls.personal_fields:
        event = event.model_copy(update={"birth_date": None})
    if stored is not None:
        object.__setattr__(event, "__pydantic_private__", {"_stored_state": stored})
    return event
