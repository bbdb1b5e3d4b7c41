"""Read handlers: fold the streams and hand plain dicts to the renderer."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from commands.unit_of_work import Result
from commands.values import CommandModel, IsoDate, Moment
from ledger import events as ev
from ledger.access import SEES_RESTRICTED, WIB, Context
from ledger.application import Ledger
from ledger.auditing import verify_stream
from ledger.errors import IntegrityFailure, NotAuthorised, NotFound
from ledger.numbers import ROSTER_ID
from ledger.record import MemberRecord
from ledger.verification import SealMemo
from ledger.wording import said
from projections import register
from projections.credentials import certificate_view, licence_view
from projections.folding import effective_by
from projections.member_status import member_status
from projections.read_model import open_read_model
from projections.timeline import timeline

PERSONAL = ("name", "nik", "birth_date", "email", "phone")
RESTRICTED = "(restricted)"


def withheld(
    ledger: Ledger, ctx: Context, stream_id: UUID, current: MemberRecord | None = None
) -> bool:
    """Whether the member restricted their personal data and the reader may not see it: the
    restriction holds now, whatever date is asked about (UU 27/2022 Pasal 11). ``current``:
    the member's record as it stands, when the caller has loaded it already."""
    if ctx.actor.role in SEES_RESTRICTED:
        return False
    record = current or ledger.repository.get(stream_id).record
    return bool(record.restricted)


def indonesian_day(now: datetime) -> date:
    """The date in Jakarta (WIB) at ``now``: "today" for a reader who is not an actor."""
    return (now + WIB).date()


def reader(ledger: Ledger, actor: str | None) -> Context:
    ctx = ledger.context(actor)
    ctx.actor.authorise("read")
    return ctx


class TimeTravel(CommandModel):
    """``--as-of``: what was true on a day; ``--known-at``: what the ledger knew at a time."""

    as_of: IsoDate | None = None
    known_at: Moment | None = None


def checked(ledger: Ledger, stream_id: UUID, label: str, memo: SealMemo | None = None) -> Result:
    """The member's stream checked as ``audit verify`` would (stored form, hash chain, roles,
    rules, seals) before anything is shown from it; a broken one is exit 6. ``memo``: the
    seals a long-running reader (the web register) has checked before."""
    model = open_read_model(ledger)
    newest = register.journal_entries_not_indexed(model, ledger)  # checked whatever they cover
    entries = register.journal_entries(model, str(stream_id)) | newest
    # the roster's saves say from which journal entry each key may sign
    roster = register.journal_entries(model, str(ROSTER_ID)) | newest
    result = verify_stream(ledger, stream_id, entries, roster, memo)
    if not result["verified"]:
        raise IntegrityFailure(
            said(
                "the history of {label} does not verify: {problems} problem(s); nothing from "
                "it is shown (run `peksos audit verify`)",
                label=label,
                problems=len(result["failures"]),
            ),
            [f"entry {f['entry']}: {f['check']}: {f['detail']}" for f in result["failures"]],
        )
    return {"verified": True, "entries": result["entries"], "seals": result["seals"]}


def _member(ledger: Ledger, registration_no: str) -> tuple[UUID, Result]:
    """The member's stream id, once its stream has been checked."""
    stream_id = ledger.member_id(registration_no)
    return stream_id, checked(ledger, stream_id, registration_no)


def _events(
    ledger: Ledger, stream_id: UUID, when: TimeTravel, registration_no: str
) -> list[ev.LedgerEvent]:
    events = ledger.stream(stream_id)
    if when.known_at is not None:
        events = [e for e in events if e.timestamp <= when.known_at]
    if when.as_of is not None:
        events = effective_by(events, when.as_of)
    if not events or not isinstance(events[0], ev.Registered):
        moment = when.as_of or str(when.known_at)  # a day as a date, a moment as it is written
        raise NotFound(
            said(
                "member {registration_no} was not yet registered by {moment}",
                registration_no=registration_no,
                moment=moment,
            )
        )
    return events


