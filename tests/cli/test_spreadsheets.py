"""Registers and reports as .xlsx workbooks: typed cells, a frozen header, widths that fit."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.cli.helpers import ADMIN, AUDITOR, failed, ok, register_member, run

pytestmark = pytest.mark.usefixtures("ledger_cli")


def test_the_member_list_as_a_workbook_has_dates_as_dates_and_a_frozen_header(
    tmp_path: Path,
) -> None:
    reg = register_member(name="Nur'aini binti Abdul Rahman Al-Habsyi")
    out = tmp_path / "anggota.xlsx"
    ok("--as", AUDITOR, "member", "list", "--format", "xlsx", "--out", str(out))

    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, (c.value for c in sheet[2]), strict=True))
    assert sheet.freeze_panes == "A2"
    assert row["registration_no"] == reg
    assert row["registered_on"] == datetime(2010, 3, 1)  # a date cell, not text
    assert sheet.cell(2, header.index("registered_on") + 1).number_format == "dd/mm/yyyy"
    assert row["nik"].startswith("****")  # masked, as in every export
    name_column = sheet.column_dimensions[chr(ord("A") + header.index("name"))]
    assert name_column.width >= len("Nur'aini binti Abdul Rahman Al-Habsyi")


def test_the_dues_report_as_a_workbook_has_rupiah_as_numbers(tmp_path: Path) -> None:
    reg = register_member()
    ok("--as", ADMIN, "dues", "pay", reg, "--year", "2010", "--amount", "150000",
       "--paid-on", "2010-03-01")  # fmt: skip
    out = tmp_path / "iuran.xlsx"
    ok("--as", AUDITOR, "report", "dues", "--year", "2010", "--format", "xlsx", "--out", str(out))

    sheet = load_workbook(out)["dues"]
    header = [c.value for c in sheet[1]]
    total = sheet.cell(2, header.index("total_rupiah") + 1)
    assert total.value == 150000 and isinstance(total.value, int)
    assert total.number_format == '"Rp"#,##0'


def test_xlsx_needs_out_and_out_needs_xlsx_and_nothing_is_overwritten(tmp_path: Path) -> None:
    register_member()
    assert failed(2, "--as", AUDITOR, "--json", "member", "list", "--format", "xlsx").error[
        "details"
    ] == [{"field": "--out", "message": "--format xlsx needs --out FILE"}]
    out = tmp_path / "kept.xlsx"
    out.write_bytes(b"the officer's own file")
    refused = run("--as", AUDITOR, "member", "list", "--format", "xlsx", "--out", str(out))
    assert refused.code == 2 and "exists; pass --force" in refused.stderr
    assert out.read_bytes() == b"the officer's own file"
    alone = run("--as", AUDITOR, "member", "list", "--out", str(tmp_path / "x.xlsx"))
    assert alone.code == 2 and "--out is for --format xlsx" in alone.stderr
