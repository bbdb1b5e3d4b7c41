"""Every kind of credential as W3C VC 2.0 secured with JOSE (VC-JOSE-COSE), as a third party
checks it: with joserfc, jwcrypto and PyJWT, using nothing but the JWK Set the ledger publishes;
each claim against the rules of VC-JOSE-COSE and VCDM 2.0; the status lists flipping when an
issuer revokes or suspends; and verification offline, without the ledger.

The ledger is driven through its use cases (the CLI's tests do the rest): the certificate, STR
and SIPPS of 2026, and a licence in 2011, when the Ministry still granted them.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joserfc import jws as joserfc_jws
from joserfc.jwk import KeySet
from jwcrypto import jwk as jwcrypto_jwk
from jwcrypto import jws as jwcrypto_jws
from jwt.algorithms import OKPAlgorithm

from commands.audit import export_jwks
from commands.credentials import (
    ExportCredential,
    export_credential,
    export_status_list,
    print_credential,
    verify_credential,
    verify_offline,
)
from commands.licences import ReinstateLicence, SuspendLicence, decide_on_licence
from commands.practice import ReinstateSipps, RevokeSipps, SuspendSipps, decide_on_sipps
from ledger import status_list
from ledger.application import Ledger
from ledger.credential import KINDS
from ledger.errors import IntegrityFailure, InvalidInput, NoLongerValid, Refused
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from tests.builders import (
    ADMIN,
    AUDITOR,
    BANDUNG,
    IN_2011,
    LSP,
    MINISTRY,
    Clock,
    certified_member,
    enrol_regency_officer,
    enrol_standard_actors,
    licensed_in_2011,
    register,
    str_and_sipps,
)
from tests.paper import require_tools, run_tool, scan_qr

VCDM = "https://www.w3.org/ns/credentials/v2"
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")  # XML Schema dateTime, in UTC
ISSUER_OF = {"certificate": LSP, "licence": MINISTRY, "str": ADMIN, "sipps": BANDUNG}


@pytest.fixture
def store_location(tmp_path: Path) -> str:
    """A credential is made and checked the same on either store: SQLite only, to keep CI short
    (the access matrix exports and verifies every kind on PostgreSQL too)."""
    return str(tmp_path / "ledger.sqlite")


@dataclass
class Issued:
    ledger: Ledger  # the ledger that issued it
    kind: str
    number: str
    token: str
    credential_id: str
    at: datetime  # the clock when it was exported


@pytest.fixture
def chain(ledger: Ledger, clock: Clock) -> dict[str, str]:
    """Numbers of a certificate, STR and SIPPS held today (2026-06-15)."""
    enrol_regency_officer(ledger)
    reg, cert = certified_member(ledger)
    registration, permit = str_and_sipps(ledger, reg, cert)
    return {"certificate": cert, "str": registration, "sipps": permit}


@dataclass
class Licensed:
    ledger: Ledger
    clock: Clock
    number: str


@pytest.fixture
def licence(tmp_path: Path) -> Iterator[Licensed]:
    """A ledger of 2011, opened on 2011-06-15, and a licence held on its today, 2011-08-01
    (granted 2011-07-01, valid five years): the Ministry granted licences until 2020."""
    clock = Clock(IN_2011)
    store = open_store(str(tmp_path / "ledger-2011.sqlite"))
    with Ledger(store, keys=KeyStore(tmp_path / "keys-2011"), clock=clock) as ledger:
        ledger.open_ledger(ADMIN)
        enrol_standard_actors(ledger)
        clock.now = datetime(2011, 8, 1, 3, 0, tzinfo=UTC)
        _, number = licensed_in_2011(ledger, register(ledger))
        yield Licensed(ledger, clock, number)


def issue(ledger: Ledger, kind: str, number: str) -> Issued:
    cmd = ExportCredential(kind=kind, number=number)  # type: ignore[arg-type]
    issued = export_credential(ledger, ISSUER_OF[kind], cmd)
    return Issued(ledger, kind, number, issued["token"], issued["credential_id"], ledger.clock())


@pytest.fixture(params=["certificate", "licence", "str", "sipps"])
def each_kind(request: pytest.FixtureRequest, ledger: Ledger) -> Issued:
    """One exported credential of each kind."""
    kind = request.param
    if kind == "licence":
        licensed = request.getfixturevalue("licence")
        return issue(licensed.ledger, kind, licensed.number)
    return issue(ledger, kind, request.getfixturevalue("chain")[kind])


def jwks_of(ledger: Ledger) -> dict[str, Any]:
    """The JWK Set as a third party has it: the JSON `peksos keys export --jwks` writes."""
    return json.loads(json.dumps(export_jwks(ledger, AUDITOR)))


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header, payload, _ = token.split(".")
    return json.loads(_unb64(header)), json.loads(_unb64(payload))


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- three independent verifiers, each given only the JWK Set ---------------------------------


def with_joserfc(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Ed25519 verifies without joserfc's EdDSA warning
        opened = joserfc_jws.deserialize_compact(
            token, KeySet.import_key_set(jwks), algorithms=["Ed25519"]
        )
    return dict(json.loads(opened.payload))


def with_jwcrypto(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    keys = jwcrypto_jwk.JWKSet.from_json(json.dumps(jwks))
    signed = jwcrypto_jws.JWS()
    signed.deserialize(token)
    signed.verify(keys.get_key(parts(token)[0]["kid"]), alg="Ed25519")
    return dict(json.loads(signed.payload))


def with_pyjwt(token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """PyJWT 2.x does not know RFC 9864's "Ed25519" yet: the documented fallback registers it
    as PyJWT's own OKP (EdDSA) algorithm, which is the same Ed25519 signature."""
    keys = jwt.PyJWKSet.from_dict(jwks)
    verifier = jwt.PyJWS()
    verifier.register_algorithm("Ed25519", OKPAlgorithm())
    key = keys[parts(token)[0]["kid"]].key
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return dict(json.loads(verifier.decode(token, key=key, algorithms=["Ed25519"])))


