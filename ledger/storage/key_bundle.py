"""Handing a new actor their key: one file, sealed with a one-time transfer code.

``actor add NAME --bundle FILE`` enrols the actor, writes their private signing key and the
two ledger secrets every reading machine needs (the NIK-index key and the data-key wrapping
key) into FILE, sealed with AES-256-GCM under a key derived from a random transfer code
(scrypt), and removes the private key from the admin's key folder, so the admin's machine does
not keep everyone's keys. The code is printed once; send it apart from the file (the file by
email, the code by telephone). ``keys import FILE`` on the actor's machine installs them.

The file: ``{"format": "peksos-key-bundle/1", "ledger_id", "actor", "key_id", "salt",
"sealed"}``, ``sealed`` being ``base64url(nonce || ciphertext)`` of the secrets' JSON with the
ledger id, actor and key id as associated data.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from uuid import UUID

import orjson

from ledger.errors import InvalidInput, NotAuthorised
from ledger.integrity import b64url, unb64url
from ledger.wording import said

FORMAT = "peksos-key-bundle/1"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud without doubt
CODE_GROUPS = 5  # five groups of four: 100 bits


def transfer_code() -> str:
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(4)) for _ in range(CODE_GROUPS))


def _normal(code: str) -> bytes:
    return "".join(c for c in code.upper() if c in ALPHABET).encode()


def _key(code: str, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2**15, r=8, p=1).derive(_normal(code))


def _aad(ledger_id: str, actor: str, key_id: str) -> bytes:
    return orjson.dumps([ledger_id, actor, key_id])


@dataclass(frozen=True)
class Bundle:
    ledger_id: UUID
    actor: str
    key_id: str
    secrets: dict[str, bytes]  # "signing" (PKCS#8 PEM) and the ledger's secret files by name


def seal(bundle: Bundle, code: str) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    plain = orjson.dumps({name: b64url(value) for name, value in bundle.secrets.items()})
    aad = _aad(str(bundle.ledger_id), bundle.actor, bundle.key_id)
    sealed = AESGCM(_key(code, salt)).encrypt(nonce, plain, aad)
    return orjson.dumps(
        {
            "format": FORMAT,
            "ledger_id": str(bundle.ledger_id),
            "actor": bundle.actor,
            "key_id": bundle.key_id,
            "salt": b64url(salt),
            "sealed": b64url(nonce + sealed),
        },
        option=orjson.OPT_INDENT_2,
    )


def open_sealed(data: bytes, code: str) -> Bundle:
    """The bundle in ``data``; InvalidInput if it is none, NotAuthorised if the code is wrong."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        outer = orjson.loads(data)
        if outer.get("format") != FORMAT:
            raise ValueError("not a peksos key bundle")
        ledger_id, actor, kid = UUID(outer["ledger_id"]), str(outer["actor"]), str(outer["key_id"])
        salt, sealed = unb64url(outer["salt"]), unb64url(outer["sealed"])
    except (orjson.JSONDecodeError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InvalidInput(
            said(
                "the file is not a key bundle made by `peksos actor add --bundle` ({error})",
                error=str(error),
            ),
            [{"field": "file", "message": "not a key bundle"}],
        ) from None
    try:
        plain = AESGCM(_key(code, salt)).decrypt(
            sealed[:12], sealed[12:], _aad(str(ledger_id), actor, kid)
        )
    except InvalidTag:
        raise NotAuthorised(
            said("the transfer code does not open this key bundle (or the file was altered)"),
            {"field": "code"},
        ) from None
    inner = orjson.loads(plain)
    return Bundle(ledger_id, actor, kid, {name: unb64url(v) for name, v in inner.items()})
