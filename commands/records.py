"""Facts about a member that IPSPI (and, for training, the LSP) records: education, practice,
training, dues."""

from __future__ import annotations

from commands.handling import Result, on_member
from commands.values import CommandModel, Hours, IsoDate, Rupiah, Text, Year
from ledger.access import Context
from ledger.application import Ledger
from ledger.member import Member
from ledger.vocabulary import EducationLevel


class AddEducation(CommandModel):
    registration_no: str
    level: EducationLevel
    major: Text
    institution: Text
    graduated_on: IsoDate


def add_education(ledger: Ledger, actor: str | None, cmd: AddEducation) -> Result:
    def decide(ctx: Context, member: Member) -> Result:
        # Majors are codes (pekerjaan-sosial, kesejahteraan-sosial) or any other text.
        major = cmd.major.lower() if cmd.major.lower() in _MAJOR_CODES else cmd.major
        member.record_education(
            ctx,
            level=cmd.level,
            major=major,
            institution=cmd.institution,
            graduated_on=cmd.graduated_on,
        )
        return {"registration_no": cmd.registration_no, "entry": member.version}

    return on_member(ledger, actor, "education.add", cmd.registration_no, decide)


_MAJOR_CODES = {"pekerjaan-sosial", "kesejahteraan-sosial"}


class AddExperience(CommandModel):
    registration_no: str
    employer: Text
    role: Text
    started_on: IsoDate
    ended_on: IsoDate | None = None


def add_experience(ledger: Ledger, actor: str | None, cmd: AddExperience) -> Result:
    def decide(ctx: Context, member: Member) -> Result:
        member.record_experience(
            ctx,
            employer=cmd.employer,
            position=cmd.role,
            started_on=cmd.started_on,
            ended_on=cmd.ended_on,
        )
        return {"registration_no": cmd.registration_no, "entry": member.version}

    return on_member(ledger, actor, "experience.add", cmd.registration_no, decide)


class LogTraining(CommandModel):
    registration_no: str
    course: Text
    provider: Text
    hours: Hours
    completed_on: IsoDate
    evidence: Text | None = None


def log_training(ledger: Ledger, actor: str | None, cmd: LogTraining) -> Result:
    def decide(ctx: Context, member: Member) -> Result:
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

    return on_member(ledger, actor, "training.log", cmd.registration_no, decide)


class PayDues(CommandModel):
    registration_no: str
    year: Year
    amount: Rupiah
    paid_on: IsoDate | None = None
    receipt: Text | None = None


def pay_dues(ledger: Ledger, actor: str | None, cmd: PayDues) -> Result:
    def decide(ctx: Context, member: Member) -> Result:
        paid_on = cmd.paid_on or ctx.today
        member.pay_dues(ctx, year=cmd.year, amount=cmd.amount, paid_on=paid_on, receipt=cmd.receipt)
        return {
            "registration_no": cmd.registration_no,
            "year": cmd.year,
            "amount": cmd.amount,
            "paid_on": str(paid_on),
        }

    return on_member(ledger, actor, "dues.pay", cmd.registration_no, decide)