VERIFIERS: list[Callable[[str, dict[str, Any]], dict[str, Any]]] = [
    with_joserfc,
    with_jwcrypto,
    with_pyjwt,
]


@pytest.mark.parametrize("verifier", VERIFIERS, ids=["joserfc", "jwcrypto", "pyjwt"])
def test_each_kind_verifies_with_each_library_using_only_the_jwks(
    each_kind: Issued, verifier: Callable[[str, dict[str, Any]], dict[str, Any]]
) -> None:
    payload = verifier(each_kind.token, jwks_of(each_kind.ledger))
    assert payload == parts(each_kind.token)[1]
    assert payload["credentialSubject"][f"{each_kind.kind}Number"] == each_kind.number


@pytest.mark.parametrize("verifier", VERIFIERS, ids=["joserfc", "jwcrypto", "pyjwt"])
def test_each_library_rejects_an_altered_token(
    ledger: Ledger,
    chain: dict[str, str],
    verifier: Callable[[str, dict[str, Any]], dict[str, Any]],
) -> None:
    """The control of the test above: a verifier that accepted anything would pass it."""
    header, payload, signature = issue(ledger, "sipps", chain["sipps"]).token.split(".")
    text = _unb64(payload).decode()
    assert text.count('"practice":["direct"]') == 1
    altered = base64.urlsafe_b64encode(text.replace("direct", "policy").encode()).rstrip(b"=")
    with pytest.raises(Exception) as raised:
        verifier(f"{header}.{altered.decode()}.{signature}", jwks_of(ledger))
    assert "signature" in str(raised.value).lower() or "verif" in str(raised.value).lower()


# --- the claims, against VC-JOSE-COSE and VCDM 2.0 --------------------------------------------


def test_the_header_is_a_vc_jwt_header(each_kind: Issued) -> None:
    ledger, (header, _) = each_kind.ledger, parts(each_kind.token)
    assert header == {"alg": "Ed25519", "typ": "vc+jwt", "cty": "vc", "kid": header["kid"]}
    assert header["kid"] in {k["kid"] for k in jwks_of(ledger)["keys"]}
    roster = ledger.roster()
    assert header["kid"] == roster.actor(ISSUER_OF[each_kind.kind]).key_id  # the issuer's own


def test_the_payload_is_the_credential_itself_with_its_jwt_claims(each_kind: Issued) -> None:
    _, vc = parts(each_kind.token)
    assert "vc" not in vc  # VC-JOSE-COSE: the payload is the VC, not wrapped in a claim
    assert vc["@context"][0] == VCDM
    assert vc["type"] == ["VerifiableCredential", KINDS[each_kind.kind].type]
    assert vc["id"] == (
        f"https://register.peksos.invalid/credentials/{each_kind.kind}/{each_kind.number}"
    )
    assert vc["iss"] == vc["issuer"]["id"] and vc["issuer"]["name"]
    assert vc["issuer"]["id"].startswith("https://register.peksos.invalid/issuers/")
    assert vc["jti"] == f"urn:uuid:{each_kind.credential_id}"
    assert vc["iat"] == int(each_kind.at.timestamp())  # NumericDate of the issuance


