"""A key signs only between the journal entries that put it in use and retire it, whatever
time the client claims: the review set a client's clock back before a key rotation and an
actor's revocation, and both saves passed ``audit verify`` and ``--against``."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from commands.credentials import ExportCredential, export_credential, verify_credential
from commands.setup import AddActor, RevokeActor, RotateKey, add_actor, revoke_actor, rotate_key
from ledger import credential
from ledger.access import Actor, Context
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.credential import CERTIFICATE
from ledger.errors import IntegrityFailure
from ledger.vocabulary import Field, Role
from tests.builders import ADMIN, AUDITOR, LSP, Clock, certified_member
from tests.conftest import NOW

EKO = "Eko Prasetyo"


def rogue_exam(ledger: Ledger, clock: Clock, reg: str, signer: str, key_id: str) -> None:
    """A client skipping the command layer, its clock set to ``clock.now``, records an exam
    signed by ``signer`` with ``key_id``."""
    member = ledger.member(reg)
    ctx = Context(Actor(signer, Role.LSP), clock.now)
    member.record_exam(ctx, exam_id="EXAM-2026-00099", field=Field.LANSIA, passed=True,
                       held_on=date(2026, 6, 1), assessors=("Agus Setiawan",),
                       level="generalis")  # fmt: skip
    roster = ledger.roster()
    assert roster.ledger_id is not None
    ledger.save(member, signer=(roster.ledger_id, key_id))


def failed_checks(ledger: Ledger) -> set[str]:
    result = verify_ledger(ledger)
    assert result["verified"] is not bool(result["failures"])
    return {f["check"] for f in result["failures"]}


def test_a_rotated_out_key_signing_with_the_clock_set_back_fails_the_audit(
    ledger: Ledger, clock: Clock
) -> None:
    reg, _ = certified_member(ledger)
    old_key = ledger.roster().actor(LSP).key_id
    assert old_key is not None
    before_rotation = clock.now
    clock.advance(minutes=1)
    rotate_key(ledger, ADMIN, RotateKey(name=LSP))
    assert failed_checks(ledger) == set()

    clock.now = before_rotation  # 19:05, the rotation at 19:06
    rogue_exam(ledger, clock, reg, LSP, old_key)

    assert failed_checks(ledger) == {"signature", "clock"}


def test_a_revoked_actor_signing_with_the_clock_set_back_fails_the_audit(
    ledger: Ledger, clock: Clock
) -> None:
    reg, _ = certified_member(ledger)
    add_actor(ledger, ADMIN, AddActor(name=EKO, role="lsp"))
    eko_key = ledger.roster().actor(EKO).key_id
    assert eko_key is not None
    before_revocation = clock.now
    clock.advance(minutes=1)
    revoke_actor(ledger, ADMIN, RevokeActor(name=EKO, reason="meninggalkan LSP"))

    clock.now = before_revocation
    rogue_exam(ledger, clock, reg, EKO, eko_key)

    assert failed_checks(ledger) == {"signature", "clock"}


def test_a_little_clock_skew_between_clients_is_no_failure(ledger: Ledger, clock: Clock) -> None:
    clock.advance(minutes=5)
    reg, _ = certified_member(ledger)
    key = ledger.roster().actor(LSP).key_id
    assert key is not None
    clock.now -= timedelta(seconds=20)  # another client, 20 s behind

    rogue_exam(ledger, clock, reg, LSP, key)

    assert failed_checks(ledger) == set()


# --- tokens: a credential is judged by its recorded issuance ---------------------------------


def _token(ledger: Ledger, cert: str, key_id: str, credential_id: UUID) -> str:
    """A certificate token signed with ``key_id``, as someone holding that key makes one."""
    roster = ledger.roster()
    assert roster.ledger_id is not None
    member = ledger.member_holding(cert, "certificate")
    document = credential.credential(member.record, CERTIFICATE, cert, ledger.public_url)
    private = ledger.keys.signing_key(roster.ledger_id, key_id, LSP)
    issued = credential.as_issued(document, credential_id, NOW, {"revocation": 0})
    return credential.sign(issued, private, key_id)


def verify_certificate(ledger: Ledger, actor: str, token: str) -> dict[str, object]:
    return verify_credential(ledger, actor, CERTIFICATE, token)


def test_a_token_signed_with_a_rotated_out_key_after_the_rotation_fails_verify(
    ledger: Ledger, clock: Clock
) -> None:
    """The review's token: signed after the rotation with the old key, which still verifies
    the signature. The ledger never recorded that issuance, so it is forged."""
    _, cert = certified_member(ledger)
    old_key = ledger.roster().actor(LSP).key_id
    assert old_key is not None
    earlier = export_credential(ledger, LSP, ExportCredential(kind="certificate", number=cert))[
        "token"
    ]
    clock.advance(minutes=1)
    rotate_key(ledger, ADMIN, RotateKey(name=LSP))

    forged = _token(ledger, cert, old_key, uuid4())

    with pytest.raises(IntegrityFailure, match="never issued this token"):
        verify_certificate(ledger, AUDITOR, forged)
    assert verify_certificate(ledger, AUDITOR, earlier)["signature"] == "valid"  # genuine


def test_an_issuance_recorded_with_a_rotated_out_key_fails_verify(
    ledger: Ledger, clock: Clock
) -> None:
    """The same, with the issuance recorded too, by a client skipping the command layer with
    its clock set back: the save's key was retired at the rotation's journal entry."""
    reg, cert = certified_member(ledger)
    old_key = ledger.roster().actor(LSP).key_id
    assert old_key is not None
    before_rotation = clock.now
    clock.advance(minutes=1)
    rotate_key(ledger, ADMIN, RotateKey(name=LSP))
    clock.now = before_rotation
    member, issued = ledger.member(reg), uuid4()
    ctx = Context(Actor(LSP, Role.LSP), clock.now)
    member.issue_credential(
        ctx,
        kind="certificate",
        number=cert,
        credential_id=issued,
        key_id=old_key,
        issuer=f"{ledger.public_url}/issuers/lsp",
        entries={"revocation": 0},
    )
    roster = ledger.roster()
    assert roster.ledger_id is not None
    ledger.save(member, signer=(roster.ledger_id, old_key))

    with pytest.raises(IntegrityFailure, match="does not verify"):
        verify_certificate(ledger, AUDITOR, _token(ledger, cert, old_key, issued))
