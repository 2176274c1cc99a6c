"""Drawing a CFF (Type 2) glyph onto a pen without fontTools' charstring interpreter.

Typst embeds Noto CJK as CFF fonts, and every candidate glyph of such a font is measured
(:func:`.glyphs.measure_glyph`).  fontTools first turns a charstring's bytes into a list
of tokens and then runs it through one method call per operator: about 0.2 ms a glyph,
a tenth of a Typst page's time.  :func:`draw_t2` decodes and runs the bytes in one loop
and makes the same calls on the pen, with the same numbers in the same order, so the
pen ends up exactly as fontTools would leave it.  :class:`OutlineMeasure` is the
measuring pen for it, doing what fontTools' ``BoundsPen`` does in fewer calls.

It only draws what it can draw as fontTools does: a charstring that uses anything else
(arithmetic or CFF2 operators, ``seac``, an unknown operator, a subroutine fontTools has
decompiled already) or that fontTools would stop on with an error makes it return
``False`` before the caller trusts the pen, and the caller draws the glyph with fontTools.
"""

from __future__ import annotations

import struct
from typing import Any

from fontTools.misc.arrayTools import pointInRect, unionRect, updateBounds
from fontTools.misc.bezierTools import calcCubicBounds

_SHORT = struct.Struct(">h")
_LONG = struct.Struct(">l")
#: subroutine nesting the Type 2 spec allows (fontTools sets none; deeper: fontTools draws)
_MAX_DEPTH = 10


class _Unsupported(Exception):
    """The charstring needs something only fontTools' interpreter does."""


def _bias(subrs: Any) -> int:
    """The subroutine number bias of the Type 2 spec (fontTools' calcSubrBias)."""
    n = len(subrs)
    return 107 if n < 1240 else 1131 if n < 33900 else 32768


