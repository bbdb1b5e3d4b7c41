"""Every credential of the ledger as a W3C Verifiable Credential 2.0 secured with JOSE
(VC-JOSE-COSE): the LSP's certificate, the Ministry's licence, IPSPI's STR and a regency's SIPPS.

A credential is a compact JWS with the header ``typ: vc+jwt``, ``cty: vc`` and ``kid``; its
payload is the VC document itself (no ``vc`` claim) with the JWT claims ``iss`` (the issuer's
id), ``iat`` and ``jti`` (the recorded issuance). Ids are HTTPS URLs under the deployment's
public base URL, so a verifier can resolve them; the keys are the JWK Set ``peksos keys export
--jwks`` writes. ``alg`` is ``Ed25519``, RFC 9864's fully specified name (``EdDSA`` is
deprecated; tokens exported with it still verify here): joserfc and jwcrypto verify it as it
is, PyJWT 2.x once ``Ed25519`` is registered as its OKP algorithm (docs/credentials.md measures
the three). Signing uses ``joserfc``; the tests verify with all three.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit
from uuid import UUID

from ledger.access import WIB
from ledger.errors import IntegrityFailure, InvalidInput, NotFound
from ledger.integrity import unb64url
from ledger.record import Certificate, Licence, MemberRecord, Sipps, Str
from ledger.vocabulary import Role
from ledger.wording import said

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

CONTEXT = "https://www.w3.org/ns/credentials/v2"
ALG = "Ed25519"
ACCEPTED = (ALG, "EdDSA")  # tokens exported before RFC 9864's name was adopted
# Until a deployment says where it is published (PEKSOS_PUBLIC_URL), its credentials name an
# address that resolves nowhere (RFC 6761), rather than one that might be someone else's.
UNPUBLISHED = "https://register.peksos.invalid"
TTL = timedelta(days=1)  # how long a status list is current: fetch a fresh one after that


@dataclass(frozen=True)
class Kind:
    """One kind of credential: who issues it, how a token names it, what is printed on it."""

    name: str  # the CLI's word and the URL segment
    label: str  # how its numbers are named in messages
    type: str  # its VC type
    issuer_role: Role
    suspendable: bool  # its issuer suspends and reinstates it: a suspension status entry too
    title_id: str
    title_en: str
    held_in: str  # the member record's table of them

    @property
    def action(self) -> str:
        """The permission to export (and print) it."""
        return f"{self.name}.export"

    @property
    def number_claim(self) -> str:
        return f"{self.name}Number"


CERTIFICATE = Kind(
    "certificate", "certificate", "SocialWorkCompetenceCertificate", Role.LSP, False,
    "Sertifikat Kompetensi Pekerja Sosial", "Social Work Competence Certificate", "certificates",
)  # fmt: skip
LICENCE = Kind(
    "licence", "licence", "SocialWorkLicence", Role.MINISTRY, True,
    "Lisensi Pekerja Sosial", "Social Work Licence", "licences",
)  # fmt: skip
STR = Kind(
    "str", "STR", "SocialWorkRegistrationCertificate", Role.ADMIN, False,
    "Surat Tanda Registrasi Pekerja Sosial (STR)", "Social Worker Registration Certificate",
    "strs",
)  # fmt: skip
SIPPS = Kind(
    "sipps", "SIPPS", "SocialWorkPracticePermit", Role.REGIONAL_GOVERNMENT, True,
    "Surat Izin Praktik Pekerja Sosial (SIPPS)", "Social Work Practice Permit", "sipps",
)  # fmt: skip
KINDS = {k.name: k for k in (CERTIFICATE, LICENCE, STR, SIPPS)}
PURPOSES = ("revocation", "suspension")

# The issuers under the base URL, and the register itself, which signs the status lists with
# the ledger's log key (the spec lets a list's issuer differ from the credentials').
ISSUERS = {
    "certificate": ("lsp", "LSP Pekerjaan Sosial"),
    "licence": ("kemensos", "Kementerian Sosial Republik Indonesia"),
    "str": ("ipspi", "Ikatan Pekerja Sosial Profesional Indonesia (IPSPI)"),
}
REGISTER = ("register", "Register Pekerja Sosial Profesional Indonesia")

Held = Certificate | Licence | Str | Sipps


def base_url(configured: str) -> str:
    """The deployment's public base URL (``PEKSOS_PUBLIC_URL``), checked: HTTPS, or HTTP on
    this machine only (a local ``peksos serve``)."""
    url = configured.strip().rstrip("/")
    parts = urlsplit(url)
    local = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if (
        not parts.hostname
        or parts.query
        or parts.fragment
        or not (parts.scheme == "https" or (parts.scheme == "http" and local))
    ):
        raise InvalidInput(
            said(
                "PEKSOS_PUBLIC_URL {configured} is no HTTPS base URL (like "
                "https://register.ipspi.or.id): credentials name their issuer under it",
                configured=repr(configured),
            ),
            [{"field": "PEKSOS_PUBLIC_URL", "message": "an https:// URL without query"}],
        )
    return url


def kind_of(document: dict[str, Any]) -> Kind | None:
    """The kind a VC document says it is, by its type."""
    types = document.get("type")
    return next((k for k in KINDS.values() if isinstance(types, list) and k.type in types), None)


def held(record: MemberRecord, kind: Kind, number: str) -> Held:
    """The member's credential ``number`` of ``kind``; NotFound if they hold none."""
    table: dict[str, Held] = getattr(record, kind.held_in)
    try:
        return table[number]
    except KeyError:
        raise NotFound(said("{kind} {number} not found", kind=kind.label, number=number)) from None


