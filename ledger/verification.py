"""``audit verify``: re-check every stream from what is stored. Pure: no storage here.

A ``Verifier`` is fed the log in order, as stored records (stream id, version, topic and the
decoded JSON object), so it hashes exactly the stored bytes and needs no event classes. It
checks, for the streams it is given (all, or one partition when the work is split):

- every record is a JSON object in the ledger's own normal form (so even a change that would
  decode to the same values is seen);
- versions run 1, 2, 3... with no gap, and each ``previous_hash`` is the hash of the record
  before it (so an edited, deleted, reordered or copied-in event breaks the chain);
- every save ends with a journal entry carrying its seal, and the journal's own chain puts
  the saves in one order (so a removed save shows, unless it is the very last);
- every event is covered by exactly one seal, whose stated hash is the event's own, whose
  signer is the event's actor, and whose signature verifies with the key the signer held when
  the seal was recorded (the roster's history of keys);
- the actor's role was the one the roster gave them then, and that role may record the event;
- every certificate still holds under the rule set and level it names, judged on its decision
  date from the facts recorded before it (the member's record folded by the aggregate's fold).

It reports every failure, never just the first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from eventsourcing.utils import TopicError, resolve_topic
from pydantic import ValidationError

from ledger import events as ev
from ledger.access import MAY_RECORD
from ledger.integrity import GENESIS, Seal, recorded_at, stored_hash, unb64url
from ledger.numbers import JOURNAL_ID, ROSTER_ID
from ledger.record import MemberRecord
from ledger.regimes import rejudge_failures
from ledger.roster import actor_key

JOURNAL = str(JOURNAL_ID)
ROSTER = str(ROSTER_ID)


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
    facts: MemberRecord | None = None  # a member stream's record, folded as it is read


@dataclass
class _Key:
    key_id: str
    public: Ed25519PublicKey
    since: str  # recorded_at text: sorts as time does
    # The journal entries between which it may sign: from the entry that enrolled or rotated it
    # in, to the one that rotated it out (that save is signed with it). None: not yet seen.
    from_entry: int | None = None
    until_entry: int | None = None


@dataclass
class SealMemo:
    """What a process that checks many streams in turn (the web register) need not redo: a
    journal entry's seal read from the same stored bytes, and a signature over the same
    message by the same key found valid. Entries are keyed by the bytes themselves (their
    SHA-256), so an entry changed in the store is read and checked afresh; every other check
    (the hash chains, which key the signer held at that entry, revocations, roles, rules) is
    made each time. A batch import's journal entry seals 500 members' events: reading and
    checking it was 9 of a lookup's 19 ms (profiled)."""

    limit: int = 4096
    # stored record's digest -> (recorded_at, events in the save, the seal, its message digest)
    read: dict[bytes, tuple[str, int, Seal, bytes]] = field(default_factory=dict)
    verified: set[tuple[bytes, str, bytes]] = field(default_factory=set)
    # a remembered seal's covers, by stream (a check of one stream reads its own and the roster's)
    covers: dict[int, dict[str, list[tuple[str, int, str]]]] = field(default_factory=dict)

    def remember(self, digest: bytes, entry: tuple[str, int, Seal, bytes]) -> None:
        if len(self.read) >= self.limit:
            self.read.clear()
            self.covers.clear()
        self.read[digest] = entry
        by_stream: dict[str, list[tuple[str, int, str]]] = {}
        for cover in entry[2].covers:
            by_stream.setdefault(cover[0], []).append(cover)
        self.covers[id(entry[2])] = by_stream

    def covers_of(self, seal: Seal, stream: str) -> list[tuple[str, int, str]] | None:
        """What a remembered seal covers of ``stream`` (None: a seal not remembered)."""
        by_stream = self.covers.get(id(seal))
        return None if by_stream is None else by_stream.get(stream, [])

    def valid(self, public: Ed25519PublicKey, seal: Seal, message: bytes) -> bool:
        """Whether the seal's signature verifies (remembered when ``message``, the digest of
        what it signs, is given)."""
        key = (public.public_bytes_raw(), seal.signature, message) if message else None
        if key is not None and key in self.verified:
            return True
        try:
            public.verify(unb64url(seal.signature), seal.message())
        except (InvalidSignature, ValueError):
            return False
        if key is not None:
            if len(self.verified) >= self.limit:
                self.verified.clear()
            self.verified.add(key)
        return True


