"""``peksos certify`` and ``peksos certificate revoke``: the LSP's decisions."""

from __future__ import annotations

from commands.handling import Result
from commands.values import CommandModel, IsoDate, Text
from ledger.application import Ledger
from ledger.numbers import NumberAssignment, format_number
from ledger.vocabulary import Field


class Certify(CommandModel):
    registration_no: str
    field: Field
    exam_id: str | None = None
    on: IsoDate | None = None


def certify(ledger: Ledger, actor: str | None, cmd: Certify) -> Result:
    """Judge eligibility on the decision date by the rule set then in force; certify or refuse
    with every unmet requirement."""

    def attempt() -> Result:
        ctx = ledger.context(actor)
        ctx.actor.authorise("certify")
        member = ledger.member(cmd.registration_no)
        on = cmd.on or ctx.today
        series = ledger.series(ctx, f"certificate:{on.year}")
        number = format_number("certificate", on.year, series.issue(ctx))
        certified = member.certify(
            ctx, certificate_no=number, field=cmd.field, on=on, exam_id=cmd.exam_id
        )
        ledger.save(series, member, NumberAssignment.assign(ctx, number, member.id))
        return {
            "certificate_no": number,
            "registration_no": cmd.registration_no,
            "field": cmd.field.value,
            "valid_until": str(certified.valid_until),
            "rule_set": certified.rule_set,
        }

    return ledger.attempt(attempt)


class RevokeCertificate(CommandModel):
    certificate_no: str
    reason: Text


def revoke_certificate(ledger: Ledger, actor: str | None, cmd: RevokeCertificate) -> Result:
    """Revoke a certificate; the licences resting on it fall with it, in the same save."""

    def attempt() -> Result:
        ctx = ledger.context(actor)
        ctx.actor.authorise("certificate.revoke")
        member = ledger.member_holding(cmd.certificate_no, "certificate")
        fallen = member.revoke_certificate(
            ctx, certificate_no=cmd.certificate_no, reason=cmd.reason
        )
        ledger.save(member)
        return {
            "certificate_no": cmd.certificate_no,
            "status": "revoked",
            "licences_revoked": fallen,
        }

    return ledger.attempt(attempt)
