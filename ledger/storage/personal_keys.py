"""Members' personal data at rest: sealed under a data key of their own, so it can be erased.

**Sealing.** The personal fields of an event (``personal_fields``: name, NIK, birth date,
email, phone) are stored as one AES-256-GCM ciphertext in the event's ``personal`` field,
``base64url(nonce || ciphertext)``, its associated data the event's place (stream id and
version), so a sealed value cannot be moved to another event. The stored form is fixed when
the event is made (``seal``), and every hash, chain, seal and Merkle leaf is computed over it:
``audit verify``, digests and ``migrate`` need no personal data and no key.

**Data keys.** Each member has a random 256-bit data key, stored in the ``personal_keys``
table wrapped (AES-256-GCM, associated data the member id) by the ledger's data-key wrapping
key, a file of the key store (``personal-data.key``), never in the database. A key is made
when the member's first personal event is, and stored before the save that uses it, first
writer wins: a save whose key lost a race is re-run with the stored one. A key whose events
never landed seals nothing.

**Erasure.** ``erase`` replaces the wrapped key with NULL (a tombstone: no key is ever made
again for that member). From then on every sealed field of that member reads as ``(erased)``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from uuid import UUID

import orjson

from ledger import events as ev
from ledger.errors import Conflict, IntegrityFailure, NotAuthorised
from ledger.integrity import b64url, stored_state, unb64url
from ledger.wording import said

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

TABLE = "personal_keys"
CHECK = "wrapping-key"  # its row proves which wrapping key wraps the ledger's data keys
NONCE = 12
# Data keys kept per process, raw (32 bytes; the cipher is made for each use, 0.75 us: kept as
# ciphers, 2.5 KB each, every member's cost a 100,000-member import 250 MB, measured); a read
# model's page touches at most 20,000 members.
KEPT = 24_000


def _aesgcm(key: bytes) -> AESGCM:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def _place(stream: str, version: int) -> bytes:
    return f"{stream}|{version}".encode()


def seal_fields(key: AESGCM, stream: str, version: int, fields: dict[str, Any]) -> str:
    nonce = os.urandom(NONCE)
    return b64url(nonce + key.encrypt(nonce, orjson.dumps(fields), _place(stream, version)))


def open_fields(key: AESGCM, stream: str, version: int, sealed: str) -> dict[str, Any]:
    data = unb64url(sealed)
    plain = key.decrypt(data[:NONCE], data[NONCE:], _place(stream, version))
    fields: dict[str, Any] = orjson.loads(plain)
    return fields


def unsealed_personal_data(event: ev.LedgerEvent) -> bool:
    """Whether ``event`` would store personal data in the clear."""
    return bool(type(event).personal_fields) and ev.PERSONAL not in stored_state(event)


def _checked(wrapping: AESGCM, check: bytes) -> None:
    from cryptography.exceptions import InvalidTag

    try:
        wrapping.decrypt(check[:NONCE], check[NONCE:], CHECK.encode())
    except InvalidTag:
        raise NotAuthorised(
            said(
                "the data-key wrapping key on this machine is not the one that wraps this "
                "ledger's data keys: copy personal-data.key from the ledger's key folder"
            ),
            {"key": "personal-data.key"},
        ) from None


class PersonalKeys:
    """The data keys of one ledger's members, read from its store and unwrapped on first use."""

    def __init__(self, ledger: Any) -> None:
        self._ledger = ledger
        self._keys: dict[UUID, bytes | None] = {}  # raw data keys; None: erased
        self._new: dict[UUID, tuple[bytes, bytes]] = {}  # made here, not yet stored (wrapped, raw)
        self._wrapping: AESGCM | None = None
        self._check_stored = False  # this process has seen the wrapping key's check row

    # --- the table ---------------------------------------------------------------------

    @staticmethod
    def create_table(recorder: Any, backend: str) -> None:
        blob = "BYTEA" if backend == "postgresql" else "BLOB"
        with recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (member_id TEXT PRIMARY KEY, wrapped {blob})"
            )

    def _sql(self, statement: str) -> str:
        return (
            statement.replace("?", "%s")
            if self._ledger.store.backend == "postgresql"
            else statement
        )

    def _rows(self, ids: list[UUID]) -> dict[UUID, bytes | None]:
        return {UUID(m): wrapped for m, wrapped in self._raw([str(i) for i in ids]).items()}

    def _raw(self, ids: list[str]) -> dict[str, bytes | None]:
        found: dict[str, bytes | None] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._ledger.recorder.datastore.transaction(commit=False) as cursor:
                cursor.execute(
                    self._sql(
                        f"SELECT member_id, wrapped FROM {TABLE} WHERE member_id IN ({marks})"
                    ),
                    chunk,
                )
                for row in cursor.fetchall():
                    wrapped = row["wrapped"]
                    found[row["member_id"]] = bytes(wrapped) if wrapped is not None else None
        return found

    # --- keys --------------------------------------------------------------------------

    def _wrapper(self) -> AESGCM:
        """The wrapping key of this machine's key folder, checked against the row that says
        which key wraps the stored data keys (so two machines never wrap with two keys)."""
        if self._wrapping is None:
            keys, ledger_id = self._ledger.keys, self._ledger.roster().ledger_id
            check = self._raw([CHECK]).get(CHECK)
            if check is None and not keys.has_wrapping_key(ledger_id):
                keys.create_wrapping_key(ledger_id)  # a ledger made before data keys were
            wrapping = _aesgcm(keys.wrapping_key(ledger_id))
            if check is not None:
                _checked(wrapping, check)
            self._wrapping = wrapping
        return self._wrapping

    def _store_check(self) -> None:
        """Say, once per ledger, which wrapping key wraps its data keys (first writer wins);
        a process asks once (each asking was a transaction of every registration)."""
        if self._check_stored:
            return
        wrapping = self._wrapper()
        nonce = os.urandom(NONCE)
        value = nonce + wrapping.encrypt(nonce, b"", CHECK.encode())
        insert = f"INSERT INTO {TABLE} (member_id, wrapped) VALUES (?, ?) ON CONFLICT DO NOTHING"
        with self._ledger.recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(self._sql(insert), [CHECK, value])
        stored = self._raw([CHECK])[CHECK]
        assert stored is not None
        _checked(wrapping, stored)
        self._check_stored = True

    def _unwrap(self, member: UUID, wrapped: bytes | None) -> bytes | None:
        if wrapped is None:
            return None
        from cryptography.exceptions import InvalidTag

        try:
            key = self._wrapper().decrypt(wrapped[:NONCE], wrapped[NONCE:], member.bytes)
        except InvalidTag:
            raise NotAuthorised(
                said(
                    "the data-key wrapping key on this machine does not open this ledger's data "
                    "keys: copy personal-data.key from the ledger's key folder"
                ),
                {"key": "personal-data.key"},
            ) from None
        return key

    def prefetch(self, members: Iterable[UUID]) -> None:
        """Read the keys of ``members`` in a few queries (a rebuild reads every member's)."""
        missing = [m for m in set(members) if m not in self._keys and m not in self._new]
        if missing and self._ledger.has_key_store:
            for member, wrapped in self._rows(missing).items():
                self._keep(member, self._unwrap(member, wrapped))

    def _key(self, member: UUID, *, make: bool, new: bool = False) -> AESGCM | None:
        """The member's data key; ``make``: made if there is none; ``new``: the member's
        stream begins with this event, so no key is stored yet (a racing writer's is caught
        by ``store_new``): not looked up."""
        if member in self._new:
            return _aesgcm(self._new[member][1])
        if member not in self._keys and not new:
            self.prefetch([member])
        if member in self._keys:
            raw = self._keys[member]
            return None if raw is None else _aesgcm(raw)
        if not make:
            return None
        raw = os.urandom(32)
        nonce = os.urandom(NONCE)
        wrapped = nonce + self._wrapper().encrypt(nonce, raw, member.bytes)
        self._new[member] = (wrapped, raw)
        return _aesgcm(raw)

    # --- sealing and opening -----------------------------------------------------------

    def seal(self, event: ev.LedgerEvent) -> None:
        """Fix the stored form of a new event: its personal fields sealed under the member's
        data key (made if the member has none yet)."""
        state = dict(stored_state(event))
        fields = {f: state.pop(f) for f in type(event).personal_fields}
        fields = {f: v for f, v in fields.items() if v is not None}
        stream = event.originator_id
        key = self._key(stream, make=True, new=event.originator_version == 1)
        if key is None:
            raise Conflict(
                said("this member's personal data was erased: it cannot be recorded again")
            )
        state[ev.PERSONAL] = seal_fields(key, str(stream), event.originator_version, fields)
        object.__setattr__(event, "__pydantic_private__", {"_stored_state": state})

    def open(self, stream: str, version: int, sealed: str) -> dict[str, Any] | str:
        """An event's personal fields, or ERASED, or SEALED (this process holds no key store)."""
        if not self._ledger.has_key_store:
            return ev.SEALED
        member = UUID(stream)
        key = self._key(member, make=False)
        if key is not None:
            return open_fields(key, stream, version, sealed)
        if member not in self._keys:  # no row at all: not an erasure, a store missing keys
            raise IntegrityFailure(
                said(
                    "the store holds no data key for a member whose entries are sealed: its key "
                    "table is incomplete (restore it from a backup)"
                ),
                [f"stream {stream} entry {version}"],
            )
        return ev.ERASED

    def store_new(self) -> None:
        """Store the keys made since the last save, before the save whose events they seal.
        A key another writer stored first wins; the save is then re-run with it."""
        if not self._new:
            return
        self._store_check()
        new, self._new = self._new, {}
        insert = f"INSERT INTO {TABLE} (member_id, wrapped) VALUES (?, ?) ON CONFLICT DO NOTHING"
        with self._ledger.recorder.datastore.transaction(commit=True) as cursor:
            cursor.executemany(
                self._sql(insert), [(str(m), wrapped) for m, (wrapped, _) in new.items()]
            )
        stored = self._rows(list(new))
        lost = [m for m, (wrapped, _) in new.items() if stored.get(m) != wrapped]
        for member, (_, key) in new.items():
            if member not in lost:
                self._keep(member, key)
        if lost:  # the retry seals with the stored key (a killed run's, or a racing writer's)
            self.prefetch(lost)
            from eventsourcing.persistence import IntegrityError

            raise IntegrityError("a concurrent writer stored a data key first")

    def copy_to(self, target: PersonalKeys) -> int:
        """Copy every wrapped key (and tombstone) into ``target``'s empty table (``migrate``):
        the keys stay wrapped, by the same ledger's wrapping key."""
        with self._ledger.recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(f"SELECT member_id, wrapped FROM {TABLE} ORDER BY member_id")
            rows = [(r["member_id"], r["wrapped"]) for r in cursor.fetchall()]
        insert = f"INSERT INTO {TABLE} (member_id, wrapped) VALUES (?, ?) ON CONFLICT DO NOTHING"
        with target._ledger.recorder.datastore.transaction(commit=True) as cursor:
            cursor.executemany(target._sql(insert), [(m, w and bytes(w)) for m, w in rows])
        return len(rows)

    def erase(self, member: UUID) -> bool:
        """Destroy the member's data key; True if there was one."""
        self._new.pop(member, None)
        had = self._key(member, make=False) is not None
        upsert = (
            f"INSERT INTO {TABLE} (member_id, wrapped) VALUES (?, NULL) "
            "ON CONFLICT (member_id) DO UPDATE SET wrapped = NULL"
        )
        with self._ledger.recorder.datastore.transaction(commit=True) as cursor:
            cursor.execute(self._sql(upsert), [str(member)])
        self._keep(member, None)
        return had

    def _keep(self, member: UUID, key: bytes | None) -> None:
        """Keep the member's key open (None: erased), letting the longest kept go past
        ``KEPT`` (read again when needed)."""
        self._keys.pop(member, None)
        self._keys[member] = key
        while len(self._keys) > KEPT:
            del self._keys[next(iter(self._keys))]
