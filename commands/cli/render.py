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
from commands.cells import is_money, shown
from commands.cli.language import say, shown_day, shown_money
from ledger.wording import N_, Joined, said


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit_fields(data: dict[str, Any], title: str | None = None) -> None:
    """A result as aligned ``label: value`` lines, in the reader's words and dates."""
    if title:
        click.echo(say(title))
    labels = {key: label(key) for key in data}
    width = max((len(words) for words in labels.values()), default=0)
    for key, value in data.items():
        if isinstance(value, dict):
            value = ", ".join(f"{label(k)} {_cell(v)}" for k, v in value.items()) or "-"
        elif isinstance(value, list | tuple):
            value = "; ".join(_cell(v) for v in value) or "-"
        else:
            value = shown_money(value) if is_money(key) else shown_day(value)
        click.echo(f"  {labels[key]:<{width}}  {'-' if value is None else shown(say_value(value))}")


def say_value(value: Any) -> str:
    """A value in a human page: words the ledger says (states, decisions, yes and no) in the
    reader's language, anything else as it is."""
    if isinstance(value, bool):
        return say(str(value))
    return say(value) if isinstance(value, str) else str(value)


def label(key: str, *, short: bool = False) -> str:
    """A field's label (``short``: its table header) in the reader's language."""
    words = (HEADERS.get(key) if short else None) or LABELS.get(key) or key.replace("_", " ")
    return say(words)


# The label of every field the CLI prints, for the catalogs and the reader.
LABELS = {
    "about": N_("about"),
    "actor": N_("actor"),
    "actor_role": N_("actor role"),
    "actors": N_("actors"),
    "asked_on": N_("asked on"),
    "degree": N_("degree"),
    "reference": N_("reference"),
    "admin": N_("admin"),
    "after certificate": N_("after certificate"),
    "aliases": N_("aliases"),
    "amount": N_("amount"),
    "application_no": N_("application no"),
    "applied_on": N_("applied on"),
    "as_of": N_("as of"),
    "backend": N_("backend"),
    "birth_date": N_("birth date"),
    "born": N_("born"),
    "certificate": N_("certificate"),
    "certificate valid": N_("certificate valid"),
    "certificate_no": N_("certificate no"),
    "certified": N_("certified"),
    "certified_by": N_("certified by"),
    "certified_on": N_("certified on"),
    "changes": N_("changes"),
    "channel": N_("channel"),
    "checked": N_("checked"),
    "code": N_("code"),
    "corrected": N_("corrected"),
    "course": N_("course"),
    "credential_id": N_("credential id"),
    "days": N_("days"),
    "decided": N_("decided"),
    "dry_run": N_("dry run"),
    "duplicate": N_("duplicate"),
    "effective_date": N_("effective date"),
    "email": N_("email"),
    "employer": N_("employer"),
    "ended_on": N_("ended on"),
    "entry": N_("entry"),
    "erased": N_("erased"),
    "events": N_("events"),
    "events_per_s": N_("events per s"),
    "exam_id": N_("exam id"),
    "expires_on": N_("expires on"),
    "field": N_("field"),
    "from": N_("from"),
    "graduated_on": N_("graduated on"),
    "granted_on": N_("granted on"),
    "head": N_("head"),
    "held_on": N_("held on"),
    "history": N_("history"),
    "holder": N_("holder"),
    "hours": N_("hours"),
    "imported": N_("imported"),
    "in force from": N_("in force from"),
    "in good standing": N_("in good standing"),
    "in_good_standing": N_("in good standing"),
    "initialised": N_("initialised"),
    "institution": N_("institution"),
    "integrity": N_("integrity"),
    "issued_on": N_("issued on"),
    "issuer": N_("issuer"),
    "kemendagri": N_("kemendagri"),
    "key_id": N_("key id"),
    "keys": N_("keys"),
    "kind": N_("kind"),
    "known_at": N_("known at"),
    "lag": N_("lag"),
    "ledger's policy": N_("ledger's policy"),
    "ledger_id": N_("ledger id"),
    "level": N_("level"),
    "licence_no": N_("licence no"),
    "licences": N_("licences"),
    "licences_revoked": N_("licences revoked"),
    "line": N_("line"),
    "log_key": N_("log key"),
    "major": N_("major"),
    "member": N_("member"),
    "members": N_("members"),
    "months": N_("months"),
    "name": N_("name"),
    "name_en": N_("name en"),
    "nik": N_("nik"),
    "not_in_good_standing": N_("not in good standing"),
    "number": N_("number"),
    "out": N_("out"),
    "outcome": N_("outcome"),
    "paid": N_("paid"),
    "paid_on": N_("paid on"),
    "phone": N_("phone"),
    "place": N_("place"),
    "position": N_("position"),
    "practice": N_("practice"),
    "processes": N_("processes"),
    "provider": N_("provider"),
    "province": N_("province"),
    "province_name": N_("province name"),
    "public_url": N_("public url"),
    "qr": N_("qr"),
    "re-checked": N_("re-checked"),
    "reads": N_("reads"),
    "reason": N_("reason"),
    "receipt": N_("receipt"),
    "recorded_at": N_("recorded at"),
    "regency": N_("regency"),
    "regency_name": N_("regency name"),
    "registered": N_("registered"),
    "registered_on": N_("registered on"),
    "registration_no": N_("registration no"),
    "rejected": N_("rejected"),
    "report": N_("report"),
    "result": N_("result"),
    "revoked": N_("revoked"),
    "revoked_on": N_("revoked on"),
    "revoked_reason": N_("revoked reason"),
    "role": N_("role"),
    "root": N_("root"),
    "rows": N_("rows"),
    "rule": N_("rule"),
    "rule set": N_("rule set"),
    "rule_set": N_("rule set"),
    "same_digest": N_("same digest"),
    "seals": N_("seals"),
    "seconds": N_("seconds"),
    "signature": N_("signature"),
    "signed_with": N_("signed with"),
    "sipps": N_("sipps"),
    "sipps_no": N_("sipps no"),
    "sipps_revoked": N_("sipps revoked"),
    "source": N_("source"),
    "standing": N_("standing"),
    "started_on": N_("started on"),
    "status": N_("status"),
    "status_lists": N_("status lists"),
    "store": N_("store"),
    "store_compacted": N_("store compacted"),
    "str": N_("str"),
    "str_no": N_("str no"),
    "streams_failing": N_("streams failing"),
    "to": N_("to"),
    "total": N_("total"),
    "training": N_("training"),
    "training_hours": N_("training hours"),
    "tree": N_("tree"),
    "trusted_keys": N_("trusted keys"),
    "unpaid": N_("unpaid"),
    "valid": N_("valid"),
    "valid until": N_("valid until"),
    "valid_until": N_("valid until"),
    "verified": N_("verified"),
    "version": N_("version"),
    "view": N_("view"),
    "view_rows": N_("view rows"),
    "views": N_("views"),
    "what": N_("what"),
    "withdrawn": N_("withdrawn"),
    "year": N_("year"),
}


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
    "registration_no": N_("reg no"),
    "registered_on": N_("registered"),
    "certificate_no": N_("cert no"),
    "application_no": N_("application"),
    "licence_no": N_("licence"),
    "valid_until": N_("valid until"),
    "certified_on": N_("certified"),
    "granted_on": N_("granted"),
    "graduated_on": N_("graduated"),
    "held_on": N_("held"),
    "applied_on": N_("applied"),
    "province": N_("prov"),
    "licences": N_("lic"),
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
        writer.writerow({k: safe_cell(_data_cell(row.get(k))) for k in columns})
    click.echo(out.getvalue(), nl=False)


