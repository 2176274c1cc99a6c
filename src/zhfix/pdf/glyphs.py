"""Glyph evidence: is the glyph that copies out as ``袁`` the ideograph or the comma?

A broken Founder character map sends a symbol glyph and the real ideograph to the same
Unicode character, but the glyphs themselves differ: a comma is a few units of ink low in
its box, ``袁`` fills the box with a dozen strokes.  Each glyph is described by its ink
box (x over the advance, y in em from the baseline) and the size of its outline (contours
and segments, on a log scale), and compared with the same features of both candidates
measured in a reference font (``data/glyph_boxes.json``, built by
``tools/build_glyph_boxes.py``).  Only a clear margin decides; otherwise the glyph stays
undecided and the language model gets the character.

Within one font the evidence is also relational: when two glyphs map to the same
ideograph, at most one of them is that ideograph.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from fontTools.pens.boundsPen import BoundsPen

from ..shift import SHIFTED_TO_SYMBOL
from .cff import OutlineMeasure, draw_t2

#: weight of the outline-size features against the box features (em units)
OUTLINE_WEIGHT = 0.3
#: a glyph is decided when it is this much closer (feature distance) to one candidate
DECISION_MARGIN = 0.25
#: the same, once the reference has been shifted to the document font's own style
CALIBRATED_MARGIN = 0.15
#: decided glyphs of each kind a font needs before its style is estimated from them
MIN_CALIBRATION = 3


@dataclass(frozen=True, slots=True)
class GlyphFeatures:
    """Ink box of a glyph (x over its advance, y in em from the baseline) and outline size."""

    x0: float
    y0: float
    x1: float
    y1: float
    contours: int
    segments: int

    def vector(self, box_only: bool = False) -> tuple[float, ...]:
        if box_only:  # the ink box is all a renderer tells (no outline)
            return (self.x0, self.y0, self.x1, self.y1)
        return (
            self.x0,
            self.y0,
            self.x1,
            self.y1,
            OUTLINE_WEIGHT * math.log2(1 + self.contours),
            OUTLINE_WEIGHT * math.log2(1 + self.segments),
        )


#: the features of a glyph without ink (a space)
EMPTY_GLYPH = GlyphFeatures(0.0, 0.0, 0.0, 0.0, 0, 0)


class _MeasuringPen(BoundsPen):  # type: ignore[misc]
    """Exact ink bounds, and the number of contours and curve/line segments, in one pass."""

    def __init__(self, glyph_set: Any) -> None:
        super().__init__(glyph_set)
        self.contours = 0
        self.segments = 0

    def _moveTo(self, pt: Any) -> None:
        self.contours += 1
        super()._moveTo(pt)

    def _lineTo(self, pt: Any) -> None:
        self.segments += 1
        super()._lineTo(pt)

    def _curveToOne(self, p1: Any, p2: Any, p3: Any) -> None:
        self.segments += 1
        super()._curveToOne(p1, p2, p3)

    def _qCurveToOne(self, p1: Any, p2: Any) -> None:
        self.segments += 1
        super()._qCurveToOne(p1, p2)


def measure_glyph(
    glyph_set: Any, name: str, advance: float, units_per_em: float
) -> GlyphFeatures | None:
    """Features of glyph ``name`` in a fontTools glyph set (all zero for an empty glyph)."""
    glyph = glyph_set[name]
    pen: Any = OutlineMeasure()
    if not draw_t2(glyph, pen):  # not a CFF glyph it can draw as fontTools does
        pen = _MeasuringPen(glyph_set)
        glyph.draw(pen)
    if pen.bounds is None:
        return EMPTY_GLYPH
    advance = advance or units_per_em
    x0, y0, x1, y1 = pen.bounds
    return GlyphFeatures(
        x0 / advance,
        y0 / units_per_em,
        x1 / advance,
        y1 / units_per_em,
        pen.contours,
        pen.segments,
    )


@cache
def reference_features() -> Mapping[str, GlyphFeatures]:
    """Features of every shifted symbol and its ideograph in the reference font."""
    raw = resources.files("zhfix").joinpath("data/glyph_boxes.json").read_text("utf-8")
    return {ch: GlyphFeatures(*v) for ch, v in json.loads(raw)["glyphs"].items()}


def _distance(a: GlyphFeatures, b: GlyphFeatures, box_only: bool = False) -> float:
    return sum(abs(x - y) for x, y in zip(a.vector(box_only), b.vector(box_only), strict=True))


def symbol_score(features: GlyphFeatures, ideograph: str, box_only: bool = False) -> float | None:
    """How much more the glyph looks like the symbol than like ``ideograph``
    (positive: the symbol).  ``None`` when there is no reference to compare with."""
    symbol = SHIFTED_TO_SYMBOL.get(ideograph)
    if features == EMPTY_GLYPH and symbol is not None:
        # Every ideograph has ink; only the ideographic space has none.
        return 10.0 if symbol.isspace() else None
    ref = reference_features()
    if symbol is None or symbol not in ref or ideograph not in ref:
        return None
    return _distance(features, ref[ideograph], box_only) - _distance(
        features, ref[symbol], box_only
    )


def decide_glyphs(
    glyphs: Mapping[Any, tuple[str, GlyphFeatures | None]], box_only: bool = False
) -> dict[Any, str | None]:
    """Decide, for the glyphs of one font that copy out as a shifted-candidate ideograph,
    what each really is.

    ``glyphs`` maps a key (the character code) to ``(ideograph, features)``.  The result
    maps each key to the ideograph itself, to its symbol, or to ``None`` (undecided).
    With ``box_only`` the outline counts are ignored (ink boxes from a renderer).
    """
    decided: dict[Any, str | None] = {}
    scores: dict[Any, float | None] = {}
    by_target: dict[str, list[Any]] = {}
    for key, (ideograph, features) in glyphs.items():
        score = symbol_score(features, ideograph, box_only) if features is not None else None
        scores[key] = score
        by_target.setdefault(ideograph, []).append(key)
        if score is None or abs(score) < DECISION_MARGIN:
            decided[key] = None
        else:
            decided[key] = SHIFTED_TO_SYMBOL[ideograph] if score > 0 else ideograph
    _calibrated_pass(glyphs, decided, box_only)
    for ideograph, keys in by_target.items():
        if len(keys) != 2:
            continue
        # Two glyphs share the ideograph: one is the symbol.  Trust the relative
        # comparison when the absolute one left either undecided or both the same.
        a, b = keys
        sa, sb = scores[a], scores[b]
        if sa is None or sb is None:
            continue
        outcome = {decided[a], decided[b]}
        if None in outcome or len(outcome) == 1:
            symbol_key, ideo_key = (a, b) if sa > sb else (b, a)
            if abs(sa - sb) >= DECISION_MARGIN:
                decided[symbol_key] = SHIFTED_TO_SYMBOL[ideograph]
                decided[ideo_key] = ideograph
            elif len(outcome) == 1:
                # Both judged the same, which cannot be: leave both to the model.
                decided[a] = decided[b] = None
    return decided


def _gb_row(symbol: str) -> int:
    return symbol.encode("gbk")[0]


def _median(vectors: list[tuple[float, ...]]) -> tuple[float, ...]:
    import statistics

    return tuple(statistics.median(column) for column in zip(*vectors, strict=True))


def _calibrated_pass(
    glyphs: Mapping[Any, tuple[str, GlyphFeatures | None]],
    decided: dict[Any, str | None],
    box_only: bool = False,
) -> None:
    """Decide what the first pass left open, against a reference shifted to this font.

    Every font draws a little differently from the reference: its ideographs a shade
    wider, its full-width letters taller.  The glyphs already decided show by how much
    (the median difference from their reference features, for ideographs and for each
    GB2312 symbol row), and the open glyphs are then compared with reference features
    moved by that much.
    """
    ref = reference_features()
    ideograph_residuals: list[tuple[float, ...]] = []
    symbol_residuals: dict[int, list[tuple[float, ...]]] = {}
    for key, (ideograph, features) in glyphs.items():
        what = decided.get(key)
        if what is None or features is None or features == EMPTY_GLYPH or what not in ref:
            continue
        residual = tuple(
            a - b
            for a, b in zip(features.vector(box_only), ref[what].vector(box_only), strict=True)
        )
        if what == ideograph:
            ideograph_residuals.append(residual)
        else:
            symbol_residuals.setdefault(_gb_row(what), []).append(residual)
    all_symbols = [r for rs in symbol_residuals.values() for r in rs]
    if len(ideograph_residuals) < MIN_CALIBRATION or len(all_symbols) < MIN_CALIBRATION:
        return
    shift_ideograph = _median(ideograph_residuals)
    shift_symbols = _median(all_symbols)
    shift_row = {
        row: _median(rs) for row, rs in symbol_residuals.items() if len(rs) >= MIN_CALIBRATION
    }
    for key, (ideograph, features) in glyphs.items():
        if decided.get(key) is not None or features is None or features == EMPTY_GLYPH:
            continue
        symbol = SHIFTED_TO_SYMBOL[ideograph]
        if symbol not in ref or ideograph not in ref:
            continue
        vector = features.vector(box_only)
        shift_symbol = shift_row.get(_gb_row(symbol), shift_symbols)
        to_ideograph = sum(
            abs(v - d - r)
            for v, d, r in zip(
                vector, shift_ideograph, ref[ideograph].vector(box_only), strict=True
            )
        )
        to_symbol = sum(
            abs(v - d - r)
            for v, d, r in zip(vector, shift_symbol, ref[symbol].vector(box_only), strict=True)
        )
        if abs(to_ideograph - to_symbol) >= CALIBRATED_MARGIN:
            decided[key] = symbol if to_symbol < to_ideograph else ideograph
