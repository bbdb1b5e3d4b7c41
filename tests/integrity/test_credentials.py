"""Certificates exported as W3C VC 2.0 compact JWS (Ed25519), checked by another JOSE library.

The ledger signs with ``joserfc``; here every signature is verified with ``jwcrypto``, using
nothing but the JWK that ``peksos keys show`` prints. Everything runs through the CLI
(``commands.cli.main`` in-process, as tests/cli does), on a fresh SQLite ledger per test.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from jwcrypto import jwk, jws
from jwcrypto.common import JWException

from ledger import status_list
from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    LSP,
    MINISTRY,
    event_count,
    make_eligible,
    ok,
    register_member,
    run,
    setup_ledger,
)
from tests.docs.test_readme import README
from tests.paper import require_tools, scan_qr

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"


@dataclass
class Issued:
    folder: Path
    keys: Path
    reg: str
    exam_id: str
    certificate_no: str
    valid_until: str

    def export(self) -> str:
        return ok("--as", LSP, "certificate", "export", self.certificate_no).stdout.strip()

    def save(self, token: str, name: str = "certificate.jwt") -> str:
        path = self.folder / name
        path.write_text(token + "\n", encoding="utf-8")
        return str(path)

    def verify(self, token: str) -> Any:
        return run("--as", AUDITOR, "--json", "certificate", "verify", self.save(token))


@pytest.fixture
def issued(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Issued:
    """A ledger (SQLite) with a member certified today, so the certificate is active."""
    keys = tmp_path / "keys"
    monkeypatch.setenv("PEKSOS_DB", str(tmp_path / "ledger.sqlite"))
    monkeypatch.setenv("PEKSOS_KEYS", str(keys))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("PEKSOS_ACTOR", raising=False)
    setup_ledger()
    reg = register_member(name="Sri Wahyuningsih")
    exam_id = make_eligible(reg, field="anak", level="generalis")
    certified = ok(
        "--as", LSP, "--json", "certify", reg, "--field", "anak", "--level", "generalis"
    ).json  # fmt: skip
    return Issued(
        folder=tmp_path,
        keys=keys,
        reg=reg,
        exam_id=exam_id,
        certificate_no=certified["certificate_no"],
        valid_until=certified["valid_until"],
    )


def log_jwk() -> Any:
    """The ledger's log key, from the JWK Set it publishes."""
    kid = ok("--as", AUDITOR, "--json", "info").json["log_key"]
    keys = json.loads(ok("--as", AUDITOR, "keys", "export", "--jwks").stdout)["keys"]
    return next(k for k in keys if k["kid"] == kid)


def jwk_of(name: str, *extra: str) -> Any:
    return json.loads(ok("--as", AUDITOR, "keys", "show", name, *extra).stdout)


