"""Everything the CLI prints on stdout: results as aligned fields, tables, CSV or JSON, a
progress bar on stderr, and the human pages of read results (the JSON form is the result
itself). Errors are printed by ``commands.cli.errors``.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import click

from commands import bootstrap
from commands.cells import shown
from commands.cli.language import say


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit_fields(data: dict[str, Any], title: str | None = None) -> None:
    """A result as aligned ``label: value`` lines."""
    if title:
        click.echo(title)
    width = max((len(k) for k in data), default=0)
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
        elif isinstance(value, list | tuple):
            value = "; ".join(_cell(v) for v in value) or "-"
        click.echo(
            f"  {key.replace('_', ' '):<{width}}  {'-' if value is None else shown(str(value))}"
        )


def fields(title: str) -> Callable[[dict[str, Any]], None]:
    """A result's human form: its fields under ``title``."""
    return lambda result: emit_fields(result, title)


# Numbers and dates never break across lines; other text wraps in a narrow terminal.
UNBROKEN = frozenset(
    {
        "registration_no",
        "certificate_no",
        "licence_no",
        "application_no",
        "exam_id",
        "str_no",
        "sipps_no",
        "valid_until",
        "status",
        "field",
        "result",
        "level",
    }
)


# Short headers keep tables inside an 80-column terminal.
HEADERS = {
    "registration_no": "reg no",
    "registered_on": "registered",
    "certificate_no": "cert no",
    "application_no": "application",
    "licence_no": "licence",
    "valid_until": "valid until",
    "certified_on": "certified",
    "granted_on": "granted",
    "graduated_on": "graduated",
    "held_on": "held",
    "applied_on": "applied",
    "province": "prov",
    "licences": "lic",
}


def emit_rows(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    fmt: str = "table",
    title: str | None = None,
) -> None:
    """Rows as a terminal table, JSON, or CSV (``excel``: with a BOM and ``;``, as a
    spreadsheet in an Indonesian locale expects)."""
    if fmt == "json":
        emit_json(list(rows))
    elif fmt == "xlsx":
        emit_workbook([(title or "rows", rows, columns)])
    elif fmt in CSV_FORMATS:
        emit_csv(rows, columns, excel=fmt == "excel")
    else:
        _table(rows, columns, title)


CSV_FORMATS = ("csv", "excel")


def emit_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str], *, excel: bool) -> None:
    from commands.cells import safe_cell

    out = io.StringIO()
    if excel:
        out.write("\ufeff")  # so a spreadsheet reads UTF-8
    writer = csv.DictWriter(
        out, fieldnames=list(columns), extrasaction="ignore", delimiter=";" if excel else ","
    )
    writer.writeheader()
    for row in rows:
        writer.writerow({k: safe_cell(_cell(row.get(k))) for k in columns})
    click.echo(out.getvalue(), nl=False)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return " ".join(_cell(v) for v in value.values() if v is not None)
    if isinstance(value, list | tuple):
        return ", ".join(shown(str(v)) for v in value)
    return shown(str(value))


def _table(rows: Iterable[dict[str, Any]], columns: Sequence[str], title: str | None) -> None:
    # rich is imported here only: it costs start-up time that --help should not pay.
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    # No vertical rules: more room for the data in an 80-column terminal.
    table = Table(
        title=title, box=box.SIMPLE_HEAD, header_style="bold", pad_edge=False, collapse_padding=True
    )
    for column in columns:
        unbroken = column in UNBROKEN or column.endswith("_on")
        header = HEADERS.get(column, column.replace("_", " "))
        table.add_column(header, overflow="fold", no_wrap=unbroken)
    count = 0
    for row in rows:
        # Cells are data, never rich markup: "[bold]" in a name prints as typed.
        table.add_row(*(escape(_cell(row.get(c)) or "-") for c in columns))
        count += 1

    class Piped(Console):
        def on_broken_pipe(self) -> None:  # rich would exit 1: the reader stopped, that is all
            self.quiet = True
            raise BrokenPipeError

    console = Piped(no_color=bootstrap.settings().no_color, soft_wrap=False)
    if count:
        console.print(table)
    else:
        click.echo(f"{title + ': ' if title else ''}nothing to show")


