"""The ``peksos`` command line: parse, call one handler, print. Nothing else lives here.

Handlers and the storage stack are imported inside each command, so ``peksos --help`` starts
without loading them.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from commands.session import Session


class InOrder(click.Group):
    """Lists commands in the order of the work, not alphabetically."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)


GROUP = {"cls": InOrder, "context_settings": {"help_option_names": ["-h", "--help"]}}

# --- options shared by several commands, declared once ---------------------------------------
reg_argument = click.argument("registration_no", metavar="REG")
reason_option = click.option("--reason", required=True, help="Why, in plain words (recorded).")
as_of_option = click.option(
    "--as-of", "as_of", metavar="DATE", help="Show the facts as they stood on DATE (YYYY-MM-DD)."
)
known_at_option = click.option(
    "--known-at",
    "known_at",
    metavar="TIME",
    help="Only what the ledger had recorded by TIME (ISO 8601; no zone means UTC; a bare date "
    "means the end of that day).",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help="Output format (--json overrides).",
)

pass_session = click.make_pass_decorator(Session)


@click.group(**GROUP)
@click.option(
    "--db",
    envvar="PEKSOS_DB",
    metavar="PATH_OR_URL",
    help="SQLite file or postgresql:// URL [env PEKSOS_DB; default: user data dir].",
)
@click.option(
    "--as",
    "actor",
    envvar="PEKSOS_ACTOR",
    metavar="ACTOR",
    help="Who is acting (an enrolled actor) [env PEKSOS_ACTOR].",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON document on stdout.")
@click.version_option(package_name="peksos-ledger")
@click.pass_context
def cli(ctx: click.Context, db: str | None, actor: str | None, as_json: bool) -> None:
    """peksos: the credentialing ledger of Indonesia's professional social workers.

    IPSPI registers members and collects dues, the LSP examines and certifies, the Ministry
    licenses; auditors replay every member's history. Each command prints what it recorded,
    or why it refused (exit 3, nothing recorded).

    \b
    Example:
      peksos init --admin "Ratna Sari"
      peksos --as "Ratna Sari" member register --name "Siti Aminah" \\
          --nik 3273014501800002 --birth-date 1980-01-05 --province 32 \\
          --email siti@example.org
    """
    ctx.obj = Session(db=db, actor=actor, as_json=as_json)
    ctx.call_on_close(ctx.obj.close)


# --- the store ---------------------------------------------------------------------------


@cli.command()
@click.option("--admin", required=True, help="Name of the first admin (IPSPI national office).")
@pass_session
def init(s: Session, admin: str) -> None:
    """Create the store and enrol its first admin (once per ledger).

    Also creates the ledger's key folder (PEKSOS_KEYS) holding the NIK-index key.

    \b
    Example:
      peksos --db ipspi.sqlite init --admin "Ratna Sari"
    """
    from commands.render import fields
    from commands.setup import InitLedger, init_ledger

    cmd = s.build(InitLedger, admin=admin)
    s.out(init_ledger(s.ledger(create=True), cmd), fields("Ledger created"))


@cli.command()
@pass_session
def info(s: Session) -> None:
    """Show which store is in use, and what it holds.

    \b
    Example:
      peksos --db ipspi.sqlite info
    """
    from commands.queries import info as ledger_info
    from commands.render import fields
    from ledger.store import open_store

    store = open_store(s.db)
    if not store.exists():  # before init: say where the store will be, create nothing
        result = {
            "store": store.display,
            "backend": store.backend,
            "initialised": False,
            "events": 0,
        }
    else:
        result = ledger_info(s.ledger())
    s.out(result, fields("Store"))


# --- actors ------------------------------------------------------------------------------


@cli.group(**GROUP)
def actor() -> None:
    """People who act on the ledger, and their roles.

    \b
    Example:
      peksos --as "Ratna Sari" actor add "Dewi Anggraini" --role chapter-admin --province 32
    """


@actor.command("add")
@click.argument("name")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "chapter-admin", "lsp", "ministry", "auditor"]),
)
@click.option("--province", metavar="CODE", help="BPS province code (chapter admins only).")
@pass_session
def actor_add(s: Session, name: str, role: str, province: str | None) -> None:
    """Enrol a person who acts on the ledger (admin only).

    \b
    Example:
      peksos --as "Ratna Sari" actor add "Dewi Anggraini" --role chapter-admin --province 32
    """
    from commands.render import fields
    from commands.setup import AddActor, add_actor

    cmd = s.build(AddActor, name=name, role=role, province=province)
    s.out(add_actor(s.ledger(), s.actor, cmd), fields("Actor enrolled"))


@actor.command("list")
@format_option
@pass_session
def actor_list(s: Session, fmt: str) -> None:
    """List everyone enrolled, with their roles.

    \b
    Example:
      peksos --as "Ratna Sari" actor list
    """
    from commands.output import emit_rows
    from commands.setup import list_actors

    rows = list_actors(s.ledger(), s.actor)
    emit_rows(rows, ["name", "role", "province", "status"], "json" if s.as_json else fmt, "Actors")


