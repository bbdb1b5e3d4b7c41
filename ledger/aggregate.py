"""The base of the ledger's aggregates: every event extends its stream's hash chain."""

from __future__ import annotations

from typing import Any, Self
from uuid import UUID

from eventsourcing.domain import BaseAggregate

from ledger import events as ev
from ledger.integrity import GENESIS, event_hash


class ChainedAggregate(BaseAggregate[UUID]):
    """Sets each new event's ``previous_hash`` to the hash of the event before it."""

    Event = ev.LedgerEvent

    @classmethod
    def _create(cls, event_class: Any, **kwargs: Any) -> Self:
        kwargs.setdefault("previous_hash", GENESIS)
        return super()._create(event_class, **kwargs)

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        kwargs["previous_hash"] = self.head_hash()
        super().trigger_event(event_class, **kwargs)

    def head_hash(self) -> str:
        """The hash of the stream's latest event (computed once per event, when needed)."""
        last: ev.LedgerEvent | None = self.__dict__.get("last_event")
        if last is None:
            return GENESIS
        cached = self.__dict__.get("_head")
        if cached is not None and cached[0] == last.originator_version:
            return str(cached[1])
        digest = event_hash(last)
        self.__dict__["_head"] = (last.originator_version, digest)
        return digest
