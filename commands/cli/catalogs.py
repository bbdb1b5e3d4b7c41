"""The message catalogs, managed with Babel: ``python -m commands.cli.catalogs COMMAND``.

- ``extract``: every message the code says (``said``, ``N_``, ``Joined``, ``say`` in ``ledger``
  and ``commands``), every help text of the CLI and every ``_("...")`` of the web pages'
  templates, into ``commands/locales/peksos.pot``;
- ``update``: each language's ``peksos.po`` brought in line with the template (new messages
  added untranslated, messages the code no longer says dropped);
  English, the language the code is written in, translates each message as itself;
- ``untranslated``: the Indonesian catalog's empty messages as JSON (``{"message": ""}``), to
  fill in; ``translate FILE.json`` puts a filled file's translations into the catalog;
- ``compile``: the ``.mo`` files the wheel ships and the CLI reads;
- ``check``: what is untranslated or unused in either catalog, or compiled out of date
  (``tests/unit/test_catalogs.py`` runs it); exit 1 if anything is.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from commands.cli.language import DOMAIN, LANGUAGES, LOCALES, help_texts

ROOT = LOCALES.parent.parent
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "said": None,
    "N_": None,
    "Joined": None,
    "say": None,
    "fields": None,  # a result's title: fields("Member registered")
    "_line": None,  # a line of a page: render.provenance
}
# click's own words that its help and errors show
CLICK = (
    "Usage:",
    "Options",
    "Show this message and exit.",
    "Show the version and exit.",
    "required",
    "default: {default}",
    "env var: {var}",
)


def template() -> Catalog:
    """Every message of the code and the CLI's help, with where each is said."""
    from commands.cli import cli

    pot = Catalog(project="peksos-ledger", domain=DOMAIN)
    for package in ("ledger", "commands"):
        found = extract_from_dir(
            ROOT / package, [("**.py", "python")], keywords=KEYWORDS, comment_tags=()
        )
        for filename, line, message, _comments, _context in found:
            if isinstance(message, str) and message.strip():
                pot.add(message, locations=[(f"{package}/{filename}", line)])
    pages = extract_from_dir(
        ROOT / "commands" / "web" / "templates",
        [("**.html", "jinja2.ext:babel_extract")],
        keywords={"_": None},
        comment_tags=(),
    )
    for filename, line, message, _comments, _context in pages:
        if isinstance(message, str) and message.strip():
            pot.add(message, locations=[(f"commands/web/templates/{filename}", line)])
    for text in (*help_texts([cli]), *CLICK):
        if text not in pot:
            pot.add(text, locations=[("commands/cli (help)", 0)])
    return pot


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, domain=DOMAIN)
    with path.open("rb") as po:
        return read_po(po, locale=lang, domain=DOMAIN)


def write(lang: str, catalog: Catalog) -> None:
    path = po_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as po:
        write_po(po, catalog, width=100, omit_header=False, sort_output=True, ignore_obsolete=True)


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def problems() -> Iterator[str]:
    """Every message untranslated or unused in a catalog, and every stale compiled catalog."""
    pot = template()
    wanted = {m.id for m in pot if m.id}
    for lang in LANGUAGES:
        catalog = read(lang)
        have = {m.id: m.string for m in catalog if m.id}
        for missing in sorted(wanted - {mid for mid, text in have.items() if text}):
            yield f"{lang}: no translation for {missing!r}"
        for unused in sorted(set(have) - wanted):
            yield f"{lang}: {unused!r} is no longer said by the code"
        mo = po_path(lang).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            yield f"{lang}: {mo.name} is not compiled from {po_path(lang).name}"


def main(args: list[str]) -> int:
    command = args[0] if args else "check"
    if command == "extract":
        with (LOCALES / f"{DOMAIN}.pot").open("wb") as out:
            write_po(out, template(), width=100, sort_output=True)
    elif command == "update":
        pot = template()
        for lang in LANGUAGES:
            catalog = read(lang)
            catalog.update(pot, no_fuzzy_matching=True)
            if lang == "en":
                for message in catalog:
                    if message.id and not message.string:
                        message.string = message.id
            write(lang, catalog)
    elif command == "untranslated":
        empty = {m.id: "" for m in read("id") if m.id and not m.string}
        print(json.dumps(empty, ensure_ascii=False, indent=1))
    elif command == "translate" and len(args) == 2:
        catalog = read("id")
        for message_id, text in json.loads(Path(args[1]).read_text("utf-8")).items():
            if text and message_id in catalog:
                catalog[message_id].string = text
        write("id", catalog)
    elif command == "compile":
        for lang in LANGUAGES:
            po_path(lang).with_suffix(".mo").write_bytes(compiled(read(lang)))
    elif command == "check":
        found = list(problems())
        for problem in found:
            print(problem)
        return 1 if found else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
