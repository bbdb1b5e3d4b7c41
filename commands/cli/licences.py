"""``peksos licence ...``: the Ministry's licences to practise."""

from __future__ import annotations

from typing import Any

import click

from commands.cli.options import GROUP, pass_session, reason_option, reg_argument
from commands.cli.session import Session
from ledger.vocabulary import Practice


@click.group(**GROUP)
def licence() -> None:
    """Licences to practise (izin praktik).

    \b
    Example:
      peksos --as "Hadi Kemensos" licence grant APPL-2026-00001
    """


@licence.command("apply")
@reg_argument
@click.option("--certificate", "certificate_no", required=True, metavar="CERT")
@click.option(
    "--practice",
    required=True,
    metavar="KINDS",
    help=f"Comma-separated: {','.join(Practice)}.",
)
@pass_session
def licence_apply(s: Session, registration_no: str, certificate_no: str, practice: str) -> None:
    """Forward a licence application to the Ministry (LSP only); prints application_no.

    \b
    Example:
      peksos --as "Bambang LSP" licence apply 32-2010-00001 --certificate CERT-2011-00001 \\
          --practice direct,institution
    """
    from commands.cli.render import fields
    from commands.licences import ApplyForLicence, apply_for_licence

    kinds = tuple(k.strip() for k in practice.split(",") if k.strip())
    cmd = s.build(
        ApplyForLicence,
        registration_no=registration_no,
        certificate_no=certificate_no,
        practice=kinds,
    )
    s.out(apply_for_licence(s.ledger(), s.actor, cmd), fields("Licence applied for"))


@licence.command("grant")
@click.argument("application_no", metavar="APPLICATION_NO")
@pass_session
def licence_grant(s: Session, application_no: str) -> None:
    """Grant the licence applied for (Ministry only); prints licence_no and valid_until.

    \b
    Example:
      peksos --as "Hadi Kemensos" licence grant APPL-2026-00001
    """
    from commands.cli.render import fields
    from commands.licences import GrantLicence, grant_licence

    cmd = s.build(GrantLicence, application_no=application_no)
    s.out(grant_licence(s.ledger(), s.actor, cmd), fields("Licence granted"))


def _licence_decision(move: str, model_name: str, example: str) -> None:
    """Declare ``licence suspend|reinstate|revoke``: one shape, three Ministry decisions."""

    @licence.command(
        move, help=f"{move.capitalize()} a licence (Ministry only).\n\n\b\nExample:\n  {example}"
    )
    @click.argument("licence_no", metavar="LICENCE")
    @reason_option
    @pass_session
    def decide(s: Session, **options: Any) -> None:
        from commands import licences
        from commands.cli.render import fields

        cmd = s.build(getattr(licences, model_name), **options)
        s.out(licences.decide_on_licence(s.ledger(), s.actor, cmd), fields(f"Licence {move}"))


_licence_decision(
    "suspend",
    "SuspendLicence",
    'peksos --as "Hadi Kemensos" licence suspend LIC-2026-00001 --reason "inquiry"',
)
_licence_decision(
    "reinstate",
    "ReinstateLicence",
    'peksos --as "Hadi Kemensos" licence reinstate LIC-2026-00001 --reason "cleared"',
)
_licence_decision(
    "revoke",
    "RevokeLicence",
    'peksos --as "Hadi Kemensos" licence revoke LIC-2026-00001 --reason "misconduct"',
)


@licence.command("show")
@click.argument("licence_no", metavar="LICENCE")
@pass_session
def licence_show(s: Session, licence_no: str) -> None:
    """A licence's holder, certificate, practice, validity and status.

    \b
    Example:
      peksos --as auditor1 licence show LIC-2026-00001
    """
    from commands.cli.render import fields
    from commands.queries import show_licence

    s.out(show_licence(s.ledger(), s.actor, licence_no), fields("Licence"))


COMMANDS = [licence]
