"""Who may run which command: every role, an unknown and a revoked actor, against every command
of the CLI; and who sees a member's full NIK.

The expected permissions are written out below from PRODUCT.md's "who may" column and the
README's "Who may do what" table, on purpose not imported from ``ledger/access.py``: the test
checks the code against the contract, not against itself. Every input is prepared so that the
command succeeds for an allowed actor (the first allowed actor runs exactly the arguments the
refused ones were given), so a refusal can only be about who is acting.
"""

from __future__ import annotations

import base64
import csv
import itertools
import json
import re
import shlex
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    CHAPTER_31,
    CHAPTER_32,
    LSP,
    MINISTRY,
    Result,
    event_count,
    fresh_nik,
    make_eligible,
    membership_application,
    ok,
    register_member,
    run,
)

PEKSOS = str(Path(sys.executable).with_name("peksos"))

# --- the contract, written out ---------------------------------------------------------------
#
# The eight roles a command is tried as. The member every command acts on lives in province 32:
# CHAPTER_32 is the chapter admin of the member's province, CHAPTER_31 of another province.
# Every SIPPS is of Kota Bandung (3273): BANDUNG is its regional-government officer, GARUT the
# officer of another regency (Kabupaten Garut, 3205).
ROLES = (
    "admin", "chapter-own", "chapter-other", "lsp", "ministry", "auditor", "regency-own",
    "regency-other",
)  # fmt: skip
BANDUNG = "Asep Sunandar"
GARUT = "Euis Komariah"
ACTING = {
    "admin": ADMIN,
    "chapter-own": CHAPTER_32,
    "chapter-other": CHAPTER_31,
    "lsp": LSP,
    "ministry": MINISTRY,
    "auditor": AUDITOR,
    "regency-own": BANDUNG,
    "regency-other": GARUT,
}
Y, N = True, False
READ = (Y, Y, Y, Y, Y, Y, Y, Y)  # reads: every enrolled, unrevoked actor
ANYONE = "anyone"  # needs no actor at all: init (once), info, demo, serve (tests/web)

# fmt: off
#                                   admin  chapter  chapter  lsp  ministry  auditor  regency  regncy
#                                          (own)    (other)                          (own)    (othr)
WHO_MAY: dict[str, tuple[bool, ...] | str] = {
    "init":                         ANYONE,
    "info":                         ANYONE,
    "demo":                         ANYONE,
    "serve":                        ANYONE,  # the public register: reads, records nothing
    "actor add":                    (Y,    N,       N,       N,   N,        N,        N,       N),
    "actor list":                   READ,
    "actor revoke":                 (Y,    N,       N,       N,   N,        N,        N,       N),
    # README: "admins for anyone; anyone for themselves"
    "actor rotate-key (another)":   (Y,    N,       N,       N,   N,        N,        N,       N),
    "actor rotate-key (own)":       (Y,    Y,       Y,       Y,   Y,        Y,        Y,       Y),
    "keys show":                    READ,
    "keys export":                  READ,
    # once per ledger made before tree heads were signed (test below)
    "keys log-key":                 (Y,    N,       N,       N,   N,        N,        N,       N),
    "member register":              (Y,    Y,       N,       N,   N,        N,        N,       N),
    "member update":                (Y,    Y,       N,       N,   N,        N,        N,       N),
    # README: `member correct` is open to whoever may record that kind of entry
    "member correct (training)":    (Y,    Y,       N,       Y,   N,        N,        N,       N),
    "member correct (exam)":        (N,    N,       N,       Y,   N,        N,        N,       N),
    "member correct (dues)":        (Y,    Y,       N,       N,   N,        N,        N,       N),
    # a wrong identity fact: the national office only (README)
    "member correct-identity":      (Y,    N,       N,       N,   N,        N,        N,       N),
    # UU 27/2022: the national office answers the person's requests (PRODUCT.md: admin)
    "member export-data":           (Y,    N,       N,       N,   N,        N,        N,       N),
    "member restrict":              (Y,    N,       N,       N,   N,        N,        N,       N),
    "member unrestrict":            (Y,    N,       N,       N,   N,        N,        N,       N),
    "member erase":                 (Y,    N,       N,       N,   N,        N,        N,       N),
    # applications made on the web: decided by an admin of their province (PRODUCT.md)
    "member applications":          (Y,    Y,       N,       N,   N,        N,        N,       N),
    "member approve":               (Y,    Y,       N,       N,   N,        N,        N,       N),
    "member reject":                (Y,    Y,       N,       N,   N,        N,        N,       N),
    # full NIK and contacts: those who identify members, each read recorded (issue 15)
    "member show --unmasked":       (Y,    Y,       N,       Y,   Y,        N,        N,       N),
    "member history --unmasked":    (Y,    Y,       N,       Y,   Y,        N,        N,       N),
    "member show":                  READ,
    "member history":               READ,
    "member list":                  READ,
    "education add":                (Y,    Y,       N,       N,   N,        N,        N,       N),
    "experience add":               (Y,    Y,       N,       N,   N,        N,        N,       N),
    "training log":                 (Y,    Y,       N,       Y,   N,        N,        N,       N),
    "dues pay":                     (Y,    Y,       N,       N,   N,        N,        N,       N),
    "exam record":                  (N,    N,       N,       Y,   N,        N,        N,       N),
    "certify":                      (N,    N,       N,       Y,   N,        N,        N,       N),
    "certificate show":             READ,
    "certificate provenance":       READ,
    # a credential goes out as a signed token, or on paper, from its issuer only
    "certificate export":           (N,    N,       N,       Y,   N,        N,        N,       N),
    "certificate print":            (N,    N,       N,       Y,   N,        N,        N,       N),
    "certificate verify":           READ,
    "status-list export":           READ,  # signed with the ledger's log key, not an officer's
    "certificate revoke":           (N,    N,       N,       Y,   N,        N,        N,       N),
    "licence apply":                (N,    N,       N,       Y,   N,        N,        N,       N),
    "licence grant":                (N,    N,       N,       N,   Y,        N,        N,       N),
    "licence suspend":              (N,    N,       N,       N,   Y,        N,        N,       N),
    "licence reinstate":            (N,    N,       N,       N,   Y,        N,        N,       N),
    "licence revoke":               (N,    N,       N,       N,   Y,        N,        N,       N),
    "licence show":                 READ,
    "licence export":               (N,    N,       N,       N,   Y,        N,        N,       N),
    "licence print":                (N,    N,       N,       N,   Y,        N,        N,       N),
    "licence verify":               READ,
    "report standing":              READ,
    "report certificates":          READ,
    "report licences":              READ,
    "report credentials":           READ,
    "report dues":                  READ,
    "report anomalies":             READ,
    "report access":                (Y,    N,       N,       N,   N,        Y,        N,       N),
    "audit verify":                 READ,
    "audit verify --against":       READ,
    "audit digest":                 READ,
    "audit prove":                  READ,
    "projections status":           READ,
    "projections rebuild":          (Y,    N,       N,       N,   N,        N,        N,       N),
    "projections run":              (Y,    N,       N,       N,   N,        N,        N,       N),
    "migrate":                      (Y,    N,       N,       N,   N,        N,        N,       N),
    "import members":               (Y,    N,       N,       N,   N,        N,        N,       N),
    "str issue":                    (Y,    N,       N,       N,   N,        N,        N,       N),
    "str revoke":                   (Y,    N,       N,       N,   N,        N,        N,       N),
    "str show":                     READ,
    "str export":                   (Y,    N,       N,       N,   N,        N,        N,       N),
    "str print":                    (Y,    N,       N,       N,   N,        N,        N,       N),
    "str verify":                   READ,
    "str provenance":               READ,
    "sipps grant":                  (N,    N,       N,       N,   N,        N,        Y,       N),
    "sipps suspend":                (N,    N,       N,       N,   N,        N,        Y,       N),
    "sipps reinstate":              (N,    N,       N,       N,   N,        N,        Y,       N),
    "sipps revoke":                 (N,    N,       N,       N,   N,        N,        Y,       N),
    "sipps show":                   READ,
    "sipps export":                 (N,    N,       N,       N,   N,        N,        Y,       N),
    "sipps print":                  (N,    N,       N,       N,   N,        N,        Y,       N),
    "sipps verify":                 READ,
    "sipps provenance":             READ,
    "rules list":                   ANYONE,
    "rules show":                   ANYONE,
    # the vocabularies are public data: no store, no actor
    "reference provinces":          ANYONE,
    "reference regencies":          ANYONE,
    "reference majors":             ANYONE,
    "reference fields":             ANYONE,
    "reference levels":             ANYONE,
    # installs a bundle an admin made (`actor add --bundle`): the transfer code is the key
    "keys import":                  ANYONE,
}
# fmt: on

