"""Rule sets as regimes (data), their requirements, and the chain after a certificate.

``catalogue`` holds the rule sets; ``requirements`` the requirements they list; ``regime`` the
shape of a rule set and its chain steps; ``facts`` what the rules look at.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.errors import Refused
from ledger.regimes.catalogue import RULE_SETS
from ledger.regimes.facts import Facts
from ledger.regimes.regime import Eligibility, Regime, valid_until
from ledger.regimes.requirements import Claim
from ledger.wording import said

__all__ = [
    "RULE_SETS",
    "Claim",
    "Eligibility",
    "Regime",
    "in_force_on",
    "rejudge",
    "rejudge_failures",
    "rule_set_named",
    "rule_set_on",
    "valid_until",
]


def in_force_on(day: date) -> Regime | None:
    """The rule set in force on ``day``, or None before the first."""
    in_force = [r for r in RULE_SETS if r.in_force_from <= day]
    return max(in_force, key=lambda r: r.in_force_from) if in_force else None


def rule_set_on(day: date) -> Regime:
    """The rule set in force on ``day``; a decision before the first is refused."""
    regime = in_force_on(day)
    if regime is None:
        first = min(RULE_SETS, key=lambda r: r.in_force_from)
        raise Refused(
            said("no rule set was in force on {day}", day=day),
            [
                said(
                    "decisions can be made from {in_force_from} on, under {rules}",
                    code="rule_set_in_force",
                    in_force_from=first.in_force_from,
                    rules=first.id,
                )
            ],
        )
    return regime


def rule_set_named(rule_set_id: str) -> Regime:
    for rule_set in RULE_SETS:
        if rule_set.id == rule_set_id:
            return rule_set
    raise KeyError(rule_set_id)


def rejudge(facts: Facts, certified: Any) -> Eligibility:
    """A recorded certification judged again by its own rule set and level, on its own date,
    from ``facts`` as they stood before it. KeyError: an unknown rule set or level."""
    rules = rule_set_named(certified.rule_set)
    if certified.level not in rules.levels:
        raise KeyError(certified.level)
    claim = Claim(certified.field, certified.effective_date, certified.level, certified.exam_id)
    return rules.judge(facts, claim)


def rejudge_failures(facts: Facts, certified: Any) -> list[str]:
    """What is wrong with a recorded certification, in the words every auditor's check uses."""
    try:
        verdict = rejudge(facts, certified)
    except KeyError as unknown:
        what = "rule set" if unknown.args[0] == certified.rule_set else "level"
        return [f"{certified.certificate_no} names an unknown {what} {unknown.args[0]!r}"]
    return [f"{certified.certificate_no} ({certified.rule_set}) lacks {r}" for r in verdict.unmet]
