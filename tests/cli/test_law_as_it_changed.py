"""The law as it changed: 2012's 160 hours, Law 14/2019's levels, and its chain certificate ->
STR (IPSPI) -> SIPPS (the regency or city), through the CLI with the roles of each."""

from __future__ import annotations

import pytest

from tests.cli.helpers import ADMIN, LSP, MINISTRY, failed, ok, register_member, unmet_words

pytestmark = pytest.mark.usefixtures("ledger_cli")

BANDUNG = "Asep Sunandar"  # the officer of Kota Bandung (3273)
GARUT = "Euis Komariah"  # the officer of Kabupaten Garut (3205)


def facts(reg: str, *, hours: str = "64", exam_on: str = "2011-04-12", level: str | None = None,
          field: str = "anak") -> str:  # fmt: skip
    """An S1 in social work, 2005-2008 practice, ``hours`` of training, a passed exam."""
    ok("--as", ADMIN, "education", "add", reg, "--level", "S1", "--major", "pekerjaan-sosial",
       "--institution", "STKS Bandung", "--graduated-on", "2004-08-30")  # fmt: skip
    ok("--as", ADMIN, "experience", "add", reg, "--employer", "Panti Sosial", "--role",
       "pekerja sosial", "--from", "2005-01-01", "--to", "2008-12-31")  # fmt: skip
    ok("--as", LSP, "training", "log", reg, "--course", "Case management", "--provider", "LSP",
       "--hours", hours, "--completed-on", "2009-06-30")  # fmt: skip
    args = ["--held-on", exam_on, "--assessor", "Agus Setiawan"]
    args += ["--level", level] if level else []
    exam = ok("--as", LSP, "--json", "exam", "record", reg, "--field", field, "--result",
              "passed", *args).json  # fmt: skip
    return str(exam["exam_id"])


def certify(reg: str, on: str, *level: str, code: int = 0) -> dict[str, object]:
    args = ["--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", on, *level]
    result = ok(*args) if code == 0 else failed(code, *args)
    return result.json if code == 0 else result.error  # type: ignore[no-any-return]


def enrol_officers() -> None:
    ok("--as", ADMIN, "actor", "add", BANDUNG, "--role", "regional-government",
       "--regency", "Kota Bandung")  # fmt: skip
    ok("--as", ADMIN, "actor", "add", GARUT, "--role", "regional-government", "--regency", "3205")


def test_64_hours_in_2011_pass_and_in_2014_are_refused_for_the_160_hours() -> None:
    early, late = register_member(), register_member(name="Sri Wahyuni")
    facts(early)
    facts(late, exam_on="2014-02-01")
    assert certify(early, "2011-05-02")["rule_set"] == "permensos-108-2009"
    refused = certify(late, "2014-03-03", code=3)
    assert unmet_words(refused) == [
        "at least 160 hours of social-work training completed by 2014-03-03: 64 hours recorded"
    ]


def test_a_2024_certification_without_a_level_is_refused_naming_the_levels() -> None:
    reg = register_member()
    facts(reg, hours="160", exam_on="2024-01-15", level="generalis")
    refused = certify(reg, "2024-02-01", code=3)
    assert unmet_words(refused) == [
        "a level under uu-14-2019: one of asisten, generalis, spesialis"
    ]
    done = certify(reg, "2024-02-01", "--level", "generalis")
    assert (done["rule_set"], done["level"]) == ("uu-14-2019", "generalis")


def test_an_exam_at_another_level_does_not_count() -> None:
    reg = register_member()
    facts(reg, hours="160", exam_on="2024-01-15", level="asisten")
    refused = certify(reg, "2024-02-01", "--level", "generalis", code=3)
    assert unmet_words(refused) == [
        "a passed competency exam (uji kompetensi) in anak at level generalis, held by "
        "2024-02-01: none"
    ]


