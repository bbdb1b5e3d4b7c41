"""What several commands share, declared once: group settings, options, and enum choices.

Choices come from the domain's vocabulary (stdlib enums only, cheap to import), so the CLI never
types a list of roles, fields or degree levels by hand.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

import click

from commands.cli import completion, language
from commands.cli.session import Session
from ledger.errors import InvalidInput


class InOrder(click.Group):
    """Lists commands in the order of the work, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """click's list of commands, each line the first sentence of its translated help."""
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        shown = [(name, c) for name, c in commands if c is not None and not c.hidden]
        if shown:
            limit = formatter.width - 6 - max(len(name) for name, _ in shown)
            with formatter.section(language.say("Commands")):
                formatter.write_dl([(name, language.short_help(c, limit)) for name, c in shown])


GROUP: dict[str, Any] = {
    "cls": InOrder,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}


class EnumChoice(click.Choice[str]):
    """One of an enum's values. Upper-case vocabularies (degree levels) are matched in any case
    and give the canonical value (``s1`` is ``S1``); the value is the enum member.

    A value outside the vocabulary is a :class:`click.BadParameter` naming the option, which
    ``commands.cli.errors`` reports like every other invalid input.
    """

    def __init__(self, enum: type[StrEnum]) -> None:
        self.enum = enum
        values = [member.value for member in enum]
        super().__init__(values, case_sensitive=not all(v.isupper() for v in values))

    def normalize_choice(self, choice: object, ctx: click.Context | None) -> str:
        return str(choice)  # help and completion show the canonical values, as typed in the enum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, self.enum):
            return value
        text = str(value)
        # Any case, in ASCII only: "ſ1" (long s) is not "S1", though Unicode folds it so.
        folded = text.upper() if not self.case_sensitive and text.isascii() else text
        for choice in self.choices:
            if folded == choice:
                return self.enum(choice)
        self.fail(f"{text!r} is not one of {', '.join(self.choices)}", param, ctx)


def enum_option(name: str, enum: type[StrEnum], **kw: Any) -> Callable[..., Any]:
    """An option whose value is one of ``enum``'s: ``enum_option("--level", EducationLevel)``."""
    return click.option(name, type=EnumChoice(enum), **kw)


reg_argument = click.argument("registration_no", metavar="REG")
trusted_keys_option = click.option(
    "--trusted-keys",
    "trusted",
    type=click.Path(path_type=Path),
    metavar="JWKS.json",
    help="Trust this ledger's signatures only if its issuers' keys are these pinned ones "
    "(`keys export --jwks`).",
)
reason_option = click.option("--reason", required=True, help="Why, in plain words (recorded).")
on_option = click.option(
    "--on",
    metavar="DATE",
    help="The day the decision took effect (default: today in Indonesia, WIB); the time it "
    "was recorded is always now.",
)
as_of_option = click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Show the facts as they stood on DATE (YYYY-MM-DD or DD/MM/YYYY).",
)
known_at_option = click.option(
    "--known-at",
    "known_at",
    metavar="TIME",
    help="Only what the ledger had recorded by TIME (ISO 8601; no zone means UTC; a bare date "
    "means the end of that day).",
)


def format_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|json|csv`` and ``--excel`` (CSV as a spreadsheet in an Indonesian
    locale opens it: UTF-8 with a BOM, ``;`` between cells); the command gets ``fmt``, which
    is ``"excel"`` for the latter."""

    @functools.wraps(command)
    def choose(*args: Any, fmt: str, excel: bool, out: Path | None, **kwargs: Any) -> Any:
        if (fmt == "xlsx") != (out is not None):
            field, why = (
                ("--out", "--format xlsx needs --out FILE")
                if out is None
                else ("--format", "--out is for --format xlsx")
            )
            raise InvalidInput(why, [{"field": field, "message": why}])
        click.get_current_context().meta[WORKBOOK] = out
        return command(*args, fmt="excel" if excel else fmt, **kwargs)

    choose = click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="FILE",
        help="The workbook to write, with --format xlsx.",
    )(choose)
    choose = click.option(
        "--excel",
        is_flag=True,
        help="CSV for spreadsheets in an Indonesian locale: UTF-8 with BOM, ';'-separated.",
    )(choose)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "csv", "xlsx"]),
        default="table",
        show_default=True,
        help="Output format (--json overrides).",
    )(choose)


WORKBOOK = "peksos.workbook"  # where --format xlsx writes (the context's meta)
pass_session = click.make_pass_decorator(Session)


def period_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options the certificate and licence registers share."""
    options: list[Callable[[Callable[..., Any]], Callable[..., Any]]] = [
        click.option("--from", "issued_from", metavar="DATE", help="Issued on or after DATE."),
        click.option("--to", "issued_to", metavar="DATE", help="Issued on or before DATE."),
        click.option("--province", shell_complete=completion.provinces, metavar="CODE"),
        as_of_option,
        known_at_option,
        format_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command
