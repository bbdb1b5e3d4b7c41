"""The roster: the ledger's one record of who may act on it. Opened by ``peksos init``."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.domain import BaseAggregate

from ledger import events as ev
from ledger.access import Actor, Context
from ledger.errors import Conflict, InvalidInput, NotAuthorised
from ledger.vocabulary import Role


def actor_key(name: str) -> str:
    """Actors are told apart by name, ignoring case and surrounding space."""
    return " ".join(name.split()).casefold()


class Roster(BaseAggregate[UUID]):
    Event = ev.LedgerEvent

    def __init__(self) -> None:
        self.ledger_id: UUID | None = None
        self.actors: dict[str, Actor] = {}

    @classmethod
    def open(cls, ctx: Context, *, roster_id: UUID, ledger_id: UUID) -> Roster:
        """Create the ledger and enrol its first admin (``ctx.actor``)."""
        roster = cls._create(
            ev.LedgerOpened, id=roster_id, ledger_id=ledger_id, **ctx.stamp(ctx.today)
        )
        roster.trigger_event(
            ev.ActorEnrolled,
            name=ctx.actor.name,
            role=Role.ADMIN,
            province=None,
            **ctx.stamp(ctx.today),
        )
        return roster

    def when(self, event: ev.LedgerEvent) -> None:
        if isinstance(event, ev.LedgerOpened):
            self.ledger_id = event.ledger_id
        elif isinstance(event, ev.ActorEnrolled):
            self.actors[actor_key(event.name)] = Actor(event.name, event.role, event.province)
        else:
            raise TypeError(f"the roster cannot hold {type(event).__name__}")

    def enrol(self, ctx: Context, *, name: str, role: Role, province: str | None) -> Actor:
        if actor_key(name) in self.actors:
            existing = self.actors[actor_key(name)]
            raise Conflict(
                f"an actor named {existing.name} is already enrolled as {existing.role}",
                {"name": existing.name, "role": existing.role.value},
            )
        if role is Role.CHAPTER_ADMIN and province is None:
            raise InvalidInput(
                "a chapter admin needs --province",
                [{"field": "province", "message": "required for role chapter-admin"}],
            )
        if role is not Role.CHAPTER_ADMIN and province is not None:
            raise InvalidInput(
                f"--province is only for chapter admins, not {role}",
                [{"field": "province", "message": f"not allowed for role {role}"}],
            )
        self.trigger_event(
            ev.ActorEnrolled, name=name, role=role, province=province, **ctx.stamp(ctx.today)
        )
        return self.actors[actor_key(name)]

    def actor(self, name: str) -> Actor:
        """The enrolled actor of that name; anyone else is not authorised."""
        try:
            return self.actors[actor_key(name)]
        except KeyError:
            raise NotAuthorised(
                f"{name!r} is not an enrolled actor of this ledger "
                "(an admin enrols people with `peksos actor add`)",
                {"actor": name},
            ) from None
