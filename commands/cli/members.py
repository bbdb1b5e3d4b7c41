"""``peksos member ...``: register members, and read their status and history."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from commands.cli import completion
from commands.cli.language import say
from commands.cli.options import (
    GROUP,
    as_of_option,
    format_option,
    known_at_option,
    on_option,
    pass_session,
    reason_option,
    reg_argument,
)
from commands.cli.session import Session
from ledger.wording import said


@click.group(**GROUP)
def member() -> None:
    """Register members and read their status and history.

    \b
    Example:
      peksos --as "Lestari Wulandari" member show 32-2010-00001
    """


@member.command("register")
@click.option("--name", required=True, help="Full name; single names are fine.")
@click.option("--nik", required=True, help="National identity number, 16 digits.")
@click.option("--birth-date", required=True, metavar="DATE")
@click.option(
    "--province",
    shell_complete=completion.provinces,
    required=True,
    metavar="PROVINCE",
    help='BPS code or name, e.g. 32 or "Jawa Barat".',
)
@click.option("--email", required=True)
@click.option("--phone")
@click.option("--registered-on", metavar="DATE", help="Default: today.")
@pass_session
def member_register(s: Session, **options: Any) -> None:
    """Register a member and print the new registration number (PP-YYYY-NNNNN).

    \b
    Example:
      peksos --as "Dewi Anggraini" member register --name "Yusuf Maulana" \\
          --nik 3273011203850001 --birth-date 12/03/1985 --province "Jawa Barat" \\
          --email yusuf@example.org --registered-on 01/03/2010
    """
    from commands.cli.render import fields
    from commands.members import RegisterMember, register_member

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
      peksos --as "Dewi Anggraini" member update 32-2010-00001 --email yusuf.maulana@example.org
    """
    from commands.cli.render import fields
    from commands.members import UpdateMember, update_member

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
    from commands.cli.render import fields
    from commands.members import CorrectEntry, correct_entry

    cmd = s.build(CorrectEntry, **options)
    s.out(correct_entry(s.ledger(), s.actor, cmd), fields("Entry withdrawn"))


@member.command("correct-identity")
@reg_argument
@click.option("--nik", help="The right NIK (16 digits).")
@click.option("--birth-date", metavar="DATE", help="The right birth date.")
@click.option(
    "--province",
    shell_complete=completion.provinces,
    metavar="PROVINCE",
    help="The right province (code or name).",
)
@reason_option
@pass_session
def member_correct_identity(s: Session, **options: Any) -> None:
    """Correct a NIK, birth date or province recorded wrong (admin only).

    The correction is an event that says what was wrong and why; the old value stays in the
    history for those allowed to see it. A NIK stays unique: the new one must be free, and
    the old one is released.

    \b
    Example:
      peksos --as "Ratna Sari" member correct-identity 32-2010-00001 \\
          --nik 3273011203850001 --reason "last two digits swapped on the 2010 form"
    """
    from commands.cli.render import fields
    from commands.members import CorrectIdentity, correct_identity

    cmd = s.build(CorrectIdentity, **options)
    s.out(correct_identity(s.ledger(), s.actor, cmd), fields("Identity corrected"))


@member.command("export-data")
@reg_argument
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    metavar="FILE.json",
    help="Write the JSON here (made owner-only) instead of printing it.",
)
@click.option("--force", is_flag=True, help="Replace FILE.json if it exists.")
@pass_session
def member_export_data(s: Session, registration_no: str, out: Path | None, force: bool) -> None:
    """Give a member a copy of everything the ledger holds about them, unmasked, as JSON:
    their record and their whole history (UU 27/2022: access and portability). The request is
    recorded (admin only).

    \b
    Example:
      peksos --as "Ratna Sari" member export-data 32-2010-00001 --out siti-aminah.json
    """
    import json

    from commands.members import ExportPersonalData, export_personal_data

    cmd = s.build(ExportPersonalData, registration_no=registration_no)
    if out is None:
        from commands.cli.render import emit_json

        emit_json(export_personal_data(s.ledger(), s.actor, cmd))
        return
    from commands.files import output_file

    ledger = s.ledger()
    with output_file(out, ledger, option="--out", force=force) as file:
        exported = export_personal_data(ledger, s.actor, cmd)
        file.write(json.dumps(exported, ensure_ascii=False, indent=2, default=str).encode())
    click.echo(
        say(
            said(
                "Exported {registration_no} to {out}: {count} entries",
                registration_no=registration_no,
                out=out,
                count=len(exported["history"]),
            )
        )
    )


unmasked_option = click.option(
    "--unmasked",
    is_flag=True,
    help="Show the full NIK, birth date, email and phone (admins, chapter admins, the LSP and "
    "the Ministry): the read is recorded and signed with your key, which must be on this "
    "machine.",
)


@member.command("show")
@reg_argument
@as_of_option
@known_at_option
@unmasked_option
@pass_session
def member_show(
    s: Session, registration_no: str, as_of: str | None, known_at: str | None, unmasked: bool
) -> None:
    """A member's status: standing, education, practice, training, certificates, licences.
    The NIK, birth date and contacts are masked unless --unmasked.

    \b
    Example:
      peksos --as "Lestari Wulandari" member show 32-2010-00001 --as-of 2012-12-31
      peksos --as "Ratna Sari" member show 32-2010-00001 --unmasked
    """
    from commands.cli import render
    from commands.queries import TimeTravel, show_member

    when = s.build(TimeTravel, as_of=as_of, known_at=known_at)
    shown = show_member(s.ledger(), s.actor, registration_no, when, unmasked)
    s.out(shown, render.member_status)


