"""Fixtures of the service tests (the ledger itself comes from tests/conftest.py)."""

from __future__ import annotations

import pytest

from ledger.application import Ledger
from tests.builders import register


@pytest.fixture
def member(ledger: Ledger) -> str:
    """A registered member of Jawa Barat (32), registered 2010-03-01, with no other facts."""
    return register(ledger, name="Agus Setiawan", registered_on="2010-03-01")
