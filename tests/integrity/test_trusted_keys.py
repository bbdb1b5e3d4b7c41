"""Pinned trust anchors: an auditor or the LSP exports the issuers' keys once (``keys export
--jwks``) and checks every copy of the ledger against them. The review replaced every roster
key with the attacker's and re-signed everything, and, more quietly, enrolled "Mallory" as an
LSP officer to certify a ghost: both passed ``audit verify``; with the pinned keys both fail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.helpers import ADMIN, AUDITOR, ok, run, setup_ledger, using_store


@pytest.fixture
def ledger_cli(cli_env: dict[str, str]) -> dict[str, str]:
    setup_ledger()
    return cli_env


def pinned(tmp_path: Path) -> Path:
    path = tmp_path / "issuers.jwks"
    path.write_text(ok("--as", AUDITOR, "keys", "export", "--jwks").stdout)
    return path


def verify_against(keys: Path, actor: str = AUDITOR) -> tuple[int, list[str]]:
    result = run("--json", "--as", actor, "audit", "verify", "--trusted-keys", str(keys))
    if result.code == 0:
        assert result.json["trusted_keys"] == "match"
        return 0, []
    return result.code, [d for d in result.error["details"] if d.startswith("trusted keys: ")]


def test_the_genuine_ledger_matches_its_pinned_keys(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    keys = pinned(tmp_path)
    jwks = json.loads(keys.read_text())
    # the ledger's log key, the admin, the LSP, the Ministry (chapter admins and auditors issue
    # nothing)
    assert {k["kty"] for k in jwks["keys"]} == {"OKP"} and len(jwks["keys"]) == 4
    assert verify_against(keys) == (0, [])


def test_a_ledger_rebuilt_with_the_attackers_keys_fails_against_the_pinned_ones(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    keys = pinned(tmp_path)
    with using_store(str(tmp_path / "forged.sqlite"), tmp_path / "forged-keys"):
        ok("init", "--admin", ADMIN)  # the same cast, every key the attacker's own
        code, problems = verify_against(keys, ADMIN)
    assert code == 6
    assert any("not among the trusted keys" in p for p in problems), problems
    assert any("is not in this ledger's roster" in p for p in problems), problems


def test_an_lsp_officer_enrolled_after_pinning_fails_until_pinned_again(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    keys = pinned(tmp_path)
    ok("--as", ADMIN, "actor", "add", "Mallory Impostor", "--role", "lsp")

    code, problems = verify_against(keys)

    assert code == 6
    assert problems == [
        f"trusted keys: key {problems[0].split()[3]} of Mallory Impostor (lsp) is not among the "
        "trusted keys"
    ]
    assert verify_against(pinned(tmp_path)) == (0, [])


@pytest.mark.parametrize("content", ["not json", '{"keys": 3}', "{}"])
def test_a_file_that_is_no_jwk_set_is_a_usage_error(
    ledger_cli: dict[str, str], tmp_path: Path, content: str
) -> None:
    path = tmp_path / "bad.jwks"
    path.write_text(content)
    result = run("--json", "--as", AUDITOR, "audit", "verify", "--trusted-keys", str(path))
    assert result.code == 2
    assert result.error["details"][0]["field"] == "--trusted-keys"


def test_certificate_verify_trusts_a_ledger_copy_only_with_the_pinned_keys(
    ledger_cli: dict[str, str], tmp_path: Path
) -> None:
    """A token checked against a copy of the ledger whose roster gained an issuer after
    pinning is refused: that copy's signatures prove nothing to the holder of the pin."""
    from tests.cli.helpers import LSP, make_eligible, register_member

    reg = register_member()
    make_eligible(reg, level="generalis")
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--level",
              "generalis").json["certificate_no"]  # fmt: skip
    token = tmp_path / "cert.jwt"
    token.write_text(ok("--as", LSP, "certificate", "export", cert).stdout)
    keys = pinned(tmp_path)
    verify = ("--as", AUDITOR, "certificate", "verify", str(token), "--trusted-keys", str(keys))
    assert ok(*verify).stdout.startswith("Certificate verified")

    ok("--as", ADMIN, "actor", "add", "Mallory Impostor", "--role", "lsp")
    refused = run("--json", *verify)

    assert refused.code == 6
    assert "not the pinned ones" in refused.error["message"]
    assert any("Mallory Impostor" in d for d in refused.error["details"])
