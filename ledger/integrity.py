"""What makes history provable: canonical event hashes, stream hash chains, signed saves.

**Canonical encoding.** An event's hash is SHA-256 over the RFC 8785 (JSON Canonicalization
Scheme) encoding of its *body*:

    {"stream": <stream id>, "version": <int>, "type": <the stored topic, module:Class>,
     "class_version": <int>, "recorded_at": <the stored UTC time, ISO 8601>,
     "effective_date": <YYYY-MM-DD>, "actor": <name>, "actor_role": <role>,
     "evidence": <text or null>, "previous_hash": <hex or "">, "payload": {<the event's own
     fields, as their JSON values>}}

It is computed from the event's stored JSON (``stored_hash``), by the writer and by the
verifier alike, so a later ``class_version`` upcast does not change what an old event hashed to.

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
import re
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import orjson
from eventsourcing.utils import get_topic
from pydantic import BaseModel, ConfigDict

GENESIS = ""  # previous_hash of the first event of a stream

# The fields every event carries (the envelope); everything else, originator_topic included,
# is the event's own payload.
ENVELOPE = frozenset(
    {
        "originator_id",
        "originator_version",
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


_UTC_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|\+00:00)")


def recorded_at(stored: str) -> str:
    """A stored UTC timestamp as YYYY-MM-DDTHH:MM:SS.ffffffZ, for comparing times as text.

    Raises ValueError for anything but a UTC time as the ledger writes it.
    """
    match = _UTC_TEXT.fullmatch(stored)
    if match is None:
        raise ValueError(f"not a UTC time as the ledger writes it: {stored!r}")
    head = stored[:19]
    fraction = (match.group(1) or ".")[1:]
    return f"{head}.{fraction:0<6}Z"


def body(stream: str, version: int, topic: str, state: dict[str, Any]) -> dict[str, Any]:
    """The hashed content of an event, from the form it is stored in (``state`` is the
    stored JSON object), so writer and verifier hash exactly the same thing."""
    return {
        "stream": stream,
        "version": version,
        "type": topic,
        "class_version": state.get("class_version", 1),
        "recorded_at": state["timestamp"],
        "effective_date": state["effective_date"],
        "actor": state["actor"],
        "actor_role": state["actor_role"],
        "evidence": state.get("evidence"),
        "previous_hash": state["previous_hash"],
        "payload": {k: v for k, v in state.items() if k not in ENVELOPE},
    }


def stored_hash(stream: str, version: int, topic: str, state: dict[str, Any]) -> str:
    return hashlib.sha256(canonical(body(stream, version, topic, state))).hexdigest()


def stored_state(event: Any) -> dict[str, Any]:
    """The JSON object an event is stored as (ledger/persistence.py writes exactly this).

    Computed once per event object (hashing, sealing and storing all need it): the cache
    holds the event itself, so an id is never reused while its entry lives. An upcast event
    answers with the form it was stored in.
    """
    private = getattr(event, "__pydantic_private__", None) or {}  # not pydantic's slow __getattr__
    pinned: dict[str, Any] | None = private.get("_stored_state")
    if pinned is not None:
        return pinned
    cached = _STATES.get(id(event))
    if cached is not None and cached[0] is event:
        _STATES.move_to_end(id(event))
        return cached[1]
    state: dict[str, Any] = event.model_dump(
        mode="json", exclude={"originator_id", "originator_version"}
    )
    class_version = type(event).class_version
    if class_version > 1:
        state["class_version"] = class_version
    _STATES[id(event)] = (event, state)
    if len(_STATES) > 16384:
        _STATES.popitem(last=False)
    return state


_STATES: OrderedDict[int, tuple[Any, dict[str, Any]]] = OrderedDict()


def event_hash(event: Any) -> str:
    """The hash of an event, computed from the JSON it is (or will be) stored as."""
    return stored_hash(
        str(event.originator_id),
        event.originator_version,
        get_topic(type(event)),
        stored_state(event),
    )


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
    """Strict base64url: one spelling per value, or ValueError (so a signature or key cannot
    be altered in bits that decoding would ignore)."""
    data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if b64url(data) != text:
        raise ValueError("not canonical base64url")
    return data


def key_id(public_key: bytes) -> str:
    """A short, stable name for an Ed25519 public key: its SHA-256, first 16 hex digits."""
    return hashlib.sha256(public_key).hexdigest()[:16]
