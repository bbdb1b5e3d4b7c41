"""Benchmark: concurrent writers for a fixed time, on SQLite and PostgreSQL.

    python -m benchmarks.load --seconds 15 --postgres postgresql://user:pass@127.0.0.1/db

Each writer is its own process registering members in one province (the worst case: every
command contends for the same number series and the journal; ``--provinces N`` spreads them
over N provinces, as the officers of many provinces would work). Reported per backend and
writer count: commands/s, p50/p99 latency, races lost and retried, commands that still gave
up (exit 5), and the check that what was acknowledged is exactly what was recorded: gapless
registration numbers, one member each, and a ledger that verifies.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.synthetic import fictional_nik
from commands.members import RegisterMember, register_member
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.errors import Conflict
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store

ADMIN = "Ratna Sari"
PROVINCES = ["32", "31", "33", "35", "11", "12", "51", "73", "94", "36", "34", "13", "14", "15",
             "16", "17"]  # fmt: skip


def writer(location: str, keys: str, seconds: float, index: int, province: str) -> dict[str, Any]:
    latencies, acknowledged, gave_up = [], [], 0
    with Ledger(open_store(location), keys=KeyStore(Path(keys))) as ledger:
        deadline, n = time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            n += 1
            cmd = RegisterMember(
                name="Anggota Uji",
                nik=fictional_nik(province, date(1985, 1, 1), index * 1_000_000 + n),
                birth_date="1985-01-01",
                province=province,
                email="anggota@example.org",
                registered_on="2026-01-05",
            )
            started = time.perf_counter()
            try:
                acknowledged.append(register_member(ledger, ADMIN, cmd)["registration_no"])
            except Conflict:
                gave_up += 1
            latencies.append(time.perf_counter() - started)
        return {
            "latencies": latencies,
            "acknowledged": acknowledged,
            "gave_up": gave_up,
            "retries": ledger.retries,
        }


def run(location: str, keys: Path, writers: int, seconds: float, provinces: int) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    work = [(location, str(keys), seconds, i, PROVINCES[i % provinces]) for i in range(writers)]
    with context.Pool(writers) as pool:
        started = time.perf_counter()
        results = pool.starmap(writer, work)
        elapsed = time.perf_counter() - started
    latencies = sorted(x for r in results for x in r["latencies"])
    acknowledged = sorted(n for r in results for n in r["acknowledged"])
    with Ledger(open_store(location), keys=KeyStore(keys)) as ledger:
        recorded = sorted(
            ledger.repository.get(m).record.registration_no for m in ledger.registered_members()
        )
        verified = verify_ledger(ledger)["verified"]
    expected = sorted(
        f"{province}-2026-{k:05d}"
        for province in {p for *_, p in work}
        for k in range(1, 1 + sum(1 for n in recorded if n.startswith(f"{province}-")))
    )  # every province's numbers gapless
    return {
        "writers": writers,
        "commands_per_s": len(acknowledged) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "retried": sum(r["retries"] for r in results),
        "gave_up": sum(r["gave_up"] for r in results),
        "acknowledged": len(acknowledged),
        "acknowledged_equals_recorded": acknowledged == recorded == expected,
        "verified": verified,
    }


def fresh(backend: str, postgres: str | None, folder: Path) -> str:
    if backend == "sqlite":
        for old in folder.glob("load.sqlite*"):
            old.unlink()
        location = str(folder / "load.sqlite")
    else:
        assert postgres
        import psycopg

        with psycopg.connect(postgres, autocommit=True) as connection:
            connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
            connection.execute("CREATE SCHEMA public")
        location = postgres
    with Ledger(open_store(location), keys=KeyStore(folder / "keys")) as ledger:
        ledger.open_ledger(ADMIN)
    return location


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--writers", type=int, nargs="+", default=[4, 8])
    parser.add_argument("--postgres", help="a database URL the benchmark may wipe")
    parser.add_argument(
        "--provinces", type=int, default=1, help="spread the writers over this many provinces"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="peksos-load-"))
    backends = ["sqlite"] + (["postgresql"] if args.postgres else [])
    print(
        f"{'backend':<11} {'writers':>7} {'cmd/s':>7} {'vs 1':>5} {'p50 ms':>7} {'p99 ms':>8} "
        f"{'retried':>8} {'gave up':>8} {'acked':>6}  acked=recorded  verified  target"
    )
    for backend in backends:
        alone = None
        for writers in args.writers:
            location = fresh(backend, args.postgres, folder)
            r = run(location, folder / "keys", writers, args.seconds, args.provinces)
            alone = r["commands_per_s"] if writers == 1 else alone
            ratio = r["commands_per_s"] / alone if alone else float("nan")
            print(
                f"{backend:<11} {r['writers']:>7} {r['commands_per_s']:>7.1f} {ratio:>4.2f}x "
                f"{r['p50_ms']:>7.1f} {r['p99_ms']:>8.1f} {r['retried']:>8} "
                f"{r['gave_up']:>8} {r['acknowledged']:>6}  "
                f"{r['acknowledged_equals_recorded']!s:<14}  {r['verified']!s:<8}  "
                f"{verdict(backend, r, ratio)}"
            )


def verdict(backend: str, r: dict[str, Any], ratio: float) -> str:
    """Issue 16's target for 8 and 16 writers: none gave up, p99 <= 300 ms, and with 8
    writers >= 1.6x one writer's throughput on PostgreSQL, >= 1x on SQLite."""
    if r["writers"] == 1:
        return "-"
    missed = [what for what, ok in (
        ("gave up", r["gave_up"] == 0),
        ("p99", r["p99_ms"] <= 300),
        ("throughput", r["writers"] != 8 or ratio >= (1.6 if backend == "postgresql" else 1)),
    ) if not ok]  # fmt: skip
    return "met" if not missed else f"NOT met ({', '.join(missed)})"


if __name__ == "__main__":
    main()
