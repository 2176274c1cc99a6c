"""Outline measures of TrueType glyphs read straight from the ``glyf`` table bytes.

Drawing a glyph through fontTools (glyph set, pen protocol, ``BoundsPen``) costs a few
milliseconds an ideograph, and a newspaper's fonts have hundreds of shifted candidates:
the glyph evidence was most of the time zhfix spent on a PDF.  This reads the tables the
measure needs (``head``, ``loca``, ``hmtx``, ``glyf``) without decompiling the rest, and
walks each simple glyph's points once, in the order fontTools draws them, so that the ink
bounds (the same ``calcQuadraticBounds`` where ``BoundsPen`` calls it) and the contour and
segment counts come out exactly as :func:`.glyphs.measure_glyph` measures them.

Anything else (composite or cubic glyphs, malformed data) answers ``None``: the caller
then draws the glyph through fontTools.
"""

from __future__ import annotations

import re
import struct
from itertools import accumulate
from operator import mul
from typing import Any

from fontTools.misc.bezierTools import calcQuadraticBounds

_ON, _X_SHORT, _Y_SHORT, _REPEAT, _X_SAME, _Y_SAME, _CUBIC = 1, 2, 4, 8, 16, 32, 128

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
        return _simple_outline(data, start + 10, end, contours, lsb - x_min)


def _axis_tables(short: int, same: int) -> tuple[bytes, bytes, bytes]:
    """For one axis, by flag byte: the struct code of its delta (``B`` or ``h``), the
    flags whose delta is absent (repeat the last coordinate), and the delta's sign + 1."""
    code = bytes(ord("B") if f & short else ord("h") for f in range(256))
    absent = bytes(f for f in range(256) if not f & short and f & same)
    sign = bytes((2 if f & same else 0) if f & short else 2 for f in range(256))
    return code, absent, sign


_X_TABLES = _axis_tables(_X_SHORT, _X_SAME)
_Y_TABLES = _axis_tables(_Y_SHORT, _Y_SAME)


def _coordinates(
    data: bytes, pos: int, end: int, flags: bytes, tables: tuple[bytes, bytes, bytes], start: int
) -> tuple[list[int], int] | None:
    """One axis's absolute coordinates (from ``start``) and the position after them."""
    code, absent, sign = tables
    fmt = ">" + flags.translate(code, absent).decode("ascii")
    size = struct.calcsize(fmt)
    if pos + size > end:
        return None
    values = struct.unpack_from(fmt, data, pos)
    deltas = map(mul, values, map(_SIGN.__getitem__, flags.translate(sign, absent)))
    # a point without a delta repeats the coordinate before it
    totals = list(accumulate(deltas, initial=start))
    present = accumulate(flags.translate(_PRESENT[tables is _Y_TABLES]))
    return list(map(totals.__getitem__, present)), pos + size


#: by flag byte: whether the x (index 0) or y (index 1) delta is present
_PRESENT = (
    bytes(0 if not f & _X_SHORT and f & _X_SAME else 1 for f in range(256)),
    bytes(0 if not f & _Y_SHORT and f & _Y_SAME else 1 for f in range(256)),
)
_SIGN = (-1, 0, 1)
_ON_TABLE = bytes(f & _ON for f in range(256))
_REPEATS = re.compile(b"[" + b"".join(re.escape(bytes((f,))) for f in range(256) if f & _REPEAT)
                      + b"]")


def _simple_outline(
    data: bytes, pos: int, end: int, n_contours: int, offset: int
) -> Outline | None:
    end_pts = struct.unpack_from(f">{n_contours}H", data, pos)
    pos += 2 * n_contours
    (n_instructions,) = struct.unpack_from(">H", data, pos)
    pos += 2 + n_instructions
    count = end_pts[-1] + 1
    flag_list = bytearray()
    while len(flag_list) < count:
        need = count - len(flag_list)
        m = _REPEATS.search(data, pos, min(pos + need, end))
        if m is None:  # the rest are single flags
            if pos + need > end:
                return None
            flag_list += data[pos : pos + need]
            pos += need
            break
        k = m.start()
        if k + 1 >= end:
            return None
        flag_list += data[pos:k]
        flag_list += data[k : k + 1] * (data[k + 1] + 1)
        pos = k + 2
    if len(flag_list) != count:
        return None  # fontTools rejects flags that run past the last point
    flags = bytes(flag_list)
    if max(flags) & _CUBIC:
        return None
    read = _coordinates(data, pos, end, flags, _X_TABLES, offset)
    if read is None:
        return None
    xs, pos = read
    read = _coordinates(data, pos, end, flags, _Y_TABLES, 0)
    if read is None:
        return None
    ys, pos = read
    on = flags.translate(_ON_TABLE)
    prev: list[int] = []
    nxt: list[int] = []
    first = 0
    lines = 0
    for last in end_pts:
        if last < first:
            return None  # an empty contour: fontTools fails on it
        prev += [last, *range(first, last)]
        nxt += [*range(first + 1, last + 1), first]
        k = on.find(1, first, last + 1)
        if k >= 0:
            # fontTools starts at the first on-curve point and leaves out the line that
            # closes the contour back to it
            lines -= on[prev[k]]
        first = last + 1
    lines += sum([1 for k, p in enumerate(prev) if on[k] and on[p]])
    # Segment ends: on-curve points and the points implied between two off-curve ones
    ends_x: list[float] = [x for x, o in zip(xs, on, strict=True) if o]
    ends_y: list[float] = [y for y, o in zip(ys, on, strict=True) if o]
    implied = [(k, n) for k, n in enumerate(nxt) if not on[k] and not on[n]]
    ends_x += [0.5 * (xs[k] + xs[n]) for k, n in implied]
    ends_y += [0.5 * (ys[k] + ys[n]) for k, n in implied]
    x0, y0, x1, y1 = min(ends_x), min(ends_y), max(ends_x), max(ends_y)
    # Each off-curve point is one quadratic segment; only one whose control point lies
    # outside the ends' box can reach past it (BoundsPen's test).
    offs = [k for k, o in enumerate(on) if not o]
    for k in offs:
        cx, cy = xs[k], ys[k]
        if x0 <= cx <= x1 and y0 <= cy <= y1:
            continue
        p, n = prev[k], nxt[k]
        p0 = (xs[p], ys[p]) if on[p] else (0.5 * (xs[p] + cx), 0.5 * (ys[p] + cy))
        p2 = (xs[n], ys[n]) if on[n] else (0.5 * (cx + xs[n]), 0.5 * (cy + ys[n]))
        b = calcQuadraticBounds(p0, (cx, cy), p2)
        x0, y0, x1, y1 = min(x0, b[0]), min(y0, b[1]), max(x1, b[2]), max(y1, b[3])
    return (x0, y0, x1, y1), n_contours, len(offs) + lines