def parts_of(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    header, payload, signature = token.split(".")
    return json.loads(b64decode(header)), json.loads(b64decode(payload)), signature


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwcrypto_verify(token: str, key: dict[str, Any]) -> bytes:
    """The payload, if ``token`` is a valid compact JWS by ``key``; JWException if not."""
    signed = jws.JWS()
    signed.deserialize(token)
    signed.verify(jwk.JWK(**key), alg="Ed25519")
    return bytes(signed.payload)


def sign_with_jwcrypto(payload: bytes, key: jwk.JWK, kid: str) -> str:
    signed = jws.JWS(payload)
    signed.add_signature(
        key, alg="Ed25519", protected=json.dumps({"alg": "Ed25519", "typ": "vc+jwt", "kid": kid})
    )
    return str(signed.serialize(compact=True))


# --- the genuine token ------------------------------------------------------------------------


def test_an_exported_certificate_verifies_with_jwcrypto(issued: Issued) -> None:
    token = issued.export()
    key = jwk_of(LSP)
    assert key["kty"] == "OKP" and key["crv"] == "Ed25519" and "alg" not in key
    assert len(b64decode(key["x"])) == 32
    assert "d" not in key, "keys show must never print the private half"

    payload = json.loads(jwcrypto_verify(token, key))
    header, document, _ = parts_of(token)
    assert document == payload
    assert header["alg"] == "Ed25519" and header["kid"] == key["kid"]

    assert document["@context"][0] == VC_CONTEXT
    assert document["type"][0] == "VerifiableCredential" and len(document["type"]) == 2
    assert isinstance(document["issuer"], dict) and document["issuer"]["id"].startswith("https://")
    # issued today: valid from the moment it was recorded (never in the future), until the end
    # of its last day in Jakarta (23:59:59 WIB)
    issued_at = datetime.fromisoformat(document["validFrom"].replace("Z", "+00:00"))
    assert timedelta(0) <= datetime.now(UTC) - issued_at < timedelta(minutes=5)
    assert document["validUntil"] == f"{issued.valid_until}T16:59:59Z"
    assert document["validFrom"] < document["validUntil"]
    subject = document["credentialSubject"]
    assert subject["registrationNumber"] == issued.reg
    assert subject["certificateNumber"] == issued.certificate_no
    assert subject["fieldOfPractice"] == "anak"
    assert subject["level"]
    assert (subject["ruleSet"], subject["level"]) == ("uu-14-2019", "generalis")
    assert subject["examDate"] == "2021-04-12"
    assert subject["name"] == "Sri Wahyuningsih"
    assert subject["certifiedBy"] == LSP


def test_certificate_verify_accepts_the_genuine_token(issued: Issued) -> None:
    token = issued.export()
    result = issued.verify(token)
    assert result.code == 0, result
    shown = result.json
    assert shown["certificate_no"] == issued.certificate_no
    assert shown["registration_no"] == issued.reg
    assert shown["signature"] == "valid" and shown["status"] == "active"
    assert shown["signed_with"] == jwk_of(LSP)["kid"]


def test_the_token_does_not_verify_with_another_actors_key(issued: Issued) -> None:
    """A control for the checks above: jwcrypto does reject a key that did not sign."""
    with pytest.raises(JWException):
        jwcrypto_verify(issued.export(), jwk_of(MINISTRY))


# --- forged and altered -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"fieldOfPractice":"anak"', '"fieldOfPractice":"anal"'),
        ('"name":"Sri Wahyuningsih"', '"name":"Sri Wahyuningsiq"'),
        ('"examDate":"2021-04-12"', '"examDate":"2021-04-13"'),
    ],
)
def test_a_token_with_one_payload_character_altered_is_rejected(
    issued: Issued, old: str, new: str
) -> None:
    token = issued.export()
    header, payload, signature = token.split(".")
    text = b64decode(payload).decode("utf-8")
    assert text.count(old) == 1, text
    altered_payload = text.replace(old, new)
    assert len(altered_payload) == len(text)
    assert sum(a != b for a, b in zip(altered_payload, text, strict=True)) == 1
    altered = ".".join([header, b64encode(altered_payload.encode("utf-8")), signature])
    with pytest.raises(JWException):
        jwcrypto_verify(altered, jwk_of(LSP))

    result = issued.verify(altered)
    assert result.code == 6, result
    assert result.error["code"] == "integrity_failure"
    assert "altered" in result.error["message"] or "forged" in result.error["message"]


def test_a_token_signed_by_an_unrelated_key_is_rejected(issued: Issued) -> None:
    _, payload, _ = issued.export().split(".")
    stranger = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    forged = sign_with_jwcrypto(b64decode(payload), stranger, kid="0badc0ffee15b00c")
    jwcrypto_verify(forged, json.loads(stranger.export_public()))  # a well-formed JWS

    result = issued.verify(forged)
    assert result.code == 6, result
    assert result.error["code"] == "integrity_failure"
    assert "0badc0ffee15b00c" in result.error["message"]


def test_a_token_signed_by_an_unrelated_key_claiming_the_lsps_kid_is_rejected(
    issued: Issued,
) -> None:
    _, payload, _ = issued.export().split(".")
    forged = sign_with_jwcrypto(
        b64decode(payload), jwk.JWK.generate(kty="OKP", crv="Ed25519"), kid=jwk_of(LSP)["kid"]
    )
    result = issued.verify(forged)
    assert result.code == 6, result
    assert result.error["code"] == "integrity_failure"


def test_a_file_that_is_no_token_is_rejected(issued: Issued) -> None:
    result = issued.verify("this is not a certificate")
    assert result.code == 6, result
    assert result.error["code"] == "integrity_failure"


# --- status -----------------------------------------------------------------------------------


