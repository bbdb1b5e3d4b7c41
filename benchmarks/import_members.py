"""Benchmark: importing a legacy list of N members, beside raw SQLite inserting the same rows.

    python -m benchmarks.import_members --members 100000

Targets (issue 6): the import at >= 25% of the raw SQLite batched-insert rate of the same
number of rows of the same size (numbers still gapless, events still hashed and signed, views
still caught up), 100,000 members well under a minute; a re-import adds nothing. Also: a
``member show`` on this ledger against one of 1,000 members (within 1.5x: nothing scans),
and ``peksos --help`` and ``member show`` start-up against a bare ``python -c pass``.
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

from benchmarks.synthetic import fictional_nik
from commands.imports import ImportMembers, import_members
from ledger.application import Ledger
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store

ADMIN = "Ratna Sari"
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


def run_import(location: str, keys: Path, path: Path) -> dict:
    with Ledger(open_store(location), keys=KeyStore(keys)) as ledger:
        return import_members(
            ledger, ADMIN, ImportMembers(file=path, source="bench"), lambda _: None
        )


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
    peksos = str(Path(sys.executable).parent / "peksos")
    results = {}
    for label, count in (("small", 1000), ("large", args.members)):
        path, location = folder / f"{label}.csv", str(folder / f"{label}.sqlite")
        write_csv(path, count)
        with Ledger(open_store(location), keys=KeyStore(folder / "keys")) as ledger:
            ledger.open_ledger(ADMIN)
        first = run_import(location, folder / "keys", path)
        again = run_import(location, folder / "keys", path)
        results[label] = (location, first, again)
    location, first, again = results["large"]
    size = os.path.getsize(location) // max(1, first["events"])
    raw = raw_sqlite(folder, first["events"], size)
    rate = first["events"] / first["seconds"]
    print(
        f"import {first['imported']:,} members = {first['events']:,} events in "
        f"{first['seconds']:.1f} s: {rate:,.0f} events/s, "
        f"{first['imported'] / first['seconds']:,.0f} members/s (views caught up afterwards)"
    )
    print(
        f"raw sqlite3 batched insert of {first['events']:,} rows of ~{size} bytes: "
        f"{raw:,.0f} rows/s -> import at {rate / raw:.0%} (target >= 25%)"
    )
    print(
        f"re-import: {again['imported']} imported, {again['duplicate']:,} duplicates, "
        f"{again['seconds']:.1f} s"
    )
    env = {**os.environ, "PEKSOS_KEYS": str(folder / "keys"), "PEKSOS_ACTOR": ADMIN}
    bare = timed([sys.executable, "-c", "pass"], env)
    helped = timed([peksos, "--help"], env)
    show = {}
    for label in ("small", "large"):
        env["PEKSOS_DB"] = results[label][0]
        show[label] = timed([peksos, "member", "show", "32-2010-00001"], env)
    print(
        f"start-up medians of 7: python -c pass {bare * 1000:.0f} ms; peksos --help "
        f"{helped * 1000:.0f} ms ({helped / bare:.1f}x); member show on 1,000 members "
        f"{show['small'] * 1000:.0f} ms, on {args.members:,} {show['large'] * 1000:.0f} ms "
        f"({show['large'] / show['small']:.2f}x, target within 1.5x)"
    )


if __name__ == "__main__":
    main()
