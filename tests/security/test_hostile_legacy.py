"""The legacy-list importer fed hostile files and rows: generated lists (odd headers,
delimiters, byte-order marks, line endings, hostile cells, repeated and known NIKs) import
cleanly, once and only once, every row accounted for and nothing but the imported rows
recorded; one hostile cell is one row, reported once; a quoted cell is read as the
spreadsheet wrote it. (The values: ``hostile.py``.)"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import event, note
from hypothesis import given as given_
from hypothesis import strategies as st

from tests.cli.helpers import ADMIN, AUDITOR, fresh_nik, ok, register_member, run
from tests.security.hostile import (
    ANY_CHARACTER,
    CHECKS,
    CONTROL,
    DATES,
    EMPTY,
    INDONESIAN_NAMES,
    NUMBERS,
    ODD_UNICODE,
    SHELL,
    SPECIFIC,
    SQL,
    _date_problem,
    budget,
    fuzz,
    must_fail,
)
from tests.security.pool import Pool

# --- the legacy-list importer ---------------------------------------------------------------------


REQUIRED = ("name", "nik", "birth_date", "province", "email")


OPTIONAL = ("phone", "registered_on", "education_level", "education_major", "institution",
            "graduated_on")  # fmt: skip


GOOD_PROVINCES = ["11", "31", "32", "33", "35", "51", "73", "94"]


def _day(low: date, high: date) -> st.SearchStrategy[str]:
    """A date as spreadsheets write it: ISO, or DD/MM/YYYY (with or without leading zeros)."""
    return st.builds(
        lambda d, style: {
            "iso": d.isoformat(),
            "dmy": d.strftime("%d/%m/%Y"),
            "short": f"{d.day}/{d.month}/{d.year}",
        }[style],
        st.dates(low, high),
        st.sampled_from(["iso", "dmy", "short"]),
    )


GOOD_CELLS: dict[str, st.SearchStrategy[str]] = {
    "name": st.sampled_from(INDONESIAN_NAMES),
    "birth_date": _day(date(1940, 1, 1), date(1995, 12, 31)),
    "province": st.sampled_from(GOOD_PROVINCES),
    "email": st.sampled_from(["siti", "maruf", "a.b", "nur+ipspi"]).map("{}@example.org".format),
    "phone": st.sampled_from(["", "0812-3456-7890", "+62 812 3456 7890"]),
    "registered_on": st.one_of(st.just(""), _day(date(2010, 1, 1), date(2020, 12, 31))),
    "education_level": st.sampled_from(["", "S1", "D4", "S2", "SMA"]),
    "education_major": st.sampled_from(["", "pekerjaan-sosial", "kesejahteraan-sosial", "Hukum"]),
    "institution": st.sampled_from(["", "STKS Bandung", "Universitas Indonesia",
                                    'Panti "Harapan" Kita', "Sekolah Tinggi, Bandung"]),
    "graduated_on": st.one_of(st.just(""), _day(date(2000, 1, 1), date(2009, 12, 31))),
}  # fmt: skip


HOSTILE_CELL = st.one_of(
    st.sampled_from([*SQL, *SHELL, *ODD_UNICODE, *CONTROL, *EMPTY, *DATES, *NUMBERS,
                     *SPECIFIC["nik"], *SPECIFIC["province"], *SPECIFIC["email"],
                     "A" * 100_000, "B" * 140_000, '"', '""', "a\"b", ";", ",", "\r"]),
    st.text(ANY_CHARACTER, max_size=20),
)  # fmt: skip


CELL_KIND = {
    "name": "name", "nik": "nik", "birth_date": "csvdate", "province": "province",
    "email": "email", "registered_on": "csvdate", "graduated_on": "csvdate",
}  # fmt: skip


@dataclass(frozen=True)
class LegacyList:
    header: list[str]
    columns: list[str]
    rows: list[dict[str, Any]]  # the nik cell: ("fresh", k) | ("again", row) | ("known",) | str
    delimiter: str
    bom: bool
    newline: str


@st.composite
def legacy_lists(draw: st.DrawFn) -> LegacyList:
    optional = draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    columns = draw(st.permutations([*REQUIRED, *optional]))
    header = [
        draw(st.sampled_from([c, c.upper(), f" {c} ", c.title(), c.replace("_", " ")]))
        for c in columns
    ]
    rows: list[dict[str, Any]] = []
    for i in range(draw(st.integers(1, 6))):
        row: dict[str, Any] = {}
        for column in columns:
            if column == "nik":
                choices = [("fresh", i), ("fresh", i), ("known",)] + [("again", j) for j in
                                                                     range(i)]  # fmt: skip
                row[column] = draw(st.one_of(st.sampled_from(choices), HOSTILE_CELL))
            else:
                good = GOOD_CELLS[column]
                row[column] = draw(st.one_of(good, good, good, HOSTILE_CELL))
        rows.append(row)
    return LegacyList(
        header=header,
        columns=list(columns),
        rows=rows,
        delimiter=draw(st.sampled_from([",", ";"])),
        bom=draw(st.booleans()),
        newline=draw(st.sampled_from(["\r\n", "\n"])),
    )


def _csv_date_problem(text: str) -> str | None:
    match = re.fullmatch(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})", text)
    if match:
        text = f"{match[3]}-{int(match[2]):02d}-{int(match[1]):02d}"
    return _date_problem(text)


CHECKS["csvdate"] = _csv_date_problem


def _expected_name(cell: str) -> str:
    return unicodedata.normalize("NFC", " ".join(cell.split()))


def write_list(spec: LegacyList, path: Path, known_nik: str) -> list[dict[str, str]]:
    """The file, and each data row's cells as written."""
    fresh: dict[int, str] = {}
    cells: list[dict[str, str]] = []
    for row in spec.rows:
        values = dict(row)
        nik = row["nik"]
        if isinstance(nik, tuple):
            if nik[0] == "fresh":
                nik = fresh.setdefault(nik[1], fresh_nik(GOOD_PROVINCES[nik[1] % 8]))
            elif nik[0] == "known":
                nik = known_nik
            else:
                nik = cells[nik[1]]["nik"]
        values["nik"] = nik
        if not any(str(v).strip() for v in values.values()):
            values["name"] = "Sukarti"  # a row of blanks is no row: give it one cell
        cells.append(values)
    text = "\ufeff" if spec.bom else ""
    for line in [spec.header, *([values[c] for c in spec.columns] for values in cells)]:
        # as a spreadsheet writes it: a cell holding CR or LF quoted, whatever ends the rows
        out = io.StringIO()
        csv.writer(out, delimiter=spec.delimiter, lineterminator="\r\n").writerow(line)
        text += out.getvalue().removesuffix("\r\n") + spec.newline
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return cells