@actor.command("revoke")
@click.argument("name")
@reason_option
@pass_session
def actor_revoke(s: Session, name: str, reason: str) -> None:
    """Withdraw a person's right to act on the ledger (admin only); their records stay.

    \b
    Example:
      peksos --as "Ratna Sari" actor revoke "Dewi Anggraini" --reason "left the chapter"
    """
    from commands.render import fields
    from commands.setup import RevokeActor, revoke_actor

    cmd = s.build(RevokeActor, name=name, reason=reason)
    s.out(revoke_actor(s.ledger(), s.actor, cmd), fields("Actor revoked"))


@actor.command("rotate-key")
@click.argument("name")
@pass_session
def actor_rotate_key(s: Session, name: str) -> None:
    """Give an actor a new signing key (admins for anyone; anyone for themselves).

    Signatures made with the old key stay verifiable: the ledger keeps every public key.

    \b
    Example:
      peksos --as "Ratna Sari" actor rotate-key "Bambang LSP"
    """
    from commands.render import fields
    from commands.setup import RotateKey, rotate_key

    cmd = s.build(RotateKey, name=name)
    s.out(rotate_key(s.ledger(), s.actor, cmd), fields("Key rotated"))


@cli.group(**GROUP)
def keys() -> None:
    """Actors' public keys, as JWKs anyone can verify signatures with.

    \b
    Example:
      peksos --as auditor1 keys show "Bambang LSP" --all
    """


@keys.command("show")
@click.argument("name")
@click.option("--all", "every", is_flag=True, help="A JWK Set of every key the actor held.")
@pass_session
def keys_show(s: Session, name: str, every: bool) -> None:
    """Print an actor's public signing key as a JWK (RFC 8037, Ed25519).

    \b
    Example:
      peksos --as auditor1 keys show "Bambang LSP" > lsp.jwk
    """
    from commands.audit import show_keys
    from commands.output import emit_json

    emit_json(show_keys(s.ledger(), s.actor, name, every))


# --- members -----------------------------------------------------------------------------


@cli.group(**GROUP)
def member() -> None:
    """Register members and read their status and history.

    \b
    Example:
      peksos --as auditor1 member show 32-2010-00001
    """


@member.command("register")
@click.option("--name", required=True, help="Full name; single names are fine.")
@click.option("--nik", required=True, help="National identity number, 16 digits.")
@click.option("--birth-date", required=True, metavar="DATE")
@click.option("--province", required=True, metavar="CODE", help="BPS province code, e.g. 32.")
@click.option("--email", required=True)
@click.option("--phone")
@click.option("--registered-on", metavar="DATE", help="Default: today.")
@pass_session
def member_register(s: Session, **options: Any) -> None:
    """Register a member and print the new registration number (PP-YYYY-NNNNN).

    \b
    Example:
      peksos --as "Dewi Anggraini" member register --name "Ma'ruf" \\
          --nik 3273011203850001 --birth-date 1985-03-12 --province 32 \\
          --email maruf@example.org --registered-on 2010-03-01
    """
    from commands.members import RegisterMember, register_member
    from commands.render import fields

    cmd = s.build(RegisterMember, **options)
    s.out(register_member(s.ledger(), s.actor, cmd), fields("Member registered"))


@member.command("update")
@reg_argument
@click.option("--name")
@click.option("--email")
@click.option("--phone")
@pass_session
def member_update(s: Session, **options: Any) -> None:
    """Change a member's name, email or phone.

    \b
    Example:
      peksos --as "Dewi Anggraini" member update 32-2010-00001 --email siti.a@example.org
    """
    from commands.members import UpdateMember, update_member
    from commands.render import fields

    cmd = s.build(UpdateMember, **options)
    s.out(update_member(s.ledger(), s.actor, cmd), fields("Profile updated"))


@member.command("correct")
@reg_argument
@click.option("--entry", required=True, type=int, help="The entry number (# in the history).")
@reason_option
@pass_session
def member_correct(s: Session, **options: Any) -> None:
    """Withdraw an entry recorded in error (the history keeps both, and says why).

    Education, experience, training, dues and exam entries can be withdrawn, unless an
    active certificate rests on them. Record the right fact afterwards.

    \b
    Example:
      peksos --as "Dewi Anggraini" member correct 32-2010-00001 --entry 4 \\
          --reason "hours typed as 600 instead of 60"
    """
    from commands.members import CorrectEntry, correct_entry
    from commands.render import fields

    cmd = s.build(CorrectEntry, **options)
    s.out(correct_entry(s.ledger(), s.actor, cmd), fields("Entry withdrawn"))


@member.command("show")
@reg_argument
@as_of_option
@known_at_option
@pass_session
def member_show(s: Session, registration_no: str, as_of: str | None, known_at: str | None) -> None:
    """A member's status: standing, education, practice, training, certificates, licences.

    \b
    Example:
      peksos --as auditor1 member show 32-2010-00001 --as-of 2012-12-31
    """
    from commands import render
    from commands.queries import TimeTravel, show_member

    when = s.build(TimeTravel, as_of=as_of, known_at=known_at)
    s.out(show_member(s.ledger(), s.actor, registration_no, when), render.member_status)


