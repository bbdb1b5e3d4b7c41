"""Signed tree heads: the ledger's signed statement that its log held ``size`` events under the
Merkle ``root`` at a moment, in the shape of RFC 9162 (Certificate Transparency 2.0), 4.10.

A tree head is published to witnesses (``peksos --sth-dir``) and kept by auditors; a later
``audit verify --against`` checks its signature with the ledger's log key and proves the log
only grew since. It is JSON (docs/tree-heads.md), and what is signed is the RFC's
``TreeHeadDataV2``, so any Ed25519 library checks it against the exported JWKS::

    uint64 timestamp (ms since 1970, UTC) | uint64 tree_size |
    uint8 length | root_hash | uint16 0 (no extensions)          all big-endian
"""

from __future__ import annotations

import struct
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from ledger.integrity import b64url, unb64url

FORM = "RFC 9162 TreeHeadDataV2, Ed25519"


def signed_data(timestamp: int, size: int, root: bytes) -> bytes:
    """The bytes a tree head's signature is over (RFC 9162, 4.10: TreeHeadDataV2)."""
    return struct.pack(">QQB", timestamp, size, len(root)) + root + b"\x00\x00"


def tree_head(
    log: UUID, size: int, root: bytes, now: datetime, key: Any, key_id: str
) -> dict[str, Any]:
    """The tree head of ``log`` at ``now``, signed with the ledger's log ``key`` (Ed25519)."""
    timestamp = int(now.timestamp() * 1000)
    moment = datetime.fromtimestamp(timestamp / 1000, UTC)
    return {
        "log": str(log),
        "size": size,
        "root": root.hex(),
        "timestamp": timestamp,
        "time": moment.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "hash": "sha256",
        "tree": "RFC 9162 Merkle tree over event hashes in log order",
        "key_id": key_id,
        "signed": FORM,
        "signature": b64url(key.sign(signed_data(timestamp, size, root))),
    }


def signature_problem(head: dict[str, Any], public_key: str) -> str | None:
    """Why ``head``'s signature does not verify with ``public_key`` (raw, base64url), or None."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        root = bytes.fromhex(head["root"])
        message = signed_data(int(head["timestamp"]), int(head["size"]), root)
        signature = unb64url(str(head["signature"]))
        Ed25519PublicKey.from_public_bytes(unb64url(public_key)).verify(signature, message)
    except (KeyError, TypeError, ValueError, OverflowError, struct.error):
        return "the tree head is not in the signed form (timestamp, size, root, signature)"
    except InvalidSignature:
        return f"the tree head's signature does not verify with the log key {head.get('key_id')}"
    return None
