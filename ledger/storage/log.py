"""Reading the stored log as it is: every notification in order, and the raw records a
verifier needs (stream id, version, topic, stored bytes), filtered in SQL on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from eventsourcing.sqlite import SQLiteApplicationRecorder

from ledger.errors import IntegrityFailure
from ledger.numbers import JOURNAL_ID, ROSTER_ID
from ledger.partition import partition_digits
from ledger.wording import said

PAGE = 10_000


def select_notifications(ledger: Any, start: int, limit: int, **options: Any) -> list[Any]:
    """The library's notifications after ``start``; a stored row it cannot read (a stream id
    that is no UUID) is an integrity failure of the store, named, never an internal error."""
    try:
        return list(ledger.recorder.select_notifications(start, limit, **options))
    except ValueError as error:
        raise IntegrityFailure(
            said("the store holds a record that is not a ledger record"),
            [f"after log position {start}: {error}; `peksos audit verify` names it"],
        ) from None


def notifications(ledger: Any, after: int = 0) -> Iterator[Any]:
    """Every notification after log position ``after``, in log order."""
    start = after
    while True:
        batch = select_notifications(ledger, start, PAGE, inclusive_of_start=False)
        yield from batch
        if len(batch) < PAGE:
            return
        start = batch[-1].id


def stored_records(
    ledger: Any, part: int = 0, parts: int = 1
) -> Iterator[tuple[str, int, str, bytes]]:
    """The stored records a verifier of ``part`` needs, in log order, as stored: (stream id,
    version, topic, state). That is its own streams, the roster and the journal.

    On SQLite this reads the library's events table directly and filters in SQL: the
    library's reader builds a UUID object for every row of every stream, which cost
    verification a third of its time (profiled).
    """
    if ledger.mapper.cipher is not None or ledger.mapper.compressor is not None:
        raise NotImplementedError("verifying an encrypted or compressed store")
    recorder = ledger.recorder
    if not isinstance(recorder, SQLiteApplicationRecorder):
        for n in notifications(ledger):
            yield str(n.originator_id), n.originator_version, n.topic, n.state
        return
    digits = partition_digits(parts, part)
    statement = (
        "SELECT rowid, originator_id, originator_version, topic, state "
        f"FROM {recorder.events_table_name} WHERE rowid > ? AND (originator_id IN (?, ?) "
        "OR length(originator_id) != 32 "  # malformed ids: read by every verifier
        f"OR lower(substr(originator_id, 32, 1)) IN ({','.join('?' * len(digits))})) "
        "ORDER BY rowid LIMIT ?"
    )
    start = 0
    while True:
        with recorder.datastore.transaction(commit=False) as cursor:
            cursor.execute(statement, (start, ROSTER_ID.hex, JOURNAL_ID.hex, *digits, PAGE))
            rows = cursor.fetchall()
        for _, h, version, topic, state in rows:
            yield f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}", version, topic, state
        if len(rows) < PAGE:
            return
        start = rows[-1][0]


def stream_records(
    ledger: Any, stream_id: UUID, versions: list[int] | None = None
) -> list[tuple[int, str, bytes]]:
    """One stream's stored records (version, topic, stored bytes), all or those ``versions``."""
    recorder = ledger.recorder
    if versions is None:
        stored = recorder.select_events(stream_id)
    else:
        stored = [e for v in versions for e in recorder.select_events(stream_id, gt=v - 1, lte=v)]
    return [(e.originator_version, e.topic, e.state) for e in stored]


def existing_streams(ledger: Any, ids: list[UUID]) -> set[UUID]:
    """Which of ``ids`` are streams already, in one query (the library looks them up one by
    one): reads the library's events table directly."""
    if not ids:
        return set()
    recorder: Any = ledger.recorder
    if ledger.store.backend == "sqlite":
        statement = (
            f"SELECT originator_id FROM {recorder.events_table_name} WHERE "
            f"originator_version = 1 AND originator_id IN ({','.join('?' * len(ids))})"
        )
        params: Any = [i.hex for i in ids]
    else:
        schema = recorder.datastore.schema or "public"
        statement = (
            f"SELECT originator_id FROM {schema}.{recorder.events_table_name} WHERE "
            "originator_version = 1 AND originator_id = ANY(%s)"
        )
        params = [ids]
    with recorder.datastore.transaction(commit=False) as cursor:
        cursor.execute(statement, params)
        return {UUID(str(row["originator_id"])) for row in cursor.fetchall()}
