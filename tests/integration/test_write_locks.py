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
    """While a retry holds the gate, a new command's first attempt waits; once the retry is
    done, it runs side by side with the next (it did not queue as a retry itself, which made
    every command arriving meanwhile queue too)."""
    locks = ledger.locks
    both = threading.Barrier(2, timeout=5)
    entered = threading.Event()

    def first(signal: threading.Event | None = None) -> None:
        with locks.attempt(first=True):
            if signal is not None:
                signal.set()
            both.wait()  # broken unless the two first attempts are inside at once

    with locks.retry():
        waiting = threading.Thread(target=first, args=(entered,), daemon=True)
        waiting.start()
        assert not entered.wait(0.5)  # it waits for the retry to finish
    assert entered.wait(10)
    arriving = threading.Thread(target=first, daemon=True)
    arriving.start()
    for thread in (waiting, arriving):
        thread.join(timeout=30)
    assert not both.broken


def _hold(ledger: Ledger, series: str, inside: threading.Event, release: threading.Event) -> None:
    def command() -> None:
        ledger.locks.series(series)
        inside.set()
        release.wait(30)

    ledger.attempt(command)


def test_a_number_series_is_held_from_its_reading_to_the_end_of_the_attempt(
    ledger: Ledger,
) -> None:
    """Two officers drawing the next number of one series: the second waits, nobody loses."""
    inside, release = threading.Event(), threading.Event()
    holder = threading.Thread(
        target=_hold, args=(ledger, "registration:32:2026", inside, release), daemon=True
    )
    holder.start()
    assert inside.wait(10)
    drew, free = threading.Event(), threading.Event()
    free.set()  # the second lets go at once
    second = threading.Thread(
        target=_hold, args=(ledger, "registration:32:2026", drew, free), daemon=True
    )
    second.start()
    assert not drew.wait(0.5)  # waiting for the first officer's attempt to end
    release.set()
    holder.join(timeout=30)
    assert drew.wait(10)
    second.join(timeout=30)
    assert ledger.retries == 0


def test_a_first_attempt_holding_one_series_re_runs_rather_than_wait_for_another(
    ledger: Ledger,
) -> None:
    """Each holding the series the other wants, two attempts would wait for ever: the one
    asking for a second series re-runs as a retry, which waits alone."""
    locks = ledger.locks
    mine = "registration:32:2026"
    other = next(  # a series with a lock of its own (on SQLite the series share 16 files)
        f"registration:{p}:2026"
        for p in ("31", "33", "35", "11", "12", "51", "73", "94", "13", "14", "15", "16")
        if locks._series_key(f"registration:{p}:2026") != locks._series_key(mine)
    )
    inside, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold, args=(ledger, other, inside, release), daemon=True)
    holder.start()
    assert inside.wait(10)
    done: list[str] = []

    def both() -> str:
        locks.series(mine)
        locks.series(other)
        return "both drawn"

    worker = threading.Thread(target=lambda: done.append(ledger.attempt(both)), daemon=True)
    worker.start()
    worker.join(timeout=1)
    assert not done  # its retry waits for the holder, alone
    release.set()
    worker.join(timeout=30)
    holder.join(timeout=30)
    assert done == ["both drawn"]
    assert ledger.retries == 1


def test_an_attempt_drawing_from_every_province_holds_its_series_on_few_connections(
    ledger: Ledger,
) -> None:
    """An import's batch draws from the series of every province on its list: on PostgreSQL
    a connection per lock emptied the pool (the import then failed, "couldn't get a
    connection")."""
    series = [f"registration:{p}:2026" for p in range(11, 50)]

    def draw_all() -> int:
        for name in series:
            ledger.locks.series(name)
        return len(series)

    assert ledger.attempt(draw_all) == len(series)
    assert ledger.retries == 0
