"""``projections run``: keeps views current, stops cleanly, and survives SIGKILL mid-batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import build_ledger
from ledger.application import Ledger
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from projections.read_model import ReadModel, open_read_model

PEKSOS = str(Path(sys.executable).parent / "peksos")


def snapshot(model: ReadModel) -> dict[str, list[dict[str, object]]]:
    tables = [t for view in model.views for t in view.tables]
    return {t: model.rows(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}


def positions(ledger: Ledger) -> list[int]:
    return [row["position"] for row in open_read_model(ledger, catch_up=False).status(ledger)]


def follower(path: str, keys: Path, page: int) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PEKSOS_DB": path,
        "PEKSOS_KEYS": str(keys),
        "PEKSOS_VIEW_PAGE": str(page),
        "NO_COLOR": "1",
    }
    return subprocess.Popen(
        [PEKSOS, "--as", "Ratna Sari", "projections", "run", "--poll", "0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.e2e
def test_a_follower_killed_mid_batch_resumes_without_applying_anything_twice(
    tmp_path: Path,
) -> None:
    # SQLite: the synthetic builder makes a large ledger quickly in a fresh file.
    path = tmp_path / "ledger.sqlite"
    build_ledger(path, 1500).close()  # 18,000 events
    ledger = Ledger(open_store(str(path)), keys=KeyStore(tmp_path / "keys"))
    head = ledger.event_count()

    process = follower(str(path), tmp_path / "keys", page=997)
    wait_until(lambda: 0 < min(positions(ledger)) < head)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    stopped_at = positions(ledger)

    assert all(p % 997 == 0 or p == head for p in stopped_at)  # only whole pages committed
    model = open_read_model(ledger)  # resumes from the tracked positions
    resumed = snapshot(model)
    model.rebuild(ledger)
    assert snapshot(model) == resumed  # nothing lost, nothing applied twice
    assert len(resumed["view_members"]) == 1500


@pytest.mark.e2e
def test_a_follower_keeps_views_current_and_stops_cleanly_on_sigterm(
    store_location: str, tmp_path: Path
) -> None:
    keys = tmp_path / "keys"
    env = {**os.environ, "PEKSOS_DB": store_location, "PEKSOS_KEYS": str(keys), "NO_COLOR": "1"}
    subprocess.run(
        [PEKSOS, "init", "--admin", "Ratna Sari"], env=env, check=True, capture_output=True
    )
    ledger = Ledger(open_store(store_location), keys=KeyStore(keys))
    process = follower(store_location, keys, page=20000)
    wait_until(lambda: min(positions(ledger)) == ledger.event_count())

    subprocess.run(
        [
            PEKSOS,
            "--as",
            "Ratna Sari",
            "member",
            "register",
            "--name",
            "Sukarti",
            "--nik",
            "3204104708650003",
            "--birth-date",
            "1965-08-07",
            "--province",
            "32",
            "--email",
            "sukarti@example.org",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    wait_until(lambda: min(positions(ledger)) == ledger.event_count())
    model = open_read_model(ledger, catch_up=False)
    assert [r["name"] for r in model.rows("SELECT name FROM view_members")] == ["Sukarti"]

    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped" in out
