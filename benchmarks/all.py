"""Run every benchmark in turn: ``python -m benchmarks.all [--postgres URL]``."""

from __future__ import annotations

import argparse
import subprocess
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="a database URL the load benchmark may wipe")
    args = parser.parse_args()
    runs = [
        ["benchmarks.rebuild_views", "--events", "1000000", "--runs", "3"],
        ["benchmarks.audit_verify", "--events", "1000000", "--runs", "3"],
        ["benchmarks.import_members", "--members", "100000"],
        ["benchmarks.load", "--seconds", "10"]
        + (["--postgres", args.postgres] if args.postgres else []),
    ]
    for run in runs:
        print(f"== python -m {' '.join(run)}", flush=True)
        subprocess.run([sys.executable, "-m", *run], check=True)


if __name__ == "__main__":
    main()
