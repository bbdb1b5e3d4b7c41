"""Every command of the CLI contract works with good input, in words and in --json."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import click
import pytest

from commands.cli import cli
from ledger.storage.store import open_store
from tests.cli.helpers import (
    ADMIN,
    AUDITOR,
    CHAPTER_31,
    CHAPTER_32,
    LSP,
    MINISTRY,
    fresh_nik,
    make_eligible,
    ok,
    register_member,
    run,
    setup_ledger,
    today_in_indonesia,
)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture
def ledger_cli(cli_env: dict[str, str]) -> dict[str, str]:
    """A ledger initialised through the CLI, with one actor of each role."""
    setup_ledger()
    return cli_env


@pytest.fixture
def certified(ledger_cli: dict[str, str]) -> dict[str, str]:
    """An eligible member certified generalis in anak a year ago: active today."""
    reg = register_member()
    exam_id = make_eligible(reg, level="generalis")
    on = today_in_indonesia() - timedelta(days=365)
    result = ok(
        "--as", LSP, "--json", "certify", reg, "--field", "anak", "--level", "generalis",
        "--on", str(on),
    )  # fmt: skip
    return {"reg": reg, "exam_id": exam_id, "on": str(on), **result.json}


@pytest.fixture
def licensed(ledger_cli: dict[str, str]) -> dict[str, str]:
    """Paper history: a member certified 2011-05-02 under the 2009 rules and licensed by the
    Ministry on it (applied 2011-05-10, granted 2011-06-01; both expired 2016-05-01)."""
    reg = register_member()
    exam_id = make_eligible(reg)
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", "2011-05-02").json
    applied = ok(
        "--as", LSP, "--json", "licence", "apply", reg,
        "--certificate", cert["certificate_no"], "--practice", "direct,institution",
        "--on", "2011-05-10",
    )  # fmt: skip
    granted = ok(
        "--as", MINISTRY, "--json", "licence", "grant", applied.json["application_no"],
        "--on", "2011-06-01",
    )  # fmt: skip
    return {
        "reg": reg,
        "exam_id": exam_id,
        **cert,
        **applied.json,
        **granted.json,
        "cert_valid_until": cert["valid_until"],
    }


# --- the store ------------------------------------------------------------------------------


def test_init_creates_the_store_its_key_and_first_admin(cli_env: dict[str, str]) -> None:
    result = run("--json", "init", "--admin", ADMIN)

    assert result.code == 0, result
    created = result.json
    assert created["admin"] == ADMIN
    assert created["store"] == open_store(cli_env["PEKSOS_DB"]).display  # no password shown
    assert created["ledger_id"] in created["keys"]
    assert Path(created["keys"], "nik-index.key").is_file()
    store = open_store(cli_env["PEKSOS_DB"])
    assert store.backend == "postgresql" or Path(store.location).is_file()
    assert result.stderr == ""


def test_init_in_words(cli_env: dict[str, str]) -> None:
    result = run("init", "--admin", ADMIN)

    assert result.code == 0, result
    assert "Ledger created" in result.stdout
    assert ADMIN in result.stdout


def test_info_shows_the_store_in_use(ledger_cli: dict[str, str]) -> None:
    info = ok("--json", "info").json

    assert info["store"] == open_store(ledger_cli["PEKSOS_DB"]).display
    assert info["backend"] == open_store(ledger_cli["PEKSOS_DB"]).backend
    assert info["initialised"] is True
    assert info["actors"] == 6
    assert info["events"] > 0
    assert info["ledger_id"] in info["keys"]
    human = ok("info").stdout
    assert open_store(ledger_cli["PEKSOS_DB"]).display in human
    assert ":peksos@" not in human  # a PostgreSQL password is never printed
    assert set(info["views"]) == {
        "members",
        "certificates",
        "licences",
        "dues",
        "practice",
        "seals",
        "chain",
        "issued",
        "access",
    }
    assert info["public_url"] == "https://register.peksos.invalid"  # until PEKSOS_PUBLIC_URL
    assert info["log_key"]


def test_db_option_overrides_the_environment(cli_env: dict[str, str], tmp_path: Path) -> None:
    other = str(tmp_path / "other.sqlite")
    ok("--db", other, "init", "--admin", ADMIN)

    assert ok("--db", other, "--json", "info").json["store"] == other
    assert not Path(cli_env["PEKSOS_DB"]).exists()


# --- actors ---------------------------------------------------------------------------------


def test_actor_add_prints_the_enrolled_actor(ledger_cli: dict[str, str]) -> None:
    result = ok("--as", ADMIN, "--json", "actor", "add", "Rina Wulandari", "--role", "lsp")

    enrolled = result.json
    key_id = enrolled.pop("key_id")
    assert enrolled == {"name": "Rina Wulandari", "role": "lsp", "province": None}
    assert len(key_id) == 16 and int(key_id, 16) >= 0  # the new signing key's id


def test_actor_add_a_chapter_admin_in_words(ledger_cli: dict[str, str]) -> None:
    result = ok(
        "--as", ADMIN, "actor", "add", "Yusuf Kurniawan", "--role", "chapter-admin",
        "--province", "11",
    )  # fmt: skip

    assert "Actor enrolled" in result.stdout
    assert "Yusuf Kurniawan" in result.stdout
    assert "11" in result.stdout


def test_actor_list_holds_one_actor_of_each_role(ledger_cli: dict[str, str]) -> None:
    rows = ok("--as", AUDITOR, "--json", "actor", "list").json

    assert {(r["name"], r["role"], r["province"]) for r in rows} == {
        (ADMIN, "admin", None),
        (CHAPTER_32, "chapter-admin", "32"),
        (CHAPTER_31, "chapter-admin", "31"),
        (LSP, "lsp", None),
        (MINISTRY, "ministry", None),
        (AUDITOR, "auditor", None),
    }


def test_actor_list_as_csv_and_table(ledger_cli: dict[str, str]) -> None:
    rows = list(
        csv.DictReader(io.StringIO(ok("--as", ADMIN, "actor", "list", "--format", "csv").stdout))
    )
    table = ok("--as", ADMIN, "actor", "list").stdout

    assert rows[0]["name"] == ADMIN
    assert {r["role"] for r in rows} == {"admin", "chapter-admin", "lsp", "ministry", "auditor"}
    for name in (ADMIN, CHAPTER_32, LSP, MINISTRY, AUDITOR):
        assert name in table


def test_the_acting_person_can_come_from_peksos_actor(
    ledger_cli: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PEKSOS_ACTOR", AUDITOR)

    assert len(ok("--json", "actor", "list").json) == 6


# --- members --------------------------------------------------------------------------------


def test_member_register_prints_the_registration_number(ledger_cli: dict[str, str]) -> None:
    result = ok(
        "--as", CHAPTER_32, "--json", "member", "register", "--name", "Siti Aminah",
        "--nik", "3273014501800002", "--birth-date", "1980-01-05", "--province", "32",
        "--email", "siti@example.org", "--phone", "+62 812-0000-0001",
        "--registered-on", "2010-03-01",
    )  # fmt: skip

    assert result.json == {
        "registration_no": "32-2010-00001",
        "name": "Siti Aminah",
        "registered_on": "2010-03-01",
    }


def test_registration_numbers_run_per_province_and_year_without_gaps(
    ledger_cli: dict[str, str],
) -> None:
    numbers = [
        register_member(province="32", registered_on="2010-03-01"),
        register_member(province="32", registered_on="2010-04-01"),
        register_member(province="31", registered_on="2010-04-01"),
        register_member(province="32", registered_on="2011-01-10"),
        register_member(province="32", registered_on="2010-05-01", actor=CHAPTER_32),
    ]

    assert numbers == [
        "32-2010-00001",
        "32-2010-00002",
        "31-2010-00001",
        "32-2011-00001",
        "32-2010-00003",
    ]


def test_member_register_in_words(ledger_cli: dict[str, str]) -> None:
    result = ok(
        "--as", ADMIN, "member", "register", "--name", "Ma'ruf Hidayat",
        "--nik", "3174021203780001", "--birth-date", "1978-03-12", "--province", "31",
        "--email", "maruf@example.org", "--registered-on", "2010-03-01",
    )  # fmt: skip

    assert "Member registered" in result.stdout
    assert "31-2010-00001" in result.stdout


def test_member_register_defaults_to_today(ledger_cli: dict[str, str]) -> None:
    before = today_in_indonesia()
    result = ok(
        "--as", ADMIN, "--json", "member", "register", "--name", "Sukarti",
        "--nik", fresh_nik(born="1965-08-07"), "--birth-date", "1965-08-07", "--province", "32",
        "--email", "sukarti@example.org",
    )  # fmt: skip
    after = today_in_indonesia()

    assert result.json["registered_on"] in {str(before), str(after)}
    assert result.json["registration_no"].startswith(f"32-{result.json['registered_on'][:4]}-")


def test_member_update_changes_the_profile(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    result = ok(
        "--as", CHAPTER_32, "--json", "member", "update", reg, "--name", "Siti Aminah Rahayu",
        "--email", "siti.rahayu@example.org", "--phone", "081200000002",
    )  # fmt: skip

    assert result.json["registration_no"] == reg
    shown = ok("--as", ADMIN, "--json", "member", "show", reg, "--unmasked").json
    assert shown["name"] == "Siti Aminah Rahayu"
    assert shown["email"] == "siti.rahayu@example.org"
    assert shown["phone"] == "081200000002"
    events = ok("--as", AUDITOR, "--json", "member", "history", reg).json["events"]
    assert [e["event"] for e in events] == ["Registered", "ProfileUpdated", "PersonalDataShown"]
    assert (
        "Profile updated"
        in ok("--as", ADMIN, "member", "update", reg, "--phone", "0812000003").stdout
    )


def test_member_correct_withdraws_an_entry(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    ok(
        "--as", ADMIN, "training", "log", reg, "--course", "Manajemen kasus",
        "--provider", "Balai Besar Diklat Kesos", "--hours", "600", "--completed-on", "2009-06-30",
    )  # fmt: skip

    result = ok(
        "--as", ADMIN, "--json", "member", "correct", reg, "--entry", "2",
        "--reason", "hours typed as 600 instead of 60",
    )  # fmt: skip

    assert result.json == {"registration_no": reg, "withdrawn": 2}
    assert ok("--as", ADMIN, "--json", "member", "show", reg).json["training_hours"] == "0"
    last = ok("--as", AUDITOR, "--json", "member", "history", reg).json["events"][-1]
    assert last["event"] == "EntryCorrected"
    assert last["data"]["reason"] == "hours typed as 600 instead of 60"


def test_member_show_json_holds_the_status(certified: dict[str, str]) -> None:
    shown = ok("--as", LSP, "--json", "member", "show", certified["reg"], "--unmasked").json

    assert shown["registration_no"] == certified["reg"]
    assert shown["name"] == "Siti Aminah"
    assert re.fullmatch(r"\d{16}", shown["nik"])  # the LSP sees the full NIK
    assert shown["province"] == "32"
    assert shown["province_name"] == "Jawa Barat"
    assert shown["registered_on"] == "2010-03-01"
    assert set(shown["standing"]) == {"in_good_standing", "dues_year", "dues_paid_years"}
    assert [d["level"] for d in shown["education"]] == ["S1"]
    assert shown["practice"]["days"] == 1824
    assert shown["training_hours"] == "160"
    assert [e["exam_id"] for e in shown["exams"]] == [certified["exam_id"]]
    assert [(c["certificate_no"], c["status"]) for c in shown["certificates"]] == [
        (certified["certificate_no"], "active")
    ]
    assert shown["licences"] == []
    assert shown["pending_applications"] == []


def test_member_show_as_of_a_past_date(certified: dict[str, str]) -> None:
    shown = ok(
        "--as", AUDITOR, "--json", "member", "show", certified["reg"], "--as-of", "2010-06-30"
    ).json  # fmt: skip

    assert shown["as_of"] == "2010-06-30"
    assert shown["training_hours"] == "160"
    assert shown["exams"] == []
    assert shown["certificates"] == []
    assert shown["nik"].startswith("*" * 12)  # auditors see the last four digits only


def test_member_show_in_words(certified: dict[str, str]) -> None:
    shown = ok("--as", AUDITOR, "member", "show", certified["reg"]).stdout

    assert "Siti Aminah" in shown
    assert certified["reg"] in shown
    assert certified["certificate_no"] in shown
    assert "Jawa Barat" in shown


def test_member_history_lists_every_event(certified: dict[str, str]) -> None:
    history = ok("--as", AUDITOR, "--json", "member", "history", certified["reg"]).json

    assert history["registration_no"] == certified["reg"]
    events = history["events"]
    assert [e["event"] for e in events] == [
        "Registered",
        "EducationRecorded",
        "ExperienceRecorded",
        "TrainingLogged",
        "ExamPassed",
        "Certified",
    ]
    assert [e["entry"] for e in events] == [1, 2, 3, 4, 5, 6]
    for event in events:
        assert set(event) == {
            "entry", "event", "effective_date", "recorded_at", "actor", "actor_role",
            "evidence", "data",
        }  # fmt: skip
    assert (events[0]["actor"], events[0]["actor_role"]) == (ADMIN, "admin")
    assert (events[-1]["actor"], events[-1]["actor_role"]) == (LSP, "lsp")
    assert events[-1]["effective_date"] == certified["on"]


def test_member_history_as_of_and_in_words(certified: dict[str, str]) -> None:
    past = ok(
        "--as", AUDITOR, "--json", "member", "history", certified["reg"], "--as-of", "2010-06-30"
    ).json  # fmt: skip
    words = ok("--as", AUDITOR, "member", "history", certified["reg"]).stdout

    assert [e["event"] for e in past["events"]] == [
        "Registered",
        "EducationRecorded",
        "ExperienceRecorded",
        "TrainingLogged",
    ]
    assert f"History of {certified['reg']}: 6 events" in words
    assert "Certified" in words


def test_member_list_filters_and_formats(certified: dict[str, str]) -> None:
    other = register_member(province="31", name="Ma'ruf Hidayat")
    year = today_in_indonesia().year
    ok("--as", ADMIN, "dues", "pay", other, "--year", str(year), "--amount", "100000")

    everyone = ok("--as", AUDITOR, "--json", "member", "list").json
    in_31 = ok("--as", AUDITOR, "--json", "member", "list", "--province", "31").json
    good = ok("--as", AUDITOR, "--json", "member", "list", "--standing", "good").json
    lapsed = ok("--as", AUDITOR, "--json", "member", "list", "--standing", "lapsed").json
    holding = ok("--as", AUDITOR, "--json", "member", "list", "--certified").json
    as_csv = ok("--as", AUDITOR, "member", "list", "--format", "csv").stdout
    table = ok("--as", AUDITOR, "member", "list").stdout

    assert {r["registration_no"] for r in everyone} == {certified["reg"], other}
    assert all(r["nik"].startswith("*" * 12) for r in everyone)
    assert [r["registration_no"] for r in in_31] == [other]
    assert [r["registration_no"] for r in good] == [other]
    assert [r["registration_no"] for r in lapsed] == [certified["reg"]]
    assert [r["registration_no"] for r in holding] == [certified["reg"]]
    assert holding[0]["certified"] == ["anak"]
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert {r["registration_no"] for r in rows} == {certified["reg"], other}
    assert "nik" in rows[0]
    assert certified["reg"] in table and other in table


# --- facts IPSPI records ----------------------------------------------------------------------


def test_education_add(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    result = ok(
        "--as", CHAPTER_32, "--json", "education", "add", reg, "--level", "D4",
        "--major", "Pekerjaan-Sosial", "--institution", "Politeknik Kesejahteraan Sosial",
        "--graduated-on", "2003-08-30",
    )  # fmt: skip

    assert result.json == {"registration_no": reg, "entry": 2}
    education = ok("--as", ADMIN, "--json", "member", "show", reg).json["education"]
    assert education == [
        {"entry": 2, "level": "D4", "major": "pekerjaan-sosial", "graduated_on": "2003-08-30"}
    ]


def test_experience_add_open_ended(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    result = ok(
        "--as", ADMIN, "--json", "experience", "add", reg,
        "--employer", "Balai Pemasyarakatan Bandung", "--role", "pembimbing kemasyarakatan",
        "--from", "2006-02-01",
    )  # fmt: skip

    assert result.json == {"registration_no": reg, "entry": 2}
    periods = ok("--as", ADMIN, "--json", "member", "show", reg).json["practice"]["periods"]
    assert periods == [{"entry": 2, "from": "2006-02-01", "to": None}]
    assert "Experience recorded" in ok(
        "--as", ADMIN, "experience", "add", reg, "--employer", "Panti Werdha", "--role", "peksos",
        "--from", "2001-01-01", "--to", "2002-01-01",
    ).stdout  # fmt: skip


def test_training_log_by_an_admin_and_by_the_lsp(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    first = ok(
        "--as", ADMIN, "--json", "training", "log", reg, "--course", "Manajemen kasus",
        "--provider", "Balai Besar Diklat Kesos", "--hours", "32.5",
        "--completed-on", "2009-06-30", "--evidence", "SERT-2009-117",
    )  # fmt: skip
    second = ok(
        "--as", LSP, "--json", "training", "log", reg, "--course", "Asesmen anak",
        "--provider", "LSP Pekerjaan Sosial", "--hours", "40.00", "--completed-on", "2009-09-30",
    )  # fmt: skip

    assert first.json == {"registration_no": reg, "entry": 2, "hours": "32.5"}
    assert second.json == {"registration_no": reg, "entry": 3, "hours": "40"}
    assert ok("--as", ADMIN, "--json", "member", "show", reg).json["training_hours"] == "72.5"
    events = ok("--as", AUDITOR, "--json", "member", "history", reg).json["events"]
    assert events[1]["evidence"] == "SERT-2009-117"


def test_dues_pay(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    result = ok(
        "--as", CHAPTER_32, "--json", "dues", "pay", reg, "--year", "2010", "--amount", "100000",
        "--paid-on", "2010-03-01", "--receipt", "KW-2010-0042",
    )  # fmt: skip

    assert result.json == {
        "registration_no": reg,
        "year": 2010,
        "amount": 100000,
        "paid_on": "2010-03-01",
    }
    shown = ok("--as", ADMIN, "--json", "member", "show", reg, "--as-of", "2010-06-30").json
    assert shown["standing"] == {
        "in_good_standing": True,
        "dues_year": 2010,
        "dues_paid_years": [2010],
    }


def test_dues_pay_defaults_to_paid_today(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    before = today_in_indonesia()
    result = ok(
        "--as", ADMIN, "--json", "dues", "pay", reg, "--year", str(before.year),
        "--amount", "120000",
    )  # fmt: skip
    after = today_in_indonesia()

    assert result.json["paid_on"] in {str(before), str(after)}
    assert ok("--as", ADMIN, "--json", "member", "show", reg).json["standing"]["in_good_standing"]


# --- the LSP ----------------------------------------------------------------------------------


def test_exam_record_prints_the_exam_id(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    failed = ok(
        "--as", LSP, "--json", "exam", "record", reg, "--field", "anak", "--result", "failed",
        "--held-on", "2011-04-12", "--assessor", "Agus Setiawan", "--assessor", "Rina Wulandari",
    )  # fmt: skip
    passed = ok(
        "--as", LSP, "--json", "exam", "record", reg, "--field", "anak", "--result", "passed",
        "--held-on", "2011-09-20", "--assessor", "Agus Setiawan",
    )  # fmt: skip

    assert failed.json == {"exam_id": "EXAM-2011-00001", "registration_no": reg, "result": "failed"}
    assert passed.json["exam_id"] == "EXAM-2011-00002"
    events = ok("--as", AUDITOR, "--json", "member", "history", reg).json["events"]
    assert [e["event"] for e in events[1:]] == ["ExamFailed", "ExamPassed"]
    assert events[1]["data"]["assessors"] == ["Agus Setiawan", "Rina Wulandari"]


def test_certify_prints_certificate_number_and_validity(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    make_eligible(reg)

    result = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", "2011-05-02")

    assert result.json == {
        "certificate_no": "CERT-2011-00001",
        "registration_no": reg,
        "field": "anak",
        "valid_until": "2016-05-01",  # five years, the last valid day
        "rule_set": "permensos-108-2009",
        "level": "pekerja-sosial-profesional",  # PRODUCT.md: certify prints the level
    }


def test_certify_on_a_named_exam_in_words(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    exam_id = make_eligible(reg, level="generalis")

    before = today_in_indonesia()
    result = ok(
        "--as", LSP, "certify", reg, "--field", "anak", "--level", "generalis", "--exam", exam_id
    )  # fmt: skip
    after = today_in_indonesia()

    assert "Certified" in result.stdout
    assert re.search(r"CERT-\d{4}-00001", result.stdout)
    shown = ok("--as", LSP, "--json", "member", "show", reg).json["certificates"]
    assert shown[0]["certified_on"] in {str(before), str(after)}
    assert shown[0]["status"] == "active"


def test_certificate_show(certified: dict[str, str]) -> None:
    shown = ok("--as", AUDITOR, "--json", "certificate", "show", certified["certificate_no"]).json

    assert shown["certificate_no"] == certified["certificate_no"]
    assert shown["registration_no"] == certified["reg"]
    assert shown["holder"] == "Siti Aminah"
    assert shown["field"] == "anak"
    assert shown["status"] == "active"
    assert shown["certified_on"] == certified["on"]
    assert shown["valid_until"] == certified["valid_until"]
    assert shown["exam_id"] == certified["exam_id"]
    assert shown["certified_by"] == LSP
    assert shown["revoked_on"] is None
    words = ok("--as", AUDITOR, "certificate", "show", certified["certificate_no"]).stdout
    assert "Certificate" in words and certified["certificate_no"] in words


def test_certificate_provenance(certified: dict[str, str]) -> None:
    chain = ok(
        "--as", LSP, "--json", "certificate", "provenance", certified["certificate_no"]
    ).json  # fmt: skip

    assert chain["certificate_no"] == certified["certificate_no"]
    assert chain["exam"]["exam_id"] == certified["exam_id"]
    assert chain["rule_set"]["id"] == "uu-14-2019"
    assert chain["recheck"]["holds"] is True
    words = ok("--as", AUDITOR, "certificate", "provenance", certified["certificate_no"]).stdout
    assert f"Provenance of certificate {certified['certificate_no']}" in words


def test_certificate_revoke_takes_its_licences_with_it(licensed: dict[str, str]) -> None:
    result = ok(
        "--as", LSP, "--json", "certificate", "revoke", licensed["certificate_no"],
        "--reason", "ethics council ruling 02/KE/2012", "--on", "2012-03-05",
    )  # fmt: skip

    assert result.json == {
        "certificate_no": licensed["certificate_no"],
        "status": "revoked",
        "licences_revoked": [licensed["licence_no"]],
    }
    cert = ok("--as", AUDITOR, "--json", "certificate", "show", licensed["certificate_no"]).json
    assert cert["status"] == "revoked"
    assert cert["revoked_reason"] == "ethics council ruling 02/KE/2012"
    lic = ok("--as", AUDITOR, "--json", "licence", "show", licensed["licence_no"]).json
    assert lic["status"] == "revoked"


# --- licences ---------------------------------------------------------------------------------


def test_licence_apply_prints_the_application_number(ledger_cli: dict[str, str]) -> None:
    reg = register_member()
    make_eligible(reg)
    cert = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--on", "2011-05-02")
    certified = {"reg": reg, **cert.json}
    result = ok(
        "--as", LSP, "--json", "licence", "apply", certified["reg"],
        "--certificate", certified["certificate_no"], "--practice", "direct, community,direct",
        "--on", "2011-05-10",
    )  # fmt: skip

    assert result.json["application_no"] == "APPL-2011-00001"
    assert result.json["registration_no"] == certified["reg"]
    assert result.json["certificate_no"] == certified["certificate_no"]
    assert result.json["practice"] == ["direct", "community"]
    pending = ok("--as", LSP, "--json", "member", "show", certified["reg"]).json
    assert [a["application_no"] for a in pending["pending_applications"]] == [
        result.json["application_no"]
    ]


def test_licence_grant_prints_licence_number_and_validity(licensed: dict[str, str]) -> None:
    assert licensed["licence_no"] == "LIC-2011-00001"
    assert ISO_DATE.match(licensed["valid_until"])
    # A licence rests on its certificate, so it never outlives it.
    assert licensed["valid_until"] == licensed["cert_valid_until"]
    assert licensed["registration_no"] == licensed["reg"]


def test_licence_show(licensed: dict[str, str]) -> None:
    shown = ok("--as", AUDITOR, "--json", "licence", "show", licensed["licence_no"]).json

    assert shown["licence_no"] == licensed["licence_no"]
    assert shown["registration_no"] == licensed["reg"]
    assert shown["certificate_no"] == licensed["certificate_no"]
    assert shown["application_no"] == licensed["application_no"]
    assert shown["practice"] == ["direct", "institution"]
    assert shown["status"] == "expired"  # on 2016-05-01, with its certificate
    assert shown["valid_until"] == licensed["valid_until"] == "2016-05-01"
    assert shown["changes"] == []
    words = ok("--as", AUDITOR, "licence", "show", licensed["licence_no"]).stdout
    assert licensed["licence_no"] in words and "expired" in words


def test_licence_suspend_reinstate_revoke(licensed: dict[str, str]) -> None:
    number = licensed["licence_no"]
    statuses = [
        ok("--as", MINISTRY, "--json", "licence", move, number, "--reason", reason, "--on", on).json
        for move, reason, on in [
            ("suspend", "inquiry", "2012-02-01"),
            ("reinstate", "cleared", "2012-04-02"),
            ("revoke", "misconduct", "2013-07-01"),
        ]
    ]

    assert statuses == [
        {"licence_no": number, "status": "suspended"},
        {"licence_no": number, "status": "active"},
        {"licence_no": number, "status": "revoked"},
    ]
    changes = ok("--as", AUDITOR, "--json", "licence", "show", number).json["changes"]
    assert [(c["status"], c["reason"]) for c in changes] == [
        ("suspended", "inquiry"),
        ("active", "cleared"),
        ("revoked", "misconduct"),
    ]


def test_licence_decisions_in_words(licensed: dict[str, str]) -> None:
    result = ok(
        "--as", MINISTRY, "licence", "suspend", licensed["licence_no"], "--reason", "inquiry",
        "--on", "2012-02-01",
    )  # fmt: skip

    assert "Licence suspend" in result.stdout
    assert "suspended" in result.stdout


# --- the read side ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "keys"),
    [
        (["report", "standing"], {"report", "rows", "members", "in_good_standing"}),
        (["report", "certificates"], {"report", "rows", "total", "by_status"}),
        (["report", "licences"], {"report", "rows", "total", "by_status"}),
        (["report", "dues", "--year", "2010"], {"report", "rows", "paid", "unpaid"}),
        (["report", "anomalies"], {"report", "rows", "checked", "found"}),
    ],
)
def test_reports_as_json(licensed: dict[str, str], args: list[str], keys: set[str]) -> None:
    result = ok("--as", AUDITOR, "--json", *args)

    assert keys <= set(result.json)
    assert result.json["report"] == args[1]


def test_report_certificates_lists_the_certificate(licensed: dict[str, str]) -> None:
    rows = ok("--as", AUDITOR, "--json", "report", "certificates").json["rows"]
    as_csv = ok("--as", AUDITOR, "report", "certificates", "--format", "csv").stdout

    assert [r["certificate_no"] for r in rows] == [licensed["certificate_no"]]
    assert licensed["certificate_no"] in as_csv


def test_projections_status_and_rebuild(licensed: dict[str, str]) -> None:
    head = ok("--json", "info").json["events"]
    before = ok("--as", AUDITOR, "--json", "projections", "status").json
    rebuilt = ok("--as", ADMIN, "--json", "projections", "rebuild").json
    after = ok("--as", AUDITOR, "--json", "projections", "status").json

    assert before
    for view in before:
        assert view["head"] == head
        assert view["lag"] == view["head"] - view["position"]
    assert {v["view"] for v in before} == set(rebuilt["rebuilt"])
    assert rebuilt["events"] == head
    assert [(v["view"], v["position"], v["lag"]) for v in after] == [
        (v["view"], head, 0) for v in before
    ]


# --- the demonstration ----------------------------------------------------------------------


def test_demo_builds_the_2010_story(cli_env: dict[str, str], tmp_path: Path) -> None:
    db = str(tmp_path / "demo.sqlite")
    result = ok("--db", db, "--json", "demo")

    story = result.json
    assert set(story) == {
        "store", "steps", "member", "history", "revoked_licence", "revoked_sipps"
    }  # fmt: skip
    assert story["store"] == db
    refused = [step["refused"] for step in story["steps"] if "refused" in step]
    assert ["at least 160 hours of social-work training completed by 2014-03-03: 100 hours "
            "recorded"] in refused  # fmt: skip
    assert story["revoked_licence"]["status"] == "revoked"
    assert story["revoked_sipps"]["status"] == "revoked"
    assert [(c["level"], c["status"]) for c in story["member"]["certificates"]] == [
        ("pekerja-sosial-profesional", "expired"),
        ("generalis", "active"),
    ]
    assert [(r["status"], p["status"]) for r in story["member"]["strs"]
            for p in story["member"]["sipps"]] == [("active", "active")]  # fmt: skip
    assert story["history"]["events"][0]["event"] == "Registered"
    assert ok("--db", db, "--json", "info").json["initialised"] is True


def test_demo_in_words(cli_env: dict[str, str], tmp_path: Path) -> None:
    result = ok("--db", str(tmp_path / "demo.sqlite"), "demo")

    assert "Building the demonstration ledger" in result.stdout
    assert "REFUSED, nothing recorded" in result.stdout
    assert "History of" in result.stdout


# --- --json anywhere -------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["first", "after the group", "last"])
def test_json_may_appear_anywhere(ledger_cli: dict[str, str], where: str) -> None:
    reg = register_member()
    args = ["--as", AUDITOR, "member", "show", reg]
    at = {"first": 0, "after the group": 3, "last": len(args)}[where]

    result = ok(*args[:at], "--json", *args[at:])

    assert result.json["registration_no"] == reg


# --- help --------------------------------------------------------------------------------------


def _walk(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _walk(sub, (*path, name))


ALL_PATHS = list(_walk(cli))


def _command(path: tuple[str, ...]) -> click.Command:
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    return command


LEAVES = [p for p in ALL_PATHS if not isinstance(_command(p), click.Group)]
GROUPS = [p for p in ALL_PATHS if isinstance(_command(p), click.Group)]


def test_the_contracts_commands_exist() -> None:
    expected = {
        ("init",), ("info",), ("actor", "add"), ("actor", "list"),
        ("member", "register"), ("member", "update"), ("member", "correct"),
        ("member", "show"), ("member", "history"), ("member", "list"),
        ("education", "add"), ("experience", "add"), ("training", "log"), ("dues", "pay"),
        ("exam", "record"), ("certify",), ("certificate", "show"),
        ("certificate", "provenance"), ("certificate", "revoke"),
        ("licence", "apply"), ("licence", "grant"), ("licence", "suspend"),
        ("licence", "reinstate"), ("licence", "revoke"), ("licence", "show"), ("demo",),
    }  # fmt: skip

    assert expected <= set(LEAVES)


@pytest.mark.parametrize("path", LEAVES, ids=" ".join)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_an_example(path: tuple[str, ...], flag: str) -> None:
    result = run(*path, flag)

    assert result.code == 0, result
    assert "Example" in result.stdout
    assert f"peksos {' '.join(path)}" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("path", GROUPS, ids=lambda p: " ".join(p) or "peksos")
def test_every_group_has_help_with_an_example(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")

    assert result.code == 0, result
    assert "Example" in result.stdout
    for name in _command(path).commands:  # type: ignore[attr-defined]
        assert name in result.stdout


def test_top_level_help_lists_groups_in_the_order_of_the_work() -> None:
    text = run("--help").stdout
    order = [
        "member", "education", "experience", "training", "dues", "exam", "certify",
        "certificate", "licence", "report", "projections",
    ]  # fmt: skip
    positions = [re.search(rf"^\s+{name}\s", text, re.M) for name in order]

    assert all(positions), text
    starts = [m.start() for m in positions if m]
    assert starts == sorted(starts)


def test_version(cli_env: dict[str, str]) -> None:
    result = run("--version")

    assert result.code == 0
    assert re.search(r"\d+\.\d+\.\d+", result.stdout)


def test_help_is_ok_before_any_ledger_exists(cli_env: dict[str, str]) -> None:
    assert run("member", "register", "--help").code == 0
    assert not Path(cli_env["PEKSOS_DB"]).exists()


def test_the_command_table_names_every_command_of_every_cli_module() -> None:
    """The top-level group imports a command's module when it runs (start-up): a command
    declared in a module but missing from the table would be unreachable."""
    import importlib
    import pkgutil

    import commands.cli as package
    from commands.cli import MODULE_OF

    declared = {
        command.name: info.name
        for info in pkgutil.iter_modules(package.__path__)
        if not info.name.startswith("_")  # __main__ runs the CLI
        for command in getattr(importlib.import_module(f"commands.cli.{info.name}"), "COMMANDS", [])
    }
    assert declared == MODULE_OF
