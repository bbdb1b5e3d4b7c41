"""Read handlers over the views: the register, audit reports, provenance, projection upkeep."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import Field as Size

from commands.queries import RESTRICTED, checked, reader
from commands.unit_of_work import Result
from commands.values import CommandModel, IsoDate, Moment, Province, Year
from ledger.access import SEES_RESTRICTED
from ledger.application import Ledger
from ledger.errors import InvalidInput
from ledger.vocabulary import Field
from ledger.wording import said
from projections import register
from projections.folding import mask_nik
from projections.provenance import provenance
from projections.read_model import Progress, ReadModel, open_read_model
from projections.reports.access import access_report
from projections.reports.anomalies import BACK_DATED, anomalies_report, member_streams
from projections.reports.certificates import certificates_report
from projections.reports.credentials import credentials_report
from projections.reports.dues import dues_report
from projections.reports.licences import licences_report
from projections.reports.standing import standing_report


class ReportFilter(CommandModel):
    """What every report may be narrowed by."""

    as_of: IsoDate | None = None
    known_at: Moment | None = None
    province: Province | None = None


def _views(ledger: Ledger, actor: str | None) -> tuple[ReadModel, date]:
    ctx = reader(ledger, actor)
    return open_read_model(ledger), ctx.today


def list_members(
    ledger: Ledger,
    actor: str | None,
    *,
    province: str | None = None,
    standing: str | None = None,
    certified: bool = False,
) -> list[dict[str, Any]]:
    """The register: one row per member, from the views. NIKs are masked in every list."""
    ctx = reader(ledger, actor)
    model, today = open_read_model(ledger), ctx.today
    paid = register.dues_paid(model, today.year, today, None)
    fields = register.active_fields(model, today, None)
    licensed: dict[str, int] = {}
    for lic in register.licences(model, today, None):
        if lic["status"] == "active":
            licensed[lic["member_id"]] = licensed.get(lic["member_id"], 0) + 1
    permitted: dict[str, int] = {}
    for permit in register.sipps(model, today, None):
        if permit["status"] == "active":
            permitted[permit["member_id"]] = permitted.get(permit["member_id"], 0) + 1
    hidden = set() if ctx.actor.role in SEES_RESTRICTED else register.restricted(model)
    rows = []
    for m in register.members(model, date.max, None, province):
        good = m["member_id"] in paid
        if standing and (standing == "good") != good:
            continue
        if certified and m["member_id"] not in fields:
            continue
        rows.append(
            {
                "registration_no": m["registration_no"],
                "name": RESTRICTED if m["member_id"] in hidden else m["name"],
                "nik": RESTRICTED if m["member_id"] in hidden else mask_nik(m["nik"]),
                "province": m["province"],
                "registered_on": m["registered_on"],
                "standing": "good" if good else "lapsed",
                "certified": fields.get(m["member_id"], []),
                "licences": licensed.get(m["member_id"], 0),
                "sipps": permitted.get(m["member_id"], 0),
            }
        )
    return rows


def report_standing(ledger: Ledger, actor: str | None, f: ReportFilter) -> Result:
    model, today = _views(ledger, actor)
    return standing_report(model, f.as_of or today, f.known_at, f.province)


class PeriodFilter(ReportFilter):
    issued_from: IsoDate | None = None
    issued_to: IsoDate | None = None
    field: Field | None = None
    status: str | None = None


def report_certificates(ledger: Ledger, actor: str | None, f: PeriodFilter) -> Result:
    model, today = _views(ledger, actor)
    _check_period(f)
    return certificates_report(
        model,
        on=f.as_of or today,
        known=f.known_at,
        issued_from=f.issued_from,
        issued_to=f.issued_to,
        field=f.field.value if f.field else None,
        province=f.province,
    )


def report_licences(ledger: Ledger, actor: str | None, f: PeriodFilter) -> Result:
    model, today = _views(ledger, actor)
    _check_period(f)
    return licences_report(
        model,
        on=f.as_of or today,
        known=f.known_at,
        granted_from=f.issued_from,
        granted_to=f.issued_to,
        province=f.province,
        status=f.status,
    )


class CredentialFilter(PeriodFilter):
    kind: Literal["certificate", "licence", "str", "sipps"] | None = None


def report_credentials(ledger: Ledger, actor: str | None, f: CredentialFilter) -> Result:
    model, today = _views(ledger, actor)
    _check_period(f)
    return credentials_report(
        model,
        on=f.as_of or today,
        known=f.known_at,
        issued_from=f.issued_from,
        issued_to=f.issued_to,
        province=f.province,
        kind=f.kind,
        status=f.status,
    )


def _check_period(f: PeriodFilter) -> None:
    if f.issued_from and f.issued_to and f.issued_from > f.issued_to:
        raise InvalidInput(
            said(
                "--from {issued_from} is after --to {issued_to}",
                issued_from=f.issued_from,
                issued_to=f.issued_to,
            ),
            [{"field": "--from", "message": "must not be after --to"}],
        )


class DuesFilter(CommandModel):
    year: Year
    known_at: Moment | None = None
    province: Province | None = None


def report_dues(ledger: Ledger, actor: str | None, f: DuesFilter) -> Result:
    model, _ = _views(ledger, actor)
    return dues_report(model, f.year, f.known_at, f.province)


class AccessFilter(CommandModel):
    member: str | None = None
    actor: str | None = None
    since: IsoDate | None = None


def report_access(ledger: Ledger, actor: str | None, f: AccessFilter) -> Result:
    """Every unmasked read and data export (UU 27/2022 Pasal 14), from the signed events."""
    ctx = reader(ledger, actor)
    ctx.actor.authorise("report.access")
    return access_report(open_read_model(ledger), f.member, f.actor, f.since)


class AnomalyFilter(CommandModel):
    back_dated_after: int = Size(default=BACK_DATED.days, ge=0, le=36500)


def report_anomalies(ledger: Ledger, actor: str | None, f: AnomalyFilter) -> Result:
    reader(ledger, actor)
    after = timedelta(days=f.back_dated_after)
    return anomalies_report(member_streams(ledger), back_dated_after=after)


def certificate_provenance(ledger: Ledger, actor: str | None, certificate_no: str) -> Result:
    ctx = reader(ledger, actor)
    stream_id = ledger.holder_id(certificate_no, "certificate")
    integrity = checked(ledger, stream_id, f"the holder of {certificate_no}")
    return {
        **provenance(ledger.stream(stream_id), certificate_no, ctx.today),
        "integrity": integrity,
    }


def projections_status(ledger: Ledger, actor: str | None) -> list[Result]:
    reader(ledger, actor)
    return open_read_model(ledger, catch_up=False).status(ledger)


def projections_rebuild(
    ledger: Ledger, actor: str | None, names: tuple[str, ...], progress: Progress | None
) -> Result:
    ctx = ledger.context(actor)
    ctx.actor.authorise("projections.rebuild")
    model = open_read_model(ledger, catch_up=False)
    started = datetime.now()
    rebuilt = model.rebuild(ledger, names, progress=progress)
    return {
        "rebuilt": rebuilt,
        "events": ledger.event_count(),
        "seconds": round((datetime.now() - started).total_seconds(), 3),
    }
