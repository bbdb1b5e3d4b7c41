"""An index of seals: which journal entry carries the signature over each stored event, so a
read of one member can check that member's seals without reading the whole journal.

Only an index: a wrong or missing row can make a check fail, never pass, since the seal it
points to must still cover the event's hash and verify with the signer's key.
"""

from __future__ import annotations

from ledger import events as ev
from projections.views import Execute, View


def sealed(execute: Execute, e: ev.SaveSealed) -> None:
    assert e.seal is not None
    for stream, version, _ in e.seal.covers:
        execute("INSERT INTO view_seals VALUES (?,?,?)", (stream, version, e.originator_version))


SEALS = View(
    name="seals",
    summary="which journal entry seals each event (for checking one member's stream)",
    tables={
        "view_seals": "stream_id TEXT NOT NULL, version INTEGER NOT NULL, "
        "journal_entry INTEGER NOT NULL, PRIMARY KEY (stream_id, version)",
    },
    indexes=(),
    handlers={ev.SaveSealed: sealed},
)
