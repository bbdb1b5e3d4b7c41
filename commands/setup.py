"""``peksos init`` and ``peksos actor add``: who may act on the ledger."""

from __future__ import annotations

from commands.handling import Result
from commands.values import CommandModel, PersonName, Province
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
        enrolled = roster.enrol(ctx, name=cmd.name, role=cmd.role, province=cmd.province)
        ledger.save(roster)
        return {"name": enrolled.name, "role": enrolled.role.value, "province": enrolled.province}

    return ledger.attempt(attempt)


def list_actors(ledger: Ledger, actor: str | None) -> list[Result]:
    ctx = ledger.context(actor)
    ctx.actor.authorise("read")
    return [
        {"name": a.name, "role": a.role.value, "province": a.province}
        for a in ledger.roster().actors.values()
    ]
