"""What the public asks of the register, with no actor: find a social worker, read their
public entry (projections/public_register.py says what is public), and the documents a
verifier fetches (the issuers' keys, the status lists, the latest signed tree head).

The web service (commands/web) is a thin layer over these, as the CLI is over the others.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from commands.queries import checked, indonesian_day
from ledger.application import Ledger
from ledger.errors import InvalidInput, NotFound
from ledger.numbers import PREFIXES, REGISTRATION_NO
from ledger.regimes.facts import Degree, Exam, Period, Training
from ledger.verification import SealMemo
from ledger.wording import said
from projections import public_register
from projections.read_model import open_read_model

# A number of a credential the public may look up, by its prefix (EXAM and APPL are not).
LOOKED_UP = {PREFIXES[k]: k for k in ("certificate", "licence", "str", "sipps")}
_NUMBER = re.compile(r"^(?P<prefix>[A-Z]+)-[0-9A-Z-]+$")
SHORTEST_NAME = 2
BULK_LIMIT = 100  # numbers in one bulk check, as Social Work England's employer check allows
BULK_COLUMNS = (
    "number",
    "found",
    "registration_no",
    "name",
    "in_good_standing",
    "credential",
    "status",
    "valid_until",
)
VERDICTS = ("revoked", "suspended", "expired")  # a genuine credential no longer valid


def today(ledger: Ledger) -> date:
    """Today in Indonesia (WIB) by the ledger's clock."""
    return indonesian_day(ledger.clock())


class Checked:
    """How a server checks the streams it shows: each read checks the member's stream in full
    (stored form, hash chain, roles, rules, seals: ``queries.checked``), as the CLI's reads
    do, remembering only the journal entries' seals it has read and the signatures it has
    verified, by their stored bytes (``SealMemo``): a seal or an event changed in the store
    is seen on the next read. (Trusting a member's stream while its own records were the same
    bytes missed a seal forged behind them: tests/web/test_verify.py.)"""

    def __init__(self) -> None:
        self.seals = SealMemo()

    def check(self, ledger: Ledger, member: Any, number: str) -> None:
        checked(ledger, member.id, number, self.seals)


def entry(ledger: Ledger, registration_no: str, streams: Checked | None = None) -> dict[str, Any]:
    """A member's public entry; not found for a number not registered or a member erased.
    Their stream is checked first, as every read is: a forged view is never shown."""
    number = registration_no.strip()
    if not REGISTRATION_NO.match(number):
        raise InvalidInput(
            said("not a registration number: {number}", number=number[:40]),
            [{"field": "registration_no", "message": "PP-YYYY-NNNNN"}],
        )
    member = ledger.member(number)
    found = public_register.public_entry(member.record, today(ledger))
    if found is None:
        raise NotFound(said("member {registration_no} not found", registration_no=number))
    (streams or Checked()).check(ledger, member, number)
    return found


def search(
    ledger: Ledger, query: str, province: str | None = None, streams: Checked | None = None
) -> list[dict[str, Any]]:
    """Members a search finds: by a registration, certificate, STR, SIPPS or licence number
    (exactly), or by the words of a name (with a province, only there)."""
    # control characters (a NUL would reach PostgreSQL) are spaces, as the API's schema says
    words = " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in query).split())
    number = words.upper()
    if REGISTRATION_NO.match(number):
        return _found(ledger, number, streams)
    if (match := _NUMBER.match(number)) and match["prefix"] in LOOKED_UP:
        try:
            holder = ledger.member_holding(number, LOOKED_UP[match["prefix"]])
        except NotFound:
            return []
        return _found(ledger, holder.record.registration_no, streams)
    if len(words) < SHORTEST_NAME:
        raise InvalidInput(
            said(
                "type a number, or at least {count} letters of a name",
                count=SHORTEST_NAME,
            ),
            [{"field": "q", "message": "too short"}],
        )
    rows = public_register.by_name(open_read_model(ledger), words, province)
    names = dict(provinces())
    return [{**row, "province_name": names.get(row["province"], "")} for row in rows]


