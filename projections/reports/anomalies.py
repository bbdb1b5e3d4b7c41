"""``report anomalies``: every stream whose history breaks a rule, judged by the rules of its day.

Imported legacy lists and hand-edited stores are where these show up. The report says what it
checked and how much, so an empty result means "none found", never "nothing looked at".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any
from uuid import UUID

from ledger import events as ev
from ledger.dues import minimum_dues
from ledger.nik import nik_agrees_with_birth_date
from ledger.record import MemberRecord
from ledger.regimes import rejudge_failures

COLUMNS = ["registration_no", "check", "entry", "effective_date", "detail"]
ADULT = 17  # years: nobody younger registers or graduates

CHECKS = {
    "certificate-basis": "each certificate re-judged by the rule set it names, on its decision "
    "date, from the facts recorded before it (degree, practice, training, passed exam)",
    "licence-after-revocation": "no licence decision after the licence was revoked, and no "
    "licence granted on a certificate that was not active that day",
    "chain-basis": "no STR issued on a certificate that was not active that day, no SIPPS "
    "granted on an STR that was not active that day, and no SIPPS decision after its "
    "revocation (Law 14/2019's chain)",
    "withdrawn-evidence": "no active certificate rests on an entry later withdrawn",
    "late-entry": "no entry dated after the day it was recorded, and no training recorded more "
    "than a year after it was completed",
    "before-registration": "no dues year, exam or certificate before the registration date",
    "duplicate-person": "no two registration numbers for one name and birth date",
    "back-dated": "no decision (certificate, revocation, licence, STR, SIPPS) recorded "
    "more than the set number of days after the day it took effect",
    "duplicate-receipt": "no receipt number on two dues payments",
    "implausible-age": f"no member under {ADULT} at registration or at graduation",
    "dues-below-minimum": "no dues below the year's minimum in the dues schedule",
    "nik-birth-date": "each NIK's date part (DDMMYY, a woman's day + 40) is the birth date",
}

LATE = timedelta(days=365)
BACK_DATED = timedelta(days=30)  # the default of ``report anomalies --back-dated-after``
DECISIONS = (
    ev.Certified,
    ev.CertificateRevoked,
    ev.LicenceApplied,
    ev.LicenceGranted,
    ev.LicenceSuspended,
    ev.LicenceReinstated,
    ev.LicenceRevoked,
    ev.StrIssued,
    ev.StrRevoked,
    ev.SippsGranted,
    ev.SippsSuspended,
    ev.SippsReinstated,
    ev.SippsRevoked,
)  # an identity correction is dated from the registration by design: not a back-dating


def anomalies_report(
    streams: Iterable[list[ev.LedgerEvent]], *, back_dated_after: timedelta = BACK_DATED
) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    people: dict[tuple[str, str], list[str]] = defaultdict(list)
    receipts: dict[str, list[tuple[str, int]]] = defaultdict(list)
    members = events = 0
    for stream in streams:
        members += 1
        events += len(stream)
        record = MemberRecord.fold(stream)
        rows += _stream_anomalies(record, stream)
        rows += _back_dated(record.registration_no, stream, back_dated_after)
        rows += _ages(record)
        for paid in record.dues.values():
            if paid.evidence:  # the same receipt however it was typed
                receipt = " ".join(paid.evidence.casefold().split())
                receipts[receipt].append((record.registration_no, paid.originator_version))
        key = (" ".join(record.name.casefold().split()), str(record.birth_date))
        people[key].append(record.registration_no)
    for receipt, payments in receipts.items():
        if len(payments) > 1:
            for reg, entry in payments:
                others = ", ".join(f"{r} #{e}" for r, e in payments if (r, e) != (reg, entry))
                rows.append(
                    _row(
                        reg, "duplicate-receipt", entry, None, f"receipt {receipt} also on {others}"
                    )
                )
    for (_name, born), numbers in people.items():
        if len(numbers) > 1:
            for number in numbers:
                others = ", ".join(n for n in numbers if n != number)
                rows.append(
                    _row(
                        number,
                        "duplicate-person",
                        None,
                        None,
                        f"same name and birth date ({born}) as {others}",
                    )
                )
    rows.sort(key=lambda r: (r["registration_no"], r["entry"] or 0, r["check"]))
    return {
        "report": "anomalies",
        "checked": {
            "members": members,
            "events": events,
            "checks": CHECKS,
            "back_dated_after_days": back_dated_after.days,
        },
        "found": len(rows),
        "rows": rows,
    }


def _row(reg: str, check: str, entry: int | None, day: Any, detail: str) -> dict[str, Any]:
    return {
        "registration_no": reg,
        "check": check,
        "entry": entry,
        "effective_date": str(day) if day else None,
        "detail": detail,
    }


def _back_dated(
    reg: str, stream: list[ev.LedgerEvent], after: timedelta
) -> Iterator[dict[str, Any]]:
    """Decisions entered long after they took effect: paper history, or back-dating."""
    for event in stream:
        late = event.timestamp.date() - event.effective_date
        if isinstance(event, DECISIONS) and late > after:
            yield _row(
                reg,
                "back-dated",
                event.originator_version,
                event.effective_date,
                f"{type(event).__name__} recorded {late.days} days after it took effect, "
                f"on {event.timestamp.date()} by {event.actor}",
            )


def _ages(record: MemberRecord) -> Iterator[dict[str, Any]]:
    """Facts of a person that cannot be: a child registering or graduating, a NIK that
    names another birthday (legacy lists and corrections are where these come from)."""
    born, reg = record.birth_date, record.registration_no
    if born is None or record.registered_on is None:
        return
    if nik_agrees_with_birth_date(record.nik, born):  # its digits are not for this report
        detail = f"the NIK's date part is not the birth date {born}"
        yield _row(reg, "nik-birth-date", 1, record.registered_on, detail)
    moments = [("registration", 1, record.registered_on)]
    moments += [("graduation", d.entry, d.graduated_on) for d in record.degrees.values()]
    for what, entry, day in moments:
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        if age < ADULT:
            yield _row(reg, "implausible-age", entry, day, f"{what} at age {age} (born {born})")


def _stream_anomalies(
    record: MemberRecord, stream: list[ev.LedgerEvent]
) -> Iterator[dict[str, Any]]:
    reg = record.registration_no
    registered = record.registered_on
    before = MemberRecord()
    for event in stream:
        v, day = event.originator_version, event.effective_date
        recorded_day = event.timestamp.date()
        if day > recorded_day + timedelta(days=1):  # a day's grace for Indonesian time zones
            yield _row(
                reg,
                "late-entry",
                v,
                day,
                f"{type(event).__name__} dated after it was recorded ({recorded_day})",
            )
        if isinstance(event, ev.TrainingLogged) and recorded_day - day > LATE:
            yield _row(
                reg,
                "late-entry",
                v,
                day,
                f"training recorded {(recorded_day - day).days} days after completion",
            )
        if registered and (
            (isinstance(event, ev.DuesPaid) and event.year < registered.year)
            or (
                isinstance(event, ev.ExamPassed | ev.ExamFailed | ev.Certified) and day < registered
            )
        ):
            yield _row(
                reg,
                "before-registration",
                v,
                day,
                f"{type(event).__name__} before registration on {registered}",
            )
        if isinstance(event, ev.DuesPaid) and event.amount < minimum_dues(event.year):
            yield _row(
                reg,
                "dues-below-minimum",
                v,
                day,
                f"Rp {event.amount:,} for {event.year}; the minimum is "
                f"Rp {minimum_dues(event.year):,}",
            )
        if isinstance(event, ev.Certified):
            yield from _certificate_basis(reg, before, event)
        if isinstance(event, ev.LicenceGranted):
            yield from _grant_basis(reg, before, event)
        if isinstance(event, ev.LicenceSuspended | ev.LicenceReinstated | ev.LicenceRevoked):
            licence = before.licences.get(event.licence_no)
            if licence is not None and licence.latest_status == "revoked":
                yield _row(
                    reg,
                    "licence-after-revocation",
                    v,
                    day,
                    f"{type(event).__name__} on {event.licence_no} after its revocation",
                )
        yield from _chain_basis(reg, before, event)
        before.apply(event)
    for number, entries in record.certificate_evidence.items():
        certificate = record.certificates[number]
        withdrawn = sorted(entries & set(record.withdrawn))
        if certificate.revoked_on is None and withdrawn:
            yield _row(
                reg,
                "withdrawn-evidence",
                certificate.entry,
                certificate.certified_on,
                f"{number} rests on withdrawn entries {withdrawn}",
            )


def _certificate_basis(
    reg: str, before: MemberRecord, event: ev.Certified
) -> Iterator[dict[str, Any]]:
    for failure in rejudge_failures(before, event):
        yield _row(
            reg, "certificate-basis", event.originator_version, event.effective_date, failure
        )


def _grant_basis(
    reg: str, before: MemberRecord, event: ev.LicenceGranted
) -> Iterator[dict[str, Any]]:
    application = before.applications.get(event.application_no)
    if application is None:
        yield _row(
            reg,
            "licence-after-revocation",
            event.originator_version,
            event.effective_date,
            f"{event.licence_no} granted without an application",
        )
        return
    certificate = before.certificates.get(application.certificate_no)
    status = certificate.status(event.effective_date) if certificate else "missing"
    if status != "active":
        yield _row(
            reg,
            "licence-after-revocation",
            event.originator_version,
            event.effective_date,
            f"{event.licence_no} granted on certificate {application.certificate_no}, "
            f"which was {status} that day",
        )


def _chain_basis(reg: str, before: MemberRecord, event: ev.LedgerEvent) -> Iterator[dict[str, Any]]:
    """An STR or a SIPPS on a base that was not active on its day, or a decision on a revoked
    SIPPS: each judged from what the stream held before it."""
    day, entry = event.effective_date, event.originator_version
    base: Any
    if isinstance(event, ev.StrIssued):
        base, issued = before.certificates.get(event.certificate_no), event.str_no
        rests_on = f"certificate {event.certificate_no}"
    elif isinstance(event, ev.SippsGranted):
        base, issued = before.strs.get(event.str_no), event.sipps_no
        rests_on = f"STR {event.str_no}"
    else:
        if isinstance(event, ev.SippsSuspended | ev.SippsReinstated | ev.SippsRevoked):
            permit = before.sipps.get(event.sipps_no)
            if permit is not None and permit.latest_status == "revoked":
                why = f"{type(event).__name__} on {event.sipps_no} after its revocation"
                yield _row(reg, "chain-basis", entry, day, why)
        return
    status = base.status(day) if base is not None else "missing"
    if status != "active":
        yield _row(reg, "chain-basis", entry, day, f"{issued} on {rests_on}, {status} that day")


def member_streams(ledger: Any) -> Iterator[list[ev.LedgerEvent]]:
    """Every member's stream, in registration order."""
    member_id: UUID
    for member_id in ledger.registered_members():
        yield ledger.stream(member_id)
