"""The vocabulary of the model's generated data (fictional people only) and the hypothesis
strategies the state machine's rules draw from."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import strategies as st

from tests.builders import ADMIN, AUDITOR, CHAPTER_31, CHAPTER_32, LSP, MINISTRY
from tests.model.reference import CHAIN_FROM, DAY, EARLY, PROFESSIONAL, RULES_M, TODAY, ActorM

# --- vocabulary for generated data (fictional people only) --------------------------------

UNKNOWN_ACTOR = "Joko Susilo"  # never enrolled
BANDUNG = "Asep Sunandar"  # the officer of Kota Bandung (BPS 3273)
GARUT = "Euis Komariah"  # the officer of Kabupaten Garut (3205): the wrong regency for Bandung's
STANDARD_ACTORS = [
    ActorM(ADMIN, "admin", None),
    ActorM(CHAPTER_32, "chapter-admin", "32"),
    ActorM(CHAPTER_31, "chapter-admin", "31"),  # the chapter admin of another province
    ActorM(LSP, "lsp", None),
    ActorM(MINISTRY, "ministry", None),
    ActorM(AUDITOR, "auditor", None),
    ActorM(BANDUNG, "regional-government", None, "3273"),
    ActorM(GARUT, "regional-government", None, "3205"),
]
# Regencies and cities by code or name; "9999" is no BPS code.
REGENCIES = {"3273": "3273", "Kota Bandung": "3273", "3205": "3205", "9999": None}
PLACES = [
    "Panti Sosial Asuhan Anak Bandung",
    "panti sosial  asuhan anak BANDUNG",  # the same place, written otherwise
    "Klinik Tumbuh Kembang Garut",
    "Lembaga Pembinaan Khusus Anak",
]
NEW_ACTOR_NAMES = [
    "Rina Wulandari",
    "Fajar Kurniawan",
    "Melati Sinaga",
    "Putu Ardana",
    "Lestari Handayani",
    "ratna sari",  # the first admin again, in other case: a duplicate
    LSP,  # a duplicate
]
ROLES = ["admin", "chapter-admin", "lsp", "ministry", "auditor", "regional-government"]
MEMBER_NAMES = [
    "Siti Aminah",
    "Wahyu Nugroho",
    "Rina Kusuma",
    "Yosefina Wenda",
    "Ni Luh Ayu Lestari",
    "Ma'ruf Hidayat",
    "Teuku Rizal Pratama",
    "Maria Goreti Bria",
]
PROVINCES = ["32", "31", "94"]
FIELDS = ["anak", "lansia"]
LEVELS = ["S1", "D4", "S2", "S3", "D3", "SMA"]
MAJORS = ["kesejahteraan-sosial", "pekerjaan-sosial", "Pekerjaan-Sosial", "psikologi", "hukum"]
PRACTICES = ["direct", "institution", "community", "group", "policy"]
ASSESSORS = ["Agus Setiawan", "Rina Wulandari", "Yohana Kambu"]
UNKNOWN_REG = "94-2009-09999"  # well formed, never issued
MALFORMED_REG = "32-26-1"
UNKNOWN_NUMBERS = [
    "CERT-2026-09999",
    "APPL-2026-09999",
    "LIC-2026-09999",
    "EXAM-2020-09999",
    "STR-2026-09999",
    "SIPPS-3273-2026-09999",
]
CERT_LEVELS = [lv for r in RULES_M for lv in r.levels if lv != PROFESSIONAL]  # uu-14-2019's

# --- strategies ----------------------------------------------------------------------------

past = st.dates(min_value=EARLY, max_value=TODAY)
future = st.dates(min_value=TODAY + DAY, max_value=TODAY + timedelta(days=400))
edges = st.sampled_from([TODAY, TODAY + DAY, EARLY])
any_day = st.one_of(past, past, past, edges, future)
# A day of each rule set's era, the days they came into force and the day before.
CHANGES = [d for r in RULES_M[1:] for d in (r.in_force_from - DAY, r.in_force_from)]
era_day = st.one_of(
    *(st.dates(a.in_force_from, b.in_force_from - DAY) for a, b in pairwise(RULES_M)),
    st.dates(CHAIN_FROM, TODAY),
    st.dates(CHAIN_FROM, TODAY),
    st.sampled_from(CHANGES),
)
# Certification levels: of uu-14-2019, the one of the earlier rule sets, or none named.
maybe_level = st.sampled_from([None, None, None, *CERT_LEVELS, PROFESSIONAL])
# Days after an earlier decision (a later one dates from it); None: today, undated.
gap = st.one_of(st.none(), st.integers(0, 60), st.integers(0, 2400), st.just(-1))
soon = st.one_of(
    st.none(), st.integers(0, 60), st.integers(0, 60), st.integers(0, 2400), st.just(-1)
)
maybe_day = st.one_of(st.none(), any_day)
# None: the actor who usually does this; a number: that actor of the pool (every role, a chapter
# admin of another province, someone never enrolled, and whoever was enrolled since).
actor_ix = st.one_of(st.none(), st.none(), st.integers(0, 14))
member_ix = st.integers(0, 9)  # 8: a number never issued, 9: a malformed one
pick = st.integers(0, 40)
hours_text = st.one_of(
    st.integers(1, 70).map(lambda h: (str(h), True)),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("80"), places=2).map(
        lambda h: (str(h), True)
    ),
    st.integers(1, 70).map(lambda h: (str(h), True)),
    st.sampled_from([("0", False), ("1000.5", False), ("1.125", False), ("1000", True)]),
    st.sampled_from([("160", True), ("100", True), ("40", True)]),
)
birth_dates = st.one_of(
    st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31)),
    st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31)),
    st.dates(min_value=date(1960, 1, 1), max_value=date(2000, 12, 31)),
    past,  # perhaps after the registration or graduation: refused
)
