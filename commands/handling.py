"""What every handler does around its decision: who acts, retry on conflict, save atomically."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ledger.access import Context
from ledger.application import Ledger
from ledger.member import Member

T = TypeVar("T")
Result = dict[str, Any]


def on_member(
    ledger: Ledger,
    actor: str | None,
    action: str,
    registration_no: str,
    decide: Callable[[Context, Member], T],
) -> T:
    """Load one member, check the actor may ``action`` on them, decide, save; retried whole."""

    def attempt() -> T:
        ctx = ledger.context(actor)
        ctx.actor.authorise(action)
        member = ledger.member(registration_no)
        ctx.actor.authorise(action, member.province)
        result = decide(ctx, member)
        ledger.save(member)
        return result

    return ledger.attempt(attempt)
