"""Entering the paper history of 2011-2016 in 2026, each decision with its own date, through
the CLI as an officer would (the issue's acceptance story)."""

from __future__ import annotations

import pytest

from tests.cli.helpers import ADMIN, LSP, MINISTRY, ok, register_member, run, unmet_words

pytestmark = pytest.mark.usefixtures("ledger_cli")


def make_eligible(reg: str) -> None:
    ok("--as", ADMIN, "education", "add", reg, "--level", "S1", "--major", "pekerjaan-sosial",
       "--institution", "STKS Bandung", "--graduated-on", "2004-08-30")  # fmt: skip
    ok("--as", ADMIN, "experience", "add", reg, "--employer", "Panti Sosial", "--role",
       "pekerja sosial", "--from", "2005-01-01", "--to", "2008-12-31")  # fmt: skip
    ok("--as", LSP, "training", "log", reg, "--course", "Case management", "--provider", "LSP",
       "--hours", "64", "--completed-on", "2009-06-30")  # fmt: skip
    ok("--as", LSP, "exam", "record", reg, "--field", "anak", "--result", "passed",
       "--held-on", "2011-04-12", "--assessor", "Agus Setiawan")  # fmt: skip


def certified_and_applied_in_2011(reg: str) -> tuple[dict[str, str], dict[str, str]]:
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", "2011-05-02").json
    number = cert["certificate_no"]
    appl = ok("--as", LSP, "--json", "licence", "apply", reg, "--certificate", number,
              "--practice", "direct", "--on", "2011-06-01").json  # fmt: skip
    return cert, appl


def status_by_year(reg: str) -> dict[int, tuple[str, str]]:
    """(certificate status, licence status) at the end of each year, from ``member show``."""
    shown = {}
    for year in range(2011, 2018):
        s = ok("--as", ADMIN, "--json", "member", "show", reg, "--as-of", f"{year}-12-31").json
        licences = [lic["status"] for lic in s["licences"]] or ["-"]
        shown[year] = (s["certificates"][0]["status"], licences[0])
    return shown


def test_a_2011_certificate_and_licence_a_2013_suspension_a_2014_reinstatement_2016_expiry() -> (
    None
):
    reg = register_member()
    make_eligible(reg)
    cert, appl = certified_and_applied_in_2011(reg)
    assert cert["valid_until"] == "2016-05-01"
    assert appl["application_no"] == "APPL-2011-00001"  # numbered by the decision's year
    lic = ok("--as", MINISTRY, "--json", "licence", "grant", appl["application_no"],
             "--on", "15/07/2011").json  # fmt: skip
    assert lic["licence_no"] == "LIC-2011-00001" and lic["valid_until"] == "2016-05-01"
    number = lic["licence_no"]
    ok("--as", MINISTRY, "licence", "suspend", number, "--reason", "inquiry", "--on", "2013-02-01")
    ok("--as", MINISTRY, "licence", "reinstate", number, "--reason", "ok", "--on", "2014-01-06")

    assert status_by_year(reg) == {
        2011: ("active", "active"),
        2012: ("active", "active"),
        2013: ("active", "suspended"),
        2014: ("active", "active"),
        2015: ("active", "active"),
        2016: ("expired", "expired"),
        2017: ("expired", "expired"),
    }
    # the history shows both dates: effective in 2013, recorded now
    history = ok("--as", ADMIN, "--json", "member", "history", reg).json["events"]
    suspended = next(e for e in history if e["event"] == "LicenceSuspended")
    assert suspended["effective_date"] == "2013-02-01"
    assert suspended["recorded_at"][:4] >= "2026"


def test_a_grant_dated_before_its_application_is_refused_and_records_nothing() -> None:
    reg = register_member()
    make_eligible(reg)
    _, appl = certified_and_applied_in_2011(reg)
    before = len(ok("--as", ADMIN, "--json", "member", "history", reg).json["events"])

    refused = run("--as", MINISTRY, "--json", "licence", "grant", appl["application_no"],
                  "--on", "2011-05-20")  # fmt: skip

    assert refused.code == 3
    assert unmet_words(refused.error) == [
        f"a grant on or after its application: {appl['application_no']} was made on 2011-06-01"
    ]
    assert len(ok("--as", ADMIN, "--json", "member", "history", reg).json["events"]) == before


def test_a_certificate_revoked_on_its_own_date_brings_its_licence_down_from_then() -> None:
    reg = register_member()
    make_eligible(reg)
    cert, appl = certified_and_applied_in_2011(reg)
    ok("--as", MINISTRY, "licence", "grant", appl["application_no"], "--on", "2011-07-15")

    revoked = ok("--as", LSP, "--json", "certificate", "revoke", cert["certificate_no"],
                 "--reason", "putusan etik", "--on", "2012-09-03").json  # fmt: skip

    assert revoked["licences_revoked"] == ["LIC-2011-00001"]
    assert status_by_year(reg)[2011] == ("active", "active")
    assert status_by_year(reg)[2012] == ("revoked", "revoked")
