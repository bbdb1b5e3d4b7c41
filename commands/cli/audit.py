"""``peksos audit ...``: prove that nothing was altered."""

from __future__ import annotations

from pathlib import Path

import click

from commands.cli.options import GROUP, pass_session, trusted_keys_option
from commands.cli.session import Session


@click.group(**GROUP)
def audit() -> None:
    """Prove that nothing was altered: hash chains, signatures, rules, signed tree heads.

    \b
    Example:
      peksos --as "Lestari Wulandari" audit digest > digest-2026.json
      peksos --as "Lestari Wulandari" audit verify --against digest-2026.json
    """


@audit.command("verify")
@click.option(
    "--against",
    type=click.Path(path_type=Path),
    metavar="DIGEST.json",
    help="Also check this tree head's signature (`audit digest`, `--sth-dir`) and prove the "
    "log is an append-only extension of the one it was taken of.",
)
@trusted_keys_option
@pass_session
def audit_verify(s: Session, against: Path | None, trusted: Path | None) -> None:
    """Re-check every stream: versions, hash chain, signatures against the key each actor
    held then, roles, and every certificate against its rule set. Exit 6 on any failure,
    listing all of them.

    \b
    Example:
      peksos --as "Lestari Wulandari" audit verify
    """
    from commands.audit import audit_verify as verify
    from commands.cli.render import fields

    result = verify(s.ledger(), s.actor, against, trusted)
    shown = {k: v for k, v in result.items() if k not in ("failures", "against")}
    if "against" in result:
        head = result["against"]
        shown["tree head"] = f"{head['old_size']} events, consistent; signature {head['signature']}"
    s.out(result, lambda _: fields("Ledger verified")(shown))


@audit.command("digest")
@pass_session
def audit_digest(s: Session) -> None:
    """Print the ledger's signed tree head: the Merkle tree head (RFC 9162) over every event
    (size, root), the time, and the log key's signature (docs/tree-heads.md).

    \b
    Example:
      peksos --as "Lestari Wulandari" audit digest > digest-2026.json
    """
    from commands.audit import audit_digest as digest
    from commands.cli.render import emit_json

    emit_json(digest(s.ledger(), s.actor))


@audit.command("prove")
@click.argument("certificate_no", metavar="CERT")
@pass_session
def audit_prove(s: Session, certificate_no: str) -> None:
    """Print inclusion proofs (RFC 9162) for the events of a certificate, against the root.

    \b
    Example:
      peksos --as "Lestari Wulandari" audit prove CERT-2011-00001
    """
    from commands.audit import audit_prove as prove
    from commands.cli.render import emit_json

    emit_json(prove(s.ledger(), s.actor, certificate_no))


COMMANDS = [audit]
