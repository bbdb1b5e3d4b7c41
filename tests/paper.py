"""Reading a printed credential as its reader would: poppler renders the PDF, zbar scans the QR.

Tests that need the tools are skipped where they are missing, unless
``PEKSOS_REQUIRE_PRINT_TOOLS=1`` (as in CI, whose ``.ci/run`` installs them), where a missing
tool fails the run instead of hiding the tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = ("pdfinfo", "pdftotext", "pdftoppm", "zbarimg")


def require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        why = f"{', '.join(missing)} not installed (apt-get install poppler-utils zbar-tools)"
        if os.environ.get("PEKSOS_REQUIRE_PRINT_TOOLS") == "1":
            pytest.fail(why)
        pytest.skip(why)


def run_tool(*args: str | Path) -> str:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, check=True, text=True, timeout=120
    ).stdout


def scan_qr(pdf: Path, folder: Path, dpi: int = 200) -> str:
    """What the QR code on the PDF's first page carries, rendered at ``dpi``."""
    run_tool("pdftoppm", "-r", str(dpi), "-png", "-singlefile", pdf, folder / "page")
    return run_tool("zbarimg", "--quiet", "--raw", folder / "page.png").rstrip("\n")
