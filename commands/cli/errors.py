"""Every failure leaves the CLI here: mapped to the contract's exit code once, and said in plain
words on stderr (or as one JSON object with --json). Never a traceback.

Also how an input is named in an error: as the running command's help names it.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from commands import bootstrap
from commands.cells import shown
from commands.cli import language
from commands.cli.language import say
from ledger.errors import (
    Conflict,
    IntegrityFailure,
    InvalidInput,
    LedgerError,
    NotAuthorised,
    NotFound,
    Refused,
    disk_full,
)
from ledger.wording import N_

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
ABORTED = 130


def exit_code(error: LedgerError) -> int:
    for cls in type(error).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]  # type: ignore[index]
    return BUG


def report(error: Exception, as_json: bool) -> int:
    """Say what went wrong, the contract's way, and return the exit code: the one map from
    errors to exit codes."""
    if isinstance(error, click.BadParameter) and not isinstance(error, click.MissingParameter):
        error = _invalid_value(error)
    if isinstance(error, LedgerError):
        return report_error(error, as_json)
    if isinstance(error, click.exceptions.Exit):
        return int(error.exit_code or 0)
    if isinstance(error, click.Abort):
        click.echo(say(N_("aborted; nothing was recorded")), err=True)
        return ABORTED
    if isinstance(error, click.ClickException):  # unknown command or option, a missing one
        if as_json:
            emit_error_json("usage", error.format_message(), None)
        else:
            error.show()
        return USAGE if isinstance(error, click.UsageError) else error.exit_code
    if (full := disk_full(error)) is not None:
        return report_error(full, as_json)
    if isinstance(error, OSError):  # a file or folder the user named cannot be used as asked
        where = f" ({error.filename})" if error.filename else ""
        message = f"{error.strerror or error}{where}"
        return report_error(InvalidInput(message, [{"field": "path", "message": message}]), as_json)
    store_error = _store_error(error)
    if store_error is not None:
        if bootstrap.settings().debug:
            import traceback

            traceback.print_exception(error, file=sys.stderr)
        return report_error(store_error, as_json)
    return bug(error)


def report_error(error: LedgerError, as_json: bool) -> int:
    """Print ``error`` to stderr (JSON or plain words) and return its exit code."""
    code = exit_code(error)
    if as_json:
        details = error.details
        if isinstance(error, Refused):  # each requirement by its stable code, and in words
            details = [language.data(requirement) for requirement in error.unmet]
        emit_error_json(error.code, say(error.message), details)
        return code
    click.echo(say("error: {message}").format(message=shown(say(error.message))), err=True)
    if isinstance(error, Refused):
        for requirement in error.unmet:
            click.echo(f"  - {shown(say(requirement))}", err=True)
    elif isinstance(error, IntegrityFailure) and isinstance(error.details, list):
        for problem in error.details:
            click.echo(f"  - {shown(str(problem))}", err=True)
    elif isinstance(error, InvalidInput) and isinstance(error.details, list):
        for item in error.details:
            if isinstance(item, dict) and len(error.details) > 1:  # one is in the message
                line = f"{item.get('field')}: {item.get('message')}"
                click.echo(f"  - {shown(line)}", err=True)
    if error.nothing_recorded:
        click.echo(say("Nothing was recorded."), err=True)
    return code


def emit_error_json(code: str, message: str, details: Any) -> None:
    """The contract's ``--json`` failure: one object on stderr."""
    body = {"error": {"code": code, "message": message, "details": details}}
    click.echo(json.dumps(body, ensure_ascii=False, default=str), err=True)


def bug(error: BaseException) -> int:
    click.echo(
        f"internal error ({type(error).__name__}: {error}). This is a bug in peksos; "
        "nothing was recorded unless the command said so. Set PEKSOS_DEBUG=1 for details.",
        err=True,
    )
    if bootstrap.settings().debug:
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    return BUG


def _invalid_value(error: click.BadParameter) -> click.BadParameter | InvalidInput:
    """A value click could not read (not one of the choices, not a number): invalid input,
    named like every other."""
    if error.param is None:
        return error
    name = param_label(error.param)
    return InvalidInput(f"{name}: {error.message}", [{"field": name, "message": error.message}])


def _store_error(error: Exception) -> LedgerError | None:
    """The store failed under us: unreadable (6), or busy or gone (5). None: not the store."""
    import sqlite3

    from eventsourcing.persistence import PersistenceError

    if not isinstance(error, PersistenceError | sqlite3.DatabaseError):
        return None
    text = str(error)
    if "not a database" in text or "malformed" in text:
        return IntegrityFailure(f"the store is not a readable ledger: {text}")
    if "permission denied" in text:  # a PostgreSQL role without the right (docs/)
        return NotAuthorised(
            f"the database refused this role ({text}); nothing was recorded. A role that may "
            "not create tables runs with PEKSOS_CREATE_TABLES=no, and one that may not write "
            "the views with PEKSOS_CATCH_UP=no"
        )
    return Conflict(f"the store could not be used ({text}); nothing was recorded: retry")


# --- naming an input -------------------------------------------------------------------------


def param_label(param: click.Parameter) -> str:
    """An option by its longest ``--`` name, an argument as its help shows it (``REG``)."""
    if isinstance(param, click.Argument):
        return param.metavar or (param.name or "argument").upper()
    long = [opt for opt in param.opts if opt.startswith("--")]
    return max(long, key=len) if long else param.opts[0]


def field_label(field_name: str) -> str:
    """A command model's field named as the running command takes it: its option (``--from``
    for ``started_on``) or argument (``REG``); ``--field-name`` outside a command."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        for param in ctx.command.params:
            if param.name == field_name:
                return param_label(param)
    return "--" + field_name.replace("_", "-")
