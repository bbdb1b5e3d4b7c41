"""Tampering with the SQLite file behind the ledger's back is always seen by ``audit verify``.

A small real ledger is built once per module into a template file and key folder; each
hypothesis example copies the file, edits table ``stored_events`` directly with Python's
``sqlite3`` (rowid is the log order) and runs ``ledger.auditing.verify_ledger`` on it.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from commands.setup import RotateKey, rotate_key
from ledger.application import Ledger
from ledger.auditing import check_against, digest, verify_ledger
from ledger.integrity import stored_hash
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from tests.builders import (
    ADMIN,
    LSP,
    Clock,
    certified_member,
    enrol_regency_officer,
    enrol_standard_actors,
    licensed_in_2011,
    make_eligible,
    register,
    str_and_sipps,
)
from tests.conftest import NOW

TAMPER = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- the template ledger ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    rowid: int
    originator_id: str  # as stored: 32 hex digits
    version: int
    topic: str
    state: bytes = field(repr=False)

    @property
    def stream(self) -> str:
        """The stream id as the verifier reports it (dashed)."""
        return dashed(self.originator_id)

    @property
    def kind(self) -> str:
        return self.topic.rpartition(":")[2]

    def describe(self) -> str:
        return f"row {self.rowid}: {self.kind} entry {self.version} of {self.stream}"


class Template:
    """The built ledger: its file, key folder, rows, saves and the digest taken of it.
    (A plain class with a short repr: hypothesis prints it with every failing example.)"""

    def __init__(
        self,
        db: Path,
        keys: Path,
        rows: tuple[Row, ...],
        saves: tuple[tuple[int, ...], ...],  # the rowids of each save, in log order
        digest: dict[str, Any],  # `audit digest` of the untouched ledger
    ) -> None:
        self.db, self.keys, self.rows, self.saves, self.digest = db, keys, rows, saves, digest

    def __repr__(self) -> str:
        return f"Template({len(self.rows)} events, {len(self.saves)} saves)"

    @property
    def last_save(self) -> frozenset[int]:
        return frozenset(self.saves[-1])

    def streams(self) -> dict[str, list[Row]]:
        found: dict[str, list[Row]] = {}
        for row in self.rows:
            found.setdefault(row.originator_id, []).append(row)
        return found

    def streams_saved_with(self, row: Row) -> set[str]:
        """The (dashed) streams of every event of the save ``row`` belongs to."""
        save = next(s for s in self.saves if row.rowid in s)
        return {r.stream for r in self.rows if r.rowid in save}


def dashed(h: str) -> str:
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _read_rows(db: Path) -> tuple[Row, ...]:
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT rowid, originator_id, originator_version, topic, state "
            "FROM stored_events ORDER BY rowid"
        ).fetchall()
    con.close()
    return tuple(Row(r[0], r[1], r[2], r[3], bytes(r[4])) for r in rows)


def _saves(rows: tuple[Row, ...]) -> tuple[tuple[int, ...], ...]:
    """Every save ends with its journal entry (a SaveSealed event)."""
    saves, current = [], []
    for row in rows:
        current.append(row.rowid)
        if row.kind == "SaveSealed":
            saves.append(tuple(current))
            current = []
    assert not current, "the log ends in the middle of a save"
    return tuple(saves)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """Actors of every role; a member certified generalis with an STR and a SIPPS; a member
    licensed in 2011 (paper history); a key rotation; a member whose exam is signed with the
    LSP's new key: some 70 events in some 25 saves."""
    folder = tmp_path_factory.mktemp("template")
    db, keys = folder / "template.sqlite", folder / "keys"
    clock = Clock(NOW)
    with Ledger(open_store(str(db)), keys=KeyStore(keys), clock=clock) as app:
        app.open_ledger(ADMIN)
        enrol_standard_actors(app)
        clock.advance(minutes=5)
        enrol_regency_officer(app)
        reg, cert = certified_member(app)
        str_and_sipps(app, reg, cert)
        clock.advance(minutes=5)
        licensed_in_2011(app, register(app, name="Yohana Wenda", province="94"))
        clock.advance(minutes=5)
        rotate_key(app, ADMIN, RotateKey(name=LSP))
        clock.advance(minutes=5)
        second = register(app, name="Kadek Wirawan", province="51", registered_on="2012-02-01")
        make_eligible(app, second, field="lansia", exam_on="2013-03-14")
        assert verify_ledger(app)["verified"], "the template must verify before any tamper"
        taken = digest(app)
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    rows = _read_rows(db)
    assert len(rows) == taken["size"]
    return Template(db=db, keys=keys, rows=rows, saves=_saves(rows), digest=taken)


