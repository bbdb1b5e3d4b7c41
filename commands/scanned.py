"""What a credential's QR code says, read from an upload: the PDF ``certificate print`` made
(its page rendered by PDFium) or a photo or scan of the code (PNG, JPEG, ...), decoded by zbar.

Decoding is the server's: a verifier with only a phone photo of the paper needs no app. The
text found is verified like a pasted credential; nothing of the upload is kept.
"""

from __future__ import annotations

import io
from typing import Any

from ledger.errors import InvalidInput
from ledger.wording import said

DPI = 200  # the printed QR's modules are about 0.5 mm: 4 pixels each at 200 dpi
LARGEST = 4000  # pixels on the long side a photo is reduced to before decoding
FIELD = [{"field": "upload", "message": "a PDF or an image with a QR code"}]


def qr_text(content: bytes) -> str:
    """The text of the first QR code on the upload's first page (or in its image)."""
    try:
        from pyzbar import pyzbar
    except ImportError:  # the zbar library (libzbar0) is not installed on this server
        raise InvalidInput(
            said("this server cannot read QR codes: paste the credential's text instead"),
            [{"field": "upload", "message": "zbar is not installed"}],
        ) from None
    image = _pdf_page(content) if content[:5] == b"%PDF-" else _image(content)
    for found in pyzbar.decode(image, symbols=[pyzbar.ZBarSymbol.QRCODE]):
        return bytes(found.data).decode("utf-8", errors="replace")
    raise InvalidInput(said("no QR code was found in the uploaded file"), FIELD)


def _pdf_page(content: bytes) -> Any:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError:
        raise InvalidInput(said("the uploaded file is not a readable PDF"), FIELD) from None
    try:
        if len(document) == 0:
            raise InvalidInput(said("the uploaded PDF has no page"), FIELD)
        return document[0].render(scale=DPI / 72).to_pil().convert("L")
    finally:
        document.close()


def _image(content: bytes) -> Any:
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(content))
        image.thumbnail((LARGEST, LARGEST))
        return image.convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise InvalidInput(said("the uploaded file is neither a PDF nor an image"), FIELD) from None
