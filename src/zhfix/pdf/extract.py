"""Characters with positions and fonts, and ruling lines, from a PDF (pypdfium2).

pypdfium2 (PDFium; Apache-2.0 / BSD-3-Clause) was chosen over pdfminer.six/pdfplumber
(MIT; pure Python, 20-40x slower on the same pages) and PyMuPDF (AGPL-3.0); the figures
are in ``docs/pdf.md``.  Coordinates here are PDF points with the origin at the page's
*top* left, y growing downwards, like pdfplumber's ``top``/``bottom``.
"""

from __future__ import annotations

import ctypes
import math
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import PdfError


@dataclass(slots=True)
class Char:
    """One character on a page: its text, its box (advance x font height), and font.

    ``font`` and ``bold`` are looked up once per run of characters of one size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    bold: bool
    #: ink box of an embedded glyph, asked for by code (:func:`read_page`'s ``ink_for``):
    #: x over the advance from the pen position, y in ems from the baseline
    ink: tuple[float, float, float, float] | None = None
    #: y of the baseline (the pen's origin), down from the page's top: the same for
    #: every glyph of a line whatever its font (boxes differ by the fonts' descents);
    #: ``None``: take ``bottom``
    baseline: float | None = None


@dataclass(slots=True)
class Rule:
    """A thin horizontal or vertical line (a table or column rule)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)


@dataclass(slots=True)
class Page:
    """The characters and rules of one page (``number`` is 1-based)."""

    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    has_images: bool = False
    #: font -> characters left out because the font has no map to text
    unreadable: dict[str, int] = field(default_factory=dict)


def check_pdf_bytes(data: bytes, name: str) -> None:
    """Raise :class:`PdfError` unless ``data`` looks like a whole PDF file."""
    if b"%PDF-" not in data[:1024]:
        raise PdfError(f"{name}: not a PDF file", "not_pdf")
    if b"%%EOF" not in data[-2048:]:
        raise PdfError(f"{name}: the PDF is truncated (no end-of-file marker)", "truncated")