# --- copying, tampering, verifying ------------------------------------------------------------


@contextmanager
def copy_of(template: Template) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="tamper-") as folder:
        db = Path(folder) / "ledger.sqlite"
        shutil.copyfile(template.db, db)
        yield db


def edit(db: Path, *statements: tuple[str, tuple[Any, ...]]) -> None:
    con = sqlite3.connect(db)
    try:
        with con:
            for sql, params in statements:
                con.execute(sql, params)
    finally:
        con.close()


def open_ledger(db: Path, template: Template) -> Ledger:
    return Ledger(open_store(str(db)), keys=KeyStore(template.keys))


def verify_tampered(
    template: Template, *statements: tuple[str, tuple[Any, ...]], parts: int | None = None
) -> dict[str, Any]:
    with copy_of(template) as db:
        edit(db, *statements)
        with open_ledger(db, template) as ledger:
            return verify_ledger(ledger, parts=parts)


def assert_detected(
    result: dict[str, Any], what: str, stream: str, entry: int | None = None
) -> None:
    """Not verified; failures listed; and one of them names the tampered stream (and entry)."""
    assert result["verified"] is False, f"undetected: {what}"
    failures = result["failures"]
    assert failures and result["streams_failing"] >= 1, (what, result)
    named = {(f["stream"], f["entry"]) for f in failures}
    if entry is None:
        assert stream in {s for s, _ in named}, (what, failures)
    else:
        assert (stream, entry) in named, (what, failures)


def update(column: str, value: Any, rowid: int) -> tuple[str, tuple[Any, ...]]:
    return f"UPDATE stored_events SET {column} = ? WHERE rowid = ?", (value, rowid)


def rows_strategy(template: Template) -> st.SearchStrategy[Row]:
    return st.sampled_from(template.rows)


def one_character_changed(
    draw: Callable[..., Any], text: str, alphabet: st.SearchStrategy[str]
) -> str:
    position = draw(st.integers(0, len(text) - 1), label="position")
    new = draw(alphabet.filter(lambda c: c != text[position]), label="new character")
    return text[:position] + new + text[position + 1 :]


ANY_CHARACTER = st.characters(codec="utf-8")

# --- clean copies -------------------------------------------------------------------------------


@pytest.mark.parametrize("parts", [1, 2])
def test_an_untouched_copy_verifies(template: Template, parts: int) -> None:
    with copy_of(template) as db, open_ledger(db, template) as ledger:
        result = verify_ledger(ledger, parts=parts)
    assert result["verified"] is True, result["failures"]
    assert result["failures"] == []
    assert result["processes"] == parts
    assert result["events"] == len(template.rows)
    assert result["seals"] == len(template.saves)


@TAMPER
@given(data=st.data())
def test_rewriting_a_row_with_its_own_bytes_still_verifies(
    template: Template, data: st.DataObject
) -> None:
    """No false alarms: an UPDATE that writes back exactly what was stored changes nothing."""
    row = data.draw(rows_strategy(template), label="row")
    result = verify_tampered(
        template,
        (
            "UPDATE stored_events SET state = ?, topic = ?, originator_id = ?, "
            "originator_version = ? WHERE rowid = ?",
            (row.state, row.topic, row.originator_id, row.version, row.rowid),
        ),
    )
    assert result["verified"] is True, (row.describe(), result["failures"])


# --- single changes -----------------------------------------------------------------------------


@TAMPER
@given(data=st.data())
def test_any_single_byte_change_of_a_stored_state_is_detected(
    template: Template, data: st.DataObject
) -> None:
    row = data.draw(rows_strategy(template), label="row")
    position = data.draw(st.integers(0, len(row.state) - 1), label="byte")
    xor = data.draw(st.integers(1, 255), label="xor")
    state = bytearray(row.state)
    state[position] ^= xor
    result = verify_tampered(template, update("state", bytes(state), row.rowid))
    what = f"{row.describe()}: byte {position} {row.state[position]:#04x} ^ {xor:#04x}"
    assert_detected(result, what, row.stream, row.version)


