"""``peksos reference ...``: the vocabularies (provinces, regencies and cities, majors, fields
of practice, education levels), as tables or, with ``--json``, as data."""

from __future__ import annotations

from typing import Any

import click

from commands.cli import completion
from commands.cli.options import GROUP, pass_session
from commands.cli.session import Session


@click.group(**GROUP)
def reference() -> None:
    """The vocabularies: what the ledger accepts where it asks for a province, a regency or
    city, a major, a field of practice or an education level.

    \b
    Example:
      peksos reference provinces
      peksos --json reference regencies --province "Jawa Barat"
    """


def _show(s: Session, rows: list[dict[str, Any]], columns: list[str], title: str) -> None:
    from commands.cli.render import emit_json, emit_rows

    if s.as_json:
        emit_json(rows)
    else:
        emit_rows(rows, columns, "table", title)


@reference.command("provinces")
@pass_session
def reference_provinces(s: Session) -> None:
    """The provinces: BPS code (what --province takes, or the name), name, other names.

    The Kemendagri code is the one a NIK's first two digits carry (it differs for Papua).

    \b
    Example:
      peksos reference provinces
    """
    from commands.reference import list_provinces

    _show(s, list_provinces(), ["code", "name", "kemendagri", "aliases"], "Provinces")


@reference.command("regencies")
@click.option(
    "--province",
    shell_complete=completion.provinces,
    metavar="CODE",
    help="Only this province's (its BPS code or its name).",
)
@pass_session
def reference_regencies(s: Session, province: str | None) -> None:
    """The regencies and cities (kabupaten/kota): BPS code (what --regency takes, or the
    name), name, province.

    \b
    Example:
      peksos reference regencies --province "Jawa Barat"
    """
    from commands.reference import ListRegencies, list_regencies

    query = s.build(ListRegencies, province=province)
    rows = list_regencies(query)
    title = "Regencies and cities"
    if query.province is not None and rows:
        title += f" of {rows[0]['province_name']} ({query.province})"
    _show(s, rows, ["code", "name", "province", "kemendagri"], title)


@reference.command("majors")
@pass_session
def reference_majors(s: Session) -> None:
    """The degree majors that are social work or social welfare, and the names each is known
    by (case and spacing forgiven; "S1 " before it is dropped). Any other major is recorded
    as written and does not qualify for certification.

    \b
    Example:
      peksos reference majors
    """
    from commands.reference import list_majors

    _show(s, list_majors(), ["code", "aliases"], "Majors that qualify")


@reference.command("fields")
@pass_session
def reference_fields(s: Session) -> None:
    """The fields of practice an exam and a certificate are for (what --field takes).

    \b
    Example:
      peksos reference fields
    """
    from commands.reference import list_fields

    _show(s, list_fields(), ["code", "name", "name_en"], "Fields of practice")


@reference.command("levels")
@pass_session
def reference_levels(s: Session) -> None:
    """The education levels, lowest first (what --level takes).

    \b
    Example:
      peksos reference levels
    """
    from commands.reference import list_levels

    _show(s, list_levels(), ["code", "name", "name_en"], "Education levels")


COMMANDS = [reference]
