"""Licences to practise (izin praktik): applied for through the LSP, decided by the Ministry."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field as Size

from commands.unit_of_work import Result, Tx, use_case
from commands.values import CommandModel, IsoDate, Text
from ledger.vocabulary import Practice


class ApplyForLicence(CommandModel):
    registration_no: str
    certificate_no: str
    practice: tuple[Practice, ...] = Size(min_length=1)
    on: IsoDate | None = None


@use_case("licence.apply")
def apply_for_licence(tx: Tx, cmd: ApplyForLicence) -> Result:
    member = tx.member(cmd.registration_no)
    on = cmd.on or tx.ctx.today
    number = tx.number("application", on.year, member)
    practice = tuple(dict.fromkeys(cmd.practice))  # each kind once, in the order given
    member.apply_for_licence(
        tx.ctx, application_no=number, certificate_no=cmd.certificate_no, practice=practice, on=on
    )
    return {
        "application_no": number,
        "registration_no": cmd.registration_no,
        "certificate_no": cmd.certificate_no,
        "practice": [p.value for p in practice],
    }


class GrantLicence(CommandModel):
    application_no: str
    on: IsoDate | None = None


@use_case("licence.grant")
def grant_licence(tx: Tx, cmd: GrantLicence) -> Result:
    member = tx.member_holding(cmd.application_no, "application")
    on = cmd.on or tx.ctx.today
    number = tx.number("licence", on.year, member)
    until = member.grant_licence(
        tx.ctx, application_no=cmd.application_no, licence_no=number, on=on
    )
    return {
        "licence_no": number,
        "application_no": cmd.application_no,
        "registration_no": member.record.registration_no,
        "valid_until": str(until),
    }


class LicenceDecision(CommandModel):
    """Suspend, reinstate or revoke: the Ministry's decisions on a granted licence."""

    move: ClassVar[str]
    licence_no: str
    reason: Text
    on: IsoDate | None = None


class SuspendLicence(LicenceDecision):
    move = "suspend"


class ReinstateLicence(LicenceDecision):
    move = "reinstate"


class RevokeLicence(LicenceDecision):
    move = "revoke"


@use_case(None)
def decide_on_licence(tx: Tx, cmd: LicenceDecision) -> Result:
    tx.authorise(f"licence.{cmd.move}")
    member = tx.ledger.member_holding(cmd.licence_no, "licence")
    tx.touch(member)
    on = cmd.on or tx.ctx.today
    member.change_licence(
        tx.ctx, move=cmd.move, licence_no=cmd.licence_no, reason=cmd.reason, on=on
    )
    return {
        "licence_no": cmd.licence_no,
        "status": member.record.licences[cmd.licence_no].latest_status,
    }