# Enrolled, then revoked (`actor revoke`): one of each role, so every command is also tried by
# a revoked actor whose role would otherwise allow it.
REVOKED = {
    "admin": ("Wahyu Kurniawan", "admin", None),
    "chapter-own": ("Yuliana Siregar", "chapter-admin", "--province=32"),
    "lsp": ("Fajar Nugroho", "lsp", None),
    "ministry": ("Ika Rahmawati", "ministry", None),
    "auditor": ("Teguh Santosa", "auditor", None),
    "regency-own": ("Dadang Hermawan", "regional-government", "--regency=3273"),
}
UNKNOWN = "Gatot Wiryawan"  # never enrolled
TARGET = "Lestari Handayani"  # an auditor whose key others try to rotate

# Everyone a command is tried as: (label, --as value or None for no actor at all).
PRINCIPALS: list[tuple[str, str | None]] = [
    *((role, ACTING[role]) for role in ROLES),
    *((f"revoked {role}", name) for role, (name, _, _) in REVOKED.items()),
    ("unknown", UNKNOWN),
    ("no --as", None),
]


def allowed(command: str, principal: str) -> bool:
    rule = WHO_MAY[command]
    if rule == ANYONE:
        return True
    assert isinstance(rule, tuple)
    return principal in ROLES and rule[ROLES.index(principal)]


def principals_for(command: str) -> list[tuple[str, str | None]]:
    """The six roles, an unknown actor, no actor at all, and one revoked actor: of the first
    role allowed to run the command (an auditor for reads), so that only the revocation
    stands between them and success."""
    rule = WHO_MAY[command]
    if rule == ANYONE:
        return PRINCIPALS
    assert isinstance(rule, tuple)
    role = "auditor" if rule == READ else ROLES[rule.index(True)]
    revoked = f"revoked {role}" if role in REVOKED else "revoked admin"
    return [(label, name) for label, name in PRINCIPALS if label in (*ROLES, revoked) or
            not label.startswith("revoked")]  # fmt: skip


def as_args(name: str | None) -> list[str]:
    return [] if name is None else ["--as", name]


def test_every_command_of_the_cli_is_in_the_matrix() -> None:
    """A command added to the CLI without a line here fails this test."""
    from commands.cli import cli

    def walk(group: object, prefix: str) -> Iterator[str]:
        for name, command in getattr(group, "commands", {}).items():
            path = f"{prefix}{name}"
            if hasattr(command, "commands"):
                yield from walk(command, path + " ")
            else:
                yield path

    in_matrix = {
        key.split(" (")[0].removesuffix(" --against").removesuffix(" --unmasked") for key in WHO_MAY
    }
    assert set(walk(cli, "")) == in_matrix


# --- a ledger where every command can succeed ------------------------------------------------

FIRST = shlex.split(
    "Agus Bayu Citra Dimas Eka Fitri Gilang Hendra Indah Joko Kartika Lukas Maya Nanda Oki "
    "Putri Rizky Sinta Taufik Umi Vina Wulan Yogi Zahra"
)
LAST = shlex.split(
    "Pratama Saputra Lestari Hidayat Nugraha Permana Wijaya Kusuma Rahayu Harahap Lubis "
    "Manurung Sitompul Tanjung Pangaribuan Simatupang"
)


