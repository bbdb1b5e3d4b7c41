"""How events become stored records: pydantic to JSON (orjson), with versioned upcasting.

The library's default mapper stores ``vars(event)``, which cannot hold a ``date`` or a pydantic
model. This mapper stores ``model_dump(mode="json")`` and the event's ``class_version``, runs the
``upcast_vN_vN+1`` chain on load (the library's pydantic example skips this: upstream #302), and
keeps the compressor and cipher hooks so compression and encryption still work.
"""

from __future__ import annotations

from typing import Any, cast
from uuid import UUID

import orjson
from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic, resolve_topic
from pydantic import BaseModel

from ledger.events import Opener, decode
from ledger.integrity import stored_state


class OrjsonTranscoder(Transcoder):
    def encode(self, obj: Any) -> bytes:
        return orjson.dumps(obj)

    def decode(self, data: bytes) -> Any:
        return orjson.loads(data)


class PydanticMapper(Mapper[UUID]):
    opener: Opener | None = None  # opens sealed personal fields (the ledger's data keys)

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        event = cast(BaseModel, domain_event)
        data = self.transcoder.encode(stored_state(event))
        if self.compressor:
            data = self.compressor.compress(data)
        if self.cipher:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=domain_event.originator_id,
            originator_version=domain_event.originator_version,
            topic=get_topic(type(event)),
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[UUID]:
        data = stored_event.state
        if self.cipher:
            data = self.cipher.decrypt(data)
        if self.compressor:
            data = self.compressor.decompress(data)
        state: dict[str, Any] = self.transcoder.decode(data)
        cls = resolve_topic(stored_event.topic)
        event = decode(
            cls, state, stored_event.originator_id, stored_event.originator_version, self.opener
        )
        return cast(DomainEventProtocol[UUID], event)
