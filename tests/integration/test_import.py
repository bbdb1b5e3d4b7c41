"""The legacy importer: every malformed-input class is reported by line and records nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from commands.imports import ImportMembers, import_members
from ledger.application import Ledger
from ledger.errors import InvalidInput
from tests.builders import ADMIN

HEADER = "name,nik,birth_date,province,email,registered_on"
GOOD = "Siti Aminah,3273014501800002,1980-01-05,32,siti@example.org,2010-03-01"


def run(ledger: Ledger, path: Path, **options: object) -> dict:
    return import_members(
        ledger, ADMIN, ImportMembers(file=path, source="kongres-2010", **options), lambda _: None
    )


def write(tmp_path: Path, *lines: str, name: str = "list.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + "\n".join(lines).encode("utf-8"))
    return path


def members(ledger: Ledger) -> list[str]:
    return sorted(ledger.repository.get(m).record.nik for m in ledger.registered_members())


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Agus Setiawan,12345,1980-01-05,32,agus@example.org,2010-03-01", "nik"),
        ("Agus Setiawan,3273011203850001,1980-02-30,32,agus@example.org,2010-03-01", "birth_date"),
        ("Agus Setiawan,3273011203850001,1985-03-12,99,agus@example.org,2010-03-01", "province"),
        ("Agus Setiawan,3273011203850001,1985-03-12,32,agus-at-example.org,2010-03-01", "email"),
        ("Agus 5etiawan,3273011203850001,1985-03-12,32,agus@example.org,2010-03-01", "name"),
        (",3273011203850001,1985-03-12,32,agus@example.org,2010-03-01", "name"),
        (
            "Agus Setiawan,3273011203850001,1985-03-12,32,agus@example.org,2099-03-01",
            "in the future",
        ),
        (
            "Agus Setiawan,3273011203850001,2011-01-05,32,agus@example.org,2010-03-01",
            "must be before registration",
        ),
        (
            "Agus Setiawan,3273011203850001,1985-03-12,32,agus@example.org,01-03-2010",
            "registered_on",
        ),
    ],
)
def test_a_malformed_row_is_reported_by_line_and_records_nothing(
    ledger: Ledger, tmp_path: Path, row: str, reason: str
) -> None:
    result = run(ledger, write(tmp_path, HEADER, GOOD, row))

    rejected = [o for o in result["outcomes"] if o["outcome"] == "rejected"]
    assert [(o["line"], o["outcome"]) for o in rejected] == [(3, "rejected")]
    assert reason in rejected[0]["reason"]
    assert (result["imported"], result["rejected"]) == (1, 1)
    assert members(ledger) == ["3273014501800002"]  # the bad row left no trace


def test_a_missing_column_refuses_the_whole_file(ledger: Ledger, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="missing column"):
        run(ledger, write(tmp_path, "name,nik,province,email", "Siti,1,32,s@example.org"))
    assert members(ledger) == []


def test_spreadsheet_csv_bom_semicolons_dmy_dates_and_stray_spaces_are_read(
    ledger: Ledger, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        " Name ; NIK ;Birth_Date;province;email;registered_on;education_level;education_major;"
        "institution;graduated_on",
        " Siti Aminah ; 3273014501800002 ;05/01/1980;32;siti@example.org;01/03/2010;S1;"
        "kesejahteraan-sosial;STKS Bandung;30/08/2004",
        "Ma'ruf;3174021203780001;1978-03-12;31;maruf@example.org;;;;;",
        bom=True,
    )
    result = run(ledger, path)

    assert (result["imported"], result["rejected"], result["duplicate"]) == (2, 0, 0)
    siti = ledger.member(result["outcomes"][0]["registration_no"]).record
    assert (siti.name, str(siti.birth_date), siti.source) == (
        "Siti Aminah",
        "1980-01-05",
        "kongres-2010",
    )
    assert [d.level.value for d in siti.degrees.values()] == ["S1"]


def test_duplicates_in_the_file_and_in_the_ledger_are_reported_and_skipped(
    ledger: Ledger, tmp_path: Path
) -> None:
    run(ledger, write(tmp_path, HEADER, GOOD, name="first.csv"))
    again = GOOD.replace("Siti Aminah", "Siti A.")
    other = "Agus Setiawan,3273011203850001,1985-03-12,32,agus@example.org,2010-03-01"
    result = run(ledger, write(tmp_path, HEADER, again, other, other.replace("Agus", "Agung")))

    outcomes = [(o["line"], o["outcome"], o["reason"]) for o in result["outcomes"]]
    assert outcomes == [
        (2, "duplicate", "the NIK is already registered"),
        (3, "imported", ""),
        (4, "duplicate", "the same NIK is on line 3"),
    ]
    assert members(ledger) == ["3273011203850001", "3273014501800002"]


def test_a_row_whose_nik_is_registered_is_a_duplicate_whatever_its_other_cells_say(
    ledger: Ledger, tmp_path: Path
) -> None:
    # A re-run asks the ledger for the NIKs before validating rows: the member a row
    # describes is registered, so a cell that no longer validates changes nothing.
    run(ledger, write(tmp_path, HEADER, GOOD, name="first.csv"))
    head = ledger.event_count()
    stale = GOOD.replace("siti@example.org", "siti-at-example.org").replace("32,", "99,")
    result = run(ledger, write(tmp_path, HEADER, stale, stale))

    outcomes = [(o["line"], o["outcome"], o["reason"]) for o in result["outcomes"]]
    assert outcomes == [
        (2, "duplicate", "the NIK is already registered"),
        (3, "duplicate", "the same NIK is on line 2"),
    ]
    assert ledger.event_count() == head


def test_importing_twice_equals_importing_once_and_a_dry_run_records_nothing(
    ledger: Ledger, tmp_path: Path
) -> None:
    rows = [
        f"Anggota {'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i % 26] * (1 + i // 26)},327301050180{i + 1:04d},"
        f"1980-01-05,32,a{i}@example.org,2010-03-01"
        for i in range(30)
    ]
    path = write(tmp_path, HEADER, *rows)
    head = ledger.event_count()

    dry = run(ledger, path, dry_run=True)
    assert ledger.event_count() == head
    first = run(ledger, path)
    second = run(ledger, path)

    assert [o["registration_no"] for o in dry["outcomes"]] == [
        o["registration_no"] for o in first["outcomes"]
    ]  # the dry run foresaw the numbers
    assert first["imported"] == 30 and second["imported"] == 0 and second["duplicate"] == 30
    numbers = sorted(o["registration_no"] for o in first["outcomes"])
    assert numbers == [f"32-2010-{n:05d}" for n in range(1, 31)]


def test_the_report_file_lists_every_row_with_the_nik_masked(
    ledger: Ledger, tmp_path: Path
) -> None:
    report = tmp_path / "outcome.csv"
    run(ledger, write(tmp_path, HEADER, GOOD, "X,1,1980-01-05,32,x@example.org,"), report=report)

    with report.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [(r["line"], r["outcome"]) for r in rows] == [("2", "imported"), ("3", "rejected")]
    assert rows[0]["nik"] == "************0002"
    assert "3273014501800002" not in report.read_text(encoding="utf-8")
