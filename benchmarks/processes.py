"""Whole ``peksos`` processes timed from outside: start-up, work and exit, as a user waits."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ADMIN = "Ratna Sari"


def whole_process(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(seconds, peak RSS in MB, stdout) of one process run to its end. The peak is the
    largest of the process and the children it waited for (Linux ``wait4``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, env=env, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        if process.returncode != 0:
            failed = err.read()[-400:].decode(errors="replace")
            raise SystemExit(f"{' '.join(argv)} -> exit {process.returncode}: {failed}")
        return elapsed, usage.ru_maxrss / 1024, out.read().decode()


def peksos(ledger: Path, *args: str) -> tuple[float, float, str]:
    """``peksos --db LEDGER --as ADMIN ARGS`` on a benchmark's ledger (its keys beside it)."""
    exe = str(Path(sys.executable).parent / "peksos")
    env = {**os.environ, "PEKSOS_KEYS": str(ledger.parent / "keys"), "NO_COLOR": "1"}
    return whole_process([exe, "--db", str(ledger), "--as", ADMIN, *args], env)
