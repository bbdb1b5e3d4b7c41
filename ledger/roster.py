"""The roster: the ledger's one record of who may act on it, and with which signing keys."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from uuid import UUID

from ledger import events as ev
from ledger.access import Actor, Context
from ledger.aggregate import ChainedAggregate
from ledger.errors import Conflict, InvalidInput, NotAuthorised, Refused
from ledger.vocabulary import Role
from ledger.wording import said


@lru_cache(maxsize=4096)
def actor_key(name: str) -> str:
    """Actors are told apart by name, ignoring case and surrounding space."""
    return " ".join(name.split()).casefold()


def look_alike(name: str) -> str:
    """The key of names a reader cannot tell apart: ``actor_key`` without accents, every
    apostrophe (’ ‘ ʼ `) the typewriter's."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", actor_key(name))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return plain.translate(APOSTROPHES)


APOSTROPHES = str.maketrans(dict.fromkeys("\u2018\u2019\u02bc\u201b`\u00b4", "'"))


@dataclass(frozen=True)
class PublicKey:
    """One of an actor's signing keys and when it came into use."""

    key_id: str
    public_key: str  # Ed25519 raw, base64url
    since: datetime


class Roster(ChainedAggregate):
    def __init__(self) -> None:
        self.ledger_id: UUID | None = None
        self.actors: dict[str, Actor] = {}
        self.keys: dict[str, list[PublicKey]] = {}
        self.log_key: PublicKey | None = None  # signs the ledger's tree heads

    @classmethod
    def open(
        cls,
        ctx: Context,
        *,
        roster_id: UUID,
        ledger_id: UUID,
        admin_key: tuple[str, str],
        log_key: tuple[str, str],
    ) -> Roster:
        """Create the ledger, enrol its first admin (``ctx.actor``) with their key, and record
        the ledger's own key (each key: its id and public half)."""
        roster = cls._create(
            ev.LedgerOpened, id=roster_id, ledger_id=ledger_id, **ctx.stamp(ctx.today)
        )
        kid, public = admin_key
        roster.trigger_event(
            ev.ActorEnrolled,
            name=ctx.actor.name,
            role=Role.ADMIN,
            province=None,
            public_key=public,
            key_id=kid,
            **ctx.stamp(ctx.today),
        )
        roster.create_log_key(ctx, *log_key)
        return roster

    def create_log_key(self, ctx: Context, key_id: str, public_key: str) -> PublicKey:
        """Record the ledger's own key; a ledger made before tree heads were signed has none."""
        if self.log_key is not None:
            raise Conflict(
                said("this ledger's log key is already {key_id}", key_id=self.log_key.key_id),
                {"key_id": self.log_key.key_id},
            )
        self.trigger_event(
            ev.LogKeyCreated, public_key=public_key, key_id=key_id, **ctx.stamp(ctx.today)
        )
        assert self.log_key is not None
        return self.log_key

    def when(self, event: ev.LedgerEvent) -> None:
        if isinstance(event, ev.LedgerOpened):
            self.ledger_id = event.ledger_id
        elif isinstance(event, ev.ActorEnrolled):
            key = actor_key(event.name)
            self.actors[key] = Actor(
                event.name, event.role, event.province, event.key_id, regency=event.regency
            )
            self.keys[key] = [PublicKey(event.key_id, event.public_key, event.timestamp)]
        elif isinstance(event, ev.ActorRevoked):
            key = actor_key(event.name)
            self.actors[key] = replace(self.actors[key], revoked=True)
        elif isinstance(event, ev.LogKeyCreated):
            self.log_key = PublicKey(event.key_id, event.public_key, event.timestamp)
        elif isinstance(event, ev.ActorKeyRotated):
            key = actor_key(event.name)
            self.actors[key] = replace(self.actors[key], key_id=event.key_id)
            self.keys[key].append(PublicKey(event.key_id, event.public_key, event.timestamp))
        else:
            raise TypeError(f"the roster cannot hold {type(event).__name__}")

    def _refuse_look_alikes(self, name: str) -> None:
        """A name is who signs and who is refused: one that a reader cannot tell from an
        enrolled actor's (a Cyrillic "о" for a Latin "o", an accent added) would let someone
        pass for them in every listing. Letters of another script that look Latin are refused
        outright; a name that differs from an enrolled one only in accents or in the form of
        its apostrophes is a conflict."""
        import unicodedata

        from confusable_homoglyphs import confusables  # type: ignore[import-untyped]

        found = [  # punctuation and marks of every script (an apostrophe) are no disguise
            f
            for f in confusables.is_confusable(name, greedy=True, preferred_aliases=["latin"]) or []
            if f["alias"] not in ("LATIN", "COMMON", "INHERITED")
        ]
        if found:
            char = found[0]["character"]
            looks = found[0]["homoglyphs"][0]["c"]
            character = unicodedata.name(char, f"U+{ord(char):04X}")
            why = (
                f"{char!r} ({character}) looks like the "
                f"Latin {looks!r}: type the name in Latin letters"
            )
            words = said(
                "the name {name}: {char} ({character}) looks like the Latin {looks}: type the "
                "name in Latin letters",
                name=repr(name),
                char=repr(char),
                character=character,
                looks=repr(looks),
            )
            raise InvalidInput(words, [{"field": "NAME", "message": why}])
        for existing in self.actors.values():
            if look_alike(existing.name) == look_alike(name):
                raise Conflict(
                    said(
                        "the name {name} differs from the enrolled {existing} only in accents: "
                        "give a name people can tell apart",
                        name=repr(name),
                        existing=repr(existing.name),
                    ),
                    {"name": existing.name, "role": existing.role.value},
                )

    def enrol(
        self,
        ctx: Context,
        *,
        name: str,
        role: Role,
        province: str | None,
        public_key: str,
        key_id: str,
        regency: str | None = None,
    ) -> Actor:
        if actor_key(name) in self.actors:
            existing = self.actors[actor_key(name)]
            raise Conflict(
                said(
                    "an actor named {name} is already enrolled as {role}",
                    name=existing.name,
                    role=existing.role,
                ),
                {"name": existing.name, "role": existing.role.value},
            )
        self._refuse_look_alikes(name)
        if role is Role.CHAPTER_ADMIN and province is None:
            raise InvalidInput(
                said("a chapter admin needs a province"),
                [{"field": "province", "message": "required for role chapter-admin"}],
            )
        if role is not Role.CHAPTER_ADMIN and province is not None:
            raise InvalidInput(
                said("a province is only for chapter admins, not {role}", role=role),
                [{"field": "province", "message": f"not allowed for role {role}"}],
            )
        if (role is Role.REGIONAL_GOVERNMENT) != (regency is not None):
            raise InvalidInput(
                said("a regional government officer needs a regency, and only they do"),
                [{"field": "regency", "message": f"required for {Role.REGIONAL_GOVERNMENT} only"}],
            )
        self.trigger_event(
            ev.ActorEnrolled,
            name=name,
            role=role,
            province=province,
            regency=regency,
            public_key=public_key,
            key_id=key_id,
            **ctx.stamp(ctx.today),
        )
        return self.actors[actor_key(name)]

    def rotate_key(self, ctx: Context, *, name: str, public_key: str, key_id: str) -> Actor:
        """Give an actor a new signing key (an admin for anyone; anyone for themselves)."""
        actor = self.known(name)
        if ctx.actor.role is not Role.ADMIN and actor_key(ctx.actor.name) != actor_key(name):
            raise NotAuthorised(
                said(
                    "{actor} may rotate only their own key; an admin rotates others'",
                    actor=ctx.actor.name,
                ),
                {"actor": ctx.actor.name, "name": name},
            )
        self.trigger_event(
            ev.ActorKeyRotated,
            name=actor.name,
            public_key=public_key,
            key_id=key_id,
            **ctx.stamp(ctx.today),
        )
        return self.actors[actor_key(name)]

    def revoke(self, ctx: Context, *, name: str, reason: str) -> Actor:
        """Withdraw a person's right to act; an admin cannot revoke themselves."""
        actor = self.known(name)
        if actor.revoked:
            raise Conflict(
                said("{name} was already revoked", name=actor.name), {"name": actor.name}
            )
        if actor_key(name) == actor_key(ctx.actor.name):
            raise Refused(
                said("revocation refused"),
                [said("an admin other than the one revoked", code="other_admin")],
            )
        self.trigger_event(ev.ActorRevoked, name=actor.name, reason=reason, **ctx.stamp(ctx.today))
        return self.actors[actor_key(name)]

    def actor(self, name: str) -> Actor:
        """The enrolled, unrevoked actor of that name; anyone else is not authorised."""
        actor = self.known(name)
        if actor.revoked:
            raise NotAuthorised(
                said("{actor}'s right to act on this ledger was revoked", actor=actor.name),
                {"actor": actor.name},
            )
        return actor

    def known(self, name: str) -> Actor:
        """The actor of that name, revoked or not."""
        try:
            return self.actors[actor_key(name)]
        except KeyError:
            raise NotAuthorised(
                said(
                    "{name} is not an enrolled actor of this ledger "
                    "(an admin enrols people with `peksos actor add`)",
                    name=repr(name),
                ),
                {"actor": name},
            ) from None

    def key_history(self, name: str) -> list[PublicKey]:
        return list(self.keys.get(actor_key(name), []))
