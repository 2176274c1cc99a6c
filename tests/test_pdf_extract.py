"""The extractor's per-character and per-object loops, which run in C
(:mod:`zhfix._pdftext`), give what the same PDFium calls give one by one through ctypes:
the same characters kept, the same numbers, the same rules."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from zhfix.pdf.extract import Page, _read_objects, char_records

NEWSPAPERS = Path(__file__).resolve().parent / "data" / "newspapers"
FIXTURES = ["dev/chromium-song-hei.pdf", "dev/typst-serif-sans.pdf"]


def reference_records(tp) -> list[tuple]:  # type: ignore[no-untyped-def]
    """The loop as it reads in Python: spaces and PDFium's line ends left out, surrogate
    pairs joined, four calls for each character kept."""
    out = []
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    pending_high = 0
    for i in range(raw.FPDFText_CountChars(tp)):
        code = raw.FPDFText_GetUnicode(tp, i)
        if code <= 32 or code == 0xFFFF:
            continue
        if 0xD800 <= code < 0xDC00:
            pending_high = code
            continue
        if 0xDC00 <= code < 0xE000:
            if not pending_high:
                continue
            code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
            pending_high = 0
        size = raw.FPDFText_GetFontSize(tp, i)
        raw.FPDFText_GetLooseCharBox(tp, i, rect)
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        out.append((i, code, size, rect.left, rect.top, rect.right, rect.bottom,
                    ox.value, oy.value))
    return out


def reference_objects(page, result: Page) -> None:  # type: ignore[no-untyped-def]
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            result.has_images = True
        elif kind == raw.FPDF_PAGEOBJ_PATH:
            raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
            w, h = right.value - left.value, top.value - bottom.value
            if (h < 2.5 and w > 4) or (w < 2.5 and h > 4):
                result.rules.append(
                    (left.value, result.height - top.value, right.value,
                     result.height - bottom.value)  # type: ignore[arg-type]
                )


@pytest.mark.parametrize("fixture", FIXTURES)
def test_the_character_loop_in_c_gives_what_the_calls_give_one_by_one(fixture: str) -> None:
    doc = pdfium.PdfDocument(NEWSPAPERS / fixture)
    try:
        kept = 0
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            expected = reference_records(textpage.raw)
            assert list(char_records(textpage.raw)) == expected
            kept += len(expected)
            textpage.close()
            page.close()
        assert kept > 1000
    finally:
        doc.close()


@pytest.mark.parametrize("fixture", FIXTURES)
def test_the_object_loop_in_c_finds_the_same_rules_and_images(fixture: str) -> None:
    doc = pdfium.PdfDocument(NEWSPAPERS / fixture)
    try:
        rules = 0
        for index in range(len(doc)):
            page = doc[index]
            width, height = page.get_size()
            got, expected = Page(index + 1, width, height), Page(index + 1, width, height)
            _read_objects(page, got)
            reference_objects(page, expected)
            assert [(r.x0, r.top, r.x1, r.bottom) for r in got.rules] == expected.rules
            assert got.has_images == expected.has_images
            rules += len(got.rules)
            page.close()
        assert rules > 0
    finally:
        doc.close()
