"""Benchmark: this checkout's ``peksos`` against another's, whole processes, in turn.

    python -m benchmarks.side_by_side --before /path/to/other/checkout [--members 100000]

The other checkout needs its own virtual environment with the project installed
(``python3 -m venv .venv && .venv/bin/pip install .`` there). Measures, A B A B ... so a drift
of the machine's speed touches both alike, and prints medians and the ratio after/before:

- ``member show`` of one member with a file, the same on both sides (views current), beside
  ``python -c pass``;
- a write command (``member register``) on that ledger;
- ``import members`` of a legacy list of ``--members`` members with a degree each.

Each side builds its own ledgers with its own executable, so each reads what it wrote.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.import_members import write_csv
from benchmarks.synthetic import fictional_nik

ADMIN = "Ratna Sari"
# A member with a file: what `member show` reads and prints on both sides.
MEMBER = [
    ("member", "register", "--name", "Siti Aminah", "--nik", "3273014501800002",
     "--birth-date", "1980-01-05", "--province", "32", "--email", "siti@example.org",
     "--registered-on", "2010-03-01"),
    ("education", "add", "32-2010-00001", "--level", "S1", "--major", "kesejahteraan-sosial",
     "--institution", "STKS Bandung", "--graduated-on", "2004-08-30"),
    ("experience", "add", "32-2010-00001", "--employer", "Panti Sosial Asuhan Anak Bandung",
     "--role", "pekerja sosial", "--from", "2005-01-03"),
    ("training", "log", "32-2010-00001", "--course", "Manajemen kasus", "--provider",
     "Balai Besar Diklat Kesos", "--hours", "64", "--completed-on", "2009-06-30"),
    ("dues", "pay", "32-2010-00001", "--year", "2010", "--amount", "100000", "--paid-on",
     "2010-03-01"),
]  # fmt: skip


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} -> exit {done.returncode}: {done.stderr[-400:]}")
    return elapsed


class Side:
    def __init__(self, name: str, peksos: Path, folder: Path) -> None:
        self.name, self.peksos, self.folder = name, str(peksos), folder
        self.env = {**os.environ, "PEKSOS_KEYS": str(folder / "keys"), "NO_COLOR": "1"}
        self.registered = 0

    def run(self, *args: str, db: str = "demo.sqlite") -> float:
        argv = [self.peksos, "--db", str(self.folder / db), "--as", ADMIN, *args]
        return timed(argv, self.env)

    def prepare(self) -> None:
        """The same member on both sides, through commands both versions have (each side's
        own demo tells a different story, and shows a different number of tables)."""
        timed([self.peksos, "--db", str(self.folder / "demo.sqlite"), "init", "--admin", ADMIN],
              self.env)  # fmt: skip
        for args in MEMBER:
            self.run(*args)
        self.run("member", "show", "32-2010-00001")  # views current

    def show(self) -> float:
        return self.run("member", "show", "32-2010-00001")

    def register(self) -> float:
        self.registered += 1
        nik = fictional_nik("32", date(1990, 1, 1), self.registered)
        return self.run(
            "member", "register", "--name", "Sri Wahyuni", "--nik", nik,
            "--birth-date", "1990-01-01", "--province", "32", "--email", "sri@example.org",
        )  # fmt: skip

    def import_list(self, csv: Path, n: int) -> float:
        db = f"import-{n}.sqlite"
        timed([self.peksos, "--db", str(self.folder / db), "init", "--admin", ADMIN], self.env)
        return self.run("import", "members", str(csv), "--source", "bench", db=db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, required=True, help="the other checkout")
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7, help="runs of each short command")
    parser.add_argument("--imports", type=int, default=3, help="runs of the import")
    args = parser.parse_args()
    here = Path(sys.executable).parent / "peksos"
    there = args.before / ".venv" / "bin" / "peksos"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sides = []
        for name, exe in (("before", there), ("after", here)):
            (root / name).mkdir()
            sides.append(Side(name, exe, root / name))
        for side in sides:
            side.prepare()
        figures: dict[str, dict[str, list[float]]] = {s.name: {} for s in sides}
        baseline: list[float] = []
        for _ in range(args.runs):
            baseline.append(timed([sys.executable, "-c", "pass"], dict(os.environ)))
            for side in sides:
                figures[side.name].setdefault("member show", []).append(side.show())
                figures[side.name].setdefault("member register", []).append(side.register())
        csv = root / "legacy.csv"
        write_csv(csv, args.members)
        for i in range(args.imports):
            for side in sides:
                figures[side.name].setdefault("import", []).append(side.import_list(csv, i))
    print(f"python -c pass: median {statistics.median(baseline) * 1000:.0f} ms")
    print(f"{'measure':<18} {'before':>12} {'after':>12} {'after/before':>13}")
    for measure in figures["before"]:
        b = statistics.median(figures["before"][measure])
        a = statistics.median(figures["after"][measure])
        unit, scale = ("s", 1) if measure == "import" else ("ms", 1000)
        print(f"{measure:<18} {b * scale:>10.{0 if unit == 'ms' else 2}f}{unit:>2} "
              f"{a * scale:>10.{0 if unit == 'ms' else 2}f}{unit:>2} {a / b:>12.2f}x")  # fmt: skip
    if args.members:
        for side in sides:
            rate = args.members / statistics.median(figures[side.name]["import"])
            print(f"{side.name}: import {rate:,.0f} members/s (median of {args.imports})")


if __name__ == "__main__":
    main()
