"""``peksos member register``, ``member update`` and ``member correct``."""

from __future__ import annotations

from datetime import date

from commands.unit_of_work import Result, Tx, use_case
from commands.values import CommandModel, Email, IsoDate, Nik, PersonName, Phone, Province, Text
from ledger.errors import Conflict
from ledger.member import Member
from ledger.numbers import (
    NikClaim,
    format_registration_no,
    member_id,
    registration_series,
)


class RegisterMember(CommandModel):
    name: PersonName
    nik: Nik
    birth_date: IsoDate
    province: Province
    email: Email
    phone: Phone | None = None
    registered_on: IsoDate | None = None
    source: Text | None = None


@use_case("member.register")
def register_member(tx: Tx, cmd: RegisterMember) -> Result:
    """Admit a member: the next number of the province's series for that year, the member's
    first event and the NIK's claim, saved in one transaction."""
    ledger, ctx = tx.ledger, tx.ctx
    tx.authorise("member.register", cmd.province)
    registered_on: date = cmd.registered_on or ctx.today
    if (claim := ledger.nik_claim(ctx, cmd.nik)) is not None:
        assert claim.member_id is not None
        holder: Member = ledger.repository.get(claim.member_id)
        raise Conflict(
            f"NIK ending {cmd.nik[-4:]} is already registered as {holder.record.registration_no}",
            {"registration_no": holder.record.registration_no},
        )
    series = ledger.series(ctx, registration_series(cmd.province, registered_on.year))
    number = format_registration_no(cmd.province, registered_on.year, series.issue(ctx))
    member = Member.register(
        ctx,
        member_id=member_id(number),
        registration_no=number,
        name=cmd.name,
        nik=cmd.nik,
        birth_date=cmd.birth_date,
        province=cmd.province,
        email=str(cmd.email),
        phone=cmd.phone,
        registered_on=registered_on,
        source=cmd.source,
    )
    tx.touch(series, member, NikClaim.claim(ctx, ledger.nik_claim_id(cmd.nik), member.id))
    return {"registration_no": number, "name": cmd.name, "registered_on": str(registered_on)}


class UpdateMember(CommandModel):
    registration_no: str
    name: PersonName | None = None
    email: Email | None = None
    phone: Phone | None = None


@use_case("member.update")
def update_member(tx: Tx, cmd: UpdateMember) -> Result:
    member = tx.member(cmd.registration_no)
    email = str(cmd.email) if cmd.email else None
    member.update_profile(tx.ctx, name=cmd.name, email=email, phone=cmd.phone)
    return {"registration_no": cmd.registration_no, "version": member.version}


class CorrectEntry(CommandModel):
    registration_no: str
    entry: int
    reason: Text


@use_case("member.correct")
def correct_entry(tx: Tx, cmd: CorrectEntry) -> Result:
    """Withdraw an entry; only a role that may record that kind of entry may withdraw it."""
    member = tx.member(cmd.registration_no)
    tx.authorise(member.entry_action(cmd.entry), member.province)
    member.correct_entry(tx.ctx, entry=cmd.entry, reason=cmd.reason)
    return {"registration_no": cmd.registration_no, "withdrawn": cmd.entry}
