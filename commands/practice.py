"""Law 14/2019's chain after a certificate: ``peksos str issue|show|revoke`` (IPSPI) and
``peksos sipps grant|show|suspend|reinstate|revoke`` (the regency or city government)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field as Size

from commands.queries import checked, reader
from commands.unit_of_work import Result, Tx, use_case
from commands.values import CommandModel, IsoDate, Regency, Text
from ledger.application import Ledger
from ledger.errors import NotAuthorised
from ledger.vocabulary import Practice
from ledger.wording import said


class IssueStr(CommandModel):
    registration_no: str
    certificate_no: str
    health_statement: Text
    oath_on: IsoDate
    ethics_pledge: Text
    on: IsoDate | None = None


@use_case("str.issue")
def issue_str(tx: Tx, cmd: IssueStr) -> Result:
    member = tx.member(cmd.registration_no)
    on = cmd.on or tx.ctx.today
    number = tx.number("str", on.year, member)
    issued = member.issue_str(
        tx.ctx,
        str_no=number,
        certificate_no=cmd.certificate_no,
        health_statement=cmd.health_statement,
        oath_on=cmd.oath_on,
        ethics_pledge=cmd.ethics_pledge,
        on=on,
    )
    return {
        "str_no": number,
        "registration_no": cmd.registration_no,
        "certificate_no": cmd.certificate_no,
        "valid_until": str(issued.valid_until),
        "rule_set": issued.rule_set,
    }


class RevokeStr(CommandModel):
    str_no: str
    reason: Text
    on: IsoDate | None = None


@use_case("str.revoke")
def revoke_str(tx: Tx, cmd: RevokeStr) -> Result:
    """Revoke an STR; the SIPPS resting on it fall with it, in the same save."""
    member = tx.member_holding(cmd.str_no, "STR")
    fallen = member.revoke_str(
        tx.ctx, str_no=cmd.str_no, reason=cmd.reason, on=cmd.on or tx.ctx.today
    )
    return {"str_no": cmd.str_no, "status": "revoked", "sipps_revoked": fallen}


class GrantSipps(CommandModel):
    registration_no: str
    str_no: str
    regency: Regency
    place: Text
    practice: tuple[Practice, ...] = Size(min_length=1)
    on: IsoDate | None = None


def of_regency(tx: Tx, regency: str) -> None:
    """Only the officer of the regency or city that grants a SIPPS decides on it."""
    actor = tx.ctx.actor
    if actor.regency != regency:
        raise NotAuthorised(
            said(
                "{actor} is the officer of regency {regency} and may not decide on a SIPPS of "
                "regency {sipps_regency}",
                actor=actor.name,
                regency=actor.regency,
                sipps_regency=regency,
            ),
            {"actor": actor.name, "regency": actor.regency, "sipps_regency": regency},
        )


@use_case("sipps.grant")
def grant_sipps(tx: Tx, cmd: GrantSipps) -> Result:
    of_regency(tx, cmd.regency)
    member = tx.member(cmd.registration_no)
    on = cmd.on or tx.ctx.today
    number = tx.number("sipps", on.year, member, scope=cmd.regency)
    practice = tuple(dict.fromkeys(cmd.practice))
    granted = member.grant_sipps(
        tx.ctx,
        sipps_no=number,
        str_no=cmd.str_no,
        regency=cmd.regency,
        place=cmd.place,
        practice=practice,
        on=on,
    )
    return {
        "sipps_no": number,
        "registration_no": cmd.registration_no,
        "str_no": cmd.str_no,
        "regency": cmd.regency,
        "place": cmd.place,
        "valid_until": str(granted.valid_until),
    }


class SippsDecision(CommandModel):
    move: ClassVar[str]
    sipps_no: str
    reason: Text
    on: IsoDate | None = None


class SuspendSipps(SippsDecision):
    move = "suspend"


class ReinstateSipps(SippsDecision):
    move = "reinstate"


class RevokeSipps(SippsDecision):
    move = "revoke"


@use_case(None)
def decide_on_sipps(tx: Tx, cmd: SippsDecision) -> Result:
    tx.authorise(f"sipps.{cmd.move}")
    member = tx.member_holding(cmd.sipps_no, "SIPPS")
    permit = member.permit(cmd.sipps_no)
    of_regency(tx, permit.regency)
    on = cmd.on or tx.ctx.today
    member.change_sipps(tx.ctx, move=cmd.move, sipps_no=cmd.sipps_no, reason=cmd.reason, on=on)
    return {"sipps_no": cmd.sipps_no, "status": permit.latest_status}


def show_str(ledger: Ledger, actor: str | None, str_no: str) -> Result:
    ctx = reader(ledger, actor)
    stream = ledger.holder_id(str_no, "STR")
    integrity = checked(ledger, stream, f"the holder of {str_no}")
    record = ledger.member_holding(str_no, "STR").record
    registration = record.strs[str_no]
    return {
        "str_no": str_no,
        "registration_no": record.registration_no,
        "name": record.name,
        "certificate_no": registration.certificate_no,
        "status": registration.status(ctx.today),
        "issued_on": str(registration.issued_on),
        "valid_until": str(registration.valid_until),
        "rule_set": registration.rule_set,
        "revoked_reason": registration.revoked_reason,
        "integrity": integrity,
    }


def show_sipps(ledger: Ledger, actor: str | None, sipps_no: str) -> Result:
    ctx = reader(ledger, actor)
    stream = ledger.holder_id(sipps_no, "SIPPS")
    integrity = checked(ledger, stream, f"the holder of {sipps_no}")
    record = ledger.member_holding(sipps_no, "SIPPS").record
    permit = record.sipps[sipps_no]
    return {
        "sipps_no": sipps_no,
        "registration_no": record.registration_no,
        "name": record.name,
        "str_no": permit.str_no,
        "regency": permit.regency,
        "place": permit.place,
        "practice": [p.value for p in permit.practice],
        "status": permit.status(ctx.today),
        "granted_on": str(permit.granted_on),
        "valid_until": str(permit.valid_until),
        "changes": [f"{day} {status} {reason}" for day, status, reason in permit.changes],
        "integrity": integrity,
    }


def chain_provenance(ledger: Ledger, actor: str | None, number: str) -> Result:
    """What a SIPPS or an STR rests on, down to the evidence: the SIPPS (for a SIPPS), its STR,
    and the provenance of the certificate beneath (exam, degree, practice, training, rule set)."""
    from commands.reports import certificate_provenance

    result: Result = {}
    if number.upper().startswith("SIPPS-"):
        result["sipps"] = show_sipps(ledger, actor, number)
        number = result["sipps"]["str_no"]
    result["str"] = show_str(ledger, actor, number)
    result["certificate"] = certificate_provenance(ledger, actor, result["str"]["certificate_no"])
    return result
