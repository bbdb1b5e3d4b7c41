"""Tampering with the views (the registers everyone reads) is always seen by ``audit verify``.

As ``test_tamper_properties.py`` does for the log, a small real ledger is built once, its views
current; each hypothesis example copies the file and edits one view table or tracking row with
Python's ``sqlite3``, then runs the view check ``audit verify`` runs. Any edit of a row's value,
any deleted or forged row, and any tracking position moved past the log is named; a position
moved back is either named or harmless (catching up again gives exactly the rebuilt views).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from commands.setup import RotateKey, rotate_key
from ledger.application import Ledger
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from projections.read_model import open_read_model
from projections.view_check import view_problems
from projections.views import all_views
from tests.builders import (
    ADMIN,
    LSP,
    Clock,
    certified_member,
    enrol_regency_officer,
    enrol_standard_actors,
    licensed_in_2011,
    register,
    str_and_sipps,
)
from tests.conftest import NOW

TAMPER = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLES = [table for view in all_views() for table in view.tables]
TRACKED = [f"view.{view.name}" for view in all_views()]


class Template:
    """The built ledger's file and keys, and every view table's rows as stored."""

    def __init__(self, db: Path, keys: Path, rows: dict[str, list[dict[str, Any]]], head: int):
        self.db, self.keys, self.rows, self.head = db, keys, rows, head

    def __repr__(self) -> str:
        return f"Template({sum(map(len, self.rows.values()))} view rows, head {self.head})"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """Members with a certificate, an STR and a SIPPS, a 2011 licence, a rotated key: a row in
    most view tables."""
    folder = tmp_path_factory.mktemp("view-template")
    db, keys = folder / "template.sqlite", folder / "keys"
    clock = Clock(NOW)
    with Ledger(open_store(str(db)), keys=KeyStore(keys), clock=clock) as app:
        app.open_ledger(ADMIN)
        enrol_standard_actors(app)
        enrol_regency_officer(app)
        reg, cert = certified_member(app)
        str_and_sipps(app, reg, cert)
        clock.advance(minutes=5)
        licensed_in_2011(app, register(app, name="Yohana Wenda", province="94"))
        rotate_key(app, ADMIN, RotateKey(name=LSP))
        open_read_model(app)  # the views, current
        compared, problems = view_problems(app)
        assert problems == [] and compared > 0, "the template's views must verify untouched"
        head = app.event_count()
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    with con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        rows = {t: [dict(r) for r in con.execute(f"SELECT * FROM {t}")] for t in TABLES}
    con.close()
    return Template(db, keys, rows, head)


@contextmanager
def tampered(template: Template, statement: str, params: tuple[Any, ...] = ()) -> Iterator[Ledger]:
    """A copy of the template with one statement run on it; rejected if SQLite refuses it or
    it changes no row (not an edit)."""
    with tempfile.TemporaryDirectory(prefix="view-tamper-") as folder:
        db = Path(folder) / "ledger.sqlite"
        shutil.copyfile(template.db, db)
        con = sqlite3.connect(db)
        try:
            with con:
                changed = con.execute(statement, params).rowcount
        except sqlite3.IntegrityError:
            reject()  # a constraint of the table refuses it: not an edit anyone can make
        finally:
            con.close()
        if changed == 0:
            reject()
        with Ledger(open_store(str(db)), keys=KeyStore(template.keys)) as ledger:
            yield ledger


def where(row: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    """A WHERE clause matching exactly this row (NULLs included)."""
    return " AND ".join(f"{c} IS ?" for c in row), tuple(row.values())


def shown(value: Any) -> str | None:
    """As the view check compares values."""
    return None if value is None else str(value)


def a_row(data: st.DataObject, template: Template) -> tuple[str, dict[str, Any]]:
    table = data.draw(st.sampled_from([t for t in TABLES if template.rows[t]]), label="table")
    return table, data.draw(st.sampled_from(template.rows[table]), label="row")


def another_value(
    data: st.DataObject, template: Template, table: str, column: str, old: Any
) -> Any:
    """A value the check must tell from ``old``: another row's, a number, a text, or NULL."""
    others = [r[column] for r in template.rows[table]]
    new = data.draw(
        st.one_of(
            st.sampled_from(others),
            st.none(),
            st.integers(-3, 10**7),
            st.text(min_size=0, max_size=12),
            st.just("Mallory Impostor"),
        ),
        label="new value",
    )
    if shown(new) == shown(old):
        reject()
    return new


