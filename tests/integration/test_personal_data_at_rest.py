"""Personal data at rest (issue 15, UU 27/2022): sealed in the event tables, gone after erasure.

The raw bytes of the store (the SQLite file with its write-ahead log, or a ``pg_dump`` of the
PostgreSQL database) are searched for every personal value of a member, as text, as hex and
as base64 at each of the three byte alignments.
"""

from __future__ import annotations

import base64
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from commands.imports import ImportMembers, import_members
from commands.members import (
    CorrectIdentity,
    Erasure,
    RegisterMember,
    UpdateMember,
    correct_identity,
    erase,
    register_member,
    update_member,
)
from commands.queries import TimeTravel, show_member
from ledger import events as ev
from ledger.application import Ledger
from ledger.auditing import verify_ledger
from ledger.errors import Conflict
from ledger.storage.keystore import KeyStore
from ledger.storage.store import open_store
from projections.read_model import open_read_model
from tests.builders import ADMIN, AUDITOR, fresh_nik, register
from tests.integration.test_read_model import a_busy_ledger, snapshot

NAME, BORN, EMAIL, PHONE = (
    "Ni Made Ayu Kusuma Dewi",
    "1984-07-21",
    "made.ayu@contoh.id",
    "081234567890",
)
NEW_EMAIL, NEW_NAME = "ayu.kusuma@contoh.id", "Ni Made Ayu Kusumawati"


def forms(value: str) -> list[bytes]:
    """``value`` as it could lie in a file: UTF-8, hex in both cases, base64 and base64url
    at each alignment (the middle of the encoding, which does not depend on the neighbours)."""
    raw = value.encode()
    found = [raw, raw.hex().encode(), raw.hex().upper().encode()]
    for shift in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            text = encode(b"\0" * shift + raw)
            middle = text[4 if shift else 0 : -4]
            if len(middle) >= 8:
                found.append(middle)
    return found


def leaked(data: bytes, values: list[str]) -> list[str]:
    return [v for v in values if any(form in data for form in forms(v))]


def event_table_bytes(ledger: Ledger, tmp_path: Path) -> bytes:
    if ledger.store.backend == "sqlite":
        with sqlite3.connect(ledger.store.location) as con:
            rows = con.execute(f"SELECT * FROM {ledger.recorder.events_table_name}").fetchall()
        con.close()
        return b"\n".join(
            b"|".join(str(c).encode() if not isinstance(c, bytes) else c for c in row)
            for row in rows
        )
    return pg_dump(ledger, f"--table={ledger.recorder.events_table_name}")


def store_bytes(ledger: Ledger) -> bytes:
    if ledger.store.backend == "sqlite":
        files = Path(ledger.store.location).parent.glob(Path(ledger.store.location).name + "*")
        return b"".join(path.read_bytes() for path in sorted(files))
    return pg_dump(ledger)


def pg_dump(ledger: Ledger, *options: str) -> bytes:
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    return subprocess.run(
        ["pg_dump", *options, ledger.store.location], capture_output=True, check=True
    ).stdout


def a_member_with_history(ledger: Ledger) -> tuple[str, list[str]]:
    nik = fresh_nik("51", BORN)
    reg = str(
        register_member(
            ledger,
            ADMIN,
            RegisterMember(
                name=NAME,
                nik=nik,
                birth_date=BORN,
                province="51",
                email=EMAIL,
                phone=PHONE,
                registered_on="2012-04-02",
            ),
        )["registration_no"]
    )
    update_member(ledger, ADMIN, UpdateMember(registration_no=reg, email=NEW_EMAIL, name=NEW_NAME))
    corrected = fresh_nik("51", BORN)
    correct_identity(
        ledger, ADMIN, CorrectIdentity(registration_no=reg, nik=corrected, reason="digits swapped")
    )
    return reg, [NAME, NEW_NAME, nik, corrected, BORN, EMAIL, NEW_EMAIL, PHONE]


def test_the_event_tables_hold_no_personal_value_in_any_form(
    ledger: Ledger, tmp_path: Path
) -> None:
    a_busy_ledger(ledger)
    reg, personal = a_member_with_history(ledger)
    open_read_model(ledger)
    assert leaked(event_table_bytes(ledger, tmp_path), personal) == []
    assert leaked(store_bytes(ledger), [NEW_NAME]) == [NEW_NAME]  # the register holds names
    shown = show_member(ledger, ADMIN, reg, TimeTravel(), unmasked=True)
    assert (shown["name"], shown["email"]) == (NEW_NAME, NEW_EMAIL)  # opened with the key


def test_after_erasure_no_table_holds_them_and_the_ledger_verifies_and_rebuilds(
    ledger: Ledger, tmp_path: Path
) -> None:
    a_busy_ledger(ledger)
    reg, personal = a_member_with_history(ledger)
    model = open_read_model(ledger)
    result = erase(ledger, ADMIN, Erasure(registration_no=reg, reason="request of 2 Dec 2026"))
    assert result["erased"] is True
    assert leaked(store_bytes(ledger), personal) == []
    assert verify_ledger(ledger)["verified"] is True
    views = snapshot(model)
    model.rebuild(ledger)
    assert snapshot(model) == views
    row = next(r for r in views["view_members"] if r["registration_no"] == reg)
    assert (row["name"], row["nik"]) == (ev.ERASED, ev.ERASED)
    shown = show_member(ledger, AUDITOR, reg, TimeTravel())
    assert (shown["name"], shown["nik"], shown["email"]) == (ev.ERASED,) * 3
    assert shown["province"] == "51" and shown["registered_on"] == "2012-04-02"  # kept
    assert leaked(store_bytes(ledger), personal) == []  # the rebuild brought nothing back


def test_an_erasure_is_final_and_a_re_import_of_the_person_is_reported(
    ledger: Ledger, tmp_path: Path
) -> None:
    reg, personal = a_member_with_history(ledger)
    erase(ledger, ADMIN, Erasure(registration_no=reg, reason="request"))
    with pytest.raises(Conflict, match="already erased"):
        erase(ledger, ADMIN, Erasure(registration_no=reg, reason="again"))
    with pytest.raises(Conflict, match="erased"):
        update_member(ledger, ADMIN, UpdateMember(registration_no=reg, email="x@contoh.id"))
    legacy = tmp_path / "legacy.csv"
    legacy.write_text(
        "name,nik,birth_date,province,email,registered_on\n"
        f"{NAME},{personal[3]},{BORN},51,{EMAIL},2012-04-02\n"
    )
    before = ledger.event_count()
    result = import_members(
        ledger, ADMIN, ImportMembers(file=legacy, source="kongres-2012"), lambda _: None
    )
    assert (result["imported"], result["duplicate"]) == (0, 1)
    assert ledger.event_count() == before
    assert leaked(store_bytes(ledger), [NAME, EMAIL]) == []


def test_a_data_key_left_by_a_save_that_died_is_used_by_the_next_one(
    ledger: Ledger, keys: KeyStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process killed after storing a new member's key, before its events: the same
    registration number, run again, seals with that key instead of conflicting forever."""

    class Killed(Exception):
        pass

    def killed(*_: object) -> None:
        raise Killed

    with Ledger(open_store(ledger.store.location), keys=keys, clock=ledger.clock) as other:
        monkeypatch.setattr(other, "_record", killed)
        with pytest.raises(Killed):
            register(other, name=NAME, province="51", registered_on="2012-04-02")
    reg = register(ledger, name=NAME, province="51", registered_on="2012-04-02")
    assert show_member(ledger, AUDITOR, reg, TimeTravel())["name"] == NAME