def open_document(data: bytes, name: str):  # type: ignore[no-untyped-def]
    """Open PDF bytes with PDFium, turning its failures into one-line :class:`PdfError`."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    check_pdf_bytes(data, name)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = raw.FPDF_GetLastError()
        if code == raw.FPDF_ERR_PASSWORD:
            raise PdfError(
                f"{name}: the PDF is encrypted (password-protected)", "encrypted"
            ) from None
        if code == raw.FPDF_ERR_SECURITY:
            raise PdfError(
                f"{name}: the PDF uses an unsupported security handler", "encrypted"
            ) from None
        raise PdfError(
            f"{name}: the PDF is damaged and cannot be read ({exc})", "damaged"
        ) from None


def _is_bold(weight: int, font_name: str) -> bool:
    return weight >= 600 or "Bold" in font_name or "Hei" in font_name or "hei" in font_name


def read_page(  # type: ignore[no-untyped-def]
    doc, index: int, ink_for: frozenset[int] = frozenset(), skip_fonts: frozenset[str] = frozenset()
) -> Page:
    """Characters and rules of page ``index`` (0-based) of an open PDFium document.

    Characters whose code point is in ``ink_for`` also get the ink box of their glyph,
    when the glyph comes from an embedded font (a substitute font's glyph says nothing
    about the document's).  Characters of the fonts named in ``skip_fonts`` (fonts with
    no map to text, whose "text" PDFium makes up from their CIDs) are left out and
    counted in :attr:`Page.unreadable`."""
    import pypdfium2.raw as raw

    page = doc[index]
    width, height = page.get_size()
    result = Page(index + 1, width, height)
    textpage = page.get_textpage()
    tp = textpage.raw
    font_buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    font, size, bold = "", -1.0, False
    chars = result.chars
    for i, code, char_size, left, top, right, bottom, _, oy in char_records(tp):
        if skip_fonts:  # fonts must be told apart character by character
            raw.FPDFText_GetFontInfo(tp, i, font_buf, 256, ctypes.byref(flags))
            name = font_buf.value.decode("latin-1").split("+")[-1]
            if name in skip_fonts:
                result.unreadable[name] = result.unreadable.get(name, 0) + 1
                continue
            size = -1.0
        if char_size != size:  # a new run: look its font up once
            size = char_size
            raw.FPDFText_GetFontInfo(tp, i, font_buf, 256, ctypes.byref(flags))
            font = font_buf.value.decode("latin-1")
            bold = _is_bold(raw.FPDFText_GetFontWeight(tp, i), font)
        if code == 0xFFFE:  # PDFium's mark for a hyphen it took as ending a line
            if right <= left:
                continue
            code = 0x2D
        ink = _ink_box(tp, i, right - left, size) if code in ink_for else None
        chars.append(
            Char(chr(code), left, right, height - top, height - bottom, size, font, bold, ink,
                 height - oy)
        )
    _read_objects(page, result)
    textpage.close()
    page.close()
    return result


#: :func:`char_records`' record: index, code point, font size, loose box (left, top,
#: right, bottom; PDF points, origin at the bottom left) and origin (x, y)
CHAR_RECORD = struct.Struct("@iIdffffdd")
#: :func:`_read_objects`' record: object type and bounds (left, bottom, right, top)
OBJECT_RECORD = struct.Struct("@iffff")


def _address(fn: Any) -> int:
    return ctypes.cast(fn, ctypes.c_void_p).value or 0


def char_records(tp: Any) -> Iterator[tuple[int, int, float, float, float, float, float,
                                            float, float]]:
    """``(index, code, size, left, top, right, bottom, origin x, origin y)`` for each
    character of a PDFium text page that is not a space or a line end PDFium generated
    (codes up to U+0020, U+FFFF); a UTF-16 surrogate pair (PDFium reports each half as
    a character) is one code point at the low half's index, a lone half is left out.

    The loop runs in C (:mod:`zhfix._pdftext`) over the PDFium functions pypdfium2
    binds: four foreign calls a character were most of the time extraction took."""
    import pypdfium2.raw as raw

    from .. import _pdftext

    data = _pdftext.chars(
        _address(tp),
        raw.FPDFText_CountChars(tp),
        _address(raw.FPDFText_GetUnicode),
        _address(raw.FPDFText_GetFontSize),
        _address(raw.FPDFText_GetLooseCharBox),
        _address(raw.FPDFText_GetCharOrigin),
    )
    return CHAR_RECORD.iter_unpack(data)


def _ink_box(tp, i: int, advance: float, size: float) -> tuple[float, float, float, float] | None:  # type: ignore[no-untyped-def]
    import pypdfium2.raw as raw

    obj = raw.FPDFText_GetTextObject(tp, i)
    if not obj or not raw.FPDFFont_GetIsEmbedded(raw.FPDFTextObj_GetFont(obj)):
        return None
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    if not raw.FPDFText_GetCharBox(tp, i, left, right, bottom, top):
        return None
    raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
    # The font size is in text space; the boxes are on the page, through the character's
    # matrix (Chromium prints CSS pixels at 0.75 pt: a 13.33 "size" is a 10 pt em).
    matrix = raw.FS_MATRIX()
    if raw.FPDFText_GetMatrix(tp, i, matrix):
        size *= math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
    if advance <= 0 or size <= 0:
        return None
    if right.value - left.value <= 0 and top.value - bottom.value <= 0:
        return (0.0, 0.0, 0.0, 0.0)
    return (
        (left.value - ox.value) / advance,
        (bottom.value - oy.value) / size,
        (right.value - ox.value) / advance,
        (top.value - oy.value) / size,
    )


def _read_objects(page, result: Page) -> None:  # type: ignore[no-untyped-def]
    """Rules (thin path objects) and whether the page has images, from its objects
    (the loop over them runs in C, :mod:`zhfix._pdftext`)."""
    import pypdfium2.raw as raw

    from .. import _pdftext

    data = _pdftext.objects(
        _address(page.raw),
        _address(raw.FPDFPage_CountObjects),
        _address(raw.FPDFPage_GetObject),
        _address(raw.FPDFPageObj_GetType),
        _address(raw.FPDFPageObj_GetBounds),
        raw.FPDF_PAGEOBJ_PATH,
    )
    for kind, left, bottom, right, top in OBJECT_RECORD.iter_unpack(data):
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            result.has_images = True
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            w, h = right - left, top - bottom
            if (h < 2.5 and w > 4) or (w < 2.5 and h > 4):
                result.rules.append(Rule(left, result.height - top, right, result.height - bottom))


def parse_pages(spec: str | None, count: int) -> list[int]:
    """1-based page numbers from ``"2-5"``, ``"3"`` or ``"1,4-6"`` (``None``: all pages).

    Raises :class:`PdfError` for a malformed spec or pages the document does not have.
    """
    if spec is None:
        return list(range(1, count + 1))
    pages: list[int] = []
    for part in spec.split(","):
        part = part.strip()
        try:
            if "-" in part:
                a_text, b_text = part.split("-", 1)
                a = int(a_text) if a_text else 1
                b = int(b_text) if b_text else count
            else:
                a = b = int(part)
        except ValueError:
            raise PdfError(f"bad page range {spec!r} (expected e.g. 2-5 or 1,3)", "pages") from None
        if a < 1 or b < a or b > count:
            raise PdfError(f"page range {spec!r} is outside the document's 1-{count}", "pages")
        pages.extend(p for p in range(a, b + 1) if p not in pages)
    return pages


def read_path(path: str | Path) -> bytes:
    """The bytes of ``path``, or :class:`PdfError` if it cannot be read."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise PdfError(f"{path}: {exc.strerror or exc}", "unreadable") from None


#: how a PDF given as bytes (read from standard input) is named in messages
STDIN_NAME = "<stdin>"


def read_source(source: str | Path | bytes) -> tuple[bytes, str]:
    """A PDF's bytes and its name for messages: from a path, or bytes already read
    (standard input)."""
    if isinstance(source, bytes):
        return source, STDIN_NAME
    return read_path(source), str(source)
