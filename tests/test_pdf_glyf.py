"""Glyph outlines read straight from a TrueType ``glyf`` table measure exactly what
fontTools' pens measure: ink bounds, contours and segments, glyph for glyph."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from zhfix.pdf.glyf import GlyfTable
from zhfix.pdf.glyphs import _MeasuringPen

NEWSPAPERS = Path(__file__).resolve().parent / "data" / "newspapers"


def embedded_truetype(pdf_path: Path) -> list[bytes]:
    with pikepdf.open(pdf_path) as pdf:
        return [
            obj.FontFile2.read_bytes()
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and "/FontFile2" in obj
        ]


def pen_outline(glyph_set, name: str):  # type: ignore[no-untyped-def]
    pen = _MeasuringPen(glyph_set)
    glyph_set[name].draw(pen)
    return pen.bounds, pen.contours, pen.segments


@pytest.mark.parametrize("fixture", ["typst-song-hei"])
def test_every_glyph_of_a_typeset_font_measures_as_fonttools_draws_it(fixture: str) -> None:
    fonts = embedded_truetype(NEWSPAPERS / "dev" / f"{fixture}.pdf")
    assert fonts
    compared = 0
    for data in fonts:
        font = TTFont(io.BytesIO(data), lazy=True)
        glyph_set, names = font.getGlyphSet(), font.getGlyphOrder()
        table = GlyfTable(TTFont(io.BytesIO(data), lazy=True))
        for gid, name in enumerate(names):
            outline = table.outline(gid)
            assert outline is not None, (gid, name)
            assert outline == pen_outline(glyph_set, name), (gid, name)
            compared += outline[1] > 0
    assert compared > 1000  # ideographs with ink, not only empty glyphs


def test_glyphs_it_cannot_read_are_left_to_fonttools() -> None:
    data = embedded_truetype(NEWSPAPERS / "dev" / "chromium-song-hei.pdf")[0]
    table = GlyfTable(TTFont(io.BytesIO(data), lazy=True))
    assert table.outline(-1) is None
    assert table.outline(table.num_glyphs) is None
    gid = next(g for g in range(table.num_glyphs) if table.loca[g + 1] > table.loca[g])
    table.glyf = table.glyf[: table.loca[gid] + 12]  # the outline cut short
    assert table.outline(gid) is None


def test_a_font_without_glyph_names_finds_the_glyphs_fonttools_names() -> None:
    """A subset TrueType font has no names in its ``post`` table; fontTools makes them
    from the cmap, which the glyph evidence only pays for when it needs a name: the
    glyphs found for each CID, ``.notdef`` among them, are the same either way."""
    from zhfix.pdf.fonts import _GlyphSource

    checked = nameless_fonts = 0
    with pikepdf.open(NEWSPAPERS / "dev" / "typst-song-hei.pdf") as pdf:
        fonts = [o for o in pdf.objects
                 if isinstance(o, pikepdf.Dictionary) and o.get("/Subtype") == "/CIDFontType2"]
        for cid_font in fonts:
            data = cid_font.FontDescriptor.FontFile2.read_bytes()
            order = TTFont(io.BytesIO(data), lazy=True).getGlyphOrder()
            nameless = TTFont(io.BytesIO(data), lazy=True)["post"].formatType == 3.0
            source = _GlyphSource(cid_font)
            assert source.features(len(order) - 1) is not None
            assert not source.names or not nameless  # measured without making names
            for cid in range(len(order) + 3):
                gid = cid  # these fonts have an identity CIDToGIDMap
                expected = (gid, order[gid]) if gid < len(order) else None
                assert source.glyph_id(cid) == expected
                checked += 1
            assert source.glyph_id(0) == (0, ".notdef") and source.features(0) is None
            nameless_fonts += nameless
    assert checked > 100 and nameless_fonts


def test_a_contour_that_ends_past_the_glyphs_points_is_not_read() -> None:
    """Malformed contour ends never read outside the glyph: the outline is left to
    fontTools (None) or is missing evidence (an error the caller catches)."""
    data = embedded_truetype(NEWSPAPERS / "dev" / "chromium-song-hei.pdf")[0]
    table = GlyfTable(TTFont(io.BytesIO(data), lazy=True))
    gid = next(g for g in range(table.num_glyphs)
               if table.loca[g + 1] > table.loca[g]
               and int.from_bytes(table.glyf[table.loca[g]:table.loca[g] + 2], "big") == 2)
    start = table.loca[gid]
    glyf = bytearray(table.glyf)
    glyf[start + 10 : start + 12] = (60000).to_bytes(2, "big")  # the first contour's end
    table.glyf = bytes(glyf)
    try:
        assert table.outline(gid) is None
    except ValueError:
        pass
