"""The ledger's controlled vocabulary: roles, fields of practice, degree levels and majors,
provinces, regencies and cities.

Indonesian terms are kept where they are the real names (field codes, majors); see the
glossary in README.md. The vocabularies people type (provinces, regencies, majors) are data in
``ledger/data/`` (its README.md names the sources), each entry with its code, its name and its
aliases. A lookup forgives case, spacing and punctuation, gives the code, and when it finds
nothing says what was meant if one entry is close ("did you mean Jawa Barat (32)?").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources


class Role(StrEnum):
    """Who may act on the ledger (PRODUCT.md, "The CLI contract")."""

    ADMIN = "admin"  # IPSPI national office
    CHAPTER_ADMIN = "chapter-admin"  # IPSPI, one province
    LSP = "lsp"  # the certification body
    MINISTRY = "ministry"  # Kemensos
    REGIONAL_GOVERNMENT = "regional-government"  # one regency or city, for practice permits
    AUDITOR = "auditor"  # read-only
    WEB = "web"  # the public register's service: it records membership applications only


class Field(StrEnum):
    """Fields of practice an exam and a certificate are for (names: ledger/data/fields.csv)."""

    ANAK = "anak"  # children
    LANSIA = "lansia"  # older people
    DISABILITAS = "disabilitas"
    KELUARGA = "keluarga"  # family
    KOREKSIONAL = "koreksional"  # justice and corrections
    NAPZA = "napza"  # addiction
    BENCANA = "bencana"  # disaster
    KESEHATAN = "kesehatan"  # health
    KOMUNITAS = "komunitas"  # community
    KEBIJAKAN = "kebijakan"  # policy


class EducationLevel(StrEnum):
    """Education levels, lowest first (names: ledger/data/levels.csv)."""

    SMA = "SMA"
    D3 = "D3"
    D4 = "D4"
    S1 = "S1"
    S2 = "S2"
    S3 = "S3"


class Practice(StrEnum):
    """Kinds of practice a licence is applied for."""

    DIRECT = "direct"
    INSTITUTION = "institution"
    COMMUNITY = "community"
    GROUP = "group"
    POLICY = "policy"


# The two majors that are social work or social welfare; any other major is kept as written.
PEKERJAAN_SOSIAL = "pekerjaan-sosial"
KESEJAHTERAAN_SOSIAL = "kesejahteraan-sosial"


# --- lookups --------------------------------------------------------------------------------


class NotInVocabulary(ValueError):
    """Text that names no entry of a vocabulary; ``suggestions`` are the close ones' codes.

    A ValueError, so a pydantic validator reports it as the field's problem, message and all.
    """

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions = tuple(suggestions)


class Ambiguous(NotInVocabulary):
    """Text that names more than one entry (``Bandung``: the kabupaten and the kota)."""


def key(text: str) -> str | None:
    """The form two spellings of one name share: ASCII letters and digits, lower case.

    "DKI Jakarta", "dki  jakarta" and "D.K.I. Jakarta" are one key; so are "Fak Fak" and
    "Fakfak". Text with any other character (another script, look-alike digits) has no key.
    """
    if not text.isascii():
        return None
    folded = re.sub(r"[^a-z0-9]", "", text.lower())
    return folded or None


def _words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split() if text.isascii() else []


def _closest(wanted: str, keys: Iterable[str], cutoff: float = 0.8) -> list[str]:
    """The keys nearest ``wanted``: the best match, and any as near as it."""
    import difflib  # only a mistyped value needs it, not every start-up

    scored = [
        (difflib.SequenceMatcher(None, wanted, k).ratio(), k)
        for k in difflib.get_close_matches(wanted, list(keys), n=5, cutoff=cutoff)
    ]
    best = max((score for score, _ in scored), default=0.0)
    return [k for score, k in scored if score >= best - 0.01]


def _alternatives(labels: Sequence[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def _shown(text: str) -> str:
    """Text quoted in a message: as typed, but never more than a line of it."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _read(name: str) -> list[dict[str, str]]:
    text = resources.files("ledger.data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _aliases(cell: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (cell or "").split("|") if a.strip())


# --- provinces ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceEntry:
    code: str  # BPS, two digits: what the ledger stores
    name: str
    kemendagri: str  # the Ministry of Home Affairs' code, which a NIK's first two digits are
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


@cache
def province_entries() -> tuple[ProvinceEntry, ...]:
    """Every province, by BPS code (ledger/data/provinces.csv)."""
    return tuple(
        ProvinceEntry(r["code"], r["name"], r["kemendagri"], _aliases(r.get("aliases")))
        for r in _read("provinces.csv")
    )


@cache
def provinces() -> dict[str, str]:
    """BPS two-digit province codes and their names, shipped as data."""
    return {p.code: p.name for p in province_entries()}


@cache
def kemendagri_province_codes() -> frozenset[str]:
    """The provinces' codes as the Ministry of Home Affairs (and so a NIK) writes them."""
    return frozenset(p.kemendagri for p in province_entries())


@cache
def _province_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for p in province_entries():
        for text in (p.name, *p.aliases):
            k = key(text)
            assert k is not None and keys.get(k, p.code) == p.code, f"alias {text} twice"
            keys[k] = p.code
    return keys


def province_code(text: str) -> str:
    """The BPS code of the province ``text`` names: its code ("32") or its name or an alias
    ("Jawa Barat", "jawa barat", "Jabar"), case and spacing forgiven."""
    wanted = " ".join(text.split())
    names = provinces()
    if wanted in names:
        return wanted
    keys = _province_keys()
    k = key(wanted)
    if k is not None and k in keys:
        return keys[k]
    close = list(dict.fromkeys(keys[c] for c in _closest(k, keys))) if k else []
    if close:
        labels = [f"{names[c]} ({c})" for c in close]
        raise NotInVocabulary(
            f"{_shown(wanted)} is not a province: did you mean {_alternatives(labels)}?", close
        )
    raise NotInVocabulary(
        f"{_shown(wanted)} is not a province: give its two-digit BPS code or its name "
        "(e.g. 31 or DKI Jakarta, 32 or Jawa Barat; `peksos reference provinces` lists them)"
    )


# --- regencies and cities -------------------------------------------------------------------


KABUPATEN, KOTA = "kabupaten", "kota"
# How people write the kind of a regency or city: "Kab. Bandung", "Kota Adm. Jakarta Selatan".
_KIND_WORDS = {"kabupaten": KABUPATEN, "kab": KABUPATEN, "kota": KOTA, "kodya": KOTA}
_SILENT_WORDS = {"adm", "administrasi"}


@dataclass(frozen=True)
class RegencyEntry:
    code: str  # BPS, four digits
    province: str  # BPS province code
    name: str  # "Kabupaten Bandung", "Kota Bandung"
    kemendagri: str  # the Ministry of Home Affairs' code

    @property
    def kind(self) -> str:
        return KOTA if self.name.startswith("Kota ") else KABUPATEN

    @property
    def bare_name(self) -> str:
        """The name without its kind: "Bandung" for both Kabupaten and Kota Bandung."""
        return self.name.split(" ", 1)[1]

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


@cache
def _all_regencies() -> tuple[RegencyEntry, ...]:
    return tuple(
        RegencyEntry(r["code"], r["province"], r["name"], r["kemendagri"])
        for r in _read("regencies.csv")
    )


def regency_entries(province: str | None = None) -> tuple[RegencyEntry, ...]:
    """Every regency and city (kabupaten/kota), or those of one province (a BPS code)."""
    every = _all_regencies()
    return every if province is None else tuple(r for r in every if r.province == province)


@cache
def _regency_index() -> tuple[dict[str, RegencyEntry], dict[str, list[RegencyEntry]]]:
    """By kind and bare name ("kota|bandung"), and by bare name alone ("bandung")."""
    full: dict[str, RegencyEntry] = {}
    bare: dict[str, list[RegencyEntry]] = {}
    for r in _all_regencies():
        bare_key = key(r.bare_name)
        assert bare_key is not None
        full[f"{r.kind}|{bare_key}"] = r
        bare.setdefault(bare_key, []).append(r)
    return full, bare


def regency_code(text: str, province: str | None = None) -> str:
    """The BPS code of the regency or city ``text`` names: its code ("3273") or its name
    ("Kota Bandung", "kab. bandung"), within ``province`` (a BPS code) if given. A name a
    kabupaten and a kota share ("Bandung") is ambiguous: the error lists both."""
    wanted = " ".join(text.split())
    within = regency_entries(province)
    by_code = {r.code: r for r in within}
    if wanted in by_code:
        return wanted
    where = f" in {provinces().get(province, province)} ({province})" if province else ""
    shown = _shown(wanted)
    if re.fullmatch(r"[0-9]{4}", wanted):
        raise NotInVocabulary(
            f"{_shown(wanted)} is not the BPS code of a regency or city{where} "
            "(`peksos reference regencies` lists them)"
        )
    full, bare = _regency_index()
    in_scope = {r.code for r in within}
    words = [w for w in _words(wanted) if w not in _SILENT_WORDS]
    kind = _KIND_WORDS.get(words[0]) if len(words) > 1 else None
    candidates: list[RegencyEntry] = []
    if kind is not None and (hit := full.get(f"{kind}|{''.join(words[1:])}")):
        candidates = [hit]
    elif words:  # no kind given, or none named so ("Kota Baru" for Kabupaten Kotabaru)
        candidates = bare.get("".join(words), [])
    candidates = [r for r in candidates if r.code in in_scope]
    if len(candidates) == 1:
        return candidates[0].code
    if candidates:
        raise Ambiguous(
            f"{_shown(wanted)} is ambiguous: it names "
            f"{_alternatives([r.label for r in candidates])}; give the code or the full name",
            [r.code for r in candidates],
        )
    names: dict[str, list[RegencyEntry]] = {}
    for r in within:
        names.setdefault(f"{r.kind}{key(r.bare_name)}", []).append(r)
        names.setdefault(str(key(r.bare_name)), []).append(r)
    asked = f"{kind}{''.join(words[1:])}" if kind else "".join(words)
    nearest = _closest(asked, names) if asked else []
    close = list(dict.fromkeys(r.code for c in nearest for r in names[c]))
    if close:
        labels = [by_code[c].label for c in close]
        raise NotInVocabulary(
            f"{shown} is not a regency or city{where}: did you mean {_alternatives(labels)}?",
            close,
        )
    raise NotInVocabulary(
        f"{shown} is not a regency or city{where}: give its four-digit BPS code or its name "
        "(e.g. 3273 or Kota Bandung; `peksos reference regencies` lists them)"
    )


# --- degree majors, levels, fields ----------------------------------------------------------


@dataclass(frozen=True)
class MajorEntry:
    code: str
    name: str
    name_en: str
    aliases: tuple[str, ...] = ()


@cache
def major_entries() -> tuple[MajorEntry, ...]:
    """The majors that are social work or social welfare, with their aliases."""
    return tuple(
        MajorEntry(r["code"], r["name"], r["name_en"], _aliases(r.get("aliases")))
        for r in _read("majors.csv")
    )


@cache
def _major_keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for m in major_entries():
        for text in (m.code, m.name, m.name_en, *m.aliases):
            k = key(text)
            assert k is not None and keys.get(k, m.code) == m.code, f"alias {text} twice"
            keys[k] = m.code
    return keys


# A degree level written before the major in a spreadsheet cell: "S1 Pekerjaan Sosial",
# "D-IV Kesejahteraan Sosial". The level has its own column; the prefix is not the major.
_LEVEL_PREFIX = re.compile(
    r"(?:SMA|D[- ]?(?:3|4|III|IV)|S[- ]?[123])(?:[ .:/-]+)(?=\S)", re.IGNORECASE | re.ASCII
)


def major(text: str) -> str:
    """A major as the ledger records it: the code of a major in the vocabulary ("Ilmu
    Kesejahteraan Sosial", "Kesos" and "S1 Kesejahteraan Sosial" are
    ``kesejahteraan-sosial``), or else the text as written, less a leading degree level."""
    written = " ".join(text.split())
    written = _LEVEL_PREFIX.sub("", written, count=1) if _LEVEL_PREFIX.match(written) else written
    k = key(written)
    return _major_keys().get(k, written) if k else written


@dataclass(frozen=True)
class NamedEntry:
    """An entry of a fixed vocabulary with its names in Indonesian and English."""

    code: str
    name: str
    name_en: str


@cache
def field_entries() -> tuple[NamedEntry, ...]:
    """The fields of practice, in the order of ``Field``, with their names."""
    rows = {r["code"]: NamedEntry(r["code"], r["name"], r["name_en"]) for r in _read("fields.csv")}
    assert set(rows) == {f.value for f in Field}, "fields.csv and Field disagree"
    return tuple(rows[f.value] for f in Field)


@cache
def level_entries() -> tuple[NamedEntry, ...]:
    """The education levels, lowest first, with their names."""
    rows = {r["code"]: NamedEntry(r["code"], r["name"], r["name_en"]) for r in _read("levels.csv")}
    assert set(rows) == {lv.value for lv in EducationLevel}, "levels.csv and EducationLevel differ"
    return tuple(rows[lv.value] for lv in EducationLevel)
