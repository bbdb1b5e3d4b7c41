"""``peksos certify`` and ``peksos certificate revoke``: the LSP's decisions."""

from __future__ import annotations

from commands.unit_of_work import Result, Tx, use_case
from commands.values import CommandModel, IsoDate, Text
from ledger.vocabulary import Field


class Certify(CommandModel):
    registration_no: str
    field: Field
    level: Text | None = None
    exam_id: str | None = None
    on: IsoDate | None = None


@use_case("certify")
def certify(tx: Tx, cmd: Certify) -> Result:
    """Judge eligibility on the decision date by the rule set then in force; certify or refuse
    with every unmet requirement."""
    member = tx.member(cmd.registration_no)
    on = cmd.on or tx.ctx.today
    number = tx.number("certificate", on.year, member)
    certified = member.certify(
        tx.ctx, certificate_no=number, field=cmd.field, on=on, exam_id=cmd.exam_id, level=cmd.level
    )
    return {
        "certificate_no": number,
        "registration_no": cmd.registration_no,
        "field": cmd.field.value,
        "valid_until": str(certified.valid_until),
        "rule_set": certified.rule_set,
        "level": certified.level,
    }


class RevokeCertificate(CommandModel):
    certificate_no: str
    reason: Text
    on: IsoDate | None = None


@use_case("certificate.revoke")
def revoke_certificate(tx: Tx, cmd: RevokeCertificate) -> Result:
    """Revoke a certificate; the licences resting on it fall with it, in the same save."""
    member = tx.member_holding(cmd.certificate_no, "certificate")
    fallen = member.revoke_certificate(
        tx.ctx, certificate_no=cmd.certificate_no, reason=cmd.reason, on=cmd.on or tx.ctx.today
    )

    result: Result = {
        "certificate_no": cmd.certificate_no,
        "status": "revoked",
        "licences_revoked": [n for n in fallen if n.startswith("LIC-")],
    }
    strs = [n for n in fallen if n.startswith("STR-")]
    if strs:  # Law 14/2019's chain: the STRs and the SIPPS resting on them fell too
        result["strs_revoked"] = strs
        result["sipps_revoked"] = [n for n in fallen if n.startswith("SIPPS-")]
    return result
