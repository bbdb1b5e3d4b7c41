"""A sentence the ledger says, kept as its English template and its values, so the CLI can say
it in the reader's language (commands/cli/language.py) and a machine can read its code.

A ``Said`` *is* its English text (a ``str``), so everything that stores, compares or logs
messages keeps working; the translation happens once, where the text is shown. The domain
stays free of locales and catalogs: it only names what it means.

    said("training: {hours} hours recorded", code="training_hours", hours=64)

The template is the gettext message id (``pybabel extract -k said`` finds it); the values are
formatted by the reader's language (dates as "1 Desember 2026", rupiah as "Rp150.000"). A value
that is itself a ``Said`` is translated too; a tuple of them is a list.
"""

from __future__ import annotations

from datetime import date
from typing import Any


class Rupiah(int):
    """An amount of rupiah among a sentence's values: shown as money, not as a count."""


class Said(str):
    template: str
    values: dict[str, Any]
    code: str | None
    figures: dict[str, Any]

    def __new__(
        cls,
        template: str,
        *,
        code: str | None = None,
        figures: dict[str, Any] | None = None,
        **values: Any,
    ) -> Said:
        self = super().__new__(cls, template.format(**{k: plain(v) for k, v in values.items()}))
        self.template, self.values, self.code = template, values, code
        self.figures = figures or {}
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # to a worker process and back, values and all
        return _rebuilt, (self.template, self.code, self.figures, self.values)

    def as_data(self, message: str | None = None) -> dict[str, Any]:
        """The machine's reading: the stable code, the figures, and the words (in ``message``'s
        language when given)."""
        return {"code": self.code or "requirement", **self.figures, "message": message or self}


class Joined(tuple[Any, ...]):
    """Values listed with a separator that is itself words (" and ", "; or "): translated."""

    separator: str

    def __new__(cls, separator: str, items: tuple[Any, ...]) -> Joined:
        self = super().__new__(cls, items)
        self.separator = separator
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return Joined, (self.separator, tuple(self))


said = Said  # the keyword the catalogs' extraction looks for


def N_(template: str) -> str:
    """A template said later (``said(template, ...)``): marked here for the catalogs."""
    return template


def _rebuilt(template: str, code: str | None, figures: dict[str, Any], values: Any) -> Said:
    return Said(template, code=code, figures=figures, **values)


def plain(value: Any) -> str:
    """A value in the English sentence: ISO dates, integers as written, lists joined."""
    if isinstance(value, Joined):
        return value.separator.join(plain(v) for v in value)
    if isinstance(value, tuple | list):
        return "; ".join(plain(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
