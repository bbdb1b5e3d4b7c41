"""``peksos init`` and ``peksos actor add``: who may act on the ledger."""

from __future__ import annotations

from commands.handling import Result
from commands.values import CommandModel, PersonName, Province, Text
from ledger.application import Ledger
from ledger.vocabulary import Role


class InitLedger(CommandModel):
    admin: PersonName


def init_ledger(ledger: Ledger, cmd: InitLedger) -> Result:
    ledger_id = ledger.open_ledger(cmd.admin)
    return {
        "ledger_id": str(ledger_id),
        "admin": cmd.admin,
        "store": ledger.store.display,
        "keys": str(ledger.keys.folder(ledger_id)),
    }


class AddActor(CommandModel):
    name: PersonName
    role: Role
    province: Province | None = None


def add_actor(ledger: Ledger, actor: str | None, cmd: AddActor) -> Result:
    def attempt() -> Result:
        ctx = ledger.context(actor)
        ctx.actor.authorise("actor.add")
        roster = ledger.roster()
        assert roster.ledger_id is not None
        kid, public = ledger.keys.create_signing_key(roster.ledger_id)
        enrolled = roster.enrol(
            ctx, name=cmd.name, role=cmd.role, province=cmd.province, public_key=public, key_id=kid
        )
        ledger.save(roster)
        return {
            "name": enrolled.name,
            "role": enrolled.role.value,
            "province": enrolled.province,
            "key_id": kid,
        }

    return ledger.attempt(attempt)


def list_actors(ledger: Ledger, actor: str | None) -> list[Result]:
    ctx = ledger.context(actor)
    ctx.actor.authorise("read")
    return [
        {
            "name": a.name,
            "role": a.role.value,
            "province": a.province,
            "status": "revoked" if a.revoked else "active",
        }
        for a in ledger.roster().actors.values()
    ]


class RotateKey(CommandModel):
    name: PersonName


def rotate_key(ledger: Ledger, actor: str | None, cmd: RotateKey) -> Result:
    """A new signing key for an actor; earlier signatures stay verifiable with the old one."""

    def attempt() -> Result:
        ctx = ledger.context(actor)
        roster = ledger.roster()
        assert roster.ledger_id is not None
        kid, public = ledger.keys.create_signing_key(roster.ledger_id)
        rotated = roster.rotate_key(ctx, name=cmd.name, public_key=public, key_id=kid)
        ledger.save(roster)
        return {"name": rotated.name, "key_id": kid}

    return ledger.attempt(attempt)


class RevokeActor(CommandModel):
    name: PersonName
    reason: Text


def revoke_actor(ledger: Ledger, actor: str | None, cmd: RevokeActor) -> Result:
    def attempt() -> Result:
        ctx = ledger.context(actor)
        ctx.actor.authorise("actor.revoke")
        roster = ledger.roster()
        revoked = roster.revoke(ctx, name=cmd.name, reason=cmd.reason)
        ledger.save(roster)
        return {"name": revoked.name, "role": revoked.role.value, "revoked": True}

    return ledger.attempt(attempt)