def chain(reg: str) -> tuple[str, str, str]:
    """A 2024 generalis certificate, its STR and a SIPPS of Kota Bandung."""
    facts(reg, hours="160", exam_on="2024-01-15", level="generalis")
    cert = str(certify(reg, "2024-02-01", "--level", "generalis")["certificate_no"])
    registration = ok("--as", ADMIN, "--json", "str", "issue", reg, "--certificate", cert,
                      "--health-statement", "SKS-117", "--oath-on", "2024-03-01",
                      "--ethics-pledge", "PKE-117", "--on", "2024-03-04").json  # fmt: skip
    assert registration["valid_until"] == "2029-03-03"
    permit = ok("--as", BANDUNG, "--json", "sipps", "grant", reg, "--str", registration["str_no"],
                "--regency", "3273", "--place", "Panti Sosial Asuhan Anak Bandung",
                "--practice", "direct", "--on", "2024-04-01").json  # fmt: skip
    assert permit["sipps_no"] == "SIPPS-3273-2024-00001"
    assert permit["valid_until"] == registration["valid_until"]  # until its STR ends
    return cert, str(registration["str_no"]), str(permit["sipps_no"])


def test_the_chain_certificate_str_sipps_is_issued_with_the_right_roles() -> None:
    enrol_officers()
    reg = register_member()
    cert, registration, permit = chain(reg)
    shown = ok("--as", ADMIN, "--json", "member", "show", reg, "--as-of", "2024-06-01").json
    assert [c["certificate_no"] for c in shown["certificates"]] == [cert]
    assert [(r["str_no"], r["status"]) for r in shown["strs"]] == [(registration, "active")]
    assert [(p["sipps_no"], p["status"]) for p in shown["sipps"]] == [(permit, "active")]


def test_a_sipps_provenance_leads_through_its_str_to_the_certificate_and_its_evidence() -> None:
    enrol_officers()
    reg = register_member()
    cert, registration, permit = chain(reg)

    chain_of = ok("--as", "Lestari Wulandari", "--json", "sipps", "provenance", permit).json

    assert chain_of["sipps"]["str_no"] == chain_of["str"]["str_no"] == registration
    assert chain_of["str"]["certificate_no"] == chain_of["certificate"]["certificate_no"] == cert
    beneath = chain_of["certificate"]
    assert (beneath["rule_set"]["id"], beneath["rule_set"]["level"]) == ("uu-14-2019", "generalis")
    assert beneath["exam"]["effective_date"] == "2024-01-15"
    assert beneath["recheck"]["holds"] is True
    words = ok("--as", "Lestari Wulandari", "str", "provenance", registration).stdout
    assert f"Provenance of certificate {cert}" in words and "level        generalis" in words


def test_wrong_roles_and_the_wrong_regency_are_refused_recording_nothing() -> None:
    enrol_officers()
    reg = register_member()
    cert, registration, permit = chain(reg)
    before = len(ok("--as", ADMIN, "--json", "member", "history", reg).json["events"])
    # IPSPI issues the STR, not the LSP; a regency grants the SIPPS, not the Ministry or IPSPI
    failed(7, "--as", LSP, "str", "issue", reg, "--certificate", cert, "--health-statement", "x",
           "--oath-on", "2024-03-01", "--ethics-pledge", "y")  # fmt: skip
    for actor in (MINISTRY, ADMIN):
        failed(7, "--as", actor, "sipps", "grant", reg, "--str", registration, "--regency",
               "3273", "--place", "Klinik", "--practice", "direct")  # fmt: skip
    other = failed(7, "--as", GARUT, "sipps", "grant", reg, "--str", registration,
                   "--regency", "3273", "--place", "Klinik", "--practice", "direct")  # fmt: skip
    assert "regency 3205" in other.error["message"]
    failed(7, "--as", GARUT, "sipps", "suspend", permit, "--reason", "x")
    after = len(ok("--as", ADMIN, "--json", "member", "history", reg).json["events"])
    assert after == before


