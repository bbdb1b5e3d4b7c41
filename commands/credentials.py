"""Credentials a third party relies on: ``peksos certificate|licence|str|sipps export``,
``... verify`` and ``... print``, and ``peksos status-list export``.

An export is an issuance: it is recorded (the token's ``jti``), with the key that signed it and
its entries in the status lists, so that ``verify`` knows the ledger issued it. ``verify``
compares a token with the ledger where it has one; a third party without the ledger verifies
``--offline`` with the published JWK Set and the status lists alone.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Literal
from uuid import uuid4

from commands.audit import ISSUERS, issuer_keys, read_jwks, trusted_key_problems
from commands.files import output_file
from commands.practice import of_regency
from commands.queries import checked, indonesian_day, reader
from commands.unit_of_work import Result, Tx, use_case
from commands.values import CommandModel, Text
from ledger import credential, status_list
from ledger.application import Ledger
from ledger.credential import KINDS, PURPOSES, Kind
from ledger.errors import IntegrityFailure, InvalidInput, NoLongerValid, NotFound
from ledger.wording import Joined, said
from projections.credentials import status_bits
from projections.read_model import open_read_model


class ExportCredential(CommandModel):
    kind: Literal["certificate", "licence", "str", "sipps"]
    number: Text


def issue(tx: Tx, cmd: ExportCredential) -> Result:
    """The credential as a VC 2.0 compact JWS, signed with the exporting officer's key (the
    issuer's: the LSP, the Ministry, IPSPI's admin, that regency's government); the issuance
    is recorded with its entry in each status list, drawn without gaps."""
    kind = KINDS[cmd.kind]
    tx.authorise(kind.action)
    member = tx.member_holding(cmd.number, kind.label)
    record = member.record
    if kind is credential.SIPPS:
        of_regency(tx, record.sipps[cmd.number].regency)
    item = credential.held(record, kind, cmd.number)
    if (status := item.status(tx.ctx.today)) != "active":  # nothing to vouch for today
        raise NoLongerValid(
            said(
                "{kind} {number} is {status} ({why}): it is not issued as a credential",
                kind=kind.label,
                number=cmd.number,
                status=status,
                why=credential.why(item, status),
            ),
            [said("status: {status}", code="status", status=status)],
        )
    base = credential.base_url(tx.ledger.public_url)
    document = credential.credential(record, kind, cmd.number, base)
    entries = {p: _next_entry(tx, p) for p in PURPOSES if p == "revocation" or kind.suspendable}
    ledger_id, kid = tx.roster.ledger_id, tx.ctx.actor.key_id
    assert ledger_id is not None and kid is not None
    private = tx.ledger.keys.signing_key(ledger_id, kid, tx.ctx.actor.name)
    credential_id = uuid4()
    member.issue_credential(
        tx.ctx,
        kind=kind.name,
        number=cmd.number,
        credential_id=credential_id,
        key_id=kid,
        issuer=document["issuer"]["id"],
        entries=entries,
    )
    issued = credential.as_issued(document, credential_id, tx.ctx.now, entries)
    return {
        "token": credential.sign(issued, private, kid),
        "credential_id": str(credential_id),
        "document": issued,
    }


export_credential = use_case(None)(issue)


def _next_entry(tx: Tx, purpose: str) -> int:
    """The next entry of the ``purpose`` status list (they count from 0, one after another)."""
    series = tx.ledger.series(tx.ctx, f"status-list:{purpose}")
    index = series.issue(tx.ctx) - 1
    tx.touch(series)
    return index


def export_status_list(ledger: Ledger, actor: str | None, purpose: str) -> str:
    """The ``purpose`` status list as it stands, signed with the ledger's log key (the
    register, not an officer, keeps the lists, so anyone may export a fresh one): one bit per
    credential ever exported, set if it is revoked (or suspended)."""
    return status_list_token(ledger, reader(ledger, actor).now, purpose)


def status_list_token(ledger: Ledger, now: datetime, purpose: str) -> str:
    """The ``purpose`` status list at ``now``: what anyone may fetch (the web serves it)."""
    bits, entries = status_bits(open_read_model(ledger), purpose, indonesian_day(now))
    size = max(status_list.MINIMUM, -(-entries // 8) * 8)
    roster = ledger.roster()
    if roster.ledger_id is None or roster.log_key is None:
        raise NotFound(
            said("this ledger has no log key: an admin records one (`peksos keys log-key`)")
        )
    kid = roster.log_key.key_id
    private = ledger.keys.signing_key(roster.ledger_id, kid, "the ledger")
    base = credential.base_url(ledger.public_url)
    document = credential.status_list_credential(base, purpose, status_list.encode(bits, size), now)
    return credential.sign(document, private, kid)


# --- verification -----------------------------------------------------------------------------


def verify_credential(
    ledger: Ledger,
    actor: str | None,
    kind: Kind,
    token: str,
    trusted: Path | None = None,
    lists: tuple[str, ...] = (),
) -> Result:
    """Check a token against this ledger: the signature with the issuer's key it was issued
    with (with ``trusted``: only once the roster's issuer keys match the pinned ones), that the
    ledger recorded this issuance, every claim against the ledger, then its status today (and
    in the status lists given). Forged or altered: exit 6; revoked, suspended or expired: 3."""
    return checked_token(ledger, reader(ledger, actor).now, kind, token, trusted, lists)


def checked_token(
    ledger: Ledger,
    now: datetime,
    kind: Kind,
    token: str,
    trusted: Path | None = None,
    lists: tuple[str, ...] = (),
) -> Result:
    """``verify_credential`` at ``now``, for anyone (the web's verify page)."""
    if trusted is not None and (problems := trusted_key_problems(ledger, trusted)):
        raise IntegrityFailure(
            said("this ledger's issuer keys are not the pinned ones: its signatures prove nothing"),
            problems,
        )
    roster = ledger.roster()
    keys = {
        k.key_id: (a.role, credential.public_jwk(k.public_key, k.key_id))
        for a in roster.actors.values()
        if a.role in ISSUERS
        for k in roster.key_history(a.name)
    }
    header, document = credential.open_token(token, {kid: jwk for kid, (_, jwk) in keys.items()})
    number, subject = _claimed(document, kind)
    if keys[header["kid"]][0] is not kind.issuer_role:
        raise IntegrityFailure(
            said(
                "a {kind} signed by a {role} key: forged",
                kind=kind.label,
                role=keys[header["kid"]][0].value,
            ),
            {"kid": header["kid"]},
        )
    member = ledger.member_holding(number, kind.label)
    checked(ledger, member.id, number)  # its history, the issuance's seal included, verifies
    record = member.record
    issuance = record.credentials.get(credential.issued_id(document))  # type: ignore[arg-type]
    if (
        issuance is None
        or (issuance.kind, issuance.number, issuance.key_id) != (kind.name, number, header["kid"])
        or issuance.issuer is None
    ):
        raise IntegrityFailure(
            said(
                "this ledger never issued this token for {number} with key {kid}: forged with "
                "an issuer's key, or exported before issuances were recorded as they are now "
                "(export it again)",
                number=number,
                kid=header["kid"],
            ),
            {"kid": header["kid"], "jti": document.get("jti")},
        )
    base = issuance.issuer.split("/issuers/")[0]
    entries = {"revocation": issuance.status_index}
    if issuance.suspension_index is not None:
        entries["suspension"] = issuance.suspension_index
    expected = credential.as_issued(
        credential.credential(record, kind, number, base),
        issuance.credential_id,
        issuance.timestamp,
        entries,
    )
    changed = [key for key, value in expected["credentialSubject"].items() if key != "name"]
    changed = [key for key in changed if subject.get(key) != expected["credentialSubject"][key]]
    changed += [k for k in expected if k != "credentialSubject" and document.get(k) != expected[k]]
    changed += [k for k in document if k not in expected]
    if subject.get("name") not in record.names:  # a token names the holder as they were then
        changed.append("name")
    if changed:
        raise IntegrityFailure(
            said(
                "the signed {kind} disagrees with the ledger on {fields}",
                kind=kind.label,
                fields=", ".join(changed),
            ),
            {"fields": changed},
        )
    item = credential.held(record, kind, number)
    status = item.status(indonesian_day(now))
    issuers = issuer_keys(ledger)  # the status lists are signed with the ledger's log key
    list_keys = {k.key_id: credential.public_jwk(k.public_key, k.key_id) for _, k in issuers}
    listed = _listed(lists, list_keys, document, now)
    result = _verified(kind, number, header, document) | {
        "status": status,
        **({"status_lists": listed} if lists else {}),
    }
    if status != "active":
        raise NoLongerValid(
            said(
                "{kind} {number} is genuine but {status} ({why})",
                kind=kind.label,
                number=number,
                status=status,
                why=credential.why(item, status),
            ),
            [said("status: {status}", code="status", status=status)],
        )
    _refuse_listed(kind, number, listed)
    return result


def verify_offline(
    kind: Kind, token: str, jwks: Path, lists: tuple[str, ...], now: datetime
) -> Result:
    """Check a token as a third party does, without the ledger: the signature with a key of
    the published JWK Set, the claims' form, its validity now, and its bits in the status
    lists given (each signed with a key of the same set)."""
    keys = {k["kid"]: k for k in read_jwks(jwks)}
    header, document = credential.open_token(token, keys)
    number, _ = _claimed(document, kind)
    problems = []
    if header.get("typ") != "vc+jwt":
        problems.append(f"typ is {header.get('typ')!r}, not vc+jwt")
    issuer = document.get("issuer")
    if not isinstance(issuer, dict) or document.get("iss") != issuer.get("id"):
        problems.append("iss is not the issuer's id")
    start, end = (
        credential.moment(document.get("validFrom")),
        credential.moment(document.get("validUntil")),
    )
    if start is None or end is None:
        problems.append("validFrom and validUntil must be UTC date-times")
    if problems:
        raise IntegrityFailure(
            said("not a well-formed credential: {problems}", problems=tuple(problems)), problems
        )
    assert start is not None and end is not None
    listed = _listed(lists, keys, document, now)
    result = _verified(kind, number, header, document) | {
        "checked": "offline: signature, validity and status lists; not compared with a ledger",
        **({"status_lists": listed} if lists else {}),
    }
    if now < start:
        raise NoLongerValid(
            said(
                "{kind} {number} is not valid before {start}",
                kind=kind.label,
                number=number,
                start=str(start),
            ),
            [said("not yet", code="valid_from")],
        )
    if now > end:
        raise NoLongerValid(
            said(
                "{kind} {number} is genuine but expired (valid until {end})",
                kind=kind.label,
                number=number,
                end=str(end),
            ),
            [said("status: {status}", code="status", status="expired")],
        )
    _refuse_listed(kind, number, listed)
    return result


def _claimed(document: Any, kind: Kind) -> tuple[str, dict[str, Any]]:
    """The number a credential token names, once it is one of ``kind``."""
    found = credential.kind_of(document) if isinstance(document, dict) else None
    if found is None:
        raise IntegrityFailure(said("a signed document, but not a credential of this ledger"))
    if found is not kind:
        command = f"`peksos {found.name} verify`"
        raise InvalidInput(
            said(
                "this is a {found}, not a {kind}: use {command}",
                found=found.label,
                kind=kind.label,
                command=command,
            ),
            [{"field": "FILE", "message": f"a {found.label}"}],
        )
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict) or not isinstance(subject.get(kind.number_claim), str):
        raise IntegrityFailure(
            said("a {kind} that names no {claim}", kind=kind.label, claim=kind.number_claim)
        )
    return subject[kind.number_claim], subject


def _verified(kind: Kind, number: str, header: dict[str, Any], document: Any) -> Result:
    subject = document["credentialSubject"]
    return {
        f"{kind.name}_no": number,
        "holder": subject.get("name"),
        "registration_no": subject.get("registrationNumber"),
        "issuer": document["issuer"].get("name"),
        "signature": "valid",
        "signed_with": header["kid"],
        "valid_until": str(document.get("validUntil", ""))[:10],
    }


STATUS_OF = {"revocation": "revoked", "suspension": "suspended"}  # a set bit, by purpose


def _listed(
    lists: tuple[str, ...], keys: dict[str, dict[str, str]], document: Any, now: datetime
) -> dict[str, str]:
    """The credential's bit in each signed status list given ("revoked" or "not revoked", and
    so on), by purpose.
    A list not signed with the issuers' keys, not the one the credential names, or out of
    date is refused (exit 6 if it is no list of these keys; exit 2 if it is the wrong one)."""
    entries = document.get("credentialStatus") or []
    entries = entries if isinstance(entries, list) else [entries]
    by_list = {e.get("statusListCredential"): e for e in entries if isinstance(e, dict)}
    found: dict[str, str] = {}
    for listed in lists:
        _, status = credential.open_token(listed, keys)
        try:
            subject, list_id = status["credentialSubject"], status["id"]
            entry = by_list.get(list_id)
            if entry is None:  # a genuine list, but another's: the wrong file was given
                names = ", ".join(sorted(map(str, by_list)))
                why = f"the list {list_id} is not one the credential names ({names})"
                raise InvalidInput(
                    said(
                        "--status-list: the list {list_id} is not one the credential names "
                        "({names})",
                        list_id=list_id,
                        names=names,
                    ),
                    [{"field": "--status-list", "message": why}],
                )
            until = credential.moment(status.get("validUntil"))
            if until is not None and now > until:
                raise InvalidInput(
                    said(
                        "the status list {list_id} was current until {until}: export or fetch "
                        "a fresh one",
                        list_id=list_id,
                        until=str(until),
                    ),
                    [{"field": "--status-list", "message": "out of date"}],
                )
            bits = status_list.decode(subject["encodedList"])
            is_set = status_list.is_set(bits, int(entry["statusListIndex"]))
        except (KeyError, TypeError, ValueError) as error:
            raise IntegrityFailure(
                said("not a status list of this ledger: {error}", error=str(error))
            ) from None
        purpose = str(entry.get("statusPurpose"))
        word = STATUS_OF.get(purpose, purpose)
        found[purpose] = word if is_set else f"not {word}"
    return found


def _refuse_listed(kind: Kind, number: str, listed: dict[str, str]) -> None:
    marked = [word for word in listed.values() if not word.startswith("not ")]
    if marked:
        raise NoLongerValid(
            said(
                "{kind} {number} is {marked} in the status list",
                kind=kind.label,
                number=number,
                marked=Joined(" and ", tuple(marked)),
            ),
            [said("status list: {status}", code="status_list", status=word) for word in marked],
        )


# --- the printed copy ---------------------------------------------------------------------------

# The claims a printed copy shows, in order: (claim, Indonesian label, English label).
PRINTED = (
    ("name", "Nama pemegang", "Holder"),
    ("registrationNumber", "Nomor anggota", "Registration number"),
    ("fieldOfPractice", "Bidang praktik", "Field of practice"),
    ("level", "Jenjang", "Level"),
    ("ruleSet", "Dasar aturan", "Rule set"),
    ("practice", "Jenis praktik", "Kinds of practice"),
    ("placeOfPractice", "Tempat praktik", "Place of practice"),
    ("examDate", "Tanggal uji kompetensi", "Competency exam"),
    ("certifiedOn", "Tanggal sertifikasi", "Certified on"),
    ("issuedOn", "Tanggal terbit", "Issued on"),
    ("grantedOn", "Tanggal terbit", "Granted on"),
    ("restsOn", "Berdasarkan", "Rests on"),
    ("validUntil", "Berlaku sampai", "Valid until"),
)
LONGEST_QR = 2300  # characters of a token still printed in the QR (version 40-M at most)


def print_credential(
    ledger: Ledger, actor: str | None, cmd: ExportCredential, out: Path, force: bool = False
) -> Result:
    """Issue the credential (as ``export`` does) and write its printed copy to ``out``
    (commands/output.py: nothing is recorded if ``out`` cannot be written)."""
    with output_file(out, ledger, option="--out", force=force) as file:
        result = _printed(ledger, actor, cmd)
        file.write(result.pop("pdf"))
    return {**result, "out": str(out)}


@use_case(None)
def _printed(tx: Tx, cmd: ExportCredential) -> Result:
    """The issuance and its printed copy: the claims of the signed document, and a QR code
    carrying the token itself, or, if it is too long to scan reliably, the address where
    the credential is verified."""
    from commands.printed import Line, Printable, render
    from ledger.vocabulary import field_entries

    issued = issue(tx, cmd)
    document, token, kind = issued["document"], issued["token"], KINDS[cmd.kind]
    subject = {**document["credentialSubject"], "validUntil": document["validUntil"][:10]}
    fields = {f.code: f"{f.name} ({f.name_en})" for f in field_entries()}
    rests = subject.get("restsOn") or {}
    shown = {
        "fieldOfPractice": fields.get(subject.get("fieldOfPractice", ""), ""),
        "practice": ", ".join(subject.get("practice", [])),
        "restsOn": " ".join(str(v) for k, v in rests.items() if k.endswith("Number")),
    }
    lines = tuple(
        Line(label_id, label_en, str(shown.get(claim) or subject[claim]))
        for claim, label_id, label_en in PRINTED
        if subject.get(claim)
    )
    qr = token if len(token) <= LONGEST_QR else document["id"]
    printable = Printable(
        title_id=kind.title_id,
        title_en=kind.title_en,
        number=cmd.number,
        issuer=document["issuer"]["name"],
        lines=lines,
        qr=qr,
        verify_hint_id=f"Pindai kode QR, atau periksa berkas token dengan `peksos {kind.name} "
        "verify`, dengan kunci publik penerbit (JWKS) dan daftar status.",
        verify_hint_en="Scan the QR code, or check the token file with "
        f"`peksos {kind.name} verify`, with the issuers' public keys (JWKS) and status lists.",
    )
    return {
        f"{kind.name}_no": cmd.number,
        "qr": "the signed credential" if qr == token else f"its address {qr}",
        "credential_id": issued["credential_id"],
        "pdf": render(printable),
    }
