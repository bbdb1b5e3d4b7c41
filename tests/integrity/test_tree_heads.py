"""Signed tree heads, an anchor outside the file. The review deleted the last three saves
(a revocation among them), and rebuilt the ledger with the attacker's keys: both passed
``audit verify``, and only an unsigned digest made by hand caught the first. Now every save
can leave a signed tree head with the witnesses (``--sth-dir``), and ``audit verify --against``
a head checks its signature before proving the log only grew since."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from uuid import uuid4

import pytest

from ledger import events as ev
from ledger.access import Actor, Context
from ledger.application import Ledger
from ledger.numbers import ROSTER_ID
from ledger.roster import Roster
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from ledger.vocabulary import Role
from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    LSP,
    make_eligible,
    ok,
    register_member,
    run,
    setup_ledger,
    using_store,
)

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def ledger_cli(cli_env: dict[str, str]) -> dict[str, str]:
    setup_ledger()
    return cli_env


def digest(tmp_path: Path, name: str = "head.json") -> Path:
    path = tmp_path / name
    path.write_text(ok("--as", AUDITOR, "audit", "digest").stdout)
    return path


def against(head: Path) -> tuple[int, dict]:
    result = run("--json", "--as", AUDITOR, "audit", "verify", "--against", str(head))
    return result.code, (result.json if result.code == 0 else result.error)


def readme_check() -> str:
    """The README's Ed25519-only check of a tree head, as printed there."""
    text = README.read_text(encoding="utf-8")
    found = re.search(r"```python\n(# Checks a tree head.*?)```", text, re.S)
    assert found, "the README shows how to check a tree head with plain Ed25519"
    return found.group(1)


def test_a_tree_head_verifies_with_plain_ed25519_against_the_exported_keys(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    digest(tmp_path, "digest.json")
    (tmp_path / "issuers.jwks").write_text(ok("--as", AUDITOR, "keys", "export", "--jwks").stdout)
    code = readme_check()

    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )

    assert done.returncode == 0, done.stderr
    head = json.loads((tmp_path / "digest.json").read_text())
    assert done.stdout.startswith(f"tree head of {head['size']} events, signed with")

    # the same code refuses a head whose size was changed after signing
    head["size"] -= 1
    (tmp_path / "digest.json").write_text(json.dumps(head))
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode != 0 and "InvalidSignature" in done.stderr


