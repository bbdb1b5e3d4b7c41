"""``peksos audit``, ``peksos keys`` and certificates as verifiable credentials."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import uuid4

from commands.queries import checked, reader
from commands.unit_of_work import Result, Tx, use_case
from commands.values import CommandModel, Text
from ledger import auditing as integrity
from ledger import credential, status_list
from ledger.application import Ledger
from ledger.errors import IntegrityFailure, InvalidInput, NoLongerValid, NotFound
from ledger.roster import PublicKey
from ledger.vocabulary import Role
from projections.read_model import open_read_model
from projections.view_check import view_problems


def audit_verify(
    ledger: Ledger, actor: str | None, against: Path | None, trusted: Path | None = None
) -> Result:
    """Every stream re-checked, and the views; with a digest, proof that the log only grew
    since; with pinned keys, that the roster's issuers hold the keys pinned."""
    reader(ledger, actor)
    keys = trusted_key_problems(ledger, trusted) if trusted is not None else []
    result = integrity.verify_ledger(ledger)
    compared, views = view_problems(ledger)
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
            f"integrity check FAILED: {len(lines)} problem(s) in "
            f"{result['streams_failing']} stream(s)",
            lines,
        )
    return result


def _read_digest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotFound(f"no digest file {path}") from None
    except OSError as error:
        raise InvalidInput(
            f"--against {path}: {error.strerror}",
            [{"field": "--against", "message": str(error.strerror)}],
        ) from None
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(
            f"{path} is not the JSON that `audit digest` prints",
            [{"field": "--against", "message": "not JSON"}],
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput(
            f"{path} is not a digest", [{"field": "--against", "message": "not a JSON object"}]
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
    keys = _issuer_keys(ledger)
    return {"keys": [credential.public_jwk(k.public_key, k.key_id) for _, k in keys]}


def _issuer_keys(ledger: Ledger) -> list[tuple[str, PublicKey]]:
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
    pinned = {k["kid"]: k for k in _read_jwks(trusted)}
    problems, seen = [], set()
    for whose, k in _issuer_keys(ledger):
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


def _read_jwks(path: Path) -> list[dict[str, Any]]:
    try:
        keys = json.loads(path.read_text(encoding="utf-8"))["keys"]
        if not isinstance(keys, list) or not all(isinstance(k, dict) and "kid" in k for k in keys):
            raise ValueError("keys")
        return keys
    except FileNotFoundError:
        raise NotFound(f"no file {path}") from None
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise InvalidInput(
            f"{path} is not a JWK Set (`peksos keys export --jwks` writes one)",
            [{"field": "--trusted-keys", "message": "not a JSON object with a keys list"}],
        ) from None


class ExportCertificate(CommandModel):
    certificate_no: Text


@use_case("certificate.export")
def export_certificate(tx: Tx, cmd: ExportCertificate) -> Result:
    """The certificate as a VC 2.0 compact JWS, signed with the exporting LSP officer's key;
    the issuance is recorded (its id is the token's ``jti``), so ``certificate verify`` knows
    the ledger issued it, and with which key."""
    member = tx.member_holding(cmd.certificate_no, "certificate")
    ledger_id, kid = tx.roster.ledger_id, tx.ctx.actor.key_id
    assert ledger_id is not None and kid is not None
    private = tx.ledger.keys.signing_key(ledger_id, kid, tx.ctx.actor.name)
    credential_id = uuid4()
    series = tx.ledger.series(tx.ctx, STATUS_SERIES)
    index = series.issue(tx.ctx) - 1  # entries count from 0, one after the other
    tx.touch(series)
    member.issue_credential(
        tx.ctx,
        certificate_no=cmd.certificate_no,
        credential_id=credential_id,
        key_id=kid,
        status_index=index,
    )
    document = credential.credential(member.record, cmd.certificate_no, ledger_id)
    issued = credential.as_issued(document, credential_id, tx.ctx.now, index)
    return {"token": credential.sign(issued, private, kid), "credential_id": str(credential_id)}


STATUS_SERIES = "status-list:revocation"  # the number series the list's entries are drawn from


def export_status_list(ledger: Ledger, actor: str | None) -> str:
    """The LSP's revocation status list, signed with the exporting officer's key: one bit per
    credential ever exported, set if its certificate is revoked (W3C Bitstring Status List)."""
    ctx = ledger.context(actor)
    ctx.actor.authorise("certificate.export")
    model = open_read_model(ledger)
    rows = model.rows(
        "SELECT c.status_index, r.revoked_on FROM view_credentials c "
        "JOIN view_certificates r ON r.certificate_no = c.certificate_no"
    )
    revoked = [row["status_index"] for row in rows if row["revoked_on"] is not None]
    size = max([status_list.MINIMUM, *((row["status_index"] // 8 + 1) * 8 for row in rows)])
    roster = ledger.roster()
    assert roster.ledger_id is not None and ctx.actor.key_id is not None
    private = ledger.keys.signing_key(roster.ledger_id, ctx.actor.key_id, ctx.actor.name)
    issuer = credential.issuer(roster.ledger_id)
    document = credential.status_list_credential(issuer, status_list.encode(revoked, size), ctx.now)
    return credential.sign(document, private, ctx.actor.key_id)


def _status_in(listed: str, lsp_keys: dict[str, dict[str, str]], entry: Any) -> bool:
    """Is the credential's bit set in the signed status list ``listed`` (a token that
    ``status-list export`` wrote)? A list not signed by this ledger's LSP, another list than
    the credential names, or no list at all is exit 6."""
    _, document = credential.open_token(listed, lsp_keys)
    try:
        subject = document["credentialSubject"]
        if document["id"] != entry["statusListCredential"]:
            raise IntegrityFailure(
                f"the status list is {document['id']}, not the one the credential names "
                f"({entry['statusListCredential']})"
            )
        bits = status_list.decode(subject["encodedList"])
        return status_list.is_set(bits, int(entry["statusListIndex"]))
    except (KeyError, TypeError, ValueError) as error:
        raise IntegrityFailure(f"not a status list of this ledger's LSP: {error}") from None


def verify_certificate(
    ledger: Ledger,
    actor: str | None,
    token: str,
    trusted: Path | None = None,
    listed: str | None = None,
) -> Result:
    """Check a token's signature against the LSP keys this ledger recorded (with ``trusted``:
    only once the roster's issuer keys match the pinned ones), then the certificate's status
    today, and, with ``listed`` (a status list ``status-list export`` wrote), its bit there.
    Forged or altered: exit 6; revoked or expired: exit 3."""
    ctx = reader(ledger, actor)
    if trusted is not None and (problems := trusted_key_problems(ledger, trusted)):
        raise IntegrityFailure(
            "this ledger's issuer keys are not the pinned ones: its signatures prove nothing",
            problems,
        )
    roster = ledger.roster()
    lsp_keys = {
        k.key_id: credential.public_jwk(k.public_key, k.key_id)
        for a in roster.actors.values()
        if a.role is Role.LSP
        for k in roster.key_history(a.name)
    }
    header, document = credential.open_token(token, lsp_keys)
    try:
        subject = document["credentialSubject"]
        number = subject["certificateNumber"]
    except (KeyError, TypeError):
        raise IntegrityFailure("a signed document, but not a certificate of this ledger") from None
    member = ledger.member_holding(number, "certificate")
    checked(ledger, member.id, number)  # its history, the issuance's seal included, verifies
    record = member.record
    issuance = record.credentials.get(credential.issued_id(document))  # type: ignore[arg-type]
    if issuance is None or (issuance.certificate_no, issuance.key_id) != (number, header["kid"]):
        raise IntegrityFailure(
            f"this ledger never issued this token for {number} with key {header['kid']}: "
            "forged with an LSP key, or exported before issuances were recorded (export it "
            "again)",
            {"kid": header["kid"], "jti": document.get("jti")},
        )
    assert roster.ledger_id is not None
    expected = credential.credential(record, number, roster.ledger_id)
    changed = [
        key
        for key in ("registrationNumber", "fieldOfPractice", "level", "ruleSet", "examDate")
        if expected["credentialSubject"][key] != subject.get(key)
    ] + [k for k in ("validFrom", "validUntil", "id") if expected[k] != document.get(k)]
    if subject.get("name") not in record.names:  # a token names the holder as they were then
        changed.append("name")
    if changed:
        raise IntegrityFailure(
            f"the signed certificate disagrees with the ledger on {', '.join(changed)}",
            {"fields": changed},
        )
    status = credential.status_of(record, number, ctx.today)
    in_list = False
    if listed is not None:
        in_list = _status_in(listed, lsp_keys, document.get("credentialStatus") or {})
        if in_list and status == "active":  # the issuer's own list says so: it stands
            raise NoLongerValid(
                f"certificate {number} is revoked in the LSP's status list",
                ["status list: revoked"],
            )
    result = {
        "certificate_no": number,
        "holder": subject.get("name"),
        "registration_no": subject["registrationNumber"],
        "field": subject["fieldOfPractice"],
        "signature": "valid",
        "signed_with": header["kid"],
        "status": status,
        "valid_until": expected["validUntil"][:10],
        **({"status_list": "revoked" if in_list else "not revoked"} if listed else {}),
    }
    if status != "active":
        certificate = record.certificates[number]
        why = (
            f"revoked on {certificate.revoked_on}: {certificate.revoked_reason}"
            if (status == "revoked")
            else f"valid until {certificate.valid_until}"
        )
        raise NoLongerValid(
            f"certificate {number} is genuine but {status} ({why})", [f"status: {status}"]
        )
    return result