@member.command("history")
@reg_argument
@as_of_option
@known_at_option
@pass_session
def member_history(
    s: Session, registration_no: str, as_of: str | None, known_at: str | None
) -> None:
    """Every event of a member's stream: what, effective when, recorded when, by whom.

    \b
    Example:
      peksos --as auditor1 member history 32-2010-00001
      peksos --as auditor1 member history 32-2010-00001 --known-at 2011-06-30
    """
    from commands import render
    from commands.queries import TimeTravel
    from commands.queries import member_history as history

    when = s.build(TimeTravel, as_of=as_of, known_at=known_at)
    s.out(history(s.ledger(), s.actor, registration_no, when), render.history)


@member.command("list")
@click.option("--province", metavar="CODE")
@click.option(
    "--standing",
    type=click.Choice(["good", "lapsed"]),
    help="Only members whose dues for this year are paid (good) or not (lapsed).",
)
@click.option("--certified", is_flag=True, help="Only members holding an active certificate.")
@format_option
@pass_session
def member_list(
    s: Session, province: str | None, standing: str | None, certified: bool, fmt: str
) -> None:
    """The register of members (NIKs masked).

    \b
    Example:
      peksos --as auditor1 member list --province 32 --certified --format csv
    """
    from commands.output import emit_rows
    from commands.reports import ReportFilter, list_members

    province = s.build(ReportFilter, province=province).province
    rows = list_members(
        s.ledger(), s.actor, province=province, standing=standing, certified=certified
    )
    columns = [
        "registration_no",
        "name",
        "province",
        "registered_on",
        "standing",
        "certified",
        "licences",
    ]
    if fmt != "table" or s.as_json:
        columns.insert(2, "nik")
    emit_rows(rows, columns, "json" if s.as_json else fmt, "Members")


# --- facts IPSPI records -------------------------------------------------------------------


@cli.group(**GROUP)
def education() -> None:
    """Degrees.

    \b
    Example:
      peksos --as "Dewi Anggraini" education add 32-2010-00001 --level S1 \\
          --major pekerjaan-sosial --institution "UI" --graduated-on 2004-08-30
    """


@education.command("add")
@reg_argument
@click.option("--level", required=True, type=click.Choice(["SMA", "D3", "D4", "S1", "S2", "S3"]))
@click.option(
    "--major", required=True, help="pekerjaan-sosial, kesejahteraan-sosial, or any other text."
)
@click.option("--institution", required=True)
@click.option("--graduated-on", required=True, metavar="DATE")
@pass_session
def education_add(s: Session, **options: Any) -> None:
    """Record a degree.

    \b
    Example:
      peksos --as "Dewi Anggraini" education add 32-2010-00001 --level S1 \\
          --major kesejahteraan-sosial --institution "STKS Bandung" --graduated-on 2004-08-30
    """
    from commands.records import AddEducation, add_education
    from commands.render import fields

    cmd = s.build(AddEducation, **options)
    s.out(add_education(s.ledger(), s.actor, cmd), fields("Education recorded"))


@cli.group(**GROUP)
def experience() -> None:
    """Periods of social-work practice.

    \b
    Example:
      peksos --as "Dewi Anggraini" experience add 32-2010-00001 --employer "Panti" \\
          --role "pekerja sosial" --from 2005-01-03
    """


@experience.command("add")
@reg_argument
@click.option("--employer", required=True)
@click.option("--role", required=True, help="The position held.")
@click.option("--from", "started_on", required=True, metavar="DATE")
@click.option("--to", "ended_on", metavar="DATE", help="Leave out while still practising.")
@pass_session
def experience_add(s: Session, **options: Any) -> None:
    """Record a period of social-work practice. Overlapping periods count once.

    \b
    Example:
      peksos --as "Dewi Anggraini" experience add 32-2010-00001 \\
          --employer "Panti Sosial Asuhan Anak Bandung" --role "pekerja sosial" \\
          --from 2005-01-03 --to 2009-12-31
    """
    from commands.records import AddExperience, add_experience
    from commands.render import fields

    cmd = s.build(AddExperience, **options)
    s.out(add_experience(s.ledger(), s.actor, cmd), fields("Experience recorded"))


@cli.group(**GROUP)
def training() -> None:
    """Social-work training hours.

    \b
    Example:
      peksos --as "Dewi Anggraini" training log 32-2010-00001 --course "Case management" \\
          --provider "Balai Diklat" --hours 64 --completed-on 2009-06-30
    """


@training.command("log")
@reg_argument
@click.option("--course", required=True)
@click.option("--provider", required=True)
@click.option("--hours", required=True, help="Exact hours, e.g. 32 or 7.5.")
@click.option("--completed-on", required=True, metavar="DATE")
@click.option("--evidence", help="Training certificate or transcript number.")
@pass_session
def training_log(s: Session, **options: Any) -> None:
    """Log completed training.

    \b
    Example:
      peksos --as "Dewi Anggraini" training log 32-2010-00001 --course "Case management" \\
          --provider "Kemensos Training Centre" --hours 64 --completed-on 2009-06-30
    """
    from commands.records import LogTraining, log_training
    from commands.render import fields

    cmd = s.build(LogTraining, **options)
    s.out(log_training(s.ledger(), s.actor, cmd), fields("Training logged"))


