"""The ledger digest's Merkle tree (RFC 9162, section 2.1) and the canonical encoding (RFC 8785).

``ledger.merkle`` is checked three ways: against an MTH, PATH and PROOF written out below from
the RFC's recursive definitions (brute force, no caching, nothing shared with the module),
against ``pymerkle``'s InmemoryTree (sha256, security on: the same 0x00/0x01 prefixes), and
by the RFC's verification algorithms it implements, which must accept every honest proof and
reject every proof against a rewritten history.
"""

from __future__ import annotations

import base64
import hashlib
import json
from itertools import combinations_with_replacement
from pathlib import Path

import pytest
import rfc8785
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pymerkle import InclusionProof, InmemoryTree, verify_consistency, verify_inclusion
from pymerkle.proof import InvalidProof

from ledger import merkle
from ledger.integrity import canonical

# --- RFC 9162, 2.1.1 to 2.1.4, written out from the text ------------------------------------


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def k_of(n: int) -> int:
    """The largest power of two smaller than n (n > 1)."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(d: list[bytes]) -> bytes:
    """MTH(D[n]) (2.1.1)."""
    if not d:
        return sha256(b"")
    if len(d) == 1:
        return sha256(b"\x00" + d[0])
    k = k_of(len(d))
    return sha256(b"\x01" + mth(d[:k]) + mth(d[k:]))


def path(m: int, d: list[bytes]) -> list[bytes]:
    """PATH(m, D[n]) (2.1.3.1)."""
    if len(d) == 1:
        return []
    k = k_of(len(d))
    if m < k:
        return [*path(m, d[:k]), mth(d[k:])]
    return [*path(m - k, d[k:]), mth(d[:k])]


def proof(m: int, d: list[bytes]) -> list[bytes]:
    """PROOF(m, D[n]) = SUBPROOF(m, D[n], true) (2.1.4.1)."""

    def subproof(m: int, d: list[bytes], b: bool) -> list[bytes]:
        if m == len(d):
            return [] if b else [mth(d)]
        k = k_of(len(d))
        if m <= k:
            return [*subproof(m, d[:k], b), mth(d[k:])]
        return [*subproof(m - k, d[k:], False), mth(d[:k])]

    return subproof(m, d, True)


def flip(digest: bytes, bit: int = 0) -> bytes:
    return bytes([digest[0] ^ (1 << bit)]) + digest[1:]


def rewritten(entries: list[bytes], index: int) -> list[bytes]:
    return [*entries[:index], sha256(b"rewritten" + entries[index]), *entries[index + 1 :]]


LEAF = st.binary(min_size=32, max_size=32)


def _random_leaves(size: int, seed: bytes) -> list[bytes]:
    return [sha256(seed + i.to_bytes(2, "big")) for i in range(size)]


# Random ledgers of 1 to 70 event hashes: drawn leaf by leaf (hypothesis keeps these short
# and shrinks them well), or a size drawn uniformly and leaves from a random seed.
LEDGERS = st.one_of(
    st.lists(LEAF, min_size=1, max_size=70, unique=True),
    st.builds(_random_leaves, st.integers(1, 70), st.binary(min_size=16, max_size=16)),
)
SEVENTY = _random_leaves(70, b"seventy events, ")  # the largest, always tried


def pymerkle_tree(entries: list[bytes]) -> InmemoryTree:
    tree = InmemoryTree(algorithm="sha256")  # security (0x00 / 0x01 prefixes) is on
    for entry in entries:
        tree.append_entry(entry)
    return tree


# --- roots ------------------------------------------------------------------------------------


def test_the_empty_tree_and_a_single_leaf_follow_the_rfc() -> None:
    leaf = bytes(range(32))
    assert merkle.MerkleTree([]).root() == hashlib.sha256(b"").digest()
    assert merkle.MerkleTree([leaf]).root() == hashlib.sha256(b"\x00" + leaf).digest()
    two = merkle.MerkleTree([leaf, leaf[::-1]]).root()
    left, right = sha256(b"\x00" + leaf), sha256(b"\x00" + leaf[::-1])
    assert two == sha256(b"\x01" + left + right)


@settings(max_examples=30, deadline=None)
@given(entries=LEDGERS)
@example(entries=SEVENTY)
def test_every_prefix_root_equals_the_rfc_mth_and_pymerkle(entries: list[bytes]) -> None:
    tree = merkle.MerkleTree(entries)
    reference = pymerkle_tree(entries)
    assert tree.size == len(entries)
    assert tree.root() == mth(entries)
    for size in range(len(entries) + 1):
        root = tree.root(size)
        assert root == mth(entries[:size]), size
        assert root == reference.get_root(size), size
        assert root == merkle.MerkleTree(entries[:size]).root(), size


@settings(max_examples=30, deadline=None)
@given(entries=LEDGERS, cut=st.integers(min_value=0))
@example(entries=SEVENTY, cut=64)
def test_a_frontier_resumed_anywhere_keeps_the_rfc_root(entries: list[bytes], cut: int) -> None:
    """The tree heads of ``--sth-dir`` are kept leaf by leaf, resuming from the subtree roots
    of the last one: after every leaf the root is the RFC's MTH of the leaves so far."""
    cut = cut % (len(entries) + 1)
    frontier = merkle.Frontier()
    for size, entry in enumerate(entries, start=1):
        if size - 1 == cut:  # stored and read back, as the folder's frontier.json is
            frontier = merkle.Frontier(frontier.size, list(frontier.roots))
        frontier.append(entry)
        assert frontier.root() == mth(entries[:size]), size
    assert frontier.root() == mth(entries)
    assert len(frontier.roots) == len(entries).bit_count()


