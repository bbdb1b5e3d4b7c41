"""Folding a member's stream as of a date: the one place the read side turns events into facts."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from ledger import events as ev


def effective_by(events: Iterable[ev.LedgerEvent], on: date) -> list[ev.LedgerEvent]:
    """The events whose facts had taken effect by ``on`` (what was true on that day)."""
    return [e for e in events if e.effective_date <= on]


def mask_nik(nik: str) -> str:
    """Only the last four digits: enough to tell people apart, not to identify them (an
    erased or sealed NIK stays as it reads)."""
    return "*" * 12 + nik[-4:] if nik.isdigit() else nik