@cli.group(**GROUP)
def dues() -> None:
    """Yearly membership dues.

    \b
    Example:
      peksos --as "Dewi Anggraini" dues pay 32-2010-00001 --year 2010 --amount 100000
    """


@dues.command("pay")
@reg_argument
@click.option("--year", required=True)
@click.option("--amount", required=True, help="Whole rupiah, digits only.")
@click.option("--paid-on", metavar="DATE", help="Default: today.")
@click.option("--receipt", help="Receipt number.")
@pass_session
def dues_pay(s: Session, **options: Any) -> None:
    """Record a year's dues.

    \b
    Example:
      peksos --as "Dewi Anggraini" dues pay 32-2010-00001 --year 2010 --amount 100000 \\
          --paid-on 2010-03-01 --receipt KW-2010-0042
    """
    from commands.records import PayDues, pay_dues
    from commands.render import fields

    cmd = s.build(PayDues, **options)
    s.out(pay_dues(s.ledger(), s.actor, cmd), fields("Dues recorded"))


# --- the LSP -----------------------------------------------------------------------------


@cli.group(**GROUP)
def exam() -> None:
    """Competency exams (uji kompetensi).

    \b
    Example:
      peksos --as "Bambang LSP" exam record 32-2010-00001 --field anak --result passed \\
          --held-on 2011-04-12 --assessor "Agus Setiawan"
    """


@exam.command("record")
@reg_argument
@click.option(
    "--field",
    required=True,
    type=click.Choice(
        [
            "anak",
            "lansia",
            "disabilitas",
            "keluarga",
            "koreksional",
            "napza",
            "bencana",
            "kesehatan",
            "komunitas",
            "kebijakan",
        ]
    ),
)
@click.option("--result", required=True, type=click.Choice(["passed", "failed"]))
@click.option("--held-on", required=True, metavar="DATE")
@click.option(
    "--assessor",
    "assessors",
    multiple=True,
    required=True,
    metavar="NAME",
    help="Repeat for each assessor.",
)
@pass_session
def exam_record(s: Session, **options: Any) -> None:
    """Record an exam and print its exam_id (LSP only).

    \b
    Example:
      peksos --as "Bambang LSP" exam record 32-2010-00001 --field anak --result passed \\
          --held-on 2011-04-12 --assessor "Agus Setiawan" --assessor "Rina Wati"
    """
    from commands.exams import RecordExam, record_exam
    from commands.render import fields

    cmd = s.build(RecordExam, **options)
    s.out(record_exam(s.ledger(), s.actor, cmd), fields("Exam recorded"))


@cli.command()
@reg_argument
@click.option("--field", required=True, help="Field of practice, e.g. anak.")
@click.option(
    "--exam",
    "exam_id",
    metavar="EXAM_ID",
    help="The exam it rests on (default: the latest passed one in that field).",
)
@click.option("--on", metavar="DATE", help="Decision date (default: today).")
@pass_session
def certify(s: Session, **options: Any) -> None:
    """Certify a member in a field, by the rule set in force on the decision date (LSP only).

    Needs, all together: an S1/D4 (or higher) in social work or social welfare, 2 years of
    practice, 60 hours of training and a passed exam in the field. A refusal lists every unmet
    requirement and records nothing.

    \b
    Example:
      peksos --as "Bambang LSP" certify 32-2010-00001 --field anak --on 2011-05-02
    """
    from commands.certificates import Certify
    from commands.certificates import certify as certify_member
    from commands.render import fields

    cmd = s.build(Certify, **options)
    s.out(certify_member(s.ledger(), s.actor, cmd), fields("Certified"))


@cli.group(**GROUP)
def certificate() -> None:
    """Certificates of competence.

    \b
    Example:
      peksos --as auditor1 certificate provenance CERT-2011-00001
    """


@certificate.command("show")
@click.argument("certificate_no", metavar="CERT")
@pass_session
def certificate_show(s: Session, certificate_no: str) -> None:
    """A certificate's holder, field, validity and status.

    \b
    Example:
      peksos --as auditor1 certificate show CERT-2011-00001
    """
    from commands.queries import show_certificate
    from commands.render import fields

    s.out(show_certificate(s.ledger(), s.actor, certificate_no), fields("Certificate"))


@certificate.command("provenance")
@click.argument("certificate_no", metavar="CERT")
@pass_session
def certificate_provenance(s: Session, certificate_no: str) -> None:
    """The evidence chain of a certificate: exam, degree, practice, training, rule set, who
    decided, the decision re-checked, and every later event that touched it.

    \b
    Example:
      peksos --as "Bambang LSP" certificate provenance CERT-2011-00001
    """
    from commands import render
    from commands.reports import certificate_provenance as chain

    s.out(chain(s.ledger(), s.actor, certificate_no), render.provenance)


