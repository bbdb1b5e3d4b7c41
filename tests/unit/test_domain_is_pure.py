"""The domain tests build no store: importing them loads no storage, service or command code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CHECK = (
    "import tests.unit.test_member_rules, tests.unit.test_rules, sys; "
    "assert not any(m.startswith(('ledger.storage', 'ledger.application', "
    "'eventsourcing.sqlite', 'eventsourcing.postgres', 'commands')) for m in sys.modules), "
    "sorted(m for m in sys.modules if m.startswith(('ledger', 'commands', 'eventsourcing')))"
)


def test_the_domain_tests_import_no_store() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=REPO, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
