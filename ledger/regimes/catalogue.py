"""The rule sets the ledger knows, as data. A rule change that moves a number is a change here.

Every decision is judged by the rule set in force on its own effective date, and its event names
that rule set, so history spans rule changes without being rewritten.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ledger.regimes.regime import MinistryLicence, Regime
from ledger.regimes.requirements import DegreeIn, PassedExam, PracticeDays, TrainingHours
from ledger.vocabulary import EducationLevel

# "S1 or D4 in social work or social welfare": higher degrees in those majors count too.
SOCIAL_WORK_DEGREE = DegreeIn(
    levels=frozenset({EducationLevel.D4, EducationLevel.S1, EducationLevel.S2, EducationLevel.S3}),
    majors=frozenset({"pekerjaan-sosial", "kesejahteraan-sosial"}),
)

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

RULE_SETS: tuple[Regime, ...] = (PERMENSOS_108_2009,)
