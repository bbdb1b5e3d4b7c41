"""Errors of the store, paths and the environment: an unusable ``--db``, a store not yet
initialised or already in use, a file that is not a ledger, a folder that cannot exist,
keys missing or in the wrong place. Each is an answer with the contract's exit code, never
exit 1 or a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.helpers import ADMIN, AUDITOR, failed, register_args, run

# --- the store: --db, and a store not initialised or already in use ------------------------


@pytest.mark.parametrize(
    "db", ["mysql://localhost/peksos", "postgresql://localhost", "{tmp}"], ids=str
)
def test_an_unusable_db_option_is_a_usage_error(
    cli_env: dict[str, str], tmp_path: Path, db: str
) -> None:
    result = run("--json", "--db", db.replace("{tmp}", str(tmp_path)), "info")

    assert result.code == 2, result
    assert result.error["code"] == "invalid_input"
    assert [d["field"] for d in result.error["details"]] == ["db"]


@pytest.mark.parametrize(
    "args",
    [
        ["--as", ADMIN, "actor", "list"],
        ["--as", ADMIN, "actor", "add", "Rina Wulandari", "--role", "lsp"],
        ["--as", ADMIN, "member", "show", "32-2010-00001"],
        ["--as", ADMIN, *register_args()],
        ["--as", AUDITOR, "report", "anomalies"],
    ],
    ids=lambda a: " ".join(a[:4]),
)
def test_an_uninitialised_store_is_not_found(cli_env: dict[str, str], args: list[str]) -> None:
    result = run("--json", *args)

    assert result.code == 4, result
    assert result.error["code"] == "not_found"
    assert "peksos init" in result.error["message"]
    assert not Path(cli_env["PEKSOS_DB"]).exists()  # nothing was created either


def test_info_before_init_says_which_store_and_creates_nothing(cli_env: dict[str, str]) -> None:
    result = run("--json", "info")

    assert result.code == 0, result
    assert result.json["initialised"] is False
    assert result.json["events"] == 0
    assert not Path(cli_env["PEKSOS_DB"]).exists()  # info is diagnostic: it creates no store


def test_the_demo_needs_a_new_store(ledger_cli: dict[str, str]) -> None:
    result = failed(5, "--db", ledger_cli["PEKSOS_DB"], "demo")

    assert result.error["code"] == "conflict"


# --- never exit 1, never a traceback, for a user's mistake ---------------------------------------


def test_a_db_that_is_not_a_ledger_is_an_integrity_failure(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    garbage = tmp_path / "notes.sqlite"
    garbage.write_text("catatan rapat pengurus IPSPI\n" * 200)

    result = run("--json", "--db", str(garbage), "info")

    assert result.code == 6, result
    assert result.error["code"] == "integrity_failure"


def test_a_db_in_a_folder_that_cannot_exist_is_not_a_bug(cli_env: dict[str, str]) -> None:
    result = run("--json", "--db", "/proc/peksos/no/ledger.sqlite", "init", "--admin", ADMIN)

    assert result.code == 2, result
    assert "--db" in result.error["message"]


def test_a_key_folder_that_is_a_file_is_not_a_bug(
    cli_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_a_folder = tmp_path / "keys.txt"
    not_a_folder.write_text("not a folder")
    monkeypatch.setenv("PEKSOS_KEYS", str(not_a_folder))

    result = run("--json", "init", "--admin", ADMIN)

    assert result.code in (2, 7), result  # a usage error, or "no key": not a bug (exit 1)
    assert result.error["message"]
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "keys"))
    assert run("init", "--admin", ADMIN).code == 0  # the failed init left nothing in the way


def test_without_the_nik_key_nothing_is_registered(
    ledger_cli: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "elsewhere"))

    result = failed(7, "--as", ADMIN, *register_args())

    assert "NIK-index key" in result.error["message"]
