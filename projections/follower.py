"""``peksos projections run``: keep the views current in the background.

On PostgreSQL the follower wakes on the library's LISTEN/NOTIFY subscription; on SQLite (whose
recorder has no subscriptions) it polls. Either way it applies events with the read model's
exactly-once catch-up, so a follower killed at any moment resumes where its last committed page
ended, and never applies an event twice.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ledger.application import Ledger
from projections.read_model import ReadModel


def follow(
    ledger: Ledger,
    model: ReadModel,
    stop: threading.Event,
    *,
    poll: float = 0.5,
    applied: Callable[[int, int], None] | None = None,
) -> int:
    """Catch up, then wait for new events, until ``stop`` is set; returns events applied."""
    wake = threading.Event()
    subscription = None
    if ledger.store.backend == "postgresql":
        subscription = ledger.recorder.subscribe(gt=ledger.event_count())
        threading.Thread(target=_wake_on_notify, args=(subscription, wake), daemon=True).start()
    total = 0
    try:
        while not stop.is_set():
            count = model.catch_up(ledger)
            total += count
            if count and applied:
                applied(count, ledger.event_count())
            wake.wait(poll)
            wake.clear()
    finally:
        if subscription is not None:
            subscription.stop()
    return total


def _wake_on_notify(subscription: object, wake: threading.Event) -> None:
    """Wake the follower on each notification. If the server goes away, stop listening: the
    follower's next catch-up meets the same error and reports it (exit 5), once."""
    from eventsourcing.persistence import PersistenceError

    try:
        for _ in subscription:  # type: ignore[attr-defined]
            wake.set()
    except PersistenceError:
        wake.set()