def assert_named(ledger: Ledger, what: str, table: str | None = None) -> None:
    _, problems = view_problems(ledger)
    assert problems, f"undetected: {what}"
    if table is not None:
        assert any(table in p for p in problems), (what, problems)


@TAMPER
@given(data=st.data())
def test_any_changed_value_in_any_view_row_is_named(
    template: Template, data: st.DataObject
) -> None:
    table, row = a_row(data, template)
    column = data.draw(st.sampled_from(list(row)), label="column")
    new = another_value(data, template, table, column, row[column])
    clause, params = where(row)
    with tampered(
        template, f"UPDATE {table} SET {column} = ? WHERE {clause}", (new, *params)
    ) as ledger:
        assert_named(ledger, f"{table}.{column}: {row[column]!r} -> {new!r}", table)


@TAMPER
@given(data=st.data())
def test_any_deleted_view_row_is_named(template: Template, data: st.DataObject) -> None:
    table, row = a_row(data, template)
    clause, params = where(row)
    with tampered(template, f"DELETE FROM {table} WHERE {clause}", params) as ledger:
        assert_named(ledger, f"deleted from {table}: {row}", table)


@TAMPER
@given(data=st.data())
def test_any_forged_view_row_is_named(template: Template, data: st.DataObject) -> None:
    """A row added: a copy of a genuine one with one value changed (a forged certificate, a
    second licence, a dues payment never made), replacing the genuine one where it has the
    same key."""
    table, row = a_row(data, template)
    column = data.draw(st.sampled_from(list(row)), label="column")
    forged = {**row, column: another_value(data, template, table, column, row[column])}
    if any(list(map(shown, forged.values())) == list(map(shown, r.values()))
           for r in template.rows[table]):  # fmt: skip
        reject()  # a copy of another genuine row: nothing forged
    marks = ",".join("?" * len(forged))
    with tampered(
        template, f"INSERT OR REPLACE INTO {table} VALUES ({marks})", tuple(forged.values())
    ) as ledger:
        assert_named(ledger, f"forged in {table}: {forged}", table)


@TAMPER
@given(name=st.sampled_from(TRACKED), ahead=st.integers(1, 10**6))
def test_a_tracking_position_moved_past_the_log_is_named(
    template: Template, name: str, ahead: int
) -> None:
    statement = "UPDATE tracking SET notification_id = ? WHERE application_name = ?"
    with tampered(template, statement, (template.head + ahead, name)) as ledger:
        assert_named(ledger, f"{name} moved to {template.head + ahead}", "beyond the log's head")


@TAMPER
@given(name=st.sampled_from(TRACKED), back=st.integers(1, 200))
def test_a_tracking_position_moved_back_is_named_or_harmless(
    template: Template, name: str, back: int
) -> None:
    """Moved back, a view applies some events again: a row it already holds is refused (named),
    a second copy of a row is named; anything else leaves it exactly as rebuilt."""
    statement = "UPDATE tracking SET notification_id = ? WHERE application_name = ?"
    with tampered(template, statement, (max(template.head - back, 0), name)) as ledger:
        _, problems = view_problems(ledger)
        if not problems:  # harmless: caught up again, every row is the one it was
            model = open_read_model(ledger, catch_up=False)
            for table in TABLES:
                rows = sorted(map(repr, model.rows(f"SELECT * FROM {table}")))
                assert rows == sorted(map(repr, template.rows[table])), table
