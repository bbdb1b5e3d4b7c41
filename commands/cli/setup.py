"""``peksos init``, ``info``, ``actor ...`` and ``keys ...``: the store, and who acts on it."""

from __future__ import annotations

from pathlib import Path

import click

from commands.cli import completion
from commands.cli.options import GROUP, enum_option, format_option, pass_session, reason_option
from commands.cli.session import Session
from ledger.vocabulary import Role


@click.command()
@click.option("--admin", required=True, help="Name of the first admin (IPSPI national office).")
@pass_session
def init(s: Session, admin: str) -> None:
    """Create the store and enrol its first admin (once per ledger).

    Also creates the ledger's key folder (PEKSOS_KEYS) holding the NIK-index key.

    \b
    Example:
      peksos --db ipspi.sqlite init --admin "Ratna Sari"
    """
    from commands.cli.render import fields
    from commands.setup import InitLedger, init_ledger

    cmd = s.build(InitLedger, admin=admin)
    s.out(init_ledger(s.ledger(create=True), cmd), fields("Ledger created"))


@click.command()
@pass_session
def info(s: Session) -> None:
    """Show which store is in use, and what it holds.

    \b
    Example:
      peksos --db ipspi.sqlite info
    """
    from commands.bootstrap import store as open_store
    from commands.cli.render import fields
    from commands.queries import info as ledger_info

    store = open_store(s.db)
    if not store.exists():  # before init: say where the store will be, create nothing
        result = {
            "store": store.display,
            "backend": store.backend,
            "initialised": False,
            "events": 0,
        }
    else:
        result = ledger_info(s.ledger())
    s.out(result, fields("Store"))


# --- actors ---------------------------------------------------------------------------------


@click.group(**GROUP)
def actor() -> None:
    """People who act on the ledger, and their roles.

    \b
    Example:
      peksos --as "Ratna Sari" actor add "Dewi Anggraini" --role chapter-admin --province 32
    """


@actor.command("add")
@click.argument("name")
@enum_option("--role", Role, required=True)
@click.option(
    "--province",
    shell_complete=completion.provinces,
    metavar="PROVINCE",
    help="BPS code or name (chapter admins only).",
)
@click.option(
    "--regency",
    shell_complete=completion.regencies,
    metavar="REGENCY",
    help="BPS code or name (regional-government officers only).",
)
@click.option(
    "--bundle",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the new actor's key into FILE, sealed with a transfer code printed once, and "
    "keep no copy here; they install it with `peksos keys import FILE`.",
)
@click.option("--force", is_flag=True, help="Replace an existing bundle FILE.")
@pass_session
def actor_add(
    s: Session,
    name: str,
    role: str,
    province: str | None,
    regency: str | None,
    bundle: Path | None,
    force: bool,
) -> None:
    """Enrol a person who acts on the ledger (admin only). Without --bundle their signing key
    stays in this machine's key folder.

    \b
    Example:
      peksos --as "Ratna Sari" actor add "Dewi Anggraini" --role chapter-admin --province 32
      peksos --as "Ratna Sari" actor add "Asep Sunandar" --role regional-government \\
          --regency "Kota Bandung"
      peksos --as "Ratna Sari" actor add "Lestari Wulandari" --role auditor \\
          --bundle lestari.keys
    """
    from commands.cli.render import fields
    from commands.setup import AddActor, add_actor, add_actor_handing_over

    cmd = s.build(AddActor, name=name, role=role, province=province, regency=regency)
    if bundle is None:
        s.out(add_actor(s.ledger(), s.actor, cmd), fields("Actor enrolled"))
        return
    s.out(
        add_actor_handing_over(s.ledger(), s.actor, cmd, bundle, force),
        fields("Actor enrolled: send the bundle and, apart from it, the transfer code"),
    )


@actor.command("list")
@format_option
@pass_session
def actor_list(s: Session, fmt: str) -> None:
    """List everyone enrolled, with their roles.

    \b
    Example:
      peksos --as "Ratna Sari" actor list
    """
    from commands.cli.render import emit_rows
    from commands.setup import list_actors

    rows = list_actors(s.ledger(), s.actor)
    emit_rows(rows, ["name", "role", "province", "status"], "json" if s.as_json else fmt, "Actors")