def test_a_frontier_whose_roots_do_not_fit_its_size_is_refused() -> None:
    with pytest.raises(ValueError, match="subtree roots"):
        merkle.Frontier(3, [bytes(32)])


# --- inclusion --------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(entries=LEDGERS)
@example(entries=SEVENTY)
def test_inclusion_proofs_verify_for_every_leaf_of_every_prefix(entries: list[bytes]) -> None:
    tree = merkle.MerkleTree(entries)
    reference = pymerkle_tree(entries)
    for size in range(1, len(entries) + 1):
        root = tree.root(size)
        for index in range(size):
            leaf = merkle.leaf_hash(entries[index])
            audit_path = tree.inclusion_proof(index, size)
            assert audit_path == path(index, entries[:size]), (index, size)
            assert merkle.verify_inclusion(index, size, leaf, audit_path, root), (index, size)
            # pymerkle's inclusion proof is the leaf hash followed by the RFC's audit path
            # (bottom up), with a "rule" of sides that depends only on (index, size): take
            # the rule pymerkle itself would use and verify the ledger's path with it.
            rule = reference.prove_inclusion(index + 1, size).rule
            theirs = InclusionProof("sha256", True, size, index + 1, rule, [leaf, *audit_path])
            verify_inclusion(leaf, root, theirs, index=index + 1, size=size)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), entries=LEDGERS)
