"""``peksos demo``: the 2010 story, recorded through the same handlers the CLI uses.

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

ADMIN, CHAPTER, LSP, MINISTRY, AUDITOR = (
    "Ratna Sari",
    "Dewi Anggraini",
    "Bambang Wibisono",
    "Hadi Santoso",
    "Lestari Wulandari",
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
        status = queries.show_member(
            ledger, AUDITOR, siti, queries.TimeTravel(as_of=date(2012, 12, 31))
        )
        history = queries.member_history(ledger, AUDITOR, siti, queries.TimeTravel())
        fallen = queries.show_licence(ledger, AUDITOR, "LIC-2011-00002")
        if session.as_json:
            render.emit_json(
                {
                    "store": store.display,
                    "steps": story.steps,
                    "member": status,
                    "history": history,
                    "revoked_licence": fallen,
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
