"""``peksos audit`` and ``peksos keys``: the integrity of the ledger and the keys it trusts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from commands.files import read_capped
from commands.queries import reader
from commands.unit_of_work import Result
from ledger import auditing as integrity
from ledger import credential
from ledger.application import Ledger
from ledger.errors import IntegrityFailure, InvalidInput, NotFound
from ledger.roster import PublicKey
from ledger.vocabulary import Role
from ledger.wording import said
from projections.view_check import view_problems


def audit_verify(
    ledger: Ledger, actor: str | None, against: Path | None, trusted: Path | None = None
) -> Result:
    """Every stream re-checked, and the views; with a digest, proof that the log only grew
    since; with pinned keys, that the roster's issuers hold the keys pinned."""
    reader(ledger, actor)
    keys = trusted_key_problems(ledger, trusted) if trusted is not None else []
    checked: list[tuple[int, list[str]]] = []
    result = integrity.verify_ledger(
        ledger, alongside=lambda: checked.append(view_problems(ledger))
    )
    compared, views = checked[0]
    result["view_rows"] = compared
    if trusted is not None:
        result["trusted_keys"] = "match" if not keys else f"{len(keys)} problem(s)"
    if views or keys:
        result["verified"] = False
        result["view_failures"] = views
    if against is not None:
        result["against"] = integrity.check_against(ledger, _read_digest(against))
        if not result["against"]["consistent"]:
            result["verified"] = False
    if not result["verified"]:
        lines = [
            f"{f['registration_no'] or f['stream']} entry {f['entry']}: {f['check']}: {f['detail']}"
            for f in result["failures"]
        ]
        lines += [f"view: {problem}" for problem in views]
        lines += [f"trusted keys: {problem}" for problem in keys]
        if "against" in result and not result["against"]["consistent"]:
            lines.append(f"digest: {result['against']['detail']}")
        raise IntegrityFailure(
            said(
                "integrity check FAILED: {problems} problem(s) in {streams} stream(s)",
                problems=len(lines),
                streams=result["streams_failing"],
            ),
            lines,
        )
    return result


def _read_digest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(read_capped(path, "--against").decode("utf-8"))
    except FileNotFoundError:
        raise NotFound(said("no digest file {path}", path=path)) from None
    except OSError as error:
        raise InvalidInput(
            said("--against {path}: {why}", path=path, why=error.strerror),
            [{"field": "--against", "message": str(error.strerror)}],
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(
            said("{path} is not the JSON that `audit digest` prints", path=path),
            [{"field": "--against", "message": "not JSON"}],
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(
            said("{path} is not a digest", path=path),
            [{"field": "--against", "message": "not a JSON object"}],
        )
    return data


def audit_digest(ledger: Ledger, actor: str | None) -> Result:
    reader(ledger, actor)
    return integrity.digest(ledger)


def audit_prove(ledger: Ledger, actor: str | None, certificate_no: str) -> Result:
    reader(ledger, actor)
    return integrity.prove_certificate(ledger, certificate_no)


def show_keys(ledger: Ledger, actor: str | None, name: str, every: bool) -> Result:
    """An actor's public key as a JWK; with ``every``, a JWK Set of all keys they held."""
    reader(ledger, actor)
    roster = ledger.roster()
    person = roster.actor(name)
    keys = [credential.public_jwk(k.public_key, k.key_id) for k in roster.key_history(name)]
    current = next(k for k in keys if k["kid"] == person.key_id)
    return {"keys": keys[::-1]} if every else current


# Who issues what a third party relies on: the keys an auditor or an LSP pins once.
ISSUERS = (Role.ADMIN, Role.LSP, Role.MINISTRY, Role.REGIONAL_GOVERNMENT)


def export_jwks(ledger: Ledger, actor: str | None) -> Result:
    """Every key the ledger's issuers (its admins, whose first created the ledger, the LSP,
    the Ministry and regional governments) ever held, as one JWK Set to publish and pin."""
    reader(ledger, actor)
    keys = issuer_keys(ledger)
    return {"keys": [credential.public_jwk(k.public_key, k.key_id) for _, k in keys]}


def issuer_keys(ledger: Ledger) -> list[tuple[str, PublicKey]]:
    """Every key a third party relies on, with whose it is: the ledger's log key (it signs
    the tree heads), then each issuer's keys."""
    roster = ledger.roster()
    held = [("the ledger's log key", roster.log_key)] if roster.log_key else []
    return held + [
        (f"{person.name} ({person.role.value})", k)
        for person in roster.actors.values()
        if person.role in ISSUERS
        for k in roster.key_history(person.name)
    ]


def trusted_key_problems(ledger: Ledger, trusted: Path) -> list[str]:
    """The roster's issuer keys against a pinned JWK Set: a key that differs, an issuer's key
    the set does not hold (someone enrolled or rotated since pinning: export and pin again),
    and a pinned key the roster lacks."""
    pinned = {k["kid"]: k for k in read_jwks(trusted)}
    problems, seen = [], set()
    for whose, k in issuer_keys(ledger):
        seen.add(k.key_id)
        mine = credential.public_jwk(k.public_key, k.key_id)
        theirs = pinned.get(k.key_id)
        if theirs is None:
            problems.append(f"key {k.key_id} of {whose} is not among the trusted keys")
        elif (theirs.get("kty"), theirs.get("crv"), theirs.get("x")) != (
            mine["kty"],
            mine["crv"],
            mine["x"],
        ):
            problems.append(f"key {k.key_id} of {whose} differs from the trusted one")
    problems += [
        f"trusted key {kid} is not in this ledger's roster" for kid in sorted(set(pinned) - seen)
    ]
    return problems


def read_jwks(path: Path) -> list[dict[str, Any]]:
    try:
        keys = json.loads(read_capped(path, "--trusted-keys").decode("utf-8"))["keys"]
        if not isinstance(keys, list) or not all(isinstance(k, dict) and "kid" in k for k in keys):
            raise ValueError("keys")
        return keys
    except FileNotFoundError:
        raise NotFound(said("no file {path}", path=path)) from None
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InvalidInput(
            said("{path} is not a JWK Set (`peksos keys export --jwks` writes one)", path=path),
            [{"field": "--trusted-keys", "message": "not a JSON object with a keys list"}],
        ) from None
