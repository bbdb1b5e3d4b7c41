"""``peksos exam record``: the LSP records a competency exam (uji kompetensi)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field as Size

from commands.unit_of_work import Result, Tx, use_case
from commands.values import CommandModel, IsoDate, PersonName, Text
from ledger.vocabulary import Field


class RecordExam(CommandModel):
    registration_no: str
    field: Field
    result: Literal["passed", "failed"]
    held_on: IsoDate
    assessors: tuple[PersonName, ...] = Size(min_length=1, max_length=10)
    level: Text | None = None


@use_case("exam.record")
def record_exam(tx: Tx, cmd: RecordExam) -> Result:
    member = tx.member(cmd.registration_no)
    exam_id = tx.number("exam", cmd.held_on.year, member)
    member.record_exam(
        tx.ctx,
        exam_id=exam_id,
        field=cmd.field,
        passed=cmd.result == "passed",
        held_on=cmd.held_on,
        assessors=cmd.assessors,
        level=cmd.level,
    )
    return {
        "exam_id": exam_id,
        "registration_no": cmd.registration_no,
        "result": cmd.result,
        **({"level": cmd.level} if cmd.level else {}),
    }