def test_valid_from_is_the_moment_of_issuance_and_precedes_valid_until(
    each_kind: Issued,
) -> None:
    _, vc = parts(each_kind.token)
    assert DATE_TIME.match(vc["validFrom"]) and DATE_TIME.match(vc["validUntil"])
    valid_from = datetime.fromisoformat(vc["validFrom"].replace("Z", "+00:00"))
    assert valid_from == each_kind.at.replace(microsecond=0)
    assert valid_from == datetime.fromtimestamp(vc["iat"], UTC)
    assert vc["validFrom"] < vc["validUntil"]
    assert vc["validUntil"].endswith("T16:59:59Z")  # the end of its last day in Jakarta


def test_the_subject_names_the_holder_and_what_the_credential_rests_on(
    each_kind: Issued,
) -> None:
    _, vc = parts(each_kind.token)
    subject = vc["credentialSubject"]
    assert subject["id"] == (
        f"https://register.peksos.invalid/members/{subject['registrationNumber']}"
    )
    assert subject["name"] and subject["registrationNumber"]
    assert subject["fieldOfPractice"] == "anak" and subject["ruleSet"]
    rests_on = {"certificate": None, "licence": "certificate", "str": "certificate"}
    wanted = rests_on.get(each_kind.kind, "str")
    if wanted is None:
        assert "restsOn" not in subject and subject["examDate"]
        return
    basis = subject["restsOn"]
    assert basis["type"] == KINDS[wanted].type
    assert basis["id"] == (
        f"https://register.peksos.invalid/credentials/{wanted}/{basis[f'{wanted}Number']}"
    )


def test_each_credential_has_its_status_entries(each_kind: Issued) -> None:
    """A revocation entry for all; licences and SIPPS, which their issuers suspend, a
    suspension entry too."""
    _, vc = parts(each_kind.token)
    entries = vc["credentialStatus"]
    purposes = ["revocation", "suspension"] if KINDS[each_kind.kind].suspendable else ["revocation"]
    assert [e["statusPurpose"] for e in entries] == purposes
    for entry in entries:
        assert entry["type"] == "BitstringStatusListEntry"
        assert entry["statusListIndex"].isdigit()
        list_url = f"https://register.peksos.invalid/status/{entry['statusPurpose']}"
        assert entry["statusListCredential"] == list_url
        assert entry["id"] == f"{list_url}#{entry['statusListIndex']}"


def test_status_entries_are_allocated_without_gaps_per_list(
    ledger: Ledger, chain: dict[str, str]
) -> None:
    def entries(kind: str) -> dict[str, int]:
        _, vc = parts(issue(ledger, kind, chain[kind]).token)
        return {e["statusPurpose"]: int(e["statusListIndex"]) for e in vc["credentialStatus"]}

    seen = [entries(kind) for kind in ("certificate", "sipps", "str", "sipps")]
    assert seen == [
        {"revocation": 0},
        {"revocation": 1, "suspension": 0},
        {"revocation": 2},
        {"revocation": 3, "suspension": 1},
    ]


def test_the_public_base_url_is_configurable_and_must_be_https(
    ledger: Ledger, chain: dict[str, str]
) -> None:
    ledger.public_url = "https://register.ipspi.or.id/"
    _, vc = parts(issue(ledger, "str", chain["str"]).token)
    assert vc["issuer"]["id"] == "https://register.ipspi.or.id/issuers/ipspi"
    assert verify_credential(
        ledger, AUDITOR, KINDS["str"], issue(ledger, "str", chain["str"]).token
    )
    events = ledger.event_count()
    for wrong in ("http://register.ipspi.or.id", "ftp://x", "register.ipspi.or.id"):
        ledger.public_url = wrong
        with pytest.raises(InvalidInput, match="PEKSOS_PUBLIC_URL"):
            issue(ledger, "str", chain["str"])
    assert ledger.event_count() == events  # a refused export records nothing


# --- the ledger's own verification -----------------------------------------------------------


def test_each_kind_verifies_against_the_ledger(each_kind: Issued) -> None:
    kind = KINDS[each_kind.kind]
    result = verify_credential(each_kind.ledger, AUDITOR, kind, each_kind.token)
    assert result[f"{kind.name}_no"] == each_kind.number
    assert result["signature"] == "valid" and result["status"] == "active"