@certificate.command("export")
@click.argument("certificate_no", metavar="CERT")
@pass_session
def certificate_export(s: Session, certificate_no: str) -> None:
    """Print the certificate as a W3C Verifiable Credential (compact JWS, EdDSA), signed with
    your LSP key (LSP only).

    \b
    Example:
      peksos --as "Bambang LSP" certificate export CERT-2011-00001 > cert.jwt
    """
    from commands.audit import export_certificate

    token = export_certificate(s.ledger(), s.actor, certificate_no)
    if s.as_json:
        from commands.output import emit_json

        emit_json({"certificate_no": certificate_no, "jws": token})
    else:
        click.echo(token)


@certificate.command("verify")
@click.argument("file", type=click.File("r", encoding="utf-8", errors="replace"))
@pass_session
def certificate_verify(s: Session, file: Any) -> None:
    """Check an exported certificate: its signature against the ledger's LSP keys, then its
    status today. Forged or altered: exit 6; revoked or expired: exit 3.

    \b
    Example:
      peksos --as auditor1 certificate verify cert.jwt
    """
    from commands.audit import verify_certificate
    from commands.render import fields

    s.out(verify_certificate(s.ledger(), s.actor, file.read()), fields("Certificate verified"))


@certificate.command("revoke")
@click.argument("certificate_no", metavar="CERT")
@reason_option
@pass_session
def certificate_revoke(s: Session, **options: Any) -> None:
    """Revoke a certificate; licences resting on it are revoked with it (LSP only).

    \b
    Example:
      peksos --as "Bambang LSP" certificate revoke CERT-2011-00001 --reason "ethics ruling 4/2012"
    """
    from commands.certificates import RevokeCertificate, revoke_certificate
    from commands.render import fields

    cmd = s.build(RevokeCertificate, **options)
    s.out(revoke_certificate(s.ledger(), s.actor, cmd), fields("Certificate revoked"))


# --- licences ----------------------------------------------------------------------------


@cli.group(**GROUP)
def licence() -> None:
    """Licences to practise (izin praktik).

    \b
    Example:
      peksos --as "Hadi Kemensos" licence grant APPL-2026-00001
    """


@licence.command("apply")
@reg_argument
@click.option("--certificate", "certificate_no", required=True, metavar="CERT")
@click.option(
    "--practice",
    required=True,
    metavar="KINDS",
    help="Comma-separated: direct,institution,community,group,policy.",
)
@pass_session
def licence_apply(s: Session, registration_no: str, certificate_no: str, practice: str) -> None:
    """Forward a licence application to the Ministry (LSP only); prints application_no.

    \b
    Example:
      peksos --as "Bambang LSP" licence apply 32-2010-00001 --certificate CERT-2011-00001 \\
          --practice direct,institution
    """
    from commands.licences import ApplyForLicence, apply_for_licence
    from commands.render import fields

    kinds = tuple(k.strip() for k in practice.split(",") if k.strip())
    cmd = s.build(
        ApplyForLicence,
        registration_no=registration_no,
        certificate_no=certificate_no,
        practice=kinds,
    )
    s.out(apply_for_licence(s.ledger(), s.actor, cmd), fields("Licence applied for"))


@licence.command("grant")
@click.argument("application_no", metavar="APPLICATION_NO")
@pass_session
def licence_grant(s: Session, application_no: str) -> None:
    """Grant the licence applied for (Ministry only); prints licence_no and valid_until.

    \b
    Example:
      peksos --as "Hadi Kemensos" licence grant APPL-2026-00001
    """
    from commands.licences import GrantLicence, grant_licence
    from commands.render import fields

    cmd = s.build(GrantLicence, application_no=application_no)
    s.out(grant_licence(s.ledger(), s.actor, cmd), fields("Licence granted"))


def _licence_decision(move: str, model_name: str, example: str) -> None:
    """Declare ``licence suspend|reinstate|revoke``: one shape, three Ministry decisions."""

    @licence.command(
        move, help=f"{move.capitalize()} a licence (Ministry only).\n\n\b\nExample:\n  {example}"
    )
    @click.argument("licence_no", metavar="LICENCE")
    @reason_option
    @pass_session
    def decide(s: Session, **options: Any) -> None:
        from commands import licences
        from commands.render import fields

        cmd = s.build(getattr(licences, model_name), **options)
        s.out(licences.decide_on_licence(s.ledger(), s.actor, cmd), fields(f"Licence {move}"))


_licence_decision(
    "suspend",
    "SuspendLicence",
    'peksos --as "Hadi Kemensos" licence suspend LIC-2026-00001 --reason "inquiry"',
)
_licence_decision(
    "reinstate",
    "ReinstateLicence",
    'peksos --as "Hadi Kemensos" licence reinstate LIC-2026-00001 --reason "cleared"',
)
_licence_decision(
    "revoke",
    "RevokeLicence",
    'peksos --as "Hadi Kemensos" licence revoke LIC-2026-00001 --reason "misconduct"',
)


@licence.command("show")
@click.argument("licence_no", metavar="LICENCE")
@pass_session
def licence_show(s: Session, licence_no: str) -> None:
    """A licence's holder, certificate, practice, validity and status.

    \b
    Example:
      peksos --as auditor1 licence show LIC-2026-00001
    """
    from commands.queries import show_licence
    from commands.render import fields

    s.out(show_licence(s.ledger(), s.actor, licence_no), fields("Licence"))