@member.command("history")
@reg_argument
@as_of_option
@known_at_option
@unmasked_option
@pass_session
def member_history(
    s: Session, registration_no: str, as_of: str | None, known_at: str | None, unmasked: bool
) -> None:
    """Every event of a member's stream: what, effective when, recorded when, by whom. The
    NIK, birth date and contacts are masked unless --unmasked.

    \b
    Example:
      peksos --as "Lestari Wulandari" member history 32-2010-00001
      peksos --as "Lestari Wulandari" member history 32-2010-00001 --known-at 2011-06-30
    """
    from commands.cli import render
    from commands.queries import TimeTravel
    from commands.queries import member_history as history

    when = s.build(TimeTravel, as_of=as_of, known_at=known_at)
    s.out(history(s.ledger(), s.actor, registration_no, when, unmasked), render.history)


@member.command("list")
@click.option("--province", shell_complete=completion.provinces, metavar="CODE")
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
      peksos --as "Lestari Wulandari" member list --province 32 --certified --format csv
    """
    from commands.cli.render import emit_rows
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
        "sipps",
    ]
    if fmt != "table" or s.as_json:
        columns.insert(2, "nik")
    emit_rows(rows, columns, "json" if s.as_json else fmt, "Members")


@member.command("applications")
@click.option("--province", shell_complete=completion.provinces, metavar="CODE")
@click.option("--all", "every", is_flag=True, help="Decided applications too, not only pending.")
@format_option
@pass_session
def member_applications(s: Session, province: str | None, every: bool, fmt: str) -> None:
    """Membership applications made on the web register (/apply), pending unless --all;
    a chapter admin sees their province's. Approve or reject each by its reference.

    \b
    Example:
      peksos --as "Dewi Anggraini" member applications --province 32
    """
    from commands.cli.render import emit_rows
    from commands.membership import applications
    from commands.reports import ReportFilter

    province = s.build(ReportFilter, province=province).province
    rows = applications(s.ledger(), s.actor, province, every)
    columns = ["reference", "asked_on", "name", "province", "degree", "status"]
    if fmt != "table" or s.as_json:
        columns += ["email", "registration_no"]
    emit_rows(rows, columns, "json" if s.as_json else fmt, "Membership applications")


@member.command("approve")
@click.argument("reference", metavar="APPLICATION")
@on_option
@pass_session
def member_approve(s: Session, **options: Any) -> None:
    """Approve a membership application: the applicant is registered (the province's next
    number, their NIK claimed, their degree recorded) and can check it on /apply/status.

    \b
    Example:
      peksos --as "Dewi Anggraini" member approve REQ-2026-7KQ3M9XD
    """
    from commands.cli.render import fields
    from commands.membership import Decision, approve

    s.out(approve(s.ledger(), s.actor, s.build(Decision, **options)), fields("Member registered"))


@member.command("reject")
@click.argument("reference", metavar="APPLICATION")
@reason_option
@on_option
@pass_session
def member_reject(s: Session, **options: Any) -> None:
    """Reject a membership application; the applicant sees the reason on /apply/status.

    \b
    Example:
      peksos --as "Dewi Anggraini" member reject REQ-2026-7KQ3M9XD \\
          --reason "the degree is not in social work"
    """
    from commands.cli.render import fields
    from commands.membership import Rejection, reject

    s.out(
        reject(s.ledger(), s.actor, s.build(Rejection, **options)), fields("Application rejected")
    )


@member.command("restrict")
@reg_argument
@reason_option
@pass_session
def member_restrict(s: Session, **options: Any) -> None:
    """Show a member's personal data to the national admins only, at their request (UU 27/2022
    Pasal 11; admin only). Others see "(restricted)" for the name, NIK, birth date and contacts; the
    member's credentials and standing stay public. The request is recorded.

    \b
    Example:
      peksos --as "Ratna Sari" member restrict 32-2010-00001 --reason "request of 1 Dec 2026"
    """
    from commands.cli.render import fields
    from commands.members import Restriction, restrict

    s.out(restrict(s.ledger(), s.actor, s.build(Restriction, **options)), fields("Restricted"))


@member.command("unrestrict")
@reg_argument
@reason_option
@pass_session
def member_unrestrict(s: Session, **options: Any) -> None:
    """End a restriction of a member's personal data (admin only). The request is recorded.

    \b
    Example:
      peksos --as "Ratna Sari" member unrestrict 32-2010-00001 --reason "request withdrawn"
    """
    from commands.cli.render import fields
    from commands.members import Restriction, unrestrict

    s.out(unrestrict(s.ledger(), s.actor, s.build(Restriction, **options)), fields("Unrestricted"))


@member.command("erase")
@reg_argument
@reason_option
@pass_session
def member_erase(s: Session, **options: Any) -> None:
    """Erase a member's personal data at their request (UU 27/2022 Pasal 8; admin only):
    their data key is destroyed, so their name, NIK, birth date, email and phone can no
    longer be read from any entry; views and reports show "(erased)".
    Their registration number, credentials and standing stay (Pasal 15), and the ledger still
    verifies. It cannot be undone. Backups made before keep the data: see the README.

    \b
    Example:
      peksos --as "Ratna Sari" member erase 32-2010-00001 --reason "request of 1 Dec 2026"
    """
    from commands.cli.render import fields
    from commands.members import Erasure, erase

    s.out(erase(s.ledger(), s.actor, s.build(Erasure, **options)), fields("Erased"))


COMMANDS = [member]
