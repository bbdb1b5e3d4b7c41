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

if TYPE_CHECKING:
    from ledger.record import Certificate, MemberRecord


def licence_step(rules: Regime, on: date) -> MinistryLicence:
    """The Ministry licence step of the rule set in force; refused where it has none."""
    step = rules.step(MinistryLicence)
    if step is None:
        raise Refused(
            "licence refused",
            [
                f"a rule set with Ministry licences on {on}: under {rules.id} practice needs "
                "what its chain names instead"
            ],
        )
    return step


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
    ) -> None:
        certificate = self.certificate(certificate_no)
        today = ctx.today
        rules = rule_set_on(today)
        licence_step(rules, today)
        unmet = []
        status = certificate.status(today)
        if status != "active":
            unmet.append(f"an active certificate: {certificate_no} is {status}")
        for application in self.record.applications.values():
            if application.certificate_no == certificate_no and application.licence_no is None:
                unmet.append(
                    f"no pending application on {certificate_no}: "
                    f"{application.application_no} is pending"
                )
        for licence in self.record.licences.values():
            if licence.certificate_no == certificate_no and licence.status(today) in (
                "active",
                "suspended",
            ):
                unmet.append(
                    f"no licence already resting on {certificate_no}: {licence.licence_no} is "
                    f"{licence.status(today)}"
                )
        Refused.unless("licence application", unmet)
        self._emit(
            ev.LicenceApplied,
            application_no=application_no,
            certificate_no=certificate_no,
            practice=tuple(practice),
            rule_set=rules.id,
            **ctx.stamp(today),
        )

    def grant_licence(self, ctx: Context, *, application_no: str, licence_no: str) -> date:
        application = self.record.applications.get(application_no)
        if application is None:
            raise NotFound(f"application {application_no} not found")
        if application.licence_no is not None:
            raise Conflict(
                f"application {application_no} was already granted as {application.licence_no}",
                {"licence_no": application.licence_no},
            )
        today = ctx.today
        rules = rule_set_on(today)
        step = licence_step(rules, today)
        certificate = self.certificate(application.certificate_no)
        status = certificate.status(today)
        Refused.unless(
            "licence grant",
            [f"an active certificate: {certificate.certificate_no} is {status}"]
            if status != "active"
            else [],
        )
        until = step.valid_until(today, certificate.valid_until)
        self._emit(
            ev.LicenceGranted,
            application_no=application_no,
            licence_no=licence_no,
            valid_until=until,
            rule_set=rules.id,
            **ctx.stamp(today),
        )
        return until

    def change_licence(self, ctx: Context, *, move: str, licence_no: str, reason: str) -> None:
        """Suspend, reinstate or revoke a licence (Ministry decisions)."""
        licence = self.record.licences.get(licence_no)
        if licence is None:
            raise NotFound(f"licence {licence_no} not found")
        # The moves are the data of the licence step it was granted under.
        step = rule_set_named(licence.rule_set).step(MinistryLicence)
        assert step is not None
        event_name, _, from_states = step.moves[move]
        event_class = getattr(ev, event_name)
        status = licence.status(ctx.today)
        Refused.unless(
            f"licence {move}",
            [f"a licence that is {' or '.join(from_states)}: {licence_no} is {status}"]
            if status not in from_states
            else [],
        )
        self._emit(event_class, licence_no=licence_no, reason=reason, **ctx.stamp(ctx.today))
