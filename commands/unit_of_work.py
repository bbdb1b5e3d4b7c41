"""One unit of work for every use case: who acts, authorise, load, draw numbers, save, sign,
and run it all again if a concurrent writer won.

A use case is written as ``@use_case("certify")`` over ``def certify(tx, cmd) -> Result``;
callers keep calling ``certify(ledger, actor, cmd)``. Each attempt builds its context once
(the roster is replayed once), and everything the use case touched is saved in one atomic,
signed save; a refusal anywhere records nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from ledger.access import Context
from ledger.application import Ledger
from ledger.errors import NotAuthorised
from ledger.member import Member
from ledger.numbers import NumberAssignment, format_number
from ledger.roster import Roster
from ledger.wording import said

C = TypeVar("C")
Result = dict[str, Any]
UseCase = Callable[[Ledger, str | None, C], Result]


class Tx:
    """One attempt of one use case."""

    def __init__(self, ledger: Ledger, actor: str | None, action: str | None) -> None:
        self.ledger = ledger
        self.action = action
        self.roster: Roster = ledger.roster()
        if not actor:
            raise NotAuthorised(said("say who is acting: --as NAME or PEKSOS_ACTOR"))
        self.ctx = Context(
            actor=self.roster.actor(actor), now=ledger.clock(), seal=ledger.personal.seal
        )
        self._touched: list[Any] = []
        if action is not None:
            self.ctx.actor.authorise(action)

    def authorise(self, action: str, province: str | None = None) -> None:
        self.ctx.actor.authorise(action, province)

    def touch(self, *aggregates: Any) -> None:
        """Save these too (once each, in the order first touched)."""
        for aggregate in aggregates:
            if not any(aggregate is seen for seen in self._touched):
                self._touched.append(aggregate)

    def member(self, registration_no: str) -> Member:
        """The member, loaded and saved at the end; the actor must be allowed on their
        province."""
        return self._authorised(self.ledger.member(registration_no))

    def member_holding(self, number: str, kind: str) -> Member:
        """The member a certificate, exam, application or licence number belongs to."""
        return self._authorised(self.ledger.member_holding(number, kind))

    def _authorised(self, member: Member) -> Member:
        if self.action is not None:
            self.authorise(self.action, member.province)
        self.touch(member)
        return member

    def number(self, kind: str, year: int, member: Member, scope: str | None = None) -> str:
        """Draw the next number of ``kind`` for ``year`` (and ``scope``: a SIPPS's regency) and
        assign it to ``member``; the series, the assignment and the member are saved together,
        so numbers have no gaps."""
        series = self.ledger.series(self.ctx, f"{kind}:{f'{scope}:' if scope else ''}{year}")
        number = format_number(kind, year, series.issue(self.ctx), scope)
        self.touch(series, member, NumberAssignment.assign(self.ctx, number, member.id))
        return number

    def commit(self) -> None:
        identity = self._signer()
        self.ledger.save(*self._touched, signer=identity)

    def _signer(self) -> tuple[Any, str]:
        # The key the actor held when the command began: a rotation is signed by the key it
        # replaces.
        assert self.roster.ledger_id is not None and self.ctx.actor.key_id is not None
        return self.roster.ledger_id, self.ctx.actor.key_id


def use_case(action: str | None) -> Callable[[Callable[[Tx, C], Result]], UseCase[C]]:
    """Make ``decide(tx, cmd)`` a use case taking ``(ledger, actor, cmd)``: authorised for
    ``action`` (None: the use case authorises itself), saved atomically, retried whole."""

    def wrap(decide: Callable[[Tx, C], Result]) -> UseCase[C]:
        @wraps(decide)
        def run(ledger: Ledger, actor: str | None, cmd: C) -> Result:
            def attempt() -> Result:
                tx = Tx(ledger, actor, action)
                result = decide(tx, cmd)
                tx.commit()
                return result

            return ledger.attempt(attempt)

        return run

    return wrap