def issuer(base: str, kind: Kind, record: MemberRecord, number: str) -> dict[str, str]:
    """Who issues a credential: the LSP, the Ministry, IPSPI, or the government of the regency
    or city that granted a SIPPS."""
    if kind is SIPPS:
        from ledger.vocabulary import regency_entries

        code = cast(Sipps, held(record, kind, number)).regency
        name = next((r.name for r in regency_entries() if r.code == code), code)
        return {"id": f"{base}/issuers/regency/{code}", "name": f"Pemerintah {name}"}
    slug, name = ISSUERS[kind.name]
    return {"id": f"{base}/issuers/{slug}", "name": name}


def credential_url(base: str, kind: Kind, number: str) -> str:
    return f"{base}/credentials/{kind.name}/{number}"


def credential(record: MemberRecord, kind: Kind, number: str, base: str) -> dict[str, Any]:
    """What the ledger says of a credential, as a VC 2.0 document (before it is issued)."""
    item = held(record, kind, number)
    return {
        "@context": [CONTEXT],
        "id": credential_url(base, kind, number),
        "type": ["VerifiableCredential", kind.type],
        "issuer": issuer(base, kind, record, number),
        "validUntil": _moment(datetime.combine(item.valid_until, time.max) - WIB),
        "credentialSubject": {
            "id": f"{base}/members/{record.registration_no}",
            "name": record.name,
            "registrationNumber": record.registration_no,
            kind.number_claim: number,
            **_facts(record, item, base),
        },
    }


def _facts(record: MemberRecord, item: Held, base: str) -> dict[str, Any]:
    """The subject's claims of one credential, with the credential it rests on."""
    if isinstance(item, Certificate):
        exam = record.exam(item.exam_id)
        return {
            "fieldOfPractice": item.field.value,
            "level": item.level,
            "ruleSet": item.rule_set,
            "certifiedOn": str(item.certified_on),
            "examDate": str(exam.held_on) if exam else None,
            "certifiedBy": item.certified_by,
        }
    if isinstance(item, Sipps):
        rests_on = (STR, item.str_no)
        certificate = record.certificates[record.strs[item.str_no].certificate_no]
        own: dict[str, Any] = {
            "regency": item.regency,
            "placeOfPractice": item.place,
            "practice": [p.value for p in item.practice],
            "grantedOn": str(item.granted_on),
        }
    elif isinstance(item, Licence):
        rests_on = (CERTIFICATE, item.certificate_no)
        certificate = record.certificates[item.certificate_no]
        own = {"practice": [p.value for p in item.practice], "grantedOn": str(item.granted_on)}
    else:
        rests_on = (CERTIFICATE, item.certificate_no)
        certificate = record.certificates[item.certificate_no]
        own = {"issuedOn": str(item.issued_on)}
    kind, number = rests_on
    return {
        "fieldOfPractice": certificate.field.value,
        "level": certificate.level,
        "ruleSet": item.rule_set,
        **own,
        "restsOn": {
            "id": credential_url(base, kind, number),
            "type": kind.type,
            kind.number_claim: number,
        },
    }


def status_list_url(base: str, purpose: str) -> str:
    return f"{base}/status/{purpose}"