@TAMPER
@given(data=st.data())
def test_any_single_character_change_of_a_stream_id_is_detected(
    template: Template, data: st.DataObject
) -> None:
    row = data.draw(rows_strategy(template), label="row")
    new_id = one_character_changed(data.draw, row.originator_id, ANY_CHARACTER)
    try:
        result = verify_tampered(template, update("originator_id", new_id, row.rowid))
    except sqlite3.IntegrityError:  # that (stream, version) already exists
        reject()
    # The moved event is reported under its old stream (its seal covers it there), except
    # when it carries the seal itself: then its save's other events are reported unsealed.
    assert result["verified"] is False, f"undetected: {row.describe()}: id -> {new_id!r}"
    named = {f["stream"] for f in result["failures"]}
    assert named & (template.streams_saved_with(row) | {dashed(new_id)}), result["failures"]


@TAMPER
@given(data=st.data())
def test_any_single_digit_change_of_a_version_is_detected(
    template: Template, data: st.DataObject
) -> None:
    row = data.draw(rows_strategy(template), label="row")
    taken = {r.version for r in template.streams()[row.originator_id]}
    text = str(row.version)
    position = data.draw(st.integers(0, len(text) - 1), label="digit")
    candidates = [
        int(text[:position] + d + text[position + 1 :]) for d in "0123456789" if d != text[position]
    ]
    free = [v for v in candidates if v not in taken]  # the primary key forbids the others
    if not free:
        reject()
    version = data.draw(st.sampled_from(free), label="new version")
    result = verify_tampered(template, update("originator_version", version, row.rowid))
    assert_detected(result, f"{row.describe()}: version -> {version}", row.stream)


@TAMPER
@given(data=st.data())
def test_any_single_character_change_of_a_topic_is_detected(
    template: Template, data: st.DataObject
) -> None:
    row = data.draw(rows_strategy(template), label="row")
    topic = one_character_changed(data.draw, row.topic, ANY_CHARACTER)
    result = verify_tampered(template, update("topic", topic, row.rowid))
    assert_detected(result, f"{row.describe()}: topic -> {topic!r}", row.stream, row.version)


# --- single changes the random search rarely reaches: pinned ----------------------------------
# Each of these is one changed byte of one stored event, exactly like the property above.


def _rows_of(template: Template, kind: str) -> list[Row]:
    return [r for r in template.rows if r.kind == kind]


@pytest.mark.parametrize(
    "topic",
    [
        "ledger.evEnts:Registered",  # a letter of the module part
        "ledger.events.Registered",  # the colon
        "ledger_events:Registered",  # the dot
    ],
)
def test_a_changed_module_part_of_a_topic_is_detected(template: Template, topic: str) -> None:
    """The event can no longer be loaded by the application (its class cannot be resolved),
    yet the stored record changed by one character: verification must say so."""
    row = _rows_of(template, "Registered")[0]
    result = verify_tampered(template, update("topic", topic, row.rowid))
    assert_detected(result, f"{row.describe()}: topic -> {topic!r}", row.stream, row.version)


def test_a_certified_event_whose_topic_colon_was_changed_is_detected(template: Template) -> None:
    """With ':' turned into '.', the verifier's notion of the event's kind no longer is
    'Certified', so even its rule and role checks would be skipped."""
    row = _rows_of(template, "Certified")[0]
    topic = row.topic.replace(":", ".")
    result = verify_tampered(template, update("topic", topic, row.rowid))
    assert_detected(result, f"{row.describe()}: topic -> {topic!r}", row.stream, row.version)


@pytest.mark.parametrize(
    ("kind", "new"), [("TrainingLogged", "z"), ("ActorEnrolled", "X"), ("SaveSealed", "0")]
)
def test_the_last_character_of_a_timestamp_is_covered(
    template: Template, kind: str, new: str
) -> None:
    """``"timestamp":"...T03:05:00Z"`` -> ``...T03:05:00z`` (one byte)."""
    row = _rows_of(template, kind)[-1]
    text = row.state.decode()
    start = text.index('"timestamp":"') + len('"timestamp":"')
    end = text.index('"', start)
    assert text[end - 1] == "Z", text[start:end]
    state = (text[: end - 1] + new + text[end:]).encode()
    assert len(state) == len(row.state) and state != row.state
    result = verify_tampered(template, update("state", state, row.rowid))
    what = f"{row.describe()}: timestamp {text[start:end]!r} -> ...{new!r}"
    assert_detected(result, what, row.stream, row.version)


BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _signature_span(row: Row) -> tuple[str, int, int]:
    text = row.state.decode()
    start = text.index('"signature":"') + len('"signature":"')
    return text, start, text.index('"', start)


