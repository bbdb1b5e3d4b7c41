"""The fault tally: printed at the end of the run, and every injected fault must be survived."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.faults.harness import TALLY


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if TALLY.injected:
        terminalreporter.section("fault injection")
        for line in TALLY.lines():
            terminalreporter.write_line(line)


@pytest.fixture(scope="session", autouse=True)
def fault_tally() -> Iterator[None]:
    """After the last fault test: as many faults survived as were injected."""
    yield
    injected, survived = TALLY.total()
    assert survived == injected, "\n".join(TALLY.lines())
