"""After a certificate under Law 14/2019: the STR (Surat Tanda Registrasi) that IPSPI issues,
then the SIPPS (Surat Izin Praktik Pekerja Sosial) the regency or city government grants. Their
numbers and who decides are the chain steps' data (ledger/regimes/regime.py); their decisions
on a member's stream are here, mixed into the member aggregate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from ledger import events as ev
from ledger.access import Context
from ledger.errors import Conflict, NotFound, Refused
from ledger.regimes import Regime, rule_set_named, rule_set_on, valid_until
from ledger.regimes.regime import Sipps, Str
from ledger.vocabulary import Practice
from ledger.wording import Joined, said

if TYPE_CHECKING:
    from ledger.record import Certificate, MemberRecord


def step_of(rules: Regime, kind: type[Str] | type[Sipps], what: str, on: date) -> Any:
    step = rules.step(kind)
    if step is None:
        raise Refused(
            said("{what} refused", what=what),
            [
                said(
                    "a rule set with {what} on {on}: {rules} has none "
                    "(they begin with Law 14/2019)",
                    code="rule_set_with_step",
                    what=what,
                    on=on,
                    rules=rules.id,
                )
            ],
        )
    return step


class RegistrationDecisions:
    """The STR and SIPPS decisions of a member's stream."""

    record: MemberRecord

    if TYPE_CHECKING:  # the aggregate's own

        def certificate(self, certificate_no: str) -> Certificate: ...
        def _emit(self, event_class: type[ev.LedgerEvent], **fields: Any) -> None: ...

    def issue_str(
        self,
        ctx: Context,
        *,
        str_no: str,
        certificate_no: str,
        health_statement: str,
        oath_on: date,
        ethics_pledge: str,
        on: date,
    ) -> ev.StrIssued:
        """IPSPI registers a certified worker: an active certificate of any rule set, a health
        statement, the oath taken and the ethics pledge signed by that day."""
        rules = rule_set_on(on)
        step: Str = step_of(rules, Str, "STR", on)
        certificate = self.certificate(certificate_no)
        unmet = ctx.future(said("issue date"), on) + ctx.future(said("oath date"), oath_on)
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
        if oath_on > on:
            unmet.append(
                said(
                    "the oath taken by the issue date: it is dated {oath_on}, after {on}",
                    code="oath_by_issue_date",
                    oath_on=oath_on,
                    on=on,
                )
            )
        for held in self.record.strs.values():
            if held.certificate_no == certificate_no and held.status(on) == "active":
                unmet.append(
                    said(
                        "no other active STR on {certificate}: {str_no} is active",
                        code="str_on_certificate",
                        certificate=certificate_no,
                        str_no=held.str_no,
                    )
                )
        Refused.unless(said("STR"), unmet)
        self._emit(
            ev.StrIssued,
            str_no=str_no,
            certificate_no=certificate_no,
            health_statement=health_statement,
            oath_on=oath_on,
            ethics_pledge=ethics_pledge,
            valid_until=valid_until(on, step.valid_years),
            rule_set=rules.id,
            **ctx.stamp(on),
        )
        event = self.pending_events[-1]  # type: ignore[attr-defined]
        assert isinstance(event, ev.StrIssued)
        if certificate.revoked_on is not None:  # paper history: revoked after this day
            self.strs_fall(
                ctx, certificate_no, certificate.revoked_reason or "", certificate.revoked_on
            )
        return event

    def revoke_str(self, ctx: Context, *, str_no: str, reason: str, on: date) -> list[str]:
        """Revoke an STR; the SIPPS resting on it fall with it, in the same save."""
        registration = self._str(str_no)
        if registration.revoked_on is not None:
            raise Conflict(
                said(
                    "STR {str_no} was already revoked on {revoked_on}",
                    str_no=str_no,
                    revoked_on=registration.revoked_on,
                ),
                {"str_no": str_no},
            )
        unmet = ctx.future(said("revocation date"), on)
        if on < registration.issued_on:
            unmet.append(
                said(
                    "a revocation on or after the STR's issue on {issued_on}",
                    code="revocation_after_issue",
                    issued_on=registration.issued_on,
                )
            )
        Refused.unless(said("STR revocation"), unmet)
        self._emit(ev.StrRevoked, str_no=str_no, reason=reason, **ctx.stamp(on))
        return self._sipps_fall(ctx, str_no, reason, on)

    def strs_fall(self, ctx: Context, certificate_no: str, reason: str, on: date) -> list[str]:
        """The STRs (and their SIPPS) resting on a revoked certificate fall with it."""
        fallen = []
        for registration in self.record.strs.values():
            if registration.certificate_no == certificate_no and registration.revoked_on is None:
                self._emit(
                    ev.StrRevoked,
                    str_no=registration.str_no,
                    reason=f"certificate {certificate_no} revoked: {reason}",
                    with_certificate=certificate_no,
                    **ctx.stamp(max(on, registration.issued_on)),
                )
                fallen.append(registration.str_no)
                fallen += self._sipps_fall(ctx, registration.str_no, reason, on)
        return fallen

    def _sipps_fall(self, ctx: Context, str_no: str, reason: str, on: date) -> list[str]:
        fallen = []
        for permit in self.record.sipps.values():
            if permit.str_no == str_no and permit.latest_status != "revoked":
                self._emit(
                    ev.SippsRevoked,
                    sipps_no=permit.sipps_no,
                    reason=f"STR {str_no} fell: {reason}",
                    with_str=str_no,
                    **ctx.stamp(max(on, permit.granted_on)),
                )
                fallen.append(permit.sipps_no)
        return fallen

    def grant_sipps(
        self,
        ctx: Context,
        *,
        sipps_no: str,
        str_no: str,
        regency: str,
        place: str,
        practice: Sequence[Practice],
        on: date,
    ) -> ev.SippsGranted:
        """A regency or city grants a practice permit for one place, on an active STR; valid
        until the STR ends."""
        rules = rule_set_on(on)
        step_of(rules, Sipps, "SIPPS", on)
        registration = self._str(str_no)
        unmet = ctx.future(said("grant date"), on)
        status = registration.status(on)
        if status != "active":
            unmet.append(
                said(
                    "an active STR: {str_no} is {status}",
                    code="active_str",
                    str_no=str_no,
                    status=status,
                )
            )
        wanted = " ".join(place.casefold().split())
        for permit in self.record.sipps.values():
            same = " ".join(permit.place.casefold().split()) == wanted
            if same and permit.status(on) in ("active", "suspended"):
                unmet.append(
                    said(
                        "no other SIPPS for {place}: {sipps} is {status}",
                        code="sipps_for_place",
                        place=place,
                        sipps=permit.sipps_no,
                        status=permit.status(on),
                    )
                )
        Refused.unless(said("SIPPS"), unmet)
        self._emit(
            ev.SippsGranted,
            sipps_no=sipps_no,
            str_no=str_no,
            regency=regency,
            place=place,
            practice=tuple(practice),
            valid_until=registration.valid_until,
            rule_set=rules.id,
            **ctx.stamp(on),
        )
        event = self.pending_events[-1]  # type: ignore[attr-defined]
        assert isinstance(event, ev.SippsGranted)
        if registration.revoked_on is not None:  # paper history: revoked after this day
            self._sipps_fall(
                ctx, str_no, registration.revoked_reason or "", registration.revoked_on
            )
        return event

    def change_sipps(
        self, ctx: Context, *, move: str, sipps_no: str, reason: str, on: date
    ) -> None:
        """Suspend, reinstate or revoke a SIPPS (its government's decisions), effective ``on``."""
        permit = self.permit(sipps_no)
        step = rule_set_named(permit.rule_set).step(Sipps)
        assert step is not None
        event_name, _, from_states = step.moves[move]
        status = permit.status(on)
        unmet = ctx.future(said("{move} date", move=move), on)
        if status not in from_states:
            unmet.append(
                said(
                    "a SIPPS that is {states}: {sipps} is {status}",
                    code="sipps_status",
                    states=Joined(" or ", tuple(from_states)),
                    sipps=sipps_no,
                    status=status,
                )
            )
        last = max((day for day, _, _ in permit.changes), default=None)
        if last is not None and on < last:
            unmet.append(
                said(
                    "a date on or after the SIPPS's last decision ({last})",
                    code="decision_order",
                    last=last,
                )
            )
        Refused.unless(said("SIPPS {move}", move=move), unmet)
        self._emit(getattr(ev, event_name), sipps_no=sipps_no, reason=reason, **ctx.stamp(on))

    def permit(self, sipps_no: str) -> Any:
        try:
            return self.record.sipps[sipps_no]
        except KeyError:
            raise NotFound(said("SIPPS {sipps_no} not found", sipps_no=sipps_no)) from None

    def _str(self, str_no: str) -> Any:
        try:
            return self.record.strs[str_no]
        except KeyError:
            raise NotFound(said("STR {str_no} not found", str_no=str_no)) from None
