"""Fixtures for the CLI tests: a ledger with its standard actors, and a member to act on."""

from __future__ import annotations

import pytest

from tests.cli.helpers import register_member, setup_ledger


@pytest.fixture
def ledger_cli(cli_env: dict[str, str]) -> dict[str, str]:
    setup_ledger()
    return cli_env


@pytest.fixture
def reg(ledger_cli: dict[str, str]) -> str:
    """A member of Jawa Barat (32) with nothing recorded but the registration."""
    return register_member()