# Journal entries are written by clients whose clocks differ a little; a save claiming to be
# more than this much older than the one before it had its clock set back.
CLOCK_SKEW_SECONDS = 30


@dataclass
class Verifier:
    """Checks the streams for which ``mine(stream_id)`` is true; fed every record in log order."""

    mine: Any = lambda stream: True
    only: str | None = None  # the one stream checked, if ``mine`` is that stream alone
    memo: SealMemo = field(default_factory=lambda: SealMemo(limit=0))
    failures: list[Failure] = field(default_factory=list)
    events: int = 0
    seals: int = 0
    _streams: dict[str, _Stream] = field(default_factory=dict)
    _unsealed: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    _keys: dict[str, list[_Key]] = field(default_factory=dict)
    _roles: dict[str, list[tuple[str, str, str | None]]] = field(default_factory=dict)
    _revoked: dict[str, str] = field(default_factory=dict)
    _revoked_entry: dict[str, int] = field(default_factory=dict)
    _roster_changes: dict[int, tuple[str, str]] = field(default_factory=dict)  # version: who, kind
    _journal_time: tuple[int, str] = (0, "")  # the last journal entry seen and its time

    # --- feeding -------------------------------------------------------------------------

    def roster_record(self, kind: str, s: dict[str, Any], version: int = 0) -> None:
        """Every verifier follows the roster: who held which key and role, since when, and
        (once the journal entry sealing the change is seen) since which entry."""
        if kind == "ActorRevoked":
            # An unreadable record is reported by the roster's own checker.
            with contextlib.suppress(KeyError, TypeError, ValueError):
                self._revoked[actor_key(s["name"])] = recorded_at(s["timestamp"])
                self._roster_changes[version] = (actor_key(s["name"]), kind)
            return
        if kind not in ("ActorEnrolled", "ActorKeyRotated"):
            return
        try:
            public = Ed25519PublicKey.from_public_bytes(unb64url(s["public_key"]))
            since = recorded_at(s["timestamp"])
            who = actor_key(s["name"])
            key = _Key(s["key_id"], public, since)
            # where the actor may act: a chapter admin's province, a regional government's
            # regency (or city)
            where = s.get("province") or s.get("regency")
            role = (since, str(s["role"]), where) if kind == "ActorEnrolled" else None
        except (KeyError, ValueError, TypeError):
            return  # the roster's own checker reports the unreadable record
        self._keys.setdefault(who, []).append(key)
        self._roster_changes[version] = (who, kind)
        if role is not None:
            self._roles.setdefault(who, []).append(role)

    def record(self, sid: str, version: int, topic: str, raw: bytes, s: Any) -> None:
        """One stored record of a stream this verifier checks (``s``: its decoded JSON)."""
        self.events += 1
        stream = self._streams.setdefault(sid, _Stream())
        kind = topic.rpartition(":")[2]
        if version != stream.version + 1:
            self._fail(
                stream,
                sid,
                version,
                "version",
                f"{kind} is entry {version}, after entry {stream.version}",
            )
        try:
            digest = stored_hash(sid, version, topic, s)
            previous, actor = s["previous_hash"], s["actor"]
            when, role = recorded_at(s["timestamp"]), s["actor_role"]
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            stream.version, stream.head = version, ""
            self._fail(stream, sid, version, "unreadable", f"{kind}: {type(error).__name__}")
            return
        if sid == JOURNAL:
            self._check_clock(stream, version, when)
        if previous != stream.head:
            self._fail(
                stream,
                sid,
                version,
                "hash-chain",
                f"{kind} does not follow the entry before it (its previous_hash is not "
                "that entry's hash)",
            )
        stream.version, stream.head = version, digest
        self._unsealed[(sid, version)] = (digest, actor)
        if kind == "SaveSealed" and s.get("seal") is None:
            self._fail(stream, sid, version, "seal", "a journal entry without its seal")
        self._check_role(stream, sid, version, kind, actor, role, when, s)
        self._follow_rules(stream, sid, version, kind, topic, s)

    def unreadable(self, sid: str, version: int, why: str) -> None:
        """A stored record that is not a JSON object in the ledger's normal form."""
        self.events += 1
        stream = self._streams.setdefault(sid, _Stream())
        stream.version, stream.head = version, ""
        self._fail(stream, sid, version, "stored-form", why)

    def seal(
        self,
        carrier: tuple[str, int, str, int] | None,
        seal_data: Any,
        carrier_is_mine: bool,
        message: bytes = b"",
    ) -> None:
        """A seal seen in the log: its signature is checked by whoever checks its carrier
        (``carrier``: stream, version, recorded_at, events in the save); each covered event
        by whoever checks that event. ``seal_data``: the stored seal, or one already read
        (``SealMemo``), with ``message`` the digest of what it signs."""
        try:
            seal = seal_data if isinstance(seal_data, Seal) else Seal.model_validate(seal_data)
        except ValidationError:
            if carrier_is_mine and carrier is not None:
                stream = self._streams.setdefault(carrier[0], _Stream())
                self._fail(stream, carrier[0], carrier[1], "seal", "the seal is unreadable")
            return
        if carrier_is_mine and carrier is not None:
            self.seals += 1
            self._check_signature(carrier, seal, message)
        signer = actor_key(seal.signer)
        covers: Sequence[tuple[str, int, str]] = seal.covers
        roster = covers
        if self.only is not None and (mine := self.memo.covers_of(seal, self.only)) is not None:
            covers, roster = mine, self.memo.covers_of(seal, ROSTER) or []
        if carrier is not None:
            self._place_roster_changes(roster, carrier[1])
        for stream_id, version, digest in covers:
            try:
                if not self.mine(stream_id):
                    continue
            except ValueError:
                continue
            found = self._unsealed.pop((stream_id, version), None)
            stream = self._streams.get(stream_id, _Stream())
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
            elif actor_key(found[1]) != signer:
                self._fail(
                    stream,
                    stream_id,
                    version,
                    "seal",
                    f"recorded by {found[1]} but signed by {seal.signer}",
                )

    def _place_roster_changes(self, covers: Sequence[tuple[str, int, str]], entry: int) -> None:
        """The roster changes a journal entry seals: keys valid from (or until) that entry,
        actors revoked from it."""
        for stream_id, version, _ in covers:
            if stream_id != ROSTER or version not in self._roster_changes:
                continue
            who, kind = self._roster_changes.pop(version)
            keys = self._keys.get(who, [])
            if kind == "ActorRevoked":
                self._revoked_entry.setdefault(who, entry)
                continue
            placed = [k for k in keys if k.from_entry is not None]
            fresh = next((k for k in keys if k.from_entry is None), None)
            if fresh is None:
                continue
            fresh.from_entry = entry
            if kind == "ActorKeyRotated" and placed:
                placed[-1].until_entry = entry  # the rotation is signed with the key it replaces

    def finish(self) -> list[Failure]:
        for stream_id, version in self._unsealed:
            stream = self._streams.get(stream_id, _Stream())
            self._fail(stream, stream_id, version, "seal", "no seal covers this entry")
        self._unsealed.clear()
        return self.failures

    # --- checks --------------------------------------------------------------------------

    def _fail(self, stream: _Stream, sid: str, entry: int | None, check: str, detail: str) -> None:
        reg = stream.facts.registration_no if stream.facts else None
        self.failures.append(Failure(sid, entry, check, detail, reg))

    def _check_clock(self, stream: _Stream, version: int, when: str) -> None:
        """Journal entries follow one another in time: one claiming to be older than the entry
        before it (beyond a little clock skew) was written by a client with its clock set
        back, the way to make a retired key look current."""
        last_version, last_when = self._journal_time
        if last_version == version - 1 and last_when:
            earliest = datetime.fromisoformat(last_when) - timedelta(seconds=CLOCK_SKEW_SECONDS)
            if datetime.fromisoformat(when) < earliest:
                self._fail(
                    stream,
                    JOURNAL,
                    version,
                    "clock",
                    f"recorded at {when}, before journal entry {last_version} at {last_when} "
                    f"(more than {CLOCK_SKEW_SECONDS} s of clock skew)",
                )
        self._journal_time = (version, when)

    def _check_signature(
        self, carrier: tuple[str, int, str, int], seal: Seal, message: bytes = b""
    ) -> None:
        sid, version, when, saved = carrier
        stream = self._streams.get(sid, _Stream())
        if sid != JOURNAL:
            self._fail(stream, sid, version, "seal", "a seal outside the journal")
        elif (
            not seal.covers
            or (seal.covers[-1][0], seal.covers[-1][1]) != (sid, version)
            or len(seal.covers) != saved + 1
        ):
            self._fail(
                stream,
                sid,
                version,
                "seal",
                "the seal does not cover its own save as recorded in the journal",
            )
        who = actor_key(seal.signer)
        keys = self._keys.get(who, [])
        revoked = self._revoked_entry.get(who)
        if revoked is not None and version > revoked:
            self._fail(
                stream,
                sid,
                version,
                "signature",
                f"signed by {seal.signer} after their right to act was revoked (journal entry "
                f"{revoked})",
            )
            return
        # The key named must have been the signer's at this position of the journal: from the
        # entry that put it in use to the one that rotated it out (whatever time the save
        # claims). Where the journal entry of a roster change was not read (a check of one
        # stream), the time it claims stands in.
        held = next(
            (
                k
                for i, k in enumerate(keys)
                if k.key_id == seal.key_id
                and (
                    (
                        k.from_entry <= version
                        and (k.until_entry is None or version <= k.until_entry)
                    )
                    if k.from_entry is not None
                    else (k.since <= when and (i + 1 == len(keys) or keys[i + 1].since >= when))
                )
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
        if not self.memo.valid(held.public, seal, message):
            self._fail(
                stream, sid, version, "signature", f"the signature of {seal.signer} does not verify"
            )

    def _check_role(
        self,
        stream: _Stream,
        sid: str,
        version: int,
        kind: str,
        actor: str,
        recorded_role: str,
        when: str,
        s: dict[str, Any],
    ) -> None:
        history = [r for r in self._roles.get(actor_key(actor), []) if r[0] <= when]
        if not history:
            if kind != "LedgerOpened":
                self._fail(
                    stream,
                    sid,
                    version,
                    "role",
                    f"{actor} was not an enrolled actor when this was recorded",
                )
            return
        _, role, province = history[-1]
        revoked = self._revoked.get(actor_key(actor))
        if revoked is not None and revoked < when:
            self._fail(
                stream,
                sid,
                version,
                "role",
                f"{actor} recorded this after their right to act was revoked",
            )
        if role != recorded_role:
            self._fail(
                stream, sid, version, "role", f"recorded as {recorded_role} but {actor} was {role}"
            )
        allowed = MAY_RECORD.get(kind)
        if allowed is not None and role not in allowed:
            self._fail(stream, sid, version, "role", f"a {role} may not record {kind}")
        facts = stream.facts
        if role == "chapter-admin" and facts is not None and facts.province != province:
            self._fail(
                stream,
                sid,
                version,
                "role",
                f"chapter admin of {province} recorded for a member of {facts.province}",
            )
        if role == "regional-government" and kind.startswith("Sipps"):
            permit = facts.sipps.get(str(s.get("sipps_no"))) if facts is not None else None
            regency = s.get("regency") or (permit.regency if permit is not None else None)
            if regency != province:
                self._fail(
                    stream,
                    sid,
                    version,
                    "role",
                    f"the government of regency {province} recorded for a SIPPS of {regency}",
                )

    def _follow_rules(
        self, stream: _Stream, sid: str, version: int, kind: str, topic: str, s: dict[str, Any]
    ) -> None:
        """Fold a member stream with the one fold the aggregate uses, and judge every
        certificate again from the facts recorded before it."""
        if kind != "Registered" and stream.facts is None:
            return
        try:
            event = ev.decode(resolve_topic(topic), dict(s), sid, version)
            if kind == "Registered":
                stream.facts = MemberRecord()
            assert stream.facts is not None
            if isinstance(event, ev.Certified):
                for failure in rejudge_failures(stream.facts, event):
                    self._fail(stream, sid, version, "rules", failure)
            stream.facts.apply(event)
        except (KeyError, ValueError, TypeError, AttributeError, TopicError) as error:
            self._fail(stream, sid, version, "unreadable", f"{kind}: {error!r}"[:200])
