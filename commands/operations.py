"""Running the ledger: the projection follower, and moving a ledger to a server."""

from __future__ import annotations

import signal
import threading
from typing import Any

from commands import bootstrap
from commands.unit_of_work import Result
from ledger.application import Ledger
from ledger.auditing import digest, verify_ledger
from ledger.errors import InvalidInput
from ledger.storage.migration import copy_log
from ledger.wording import said
from projections.follower import follow
from projections.read_model import Progress, open_read_model


def run_projections(ledger: Ledger, actor: str | None, *, poll: float, report: Any) -> Result:
    """Follow the log until SIGINT or SIGTERM, keeping every view current."""
    ctx = ledger.context(actor)
    ctx.actor.authorise("projections.rebuild")
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    model = open_read_model(ledger, catch_up=False)
    applied = follow(ledger, model, stop, poll=poll, applied=report)
    return {"stopped": True, "events_applied": applied, "position": ledger.event_count()}


def migrate(ledger: Ledger, actor: str | None, url: str, progress: Progress | None) -> Result:
    """Copy this ledger into an empty store, then prove the copy is the same ledger."""
    ctx = ledger.context(actor)
    ctx.actor.authorise("migrate")
    location = bootstrap.store(url)
    try:
        if not location.exists():
            location.create_private()  # owner-only, as `init` makes a ledger
    except OSError as error:
        raise InvalidInput(
            said("--to {url}: cannot create it ({why})", url=url, why=error.strerror),
            [{"field": "--to", "message": str(error.strerror)}],
        ) from None
    with Ledger(location, keys=ledger.keys) as target:
        copied = copy_log(ledger, target, progress)
        verified = verify_ledger(target)
        before, after = digest(ledger), digest(target)
        open_read_model(target)  # the copy's views, built once
        return {
            "from": ledger.store.display,
            "to": target.store.display,
            "events": copied,
            "verified": verified["verified"],
            "failures": verified["failures"],
            "same_digest": (before["size"], before["root"]) == (after["size"], after["root"]),
            "root": after["root"],
        }