def test_the_head_names_this_log_and_the_ledgers_log_key(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    head = json.loads(digest(tmp_path).read_text())
    info = ok("--json", "--as", AUDITOR, "info").json
    jwks = ok("--as", AUDITOR, "keys", "export", "--jwks").json
    assert head["log"] == info["ledger_id"]
    assert head["size"] == info["events"]
    assert head["key_id"] in {k["kid"] for k in jwks["keys"]}
    assert head["signed"] == "RFC 9162 TreeHeadDataV2, Ed25519"
    code, result = against(digest(tmp_path, "again.json"))
    assert code == 0 and result["against"]["signature"] == "valid"


@pytest.mark.parametrize("change", ["size", "root", "timestamp", "signature", "key_id", "log"])
def test_an_altered_tree_head_fails_against(
    ledger_cli: dict[str, str], tmp_path: Path, change: str
) -> None:
    path = digest(tmp_path)
    head = json.loads(path.read_text())
    register_member()  # the log grew since: an honest head would still be consistent
    altered = {
        "size": head["size"] - 1,
        "root": "00" * 32,
        "timestamp": head["timestamp"] + 1,
        "signature": head["signature"][:-4]
        + ("AAAA" if head["signature"][-4:] != "AAAA" else "BBBA"),
        "key_id": "0000000000000000",
        "log": "00000000-0000-0000-0000-000000000000",
    }[change]
    path.write_text(json.dumps({**head, change: altered}))

    code, error = against(path)

    assert code == 6, error
    assert any(d.startswith("digest: ") for d in error["details"]), error


def test_every_command_that_saved_leaves_a_signed_head_and_reads_leave_none(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    heads = tmp_path / "heads"
    before = ok("--json", "--as", AUDITOR, "info").json["events"]
    reg = register_member()
    ok("--sth-dir", str(heads), "--as", ADMIN, "dues", "pay", reg, "--year", "2026",
       "--amount", "150000", "--paid-on", "2026-01-10")  # fmt: skip
    ok("--sth-dir", str(heads), "--as", AUDITOR, "member", "show", reg)
    ok("--sth-dir", str(heads), "--as", ADMIN, "education", "add", reg, "--level", "S1",
       "--major", "kesejahteraan-sosial", "--institution", "STKS Bandung",
       "--graduated-on", "2004-08-30")  # fmt: skip

    written = sorted(p.name for p in heads.glob("sth-*.json"))
    assert len(written) == 2, written  # the two writes; the read wrote nothing
    latest = json.loads((heads / "latest.json").read_text())
    whole = json.loads(digest(tmp_path).read_text())
    # the second head resumed from the first one's frontier, and agrees with the whole tree
    assert (latest["size"], latest["root"]) == (whole["size"], whole["root"])
    assert latest["size"] > before
    for name in written:
        code, result = against(heads / name)
        assert code == 0, result
        assert result["against"]["signature"] == "valid"


def test_a_damaged_frontier_is_not_trusted(ledger_cli: dict[str, str], tmp_path: Path) -> None:
    heads = tmp_path / "heads"
    reg = register_member()
    ok("--sth-dir", str(heads), "--as", ADMIN, "dues", "pay", reg, "--year", "2026",
       "--amount", "150000", "--paid-on", "2026-01-10")  # fmt: skip
    state = json.loads((heads / "frontier.json").read_text())
    (heads / "frontier.json").write_text(json.dumps({**state, "roots": state["roots"][:-1]}))
    ok("--sth-dir", str(heads), "--as", ADMIN, "dues", "pay", reg, "--year", "2025",
       "--amount", "150000", "--paid-on", "2025-01-10")  # fmt: skip

    latest = json.loads((heads / "latest.json").read_text())
    whole = json.loads(digest(tmp_path).read_text())
    assert (latest["size"], latest["root"]) == (whole["size"], whole["root"])


def test_a_head_that_cannot_be_written_warns_and_the_save_stands(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    reg = register_member()
    result = run("--sth-dir", str(blocked / "heads"), "--as", ADMIN, "dues", "pay", reg,
                 "--year", "2026", "--amount", "150000", "--paid-on", "2026-01-10")  # fmt: skip
    assert result.code == 0
    assert "warning: no tree head written" in result.stderr
    history = ok("--json", "--as", AUDITOR, "member", "history", reg).json
    assert "DuesPaid" in json.dumps(history)


# --- the review's attacks, against a head the witnesses hold ---------------------------------


def _sqlite(db: str, statement: str) -> int:
    with sqlite3.connect(db) as con:
        changed = con.execute(statement).rowcount
    con.close()
    return changed


def test_deleting_the_last_saves_fails_against_the_head_a_witness_holds(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    if not ledger_cli["PEKSOS_DB"].endswith(".sqlite"):
        pytest.skip("edits the SQLite file as the review did")
    heads = tmp_path / "heads"
    reg = register_member()
    make_eligible(reg, level="generalis")
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--level",
              "generalis").json["certificate_no"]  # fmt: skip
    kept = ok("--json", "--as", AUDITOR, "info").json["events"]
    ok("--sth-dir", str(heads), "--as", LSP, "certificate", "revoke", cert, "--reason", "etik")
    ok("--sth-dir", str(heads), "--as", ADMIN, "dues", "pay", reg, "--year", "2026",
       "--amount", "150000", "--paid-on", "2026-01-10")  # fmt: skip
    ok("--sth-dir", str(heads), "--as", ADMIN, "dues", "pay", reg, "--year", "2025",
       "--amount", "150000", "--paid-on", "2025-01-10")  # fmt: skip
    shutil.copy(heads / "latest.json", tmp_path / "witness.json")  # what a witness holds

    deleted = _sqlite(ledger_cli["PEKSOS_DB"], f"DELETE FROM stored_events WHERE rowid > {kept}")
    assert deleted >= 3
    ok("--as", ADMIN, "projections", "rebuild")  # the views follow the shortened log

    code, error = against(tmp_path / "witness.json")
    assert code == 6, error
    assert any("the digest covers" in d for d in error["details"]), error


def test_a_ledger_rebuilt_with_the_attackers_keys_fails_against_the_published_head(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    head = digest(tmp_path)
    with using_store(str(tmp_path / "forged.sqlite"), tmp_path / "forged-keys"):
        ok("init", "--admin", ADMIN)
        result = run("--json", "--as", ADMIN, "audit", "verify", "--against", str(head))
    assert result.code == 6, result
    assert any("not of this ledger" in d for d in result.error["details"]), result.error


def test_an_unsigned_digest_is_checked_for_consistency_only(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    head = json.loads(digest(tmp_path).read_text())
    path = tmp_path / "old.json"
    path.write_text(json.dumps({"size": head["size"], "root": head["root"]}))
    code, result = against(path)
    assert code == 0, result
    assert result["against"]["signature"] == "none (unsigned digest)"


# --- a ledger made before tree heads were signed --------------------------------------------


def test_a_ledger_without_a_log_key_is_told_how_to_get_one(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path / "keys")
    with Ledger(open_store(str(tmp_path / "old.sqlite")), keys=keys) as ledger:
        # as `init` did before: the roster and its first admin, and no log key
        lid = uuid4()
        keys.create_nik_key(lid)
        kid, public = keys.create_signing_key(lid)
        ctx = Context(actor=Actor(ADMIN, Role.ADMIN), now=ledger.clock())
        roster = Roster._create(
            ev.LedgerOpened, id=ROSTER_ID, ledger_id=lid, **ctx.stamp(ctx.today)
        )
        roster.trigger_event(ev.ActorEnrolled, name=ADMIN, role=Role.ADMIN, province=None,
                             public_key=public, key_id=kid, **ctx.stamp(ctx.today))  # fmt: skip
        ledger.save(roster)
    with using_store(str(tmp_path / "old.sqlite"), tmp_path / "keys"):
        refused = run("--as", ADMIN, "audit", "digest")
        assert refused.code == 3, refused
        assert "keys log-key" in refused.stderr
        ok("--as", ADMIN, "keys", "log-key")
        assert run("--as", ADMIN, "keys", "log-key").code == 5  # once only
        head = json.loads(ok("--as", ADMIN, "audit", "digest").stdout)
        path = tmp_path / "head.json"
        path.write_text(json.dumps(head))
        assert (
            ok("--json", "--as", ADMIN, "audit", "verify", "--against", str(path)).json["against"][
                "signature"
            ]
            == "valid"
        )


@pytest.mark.parametrize(
    ("args", "field"),
    [(["--sth-dir", "", "--as", AUDITOR, "info"], "--sth-dir"),
     (["--as", AUDITOR, "audit", "verify", "--against", "."], "--against")],
)  # fmt: skip
def test_a_folder_where_a_file_belongs_and_an_empty_folder_name_are_usage_errors(
    ledger_cli: dict[str, str], args: list[str], field: str
) -> None:
    result = run("--json", *args)
    assert result.code == 2, result
    assert result.error["details"][0]["field"] == field
