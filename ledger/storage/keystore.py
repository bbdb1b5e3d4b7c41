"""Secrets kept outside the database: one folder per ledger, readable by its owner only.

The key store's folder is given by the caller (commands/bootstrap.py reads ``PEKSOS_KEYS``);
the default is ``keys/`` in the user's data directory.
It holds the key of the NIK index (so NIKs cannot be recovered from the store by hashing every
possible NIK), the key that wraps the members' data keys (``personal-data.key``: without it
the store's personal data cannot be read) and the actors' private Ed25519 signing keys
(``signing/<key id>.pem``); their public halves are recorded in the ledger.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from ledger.errors import Conflict, InvalidInput, NotAuthorised
from ledger.integrity import b64url, key_id
from ledger.wording import N_, said

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


def default_keys_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("peksos", appauthor=False) / "keys"


class KeyStore:
    """The folder, and the passphrase that signing keys made here are encrypted with (PKCS#8,
    the library's best available encryption); None: they are stored unencrypted, protected by
    the file's mode only. A key is read with the passphrase only if it is encrypted, so a
    store holding keys of both kinds works."""

    def __init__(self, root: Path, passphrase: bytes | None = None) -> None:
        self.root = root
        self._passphrase = passphrase or None
        self._asked_keyring = self._passphrase is not None

    @property
    def passphrase(self) -> bytes | None:
        """The passphrase given, else the one the OS keyring holds for service ``peksos``,
        user ``key-passphrase`` (``keyring set peksos key-passphrase``). The keyring is asked
        only when a key is made or an encrypted one read, never by a read that signs nothing."""
        if not self._asked_keyring:
            self._asked_keyring = True
            self._passphrase = keyring_passphrase()
        return self._passphrase

    def folder(self, ledger_id: UUID) -> Path:
        return self.root / str(ledger_id)

    def create_nik_key(self, ledger_id: UUID) -> None:
        self._create_secret(ledger_id, NIK_KEY)

    def create_wrapping_key(self, ledger_id: UUID) -> None:
        """The key that wraps the members' data keys (ledger/storage/personal_keys.py)."""
        self._create_secret(ledger_id, WRAPPING_KEY)

    def _create_secret(self, ledger_id: UUID, name: str, value: bytes | None = None) -> None:
        folder = self.folder(ledger_id)
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise InvalidInput(
                said(
                    "the key store {root} cannot hold this ledger's keys ({why}); set "
                    "PEKSOS_KEYS to a folder",
                    root=self.root,
                    why=error.strerror,
                ),
                [{"field": "PEKSOS_KEYS", "message": str(error)}],
            ) from None
        # O_EXCL: never overwrite a key that stored data depends on.
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(value if value is not None else secrets.token_bytes(32))

    def has_wrapping_key(self, ledger_id: UUID) -> bool:
        return (self.folder(ledger_id) / WRAPPING_KEY).exists()

    def wrapping_key(self, ledger_id: UUID) -> bytes:
        return self._secret(ledger_id, WRAPPING_KEY, N_("data-key wrapping key"))

    def create_signing_key(self, ledger_id: UUID) -> tuple[str, str]:
        """A new Ed25519 key pair; the private half stays here. Returns (key_id, public)."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return self.install_signing_key(ledger_id, Ed25519PrivateKey.generate())

    def install_signing_key(self, ledger_id: UUID, private: Ed25519PrivateKey) -> tuple[str, str]:
        """Keep ``private`` here (under the passphrase, if there is one); (key_id, public)."""
        from cryptography.hazmat.primitives import serialization

        public = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        kid = key_id(public)
        folder = self.folder(ledger_id) / "signing"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(folder / f"{kid}.pem", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(
                private.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.BestAvailableEncryption(self.passphrase)
                    if self.passphrase
                    else serialization.NoEncryption(),
                )
            )
        return kid, b64url(public)

    def hand_over(self, ledger_id: UUID, kid: str, actor: str) -> dict[str, bytes]:
        """What a new actor's machine needs (their signing key, unencrypted PKCS#8, and the
        ledger's two secrets), for a key bundle (ledger/storage/key_bundle.py)."""
        from cryptography.hazmat.primitives import serialization

        pem = self.signing_key(ledger_id, kid, actor).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return {
            "signing": pem,
            NIK_KEY: self.nik_key(ledger_id),
            WRAPPING_KEY: self.wrapping_key(ledger_id),
        }

    def remove_signing_key(self, ledger_id: UUID, kid: str) -> None:
        (self.folder(ledger_id) / "signing" / f"{kid}.pem").unlink()

    def take_over(self, ledger_id: UUID, handed: dict[str, bytes]) -> str:
        """Install what ``hand_over`` gave; returns the key id. A ledger secret already here
        must be the same one (Conflict otherwise: this folder belongs to another ledger copy)."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        for name in (NIK_KEY, WRAPPING_KEY):
            path = self.folder(ledger_id) / name
            if path.exists():
                if _private(path) != handed[name]:
                    raise Conflict(
                        said(
                            "{path} holds another {name} than the bundle's: this key folder "
                            "belongs to another ledger; set PEKSOS_KEYS to a folder of its own",
                            path=path,
                            name=name,
                        )
                    )
            else:
                self._create_secret(ledger_id, name, handed[name])
        private = serialization.load_pem_private_key(handed["signing"], password=None)
        assert isinstance(private, Ed25519PrivateKey)
        try:
            kid, _ = self.install_signing_key(ledger_id, private)
        except FileExistsError:
            raise Conflict(said("this key is installed here already")) from None
        return kid

    def signing_key(self, ledger_id: UUID, kid: str, actor: str) -> Ed25519PrivateKey:
        """The private key ``kid``; without it ``actor`` cannot record anything here."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        path = self.folder(ledger_id) / "signing" / f"{kid}.pem"
        try:
            pem = _private(path)
            encrypted = pem.startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
            if encrypted and self.passphrase is None:
                raise NotAuthorised(
                    said(
                        "{actor}'s signing key {kid} is encrypted: set PEKSOS_KEY_PASSPHRASE to "
                        "its passphrase, or keep it in the OS keyring (`keyring set peksos "
                        "key-passphrase`)",
                        actor=actor,
                        kid=kid,
                    ),
                    {"actor": actor, "key_id": kid, "path": str(path)},
                )
            key = serialization.load_pem_private_key(
                pem, password=self.passphrase if encrypted else None
            )
        except ValueError:  # the passphrase does not open it (or the file is no key)
            raise NotAuthorised(
                said(
                    "{actor}'s signing key {kid} does not open with this PEKSOS_KEY_PASSPHRASE "
                    "({path})",
                    actor=actor,
                    kid=kid,
                    path=path,
                ),
                {"actor": actor, "key_id": kid, "path": str(path)},
            ) from None
        except FileNotFoundError:
            raise NotAuthorised(
                said(
                    "{actor}'s signing key {kid} is not on this machine (looked in {path}); "
                    "what an actor records is signed with their key: copy it here or set "
                    "PEKSOS_KEYS",
                    actor=actor,
                    kid=kid,
                    path=path,
                ),
                {"actor": actor, "key_id": kid, "path": str(path)},
            ) from None
        assert isinstance(key, Ed25519PrivateKey)
        return key

    def nik_key(self, ledger_id: UUID) -> bytes:
        return self._secret(ledger_id, NIK_KEY, N_("NIK-index key"))

    def _secret(self, ledger_id: UUID, name: str, what: str) -> bytes:
        path = self.folder(ledger_id) / name
        try:
            return _private(path)
        except FileNotFoundError:
            raise NotAuthorised(
                said(
                    "this machine holds no {what} for ledger {ledger_id} (looked in {path}); "
                    "copy it from the ledger's key folder or set PEKSOS_KEYS",
                    what=what,
                    ledger_id=ledger_id,
                    path=path,
                ),
                {"key": str(path)},
            ) from None


NIK_KEY = "nik-index.key"
WRAPPING_KEY = "personal-data.key"  # wraps the members' data keys; no signing key is near it
KEYRING_SERVICE, KEYRING_USER = "peksos", "key-passphrase"


def keyring_passphrase() -> bytes | None:
    """The key passphrase the OS keyring holds, or None: no keyring on this machine (a server
    without a desktop session has none), or nothing kept in it."""
    try:
        import keyring

        secret = keyring.get_password(KEYRING_SERVICE, KEYRING_USER)
    except Exception:  # every backend fails its own way: locked, absent, no D-Bus
        return None
    return secret.encode() if secret else None


def _private(path: Path) -> bytes:
    """A secret's bytes, refused (as OpenSSH refuses a private key) when the file may be read
    or written by its group or by others: someone else may have a copy, or may swap it."""
    mode = path.stat().st_mode
    if mode & 0o077:
        shown = f"{mode & 0o777:04o}"
        raise NotAuthorised(
            said(
                "the permissions {mode} of {path} are too open: the key may be read by others; "
                "make it the owner's only (chmod 600 {path}) and rotate the key if someone else "
                "may have read it",
                mode=shown,
                path=path,
            ),
            {"key": str(path), "mode": f"{mode & 0o777:04o}"},
        )
    return path.read_bytes()
