"""``/bulk`` and ``/api/v1/bulk``: an employer checks up to 100 numbers at once, pasted or in
a CSV or XLSX file, and downloads the table (CSV as ``--format excel`` writes it, or XLSX)."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import SITI, SUKARTI, WAHYU

pytestmark = pytest.mark.e2e

PASTED = f"{SITI}\nstr-2021-00002, LIC-2011-00001; CERT-2099-00001\n{SUKARTI} {SITI}"


def test_pasted_numbers_each_get_their_holder_and_status(client: TestClient) -> None:
    numbers = re.split(r"[,;\s]+", PASTED)
    rows = client.post("/api/v1/bulk", json={"numbers": numbers})
    assert rows.status_code == 200, rows.text
    by_number = {r["number"]: r for r in rows.json()}
    assert by_number[SITI]["found"] and by_number[SITI]["name"] == "Siti Aminah"
    assert by_number["STR-2021-00002"]["registration_no"] == WAHYU
    assert by_number["STR-2021-00002"]["status"] == "revoked"
    assert by_number["LIC-2011-00001"]["credential"] == "licence"
    assert not by_number["CERT-2099-00001"]["found"]
    assert not by_number[SUKARTI]["found"]  # erased: not in the register


def test_the_page_reads_numbers_however_they_are_separated(client: TestClient) -> None:
    page = client.post("/bulk", data={"numbers": PASTED}).text
    for number in (SITI, "STR-2021-00002", "LIC-2011-00001", "CERT-2099-00001"):
        assert number in page
    assert page.count(f">{SITI}<") == 1  # each number once
    assert "dicabut" in page  # the STR, in the reader's words


def test_an_uploaded_workbook_is_read_like_a_pasted_list(client: TestClient) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["nomor"])
    for number in (SITI, "STR-2021-00002"):
        sheet.append([number])
    upload = io.BytesIO()
    book.save(upload)
    files = {"sheet": ("nomor.xlsx", upload.getvalue(), "application/octet-stream")}
    page = client.post("/bulk", data={"numbers": ""}, files=files).text
    assert f'href="/members/{SITI}"' in page and f'href="/members/{WAHYU}"' in page


def test_the_downloads_are_an_excel_csv_and_a_typed_workbook(client: TestClient) -> None:
    from openpyxl import load_workbook

    csv_file = client.post("/bulk", data={"numbers": PASTED, "download": "csv"})
    assert csv_file.headers["content-disposition"].endswith('bulk-check.csv"')
    text = csv_file.content.decode("utf-8")
    assert text.startswith("\ufeffnumber;found;") and f"{SITI};True;{SITI};Siti Aminah" in text
    xlsx = client.post("/bulk", data={"numbers": PASTED, "download": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    wahyu = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "STR-2021-00002")
    assert wahyu[header.index("valid_until")].is_date


def test_more_than_100_numbers_or_none_are_refused(client: TestClient) -> None:
    many = [f"32-2010-{n:05d}" for n in range(1, 102)]
    assert client.post("/api/v1/bulk", json={"numbers": many}).status_code == 400
    too_many = client.post("/bulk", data={"numbers": "\n".join(many)})
    assert too_many.status_code == 400 and "100" in too_many.text
    none = client.post("/api/v1/bulk", json={"numbers": []})
    assert none.status_code == 400 and none.json()["error"]["code"] == "invalid_input"
