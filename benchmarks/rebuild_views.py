"""Benchmark: rebuild every view from N events, beside raw SQLite doing the same I/O.

    python -m benchmarks.rebuild_views --events 1000000

Targets: >= 50,000 events/s with peak memory under 300 MB (issue 3); >= 100,000 events/s
start-up included (issue 16). Timed is the whole ``peksos projections rebuild`` process, as an
admin waits for it, with its peak RSS (the largest of its processes). Baselines, in the same
run on the same file: raw sqlite3 reading every stored event and decoding its JSON (the read half of
the work, no Python objects) and raw sqlite3 inserting as many view-sized rows in 2,000-row
transactions (the write half). Ratios say how close the rebuild is to the storage limit.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import orjson

from benchmarks.processes import peksos
from benchmarks.synthetic import EVENTS_PER_MEMBER, build_ledger


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
    args = parser.parse_args()

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

    runs = [peksos(path, "--json", "projections", "rebuild") for _ in range(args.runs)]
    events = orjson.loads(runs[0][2])["events"]
    rebuild = statistics.median(r[0] for r in runs)
    peak = max(r[1] for r in runs)
    read = statistics.median(raw_read(str(path)) for _ in range(args.runs))
    write = statistics.median(raw_write(events, folder) for _ in range(args.runs))
    rate = events / rebuild
    print(
        f"peksos projections rebuild, {events:,} events: median {rebuild:.2f} s of {args.runs} "
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
        f"target >= 100,000 events/s (start-up included) and < 300 MB: "
        f"{'met' if rate >= 100_000 and peak < 300 else 'NOT met'}"
    )
    if not args.keep:
        os.remove(path)


if __name__ == "__main__":
    main()
