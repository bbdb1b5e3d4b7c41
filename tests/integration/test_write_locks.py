"""The locks that make writers wait instead of losing (ledger/storage/locks.py)."""

from __future__ import annotations

import threading

from eventsourcing.persistence import IntegrityError

from ledger.application import Ledger


def test_an_attempt_inside_an_attempt_that_retries_does_not_wait_for_itself(
    ledger: Ledger,
) -> None:
    """An inner retry needs the writer lock exclusively while the outer attempt holds it
    shared: one process would wait for itself forever without the depth guard."""
    losses = iter([True])

    def inner() -> str:
        if next(losses, False):
            raise IntegrityError("lost a race")
        return "done"

    results: list[str] = []
    worker = threading.Thread(
        target=lambda: results.append(ledger.attempt(lambda: ledger.attempt(inner))),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=30)
    assert results == ["done"]
    assert ledger.retries == 1


def test_a_retry_runs_alone_and_first_attempts_queue_behind_it(ledger: Ledger) -> None:
    """While a retry holds the gate, a new command's first attempt runs exclusively too."""
    locks = ledger.locks
    with locks.retry():
        assert not locks._free("gate")
        entered = threading.Event()

        def first() -> None:
            with locks.attempt(first=True):
                entered.set()

        other = threading.Thread(target=first, daemon=True)
        other.start()
        assert not entered.wait(0.5)  # it waits for the retry to finish
    other.join(timeout=30)
    assert entered.is_set()
    assert locks._free("gate")