@dataclass
class World:
    """Makes whatever a command needs, fresh each time (a certificate to revoke, an
    application to grant, ...), through the CLI as the actors who may."""

    tmp: Path
    names: Iterator[str] = field(init=False)
    files: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    cache: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.names = (f"{a} {b}" for b, a in itertools.product(LAST, FIRST))

    def name(self) -> str:
        return next(self.names)

    def path(self, suffix: str) -> Path:
        return self.tmp / f"file-{next(self.files)}{suffix}"

    def enrolled(self) -> str:
        name = self.name()
        ok("--as", ADMIN, "actor", "add", name, "--role", "auditor")
        return name

    def member(self) -> str:
        return register_member(name="Siti Aminah", province="32")

    def with_entry(self, kind: str) -> tuple[str, int]:
        """A member whose entry 2 is a fact of ``kind``, recorded by someone who may."""
        reg = self.member()
        who, line = {
            "training": (ADMIN, "training log {} --course Konseling --provider 'Balai Diklat' "
                                "--hours 12 --completed-on 2011-02-01"),
            "exam": (LSP, "exam record {} --field anak --result failed --held-on 2011-03-01 "
                          "--assessor 'Agus Setiawan'"),
            "dues": (ADMIN, "dues pay {} --year 2011 --amount 100000 --paid-on 2011-01-15"),
        }[kind]  # fmt: skip
        ok("--as", who, *sh(line.format(reg)))
        return reg, 2

    def eligible(self, level: str | None = "generalis") -> str:
        reg = self.member()
        make_eligible(reg, level=level)
        return reg

    def certificate(self) -> tuple[str, str]:
        """A generalis certificate of today (Law 14/2019)."""
        reg = self.eligible()
        certified = ok("--as", LSP, "--json", *sh(f"certify {reg} --field anak --level generalis"))
        return reg, str(certified.json["certificate_no"])

    def certificate_of_2011(self) -> tuple[str, str]:
        """Paper history: a certificate of 2011-05-02 (Permensos 108/2009), when the Ministry
        still licensed; the licence decisions on it are dated in 2011 and 2012 too."""
        reg = self.eligible(level=None)
        certified = ok("--as", LSP, "--json", *sh(f"certify {reg} --field anak --on 2011-05-02"))
        return reg, str(certified.json["certificate_no"])

    def application(self) -> str:
        reg, cert = self.certificate_of_2011()
        applied = ok(
            "--as", LSP, "--json",
            *sh(f"licence apply {reg} --certificate {cert} --practice direct,institution "
                "--on 2011-05-10"),
        )  # fmt: skip
        return str(applied.json["application_no"])

    def licence(self) -> str:
        granted = ok(
            "--as", MINISTRY, "--json", *sh(f"licence grant {self.application()} --on 2011-06-01")
        )  # fmt: skip
        return str(granted.json["licence_no"])

    def suspended(self) -> str:
        lic = self.licence()
        ok("--as", MINISTRY, *sh(f"licence suspend {lic} --reason 'pemeriksaan etik' "
                                 "--on 2012-01-02"))  # fmt: skip
        return lic

    def registration(self) -> tuple[str, str]:
        """An STR of today on a certificate of today: (registration_no, str_no)."""
        reg, cert = self.certificate()
        issued = ok(
            "--as", ADMIN, "--json",
            *sh(f"str issue {reg} --certificate {cert} --health-statement SKS-117/RSUD "
                "--oath-on 2021-06-01 --ethics-pledge PKE-117"),
        )  # fmt: skip
        return reg, str(issued.json["str_no"])

    def permit(self) -> str:
        """A SIPPS of Kota Bandung, granted today."""
        reg, str_no = self.registration()
        granted = ok(
            "--as", BANDUNG, "--json",
            *sh(f"sipps grant {reg} --str {str_no} --regency 3273 "
                "--place 'Panti Sosial Asuhan Anak Bandung' --practice direct"),
        )  # fmt: skip
        return str(granted.json["sipps_no"])

    def suspended_permit(self) -> str:
        sipps = self.permit()
        ok("--as", BANDUNG, *sh(f"sipps suspend {sipps} --reason 'pemeriksaan etik'"))
        return sipps

    def shared(self, key: str, make: Callable[[], str]) -> str:
        """One of a kind for the reads (they change nothing)."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def read_licence(self) -> str:
        return self.shared("licence", self.licence)

    def read_str(self) -> str:
        return self.shared("str", lambda: self.registration()[1])

    def read_sipps(self) -> str:
        return self.shared("sipps", self.permit)

    def read_certificate(self) -> str:
        return self.shared("certificate", lambda: self.certificate()[1])

    def token(self) -> str:
        return self.token_of(self.read_certificate())

    def token_of(self, cert: str, kind: str = "certificate", issuer: str = LSP) -> str:
        """A file holding the credential exported by its issuer."""
        path = self.path(".jwt")
        path.write_text(ok("--as", issuer, kind, "export", cert).stdout)
        return str(path)

    def printing(self, kind: str, number: str) -> list[str]:
        return [kind, "print", number, "--out", str(self.path(".pdf"))]

    def digest(self) -> str:
        path = self.path(".json")
        path.write_text(ok("--as", ADMIN, "audit", "digest").stdout)
        return str(path)

    def legacy_list(self) -> str:
        path = self.path(".csv")
        rows = [
            ["name", "nik", "birth_date", "province", "email", "registered_on"],
            [
                "Sukarti",
                fresh_nik("32", "1978-03-12"),
                "12/03/1978",
                "32",
                "sukarti@example.org",
                "01/03/2010",
            ],
            [
                "Ma'ruf Hidayat",
                fresh_nik("31", "1979-04-02", woman=False),
                "1979-04-02",
                "31",
                "maruf@example.org",
                "",
            ],
        ]
        with path.open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
        return str(path)


@pytest.fixture(scope="module")
def world(shared_ledger: Path) -> World:
    """The standard actors (tests/cli/helpers.py), one revoked actor of each role, an auditor
    whose key others try to rotate, and the officers of Kota Bandung and Kabupaten Garut."""
    for name, role, where in REVOKED.values():
        ok("--as", ADMIN, "actor", "add", name, "--role", role, *([where] if where else []))
        ok("--as", ADMIN, "actor", "revoke", name, "--reason", "meninggalkan jabatan")
    ok("--as", ADMIN, "actor", "add", TARGET, "--role", "auditor")
    for name, regency in ((BANDUNG, "3273"), (GARUT, "3205")):
        ok("--as", ADMIN, "actor", "add", name, "--role", "regional-government",
           "--regency", regency)  # fmt: skip
    return World(shared_ledger)


# --- the commands, each with input that would succeed ---------------------------------------

Prepare = Callable[[World, str | None], list[str]]


@dataclass(frozen=True)
class Case:
    command: str  # a key of WHO_MAY
    prepare: Prepare  # (world, who is acting) -> arguments after the global options
    records: bool  # a successful run appends events
    writes: int | None = None  # index of an argument naming a file the command would create
    # what the allowed get when a rule refuses them after the permission held (0: success)
    allowed_exit: int = 0


def sh(line: str) -> list[str]:
    """A command line as the shell would split it."""
    return shlex.split(line)


def _register(w: World, _: str | None) -> list[str]:
    return sh(
        f'member register --name "Nur\'aini" --nik {fresh_nik("32", "1985-03-12")} '
        "--birth-date 1985-03-12 "
        "--province 32 --email nuraini@example.org --phone '+62 812 3456 7890' "
        "--registered-on 2012-01-09"
    )


def _correct(kind: str) -> Prepare:
    def prepare(w: World, _: str | None) -> list[str]:
        reg, entry = w.with_entry(kind)
        return sh(f"member correct {reg} --entry {entry} --reason 'tercatat dua kali'")

    return prepare


def _unrestrict(w: World, _: str | None) -> list[str]:
    reg = w.member()
    ok("--as", ADMIN, *sh(f"member restrict {reg} --reason 'permintaan anggota'"))
    return sh(f"member unrestrict {reg} --reason 'permintaan dicabut'")


def _apply(w: World, _: str | None) -> list[str]:
    reg, cert = w.certificate_of_2011()
    return sh(
        f"licence apply {reg} --certificate {cert} --practice direct,community --on 2011-06-01"
    )


def _import(w: World, _: str | None) -> list[str]:
    return sh(f"import members {w.legacy_list()} --source kongres-2010 --report {w.path('.csv')}")


# fmt: off
CASES = [
    Case("actor add", lambda w, _: sh(f"actor add '{w.name()}' --role auditor"), True),
    Case("actor list", lambda w, _: sh("actor list"), False),
    Case("actor revoke", lambda w, _: sh(f"actor revoke '{w.enrolled()}' --reason mutasi"), True),
    Case("actor rotate-key (another)", lambda w, _: ["actor", "rotate-key", TARGET], True),
    Case("actor rotate-key (own)", lambda w, me: ["actor", "rotate-key", me or UNKNOWN], True),
    Case("keys show", lambda w, _: ["keys", "show", LSP], False),
    Case("keys export", lambda w, _: ["keys", "export", "--jwks"], False),
    Case("member register", _register, True),
    Case("member update", lambda w, _: sh(f"member update {w.member()} --email b@example.org"),
         True),
    *(Case(f"member correct ({k})", _correct(k), True) for k in ("training", "exam", "dues")),
    Case("rules list", lambda w, _: ["rules", "list"], False),
    Case("rules show", lambda w, _: ["rules", "show", "permensos-108-2009"], False),
    *(Case(f"reference {v}", lambda w, _, v=v: ["reference", v], False)
      for v in ("provinces", "regencies", "majors", "fields", "levels")),
    Case("member correct-identity", lambda w, _: sh(
        f"member correct-identity {w.member()} --province 31 --reason 'salah provinsi'"), True),
    Case("member show", lambda w, _: sh(f"member show {w.shared('member', w.member)}"), False),
    Case("member export-data",  # records the request
         lambda w, _: sh(f"member export-data {w.shared('member', w.member)}"), True),
    Case("member restrict",
         lambda w, _: sh(f"member restrict {w.member()} --reason 'permintaan anggota'"), True),
    Case("member unrestrict", _unrestrict, True),
    Case("member applications", lambda w, _: sh("member applications --province 32"), False),
    Case("member approve", lambda w, _: ["member", "approve", membership_application()], True),
    Case("member reject", lambda w, _: [
        "member", "reject", membership_application(), "--reason", "gelar bukan pekerjaan sosial"],
        True),
    Case("member erase",
         lambda w, _: sh(f"member erase {w.member()} --reason 'permintaan anggota'"), True),
    Case("member show --unmasked",  # records the read
         lambda w, _: sh(f"member show {w.member()} --unmasked"), True),
    Case("member history --unmasked",
         lambda w, _: sh(f"member history {w.member()} --unmasked"), True),
    Case("member history", lambda w, _: sh(f"member history {w.shared('member', w.member)}"),
         False),
    Case("member list", lambda w, _: sh("member list --province 32"), False),
    Case("education add", lambda w, _: sh(
        f"education add {w.member()} --level S1 --major pekerjaan-sosial "
        "--institution 'STKS Bandung' --graduated-on 2004-08-30"), True),
    Case("experience add", lambda w, _: sh(
        f"experience add {w.member()} --employer 'Panti Sosial Tresna Werdha' "
        "--role 'pekerja sosial' --from 2005-01-03 --to 2008-12-31"), True),
    Case("training log", lambda w, _: sh(
        f"training log {w.member()} --course 'Manajemen kasus' --provider 'Balai Diklat Kesos' "
        "--hours 7.5 --completed-on 2009-06-30 --evidence SERT-2009-114"), True),
    Case("dues pay", lambda w, _: sh(
        f"dues pay {w.member()} --year 2010 --amount 100000 --paid-on 2010-03-01 "
        "--receipt KW-2010-0042"), True),
    Case("exam record", lambda w, _: sh(
        f"exam record {w.member()} --field lansia --result passed --held-on 2011-04-12 "
        "--assessor 'Agus Setiawan' --assessor 'Rina Wati'"), True),
    Case("certify", lambda w, _: sh(f"certify {w.eligible()} --field anak --level generalis"),
         True),
    Case("certificate show", lambda w, _: sh(f"certificate show {w.read_certificate()}"), False),
    Case("certificate provenance",
         lambda w, _: sh(f"certificate provenance {w.read_certificate()}"), False),
    Case("certificate export",  # records the issuance
         lambda w, _: sh(f"certificate export {w.read_certificate()}"), True),
    Case("certificate verify", lambda w, _: sh(f"certificate verify {w.token()}"), False),
    Case("certificate print", lambda w, _: w.printing("certificate", w.read_certificate()),
         True, writes=4),
    Case("status-list export", lambda w, _: ["status-list", "export"], False),
    Case("certificate revoke", lambda w, _: sh(
        f"certificate revoke {w.certificate()[1]} --reason 'putusan etik'"), True),
    Case("licence apply", _apply, True),
    Case("licence grant", lambda w, _: sh(f"licence grant {w.application()} --on 2011-06-01"),
         True),
    Case("licence suspend", lambda w, _: sh(
        f"licence suspend {w.licence()} --reason pemeriksaan --on 2012-01-02"), True),
    Case("licence reinstate", lambda w, _: sh(
        f"licence reinstate {w.suspended()} --reason 'dinyatakan bersih' --on 2012-03-01"), True),
    Case("licence revoke", lambda w, _: sh(
        f"licence revoke {w.licence()} --reason 'pelanggaran kode etik' --on 2012-01-02"), True),
    Case("licence show", lambda w, _: sh(f"licence show {w.read_licence()}"), False),
    # No licence is active today (the Ministry's last were granted before 2021), so the
    # Ministry's export is refused by the rule (exit 3), after the permission held; and a
    # licence token to verify cannot be had: a certificate's is refused as the wrong kind.
    Case("licence export", lambda w, _: sh(f"licence export {w.read_licence()}"), True,
         allowed_exit=3),
    Case("licence print", lambda w, _: w.printing("licence", w.read_licence()), True,
         writes=4, allowed_exit=3),
    Case("licence verify", lambda w, _: sh(f"licence verify {w.token()}"), False,
         allowed_exit=2),
    Case("str issue", lambda w, _: sh(
        "str issue {} --certificate {} --health-statement SKS-118 --oath-on 2021-06-01 "
        "--ethics-pledge PKE-118".format(*w.certificate())), True),
    Case("str revoke", lambda w, _: sh(
        f"str revoke {w.registration()[1]} --reason 'pelanggaran kode etik'"), True),
    Case("str show", lambda w, _: sh(f"str show {w.read_str()}"), False),
    Case("str provenance", lambda w, _: sh(f"str provenance {w.read_str()}"), False),
    Case("str export", lambda w, _: sh(f"str export {w.read_str()}"), True),
    Case("str print", lambda w, _: w.printing("str", w.read_str()), True, writes=4),
    Case("str verify", lambda w, _: sh(
        f"str verify {w.token_of(w.read_str(), 'str', ADMIN)}"), False),
    Case("sipps grant", lambda w, _: sh(
        "sipps grant {} --str {} --regency 3273 --place 'Klinik Sosial Cibeunying' "
        "--practice community".format(*w.registration())), True),
    Case("sipps suspend", lambda w, _: sh(
        f"sipps suspend {w.permit()} --reason pemeriksaan"), True),
    Case("sipps reinstate", lambda w, _: sh(
        f"sipps reinstate {w.suspended_permit()} --reason 'dinyatakan bersih'"), True),
    Case("sipps revoke", lambda w, _: sh(
        f"sipps revoke {w.permit()} --reason 'izin dicabut'"), True),
    Case("sipps show", lambda w, _: sh(f"sipps show {w.read_sipps()}"), False),
    Case("sipps provenance", lambda w, _: sh(f"sipps provenance {w.read_sipps()}"), False),
    Case("sipps export", lambda w, _: sh(f"sipps export {w.read_sipps()}"), True),
    Case("sipps print", lambda w, _: w.printing("sipps", w.read_sipps()), True, writes=4),
    Case("sipps verify", lambda w, _: sh(
        f"sipps verify {w.token_of(w.read_sipps(), 'sipps', BANDUNG)}"), False),
    Case("report standing",
         lambda w, _: sh("report standing --as-of 2010-12-31 --format csv"), False),
    Case("report certificates", lambda w, _: sh("report certificates --field anak"), False),
    Case("report access", lambda w, _: sh("report access"), False),
    Case("report licences", lambda w, _: sh("report licences --format json"), False),
    Case("report credentials", lambda w, _: sh("report credentials --kind sipps"), False),
    Case("report dues", lambda w, _: sh("report dues --year 2010"), False),
    Case("report anomalies", lambda w, _: sh("report anomalies"), False),
    Case("audit verify", lambda w, _: sh("audit verify"), False),
    Case("audit verify --against", lambda w, _: sh(f"audit verify --against {w.digest()}"),
         False),
    Case("audit digest", lambda w, _: sh("audit digest"), False),
    Case("audit prove", lambda w, _: sh(f"audit prove {w.read_certificate()}"), False),
    Case("projections status", lambda w, _: sh("projections status"), False),
    Case("projections rebuild", lambda w, _: sh("projections rebuild"), False),
    Case("migrate", lambda w, _: sh(f"migrate --to {w.path('.sqlite')}"), False, writes=2),
    Case("import members", _import, True, writes=6),
]
# fmt: on


def _fails_as(result: Result, code: int) -> str | None:
    """Why ``result`` is not the contract's failure with ``code`` (None if it is)."""
    if result.code != code:
        return (
            f"exit {result.code}, expected {code}: {result.stdout[:300]!r} {result.stderr[:300]!r}"
        )
    if result.stdout:
        return f"exit {code} but printed {result.stdout[:200]!r}"
    error = result.error
    if error["code"] != "not_authorised" or not error["message"]:
        return f"error object {error}"
    return None


