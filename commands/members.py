"""``peksos member register``, ``member update`` and ``member correct``."""

from __future__ import annotations

from datetime import date

from commands.unit_of_work import Result, Tx, use_case
from commands.values import CommandModel, Email, IsoDate, Nik, PersonName, Phone, Province, Text
from ledger.application import Ledger
from ledger.errors import Conflict
from ledger.member import Member
from ledger.numbers import (
    NikClaim,
    format_registration_no,
    member_id,
    registration_series,
)
from ledger.storage.personal_keys import TABLE
from ledger.storage.store import compact
from ledger.wording import said
from projections.read_model import open_read_model


class Person(CommandModel):
    """Who is registered, or asks to be: the identity and contacts a registration records."""

    name: PersonName
    nik: Nik
    birth_date: IsoDate
    province: Province
    email: Email
    phone: Phone | None = None


class RegisterMember(Person):
    registered_on: IsoDate | None = None
    source: Text | None = None


@use_case("member.register")
def register_member(tx: Tx, cmd: RegisterMember) -> Result:
    """Admit a member: the next number of the province's series for that year, the member's
    first event and the NIK's claim, saved in one transaction."""
    tx.authorise("member.register", cmd.province)
    member = admit(tx, cmd)
    registered_on = member.record.registered_on
    return {
        "registration_no": member.record.registration_no,
        "name": cmd.name,
        "registered_on": str(registered_on),
    }