def test_a_credential_verified_as_another_kind_is_refused(each_kind: Issued) -> None:
    other = KINDS["str" if each_kind.kind == "certificate" else "certificate"]
    with pytest.raises(InvalidInput, match=f"use `peksos {each_kind.kind} verify`"):
        verify_credential(each_kind.ledger, AUDITOR, other, each_kind.token)


def test_a_signature_by_another_issuers_key_is_refused(
    ledger: Ledger, chain: dict[str, str]
) -> None:
    """The Ministry's key is genuine, but it does not issue STRs."""
    from ledger import credential

    member = ledger.member_holding(chain["str"], "STR")
    document = credential.credential(member.record, KINDS["str"], chain["str"], ledger.public_url)
    roster = ledger.roster()
    kid = roster.actor(MINISTRY).key_id
    assert roster.ledger_id is not None and kid is not None
    private = ledger.keys.signing_key(roster.ledger_id, kid, MINISTRY)
    forged = credential.sign(
        credential.as_issued(document, uuid_of(issue(ledger, "str", chain["str"])), ledger.clock(),
                             {"revocation": 0}),
        private,
        kid,
    )  # fmt: skip
    with pytest.raises(IntegrityFailure, match="signed by a ministry key"):
        verify_credential(ledger, AUDITOR, KINDS["str"], forged)


def uuid_of(issued: Issued) -> Any:
    from uuid import UUID

    return UUID(issued.credential_id)


# --- status lists -----------------------------------------------------------------------------


def fresh_list(ledger: Ledger, purpose: str) -> str:
    return export_status_list(ledger, AUDITOR, purpose)


def bit(token: str, status_list_token: str, purpose: str) -> bool:
    _, vc = parts(token)
    [entry] = [e for e in vc["credentialStatus"] if e["statusPurpose"] == purpose]
    _, listed = parts(status_list_token)
    bits = status_list.decode(listed["credentialSubject"]["encodedList"])
    return status_list.is_set(bits, int(entry["statusListIndex"]))


