"""``peksos projections ...``, ``migrate`` and ``import ...``: running the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from commands.cli.language import say
from commands.cli.options import GROUP, pass_session
from commands.cli.session import Session
from ledger.wording import said

# --- the read side --------------------------------------------------------------------------


@click.group(**GROUP)
def projections() -> None:
    """The read side: views derived from the streams, rebuilt at will.

    \b
    Example:
      peksos --as "Lestari Wulandari" projections status
    """


@projections.command("status")
@pass_session
def projections_status(s: Session) -> None:
    """Each view's position against the head of the event log.

    \b
    Example:
      peksos --as "Lestari Wulandari" projections status
    """
    from commands.cli.render import emit_rows
    from commands.reports import projections_status as status

    rows = status(s.ledger(), s.actor)
    emit_rows(
        rows,
        ["view", "position", "head", "lag", "about"],
        "json" if s.as_json else "table",
        "Views",
    )


@projections.command("rebuild")
@click.argument("names", nargs=-1, metavar="[VIEW]...")
@pass_session
def projections_rebuild(s: Session, names: tuple[str, ...]) -> None:
    """Drop and rebuild all views (or the named ones) from the event log (admin only).

    \b
    Example:
      peksos --as "Ratna Sari" projections rebuild
      peksos --as "Ratna Sari" projections rebuild dues
    """
    from commands.cli.render import fields, progress_bar
    from commands.reports import projections_rebuild as rebuild

    ledger = s.ledger()
    with progress_bar("rebuilding views", ledger.event_count(), hidden=s.as_json) as advance:
        result = rebuild(ledger, s.actor, names, advance)
    s.out(result, fields("Views rebuilt"))


@projections.command("run")
@click.option(
    "--poll",
    type=float,
    default=0.5,
    show_default=True,
    metavar="SECONDS",
    help="How often to look for new events (SQLite; PostgreSQL is notified).",
)
@pass_session
def projections_run(s: Session, poll: float) -> None:
    """Keep the views current until stopped (SIGINT or SIGTERM), then exit 0 (admin only).

    Resumes exactly where it stopped, even after a kill. While one runs, set
    PEKSOS_CATCH_UP=no for CLI reads, so they read the views without catching up themselves.

    \b
    Example:
      peksos --as "Ratna Sari" --db postgresql://peksos@db/peksos projections run
    """
    from commands.operations import run_projections

    def report(applied: int, head: int) -> None:
        if not s.as_json:
            click.echo(
                say(said("applied {applied} events; views at {head}", applied=applied, head=head)),
                err=True,
            )

    s.out(
        run_projections(s.ledger(), s.actor, poll=poll, report=report),
        lambda r: click.echo(
            say(said("stopped after applying {count} events", count=r["events_applied"]))
        ),
    )


# --- moving and importing ledgers ----------------------------------------------------------


@click.command()
@click.option(
    "--to",
    "url",
    required=True,
    metavar="URL",
    help="An empty store: postgresql://user:pass@host:port/dbname",
)
@pass_session
def migrate(s: Session, url: str) -> None:
    """Copy this ledger into an empty store (e.g. from a laptop's SQLite file to a PostgreSQL
    server), keeping ids, versions, hashes and signatures, then verify the copy (admin only).

    \b
    Example:
      peksos --db ipspi.sqlite --as "Ratna Sari" migrate \\
          --to postgresql://peksos:secret@db.example.org:5432/peksos
    """
    from commands.cli.render import fields, progress_bar
    from commands.operations import migrate as copy

    ledger = s.ledger()
    with progress_bar("copying events", ledger.event_count(), hidden=s.as_json) as advance:
        result = copy(ledger, s.actor, url, advance)
    if not result["verified"] or not result["same_digest"]:
        from ledger.errors import IntegrityFailure

        raise IntegrityFailure("the copy does not verify as the same ledger", result)
    s.out(
        result,
        lambda r: fields("Ledger copied and verified")(
            {k: v for k, v in r.items() if k != "failures"}
        ),
    )


@click.group("import", **GROUP)
def import_group() -> None:
    """Import the legacy lists (2010 congress registrants, Jaringan Peksos survey) once.

    \b
    Example:
      peksos --as "Ratna Sari" import members kongres-2010.csv --source kongres-2010
    """


@import_group.command("members")
@click.argument("file", type=click.Path(path_type=Path), metavar="FILE.csv")
@click.option("--source", required=True, metavar="NAME", help="Which list this is (recorded).")
@click.option("--dry-run", is_flag=True, help="Check every row and report; record nothing.")
@click.option(
    "--report",
    type=click.Path(path_type=Path),
    metavar="FILE.csv",
    help="Write each row's outcome (imported, duplicate, rejected) as CSV.",
)
@click.option("--force", is_flag=True, help="Replace the --report file if it exists.")
@pass_session
def import_members(s: Session, **options: Any) -> None:
    """Register the members of a legacy list (admin only); re-running it adds nothing.

    Columns: name, nik, birth_date, province, email; optionally phone, registered_on,
    education_level, education_major, institution, graduated_on. UTF-8 (with or without a
    BOM), comma or semicolon separated, dates as YYYY-MM-DD or DD/MM/YYYY. Bad rows and
    duplicates are reported by line and skipped.

    \b
    Example:
      peksos --as "Ratna Sari" import members survey.csv --source jaringan-peksos \\
          --dry-run --report survey-check.csv
    """
    from commands.cli.render import progress_bar
    from commands.imports import ImportMembers
    from commands.imports import import_members as run

    cmd = s.build(ImportMembers, **options)
    with progress_bar("importing rows", _count_lines(cmd.file), hidden=s.as_json) as advance:
        result = run(s.ledger(), s.actor, cmd, advance)
    s.out(result, _import_summary)


def _count_lines(path: Path) -> int:
    """The rows to expect, for the progress bar: of a regular file only (``/dev/zero`` or a
    pipe would be read to its end, or forever)."""
    try:
        if not path.is_file():
            return 0
        with path.open("rb") as f:
            return max(0, sum(1 for _ in f) - 1)
    except OSError:
        return 0


def _import_summary(result: dict[str, Any]) -> None:
    from commands.cli.render import emit_fields, emit_rows
    from ledger.wording import N_

    problems = [o for o in result["outcomes"] if o["outcome"] != "imported"]
    if problems:
        emit_rows(
            problems[:50],
            ["line", "name", "outcome", "reason"],
            title=N_("Rows not imported (first 50)")
            if len(problems) > 50
            else N_("Rows not imported"),
        )
    title = (
        N_("Import checked (dry run: nothing recorded)") if result["dry_run"] else N_("Imported")
    )
    emit_fields({k: v for k, v in result.items() if k != "outcomes"}, title)


COMMANDS = [projections, migrate, import_group]