# --- the read side: reports and projections ---------------------------------------------------


@cli.group(**GROUP)
def report() -> None:
    """Audit reports across members (table, JSON or CSV).

    \b
    Example:
      peksos --as auditor1 report standing --as-of 2010-10-01
    """


def _report(
    s: Session,
    result: dict[str, Any],
    columns: list[str],
    fmt: str,
    table_columns: list[str] | None = None,
) -> None:
    from commands import render

    if s.as_json or fmt == "json":
        from commands.output import emit_json

        emit_json(result)
    else:
        render.report(result, columns if fmt == "csv" else table_columns or columns, fmt)


@report.command("standing")
@as_of_option
@known_at_option
@click.option("--province", metavar="CODE")
@format_option
@pass_session
def report_standing(s: Session, fmt: str, **options: Any) -> None:
    """Members in good standing on a date (dues for that year paid): the quorum list.

    \b
    Example:
      peksos --as auditor1 report standing --as-of 2010-10-01 --province 32
    """
    from commands.reports import ReportFilter
    from commands.reports import report_standing as run
    from projections.reports.standing import COLUMNS, TABLE_COLUMNS

    _report(
        s, run(s.ledger(), s.actor, s.build(ReportFilter, **options)), COLUMNS, fmt, TABLE_COLUMNS
    )


def period_options(command: Callable[..., None]) -> Callable[..., None]:
    """The options the certificate and licence registers share."""
    for option in reversed(
        [
            click.option("--from", "issued_from", metavar="DATE", help="Issued on or after DATE."),
            click.option("--to", "issued_to", metavar="DATE", help="Issued on or before DATE."),
            click.option("--province", metavar="CODE"),
            as_of_option,
            known_at_option,
            format_option,
        ]
    ):
        command = option(command)
    return command


@report.command("certificates")
@period_options
@click.option("--field", help="Field of practice, e.g. anak.")
@pass_session
def report_certificates(s: Session, fmt: str, **options: Any) -> None:
    """Certificates issued in a period, with their status on a date.

    \b
    Example:
      peksos --as auditor1 report certificates --from 2011-01-01 --to 2011-12-31 --field anak
    """
    from commands.reports import PeriodFilter
    from commands.reports import report_certificates as run
    from projections.reports.certificates import COLUMNS, TABLE_COLUMNS

    _report(
        s, run(s.ledger(), s.actor, s.build(PeriodFilter, **options)), COLUMNS, fmt, TABLE_COLUMNS
    )


@report.command("licences")
@period_options
@click.option("--status", type=click.Choice(["active", "suspended", "revoked", "expired"]))
@pass_session
def report_licences(s: Session, fmt: str, **options: Any) -> None:
    """Licences granted in a period, with their status on a date.

    \b
    Example:
      peksos --as auditor1 report licences --status revoked --format csv
    """
    from commands.reports import PeriodFilter
    from commands.reports import report_licences as run
    from projections.reports.licences import COLUMNS, TABLE_COLUMNS

    _report(
        s, run(s.ledger(), s.actor, s.build(PeriodFilter, **options)), COLUMNS, fmt, TABLE_COLUMNS
    )


@report.command("dues")
@click.option("--year", required=True)
@click.option("--province", metavar="CODE")
@known_at_option
@format_option
@pass_session
def report_dues(s: Session, fmt: str, **options: Any) -> None:
    """Dues for a year: members, paid, unpaid and rupiah by province, and who has not paid.

    \b
    Example:
      peksos --as auditor1 report dues --year 2011
    """
    from commands.reports import DuesFilter
    from commands.reports import report_dues as run
    from projections.reports.dues import COLUMNS

    _report(s, run(s.ledger(), s.actor, s.build(DuesFilter, **options)), COLUMNS, fmt)


@report.command("anomalies")
@format_option
@pass_session
def report_anomalies(s: Session, fmt: str) -> None:
    """Every stream whose history breaks a rule, judged by the rule set of its day.

    Says what was checked, so an empty report means none was found.

    \b
    Example:
      peksos --as auditor1 report anomalies --format csv
    """
    from commands.reports import report_anomalies as run
    from projections.reports.anomalies import COLUMNS

    _report(s, run(s.ledger(), s.actor), COLUMNS, fmt)


@cli.group(**GROUP)
def audit() -> None:
    """Prove that nothing was altered: hash chains, signatures, rules, Merkle digests.

    \b
    Example:
      peksos --as auditor1 audit digest > digest-2026.json
      peksos --as auditor1 audit verify --against digest-2026.json
    """


@audit.command("verify")
@click.option(
    "--against",
    type=click.Path(path_type=Path),
    metavar="DIGEST.json",
    help="Also prove the log is an append-only extension of this digest.",
)
@pass_session
def audit_verify(s: Session, against: Path | None) -> None:
    """Re-check every stream: versions, hash chain, signatures against the key each actor
    held then, roles, and every certificate against its rule set. Exit 6 on any failure,
    listing all of them.

    \b
    Example:
      peksos --as auditor1 audit verify
    """
    from commands.audit import audit_verify as verify
    from commands.render import fields

    result = verify(s.ledger(), s.actor, against)
    shown = {k: v for k, v in result.items() if k not in ("failures", "against")}
    if "against" in result:
        shown["digest"] = f"consistent with the digest of {result['against']['old_size']} events"
    s.out(result, lambda _: fields("Ledger verified")(shown))