def test_the_last_character_of_a_seal_signature_is_covered(template: Template) -> None:
    """An Ed25519 signature is 86 base64url characters; the last one carries 2 bits and 4
    padding bits. Changing only padding bits is still a changed byte of the stored event."""
    row = _rows_of(template, "SaveSealed")[-1]
    text, start, end = _signature_span(row)
    assert end - start == 86
    last = BASE64URL.index(text[end - 1])
    new = BASE64URL[last ^ 1]  # same two data bits, other padding bits
    state = (text[: end - 1] + new + text[end:]).encode()
    assert len(state) == len(row.state) and state != row.state
    result = verify_tampered(template, update("state", state, row.rowid))
    what = f"{row.describe()}: signature ...{text[end - 1]!r} -> ...{new!r}"
    assert_detected(result, what, row.stream, row.version)


def test_a_seal_signature_in_the_standard_base64_alphabet_is_detected(template: Template) -> None:
    """'-' -> '+' (or '_' -> '/'): one byte, and not base64url any more."""
    for row in _rows_of(template, "SaveSealed"):
        text, start, end = _signature_span(row)
        signature = text[start:end]
        for old, new in (("-", "+"), ("_", "/")):
            if old in signature:
                at = start + signature.index(old)
                state = (text[:at] + new + text[at + 1 :]).encode()
                result = verify_tampered(template, update("state", state, row.rowid))
                what = f"{row.describe()}: signature {old!r} -> {new!r} at {at}"
                assert_detected(result, what, row.stream, row.version)
                return
    pytest.fail("no seal signature holds a '-' or '_' (regenerate the template)")


# --- deletion -----------------------------------------------------------------------------------


@TAMPER
@given(data=st.data())
def test_deleting_any_stored_event_is_detected(template: Template, data: st.DataObject) -> None:
    """...except events of the very last save, which only a digest taken before shows."""
    row = data.draw(rows_strategy(template), label="row")
    delete = ("DELETE FROM stored_events WHERE rowid = ?", (row.rowid,))
    with copy_of(template) as db:
        edit(db, delete)
        with open_ledger(db, template) as ledger:
            if row.rowid in template.last_save:
                against = check_against(ledger, template.digest)
                assert against["consistent"] is False, (row.describe(), against)
                assert against["size"] == template.digest["size"] - 1
                return
            result = verify_ledger(ledger)
    assert_detected(result, f"deleted {row.describe()}", row.stream)


def test_deleting_any_one_event_of_the_last_save_is_seen_by_the_seal(template: Template) -> None:
    """Removing part of the last save leaves a seal over a missing event, or events no seal
    covers: unlike removing the whole save, verification alone sees it."""
    for row in [r for r in template.rows if r.rowid in template.last_save]:
        rowid = row.rowid
        result = verify_tampered(template, ("DELETE FROM stored_events WHERE rowid = ?", (rowid,)))
        assert result["verified"] is False, f"undetected: deleted {row.describe()}"


def test_deleting_the_whole_last_save_breaks_the_digest(template: Template) -> None:
    last = sorted(template.last_save)
    with copy_of(template) as db:
        edit(db, ("DELETE FROM stored_events WHERE rowid >= ?", (last[0],)))
        with open_ledger(db, template) as ledger:
            against = check_against(ledger, template.digest)
    assert against["consistent"] is False, against
    assert against["size"] == template.digest["size"] - len(last)
    assert f"the log now has {against['size']}" in against["detail"]


@TAMPER
@given(data=st.data())
def test_deleting_any_whole_earlier_save_is_detected(
    template: Template, data: st.DataObject
) -> None:
    save = data.draw(st.sampled_from(template.saves[:-1]), label="save")
    marks = ",".join("?" * len(save))
    result = verify_tampered(
        template, (f"DELETE FROM stored_events WHERE rowid IN ({marks})", save)
    )
    journal = next(r for r in template.rows if r.rowid == save[-1])
    assert result["verified"] is False, f"undetected: deleted the save ending at {journal}"
    assert journal.stream in {f["stream"] for f in result["failures"]}, result["failures"]


# --- reordering and copying in ------------------------------------------------------------------


def _long_streams(template: Template) -> list[list[Row]]:
    return [rows for rows in template.streams().values() if len(rows) >= 2]


@TAMPER
@given(data=st.data())
def test_swapping_the_versions_of_two_events_of_a_stream_is_detected(
    template: Template, data: st.DataObject
) -> None:
    stream = data.draw(st.sampled_from(_long_streams(template)), label="stream")
    a, b = data.draw(
        st.lists(st.sampled_from(stream), min_size=2, max_size=2, unique_by=lambda r: r.rowid),
        label="two events",
    )
    result = verify_tampered(
        template,
        update("originator_version", -1, a.rowid),
        update("originator_version", a.version, b.rowid),
        update("originator_version", b.version, a.rowid),
    )
    assert_detected(result, f"swapped versions: {a.describe()} <-> {b.describe()}", a.stream)


