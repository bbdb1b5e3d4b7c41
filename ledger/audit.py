"""``audit verify``: re-check every stream from the events alone. Pure: no storage here.

A ``Verifier`` is fed the log in order. It checks, for the streams it is given (all, or one
partition of them when the work is split across processes):

- versions run 1, 2, 3... with no gap, and each ``previous_hash`` is the hash of the event
  before it (so an edited, deleted, reordered or copied-in event breaks the chain);
- every stored event decodes, and its stored bytes are exactly what the ledger writes for it
  (so even a change that decodes to the same values is seen);
- every save ends with a journal entry carrying its seal, and the journal's own chain puts
  the saves in one order (so a removed save shows, unless it is the very last);
- every event is covered by exactly one seal, whose stated hash is the event's own, whose
  signer is the event's actor, and whose signature verifies with the key the signer held when
  the seal was recorded (the roster's history of keys);
- the actor's role was the one the roster gave them then, and that role may record the event;
- every certificate still holds under the rule set it names, judged on its decision date from
  the facts recorded before it.

It reports every failure, never just the first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from ledger import events as ev
from ledger.integrity import GENESIS, Seal, event_hash, unb64url
from ledger.numbers import JOURNAL_ID, ROSTER_ID
from ledger.record import MemberRecord
from ledger.roster import actor_key
from ledger.rules import certification_eligibility, rule_set_named
from ledger.vocabulary import Field, Role

ADMINS = {Role.ADMIN, Role.CHAPTER_ADMIN}
# Who may record each kind of event (PRODUCT.md); the number and index streams accompany them.
MAY_RECORD: dict[type[ev.LedgerEvent], set[Role]] = {
    ev.Registered: ADMINS,
    ev.ProfileUpdated: ADMINS,
    ev.EducationRecorded: ADMINS,
    ev.ExperienceRecorded: ADMINS,
    ev.DuesPaid: ADMINS,
    ev.TrainingLogged: ADMINS | {Role.LSP},
    ev.EntryCorrected: ADMINS | {Role.LSP},
    ev.ExamPassed: {Role.LSP},
    ev.ExamFailed: {Role.LSP},
    ev.Certified: {Role.LSP},
    ev.CertificateRevoked: {Role.LSP},
    ev.LicenceApplied: {Role.LSP},
    ev.LicenceGranted: {Role.MINISTRY},
    ev.LicenceSuspended: {Role.MINISTRY},
    ev.LicenceReinstated: {Role.MINISTRY},
    ev.LicenceRevoked: {Role.MINISTRY, Role.LSP},  # the LSP's when it falls with a certificate
    ev.LedgerOpened: {Role.ADMIN},
    ev.ActorEnrolled: {Role.ADMIN},
}


@dataclass
class Failure:
    stream: str
    entry: int | None
    check: str
    detail: str
    registration_no: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "stream": self.stream,
            "registration_no": self.registration_no,
            "entry": self.entry,
            "check": self.check,
            "detail": self.detail,
        }


@dataclass
class _Stream:
    version: int = 0
    head: str = GENESIS
    record: MemberRecord | None = None


@dataclass
class _Key:
    key_id: str
    public: Ed25519PublicKey
    since: datetime


@dataclass
class Verifier:
    """Checks the streams for which ``mine(stream_id)`` is true; fed every event in log order."""

    mine: Any = lambda stream: True
    failures: list[Failure] = field(default_factory=list)
    events: int = 0
    seals: int = 0
    _streams: dict[UUID, _Stream] = field(default_factory=dict)
    _unsealed: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    _keys: dict[str, list[_Key]] = field(default_factory=dict)
    _roles: dict[str, list[tuple[datetime, Role, str | None]]] = field(default_factory=dict)

    # --- feeding -------------------------------------------------------------------------

    def roster_event(self, event: ev.LedgerEvent) -> None:
        """Every verifier follows the roster: it says who held which key and role, when."""
        if isinstance(event, ev.ActorEnrolled | ev.ActorKeyRotated):
            public = Ed25519PublicKey.from_public_bytes(unb64url(event.public_key))
            self._keys.setdefault(actor_key(event.name), []).append(
                _Key(event.key_id, public, event.timestamp)
            )
        if isinstance(event, ev.ActorEnrolled):
            self._roles.setdefault(actor_key(event.name), []).append(
                (event.timestamp, event.role, event.province)
            )

    def event(self, event: ev.LedgerEvent) -> None:
        """One event of a stream this verifier checks."""
        self.events += 1
        if isinstance(event, ev.SaveSealed) and event.seal is None:
            self._fail(
                self._streams.get(event.originator_id, _Stream()),
                str(event.originator_id),
                event.originator_version,
                "seal",
                "a journal entry without its seal",
            )
        stream = self._streams.setdefault(event.originator_id, _Stream())
        sid, version = str(event.originator_id), event.originator_version
        if version != stream.version + 1:
            self._fail(
                stream,
                sid,
                version,
                "version",
                f"{type(event).__name__} is entry {version}, after entry {stream.version}",
            )
        if event.previous_hash != stream.head:
            self._fail(
                stream,
                sid,
                version,
                "hash-chain",
                f"{type(event).__name__} does not follow the entry before it (its "
                f"previous_hash is not that entry's hash)",
            )
        digest = event_hash(event)
        stream.version, stream.head = version, digest
        self._unsealed[(sid, version)] = (digest, event.actor)
        self._check_role(stream, sid, event)
        if isinstance(event, ev.Registered):
            stream.record = MemberRecord()
        if stream.record is not None:
            if isinstance(event, ev.Certified):
                self._check_certificate(stream, sid, event)
            try:
                stream.record.apply(event)
            except (KeyError, TypeError) as error:
                self._fail(
                    stream,
                    sid,
                    version,
                    "rules",
                    f"{type(event).__name__} refers to something the stream lacks: {error}",
                )

    def unreadable(self, stream_id: UUID, version: int, why: str) -> None:
        """A stored event that does not even decode: altered bytes."""
        self.events += 1
        stream = self._streams.setdefault(stream_id, _Stream())
        stream.version = version
        self._fail(stream, str(stream_id), version, "unreadable", why)

    def altered_form(self, event: ev.LedgerEvent) -> None:
        """An event whose stored bytes are not the ones the ledger writes for it."""
        stream = self._streams.get(event.originator_id, _Stream())
        self._fail(
            stream,
            str(event.originator_id),
            event.originator_version,
            "stored-form",
            "the stored bytes differ from what the ledger writes for this event",
        )

    def seal(self, carrier: ev.LedgerEvent | None, seal: Seal, carrier_is_mine: bool) -> None:
        """A seal seen in the log: its signature is checked by whoever checks its carrier;
        each covered event by whoever checks that event."""
        if carrier_is_mine and carrier is not None:
            self.seals += 1
            self._check_carrier(carrier, seal)
            self._check_signature(carrier, seal)
        for stream_id, version, digest in seal.covers:
            if not self.mine(UUID(stream_id)):
                continue
            found = self._unsealed.pop((stream_id, version), None)
            stream = self._streams.get(UUID(stream_id), _Stream())
            if found is None:
                self._fail(
                    stream,
                    stream_id,
                    version,
                    "seal",
                    f"a seal by {seal.signer} covers entry {version}, which is missing "
                    "or sealed twice",
                )
            elif found[0] != digest:
                self._fail(
                    stream,
                    stream_id,
                    version,
                    "seal",
                    f"the entry's hash is not the one {seal.signer} signed",
                )
            elif actor_key(found[1]) != actor_key(seal.signer):
                self._fail(
                    stream,
                    stream_id,
                    version,
                    "seal",
                    f"recorded by {found[1]} but signed by {seal.signer}",
                )

    def finish(self) -> list[Failure]:
        for (stream_id, version), _ in self._unsealed.items():
            stream = self._streams.get(UUID(stream_id), _Stream())
            self._fail(stream, stream_id, version, "seal", "no seal covers this entry")
        self._unsealed.clear()
        return self.failures

    # --- checks --------------------------------------------------------------------------

    def _fail(self, stream: _Stream, sid: str, entry: int | None, check: str, detail: str) -> None:
        reg = stream.record.registration_no if stream.record else None
        self.failures.append(Failure(sid, entry, check, detail, reg or None))

    def _check_carrier(self, carrier: ev.LedgerEvent, seal: Seal) -> None:
        """Seals ride on journal entries, last in their save, counting what they cover."""
        sid, version = str(carrier.originator_id), carrier.originator_version
        stream = self._streams.get(carrier.originator_id, _Stream())
        if not isinstance(carrier, ev.SaveSealed) or carrier.originator_id != JOURNAL_ID:
            self._fail(stream, sid, version, "seal", "a seal outside the journal")
        elif (
            not seal.covers
            or tuple(seal.covers[-1][:2]) != (sid, version)
            or len(seal.covers) != carrier.events + 1
        ):
            self._fail(
                stream,
                sid,
                version,
                "seal",
                "the seal does not cover its own save as recorded in the journal",
            )

    def _check_signature(self, carrier: ev.LedgerEvent, seal: Seal) -> None:
        sid, version = str(carrier.originator_id), carrier.originator_version
        stream = self._streams.get(carrier.originator_id, _Stream())
        keys = self._keys.get(actor_key(seal.signer), [])
        # The key named must have been the signer's at that moment: in use since then or
        # before, and not replaced before it (a rotation is signed by the key it replaces).
        held = next(
            (
                k
                for i, k in enumerate(keys)
                if k.key_id == seal.key_id
                and k.since <= carrier.timestamp
                and (i + 1 == len(keys) or keys[i + 1].since >= carrier.timestamp)
            ),
            None,
        )
        if held is None:
            self._fail(
                stream,
                sid,
                version,
                "signature",
                f"{seal.signer} did not hold key {seal.key_id} when this was recorded",
            )
            return
        try:
            held.public.verify(unb64url(seal.signature), seal.message())
        except (InvalidSignature, ValueError):
            self._fail(
                stream, sid, version, "signature", f"the signature of {seal.signer} does not verify"
            )

    def _check_role(self, stream: _Stream, sid: str, event: ev.LedgerEvent) -> None:
        allowed = MAY_RECORD.get(type(event))
        history = [
            r for r in self._roles.get(actor_key(event.actor), []) if r[0] <= event.timestamp
        ]
        if not history:
            if sid != str(ROSTER_ID) or not isinstance(event, ev.LedgerOpened):
                self._fail(
                    stream,
                    sid,
                    event.originator_version,
                    "role",
                    f"{event.actor} was not an enrolled actor when this was recorded",
                )
            return
        _, role, province = history[-1]
        if role is not event.actor_role:
            self._fail(
                stream,
                sid,
                event.originator_version,
                "role",
                f"recorded as {event.actor_role} but {event.actor} was {role}",
            )
        if allowed is not None and role not in allowed:
            self._fail(
                stream,
                sid,
                event.originator_version,
                "role",
                f"a {role} may not record {type(event).__name__}",
            )
        record = stream.record
        if role is Role.CHAPTER_ADMIN and record is not None and record.province != province:
            self._fail(
                stream,
                sid,
                event.originator_version,
                "role",
                f"chapter admin of {province} recorded for a member of {record.province}",
            )

    def _check_certificate(self, stream: _Stream, sid: str, event: ev.Certified) -> None:
        before = stream.record
        assert before is not None
        try:
            rules = rule_set_named(event.rule_set)
        except KeyError:
            self._fail(
                stream,
                sid,
                event.originator_version,
                "rules",
                f"{event.certificate_no} names an unknown rule set {event.rule_set!r}",
            )
            return
        verdict = certification_eligibility(
            degrees=list(before.degrees.values()),
            periods=list(before.periods.values()),
            trainings=list(before.trainings.values()),
            exams=list(before.exams.values()),
            field=Field(event.field),
            on=event.effective_date,
            rules=rules,
            exam_id=event.exam_id,
        )
        for requirement in verdict.unmet:
            self._fail(
                stream,
                sid,
                event.originator_version,
                "rules",
                f"{event.certificate_no} ({rules.id}) lacks {requirement}",
            )


def verify_events(events: Iterable[ev.LedgerEvent]) -> Verifier:
    """Verify a whole log given as events in log order, in this process."""
    verifier = Verifier()
    for event in events:
        if event.originator_id == ROSTER_ID:
            verifier.roster_event(event)
        verifier.event(event)
        if event.seal is not None:
            verifier.seal(event, event.seal, carrier_is_mine=True)
    verifier.finish()
    return verifier