@audit.command("digest")
@pass_session
def audit_digest(s: Session) -> None:
    """Print {size, root}: the Merkle tree head (RFC 9162) over every event, for the record.

    \b
    Example:
      peksos --as auditor1 audit digest > digest-2026.json
    """
    from commands.audit import audit_digest as digest
    from commands.output import emit_json

    emit_json(digest(s.ledger(), s.actor))


@audit.command("prove")
@click.argument("certificate_no", metavar="CERT")
@pass_session
def audit_prove(s: Session, certificate_no: str) -> None:
    """Print inclusion proofs (RFC 9162) for the events of a certificate, against the root.

    \b
    Example:
      peksos --as auditor1 audit prove CERT-2011-00001
    """
    from commands.audit import audit_prove as prove
    from commands.output import emit_json

    emit_json(prove(s.ledger(), s.actor, certificate_no))


@cli.group(**GROUP)
def projections() -> None:
    """The read side: views derived from the streams, rebuilt at will.

    \b
    Example:
      peksos --as auditor1 projections status
    """


@projections.command("status")
@pass_session
def projections_status(s: Session) -> None:
    """Each view's position against the head of the event log.

    \b
    Example:
      peksos --as auditor1 projections status
    """
    from commands.output import emit_rows
    from commands.reports import projections_status as status

    rows = status(s.ledger(), s.actor)
    emit_rows(
        rows,
        ["view", "position", "head", "lag", "about"],
        "json" if s.as_json else "table",
        "Views",
    )


@projections.command("rebuild")
@click.argument("names", nargs=-1, metavar="[VIEW]...")
@pass_session
def projections_rebuild(s: Session, names: tuple[str, ...]) -> None:
    """Drop and rebuild all views (or the named ones) from the event log (admin only).

    \b
    Example:
      peksos --as "Ratna Sari" projections rebuild
      peksos --as "Ratna Sari" projections rebuild dues
    """
    from commands.output import progress_bar
    from commands.render import fields
    from commands.reports import projections_rebuild as rebuild

    ledger = s.ledger()
    with progress_bar("rebuilding views", ledger.event_count(), hidden=s.as_json) as advance:
        result = rebuild(ledger, s.actor, names, advance)
    s.out(result, fields("Views rebuilt"))


@projections.command("run")
@click.option(
    "--poll",
    type=float,
    default=0.5,
    show_default=True,
    metavar="SECONDS",
    help="How often to look for new events (SQLite; PostgreSQL is notified).",
)
@pass_session
def projections_run(s: Session, poll: float) -> None:
    """Keep the views current until stopped (SIGINT or SIGTERM), then exit 0 (admin only).

    Resumes exactly where it stopped, even after a kill. While one runs, set
    PEKSOS_CATCH_UP=no for CLI reads, so they read the views without catching up themselves.

    \b
    Example:
      peksos --as "Ratna Sari" --db postgresql://peksos@db/peksos projections run
    """
    from commands.operations import run_projections

    def report(applied: int, head: int) -> None:
        if not s.as_json:
            click.echo(f"applied {applied} events; views at {head}", err=True)

    s.out(
        run_projections(s.ledger(), s.actor, poll=poll, report=report),
        lambda r: click.echo(f"stopped after applying {r['events_applied']} events"),
    )


@cli.command()
@click.option(
    "--to",
    "url",
    required=True,
    metavar="URL",
    help="An empty store: postgresql://user:pass@host:port/dbname",
)
@pass_session
def migrate(s: Session, url: str) -> None:
    """Copy this ledger into an empty store (e.g. from a laptop's SQLite file to a PostgreSQL
    server), keeping ids, versions, hashes and signatures, then verify the copy (admin only).

    \b
    Example:
      peksos --db ipspi.sqlite --as "Ratna Sari" migrate \\
          --to postgresql://peksos:secret@db.example.org:5432/peksos
    """
    from commands.operations import migrate as copy
    from commands.output import progress_bar
    from commands.render import fields

    ledger = s.ledger()
    with progress_bar("copying events", ledger.event_count(), hidden=s.as_json) as advance:
        result = copy(ledger, s.actor, url, advance)
    if not result["verified"] or not result["same_digest"]:
        from ledger.errors import IntegrityFailure

        raise IntegrityFailure("the copy does not verify as the same ledger", result)
    s.out(
        result,
        lambda r: fields("Ledger copied and verified")(
            {k: v for k, v in r.items() if k != "failures"}
        ),
    )


@cli.group("import", **GROUP)
def import_group() -> None:
    """Import the legacy lists (2010 congress registrants, Jaringan Peksos survey) once.

    \b
    Example:
      peksos --as "Ratna Sari" import members kongres-2010.csv --source kongres-2010
    """


