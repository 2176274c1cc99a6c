"""zhfix.pdf.cff: a CFF glyph drawn without fontTools' interpreter leaves the pen exactly
as fontTools' own ``draw`` does, or is left to fontTools."""

from __future__ import annotations

import io
import random
from pathlib import Path

import pikepdf
import pytest
from fontTools.cffLib import CFFFontSet
from fontTools.misc.psCharStrings import T2CharString

from zhfix.pdf.cff import OutlineMeasure, draw_t2
from zhfix.pdf.glyphs import _MeasuringPen

FIXTURES = Path(__file__).parent / "data" / "newspapers"


def _cff_programs() -> list[bytes]:
    """The bare CFF font programs embedded in the committed Typst newspapers."""
    programs: list[bytes] = []
    for path in sorted(FIXTURES.glob("*/typst-*.pdf")):
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if not (isinstance(obj, pikepdf.Dictionary) and "/FontFile3" in obj):
                    continue
                stream = obj.FontFile3
                data = stream.read_bytes()
                if stream.get("/Subtype") != "/OpenType" and data not in programs:
                    programs.append(data)
    return programs


def _charstrings(data: bytes) -> tuple[object, list[str]]:
    """A freshly parsed font's CharStrings (its subroutines not yet decompiled) and names."""
    cff = CFFFontSet()
    cff.decompile(io.BytesIO(data), None)
    top = cff[cff.fontNames[0]]
    return top.CharStrings, list(top.charset)


def _fast(glyph_set: object, glyph: object, pen: object = None) -> tuple[str, int, int] | None:
    """What the fast path measures (on its own pen, or on fontTools' measuring pen)."""
    pen = OutlineMeasure() if pen is None else pen
    if not draw_t2(glyph, pen):
        return None
    return repr(pen.bounds), pen.contours, pen.segments


def _fonttools(glyph_set: object, glyph: T2CharString) -> tuple[str, int, int] | None:
    pen = _MeasuringPen(glyph_set)
    try:
        glyph.draw(pen)
    except Exception:
        return None
    return repr(pen.bounds), pen.contours, pen.segments


@pytest.fixture(scope="module")
def programs() -> list[bytes]:
    found = _cff_programs()
    assert found, "the Typst fixtures embed CFF fonts"
    return found


def test_every_fixture_glyph_is_drawn_fast_and_exactly_as_fonttools_draws_it(programs):
    for data in programs:
        glyph_set, names = _charstrings(data)
        fast = {name: _fast(glyph_set, glyph_set[name]) for name in names}
        # the fast loop drawing onto fontTools' own pen: the same again
        assert fast == {name: _fast(glyph_set, glyph_set[name], _MeasuringPen(glyph_set))
                        for name in names}
        glyph_set, names = _charstrings(data)  # fontTools decompiles what it draws
        for name in names:
            assert fast[name] is not None, name
            # repr: the same numbers of the same types (an int 0 is no float -0.0)
            assert fast[name] == _fonttools(glyph_set, glyph_set[name]), name


def test_mutated_charstrings_are_drawn_as_fonttools_draws_them_or_left_to_it(programs):
    rng = random.Random(2077)
    drawn = 0
    for data in programs:
        glyph_set, names = _charstrings(data)
        mutants = []
        for _ in range(150):
            glyph = glyph_set[rng.choice(names)]
            code = bytearray(glyph.bytecode)
            for _ in range(rng.randint(1, 3)):
                k = rng.randrange(len(code))
                roll = rng.random()
                if roll < 0.4:
                    code[k] = rng.randrange(256)
                elif roll < 0.7:
                    code.insert(k, rng.randrange(256))
                else:
                    del code[k]
            mutants.append(T2CharString(bytes(code), private=glyph.private,
                                        globalSubrs=glyph.globalSubrs))
        fast = [_fast(glyph_set, m) for m in mutants]  # before fontTools touches the subrs
        for mutant, result in zip(mutants, fast, strict=True):
            if result is not None:
                drawn += 1
                assert result == _fonttools(glyph_set, mutant)
    assert drawn > 0


def _glyph(code: bytes, subrs: list[T2CharString] | None = None) -> T2CharString:
    class Private:
        nominalWidthX = 0
        defaultWidthX = 0
        Subrs = subrs or []

    return T2CharString(code, private=Private(), globalSubrs=[])


def test_a_simple_outline_matches_and_anything_else_is_left_to_fonttools():
    square = bytes([139 + 10, 139 + 10, 21, 139 + 50, 6, 139 + 50, 7, 139 - 50, 6, 14])
    assert _fast(None, _glyph(square)) == _fonttools(None, _glyph(square))
    assert _fast(None, _glyph(square)) == ("(10, 10, 60, 60)", 1, 3)
    # seac (endchar with four operands) draws other glyphs: fontTools' job
    seac = bytes([139, 139, 139 + 65, 139 + 66, 14])
    assert _fast(None, _glyph(seac)) is None
    # arithmetic: "div" (12 12)
    assert _fast(None, _glyph(bytes([139 + 4, 139 + 2, 12, 12, 21, 14]))) is None
    # a subroutine fontTools decompiled already has no bytes to run
    subr = T2CharString(bytes([139 + 5, 139 + 5, 5, 11]))
    subr.setProgram([5, 5, "rlineto", "return"])
    calls = bytes([139, 139, 21, 139 - 107, 10, 14])
    assert _fast(None, _glyph(calls, [subr])) is None
    # an operator fontTools does not know (code 2)
    assert _fast(None, _glyph(bytes([139, 139, 21, 2, 14]))) is None
    # not a Type 2 charstring at all
    assert not draw_t2(object(), _MeasuringPen(None))
