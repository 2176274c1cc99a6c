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
