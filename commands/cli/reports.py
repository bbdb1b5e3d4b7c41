"""``peksos report ...``: audit reports across members (table, JSON or CSV)."""

from __future__ import annotations

from typing import Any

import click

from commands.cli import completion
from commands.cli.options import (
    GROUP,
    as_of_option,
    enum_option,
    format_option,
    known_at_option,
    pass_session,
    period_options,
)
from commands.cli.session import Session
from ledger.vocabulary import Field


@click.group(**GROUP)
def report() -> None:
    """Audit reports across members (table, JSON or CSV).

    \b
    Example:
      peksos --as "Lestari Wulandari" report standing --as-of 2010-10-01
    """


def _report(
    s: Session,
    result: dict[str, Any],
    columns: list[str],
    fmt: str,
    table_columns: list[str] | None = None,
) -> None:
    from commands.cli import render

    if s.as_json or fmt == "json":
        render.emit_json(result)
    else:
        render.report(result, columns if fmt != "table" else table_columns or columns, fmt)


@report.command("standing")
@as_of_option
@known_at_option
@click.option("--province", shell_complete=completion.provinces, metavar="CODE")
@format_option
@pass_session
def report_standing(s: Session, fmt: str, **options: Any) -> None:
    """Members in good standing on a date (dues for that year paid): the quorum list.

    \b
    Example:
      peksos --as "Lestari Wulandari" report standing --as-of 2010-10-01 --province 32
    """
    from commands.reports import ReportFilter
    from commands.reports import report_standing as run
    from projections.reports.standing import COLUMNS, TABLE_COLUMNS

    _report(
        s, run(s.ledger(), s.actor, s.build(ReportFilter, **options)), COLUMNS, fmt, TABLE_COLUMNS
    )


@report.command("certificates")
@period_options
@enum_option("--field", Field, metavar="FIELD", help="Field of practice, e.g. anak.")
@pass_session
def report_certificates(s: Session, fmt: str, **options: Any) -> None:
    """Certificates issued in a period, with their status on a date.

    \b
    Example:
      peksos --as "Lestari Wulandari" report certificates --from 2011-01-01 --to 2011-12-31 \\
          --field anak
    """
    from commands.reports import PeriodFilter
    from commands.reports import report_certificates as run
    from projections.reports.certificates import COLUMNS, TABLE_COLUMNS

    _report(
        s, run(s.ledger(), s.actor, s.build(PeriodFilter, **options)), COLUMNS, fmt, TABLE_COLUMNS
    )


@report.command("licences")
@period_options
@click.option("--status", type=click.Choice(["active", "suspended", "revoked", "expired"]))
@pass_session
def report_licences(s: Session, fmt: str, **options: Any) -> None:
    """Licences granted in a period, with their status on a date.

    \b
    Example:
      peksos --as "Lestari Wulandari" report licences --status revoked --format csv
    """
    from commands.reports import PeriodFilter
    from commands.reports import report_licences as run
    from projections.reports.licences import COLUMNS, TABLE_COLUMNS

    _report(
        s, run(s.ledger(), s.actor, s.build(PeriodFilter, **options)), COLUMNS, fmt, TABLE_COLUMNS
    )


@report.command("credentials")
@period_options
@click.option("--kind", type=click.Choice(["certificate", "licence", "str", "sipps"]))
@click.option(
    "--status",
    type=click.Choice(["active", "suspended", "revoked", "expired", "not yet issued"]),
)
@pass_session
def report_credentials(s: Session, fmt: str, **options: Any) -> None:
    """Every credential of the chain with its status on a date: certificates, Ministry
    licences (2009 and 2012 rules), STRs and SIPPS (Law 14/2019), each naming what it rests on.

    \b
    Example:
      peksos --as "Lestari Wulandari" report credentials --kind sipps --status active
    """
    from commands.reports import CredentialFilter
    from commands.reports import report_credentials as run
    from projections.reports.credentials import COLUMNS, TABLE_COLUMNS

    _report(
        s,
        run(s.ledger(), s.actor, s.build(CredentialFilter, **options)),
        COLUMNS,
        fmt,
        TABLE_COLUMNS,
    )


@report.command("dues")
@click.option("--year", required=True)
@click.option("--province", shell_complete=completion.provinces, metavar="CODE")
@known_at_option
@format_option
@pass_session
def report_dues(s: Session, fmt: str, **options: Any) -> None:
    """Dues for a year: members, paid, unpaid and rupiah by province, and who has not paid.

    \b
    Example:
      peksos --as "Lestari Wulandari" report dues --year 2011
    """
    from commands.reports import DuesFilter
    from commands.reports import report_dues as run
    from projections.reports.dues import COLUMNS

    _report(s, run(s.ledger(), s.actor, s.build(DuesFilter, **options)), COLUMNS, fmt)


@report.command("access")
@click.option("--member", metavar="REG", help="Only the reads of this member's data.")
@click.option("--actor", metavar="NAME", help="Only the reads by this actor.")
@click.option("--since", metavar="DATE", help="Only reads on or after DATE (UTC).")
@format_option
@pass_session
def report_access(s: Session, fmt: str, **options: Any) -> None:
    """Who was shown whose full personal data (member show|history --unmasked) or given a copy
    (member export-data), and when: the access log of UU 27/2022 Pasal 14 (admins and
    auditors). Each entry is a signed event that `audit verify` checks.

    \b
    Example:
      peksos --as "Lestari Wulandari" report access --since 2026-01-01
    """
    from commands.reports import AccessFilter
    from commands.reports import report_access as run
    from projections.reports.access import COLUMNS

    _report(s, run(s.ledger(), s.actor, s.build(AccessFilter, **options)), COLUMNS, fmt)


@report.command("anomalies")
@click.option(
    "--back-dated-after",
    metavar="DAYS",
    default="30",
    show_default=True,
    help="Flag decisions recorded more than DAYS after the day they took effect.",
)
@format_option
@pass_session
def report_anomalies(s: Session, fmt: str, back_dated_after: str) -> None:
    """Every stream whose history breaks a rule, judged by the rule set of its day.

    Says what was checked, so an empty report means none was found.

    \b
    Example:
      peksos --as "Lestari Wulandari" report anomalies --back-dated-after 90 --format csv
    """
    from commands.reports import AnomalyFilter
    from commands.reports import report_anomalies as run
    from projections.reports.anomalies import COLUMNS

    f = s.build(AnomalyFilter, back_dated_after=back_dated_after)
    _report(s, run(s.ledger(), s.actor, f), COLUMNS, fmt)


COMMANDS = [report]
