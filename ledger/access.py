"""Who acts on the ledger, and what each role may do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ledger.errors import NotAuthorised
from ledger.regimes.catalogue import RULE_SETS
from ledger.vocabulary import Role
from ledger.wording import said

ADMINS = frozenset({Role.ADMIN, Role.CHAPTER_ADMIN})
# Who still sees the personal data a member restricted (UU 27/2022 Pasal 11): the national
# office that answers the person's requests; a chapter's officers see no more than others.
SEES_RESTRICTED = frozenset({Role.ADMIN})
# Who may be shown a member's full NIK, birth date and contacts, each time recorded and signed
# (``member show|history --unmasked``); auditors and regional governments see them masked.
SEES_PERSONAL = frozenset({Role.ADMIN, Role.CHAPTER_ADMIN, Role.LSP, Role.MINISTRY})
EVERYONE = frozenset(Role)
LSP = frozenset({Role.LSP})

# One line per action of the CLI contract (PRODUCT.md): who may take it, and the events it
# records (``audit verify`` checks every stored event against the same table). The actions of
# what follows a certificate come from the rule sets' chain steps. Reads are open to every
# enrolled actor.
_BASE: dict[str, tuple[frozenset[Role], tuple[str, ...]]] = {
    "init": (frozenset({Role.ADMIN}), ("LedgerOpened", "ActorEnrolled", "LogKeyCreated")),
    "keys.log": (frozenset({Role.ADMIN}), ("LogKeyCreated",)),
    "actor.add": (frozenset({Role.ADMIN}), ("ActorEnrolled",)),
    "actor.revoke": (frozenset({Role.ADMIN}), ("ActorRevoked",)),
    "member.register": (ADMINS, ("Registered",)),
    "member.update": (ADMINS, ("ProfileUpdated",)),
    "member.correct": (ADMINS | LSP, ("EntryCorrected",)),
    # membership applications: made on the web, decided by an admin of the province
    "member.apply": (frozenset({Role.WEB}), ("MembershipRequested",)),
    "member.applications": (ADMINS, ()),
    "member.approve": (ADMINS, ("MembershipApproved", "Registered", "EducationRecorded")),
    "member.reject": (ADMINS, ("MembershipRejected",)),
    "member.correct-identity": (frozenset({Role.ADMIN}), ("IdentityCorrected",)),
    # the person's rights under UU 27/2022: the national office answers them
    "member.export-data": (frozenset({Role.ADMIN}), ("PersonalDataExported",)),
    "member.restrict": (frozenset({Role.ADMIN}), ("ProcessingRestricted",)),
    "member.unrestrict": (frozenset({Role.ADMIN}), ("RestrictionLifted",)),
    "member.erase": (frozenset({Role.ADMIN}), ("PersonalDataErased",)),
    "member.unmask": (SEES_PERSONAL, ("PersonalDataShown",)),
    "report.access": (frozenset({Role.ADMIN, Role.AUDITOR}), ()),
    "education.add": (ADMINS, ("EducationRecorded",)),
    "experience.add": (ADMINS, ("ExperienceRecorded",)),
    "training.log": (ADMINS | LSP, ("TrainingLogged",)),
    "dues.pay": (ADMINS, ("DuesPaid",)),
    "exam.record": (LSP, ("ExamPassed", "ExamFailed")),
    "certify": (LSP, ("Certified",)),
    "certificate.revoke": (LSP, ("CertificateRevoked",)),
    "certificate.export": (LSP, ("CredentialIssued",)),
    "projections.rebuild": (frozenset({Role.ADMIN}), ()),
    "migrate": (frozenset({Role.ADMIN}), ()),
    "import": (frozenset({Role.ADMIN}), ("Registered", "EducationRecorded")),
    "read": (EVERYONE, ()),
}


def _table() -> dict[str, tuple[frozenset[Role], tuple[str, ...]]]:
    table = dict(_BASE)
    for regime in RULE_SETS:
        for step in regime.after_certificate:
            table.update(step.actions)
            # What falls with a certificate is recorded by whoever revokes it.
            roles, events = table["certificate.revoke"]
            table["certificate.revoke"] = (roles, (*events, *step.falls_with_certificate))
    return table


ACTIONS = _table()
PERMISSIONS: dict[str, frozenset[Role]] = {action: roles for action, (roles, _) in ACTIONS.items()}


def _may_record() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for roles, events in ACTIONS.values():
        for event in events:
            table.setdefault(event, set()).update(role.value for role in roles)
    return {event: frozenset(roles) for event, roles in table.items()}


# Who may record each kind of event; number, index and journal streams follow whoever saves
# them, and anyone may rotate their own key.
MAY_RECORD = _may_record()


def _words(action: str) -> str:
    """The command an action is taken with: ``exam.record`` is ``exam record``."""
    special = {
        "init": "init",
        "import": "import members",
        "member.unmask": "member show --unmasked",
    }
    return special.get(action, action.replace(".", " "))


@dataclass(frozen=True)
class Actor:
    name: str
    role: Role
    province: str | None = None
    key_id: str | None = None  # the key that signs what this actor records now
    revoked: bool = False
    regency: str | None = None  # a regional government's regency or city (BPS code)

    def authorise(self, action: str, province: str | None = None) -> None:
        """Raise NotAuthorised unless this actor may perform ``action`` (on that province)."""
        allowed = PERMISSIONS[action]
        if self.role not in allowed:
            roles = ", ".join(sorted(r.value for r in allowed))
            command = f"`peksos {_words(action)}`"
            what = (
                said("read this ledger")
                if action == "read"
                else said("use {command}", command=command)
            )
            raise NotAuthorised(
                said(
                    "{name} ({role}) may not {what}: only {roles} may",
                    name=self.name,
                    role=self.role,
                    what=what,
                    roles=roles,
                ),
                {"actor": self.name, "role": self.role.value, "action": action},
            )
        if self.role is Role.CHAPTER_ADMIN and province is not None and province != self.province:
            raise NotAuthorised(
                said(
                    "{name} is chapter admin of province {province} and may not act on a member "
                    "of province {member_province}",
                    name=self.name,
                    province=self.province,
                    member_province=province,
                ),
                {"actor": self.name, "province": self.province, "member_province": province},
            )


WIB, WIT = timedelta(hours=7), timedelta(hours=9)  # Jakarta's and Papua's offsets from UTC


@dataclass(frozen=True)
class Context:
    """Who performs a command, and when."""

    actor: Actor
    now: datetime  # aware UTC
    # Fixes a new event's stored form with its personal fields sealed (the ledger's data
    # keys); None: a context for deciding only, whose events are never saved.
    seal: Callable[[Any], None] | None = None

    def sealed(self, event: Any) -> None:
        if self.seal is not None:
            self.seal(event)

    @property
    def today(self) -> date:
        """Today in Indonesia: the date in Jakarta (WIB, UTC+7) at ``now``, the default date
        of a decision."""
        return (self.now + WIB).date()

    @property
    def latest_day(self) -> date:
        """The latest calendar date anywhere in Indonesia (WIT, UTC+9) at ``now``: judging
        "not in the future" by the easternmost zone never refuses a fact dated today in Papua."""
        return (self.now + WIT).date()

    def future(self, label: str, day: date) -> list[str]:
        """What is wrong with a date that may not lie in the future (nothing, or one line)."""
        if day <= self.latest_day:
            return []
        return [said("{label} {day} is in the future", code="future_date", label=label, day=day)]

    def stamp(self, effective_date: date, evidence: str | None = None) -> dict[str, object]:
        """The fields every event of this command carries."""
        return {
            "timestamp": self.now,
            "actor": self.actor.name,
            "actor_role": self.actor.role,
            "effective_date": effective_date,
            "evidence": evidence,
        }
