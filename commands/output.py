"""Everything the CLI prints: results as text, tables, JSON or CSV; errors as exit codes.

Errors are mapped to the contract's exit codes here and only here.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from ledger.errors import (
    Conflict,
    IntegrityFailure,
    InvalidInput,
    LedgerError,
    NotAuthorised,
    NotFound,
    Refused,
)

EXIT_CODES: dict[type[LedgerError], int] = {
    InvalidInput: 2,
    Refused: 3,
    NotFound: 4,
    Conflict: 5,
    IntegrityFailure: 6,
    NotAuthorised: 7,
}
USAGE = 2
BUG = 1


def exit_code(error: LedgerError) -> int:
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]  # type: ignore[index]
    return BUG


def report_error(error: LedgerError, as_json: bool) -> int:
    """Print ``error`` to stderr (JSON or plain words) and return its exit code."""
    code = exit_code(error)
    if as_json:
        emit_error_json(error.code, error.message, error.details)
        return code
    click.echo(f"error: {error.message}", err=True)
    if isinstance(error, Refused):
        for requirement in error.unmet:
            click.echo(f"  - {requirement}", err=True)
    elif isinstance(error, IntegrityFailure) and isinstance(error.details, list):
        for problem in error.details:
            click.echo(f"  - {problem}", err=True)
    elif isinstance(error, InvalidInput) and isinstance(error.details, list):
        for item in error.details:
            if isinstance(item, dict) and len(error.details) > 1:  # one is in the message
                click.echo(f"  - {item.get('field')}: {item.get('message')}", err=True)
    if error.nothing_recorded:
        click.echo("Nothing was recorded.", err=True)
    return code


def emit_error_json(code: str, message: str, details: Any) -> None:
    """The contract's ``--json`` failure: one object on stderr."""
    body = {"error": {"code": code, "message": message, "details": details}}
    click.echo(json.dumps(body, ensure_ascii=False, default=str), err=True)


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit_fields(data: dict[str, Any], title: str | None = None) -> None:
    """A result as aligned ``label: value`` lines."""
    if title:
        click.echo(title)
    width = max((len(k) for k in data), default=0)
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        elif isinstance(value, list | tuple):
            value = "; ".join(_cell(v) for v in value) or "-"
        click.echo(f"  {key.replace('_', ' '):<{width}}  {'-' if value is None else value}")


# Numbers and dates never break across lines; other text wraps in a narrow terminal.
UNBROKEN = frozenset(
    {
        "registration_no",
        "certificate_no",
        "licence_no",
        "application_no",
        "exam_id",
        "valid_until",
        "status",
        "field",
        "result",
        "level",
    }
)


# Short headers keep tables inside an 80-column terminal.
HEADERS = {
    "registration_no": "reg no",
    "registered_on": "registered",
    "certificate_no": "cert no",
    "application_no": "application",
    "licence_no": "licence",
    "valid_until": "valid until",
    "certified_on": "certified",
    "granted_on": "granted",
    "graduated_on": "graduated",
    "held_on": "held",
    "applied_on": "applied",
    "province": "prov",
    "licences": "lic",
}


def emit_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str = "table",
    title: str | None = None,
) -> None:
    """Rows as a terminal table, CSV (opens in a spreadsheet) or JSON."""
    if fmt == "json":
        emit_json(list(rows))
    elif fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(row.get(k)) for k in columns})
        click.echo(out.getvalue(), nl=False)
    else:
        _table(rows, columns, title)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return " ".join(_cell(v) for v in value.values() if v is not None)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _table(rows: Iterable[dict[str, Any]], columns: Sequence[str], title: str | None) -> None:
    # rich is imported here only: it costs start-up time that --help should not pay.
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    # No vertical rules: more room for the data in an 80-column terminal.
    table = Table(
        title=title, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, collapse_padding=True
    )
    for column in columns:
        unbroken = column in UNBROKEN or column.endswith("_on")
        header = HEADERS.get(column, column.replace("_", " "))
        table.add_column(header, overflow="fold", no_wrap=unbroken)
    count = 0
    for row in rows:
        # Cells are data, never rich markup: "[bold]" in a name prints as typed.
        table.add_row(*(escape(_cell(row.get(c)) or "-") for c in columns))
        count += 1
    console = Console(no_color="NO_COLOR" in os.environ, soft_wrap=False)
    if count:
        console.print(table)
    else:
        click.echo(f"{title + ': ' if title else ''}nothing to show")


def bug(error: BaseException) -> int:
    click.echo(
        f"internal error ({type(error).__name__}: {error}). This is a bug in peksos; "
        "nothing was recorded unless the command said so. Set PEKSOS_DEBUG=1 for details.",
        err=True,
    )
    if os.environ.get("PEKSOS_DEBUG"):
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    return BUG


@contextmanager
def progress_bar(
    label: str, total: int, *, hidden: bool = False
) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; a silent counter otherwise."""
    if hidden or not sys.stderr.isatty():
        yield lambda _: None
        return
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True, no_color="NO_COLOR" in os.environ)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)
