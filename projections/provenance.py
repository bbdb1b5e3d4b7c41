"""``peksos certificate provenance CERT``: the evidence chain of one certificate, for the LSP.

Everything comes from the holder's stream: the Certified event names its rule set and the
stream entries it rested on; the totals are recomputed from those entries on the decision
date, and the decision is re-judged, so the report shows whether it still holds.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from ledger import events as ev
from ledger.errors import NotFound
from ledger.record import MemberRecord
from ledger.regimes import rejudge, rule_set_named
from ledger.regimes.facts import Period, Training, practice_days, training_hours
from projections.member_status import practice_months
from projections.timeline import event_data


def provenance(stream: list[ev.LedgerEvent], certificate_no: str, today: date) -> dict[str, Any]:
    """The evidence chain of ``certificate_no``; its status as of ``today``."""
    by_entry = {e.originator_version: e for e in stream}
    certified = next(
        (e for e in stream if isinstance(e, ev.Certified) and e.certificate_no == certificate_no),
        None,
    )
    if certified is None:
        raise NotFound(f"certificate {certificate_no} not found")
    on = certified.effective_date
    record = MemberRecord.fold(stream)
    before = MemberRecord.fold(
        e for e in stream if e.originator_version < certified.originator_version
    )
    rules = rule_set_named(certified.rule_set)
    grounds = certified.grounds

    def entries(code: str) -> list[Any]:
        return [by_entry[v] for v in grounds.get(code, ())]

    exams, degrees = entries("passed_exam"), entries("degree")
    periods = cast(list[ev.ExperienceRecorded], entries("practice_days"))
    trainings = cast(list[ev.TrainingLogged], entries("training_hours"))
    days = practice_days(
        [Period(p.originator_version, p.effective_date, p.ended_on) for p in periods], on
    )
    hours = training_hours(
        [Training(t.originator_version, t.hours, t.effective_date) for t in trainings], on
    )
    verdict = rejudge(before, certified)
    evidence = {entry for counted in grounds.values() for entry in counted}
    later = [
        _entry(e)
        for e in stream
        if e.originator_version > certified.originator_version
        and _touches(e, certificate_no, record, evidence)
    ]
    return {
        "certificate_no": certificate_no,
        "holder": {"registration_no": record.registration_no, "name": record.name},
        "field": certified.field.value,
        "status": record.certificates[certificate_no].status(today),
        "revoked_reason": record.certificates[certificate_no].revoked_reason,
        "decided": {
            "on": str(on),
            "by": certified.actor,
            "role": certified.actor_role.value,
            "recorded_at": certified.timestamp.isoformat(),
            "entry": certified.originator_version,
            "valid_until": str(certified.valid_until),
        },
        "rule_set": {
            "id": rules.id,
            "title": rules.title,
            "level": certified.level,
            "requires": {
                key: value
                for requirement in rules.levels[certified.level]
                for key, value in requirement.terms(certified.field).items()
            },
        },
        "exam": _entry(exams[0]) if exams else None,
        "degree": _entry(degrees[0]) if degrees else None,
        "practice": [_entry(p) for p in periods],
        "training": [_entry(t) for t in trainings],
        "totals_on_decision_date": {
            "practice_days": days,
            "practice_months": practice_months(days),
            "training_hours": str(hours),
        },
        "recheck": {
            "holds": verdict.eligible,
            "unmet": list(verdict.unmet),
        },
        "later": later,
    }


def _touches(
    event: ev.LedgerEvent, certificate_no: str, record: MemberRecord, evidence: set[int]
) -> bool:
    if isinstance(event, ev.CertificateRevoked | ev.LicenceApplied):
        return event.certificate_no == certificate_no
    if isinstance(event, ev.LicenceGranted):
        app = record.applications.get(event.application_no)
        return app is not None and app.certificate_no == certificate_no
    if isinstance(event, ev.LicenceSuspended | ev.LicenceReinstated | ev.LicenceRevoked):
        licence = record.licences.get(event.licence_no)
        return licence is not None and licence.certificate_no == certificate_no
    if isinstance(event, ev.EntryCorrected):
        return event.entry in evidence
    return False


def _entry(event: ev.LedgerEvent) -> dict[str, Any]:
    return {
        "entry": event.originator_version,
        "event": type(event).__name__,
        "effective_date": str(event.effective_date),
        "recorded_at": event.timestamp.isoformat(),
        "by": f"{event.actor} ({event.actor_role.value})",
        "evidence": event.evidence,
        **event_data(event),
    }
