"""Certificates as W3C Verifiable Credentials 2.0, secured as a compact JWS (VC-JOSE).

``alg`` is EdDSA over Ed25519, as VC-JOSE-COSE and the LSP's keys use it (RFC 9864 has since
registered "Ed25519" as the fully specified name; verifiers of today still expect EdDSA).
Signing uses ``joserfc``; the tests verify tokens with ``jwcrypto``, a separate implementation.
"""

from __future__ import annotations

import warnings
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from ledger.access import WIB
from ledger.errors import IntegrityFailure
from ledger.integrity import unb64url
from ledger.record import MemberRecord

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

CONTEXT = "https://www.w3.org/ns/credentials/v2"
TYPE = "SocialWorkCompetenceCertificate"
ALG = "EdDSA"


def credential(record: MemberRecord, certificate_no: str, ledger_id: UUID) -> dict[str, Any]:
    """The certificate as a VC 2.0 document."""
    c = record.certificates[certificate_no]
    exam = record.exam(c.exam_id)
    return {
        "@context": [CONTEXT],
        "id": f"urn:peksos:{ledger_id}:certificate:{certificate_no}",
        "type": ["VerifiableCredential", TYPE],
        "issuer": issuer(ledger_id),
        "validFrom": issued_at(c.certified_on, c.recorded_at),
        "validUntil": _moment(datetime.combine(c.valid_until, time.max) - WIB),
        "credentialSubject": {
            "id": f"urn:peksos:{ledger_id}:member:{record.registration_no}",
            "name": record.name,
            "registrationNumber": record.registration_no,
            "certificateNumber": certificate_no,
            "fieldOfPractice": c.field.value,
            "level": c.level,
            "ruleSet": c.rule_set,
            "examDate": str(exam.held_on) if exam else None,
            "certifiedBy": c.certified_by,
        },
    }


def issuer(ledger_id: UUID) -> dict[str, str]:
    """Who issues the ledger's certificates: its LSP."""
    return {"id": f"urn:peksos:{ledger_id}:lsp", "name": "LSP Pekerjaan Sosial"}


def as_issued(
    document: dict[str, Any], credential_id: UUID, at: datetime, status_index: int
) -> dict[str, Any]:
    """The document as one issuance of it: its recorded id (``jti``), the moment (``iat``,
    RFC 7519 NumericDate), the issuer (``iss``) and its entry in the issuer's revocation
    status list (W3C Bitstring Status List v1.0)."""
    status_list = status_list_id(document["issuer"]["id"])
    return {
        **document,
        "iss": document["issuer"]["id"],
        "jti": credential_id.urn,
        "iat": int(at.timestamp()),
        "credentialStatus": {
            "id": f"{status_list}#{status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(status_index),
            "statusListCredential": status_list,
        },
    }


def status_list_id(issuer: str) -> str:
    """The id of an issuer's revocation status list credential."""
    return f"{issuer}:status-list:revocation"


def status_list_credential(issuer: dict[str, str], encoded: str, at: datetime) -> dict[str, Any]:
    """The signed list's document: a BitstringStatusListCredential of the revocation purpose,
    valid a day (``ttl``: a verifier fetches a fresh one after that)."""
    list_id = status_list_id(issuer["id"])
    return {
        "@context": [CONTEXT],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "iss": issuer["id"],
        "iat": int(at.timestamp()),
        "validFrom": _moment(at),
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encoded,
            "ttl": 86_400_000,
        },
    }


def issued_id(document: dict[str, Any]) -> UUID | None:
    """The recorded issuance a token claims to be (its ``jti``), None if it names none."""
    try:
        return UUID(str(document["jti"]))
    except (KeyError, ValueError):
        return None


def issued_at(certified_on: date, recorded_at: datetime) -> str:
    """The moment a credential was issued: when it was recorded, if that was on its effective
    day in Indonesia (WIB); for paper history entered later, the start of that day."""
    if (recorded_at + WIB).date() == certified_on:
        return _moment(recorded_at)
    return _moment(datetime.combine(certified_on, time.min) - WIB)


def _moment(moment: datetime) -> str:
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def sign(document: dict[str, Any], private_key: Ed25519PrivateKey, kid: str) -> str:
    import orjson
    from joserfc import jws
    from joserfc.jwk import OKPKey

    header = {"alg": ALG, "typ": "vc+jwt", "cty": "vc", "kid": kid}
    with warnings.catch_warnings():  # joserfc warns that RFC 9864 deprecates "EdDSA"
        warnings.simplefilter("ignore")
        return jws.serialize_compact(
            header, orjson.dumps(document), OKPKey.import_key(private_key), algorithms=[ALG]
        )


def public_jwk(public_key: str, kid: str) -> dict[str, str]:
    """An Ed25519 public key (raw, base64url) as a JWK (RFC 8037)."""
    assert len(unb64url(public_key)) == 32
    return {"kty": "OKP", "crv": "Ed25519", "x": public_key, "kid": kid, "alg": ALG, "use": "sig"}


def open_token(token: str, keys: dict[str, dict[str, str]]) -> tuple[dict[str, Any], Any]:
    """Verify a compact JWS against the known public JWKs by kid; its header and payload.

    A token that is not a JWS, names an unknown key, or whose signature fails is forged or
    altered: IntegrityFailure.
    """
    import orjson
    from joserfc import jws
    from joserfc.errors import JoseError
    from joserfc.jwk import OKPKey

    try:
        header = orjson.loads(unb64url(token.strip().split(".")[0]))
        kid = header["kid"]
    except (ValueError, KeyError, IndexError, TypeError, orjson.JSONDecodeError):
        raise IntegrityFailure("not a signed certificate: the file is no compact JWS") from None
    if header.get("alg") != ALG or kid not in keys:
        raise IntegrityFailure(
            f"signed with a key this ledger's LSP never held ({kid!r}): forged",
            {"kid": kid},
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            opened = jws.deserialize_compact(
                token.strip(), OKPKey.import_key(cast(Any, keys[kid])), algorithms=[ALG]
            )
        return header, orjson.loads(opened.payload)
    except (JoseError, ValueError, orjson.JSONDecodeError):
        raise IntegrityFailure(
            "the signature does not match the certificate: altered or forged", {"kid": kid}
        ) from None


def status_of(record: MemberRecord, certificate_no: str, today: date) -> str:
    return record.certificates[certificate_no].status(today)