def admit(tx: Tx, cmd: RegisterMember) -> Member:
    """The member ``cmd`` registers, with their number drawn and their NIK claimed (a NIK
    already registered is a conflict), all saved with the rest of ``tx``."""
    ledger, ctx = tx.ledger, tx.ctx
    registered_on: date = cmd.registered_on or ctx.today
    claim = ledger.nik_claim(ctx, cmd.nik)
    if claim is not None and claim.member_id is not None:  # a released NIK may be taken again
        holder: Member = ledger.repository.get(claim.member_id)
        raise Conflict(
            said(
                "NIK ending {ending} is already registered as {registration_no}",
                ending=cmd.nik[-4:],
                registration_no=holder.record.registration_no,
            ),
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
    if claim is None:
        claim = NikClaim.claim(ctx, ledger.nik_claim_id(cmd.nik), member.id)
    else:
        claim.reclaim(ctx, member.id)
    tx.touch(series, member, claim)
    return member


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


class CorrectIdentity(CommandModel):
    registration_no: str
    nik: Nik | None = None
    birth_date: IsoDate | None = None
    province: Province | None = None
    reason: Text


@use_case("member.correct-identity")
def correct_identity(tx: Tx, cmd: CorrectIdentity) -> Result:
    """Correct a NIK, birth date or province recorded wrong; the NIK stays unique: the new one
    is claimed and the old one released, in the same save."""
    ledger, ctx = tx.ledger, tx.ctx
    member = tx.member(cmd.registration_no)
    old_nik = member.record.nik
    nik = cmd.nik if cmd.nik != old_nik else None
    claim = ledger.nik_claim(ctx, nik) if nik is not None else None
    if claim is not None and claim.member_id is not None:
        holder: Member = ledger.repository.get(claim.member_id)
        raise Conflict(
            said(
                "NIK ending {ending} is already registered as {registration_no}",
                ending=cmd.nik[-4:] if cmd.nik else "",
                registration_no=holder.record.registration_no,
            ),
            {"registration_no": holder.record.registration_no},
        )
    corrected = member.correct_identity(
        ctx,
        nik=nik,
        birth_date=cmd.birth_date,
        province=cmd.province,
        reason=cmd.reason,
    )
    if nik is not None:
        old = ledger.nik_claim(ctx, old_nik)
        if old is not None and old.member_id == member.id:
            old.release(ctx)
            tx.touch(old)
        if claim is None:
            tx.touch(NikClaim.claim(ctx, ledger.nik_claim_id(nik), member.id))
        else:
            claim.reclaim(ctx, member.id)
            tx.touch(claim)
    fields = ("nik", "birth_date", "province")
    return {
        "registration_no": cmd.registration_no,
        "corrected": [f for f in fields if getattr(corrected, f) is not None],
        "reason": cmd.reason,
    }


class ExportPersonalData(CommandModel):
    registration_no: str


@use_case("member.export-data")
def export_personal_data(tx: Tx, cmd: ExportPersonalData) -> Result:
    """Everything the ledger holds about the person, unmasked, for them to keep or take
    elsewhere (UU 27/2022 Pasal 7 and 13): their record as ``member show`` folds it, and every
    entry of their history as ``member history`` lists it, once the history verifies. The
    request is recorded (``PersonalDataExported``, Pasal 14)."""
    from commands.queries import checked
    from projections.member_status import member_status
    from projections.timeline import timeline

    member = tx.member(cmd.registration_no)
    integrity = checked(tx.ledger, member.id, cmd.registration_no)
    history = timeline(tx.ledger.stream(member.id), unmasked=True)
    member.record_data_export(tx.ctx)
    return {
        "registration_no": cmd.registration_no,
        "exported_at": tx.ctx.now.isoformat(),
        "exported_by": tx.ctx.actor.name,
        "basis": "UU 27/2022 Pasal 7 (access) and Pasal 13 (portability)",
        "record": member_status(member.record, tx.ctx.today, unmasked=True),
        "history": history,
        "integrity": integrity,
    }


class Erasure(CommandModel):
    registration_no: str
    reason: Text


@use_case("member.erase")
def _record_erasure(tx: Tx, cmd: Erasure) -> Result:
    member = tx.member(cmd.registration_no)
    finishing = member.record.erased  # an erasure interrupted before the key was destroyed
    if not finishing:
        member.erase(tx.ctx, cmd.reason)
    return {"member_id": member.id, "finishing": finishing}


def erase(ledger: Ledger, actor: str | None, cmd: Erasure) -> Result:
    """Erase the member's personal data (UU 27/2022 Pasal 8): record the erasure, destroy the
    member's data key, bring the views up to date (they then show "(erased)") and compact the
    store so that no old copy of a view row or key is left in it. Their registration number,
    credentials and standing stay (Pasal 15). Run again, it finishes an interrupted erasure."""
    recorded = _record_erasure(ledger, actor, cmd)
    had_key = ledger.personal.erase(recorded["member_id"])
    if not had_key and recorded["finishing"]:
        raise Conflict(
            said(
                "{registration_no}'s personal data is already erased",
                registration_no=cmd.registration_no,
            )
        )
    open_read_model(ledger, catch_up=True)
    compacted = compact(ledger.recorder, ledger.store, (TABLE, "view_members"))
    return {
        "registration_no": cmd.registration_no,
        "erased": True,
        "reason": cmd.reason,
        "store_compacted": compacted,
    }


class ShowPersonalData(CommandModel):
    registration_no: str
    command: str


@use_case("member.unmask")
def record_shown(tx: Tx, cmd: ShowPersonalData) -> Result:
    """Record, signed with the reader's key, that they are shown the member's full personal
    data (UU 27/2022 Pasal 14) before it is shown; an erased member's is not recorded (there
    is nothing to show). Without the reader's key nothing is recorded or shown."""
    member = tx.member(cmd.registration_no)
    if not member.record.erased:
        member.record_shown(tx.ctx, cmd.command)
    return {"recorded": not member.record.erased}


class Restriction(CommandModel):
    registration_no: str
    reason: Text


@use_case("member.restrict")
def restrict(tx: Tx, cmd: Restriction) -> Result:
    """Show the member's personal data to admins only, at their request (UU 27/2022 Pasal
    11); their credentials and standing stay public (Pasal 15)."""
    tx.member(cmd.registration_no).restrict(tx.ctx, cmd.reason)
    return {"registration_no": cmd.registration_no, "restricted": True, "reason": cmd.reason}


@use_case("member.unrestrict")
def unrestrict(tx: Tx, cmd: Restriction) -> Result:
    """End a restriction: the member's personal data is shown as before."""
    tx.member(cmd.registration_no).unrestrict(tx.ctx, cmd.reason)
    return {"registration_no": cmd.registration_no, "restricted": False, "reason": cmd.reason}
