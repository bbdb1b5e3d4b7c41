"""The ledger's errors: a small hierarchy, mapped to exit codes once, in commands/cli/errors.py."""

from __future__ import annotations

from typing import Any


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

    def __init__(self, message: str, unmet: list[str]) -> None:
        super().__init__(message, unmet)
        self.unmet = unmet

    @classmethod
    def unless(cls, what: str, unmet: list[str]) -> None:
        """Refuse ``what`` if any requirement is unmet, naming every one."""
        if unmet:
            raise cls(f"{what} refused: {len(unmet)} requirement(s) not met", unmet)


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


class IntegrityFailure(LedgerError):
    code = "integrity_failure"


class NotAuthorised(LedgerError):
    code = "not_authorised"
