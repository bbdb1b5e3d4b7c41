"""``peksos migrate --to URL``: copy a ledger, byte for byte, into an empty store.

Stored events are copied as stored (stream ids, versions, topics, states), in log order, with
the library's recorder, so every hash, chain and signature carries over, and with them the
members' wrapped data keys; the copy is then
verified and its digest compared with the original's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import StoredEvent

from ledger.errors import Conflict
from ledger.wording import said

PAGE = 5000


def copy_log(source: Any, target: Any, progress: Callable[[int], None] | None = None) -> int:
    """Append every stored event of ``source`` to the empty ``target``; returns how many."""
    if target.event_count():
        raise Conflict(
            said(
                "{store} already holds {count} events: migrate only into an empty store",
                store=target.store.display,
                count=target.event_count(),
            )
        )
    source.personal.copy_to(target.personal)  # the data keys the sealed events need
    copied, start = 0, 0
    while True:
        batch = source.recorder.select_notifications(start, PAGE, inclusive_of_start=False)
        if not batch:
            return copied
        target.recorder.insert_events(
            [StoredEvent(n.originator_id, n.originator_version, n.topic, n.state) for n in batch]
        )
        copied += len(batch)
        start = batch[-1].id
        if progress:
            progress(len(batch))
