"""``peksos str ...``, ``peksos sipps ...`` and ``peksos rules ...``: Law 14/2019's chain after a
certificate, and the rule sets as data."""

from __future__ import annotations

from typing import Any

import click

from commands.cli import completion
from commands.cli.credentials import add_credential_commands
from commands.cli.options import GROUP, on_option, pass_session, reason_option, reg_argument
from commands.cli.session import Session
from ledger.vocabulary import Practice
from ledger.wording import said


@click.group("str", **GROUP)
def str_group() -> None:
    """Registration certificates (STR, Surat Tanda Registrasi) that IPSPI issues.

    \b
    Example:
      peksos --as "Lestari Wulandari" str show STR-2024-00001
    """


@str_group.command("issue")
@reg_argument
@click.option("--certificate", "certificate_no", required=True, metavar="CERT")
@click.option("--health-statement", required=True, metavar="REF", help="Its reference.")
@click.option("--oath-on", required=True, metavar="DATE", help="The day the oath was taken.")
@click.option("--ethics-pledge", required=True, metavar="REF", help="Its reference.")
@on_option
@pass_session
def str_issue(s: Session, **options: Any) -> None:
    """Issue an STR on an active certificate of any rule set (admin only); prints str_no.

    \b
    Example:
      peksos --as "Ratna Sari" str issue 32-2010-00001 --certificate CERT-2024-00001 \\
          --health-statement "SKS-2024/117" --oath-on 2024-03-01 \\
          --ethics-pledge "PKE-2024/117" --on 2024-03-04
    """
    from commands.cli.render import fields
    from commands.practice import IssueStr, issue_str

    cmd = s.build(IssueStr, **options)
    s.out(issue_str(s.ledger(), s.actor, cmd), fields("STR issued"))


@str_group.command("show")
@click.argument("str_no", metavar="STR")
@pass_session
def str_show(s: Session, str_no: str) -> None:
    """An STR's holder, certificate, validity and status.

    \b
    Example:
      peksos --as "Lestari Wulandari" str show STR-2024-00001
    """
    from commands.cli.render import fields
    from commands.practice import show_str

    s.out(show_str(s.ledger(), s.actor, str_no), fields("STR"))


@str_group.command("revoke")
@click.argument("str_no", metavar="STR")
@reason_option
@on_option
@pass_session
def str_revoke(s: Session, **options: Any) -> None:
    """Revoke an STR; the SIPPS resting on it are revoked with it (admin only).

    \b
    Example:
      peksos --as "Ratna Sari" str revoke STR-2024-00001 --reason "ethics ruling 2/2025"
    """
    from commands.cli.render import fields
    from commands.practice import RevokeStr, revoke_str

    cmd = s.build(RevokeStr, **options)
    s.out(revoke_str(s.ledger(), s.actor, cmd), fields("STR revoked"))


@click.group("sipps", **GROUP)
def sipps_group() -> None:
    """Practice permits (SIPPS) that regency and city governments grant.

    \b
    Example:
      peksos --as "Lestari Wulandari" sipps show SIPPS-3273-2024-00001
    """


@sipps_group.command("grant")
@reg_argument
@click.option("--str", "str_no", required=True, metavar="STR")
@click.option(
    "--regency",
    shell_complete=completion.regencies,
    required=True,
    metavar="REGENCY",
    help="BPS code or name.",
)
@click.option("--place", required=True, metavar="TEXT", help="The place of practice.")
@click.option(
    "--practice", required=True, metavar="KINDS", help=f"Comma-separated: {','.join(Practice)}."
)
@on_option
@pass_session
def sipps_grant(s: Session, practice: str, **options: Any) -> None:
    """Grant a practice permit on an active STR (that regency's officer only); prints
    sipps_no and valid_until.

    \b
    Example:
      peksos --as "Asep Sunandar" sipps grant 32-2010-00001 --str STR-2024-00001 \\
          --regency 3273 --place "Panti Sosial Asuhan Anak Bandung" --practice direct
    """
    from commands.cli.render import fields
    from commands.practice import GrantSipps, grant_sipps

    kinds = tuple(k.strip() for k in practice.split(",") if k.strip())
    cmd = s.build(GrantSipps, practice=kinds, **options)
    s.out(grant_sipps(s.ledger(), s.actor, cmd), fields("SIPPS granted"))


