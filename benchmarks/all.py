"""Run every benchmark in turn: ``python -m benchmarks.all [--postgres URL] [--quick]``.

Each prints its figures beside its baseline and says whether its target is met. The full run
(issue 16's sizes: 150,000 and 1,000,000 events, 100,000 members, 60 s of load in one
province and spread over eight) takes about 30 minutes on the 2-core machine; ``--quick`` runs
the same at a tenth of the sizes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="a database URL the load benchmark may wipe")
    parser.add_argument("--quick", action="store_true", help="a tenth of the sizes")
    args = parser.parse_args()
    k = 10 if args.quick else 1
    pg = ["--postgres", args.postgres] if args.postgres else []
    folder = Path(tempfile.mkdtemp(prefix="peksos-bench-all-"))
    sizes = [(n // k, str(folder / f"{n // k}" / "ledger.sqlite")) for n in (150_000, 1_000_000)]
    for _, path in sizes:
        Path(path).parent.mkdir()
    runs = [  # rebuild and verify share each size's ledger (made by the first to need it)
        *(["benchmarks.rebuild_views", "--events", str(n), "--runs", "3", "--keep", path]
          for n, path in sizes),
        *(["benchmarks.audit_verify", "--events", str(n), "--runs", "3", "--keep", path]
          for n, path in sizes),
        ["benchmarks.import_members", "--members", str(100_000 // k)],
        ["benchmarks.startup", "--members", str(50_000 // k), "--seconds", str(30 // k)],
        ["benchmarks.load", "--seconds", str(60 // k), "--writers", "1", "8", "16", *pg],
        ["benchmarks.load", "--seconds", str(60 // k), "--writers", "1", "8", "16",
         "--provinces", "8", *pg],
    ]  # fmt: skip
    for run in runs:
        print(f"== python -m {' '.join(run)}", flush=True)
        subprocess.run([sys.executable, "-m", *run], check=True)


if __name__ == "__main__":
    main()
