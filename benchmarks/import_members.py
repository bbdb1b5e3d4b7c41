"""Benchmark: importing a legacy list of N members, beside raw SQLite inserting the same rows.

    python -m benchmarks.import_members --members 100000

Targets (issues 6 and 16), timed as whole ``peksos import members`` processes: the import at
>= 25% of the raw SQLite batched-insert rate of the same number of rows of the same size
(numbers still gapless, events still hashed, sealed and signed, views still caught up), peak
RSS <= 400 MB; a re-import adds nothing, in <= 15% of the import's time. Also: a ``member
show`` on this ledger against one of 1,000 members (within 1.5x: nothing scans), and ``peksos
--help`` and ``member show`` start-up against a bare ``python -c pass``.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import orjson

from benchmarks.processes import ADMIN, peksos
from benchmarks.synthetic import fictional_nik

FIRST = ["Siti", "Dewi", "Agus", "Budi", "Rina", "Wahyu", "Nur", "Made", "Yohana", "Ayu"]
LAST = ["Aminah", "Anggraini", "Setiawan", "Santoso", "Wulandari", "Hidayat", "Pratama", ""]
PROVINCES = ["11", "12", "31", "32", "33", "34", "35", "36", "51", "73", "94"]


def write_csv(path: Path, members: int, seed: int = 2010) -> None:
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(
            [
                "name",
                "nik",
                "birth_date",
                "province",
                "email",
                "registered_on",
                "education_level",
                "education_major",
                "institution",
                "graduated_on",
            ]
        )
        for n in range(members):
            province = rng.choice(PROVINCES)
            born = date(1960 + n % 30, 1 + n % 12, 1 + n % 28)
            w.writerow(
                [
                    f"{rng.choice(FIRST)} {rng.choice(LAST)}".strip(),
                    fictional_nik(province, born, n),
                    f"{born.day:02d}/{born.month:02d}/{born.year}",
                    province,
                    f"anggota{n}@example.org",
                    "01/03/2010",
                    "S1",
                    "kesejahteraan-sosial",
                    "STKS Bandung",
                    "30/08/2004",
                ]
            )


def run_import(location: Path, path: Path) -> dict:
    """One whole ``peksos import members`` process: its JSON result, seconds and peak RSS."""
    seconds, peak, out = peksos(location, "--json", "import", "members", str(path), "--source",
                                "bench")  # fmt: skip
    return {**orjson.loads(out), "process_seconds": seconds, "peak_mb": peak}


def raw_sqlite(folder: Path, rows: int, size: int) -> float:
    db = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(
        "CREATE TABLE events (id TEXT, version INTEGER, topic TEXT, state BLOB, "
        "PRIMARY KEY (id, version))"
    )
    blob = b"x" * size
    started = time.perf_counter()
    for start in range(0, rows, 2000):
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO events VALUES (?,?,?,?)",
            [
                (f"{i:032x}", 1, "ledger.events:Registered", blob)
                for i in range(start, min(rows, start + 2000))
            ],
        )
        db.execute("COMMIT")
    elapsed = time.perf_counter() - started
    db.close()
    return rows / elapsed


def timed(argv: list[str], env: dict[str, str], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="peksos-import-"))
    exe = str(Path(sys.executable).parent / "peksos")
    results = {}
    for label, count in (("small", 1000), ("large", args.members)):
        path, location = folder / f"{label}.csv", folder / f"{label}.sqlite"
        write_csv(path, count)
        peksos(location, "init", "--admin", ADMIN)
        first = run_import(location, path)
        again = run_import(location, path)
        results[label] = (str(location), first, again)
    location, first, again = results["large"]
    size = os.path.getsize(location) // max(1, first["events"])
    raw = raw_sqlite(folder, first["events"], size)
    rate = first["events"] / first["process_seconds"]
    print(
        f"import {first['imported']:,} members = {first['events']:,} events: whole process "
        f"{first['process_seconds']:.1f} s ({first['seconds']:.1f} s inside), {rate:,.0f} "
        f"events/s, {first['imported'] / first['process_seconds']:,.0f} members/s (views caught "
        f"up afterwards), peak RSS {first['peak_mb']:.0f} MB (target <= 400 MB)"
    )
    print(
        f"raw sqlite3 batched insert of {first['events']:,} rows of ~{size} bytes: "
        f"{raw:,.0f} rows/s -> import at {rate / raw:.0%} (target >= 25%)"
    )
    share = again["process_seconds"] / first["process_seconds"]
    print(
        f"re-import: {again['imported']} imported, {again['duplicate']:,} duplicates, "
        f"{again['process_seconds']:.1f} s = {share:.0%} of the import (target <= 15%)"
    )
    env = {**os.environ, "PEKSOS_KEYS": str(folder / "keys"), "PEKSOS_ACTOR": ADMIN}
    bare = timed([sys.executable, "-c", "pass"], env)
    helped = timed([exe, "--help"], env)
    show = {}
    for label in ("small", "large"):
        env["PEKSOS_DB"] = results[label][0]
        show[label] = timed([exe, "member", "show", "32-2010-00001"], env)
    print(
        f"start-up medians of 7: python -c pass {bare * 1000:.0f} ms; peksos --help "
        f"{helped * 1000:.0f} ms ({helped / bare:.1f}x); member show on 1,000 members "
        f"{show['small'] * 1000:.0f} ms, on {args.members:,} {show['large'] * 1000:.0f} ms "
        f"({show['large'] / show['small']:.2f}x, target within 1.5x)"
    )


if __name__ == "__main__":
    main()
