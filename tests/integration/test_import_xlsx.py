"""A legacy list kept as an .xlsx workbook imports like its CSV twin: same numbers, same report,
and a second run imports nothing. Dates may be date cells or text; a NIK may be a number cell."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from commands.imports import ImportMembers, import_members
from ledger.application import Ledger
from ledger.errors import InvalidInput
from ledger.storage.store import open_store
from tests.builders import ADMIN, enrol_standard_actors

ROWS = [
    (
        "Siti Aminah",
        "3273014501800002",
        date(1980, 1, 5),
        "32",
        "siti@example.org",
        date(2010, 3, 1),
    ),
    (
        "I Made Suarsana",
        "5171010203750003",
        date(1975, 3, 2),
        "Bali",
        "made@example.org",
        date(2010, 3, 1),
    ),
    ("Nur'aini", "3273014501800002", date(1980, 1, 5), "32", "nur@example.org", date(2010, 3, 2)),
    ("Agus", "12345", date(1985, 3, 12), "32", "agus@example.org", date(2010, 3, 1)),
]
HEADER = ("name", "nik", "birth_date", "province", "email", "registered_on")


def csv_twin(path: Path) -> Path:
    lines = [",".join(HEADER)]
    lines += [",".join(c.isoformat() if isinstance(c, date) else c for c in row) for row in ROWS]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def workbook(path: Path, dates_as: str) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for name, nik, born, province, email, registered in ROWS:
        if dates_as == "cells":  # what Excel stores for a typed date; a NIK typed as a number
            sheet.append(
                [
                    name,
                    int(nik),
                    datetime.combine(born, datetime.min.time()),
                    province,
                    email,
                    registered,
                ]
            )
        else:  # text the office typed, day first
            sheet.append(
                [
                    name,
                    nik,
                    born.strftime("%d/%m/%Y"),
                    province,
                    email,
                    registered.strftime("%d/%m/%Y"),
                ]
            )
    book.save(path)
    return path


def fresh_ledger(tmp_path: Path, name: str, keys, clock) -> Ledger:  # type: ignore[no-untyped-def]
    app = Ledger(open_store(str(tmp_path / f"{name}.sqlite")), keys=keys, clock=clock)
    app.open_ledger(ADMIN)
    enrol_standard_actors(app)
    return app


def imported(app: Ledger, path: Path, report: Path) -> dict:
    cmd = ImportMembers(file=path, source="kongres-2010", report=report)
    return import_members(app, ADMIN, cmd, lambda _: None)


def outcomes(result: dict) -> list[tuple]:
    return [(o["line"], o["outcome"], o["registration_no"]) for o in result["outcomes"]]


@pytest.mark.parametrize("dates_as", ["cells", "text"])
def test_a_workbook_imports_like_its_csv_twin(tmp_path: Path, keys, clock, dates_as: str) -> None:  # type: ignore[no-untyped-def]
    with fresh_ledger(tmp_path, "from-csv", keys, clock) as by_csv:
        from_csv = imported(by_csv, csv_twin(tmp_path / "list.csv"), tmp_path / "csv-report.csv")
    with fresh_ledger(tmp_path, "from-xlsx", keys, clock) as by_xlsx:
        book = workbook(tmp_path / "list.xlsx", dates_as)
        from_xlsx = imported(by_xlsx, book, tmp_path / "xlsx-report.csv")
        again = imported(by_xlsx, book, tmp_path / "again.csv")

    assert outcomes(from_xlsx) == outcomes(from_csv)
    assert [o[1] for o in outcomes(from_xlsx)] == ["imported", "imported", "duplicate", "rejected"]
    assert (tmp_path / "xlsx-report.csv").read_text() == (tmp_path / "csv-report.csv").read_text()
    assert again["imported"] == 0 and again["duplicate"] == 3  # the in-file duplicate too


def test_a_zip_that_is_not_a_workbook_is_refused_naming_the_file(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(InvalidInput, match=r"not a readable \.xlsx workbook"):
        import_members(ledger, ADMIN, ImportMembers(file=path, source="x"), lambda _: None)
