"""Facts about a member that IPSPI (and, for training, the LSP) records: education, practice,
training, dues."""

from __future__ import annotations

from commands.unit_of_work import Result, Tx, use_case
from commands.values import CommandModel, Hours, IsoDate, Major, Rupiah, Text, Year
from ledger.vocabulary import EducationLevel


class AddEducation(CommandModel):
    registration_no: str
    level: EducationLevel
    major: Major
    institution: Text
    graduated_on: IsoDate


@use_case("education.add")
def add_education(tx: Tx, cmd: AddEducation) -> Result:
    member = tx.member(cmd.registration_no)
    ctx = tx.ctx
    major = cmd.major  # a code for any of its names (kesejahteraan-sosial), or as written
    member.record_education(
        ctx,
        level=cmd.level,
        major=major,
        institution=cmd.institution,
        graduated_on=cmd.graduated_on,
    )
    return {"registration_no": cmd.registration_no, "entry": member.version}


class AddExperience(CommandModel):
    registration_no: str
    employer: Text
    role: Text
    started_on: IsoDate
    ended_on: IsoDate | None = None


@use_case("experience.add")
def add_experience(tx: Tx, cmd: AddExperience) -> Result:
    member = tx.member(cmd.registration_no)
    ctx = tx.ctx
    member.record_experience(
        ctx,
        employer=cmd.employer,
        position=cmd.role,
        started_on=cmd.started_on,
        ended_on=cmd.ended_on,
    )
    return {"registration_no": cmd.registration_no, "entry": member.version}


class LogTraining(CommandModel):
    registration_no: str
    course: Text
    provider: Text
    hours: Hours
    completed_on: IsoDate
    evidence: Text | None = None


@use_case("training.log")
def log_training(tx: Tx, cmd: LogTraining) -> Result:
    member = tx.member(cmd.registration_no)
    ctx = tx.ctx
    member.log_training(
        ctx,
        course=cmd.course,
        provider=cmd.provider,
        hours=cmd.hours,
        completed_on=cmd.completed_on,
        evidence=cmd.evidence,
    )
    return {
        "registration_no": cmd.registration_no,
        "entry": member.version,
        "hours": str(cmd.hours),
    }


class PayDues(CommandModel):
    registration_no: str
    year: Year
    amount: Rupiah
    paid_on: IsoDate | None = None
    receipt: Text | None = None


@use_case("dues.pay")
def pay_dues(tx: Tx, cmd: PayDues) -> Result:
    member = tx.member(cmd.registration_no)
    ctx = tx.ctx
    paid_on = cmd.paid_on or ctx.today
    member.pay_dues(ctx, year=cmd.year, amount=cmd.amount, paid_on=paid_on, receipt=cmd.receipt)
    return {
        "registration_no": cmd.registration_no,
        "year": cmd.year,
        "amount": cmd.amount,
        "paid_on": str(paid_on),
    }
