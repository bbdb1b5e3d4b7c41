"""Reading the legacy member lists: spreadsheets as offices really make them, as ``.xlsx`` or
exported to CSV.

UTF-8 with or without a byte-order mark, comma or semicolon delimited (the csv module's
Sniffer decides), ``DD/MM/YYYY`` as well as ISO dates (read as every command reads them,
``commands.values.parse_date``), provinces by code or name, majors by any of their names
("S1 Ilmu Kesejahteraan Sosial"), stray spaces and header case ignored. Each row becomes a
``RegisterMember`` (and an ``AddEducation`` when it has a degree), or the reasons it cannot,
naming the columns. (Whether a NIK's date part matches the birth date is judged with the
other rules of registration, in ``commands.imports``.)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from commands.files import LEGACY_LIST, read_capped
from commands.members import RegisterMember
from commands.records import AddEducation
from ledger.errors import InvalidInput
from ledger.vocabulary import major
from ledger.wording import said

REQUIRED = ("name", "nik", "birth_date", "province", "email")
OPTIONAL = (
    "phone",
    "registered_on",
    "education_level",
    "education_major",
    "institution",
    "graduated_on",
)
EDUCATION = ("education_level", "education_major", "institution", "graduated_on")
# A spreadsheet cell may be long; such a row is read and then rejected by validation, not
# allowed to refuse the whole file (the csv module's default limit is 128 KiB).
csv.field_size_limit(64 * 1024 * 1024)
XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx workbook is a zip archive


@dataclass
class Row:
    line: int
    values: dict[str, str]
    member: RegisterMember | None = None
    education: AddEducation | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def nik(self) -> str:
        return self.member.nik if self.member else self.values.get("nik", "")


def read_rows(path: Path) -> Iterator[Row]:
    """The file's data rows in order, as read: ``validated`` makes each a command (line
    numbers count the header as 1). A CSV file, or an ``.xlsx`` workbook's first sheet."""
    try:
        data = read_capped(path, "FILE", LEGACY_LIST)
    except FileNotFoundError:
        raise InvalidInput(
            said("no file {path}", path=path), [{"field": "FILE", "message": "not found"}]
        ) from None
    lines = _sheet_lines(path, data) if data.startswith(XLSX_MAGIC) else _csv_lines(path, data)
    header = [h.strip().lower().replace(" ", "_") for h in next(lines, (0, []))[1]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InvalidInput(
            said(
                "{path}: missing column(s) {missing} (the header must name {required}; "
                "optionally {optional})",
                path=path,
                missing=", ".join(missing),
                required=", ".join(REQUIRED),
                optional=", ".join(OPTIONAL),
            ),
            [{"field": "FILE", "message": f"missing column {c}"} for c in missing],
        )
    for line, cells in lines:
        if any(c.strip() for c in cells):
            yield Row(line, {h: c.strip() for h, c in zip(header, cells, strict=False) if h})


def _csv_lines(path: Path, data: bytes) -> Iterator[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            said(
                "{path} is not UTF-8 text (byte {byte}): export the sheet as CSV UTF-8",
                path=path,
                byte=error.start,
            ),
            [{"field": "FILE", "message": "not UTF-8"}],
        ) from None
    first = text.split("\n", 1)[0]
    try:  # only the delimiter is sniffed (from the header); quoting is the spreadsheet's own
        delimiter = csv.Sniffer().sniff(first, delimiters=",;").delimiter
    except csv.Error:
        delimiter = ","
    # The reader, not str.splitlines, decides where a row ends: a quoted cell may hold a newline.
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    line = 1  # the spreadsheet's row number: a cell holding a newline is still one row
    try:
        for line, cells in enumerate(reader, start=1):
            yield line, cells
    except csv.Error as error:  # e.g. a cell over the csv module's 128 KiB limit
        raise InvalidInput(
            said(
                "{path} cannot be read after line {line}: {error}",
                path=path,
                line=line,
                error=str(error),
            ),
            [{"field": "FILE", "message": str(error)}],
        ) from None


def _sheet_lines(path: Path, data: bytes) -> Iterator[tuple[int, list[str]]]:
    """The first sheet's rows as the text a CSV export would hold: a date cell as its ISO
    date, a whole number (a NIK typed as a number) without ``.0``, an empty cell as ``""``."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a zip that is not a workbook: openpyxl's errors vary
        raise InvalidInput(
            said(
                "{path} is not a readable .xlsx workbook ({error})",
                path=path,
                error=type(error).__name__,
            ),
            [{"field": "FILE", "message": "not a workbook"}],
        ) from None
    try:
        sheet = book.worksheets[0]
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell_text(cell) for cell in cells]
    finally:
        book.close()


def _cell_text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)


def validated(row: Row, source: str) -> Row:
    """The row as a ``RegisterMember`` (and ``AddEducation``), or the reasons it cannot be."""
    v = row.values
    try:
        member = RegisterMember(
            name=v.get("name", ""),
            nik=v.get("nik", ""),
            birth_date=v.get("birth_date", ""),
            province=v.get("province", ""),
            email=v.get("email", ""),
            phone=v.get("phone") or None,
            registered_on=v.get("registered_on") or None,
            source=source,
        )
    except ValidationError as error:
        row.problems += [_explain(p) for p in error.errors()]
    else:
        row.member = member
    if any(v.get(c) for c in EDUCATION):
        try:
            row.education = AddEducation(
                registration_no="00-0000-00000",
                level=v.get("education_level", ""),
                major=major(v.get("education_major", "")),
                institution=v.get("institution", ""),
                graduated_on=v.get("graduated_on", ""),
            )
        except ValidationError as error:
            names = {"level": "education_level", "major": "education_major"}
            row.problems += [_explain(p, names) for p in error.errors()]
    return row


def _explain(problem: Any, names: dict[str, str] | None = None) -> str:
    column = str(problem["loc"][0]) if problem["loc"] else "row"
    column = (names or {}).get(column, column)
    message = problem["msg"].removeprefix("Value error, ")
    # A NIK's failures are one per part: each names the column.
    return (
        "; ".join(f"{column}: {m}" for m in message.split("; "))
        if column == "nik"
        else (f"{column}: {message}")
    )
