"""Who acts on the ledger, and what each role may do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ledger.errors import NotAuthorised
from ledger.vocabulary import Role

ADMINS = frozenset({Role.ADMIN, Role.CHAPTER_ADMIN})
EVERYONE = frozenset(Role)

# One line per action of the CLI contract (PRODUCT.md). Reads are open to every enrolled actor.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "actor.add": frozenset({Role.ADMIN}),
    "actor.revoke": frozenset({Role.ADMIN}),
    "member.register": ADMINS,
    "member.update": ADMINS,
    "member.correct": ADMINS | {Role.LSP},
    "education.add": ADMINS,
    "experience.add": ADMINS,
    "training.log": ADMINS | {Role.LSP},
    "dues.pay": ADMINS,
    "exam.record": frozenset({Role.LSP}),
    "certify": frozenset({Role.LSP}),
    "certificate.revoke": frozenset({Role.LSP}),
    "certificate.export": frozenset({Role.LSP}),
    "licence.apply": frozenset({Role.LSP}),
    "licence.grant": frozenset({Role.MINISTRY}),
    "licence.suspend": frozenset({Role.MINISTRY}),
    "licence.reinstate": frozenset({Role.MINISTRY}),
    "licence.revoke": frozenset({Role.MINISTRY}),
    "projections.rebuild": frozenset({Role.ADMIN}),
    "migrate": frozenset({Role.ADMIN}),
    "import": frozenset({Role.ADMIN}),
    "read": EVERYONE,
}


@dataclass(frozen=True)
class Actor:
    name: str
    role: Role
    province: str | None = None
    key_id: str | None = None  # the key that signs what this actor records now
    revoked: bool = False

    def authorise(self, action: str, province: str | None = None) -> None:
        """Raise NotAuthorised unless this actor may perform ``action`` (on that province)."""
        allowed = PERMISSIONS[action]
        if self.role not in allowed:
            roles = ", ".join(sorted(r.value for r in allowed))
            raise NotAuthorised(
                f"{self.name} ({self.role}) may not {action.replace('.', ' ')}: only {roles} may",
                {"actor": self.name, "role": self.role.value, "action": action},
            )
        if self.role is Role.CHAPTER_ADMIN and province is not None and province != self.province:
            raise NotAuthorised(
                f"{self.name} is chapter admin of province {self.province} and may not act on "
                f"a member of province {province}",
                {"actor": self.name, "province": self.province, "member_province": province},
            )


@dataclass(frozen=True)
class Context:
    """Who performs a command, and when."""

    actor: Actor
    now: datetime  # aware UTC

    @property
    def today(self) -> date:
        """The latest calendar date anywhere in Indonesia (WIT, UTC+9) at ``now``.

        Effective dates are local dates; judging "not in the future" by the easternmost zone
        never refuses a fact dated today in Papua.
        """
        return (self.now + timedelta(hours=9)).date()

    def stamp(self, effective_date: date, evidence: str | None = None) -> dict[str, object]:
        """The fields every event of this command carries."""
        return {
            "timestamp": self.now,
            "actor": self.actor.name,
            "actor_role": self.actor.role,
            "effective_date": effective_date,
            "evidence": evidence,
        }
