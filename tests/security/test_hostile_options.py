"""Hostile values in every option and argument of every write command (and as the acting
person, ``--as``), and in the read commands' options: each one refused cleanly, nothing
recorded, or in fact valid, and then stored clean and still readable by everyone. (The
values, and the contract every outcome is judged by: ``hostile.py``.)"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import event, note
from hypothesis import given as given_
from hypothesis import strategies as st

from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    LSP,
    MINISTRY,
    Result,
    fresh_nik,
    ok,
    run,
    today_in_indonesia,
)
from tests.security.hostile import (
    CONTRACT_EXITS,
    _fold,
    _unclean,
    always,
    budget,
    examples,
    fuzz,
    hostile,
    must_fail,
    reread,
)
from tests.security.pool import Pool

# --- the write commands: valid input, and what kind of value each slot takes -----------------


@dataclass(frozen=True)
class Write:
    words: str
    actor: str
    valid: Callable[[Pool], dict[str, str]]  # slot -> value; positional slots are UPPER CASE
    kinds: dict[str, str]
    optional: frozenset[str] = frozenset()
    spends: str | None = None  # the pool's thing a success uses up
    member: Callable[[Pool, dict[str, str]], str | None] = lambda pool, slots: slots.get("REG")

    def args(self, slots: dict[str, str]) -> list[str]:
        positional = [v for k, v in slots.items() if not k.startswith("-")]
        options = [x for k, v in slots.items() if k.startswith("-") for x in (k, v)]
        return [*self.words.split(), *positional, *options]


def _held(key: str, index: int = 0) -> Callable[[Pool, dict[str, str]], str | None]:
    return lambda pool, _: pool.held[key][index] if key in pool.held else None


WRITES = [
    Write(
        "actor add", ADMIN,
        lambda p: {"NAME": next(p.names), "--role": "chapter-admin", "--province": "33"},
        {"NAME": "name", "--role": "role", "--province": "province"},
        optional=frozenset({"--province"}),
    ),
    Write(
        "actor revoke", ADMIN,
        lambda p: {"NAME": p.get("actor", p.actor), "--reason": "mutasi ke provinsi lain"},
        {"NAME": "enrolled", "--reason": "text"},
        spends="actor",
    ),
    Write("actor rotate-key", ADMIN, lambda p: {"NAME": AUDITOR}, {"NAME": "enrolled"}),
    Write(
        "member register", ADMIN,
        lambda p: {
            "--name": "Nur'aini Lubis", "--nik": fresh_nik("32", "1985-03-12"),
            "--birth-date": "1985-03-12",
            "--province": "32", "--email": "nuraini@example.org", "--phone": "0812-3456-7890",
            "--registered-on": "2012-01-09",
        },
        {
            "--name": "name", "--nik": "nik", "--birth-date": "date", "--province": "province",
            "--email": "email", "--phone": "phone", "--registered-on": "date",
        },
        optional=frozenset({"--phone", "--registered-on"}),
        member=lambda p, s: None,  # read from the output
    ),
    Write(
        "member update", ADMIN,
        lambda p: {
            "REG": p.get("member", p.member), "--name": "Siti Rahmawati",
            "--email": f"siti{next(p.counter)}@example.org", "--phone": "+62 812 1111 2222",
        },
        {"REG": "identifier", "--name": "name", "--email": "email", "--phone": "phone"},
        optional=frozenset({"--name", "--email", "--phone"}),
    ),
    Write(
        "member correct", ADMIN,
        lambda p: dict(zip(("REG", "--entry"), p.get("correctable", p.correctable), strict=True))
        | {"--reason": "jam tercatat dua kali"},
        {"REG": "identifier", "--entry": "entry", "--reason": "text"},
        spends="correctable",
    ),
    Write(
        "education add", ADMIN,
        lambda p: {
            "REG": p.get("member", p.member), "--level": "S1", "--major": "pekerjaan-sosial",
            "--institution": "STKS Bandung", "--graduated-on": "2004-08-30",
        },
        {
            "REG": "identifier", "--level": "level", "--major": "text", "--institution": "text",
            "--graduated-on": "date",
        },
    ),
    Write(
        "experience add", ADMIN,
        lambda p: {
            "REG": p.get("member", p.member), "--employer": "Panti Sosial Tresna Werdha",
            "--role": "pekerja sosial", "--from": "2005-01-03", "--to": "2008-12-31",
        },
        {
            "REG": "identifier", "--employer": "text", "--role": "text", "--from": "date",
            "--to": "date",
        },
        optional=frozenset({"--to"}),
    ),
    Write(
        "training log", ADMIN,
        lambda p: {
            "REG": p.get("member", p.member), "--course": "Manajemen kasus",
            "--provider": "Balai Besar Diklat Kesos", "--hours": "7.5",
            "--completed-on": "2009-06-30", "--evidence": "SERT-2009-114",
        },
        {
            "REG": "identifier", "--course": "text", "--provider": "text", "--hours": "hours",
            "--completed-on": "date", "--evidence": "text",
        },
        optional=frozenset({"--evidence"}),
    ),
    Write(
        "dues pay", ADMIN,
        lambda p: {
            "REG": p.get("dues", p.member), "--year": "2010", "--amount": "100000",
            "--paid-on": "2010-03-01", "--receipt": "KW-2010-0042",
        },
        {
            "REG": "identifier", "--year": "year", "--amount": "rupiah", "--paid-on": "date",
            "--receipt": "text",
        },
        optional=frozenset({"--paid-on", "--receipt"}),
        spends="dues",
    ),
    Write(
        "exam record", LSP,
        lambda p: {
            "REG": p.get("member", p.member), "--field": "lansia", "--result": "failed",
            "--held-on": "2011-04-12", "--assessor": "Agus Setiawan",
        },
        {
            "REG": "identifier", "--field": "field", "--result": "result", "--held-on": "date",
            "--assessor": "name",
        },
    ),
    Write(
        "certify", LSP,
        lambda p: dict(zip(("REG", "--exam"), p.get("eligible", p.eligible), strict=True))
        | {"--field": "anak", "--level": "generalis", "--on": today_in_indonesia().isoformat()},
        {"REG": "identifier", "--exam": "identifier", "--field": "field",
         "--level": "competence-level", "--on": "date"},
        optional=frozenset({"--exam", "--on"}),
        spends="eligible",
    ),
    Write(
        "certificate revoke", LSP,
        lambda p: {"CERT": p.get("certificate", p.certificate)[1], "--reason": "putusan etik"},
        {"CERT": "identifier", "--reason": "text"},
        spends="certificate",
        member=_held("certificate"),
    ),
    Write(
        "licence apply", LSP,
        lambda p: dict(
            zip(("REG", "--certificate"), p.get("certificate_of_2011", p.certificate_of_2011),
                strict=True)
        )
        | {"--practice": "direct,institution", "--on": "2011-05-10"},
        {"REG": "identifier", "--certificate": "identifier", "--practice": "practice",
         "--on": "date"},
        optional=frozenset({"--on"}),
        spends="certificate_of_2011",
    ),
    Write(
        "licence grant", MINISTRY,
        lambda p: {"APPLICATION_NO": p.get("application", p.application)[1],
                   "--on": "2011-06-01"},
        {"APPLICATION_NO": "identifier", "--on": "date"},
        optional=frozenset({"--on"}),
        spends="application",
        member=_held("application"),
    ),
    *(
        Write(
            f"licence {move}", MINISTRY,
            lambda p, key=key: {"LICENCE": p.get(key, getattr(p, key))[1], "--reason": "etik",
                                "--on": "2012-03-01"},
            {"LICENCE": "identifier", "--reason": "text", "--on": "date"},
            optional=frozenset({"--on"}),
            spends=key,
            member=_held(key),
        )
        for move, key in (("suspend", "licence"), ("reinstate", "suspended"),
                          ("revoke", "licence"))
    ),
    Write(
        "import members", ADMIN,
        lambda p: {"FILE": p.legacy_list(), "--source": "kongres-2010"},
        {"FILE": "file", "--source": "text"},
        member=lambda p, s: None,
    ),
]  # fmt: skip


def _confined(slot: str, value: str, pool: Pool) -> str:
    """Paths stay inside the test's folder: a hostile file name, never a hostile location."""
    if slot == "FILE" and not value.startswith(str(pool.folder)):
        return pool.path("list-") + value
    return value


