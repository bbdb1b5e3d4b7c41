"""Every message the code says has a translation in both catalogs, no catalog keeps a message
the code no longer says, and the compiled catalogs the wheel ships are those of the sources."""

from __future__ import annotations

import pytest
from babel.messages.catalog import Catalog

from commands.cli import catalogs


def test_both_catalogs_translate_every_message_and_nothing_else() -> None:
    assert list(catalogs.problems()) == []


def test_the_check_names_a_missing_and_an_unused_translation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pot = catalogs.template()
    said = next(m.id for m in pot if m.id)

    def read(lang: str) -> Catalog:
        catalog = Catalog(locale=lang, domain=catalogs.DOMAIN)
        for message in pot:
            if message.id and message.id != said:
                catalog.add(message.id, message.id)
        catalog.add("a message nobody says any more", "pesan yang tak lagi dipakai")
        return catalog

    monkeypatch.setattr(catalogs, "read", read)
    found = list(catalogs.problems())
    assert f"id: no translation for {said!r}" in found
    assert "en: 'a message nobody says any more' is no longer said by the code" in found
