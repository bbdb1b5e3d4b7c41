"""``peksos member history``: every event of a stream, as an auditor reads it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ledger import events as ev
from ledger.integrity import ENVELOPE
from projections.folding import MASKED, masked

# What every event carries is shown in the entry's own columns, not among its data.
_SHOWN_APART = set(ENVELOPE | {"originator_topic"})


def event_data(event: ev.LedgerEvent) -> dict[str, Any]:
    """The event's own facts, without what every event carries."""
    return event.model_dump(mode="json", exclude=_SHOWN_APART)


def timeline(events: Iterable[ev.LedgerEvent], *, unmasked: bool) -> list[dict[str, Any]]:
    """Every event; personal fields in full only for an unmasked read (``masked``)."""
    rows = []
    for event in events:
        data = event_data(event)
        if not unmasked:
            data.update({f: masked(f, data[f]) for f in MASKED if data.get(f)})
        rows.append(
            {
                "entry": event.originator_version,
                "event": type(event).__name__,
                "effective_date": str(event.effective_date),
                "recorded_at": event.timestamp.isoformat(),
                "actor": event.actor,
                "actor_role": event.actor_role.value,
                "evidence": event.evidence,
                "data": data,
            }
        )
    return rows
