"""``peksos serve``: the public register and its API over this ledger (commands/web)."""

from __future__ import annotations

import click

from commands.cli.options import pass_session
from commands.cli.session import Session


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--search-limit",
    default="120/minute",
    show_default=True,
    envvar="PEKSOS_SEARCH_LIMIT",
    help="Searches per client (an IP address) [env PEKSOS_SEARCH_LIMIT].",
)
@click.option(
    "--apply-limit",
    default="10/hour",
    show_default=True,
    envvar="PEKSOS_APPLY_LIMIT",
    help="Membership applications per client [env PEKSOS_APPLY_LIMIT].",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Worker processes (one per core; rate limits then count per worker).",
)
@pass_session
def serve(
    s: Session, host: str, port: int, search_limit: str, apply_limit: str, workers: int
) -> None:
    """Serve the public register, its JSON API and the verifiers' documents.

    Pages in Bahasa Indonesia (English by the switch on every page), on the same store as
    the CLI. The one thing recorded is a membership application sent on /apply, signed as
    --as NAME, or else as the one actor enrolled with the role web (with none, the form says
    applications are not taken). The API's OpenAPI document is /api/v1/openapi.json. Stop
    with Ctrl-C.

    \b
    Example:
      peksos --db demo.sqlite demo
      peksos --db demo.sqlite serve --port 8000
    """
    import os
    import secrets

    import uvicorn

    from commands.bootstrap import open_ledger
    from commands.web.app import SERVED

    open_ledger(s.db).close()  # a store that is not there is said now, not on the first page
    given = {
        "db": s.db or "",
        "search_limit": search_limit,
        "apply_limit": apply_limit,
        "applicant": s.actor or "",
        "csrf_secret": secrets.token_urlsafe(32),  # one for every worker
    }
    os.environ.update({SERVED[k]: v for k, v in given.items()})
    click.echo(f"peksos: serving the register at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    uvicorn.run(
        "commands.web.app:from_environment",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
    )


COMMANDS = [serve]