def _sipps_decision(move: str, done: str, model_name: str) -> None:
    """Declare ``sipps suspend|reinstate|revoke``: one shape, three decisions of a regency."""

    @sipps_group.command(
        move,
        help=f"{move.capitalize()} a SIPPS (the officer of its regency only).\n\n\b\nExample:\n"
        f'  peksos --as "Asep Sunandar" sipps {move} SIPPS-3273-2024-00001 --reason inquiry',
    )
    @click.argument("sipps_no", metavar="SIPPS")
    @reason_option
    @on_option
    @pass_session
    def decide(s: Session, **options: Any) -> None:
        from commands import practice
        from commands.cli.render import fields

        cmd = s.build(getattr(practice, model_name), **options)
        s.out(
            practice.decide_on_sipps(s.ledger(), s.actor, cmd),
            fields(said("SIPPS {done}", done=done)),
        )


_sipps_decision("suspend", "suspended", "SuspendSipps")
_sipps_decision("reinstate", "reinstated", "ReinstateSipps")
_sipps_decision("revoke", "revoked", "RevokeSipps")


def _chain_provenance(s: Session, number: str) -> None:
    from commands.cli import render
    from commands.practice import chain_provenance

    def page(p: dict[str, Any]) -> None:
        if "sipps" in p:
            render.fields(said("Provenance of SIPPS {sipps_no}", sipps_no=p["sipps"]["sipps_no"]))(
                p["sipps"]
            )
            click.echo("")
        render.fields(said("STR {str_no}, on which it rests", str_no=p["str"]["str_no"]))(p["str"])
        click.echo("")
        render.provenance(p["certificate"])

    s.out(chain_provenance(s.ledger(), s.actor, number), page)


@str_group.command("provenance")
@click.argument("str_no", metavar="STR")
@pass_session
def str_provenance(s: Session, str_no: str) -> None:
    """The STR, and the certificate it rests on with its evidence and rule set.

    \b
    Example:
      peksos --as "Lestari Wulandari" str provenance STR-2026-00001
    """
    _chain_provenance(s, str_no)


@sipps_group.command("provenance")
@click.argument("sipps_no", metavar="SIPPS")
@pass_session
def sipps_provenance(s: Session, sipps_no: str) -> None:
    """The SIPPS, the STR it rests on, and the certificate beneath with its evidence.

    \b
    Example:
      peksos --as "Lestari Wulandari" sipps provenance SIPPS-3273-2026-00001
    """
    _chain_provenance(s, sipps_no)


@sipps_group.command("show")
@click.argument("sipps_no", metavar="SIPPS")
@pass_session
def sipps_show(s: Session, sipps_no: str) -> None:
    """A SIPPS's holder, STR, regency, place, validity and status.

    \b
    Example:
      peksos --as "Lestari Wulandari" sipps show SIPPS-3273-2024-00001
    """
    from commands.cli.render import fields
    from commands.practice import show_sipps

    s.out(show_sipps(s.ledger(), s.actor, sipps_no), fields("SIPPS"))


@click.group("rules", **GROUP)
def rules_group() -> None:
    """The rule sets, as data: what each requires, per level, and what follows a certificate.

    \b
    Example:
      peksos rules show uu-14-2019
    """


@rules_group.command("list")
@pass_session
def rules_list(s: Session) -> None:
    """Every rule set the ledger judges by, with the day it came into force.

    \b
    Example:
      peksos rules list
    """
    from datetime import timedelta

    from commands.cli.render import emit_rows
    from ledger import regimes

    rows = [
        {
            "rule_set": r.id,
            "in_force_from": str(r.in_force_from),
            "until": str(later.in_force_from - timedelta(days=1)) if later else "",
            "levels": ", ".join(r.levels),
            "after_certificate": " -> ".join(step.kind for step in r.after_certificate),
        }
        for r, later in zip(regimes.RULE_SETS, [*regimes.RULE_SETS[1:], None], strict=True)
    ]
    columns = ["rule_set", "in_force_from", "until", "levels", "after_certificate"]
    emit_rows(rows, columns, "json" if s.as_json else "table", "Rule sets")


@rules_group.command("show")
@click.argument("rule_set", metavar="RULE_SET")
@pass_session
def rules_show(s: Session, rule_set: str) -> None:
    """One rule set as data: its source (or the assumption), levels and requirements,
    validity, the chain after a certificate, and which values are the ledger's policy.

    \b
    Example:
      peksos rules show permensos-16-2012
    """
    from commands.cli.render import emit_json, rule_set_page
    from ledger.errors import NotFound
    from ledger.regimes import RULE_SETS, rule_set_named

    try:
        data = rule_set_named(rule_set).as_data()
    except KeyError:
        known = ", ".join(r.id for r in RULE_SETS)
        raise NotFound(f"no rule set {rule_set!r}: the ledger knows {known}") from None
    if s.as_json:
        emit_json(data)
    else:
        rule_set_page(data)


add_credential_commands(str_group, "str")
add_credential_commands(sipps_group, "sipps")

COMMANDS = [str_group, sipps_group, rules_group]