def as_issued(
    document: dict[str, Any], credential_id: UUID, at: datetime, entries: dict[str, int]
) -> dict[str, Any]:
    """The document as one issuance of it, at ``at``: its recorded id (``jti``), the moment
    (``iat``, a NumericDate, and ``validFrom``), the issuer (``iss``) and its entry in each
    status list (W3C Bitstring Status List v1.0), ``entries`` by purpose."""
    base = document["id"].split("/credentials/")[0]
    moment = at.replace(microsecond=0)
    return {
        **document,
        "validFrom": _moment(moment),
        "iss": document["issuer"]["id"],
        "jti": credential_id.urn,
        "iat": int(moment.timestamp()),
        "credentialStatus": [
            {
                "id": f"{status_list_url(base, purpose)}#{index}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": purpose,
                "statusListIndex": str(index),
                "statusListCredential": status_list_url(base, purpose),
            }
            for purpose, index in entries.items()
        ],
    }


def status_list_credential(base: str, purpose: str, encoded: str, at: datetime) -> dict[str, Any]:
    """A signed list's document: a BitstringStatusListCredential of ``purpose``, current for
    ``TTL`` (a verifier fetches a fresh one after that)."""
    list_id = status_list_url(base, purpose)
    slug, name = REGISTER
    moment = at.replace(microsecond=0)
    return {
        "@context": [CONTEXT],
        "id": list_id,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": f"{base}/issuers/{slug}", "name": name},
        "iss": f"{base}/issuers/{slug}",
        "iat": int(moment.timestamp()),
        "validFrom": _moment(moment),
        "validUntil": _moment(moment + TTL),
        "credentialSubject": {
            "id": f"{list_id}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded,
            "ttl": int(TTL.total_seconds() * 1000),
        },
    }


def issued_id(document: dict[str, Any]) -> UUID | None:
    """The recorded issuance a token claims to be (its ``jti``), None if it names none."""
    try:
        return UUID(str(document["jti"]))
    except (KeyError, ValueError):
        return None


def moment(text: Any) -> datetime | None:
    """A VC date-time (``validFrom``, ``validUntil``) as an aware UTC datetime."""
    try:
        parsed = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _moment(at: datetime) -> str:
    return at.replace(tzinfo=None, microsecond=0).isoformat() + "Z"


def sign(document: dict[str, Any], private_key: Ed25519PrivateKey, kid: str) -> str:
    import orjson
    from joserfc import jws
    from joserfc.jwk import OKPKey

    header = {"alg": ALG, "typ": "vc+jwt", "cty": "vc", "kid": kid}
    return jws.serialize_compact(
        header, orjson.dumps(document), OKPKey.import_key(private_key), algorithms=[ALG]
    )


def public_jwk(public_key: str, kid: str) -> dict[str, str]:
    """An Ed25519 public key (raw, base64url) as a JWK (RFC 8037). No ``alg``: it is optional,
    and PyJWT refuses a key set whose keys name ``Ed25519``, which it does not know yet."""
    assert len(unb64url(public_key)) == 32
    return {"kty": "OKP", "crv": "Ed25519", "x": public_key, "kid": kid, "use": "sig"}


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
        kid, alg = header["kid"], header["alg"]
    except (ValueError, KeyError, IndexError, TypeError, orjson.JSONDecodeError):
        raise IntegrityFailure(
            said("not a signed credential: the file is no compact JWS")
        ) from None
    if alg not in ACCEPTED or kid not in keys:
        raise IntegrityFailure(
            said(
                "signed with a key this ledger's issuers never held ({kid}): forged", kid=repr(kid)
            ),
            {"kid": kid},
        )
    try:
        with warnings.catch_warnings():  # joserfc warns that RFC 9864 deprecates "EdDSA"
            warnings.simplefilter("ignore")
            opened = jws.deserialize_compact(
                token.strip(), OKPKey.import_key(cast(Any, keys[kid])), algorithms=[alg]
            )
        return header, orjson.loads(opened.payload)
    except (JoseError, ValueError, orjson.JSONDecodeError):
        raise IntegrityFailure(
            said("the signature does not match the credential: altered or forged"),
            {"kid": kid},
        ) from None


def why(item: Held, status: str) -> str:
    """Why a credential is not active, in a few words."""
    if isinstance(item, Certificate | Str) and item.revoked_on is not None:
        return said("revoked on {day}: {reason}", day=item.revoked_on, reason=item.revoked_reason)
    changes = getattr(item, "changes", [])
    decided = [(day, reason) for day, moved, reason in changes if moved == status]
    if decided:
        day, reason = decided[-1]
        return said("{status} on {day}: {reason}", status=status, day=day, reason=reason)
    return said("valid until {day}", day=item.valid_until)