def members() -> dict[str, dict[str, Any]]:
    return {m["registration_no"]: m for m in ok("--as", AUDITOR, "--json", "member", "list").json}


@pytest.fixture(scope="module")
def known_nik(pool: Pool) -> str:
    """A NIK registered before any list is imported."""
    nik = fresh_nik("35")
    register_member(name="Siti Aminah", nik=nik, province="35")
    return nik


def test_hostile_legacy_lists_import_cleanly_once_and_only_once(
    pool: Pool, known_nik: str, tally: Counter[str]
) -> None:
    @fuzz(budget(sqlite=40, postgresql=8), shrink=False)
    @given_(spec=legacy_lists())
    def attempt(spec: LegacyList) -> None:
        path = Path(pool.path("legacy") + ".csv")
        cells = write_list(spec, path, known_nik)
        tally["hostile legacy rows"] += len(cells)
        tally["hostile legacy files"] += 1
        note(f"file: {path.read_bytes()[:3000]!r}")
        utf8 = not any(
            unicodedata.category(c) == "Cs" for row in cells for v in row.values() for c in v
        )
        before, registered = pool.events(), members()
        importing = ["--as", ADMIN, "import", "members", str(path), "--source", "survei-2011"]

        dry = run("--json", *importing, "--dry-run")
        assert dry.code in (0, 2), dry
        assert pool.events() == before and members() == registered, "a dry run recorded"
        report = Path(pool.path("report") + ".csv")
        first = run("--json", *importing, "--report", str(report))
        assert first.code in (0, 2), first
        if first.code == 2 or not utf8:
            # a file that is not UTF-8 is refused as a whole; any other list is read row by
            # row, every bad row reported and skipped
            assert not utf8, f"a UTF-8 list with the right header was refused: {first}"
            assert first.code == 2 and first.error["message"], first
            assert pool.events() == before and members() == registered
            return
        summary = first.json
        outcomes = summary["outcomes"]
        event(f"imported {summary['imported']} of {len(cells)}")

        # every data row accounted for exactly once
        assert summary["rows"] == len(cells), (summary["rows"], len(cells), outcomes)
        counts = [summary[k] for k in ("imported", "duplicate", "rejected")]
        assert sum(counts) == len(cells), (counts, outcomes)
        assert len({o["line"] for o in outcomes}) == len(cells), outcomes
        if not any(c in v for row in cells for v in row.values() for c in "\r\n"):
            assert [o["line"] for o in outcomes] == list(range(2, len(cells) + 2)), outcomes
        assert [(o["line"], o["outcome"], o["registration_no"]) for o in outcomes] == [
            (o["line"], o["outcome"], o["registration_no"]) for o in dry.json["outcomes"]
        ], "the dry run did not report what the import did"

        # what was recorded: exactly the imported rows, as written
        now = members()
        added = {reg: m for reg, m in now.items() if reg not in registered}
        assert pool.events() - before == summary["events"]
        imported = [o for o in outcomes if o["outcome"] == "imported"]
        assert sorted(added) == sorted(o["registration_no"] for o in imported), outcomes
        for o, row in zip(outcomes, cells, strict=True):
            nik = row["nik"].strip()
            if re.fullmatch(r"[0-9]{16}", nik):
                assert o["nik"] == "*" * 12 + nik[-4:], o
            if o["outcome"] != "imported":
                assert o["registration_no"] == "" and o["reason"], o
                continue
            for column, kind in CELL_KIND.items():
                problem = must_fail(kind, row.get(column, ""), required=column in REQUIRED,
                                    valid="")  # fmt: skip
                assert problem is None, f"line {o['line']} imported, but its {column} is {problem}"
            member = added[o["registration_no"]]
            assert member["name"] == _expected_name(row["name"]), (row["name"], member)
            assert member["province"] == row["province"].strip(), member
            assert member["nik"] == "*" * 12 + nik[-4:], member
        text = report.read_text(encoding="utf-8")
        assert len(list(csv.DictReader(io.StringIO(text)))) == len(cells), text[:2000]
        for row in cells:
            nik = row["nik"].strip()
            if re.fullmatch(r"[0-9]{16}", nik):
                assert nik not in text and nik not in first.stdout, "a full NIK in the report"

        # importing the same list again changes nothing
        again = run("--json", *importing)
        assert again.code == 0, again
        assert again.json["imported"] == 0 and again.json["rows"] == len(cells), again.json
        assert again.json["duplicate"] == counts[0] + counts[1], again.json
        assert members() == now and pool.events() - before == summary["events"]

        # a rejected row left no claim on its NIK: the person can still be registered (a
        # fresh NIK, made for this list, that no row of it imported or holds as a duplicate)
        fresh = {row["nik"] for row, drawn in zip(cells, spec.rows, strict=True)
                 if isinstance(drawn["nik"], tuple) and drawn["nik"][0] == "fresh"}  # fmt: skip
        fresh -= {row["nik"] for row, o in zip(cells, outcomes, strict=True)
                  if o["outcome"] != "rejected"}  # fmt: skip
        for row, o in zip(cells, outcomes, strict=True):
            if o["outcome"] == "rejected" and row["nik"] in fresh:
                register_member(name="Sukarti", nik=row["nik"], province="32")
                tally["(check) rejected rows re-registered"] += 1
                break

    attempt()


