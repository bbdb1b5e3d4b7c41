"""W3C Bitstring Status List v1.0: the compressed bitstring a status list credential carries.

Bit ``i`` is the status of the credential whose ``statusListIndex`` is ``i`` (1: revoked, or
suspended, as the list's purpose says), the first index the left-most bit of the first byte.
The bitstring is GZIP-compressed (RFC 1952) and Multibase-encoded as base64url without padding,
the ``u`` prefix first; lists of the 2023 drafts (and StatusList2021) have no prefix and are
read as well. A list is at least 131,072 entries (16 KB), so that one credential's status does
not single out its holder. Written out with ``gzip`` and ``base64``: the encoding is these two
calls, and no Python library of the format is well kept.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from collections.abc import Iterable

MINIMUM = 131_072  # entries (bits): 16 KB


class StatusListError(ValueError):
    """Not a status list this ledger can read: the message says why."""


def encode(set_bits: Iterable[int], length: int = MINIMUM) -> str:
    """The ``encodedList`` of a list of ``length`` entries with ``set_bits`` set."""
    if length < MINIMUM or length % 8:
        raise StatusListError(f"a status list has at least {MINIMUM:,} entries, in whole bytes")
    bitstring = bytearray(length // 8)
    for index in set_bits:
        if not 0 <= index < length:
            raise StatusListError(f"index {index} is outside a list of {length:,} entries")
        bitstring[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bitstring), mtime=0)  # the same list, the same bytes
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode(encoded: str) -> bytes:
    """The uncompressed bitstring of an ``encodedList``; StatusListError if it is none, or
    shorter than the minimum."""
    text = encoded[1:] if encoded.startswith("u") else encoded
    try:
        compressed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        bitstring = gzip.decompress(compressed)
    except (binascii.Error, ValueError, OSError, EOFError, zlib.error) as error:
        raise StatusListError(f"not a GZIP-compressed, base64url-encoded list: {error}") from None
    if len(bitstring) * 8 < MINIMUM:
        raise StatusListError(
            f"the list has {len(bitstring) * 8:,} entries, fewer than the {MINIMUM:,} required"
        )
    return bitstring


def is_set(bitstring: bytes, index: int) -> bool:
    """The status at ``index``; StatusListError if the list has no such entry."""
    if not 0 <= index < len(bitstring) * 8:
        raise StatusListError(f"index {index} is outside a list of {len(bitstring) * 8:,}")
    return bool(bitstring[index // 8] & (0x80 >> (index % 8)))
