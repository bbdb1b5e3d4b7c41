"""Reading the whole log for ``audit verify``, ``audit digest`` and ``audit prove``.

Verification splits the streams between two processes (both cores): each reads the whole log,
decodes only its own streams (and the roster, and the seals of the others), and checks them
with ``ledger.verification.Verifier``; the failures are merged.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator
from typing import Any
from uuid import UUID

import orjson
from pydantic import ValidationError

from ledger.application import Ledger
from ledger.errors import IntegrityFailure, InvalidInput, NotFound, Refused
from ledger.integrity import Seal, recorded_at, stored_hash
from ledger.merkle import Frontier, MerkleTree, verify_consistency
from ledger.numbers import JOURNAL_ID, ROSTER_ID
from ledger.partition import partition
from ledger.storage.log import notifications, stored_records, stream_records
from ledger.storage.store import Store
from ledger.tree_head import signature_problem, tree_head
from ledger.verification import SealMemo, Verifier
from ledger.wording import said

PARALLEL_FROM = 20_000  # events; below this one process is quicker than starting another


def _verify_part(ledger: Ledger, part: int, parts: int) -> Verifier:
    """Verify one partition of the streams, reading the stored records as they are."""
    mine = partition(parts, part)
    verifier = Verifier(mine=mine)
    roster = str(ROSTER_ID)
    for sid, version, topic, raw in stored_records(ledger, part, parts):
        is_mine = mine(sid)
        if not (is_mine or sid == roster or b'"seal":null' not in raw):
            continue  # another verifier's stream, carrying no seal of interest (not on SQLite)
        _feed(verifier, sid, version, topic, raw, is_mine=is_mine, is_roster=sid == roster)
    verifier.finish()
    return verifier


def _feed(
    verifier: Verifier,
    sid: str,
    version: int,
    topic: str,
    raw: bytes,
    *,
    is_mine: bool,
    is_roster: bool,
    checks_seal: bool | None = None,
) -> None:
    """One stored record, as stored, to ``verifier``: the roster's keys and roles, the
    record's own checks if it is one of the verifier's streams, and the seal it carries
    (whose signature is checked by whoever checks its carrier, or when ``checks_seal``)."""
    memo, digest = verifier.memo, b""
    if checks_seal and not (is_mine or is_roster) and memo.limit:  # a journal entry, as read
        digest = hashlib.sha256(raw).digest()
        if (known := memo.read.get(digest)) is not None:
            carrier = (sid, version, known[0], known[1])
            verifier.seal(carrier, known[2], carrier_is_mine=True, message=known[3])
            return
    try:
        s = orjson.loads(raw)
        normal = isinstance(s, dict) and orjson.dumps(s) == raw
    except orjson.JSONDecodeError:
        s, normal = None, False
    if not normal:
        if is_mine:
            verifier.unreadable(sid, version, "the stored bytes are not the ledger's JSON")
        return
    kind = topic.rpartition(":")[2]
    if is_roster:
        verifier.roster_record(kind, s, version)
    if is_mine:
        verifier.record(sid, version, topic, raw, s)
    if s.get("seal") is not None:
        try:
            when = recorded_at(s["timestamp"])
        except (KeyError, TypeError, ValueError):
            when = ""  # no valid time: no key was held then, so the signature fails
        carrier = (sid, version, when, s.get("events", -1))
        mine = is_mine if checks_seal is None else checks_seal
        seal, message = s["seal"], b""
        if digest:
            with contextlib.suppress(ValidationError):  # unreadable: said by the check below
                seal = Seal.model_validate(seal)
                message = hashlib.sha256(seal.message()).digest()
                memo.remember(digest, (when, carrier[3], seal, message))
        verifier.seal(carrier, seal, carrier_is_mine=mine, message=message)


def verify_stream(
    ledger: Ledger,
    stream_id: UUID,
    journal_entries: set[int],
    roster_entries: frozenset[int] | set[int] = frozenset(),
    memo: SealMemo | None = None,
) -> dict[str, Any]:
    """One stream checked as ``audit verify`` checks it: stored form, versions, hash chain,
    roles, rules, and the seals of the journal entries that cover it (``journal_entries``,
    from the read side's index of seals); ``roster_entries``, the journal entries of the
    roster's changes, say from which entry each key may sign. ``memo``: seals read and
    signatures verified by earlier checks in this process (the web register's)."""
    sid = str(stream_id)
    verifier = Verifier(mine=lambda stream: stream == sid, only=sid, memo=memo or SealMemo(limit=0))
    for version, topic, raw in stream_records(ledger, ROSTER_ID):
        _feed(verifier, str(ROSTER_ID), version, topic, raw, is_mine=False, is_roster=True)
    records = stream_records(ledger, stream_id)
    for version, topic, raw in records:
        _feed(verifier, sid, version, topic, raw, is_mine=True, is_roster=False)
    entries = sorted(set(journal_entries) | set(roster_entries))
    for version, topic, raw in stream_records(ledger, JOURNAL_ID, entries):
        _feed(verifier, str(JOURNAL_ID), version, topic, raw, is_mine=False, is_roster=False,
              checks_seal=True)  # fmt: skip
    failures = verifier.finish()
    return {
        "verified": not failures,
        "entries": len(records),
        "seals": verifier.seals - len(set(roster_entries) - set(journal_entries)),
        "failures": [f.as_dict() for f in failures],
    }


def _worker(store: Store, part: int, parts: int) -> tuple[list[dict[str, Any]], int, int]:
    with Ledger(store) as ledger:
        v = _verify_part(ledger, part, parts)
        return [f.as_dict() for f in v.failures], v.events, v.seals


def verify_ledger(
    ledger: Ledger, parts: int | None = None, alongside: Callable[[], None] | None = None
) -> dict[str, Any]:
    """Every stream re-checked; ``parts`` processes (default: 2 for a large log, else 1).
    ``alongside``: more work for this process while the others verify (``audit verify``
    checks the views meanwhile: the three share both cores instead of taking turns)."""
    started = time.perf_counter()
    head = ledger.event_count()
    parts = parts or (2 if head >= PARALLEL_FROM else 1)
    if parts == 1:
        v = _verify_part(ledger, 0, 1)
        results = [([f.as_dict() for f in v.failures], v.events, v.seals)]
        if alongside is not None:
            alongside()
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(parts, context) as pool:
            futures = [pool.submit(_worker, ledger.store, k, parts) for k in range(parts)]
            if alongside is not None:
                alongside()
            results = [f.result() for f in futures]
    failures = sorted(
        (f for r in results for f in r[0]),
        key=lambda f: (f["registration_no"] or "~", f["stream"], f["entry"] or 0, f["check"]),
    )
    events, seals = sum(r[1] for r in results), sum(r[2] for r in results)
    return {
        "verified": not failures,
        "events": events,
        "seals": seals,
        "streams_failing": len({f["stream"] for f in failures}),
        "failures": failures,
        "seconds": round(time.perf_counter() - started, 3),
        "processes": parts,
    }


def log_entries(ledger: Ledger, after: int = 0) -> Iterator[tuple[Any, bytes]]:
    """Every notification after log position ``after``, in log order, with its event's hash
    (the Merkle tree's leaf entry), computed from the stored form as ``audit verify`` does."""
    for n in notifications(ledger, after):
        try:
            state = orjson.loads(n.state)
            entry = stored_hash(str(n.originator_id), n.originator_version, n.topic, state)
        except (orjson.JSONDecodeError, TypeError, AttributeError):
            raise IntegrityFailure(
                said("the store holds a record that is not the ledger's JSON"),
                [f"log position {n.id}: `peksos audit verify` names it"],
            ) from None
        yield n, bytes.fromhex(entry)


def log_tree(ledger: Ledger) -> tuple[MerkleTree, list[Any]]:
    """The Merkle tree over every event hash in log order, and the notifications' ids."""
    hashes, ids = [], []
    for n, entry in log_entries(ledger):
        hashes.append(entry)
        ids.append((n.id, n.originator_id, n.originator_version))
    return MerkleTree(hashes), ids


def signed_head(ledger: Ledger, frontier: Frontier) -> dict[str, Any]:
    """The tree head of the ``frontier.size`` events so far, signed with the ledger's log key
    (held in the key store, beside the actors' keys)."""
    roster = ledger.roster()
    if roster.ledger_id is None or roster.log_key is None:
        raise Refused(
            said(
                "this ledger was made before tree heads were signed and has no log key: an "
                "admin records one with `peksos keys log-key`"
            ),
            [said("log key: none recorded", code="log_key")],
        )
    kid = roster.log_key.key_id
    key = ledger.keys.signing_key(roster.ledger_id, kid, "the ledger")
    return tree_head(roster.ledger_id, frontier.size, frontier.root(), ledger.clock(), key, kid)


def digest(ledger: Ledger) -> dict[str, Any]:
    """``audit digest``: the signed tree head of the whole log, now."""
    frontier = Frontier()
    for _, entry in log_entries(ledger):
        frontier.append(entry)
    return signed_head(ledger, frontier)


def head_problems(ledger: Ledger, head: dict[str, Any]) -> list[str]:
    """Why a signed tree head is not this ledger's: another log, a key that is not the
    ledger's log key (``audit verify --trusted-keys`` checks that key is the pinned one), or a
    signature that does not verify."""
    roster = ledger.roster()
    if head.get("log") != str(roster.ledger_id):
        return [f"the tree head is of log {head.get('log')}, not of this ledger"]
    key = roster.log_key
    if key is None or head.get("key_id") != key.key_id:
        return [f"the tree head is signed with {head.get('key_id')}, not the ledger's log key"]
    problem = signature_problem(head, key.public_key)
    return [problem] if problem else []


def check_against(ledger: Ledger, published: dict[str, Any]) -> dict[str, Any]:
    """Is today's log an append-only extension of the one ``published`` was taken of? A
    signed tree head must also carry the ledger's signature; an unsigned ``{size, root}``
    (a digest from before tree heads were signed) is checked for consistency only."""
    try:
        old_size, old_root = int(published["size"]), bytes.fromhex(published["root"])
    except (KeyError, TypeError, ValueError):
        raise InvalidInput(
            said(
                'the digest file must be the JSON `audit digest` printed: {{"size", "root", ...}}'
            ),
            [{"field": "--against", "message": "not a digest"}],
        ) from None
    signed = "signature" in published
    problems = head_problems(ledger, published) if signed else []
    signature = ("valid" if not problems else "INVALID") if signed else "none (unsigned digest)"
    tree, _ = log_tree(ledger)
    if problems:
        return {
            "consistent": False,
            "signature": signature,
            "old_size": old_size,
            "size": tree.size,
            "detail": "; ".join(problems),
        }
    if old_size > tree.size:
        return {
            "consistent": False,
            "signature": signature,
            "old_size": old_size,
            "size": tree.size,
            "detail": f"the digest covers {old_size} events; the log now has {tree.size}",
        }
    if old_size == 0:
        proof: list[bytes] = []
        ok = old_root == tree.root(0)
    else:
        proof = tree.consistency_proof(old_size)
        ok = verify_consistency(old_size, tree.size, old_root, tree.root(), proof)
    return {
        "consistent": ok,
        "signature": signature,
        "old_size": old_size,
        "old_root": old_root.hex(),
        "size": tree.size,
        "root": tree.root().hex(),
        "proof": [p.hex() for p in proof],
        "detail": "the log extends the digested one, unchanged"
        if ok
        else "the log is NOT an append-only extension of the digested one: history was rewritten",
    }


def prove_certificate(ledger: Ledger, certificate_no: str) -> dict[str, Any]:
    """Inclusion proofs for every event of the holder's stream that names the certificate."""
    member = ledger.member_holding(certificate_no, "certificate")
    touching = {
        e.originator_version
        for e in ledger.stream(member.id)
        if certificate_no in e.model_dump_json()
    }
    if not touching:
        raise NotFound(
            said("certificate {certificate_no} not found", certificate_no=certificate_no)
        )
    tree, ids = log_tree(ledger)
    proofs = []
    for index, (notification_id, stream, version) in enumerate(ids):
        if stream == member.id and version in touching:
            proofs.append(
                {
                    "leaf_index": index,
                    "notification_id": notification_id,
                    "entry": version,
                    "event_hash": tree.entries[index].hex(),
                    "inclusion_proof": [p.hex() for p in tree.inclusion_proof(index)],
                }
            )
    return {
        "certificate_no": certificate_no,
        "size": tree.size,
        "root": tree.root().hex(),
        "leaves": proofs,
    }