def test_inclusion_proofs_fail_for_anything_else(data: st.DataObject, entries: list[bytes]) -> None:
    tree = merkle.MerkleTree(entries)
    size = data.draw(st.integers(1, len(entries)), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    root, leaf = tree.root(size), merkle.leaf_hash(entries[index])
    audit_path = tree.inclusion_proof(index, size)
    assert merkle.verify_inclusion(index, size, leaf, audit_path, root)

    # another leaf, another root, or one bit of the path changed
    other = merkle.leaf_hash(sha256(b"not" + entries[index]))
    assert not merkle.verify_inclusion(index, size, other, audit_path, root)
    assert not merkle.verify_inclusion(index, size, leaf, audit_path, flip(root))
    for position in range(len(audit_path)):
        bad = [*audit_path[:position], flip(audit_path[position]), *audit_path[position + 1 :]]
        assert not merkle.verify_inclusion(index, size, leaf, bad, root), position
    # a wrong position, a wrong size, a path too short or too long
    if size > 1:
        wrong = data.draw(st.integers(0, size - 1).filter(lambda i: i != index), label="wrong")
        assert not merkle.verify_inclusion(wrong, size, leaf, audit_path, root)
        assert not merkle.verify_inclusion(index, size, leaf, audit_path[:-1], root)
    assert not merkle.verify_inclusion(index, size, leaf, [*audit_path, leaf], root)
    assert not merkle.verify_inclusion(size, size, leaf, audit_path, root)
    # the leaf is not in the tree once the history is rewritten there
    changed = merkle.MerkleTree(rewritten(entries, index))
    assert not merkle.verify_inclusion(index, size, leaf, audit_path, changed.root(size))
    # pymerkle rejects what the ledger rejects
    rule = pymerkle_tree(entries[:size]).prove_inclusion(index + 1, size).rule
    forged = InclusionProof("sha256", True, size, index + 1, rule, [other, *audit_path])
    with pytest.raises(InvalidProof):
        verify_inclusion(other, root, forged, index=index + 1, size=size)


# --- consistency ------------------------------------------------------------------------------


@settings(max_examples=20, deadline=None)
@given(entries=LEDGERS)
@example(entries=SEVENTY)
def test_consistency_proofs_verify_for_every_pair_of_sizes(entries: list[bytes]) -> None:
    """For every m <= n: the ledger's PROOF(m, D[n]) is the RFC's, and verifies.

    pymerkle 7 cannot check these proofs: its consistency path has another layout than
    RFC 9162's PROOF (where the old tree is a complete left subtree it descends into the new
    right subtree down to a leaf instead of stating that subtree's MTH), so a ledger proof
    cannot be re-expressed as a pymerkle ConsistencyProof. Instead pymerkle's own proofs are
    verified against the ledger's roots, which ties the two trees' states together."""
    tree = merkle.MerkleTree(entries)
    reference = pymerkle_tree(entries)
    for m, n in combinations_with_replacement(range(1, len(entries) + 1), 2):
        consistency = tree.consistency_proof(m, n)
        assert consistency == proof(m, entries[:n]), (m, n)
        assert merkle.verify_consistency(m, n, tree.root(m), tree.root(n), consistency), (m, n)
        verify_consistency(
            tree.root(m), tree.root(n), reference.prove_consistency(m, n), m, n, "sha256"
        )


def _assert_rewrite_is_caught(entries: list[bytes], m: int, n: int, index: int) -> None:
    """A digest of size m was taken; then leaf ``index`` < m was rewritten and the log grew
    to n. No proof the rewritten log can produce convinces the verifier."""
    honest = merkle.MerkleTree(entries)
    old_root = honest.root(m)
    forged = merkle.MerkleTree(rewritten(entries, index))
    new_root = forged.root(n)
    assert not merkle.verify_consistency(m, n, old_root, new_root, forged.consistency_proof(m, n))
    # nor does the honest proof, nor any proof made for the old tree's own sizes
    assert not merkle.verify_consistency(m, n, old_root, new_root, honest.consistency_proof(m, n))
    # and the other way round: a tampered *digest* against the honest log
    assert not merkle.verify_consistency(
        m, n, forged.root(m), honest.root(n), honest.consistency_proof(m, n)
    )


@settings(max_examples=60, deadline=None)
@given(data=st.data(), entries=LEDGERS)
def test_consistency_proofs_fail_for_a_rewritten_history(
    data: st.DataObject, entries: list[bytes]
) -> None:
    n = data.draw(st.integers(1, len(entries)), label="n")
    m = data.draw(st.integers(1, n), label="m")
    index = data.draw(st.integers(0, m - 1), label="rewritten leaf")
    _assert_rewrite_is_caught(entries, m, n, index)

    tree = merkle.MerkleTree(entries)
    old_root, root = tree.root(m), tree.root(n)
    consistency = tree.consistency_proof(m, n)
    bit = data.draw(st.integers(0, 7), label="bit")
    assert not merkle.verify_consistency(m, n, flip(old_root, bit), root, consistency)
    assert not merkle.verify_consistency(m, n, old_root, flip(root, bit), consistency)
    for position in range(len(consistency)):
        bad = [*consistency[:position], flip(consistency[position]), *consistency[position + 1 :]]
        assert not merkle.verify_consistency(m, n, old_root, root, bad), position
    if consistency:
        assert not merkle.verify_consistency(m, n, old_root, root, consistency[:-1])
    assert not merkle.verify_consistency(m, n, old_root, root, [*consistency, root])


def test_every_rewrite_of_every_small_history_is_caught() -> None:
    """Exhaustively, for logs of up to 20 events: every m <= n and every leaf below m."""
    entries = [sha256(bytes([i])) for i in range(20)]
    for n in range(1, len(entries) + 1):
        for m in range(1, n + 1):
            for index in range(m):
                _assert_rewrite_is_caught(entries, m, n, index)


def test_a_shrunk_log_has_no_consistency_proof() -> None:
    tree = merkle.MerkleTree([sha256(bytes([i])) for i in range(9)])
    with pytest.raises(ValueError):
        tree.consistency_proof(10)
    with pytest.raises(ValueError):
        tree.consistency_proof(0)
    assert not merkle.verify_consistency(9, 5, tree.root(9), tree.root(5), [tree.root(5)])


# --- the canonical encoding: RFC 8785 for the ledger's value space ----------------------------

SAFE_INT = st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
TEXT = st.text(st.characters(codec="utf-8"))  # any Unicode scalar: controls, non-ASCII, astral
CONTROL = st.text(st.characters(max_codepoint=0x1F), min_size=1)
ASCII_KEY = st.text(st.characters(max_codepoint=0x7F))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | SAFE_INT | TEXT | CONTROL,
    lambda children: (
        st.lists(children, max_size=6) | st.dictionaries(ASCII_KEY, children, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(value=JSON_VALUES)
@example(value={"b": '\u2028\u2029\x7f/\\"', "a": [None, True, False, 0, -0]})
@example(value={"\x1f": 1, " ": 2, "~": 3, "A": "\x00\x08\t\n\x0b\x0c\r\x1f", "": "é😀"})
@example(value=[2**53 - 1, -(2**53) + 1, "Pekerja Sosial — anak", {"hours": "60"}])
def test_canonical_is_rfc8785(value: object) -> None:
    assert canonical(value) == rfc8785.dumps(value)


@settings(max_examples=100, deadline=None)
@given(value=st.dictionaries(ASCII_KEY, JSON_VALUES, max_size=8))
def test_canonical_does_not_depend_on_key_order(value: dict[str, object]) -> None:
    backwards = dict(reversed(list(value.items())))
    assert canonical(backwards) == canonical(value) == rfc8785.dumps(backwards)


# --- the public vectors of transparency-dev/merkle ------------------------------------------

VECTORS = json.loads(
    (Path(__file__).parent / "fixtures" / "transparency-dev-merkle-testdata.json").read_text()
)


def _b64(value: str | None) -> bytes:
    return base64.b64decode(value or "")


def _case_ids(kind: str) -> list[str]:
    return sorted(p for p in VECTORS["cases"] if p.startswith(f"testdata/{kind}/"))


@pytest.mark.parametrize("path", _case_ids("inclusion"))
def test_the_transparency_dev_inclusion_vectors_agree(path: str) -> None:
    """Every case of its testdata/inclusion (fetched once from the commit named in the
    fixture): a proof it accepts verifies here, one it rejects does not."""
    case = VECTORS["cases"][path]
    ok = merkle.verify_inclusion(
        case["leafIdx"],
        case["treeSize"],
        _b64(case["leafHash"]),
        [_b64(p) for p in case["proof"] or []],
        _b64(case["root"]),
    )
    assert ok is not case["wantErr"], (path, case["desc"])


@pytest.mark.parametrize("path", _case_ids("consistency"))
def test_the_transparency_dev_consistency_vectors_agree(path: str) -> None:
    case = VECTORS["cases"][path]
    ok = merkle.verify_consistency(
        case["size1"],
        case["size2"],
        _b64(case["root1"]),
        _b64(case["root2"]),
        [_b64(p) for p in case["proof"] or []],
    )
    assert ok is not case["wantErr"], (path, case["desc"])


def test_the_vectors_cover_both_kinds_and_their_edge_cases() -> None:
    assert VECTORS["commit"] and len(_case_ids("inclusion")) >= 80
    assert len(_case_ids("consistency")) >= 80
    assert "testdata/inclusion/single-entry/empty-leaf.json" in VECTORS["cases"]


# transparency-dev/merkle, testonly/constants.go (commit in the fixture): the RFC 6962 reference
# leaves, the root of every prefix, and the compact range (subtree roots) of every prefix.
REFERENCE_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                    "606162636465666768696a6b6c6d6e6f"]  # fmt: skip
REFERENCE_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
NODE = {  # (level, index) -> hash, for the compact ranges
    (0, 2): "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    (0, 4): "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    (0, 6): "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    (1, 2): "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
}
REFERENCE_FRONTIERS = [
    [], [REFERENCE_ROOTS[1]], [REFERENCE_ROOTS[2]], [REFERENCE_ROOTS[2], NODE[0, 2]],
    [REFERENCE_ROOTS[4]], [REFERENCE_ROOTS[4], NODE[0, 4]], [REFERENCE_ROOTS[4], NODE[1, 2]],
    [REFERENCE_ROOTS[4], NODE[1, 2], NODE[0, 6]], [REFERENCE_ROOTS[8]],
]  # fmt: skip


def test_the_reference_roots_and_compact_ranges_of_8_leaves() -> None:
    leaves = [bytes.fromhex(h) for h in REFERENCE_LEAVES]
    tree, frontier = merkle.MerkleTree(leaves), merkle.Frontier()
    for size in range(len(leaves) + 1):
        assert tree.root(size).hex() == REFERENCE_ROOTS[size], size
        assert frontier.root().hex() == REFERENCE_ROOTS[size], size
        assert [r.hex() for r in frontier.roots] == REFERENCE_FRONTIERS[size], size
        if size < len(leaves):
            frontier.append(leaves[size])
