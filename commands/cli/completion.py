"""Shell completion of the values the vocabularies know: province and regency codes (matched
by code or by name, each offered with its name) and certificate levels. Commands, options and
the enum options' values (fields, education levels) complete through click itself.

Turned on per shell as click does it (README, "Shell completion"):
``eval "$(_PEKSOS_COMPLETE=bash_source peksos)"``; ``zsh_source`` and ``fish_source`` likewise.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # imported when a shell asks, not by every command
    from click.shell_completion import CompletionItem


def _matching(entries: Iterable[tuple[str, str]], incomplete: str) -> list[CompletionItem]:
    """(code, name) pairs whose code starts with what was typed, or whose name (or a word of
    it: "bandung" finds Kota Bandung) does, in any case."""
    from click.shell_completion import CompletionItem

    typed = incomplete.casefold()
    return [
        CompletionItem(code, help=name)
        for code, name in entries
        if code.startswith(incomplete)
        or any(word.startswith(typed) for word in (name.casefold(), *name.casefold().split()))
    ]


def provinces(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from ledger.vocabulary import province_entries

    return _matching(((p.code, p.name) for p in province_entries()), incomplete)


def regencies(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Regencies and cities, of the province given before on the line if one was."""
    from ledger.vocabulary import province_code, regency_entries

    given = ctx.params.get("province")
    try:
        within = province_code(str(given)) if given else None
    except ValueError:
        within = None
    return _matching(((r.code, r.name) for r in regency_entries(within)), incomplete)


def levels(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The certificate levels of every rule set (`peksos rules list`)."""
    from click.shell_completion import CompletionItem

    from ledger.regimes.catalogue import RULE_SETS

    named = dict.fromkeys(level for rules in RULE_SETS for level in rules.levels if level)
    return [CompletionItem(level) for level in named if level.startswith(incomplete.casefold())]
