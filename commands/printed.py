"""The printable copy of a credential: one A4 page, Bahasa Indonesia first and English below
each label, with the QR code that carries the signed credential (or a link to it).

A pure function: ``render`` takes a ``Printable`` and returns the PDF's bytes; the caller
writes the file. fpdf2 and segno are imported inside ``render`` so that importing this module
(and so starting the CLI) stays cheap.

The core PDF font (Helvetica) knows only latin-1, so every text passes through ``_latin1``
first: typographic quotes and dashes become ASCII, accented letters outside latin-1 lose their
accent, and whatever is left that latin-1 cannot hold is dropped. ``render`` never raises on
the text it is given; a page with more lines than fit even in the smallest type is refused
(``ValueError``), since the copy is one page or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from fpdf import FPDF


@dataclass(frozen=True)
class Line:
    label_id: str  # Bahasa Indonesia label, e.g. "Nama pemegang"
    label_en: str  # English label, e.g. "Holder"
    value: str


@dataclass(frozen=True)
class Printable:
    title_id: str  # e.g. "Sertifikat Kompetensi Pekerja Sosial"
    title_en: str  # e.g. "Social Work Competence Certificate"
    number: str  # e.g. "CERT-2011-00001"
    issuer: str  # e.g. "LSP Pekerjaan Sosial"
    lines: tuple[Line, ...]  # holder, registration no, field, level, rule set, validity ...
    qr: str  # what the QR code carries: a compact JWS or a URL
    verify_hint_id: str  # how to verify, in Indonesian
    verify_hint_en: str


# --- text -----------------------------------------------------------------------------------

_ASCII_FOR = str.maketrans(
    {
        "\u2018": "'",  # ‘
        "\u2019": "'",  # ’
        "\u201a": "'",  # ‚
        "\u201b": "'",  # ‛
        "\u2032": "'",  # ′
        "\u02bc": "'",  # ʼ (modifier apostrophe)
        "\u201c": '"',  # “
        "\u201d": '"',  # ”
        "\u201e": '"',  # „
        "\u2033": '"',  # ″
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # –
        "\u2014": "-",  # —
        "\u2015": "-",  # ―
        "\u2212": "-",  # minus
        "\u2026": "...",  # …
        "\u2022": "\xb7",  # bullet -> middle dot
        "\u0141": "L",  # Ł and the like, which NFKD does not take apart
        "\u0142": "l",
        "\u0110": "D",
        "\u0111": "d",
        "\u0131": "i",
        "\u0152": "OE",
        "\u0153": "oe",
        "\t": " ",
        "\r": "\n",
    }
)


def _latin1(text: str) -> str:
    """``text`` as the core PDF fonts can show it: latin-1 only, no control characters but
    the line break. Never raises."""
    text = text.replace("\r\n", "\n").translate(_ASCII_FOR)
    if all(c == "\n" or (" " <= c <= "~") or ("\xa0" <= c <= "\xff") for c in text):
        return text
    import unicodedata

    kept: list[str] = []
    for c in text:
        for part in c if c <= "\xff" else unicodedata.normalize("NFKD", c).translate(_ASCII_FOR):
            if part == "\n" or " " <= part <= "~" or "\xa0" <= part <= "\xff":
                kept.append(part)
    return "".join(kept)


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(limit - 3, 1)].rstrip() + "..."


# --- layout (millimetres, points for type) -----------------------------------------------

_PAGE_W, _PAGE_H = 210.0, 297.0
_MARGIN = 20.0
_CONTENT_W = _PAGE_W - 2 * _MARGIN
_FRAME = 10.0  # the page border's inset
_FOOTER_RULE_Y = 279.0
_QR_SIZE = 85.0  # with its quiet zone of four modules
_QR_BOTTOM = _FOOTER_RULE_Y - 4.0
_QR_TOP = _QR_BOTTOM - _QR_SIZE
_QR_X = _PAGE_W - _MARGIN - _QR_SIZE
_TABLE_END_MAX = _QR_TOP - 6.0  # the table ends above the rule over the QR block
_SIDE_W = _QR_X - _MARGIN - 10.0  # the column left of the QR: verification and issuer
_LABEL_W = 56.0
_VALUE_W = _CONTENT_W - _LABEL_W
_ROW_PAD = 1.8

_INK = (20, 20, 20)
_NAVY = (16, 42, 84)
_GREY = (105, 105, 105)
_RULE = (190, 190, 190)

_SCALES = (1.0, 0.92, 0.85, 0.78, 0.7, 0.62, 0.55)
_LIMITS = (None, 400, 200, 120, 60)


@dataclass(frozen=True)
class _Texts:
    title_id: str
    title_en: str
    number: str
    issuer: str
    lines: tuple[tuple[str, str, str], ...]
    hint_id: str
    hint_en: str

    @classmethod
    def of(cls, doc: Printable, limit: int | None) -> _Texts:
        def t(s: str) -> str:
            s = _latin1(s)
            return s if limit is None else _clip(s, limit)

        return cls(
            title_id=t(doc.title_id),
            title_en=t(doc.title_en),
            number=t(doc.number),
            issuer=t(doc.issuer),
            lines=tuple((t(x.label_id), t(x.label_en), t(x.value)) for x in doc.lines),
            hint_id=t(doc.verify_hint_id),
            hint_en=t(doc.verify_hint_en),
        )


def render(doc: Printable) -> bytes:
    """The A4 PDF, Bahasa Indonesia first and English below each label."""
    import segno
    from fpdf import FPDF

    try:
        qr = segno.make(doc.qr, error="m", micro=False)
    except segno.DataOverflowError:
        qr = segno.make(doc.qr, error="l", micro=False)  # still too long: segno says so

    for limit in _LIMITS:
        texts = _Texts.of(doc, limit)
        for scale in _SCALES:
            pdf = FPDF(orientation="portrait", unit="mm", format="A4")
            if _page(pdf, texts, scale):
                _qr(pdf, qr.matrix)
                pdf.set_title(f"{texts.title_id} {texts.number}")
                pdf.set_subject(texts.title_en)
                pdf.set_author(texts.issuer)
                pdf.set_creator("peksos")
                pdf.set_lang("id")
                return bytes(pdf.output())
    raise ValueError(f"{len(doc.lines)} lines do not fit on one A4 page")


def _page(pdf: FPDF, t: _Texts, s: float) -> bool:
    """Draw everything but the QR at type scale ``s``; False when it does not fit."""
    pdf.set_auto_page_break(False)
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.c_margin = 0
    pdf.add_page()

    # the border
    pdf.set_draw_color(*_NAVY)
    pdf.set_line_width(0.6)
    pdf.rect(_FRAME, _FRAME, _PAGE_W - 2 * _FRAME, _PAGE_H - 2 * _FRAME)
    pdf.set_line_width(0.2)
    inner = _FRAME + 1.6
    pdf.rect(inner, inner, _PAGE_W - 2 * inner, _PAGE_H - 2 * inner)

    # the issuer, spaced capitals, over a double rule
    pdf.set_xy(_MARGIN, 18.0)
    _font(pdf, "B", 9.5 * s, _NAVY)
    pdf.set_char_spacing(1.2 * s)
    pdf.multi_cell(_CONTENT_W, 4.6 * s, t.issuer.upper(), align="C")
    pdf.set_char_spacing(0)
    y = pdf.get_y() + 2.0
    _rule(pdf, y, 0.7, _NAVY)
    _rule(pdf, y + 1.1, 0.2, _NAVY)

    # the title, Indonesian then English
    pdf.set_xy(_MARGIN, y + 6.0)
    _font(pdf, "B", 19 * s, _INK)
    pdf.multi_cell(_CONTENT_W, 8.2 * s, t.title_id, align="C")
    pdf.set_x(_MARGIN)
    _font(pdf, "I", 12 * s, _GREY)
    pdf.multi_cell(_CONTENT_W, 5.8 * s, t.title_en, align="C")

    # the number: "Nomor / Number  CERT-..."
    y = pdf.get_y() + 4.0
    _number(pdf, y, t.number, s)
    y = pdf.get_y() + 3.5
    _rule(pdf, y, 0.3, _NAVY)

    # the lines
    y += 1.0
    rows = t.lines
    for i, (label_id, label_en, value) in enumerate(rows):
        top = y + _ROW_PAD
        pdf.set_xy(_MARGIN, top)
        _font(pdf, "B", 9.5 * s, _INK)
        pdf.multi_cell(_LABEL_W - 3.0, 4.6 * s, label_id, align="L")
        pdf.set_x(_MARGIN)
        _font(pdf, "I", 8 * s, _GREY)
        pdf.multi_cell(_LABEL_W - 3.0, 3.9 * s, label_en, align="L")
        label_end = pdf.get_y()
        pdf.set_xy(_MARGIN + _LABEL_W, top)
        _font(pdf, "", 11 * s, _INK)
        pdf.multi_cell(_VALUE_W, 5.4 * s, value or "-", align="L")
        y = max(label_end, pdf.get_y()) + _ROW_PAD
        if y > _TABLE_END_MAX:
            return False
        if i < len(rows) - 1:
            _rule(pdf, y, 0.15, _RULE)

    # the block beside the QR: how to verify
    _rule(pdf, _QR_TOP - 3.0, 0.3, _NAVY)
    pdf.set_xy(_MARGIN, _QR_TOP + 3.0)
    _font(pdf, "B", 11 * s, _NAVY)
    pdf.multi_cell(_SIDE_W, 5.2 * s, "Verifikasi", align="L")
    pdf.set_x(_MARGIN)
    _font(pdf, "I", 9 * s, _GREY)
    pdf.multi_cell(_SIDE_W, 4.4 * s, "Verification", align="L")
    pdf.set_xy(_MARGIN, pdf.get_y() + 3.0)
    _font(pdf, "", 10 * s, _INK)
    pdf.multi_cell(_SIDE_W, 4.9 * s, t.hint_id, align="L")
    pdf.set_xy(_MARGIN, pdf.get_y() + 2.5)
    _font(pdf, "I", 9 * s, _GREY)
    pdf.multi_cell(_SIDE_W, 4.4 * s, t.hint_en, align="L")
    hints_end = pdf.get_y()

    # and who issued it, level with the foot of the QR
    _font(pdf, "B", 12.5 * s, _NAVY)
    issuer_h = cast(
        float, pdf.multi_cell(_SIDE_W, 5.6 * s, t.issuer, dry_run=True, output="HEIGHT")
    )
    top = _QR_BOTTOM - 2.5 - issuer_h - (4.6 + 3.9 + 1.5) * s
    if hints_end > top - 5.0:
        return False
    _rule(pdf, top - 2.5, 0.15, _RULE, x1=_MARGIN + _SIDE_W)
    pdf.set_xy(_MARGIN, top)
    _font(pdf, "B", 9.5 * s, _INK)
    pdf.multi_cell(_SIDE_W, 4.6 * s, "Diterbitkan oleh", align="L")
    pdf.set_x(_MARGIN)
    _font(pdf, "I", 8 * s, _GREY)
    pdf.multi_cell(_SIDE_W, 3.9 * s, "Issued by", align="L")
    pdf.set_xy(_MARGIN, pdf.get_y() + 1.5 * s)
    _font(pdf, "B", 12.5 * s, _NAVY)
    pdf.multi_cell(_SIDE_W, 5.6 * s, t.issuer, align="L")

    # the footer
    _rule(pdf, _FOOTER_RULE_Y, 0.2, _RULE)
    _font(pdf, "", 7.5, _GREY)
    pdf.set_xy(_MARGIN, _FOOTER_RULE_Y + 1.5)
    pdf.cell(_CONTENT_W / 2, 3.6, _clip(f"{t.number}  \xb7  {t.issuer}", 70), align="L")
    pdf.set_xy(_MARGIN + _CONTENT_W / 2, _FOOTER_RULE_Y + 1.5)
    pdf.cell(_CONTENT_W / 2, 3.6, "Halaman 1 dari 1  \xb7  Page 1 of 1", align="R")
    return True


def _number(pdf: FPDF, y: float, number: str, s: float) -> None:
    """``Nomor / Number  <number>`` centred on one line; a number too long for it wraps below."""
    parts = (
        ("", 10 * s, _INK, "Nomor"),
        ("", 10 * s, _GREY, " / "),
        ("I", 9 * s, _GREY, "Number"),
        ("", 10 * s, _INK, "   "),
    )
    widths = []
    for style, size, colour, text in parts:
        _font(pdf, style, size, colour)
        widths.append(pdf.get_string_width(text))
    _font(pdf, "B", 13 * s, _INK)
    number_w = pdf.get_string_width(number)
    height = 6.0 * s
    if sum(widths) + number_w > _CONTENT_W:  # a freak number: label, then the number below
        pdf.set_xy(_MARGIN, y)
        _font(pdf, "", 10 * s, _INK)
        pdf.multi_cell(_CONTENT_W, height, "Nomor / Number", align="C")
        pdf.set_x(_MARGIN)
        _font(pdf, "B", 13 * s, _INK)
        pdf.multi_cell(_CONTENT_W, height, number, align="C")
        return
    x = _MARGIN + (_CONTENT_W - sum(widths) - number_w) / 2
    for (style, size, colour, text), w in zip(parts, widths, strict=True):
        _font(pdf, style, size, colour)
        pdf.set_xy(x, y)
        pdf.cell(w, height, text)
        x += w
    _font(pdf, "B", 13 * s, _INK)
    pdf.set_xy(x, y)
    pdf.cell(number_w, height, number)
    pdf.set_xy(_MARGIN, y + height)


def _qr(pdf: FPDF, matrix: tuple[bytearray, ...]) -> None:
    """The QR as black rectangles on white, one per run of dark modules in a row, with a
    quiet zone of four modules, ``_QR_SIZE`` wide in all."""
    n = len(matrix)
    module = _QR_SIZE / (n + 8)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(_QR_X, _QR_TOP, _QR_SIZE, _QR_SIZE, style="F")
    pdf.set_fill_color(0, 0, 0)
    x0, y0 = _QR_X + 4 * module, _QR_TOP + 4 * module
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c] & 1:
                start = c
                while c < n and row[c] & 1:
                    c += 1
                pdf.rect(x0 + start * module, y0 + r * module, (c - start) * module, module, "F")
            else:
                c += 1


def _font(pdf: FPDF, style: str, size: float, colour: tuple[int, int, int]) -> None:
    pdf.set_font("helvetica", style, size)
    pdf.set_text_color(*colour)


def _rule(
    pdf: FPDF, y: float, width: float, colour: tuple[int, int, int], x1: float = _PAGE_W - _MARGIN
) -> None:
    pdf.set_draw_color(*colour)
    pdf.set_line_width(width)
    pdf.line(_MARGIN, y, x1, y)