def _found(ledger: Ledger, registration_no: str, streams: Checked | None) -> list[dict[str, Any]]:
    try:
        found = entry(ledger, registration_no, streams)
    except NotFound:
        return []
    fields = ("registration_no", "name", "province", "province_name")
    return [{k: found[k] for k in fields}]


def provinces() -> list[tuple[str, str]]:
    """The provinces a search may be narrowed to: (BPS code, name)."""
    from ledger.vocabulary import province_entries

    return [(p.code, p.name) for p in province_entries()]


def fields() -> list[tuple[str, str]]:
    """The fields of practice a certificate is for: (code, name)."""
    from ledger.vocabulary import field_entries

    return [(f.code, f.name) for f in field_entries()]


def education_levels() -> list[str]:
    from ledger.vocabulary import EducationLevel

    return [level.value for level in EducationLevel]


def as_json(value: Any) -> Any:
    """An entry for the API: dates as ISO text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def jwks(ledger: Ledger) -> dict[str, Any]:
    """Every key the ledger's issuers and its log ever held, as one JWK Set to pin."""
    from commands.audit import issuer_keys
    from ledger import credential

    return {"keys": [credential.public_jwk(k.public_key, k.key_id) for _, k in issuer_keys(ledger)]}


def tree_head(ledger: Ledger) -> dict[str, Any]:
    """The signed tree head of the whole log, now (as ``audit digest`` gives it)."""
    from ledger.auditing import digest

    return digest(ledger)


def status_list(ledger: Ledger, purpose: str) -> str:
    """The ``purpose`` status list (``revocation``, ``suspension``), signed, as of now."""
    from commands.credentials import status_list_token

    return status_list_token(ledger, ledger.clock(), purpose)


def verify(ledger: Ledger, token: str) -> dict[str, Any]:
    """A pasted credential's verdict: ``valid``; ``revoked``, ``suspended`` or ``expired``
    (genuine, no longer valid); ``altered`` (a signature or claim that does not hold, or an
    issuer this ledger does not know); ``unreadable`` (not a credential). With the reasons."""
    from commands.credentials import checked_token
    from ledger import credential
    from ledger.errors import IntegrityFailure, NoLongerValid

    token = "".join(token.split())
    claims = _claims(token)
    kind = credential.kind_of(claims) if isinstance(claims, dict) else None
    if kind is None:
        return {"verdict": "unreadable", "reasons": [said("not a credential of this ledger")]}
    try:
        result = checked_token(ledger, ledger.clock(), kind, token)
    except NoLongerValid as error:
        status = next((s for s in VERDICTS if f" {s}" in error.message), "invalid")
        return {"verdict": status, "kind": kind.name, "reasons": [error.message, *error.unmet]}
    except (IntegrityFailure, NotFound) as error:
        return {"verdict": "altered", "kind": kind.name, "reasons": [error.message]}
    except InvalidInput as error:
        return {"verdict": "unreadable", "kind": kind.name, "reasons": [error.message]}
    return {"verdict": "valid", "kind": kind.name, "reasons": [], "credential": result}


def _claims(token: str) -> Any:
    """The claims of a compact JWS, unverified: only to know which kind to verify it as."""
    import base64
    import json

    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (IndexError, ValueError):
        return None


def numbers_in(text: str) -> list[str]:
    """The numbers a pasted list or an uploaded sheet holds, in order, each once: whatever
    separates them (lines, commas, semicolons, cells)."""
    found = re.findall(r"[0-9]{2}-[0-9]{4}-[0-9]{5,}|[A-Za-z]{3,5}-[0-9A-Za-z-]*[0-9]", text)
    return list(dict.fromkeys(n.upper() for n in found))


def bulk(
    ledger: Ledger, numbers: list[str], streams: Checked | None = None
) -> list[dict[str, Any]]:
    """Each number's holder and standing, and the credential's status for a credential's
    number: the employer's check of up to ``BULK_LIMIT`` numbers at once."""
    if not numbers:
        raise InvalidInput(
            said("no registration, certificate, STR, SIPPS or licence number found"),
            [{"field": "numbers", "message": "none"}],
        )
    if len(numbers) > BULK_LIMIT:
        raise InvalidInput(
            said(
                "at most {limit} numbers at once: {count} given",
                limit=BULK_LIMIT,
                count=len(numbers),
            ),
            [{"field": "numbers", "message": f"at most {BULK_LIMIT}"}],
        )
    return [_checked_number(ledger, number, streams) for number in numbers]