class _Drawer:
    """One glyph's run: the state of fontTools' T2OutlineExtractor."""

    def __init__(self, pen: Any, local_subrs: Any, global_subrs: Any) -> None:
        self.pen = pen
        self.local_subrs = local_subrs
        self.local_bias = _bias(local_subrs)
        self.global_subrs = global_subrs
        self.global_bias = _bias(global_subrs)
        self.stack: list[int | float] = []
        self.hint_count = 0
        self.hint_mask_bytes = 0
        self.got_width = False
        self.x: int | float = 0
        self.y: int | float = 0
        self.saw_move = False

    # -- the stack, as SimpleT2Decompiler/T2WidthExtractor pop it
    def popall(self) -> list[int | float]:
        args = self.stack[:]
        self.stack.clear()
        return args

    def popall_width(self, even_odd: int = 0) -> list[int | float]:
        args = self.popall()
        if not self.got_width:
            if even_odd ^ (len(args) % 2):
                args[0]  # noqa: B018  (fontTools reads the width: an empty stack fails)
                args = args[1:]
            self.got_width = True
        return args

    def count_hints(self) -> None:
        self.hint_count += len(self.popall_width()) // 2

    # -- the path, as T2OutlineExtractor draws it
    def next_point(self, dx: int | float, dy: int | float) -> tuple[int | float, int | float]:
        self.x, self.y = self.x + dx, self.y + dy
        return self.x, self.y

    def move(self, point: Any) -> None:
        self.pen.moveTo(self.next_point(point[0], point[1]))
        self.saw_move = True

    def line(self, point: Any) -> None:
        if not self.saw_move:
            self.move((0, 0))
        self.pen.lineTo(self.next_point(point[0], point[1]))

    def curve(self, a: Any, b: Any, c: Any) -> None:
        if not self.saw_move:
            self.move((0, 0))
        nxt = self.next_point
        self.pen.curveTo(nxt(a[0], a[1]), nxt(b[0], b[1]), nxt(c[0], c[1]))

    def end_path(self) -> None:
        if self.saw_move:
            self.pen.closePath()
        self.saw_move = False

    def turning_curve(self, args: list[Any], vertical: bool) -> list[Any]:
        """One curve of vhcurveto/hvcurveto: it leaves vertically (or horizontally) and
        arrives at right angles; a lone fifth argument is its last, otherwise zero."""
        da, dxb, dyb, dc = args[:4]
        args = args[4:]
        if len(args) == 1:
            last = args[0]
            args = []
        else:
            last = 0
        if vertical:
            self.curve((0, da), (dxb, dyb), (dc, last))
        else:
            self.curve((da, 0), (dxb, dyb), (last, dc))
        return args

    def run(self, code: bytes, depth: int) -> None:  # noqa: C901 - one branch per operator
        """Run one charstring's bytes (fontTools' execute loop, tokens read as they come)."""
        stack = self.stack
        push = stack.append
        end = len(code)
        i = 0
        while i < end:
            b0 = code[i]
            i += 1
            if b0 >= 32:
                if b0 <= 246:
                    push(b0 - 139)
                elif b0 <= 250:
                    push((b0 - 247) * 256 + code[i] + 108)
                    i += 1
                elif b0 <= 254:
                    push(-(b0 - 251) * 256 - code[i] - 108)
                    i += 1
                else:
                    if i + 4 > end:
                        raise _Unsupported
                    push(_LONG.unpack_from(code, i)[0] / 65536)
                    i += 4
            elif b0 == 28:
                if i + 2 > end:
                    raise _Unsupported
                push(_SHORT.unpack_from(code, i)[0])
                i += 2
            elif b0 == 8:  # rrcurveto
                args = self.popall()
                for k in range(0, len(args), 6):
                    dxa, dya, dxb, dyb, dxc, dyc = args[k : k + 6]
                    self.curve((dxa, dya), (dxb, dyb), (dxc, dyc))
            elif b0 == 5:  # rlineto
                args = self.popall()
                for k in range(0, len(args), 2):
                    self.line(args[k : k + 2])
            elif b0 == 6 or b0 == 7:  # hlineto, vlineto
                horizontal = b0 == 6
                for arg in self.popall():
                    self.line((arg, 0) if horizontal else (0, arg))
                    horizontal = not horizontal
            elif b0 == 30 or b0 == 31:  # vhcurveto, hvcurveto
                vertical = b0 == 30
                args = self.popall()
                while args:
                    args = self.turning_curve(args, vertical)
                    vertical = not vertical
            elif b0 == 10 or b0 == 29:  # callsubr, callgsubr
                if depth >= _MAX_DEPTH:
                    raise _Unsupported
                number = stack.pop()
                if b0 == 10:
                    subr = self.local_subrs[number + self.local_bias]
                else:
                    subr = self.global_subrs[number + self.global_bias]
                sub_code = getattr(subr, "bytecode", None)
                if sub_code is None:  # decompiled by fontTools already: it draws
                    raise _Unsupported
                self.run(sub_code, depth + 1)
            elif b0 == 11:  # return
                pass
            elif b0 == 21:  # rmoveto
                self.end_path()
                self.move(self.popall_width())
            elif b0 == 22:  # hmoveto
                self.end_path()
                self.move((self.popall_width(1)[0], 0))
            elif b0 == 4:  # vmoveto
                self.end_path()
                self.move((0, self.popall_width(1)[0]))
            elif b0 in (1, 3, 18, 23):  # hstem, vstem, hstemhm, vstemhm
                self.count_hints()
            elif b0 == 19 or b0 == 20:  # hintmask, cntrmask
                if not self.hint_mask_bytes:
                    self.count_hints()
                    self.hint_mask_bytes = (self.hint_count + 7) // 8
                if i + self.hint_mask_bytes > end:
                    raise _Unsupported
                i += self.hint_mask_bytes
            elif b0 == 14:  # endchar
                self.end_path()
                if self.popall_width():  # seac: accented glyphs from components
                    raise _Unsupported
            elif b0 == 24:  # rcurveline
                args = self.popall()
                for k in range(0, len(args) - 2, 6):
                    dxb, dyb, dxc, dyc, dxd, dyd = args[k : k + 6]
                    self.curve((dxb, dyb), (dxc, dyc), (dxd, dyd))
                self.line(args[-2:])
            elif b0 == 25:  # rlinecurve
                args = self.popall()
                line_args = args[:-6]
                for k in range(0, len(line_args), 2):
                    self.line(line_args[k : k + 2])
                dxb, dyb, dxc, dyc, dxd, dyd = args[-6:]
                self.curve((dxb, dyb), (dxc, dyc), (dxd, dyd))
            elif b0 == 26:  # vvcurveto
                args = self.popall()
                if len(args) % 2:
                    d1, args = args[0], args[1:]
                else:
                    d1 = 0
                for k in range(0, len(args), 4):
                    dya, dxb, dyb, dyc = args[k : k + 4]
                    self.curve((d1, dya), (dxb, dyb), (0, dyc))
                    d1 = 0
            elif b0 == 27:  # hhcurveto
                args = self.popall()
                if len(args) % 2:
                    d1, args = args[0], args[1:]
                else:
                    d1 = 0
                for k in range(0, len(args), 4):
                    dxa, dxb, dyb, dxc = args[k : k + 4]
                    self.curve((dxa, d1), (dxb, dyb), (dxc, 0))
                    d1 = 0
            elif b0 == 12:
                if i >= end:
                    raise _Unsupported
                b1 = code[i]
                i += 1
                self.escaped(b1)
            else:  # vsindex, blend (CFF2), reserved codes
                raise _Unsupported

    def escaped(self, b1: int) -> None:
        """The two-byte operators fontTools draws: flex, hflex, hflex1, flex1, dotsection."""
        curve = self.curve
        if b1 == 35:  # flex
            dx1, dy1, dx2, dy2, dx3, dy3, dx4, dy4, dx5, dy5, dx6, dy6, _ = self.popall()
            curve((dx1, dy1), (dx2, dy2), (dx3, dy3))
            curve((dx4, dy4), (dx5, dy5), (dx6, dy6))
        elif b1 == 34:  # hflex
            dx1, dx2, dy2, dx3, dx4, dx5, dx6 = self.popall()
            curve((dx1, 0), (dx2, dy2), (dx3, 0))
            curve((dx4, 0), (dx5, -dy2), (dx6, 0))
        elif b1 == 36:  # hflex1
            dx1, dy1, dx2, dy2, dx3, dx4, dx5, dy5, dx6 = self.popall()
            dy6 = -(dy1 + dy2 + 0 + 0 + dy5)
            curve((dx1, dy1), (dx2, dy2), (dx3, 0))
            curve((dx4, 0), (dx5, dy5), (dx6, dy6))
        elif b1 == 37:  # flex1
            dx1, dy1, dx2, dy2, dx3, dy3, dx4, dy4, dx5, dy5, d6 = self.popall()
            dx = dx1 + dx2 + dx3 + dx4 + dx5
            dy = dy1 + dy2 + dy3 + dy4 + dy5
            if abs(dx) > abs(dy):
                dx6, dy6 = d6, -dy
            else:
                dx6, dy6 = -dx, d6
            curve((dx1, dy1), (dx2, dy2), (dx3, dy3))
            curve((dx4, dy4), (dx5, dy5), (dx6, dy6))
        elif b1 != 0:  # 0: dotsection, ignored
            raise _Unsupported