def _data_cell(value: Any) -> str:
    """A value in CSV: ISO dates and the ledger's own words, in either language."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return " ".join(_data_cell(v) for v in value.values() if v is not None)
    if isinstance(value, list | tuple):
        return ", ".join(shown(str(v)) for v in value)
    return shown(str(value))


def _cell(value: Any) -> str:
    """A value in a human table or page: in the reader's words and dates."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return " ".join(_cell(v) for v in value.values() if v is not None)
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    return shown(say_value(shown_day(value, "medium")))


def _table(rows: Iterable[dict[str, Any]], columns: Sequence[str], title: str | None) -> None:
    # rich is imported here only: it costs start-up time that --help should not pay.
    from rich import box
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    # No vertical rules: more room for the data in an 80-column terminal.
    table = Table(
        title=say(title) if title else None,
        box=box.SIMPLE_HEAD,
        header_style="bold",
        pad_edge=False,
        collapse_padding=True,
    )
    for column in columns:
        unbroken = column in UNBROKEN or column.endswith("_on")
        table.add_column(label(column, short=True), overflow="fold", no_wrap=unbroken)
    count = 0
    for row in rows:
        # Cells are data, never rich markup: "[bold]" in a name prints as typed.
        cells = (shown_money(row.get(c)) if is_money(c) else row.get(c) for c in columns)
        table.add_row(*(escape(_cell(cell) or "-") for cell in cells))
        count += 1

    class Piped(Console):
        def on_broken_pipe(self) -> None:  # rich would exit 1: the reader stopped, that is all
            self.quiet = True
            raise BrokenPipeError

    console = Piped(no_color=bootstrap.settings().no_color, soft_wrap=False)
    if count:
        console.print(table)
    else:
        nothing = say(N_("nothing to show"))
        click.echo(f"{say(title)}: {nothing}" if title else nothing)


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
    return say(
        said(
            "verified: {entries} entries hash-chained, {seals} seals",
            entries=integrity["entries"],
            seals=integrity["seals"],
        )
    )


