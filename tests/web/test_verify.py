"""``/verify`` and ``/api/v1/verify``: a pasted credential's verdict, checked against the
issuers' keys and the ledger, as ``certificate verify`` checks it; the status lists served
with the Cache-Control of their ttl."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.cli.helpers import LSP, make_eligible, ok, register_member, setup_ledger

pytestmark = pytest.mark.e2e


@pytest.fixture
def certified(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """A member certified today: (certificate number, its exported credential)."""
    monkeypatch.setenv("PEKSOS_DB", str(tmp_path / "ledger.sqlite"))
    monkeypatch.setenv("PEKSOS_KEYS", str(tmp_path / "keys"))
    setup_ledger()
    reg = register_member(name="Sri Wahyuningsih")
    make_eligible(reg, field="anak", level="generalis")
    certified = ok("--as", LSP, "--json", "certify", reg, "--field", "anak", "--level", "generalis")
    number = certified.json["certificate_no"]
    return number, ok("--as", LSP, "certificate", "export", number).stdout.strip()


@pytest.fixture
def client(certified: tuple[str, str], tmp_path: Path) -> Iterator[TestClient]:
    from commands.bootstrap import open_ledger
    from commands.web.app import create_app

    db = str(tmp_path / "ledger.sqlite")
    with TestClient(create_app(lambda: open_ledger(db))) as c:
        yield c


def verdict(client: TestClient, token: str) -> dict[str, object]:
    answer = client.post("/api/v1/verify", json={"credential": token})
    assert answer.status_code == 200, answer.text
    result: dict[str, object] = answer.json()
    return result


def altered(token: str, **claims: str) -> str:
    """The token with claims of its subject changed and its signature kept."""
    header, payload, signature = token.split(".")
    document = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    document["credentialSubject"].update(claims)
    changed = base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()
    return f"{header}.{changed}.{signature}"


def test_a_genuine_credential_is_valid(client: TestClient, certified: tuple[str, str]) -> None:
    number, token = certified
    result = verdict(client, token)
    assert result["verdict"] == "valid"
    assert result["credential"]["certificate_no"] == number  # type: ignore[index]
    page = client.post("/verify", data={"credential": token}).text
    assert "Asli dan berlaku" in page and number in page


def test_an_altered_credential_is_said_altered(
    client: TestClient, certified: tuple[str, str]
) -> None:
    result = verdict(client, altered(certified[1], level="spesialis"))
    assert result["verdict"] == "altered" and result["reasons"]
    assert "Diubah" in client.post("/verify", data={"credential": altered(certified[1])}).text


def test_a_revoked_credential_is_genuine_but_revoked(
    client: TestClient, certified: tuple[str, str]
) -> None:
    number, token = certified
    ok("--as", LSP, "certificate", "revoke", number, "--reason", "ethics ruling 4/2026")
    result = verdict(client, token)
    assert result["verdict"] == "revoked", result
    assert "dicabut" in client.post("/verify", data={"credential": token}).text


@pytest.mark.parametrize("pasted", ["", "hello", "a.b.c", "e30.e30.e30"])
def test_anything_else_is_not_a_credential(client: TestClient, pasted: str) -> None:
    assert verdict(client, pasted)["verdict"] in ("unreadable", "altered")


def test_a_pasted_credential_too_long_is_refused_by_the_schema(client: TestClient) -> None:
    assert client.post("/api/v1/verify", json={"credential": "x" * 30_000}).status_code == 400


@pytest.mark.parametrize("purpose", ["revocation", "suspension"])
def test_the_status_lists_are_signed_and_cached_for_their_ttl(
    client: TestClient, purpose: str
) -> None:
    answer = client.get(f"/status/{purpose}")
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "public, max-age=86400"
    assert answer.headers["content-type"].startswith("application/vc+jwt")
    payload = answer.text.split(".")[1]
    document = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert document["credentialSubject"]["statusPurpose"] == purpose
    assert client.get("/status/other").status_code == 400


def test_a_member_whose_history_was_edited_in_the_store_is_not_shown(
    client: TestClient, certified: tuple[str, str], tmp_path: Path
) -> None:
    """Training hours raised in the SQLite file behind the server's back: the member's page
    and API refuse (integrity failure), and say nothing of the member."""
    import sqlite3

    from ledger.numbers import member_id

    number, _ = certified
    reg = client.get("/api/v1/search", params={"q": number}).json()["found"][0]["registration_no"]
    with sqlite3.connect(tmp_path / "ledger.sqlite") as con:
        edited = con.execute(
            "UPDATE stored_events SET state = CAST(replace(CAST(state AS TEXT), "
            '\'"hours":"160"\', \'"hours":"1600"\') AS BLOB) '
            "WHERE originator_id = ? AND topic LIKE '%:TrainingLogged'",
            (member_id(reg).hex,),
        ).rowcount
    assert edited == 1
    answer = client.get(f"/api/v1/members/{reg}")
    assert (answer.status_code, answer.json()["error"]["code"]) == (409, "integrity_failure")
    page = client.get(f"/members/{reg}")
    assert page.status_code == 409 and "Sri Wahyuningsih" not in page.text


def test_a_seal_forged_in_the_store_after_the_member_was_shown_is_seen(
    client: TestClient, certified: tuple[str, str], tmp_path: Path
) -> None:
    """The signature of the journal entry sealing the member's certificate changed in the
    SQLite file after their page was shown (and the server had read that seal): the next
    read refuses. (A server that trusted a member's own records as long as they were the
    same bytes showed it.)"""
    import sqlite3

    import orjson

    from ledger.numbers import member_id

    number, _ = certified
    reg = client.get("/api/v1/search", params={"q": number}).json()["found"][0]["registration_no"]
    assert client.get(f"/api/v1/members/{reg}").status_code == 200
    with sqlite3.connect(tmp_path / "ledger.sqlite") as con:
        rowid, state = con.execute(
            "SELECT rowid, state FROM stored_events WHERE topic LIKE '%:SaveSealed' "
            "AND instr(CAST(state AS TEXT), ?) > 0 ORDER BY rowid DESC LIMIT 1",
            (str(member_id(reg)),),
        ).fetchone()
        entry = orjson.loads(state)
        signature = entry["seal"]["signature"]
        entry["seal"]["signature"] = ("B" if signature[0] == "A" else "A") + signature[1:]
        con.execute(
            "UPDATE stored_events SET state = ? WHERE rowid = ?", (orjson.dumps(entry), rowid)
        )
    answer = client.get(f"/api/v1/members/{reg}")
    assert (answer.status_code, answer.json()["error"]["code"]) == (409, "integrity_failure")


# --- a printed credential, uploaded as its PDF or as a photo of its QR code -----------------


@pytest.fixture
def printed(certified: tuple[str, str], tmp_path: Path) -> bytes:
    """The PDF ``certificate print`` makes (a second issuance of the same certificate)."""
    out = tmp_path / "certificate.pdf"
    ok("--as", LSP, "certificate", "print", certified[0], "--out", str(out))
    return out.read_bytes()


def uploaded(client: TestClient, name: str, content: bytes, media: str) -> str:
    answer = client.post("/verify", files={"upload": (name, content, media)})
    return answer.text


def test_the_printed_pdf_uploaded_is_verified(
    client: TestClient, certified: tuple[str, str], printed: bytes
) -> None:
    page = uploaded(client, "certificate.pdf", printed, "application/pdf")
    assert "Asli dan berlaku" in page and certified[0] in page


def test_a_photo_of_the_printed_qr_code_is_verified(
    client: TestClient, certified: tuple[str, str], printed: bytes
) -> None:
    """The page as a phone sees it: at 200 dpi, turned 3 degrees, saved as a JPEG."""
    import io

    import pypdfium2
    from PIL import Image

    document = pypdfium2.PdfDocument(printed)
    page = document[0].render(scale=200 / 72).to_pil()
    photo = page.rotate(3, Image.Resampling.BICUBIC, expand=True, fillcolor="white")
    document.close()
    jpeg = io.BytesIO()
    photo.convert("RGB").save(jpeg, "JPEG", quality=85)
    page = uploaded(client, "photo.jpg", jpeg.getvalue(), "image/jpeg")
    assert "Asli dan berlaku" in page and certified[0] in page


def test_a_revoked_printed_credential_uploaded_is_said_revoked(
    client: TestClient, certified: tuple[str, str], printed: bytes
) -> None:
    ok("--as", LSP, "certificate", "revoke", certified[0], "--reason", "ethics ruling 4/2026")
    assert "dicabut" in uploaded(client, "certificate.pdf", printed, "application/pdf")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"%PDF-1.4 not really", "not a readable PDF"),
        (b"plain text, not an image", "neither a PDF nor an image"),
        ("blank", "no QR code"),
    ],
)
def test_an_upload_without_a_readable_qr_code_is_said_so(
    client: TestClient, content: bytes | str, says: str
) -> None:
    import io

    from PIL import Image

    if content == "blank":
        blank = io.BytesIO()
        Image.new("L", (400, 400), 255).save(blank, "PNG")
        content = blank.getvalue()
    assert isinstance(content, bytes)
    answer = client.post(
        "/verify",
        files={"upload": ("file", content, "application/octet-stream")},
        params={"lang": "en"},
    )
    assert answer.status_code == 400 and says in answer.text
    assert "Traceback" not in answer.text