def test_the_status_list_credential_follows_the_spec(each_kind: Issued) -> None:
    ledger = each_kind.ledger
    for purpose in ("revocation", "suspension"):
        token = fresh_list(ledger, purpose)
        for verifier in VERIFIERS:  # signed with the ledger's log key, in the JWK Set
            verifier(token, jwks_of(ledger))
        header, vc = parts(token)
        assert header["typ"] == "vc+jwt" and header["kid"] == ledger.roster().log_key.key_id  # type: ignore[union-attr]
        assert vc["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
        assert vc["id"] == f"https://register.peksos.invalid/status/{purpose}"
        assert vc["iss"] == vc["issuer"]["id"]
        subject = vc["credentialSubject"]
        assert subject["type"] == "BitstringStatusList"
        assert subject["statusPurpose"] == purpose
        assert subject["encodedList"].startswith("u")  # multibase base64url
        assert len(gzip.decompress(_unb64(subject["encodedList"][1:]))) * 8 == 131_072
        assert subject["ttl"] == 86_400_000 and vc["validFrom"] < vc["validUntil"]


def test_revoking_and_suspending_flip_the_bits_in_fresh_lists(
    ledger: Ledger, chain: dict[str, str], clock: Clock, tmp_path: Path
) -> None:
    certificate, permit = (
        issue(ledger, "certificate", chain["certificate"]),
        issue(ledger, "sipps", chain["sipps"]),
    )
    assert not bit(permit.token, fresh_list(ledger, "suspension"), "suspension")

    clock.advance(minutes=1)
    decide_on_sipps(ledger, BANDUNG, SuspendSipps(sipps_no=chain["sipps"], reason="pemeriksaan"))
    suspended = fresh_list(ledger, "suspension")
    assert bit(permit.token, suspended, "suspension")
    assert not bit(permit.token, fresh_list(ledger, "revocation"), "revocation")
    assert not bit(certificate.token, fresh_list(ledger, "revocation"), "revocation")
    with pytest.raises(NoLongerValid, match="suspended in the status list"):
        offline(ledger, tmp_path, permit, suspended)

    clock.advance(minutes=1)
    decide_on_sipps(ledger, BANDUNG, RevokeSipps(sipps_no=chain["sipps"], reason="izin dicabut"))
    revoked = fresh_list(ledger, "revocation")
    assert bit(permit.token, revoked, "revocation")
    assert not bit(certificate.token, revoked, "revocation")
    with pytest.raises(NoLongerValid, match="revoked in the status list"):
        offline(ledger, tmp_path, permit, revoked)


def test_a_suspended_licence_is_set_in_the_suspension_list_until_reinstated(
    licence: Licensed, tmp_path: Path
) -> None:
    ledger, clock = licence.ledger, licence.clock
    issued = issue(ledger, "licence", licence.number)
    clock.advance(days=1)
    decide_on_licence(
        ledger, MINISTRY, SuspendLicence(licence_no=licence.number, reason="pemeriksaan")
    )
    assert bit(issued.token, fresh_list(ledger, "suspension"), "suspension")
    with pytest.raises(NoLongerValid, match="suspended"):
        verify_credential(ledger, AUDITOR, KINDS["licence"], issued.token)
    clock.advance(days=30)
    decide_on_licence(
        ledger, MINISTRY, ReinstateLicence(licence_no=licence.number, reason="selesai")
    )
    cleared = fresh_list(ledger, "suspension")
    assert not bit(issued.token, cleared, "suspension")
    assert offline(ledger, tmp_path, issued, cleared)["status_lists"] == {
        "suspension": "not suspended"
    }


# --- offline: the JWK Set and the status lists, no ledger --------------------------------------


def offline(ledger: Ledger, folder: Path, issued: Issued, *lists: str) -> dict[str, Any]:
    jwks = folder / "jwks.json"
    jwks.write_text(json.dumps(jwks_of(ledger)))
    return verify_offline(KINDS[issued.kind], issued.token, jwks, lists, ledger.clock())


def test_offline_verification_needs_only_the_jwks_and_the_lists(
    each_kind: Issued, tmp_path: Path
) -> None:
    ledger = each_kind.ledger
    lists = [fresh_list(ledger, "revocation")]
    if KINDS[each_kind.kind].suspendable:
        lists.append(fresh_list(ledger, "suspension"))
    result = offline(ledger, tmp_path, each_kind, *lists)
    assert result["signature"] == "valid"
    assert set(result["status_lists"].values()) <= {"not revoked", "not suspended"}


def test_offline_an_expired_credential_or_a_stale_list_is_reported(
    ledger: Ledger, chain: dict[str, str], tmp_path: Path
) -> None:
    issued = issue(ledger, "str", chain["str"])
    listed = fresh_list(ledger, "revocation")
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps(jwks_of(ledger)))
    later = ledger.clock() + timedelta(days=2)
    with pytest.raises(InvalidInput, match="fetch a fresh one"):
        verify_offline(KINDS["str"], issued.token, jwks, (listed,), later)
    with pytest.raises(NoLongerValid, match="expired"):
        verify_offline(KINDS["str"], issued.token, jwks, (), later + timedelta(days=5 * 366))


def test_offline_a_list_too_short_or_signed_by_a_stranger_is_refused(
    ledger: Ledger, chain: dict[str, str], tmp_path: Path
) -> None:
    issued = issue(ledger, "certificate", chain["certificate"])
    header, document = parts(fresh_list(ledger, "revocation"))
    document["credentialSubject"]["encodedList"] = (
        "u" + base64.urlsafe_b64encode(gzip.compress(bytes(1024))).rstrip(b"=").decode()
    )
    roster = ledger.roster()
    assert roster.ledger_id is not None
    from ledger import credential

    log_key = ledger.keys.signing_key(roster.ledger_id, header["kid"], "the ledger")
    short = credential.sign(document, log_key, header["kid"])
    with pytest.raises(IntegrityFailure, match="fewer than the 131,072 required"):
        offline(ledger, tmp_path, issued, short)

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    stranger = credential.sign(parts(fresh_list(ledger, "revocation"))[1],
                               Ed25519PrivateKey.generate(), header["kid"])  # fmt: skip
    with pytest.raises(IntegrityFailure, match="altered or forged"):
        offline(ledger, tmp_path, issued, stranger)


def test_offline_a_token_signed_with_a_key_outside_the_jwks_is_forged(
    ledger: Ledger, chain: dict[str, str], tmp_path: Path
) -> None:
    issued = issue(ledger, "certificate", chain["certificate"])
    jwks = tmp_path / "other.json"
    others = [k for k in jwks_of(ledger)["keys"] if k["kid"] != parts(issued.token)[0]["kid"]]
    jwks.write_text(json.dumps({"keys": others}))
    with pytest.raises(IntegrityFailure, match="forged"):
        verify_offline(KINDS["certificate"], issued.token, jwks, (), ledger.clock())


