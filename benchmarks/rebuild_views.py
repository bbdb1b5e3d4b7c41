"""Benchmark: rebuild every view from N events, beside raw SQLite doing the same I/O.

    python -m benchmarks.rebuild_views --events 1000000

Target (issue 3): >= 50,000 events/s with peak memory under 300 MB on the 2-core machine.
The rebuild runs in a child process so its peak RSS is its own (the figure adds the peak of
the decoding worker it starts). Baselines, in the same run on
the same file: raw sqlite3 reading every stored event and decoding its JSON (the read half of
the work, no Python objects) and raw sqlite3 inserting as many view-sized rows in 2,000-row
transactions (the write half). Ratios say how close the rebuild is to the storage limit.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

from benchmarks.synthetic import EVENTS_PER_MEMBER, build_ledger


def rebuild_child(path: str) -> None:
    """In a fresh process: open the ledger, rebuild all views, report time and peak RSS."""
    from ledger.application import Ledger
    from ledger.storage.keystore import KeyStore
    from ledger.storage.store import open_store
    from projections.read_model import open_read_model

    with Ledger(open_store(path), keys=KeyStore(Path(path).parent / "keys")) as ledger:
        model = open_read_model(ledger, catch_up=False)
        started = time.perf_counter()
        model.rebuild(ledger)
        elapsed = time.perf_counter() - started
        events = ledger.event_count()
    # The writer's peak plus its decoding worker's: the memory the rebuild needs in all.
    peak_kb = (
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    print(json.dumps({"events": events, "seconds": elapsed, "peak_mb": peak_kb / 1024}))


def raw_read(path: str) -> float:
    started = time.perf_counter()
    db = sqlite3.connect(path)
    for (state,) in db.execute("SELECT state FROM stored_events ORDER BY rowid"):
        orjson.loads(state)
    db.close()
    return time.perf_counter() - started


def raw_write(count: int, folder: Path) -> float:
    for leftover in folder.glob("raw.sqlite*"):
        leftover.unlink()
    db = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE TABLE rows (member_id TEXT, entry INTEGER, a TEXT, b TEXT, c TEXT, "
        "PRIMARY KEY (member_id, entry))"
    )
    row = ("6f1c2a8e-4b0d-5c2e-9a57-3d8e1f0b7c41", 0, "2026-01-01", "32", "Siti Aminah")
    started = time.perf_counter()
    for start in range(0, count, 2000):
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO rows VALUES (?,?,?,?,?)",
            [(row[0][:-6] + f"{i:06d}", i, *row[2:]) for i in range(start, start + 2000)],
        )
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="reuse (or create) the ledger at this path")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        rebuild_child(args.child)
        return

    folder = Path(tempfile.mkdtemp(prefix="peksos-bench-"))
    path = args.keep or folder / "ledger.sqlite"
    if not path.exists():
        members = max(1, args.events // EVENTS_PER_MEMBER)
        started = time.perf_counter()
        with build_ledger(path, members) as ledger:
            built = ledger.event_count()
        print(
            f"built {built:,} events ({members:,} members) in {time.perf_counter() - started:.1f} s"
        )

    runs = []
    for _ in range(args.runs):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.rebuild_views", "--child", str(path)],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent.parent,
        ).stdout
        runs.append(json.loads(out))
    events = runs[0]["events"]
    rebuild = statistics.median(r["seconds"] for r in runs)
    peak = max(r["peak_mb"] for r in runs)
    read = statistics.median(raw_read(str(path)) for _ in range(args.runs))
    write = statistics.median(raw_write(events, folder) for _ in range(args.runs))
    rate = events / rebuild
    print(
        f"rebuild all views: {events:,} events, median {rebuild:.2f} s of {args.runs} "
        f"= {rate:,.0f} events/s, peak RSS {peak:.0f} MB"
    )
    print(
        f"raw sqlite3 read+JSON decode of the same events: {events / read:,.0f} events/s "
        f"(rebuild at {rate / (events / read):.0%} of it)"
    )
    print(
        f"raw sqlite3 insert of as many rows (2,000 per transaction): "
        f"{events / write:,.0f} rows/s (rebuild at {rate / (events / write):.0%} of it)"
    )
    print(
        f"target: >= 50,000 events/s and < 300 MB: "
        f"{'met' if rate >= 50_000 and peak < 300 else 'NOT met'}"
    )
    if not args.keep:
        os.remove(path)


if __name__ == "__main__":
    main()
