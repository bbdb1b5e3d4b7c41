"""The ``peksos`` command line: a package of thin modules over the use cases. Each command
parses, calls one handler, prints. Nothing else lives here.

One module per command group (setup, members, records, certification, licences, reports, audit,
operations, demo); ``options`` declares what they share, ``session`` is one invocation,
``render`` prints results and ``errors`` maps every failure to its exit code.

Handlers and the storage stack are imported inside each command, so ``peksos --help`` starts
without loading them.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

# A pydantic plugin would see every event validated, personal data included, and finding the
# installed ones costs each start-up a scan of every package's metadata: the CLI runs none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import click

from commands.cli import errors, language
from commands.cli.options import GROUP, InOrder
from commands.cli.session import Session
from ledger.errors import InvalidInput

__all__ = ["InOrder", "cli", "main", "run"]

# Every top-level command and the module declaring it, in the order of the work (`peksos
# --help` lists them so). A command's module is imported only when it runs, so a command
# loads its own group and no other.
MODULE_OF: dict[str, str] = {
    **dict.fromkeys(("init", "info", "actor", "keys"), "setup"),
    "member": "members",
    **dict.fromkeys(("education", "experience", "training", "dues"), "records"),
    **dict.fromkeys(("exam", "certify", "certificate"), "certification"),
    "licence": "licences",
    **dict.fromkeys(("str", "sipps", "rules"), "practice"),  # Law 14/2019; the rule sets
    "status-list": "credentials",  # the status lists of every kind of credential
    "report": "reports",
    "audit": "audit",
    **dict.fromkeys(("projections", "migrate", "import"), "operations"),
    "reference": "reference",  # the vocabularies
    "demo": "demo",
    "serve": "serve",  # the public register on the web
}


class ReaderStopped(Exception):
    """Standard output was a pipe whose reader stopped reading (``peksos ... | head``)."""


class Commands(InOrder):
    """The top-level group: each command imported from its module when first asked for."""

    @property  # type: ignore[override]
    def commands(self) -> dict[str, click.Command]:  # every command: for help and tests
        return {name: command for name in MODULE_OF if (command := self._load(name))}

    @commands.setter
    def commands(self, _: Any) -> None:
        pass  # click.Group's constructor assigns an empty dict: the table is MODULE_OF

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(MODULE_OF)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        return self._load(name) if name in MODULE_OF else None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except BrokenPipeError as gone:  # click would make it exit 1; see main()
            raise ReaderStopped from gone

    @staticmethod
    def _load(name: str) -> click.Command | None:
        module = importlib.import_module(f"commands.cli.{MODULE_OF[name]}")
        return next((c for c in module.COMMANDS if c.name == name), None)


@click.group(**{**GROUP, "cls": Commands})
@click.option(
    "--db",
    envvar="PEKSOS_DB",
    metavar="PATH_OR_URL",
    help="SQLite file or postgresql:// URL [env PEKSOS_DB; default: user data dir].",
)
@click.option(
    "--as",
    "actor",
    envvar="PEKSOS_ACTOR",
    metavar="ACTOR",
    help="Who is acting (an enrolled actor) [env PEKSOS_ACTOR].",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.option(
    "--lang",
    type=click.Choice(language.LANGUAGES),
    metavar="id|en",
    help="The language of messages and help [env PEKSOS_LANG, else LANG; default: id].",
)
@click.option(
    "--sth-dir",
    envvar="PEKSOS_STH_DIR",
    type=click.Path(file_okay=False),
    metavar="DIR",
    help="After every command that saved, write its signed tree head here, for witnesses "
    "[env PEKSOS_STH_DIR].",
)
@click.version_option(package_name="peksos-ledger")
@click.pass_context
def cli(
    ctx: click.Context,
    db: str | None,
    actor: str | None,
    as_json: bool,
    lang: str | None,
    sth_dir: str | None,
) -> None:
    """peksos: the credentialing ledger of Indonesia's professional social workers.

    IPSPI registers members, collects dues and issues STRs; the LSP examines and certifies;
    regency and city governments grant SIPPS (the Ministry licensed before 2020); auditors
    replay every member's history. Each command prints what it recorded, or why it refused
    (exit 3, nothing recorded).

    \b
    Example:
      peksos init --admin "Ratna Sari"
      peksos --as "Ratna Sari" member register --name "Siti Aminah" \\
          --nik 3273014501800002 --birth-date 1980-01-05 --province 32 \\
          --email siti@example.org
    """
    if (
        sth_dir == ""
        and ctx.get_parameter_source("sth_dir") is click.core.ParameterSource.COMMANDLINE
    ):
        raise InvalidInput(
            "--sth-dir needs a folder", [{"field": "--sth-dir", "message": "empty"}]
        )  # an empty PEKSOS_STH_DIR is as good as none
    heads = Path(sth_dir) if sth_dir else None
    ctx.obj = Session(db=db, actor=actor, as_json=as_json, sth_dir=heads)
    ctx.call_on_close(ctx.obj.close)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map every error to the contract's exit codes, never a traceback."""
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    try:
        language.choose(_language_in(args))
        _check_text(args)
        # --json is a global option, but people type it last: accept it anywhere before "--".
        head = args[: args.index("--")] if "--" in args else args
        as_json = "--json" in head
        if as_json:
            args = ["--json"] + [a for a in head if a != "--json"] + args[len(head) :]
        cli.main(args=args, prog_name="peksos", standalone_mode=False)
    except ReaderStopped:  # `peksos ... | head`: the reader had what it wanted, not a failure
        _quiet_stdout()
        return 0
    except Exception as error:
        return errors.report(error, as_json)
    return 0


def _language_in(args: list[str]) -> str | None:
    """``--lang`` among the arguments, read before click parses them: its usage errors and
    help are in that language too. A value that is not a language is click's to refuse."""
    for position, arg in enumerate(args):
        if arg == "--":
            break
        value = args[position + 1] if arg == "--lang" and position + 1 < len(args) else None
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in language.LANGUAGES:
            return value
    return None


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so nothing more is written into the closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def run() -> None:
    """The ``peksos`` executable: ``main()``, then out without tearing the interpreter down.
    By then every command has closed its store and files; what is left is collecting a few
    hundred modules' objects, which cost each run 50 ms of its 370 (measured,
    benchmarks/README.md), for nothing."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # `peksos ... | head`: the reader had what it wanted
            pass
        except OSError:  # the disk or terminal failed: what was said may be lost
            code = code or 1
    os._exit(code)


def _check_text(args: list[str]) -> None:
    """Every argument is UTF-8 text without NUL bytes; if not, name the option it was for, as
    every other usage error does."""
    for position, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
            if "\x00" in arg:  # no file name, URL or value of the ledger holds a NUL
                raise ValueError("contains a NUL byte")
        except (UnicodeEncodeError, ValueError) as error:
            why = "is not valid UTF-8 text" if isinstance(error, UnicodeEncodeError) else str(error)
            field = f"argument {position}"
            if arg.startswith("--") and "=" in arg:
                field = arg.split("=", 1)[0]
            elif position > 1 and args[position - 2].startswith("--"):
                field = args[position - 2]
            raise InvalidInput(f"{field} {why}", [{"field": field, "message": why}]) from None
