"""A Merkle tree over event hashes in log order, in the shape of RFC 9162 (Certificate
Transparency 2.0), section 2.1: the tree head, inclusion proofs and consistency proofs.

Leaves are the events' SHA-256 hashes (ledger/integrity.py); ``MTH`` hashes a leaf as
SHA-256(0x00 || leaf) and a node as SHA-256(0x01 || left || right), splitting n leaves at k,
the largest power of two smaller than n. Written out rather than taken from ``pymerkle``: that
library keeps a Python object per node (about 500 bytes a leaf at a million events); here a
leaf is 32 bytes. The tests check both against each other and against the RFC's algorithms.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache

EMPTY = hashlib.sha256(b"").digest()
HASH_SIZE = 32  # SHA-256


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class MerkleTree:
    """The tree over ``entries`` (each a 32-byte event hash), in order."""

    def __init__(self, entries: Sequence[bytes]) -> None:
        self.entries = list(entries)
        self.leaves = [leaf_hash(e) for e in self.entries]
        self._cache = lru_cache(maxsize=1 << 16)(self._subtree)

    @property
    def size(self) -> int:
        return len(self.leaves)

    def root(self, size: int | None = None) -> bytes:
        """MTH(D[0:size]): the tree head of the first ``size`` entries."""
        size = self.size if size is None else size
        return EMPTY if size == 0 else self._cache(0, size)

    def _subtree(self, start: int, end: int) -> bytes:
        if end - start == 1:
            return self.leaves[start]
        k = _split(end - start)
        return node_hash(self._cache(start, start + k), self._cache(start + k, end))

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """PATH(m, D[0:size]) (RFC 9162, 2.1.3.1)."""
        size = self.size if size is None else size
        if not 0 <= index < size <= self.size:
            raise ValueError(f"no leaf {index} in a tree of {size}")
        return self._path(index, 0, size)

    def _path(self, m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = _split(n)
        if m < k:
            return [*self._path(m, start, start + k), self._cache(start + k, end)]
        return [*self._path(m - k, start + k, end), self._cache(start, start + k)]

    def consistency_proof(self, old_size: int, size: int | None = None) -> list[bytes]:
        """PROOF(m, D[0:size]) (RFC 9162, 2.1.4.1)."""
        size = self.size if size is None else size
        if not 0 < old_size <= size <= self.size:
            raise ValueError(f"no consistency proof from {old_size} to {size}")
        return self._subproof(old_size, 0, size, True)

    def _subproof(self, m: int, start: int, end: int, complete: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if complete else [self._cache(start, end)]
        k = _split(n)
        if m <= k:
            return [*self._subproof(m, start, start + k, complete), self._cache(start + k, end)]
        return [*self._subproof(m - k, start + k, end, False), self._cache(start, start + k)]


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162, 2.1.3.2: does ``proof`` put the leaf hash at ``index`` under ``root``? A
    leaf hash that is not a SHA-256 digest proves nothing (as transparency-dev/merkle)."""
    if index >= size or len(leaf) != HASH_SIZE:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(
    old_size: int, size: int, old_root: bytes, root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162, 2.1.4.2: is the tree of ``size`` an append-only extension of ``old_size``?
    Needs 0 < old_size: from the empty tree there is nothing to prove (transparency-dev/merkle
    rejects it too; ``audit verify --against`` compares an empty digest's root itself)."""
    if old_size == 0:
        return False
    if old_size == size:
        return old_root == root and not proof
    if not 0 < old_size < size or not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    fn, sn = old_size - 1, size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == root


class Frontier:
    """The tree head kept up to date leaf by leaf: the roots of the perfect subtrees the
    leaves so far make up, largest first (a "compact range" of the whole tree), so the next
    tree head costs the new leaves only, not the whole log."""

    def __init__(self, size: int = 0, roots: Sequence[bytes] = ()) -> None:
        if len(roots) != size.bit_count():
            raise ValueError(f"a tree of {size} leaves has {size.bit_count()} subtree roots")
        self.size, self.roots = size, list(roots)

    def append(self, entry: bytes) -> None:
        node, self.size = leaf_hash(entry), self.size + 1
        # each trailing 0 bit of the new size is a pair of equal subtrees to merge
        merges = (self.size & -self.size).bit_length() - 1
        for _ in range(merges):
            node = node_hash(self.roots.pop(), node)
        self.roots.append(node)

    def root(self) -> bytes:
        """MTH of the leaves so far: the subtree roots folded from the right."""
        if not self.roots:
            return EMPTY
        node = self.roots[-1]
        for left in reversed(self.roots[:-1]):
            node = node_hash(left, node)
        return node