def member_status(s: dict[str, Any]) -> None:
    standing = s["standing"]
    good = N_("in good standing") if standing["in_good_standing"] else N_("NOT in good standing")
    paid = ", ".join(str(y) for y in standing["dues_paid_years"]) or say(N_("none"))
    click.echo(
        say(
            said(
                "{name}  ({registration_no})  as of {as_of}",
                name=s["name"],
                registration_no=s["registration_no"],
                as_of=shown_day(s["as_of"]),
            )
        )
    )
    registered = shown_day(s["registered_on"])
    emit_fields(
        {
            "nik": s["nik"],
            "born": shown_day(s["birth_date"]),
            "province": f"{s['province']} {s['province_name']}",
            "email": s["email"],
            "phone": s["phone"],
            "registered": say(
                said("{day} (imported from {source})", day=registered, source=s["source"])
            )
            if s["source"]
            else registered,
            "standing": say(
                said(
                    "{standing} (dues {year}; paid: {paid})",
                    standing=good,
                    year=standing["dues_year"],
                    paid=paid,
                )
            ),
            "practice": say(
                said(
                    "{days} days ({months} months)",
                    days=s["practice"]["days"],
                    months=s["practice"]["months"],
                )
            ),
            "training": say(said("{hours} hours", hours=s["training_hours"])),
            "rule set": s["rule_set"],
            "history": verified(s["integrity"]),
        }
    )
    _section(N_("Education"), s["education"], ["level", "major", "graduated_on", "entry"])
    _section(N_("Practice periods"), s["practice"]["periods"], ["from", "to", "entry"])
    _section(N_("Exams"), s["exams"], ["exam_id", "field", "level", "result", "held_on"])
    _section(
        N_("Certificates"),
        [{**c, "level": _chosen_level(c)} for c in s["certificates"]],
        ["certificate_no", "field", "level", "status", "certified_on", "valid_until"],
    )
    _section(
        N_("Licences"),
        s["licences"],
        ["licence_no", "status", "granted_on", "valid_until", "practice"],
    )
    _section(
        N_("Pending licence applications"),
        s["pending_applications"],
        ["application_no", "certificate_no", "applied_on"],
    )
    _section(
        N_("Registration (STR)"),
        s["strs"],
        ["str_no", "certificate_no", "status", "issued_on", "valid_until"],
    )
    _section(
        N_("Practice permits (SIPPS)"),
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

    values = {"registration_no": h["registration_no"], "count": len(h["events"])}
    heading = (
        said(
            "History of {registration_no} as of {as_of}: {count} events", **values, as_of=h["as_of"]
        )
        if h["as_of"]
        else said("History of {registration_no}: {count} events", **values)
    )
    click.echo(say(heading))
    click.echo(f"{label('history')} {verified(h['integrity'])}")
    effective, recorded_by = say(N_("effective {day}")), say(N_("recorded {at} UTC by {actor}"))
    for e in h["events"]:
        recorded = e["recorded_at"][:19].replace("T", " ")
        actor = f"{e['actor']} ({e['actor_role']})"
        click.echo("")
        click.echo(
            f"#{e['entry']:<3} {e['event']:<20} "
            + effective.format(day=shown_day(e["effective_date"]))
        )
        click.echo("     " + recorded_by.format(at=recorded, actor=actor))
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
    emit_fields(summary, said("Report: {report}", report=result["report"]))
    if "checked" in result:
        checked = result["checked"]
        checks = said(
            "{members} members, {events} events, {checks} checks:",
            members=checked["members"],
            events=checked["events"],
            checks=len(checked["checks"]),
        )
        click.echo(f"  {label('checked')}   {say(checks)}")
        for name, what in checked["checks"].items():
            click.echo(f"    {name}: {what}")
    if result.get("by_province"):
        click.echo("")
        emit_rows(
            result["by_province"],
            ["province", "members", "in_good_standing"],
            title=N_("By province"),
        )
    click.echo("")
    if result["rows"]:
        emit_rows(result["rows"], columns, title=REPORT_TITLES.get(result["report"]))
    else:
        click.echo(say(N_("No rows: none found.")))
    if result.get("unpaid"):
        click.echo("")
        emit_rows(
            result["unpaid"],
            ["registration_no", "name", "province", "registered_on"],
            title=said("Not paid for {year}", year=result["year"]),
        )


# The title of each report's table.
REPORT_TITLES = {
    "standing": N_("Standing"),
    "dues": N_("Dues"),
    "certificates": N_("Certificates"),
    "licences": N_("Licences"),
    "credentials": N_("Credentials"),
    "anomalies": N_("Anomalies"),
    "access": N_("Access"),
}


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
    req, totals = rules["requires"], p["totals_on_decision_date"]

    def _line(template: str, **values: Any) -> None:
        click.echo(say(said(template, **values)))

    _line(
        "Provenance of certificate {certificate_no} ({field}), now {status}",
        certificate_no=p["certificate_no"],
        field=p["field"],
        status=p["status"],
    )
    holds = p["recheck"]["holds"]
    emit_fields(
        {
            "holder": f"{p['holder']['name']} ({p['holder']['registration_no']})",
            "decided": say(
                said(
                    "{on} by {by} ({role}), recorded {recorded_at}",
                    on=shown_day(d["on"]),
                    by=d["by"],
                    role=d["role"],
                    recorded_at=d["recorded_at"],
                )
            ),
            "valid until": shown_day(d["valid_until"]),
            "rule set": f"{rules['id']}: {rules['title']}",
            "level": rules["level"],
            "re-checked": say(N_("the decision holds under its rule set"))
            if holds
            else say(said("DOES NOT HOLD: {unmet}", unmet=tuple(p["recheck"]["unmet"]))),
        }
    )
    if p["revoked_reason"]:
        _line("  revoked: {reason}", reason=p["revoked_reason"])
    click.echo("")
    _line("Evidence on the decision date")
    e, g = p["exam"], p["degree"]
    _line(
        "  exam      {exam_id} in {field}, held {held_on}, assessors {assessors} (entry {entry})",
        exam_id=e["exam_id"],
        field=e["field"],
        held_on=shown_day(e["effective_date"]),
        assessors=", ".join(e["assessors"]),
        entry=e["entry"],
    )
    _line(
        "  degree    {level} {major}, {institution}, graduated {graduated_on} (entry {entry}; "
        "needs {levels} in {majors})",
        level=g["level"],
        major=g["major"],
        institution=g["institution"],
        graduated_on=shown_day(g["effective_date"]),
        entry=g["entry"],
        levels="/".join(req["degree"]),
        majors=Joined(" or ", tuple(req["majors"])),
    )
    _line(
        "  practice  {days} days ({months} months; needs {needed}):",
        days=totals["practice_days"],
        months=totals["practice_months"],
        needed=req["practice_days"],
    )
    for x in p["practice"]:
        _line(
            "            {started_on} to {ended_on}  {employer} (entry {entry})",
            started_on=shown_day(x["effective_date"]),
            ended_on=shown_day(x["ended_on"]) if x["ended_on"] else said("ongoing"),
            employer=x["employer"],
            entry=x["entry"],
        )
    _line(
        "  training  {hours} hours (needs {needed}):",
        hours=totals["training_hours"],
        needed=req["training_hours"],
    )
    for x in p["training"]:
        _line(
            "            {day}  {hours} h  {course}, {provider} (entry {entry})",
            day=shown_day(x["effective_date"]),
            hours=x["hours"],
            course=x["course"],
            provider=x["provider"],
            entry=x["entry"],
        )
    click.echo("")
    _line("Later events touching it")
    for x in p["later"]:
        click.echo(f"  #{x['entry']} {x['event']} {shown_day(x['effective_date'])} {x['by']}")
    if not p["later"]:
        _line("  #- none")


def rule_set_page(r: dict[str, Any]) -> None:
    """A rule set as a reader checks it against the regulation."""
    click.echo(f"{r['id']}: {r['title']}")
    emit_fields(
        {
            "in force from": r["in_force_from"],
            "source": r["source"],
            "certificate valid": say(said("{years} years", years=r["certificate_valid_years"])),
            "after certificate": " -> ".join(r["after_certificate"]) or "-",
            "ledger's policy": ", ".join(r["policy"]) or "-",
        }
    )
    for level, requirements in r["levels"].items():
        click.echo("")
        click.echo(say(said("Level {level}: all of", level=level)))
        for requirement in requirements:
            click.echo(f"  - {requirement['requirement']} ({requirement['code']})")
