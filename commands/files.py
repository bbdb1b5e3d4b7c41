"""Files a command reads or writes, handled safely.

A file read (a token, a status list, a JWK Set, a digest, a legacy list) is read up to a cap:
``/dev/zero`` or a wrong file of gigabytes is refused, not read until memory runs out.

A file written (``--report``, ``--out``) is written safely.

An output path is refused when it is a symbolic link (it would write wherever the link points),
the ledger's own store or its key store (a typo would destroy the ledger or its keys), a folder,
or a file that exists, unless ``--force``. The file is made before the command's work, so a path
that cannot be written refuses the command before anything is recorded, and filled in a
temporary file beside it that replaces the target only once the work is done: a reader never
sees half a file, and a failed command leaves none.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING

from ledger.errors import InvalidInput, NotFound
from ledger.wording import said

if TYPE_CHECKING:
    from ledger.application import Ledger


SMALL = 2**20  # bytes: a token, a status list, a JWK Set or a digest is a few KB
LEGACY_LIST = 256 * 2**20  # bytes: a national list of 200,000 members is some 40 MB


def read_capped(path: Path, option: str, limit: int = SMALL) -> bytes:
    """The file's bytes, at most ``limit`` of them (InvalidInput if it holds more); OSError
    (FileNotFoundError, ...) for the caller to name."""
    with path.open("rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        size = f"{limit:,}"
        why = f"holds more than {size} bytes: not the file this expects"
        words = said(
            "{option} {path} holds more than {limit} bytes: not the file this expects",
            option=option,
            path=path,
            limit=size,
        )
        raise InvalidInput(words, [{"field": option, "message": why}])
    return data


def read_text(path: Path, option: str, limit: int = SMALL) -> str:
    """A small text file the user named (a token, a status list), as ``FILE`` errors say:
    NotFound if it is not there, InvalidInput if it cannot be read or is too large."""
    try:
        return read_capped(path, option, limit).decode("utf-8", errors="replace")
    except FileNotFoundError:
        raise NotFound(said("no file {path}", path=path)) from None
    except OSError as error:
        why = str(error.strerror)
        words = said("{option} {path}: {why}", option=option, path=path, why=why)
        raise InvalidInput(words, [{"field": option, "message": why}]) from None


def _protected(ledger: Ledger) -> list[Path]:
    """What no output may overwrite: the store's file (SQLite) and the key store."""
    store = [Path(ledger.store.location)] if ledger.store.backend == "sqlite" else []
    return [*store, ledger.keys.root]


@contextmanager
def output_file(path: Path, ledger: Ledger, *, option: str, force: bool) -> Iterator[IO[bytes]]:
    """A binary file to fill; it becomes ``path`` when the block ends without an error."""

    def refuse(why: str) -> InvalidInput:
        words = said("{option} {path}: {why}", option=option, path=path, why=why)
        return InvalidInput(words, [{"field": option, "message": why}])

    if path.is_symlink():
        raise refuse(said("is a symbolic link; name the file itself"))
    target = path.resolve()
    for kept in _protected(ledger):
        kept = kept.resolve()
        journal = target.name.startswith(f"{kept.name}-") and target.parent == kept.parent
        if target == kept or kept in target.parents or journal:
            raise refuse(said("is the ledger's own store or key store; write somewhere else"))
    if target.is_dir():
        raise refuse(said("is a folder; name a file"))
    if target.exists() and not force:
        raise refuse(said("exists; pass --force to replace it"))
    try:
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as error:
        raise refuse(str(error.strerror)) from None
    try:
        with os.fdopen(handle, "wb") as file:
            yield file
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)
