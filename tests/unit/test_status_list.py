"""The Bitstring Status List v1.0 encoding: the specification's own example decodes, every
list round-trips, and a short or malformed list is refused."""

from __future__ import annotations

import base64
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger import status_list
from ledger.status_list import MINIMUM, StatusListError

# The example of w3c/vc-bitstring-status-list (index.html, "BitstringStatusListCredential"):
# 131,072 entries, none set; the 2023 First Public Working Draft printed it without the "u".
SPEC_EXAMPLE = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
FPWD_EXAMPLE = SPEC_EXAMPLE[1:]
# Its EXPLAINER.md shows a second list with one character too many: no base64url at all.
EXPLAINER_TYPO = "uH4sIAAAAAAAAA-3BMQEAAADAAAAAAAAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


@pytest.mark.parametrize("encoded", [SPEC_EXAMPLE, FPWD_EXAMPLE])
def test_the_specifications_example_decodes_to_131072_clear_entries(encoded: str) -> None:
    bitstring = status_list.decode(encoded)
    assert len(bitstring) * 8 == MINIMUM
    assert not any(bitstring)
    assert status_list.decode(status_list.encode([])) == bitstring  # the same list, encoded here


@settings(max_examples=60, deadline=None)
@given(
    length=st.sampled_from([MINIMUM, 2 * MINIMUM, MINIMUM + 8]),
    data=st.data(),
)
def test_every_list_round_trips(length: int, data: st.DataObject) -> None:
    indexes = data.draw(st.sets(st.integers(0, length - 1), max_size=50))
    bitstring = status_list.decode(status_list.encode(indexes, length))
    assert len(bitstring) * 8 == length
    assert {i for i in range(length) if status_list.is_set(bitstring, i)} == indexes


def test_the_first_index_is_the_leftmost_bit() -> None:
    bitstring = status_list.decode(status_list.encode([0, 9]))
    assert bitstring[:2] == bytes([0b1000_0000, 0b0100_0000])


def test_a_list_shorter_than_131072_entries_is_refused() -> None:
    short = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(MINIMUM // 8 - 1))).decode()
    with pytest.raises(StatusListError, match="fewer than the 131,072 required"):
        status_list.decode(short.rstrip("="))
    with pytest.raises(StatusListError, match="at least 131,072"):
        status_list.encode([], MINIMUM - 8)


@pytest.mark.parametrize("encoded", [EXPLAINER_TYPO, "u", "", "uAAAA", "not a list at all"])
def test_what_is_no_list_is_refused_with_a_reason(encoded: str) -> None:
    with pytest.raises(StatusListError, match=r"not a GZIP-compressed|fewer than"):
        status_list.decode(encoded)


def test_an_index_outside_the_list_is_refused() -> None:
    bitstring = status_list.decode(SPEC_EXAMPLE)
    with pytest.raises(StatusListError, match="outside"):
        status_list.is_set(bitstring, MINIMUM)
    with pytest.raises(StatusListError, match="outside"):
        status_list.encode([MINIMUM])
