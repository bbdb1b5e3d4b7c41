"""``peksos exam``, ``certify`` and ``certificate ...``: the LSP examines and certifies."""

from __future__ import annotations

from typing import Any

import click

from commands.cli import completion
from commands.cli.credentials import add_credential_commands
from commands.cli.options import (
    GROUP,
    enum_option,
    on_option,
    pass_session,
    reason_option,
    reg_argument,
)
from commands.cli.session import Session
from ledger.vocabulary import Field


@click.group(**GROUP)
def exam() -> None:
    """Competency exams (uji kompetensi).

    \b
    Example:
      peksos --as "Bambang Wibisono" exam record 32-2010-00001 --field anak --result passed \\
          --held-on 2011-04-12 --assessor "Agus Setiawan"
    """


@exam.command("record")
@reg_argument
@enum_option("--field", Field, required=True)
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
@click.option(
    "--level",
    shell_complete=completion.levels,
    metavar="LEVEL",
    help="Under Law 14/2019: asisten, generalis, spesialis.",
)
@pass_session
def exam_record(s: Session, **options: Any) -> None:
    """Record an exam and print its exam_id (LSP only).

    \b
    Example:
      peksos --as "Bambang Wibisono" exam record 32-2010-00001 --field anak --result passed \\
          --held-on 2011-04-12 --assessor "Agus Setiawan" --assessor "Rina Wati"
    """
    from commands.cli.render import fields
    from commands.exams import RecordExam, record_exam

    cmd = s.build(RecordExam, **options)
    s.out(record_exam(s.ledger(), s.actor, cmd), fields("Exam recorded"))


@click.command()
@reg_argument
@enum_option("--field", Field, required=True, metavar="FIELD", help="Field of practice, e.g. anak.")
@click.option(
    "--exam",
    "exam_id",
    metavar="EXAM_ID",
    help="The exam it rests on (default: the latest passed one in that field).",
)
@click.option(
    "--level",
    shell_complete=completion.levels,
    metavar="LEVEL",
    help="Required under rule sets with levels (`peksos rules list`).",
)
@on_option
@pass_session
def certify(s: Session, **options: Any) -> None:
    """Certify a member in a field, by the rule set in force on the decision date (LSP only).

    Needs, all together, what that rule set lists for the level (`peksos rules show`): under
    Permensos 108/2009 an S1/D4 (or higher) in social work or social welfare, 2 years of
    practice, 60 hours of training and a passed exam in the field.
    A refusal lists every unmet requirement and records nothing.

    \b
    Example:
      peksos --as "Bambang Wibisono" certify 32-2010-00001 --field anak --on 2011-05-02
    """
    from commands.certificates import Certify
    from commands.certificates import certify as certify_member
    from commands.cli.render import fields

    cmd = s.build(Certify, **options)
    s.out(certify_member(s.ledger(), s.actor, cmd), fields("Certified"))


@click.group(**GROUP)
def certificate() -> None:
    """Certificates of competence.

    \b
    Example:
      peksos --as "Lestari Wulandari" certificate provenance CERT-2011-00001
    """


@certificate.command("show")
@click.argument("certificate_no", metavar="CERT")
@pass_session
def certificate_show(s: Session, certificate_no: str) -> None:
    """A certificate's holder, field, validity and status.

    \b
    Example:
      peksos --as "Lestari Wulandari" certificate show CERT-2011-00001
    """
    from commands.cli.render import fields
    from commands.queries import show_certificate

    s.out(show_certificate(s.ledger(), s.actor, certificate_no), fields("Certificate"))


@certificate.command("provenance")
@click.argument("certificate_no", metavar="CERT")
@pass_session
def certificate_provenance(s: Session, certificate_no: str) -> None:
    """The evidence chain of a certificate: exam, degree, practice, training, rule set, who
    decided, the decision re-checked, and every later event that touched it.

    \b
    Example:
      peksos --as "Bambang Wibisono" certificate provenance CERT-2011-00001
    """
    from commands.cli import render
    from commands.reports import certificate_provenance as chain

    s.out(chain(s.ledger(), s.actor, certificate_no), render.provenance)


@certificate.command("revoke")
@click.argument("certificate_no", metavar="CERT")
@reason_option
@on_option
@pass_session
def certificate_revoke(s: Session, **options: Any) -> None:
    """Revoke a certificate; licences resting on it are revoked with it (LSP only).

    \b
    Example:
      peksos --as "Bambang Wibisono" certificate revoke CERT-2011-00001 \\
          --reason "ethics ruling 4/2012" --on 2012-09-03
    """
    from commands.certificates import RevokeCertificate, revoke_certificate
    from commands.cli.render import fields

    cmd = s.build(RevokeCertificate, **options)
    s.out(revoke_certificate(s.ledger(), s.actor, cmd), fields("Certificate revoked"))


add_credential_commands(certificate, "certificate")

COMMANDS = [exam, certify, certificate]
