"""``/eligibility``: what the rules in force ask, per level, of what a person says they have;
nothing is stored."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.cli.test_e2e import Peksos

pytestmark = pytest.mark.e2e

ASKED = {
    "field": "anak",
    "level": "S1",
    "major": "Ilmu Kesejahteraan Sosial",
    "graduated_on": "2015-06-01",
    "from_1": "2016-01-04",
    "to_1": "2018-12-31",
    "from_2": "2019-02-01",
    "training_hours": "100",
}


def levels(page: str) -> dict[str, str]:
    """Each level's heading line: 'asisten' -> 'all met but the exam'."""
    found = {}
    for line in page.splitlines():
        if line.strip().startswith("<h3>Level "):
            name, _, verdict = line.strip()[len("<h3>Level ") : -len("</h3>")].partition(": ")
            found[name] = verdict
    return found


def test_each_level_says_what_is_met_and_what_is_missing(client: TestClient) -> None:
    page = client.get("/eligibility", params={**ASKED, "lang": "en"}).text
    assert levels(page) == {
        "asisten": "all met but the exam",
        "generalis": "not yet",  # 160 hours
        "spesialis": "not yet",
    }
    assert "100 hours recorded" in page  # the missing hours, in words


def test_enough_training_meets_the_generalis_level_but_the_exam(client: TestClient) -> None:
    page = client.get("/eligibility", params={**ASKED, "training_hours": "160", "lang": "en"})
    assert levels(page.text)["generalis"] == "all met but the exam"


def test_nothing_is_stored(client: TestClient, demo_ledger: Peksos) -> None:
    before = demo_ledger.ok("info")["events"]
    client.get("/eligibility", params=ASKED)
    assert demo_ledger.ok("info")["events"] == before


@pytest.mark.parametrize(
    ("field", "value"), [("graduated_on", "2015-13-01"), ("training_hours", "lots"), ("field", "x")]
)
def test_a_bad_value_is_named(client: TestClient, field: str, value: str) -> None:
    page = client.get("/eligibility", params={**ASKED, field: value, "lang": "en"})
    assert page.status_code == 400 and field in page.text
