"""The Ministry licence (izin praktik), the chain step after a certificate under the 2009 and
2012 rules: applied for through the LSP, granted, suspended, reinstated or revoked by the
Ministry. The step's numbers and who decides are its data (ledger/regimes/regime.py); its
decisions on a member's stream are here, mixed into the member aggregate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ledger import events as ev
from ledger.access import Context
from ledger.errors import Conflict, NotFound, Refused
from ledger.regimes import Regime, rule_set_named, rule_set_on
from ledger.regimes.regime import MinistryLicence
from ledger.vocabulary import Practice
from ledger.wording import Joined, said

if TYPE_CHECKING:
    from ledger.record import Certificate, MemberRecord


def without_licences(rules: Regime, on: date) -> list[str]:
    """The unmet requirement of a licence decision under a rule set without Ministry licences
    (none where it has them)."""
    if rules.step(MinistryLicence) is not None:
        return []
    return [
        said(
            "a rule set with Ministry licences on {on}: under {rules} (in force from "
            "{in_force_from}) practice needs {instead}",
            code="rule_set_with_licences",
            on=on,
            rules=rules.id,
            in_force_from=rules.in_force_from,
            instead=rules.instead_of_licence,
        )
    ]


class LicenceDecisions:
    """The licence decisions of a member's stream."""

    record: MemberRecord

    if TYPE_CHECKING:  # the aggregate's own

        def certificate(self, certificate_no: str) -> Certificate: ...
        def _emit(self, event_class: type[ev.LedgerEvent], **fields: Any) -> None: ...

    def apply_for_licence(
        self,
        ctx: Context,
        *,
        application_no: str,
        certificate_no: str,
        practice: Sequence[Practice],
        on: date | None = None,
    ) -> None:
        """Forward an application on ``on`` (default: today), judged by the rules and the state
        of that day."""
        on = on or ctx.today
        certificate = self.certificate(certificate_no)
        rules = rule_set_on(on)
        unmet = without_licences(rules, on) + ctx.future(said("application date"), on)
        status = certificate.status(on)
        if status != "active":
            unmet.append(
                said(
                    "an active certificate: {certificate} is {status}",
                    code="active_certificate",
                    certificate=certificate_no,
                    status=status,
                )
            )
        for application in self.record.applications.values():
            if application.certificate_no == certificate_no and application.licence_no is None:
                unmet.append(
                    said(
                        "no pending application on {certificate}: {application} is pending",
                        code="pending_application",
                        certificate=certificate_no,
                        application=application.application_no,
                    )
                )
        for licence in self.record.licences.values():
            held = licence.status(on)
            if licence.certificate_no == certificate_no and held in ("active", "suspended"):
                unmet.append(
                    said(
                        "no licence already resting on {certificate}: {licence} is {status}",
                        code="licence_on_certificate",
                        certificate=certificate_no,
                        licence=licence.licence_no,
                        status=held,
                    )
                )
        Refused.unless(said("licence application"), unmet)
        self._emit(
            ev.LicenceApplied,
            application_no=application_no,
            certificate_no=certificate_no,
            practice=tuple(practice),
            rule_set=rules.id,
            **ctx.stamp(on),
        )

    def grant_licence(
        self, ctx: Context, *, application_no: str, licence_no: str, on: date | None = None
    ) -> date:
        """Grant the licence applied for, on ``on`` (default: today): never before its
        application, and only on an active certificate that day."""
        on = on or ctx.today
        application = self.record.applications.get(application_no)
        if application is None:
            raise NotFound(
                said("application {application_no} not found", application_no=application_no)
            )
        if application.licence_no is not None:
            raise Conflict(
                said(
                    "application {application_no} was already granted as {licence_no}",
                    application_no=application_no,
                    licence_no=application.licence_no,
                ),
                {"licence_no": application.licence_no},
            )
        rules = rule_set_on(on)
        certificate = self.certificate(application.certificate_no)
        unmet = without_licences(rules, on) + ctx.future(said("grant date"), on)
        if on < application.applied_on:
            unmet.append(
                said(
                    "a grant on or after its application: {application} was made on {applied_on}",
                    code="grant_after_application",
                    application=application_no,
                    applied_on=application.applied_on,
                )
            )
        status = certificate.status(on)
        if status != "active":
            unmet.append(
                said(
                    "an active certificate: {certificate} is {status}",
                    code="active_certificate",
                    certificate=certificate.certificate_no,
                    status=status,
                )
            )
        Refused.unless(said("licence grant"), unmet)
        step = rules.step(MinistryLicence)
        assert step is not None
        until = step.valid_until(on, certificate.valid_until)
        self._emit(
            ev.LicenceGranted,
            application_no=application_no,
            licence_no=licence_no,
            valid_until=until,
            rule_set=rules.id,
            **ctx.stamp(on),
        )
        if certificate.revoked_on is not None:  # paper history: revoked after this day
            revoked_on, why = certificate.revoked_on, certificate.revoked_reason or ""
            self.licences_fall(ctx, certificate.certificate_no, why, revoked_on)
        return until

    def licences_fall(self, ctx: Context, certificate_no: str, reason: str, on: date) -> list[str]:
        """The licences resting on a revoked certificate fall with it."""
        fallen = []
        for licence in self.record.licences.values():
            if licence.certificate_no == certificate_no and licence.latest_status != "revoked":
                self._emit(
                    ev.LicenceRevoked,
                    licence_no=licence.licence_no,
                    reason=f"certificate {certificate_no} revoked: {reason}",
                    with_certificate=certificate_no,
                    **ctx.stamp(max(on, licence.granted_on)),
                )
                fallen.append(licence.licence_no)
        return fallen

    def change_licence(
        self, ctx: Context, *, move: str, licence_no: str, reason: str, on: date | None = None
    ) -> None:
        """Suspend, reinstate or revoke a licence (Ministry decisions), effective ``on``
        (default: today)."""
        on = on or ctx.today
        licence = self.record.licences.get(licence_no)
        if licence is None:
            raise NotFound(said("licence {licence_no} not found", licence_no=licence_no))
        # The moves are the data of the licence step it was granted under.
        step = rule_set_named(licence.rule_set).step(MinistryLicence)
        assert step is not None
        event_name, _, from_states = step.moves[move]
        status = licence.status(on)
        unmet = ctx.future(said("{move} date", move=move), on)
        if status not in from_states:
            unmet.append(
                said(
                    "a licence that is {states}: {licence} is {status}",
                    code="licence_status",
                    states=Joined(" or ", tuple(from_states)),
                    licence=licence_no,
                    status=status,
                )
            )
        last = max((day for day, _, _ in licence.changes), default=None)
        if last is not None and on < last:
            # Paper history is entered in its order: a decision never goes before the last one.
            unmet.append(
                said(
                    "a date on or after the licence's last decision ({last})",
                    code="decision_order",
                    last=last,
                )
            )
        Refused.unless(said("licence {move}", move=move), unmet)
        self._emit(getattr(ev, event_name), licence_no=licence_no, reason=reason, **ctx.stamp(on))