# Each of these is one row; it is imported or rejected, and reported once.
ONE_ROW_CELLS = [
    ("name", "Eko\u2028Prasetyo"),  # Unicode line separator
    ("name", "Eko\u2029Prasetyo"),  # paragraph separator
    ("name", "Eko\x85Prasetyo"),  # NEL
    ("name", "Eko\x0bPrasetyo"),  # vertical tab
    ("name", "Eko\x0cPrasetyo"),  # form feed
    ("name", "Eko\x1ePrasetyo"),  # record separator
    ("name", "Eko\nPrasetyo"),  # a quoted line break
    ("name", "A" * 140_000),  # longer than the csv module's default field limit
    ("nik", "３２７３０１４５０１８９９９１２"),  # full-width digits
    ("nik", "٣٢٧٣٠١٤٥٠١٨٩٩٩١٣"),  # Arabic-Indic digits
    ("province", "[/]"),  # markup in the reason shown on the terminal
    ("email", "[bold]x[/bold]@example.org"),
    ("name", "Siti\x00Aminah"),
]


@pytest.mark.parametrize(("column", "cell"), ONE_ROW_CELLS, ids=lambda v: repr(v)[:30])
@pytest.mark.parametrize("output", [[], ["--json"]], ids=["words", "json"])
def test_one_hostile_cell_is_one_row_reported_once(
    pool: Pool, column: str, cell: str, output: list[str], tally: Counter[str]
) -> None:
    row = {"name": "Eko Prasetyo", "nik": fresh_nik("32", "1978-03-12"), "birth_date": "12/03/1978",
           "province": "32", "email": "eko@example.org"} | {column: cell}  # fmt: skip
    good = {"name": "Fitri Handayani", "nik": fresh_nik("32", "1981-07-30"),
            "birth_date": "1981-07-30", "province": "32", "email": "fitri@example.org"}  # fmt: skip
    path = Path(pool.path("one-row") + ".csv")
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(REQUIRED))
        writer.writeheader()
        writer.writerows([row, good])
    tally["hostile legacy rows"] += 2
    before, registered = pool.events(), members()
    result = run(*output, "--as", ADMIN, "import", "members", str(path), "--source", "survei")
    assert result.code == 0, result
    added = {reg: m for reg, m in members().items() if reg not in registered}
    assert sorted(m["name"] for m in added.values()) in (
        ["Fitri Handayani"],
        sorted(["Fitri Handayani", _expected_name(row["name"])]),
    ), added
    if output:
        summary = result.json
        assert summary["rows"] == 2, summary
        # the row's number in the sheet, or the line it starts on in the file
        lines = [o["line"] for o in summary["outcomes"]]
        assert lines[0] == 2 and lines[1] in (3, 4), summary
        assert summary["imported"] == len(added), summary
        assert pool.events() - before == summary["events"]
    else:
        assert re.search(r"rows\s+2\b", result.stdout), result.stdout
        assert re.search(rf"imported\s+{len(added)}\b", result.stdout), result.stdout


