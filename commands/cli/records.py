"""``peksos education``, ``experience``, ``training`` and ``dues``: the facts IPSPI records."""

from __future__ import annotations

from typing import Any

import click

from commands.cli.options import GROUP, enum_option, pass_session, reg_argument
from commands.cli.session import Session
from ledger.vocabulary import EducationLevel


@click.group(**GROUP)
def education() -> None:
    """Degrees.

    \b
    Example:
      peksos --as "Dewi Anggraini" education add 32-2010-00001 --level S1 \\
          --major pekerjaan-sosial --institution "UI" --graduated-on 2004-08-30
    """


@education.command("add")
@reg_argument
@enum_option("--level", EducationLevel, required=True)
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
    from commands.cli.render import fields
    from commands.records import AddEducation, add_education

    cmd = s.build(AddEducation, **options)
    s.out(add_education(s.ledger(), s.actor, cmd), fields("Education recorded"))


@click.group(**GROUP)
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
    from commands.cli.render import fields
    from commands.records import AddExperience, add_experience

    cmd = s.build(AddExperience, **options)
    s.out(add_experience(s.ledger(), s.actor, cmd), fields("Experience recorded"))


@click.group(**GROUP)
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
    from commands.cli.render import fields
    from commands.records import LogTraining, log_training

    cmd = s.build(LogTraining, **options)
    s.out(log_training(s.ledger(), s.actor, cmd), fields("Training logged"))


@click.group(**GROUP)
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
    from commands.cli.render import fields
    from commands.records import PayDues, pay_dues

    cmd = s.build(PayDues, **options)
    s.out(pay_dues(s.ledger(), s.actor, cmd), fields("Dues recorded"))


COMMANDS = [education, experience, training, dues]
