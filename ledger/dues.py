"""The dues schedule, as data: the least a year's dues may be, in whole rupiah.

IPSPI's congress sets the dues; the sources at hand give no figures, so these minimums are the
ledger's policy (a payment below them is recorded, but shows as an anomaly for an auditor to
check against the receipt).
"""

from __future__ import annotations

# (first year, minimum rupiah), in order; each applies until the next.
MINIMUM_DUES: tuple[tuple[int, int], ...] = ((2009, 50_000), (2020, 100_000))


def minimum_dues(year: int) -> int:
    """The least the dues of ``year`` may be (0 before the schedule starts)."""
    applicable = [minimum for first, minimum in MINIMUM_DUES if first <= year]
    return applicable[-1] if applicable else 0
