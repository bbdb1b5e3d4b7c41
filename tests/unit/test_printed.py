"""The printed copy of a credential: one A4 page whose QR code, rasterised and scanned back,
gives exactly what it was made to carry, and whose text names the credential and its holder.

The checks go through poppler (pdfinfo, pdftotext, pdftoppm) and zbar (zbarimg), outside
Python, as a reader of the paper would; they are skipped where those tools are not installed."""

from __future__ import annotations

import random
import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commands.printed import Line, Printable, _latin1, render
from tests.paper import require_tools, run_tool, scan_qr


def _token(length: int = 1500, seed: int = 2011) -> str:
    """A compact-JWS-shaped ASCII string: three base64url parts joined by dots."""
    rnd = random.Random(seed)
    alphabet = string.ascii_letters + string.digits + "-_"
    header, signature = 110, 86
    payload = length - header - signature - 2
    return ".".join(
        "".join(rnd.choice(alphabet) for _ in range(n)) for n in (header, payload, signature)
    )


def _doc(holder: str, qr: str) -> Printable:
    return Printable(
        title_id="Sertifikat Kompetensi Pekerja Sosial",
        title_en="Social Work Competence Certificate",
        number="CERT-2011-00001",
        issuer="LSP Pekerjaan Sosial",
        lines=(
            Line("Nama pemegang", "Holder", holder),
            Line("Nomor registrasi", "Registration number", "PS-2009-00042"),
            Line("Bidang", "Field", "Pekerjaan sosial klinis"),
            Line("Jenjang", "Level", "Madya"),
            Line("Aturan", "Rule set", "permensos-108-2009"),
            Line("Berlaku sejak", "Valid from", "3 Maret 2011"),
            Line("Berlaku sampai", "Valid until", "2 Maret 2016"),
            Line("Berdasarkan", "Rests on", "Uji kompetensi EXAM-2011-00007, lulus"),
        ),
        qr=qr,
        verify_hint_id=(
            "Pindai kode QR dengan aplikasi pemeriksa, atau jalankan: "
            "peksos certificate verify CERT-2011-00001"
        ),
        verify_hint_en=(
            "Scan the QR code with a verifier app, or run: "
            "peksos certificate verify CERT-2011-00001"
        ),
    )


@pytest.fixture(scope="module")
def tools() -> None:
    require_tools()


@pytest.mark.parametrize(
    ("holder", "ascii_holder"),
    [
        (
            "Ni Luh Putu Ayu Kusumawati Dewi Sekar Arum Lestari Ningrum",
            "Ni Luh Putu Ayu Kusumawati Dewi Sekar Arum Lestari Ningrum",
        ),
        ("Andi Ma’ruf Amin", "Andi Ma'ruf Amin"),
    ],
)
def test_the_printed_page_scans_back_to_its_token(
    tools: None, tmp_path: Path, holder: str, ascii_holder: str
) -> None:
    doc = _doc(holder, _token())
    pdf = tmp_path / "credential.pdf"
    pdf.write_bytes(render(doc))

    info = run_tool("pdfinfo", pdf)
    assert re.search(r"^Pages:\s+1$", info, re.M)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size is not None
    assert abs(float(size[1]) - 595) < 2 and abs(float(size[2]) - 842) < 2

    text = " ".join(run_tool("pdftotext", "-layout", pdf, "-").split())
    for expected in (doc.number, ascii_holder, doc.title_id, doc.title_en):
        assert expected in text

    assert scan_qr(pdf, tmp_path) == doc.qr


def test_a_short_link_scans_back_too(tools: None, tmp_path: Path) -> None:
    doc = _doc("Ratna Sari", "https://peksos.example/v/CERT-2011-00001")
    pdf = tmp_path / "credential.pdf"
    pdf.write_bytes(render(doc))
    assert scan_qr(pdf, tmp_path) == doc.qr


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Ma’ruf", "Ma'ruf"),
        ("“Bu” – Siti…", '"Bu" - Siti...'),
        ("Łukasz Šťastný", "Lukasz Stastný"),
        ("Gédé Réné", "Gédé Réné"),  # latin-1 stays as it is
        ("a\tb\r\nc\x00d", "a b\ncd"),
        ("王", ""),
    ],
)
def test_text_is_brought_into_latin_1(text: str, shown: str) -> None:
    assert _latin1(text) == shown
    _latin1(text).encode("latin-1")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.text(), holder=st.text(max_size=80))
def test_odd_text_never_stops_the_page(value: str, holder: str) -> None:
    doc = _doc(holder, "https://peksos.example/v/CERT-2011-00001")
    doc = Printable(
        **{**doc.__dict__, "lines": (*doc.lines, Line("Catatan", "Note", value))},
    )
    assert render(doc).startswith(b"%PDF")


def test_a_long_value_wraps_and_stays_on_one_page(tools: None, tmp_path: Path) -> None:
    long = " ".join(["Pekerjaan sosial dengan anak dan keluarga"] * 12)
    doc = _doc("Ratna Sari", _token())
    doc = Printable(**{**doc.__dict__, "lines": (*doc.lines, Line("Catatan", "Note", long))})
    pdf = tmp_path / "credential.pdf"
    pdf.write_bytes(render(doc))
    assert re.search(r"^Pages:\s+1$", run_tool("pdfinfo", pdf), re.M)
