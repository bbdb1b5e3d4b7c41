"""``peksos demo``: the 2010 story and the law as it changed (2012, 2019/2020), recorded
through the same handlers the CLI uses.

The demo's clock replays the story's days, so recording times match the narrative. Everyone
in it is fictional. The handlers and the store are imported when the demo runs, not when the
CLI starts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from commands.cli.language import say
from commands.cli.options import pass_session
from commands.cli.session import Session
from ledger.errors import Conflict, Refused
from ledger.wording import said

if TYPE_CHECKING:
    from ledger.application import Ledger

ADMIN, CHAPTER, LSP, MINISTRY, AUDITOR, BANDUNG, WEB = (
    "Ratna Sari",
    "Dewi Anggraini",
    "Bambang Wibisono",
    "Hadi Santoso",
    "Lestari Wulandari",
    "Asep Sunandar",
    "Layanan Daring IPSPI",
)


class Story:
    """Runs each step at its day (09:00 in Jakarta) and narrates it."""

    def __init__(self, ledger: Ledger, quiet: bool) -> None:
        self.ledger = ledger
        self.day = date(2010, 2, 20)
        self.quiet = quiet
        ledger.clock = lambda: datetime.combine(self.day, time(2, 0), tzinfo=UTC)
        self.steps: list[dict[str, Any]] = []

    def on(self, day: str) -> Story:
        self.day = date.fromisoformat(day)
        return self

    def tell(self, text: str, handler: Callable[..., Any], *args: Any) -> Any:
        """Run ``handler(ledger, *args)`` on the current day and narrate the outcome."""
        try:
            result = handler(self.ledger, *args)
        except Refused as refusal:
            self.steps.append({"day": str(self.day), "step": text, "refused": refusal.unmet})
            refused = said("{text}: REFUSED, nothing recorded", text=text)
            self._say(f"{self.day}  {say(refused)}")
            for requirement in refusal.unmet:
                self._say(f"              - {say(requirement)}")
            return None
        self.steps.append({"day": str(self.day), "step": text, "result": result})
        shown = ", ".join(
            f"{k}={v}"
            for k, v in result.items()
            if k.endswith(("_no", "_id")) and str(v) not in text  # only what is new
        )
        self._say(f"{self.day}  {say(text)}" + (f" -> {shown}" if shown else ""))
        return result

    def note(self, text: str) -> None:
        """Narrate what the ledger says on the current day (nothing is recorded)."""
        self.steps.append({"day": str(self.day), "step": text})
        self._say(f"{self.day}  {say(text)}")

    def _say(self, line: str) -> None:
        if not self.quiet:
            click.echo(line)


def run_demo(session: Session) -> None:
    from commands import queries
    from commands.bootstrap import key_store
    from commands.bootstrap import store as open_store
    from commands.cli import render
    from ledger.application import Ledger
    from ledger.storage.keystore import KeyStore

    if session.db:
        store = open_store(session.db)
        keys = key_store()
        folder = None
    else:
        folder = tempfile.mkdtemp(prefix="peksos-demo-")
        store = open_store(str(Path(folder) / "demo.sqlite"))
        keys = KeyStore(Path(folder) / "keys")
    if store.backend == "sqlite":
        Path(store.location).parent.mkdir(parents=True, exist_ok=True)
    with Ledger(store, keys=keys) as ledger:
        if ledger.is_initialised():
            raise Conflict(f"{store.display} already holds a ledger; the demo needs a new store")
        story = Story(ledger, quiet=session.as_json)
        if not session.as_json:
            building = said("Building the demonstration ledger in {path}", path=store.display)
            click.echo(f"{say(building)}\n")
        from commands.cli.story_2010 import tell_the_story
        from commands.cli.story_2020 import tell_the_law_as_it_changed

        siti = tell_the_story(story)
        fallen_sipps = tell_the_law_as_it_changed(story, siti)
        status = queries.show_member(ledger, AUDITOR, siti, queries.TimeTravel())
        history = queries.member_history(ledger, AUDITOR, siti, queries.TimeTravel())
        fallen = queries.show_licence(ledger, AUDITOR, "LIC-2011-00002")
        from commands.practice import show_sipps

        fell_with_str = show_sipps(ledger, AUDITOR, fallen_sipps)
        if session.as_json:
            render.emit_json(
                {
                    "store": store.display,
                    "steps": story.steps,
                    "member": status,
                    "history": history,
                    "revoked_licence": fallen,
                    "revoked_sipps": fell_with_str,
                }
            )
            return
        click.echo("")
        render.history(history)
        click.echo("")
        render.member_status(status)
        click.echo("")
        render.emit_fields(fallen, say(said("The licence that fell with a revoked certificate")))
        click.echo("")
        render.emit_fields(fell_with_str, say(said("The SIPPS that fell with a revoked STR")))
        click.echo("")
        explore = said(
            'Explore it:  peksos --db {location} --as "{actor}" member list',
            location=store.location,
            actor=AUDITOR,
        )
        click.echo(say(explore))
        if folder:
            more = said("(and PEKSOS_KEYS={folder}/keys to record more)", folder=folder)
            click.echo(f"             {say(more)}")


# --- the command ----------------------------------------------------------------------------


@click.command()
@pass_session
def demo(s: Session) -> None:
    """Build a demonstration ledger from the 2010 story and show one member's history.

    Uses a temporary store (and key folder) unless --db names a new one. All people are
    fictional.

    \b
    Example:
      peksos demo
      peksos --db demo.sqlite demo
    """
    run_demo(s)


COMMANDS = [demo]
