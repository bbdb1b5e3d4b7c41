"""``peksos import members FILE.csv --source NAME``: the legacy lists, imported once.

Rows are registered in batches, each batch one transaction (its members, their NIK claims,
degrees and the numbers they take), signed once. A batch that dies half way records nothing,
and a re-run skips every NIK already registered, so importing a file twice equals importing it
once and a killed import is finished by running it again.
"""

from __future__ import annotations

import csv
import gc
import io
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import IO, Any

from eventsourcing.persistence import PersistenceError

from commands.cells import safe_cell, shown
from commands.files import output_file
from commands.legacy_csv import Row, read_rows, validated
from commands.unit_of_work import Result
from commands.values import CommandModel, Text
from ledger.access import Context
from ledger.application import Ledger
from ledger.errors import Conflict, Interrupted
from ledger.member import Member, education_unmet, registration_unmet
from ledger.nik import nik_problems
from ledger.numbers import (
    NikClaim,
    NumberSeries,
    format_registration_no,
    member_id,
    registration_series,
)
from ledger.wording import N_, said
from projections.folding import mask_nik
from projections.read_model import open_read_model

BATCH = 2000  # members per transaction (see benchmarks/README.md)
OUTCOMES = (N_("imported"), N_("duplicate"), N_("rejected"))  # a row's outcome, in words
ALREADY_REGISTERED = said("the NIK is already registered", code="nik_registered")
REPORT_COLUMNS = ["line", "name", "nik", "outcome", "registration_no", "reason"]


class ImportMembers(CommandModel):
    file: Path
    source: Text
    dry_run: bool = False
    report: Path | None = None
    force: bool = False  # replace an existing report file


