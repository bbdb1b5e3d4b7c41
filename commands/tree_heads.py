"""``--sth-dir``: a signed tree head written after every command that saved, for witnesses.

The folder holds ``sth-<size>.json`` for every tree head, ``latest.json`` (the newest), and
``frontier.json``, the subtree roots the next head resumes from, so a head costs the events
saved since the last one, not the whole log. Writers take turns on ``.lock``.
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from ledger.application import Ledger
from ledger.auditing import log_entries, signed_head
from ledger.merkle import Frontier


def publish(ledger: Ledger, folder: Path) -> dict[str, Any]:
    """Write the tree head of the log as it is now into ``folder``; returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        frontier, after = _resume(folder, ledger)
        for notification, entry in log_entries(ledger, after):
            frontier.append(entry)
            after = notification.id
        head = signed_head(ledger, frontier)
        _write(folder / f"sth-{head['size']:010d}.json", head)
        _write(folder / "latest.json", head)
        state = {"log": head["log"], "size": frontier.size, "after": after}
        _write(folder / "frontier.json", {**state, "roots": [r.hex() for r in frontier.roots]})
    return head


def _resume(folder: Path, ledger: Ledger) -> tuple[Frontier, int]:
    """Where the last head left off: its subtree roots and log position. Anything else (no
    file yet, another ledger's, unreadable, a log now shorter than it) starts from the first
    event."""
    try:
        state = json.loads((folder / "frontier.json").read_text(encoding="utf-8"))
        frontier = Frontier(int(state["size"]), [bytes.fromhex(r) for r in state["roots"]])
        after = int(state["after"])
        roster = ledger.roster()
        if state["log"] != str(roster.ledger_id) or after > ledger.event_count():
            raise ValueError("not this log")
    except (OSError, ValueError, KeyError, TypeError):
        return Frontier(), 0
    return frontier, after


def _write(path: Path, document: dict[str, Any]) -> None:
    """Write whole or not at all: a witness never reads half a file."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=2)
        f.write("\n")
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
