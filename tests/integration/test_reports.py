"""Golden tests: every report's JSON and CSV on the fixed demo ledger, and on an empty one.

The demo's clock replays fixed dates, so its reports are reproducible. After a deliberate
change, regenerate with PEKSOS_UPDATE_GOLDEN=1 and review the diff like code.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from commands.cli import main

GOLDEN = Path(__file__).parent.parent / "golden"
REPORTS = {
    "standing": ["report", "standing", "--as-of", "2012-06-30"],
    "standing-known-at": [
        "report",
        "standing",
        "--as-of",
        "2012-06-30",
        "--known-at",
        "2012-01-01",
    ],
    "certificates": ["report", "certificates", "--as-of", "2012-06-30"],
    "certificates-2011-anak": [
        "report",
        "certificates",
        "--from",
        "2011-01-01",
        "--to",
        "2011-12-31",
        "--field",
        "anak",
        "--as-of",
        "2012-06-30",
    ],
    "licences": ["report", "licences", "--as-of", "2012-06-30"],
    "credentials-2022": ["report", "credentials", "--as-of", "2022-06-30"],
    "dues-2010": ["report", "dues", "--year", "2010"],
    "anomalies": ["report", "anomalies"],
}


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("demo")
    env = {
        "PEKSOS_DB": str(folder / "demo.sqlite"),
        "PEKSOS_KEYS": str(folder / "keys"),
        "PEKSOS_ACTOR": "Lestari Wulandari",
        "NO_COLOR": "1",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    assert main(["--json", "demo"]) == 0
    yield env
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def output(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    capsys.readouterr()
    assert main(argv) == 0, capsys.readouterr().err
    return capsys.readouterr().out


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("PEKSOS_UPDATE_GOLDEN"):
        path.write_bytes(text.encode("utf-8"))
    # Bytes, not text: CSV lines end in CRLF (RFC 4180) and that is part of the contract.
    assert text.encode("utf-8") == path.read_bytes(), f"{name} differs from its golden file"


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_json_matches_its_golden_file(
    demo_env: dict[str, str], capsys: pytest.CaptureFixture[str], name: str
) -> None:
    text = output(capsys, ["--json", *REPORTS[name]])
    json.loads(text)
    check_golden(f"{name}.json", text)


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_csv_matches_its_golden_file(
    demo_env: dict[str, str], capsys: pytest.CaptureFixture[str], name: str
) -> None:
    text = output(capsys, [*REPORTS[name], "--format", "csv"])
    # one table as it is; a page of several (dues: provinces and who has not paid) as one
    # sheet whose first column names each row's table
    assert text.splitlines()[0].startswith(
        ("registration_no", "certificate_no", "licence_no", "province", "table,", "kind,")
    )
    check_golden(f"{name}.csv", text)


def test_every_row_of_the_dues_page_is_in_its_csv(
    demo_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The finding: ``report dues --format csv`` dropped the unpaid members the page shows."""
    page = json.loads(output(capsys, ["--json", *REPORTS["dues-2010"]]))
    text = output(capsys, [*REPORTS["dues-2010"], "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["province"] for r in rows if r["table"] == "dues"] == [
        p["province"] for p in page["rows"]
    ]
    assert [r["registration_no"] for r in rows if r["table"] == "unpaid"] == [
        u["registration_no"] for u in page["unpaid"]
    ]


def test_excel_csv_has_a_bom_and_semicolons(
    demo_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    excel = output(capsys, [*REPORTS["certificates-2011-anak"], "--excel"])
    plain = output(capsys, [*REPORTS["certificates-2011-anak"], "--format", "csv"])
    assert excel.startswith("\ufeffcertificate_no;")
    rows = list(csv.reader(io.StringIO(excel.removeprefix("\ufeff")), delimiter=";"))
    assert rows == list(csv.reader(io.StringIO(plain))) and len(rows) > 1


def test_rebuild_gives_byte_identical_register_and_status(
    demo_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    reads = [
        ["member", "list", "--format", "json"],
        ["--json", "member", "show", "32-2010-00001"],
        ["report", "standing", "--as-of", "2011-06-01", "--format", "json"],
    ]
    before = [output(capsys, argv) for argv in reads]
    output(capsys, ["--as", "Ratna Sari", "projections", "rebuild"])
    assert [output(capsys, argv) for argv in reads] == before


def test_every_report_works_on_an_empty_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PEKSOS_DB", str(tmp_path / "empty.sqlite"))
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "keys"))
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["init", "--admin", "Ratna Sari"]) == 0
    for argv in REPORTS.values():
        human = output(capsys, ["--as", "Ratna Sari", *argv])
        assert re.search(r"none found|nothing to show|No rows", human), human
        data = json.loads(output(capsys, ["--as", "Ratna Sari", "--json", *argv]))
        assert data["rows"] == []
    anomalies = json.loads(output(capsys, ["--as", "Ratna Sari", "--json", "report", "anomalies"]))
    assert anomalies["checked"]["members"] == 0 and anomalies["checked"]["checks"]
