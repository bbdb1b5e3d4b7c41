"""``peksos init`` and ``peksos actor add``: who may act on the ledger."""

from __future__ import annotations

from pathlib import Path

from commands.files import output_file, read_capped
from commands.unit_of_work import Result, Tx, use_case
from commands.values import CommandModel, PersonName, Province, Regency, Text
from ledger.application import Ledger
from ledger.storage.keystore import KeyStore
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
    regency: Regency | None = None


@use_case("actor.add")
def add_actor(tx: Tx, cmd: AddActor) -> Result:
    roster = tx.roster
    assert roster.ledger_id is not None
    kid, public = tx.ledger.keys.create_signing_key(roster.ledger_id)
    enrolled = roster.enrol(
        tx.ctx,
        name=cmd.name,
        role=cmd.role,
        province=cmd.province,
        regency=cmd.regency,
        public_key=public,
        key_id=kid,
    )
    tx.touch(roster)
    return {
        "name": enrolled.name,
        "role": enrolled.role.value,
        "province": enrolled.province,
        **({"regency": enrolled.regency} if enrolled.regency else {}),
        "key_id": kid,
    }


def add_actor_handing_over(
    ledger: Ledger, actor: str | None, cmd: AddActor, bundle: Path, force: bool = False
) -> Result:
    """``actor add --bundle FILE``: enrol, then move the new private key out of this machine's
    key folder into FILE, sealed with a transfer code printed once (ledger/storage/key_bundle.py).
    The file appears only if the enrolment was saved; if writing it fails, the key stays here
    (`actor rotate-key` makes a new one)."""
    from ledger.storage import key_bundle

    code = key_bundle.transfer_code()
    with output_file(bundle, ledger, option="--bundle", force=force) as file:
        result = add_actor(ledger, actor, cmd)
        ledger_id = ledger.roster().ledger_id
        assert ledger_id is not None
        handed = ledger.keys.hand_over(ledger_id, result["key_id"], result["name"])
        sealed = key_bundle.Bundle(ledger_id, result["name"], result["key_id"], handed)
        file.write(key_bundle.seal(sealed, code))
    ledger.keys.remove_signing_key(ledger_id, result["key_id"])
    return {**result, "bundle": str(bundle), "transfer_code": code}


class ImportKeys(CommandModel):
    file: Path
    code: str


def import_keys(keys: KeyStore, cmd: ImportKeys) -> Result:
    """``keys import FILE``: install a key bundle in this machine's key folder."""
    from ledger.storage import key_bundle

    data = read_capped(cmd.file, "FILE")
    bundle = key_bundle.open_sealed(data, cmd.code)
    kid = keys.take_over(bundle.ledger_id, bundle.secrets)
    return {
        "actor": bundle.actor,
        "key_id": kid,
        "ledger_id": str(bundle.ledger_id),
        "keys": str(keys.folder(bundle.ledger_id)),
    }


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


@use_case(None)  # an admin for anyone, anyone for themselves: the roster decides
def rotate_key(tx: Tx, cmd: RotateKey) -> Result:
    """A new signing key for an actor; earlier signatures stay verifiable with the old one."""
    roster = tx.roster
    assert roster.ledger_id is not None
    kid, public = tx.ledger.keys.create_signing_key(roster.ledger_id)
    rotated = roster.rotate_key(tx.ctx, name=cmd.name, public_key=public, key_id=kid)
    tx.touch(roster)
    return {"name": rotated.name, "key_id": kid}


class RevokeActor(CommandModel):
    name: PersonName
    reason: Text


@use_case("actor.revoke")
def revoke_actor(tx: Tx, cmd: RevokeActor) -> Result:
    revoked = tx.roster.revoke(tx.ctx, name=cmd.name, reason=cmd.reason)
    tx.touch(tx.roster)
    return {"name": revoked.name, "role": revoked.role.value, "revoked": True}


class CreateLogKey(CommandModel):
    """Nothing to give: the ledger makes its own key."""


@use_case("keys.log")
def create_log_key(tx: Tx, cmd: CreateLogKey) -> Result:
    """The ledger's own key, for a ledger made before tree heads were signed (``init``
    records one with every new ledger)."""
    roster = tx.roster
    assert roster.ledger_id is not None
    if roster.log_key is not None:  # before a key file is made for nothing
        roster.create_log_key(tx.ctx, roster.log_key.key_id, roster.log_key.public_key)
    kid, public = tx.ledger.keys.create_signing_key(roster.ledger_id)
    created = roster.create_log_key(tx.ctx, kid, public)
    tx.touch(roster)
    return {"log_key": created.key_id}
