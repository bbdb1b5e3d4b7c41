"""Rate limits per client, with the ``limits`` library (a moving window, in memory: one
process serves the register)."""

from __future__ import annotations

from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from ledger.errors import LedgerError
from ledger.wording import said


class RateLimited(LedgerError):
    code = "rate_limited"


class RateLimits:
    def __init__(self, **limits: str) -> None:
        """``search="120/minute"``: the limit of each kind of request."""
        self.limiter = MovingWindowRateLimiter(MemoryStorage())
        self.limits = {what: parse(limit) for what, limit in limits.items()}

    def hit(self, what: str, client: str) -> None:
        limit = self.limits[what]
        if not self.limiter.hit(limit, what, client):
            raise RateLimited(said("too many requests: {limit}; wait a minute", limit=str(limit)))
