"""The cells of every CSV the ledger writes, safe to open in a spreadsheet.

A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a formula to
Excel and LibreOffice (CSV injection): a member's name typed as ``=HYPERLINK(...)`` would run
in the officer's spreadsheet. Such a cell gets a leading ``'``, as OWASP advises, which the
spreadsheet shows as text.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
