"""Benchmark: ``audit verify`` over N events, beside raw SQLite + SHA-256 over the same rows.

    python -m benchmarks.audit_verify --events 1000000

Targets: hash chains at >= 100,000 events/s, signatures checked once per save (issue 4);
>= 150,000 events/s start-up included (issue 16). Timed is the whole ``peksos audit verify``
process, as an auditor waits for it: every stream re-checked (two processes for a large log)
while the views are rebuilt in memory and compared with the stored ones. Beside it, the floor:
raw sqlite3 reading every stored event and hashing it.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import orjson

from benchmarks.processes import peksos
from benchmarks.synthetic import EVENTS_PER_MEMBER, build_ledger


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
    runs = [peksos(path, "--json", "audit", "verify") for _ in range(args.runs)]
    result = orjson.loads(runs[0][2])
    assert result["verified"], result
    events, inside = (
        result["events"],
        statistics.median(orjson.loads(r[2])["seconds"] for r in runs),
    )
    seconds, peak = statistics.median(r[0] for r in runs), max(r[1] for r in runs)
    floor = statistics.median(raw_hash(path) for _ in range(args.runs))
    rate = events / seconds
    print(
        f"peksos audit verify, {events:,} events ({result['seals']:,} seals, "
        f"{result['view_rows']:,} view rows): median {seconds:.2f} s of {args.runs} = "
        f"{rate:,.0f} events/s ({inside:.2f} s inside the command, {result['processes']} "
        f"processes checking the streams), peak RSS {peak:.0f} MB"
    )
    print(
        f"raw sqlite3 read + SHA-256 of the same rows: {events / floor:,.0f} events/s "
        f"(verify at {floor / seconds:.0%} of it)"
    )
    print(f"target >= 150,000 events/s: {'met' if rate >= 150_000 else 'NOT met'}")


if __name__ == "__main__":
    main()