def _slot_cases() -> list[tuple[Write, str]]:
    return [(w, slot) for w in WRITES for slot in [*w.kinds, "--as"]]


def _registration_no(result: Result) -> str:
    found = re.search(r"\b\d{2}-\d{4}-\d{5,}\b", result.stdout)
    assert found, result.stdout
    return found.group()


def judge(
    write: Write,
    valid_slots: dict[str, str],
    slot: str,
    value: str,
    result: Result,
    recorded: int,
    as_json: bool,
    reg: str | None,
) -> None:
    """The contract's outcome for one hostile value in ``slot`` (the other slots as in
    ``valid_slots``; ``reg``: the member it acted on)."""
    kind = "actor" if slot == "--as" else write.kinds[slot]
    valid = write.actor if slot == "--as" else valid_slots[slot]
    required = slot not in write.optional
    command = f"peksos {'--json ' if as_json else ''}--as {write.actor!r} {write.words} {slot}"
    event(f"{write.words}: exit {result.code}")
    assert result.code in CONTRACT_EXITS, f"{command}={value!r}: exit {result.code} {result}"
    if result.code != 0:
        assert recorded == 0, f"{command}={value!r}: exit {result.code} but {recorded} recorded"
        assert result.stdout == "", f"{command}={value!r}: exit {result.code}, printed {result}"
        message = result.error["message"] if as_json else result.stderr.strip()
        assert message, f"{command}={value!r}: exit {result.code} without a word"
        return
    why = must_fail(kind, value, required=required, valid=valid)
    if why is None and kind == "enrolled":  # an admin acts on any enrolled actor
        roster = ok("--as", AUDITOR, "--json", "actor", "list").json
        if _fold(value) not in {_fold(a["name"]) for a in roster}:
            why = "not an enrolled actor"
    assert why is None, f"{command}={value!r} was accepted (exit 0), but it is {why}"
    assert recorded > 0, f"{command}={value!r}: exit 0 but nothing recorded"
    if write.words == "member register":
        reg = _registration_no(result)
        shown = ok("--as", ADMIN, "--json", "member", "show", reg, "--unmasked").json
        assert re.fullmatch(r"[0-9]{16}", shown["nik"]), f"stored NIK {shown['nik']!r}"
    if write.words.startswith("actor"):
        listed = ok("--as", AUDITOR, "--json", "actor", "list").json
        assert _unclean(listed) == [], _unclean(listed)
        assert run("--as", AUDITOR, "actor", "list").code == 0
    if reg:
        reread(reg)


