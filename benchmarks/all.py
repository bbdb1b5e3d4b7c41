"""Run every benchmark in turn: ``python -m benchmarks.all [--postgres URL] [--quick]``.

Each prints its figures beside its baseline and says whether its target is met. The full run
(issue 16's sizes: 150,000 and 1,000,000 events, 100,000 members, 60 s of load) takes about
25 minutes on the 2-core machine; ``--quick`` runs the same at a tenth of the sizes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="a database URL the load benchmark may wipe")
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    args = parser.parse_args()
    k = 10 if args.quick else 1
    pg = ["--postgres", args.postgres] if args.postgres else []
    runs = [
        *(["benchmarks.rebuild_views", "--events", str(n // k), "--runs", "3"]
          for n in (150_000, 1_000_000)),
        *(["benchmarks.audit_verify", "--events", str(n // k), "--runs", "3"]
          for n in (150_000, 1_000_000)),
        ["benchmarks.import_members", "--members", str(100_000 // k)],
        ["benchmarks.startup", "--members", str(50_000 // k), "--seconds", str(30 // k)],
        ["benchmarks.load", "--seconds", str(60 // k), "--writers", "1", "8", "16", *pg],
    ]  # fmt: skip
    for run in runs:
        print(f"== python -m {' '.join(run)}", flush=True)
        subprocess.run([sys.executable, "-m", *run], check=True)


if __name__ == "__main__":
    main()
