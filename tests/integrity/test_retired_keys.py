"""A key signs only between the journal entries that put it in use and retire it, whatever
time the client claims: the review set a client's clock back before a key rotation and an
actor's revocation, and both saves passed ``audit verify`` and ``--against``."""

from __future__ import annotations

from datetime import date, timedelta

from commands.setup import AddActor, RevokeActor, RotateKey, add_actor, revoke_actor, rotate_key
from ledger.access import Actor, Context
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.vocabulary import Field, Role
from tests.builders import ADMIN, LSP, Clock, certified_member

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
