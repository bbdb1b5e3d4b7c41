"""The ledger's errors: a small hierarchy, mapped to exit codes once, in commands/cli/errors.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ledger.wording import said


class LedgerError(Exception):
    """A failure the user can act on. Never a bug."""

    code = "error"
    nothing_recorded = False  # says so to the user: refusals and conflicts record nothing

    def __init__(self, message: str, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class InvalidInput(LedgerError):
    """Malformed input: a field that cannot be read. Details name each field."""

    code = "invalid_input"


class Refused(LedgerError):
    """A rule refused the command. Details list every unmet requirement."""

    code = "refused"
    nothing_recorded = True

    def __init__(self, message: str, unmet: Sequence[str]) -> None:
        super().__init__(message, list(unmet))
        self.unmet = list(unmet)

    @classmethod
    def unless(cls, what: str, unmet: Sequence[str]) -> None:
        """Refuse ``what`` if any requirement is unmet, naming every one. Each requirement is
        words with a stable code (``ledger.wording.Said``) for machines."""
        if unmet:
            words = said(
                "{what} refused: {count} requirement(s) not met", what=what, count=len(unmet)
            )
            raise cls(words, unmet)


class NoLongerValid(Refused):
    """A genuine credential that no longer holds (revoked, expired): refused, nothing changed."""

    nothing_recorded = False


class NotFound(LedgerError):
    code = "not_found"


class Conflict(LedgerError):
    """A duplicate, or a concurrent change that did not resolve on retry."""

    code = "conflict"
    nothing_recorded = True


class Interrupted(Conflict):
    """A batch command that failed part way: earlier batches stand, so something was recorded."""

    nothing_recorded = False


def disk_full(error: BaseException) -> Conflict | None:
    """A store or file that failed because the disk is full (SQLite's SQLITE_FULL, PostgreSQL's
    53100, ENOSPC): said so, not as a busy store to retry at once. None: not a full disk."""
    text = str(error)
    full = getattr(error, "errno", None) == 28 or any(
        words in text for words in ("disk is full", "No space left", "could not extend file")
    )
    if not full:
        return None
    cause = text.splitlines()[0] if text else said("no space left")
    return Conflict(
        said(
            "the disk is full ({cause}); nothing was recorded: free space on the disk, then run "
            "the command again",
            cause=cause,
        )
    )


class IntegrityFailure(LedgerError):
    code = "integrity_failure"


class NotAuthorised(LedgerError):
    code = "not_authorised"
