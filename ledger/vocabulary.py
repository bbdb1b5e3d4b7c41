"""The ledger's controlled vocabulary: roles, fields of practice, degree levels, provinces.

Indonesian terms are kept where they are the real names (field codes, majors); see the
glossary in README.md.
"""

from __future__ import annotations

import csv
from enum import StrEnum
from functools import cache
from importlib import resources


class Role(StrEnum):
    """Who may act on the ledger (PRODUCT.md, "The CLI contract")."""

    ADMIN = "admin"  # IPSPI national office
    CHAPTER_ADMIN = "chapter-admin"  # IPSPI, one province
    LSP = "lsp"  # the certification body
    MINISTRY = "ministry"  # Kemensos
    AUDITOR = "auditor"  # read-only


class Field(StrEnum):
    """Fields of practice an exam and a certificate are for."""

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
    """Education levels, lowest first."""

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


@cache
def provinces() -> dict[str, str]:
    """BPS two-digit province codes and their names, shipped as data."""
    text = resources.files("ledger.data").joinpath("provinces.csv").read_text("utf-8")
    return {row["code"]: row["name"] for row in csv.DictReader(text.splitlines())}
