"""The reader's language: Bahasa Indonesia unless something says otherwise (PRODUCT.md).

Chosen by ``--lang id|en``, else ``PEKSOS_LANG``, else ``LANG`` (``en_US.UTF-8`` is English),
else Indonesian. Every human-facing text passes through :func:`say` where it is shown; the
catalogs live in ``commands/locales`` (``python -m commands.catalogs`` extracts, updates and
compiles them with Babel). JSON and CSV keep ISO dates and plain integers in both languages:
only the ``message`` texts change.

Help texts are translated as click writes them (:class:`Formatter`), so a command's docstring
stays the one source of its help, and its translation is found by its exact text.
"""

from __future__ import annotations

import gettext
import inspect
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import click

from ledger.errors import InvalidInput
from ledger.wording import Joined, Rupiah, Said

LANGUAGES = ("id", "en")
DEFAULT = "id"
LOCALES = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "peksos"

_chosen: str | None = None
_speaking: ContextVar[str | None] = ContextVar("speaking", default=None)


def choose(option: str | None = None) -> str:
    """Fix the language of this invocation: the option, else the environment."""
    global _chosen
    _chosen = DEFAULT  # the refusal of a PEKSOS_LANG that is no language is said in this one
    _chosen = option or from_environment()
    # click's own words ("Usage:", "Options:") are gettext's, in the process's domain: ours.
    os.environ["LANGUAGE"] = _chosen
    gettext.bindtextdomain(DOMAIN, str(LOCALES))
    gettext.textdomain(DOMAIN)
    return _chosen


def from_environment() -> str:
    chosen = os.environ.get("PEKSOS_LANG", "").strip()
    if chosen:
        if chosen not in LANGUAGES:
            why = f"{chosen!r} is not one of {', '.join(LANGUAGES)}"
            raise InvalidInput(f"PEKSOS_LANG: {why}", [{"field": "PEKSOS_LANG", "message": why}])
        return chosen
    lang = os.environ.get("LANG", "")[:2].lower()
    return lang if lang in LANGUAGES else DEFAULT


def current() -> str:
    return _speaking.get() or _chosen or from_environment()


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Say everything in ``lang`` within: one web request's language, whatever the process's."""
    token = _speaking.set(lang)
    try:
        yield
    finally:
        _speaking.reset(token)


@cache
def catalog(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=LOCALES, languages=[lang], fallback=True)


def say(text: str) -> str:
    """``text`` in the reader's language: a ``Said`` by its template and values, other text by
    itself; text without a translation stays as it is."""
    lang = current()
    if isinstance(text, Said):
        values = {name: _value(value, lang) for name, value in text.values.items()}
        return catalog(lang).gettext(text.template).format(**values)
    return catalog(lang).gettext(text) if text else text


def _value(value: Any, lang: str) -> str:
    if isinstance(value, Said):
        return say(value)
    if isinstance(value, Joined):
        return say(value.separator).join(_value(v, lang) for v in value)
    if isinstance(value, tuple | list):
        return "; ".join(_value(v, lang) for v in value)
    if isinstance(value, date):  # in English the ledger's dates stay ISO 8601, as it prints them
        return day(value, lang) if lang != "en" else value.isoformat()
    if isinstance(value, Rupiah):
        return rupiah(value, lang)
    if isinstance(value, str):  # a state or a decision ("active", "suspend") has its words
        return catalog(lang).gettext(value) if value else value
    return str(value)


def day(value: date, lang: str | None = None, length: str = "long") -> str:
    """A date as its reader writes it: "1 Desember 2026", "1 December 2026" (``medium``, for
    tables: "1 Des 2026")."""
    from babel.dates import format_date

    return format_date(value, length, locale=_locale(lang or current()))


def shown_day(value: Any, length: str = "long") -> Any:
    """A date (or an ISO date in text) in a human page: the reader's way in Indonesian; ISO
    8601 in English, as the ledger writes dates. Anything else as it is."""
    lang = current()
    if lang == "en":
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return day(value, lang, length)
    return value


def rupiah(amount: int, lang: str | None = None) -> str:
    """Rupiah as its reader writes them: "Rp150.000", "IDR 150,000"."""
    from babel.numbers import format_currency

    return format_currency(amount, "IDR", "¤#,##0", locale=_locale(lang or current()))


def shown_money(value: Any) -> Any:
    """Rupiah in a human page: "Rp150.000" in Indonesian; in English the integer, as the
    ledger records it."""
    lang = current()
    if lang == "en" or not isinstance(value, int) or isinstance(value, bool):
        return value
    return rupiah(value, lang)


def _locale(lang: str) -> str:
    return "en_GB" if lang == "en" else lang


def data(words: str) -> dict[str, Any]:
    """An unmet requirement for ``--json``: its stable code and figures, and the words."""
    if isinstance(words, Said):
        return words.as_data(say(words))
    return {"code": "requirement", "message": say(words)}


# --- help texts --------------------------------------------------------------------------------


class Formatter(click.HelpFormatter):
    """click's help, each text looked up in the catalog as click writes it."""

    def write_text(self, text: str) -> None:
        super().write_text(say(text))

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        super().write_dl([(term, _help(text)) for term, text in rows], col_max, col_spacing)


def _help(text: str) -> str:
    """An option's help, with click's ``  [default: ...]`` kept apart from the words."""
    words, mark, extra = text.rpartition("  [")
    if mark and words:
        return f"{say(words)}  [{extra}"
    return say(text)


def short_help(command: click.Command, limit: int) -> str:
    """A command's line in its group's list: the first sentence of its translated help."""
    if command.short_help:
        return say(command.short_help)
    text = inspect.cleandoc(command.help or "").partition("\f")[0]
    return click.Command(command.name, help=say(text)).get_short_help_str(limit)


def help_texts(commands: Iterable[click.Command]) -> Iterable[str]:
    """Every help text of ``commands`` and their subcommands, as click hands them to
    :class:`Formatter` (the catalogs' extraction of help)."""
    for command in commands:
        if command.help:
            yield inspect.cleandoc(command.help).partition("\f")[0]
        for param in command.params:
            if isinstance(param, click.Option) and param.help:
                yield param.help
        if isinstance(command, click.Group):
            yield from help_texts(command.commands.values())


click.Context.formatter_class = Formatter
