"""The text of every value the ledger shows or writes out, made harmless to its reader.

- ``shown``: what a terminal prints never carries control characters (C0 and C1: an escape
  sequence in a member's name could rewrite the officer's screen) or Unicode bidirectional
  overrides (which make ``Siti`` display as something else).
- ``safe_cell``: a CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
  return is a formula to Excel and LibreOffice (CSV injection): a name typed as
  ``=HYPERLINK(...)`` would run in the officer's spreadsheet. Such a cell gets a leading ``'``,
  as OWASP advises, which the spreadsheet shows as text.
"""

from __future__ import annotations

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# C0 and C1 controls (tab and newline too: a value is one line), DEL, and the bidirectional
# marks, embeddings, overrides and isolates.
_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    return _UNSHOWN.sub("", text)


def safe_cell(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def is_money(column: str) -> bool:
    """Rupiah, by the field's name: shown as money in pages and spreadsheets."""
    return column == "amount" or "rupiah" in column
