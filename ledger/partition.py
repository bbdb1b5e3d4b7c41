"""How ``audit verify`` splits the streams between processes: by the last hex digit of the
stream id, which a database can also filter on."""

from __future__ import annotations

from typing import Any


def partition(parts: int, part: int) -> Any:
    """Which streams (by id, as text) one of ``parts`` verifiers checks: by the last hex
    digit, which a database can also filter on. A malformed id belongs to verifier 0."""
    if parts == 1:
        return lambda stream: True

    def mine(stream: str) -> bool:
        try:
            return int(stream[-1], 16) % parts == part
        except (ValueError, IndexError):
            return part == 0

    return mine


def partition_digits(parts: int, part: int) -> list[str]:
    """The last hex digits of the stream ids that verifier ``part`` checks."""
    return [d for d in "0123456789abcdef" if int(d, 16) % parts == part]
