"""Reports and registers as an ``.xlsx`` workbook (openpyxl): one sheet per table, typed cells.

Dates are date cells (shown ``dd/mm/yyyy``), rupiah numbers with a rupiah format, counts
numbers; the header row is frozen and bold, and each column is as wide as its longest value
(up to a limit). Text that a spreadsheet would run as a formula is written as text (openpyxl
writes a string cell; ``commands.cells.safe_cell`` is for CSV, where a cell has no type).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import IO, Any

from commands.cells import is_money, shown

MONEY = '"Rp"#,##0'
DAY = "dd/mm/yyyy"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
WIDEST = 60


def typed(column: str, value: Any) -> tuple[Any, str | None]:
    """A value as the cell it becomes, and its number format."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, date):
        return value, DAY
    if isinstance(value, int):
        return value, MONEY if is_money(column) else "0"
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return date.fromisoformat(value), DAY
    if isinstance(value, dict):
        value = " ".join(str(v) for v in value.values() if v is not None)
    elif isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    return shown(str(value)), None


def write_workbook(
    file: IO[bytes], tables: Sequence[tuple[str, Sequence[dict[str, Any]], Sequence[str]]]
) -> None:
    """``tables`` (title, rows, columns) as the sheets of one workbook, written to ``file``."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, rows, columns in tables:
        sheet = book.create_sheet(re.sub(r"[\[\]:*?/\\]", " ", title)[:31] or "sheet")
        sheet.append(list(columns))
        widths = [len(c) for c in columns]
        for row in rows:
            cells = []
            for i, column in enumerate(columns):
                value, number_format = typed(column, row.get(column))
                cell = Cell(sheet, value=value)
                if number_format:
                    cell.number_format = number_format
                cells.append(cell)
                shown_width = 10 if number_format == DAY else len(str(value or ""))
                widths[i] = max(widths[i], shown_width)
            sheet.append(cells)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = min(width + 2, WIDEST)
    book.save(file)
