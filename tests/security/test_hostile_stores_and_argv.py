"""Hostile input outside the member's stream: the first admin's name at ``init``, the target
of ``migrate --to`` and the store named by ``--db`` (unreachable servers, malformed URLs,
odd file names); and bytes that are not UTF-8 on the installed executable's command line.
Each is an answer or a plain refusal, nothing recorded. (The values: ``hostile.py``.)"""

from __future__ import annotations

import subprocess
import unicodedata
from collections import Counter

import pytest
from hypothesis import given as given_
from hypothesis import strategies as st

from tests.cli.helpers import ADMIN, ok, run
from tests.security.hostile import (
    CONTRACT_EXITS,
    PEKSOS,
    _unclean,
    budget,
    examples,
    fuzz,
    hostile,
    must_fail,
)
from tests.security.pool import Pool

# --- the global options and the commands outside the member's stream -------------------------


def test_init_with_a_hostile_admin_name(pool: Pool, tally: Counter[str]) -> None:
    @fuzz(budget(sqlite=25, postgresql=8))
    @given_(admin=hostile("name"))
    def attempt(admin: str) -> None:
        store = pool.path("init") + ".sqlite"
        result = run("--db", store, "init", "--admin", admin)
        tally["hostile options"] += 1
        assert result.code in CONTRACT_EXITS, result
        info = ok("--json", "--db", store, "info").json
        if result.code != 0:
            assert info["events"] == 0, (admin, info)
            assert result.stderr.strip()
            return
        assert must_fail("name", admin, required=True, valid="") is None, admin
        name = unicodedata.normalize("NFC", " ".join(admin.split()))
        actors = ok("--db", store, "--as", name, "--json", "actor", "list")
        assert _unclean(actors.json) == []

    attempt()


STORES = [
    "postgresql://peksos:peksos@127.0.0.1:1/nowhere",
    "postgresql://",
    "postgresql://@/",
    "postgresql://u@[::1/x",
    "postgresql://peksos:wrong@127.0.0.1:5432/peksos_security_does_not_exist",
    "postgres://peksos@127.0.0.1:1/x",
]


# a file name longer than the file system allows; a URL urllib cannot split
ODD_PLACES = ["a" * 300, "postgresql://u@[::1/x", "\x00"]


def _place(where: str, pool: Pool, stem: str) -> str:
    """A hostile location: a URL as given, a file name only inside the test's folder."""
    return where if where.startswith("postgres") else pool.path(stem) + where


def test_migrate_to_a_hostile_target(pool: Pool, tally: Counter[str]) -> None:
    """``migrate --to``: an unreachable server, a malformed URL or an odd file name is a
    plain refusal, and the ledger itself is untouched."""

    @fuzz(budget(sqlite=15, postgresql=2), shrink=False)
    @examples("where", ODD_PLACES, as_json=False)
    @given_(where=st.one_of(st.sampled_from(STORES), hostile("text")), as_json=st.booleans())
    def attempt(where: str, as_json: bool) -> None:
        target = _place(where, pool, "to-")
        before = pool.events()
        result = run(*(["--json"] if as_json else []), "--as", ADMIN, "migrate", "--to", target)
        tally["hostile options"] += 1
        assert result.code in CONTRACT_EXITS, (target, result)
        assert pool.events() == before
        if result.code != 0:
            assert result.stderr.strip(), result

    attempt()


def test_a_hostile_store_location(pool: Pool, tally: Counter[str]) -> None:
    """``--db``: nothing but a plain refusal (or an empty, uninitialised store for ``info``)."""

    # --db names the store itself: the backend under test plays no part, so PostgreSQL runs
    # only the fixed cases
    @fuzz(budget(sqlite=15, postgresql=0), shrink=False)
    @examples("where", ODD_PLACES, as_json=False)
    @given_(where=st.one_of(st.sampled_from(STORES), hostile("text")), as_json=st.booleans())
    def attempt(where: str, as_json: bool) -> None:
        location = _place(where, pool, "db-")
        for args in (["info"], ["--as", ADMIN, "member", "list"]):
            result = run(*(["--json"] if as_json else []), "--db", location, *args)
            tally["hostile options"] += 1
            assert result.code in CONTRACT_EXITS, (location, args, result)
            if result.code != 0:
                assert result.stderr.strip(), result

    attempt()


# --- the installed executable: bytes that are not UTF-8 on the command line -------------------


@pytest.mark.e2e
@pytest.mark.parametrize(
    "argv",
    [
        [b"member", b"register", b"--name", b"Siti \xff Aminah", b"--nik", b"3273014501800777",
         b"--birth-date", b"1980-01-05", b"--province", b"32", b"--email", b"s@example.org"],
        [b"member", b"show", b"32-2010-\xc3\x28"],
        [b"certificate", b"show", b"CERT-\xed\xa0\x80"],
        [b"training", b"log", b"32-2010-00001", b"--course", b"\xe2\x80\xae\xff", b"--provider",
         b"P", b"--hours", b"\xd9\xa3", b"--completed-on", b"2009-06-30"],
        [b"import", b"members", b"/nonexistent/\xff.csv", b"--source", b"x"],
        [b"report", b"dues", b"--year", b"\xff\xfe"],
    ],
    ids=["name", "reg", "cert", "training", "file", "year"],
)  # fmt: skip
@pytest.mark.parametrize("json_flag", [[], [b"--json"]], ids=["words", "json"])
def test_bytes_that_are_not_utf8_in_argv(
    pool: Pool, argv: list[bytes], json_flag: list[bytes], tally: Counter[str]
) -> None:
    before = pool.events()
    done = subprocess.run(
        [PEKSOS.encode(), *json_flag, b"--as", ADMIN.encode(), *argv],
        capture_output=True,
        timeout=120,
    )
    tally["hostile argv"] += 1
    err = done.stderr.decode("utf-8", errors="replace")
    assert done.returncode in CONTRACT_EXITS - {0}, (done.returncode, err)
    assert "Traceback" not in err and err.strip(), err
    assert pool.events() == before
