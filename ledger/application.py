"""The event-sourced application: load aggregates, let them decide, save atomically."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, TypeVar, cast
from uuid import UUID, uuid4

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
    Repository,
)
from eventsourcing.persistence import (
    ApplicationRecorder,
    IntegrityError,
    Mapper,
    OperationalError,
)
from eventsourcing.utils import get_topic

from ledger import events as ev
from ledger.access import Actor, Context
from ledger.credential import UNPUBLISHED
from ledger.errors import Conflict, InvalidInput, NotAuthorised, NotFound, disk_full
from ledger.integrity import GENESIS, Seal, b64url, event_hash, seal_message
from ledger.member import Member
from ledger.numbers import (
    JOURNAL_ID,
    REGISTRATION_NO,
    ROSTER_ID,
    NikClaim,
    NumberAssignment,
    NumberSeries,
    assignment_id,
    member_id,
    nik_claim_id,
    series_id,
)
from ledger.roster import Roster
from ledger.storage.keystore import KeyStore
from ledger.storage.locks import WriteLocks
from ledger.storage.log import existing_streams
from ledger.storage.persistence import OrjsonTranscoder, PydanticMapper
from ledger.storage.personal_keys import PersonalKeys, unsealed_personal_data
from ledger.storage.store import Store, creating_tables
from ledger.vocabulary import Role
from ledger.wording import said

T = TypeVar("T")

MAX_ATTEMPTS = 16
MAX_BACKOFF = 0.25  # seconds: full jitter, capped (measured in benchmarks/load.py)


def _project(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's ``project_aggregate`` without its ``isinstance`` of a runtime-checkable
    Protocol for every event, which cost more than decoding the event (profiled)."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


class LedgerRepository(Repository[UUID]):
    def get(self, aggregate_id: UUID, **kwargs: Any) -> Any:
        kwargs.setdefault("projector_func", _project)
        return super().get(aggregate_id, **kwargs)


def utc_now() -> datetime:
    return datetime.now(UTC)


def _stream_of(registration_no: str) -> UUID:
    if not REGISTRATION_NO.match(registration_no):
        raise InvalidInput(
            said(
                "{registration_no} is not a registration number (PP-YYYY-NNNNN)",
                registration_no=repr(registration_no),
            ),
            [{"field": "registration_no", "message": "expected PP-YYYY-NNNNN"}],
        )
    return member_id(registration_no)


class Ledger(Application[UUID]):
    """One ledger: the member streams, the roster, number series and indexes, in one store."""

    name = "ledger"

    def __init__(
        self,
        store: Store,
        keys: KeyStore | None = None,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self._keys = keys  # None: a ledger that only reads (a verifier's worker)
        self.clock = clock
        self.catch_up_reads = True  # reads bring the views up to date (no: a follower runs)
        self.public_url = UNPUBLISHED  # the base URL its credentials name their issuers under
        self.view_page: int | None = None  # notifications per read-model transaction
        self.retries = 0  # commands re-run after losing a race (for the load benchmark)
        self._nik_key: bytes | None = None
        self.personal = PersonalKeys(self)

        def construct() -> None:
            if hasattr(self, "factory"):  # a failed attempt's connections
                self.factory.close()
            Application.__init__(self, env=store.env)

        creating_tables(construct)
        self.locks = WriteLocks(store, self.recorder)

    @property
    def has_key_store(self) -> bool:
        return self._keys is not None

    @property
    def keys(self) -> KeyStore:
        if self._keys is None:
            raise NotAuthorised(
                said("this process holds no key store: it can only read the ledger")
            )
        return self._keys

    def construct_mapper(self) -> Mapper[UUID]:
        mapper = self.factory.mapper(transcoder=OrjsonTranscoder(), mapper_class=PydanticMapper)
        assert isinstance(mapper, PydanticMapper)
        mapper.opener = self.personal.open
        return mapper

    def construct_repository(self) -> Repository[UUID]:
        repository = super().construct_repository()
        repository.__class__ = LedgerRepository
        return repository

    def construct_recorder(self) -> ApplicationRecorder:
        recorder = super().construct_recorder()
        if self.store.env.get("CREATE_TABLE") != "no":
            PersonalKeys.create_table(recorder, self.store.backend)
        return recorder

    # --- loading -----------------------------------------------------------------------

    def is_initialised(self) -> bool:
        return bool(self.recorder.select_events(ROSTER_ID, limit=1))

    def roster(self) -> Roster:
        try:
            roster: Roster = self.repository.get(ROSTER_ID)
        except AggregateNotFoundError:
            raise NotFound(
                said(
                    "no ledger at {store}: create one with `peksos init --admin NAME`",
                    store=self.store.display,
                )
            ) from None
        return roster

    def context(self, actor_name: str | None) -> Context:
        """The acting person, as enrolled in this ledger, at the current time."""
        roster = self.roster()
        if not actor_name:
            raise NotAuthorised(said("say who is acting: --as NAME or PEKSOS_ACTOR"))
        return Context(actor=roster.actor(actor_name), now=self.clock(), seal=self.personal.seal)

    def member_id(self, registration_no: str) -> UUID:
        """The stream of a registered member."""
        stream = _stream_of(registration_no)
        if not self.recorder.select_events(stream, limit=1):  # exists: not folded, not trusted
            raise NotFound(
                said("member {registration_no} not found", registration_no=registration_no)
            )
        return stream

    def member(self, registration_no: str) -> Member:
        try:
            member: Member = self.repository.get(_stream_of(registration_no))
        except AggregateNotFoundError:
            raise NotFound(
                said("member {registration_no} not found", registration_no=registration_no)
            ) from None
        return member

    def holder_id(self, number: str, kind: str) -> UUID:
        """The stream of the member a certificate, exam, application or licence number names."""
        try:
            assignment: NumberAssignment = self.repository.get(assignment_id(number))
        except AggregateNotFoundError:
            raise NotFound(said("{kind} {number} not found", kind=kind, number=number)) from None
        assert assignment.member_id is not None
        return assignment.member_id

    def member_holding(self, number: str, kind: str) -> Member:
        """The member a certificate, exam, application or licence number belongs to."""
        member: Member = self.repository.get(self.holder_id(number, kind))
        return member

    def series(self, ctx: Context, name: str) -> NumberSeries:
        """The series, from its first and latest events only: a province's registrations of
        a year are one stream, and replaying all of it made every registration slower than
        the one before (1,000 numbers in: 7 ms more per command, profiled). Its lock is held
        from here to the end of the command's attempt (ledger/storage/locks.py)."""
        self.locks.series(name)
        sid = series_id(name)
        first = list(self.events.get(sid, limit=1))
        if not first:
            return NumberSeries.start(ctx, name)
        latest = list(self.events.get(sid, desc=True, limit=1))
        return NumberSeries.resumed(cast(ev.LedgerEvent, first[0]), cast(ev.LedgerEvent, latest[0]))

    def nik_claim(self, ctx: Context, nik: str) -> NikClaim | None:
        """The existing claim on ``nik``, if any."""
        try:
            claim: NikClaim = self.repository.get(self.nik_claim_id(nik))
        except AggregateNotFoundError:
            return None
        return claim

    def nik_claim_id(self, nik: str) -> UUID:
        if self._nik_key is None:  # read once: an import asks for every row
            roster = self.roster()
            assert roster.ledger_id is not None
            self._nik_key = self.keys.nik_key(roster.ledger_id)
        return nik_claim_id(nik, self._nik_key)

    def existing(self, ids: list[UUID]) -> set[UUID]:
        """Which of ``ids`` are streams already (one query: an import checks a batch of NIKs)."""
        return existing_streams(self, ids)

    def stream(self, aggregate_id: UUID, upto: int | None = None) -> list[ev.LedgerEvent]:
        return list(self.events.get(aggregate_id, lte=upto))  # type: ignore[arg-type]

    def registered_members(self, page: int = 1000) -> Iterator[UUID]:
        """Every member id, in registration order (a scan; the read side indexes this)."""
        topic = [get_topic(ev.Registered)]
        start = 0
        while True:
            batch = self.recorder.select_notifications(
                start, page, topics=topic, inclusive_of_start=False
            )
            for notification in batch:
                yield UUID(str(notification.originator_id))
            if len(batch) < page:
                return
            start = batch[-1].id

    def event_count(self) -> int:
        return self.recorder.max_notification_id() or 0

    # --- writing -----------------------------------------------------------------------

    def open_ledger(self, admin: str) -> UUID:
        """``peksos init``: the roster with its first admin, and the ledger's key folder."""
        if self.is_initialised():
            roster = self.roster()
            raise Conflict(
                said(
                    "the ledger at {store} already exists (ledger {ledger_id})",
                    store=self.store.display,
                    ledger_id=roster.ledger_id,
                )
            )
        ledger_id = uuid4()
        self.keys.create_nik_key(ledger_id)
        self.keys.create_wrapping_key(ledger_id)
        admin_key = self.keys.create_signing_key(ledger_id)
        log_key = self.keys.create_signing_key(ledger_id)
        ctx = Context(actor=Actor(admin, Role.ADMIN), now=self.clock())
        roster = Roster.open(
            ctx, roster_id=ROSTER_ID, ledger_id=ledger_id, admin_key=admin_key, log_key=log_key
        )
        self.save(roster)
        return ledger_id

    def save(self, *objs: Any, signer: tuple[UUID, str] | None = None, **kwargs: Any) -> Any:
        """Save, in one transaction, the pending events of ``objs`` (aggregates or events),
        sealed with the signature of the actor who recorded them (``signer``: the ledger id and
        the key they held when the command began; else read from the roster)."""
        events: list[ev.LedgerEvent] = []
        for obj in objs:
            if isinstance(obj, ev.LedgerEvent):
                events.append(obj)
            elif obj is not None:
                events.extend(obj.collect_events())
        if not events:
            return []
        # As Application.save, minus its per-object Protocol isinstance checks, which cost
        # more than the rest of a large import together (profiled).
        processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        processing_event.saved_kwargs.update(kwargs)
        seal = self._sealer(events, signer)
        self.personal.store_new()  # before the events their keys seal
        with self.locks.held("journal"):  # from the journal's head to the commit
            processing_event.events.extend(seal(self._journal_entry(events)))
            recordings = self._record(processing_event)
        self._notify(recordings)
        return recordings

    def _sealer(
        self, events: list[ev.LedgerEvent], identity: tuple[UUID, str] | None = None
    ) -> Callable[[ev.SaveSealed], list[ev.LedgerEvent]]:
        """Everything of a save's seal that does not need the journal's head: the checks, the
        signer's key and the events' hashes. What it returns takes the journal's next entry
        and gives the events with, last, that entry carrying the signer's seal over all of
        them. ``save`` holds the journal lock while it runs, so saves form one chain without
        conflicting; a process that did not take it would conflict and re-run (``attempt``).
        Only the entry is hashed and signed under the lock, which every writer waits for."""
        signer = events[0].actor
        if any(e.actor != signer for e in events):
            raise ValueError("one save, one signer: save each actor's events separately")
        if any(unsealed_personal_data(e) for e in events):
            raise ValueError("personal data in the clear: an event's maker must seal it")
        ledger_id, kid = identity or self._signing_identity(signer, events)
        private = self.keys.signing_key(ledger_id, kid, signer)
        covers = [(str(e.originator_id), e.originator_version, event_hash(e)) for e in events]

        def seal(entry: ev.SaveSealed) -> list[ev.LedgerEvent]:
            every = (
                *covers,
                (str(entry.originator_id), entry.originator_version, event_hash(entry)),
            )
            signature = b64url(private.sign(seal_message(signer, kid, every)))
            sealed = Seal(signer=signer, key_id=kid, covers=every, signature=signature)
            return [*events, entry.model_copy(update={"seal": sealed})]

        return seal

    def _journal_entry(self, events: list[ev.LedgerEvent]) -> ev.SaveSealed:
        last = list(self.events.get(JOURNAL_ID, desc=True, limit=1))
        head = last[0] if last else None
        first = events[-1]
        return ev.SaveSealed(
            originator_id=JOURNAL_ID,
            originator_version=head.originator_version + 1 if head else 1,
            timestamp=first.timestamp,
            actor=first.actor,
            actor_role=first.actor_role,
            effective_date=first.timestamp.date(),
            previous_hash=event_hash(head) if head else GENESIS,
            events=len(events),
        )

    def _signing_identity(self, signer: str, events: list[ev.LedgerEvent]) -> tuple[UUID, str]:
        """The ledger id and the signer's current key: from the roster, or from the save
        that opens the ledger."""
        opened = [e for e in events if isinstance(e, ev.LedgerOpened)]
        if opened:
            enrolled = next(e for e in events if isinstance(e, ev.ActorEnrolled))
            return opened[0].ledger_id, enrolled.key_id
        roster = self.roster()
        actor = roster.actor(signer)
        assert roster.ledger_id is not None and actor.key_id is not None
        return roster.ledger_id, actor.key_id

    def attempt(self, command: Callable[[], T]) -> T:
        """Run a whole command (load, decide, save), again if a concurrent writer won.

        A failed save has already drained the aggregates' pending events, so a retry must
        reload and re-decide from scratch: ``command`` does all three. Retries run one at a
        time (the writer lock, ledger/storage/locks.py), so they do not lose to each other.
        """
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self.locks.attempt(first=attempt == 1):
                    return command()
            except IntegrityError:
                self.retries += 1
                if attempt == MAX_ATTEMPTS:
                    break
            except OperationalError as error:
                if (full := disk_full(error)) is not None:
                    raise full from None
                if "locked" not in str(error) or attempt == MAX_ATTEMPTS:
                    raise Conflict(
                        said(
                            "the store is busy ({error}); nothing was recorded: retry",
                            error=str(error),
                        )
                    ) from None
            time.sleep(random.uniform(0, min(MAX_BACKOFF, 0.005 * 2**attempt)))
        raise Conflict(
            said(
                "a concurrent change kept conflicting after {attempts} attempts; "
                "nothing was recorded: retry",
                attempts=MAX_ATTEMPTS,
            )
        )
