"""Secrets kept outside the database: one folder per ledger, readable by its owner only.

``PEKSOS_KEYS`` names the key store; the default is ``keys/`` in the user's data directory.
Today it holds the key of the NIK index (so NIKs cannot be recovered from the store by
hashing every possible NIK); actors' signing keys belong here too.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from uuid import UUID

from ledger.errors import InvalidInput, NotAuthorised


def default_keys_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("peksos", appauthor=False) / "keys"


class KeyStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def from_env(cls) -> KeyStore:
        configured = os.environ.get("PEKSOS_KEYS")
        return cls(Path(configured).expanduser() if configured else default_keys_path())

    def folder(self, ledger_id: UUID) -> Path:
        return self.root / str(ledger_id)

    def create_nik_key(self, ledger_id: UUID) -> None:
        folder = self.folder(ledger_id)
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as error:
            raise InvalidInput(
                f"the key store {self.root} cannot hold this ledger's keys ({error.strerror}); "
                "set PEKSOS_KEYS to a folder",
                [{"field": "PEKSOS_KEYS", "message": str(error)}],
            ) from None
        path = folder / "nik-index.key"
        # O_EXCL: never overwrite a key an existing index depends on.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))

    def nik_key(self, ledger_id: UUID) -> bytes:
        path = self.folder(ledger_id) / "nik-index.key"
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise NotAuthorised(
                f"this machine holds no NIK-index key for ledger {ledger_id} (looked in "
                f"{path}); copy the ledger's key folder here or set PEKSOS_KEYS",
                {"key": str(path)},
            ) from None
