"""The rule sets the ledger knows, as data. A rule change that moves a number is a change here.

Every decision is judged by the rule set in force on its own effective date, and its event names
that rule set, so history spans rule changes without being rewritten.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from ledger.regimes.regime import MinistryLicence, Regime, Sipps, Str
from ledger.regimes.requirements import (
    CertificateHeld,
    DegreeIn,
    EitherOf,
    PassedExam,
    PracticeDays,
    TrainingHours,
)
from ledger.vocabulary import EducationLevel

L = EducationLevel
SOCIAL_WORK = frozenset({"pekerjaan-sosial", "kesejahteraan-sosial"})

# "S1 or D4 in social work or social welfare": higher degrees in those majors count too.
SOCIAL_WORK_DEGREE = DegreeIn(levels=frozenset({L.D4, L.S1, L.S2, L.S3}), majors=SOCIAL_WORK)

PERMENSOS_108_2009 = Regime(
    id="permensos-108-2009",
    title="Permensos 108/HUK/2009 on the certification of professional social workers",
    # The regulation is of 2009; our sources do not give its day, so it governs from 1 January.
    in_force_from=date(2009, 1, 1),
    source="Permensos 108/HUK/2009, as IPSPI's chair explained it in 2010; the day of entry "
    "into force is not in our sources: 1 January 2009 is assumed",
    # One level under the 2009 regulation: the professional social worker. All four together:
    # the degree, 2 years (730 days, the union of periods) of practice, 60 hours of training,
    # and a passed exam in the field.
    levels={
        "pekerja-sosial-profesional": (
            SOCIAL_WORK_DEGREE,
            PracticeDays(730),
            TrainingHours(Decimal(60)),
            PassedExam(),
        )
    },
    certificate_valid_years=5,
    after_certificate=(MinistryLicence(valid_years=5),),
    # Validity periods are not in the 2010 explanation; they are the ledger's policy.
    policy=("certificate_valid_years", "licence valid_years", "in_force_from"),
)

# Permensos 16/2012 replaced 108/2009 (and its amendment 08/HUK/2011): the same steps, but 160
# hours of training (what members wrote about in June 2012).
PERMENSOS_16_2012 = replace(
    PERMENSOS_108_2009,
    id="permensos-16-2012",
    title="Permensos 16/2012 on the certification of professional social workers and social "
    "welfare workers",
    # Promulgated in Berita Negara 2012 No. 752; members wrote of its 160 hours in June 2012.
    # The day is not in our sources: 1 June 2012 is assumed (the first month we can support).
    in_force_from=date(2012, 6, 1),
    source="Permensos 16/2012 (Berita Negara 2012 No. 752), replacing Permensos 108/HUK/2009 "
    "and 08/HUK/2011; the day of entry into force is not in our sources: 1 June 2012 is "
    "assumed, the month members wrote about its 160 hours",
    levels={
        "pekerja-sosial-profesional": (
            SOCIAL_WORK_DEGREE,
            PracticeDays(730),
            TrainingHours(Decimal(160)),
            PassedExam(),
        )
    },
)

# Law 14/2019 on Social Workers, with Permensos 17/2020 on registration and practice permits:
# certificates at a level, then an STR from IPSPI, then a SIPPS from the regency or city. The
# level requirements are the ledger's policy where the sources are silent (PRODUCT.md).
UU_14_2019 = Regime(
    id="uu-14-2019",
    title="Law 14/2019 on Social Workers, with Permensos 17/2020 on registration and practice "
    "permits",
    # Permensos 17/2020 was promulgated late in 2020 (after Permensos 15/2020, Berita Negara
    # 2020 No. 1440); the day is not in our sources: 1 December 2020 is assumed.
    in_force_from=date(2020, 12, 1),
    source="UU 14/2019 and Permensos 17/2020; the day the chain STR -> SIPPS came into force is "
    "not in our sources: 1 December 2020 is assumed",
    levels={
        "asisten": (
            DegreeIn(levels=frozenset({L.D3, L.D4, L.S1, L.S2, L.S3}), majors=SOCIAL_WORK),
            PracticeDays(365),
            TrainingHours(Decimal(40)),
            PassedExam(at_level=True),
        ),
        "generalis": (
            SOCIAL_WORK_DEGREE,
            PracticeDays(730),
            TrainingHours(Decimal(160)),
            PassedExam(at_level=True),
        ),
        "spesialis": (
            EitherOf(
                (
                    DegreeIn(levels=frozenset({L.S2, L.S3}), majors=SOCIAL_WORK),
                    CertificateHeld(level="generalis", years=3),
                )
            ),
            PracticeDays(1825),
            TrainingHours(Decimal(160)),
            PassedExam(at_level=True),
        ),
    },
    certificate_valid_years=5,
    after_certificate=(Str(valid_years=5), Sipps()),
    policy=(
        "in_force_from",
        "the requirements of each level",
        "certificate_valid_years",
        "str valid_years",
        "sipps valid until its STR",
    ),
    instead_of_licence="an STR from IPSPI and a SIPPS from the regency or city government",
)

# Every rule set, in the order they came into force: each decision is judged by the one in
# force on its own date (``ledger.regimes.rule_set_on``), and ``rules list|show`` prints them.
RULE_SETS: tuple[Regime, ...] = (PERMENSOS_108_2009, PERMENSOS_16_2012, UU_14_2019)
