"""Folding a member's stream as of a date: the one place the read side turns events into facts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from ledger import events as ev


def effective_by(events: Iterable[ev.LedgerEvent], on: date) -> list[ev.LedgerEvent]:
    """The events whose facts had taken effect by ``on`` (what was true on that day)."""
    return [e for e in events if e.effective_date <= on]


def masked(field: str, value: Any) -> Any:
    """A personal field as it is shown without an unmasked read (``--unmasked``): the NIK's
    last four digits, the year of birth, the email's first letter and domain, the phone's
    last three digits; the name is shown (the register is public)."""
    if not isinstance(value, str) or value in (ev.ERASED, ev.SEALED):
        return value
    if field == "nik":
        return mask_nik(value)
    if field == "birth_date":
        return value[:4]
    if field == "email":
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if field == "phone":
        return "*" * (len(value) - 3) + value[-3:]
    return value


MASKED = ("nik", "birth_date", "email", "phone")  # what ``masked`` hides


def mask_nik(nik: str) -> str:
    """Only the last four digits: enough to tell people apart, not to identify them (an
    erased or sealed NIK stays as it reads)."""
    return "*" * 12 + nik[-4:] if nik.isdigit() else nik