@pytest.mark.parametrize("case", CASES, ids=[c.command for c in CASES])
def test_only_the_roles_the_contract_names_may_run_each_command(
    world: World, case: Case, tally: Counter[str]
) -> None:
    """Refused principals exit 7 with the contract's error and record nothing; allowed ones
    succeed with the very same input (and a write records something, a read nothing)."""
    problems: list[str] = []
    principals = principals_for(case.command)
    refused = [(label, name) for label, name in principals if not allowed(case.command, label)]
    permitted = [(label, name) for label, name in principals if allowed(case.command, label)]
    assert permitted, f"{case.command}: nobody may run it?"

    shared = case.prepare(world, permitted[0][1])
    before = event_count()
    for label, name in refused:
        args = case.prepare(world, name) if "(own)" in case.command else shared
        result = run("--json", *as_args(name), *args)
        tally["access matrix"] += 1
        if (why := _fails_as(result, 7)) is not None:
            problems.append(f"{label} ({name}): peksos --as {name!r} {' '.join(args)}: {why}")
        if case.writes is not None and Path(args[case.writes]).exists():
            problems.append(f"{label}: refused, but {args[case.writes]} was written")
        if result.code == 0 and case.records and "(own)" not in case.command:
            # it went through: fresh input for the rest, so one failure does not hide others
            now = event_count()
            shared = case.prepare(world, permitted[0][1])
            before += event_count() - now
    if event_count() != before:
        problems.append(f"refused principals recorded {event_count() - before} event(s)")

    reads_from = event_count()
    for i, (label, name) in enumerate(permitted):
        if "(own)" in case.command:
            args = case.prepare(world, name)
        elif i == 0 or not case.records:
            args = shared  # the refused principals' input: it was valid
        else:
            args = case.prepare(world, name)  # the first allowed run used it up
        before = event_count() if case.records else reads_from
        result = run("--json", *as_args(name), *args)
        tally["access matrix"] += 1
        if case.allowed_exit:
            if result.code != case.allowed_exit or result.error["code"] == "not_authorised":
                problems.append(
                    f"{label} ({name}) may, so expected exit {case.allowed_exit} by a rule: "
                    f"exit {result.code}: {result.stderr[:300]!r}"
                )
            elif event_count() != before:
                problems.append(f"{label}: refused by a rule, but something was recorded")
        elif result.code != 0:
            problems.append(
                f"{label} ({name}) may, but: peksos --as {name!r} {' '.join(args)}: exit "
                f"{result.code}: {result.stderr[:300]!r}"
            )
        elif case.records and event_count() <= before:
            problems.append(f"{label}: exit 0 but nothing recorded")
    if not case.records and event_count() != reads_from:
        problems.append(f"reads recorded {event_count() - reads_from} event(s)")

    assert not problems, f"{case.command}:\n  " + "\n  ".join(problems)