@pytest.mark.parametrize(
    ("institution", "stored"),
    [('Panti "Harapan" Kita', 'Panti "Harapan" Kita'), ("Sekolah Tinggi, Bandung",
      "Sekolah Tinggi, Bandung"), ("STKS\nBandung", "STKS Bandung")],
)  # fmt: skip
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_quoted_cell_is_read_as_the_spreadsheet_wrote_it(
    pool: Pool, institution: str, stored: str, delimiter: str
) -> None:
    """Spreadsheets quote a cell holding the delimiter, a quote (doubled) or a line break."""
    path = Path(pool.path("quoted") + ".csv")
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow([*REQUIRED, *OPTIONAL[2:]])
        writer.writerow(["Citra Ayu", fresh_nik("32"), "1980-01-05", "32", "citra@example.org",
                         "S1", "pekerjaan-sosial", institution, "2004-08-30"])  # fmt: skip
    result = run("--json", "--as", ADMIN, "import", "members", str(path), "--source", "survei")
    assert result.code == 0, result
    (outcome,) = result.json["outcomes"]
    if outcome["outcome"] == "rejected":  # a line break in a name of a place may be refused
        assert "\n" in institution, outcome
        return
    assert outcome["outcome"] == "imported", outcome
    history = ok("--as", ADMIN, "--json", "member", "history", outcome["registration_no"]).json
    degrees = [e["data"] for e in history["events"] if e["event"] == "EducationRecorded"]
    assert [d["institution"] for d in degrees] == [stored], degrees
