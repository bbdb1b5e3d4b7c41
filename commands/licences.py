"""Licences to practise (izin praktik): applied for through the LSP, decided by the Ministry."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field as Size

from commands.handling import Result
from commands.values import CommandModel, Text
from ledger.application import Ledger
from ledger.numbers import NumberAssignment, format_number
from ledger.vocabulary import Practice


class ApplyForLicence(CommandModel):
    registration_no: str
    certificate_no: str
    practice: tuple[Practice, ...] = Size(min_length=1)


def apply_for_licence(ledger: Ledger, actor: str | None, cmd: ApplyForLicence) -> Result:
    def attempt() -> Result:
        ctx = ledger.context(actor)
        ctx.actor.authorise("licence.apply")
        member = ledger.member(cmd.registration_no)
        year = ctx.today.year
        series = ledger.series(ctx, f"application:{year}")
        number = format_number("application", year, series.issue(ctx))
        practice = tuple(dict.fromkeys(cmd.practice))  # each kind once, in the order given
        member.apply_for_licence(
            ctx, application_no=number, certificate_no=cmd.certificate_no, practice=practice
        )
        ledger.save(series, member, NumberAssignment.assign(ctx, number, member.id))
        return {
            "application_no": number,
            "registration_no": cmd.registration_no,
            "certificate_no": cmd.certificate_no,
            "practice": [p.value for p in practice],
        }

    return ledger.attempt(attempt)


class GrantLicence(CommandModel):
    application_no: str


def grant_licence(ledger: Ledger, actor: str | None, cmd: GrantLicence) -> Result:
    def attempt() -> Result:
        ctx = ledger.context(actor)
        ctx.actor.authorise("licence.grant")
        member = ledger.member_holding(cmd.application_no, "application")
        year = ctx.today.year
        series = ledger.series(ctx, f"licence:{year}")
        number = format_number("licence", year, series.issue(ctx))
        until = member.grant_licence(ctx, application_no=cmd.application_no, licence_no=number)
        ledger.save(series, member, NumberAssignment.assign(ctx, number, member.id))
        return {
            "licence_no": number,
            "application_no": cmd.application_no,
            "registration_no": member.record.registration_no,
            "valid_until": str(until),
        }

    return ledger.attempt(attempt)


class LicenceDecision(CommandModel):
    """Suspend, reinstate or revoke: the Ministry's decisions on a granted licence."""

    move: ClassVar[str]
    licence_no: str
    reason: Text


class SuspendLicence(LicenceDecision):
    move = "suspend"


class ReinstateLicence(LicenceDecision):
    move = "reinstate"


class RevokeLicence(LicenceDecision):
    move = "revoke"


def decide_on_licence(ledger: Ledger, actor: str | None, cmd: LicenceDecision) -> Result:
    def attempt() -> Result:
        ctx = ledger.context(actor)
        ctx.actor.authorise(f"licence.{cmd.move}")
        member = ledger.member_holding(cmd.licence_no, "licence")
        member.change_licence(ctx, move=cmd.move, licence_no=cmd.licence_no, reason=cmd.reason)
        ledger.save(member)
        return {
            "licence_no": cmd.licence_no,
            "status": member.record.licences[cmd.licence_no].latest_status,
        }

    return ledger.attempt(attempt)
