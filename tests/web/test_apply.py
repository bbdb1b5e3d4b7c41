"""The membership form (``/apply``): the service's one write. From this site's form only
(CSRF), a few per client, checked by the CLI's own rules, and a member only once an admin of
the province approves it through the CLI (``member applications|approve|reject``)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.builders import fresh_nik
from tests.cli.test_e2e import Peksos
from tests.web.conftest import ADMIN

CHAPTER = "Dewi Anggraini"  # the demo's chapter admin of Jawa Barat (32)
REFERENCE = re.compile(r'id="reference">(REQ-[0-9]{4}-[0-9A-Z]{8})<')


def form(**changes: str) -> dict[str, str]:
    born = "1996-02-14"
    fields = {
        "name": "Nur'aini Siregar",
        "nik": fresh_nik("32", born),
        "birth_date": born,
        "province": "32",
        "email": "nuraini.siregar@example.org",
        "phone": "",
        "education_level": "S1",
        "major": "Pekerjaan Sosial",
        "institution": "Politeknik Kesejahteraan Sosial Bandung",
        "graduated_on": "2019-08-30",
    }
    return fields | changes


def token_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the form carries no CSRF token"
    return found.group(1)


def send(client: TestClient, fields: dict[str, str]) -> Any:
    """Open the form (its token and cookie), then send it as a browser would."""
    token = token_of(client.get("/apply").text)
    return client.post("/apply", data={**fields, "csrf_token": token})


def events(demo_ledger: Peksos) -> int:
    from commands.bootstrap import open_ledger

    with open_ledger(demo_ledger.env["PEKSOS_DB"]) as ledger:
        return ledger.event_count()


@pytest.fixture
def applying(demo_ledger: Peksos, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    from commands.bootstrap import open_ledger
    from commands.web.app import create_app

    monkeypatch.setenv("PEKSOS_KEYS", demo_ledger.env["PEKSOS_KEYS"])
    db = demo_ledger.env["PEKSOS_DB"]
    with TestClient(create_app(lambda: open_ledger(db), apply_limit="3/hour")) as c:
        c.get("/", params={"lang": "en"})  # the language cookie
        yield c


def test_an_application_gets_a_reference_and_waits_for_the_chapter(
    applying: TestClient, demo_ledger: Peksos
) -> None:
    before = events(demo_ledger)
    page = send(applying, form())
    assert page.status_code == 200, page.text
    reference = REFERENCE.search(page.text)
    assert reference, page.text
    assert events(demo_ledger) == before + 2  # the application, and its save in the journal
    status = applying.get("/apply/status", params={"reference": reference.group(1)})
    assert "pending" in status.text and "Nur&#39;aini" not in status.text
    assert applying.get("/", params={"q": "Nur'aini Siregar"}).text.count("/members/") == 0

    listed = demo_ledger.ok("--as", CHAPTER, "member", "applications")
    assert reference.group(1) in [a["reference"] for a in listed]
    number = demo_ledger.ok("--as", CHAPTER, "member", "approve", reference.group(1))[
        "registration_no"
    ]

    status = applying.get("/apply/status", params={"reference": reference.group(1)})
    assert "approved" in status.text and number in status.text
    found = applying.get("/api/v1/search", params={"q": "Nur'aini Siregar"}).json()["found"]
    assert [f["registration_no"] for f in found] == [number]
    again = demo_ledger("--as", CHAPTER, "member", "approve", reference.group(1))
    assert again.returncode == 5 and "already approved" in again.stderr


def test_a_rejected_application_tells_its_reason(applying: TestClient, demo_ledger: Peksos) -> None:
    reference = REFERENCE.search(send(applying, form(name="Yohanes Tanjung")).text)
    assert reference
    reason = "ijazah belum dilegalisasi"
    rejected = demo_ledger(
        "--as", ADMIN, "member", "reject", reference.group(1), "--reason", reason
    )
    assert rejected.returncode == 0, rejected.stderr
    status = applying.get("/apply/status", params={"reference": reference.group(1), "lang": "id"})
    assert "ditolak" in status.text and reason in status.text


@pytest.mark.parametrize(
    "forged",
    [
        {},  # no token at all (a form posted from another site)
        {"csrf_token": "not-the-token"},
    ],
)
def test_a_form_not_sent_from_this_site_is_refused_and_records_nothing(
    applying: TestClient, demo_ledger: Peksos, forged: dict[str, str]
) -> None:
    before = events(demo_ledger)
    applying.get("/apply")  # the cookie, but not the form's token
    answer = applying.post("/apply", data={**form(), **forged})
    assert answer.status_code == 403
    assert events(demo_ledger) == before


def test_a_token_without_its_cookie_is_refused(applying: TestClient) -> None:
    token = token_of(applying.get("/apply").text)
    applying.cookies.clear()
    assert applying.post("/apply", data={**form(), "csrf_token": token}).status_code == 403


@pytest.mark.parametrize(
    ("changes", "status", "named"),
    [
        ({"nik": "12345"}, 400, "nik"),
        ({"email": "not-an-email"}, 400, "email"),
        ({"birth_date": "31/02/1996"}, 400, "birth_date"),
        ({"name": ""}, 400, "name"),
        ({"province": "99"}, 400, "province"),
        ({"graduated_on": "2090-01-01"}, 422, "graduation date"),
        ({"birth_date": "1995-02-14"}, 422, "NIK"),  # the NIK's date part is 14-02-96
    ],
)
def test_bad_input_is_named_and_records_nothing(
    applying: TestClient, demo_ledger: Peksos, changes: dict[str, str], status: int, named: str
) -> None:
    before = events(demo_ledger)
    answer = send(applying, form(**changes))
    assert answer.status_code == status, answer.text
    assert "Traceback" not in answer.text
    if status == 400:
        assert f'id="{named}-problem"' in answer.text
    else:
        assert named in answer.text
    assert 'name="csrf_token"' in answer.text  # the form again, filled in, to correct
    assert events(demo_ledger) == before


def test_applications_over_the_limit_are_refused_with_429(applying: TestClient) -> None:
    answers = [send(applying, form()).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
