"""Benchmark: the public register's lookups by number, at 50 concurrent clients.

    python -m benchmarks.web_lookups --members 50000 --clients 50 --seconds 20 \
        --postgres postgresql://user:pass@127.0.0.1/db

A synthetic ledger of ``--members`` members (12 events each: certificate, STR, SIPPS) is
served by ``peksos serve --workers 2`` (the installed executable); ``--clients`` clients on
one event loop (httpx) look up random members for ``--seconds``: half by registration number
(``/api/v1/members/{n}``), half through the search (``/api/v1/search?q={n}``). After
``--warm`` seconds of random lookups (a server that has been up a while has read the journal
entries whose seals its lookups check; a server just started reads them on its first
lookups), three runs against the same server, side by side:

- the baseline: its static stylesheet, asked for with no pause (no ledger work: the server's
  and the client's own cost, and the most requests the pair can answer);
- lookups with no pause: each client asks again the moment it is answered (the saturated
  server: its throughput, and how long a queue of 50 makes each answer);
- lookups by users: each client pauses a random 0 to 2 x ``--think`` seconds (default 1)
  after each answer, as a person reads it before the next lookup.

Target (issue 18): p99 <= 50 ms and no error for 50 users, on both backends, judged on the
third run. The clients share the machine's 2 cores with the server, so the figures are the
whole machine's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.synthetic import build_at
from projections.read_model import open_read_model

P99_TARGET_MS = 50


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def hammer(
    base: str, paths: list[str], clients: int, seconds: float, think: float = 0.0
) -> dict[str, Any]:
    """``clients`` clients, each asking for a random one of ``paths`` and, once answered,
    pausing a random 0 to 2 x ``think`` seconds (0: at once) before the next (and as long
    before the first)."""
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds
    rng = random.Random(2026)

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        if think:  # users arrive one by one, not all in the same instant
            await asyncio.sleep(rng.uniform(0, 2 * think))
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                answer = await http.get(rng.choice(paths))
                ok = answer.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append((time.perf_counter() - started) * 1000)
            errors += not ok
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    latencies.sort()
    return {
        "requests": len(latencies),
        "per_s": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1],
        "errors": errors,
    }


def serve(location: str, keys: Path, workers: int) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    env = {**os.environ, "PEKSOS_DB": location, "PEKSOS_KEYS": str(keys)}
    env["PEKSOS_SEARCH_LIMIT"] = "1000000/minute"  # the benchmark is one client address
    peksos = shutil.which("peksos", path=str(Path(sys.executable).parent)) or "peksos"
    process = subprocess.Popen(  # its request log (a line per request) to /dev/null
        [peksos, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/static/style.css", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("peksos serve did not start")


def wiped(url: str) -> str:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS public CASCADE")
        connection.execute("CREATE SCHEMA public")
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a user pauses between lookups"
    )
    parser.add_argument("--postgres", help="a database URL the benchmark may wipe")
    parser.add_argument("--workers", type=int, default=2, help="peksos serve --workers")
    parser.add_argument(
        "--warm", type=float, default=20, help="seconds of random lookups before measuring"
    )
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one backend only")
    args = parser.parse_args()
    backends = ["sqlite"] + (["postgresql"] if args.postgres else [])
    backends = [args.only] if args.only else backends
    for backend in backends:
        print(f"== {backend}")
        run(backend, args)


def run(backend: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        location = wiped(args.postgres) if backend == "postgresql" else f"{folder}/ledger.sqlite"
        started = time.perf_counter()
        ledger = build_at(location, Path(folder) / "keys", args.members)
        open_read_model(ledger)  # the views current, as a follower keeps them
        numbers = [
            r["registration_no"]
            for r in open_read_model(ledger).rows("SELECT registration_no FROM view_members")
        ]
        ledger.close()
        print(f"built {len(numbers):,} members in {time.perf_counter() - started:.0f} s")
        lookups = [f"/api/v1/members/{n}" for n in numbers] + [
            f"/api/v1/search?q={n}" for n in numbers
        ]
        process, base = serve(location, Path(folder) / "keys", args.workers)
        try:
            # a server that has been up a while: it has read the journal's seals it needs
            asyncio.run(hammer(base, lookups, args.clients, args.warm))
            runs = {
                "static stylesheet (baseline)": (["/static/style.css"], 0.0),
                "lookups, no pause (saturated)": (lookups, 0.0),
                f"lookups, users pausing ~{args.think:g} s": (lookups, args.think),
            }
            results = {
                name: asyncio.run(hammer(base, paths, args.clients, args.seconds, think))
                for name, (paths, think) in runs.items()
            }
        finally:
            process.terminate()
            process.wait(timeout=10)
    for name, r in results.items():
        print(
            f"{name:32} {r['requests']:>6,} requests {r['per_s']:6.1f}/s  "
            f"p50 {r['p50_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  errors {r['errors']}"
        )
    users = results[f"lookups, users pausing ~{args.think:g} s"]
    met = users["p99_ms"] <= P99_TARGET_MS and users["errors"] == 0
    print(
        f"target p99 <= {P99_TARGET_MS} ms, 0 errors, for {args.clients} users on "
        f"{len(numbers):,} members: {'met' if met else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
