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

import struct
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


def _simple_outline(
    data: bytes, pos: int, end: int, n_contours: int, offset: int
) -> Outline | None:
    end_pts = struct.unpack_from(f">{n_contours}H", data, pos)
    pos += 2 * n_contours
    (n_instructions,) = struct.unpack_from(">H", data, pos)
    pos += 2 + n_instructions
    count = end_pts[-1] + 1
    flags = bytearray()
    while len(flags) < count:
        if pos >= end:
            return None
        flag = data[pos]
        pos += 1
        if flag & _REPEAT:
            if pos >= end:
                return None
            flags.extend(bytes((flag,)) * (data[pos] + 1))
            pos += 1
        else:
            flags.append(flag)
    if len(flags) != count:
        return None  # fontTools rejects flags that run past the last point
    xs: list[int] = []
    x = offset
    for flag in flags:
        if flag & _X_SHORT:
            if pos >= end:
                return None
            x += data[pos] if flag & _X_SAME else -data[pos]
            pos += 1
        elif not flag & _X_SAME:
            if pos + 2 > end:
                return None
            x += struct.unpack_from(">h", data, pos)[0]
            pos += 2
        xs.append(x)
    ys: list[int] = []
    y = 0
    for flag in flags:
        if flag & _Y_SHORT:
            if pos >= end:
                return None
            y += data[pos] if flag & _Y_SAME else -data[pos]
            pos += 1
        elif not flag & _Y_SAME:
            if pos + 2 > end:
                return None
            y += struct.unpack_from(">h", data, pos)[0]
            pos += 2
        ys.append(y)
    bounds: list[float] | None = None
    segments = 0
    first = 0
    for last in end_pts:
        if last < first:
            return None  # an empty contour: fontTools fails on it
        points = [(xs[i], ys[i], flags[i] & _ON) for i in range(first, last + 1)]
        if any(flags[i] & _CUBIC for i in range(first, last + 1)):
            return None
        first = last + 1
        bounds, n = _contour(points, bounds)
        segments += n
    return (None if bounds is None else (bounds[0], bounds[1], bounds[2], bounds[3]),
            n_contours, segments)


def _add(bounds: list[float] | None, x: float, y: float) -> list[float]:
    if bounds is None:
        return [x, y, x, y]
    if x < bounds[0]:
        bounds[0] = x
    if y < bounds[1]:
        bounds[1] = y
    if x > bounds[2]:
        bounds[2] = x
    if y > bounds[3]:
        bounds[3] = y
    return bounds


def _curve(bounds: list[float], p0: tuple[float, float], cx: float, cy: float,
           x: float, y: float) -> None:
    """``BoundsPen._qCurveToOne``: the end point, and the curve's extremes when its
    control point lies outside the bounds so far."""
    _add(bounds, x, y)
    if not (bounds[0] <= cx <= bounds[2] and bounds[1] <= cy <= bounds[3]):
        b = calcQuadraticBounds(p0, (cx, cy), (x, y))
        bounds[0] = min(bounds[0], b[0])
        bounds[1] = min(bounds[1], b[1])
        bounds[2] = max(bounds[2], b[2])
        bounds[3] = max(bounds[3], b[3])


def _contour(points: list[tuple[int, int, int]],
             bounds: list[float] | None) -> tuple[list[float], int]:
    """Bounds grown by one contour, and its segments, in fontTools' drawing order."""
    on = [i for i, p in enumerate(points) if p[2]]
    segments = 0
    if not on:
        # No on-curve point: start at the midpoint of the last and first points
        lx, ly, _ = points[-1]
        fx, fy, _ = points[0]
        start = (0.5 * (lx + fx), 0.5 * (ly + fy))
        bounds = _add(bounds, start[0], start[1])
        offs = [(p[0], p[1]) for p in points]
        current: tuple[float, float] = start
        for k, (cx, cy) in enumerate(offs):
            if k + 1 < len(offs):
                nx, ny = offs[k + 1]
                end = (0.5 * (cx + nx), 0.5 * (cy + ny))
            else:
                end = start
            _curve(bounds, current, cx, cy, end[0], end[1])
            current = end
            segments += 1
        return bounds, segments
    f = on[0]
    rotated = points[f + 1:] + points[: f + 1]
    mx, my, _ = rotated[-1]
    bounds = _add(bounds, mx, my)
    current = (mx, my)
    pending: list[tuple[int, int]] = []
    last = len(rotated) - 1
    for k, (x, y, is_on) in enumerate(rotated):
        if not is_on:
            pending.append((x, y))
            continue
        if not pending:
            if k != last:  # the closing line back to the start is implied
                _add(bounds, x, y)
                segments += 1
                current = (x, y)
            continue
        for j, (cx, cy) in enumerate(pending):
            if j + 1 < len(pending):
                nx, ny = pending[j + 1]
                end = (0.5 * (cx + nx), 0.5 * (cy + ny))
            else:
                end = (x, y)
            _curve(bounds, current, cx, cy, end[0], end[1])
            current = end
            segments += 1
        pending = []
    return bounds, segments
