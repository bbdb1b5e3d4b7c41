"""Benchmark: ``audit verify`` over N events, beside raw SQLite + SHA-256 over the same rows.

    python -m benchmarks.audit_verify --events 1000000

Target (issue 4): hash chains at >= 100,000 events/s on this 2-core machine, signatures
checked once per save. Reported: the two-process verify (the default for large logs), a
one-process verify, and the floor: raw sqlite3 reading every stored event and hashing it.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.synthetic import EVENTS_PER_MEMBER, build_ledger
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store


def raw_hash(path: Path) -> float:
    started = time.perf_counter()
    db = sqlite3.connect(path)
    for (state,) in db.execute("SELECT state FROM stored_events ORDER BY rowid"):
        hashlib.sha256(state).digest()
    db.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="reuse (or create) the ledger at this path")
    args = parser.parse_args()
    path = args.keep or Path(tempfile.mkdtemp(prefix="peksos-bench-")) / "ledger.sqlite"
    if not path.exists():
        started = time.perf_counter()
        with build_ledger(path, max(1, args.events // EVENTS_PER_MEMBER)) as ledger:
            print(f"built {ledger.event_count():,} events in {time.perf_counter() - started:.1f} s")
    with Ledger(open_store(str(path)), keys=KeyStore(path.parent / "keys")) as ledger:
        results = {}
        for parts in (2, 1):
            runs = [verify_ledger(ledger, parts=parts) for _ in range(args.runs)]
            assert all(r["verified"] for r in runs), runs[0]["failures"][:5]
            results[parts] = (statistics.median(r["seconds"] for r in runs), runs[0])
    events, seals = results[2][1]["events"], results[2][1]["seals"]
    floor = statistics.median(raw_hash(path) for _ in range(args.runs))
    for parts, (seconds, _) in results.items():
        print(
            f"audit verify, {parts} process(es): {events:,} events ({seals:,} seals) in "
            f"median {seconds:.2f} s = {events / seconds:,.0f} events/s"
        )
    print(
        f"raw sqlite3 read + SHA-256 of the same rows: {events / floor:,.0f} events/s "
        f"(verify at {floor / results[2][0]:.0%} of it)"
    )
    rate = events / results[2][0]
    print(f"target >= 100,000 events/s: {'met' if rate >= 100_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
