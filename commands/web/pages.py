"""The pages: Jinja2 templates that speak the request's language through the catalogs.

In a template, ``_("Search")`` is a message of the catalogs (extracted by Babel's Jinja2
extractor), ``_("{count} found", count=n)`` one with values, ``day(d)`` a date as the reader
writes it ("1 Desember 2026"; ISO in English) and ``word(status)`` a state in their words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from commands.cli import language
from commands.cli.language import say, shown_day
from ledger.wording import said


def _(template: str, **values: Any) -> str:
    return say(said(template, **values)) if values else say(template)


class Pages:
    def __init__(self, folder: Path) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(folder),
            autoescape=True,
            extensions=["jinja2.ext.i18n"],
            undefined=jinja2.StrictUndefined,
        )
        self.env.globals.update(_=_, gettext=_, day=shown_day, word=say)

    def render(
        self, request: Request, name: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        lang = language.current()
        other = "en" if lang == "id" else "id"
        page = self.env.get_template(name).render(
            **context,
            lang=lang,
            other=other,
            switch=str(
                request.url.include_query_params(lang=other).replace(scheme="", netloc="")
            ).removeprefix("//"),
        )
        return HTMLResponse(page, status_code=status)
