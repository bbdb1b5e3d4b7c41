"""Benchmark: whole ``peksos`` processes on a 50,000-member ledger, beside ``python -c pass``.

    python -m benchmarks.startup --members 50000 --runs 9 --seconds 30

Targets (issue 16), each a median of whole processes timed from outside, A B A B:

- ``member show`` with the views current: <= 5x ``python -c pass``;
- a write command (``member register``): <= 8x ``python -c pass``;
- 8 ``peksos member register`` processes at once for ``--seconds``, every one in the same
  province: >= 1.5x the throughput of 1 process, and none told to retry (exit 5).
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from benchmarks.import_members import write_csv
from benchmarks.synthetic import fictional_nik

ADMIN = "Ratna Sari"
BORN = date(1991, 2, 3)


class Peksos:
    """The installed executable on one ledger."""

    def __init__(self, folder: Path) -> None:
        self.exe = str(Path(sys.executable).parent / "peksos")
        self.env = {
            **os.environ,
            "PEKSOS_DB": str(folder / "ledger.sqlite"),
            "PEKSOS_KEYS": str(folder / "keys"),
            "PEKSOS_ACTOR": ADMIN,
            "NO_COLOR": "1",
        }
        self.niks = itertools.count(5_000_000)
        self.lock = threading.Lock()

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.exe, *args], env=self.env, capture_output=True, text=True)

    def register(self) -> subprocess.CompletedProcess[str]:
        with self.lock:
            n = next(self.niks)
        return self.run(
            "member", "register", "--name", "Sri Wahyuni", "--nik", fictional_nik("32", BORN, n),
            "--birth-date", str(BORN), "--province", "32", "--email", "sri@example.org",
        )  # fmt: skip


def timed(run: Callable[[], subprocess.CompletedProcess[str]]) -> float:
    started = time.perf_counter()
    done = run()
    if done.returncode != 0:
        raise SystemExit(f"exit {done.returncode}: {done.stderr[-400:]}")
    return time.perf_counter() - started


def processes(peksos: Peksos, count: int, seconds: float) -> dict[str, float]:
    """``count`` processes registering members back to back for ``seconds``."""
    outcomes: list[int] = []
    deadline = time.monotonic() + seconds

    def loop() -> None:
        while time.monotonic() < deadline:
            outcomes.append(peksos.register().returncode)

    threads = [threading.Thread(target=loop) for _ in range(count)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    return {
        "per_s": outcomes.count(0) / elapsed,
        "retry": outcomes.count(5),
        "failed": sum(1 for code in outcomes if code not in (0, 5)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="peksos-startup-"))
    peksos = Peksos(folder)
    write_csv(folder / "legacy.csv", args.members)
    for step in (
        ("init", "--admin", ADMIN),
        ("import", "members", str(folder / "legacy.csv"), "--source", "bench"),
        ("member", "show", "32-2010-00001"),  # the views current
    ):
        done = peksos.run(*step)
        if done.returncode != 0:
            raise SystemExit(f"peksos {' '.join(step)} -> exit {done.returncode}: {done.stderr}")
    bare = [sys.executable, "-c", "pass"]
    figures: dict[str, list[float]] = {"python -c pass": [], "member show": [], "register": []}
    commands = {"member show": lambda: peksos.run("member", "show", "32-2010-00001"),
                "register": peksos.register}  # fmt: skip
    for name, command in commands.items():  # the shows first: with the views current
        for _ in range(args.runs):
            figures["python -c pass"].append(
                timed(lambda: subprocess.run(bare, capture_output=True, text=True))
            )
            figures[name].append(timed(command))
    base = statistics.median(figures["python -c pass"])
    print(f"on {args.members:,} members, medians of {args.runs} whole processes:")
    for name, target in (("python -c pass", 1), ("member show", 5), ("register", 8)):
        ratio = statistics.median(figures[name]) / base
        verdict = f"  target <= {target}x: {'met' if ratio <= target else 'NOT met'}"
        print(f"  {name:<15} {ratio * base * 1000:6.0f} ms  {ratio:5.1f}x"
              + (verdict if target > 1 else ""))  # fmt: skip
    one = processes(peksos, 1, args.seconds)
    eight = processes(peksos, 8, args.seconds)
    ratio = eight["per_s"] / one["per_s"]
    met = ratio >= 1.5 and eight["retry"] == 0 and eight["failed"] == 0
    print(
        f"peksos member register for {args.seconds:.0f} s: 1 process {one['per_s']:.1f}/s, "
        f"8 processes {eight['per_s']:.1f}/s ({ratio:.2f}x; told to retry {eight['retry']}, "
        f"other failures {eight['failed']})  target >= 1.5x, none retried: "
        f"{'met' if met else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
