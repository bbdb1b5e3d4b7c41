"""One CLI invocation: the global options, the store it opens, and how results leave."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from commands.cli.errors import field_label
from ledger.errors import InvalidInput

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ledger.application import Ledger

M = TypeVar("M", bound="BaseModel")


@dataclass
class Session:
    db: str | None
    actor: str | None
    as_json: bool
    sth_dir: Path | None = None  # where a signed tree head goes after every save
    _ledger: Ledger | None = field(default=None, repr=False)
    _head: int = 0  # the log's head when the ledger was opened

    def ledger(self, *, create: bool = False) -> Ledger:
        """The ledger named by --db; only ``init`` (and ``demo``) may create a new store."""
        if self._ledger is None:
            from commands.bootstrap import open_ledger

            self._ledger = open_ledger(self.db, create=create)
            if self.sth_dir is not None:
                self._head = self._ledger.event_count()
        return self._ledger

    def close(self) -> None:
        if self._ledger is not None:
            if self.sth_dir is not None:
                self._publish(self._ledger, self.sth_dir, self._head)
            self._ledger.close()
            self._ledger = None

    @staticmethod
    def _publish(ledger: Ledger, folder: Path, head: int) -> None:
        """If the command saved, its tree head for the witnesses. What was saved stands if the
        head cannot be written (the next command's head covers it): a warning, not a failure."""
        from eventsourcing.persistence import PersistenceError

        from commands.tree_heads import publish
        from ledger.errors import LedgerError

        try:
            if ledger.event_count() != head:
                publish(ledger, folder)
        except (LedgerError, OSError, PersistenceError) as error:
            print(f"peksos: warning: no tree head written to {folder}: {error}", file=sys.stderr)

    def build(self, model: type[M], **fields: Any) -> M:
        """Validate raw CLI input into a command model; bad fields become exit 2, each named as
        the running command's help names it (``--from``, ``REG``)."""
        from pydantic import ValidationError

        try:
            return model(**{k: v for k, v in fields.items() if v is not None and v != ()})
        except ValidationError as error:
            details = []
            for problem in error.errors():
                name = str(problem["loc"][0]) if problem["loc"] else "input"
                message = problem["msg"].removeprefix("Value error, ")
                details.append({"field": field_label(name), "message": message})
            first = details[0]
            message = (
                f"{first['field']}: {first['message']}"
                if len(details) == 1
                else f"{len(details)} inputs are invalid"
            )
            raise InvalidInput(message, details) from None

    def out(self, result: Any, human: Callable[[Any], None]) -> None:
        from commands.cli.render import emit_json

        if self.as_json:
            emit_json(result)
        else:
            human(result)
