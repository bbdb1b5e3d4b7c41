"""One CLI invocation: the global options, the store it opens, and how results leave."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ledger.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ledger.application import Ledger

M = TypeVar("M", bound="BaseModel")

# Positional arguments are named as the help shows them; options as --their-name.
ARGUMENT_LABELS = {
    "registration_no": "REG",
    "certificate_no": "CERT",
    "licence_no": "LICENCE",
    "application_no": "APPLICATION_NO",
    "file": "FILE",
}
OPTION_LABELS = {
    "exam_id": "--exam",
    "assessors": "--assessor",
    "issued_from": "--from",
    "issued_to": "--to",
    "started_on": "--from",
    "ended_on": "--to",
}


def label(field_name: str) -> str:
    return ARGUMENT_LABELS.get(field_name) or OPTION_LABELS.get(
        field_name, "--" + field_name.replace("_", "-")
    )


@dataclass
class Session:
    db: str | None
    actor: str | None
    as_json: bool
    _ledger: Ledger | None = field(default=None, repr=False)

    def ledger(self, *, create: bool = False) -> Ledger:
        """The ledger named by --db; only ``init`` (and ``demo``) may create a new store."""
        if self._ledger is None:
            from ledger.application import Ledger
            from ledger.store import open_store

            store = open_store(self.db)
            if not store.exists():
                if not create:
                    raise NotFound(
                        f"no ledger at {store.display}: create one with "
                        "`peksos init --admin NAME` (or pass --db)"
                    )
                from pathlib import Path

                try:
                    Path(store.location).parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise InvalidInput(
                        f"--db {store.location}: cannot create its folder ({error.strerror})",
                        [{"field": "--db", "message": str(error)}],
                    ) from None
            self._ledger = Ledger(store)
        return self._ledger

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None

    def build(self, model: type[M], **fields: Any) -> M:
        """Validate raw CLI input into a command model; bad fields become exit 2, named."""
        from pydantic import ValidationError

        try:
            return model(**{k: v for k, v in fields.items() if v is not None and v != ()})
        except ValidationError as error:
            details = []
            for problem in error.errors():
                name = str(problem["loc"][0]) if problem["loc"] else "input"
                message = problem["msg"].removeprefix("Value error, ")
                details.append({"field": label(name), "message": message})
            first = details[0]
            message = (
                f"{first['field']}: {first['message']}"
                if len(details) == 1
                else f"{len(details)} inputs are invalid"
            )
            raise InvalidInput(message, details) from None

    def out(self, result: Any, human: Callable[[Any], None]) -> None:
        from commands.output import emit_json

        if self.as_json:
            emit_json(result)
        else:
            human(result)