# --- commands that need no actor: init (once), info, demo ------------------------------------


def test_anyone_may_create_a_new_ledger_but_only_once(world: World, tally: Counter[str]) -> None:
    problems = []
    for label, name in PRINCIPALS:
        fresh = world.path(".sqlite")
        result = run("--json", "--db", str(fresh), *as_args(name), "init", "--admin", "Ratna Sari")
        tally["access matrix"] += 1
        if result.code != 0:
            problems.append(f"{label}: init on a new store: exit {result.code} {result.stderr!r}")
    before = event_count()
    for label, name in PRINCIPALS:
        result = run("--json", *as_args(name), "init", "--admin", "Dewi Lestari")
        tally["access matrix"] += 1
        if result.code != 5:
            problems.append(f"{label}: a second init: exit {result.code}, expected 5")
    if event_count() != before:
        problems.append("a second init recorded something")
    assert not problems, "\n".join(problems)


def test_only_an_admin_may_record_the_log_key_and_only_once(
    world: World, tally: Counter[str]
) -> None:
    """``keys log-key`` gives a ledger made before tree heads were signed its key; this one
    has one since ``init``: the admin is told so (exit 5), everyone else is refused (exit 7),
    and nothing is recorded."""
    before, problems = event_count(), []
    for label, name in principals_for("keys log-key"):
        result = run("--json", *as_args(name), "keys", "log-key")
        tally["access matrix"] += 1
        expected = 5 if allowed("keys log-key", label) else 7
        if result.code != expected:
            problems.append(f"{label}: exit {result.code}, expected {expected}")
    if event_count() != before:
        problems.append("keys log-key recorded something")
    assert not problems, "\n".join(problems)