@actor.command("revoke")
@click.argument("name")
@reason_option
@pass_session
def actor_revoke(s: Session, name: str, reason: str) -> None:
    """Withdraw a person's right to act on the ledger (admin only); their records stay.

    \b
    Example:
      peksos --as "Ratna Sari" actor revoke "Dewi Anggraini" --reason "left the chapter"
    """
    from commands.cli.render import fields
    from commands.setup import RevokeActor, revoke_actor

    cmd = s.build(RevokeActor, name=name, reason=reason)
    s.out(revoke_actor(s.ledger(), s.actor, cmd), fields("Actor revoked"))


@actor.command("rotate-key")
@click.argument("name")
@pass_session
def actor_rotate_key(s: Session, name: str) -> None:
    """Give an actor a new signing key (admins for anyone; anyone for themselves).

    Signatures made with the old key stay verifiable: the ledger keeps every public key.

    \b
    Example:
      peksos --as "Ratna Sari" actor rotate-key "Bambang Wibisono"
    """
    from commands.cli.render import fields
    from commands.setup import RotateKey, rotate_key

    cmd = s.build(RotateKey, name=name)
    s.out(rotate_key(s.ledger(), s.actor, cmd), fields("Key rotated"))


@click.group(**GROUP)
def keys() -> None:
    """Actors' and the ledger's public keys, as JWKs anyone can verify signatures with.

    \b
    Example:
      peksos --as "Lestari Wulandari" keys show "Bambang Wibisono" --all
    """


@keys.command("show")
@click.argument("name")
@click.option("--all", "every", is_flag=True, help="A JWK Set of every key the actor held.")
@pass_session
def keys_show(s: Session, name: str, every: bool) -> None:
    """Print an actor's public signing key as a JWK (RFC 8037, Ed25519).

    \b
    Example:
      peksos --as "Lestari Wulandari" keys show "Bambang Wibisono" > lsp.jwk
    """
    from commands.audit import show_keys
    from commands.cli.render import emit_json

    emit_json(show_keys(s.ledger(), s.actor, name, every))


@keys.command("export")
@click.option("--jwks", "as_jwks", is_flag=True, required=True, help="As one JWK Set.")
@pass_session
def keys_export(s: Session, as_jwks: bool) -> None:
    """Every key the issuers (admins, LSP, Ministry, regional governments) ever held, and the
    ledger's log key (it signs tree heads), as a JWK Set to publish; auditors pin it once and
    check every ledger copy against it.

    \b
    Example:
      peksos --as "Lestari Wulandari" keys export --jwks > issuers.jwks
      peksos --as "Lestari Wulandari" audit verify --trusted-keys issuers.jwks
    """
    from commands.audit import export_jwks
    from commands.cli.render import emit_json

    emit_json(export_jwks(s.ledger(), s.actor))


@keys.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--code",
    envvar="PEKSOS_TRANSFER_CODE",
    prompt="Transfer code",
    hide_input=True,
    help="The transfer code `actor add --bundle` printed (or PEKSOS_TRANSFER_CODE).",
)
@pass_session
def keys_import(s: Session, file: Path, code: str) -> None:
    """Install the key bundle an admin made for you (`actor add --bundle`) in this machine's
    key folder (PEKSOS_KEYS): your signing key and the ledger's reading keys. Needs no actor.

    \b
    Example:
      PEKSOS_TRANSFER_CODE=ABCD-EFGH-JKLM-NPQR-STUV peksos keys import yosef.keys
    """
    from commands.bootstrap import key_store
    from commands.cli.render import fields
    from commands.setup import ImportKeys, import_keys

    cmd = s.build(ImportKeys, file=file, code=code)
    s.out(import_keys(key_store(), cmd), fields("Keys installed"))


@keys.command("log-key")
@pass_session
def keys_log_key(s: Session) -> None:
    """Give a ledger made before tree heads were signed its log key (admin only; `init` makes
    one with every new ledger). `audit digest` and `--sth-dir` sign with it.

    \b
    Example:
      peksos --as "Ratna Sari" keys log-key
    """
    from commands.cli.render import fields
    from commands.setup import CreateLogKey, create_log_key

    s.out(create_log_key(s.ledger(), s.actor, CreateLogKey()), fields("Log key recorded"))


COMMANDS = [init, info, actor, keys]