@TAMPER
@given(data=st.data())
def test_swapping_the_contents_of_two_events_of_a_stream_is_detected(
    template: Template, data: st.DataObject
) -> None:
    stream = data.draw(st.sampled_from(_long_streams(template)), label="stream")
    a, b = data.draw(
        st.lists(st.sampled_from(stream), min_size=2, max_size=2, unique_by=lambda r: r.rowid),
        label="two events",
    )
    result = verify_tampered(
        template,
        (
            "UPDATE stored_events SET topic = ?, state = ? WHERE rowid = ?",
            (b.topic, b.state, a.rowid),
        ),
        (
            "UPDATE stored_events SET topic = ?, state = ? WHERE rowid = ?",
            (a.topic, a.state, b.rowid),
        ),
    )
    assert_detected(result, f"swapped contents: {a.describe()} <-> {b.describe()}", a.stream)


@TAMPER
@given(data=st.data(), rechain=st.booleans())
def test_an_event_copied_in_from_another_stream_is_detected(
    template: Template, data: st.DataObject, rechain: bool
) -> None:
    """A row with the target stream's id and next version, its state copied from an event of
    another stream; with ``rechain`` the forger also points its previous_hash at the target
    stream's head, as a careful forger would."""
    streams = template.streams()
    target_id = data.draw(st.sampled_from(sorted(streams)), label="target stream")
    source = data.draw(
        st.sampled_from([r for r in template.rows if r.originator_id != target_id]),
        label="copied event",
    )
    head = streams[target_id][-1]
    state = source.state
    if rechain:
        copied = orjson.loads(state)
        copied["previous_hash"] = stored_hash(
            head.stream, head.version, head.topic, orjson.loads(head.state)
        )
        state = orjson.dumps(copied)
    result = verify_tampered(
        template,
        (
            "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            (target_id, head.version + 1, source.topic, state),
        ),
    )
    what = f"copied {source.describe()} in as entry {head.version + 1} of {head.stream}"
    assert_detected(result, what, head.stream, head.version + 1)


# --- the two-process mode -----------------------------------------------------------------------


def test_the_two_process_mode_reports_what_one_process_reports(template: Template) -> None:
    row = _rows_of(template, "TrainingLogged")[0]
    state = row.state.replace(b'"hours":"160"', b'"hours":"190"')
    assert state != row.state
    one = verify_tampered(template, update("state", state, row.rowid), parts=1)
    two = verify_tampered(template, update("state", state, row.rowid), parts=2)
    what = f"{row.describe()}: hours 160 -> 190 (two processes)"
    assert_detected(two, what, row.stream, row.version)
    assert two["processes"] == 2
    assert two["failures"] == one["failures"]


@pytest.mark.parametrize("position", [0, 31])
def test_the_two_process_mode_reports_a_stream_id_that_is_not_hex(
    template: Template, position: int
) -> None:
    """One changed character of a stream id: one process reports it; two must not crash."""
    row = _rows_of(template, "Registered")[0]
    new_id = row.originator_id[:position] + "g" + row.originator_id[position + 1 :]
    one = verify_tampered(template, update("originator_id", new_id, row.rowid), parts=1)
    assert_detected(one, f"{row.describe()}: id -> {new_id!r}", row.stream, row.version)
    two = verify_tampered(template, update("originator_id", new_id, row.rowid), parts=2)
    assert_detected(two, f"{row.describe()}: id -> {new_id!r} (two processes)", row.stream)


@pytest.mark.parametrize("parts", [1, 2])
def test_an_event_copied_in_under_an_upper_case_stream_id_is_detected(
    template: Template, parts: int
) -> None:
    """A forged Registered event under the member's stream id written in capitals (a new
    stream as far as SQLite is concerned; the same id to ``uuid.UUID``): never sealed."""
    row = _rows_of(template, "Registered")[0]
    forged_id = row.originator_id.upper()
    result = verify_tampered(
        template,
        (
            "INSERT INTO stored_events (originator_id, originator_version, topic, state) "
            "VALUES (?, ?, ?, ?)",
            (forged_id, 1, row.topic, row.state),
        ),
        parts=parts,
    )
    assert result["verified"] is False, f"undetected with {parts} process(es): {forged_id}"
    assert dashed(forged_id) in {f["stream"] for f in result["failures"]}, result["failures"]