def test_missing_and_expired_prerequisites_are_all_named() -> None:
    enrol_officers()
    reg = register_member()
    facts(reg, hours="160", exam_on="2024-01-15", level="generalis")
    cert = str(certify(reg, "2024-02-01", "--level", "generalis")["certificate_no"])
    # an STR before its certificate, with the oath after the issue day
    early = failed(3, "--as", ADMIN, "str", "issue", reg, "--certificate", cert,
                   "--health-statement", "S", "--oath-on", "2024-01-20", "--ethics-pledge", "P",
                   "--on", "2024-01-10")  # fmt: skip
    assert unmet_words(early.error) == [
        f"an active certificate: {cert} is not yet issued",
        "the oath taken by the issue date: it is dated 2024-01-20, after 2024-01-10",
    ]
    # a SIPPS on an STR that is not there
    failed(4, "--as", BANDUNG, "sipps", "grant", reg, "--str", "STR-2024-00099", "--regency",
           "3273", "--place", "Klinik", "--practice", "direct")  # fmt: skip
    # a SIPPS on an STR after it expired
    registration = ok("--as", ADMIN, "--json", "str", "issue", reg, "--certificate", cert,
                      "--health-statement", "S", "--oath-on", "2024-02-05",
                      "--ethics-pledge", "P", "--on", "2024-02-06").json["str_no"]  # fmt: skip
    ok("--as", ADMIN, "str", "revoke", registration, "--reason", "salah", "--on", "2024-02-07")
    late = failed(3, "--as", BANDUNG, "sipps", "grant", reg, "--str", registration,
                  "--regency", "3273", "--place", "Klinik", "--practice", "direct",
                  "--on", "2024-03-01")  # fmt: skip
    assert unmet_words(late.error) == [f"an active STR: {registration} is revoked"]


def test_revoking_the_certificate_brings_down_its_str_and_sipps_in_one_save() -> None:
    enrol_officers()
    reg = register_member()
    cert, registration, permit = chain(reg)

    revoked = ok("--as", LSP, "--json", "certificate", "revoke", cert, "--reason", "etik",
                 "--on", "2025-01-10").json  # fmt: skip

    assert (revoked["strs_revoked"], revoked["sipps_revoked"]) == ([registration], [permit])
    history = ok("--as", ADMIN, "--json", "member", "history", reg).json["events"]
    last = history[-3:]
    assert [e["event"] for e in last] == ["CertificateRevoked", "StrRevoked", "SippsRevoked"]
    assert len({e["recorded_at"] for e in last}) == 1  # one save
    shown = ok("--as", ADMIN, "--json", "member", "show", reg, "--as-of", "2025-02-01").json
    assert shown["strs"][0]["status"] == "revoked" and shown["sipps"][0]["status"] == "revoked"
    verified = ok("--as", ADMIN, "--json", "audit", "verify").json
    assert verified["verified"] is True


def test_licences_end_with_the_2019_law_and_old_ones_keep_their_dates() -> None:
    reg = register_member()
    facts(reg, hours="160", exam_on="2015-04-01")
    cert = str(certify(reg, "2015-05-04")["certificate_no"])  # valid until 2020-05-03
    appl = ok("--as", LSP, "--json", "licence", "apply", reg, "--certificate", cert,
              "--practice", "direct", "--on", "2015-06-01").json["application_no"]  # fmt: skip
    ok("--as", MINISTRY, "licence", "grant", appl, "--on", "2015-07-01")
    in_2019 = ok("--as", ADMIN, "--json", "member", "show", reg, "--as-of", "2019-06-30").json
    in_2021 = ok("--as", ADMIN, "--json", "member", "show", reg, "--as-of", "2021-06-30").json
    assert in_2019["licences"][0]["status"] == "active"
    assert in_2021["licences"][0]["status"] == "expired"

    other = register_member(name="Sri Wahyuni")
    facts(other, hours="160", exam_on="2024-01-15", level="generalis")
    newer = str(certify(other, "2024-02-01", "--level", "generalis")["certificate_no"])
    refused = failed(3, "--as", LSP, "licence", "apply", other, "--certificate", newer,
                     "--practice", "direct", "--on", "2024-03-01")  # fmt: skip
    assert unmet_words(refused.error) == [
        "a rule set with Ministry licences on 2024-03-01: under uu-14-2019 (in force from "
        "2020-12-01) practice needs an STR from IPSPI and a SIPPS from the regency or city "
        "government"
    ]