def test_a_credential_that_is_not_active_is_not_issued(
    ledger: Ledger, chain: dict[str, str]
) -> None:
    decide_on_sipps(ledger, BANDUNG, SuspendSipps(sipps_no=chain["sipps"], reason="pemeriksaan"))
    events = ledger.event_count()
    with pytest.raises(NoLongerValid, match="suspended"):
        issue(ledger, "sipps", chain["sipps"])
    assert ledger.event_count() == events


# --- on paper --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["licence", "sipps"])  # the longest tokens
def test_the_printed_copys_qr_carries_a_token_that_verifies_offline(
    request: pytest.FixtureRequest, ledger: Ledger, tmp_path: Path, kind: str
) -> None:
    require_tools()
    if kind == "licence":
        licensed = request.getfixturevalue("licence")
        ledger, number = licensed.ledger, licensed.number
    else:
        number = request.getfixturevalue("chain")[kind]
    pdf = tmp_path / f"{kind}.pdf"
    cmd = ExportCredential(kind=kind, number=number)  # type: ignore[arg-type]
    printed = print_credential(ledger, ISSUER_OF[kind], cmd, pdf)
    assert printed["qr"] == "the signed credential"

    token = scan_qr(pdf, tmp_path)
    _, vc = parts(token)
    assert vc["jti"] == f"urn:uuid:{printed['credential_id']}"
    text = " ".join(run_tool("pdftotext", "-layout", pdf, "-").split())
    assert number in text and vc["credentialSubject"]["name"] in text
    assert KINDS[kind].title_id in text and KINDS[kind].title_en in text
    scanned = Issued(ledger, kind, number, token, printed["credential_id"], ledger.clock())
    assert offline(ledger, tmp_path, scanned, fresh_list(ledger, "revocation"))["signature"]
    assert verify_credential(ledger, AUDITOR, KINDS[kind], token)["status"] == "active"


def test_printing_into_a_folder_that_is_not_there_records_nothing(
    ledger: Ledger, chain: dict[str, str], tmp_path: Path
) -> None:
    events = ledger.event_count()
    cmd = ExportCredential(kind="str", number=chain["str"])
    with pytest.raises(InvalidInput, match="--out"):
        print_credential(ledger, ADMIN, cmd, tmp_path / "no-such-folder" / "str.pdf")
    assert ledger.event_count() == events
    assert not list(tmp_path.glob("**/*.pdf*"))


# --- the bits follow every decision (a property) ---------------------------------------------

# The regency's moves on a SIPPS, as its model: (status it may start from, status it leads to).
MOVES = {
    "suspend": (("active",), "suspended"),
    "reinstate": (("suspended",), "active"),
    "revoke": (("active", "suspended"), "revoked"),
}
DECISIONS = {"suspend": SuspendSipps, "reinstate": ReinstateSipps, "revoke": RevokeSipps}


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moves=st.lists(st.sampled_from(sorted(MOVES)), max_size=5))
def test_after_any_decisions_the_fresh_lists_say_what_the_model_says(
    ledger: Ledger, clock: Clock, moves: list[str]
) -> None:
    """Whatever a regency decides, in whatever order: the suspension bit is set exactly while
    the permit is suspended, the revocation bit exactly once it is revoked (a move the
    permit's status does not allow is refused, and changes nothing)."""
    if all(actor.name != BANDUNG for actor in ledger.roster().actors.values()):
        enrol_regency_officer(ledger)
    reg, cert = certified_member(ledger)
    _, permit = str_and_sipps(ledger, reg, cert)
    issued = issue(ledger, "sipps", permit)
    status = "active"
    for move in moves:
        clock.advance(minutes=1)
        starts, leads_to = MOVES[move]
        decision = DECISIONS[move](sipps_no=permit, reason="keputusan dinas")
        if status in starts:
            decide_on_sipps(ledger, BANDUNG, decision)
            status = leads_to
        else:
            with pytest.raises(Refused):
                decide_on_sipps(ledger, BANDUNG, decision)
    assert bit(issued.token, fresh_list(ledger, "suspension"), "suspension") == (
        status == "suspended"
    )
    assert bit(issued.token, fresh_list(ledger, "revocation"), "revocation") == (
        status == "revoked"
    )
