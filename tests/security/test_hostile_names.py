"""Names and typed text: Indonesian names (single names, apostrophes, long names) are valid
everywhere a name goes; a NIK typed in other digits is not a second registration; text that
looks like rich markup is text. (The values: ``hostile.py``.)"""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from hypothesis import given as given_
from hypothesis import strategies as st

from tests.cli.helpers import ADMIN, AUDITOR, LSP, fresh_nik, ok, register_member, run
from tests.security.hostile import INDONESIAN_NAMES, budget, fuzz, reread
from tests.security.pool import Pool, _letters

# --- values every implementation must accept --------------------------------------------------


SYLLABLES = [
    "su",
    "kar",
    "ti",
    "wi",
    "dya",
    "ning",
    "rum",
    "ma",
    "ruf",
    "nur",
    "ai",
    "ni",
    "ba",
    "gus",
    "ha",
    "di",
    "ra",
    "tna",
    "de",
    "wi",
    "yo",
    "ga",
]


@st.composite
def indonesian_names(draw: st.DrawFn) -> str:
    """Generated names in Indonesian spelling: one to five words, some with apostrophes."""
    words = []
    for _ in range(draw(st.integers(1, 5))):
        word = "".join(draw(st.lists(st.sampled_from(SYLLABLES), min_size=1, max_size=4)))
        if draw(st.booleans()) and len(word) > 3:
            cut = draw(st.integers(1, len(word) - 2))
            word = f"{word[:cut]}'{word[cut:]}"
        words.append(word.capitalize())
    return " ".join(words)


def test_indonesian_names_are_valid_everywhere_a_name_goes(pool: Pool, tally: Counter[str]) -> None:
    """Single names, apostrophes and long names are names: registered, updated, enrolled and
    recorded as assessors exactly as given."""

    @fuzz(budget(sqlite=30, postgresql=8))
    @given_(name=st.one_of(st.sampled_from(INDONESIAN_NAMES), indonesian_names()))
    def attempt(name: str) -> None:
        expected = unicodedata.normalize("NFC", name)
        result = run(
            "--json", "--as", ADMIN, "member", "register", "--name", name,
            "--nik", fresh_nik("32", "1984-05-17"), "--birth-date", "1984-05-17",
            "--province", "32",
            "--email", "anggota@example.org", "--registered-on", "2013-07-01",
        )  # fmt: skip
        tally["valid names"] += 1
        assert result.code == 0, (name, result)
        reg = result.json["registration_no"]
        assert ok("--as", AUDITOR, "--json", "member", "show", reg).json["name"] == expected
        updated = run("--as", ADMIN, "member", "update", reg, "--name", f"{name} Putri")
        assert updated.code == 0, (name, updated)
        exam = run(
            "--as", LSP, "exam", "record", reg, "--field", "anak", "--result", "failed",
            "--held-on", "2014-02-03", "--assessor", name,
        )  # fmt: skip
        assert exam.code == 0, (name, exam)
        actor = f"{name} {_letters(next(pool.counter))}"  # unique, and still a name
        enrolled = run("--as", ADMIN, "actor", "add", actor, "--role", "auditor")
        assert enrolled.code == 0, (actor, enrolled)

    attempt()


# --- specific hostile values, named so a failure says exactly what broke -------------------------


def test_a_nik_in_other_digits_is_not_a_second_registration(pool: Pool) -> None:
    """The same NIK typed in full-width or Arabic-Indic digits is the same number: it must not
    register the person a second time (exit 5, or exit 2 refusing non-ASCII digits)."""
    nik = fresh_nik("32")
    register_member(name="Siti Aminah", nik=nik)
    for digits in ("０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩"):
        same = nik.translate(str.maketrans("0123456789", digits))
        before = pool.events()
        result = run(
            "--as", ADMIN, "member", "register", "--name", "Siti Aminah", "--nik", same,
            "--birth-date", "1980-01-05", "--province", "32", "--email", "siti@example.org",
            "--registered-on", "2010-03-01",
        )  # fmt: skip
        assert result.code in (2, 5), (same, result)
        assert pool.events() == before


MARKUP = ["[/]", "[bold red]x[/bold red]"]  # broken markup, and markup that would vanish


@pytest.mark.parametrize("markup", MARKUP)
@pytest.mark.parametrize(
    ("words", "option"),
    [
        ("education add {reg} --level S1 --graduated-on 2004-08-30 --institution STKS --major",
         "--major"),
        ("education add {reg} --level S1 --graduated-on 2004-08-30 --major x --institution",
         "--institution"),
        ("training log {reg} --provider P --hours 2 --completed-on 2009-06-30 --course",
         "--course"),
        ("training log {reg} --course C --hours 2 --completed-on 2009-06-30 --provider",
         "--provider"),
        ("experience add {reg} --role r --from 2005-01-03 --to 2005-02-01 --employer",
         "--employer"),
        ("dues pay {reg} --year 2011 --amount 100000 --paid-on 2011-01-02 --receipt",
         "--receipt"),
    ],
)  # fmt: skip
def test_text_that_looks_like_markup_is_text(
    pool: Pool, words: str, option: str, markup: str
) -> None:
    """rich renders tables: text a user typed is shown as typed, and never breaks a read."""
    reg = pool.member()
    result = run("--as", ADMIN, *words.format(reg=reg).split(), markup)
    assert result.code in (0, 2), result
    if result.code == 0:
        reread(reg)
        for report in (["report", "standing", "--as-of", "2011-12-31"], ["report", "anomalies"]):
            shown = run("--as", AUDITOR, *report)
            assert shown.code == 0, (report, shown)
