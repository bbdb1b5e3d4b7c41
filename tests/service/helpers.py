"""What the service tests share: the fixture clock's days and a look at what was stored."""

from __future__ import annotations

from commands.licences import ApplyForLicence, GrantLicence, apply_for_licence, grant_licence
from ledger.application import Ledger
from ledger.numbers import member_id
from tests.builders import LSP, MINISTRY, certified_member

TODAY = "2026-06-15"  # the fixture clock: 2026-06-15 03:00 UTC, 12:00 in Papua (WIT)
TOMORROW = "2026-06-16"


def event_count(ledger: Ledger) -> int:
    return ledger.recorder.max_notification_id() or 0


def stream_types(ledger: Ledger, reg: str) -> list[str]:
    return [type(e).__name__ for e in ledger.stream(member_id(reg))]


def licensed_member(ledger: Ledger, *, on: str | None = None) -> tuple[str, str, str]:
    """A certified member holding a granted licence.

    Returns (registration_no, certificate_no, licence_no).
    """
    reg, cert = certified_member(ledger, on=on)
    applied = apply_for_licence(
        ledger,
        LSP,
        ApplyForLicence(registration_no=reg, certificate_no=cert, practice=("direct",)),
    )
    granted = grant_licence(
        ledger, MINISTRY, GrantLicence(application_no=applied["application_no"])
    )
    return reg, cert, str(granted["licence_no"])


def licence_status(ledger: Ledger, reg: str, licence_no: str) -> str:
    return ledger.member(reg).record.licences[licence_no].latest_status
