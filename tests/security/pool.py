"""Valid things for the hostile-input tests' commands to act on (members, certificates,
applications, licences, suspended licences, correctable entries, actors, legacy lists),
made through the CLI on the module's shared ledger and remade once used up. The ``pool``
fixture (``conftest.py``) gives each test module one."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.cli.helpers import ADMIN, LSP, MINISTRY, fresh_nik, make_eligible, ok, register_member

# --- a ledger with something of everything to act on -------------------------------------------


FIRST = [
    "Agus",
    "Bayu",
    "Citra",
    "Dimas",
    "Eka",
    "Fitri",
    "Gilang",
    "Hendra",
    "Indah",
    "Joko",
    "Kartika",
    "Maya",
    "Oki",
    "Putri",
]


LAST = [
    "Pratama",
    "Saputra",
    "Lestari",
    "Hidayat",
    "Nugraha",
    "Permana",
    "Wijaya",
    "Kusuma",
    "Rahayu",
    "Harahap",
]


def _letters(n: int) -> str:
    """0 -> "A", 1 -> "B", ... 26 -> "Ba": a word that makes a name unique."""
    word = ""
    while True:
        n, digit = divmod(n, 26)
        word = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + word
        if not n:
            return word.capitalize()


@dataclass
class Pool:
    """Valid things for commands to act on, made through the CLI, remade once used up."""

    folder: Path
    events: Callable[[], int]  # how many events the store holds
    held: dict[str, Any] = field(default_factory=dict)
    counter: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    names: Iterator[str] = field(init=False)

    def __post_init__(self) -> None:
        self.names = (
            f"{FIRST[n % len(FIRST)]} {LAST[n // len(FIRST) % len(LAST)]} {_letters(n)}"
            for n in itertools.count()
        )

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.held:
            self.held[key] = make()
        return self.held[key]

    def spend(self, key: str | None) -> None:
        if key:
            self.held.pop(key, None)

    def path(self, stem: str) -> str:
        return str(self.folder / f"{stem}-{next(self.counter)}")

    # things
    def member(self) -> str:
        return register_member(name="Siti Aminah", province="32")

    def eligible(self) -> tuple[str, str]:
        """Eligible for a generalis certificate today: (registration_no, exam_id)."""
        reg = self.member()
        return reg, make_eligible(reg, level="generalis")

    def certificate(self) -> tuple[str, str]:
        reg, _ = self.eligible()
        certified = ok(
            "--as", LSP, "--json", "certify", reg, "--field", "anak", "--level", "generalis"
        )  # fmt: skip
        return reg, str(certified.json["certificate_no"])

    def certificate_of_2011(self) -> tuple[str, str]:
        """Paper history: a certificate of 2011-05-02, when the Ministry still licensed."""
        reg = self.member()
        make_eligible(reg)
        certified = ok(
            "--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", "2011-05-02"
        )
        return reg, str(certified.json["certificate_no"])

    def application(self) -> tuple[str, str]:
        reg, cert = self.certificate_of_2011()
        applied = ok(
            "--as", LSP, "--json", "licence", "apply", reg, "--certificate", cert,
            "--practice", "direct", "--on", "2011-05-10",
        )  # fmt: skip
        return reg, str(applied.json["application_no"])

    def licence(self) -> tuple[str, str]:
        reg, appl = self.application()
        granted = ok("--as", MINISTRY, "--json", "licence", "grant", appl, "--on", "2011-06-01")
        return reg, str(granted.json["licence_no"])

    def suspended(self) -> tuple[str, str]:
        reg, lic = self.licence()
        ok(
            "--as",
            MINISTRY,
            "licence",
            "suspend",
            lic,
            "--reason",
            "pemeriksaan",
            "--on",
            "2012-01-02",
        )
        return reg, lic

    def correctable(self) -> tuple[str, str]:
        reg = self.member()
        ok(
            "--as", ADMIN, "training", "log", reg, "--course", "Konseling", "--provider",
            "Balai Diklat", "--hours", "6", "--completed-on", "2011-02-01",
        )  # fmt: skip
        return reg, "2"

    def actor(self) -> str:
        name = next(self.names)
        ok("--as", ADMIN, "actor", "add", name, "--role", "auditor")
        return name

    def legacy_list(self) -> str:
        path = self.path("list") + ".csv"
        with open(path, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["name", "nik", "birth_date", "province", "email"])
            writer.writerow(
                ["Sukarti", fresh_nik("33", "1978-03-12"), "12/03/1978", "33", "suk@example.org"]
            )
        return path
