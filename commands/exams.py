"""``peksos exam record``: the LSP records a competency exam (uji kompetensi)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field as Size

from commands.handling import Result
from commands.values import CommandModel, IsoDate, PersonName
from ledger.application import Ledger
from ledger.numbers import NumberAssignment, format_number
from ledger.vocabulary import Field


class RecordExam(CommandModel):
    registration_no: str
    field: Field
    result: Literal["passed", "failed"]
    held_on: IsoDate
    assessors: tuple[PersonName, ...] = Size(min_length=1, max_length=10)


def record_exam(ledger: Ledger, actor: str | None, cmd: RecordExam) -> Result:
    def attempt() -> Result:
        ctx = ledger.context(actor)
        ctx.actor.authorise("exam.record")
        member = ledger.member(cmd.registration_no)
        series = ledger.series(ctx, f"exam:{cmd.held_on.year}")
        exam_id = format_number("exam", cmd.held_on.year, series.issue(ctx))
        member.record_exam(
            ctx,
            exam_id=exam_id,
            field=cmd.field,
            passed=cmd.result == "passed",
            held_on=cmd.held_on,
            assessors=cmd.assessors,
        )
        ledger.save(series, member, NumberAssignment.assign(ctx, exam_id, member.id))
        return {"exam_id": exam_id, "registration_no": cmd.registration_no, "result": cmd.result}

    return ledger.attempt(attempt)
