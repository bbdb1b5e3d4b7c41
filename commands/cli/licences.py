"""``peksos licence ...``: the Ministry's licences to practise."""

from __future__ import annotations

from typing import Any

import click

from commands.cli.credentials import add_credential_commands
from commands.cli.options import GROUP, on_option, pass_session, reason_option, reg_argument
from commands.cli.session import Session
from ledger.vocabulary import Practice
from ledger.wording import said


@click.group(**GROUP)
def licence() -> None:
    """Licences to practise (izin praktik).

    \b
    Example:
      peksos --as "Hadi Santoso" licence grant APPL-2026-00001
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
@on_option
@pass_session
def licence_apply(
    s: Session, registration_no: str, certificate_no: str, practice: str, on: str | None
) -> None:
    """Forward a licence application to the Ministry (LSP only); prints application_no.

    \b
    Example:
      peksos --as "Bambang Wibisono" licence apply 32-2010-00001 --certificate CERT-2011-00001 \\
          --practice direct,institution --on 2011-06-01
    """
    from commands.cli.render import fields
    from commands.licences import ApplyForLicence, apply_for_licence

    kinds = tuple(k.strip() for k in practice.split(",") if k.strip())
    cmd = s.build(
        ApplyForLicence,
        registration_no=registration_no,
        certificate_no=certificate_no,
        practice=kinds,
        on=on,
    )
    s.out(apply_for_licence(s.ledger(), s.actor, cmd), fields("Licence applied for"))


@licence.command("grant")
@click.argument("application_no", metavar="APPLICATION_NO")
@on_option
@pass_session
def licence_grant(s: Session, application_no: str, on: str | None) -> None:
    """Grant the licence applied for (Ministry only); prints licence_no and valid_until.

    \b
    Example:
      peksos --as "Hadi Santoso" licence grant APPL-2011-00001 --on 2011-07-15
    """
    from commands.cli.render import fields
    from commands.licences import GrantLicence, grant_licence

    cmd = s.build(GrantLicence, application_no=application_no, on=on)
    s.out(grant_licence(s.ledger(), s.actor, cmd), fields("Licence granted"))


def _licence_decision(move: str, done: str, model_name: str, example: str) -> None:
    """Declare ``licence suspend|reinstate|revoke``: one shape, three Ministry decisions."""

    @licence.command(
        move, help=f"{move.capitalize()} a licence (Ministry only).\n\n\b\nExample:\n  {example}"
    )
    @click.argument("licence_no", metavar="LICENCE")
    @reason_option
    @on_option
    @pass_session
    def decide(s: Session, **options: Any) -> None:
        from commands import licences
        from commands.cli.render import fields

        cmd = s.build(getattr(licences, model_name), **options)
        s.out(
            licences.decide_on_licence(s.ledger(), s.actor, cmd),
            fields(said("Licence {done}", done=done)),
        )


_licence_decision(
    "suspend",
    "suspended",
    "SuspendLicence",
    'peksos --as "Hadi Santoso" licence suspend LIC-2011-00001 --reason inquiry --on 2013-02-01',
)
_licence_decision(
    "reinstate",
    "reinstated",
    "ReinstateLicence",
    'peksos --as "Hadi Santoso" licence reinstate LIC-2011-00001 --reason cleared --on 2014-01-06',
)
_licence_decision(
    "revoke",
    "revoked",
    "RevokeLicence",
    'peksos --as "Hadi Santoso" licence revoke LIC-2011-00001 --reason "misconduct"',
)


@licence.command("show")
@click.argument("licence_no", metavar="LICENCE")
@pass_session
def licence_show(s: Session, licence_no: str) -> None:
    """A licence's holder, certificate, practice, validity and status.

    \b
    Example:
      peksos --as "Lestari Wulandari" licence show LIC-2026-00001
    """
    from commands.cli.render import fields
    from commands.queries import show_licence

    s.out(show_licence(s.ledger(), s.actor, licence_no), fields("Licence"))


add_credential_commands(licence, "licence")

COMMANDS = [licence]
