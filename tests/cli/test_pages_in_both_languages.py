"""The human pages speak the reader's language (headings, labels, states, dates as an
Indonesian writes them); the machine's forms (--json, CSV) are the same in both. On the demo
ledger, through the installed executable."""

from __future__ import annotations

import json

import pytest

from commands.cli.render import LABELS
from tests.cli.test_e2e import Peksos

pytestmark = pytest.mark.e2e

SITI, MARUF = "32-2010-00001", "31-2010-00001"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Peksos:
    peksos = Peksos(tmp_path_factory.mktemp("demo"))
    peksos.env["PEKSOS_LANG"] = "id"
    built = peksos("demo")
    assert built.returncode == 0, built.stderr
    peksos.demo_narration = built.stdout  # type: ignore[attr-defined]
    peksos.env["PEKSOS_ACTOR"] = "Lestari Wulandari"
    return peksos


def in_language(peksos: Peksos, lang: str, *args: str) -> str:
    peksos.env["PEKSOS_LANG"] = lang
    done = peksos(*args)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_demo_tells_its_story_in_indonesian(demo: Peksos) -> None:
    narration = demo.demo_narration  # type: ignore[attr-defined]
    assert "membuka buku besar" in narration
    for english in ("registers through", "pays 2010 dues", "REFUSED", "Explore it"):
        assert english not in narration
    assert "DITOLAK, tidak ada yang dicatat" in narration


def test_a_member_page_in_indonesian_has_its_words_states_and_dates(demo: Peksos) -> None:
    indonesian = in_language(demo, "id", "member", "show", MARUF)
    english = in_language(demo, "en", "member", "show", MARUF)

    assert "Certificates" in english and "Sertifikat" in indonesian
    assert "revoked" in english and "dicabut" in indonesian
    assert "2 Mei 2011" in indonesian  # the certificate's date, as a table shows it
    assert "2011-05-02" in english and "2011-05-02" not in indonesian
    for words in ("Certificates", "Licences", "in good standing", "registered  "):
        assert words not in indonesian, words


def test_json_and_csv_are_the_same_in_both_languages(demo: Peksos) -> None:
    for args in (
        ("--json", "member", "show", SITI),
        ("--json", "member", "history", SITI),
        ("member", "list", "--format", "csv"),
        ("report", "dues", "--year", "2012", "--format", "csv"),
    ):
        assert in_language(demo, "id", *args) == in_language(demo, "en", *args), args


@pytest.mark.parametrize(
    "args",
    [
        ("certificate", "show", "CERT-2011-00002"),
        ("licence", "show", "LIC-2011-00002"),
        ("str", "show", "STR-2021-00001"),
        ("sipps", "show", "SIPPS-3273-2021-00001"),
    ],
)
def test_every_field_a_page_shows_has_its_label(demo: Peksos, args: tuple[str, ...]) -> None:
    shown = json.loads(in_language(demo, "en", "--json", *args))
    assert set(shown) - set(LABELS) == set()
    page = in_language(demo, "id", *args)
    assert "registration no" not in page and "valid until" not in page


def test_rupiah_read_as_an_indonesian_writes_them_and_stay_integers_in_csv(demo: Peksos) -> None:
    args = ("report", "dues", "--year", "2012")
    indonesian, english = in_language(demo, "id", *args), in_language(demo, "en", *args)
    assert "Rp120.000" in indonesian and "Iuran" in indonesian
    assert "120000" in english and "Rp" not in english
    csv_text = in_language(demo, "id", *args, "--format", "csv")
    assert "120000" in csv_text and "Rp" not in csv_text
