"""What makes history provable: canonical event hashes, stream hash chains, signed saves.

**Canonical encoding.** An event's hash is SHA-256 over the RFC 8785 (JSON Canonicalization
Scheme) encoding of its *body*:

    {"stream": <stream id>, "version": <int>, "type": <event class name>,
     "class_version": <int>, "recorded_at": <UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ>,
     "effective_date": <YYYY-MM-DD>, "actor": <name>, "actor_role": <role>,
     "evidence": <text or null>, "previous_hash": <hex or "">, "payload": {<the event's own
     fields, as their JSON values>}}

Every value is a string, an integer, null, a boolean, a list or an object with ASCII keys
(rupiah are integers, hours and dates are strings; there are no floats), and for that value
space RFC 8785 is exactly "sorted keys, no white space, UTF-8, minimal escapes", which is what
``orjson`` with ``OPT_SORT_KEYS`` writes (tests/property checks it against the ``rfc8785``
package). It never depends on dict order or on the library's stored form.

**Chains.** Every event carries ``previous_hash``: the hash of the event before it in its
stream ("" for the first), so editing, deleting, reordering or copying in an event breaks the
chain after it.

**Seals.** Everything one command saves is signed once by the acting person's Ed25519 key: the
last event of the save carries a ``Seal`` naming the signer, the key and the (stream, version,
hash) of every event the save appended, and the signature over them. The seal is not part of
the hash of the event that carries it (it could not sign itself). Stating the hashes lets each
covered event be checked on its own, and lets a verifier split the work by stream.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict

GENESIS = ""  # previous_hash of the first event of a stream

_META = frozenset(
    {
        "originator_id",
        "originator_version",
        "originator_topic",
        "timestamp",
        "actor",
        "actor_role",
        "effective_date",
        "evidence",
        "previous_hash",
        "seal",
    }
)


def canonical(value: Any) -> bytes:
    """RFC 8785 canonical JSON for the ledger's value space (see the module docstring)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_body(event: Any) -> dict[str, Any]:
    """The hashed content of an event: everything it says, and where it stands."""
    return {
        "stream": str(event.originator_id),
        "version": event.originator_version,
        "type": type(event).__name__,
        "class_version": type(event).class_version,
        "recorded_at": utc_text(event.timestamp),
        "effective_date": event.effective_date.isoformat(),
        "actor": event.actor,
        "actor_role": event.actor_role.value,
        "evidence": event.evidence,
        "previous_hash": event.previous_hash,
        "payload": event.model_dump(mode="json", exclude=_META),
    }


def event_hash(event: Any) -> str:
    return hashlib.sha256(canonical(event_body(event))).hexdigest()


class Seal(BaseModel):
    """One signature over everything one save appended."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    signer: str
    key_id: str
    covers: tuple[tuple[str, int, str], ...]  # (stream id, version, event hash), as saved
    signature: str  # base64url, no padding

    def message(self) -> bytes:
        return seal_message(self.signer, self.key_id, self.covers)


def seal_message(signer: str, key_id: str, hashes: Sequence[tuple[str, int, str]]) -> bytes:
    """The bytes a seal signs: the signer, the key and each covered event's hash."""
    return canonical(
        {"signer": signer, "key_id": key_id, "events": [list(item) for item in hashes]}
    )


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public_key: bytes) -> str:
    """A short, stable name for an Ed25519 public key: its SHA-256, first 16 hex digits."""
    return hashlib.sha256(public_key).hexdigest()[:16]