def _checked_number(ledger: Ledger, number: str, streams: Checked | None) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(BULK_COLUMNS)
    row.update(number=number, found=False)
    match = _NUMBER.match(number)
    kind = LOOKED_UP.get(match["prefix"]) if match else None
    try:
        if REGISTRATION_NO.match(number):
            found = entry(ledger, number, streams)
        elif kind is not None:
            holder = ledger.member_holding(number, kind)
            found = entry(ledger, holder.record.registration_no, streams)
        else:
            return row
    except NotFound:
        return row
    row.update(
        found=True,
        registration_no=found["registration_no"],
        name=found["name"],
        in_good_standing=found["in_good_standing"],
    )
    if kind is not None:
        table = {"certificate": "certificates", "licence": "licences", "str": "strs"}
        for item in found[table.get(kind, kind)]:
            if number in item.values():
                row.update(credential=kind, status=item["status"], valid_until=item["valid_until"])
    return row


# --- eligibility: what the rules in force ask of someone, from what they say they have ------


@dataclass(frozen=True)
class Declared:
    """What a person says they have (nothing is stored): the facts the rules judge."""

    degrees: dict[int, Degree]
    periods: dict[int, Period]
    trainings: dict[int, Training]
    exams: dict[int, Exam] = field(default_factory=dict)
    certificates: dict[str, Any] = field(default_factory=dict)


def eligibility(
    ledger: Ledger,
    *,
    field_of_practice: str,
    level: str,
    major: str,
    graduated_on: str,
    periods: list[tuple[str, str]],
    training_hours: str,
) -> dict[str, Any]:
    """Per level of the rule set in force today: each requirement met or not, in words, for
    the facts given (an exam is never among them: only the LSP records one)."""
    from ledger.regimes import rule_set_on
    from ledger.regimes.requirements import Claim
    from ledger.vocabulary import EducationLevel, Field
    from ledger.vocabulary import major as major_code

    on = today(ledger)
    problems: list[dict[str, str]] = []

    def read(name: str, make: Any, text: str) -> Any:
        try:
            return make(text.strip())
        except (ValueError, ArithmeticError):
            problems.append({"field": name, "message": "not valid"})
            return None

    chosen_field = read("field", Field, field_of_practice)
    degree_level = read("level", EducationLevel, level) if level else None
    graduated = read("graduated_on", date.fromisoformat, graduated_on) if graduated_on else None
    hours = read("training_hours", Decimal, training_hours or "0")
    spans = []
    for n, (started, ended) in enumerate(periods, start=1):
        if started.strip():
            start = read(f"from_{n}", date.fromisoformat, started)
            end = read(f"to_{n}", date.fromisoformat, ended) if ended.strip() else None
            spans.append(Period(entry=10 + n, started_on=start, ended_on=end))
    if problems:
        raise InvalidInput(
            said(
                "these fields are not valid: {fields}",
                fields=", ".join(p["field"] for p in problems),
            ),
            problems,
        )
    facts = Declared(
        degrees={1: Degree(1, degree_level, major_code(major), graduated or on)}
        if degree_level
        else {},
        periods={p.entry: p for p in spans},
        trainings={100: Training(100, hours, on)} if hours else {},
    )
    rules = rule_set_on(on)
    levels = []
    for name, requirements in rules.levels.items():
        claim = Claim(field=chosen_field, on=on, level=name)
        verdicts = [r.judge(facts, claim) for r in requirements]
        levels.append(
            {
                "level": name,
                "met": all(v.met for v in verdicts),
                "requirements": [
                    {
                        "code": v.code,
                        "met": v.met,
                        "requirement": requirement.describe(),
                        "unmet": list(v.messages),
                    }
                    for requirement, v in zip(requirements, verdicts, strict=True)
                ],
            }
        )
    return {"rule_set": rules.id, "title": rules.title, "on": on, "levels": levels}