def shown_in_full(
    ledger: Ledger, ctx: Context, stream_id: UUID, registration_no: str, command: str
) -> None:
    """An unmasked read: refused if the member restricted their data from this reader, else
    recorded in the member's stream and signed with the reader's key (so a typed name without
    the key on this machine is refused, and nothing is shown)."""
    from commands.members import ShowPersonalData, record_shown

    ctx.actor.authorise("member.unmask")
    if withheld(ledger, ctx, stream_id):
        raise NotAuthorised(
            said(
                "{registration_no} restricted their personal data: only the national admins "
                "may be shown it (UU 27/2022 Pasal 11)",
                registration_no=registration_no,
            ),
            {"registration_no": registration_no, "role": ctx.actor.role.value},
        )
    cmd = ShowPersonalData(registration_no=registration_no, command=command)
    record_shown(ledger, ctx.actor.name, cmd)


def show_member(
    ledger: Ledger,
    actor: str | None,
    registration_no: str,
    when: TimeTravel,
    unmasked: bool = False,
) -> Result:
    ctx = reader(ledger, actor)
    stream_id, integrity = _member(ledger, registration_no)
    if unmasked:
        shown_in_full(ledger, ctx, stream_id, registration_no, "member show")
    current = None
    if when.as_of is None and when.known_at is None:
        record = current = ledger.member(registration_no).record
    else:
        record = MemberRecord.fold(_events(ledger, stream_id, when, registration_no))
    status = member_status(record, when.as_of or ctx.today, unmasked=unmasked)
    if withheld(ledger, ctx, stream_id, current):
        status.update(dict.fromkeys(PERSONAL, RESTRICTED))
    status["known_at"] = when.known_at.isoformat() if when.known_at else None
    status["integrity"] = integrity
    return status


def member_history(
    ledger: Ledger,
    actor: str | None,
    registration_no: str,
    when: TimeTravel,
    unmasked: bool = False,
) -> Result:
    ctx = reader(ledger, actor)
    stream_id, integrity = _member(ledger, registration_no)
    if unmasked:
        shown_in_full(ledger, ctx, stream_id, registration_no, "member history")
    events = timeline(_events(ledger, stream_id, when, registration_no), unmasked=unmasked)
    if withheld(ledger, ctx, stream_id):
        for row in events:
            row["data"].update({k: RESTRICTED for k in PERSONAL if row["data"].get(k)})
    return {
        "registration_no": registration_no,
        "as_of": str(when.as_of) if when.as_of else None,
        "known_at": when.known_at.isoformat() if when.known_at else None,
        "events": events,
        "integrity": integrity,
    }


def show_certificate(ledger: Ledger, actor: str | None, certificate_no: str) -> Result:
    ctx = reader(ledger, actor)
    stream_id = ledger.holder_id(certificate_no, "certificate")
    integrity = checked(ledger, stream_id, f"the holder of {certificate_no}")
    member = ledger.member_holding(certificate_no, "certificate")
    return {**certificate_view(member.record, certificate_no, ctx.today), "integrity": integrity}


def show_licence(ledger: Ledger, actor: str | None, licence_no: str) -> Result:
    ctx = reader(ledger, actor)
    stream_id = ledger.holder_id(licence_no, "licence")
    integrity = checked(ledger, stream_id, f"the holder of {licence_no}")
    member = ledger.member_holding(licence_no, "licence")
    return {**licence_view(member.record, licence_no, ctx.today), "integrity": integrity}


def info(ledger: Ledger) -> Result:
    initialised = ledger.is_initialised()
    roster = ledger.roster() if initialised else None
    return {
        "store": ledger.store.display,
        "backend": ledger.store.backend,
        "initialised": initialised,
        "ledger_id": str(roster.ledger_id) if roster else None,
        "actors": len(roster.actors) if roster else 0,
        "events": ledger.event_count(),
        "keys": str(ledger.keys.folder(roster.ledger_id)) if roster and roster.ledger_id else None,
        "log_key": roster.log_key.key_id if roster and roster.log_key else None,
        "public_url": ledger.public_url,  # PEKSOS_PUBLIC_URL: credentials name issuers under it
        "views": {
            v["view"]: f"lag {v['lag']}"
            for v in open_read_model(ledger, catch_up=False).status(ledger)
        },
    }