def test_a_revoked_certificate_is_reported_as_revoked(issued: Issued) -> None:
    token = issued.export()
    ok(
        "--as", LSP, "certificate", "revoke", issued.certificate_no,
        "--reason", "putusan komite etik 4/2026",
    )  # fmt: skip
    result = issued.verify(token)
    assert result.code == 3, result
    assert "revoked" in result.error["message"]
    assert issued.certificate_no in result.error["message"]
    plain = run("--as", AUDITOR, "certificate", "verify", issued.save(token, "again.jwt"))
    assert plain.code == 3 and "revoked" in plain.stderr, plain


# --- keys -------------------------------------------------------------------------------------


def test_key_rotation_keeps_earlier_tokens_and_the_audit_verifying(issued: Issued) -> None:
    before = issued.export()
    old_key = jwk_of(LSP)
    rotated = ok("--as", ADMIN, "--json", "actor", "rotate-key", LSP).json
    new_key = jwk_of(LSP)
    assert new_key["kid"] == rotated["key_id"] != old_key["kid"]
    every = jwk_of(LSP, "--all")["keys"]
    assert {k["kid"] for k in every} == {old_key["kid"], new_key["kid"]}
    assert next(k for k in every if k["kid"] == old_key["kid"]) == old_key

    # the LSP records with the new key; the old token still verifies
    ok(
        "--as", LSP, "training", "log", issued.reg, "--course", "Etika pekerjaan sosial",
        "--provider", "Balai Besar Diklat Kesos", "--hours", "8", "--completed-on", "2012-02-10",
    )  # fmt: skip
    result = issued.verify(before)
    assert result.code == 0, result
    assert result.json["signed_with"] == old_key["kid"]
    jwcrypto_verify(before, old_key)
    with pytest.raises(JWException):
        jwcrypto_verify(before, new_key)

    after = issued.export()
    assert parts_of(after)[0]["kid"] == new_key["kid"]
    jwcrypto_verify(after, new_key)
    assert issued.verify(after).code == 0

    audit = run("--as", AUDITOR, "--json", "audit", "verify")
    assert audit.code == 0, audit
    assert audit.json["verified"] is True and audit.json["failures"] == []


@pytest.mark.parametrize("who", [AUDITOR, MINISTRY, ADMIN])
def test_only_the_lsp_may_export(issued: Issued, who: str) -> None:
    result = run("--as", who, "--json", "certificate", "export", issued.certificate_no)
    assert result.code == 7, result
    assert result.error["code"] == "not_authorised"
    assert result.stdout == ""


@pytest.mark.parametrize(
    "command",
    [
        ("exam", "record", "{reg}", "--field", "lansia", "--result", "passed",
         "--held-on", "2012-05-09", "--assessor", "Agus Setiawan"),
        ("training", "log", "{reg}", "--course", "Supervisi", "--provider", "Balai Diklat",
         "--hours", "6", "--completed-on", "2012-03-01"),
        ("certificate", "revoke", "{cert}", "--reason", "pemeriksaan ulang"),
        ("certificate", "export", "{cert}"),
    ],
    ids=["exam-record", "training-log", "certificate-revoke", "certificate-export"],
)  # fmt: skip
def test_an_lsp_whose_private_key_is_gone_gets_exit_7(
    issued: Issued, command: tuple[str, ...]
) -> None:
    kid = jwk_of(LSP)["kid"]
    [pem] = list(issued.keys.glob(f"*/signing/{kid}.pem"))
    pem.unlink()
    events = event_count()
    args = [a.format(reg=issued.reg, cert=issued.certificate_no) for a in command]

    result = run("--as", LSP, *args)
    assert result.code == 7, result
    assert result.stdout == ""
    message = result.stderr
    assert message.startswith("error: "), message
    assert LSP in message and kid in message and "signing key" in message, message
    assert str(pem) in message, message  # where it looked
    assert event_count() == events, "nothing may be recorded without the signer's key"
    as_json = run("--as", LSP, "--json", *args)
    assert as_json.code == 7 and as_json.error["code"] == "not_authorised", as_json


# --- a token re-signed with the LSP's own key ------------------------------------------------


def resigned(issued: Issued, **subject: str) -> str:
    """The genuine token with claims changed, signed again with the LSP officer's own key (as
    someone holding a copy of it would)."""
    header, document, _ = parts_of(issued.export())
    document["credentialSubject"].update(subject)
    pem = next((issued.keys).glob(f"*/signing/{header['kid']}.pem"))
    key = jwk.JWK.from_pem(pem.read_bytes())
    return sign_with_jwcrypto(json.dumps(document).encode(), key, header["kid"])