@contextmanager
def progress_bar(
    label: str, total: int, *, hidden: bool = False
) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; a silent counter otherwise."""
    if hidden or not sys.stderr.isatty():
        yield lambda _: None
        return
    from rich.console import Console
    from rich.progress import Progress

    console = Console(stderr=True, no_color=bootstrap.settings().no_color)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(label, total=total)
        yield lambda n: progress.advance(task, n)


# --- the pages of read results --------------------------------------------------------------


def verified(integrity: dict[str, Any]) -> str:
    """One line saying the stream behind what is shown was checked."""
    return f"verified: {integrity['entries']} entries hash-chained, {integrity['seals']} seals"


def member_status(s: dict[str, Any]) -> None:
    standing = s["standing"]
    good = "in good standing" if standing["in_good_standing"] else "NOT in good standing"
    paid = ", ".join(str(y) for y in standing["dues_paid_years"]) or "none"
    click.echo(f"{s['name']}  ({s['registration_no']})  as of {s['as_of']}")
    emit_fields(
        {
            "nik": s["nik"],
            "born": s["birth_date"],
            "province": f"{s['province']} {s['province_name']}",
            "email": s["email"],
            "phone": s["phone"],
            "registered": s["registered_on"]
            + (f" (imported from {s['source']})" if s["source"] else ""),
            "standing": f"{good} (dues {standing['dues_year']}; paid: {paid})",
            "practice": f"{s['practice']['days']} days ({s['practice']['months']} months)",
            "training": f"{s['training_hours']} hours",
            "rule set": s["rule_set"],
            "history": verified(s["integrity"]),
        }
    )
    _section("Education", s["education"], ["level", "major", "graduated_on", "entry"])
    _section("Practice periods", s["practice"]["periods"], ["from", "to", "entry"])
    _section("Exams", s["exams"], ["exam_id", "field", "level", "result", "held_on"])
    _section(
        "Certificates",
        [{**c, "level": _chosen_level(c)} for c in s["certificates"]],
        ["certificate_no", "field", "level", "status", "certified_on", "valid_until"],
    )
    _section(
        "Licences",
        s["licences"],
        ["licence_no", "status", "granted_on", "valid_until", "practice"],
    )
    _section(
        "Pending licence applications",
        s["pending_applications"],
        ["application_no", "certificate_no", "applied_on"],
    )
    _section(
        "Registration (STR)",
        s["strs"],
        ["str_no", "certificate_no", "status", "issued_on", "valid_until"],
    )
    _section(
        "Practice permits (SIPPS)",
        s["sipps"],
        ["sipps_no", "regency", "place", "status", "valid_until"],
    )


def _chosen_level(certificate: dict[str, Any]) -> str:
    """A certificate's level, or "-" under a rule set with one level only (2009, 2012): the
    table stays within 80 columns, and ``--json`` has the level either way."""
    from ledger.regimes import rule_set_named

    try:
        only = rule_set_named(certificate["rule_set"]).only_level
    except KeyError:
        only = None
    return "-" if certificate["level"] == only else str(certificate["level"])


def _section(title: str, rows: list[dict[str, Any]], columns: list[str]) -> None:
    if rows:
        click.echo("")
        emit_rows(rows, columns, title=title)


def history(h: dict[str, Any]) -> None:
    """One block per event: an auditor reads the timeline top to bottom, at any width."""
    import textwrap

    suffix = f" as of {h['as_of']}" if h["as_of"] else ""
    click.echo(f"History of {h['registration_no']}{suffix}: {len(h['events'])} events")
    click.echo(f"history {verified(h['integrity'])}")
    for e in h["events"]:
        recorded = e["recorded_at"][:19].replace("T", " ")
        click.echo("")
        click.echo(f"#{e['entry']:<3} {e['event']:<20} effective {e['effective_date']}")
        click.echo(f"     recorded {recorded} UTC by {e['actor']} ({e['actor_role']})")
        details = _details(e)
        if details:  # an 80-column terminal: long details wrap under themselves
            click.echo(
                textwrap.fill(details, 80, initial_indent="     ", subsequent_indent="     ")
            )


def _details(event: dict[str, Any]) -> str:
    parts = [f"{k}={_short(v)}" for k, v in event["data"].items() if v not in (None, [], "")]
    if event["evidence"]:
        parts.append(f"evidence={event['evidence']}")
    return "; ".join(parts)


def _short(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    if isinstance(value, dict):
        return ",".join(f"{k}:{_short(v)}" for k, v in value.items())
    return str(value)


def emit_workbook(tables: Sequence[tuple[str, Sequence[dict[str, Any]], Sequence[str]]]) -> None:
    """``tables`` as the sheets of the ``--out`` workbook (written whole, or not at all)."""
    from commands.cli.options import WORKBOOK
    from commands.cli.session import Session
    from commands.files import output_file
    from commands.spreadsheets import write_workbook

    ctx = click.get_current_context()
    out, session = ctx.meta[WORKBOOK], ctx.find_object(Session)
    assert session is not None  # every command runs under the group's session
    with output_file(out, session.ledger(), option="--out", force=False) as file:
        write_workbook(file, tables)
    click.echo(say("Written: {path}").format(path=out), err=True)


def report(result: dict[str, Any], columns: list[str], fmt: str) -> None:
    """A report: its summary lines, then its rows (CSV: every table the page shows)."""
    if fmt == "xlsx":
        tables = [(result["report"], result["rows"], columns)] + [
            (name, result[name], side) for name, side in SIDE_TABLES.items() if result.get(name)
        ]
        emit_workbook(tables)
        return
    if fmt in CSV_FORMATS:
        report_csv(result, columns, fmt)
        return
    summary = {
        k: v
        for k, v in result.items()
        if k not in ("report", "rows", "unpaid", "by_province", "checked") and v is not None
    }
    emit_fields(summary, f"Report: {result['report']}")
    if "checked" in result:
        checked = result["checked"]
        click.echo(
            f"  checked   {checked['members']} members, {checked['events']} events, "
            f"{len(checked['checks'])} checks:"
        )
        for name, what in checked["checks"].items():
            click.echo(f"    {name}: {what}")
    if result.get("by_province"):
        click.echo("")
        emit_rows(
            result["by_province"], ["province", "members", "in_good_standing"], title="By province"
        )
    click.echo("")
    if result["rows"]:
        emit_rows(result["rows"], columns, title=result["report"].capitalize())
    else:
        click.echo("No rows: none found.")
    if result.get("unpaid"):
        click.echo("")
        emit_rows(
            result["unpaid"],
            ["registration_no", "name", "province", "registered_on"],
            title=f"Not paid for {result['year']}",
        )


# The tables a report page shows besides its rows, with their columns.
SIDE_TABLES = {
    "by_province": ["province", "members", "in_good_standing"],
    "unpaid": ["registration_no", "name", "province", "registered_on"],
}


def report_csv(result: dict[str, Any], columns: list[str], fmt: str) -> None:
    """A report as CSV with the same rows as its page: one table as it is; several (dues:
    provinces and who has not paid) in one sheet, each row naming its ``table``."""
    tables = [(result["report"], result["rows"], columns)] + [
        (name, result[name], side) for name, side in SIDE_TABLES.items() if name in result
    ]
    if len(tables) == 1:
        emit_rows(result["rows"], columns, fmt)
        return
    every = ["table", *dict.fromkeys(c for _, _, cols in tables for c in cols)]
    rows = [{"table": name, **row} for name, rows, _ in tables for row in rows]
    emit_rows(rows, every, fmt)


def provenance(p: dict[str, Any]) -> None:
    """The certificate's evidence chain as a one-page report."""
    d, rules = p["decided"], p["rule_set"]
    click.echo(f"Provenance of certificate {p['certificate_no']} ({p['field']}), now {p['status']}")
    emit_fields(
        {
            "holder": f"{p['holder']['name']} ({p['holder']['registration_no']})",
            "decided": f"{d['on']} by {d['by']} ({d['role']}), recorded {d['recorded_at']}",
            "valid until": d["valid_until"],
            "rule set": f"{rules['id']}: {rules['title']}",
            "level": rules["level"],
            "re-checked": "the decision holds under its rule set"
            if p["recheck"]["holds"]
            else "DOES NOT HOLD: " + "; ".join(p["recheck"]["unmet"]),
        }
    )
    if p["revoked_reason"]:
        click.echo(f"  revoked: {p['revoked_reason']}")
    req, totals = rules["requires"], p["totals_on_decision_date"]
    click.echo("\nEvidence on the decision date")
    e = p["exam"]
    click.echo(
        f"  exam      {e['exam_id']} in {e['field']}, held {e['effective_date']}, "
        f"assessors {', '.join(e['assessors'])} (entry {e['entry']})"
    )
    g = p["degree"]
    click.echo(
        f"  degree    {g['level']} {g['major']}, {g['institution']}, graduated "
        f"{g['effective_date']} (entry {g['entry']}; needs {'/'.join(req['degree'])} in "
        f"{' or '.join(req['majors'])})"
    )
    click.echo(
        f"  practice  {totals['practice_days']} days ({totals['practice_months']} months; "
        f"needs {req['practice_days']}):"
    )
    for x in p["practice"]:
        click.echo(
            f"            {x['effective_date']} to {x['ended_on'] or 'ongoing'}  "
            f"{x['employer']} (entry {x['entry']})"
        )
    click.echo(f"  training  {totals['training_hours']} hours (needs {req['training_hours']}):")
    for x in p["training"]:
        click.echo(
            f"            {x['effective_date']}  {x['hours']} h  {x['course']}, "
            f"{x['provider']} (entry {x['entry']})"
        )
    click.echo("\nLater events touching it")
    for x in p["later"] or [{"entry": "-", "event": "none", "effective_date": "", "by": ""}]:
        click.echo(f"  #{x['entry']} {x['event']} {x['effective_date']} {x['by']}".rstrip())


def rule_set_page(r: dict[str, Any]) -> None:
    """A rule set as a reader checks it against the regulation."""
    click.echo(f"{r['id']}: {r['title']}")
    emit_fields(
        {
            "in force from": r["in_force_from"],
            "source": r["source"],
            "certificate valid": f"{r['certificate_valid_years']} years",
            "after certificate": " -> ".join(r["after_certificate"]) or "-",
            "ledger's policy": ", ".join(r["policy"]) or "-",
        }
    )
    for level, requirements in r["levels"].items():
        click.echo("")
        click.echo(f"Level {level}: all of")
        for requirement in requirements:
            click.echo(f"  - {requirement['requirement']} ({requirement['code']})")
