"""``peksos reference ...``: the vocabularies the ledger reads input against, as rows.

They are shipped data (``ledger/data/``), the same for every store, so reading them needs no
ledger and no actor: anyone may.
"""

from __future__ import annotations

from typing import Any

from commands.values import CommandModel, Province
from ledger.vocabulary import (
    field_entries,
    level_entries,
    major_entries,
    province_entries,
    provinces,
    regency_entries,
)

Rows = list[dict[str, Any]]


def list_provinces() -> Rows:
    """Every province: its BPS code (what the ledger stores and takes), its name, the Ministry
    of Home Affairs' code (the first two digits of the NIKs it issues) and the other names it
    is known by."""
    return [
        {"code": p.code, "name": p.name, "kemendagri": p.kemendagri, "aliases": list(p.aliases)}
        for p in province_entries()
    ]


class ListRegencies(CommandModel):
    province: Province | None = None


def list_regencies(query: ListRegencies) -> Rows:
    """The regencies and cities (kabupaten/kota), of one province or of all."""
    names = provinces()
    return [
        {
            "code": r.code,
            "name": r.name,
            "province": r.province,
            "province_name": names[r.province],
            "kemendagri": r.kemendagri,
        }
        for r in regency_entries(query.province)
    ]


def list_majors() -> Rows:
    """The degree majors that are social work or social welfare, and the names each is
    recognised by; any other major is recorded as written and does not qualify."""
    return [
        {
            "code": m.code,
            "name": m.name,
            "name_en": m.name_en,
            "aliases": [m.name, m.name_en, *m.aliases],
        }
        for m in major_entries()
    ]


def list_fields() -> Rows:
    """The fields of practice an exam and a certificate are for."""
    return [{"code": f.code, "name": f.name, "name_en": f.name_en} for f in field_entries()]


def list_levels() -> Rows:
    """The education levels, lowest first."""
    return [{"code": lv.code, "name": lv.name, "name_en": lv.name_en} for lv in level_entries()]