def test_anyone_may_see_which_store_is_in_use(world: World, tally: Counter[str]) -> None:
    events = event_count()
    for label, name in PRINCIPALS:
        result = run("--json", *as_args(name), "info")
        tally["access matrix"] += 1
        assert result.code == 0, (label, result)
        assert result.json["events"] == events, label


def test_anyone_may_build_a_demonstration_ledger(world: World, tally: Counter[str]) -> None:
    before = event_count()
    for label, name in PRINCIPALS:
        fresh = world.path(".sqlite")
        result = run("--db", str(fresh), *as_args(name), "demo")
        tally["access matrix"] += 1
        assert result.code == 0, (label, result)
        assert run("--json", "--db", str(fresh), "info").json["events"] > 0, label
    assert event_count() == before  # the demo went to its own store


@pytest.mark.e2e
def test_only_an_admin_may_run_the_projection_follower(world: World, tally: Counter[str]) -> None:
    """``projections run`` runs until SIGTERM: each principal gets its own process. The refused
    ones must exit 7 at once; the admin's keeps running until stopped, then exits 0."""
    before = event_count()
    procs = {
        label: subprocess.Popen(
            [PEKSOS, *as_args(name), "projections", "run", "--poll", "0.2"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for label, name in PRINCIPALS
    }
    tally["access matrix"] += len(procs)
    problems = []
    try:
        for label, proc in procs.items():
            if allowed("projections run", label):
                continue
            try:
                _, err = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                problems.append(f"{label}: still following after 30 s (not refused)")
                continue
            if proc.returncode != 7 or "Traceback" in err:
                problems.append(f"{label}: exit {proc.returncode}, expected 7: {err[:300]!r}")
        admin = procs["admin"]
        if admin.poll() is not None:
            problems.append(f"admin: the follower stopped by itself, exit {admin.returncode}")
        else:
            admin.send_signal(signal.SIGTERM)
            out, err = admin.communicate(timeout=30)
            if admin.returncode != 0 or "stopped after applying" not in out:
                problems.append(f"admin: exit {admin.returncode} {out!r} {err[:300]!r}")
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert event_count() == before
    assert not problems, "\n".join(problems)


# --- personal data: who sees a full NIK ------------------------------------------------------

# with --unmasked, each read recorded and signed (issue 15); a chapter only its province's
SEES_FULL_NIK = ("admin", "chapter-own", "lsp", "ministry")
NIK = "3273014501800417"  # fictional
MASKED = "*" * 12 + NIK[-4:]


def _no_nik(text: str) -> list[str]:
    """What of the NIK a text gives away: the whole number or its first twelve digits."""
    return [part for part in (NIK, NIK[:12]) if part in text]


@dataclass(frozen=True)
class Holder:
    reg: str
    cert: str
    lic: str
    str_no: str
    sipps: str


@pytest.fixture(scope="module")
def holder(world: World) -> Holder:
    """A member of province 32 with every kind of fact, so that every register and report
    lists them: degree, practice, training (logged late: an anomaly), dues for this year and
    2010, a certificate of 2011 with a Ministry licence, and a generalis certificate of today
    with its STR and a SIPPS of Kota Bandung."""
    reg = register_member(name="Siti Aminah", nik=NIK, province="32")
    make_eligible(reg, level="generalis")
    this_year = str(datetime.now(timezone(timedelta(hours=9))).year)
    ok("--as", ADMIN, *sh(f"dues pay {reg} --year {this_year} --amount 150000"))
    ok("--as", ADMIN, *sh(f"dues pay {reg} --year 2010 --amount 100000 --paid-on 2010-03-01"))
    ok("--as", LSP, *sh(f"exam record {reg} --field lansia --result passed --held-on 2011-04-12 "
                        "--assessor 'Agus Setiawan'"))  # fmt: skip
    old = ok("--as", LSP, "--json", *sh(f"certify {reg} --field lansia --on 2011-05-02")).json
    appl = ok(
        "--as", LSP, "--json", *sh(f"licence apply {reg} --certificate {old['certificate_no']} "
                                   "--practice direct --on 2011-05-10"),
    ).json["application_no"]  # fmt: skip
    lic = ok("--as", MINISTRY, "--json", *sh(f"licence grant {appl} --on 2011-06-01")).json
    cert = ok("--as", LSP, "--json", *sh(f"certify {reg} --field anak --level generalis")).json
    str_no = ok(
        "--as", ADMIN, "--json",
        *sh(f"str issue {reg} --certificate {cert['certificate_no']} --health-statement SKS-1 "
            "--oath-on 2021-06-01 --ethics-pledge PKE-1"),
    ).json["str_no"]  # fmt: skip
    sipps = ok(
        "--as", BANDUNG, "--json",
        *sh(f"sipps grant {reg} --str {str_no} --regency 3273 --place 'Panti Sosial Bandung' "
            "--practice direct"),
    ).json["sipps_no"]  # fmt: skip
    return Holder(reg, str(cert["certificate_no"]), str(lic["licence_no"]), str(str_no), str(sipps))


MEMBER_READS = [
    ("member", "show", "{reg}"),
    ("--json", "member", "show", "{reg}"),
    ("member", "show", "{reg}", "--as-of", "2012-12-31"),
    ("--json", "member", "show", "{reg}", "--known-at", "2099-01-01"),
    ("member", "history", "{reg}"),
    ("--json", "member", "history", "{reg}"),
    ("--json", "member", "history", "{reg}", "--as-of", "2011-01-01"),
]


@pytest.mark.parametrize("role", ROLES)
def test_the_full_nik_only_in_an_unmasked_read_by_those_who_identify_members(
    holder: Holder, role: str, tally: Counter[str]
) -> None:
    """Every read masks the NIK; ``--unmasked`` shows it to those who may see it, recording
    each read in the access log, and is refused (exit 7, nothing shown) to everyone else."""
    allowed = 0
    for template in MEMBER_READS:
        args = [a.format(reg=holder.reg) for a in template]
        result = ok("--as", ACTING[role], *args)
        tally["nik disclosure"] += 2
        assert _no_nik(result.stdout + result.stderr) == [], (role, args, result.stdout)
        assert MASKED in result.stdout, (role, args, result.stdout[:500])
        assert re.search(r"(?<![*\d])\*{12}0417(?!\d)", result.stdout), result.stdout[:500]
        unmasked = run("--as", ACTING[role], *args, "--unmasked")
        if role in SEES_FULL_NIK:
            assert unmasked.code == 0 and NIK in unmasked.stdout, (role, args, unmasked)
            allowed += 1
        else:
            assert unmasked.code == 7, (role, args, unmasked)
            assert _no_nik(unmasked.stdout + unmasked.stderr) == [], (role, args, unmasked)
    log = ok("--as", ADMIN, "--json", "report", "access", "--member", holder.reg,
             "--actor", ACTING[role]).json  # fmt: skip
    assert log["reads"] == allowed, log


LISTS = [
    ("member", "list"),
    ("member", "list", "--format", "csv"),
    ("member", "list", "--format", "json"),
    ("--json", "member", "list"),
    ("member", "list", "--province", "32", "--certified", "--format", "csv"),
    ("member", "list", "--standing", "good", "--format", "json"),
]
REPORTS = [
    ("report", "standing"),
    ("report", "standing", "--as-of", "2010-12-31"),
    ("report", "certificates"),
    ("report", "licences"),
    ("report", "credentials"),
    ("report", "dues", "--year", "2010"),
    ("report", "anomalies"),
]


@pytest.mark.parametrize("role", ROLES)
def test_registers_and_reports_never_show_a_full_nik(
    holder: Holder, role: str, tally: Counter[str]
) -> None:
    """Whoever asks, in every format: the member is listed, their NIK is not (lists show it
    masked to its last four digits)."""
    runs = [list(a) for a in LISTS]
    for report in REPORTS:
        runs += [[*report, "--format", fmt] for fmt in ("table", "csv", "json")]
    for args in runs:
        result = ok("--as", ACTING[role], *args)
        tally["nik disclosure"] += 1
        assert _no_nik(result.stdout + result.stderr) == [], (role, args, result.stdout)
        # the dues report counts members by province; the others list the holder
        assert holder.reg in result.stdout or "dues" in args, (role, args, result.stdout[:800])
        if "member" in args and ("--json" in args or args[-2:] == ["--format", "json"]):
            listed = [m["nik"] for m in result.json if m["registration_no"] == holder.reg]
            assert listed == [MASKED], (role, args, listed)
        elif "member" in args and "csv" in args:
            assert MASKED in result.stdout, (role, args, result.stdout[:500])


@pytest.mark.parametrize("role", ROLES)
def test_nothing_but_member_show_and_history_shows_a_full_nik(
    holder: Holder, world: World, role: str, tally: Counter[str]
) -> None:
    """SECURITY.md, "Who sees what": the full NIK is in member show and member history only."""
    reads = [
        ["certificate", "show", holder.cert],
        ["certificate", "provenance", holder.cert],
        ["--json", "certificate", "provenance", holder.cert],
        ["certificate", "verify", world.token_of(holder.cert)],
        ["licence", "show", holder.lic],
        ["--json", "licence", "show", holder.lic],
        ["str", "show", holder.str_no],
        ["--json", "sipps", "show", holder.sipps],
        ["sipps", "provenance", holder.sipps],
        ["--json", "str", "provenance", holder.str_no],
        ["audit", "prove", holder.cert],
        ["--json", "audit", "verify"],
        ["audit", "digest"],
        ["actor", "list"],
        ["keys", "show", LSP, "--all"],
        ["projections", "status"],
    ]
    for args in reads:
        result = ok("--as", ACTING[role], *args)
        tally["nik disclosure"] += 1
        assert _no_nik(result.stdout + result.stderr) == [], (role, args, result.stdout)


def _token_parts(token: str) -> list[str]:
    """A compact JWS's decoded header and payload, and the raw token."""
    parts = token.strip().split(".")
    assert len(parts) == 3, token
    decoded = [base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)).decode() for p in parts[:2]]
    return [*decoded, token]


