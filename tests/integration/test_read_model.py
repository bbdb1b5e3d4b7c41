"""The read side: views applied exactly once, equal to a rebuild, rolled back whole on failure."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import IntegrityError

from commands.certificates import Certify, RevokeCertificate, certify, revoke_certificate
from commands.records import PayDues, pay_dues
from ledger.application import Ledger
from projections.read_model import ReadModel, compute_page, open_read_model
from tests.builders import (
    ADMIN,
    BANDUNG,
    LSP,
    certified_member,
    enrol_regency_officer,
    licensed_in_2011,
    register,
    str_and_sipps,
)


def snapshot(model: ReadModel) -> dict[str, list[dict[str, object]]]:
    """Every view table's rows, in a stable order."""
    tables = [t for view in model.views for t in view.tables]
    return {t: model.rows(f"SELECT * FROM {t} ORDER BY 1, 2") for t in tables}


def a_busy_ledger(ledger: Ledger) -> None:
    """Both eras: a 2011 certificate with its Ministry licence, and a generalis certificate of
    2026 with its STR and SIPPS, each certificate then revoked (bringing down what rests on it);
    dues; a member of Papua."""
    if BANDUNG not in [a.name for a in ledger.roster().actors.values()]:
        enrol_regency_officer(ledger)
    reg, cert = certified_member(ledger)
    pay_dues(ledger, ADMIN, PayDues(registration_no=reg, year=2026, amount=150000))
    str_and_sipps(ledger, reg, cert)
    revoke_certificate(ledger, LSP, RevokeCertificate(certificate_no=cert, reason="ethics"))
    older = register(ledger, name="Ni Luh Putu Ayu", province="51")
    old_cert, _ = licensed_in_2011(ledger, older)
    revoke_certificate(
        ledger, LSP, RevokeCertificate(certificate_no=old_cert, reason="ethics", on="2012-02-01")
    )
    register(ledger, name="Yohana Wenda", province="94")


def test_views_caught_up_command_by_command_equal_a_rebuild(ledger: Ledger) -> None:
    model = open_read_model(ledger)
    reg, _ = certified_member(ledger)
    model.catch_up(ledger)
    pay_dues(ledger, ADMIN, PayDues(registration_no=reg, year=2026, amount=150000))
    model.catch_up(ledger)
    a_busy_ledger(ledger)
    model.catch_up(ledger)
    incremental = snapshot(model)
    model.rebuild(ledger)
    assert snapshot(model) == incremental
    assert incremental["view_licences"][0]["status"] == "revoked"
    assert [r["revoked_reason"] for r in incremental["view_strs"]] == [
        "certificate CERT-2026-00002 revoked: ethics"
    ]
    assert [r["status"] for r in incremental["view_sipps"]] == ["revoked"]


def test_every_view_reaches_the_head_of_the_log(ledger: Ledger) -> None:
    a_busy_ledger(ledger)
    model = open_read_model(ledger)
    head = ledger.event_count()
    assert [row["lag"] for row in model.status(ledger)] == [0] * len(model.views)
    assert all(row["position"] == head for row in model.status(ledger))


def test_reapplying_an_already_tracked_page_is_refused_and_changes_nothing(ledger: Ledger) -> None:
    a_busy_ledger(ledger)
    model = open_read_model(ledger)
    before = snapshot(model)
    stale = {view.name: 0 for view in model.views}  # positions as if nothing were applied
    page = compute_page(ledger, 0, ledger.event_count(), stale)
    assert page.events > 0
    with pytest.raises(IntegrityError):
        model._apply_page(page, ledger.event_count(), stale)
    assert snapshot(model) == before
    assert model.catch_up(ledger) == 0  # nothing new: one query per view, no writes


def test_a_failure_mid_page_leaves_neither_rows_nor_tracking(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = open_read_model(ledger)
    before, positions = snapshot(model), [r["position"] for r in model.status(ledger)]
    register(ledger, name="Sukarti")
    register(ledger, name="Agus Setiawan")

    from projections.views import members

    calls = 0
    original = members.MEMBERS.handlers[next(iter(members.MEMBERS.handlers))]

    def crash_on_second(execute, event):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("power cut")
        original(execute, event)

    monkeypatch.setitem(
        members.MEMBERS.handlers, next(iter(members.MEMBERS.handlers)), crash_on_second
    )
    with pytest.raises(RuntimeError):
        model.catch_up(ledger)
    assert snapshot(model) == before
    assert [r["position"] for r in model.status(ledger)] == positions
    monkeypatch.undo()
    model.catch_up(ledger)
    assert len(model.rows("SELECT * FROM view_members")) == 2


def test_rebuilding_one_view_leaves_the_others_in_place(ledger: Ledger) -> None:
    a_busy_ledger(ledger)
    model = open_read_model(ledger)
    before = snapshot(model)
    assert model.rebuild(ledger, ["dues"]) == ["dues"]
    assert snapshot(model) == before


def test_certify_twice_keeps_a_single_certificate_row(ledger: Ledger) -> None:
    reg, _ = certified_member(ledger)
    open_read_model(ledger)
    from ledger.errors import Refused

    with pytest.raises(Refused):
        certify(ledger, LSP, Certify(registration_no=reg, field="anak"))
    assert len(open_read_model(ledger).rows("SELECT * FROM view_certificates")) == 1


def test_a_rebuild_decoded_in_a_worker_process_equals_one_done_in_process(
    ledger: Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    import projections.read_model as read_model

    a_busy_ledger(ledger)
    a_busy_ledger(ledger)
    model = open_read_model(ledger)
    in_process = snapshot(model)
    monkeypatch.setattr(read_model, "PARALLEL_FROM", 1)
    monkeypatch.setattr(read_model, "PAGE", 7)  # many small pages, pipelined
    model.rebuild(ledger)
    assert snapshot(model) == in_process


def test_the_views_hold_no_full_nik_birth_date_or_contact(ledger: Ledger) -> None:
    """What every list and report reads holds only what its readers may see (issue 15): the
    NIK's last four digits, never a birth date, email or phone, whoever registered or
    corrected them."""
    from commands.members import CorrectIdentity, UpdateMember, correct_identity, update_member
    from tests.builders import fresh_nik

    a_busy_ledger(ledger)
    reg = register(ledger, name="Siti Aminah", province="32")
    update_member(ledger, ADMIN, UpdateMember(registration_no=reg, email="siti@example.id"))
    correct_identity(
        ledger,
        ADMIN,
        CorrectIdentity(
            registration_no=reg, nik=fresh_nik("32", "1980-01-05"), reason="digits swapped"
        ),
    )
    personal = set()
    for stream in ledger.registered_members():
        for event in ledger.stream(stream):
            for name in ("nik", "birth_date", "email", "phone"):
                if getattr(event, name, None):
                    personal.add(str(getattr(event, name)))
    assert len(personal) >= 8  # four NIKs and a corrected one, birth dates, an email
    model = open_read_model(ledger)
    shown = repr(snapshot(model)["view_members"])
    assert [value for value in personal if value in shown] == []
    assert "Siti Aminah" in shown and "************" in shown  # the register still reads