def test_a_token_naming_someone_else_is_rejected_even_with_the_lsps_signature(
    issued: Issued,
) -> None:
    """The review changed the holder's name to "Mallory Impostor" and signed again with the
    LSP's key: the name was never compared with the ledger."""
    result = issued.verify(resigned(issued, name="Mallory Impostor"))
    assert result.code == 6, result
    assert result.error["details"] == {"fields": ["name"]}


def test_a_token_from_before_a_name_change_still_verifies(issued: Issued) -> None:
    token = issued.export()
    ok("--as", ADMIN, "member", "update", issued.reg, "--name", "Sri Wahyuningsih Hadi")
    result = issued.verify(token)
    assert result.code == 0, result
    assert result.json["holder"] == "Sri Wahyuningsih"
    assert issued.verify(issued.export()).json["holder"] == "Sri Wahyuningsih Hadi"


# --- the revocation status list (W3C Bitstring Status List v1.0) -----------------------------


def status_list_of(issued: Issued, name: str = "list.jwt") -> str:
    path = issued.folder / name
    path.write_text(ok("--as", AUDITOR, "status-list", "export").stdout)
    return str(path)


def verify_with_list(issued: Issued, token: str, listed: str) -> Any:
    return run("--as", AUDITOR, "--json", "certificate", "verify", issued.save(token),
               "--status-list", listed)  # fmt: skip


def test_each_export_carries_the_next_entry_of_the_status_list(issued: Issued) -> None:
    entries = [parts_of(issued.export())[1]["credentialStatus"][0] for _ in range(3)]
    assert [e["statusListIndex"] for e in entries] == ["0", "1", "2"]  # no gaps
    first = entries[0]
    assert first["type"] == "BitstringStatusListEntry"
    assert first["statusPurpose"] == "revocation"
    assert first["id"] == f"{first['statusListCredential']}#0"