class _Import:
    """One run over one file: its outcomes, and (dry run) the numbers it would have used."""

    def __init__(self, ledger: Ledger, actor: str | None, cmd: ImportMembers) -> None:
        self.ledger, self.actor, self.cmd = ledger, actor, cmd
        self.outcomes: list[dict[str, Any]] = []
        self.first_line: dict[str, int] = {}
        self.dry_series: dict[str, NumberSeries] = {}
        self.events = 0

    def outcome(self, row: Row, outcome: str, number: str = "", reason: str = "") -> None:
        name = row.member.name if row.member else row.values.get("name", "")
        raw = row.values.get("nik", "").strip()
        nik = mask_nik(raw) if re.fullmatch(r"[0-9]{16}", raw) else "(not a NIK)"
        # A name or reason may echo a cell (a NIK in the name column): never a NIK-length run
        # of digits in full. (A reason without one keeps its words for the reader's language.)
        reason, name = (re.sub(r"[0-9]{16,}", lambda m: mask_nik(m.group()), text)
                        if re.search(r"[0-9]{16,}", text) else text
                        for text in (reason, name))  # fmt: skip
        self.outcomes.append(
            {
                "line": row.line,
                "name": name,
                "nik": nik,
                "outcome": outcome,
                "registration_no": number,
                "reason": reason,
            }
        )

    def registered(self, rows: list[Row]) -> set[str]:
        """The NIKs of ``rows`` already registered, asked of the ledger in one query before
        any row is validated: a re-run spends nothing on the rows it imported before."""
        niks = {row.values.get("nik", "") for row in rows}
        claims = {self.ledger.nik_claim_id(nik): nik for nik in niks if not nik_problems(nik)}
        return {claims[claim] for claim in self.ledger.existing(list(claims))}

    def known(self, row: Row, registered: set[str]) -> bool:
        """A row whose NIK is registered: a duplicate, whatever its other cells say (the
        member they describe is in the ledger)."""
        nik = row.values.get("nik", "")
        if nik not in registered:
            return False
        if not self._seen_before(row, nik):
            self.outcome(row, "duplicate", reason=ALREADY_REGISTERED)
        return True

    def admit(self, row: Row) -> bool:
        """Rows that can go to a batch: valid, and the first with their NIK in the file."""
        if row.problems:
            self.outcome(row, "rejected", reason="; ".join(row.problems))
            return False
        return not self._seen_before(row, row.nik)

    def _seen_before(self, row: Row, nik: str) -> bool:
        """Whether an earlier line of the file has ``nik`` (then this row is its duplicate);
        if not, this line is the first with it."""
        if nik in self.first_line:
            self.outcome(
                row,
                "duplicate",
                reason=said("the same NIK is on line {line}", line=self.first_line[nik]),
            )
            return True
        self.first_line[nik] = row.line
        return False

    def batch(self, rows: list[Row]) -> None:
        results = self.ledger.attempt(lambda: self._batch(rows))
        for row, (outcome, number, reason) in zip(rows, results, strict=True):
            self.outcome(row, outcome, number, reason)

    def _batch(self, rows: list[Row]) -> list[tuple[str, str, str]]:
        """Decide and save one batch; returns each row's (outcome, number, reason)."""
        ctx = self.ledger.context(self.actor)
        ctx.actor.authorise("import")
        claims = {row.nik: self.ledger.nik_claim_id(row.nik) for row in rows}
        registered = self.ledger.existing(list(claims.values()))
        results: dict[int, tuple[str, str, str]] = {}
        admitted: dict[tuple[str, int], list[Row]] = defaultdict(list)
        for row in rows:
            assert row.member is not None
            on = row.member.registered_on or ctx.today
            unmet = registration_unmet(ctx, row.member.nik, row.member.birth_date, on)
            if row.education:
                unmet += education_unmet(ctx, row.education.graduated_on, row.member.birth_date)
            if claims[row.nik] in registered:
                results[row.line] = ("duplicate", "", ALREADY_REGISTERED)
            elif unmet:
                results[row.line] = ("rejected", "", said("{reasons}", reasons=tuple(unmet)))
            else:
                admitted[(row.member.province, on.year)].append(row)
        aggregates: list[Any] = []
        for (province, year), group in admitted.items():
            series = self._series(ctx, registration_series(province, year))
            for row, seq in zip(group, series.issue_many(ctx, len(group)), strict=True):
                number = format_registration_no(province, year, seq)
                member = self._member(ctx, row, number)
                aggregates += [member, NikClaim.claim(ctx, claims[row.nik], member.id)]
                results[row.line] = ("imported", number, "")
            aggregates.append(series)
        if aggregates and not self.cmd.dry_run:
            self.events += len(self.ledger.save(*aggregates))
        return [results[row.line] for row in rows]

    def _series(self, ctx: Context, name: str) -> NumberSeries:
        if not self.cmd.dry_run:
            return self.ledger.series(ctx, name)
        if name not in self.dry_series:  # a dry run's numbers carry on across batches
            self.dry_series[name] = self.ledger.series(ctx, name)
        return self.dry_series[name]

    def _member(self, ctx: Context, row: Row, number: str) -> Member:
        m, e = row.member, row.education
        assert m is not None
        member = Member.register(
            ctx,
            member_id=member_id(number),
            registration_no=number,
            name=m.name,
            nik=m.nik,
            birth_date=m.birth_date,
            province=m.province,
            email=str(m.email),
            phone=m.phone,
            registered_on=m.registered_on or ctx.today,
            source=m.source,
        )
        if e is not None:
            member.record_education(
                ctx,
                level=e.level,
                major=e.major,
                institution=e.institution,
                graduated_on=e.graduated_on,
            )
        return member

    def write_report(self, file: IO[bytes]) -> None:
        text = io.TextIOWrapper(file, encoding="utf-8", newline="")
        writer = csv.DictWriter(text, fieldnames=REPORT_COLUMNS)
        writer.writeheader()
        for outcome in sorted(self.outcomes, key=lambda o: o["line"]):
            writer.writerow({k: safe_cell(shown(str(v))) for k, v in outcome.items()})
        text.flush()
        text.detach()  # the file stays open for its owner to close (commands/output.py)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector 50 times less often meanwhile. A batch makes and drops
    hundreds of thousands of small objects (events, their stored forms) that reference
    counting frees; at the default thresholds the collector still walked every live object
    about once every two batches, which cost a 60,000-member import a quarter of its time
    (measured: 23.9 s, 18.3 s with these thresholds, 17.0 s with no collector at all)."""
    before = gc.get_threshold()
    gc.set_threshold(50_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def import_members(
    ledger: Ledger, actor: str | None, cmd: ImportMembers, progress: Callable[[int], None]
) -> Result:
    """Import a legacy list; returns the summary and every row's outcome."""
    ledger.context(actor).actor.authorise("import")
    run = _Import(ledger, actor, cmd)
    report = (
        output_file(cmd.report, ledger, option="--report", force=cmd.force)
        if cmd.report
        else nullcontext(None)
    )
    with report as file:  # made before the first row: a bad path records nothing
        imported_in = _run(ledger, run, cmd, progress)
        if file is not None:
            run.write_report(file)
    counts = {
        k: sum(1 for o in run.outcomes if o["outcome"] == k)
        for k in ("imported", "duplicate", "rejected")
    }
    return {
        "source": cmd.source,
        "dry_run": cmd.dry_run,
        "rows": len(run.outcomes),
        **counts,
        "events": run.events,
        "seconds": round(imported_in, 2),
        "events_per_s": round(run.events / imported_in) if imported_in and run.events else 0,
        "report": str(cmd.report) if cmd.report else None,
        "outcomes": sorted(run.outcomes, key=lambda o: o["line"]),
    }


def batched(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    batch: list[Row] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _run(
    ledger: Ledger, run: _Import, cmd: ImportMembers, progress: Callable[[int], None]
) -> float:
    """Every row of the file, in batches; the seconds it took."""
    started = time.perf_counter()
    pending: list[Row] = []
    try:
        with fewer_collections():
            for rows in batched(read_rows(cmd.file), BATCH):
                registered = run.registered(rows)
                for row in rows:
                    progress(1)
                    if not run.known(row, registered) and run.admit(validated(row, cmd.source)):
                        pending.append(row)
                    if len(pending) == BATCH:
                        run.batch(pending)
                        pending = []
            if pending:
                run.batch(pending)
    except (Conflict, PersistenceError) as error:
        done = sum(1 for o in run.outcomes if o["outcome"] == "imported")
        cause = str(error).split(";")[0]  # not its "nothing was recorded": here some was
        raise Interrupted(
            said(
                "the import stopped ({cause}). The {done} members of the batches before it were "
                "recorded; the failed batch was not. Run the same import again to finish.",
                cause=cause,
                done=done,
            ),
            {"imported_before_failure": done},
        ) from None
    imported_in = time.perf_counter() - started
    if not cmd.dry_run:
        with fewer_collections():
            open_read_model(ledger)  # the views catch up once, not at the next read
    return imported_in