@import_group.command("members")
@click.argument("file", type=click.Path(path_type=Path), metavar="FILE.csv")
@click.option("--source", required=True, metavar="NAME", help="Which list this is (recorded).")
@click.option("--dry-run", is_flag=True, help="Check every row and report; record nothing.")
@click.option(
    "--report",
    type=click.Path(path_type=Path),
    metavar="FILE.csv",
    help="Write each row's outcome (imported, duplicate, rejected) as CSV.",
)
@pass_session
def import_members(s: Session, **options: Any) -> None:
    """Register the members of a legacy list (admin only); re-running it adds nothing.

    Columns: name, nik, birth_date, province, email; optionally phone, registered_on,
    education_level, education_major, institution, graduated_on. UTF-8 (with or without a
    BOM), comma or semicolon separated, dates as YYYY-MM-DD or DD/MM/YYYY. Bad rows and
    duplicates are reported by line and skipped.

    \b
    Example:
      peksos --as "Ratna Sari" import members survey.csv --source jaringan-peksos \\
          --dry-run --report survey-check.csv
    """
    from commands.imports import ImportMembers
    from commands.imports import import_members as run
    from commands.output import progress_bar

    cmd = s.build(ImportMembers, **options)
    with progress_bar("importing rows", _count_lines(cmd.file), hidden=s.as_json) as advance:
        result = run(s.ledger(), s.actor, cmd, advance)
    s.out(result, _import_summary)


def _count_lines(path: Path) -> int:
    try:
        with path.open("rb") as f:
            return max(0, sum(1 for _ in f) - 1)
    except OSError:
        return 0


def _import_summary(result: dict[str, Any]) -> None:
    from commands.output import emit_fields, emit_rows

    problems = [o for o in result["outcomes"] if o["outcome"] != "imported"]
    if problems:
        emit_rows(
            problems[:50],
            ["line", "name", "outcome", "reason"],
            title="Rows not imported" + (" (first 50)" if len(problems) > 50 else ""),
        )
    title = "Import checked (dry run: nothing recorded)" if result["dry_run"] else "Imported"
    emit_fields({k: v for k, v in result.items() if k != "outcomes"}, title)


# --- the demonstration ---------------------------------------------------------------------


@cli.command()
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
    from commands.demo import run_demo

    run_demo(s)


# --- entry point ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; map every error to the contract's exit codes, never a traceback."""
    from commands.output import USAGE, bug, report_error
    from ledger.errors import InvalidInput, LedgerError

    args = list(sys.argv[1:] if argv is None else argv)
    for position, arg in enumerate(args, start=1):
        try:
            arg.encode("utf-8")
            if "\x00" in arg:  # no file name, URL or value of the ledger holds a NUL
                raise ValueError("contains a NUL byte")
        except (UnicodeEncodeError, ValueError) as error:
            why = "is not valid UTF-8 text" if isinstance(error, UnicodeEncodeError) else str(error)
            # Name the option the value belongs to, as every other usage error does.
            field = f"argument {position}"
            if arg.startswith("--") and "=" in arg:
                field = arg.split("=", 1)[0]
            elif position > 1 and args[position - 2].startswith("--"):
                field = args[position - 2]
            return report_error(
                InvalidInput(f"{field} {why}", [{"field": field, "message": why}]),
                "--json" in args,
            )
    # --json is a global option, but people type it last: accept it anywhere before "--".
    head = args[: args.index("--")] if "--" in args else args
    as_json = "--json" in head
    if as_json:
        args = ["--json"] + [a for a in head if a != "--json"] + args[len(head) :]
    try:
        cli.main(args=args, prog_name="peksos", standalone_mode=False)
    except LedgerError as error:
        return report_error(error, as_json)
    except click.exceptions.Exit as done:
        return int(done.exit_code or 0)
    except click.Abort:
        click.echo("aborted; nothing was recorded", err=True)
        return 130
    except click.ClickException as error:
        if as_json:
            from commands.output import emit_error_json

            emit_error_json("usage", error.format_message(), None)
        else:
            error.show()
        return USAGE if isinstance(error, click.UsageError) else error.exit_code
    except OSError as error:  # a file or folder the user named cannot be used as asked
        where = f" ({error.filename})" if error.filename else ""
        message = f"{error.strerror or error}{where}"
        return report_error(InvalidInput(message, [{"field": "path", "message": message}]), as_json)
    except Exception as error:  # a bug: say so plainly, exit 1
        import sqlite3

        from eventsourcing.persistence import PersistenceError

        if isinstance(error, PersistenceError | sqlite3.DatabaseError):
            if os.environ.get("PEKSOS_DEBUG"):
                traceback.print_exception(error, file=sys.stderr)
            return report_error(_store_error(error), as_json)
        return bug(error)
    return 0


def _store_error(error: Exception) -> Any:
    from ledger.errors import Conflict, IntegrityFailure

    text = str(error)
    if "not a database" in text or "malformed" in text:
        return IntegrityFailure(f"the store is not a readable ledger: {text}")
    return Conflict(f"the store could not be used ({text}); nothing was recorded: retry")


if __name__ == "__main__":
    sys.exit(main())
