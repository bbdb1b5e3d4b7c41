"""The web service over the demo ledger, with one member's phone added, one member restricted
and one erased: built once per module with the installed executable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.cli.helpers import LSP, make_eligible, ok, register_member, using_store
from tests.cli.test_e2e import Peksos
from tests.conftest import wiped_postgres

SITI, MARUF, SUKARTI, WAHYU = "32-2010-00001", "31-2010-00001", "32-2010-00002", "32-2013-00001"
ADMIN = "Ratna Sari"
# Siti Aminah's private data, as the demo records it, and a phone added here
PRIVATE = {
    "nik": "3273014501800002",
    "nik_end": "0002",
    "birth_date": "1980-01-05",
    "birth_date_id": "5 Januari 1980",
    "birth_date_en": "5 January 1980",
    "email": "siti.aminah@example.org",
    "email_masked": "s***@example.org",
    "phone": "081234567890",
}


@pytest.fixture(scope="package", params=["sqlite", "postgresql"])
def demo_ledger(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Peksos:
    """The demo ledger on each backend (PostgreSQL: the wiped test database)."""
    peksos = Peksos(tmp_path_factory.mktemp("web"))
    if request.param == "postgresql":
        peksos.env["PEKSOS_DB"] = wiped_postgres()
    for args in (
        ("demo",),
        ("--as", ADMIN, "member", "update", SITI, "--phone", PRIVATE["phone"]),
        ("--as", ADMIN, "member", "restrict", MARUF, "--reason", "request of 1 Dec 2026"),
        ("--as", ADMIN, "member", "erase", SUKARTI, "--reason", "request of 1 Dec 2026"),
    ):
        done = peksos(*args)
        assert done.returncode == 0, done.stderr
    with using_store(peksos.env["PEKSOS_DB"], keys_folder(peksos)):  # one certified today
        reg = register_member(name="Sri Wahyuningsih", registered_on="2020-01-10")
        make_eligible(reg, field="anak", level="generalis")
        certify = ("certify", reg, "--field", "anak", "--level", "generalis")
        number = ok("--as", LSP, "--json", *certify).json["certificate_no"]
        token = ok("--as", LSP, "certificate", "export", number).stdout.strip()
    peksos.certified = (reg, number, token)  # type: ignore[attr-defined]
    return peksos


@pytest.fixture
def client(demo_ledger: Peksos, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from commands.bootstrap import open_ledger
    from commands.web.app import create_app

    monkeypatch.setenv("PEKSOS_KEYS", demo_ledger.env["PEKSOS_KEYS"])
    db = demo_ledger.env["PEKSOS_DB"]
    with TestClient(create_app(lambda: open_ledger(db), search_limit="1000/minute")) as c:
        yield c


def keys_folder(peksos: Peksos) -> Path:
    return Path(peksos.env["PEKSOS_KEYS"])
