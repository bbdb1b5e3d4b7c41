"""``peksos demo``: the 2010 story and the law as it changed (2012, 2019/2020), recorded
through the same handlers the CLI uses.

The demo's clock replays the story's days, so recording times match the narrative. Everyone
in it is fictional. The handlers and the store are imported when the demo runs, not when the
CLI starts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from commands.cli.options import pass_session
from commands.cli.session import Session
from ledger.errors import Conflict, Refused

if TYPE_CHECKING:
    from ledger.application import Ledger

ADMIN, CHAPTER, LSP, MINISTRY, AUDITOR, BANDUNG = (
    "Ratna Sari",
    "Dewi Anggraini",
    "Bambang Wibisono",
    "Hadi Santoso",
    "Lestari Wulandari",
    "Asep Sunandar",
)


class Story:
    """Runs each step at its day (09:00 in Jakarta) and narrates it."""

    def __init__(self, ledger: Ledger, quiet: bool) -> None:
        self.ledger = ledger
        self.day = date(2010, 2, 20)
        self.quiet = quiet
        ledger.clock = lambda: datetime.combine(self.day, time(2, 0), tzinfo=UTC)
        self.steps: list[dict[str, Any]] = []

    def on(self, day: str) -> Story:
        self.day = date.fromisoformat(day)
        return self

    def tell(self, text: str, handler: Callable[..., Any], *args: Any) -> Any:
        """Run ``handler(ledger, *args)`` on the current day and narrate the outcome."""
        try:
            result = handler(self.ledger, *args)
        except Refused as refusal:
            self.steps.append({"day": str(self.day), "step": text, "refused": refusal.unmet})
            self._say(f"{self.day}  {text}: REFUSED, nothing recorded")
            for requirement in refusal.unmet:
                self._say(f"              - {requirement}")
            return None
        self.steps.append({"day": str(self.day), "step": text, "result": result})
        shown = ", ".join(
            f"{k}={v}"
            for k, v in result.items()
            if k.endswith(("_no", "_id")) and str(v) not in text  # only what is new
        )
        self._say(f"{self.day}  {text}" + (f" -> {shown}" if shown else ""))
        return result

    def note(self, text: str) -> None:
        """Narrate what the ledger says on the current day (nothing is recorded)."""
        self.steps.append({"day": str(self.day), "step": text})
        self._say(f"{self.day}  {text}")

    def _say(self, line: str) -> None:
        if not self.quiet:
            click.echo(line)


def run_demo(session: Session) -> None:
    from commands import queries
    from commands.bootstrap import key_store
    from commands.bootstrap import store as open_store
    from commands.cli import render
    from ledger.application import Ledger
    from ledger.storage.keystore import KeyStore

    if session.db:
        store = open_store(session.db)
        keys = key_store()
        folder = None
    else:
        folder = tempfile.mkdtemp(prefix="peksos-demo-")
        store = open_store(str(Path(folder) / "demo.sqlite"))
        keys = KeyStore(Path(folder) / "keys")
    if store.backend == "sqlite":
        Path(store.location).parent.mkdir(parents=True, exist_ok=True)
    with Ledger(store, keys=keys) as ledger:
        if ledger.is_initialised():
            raise Conflict(f"{store.display} already holds a ledger; the demo needs a new store")
        story = Story(ledger, quiet=session.as_json)
        if not session.as_json:
            click.echo(f"Building the demonstration ledger in {store.display}\n")
        siti = tell_the_story(story)
        fallen_sipps = tell_the_law_as_it_changed(story, siti)
        status = queries.show_member(ledger, AUDITOR, siti, queries.TimeTravel())
        history = queries.member_history(ledger, AUDITOR, siti, queries.TimeTravel())
        fallen = queries.show_licence(ledger, AUDITOR, "LIC-2011-00002")
        from commands.practice import show_sipps

        fell_with_str = show_sipps(ledger, AUDITOR, fallen_sipps)
        if session.as_json:
            render.emit_json(
                {
                    "store": store.display,
                    "steps": story.steps,
                    "member": status,
                    "history": history,
                    "revoked_licence": fallen,
                    "revoked_sipps": fell_with_str,
                }
            )
            return
        click.echo("")
        render.history(history)
        click.echo("")
        render.member_status(status)
        click.echo("")
        render.emit_fields(fallen, "The licence that fell with a revoked certificate")
        click.echo("")
        render.emit_fields(fell_with_str, "The SIPPS that fell with a revoked STR")
        click.echo("")
        click.echo(f'Explore it:  peksos --db {store.location} --as "{AUDITOR}" member list')
        if folder:
            click.echo(f"             (and PEKSOS_KEYS={folder}/keys to record more)")


def tell_the_story(s: Story) -> str:
    """IPSPI's first registrations (2010), the LSP's first certificates, the first licences."""
    from commands import certificates, exams, licences, members, records, setup

    s.on("2010-02-20").tell(
        f"IPSPI national office opens the ledger; {ADMIN} is its admin",
        setup.init_ledger,
        setup.InitLedger(admin=ADMIN),
    )
    for name, role, province in [
        (CHAPTER, "chapter-admin", "32"),
        (LSP, "lsp", None),
        (MINISTRY, "ministry", None),
        (AUDITOR, "auditor", None),
    ]:
        s.tell(
            f"enrol {name} as {role}" + (f" of province {province}" if province else ""),
            setup.add_actor,
            ADMIN,
            setup.AddActor(name=name, role=role, province=province),
        )

    s.on("2010-03-01")
    people = {}
    for actor, name, nik, born, province in [
        (CHAPTER, "Siti Aminah", "3273014501800002", "1980-01-05", "32"),
        (ADMIN, "Ma'ruf Hidayat", "3174021203780001", "1978-03-12", "31"),
        (CHAPTER, "Sukarti", "3204104708650003", "1965-08-07", "32"),
    ]:
        channel = "through the Jawa Barat chapter" if actor == CHAPTER else "directly, nationally"
        email = name.lower().replace("'", "").replace(" ", ".") + "@example.org"
        cmd = members.RegisterMember(
            name=name,
            nik=nik,
            birth_date=born,
            province=province,
            email=email,
            registered_on=str(s.day),
        )
        people[name] = s.tell(f"{name} registers {channel}", members.register_member, actor, cmd)[
            "registration_no"
        ]
    siti, maruf, sukarti = people.values()
    for n, reg in enumerate(people.values(), start=1):  # one receipt number each
        s.tell(
            f"{reg} pays 2010 dues",
            records.pay_dues,
            ADMIN,
            records.PayDues(
                registration_no=reg, year=2010, amount=100000, receipt=f"KW-2010-{n:03d}"
            ),
        )

    s.on("2010-03-15")
    for reg, level, major, school, graduated in [
        (siti, "S1", "kesejahteraan-sosial", "STKS Bandung", "2004-08-30"),
        (maruf, "S1", "pekerjaan-sosial", "Universitas Indonesia", "2002-09-01"),
        (sukarti, "SMA", "IPS", "SMA Negeri 1 Garut", "1984-06-01"),
    ]:
        s.tell(
            f"{reg}: {level} in {major}",
            records.add_education,
            ADMIN,
            records.AddEducation(
                registration_no=reg,
                level=level,
                major=major,
                institution=school,
                graduated_on=graduated,
            ),
        )
    for reg, employer, started, ended in [
        (siti, "Panti Sosial Asuhan Anak Bandung", "2005-01-03", None),
        (maruf, "Balai Pemasyarakatan Jakarta Pusat", "2003-01-06", "2009-12-31"),
        (sukarti, "TKSK Kecamatan Garut Kota (volunteer)", "1998-01-01", None),
    ]:
        s.tell(
            f"{reg}: practice at {employer}",
            records.add_experience,
            ADMIN,
            records.AddExperience(
                registration_no=reg,
                employer=employer,
                role="pekerja sosial",
                started_on=started,
                ended_on=ended,
            ),
        )
    for reg, hours in [(siti, "64"), (maruf, "72.5"), (sukarti, "240")]:
        s.tell(
            f"{reg}: {hours} hours of training",
            records.log_training,
            ADMIN,
            records.LogTraining(
                registration_no=reg,
                course="Pelatihan pekerjaan sosial",
                provider="Balai Besar Diklat Kesos",
                hours=hours,
                completed_on="2009-11-30",
            ),
        )

    s.on("2011-04-12")
    for reg, field, result in [
        (siti, "anak", "failed"),
        (maruf, "koreksional", "passed"),
        (sukarti, "komunitas", "passed"),
    ]:
        s.tell(
            f"{reg}: exam in {field} {result}",
            exams.record_exam,
            LSP,
            exams.RecordExam(
                registration_no=reg,
                field=field,
                result=result,
                held_on=str(s.day),
                assessors=("Agus Setiawan", "Rina Wulandari"),
            ),
        )
    s.on("2011-05-02")
    s.tell(
        f"{siti}: certification in anak (her exam was failed)",
        certificates.certify,
        LSP,
        certificates.Certify(registration_no=siti, field="anak"),
    )
    s.tell(
        f"{sukarti}: certification in komunitas (a volunteer without the degree)",
        certificates.certify,
        LSP,
        certificates.Certify(registration_no=sukarti, field="komunitas"),
    )
    maruf_cert = s.tell(
        f"{maruf}: certified in koreksional",
        certificates.certify,
        LSP,
        certificates.Certify(registration_no=maruf, field="koreksional"),
    )
    s.on("2011-09-20").tell(
        f"{siti}: exam in anak passed",
        exams.record_exam,
        LSP,
        exams.RecordExam(
            registration_no=siti,
            field="anak",
            result="passed",
            held_on="2011-09-20",
            assessors=("Agus Setiawan",),
        ),
    )
    siti_cert = s.on("2011-10-03").tell(
        f"{siti}: certified in anak",
        certificates.certify,
        LSP,
        certificates.Certify(registration_no=siti, field="anak"),
    )

    s.on("2011-11-01")
    applications = [
        s.tell(
            f"{reg}: the LSP forwards a licence application",
            licences.apply_for_licence,
            LSP,
            licences.ApplyForLicence(
                registration_no=reg, certificate_no=cert["certificate_no"], practice=kinds
            ),
        )["application_no"]
        for reg, cert, kinds in [
            (siti, siti_cert, ("direct", "institution")),
            (maruf, maruf_cert, ("institution",)),
        ]
    ]
    s.on("2011-12-15")
    for application in applications:
        s.tell(
            f"{application}: the Ministry grants the licence",
            licences.grant_licence,
            MINISTRY,
            licences.GrantLicence(application_no=application),
        )

    s.on("2012-01-10").tell(
        f"{siti} pays 2012 dues",
        records.pay_dues,
        CHAPTER,
        records.PayDues(registration_no=siti, year=2012, amount=120000, receipt="KW-2012-0007"),
    )
    s.on("2012-02-10").tell(
        f"{maruf}: certificate revoked after an ethics ruling; the licence falls with it",
        certificates.revoke_certificate,
        LSP,
        certificates.RevokeCertificate(
            certificate_no=maruf_cert["certificate_no"], reason="ethics council ruling 02/KE/2012"
        ),
    )
    return str(siti)


def tell_the_law_as_it_changed(s: Story, siti: str) -> str:
    """2012's 160 hours refuse an applicant with 100; Siti's 2011 certificate expires; under
    Law 14/2019 she is certified generalis, registered (STR) and permitted (SIPPS) by Kota
    Bandung; another worker's STR is revoked and his SIPPS falls with it. Returns that SIPPS."""
    from commands import certificates, exams, members, practice, records, setup

    s.on("2013-02-01")
    wahyu = s.tell(
        "Wahyu Nugroho registers through the Jawa Barat chapter",
        members.register_member,
        CHAPTER,
        members.RegisterMember(
            name="Wahyu Nugroho",
            nik="3273021708840001",
            birth_date="1984-08-17",
            province="32",
            email="wahyu.nugroho@example.org",
            registered_on="2013-02-01",
        ),
    )["registration_no"]
    for step, handler, cmd in [
        (
            "S1 in pekerjaan-sosial",
            records.add_education,
            records.AddEducation(
                registration_no=wahyu,
                level="S1",
                major="pekerjaan-sosial",
                institution="Universitas Padjadjaran",
                graduated_on="2007-09-01",
            ),
        ),
        (
            "practice at Panti Sosial Tresna Werdha Budi Pertiwi",
            records.add_experience,
            records.AddExperience(
                registration_no=wahyu,
                employer="Panti Sosial Tresna Werdha Budi Pertiwi",
                role="pekerja sosial",
                started_on="2008-01-02",
            ),
        ),
        (
            "100 hours of training",
            records.log_training,
            records.LogTraining(
                registration_no=wahyu,
                course="Pelayanan lanjut usia",
                provider="Balai Besar Diklat Kesos",
                hours="100",
                completed_on="2012-11-30",
            ),
        ),
    ]:
        s.tell(f"{wahyu}: {step}", handler, CHAPTER, cmd)
    s.on("2014-02-10").tell(
        f"{wahyu}: exam in lansia passed",
        exams.record_exam,
        LSP,
        exams.RecordExam(
            registration_no=wahyu,
            field="lansia",
            result="passed",
            held_on="2014-02-10",
            assessors=("Agus Setiawan",),
        ),
    )
    s.on("2014-03-03").tell(
        f"{wahyu}: certification in lansia under Permensos 16/2012 (100 hours)",
        certificates.certify,
        LSP,
        certificates.Certify(registration_no=wahyu, field="lansia"),
    )
    s.on("2016-10-03")
    record = s.ledger.member(siti).record
    s.note(
        f"{siti}: CERT-2011-00002 is {record.certificates['CERT-2011-00002'].status(s.day)}, "
        f"LIC-2011-00001 {record.licences['LIC-2011-00001'].status(s.day)} (five years on)"
    )
    s.on("2020-12-01").tell(
        f"Law 14/2019 in force: enrol {BANDUNG} as regional-government of Kota Bandung",
        setup.add_actor,
        ADMIN,
        setup.AddActor(name=BANDUNG, role="regional-government", regency="3273"),
    )
    workers = [
        (siti, "anak", "96", "Panti Sosial Asuhan Anak Bandung"),
        (wahyu, "lansia", "60", "Panti Sosial Tresna Werdha Budi Pertiwi"),
    ]
    s.on("2021-01-20")
    for reg, _, hours, _ in workers:
        s.tell(
            f"{reg}: {hours} more hours of training",
            records.log_training,
            ADMIN,
            records.LogTraining(
                registration_no=reg,
                course="Pelatihan sertifikasi pekerja sosial generalis",
                provider="LSP Pekerjaan Sosial",
                hours=hours,
                completed_on="2021-01-15",
            ),
        )
    s.on("2021-02-15")
    for reg, field, _, _ in workers:
        s.tell(
            f"{reg}: exam in {field} at the generalis level passed",
            exams.record_exam,
            LSP,
            exams.RecordExam(
                registration_no=reg,
                field=field,
                result="passed",
                held_on="2021-02-15",
                assessors=("Agus Setiawan",),
                level="generalis",
            ),
        )
    s.on("2021-03-01")
    certified = {
        reg: s.tell(
            f"{reg}: certified generalis in {field} under Law 14/2019",
            certificates.certify,
            LSP,
            certificates.Certify(registration_no=reg, field=field, level="generalis"),
        )["certificate_no"]
        for reg, field, _, _ in workers
    }
    s.on("2021-03-15")
    registered = {
        reg: s.tell(
            f"{reg}: IPSPI issues the STR on {certified[reg]}",
            practice.issue_str,
            ADMIN,
            practice.IssueStr(
                registration_no=reg,
                certificate_no=certified[reg],
                health_statement="SKS/RSUD Kota Bandung/2021",
                oath_on="2021-03-10",
                ethics_pledge="Pakta kode etik IPSPI",
            ),
        )["str_no"]
        for reg, _, _, _ in workers
    }
    s.on("2021-04-01")
    permits = {
        reg: (
            registered[reg],
            s.tell(
                f"{reg}: Kota Bandung grants the SIPPS for {place}",
                practice.grant_sipps,
                BANDUNG,
                practice.GrantSipps(
                    registration_no=reg,
                    str_no=registered[reg],
                    regency="3273",
                    place=place,
                    practice=("direct",),
                ),
            )["sipps_no"],
        )
        for reg, _, _, place in workers
    }
    registration, permit = permits[wahyu]
    s.on("2022-06-01").tell(
        f"{registration}: IPSPI revokes the STR (a forged health statement); the SIPPS falls",
        practice.revoke_str,
        ADMIN,
        practice.RevokeStr(str_no=registration, reason="surat keterangan sehat palsu"),
    )
    return str(permit)


# --- the command ----------------------------------------------------------------------------


@click.command()
@pass_session
def demo(s: Session) -> None:
    """Build a demonstration ledger from the 2010 story and show one member's history.

    Uses a temporary store (and key folder) unless --db names a new one. All people are
    fictional.

    \b
    Example:
      peksos demo
      peksos --db demo.sqlite demo
    """
    run_demo(s)


COMMANDS = [demo]
