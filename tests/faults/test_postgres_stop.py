"""PostgreSQL stopped under running commands (``pg_ctlcluster ... stop -m immediate`` or
``--force``): an import between its batches, a registration in flight and a ``projections run``
follower. Each fails with a clear message and exit 5 (the follower may instead ride the outage
out), never exit 1 or a traceback; once the server is back, nothing acknowledged is lost, nothing
is half-written, a "nothing was recorded" is true, and running the commands again finishes them.

Needs root, ``pg_ctlcluster`` and a local cluster serving ``PEKSOS_TEST_POSTGRES`` (as in CI);
skipped with the reason otherwise (failed instead under ``PEKSOS_REQUIRE_POSTGRES=1``). One stop
by default, which takes a minute or so: the commands retry until their connection attempts time
out. ``PEKSOS_FAULTS`` adds stops (one per 40), alternating the stop modes, some of them short
enough that the commands may reconnect and finish.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from random import Random
from urllib.parse import urlsplit

import pytest

from ledger import events as ev
from projections.read_model import open_read_model
from tests.builders import ADMIN, enrol_standard_actors, nik_for
from tests.conftest import reset_postgres
from tests.faults.harness import (
    BATCH,
    TALLY,
    Command,
    LegacyList,
    LogFacts,
    Run,
    check_ledger,
    cli_env,
    opened,
    person,
    present_batches,
    probe,
    rng_for,
    run,
    wait_until,
    write_legacy_list,
)

pytestmark = [pytest.mark.e2e, pytest.mark.disruptive]


def unavailable(reason: str) -> None:
    if os.environ.get("PEKSOS_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{reason}, but PEKSOS_REQUIRE_POSTGRES=1")
    pytest.skip(reason)


def local_cluster(url: str) -> tuple[str, str]:
    """The (version, name) of the local cluster serving ``url``, which this test may stop."""
    if shutil.which("pg_ctlcluster") is None or shutil.which("pg_lsclusters") is None:
        unavailable("pg_ctlcluster is not available: PostgreSQL cannot be stopped and restarted")
    if os.geteuid() != 0:
        unavailable("stopping PostgreSQL with pg_ctlcluster needs root")
    parts = urlsplit(url)
    if parts.hostname not in (None, "", "localhost", "127.0.0.1", "::1"):
        unavailable(f"PostgreSQL at {parts.hostname} is not a cluster on this machine")
    port = str(parts.port or 5432)
    listing = subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, check=True
    ).stdout
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) >= 4 and fields[2] == port and fields[3] == "online":
            return fields[0], fields[1]
    unavailable(f"no online local cluster listens on port {port}")
    raise AssertionError("unreachable")


def reachable(url: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


@contextmanager
def cluster(url: str) -> Iterator[Callable[[str], None]]:
    """Yields ``stop(mode)``; the server is started again on the way out, whatever happened."""
    version, name = local_cluster(url)

    def stop(mode: str) -> None:
        options = ["-m", "immediate"] if mode == "immediate" else ["--force"]
        subprocess.run(
            ["pg_ctlcluster", version, name, "stop", *options],
            check=True,
            capture_output=True,
            timeout=120,
        )

    try:
        yield stop
    finally:
        start(version, name, url)


def start(version: str, name: str, url: str) -> None:
    # No check: the cluster may already be running again.
    subprocess.run(["pg_ctlcluster", version, name, "start"], capture_output=True, timeout=120)
    wait_until(lambda: reachable(url), 120, "PostgreSQL accepting connections again")


def stop_count() -> int:
    value = os.environ.get("PEKSOS_FAULTS")
    return max(1, int(value) // 40) if value else 1


def register_argv(rng: Random, serial: int) -> tuple[list[str], str]:
    nik = nik_for("32", "1983-04-21", serial)
    argv = [
        "--as",
        ADMIN,
        "member",
        "register",
        "--name",
        person(rng),
        "--nik",
        nik,
        "--birth-date",
        "1983-04-21",
        "--province",
        "32",
        "--email",
        f"anggota{serial}@example.org",
        "--registered-on",
        "2011-06-01",
    ]
    return argv, nik


def failure_problems(name: str, done: Run) -> list[str]:
    """What is wrong with how a command failed: the contract is exit 5 and, with ``--json``,
    exactly one error object on stderr (no traceback)."""
    problems = []
    if done.returncode != 5:
        problems.append(f"{name}: exit {done.returncode}, not 5")
    if "Traceback" in done.stderr:
        problems.append(f"{name}: printed a traceback")
    try:
        error = json.loads(done.stderr)["error"]
        assert error["code"] == "conflict" and error["message"]
    except (ValueError, KeyError, TypeError, AssertionError):
        problems.append(f"{name}: stderr is not one JSON error object")
    if problems:
        problems.append(f"  {done.describe()}")
    return problems


def says_nothing_recorded(done: Run) -> bool:
    return "nothing was recorded" in done.stderr.lower()


@pytest.mark.parametrize("store_location", ["postgresql"], indirect=True)
def test_postgresql_stopped_mid_command_fails_it_cleanly_and_loses_nothing(
    store_location: str, tmp_path: Path
) -> None:
    local_cluster(store_location)  # skip before anything else when it cannot be stopped
    rng = rng_for("postgresql-stopped")
    legacy = write_legacy_list(tmp_path / "survei-2011.csv", rng, 14_000)
    problems: list[str] = []
    for index in range(stop_count()):
        if index:
            reset_postgres(store_location)
        problems += stop_under_commands(store_location, tmp_path, index, rng, legacy)
    assert not problems, "\n".join(problems)


def stop_under_commands(
    url: str, tmp_path: Path, index: int, rng: Random, legacy: LegacyList
) -> list[str]:
    """One stop of the server under an import, a registration and a follower; returns what
    went wrong with how the commands failed (the ledger itself is asserted whole here)."""
    mode = ("immediate", "fast")[index % 2]
    scenario = f"server stopped ({mode})"
    # The first stop lasts until every command has given up; later ones may be short.
    downtime = None if index == 0 or rng.random() < 0.5 else rng.uniform(2, 30)
    batches = len(legacy.batches())
    import_argv = ["--as", ADMIN, "import", "members", str(legacy.path), "--source", "survei"]
    follow_argv = ["--as", ADMIN, "projections", "run", "--poll", "0.1"]
    key_dir = tmp_path / f"keys-{index}"
    env = cli_env(url, key_dir)
    with opened(url, key_dir) as ledger:
        ledger.open_ledger(ADMIN)
        enrol_standard_actors(ledger)
    baseline_argv, baseline_nik = register_argv(rng, 10 * index + 1)
    baseline = run(env, baseline_argv).result()
    register, nik = register_argv(rng, 10 * index + 2)

    with cluster(url) as stop:
        with probe(url, key_dir) as probe_:
            follower = Command(env, follow_argv, "peksos-follower")
            wait_until(lambda: probe_.connected("peksos-follower"), 60, "the follower")
            importer = Command(env, import_argv, "peksos-import")
            committed = rng.randint(1, batches - 2) * BATCH
            assert importer.wait_for(lambda: probe_.count(ev.Registered) > committed, 120), (
                importer.finish().describe()
            )
            registrar = Command(env, register, "peksos-register")
            registrar.wait_for(lambda: probe_.connected("peksos-register"), 60)
        commands = {"import": importer, "register": registrar, "follower": follower}
        in_flight = [name for name, c in commands.items() if c.running()]
        stop(mode)
        for _ in in_flight:
            TALLY.inject("postgresql", scenario)
        if downtime is not None:
            time.sleep(downtime)
        else:
            importer.finish(300)
            registrar.finish(300)
            deadline = time.monotonic() + 120  # it may stop, or wait for the server
            while follower.running() and time.monotonic() < deadline:
                time.sleep(0.1)
    # The server is running again.
    done = {name: c.finish(300) for name, c in commands.items() if name != "follower"}
    if follower.running():  # it rode the outage out: it must catch up and stop cleanly
        with opened(url, key_dir) as ledger:
            model = open_read_model(ledger, catch_up=False)
            wait_until(
                lambda: min(model.position(v) for v in model.views) == ledger.event_count(),
                180,
                "the follower catching up after the outage",
            )
        follower.terminate()
    done["follower"] = follower.finish(60)

    facts = check_ledger(url, key_dir, context=f"after PostgreSQL was stopped ({mode})")
    assert facts.niks.get(baseline_nik) == baseline["registration_no"]
    present = present_batches(facts, legacy, others=(baseline_nik, nik))
    imported = sum(len(legacy.batches()[b]) for b in present)
    failed: dict[str, list[str]] = {}
    for name, result in done.items():
        if result.returncode == 0:
            failed[name] = acknowledged_problems(name, result, facts, nik, legacy)
        else:
            failed[name] = failure_problems(name, result)
    if says_nothing_recorded(done["import"]) and present:
        failed["import"].append(
            f"import: said nothing was recorded, but {len(present)} of its {batches} batches "
            f"({imported} members) were; it said: {done['import'].stderr.strip()}"
        )
    if says_nothing_recorded(done["register"]) and nik in facts.niks:
        failed["register"].append("register: said nothing was recorded, but it was")

    # Running them again finishes them: the file's valid rows once, the member once.
    again = run(env, import_argv).result()
    assert again["imported"] + imported == len(legacy.valid), again
    retried = run(env, register)
    if nik in facts.niks:
        assert retried.returncode == 5 and "already registered" in retried.stderr, (
            retried.describe()
        )
    else:
        retried.result()
    facts = check_ledger(url, key_dir, context="after running the commands again")
    assert sorted(set(facts.niks) - {nik, baseline_nik}) == sorted(legacy.valid)

    problems = []
    for name in in_flight:
        if failed[name]:
            problems += failed[name]
        else:
            TALLY.survive("postgresql", scenario)
    return problems


def acknowledged_problems(
    name: str, done: Run, facts: LogFacts, nik: str, legacy: LegacyList
) -> list[str]:
    """A command that finished despite the outage: its result must be in the ledger."""
    result = done.result()
    if name == "register" and facts.niks.get(nik) != result["registration_no"]:
        return [f"register: acknowledged {result} but lost"]
    if name == "import" and sorted(set(facts.niks) & set(legacy.valid)) != sorted(legacy.valid):
        return [f"import: acknowledged {result['imported']} imported, but not all are there"]
    return []