class OutlineMeasure:
    """A pen that keeps what :class:`.glyphs._MeasuringPen` (a fontTools ``BoundsPen``
    counting contours and segments) keeps, computed by the same fontTools functions in
    the same order, for the calls :func:`draw_t2` makes (``curveTo`` with one cubic's
    three points), without the layers of fontTools' pen classes."""

    def __init__(self) -> None:
        self.bounds: tuple[Any, Any, Any, Any] | None = None
        self.contours = 0
        self.segments = 0
        self._current: Any = None

    def moveTo(self, pt: Any) -> None:  # noqa: N802 - the pen protocol's names
        self.contours += 1
        self.bounds = updateBounds(self.bounds, pt)
        self._current = pt

    def lineTo(self, pt: Any) -> None:  # noqa: N802
        self.segments += 1
        self.bounds = updateBounds(self.bounds, pt)
        self._current = pt

    def curveTo(self, bcp1: Any, bcp2: Any, pt: Any) -> None:  # noqa: N802
        self.segments += 1
        bounds = updateBounds(self.bounds, pt)
        if not pointInRect(bcp1, bounds) or not pointInRect(bcp2, bounds):
            bounds = unionRect(bounds, calcCubicBounds(self._current, bcp1, bcp2, pt))
        self.bounds = bounds
        self._current = pt

    def closePath(self) -> None:  # noqa: N802
        self._current = None


def draw_t2(charstring: Any, pen: Any) -> bool:
    """Draw a fontTools ``T2CharString`` onto ``pen`` as its ``draw`` would; ``False``
    (the pen then half drawn: throw it away) where only fontTools can tell the outcome."""
    from fontTools.misc.psCharStrings import T2CharString

    code = getattr(charstring, "bytecode", None)
    if type(charstring) is not T2CharString or code is None:
        return False
    private = charstring.private
    try:
        if private.nominalWidthX is None or private.defaultWidthX is None:  # CFF2: no widths
            return False
        drawer = _Drawer(pen, getattr(private, "Subrs", []), charstring.globalSubrs)
        drawer.run(code, 0)
        drawer.end_path()
    except Exception:  # _Unsupported, or an error fontTools may meet too: it decides
        return False
    return True