def test_revoking_flips_the_certificates_bit_in_a_fresh_list(issued: Issued) -> None:
    token = issued.export()
    before = status_list_of(issued, "before.jwt")
    checked = verify_with_list(issued, token, before)
    assert checked.code == 0, checked
    assert checked.json["status_lists"] == {"revocation": "not revoked"}

    ok("--as", LSP, "certificate", "revoke", issued.certificate_no, "--reason", "putusan etik")
    after = status_list_of(issued, "after.jwt")

    _, document, _ = parts_of(Path(after).read_text().strip())
    bits = status_list.decode(document["credentialSubject"]["encodedList"])
    index = int(parts_of(token)[1]["credentialStatus"][0]["statusListIndex"])
    assert status_list.is_set(bits, index) and len(bits) * 8 >= 131_072
    assert verify_with_list(issued, token, after).code == 3
    # the list anyone can check offline: signed with the ledger's log key, verified with its
    # JWK (in the published JWK Set) alone
    payload = jwcrypto_verify(Path(after).read_text().strip(), log_jwk())
    assert json.loads(payload)["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]


def test_a_status_list_the_ledger_did_not_sign_or_too_short_is_rejected(issued: Issued) -> None:
    token = issued.export()
    header, document, _ = parts_of(Path(status_list_of(issued)).read_text().strip())
    stranger = jwk.JWK.generate(kty="OKP", crv="Ed25519")
    forged = issued.folder / "forged.jwt"
    forged.write_text(sign_with_jwcrypto(json.dumps(document).encode(), stranger, header["kid"]))
    assert verify_with_list(issued, token, str(forged)).code == 6

    short = "u" + b64encode(gzip.compress(bytes(1024)))
    document["credentialSubject"]["encodedList"] = short
    pem = next(issued.keys.glob(f"*/signing/{header['kid']}.pem"))
    log_key = jwk.JWK.from_pem(pem.read_bytes())
    shortened = issued.folder / "short.jwt"
    shortened.write_text(sign_with_jwcrypto(json.dumps(document).encode(), log_key, header["kid"]))
    result = verify_with_list(issued, token, str(shortened))
    assert result.code == 6, result
    assert "fewer than the 131,072 required" in result.error["message"]


# --- a third party, offline; and on paper -----------------------------------------------------


def offline_verify(issued: Issued, token: str, *lists: str) -> Any:
    jwks = issued.folder / "jwks.json"
    jwks.write_text(ok("--as", AUDITOR, "keys", "export", "--jwks").stdout)
    listed = [arg for path in lists for arg in ("--status-list", path)]
    # no --as and no ledger: what a third party has is the token, the JWK Set and the lists
    return run("--db", str(issued.folder / "absent.sqlite"), "--json", "certificate", "verify",
               issued.save(token), "--offline", "--trusted-keys", str(jwks), *listed)  # fmt: skip


def test_offline_verification_reports_a_revocation_with_exit_3(issued: Issued) -> None:
    token = issued.export()
    checked = offline_verify(issued, token, status_list_of(issued, "before.jwt"))
    assert checked.code == 0, checked
    assert checked.json["status_lists"] == {"revocation": "not revoked"}
    assert "not compared with a ledger" in checked.json["checked"]

    ok("--as", LSP, "certificate", "revoke", issued.certificate_no, "--reason", "putusan etik")
    refused = offline_verify(issued, token, status_list_of(issued, "after.jwt"))
    assert refused.code == 3, refused
    assert "revoked in the status list" in refused.error["message"]
    assert not (issued.folder / "absent.sqlite").exists()  # no ledger was made or opened


def test_offline_verification_needs_the_trusted_keys(issued: Issued) -> None:
    result = run("--json", "certificate", "verify", issued.save(issued.export()), "--offline")
    assert result.code == 2, result
    assert "--trusted-keys" in result.error["message"]


def test_a_printed_certificate_scans_to_a_token_that_verifies(issued: Issued) -> None:
    require_tools()
    pdf = issued.folder / "sertifikat.pdf"
    printed = ok("--as", LSP, "--json", "certificate", "print", issued.certificate_no,
                 "--out", str(pdf)).json  # fmt: skip
    assert printed["out"] == str(pdf) and printed["qr"] == "the signed credential"
    token = scan_qr(pdf, issued.folder)
    assert issued.verify(token).code == 0
    assert offline_verify(issued, token, status_list_of(issued)).code == 0


@pytest.mark.parametrize("who", [AUDITOR, MINISTRY])
def test_only_the_lsp_may_print_a_certificate(issued: Issued, who: str) -> None:
    events = event_count()
    pdf = issued.folder / "x.pdf"
    result = run("--as", who, "certificate", "print", issued.certificate_no, "--out", str(pdf))
    assert result.code == 7, result
    assert not pdf.exists() and event_count() == events


def test_the_readmes_third_party_check_verifies_with_the_published_keys(issued: Issued) -> None:
    """The README's jwcrypto snippet, as printed there, in a folder holding only the token
    and the JWK Set; and it refuses the token once one character of it is changed."""
    found = re.search(r"```python\n(# Any JOSE library will do.*?)```", README.read_text(), re.S)
    assert found, "the README shows how a third party checks a credential"
    folder = issued.folder / "third-party"
    folder.mkdir()
    (folder / "issuers.jwks").write_text(ok("--as", AUDITOR, "keys", "export", "--jwks").stdout)
    token = issued.export()
    (folder / "cert.jwt").write_text(token)

    def check() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", found.group(1)], cwd=folder,
                              capture_output=True, text=True, timeout=60)  # fmt: skip

    done = check()
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Sri Wahyuningsih ")
    header, payload, signature = token.split(".")
    flipped = signature[:5] + ("A" if signature[5] != "A" else "B") + signature[6:]
    (folder / "cert.jwt").write_text(f"{header}.{payload}.{flipped}")
    assert check().returncode != 0


def test_a_genuine_list_the_credential_does_not_name_is_the_wrong_file(issued: Issued) -> None:
    """A certificate has no suspension entry: given the suspension list, the verifier was handed
    the wrong file (exit 2, naming the option), not a forgery (exit 6)."""
    token = issued.export()
    path = issued.folder / "suspension.jwt"
    path.write_text(ok("--as", AUDITOR, "status-list", "export", "--purpose", "suspension").stdout)
    result = verify_with_list(issued, token, str(path))
    assert result.code == 2, result
    assert result.error["message"].startswith("--status-list: ")
    assert "status/suspension is not one the credential names" in result.error["message"]