@pytest.mark.parametrize(("write", "slot"), _slot_cases(), ids=lambda x: getattr(x, "words", x))
def test_a_hostile_value_in_any_option_is_refused_cleanly_or_is_valid(
    pool: Pool, write: Write, slot: str, tally: Counter[str]
) -> None:
    kind = "actor" if slot == "--as" else write.kinds[slot]

    @fuzz(budget(sqlite=12, postgresql=1))
    @examples("value", always(kind), as_json=False)
    @given_(value=hostile(kind), as_json=st.booleans())
    def attempt(value: str, as_json: bool) -> None:
        valid = write.valid(pool)
        slots, actor = dict(valid), write.actor
        if slot == "--as":
            actor = value
        else:
            slots[slot] = _confined(slot, value, pool)
        note(f"slots: {slots!r}")
        reg = write.member(pool, valid)
        before = pool.events()
        result = run(*(["--json"] if as_json else []), "--as", actor, *write.args(slots))
        recorded = pool.events() - before
        tally["hostile options"] += 1
        if result.code == 0:  # the next example starts from fresh things, whatever happens here
            pool.spend(write.spends)
            pool.spend("member")
        judge(write, valid, slot, value, result, recorded, as_json, reg)

    attempt()


def test_hostile_input_left_the_ledger_whole(pool: Pool) -> None:
    """After everything above (same module, same ledger): every stream still verifies and
    every register and report still renders."""
    for args in [
        ["audit", "verify"],
        ["member", "list"],
        ["report", "anomalies"],
        ["report", "certificates"],
        ["report", "licences"],
        ["report", "standing", "--as-of", "2010-12-31"],
        ["actor", "list"],
    ]:
        result = run("--as", AUDITOR, *args)
        assert result.code == 0, (args, result)


# --- the read commands: dates, times, years and numbers -------------------------------------


READS = [
    ("member show {reg} --as-of", "date"),
    ("member history {reg} --known-at", "moment"),
    ("member show {reg} --known-at", "moment"),
    ("report standing --as-of", "date"),
    ("report standing --province", "province"),
    ("report certificates --from", "date"),
    ("report licences --to", "date"),
    ("report certificates --field", "text"),
    ("report dues --year", "year"),
    ("report dues --year 2010 --known-at", "moment"),
    ("member list --province", "province"),
    ("certificate show", "identifier"),
    ("licence show", "identifier"),
    ("audit prove", "identifier"),
    ("keys show", "name"),
]


MOMENTS = [
    "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "2010-03-01T25:00:00",
    "2010-03-01T08:00:00+25:00", "2010-03-01 08:00", "2010-03-01Z", "2010-03-01T08:00:00.9999999",
    "1e10", "now",
]  # fmt: skip


@pytest.mark.parametrize("read", READS, ids=[r[0] for r in READS])
def test_hostile_values_in_read_options(
    pool: Pool, read: tuple[str, str], tally: Counter[str]
) -> None:
    """Reads take dates, times, years and numbers too: any value is an answer or a plain
    refusal, never exit 1, and nothing is recorded."""
    template, kind = read
    values = hostile(kind) if kind != "moment" else st.one_of(
        st.sampled_from(MOMENTS), hostile("date"), st.datetimes().map(str)
    )  # fmt: skip
    fixed = always("date" if kind == "moment" else kind)

    @fuzz(budget(sqlite=8, postgresql=2))
    @examples("value", fixed, who=AUDITOR)
    @given_(value=values, who=st.sampled_from([ADMIN, AUDITOR]))
    def attempt(value: str, who: str) -> None:
        reg = pool.get("member", pool.member)
        args = [*template.format(reg=reg).split(), value]
        before = pool.events()
        result = run("--as", who, *args)
        tally["hostile read options"] += 1
        assert result.code in CONTRACT_EXITS, (args, result)
        assert pool.events() == before
        if result.code != 0:
            assert result.stderr.strip() and not result.stdout, result

    attempt()
