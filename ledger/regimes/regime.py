"""A rule set as a regime: its levels with their requirements, and the chain after a certificate.

A ``Regime`` is data (catalogue.py holds the instances). Judging a certification asks each
requirement of the claimed level; what may follow a certificate (a Ministry licence under the
2009 rules; later an STR and a practice permit) is the regime's ``after_certificate`` steps,
each a small object that knows its own rules and who takes its decisions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from ledger.regimes.facts import Facts
from ledger.regimes.requirements import Claim, Requirement, Verdict
from ledger.vocabulary import Role

S = TypeVar("S")


@dataclass(frozen=True)
class ChainStep:
    """A credential that may follow a certificate. ``actions`` says which role takes each of
    its decisions and which events that decision records (the permission table reads it)."""

    kind: str
    actions: Mapping[str, tuple[frozenset[Role], tuple[str, ...]]]
    # Events recorded by whoever revokes the certificate it rests on (it falls with it).
    falls_with_certificate: tuple[str, ...] = ()


@dataclass(frozen=True)
class MinistryLicence(ChainStep):
    """The licence to practise (izin praktik): applied for through the LSP, granted by the
    Ministry, valid ``valid_years`` but never past its certificate."""

    kind: str = "licence"
    valid_years: int = 5
    capped_by_certificate: bool = True
    actions: Mapping[str, tuple[frozenset[Role], tuple[str, ...]]] = field(
        default_factory=lambda: {
            "licence.apply": (frozenset({Role.LSP}), ("LicenceApplied",)),
            "licence.grant": (frozenset({Role.MINISTRY}), ("LicenceGranted",)),
            "licence.suspend": (frozenset({Role.MINISTRY}), ("LicenceSuspended",)),
            "licence.reinstate": (frozenset({Role.MINISTRY}), ("LicenceReinstated",)),
            "licence.revoke": (frozenset({Role.MINISTRY}), ("LicenceRevoked",)),
            "licence.export": (frozenset({Role.MINISTRY}), ("CredentialIssued",)),
        }
    )
    falls_with_certificate: tuple[str, ...] = ("LicenceRevoked",)
    # The Ministry's decisions on a granted licence: (event, status it leads to, statuses it
    # may start from).
    moves: Mapping[str, tuple[str, str, tuple[str, ...]]] = field(
        default_factory=lambda: {
            "suspend": ("LicenceSuspended", "suspended", ("active",)),
            "reinstate": ("LicenceReinstated", "active", ("suspended",)),
            "revoke": ("LicenceRevoked", "revoked", ("active", "suspended")),
        }
    )

    def valid_until(self, granted_on: date, certificate_valid_until: date) -> date:
        until = valid_until(granted_on, self.valid_years)
        return min(until, certificate_valid_until) if self.capped_by_certificate else until


@dataclass(frozen=True)
class Str(ChainStep):
    """The registration certificate (Surat Tanda Registrasi) IPSPI issues on an active
    certificate of any rule set, with a health statement, the oath and the ethics pledge;
    valid ``valid_years`` (the ledger's policy); it falls with its certificate."""

    kind: str = "str"
    valid_years: int = 5
    actions: Mapping[str, tuple[frozenset[Role], tuple[str, ...]]] = field(
        default_factory=lambda: {
            "str.issue": (frozenset({Role.ADMIN}), ("StrIssued",)),
            # the SIPPS resting on it fall with it, in the same save
            "str.revoke": (frozenset({Role.ADMIN}), ("StrRevoked", "SippsRevoked")),
            "str.export": (frozenset({Role.ADMIN}), ("CredentialIssued",)),
        }
    )
    falls_with_certificate: tuple[str, ...] = ("StrRevoked", "SippsRevoked")


@dataclass(frozen=True)
class Sipps(ChainStep):
    """The practice permit (Surat Izin Praktik Pekerja Sosial) the government of the regency or
    city where the worker practises grants on an active STR, for one place of practice; valid
    until its STR ends (the ledger's policy)."""

    kind: str = "sipps"
    actions: Mapping[str, tuple[frozenset[Role], tuple[str, ...]]] = field(
        default_factory=lambda: {
            "sipps.grant": (frozenset({Role.REGIONAL_GOVERNMENT}), ("SippsGranted",)),
            "sipps.suspend": (frozenset({Role.REGIONAL_GOVERNMENT}), ("SippsSuspended",)),
            "sipps.reinstate": (frozenset({Role.REGIONAL_GOVERNMENT}), ("SippsReinstated",)),
            "sipps.revoke": (frozenset({Role.REGIONAL_GOVERNMENT}), ("SippsRevoked",)),
            "sipps.export": (frozenset({Role.REGIONAL_GOVERNMENT}), ("CredentialIssued",)),
        }
    )
    moves: Mapping[str, tuple[str, str, tuple[str, ...]]] = field(
        default_factory=lambda: {
            "suspend": ("SippsSuspended", "suspended", ("active",)),
            "reinstate": ("SippsReinstated", "active", ("suspended",)),
            "revoke": ("SippsRevoked", "revoked", ("active", "suspended")),
        }
    )


@dataclass(frozen=True)
class Eligibility:
    """The verdict on a certification: one verdict per requirement of the level."""

    rule_set: Regime
    level: str
    verdicts: tuple[Verdict, ...]

    @property
    def unmet(self) -> tuple[str, ...]:
        """Every unmet requirement, in plain words, in the order the rule set lists them."""
        return tuple(m for v in self.verdicts if not v.met for m in v.messages)

    @property
    def eligible(self) -> bool:
        return all(v.met for v in self.verdicts)

    def grounds(self) -> dict[str, tuple[int, ...]]:
        """The stream entries each requirement counted (what a ``Certified`` event records)."""
        return {v.code: v.evidence for v in self.verdicts}


@dataclass(frozen=True)
class Regime:
    id: str
    title: str
    in_force_from: date
    source: str  # where the rules and the in-force date come from, or the stated assumption
    levels: Mapping[str, tuple[Requirement, ...]]
    certificate_valid_years: int
    after_certificate: tuple[ChainStep, ...]
    policy: tuple[str, ...] = ()  # which values are the ledger's policy, not the regulation's
    # What a refused licence application says practice needs instead (a chain without one).
    instead_of_licence: str = ""

    def judge(self, facts: Facts, claim: Claim) -> Eligibility:
        """Every requirement of the claimed level, each judged on its own: years of practice or
        hours of training never make up for the wrong degree."""
        requirements = self.levels[claim.level]
        return Eligibility(self, claim.level, tuple(r.judge(facts, claim) for r in requirements))

    @property
    def only_level(self) -> str | None:
        """The level when the regime has just one (nobody needs to name it)."""
        return next(iter(self.levels)) if len(self.levels) == 1 else None

    def step(self, kind: type[S]) -> S | None:
        """The chain step of that kind, if this regime has one."""
        return next((s for s in self.after_certificate if isinstance(s, kind)), None)

    def certificate_valid_until(self, certified_on: date) -> date:
        return valid_until(certified_on, self.certificate_valid_years)

    def as_data(self) -> dict[str, Any]:
        """The regime as plain data (``rules show``)."""
        return {
            "id": self.id,
            "title": self.title,
            "in_force_from": str(self.in_force_from),
            "source": self.source,
            "levels": {
                level: [{"code": r.code, "requirement": r.describe()} for r in requirements]
                for level, requirements in self.levels.items()
            },
            "certificate_valid_years": self.certificate_valid_years,
            "after_certificate": [step.kind for step in self.after_certificate],
            "policy": list(self.policy),
        }


def valid_until(start: date, years: int) -> date:
    """The last valid day of something valid for ``years`` from ``start``."""
    try:
        try:
            end = start.replace(year=start.year + years)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + years, day=28) + timedelta(days=1)
    except (ValueError, OverflowError):  # beyond the calendar: valid for ever
        return date.max
    return end - timedelta(days=1)
