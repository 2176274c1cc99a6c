"""Outline measures of TrueType glyphs read straight from the ``glyf`` table bytes.

Drawing a glyph through fontTools (glyph set, pen protocol, ``BoundsPen``) costs a few
milliseconds an ideograph, and a newspaper's fonts have hundreds of shifted candidates:
the glyph evidence was most of the time zhfix spent on a PDF.  This reads the tables the
measure needs (``head``, ``loca``, ``hmtx``, ``glyf``) without decompiling the rest, and
walks each simple glyph's points once, in the order fontTools draws them, so that the ink
bounds (the same ``calcQuadraticBounds`` where ``BoundsPen`` calls it) and the contour and
segment counts come out exactly as :func:`.glyphs.measure_glyph` measures them.  The walk
runs in C (:mod:`zhfix._glyf`: a hundred points an ideograph, point by point, were still
most of the glyph evidence's time in Python).

Anything else (composite or cubic glyphs, malformed data) answers ``None``: the caller
then draws the glyph through fontTools; a glyph whose header runs past the table raises
:class:`ValueError` (missing evidence).
"""

from __future__ import annotations

import struct
from typing import Any

from .. import _glyf

#: (xMin, yMin, xMax, yMax) or None, contours, segments
Outline = tuple[tuple[float, float, float, float] | None, int, int]


class GlyfTable:
    """The simple glyphs of one TrueType font program, by glyph id."""

    def __init__(self, font: Any) -> None:
        """``font``: a lazily opened fontTools ``TTFont`` (its raw tables are read)."""
        reader = font.reader
        head = reader["head"]
        self.units_per_em = float(struct.unpack(">H", head[18:20])[0])
        long_loca = struct.unpack(">h", head[50:52])[0] == 1
        self.num_glyphs = struct.unpack(">H", reader["maxp"][4:6])[0]
        loca = reader["loca"]
        if long_loca:
            n = len(loca) // 4
            self.loca: tuple[int, ...] = struct.unpack(f">{n}I", loca[: 4 * n])
        else:
            n = len(loca) // 2
            self.loca = tuple(2 * v for v in struct.unpack(f">{n}H", loca[: 2 * n]))
        self.glyf: bytes = reader["glyf"]
        self.num_h_metrics = struct.unpack(">H", reader["hhea"][34:36])[0]
        self.hmtx: bytes = reader["hmtx"]

    def lsb(self, gid: int) -> int | None:
        """The left side bearing ``hmtx`` gives glyph ``gid`` (None: not in the table)."""
        n = self.num_h_metrics
        pos = 4 * gid + 2 if gid < n else 4 * n + 2 * (gid - n)
        if pos + 2 > len(self.hmtx):
            return None
        return int(struct.unpack_from(">h", self.hmtx, pos)[0])

    def outline(self, gid: int) -> Outline | None:
        """Ink bounds, contours and segments of glyph ``gid`` as fontTools draws it
        (shifted by ``lsb - xMin`` like its glyph set); ``None``: not a plain simple glyph."""
        if not 0 <= gid < self.num_glyphs or gid + 1 >= len(self.loca):
            return None
        start, end = self.loca[gid], self.loca[gid + 1]
        if end < start or end > len(self.glyf):
            return None
        if end == start:
            return None, 0, 0
        data = self.glyf
        contours, x_min = struct.unpack_from(">hh", data, start)
        if contours < 0:
            return None  # composite
        if contours == 0:
            return None, 0, 0
        lsb = self.lsb(gid)
        if lsb is None:
            return None
        outline: Outline | None = _glyf.simple_outline(data, start + 10, end, contours, lsb - x_min)
        return outline
