"""``peksos certificate|licence|str|sipps export|verify|print`` and ``peksos status-list``:
every credential as a W3C Verifiable Credential a third party checks offline, and on paper.

The three commands are the same for each kind of credential, so they are made here once and
added to each kind's group (certification.py, licences.py, practice.py).
"""

from __future__ import annotations

from pathlib import Path

import click

from commands.cli.options import GROUP, pass_session, trusted_keys_option
from commands.cli.session import Session
from ledger.wording import said

# who issues each kind and a number of it, for the examples of --help (the README's walkthrough)
EXAMPLES = {
    "certificate": ("Bambang Wibisono", "CERT-2011-00001", "cert"),
    "licence": ("Hadi Santoso", "LIC-2011-00001", "licence"),
    "str": ("Ratna Sari", "STR-2024-00001", "str"),
    "sipps": ("Asep Sunandar", "SIPPS-3273-2024-00001", "sipps"),
}
READER = "Lestari Wulandari"


def add_credential_commands(group: click.Group, kind: str) -> None:
    """``export``, ``verify`` and ``print`` for credentials of ``kind``."""
    issuer, number, file = EXAMPLES[kind]
    label = {"str": "STR", "sipps": "SIPPS"}.get(kind, kind)
    metavar = {"certificate": "CERT", "licence": "LICENCE"}.get(kind, label)

    @group.command("export")
    @click.argument("number", metavar=metavar)
    @pass_session
    def export(s: Session, number: str) -> None:
        from commands.cli.render import emit_json
        from commands.credentials import ExportCredential, export_credential

        cmd = s.build(ExportCredential, kind=kind, number=number)
        issued = export_credential(s.ledger(), s.actor, cmd)
        if s.as_json:
            emit_json({f"{kind}_no": number, "jws": issued["token"], "vc": issued["document"]})
        else:
            click.echo(issued["token"])

    export.help = f"""Print the {label} as a W3C Verifiable Credential 2.0 (vc+jwt, Ed25519),
    signed with your key; the issuance is recorded (its issuer only).

    \b
    Example:
      peksos --as "{issuer}" {kind} export {number} > {file}.jwt
    """

    @group.command("verify")
    @click.argument("file", type=click.Path(path_type=Path))
    @trusted_keys_option
    @click.option(
        "--status-list",
        "lists",
        multiple=True,
        type=click.Path(path_type=Path),
        metavar="LIST.jwt",
        help="Also check the credential's bit in this status list (`status-list export`); "
        "repeat for the revocation and the suspension list.",
    )
    @click.option(
        "--offline",
        is_flag=True,
        help="Without the ledger, as a third party: the keys of --trusted-keys and the "
        "status lists suffice.",
    )
    @pass_session
    def verify(
        s: Session, file: Path, trusted: Path | None, lists: tuple[Path, ...], offline: bool
    ) -> None:
        from commands.bootstrap import utc_now
        from commands.cli.render import fields
        from commands.credentials import verify_credential, verify_offline
        from commands.files import read_text
        from ledger.credential import KINDS

        token = read_text(file, "FILE")
        listed = tuple(read_text(path, "--status-list") for path in lists)
        if offline:
            if trusted is None:
                raise click.UsageError("--offline needs --trusted-keys JWKS (the issuers' keys)")
            result = verify_offline(KINDS[kind], token, trusted, listed, utc_now())
        else:
            result = verify_credential(s.ledger(), s.actor, KINDS[kind], token, trusted, listed)
        s.out(result, fields(said("{kind} verified", kind=label[0].upper() + label[1:])))

    verify.help = f"""Check an exported {label}: its signature with the key it was issued
    with, that the ledger issued it, every claim against the ledger, then its status today
    and in the status lists given. With --offline, no ledger: the JWK Set and the status
    lists. Forged or altered: exit 6; revoked, suspended or expired: exit 3.

    \b
    Examples:
      peksos --as "{READER}" {kind} verify {file}.jwt
      peksos {kind} verify {file}.jwt --offline --trusted-keys jwks.json \\
          --status-list revocation.jwt
    """

    @group.command("print")
    @click.argument("number", metavar=metavar)
    @click.option(
        "--out",
        required=True,
        type=click.Path(path_type=Path),
        metavar="FILE.pdf",
        help="Where to write the PDF.",
    )
    @click.option("--force", is_flag=True, help="Replace FILE.pdf if it exists.")
    @pass_session
    def print_(s: Session, number: str, out: Path, force: bool) -> None:
        from commands.cli.render import fields
        from commands.credentials import ExportCredential, print_credential

        cmd = s.build(ExportCredential, kind=kind, number=number)
        s.out(print_credential(s.ledger(), s.actor, cmd, out, force), fields("Printed"))

    print_.help = f"""Write the {label} as a printable A4 PDF in Bahasa Indonesia and
    English, with a QR code a phone or `zbarimg` reads (the signed credential, or a
    verification address when it is too long to scan); recorded as an issuance (its issuer
    only).

    \b
    Example:
      peksos --as "{issuer}" {kind} print {number} --out {file}.pdf
    """


@click.group("status-list", **GROUP)
def status_list() -> None:
    """The register's status lists (W3C Bitstring Status List v1.0): one bit per exported
    credential, for verifiers who check credentials without the ledger.

    \b
    Example:
      peksos --as "Lestari Wulandari" status-list export > revocation.jwt
    """


@status_list.command("export")
@click.option(
    "--purpose",
    type=click.Choice(["revocation", "suspension"]),
    default="revocation",
    show_default=True,
    help="Revoked credentials, or suspended licences and SIPPS.",
)
@pass_session
def status_list_export(s: Session, purpose: str) -> None:
    """Print the signed BitstringStatusListCredential (compact JWS, signed with the ledger's
    log key) of every credential exported so far, its bit set if revoked (or suspended); at
    least 131,072 entries, current for a day.

    \b
    Examples:
      peksos --as "Lestari Wulandari" status-list export > revocation.jwt
      peksos --as "Lestari Wulandari" status-list export --purpose suspension > suspension.jwt
      peksos --as "Lestari Wulandari" certificate verify cert.jwt --status-list revocation.jwt
    """
    from commands.cli.render import emit_json
    from commands.credentials import export_status_list

    token = export_status_list(s.ledger(), s.actor, purpose)
    if s.as_json:
        emit_json({"purpose": purpose, "jws": token})
    else:
        click.echo(token)


COMMANDS = [status_list]
