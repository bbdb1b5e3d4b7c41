"""The status of a certificate or a licence on a date: one home for the aggregate, the views,
the reports and the credentials alike."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ledger.regimes.regime import MinistryLicence, Sipps
from ledger.wording import N_

# The words of states, decisions and results, for the catalogs: a reader sees them in their
# language.
WORDS = (
    N_("active"),
    N_("suspended"),
    N_("revoked"),
    N_("expired"),
    N_("pending"),
    N_("approved"),
    N_("rejected"),
    N_("not yet issued"),
    N_("not yet granted"),
    N_("reinstated"),
    N_("suspend"),
    N_("reinstate"),
    N_("revoke"),
    N_("passed"),
    N_("failed"),
    N_("True"),
    N_("False"),
)

# What each decision on a licence or a SIPPS makes it (from the chain steps' own data).
LICENCE_STATUS_AFTER: dict[str, str] = {
    event: status for event, status, _ in MinistryLicence().moves.values()
}
SIPPS_STATUS_AFTER: dict[str, str] = {event: status for event, status, _ in Sipps().moves.values()}


def certificate_status(
    certified_on: date, valid_until: date, revoked_on: date | None, on: date
) -> str:
    if revoked_on is not None and revoked_on <= on:
        return "revoked"
    if on > valid_until:
        return "expired"
    if on < certified_on:
        return "not yet issued"
    return "active"


def licence_status(
    granted_on: date, valid_until: date, changes: Iterable[tuple[date, str]], on: date
) -> str:
    """``changes``: (effective date, status it moved to), in stream order."""
    if on < granted_on:
        return "not yet granted"
    current = "active"
    for day, status in changes:
        if day <= on:
            current = status
    if current in ("active", "suspended") and on > valid_until:
        return "expired"  # a suspension ends with the licence; a revocation stands
    return current