def test_an_exported_certificate_carries_no_nik(holder: Holder, tally: Counter[str]) -> None:
    plain = ok("--as", LSP, "certificate", "export", holder.cert).stdout
    as_json = ok("--as", LSP, "--json", "certificate", "export", holder.cert).json["jws"]
    tally["nik disclosure"] += 2
    for token in (plain, as_json):
        header, payload, raw = _token_parts(token)
        assert json.loads(payload)["credentialSubject"]["registrationNumber"] == holder.reg
        for text in (header, payload, raw):
            assert _no_nik(text) == [], text
            assert MASKED not in text, text
            assert not re.search(r"\d{16}", text), text


def test_the_import_report_masks_every_nik(
    world: World, holder: Holder, tally: Counter[str]
) -> None:
    """Imported, duplicate and rejected rows alike: the report file, the summary on the
    terminal and the JSON carry NIKs masked to their last four digits."""
    niks = [
        fresh_nik("32", "1978-03-12"),
        fresh_nik("31", "1979-02-28"),
        fresh_nik("32", "1979-02-03"),
    ]
    rows = [
        ["Name", " NIK", "birth_date", "province", "email"],
        ["Sukarti", niks[0], "12/03/1978", "32", "sukarti@example.org"],  # imported
        ["Sukarti Dua", niks[0], "12/03/1978", "32", "sukarti2@example.org"],  # dup in file
        ["Siti Aminah", NIK, "05/01/1980", "32", "siti@example.org"],  # already registered
        ["Bambang", niks[1], "1979-02-31", "31", "bambang@example.org"],  # rejected: date
        ["Rina", niks[2], "1979-02-03", "32", "rina.example.org"],  # rejected: email
        ["Joko", niks[2][:15], "1979-02-03", "32", "joko@example.org"],  # rejected: NIK
    ]
    source = world.path(".csv")
    with source.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f, delimiter=";").writerows(rows)
    secrets = [NIK, *niks, niks[2][:15]]
    masked = ["*" * 12 + n[-4:] for n in (niks[0], niks[0], NIK, niks[1], niks[2])]
    first = ["imported", "duplicate", "duplicate", "rejected", "rejected", "rejected"]
    again = ["duplicate", "duplicate", "duplicate", "rejected", "rejected", "rejected"]
    # dry run (words, then JSON), the import itself, then importing the file again
    for options, outcomes in [
        (["--dry-run"], first),
        (["--dry-run", "--json"], first),
        ([], first),
        (["--json"], again),
    ]:
        report = world.path(".csv")
        out = run(
            "--as", ADMIN,
            *sh(f"import members {source} --source survei-2011 --report {report}"), *options,
        )  # fmt: skip
        tally["nik disclosure"] += 1
        assert out.code == 0, out
        text = report.read_text(encoding="utf-8")
        for secret in secrets:
            assert secret not in out.stdout + out.stderr, (options, secret, out.stdout)
            assert secret not in text, (options, secret, text)
        with report.open(encoding="utf-8", newline="") as f:
            written = list(csv.DictReader(f))
        assert [r["outcome"] for r in written] == outcomes, (options, written)
        shown = [r["nik"] for r in written]
        if "--json" in options:
            assert [o["nik"] for o in out.json["outcomes"]] == shown
        assert shown[:5] == masked, (options, written)
        # a NIK that is not 16 digits has no last four digits to show: a masked value is
        # always twelve asterisks and four digits, anything else carries no asterisks or digits
        assert re.fullmatch(r"[^*\d]+", shown[5]), (options, written)


def test_the_matrix_covers_every_principal_kind() -> None:
    """The table above is used as written: spot checks of the contract's wording."""
    assert allowed("member register", "chapter-own")
    assert not allowed("member register", "chapter-other")
    assert allowed("training log", "lsp") and not allowed("dues pay", "lsp")
    assert not any(allowed("certify", p) for p, _ in PRINCIPALS if p != "lsp")
    assert all(allowed("member show", r) for r in ROLES)
    assert not any(allowed("member show", p) for p, _ in PRINCIPALS if p not in ROLES)
    assert all(allowed("demo", p) for p, _ in PRINCIPALS)
