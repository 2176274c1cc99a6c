"""From characters on pages to articles: lines, tables, running heads, reading order,
paragraphs and headlines, all from geometry that any typesetting engine produces.

Each step is a small function over plain glyph boxes, tested on synthetic glyph lists:

* **Rows** (:func:`find_rows`): characters sharing a baseline, across the whole page.
* **Gutters** (:func:`find_gutters`): white space that runs down several rows with
  text close on both sides, found on a 1-point occupancy grid of the rows (numpy), and
  vertical rules (:attr:`Page.rules`).  A gutter is known before any line is built, so
  its width does not matter: one em, half an em, or a hairline rule.
* **Lines** (:func:`split_rows`, :func:`build_lines`): each row cut wherever a gutter or a
  rule crosses it, so no line ever joins two columns.
* **Tables**: grids of ruling lines; the characters inside become cells (rows x columns)
  and the table is one block in the reading order, never prose.
* **Running heads, folios, masthead**: lines in the top or bottom margin whose text
  (digits aside) recurs on other pages, bare page numbers, lines above a page-wide rule
  at the top; on the first page the masthead (paper name, date, issue number) above its
  rule.
* **Reading order** (:func:`reading_order`): recursive XY-cut with fixed priorities: a
  horizontal gap holding a rule across the region (bands, boxes) first; then every
  vertical gap (articles side by side, columns); then the widest horizontal gap that
  stands out from the line spacing (a headline over its columns).  A region no cut
  divides is one leaf, read top to bottom.  A leaf records whether it opens a new *cell*
  (a part of a band beside another article, not the next column of an article's body
  under its headline): body text there starts a new article.
* **Paragraphs**: a new paragraph where a line is indented, where the line before it is
  short, or where a wider vertical gap opens; a column that ends mid-paragraph continues
  into the next.
* **Articles**: a headline (larger type than the body), with its kicker and subtitle
  (type between body and headline), opens an article; the body that follows in reading
  order belongs to it until the next headline or the next cell.

The interface :func:`layout_pages` returns: a list of :class:`ArticleLayout` (title lines,
items = paragraphs as lists of :class:`Line` and :class:`Table`, pages) and the running
heads dropped from each page (page number -> texts).  :func:`analyse_page` gives one
page's intermediate results (rows, gutters, lines, leaves) for the debug view.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter

import numpy as np

from .extract import Char, Page, Rule

#: rows: characters whose baselines differ by less than this (share of their size)
BASELINE_SHARE = 0.2
#: characters on one baseline this many times larger than others form a row of their own
SIZE_STEP = 1.6
#: a white strip at least this wide (body ems) with text on both sides may be a gutter
GUTTER_MIN_EM = 0.4
#: ... if it runs down at least this many rows with text close on both sides
GUTTER_ROWS = 3
#: ... or this many where a gutter runs at the same x elsewhere on the page
GRID_GUTTER_ROWS = 2
#: glyph boxes at most this far apart (points) touch: one line, no white between
TOUCH = 0.3
#: "close": text within this many body ems on each side of the strip
GUTTER_REACH_EM = 2.5
#: a gap cut at a gutter is at least this share of the smaller character's size wide
GUTTER_SHARE_OF_SIZE = 0.4
#: no line holds a white gap this wide (ems of its type)
WIDE_GAP_EM = 3.0
#: a vertical rule this long (body ems) or longer divides the rows it crosses
RULE_MIN_EM = 1.5
#: a vertical gap this wide (body ems) between blocks divides a region
V_GAP_EM = 0.3
#: a headline's type is at least this much larger than the body's
HEADLINE_RATIO = 1.3
#: kickers (引题) and subtitles (副题) around a headline: larger than the body, smaller
#: than the headline
DISPLAY_RATIO = 1.12
#: a first line indented by at least this (ems) opens a paragraph
INDENT_EM = 1.2
#: a line ending this far (ems) short of its column's right edge closes a paragraph
SHORT_LINE_EM = 1.5
#: margins (share of page height) where running heads and folios live
MARGIN_SHARE = 0.06
#: a band's rule still divides where at most this many lines overflowing a column run over it
OVERRUN_LINES = 2
#: a masthead's name is set this many times larger than the body, or more
MASTHEAD_RATIO = 2.5
#: the first page's masthead sits above a page-wide rule within this share of the page
MASTHEAD_SHARE = 0.25


@dataclass(slots=True)
class Line:
    """Characters on one baseline within one column."""

    chars: list[Char]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    #: x0 and x1 without the punctuation an engine hangs into the margin or gutter
    #: (a line-final ``，`` or a line-initial ``（``) and without a space at either end:
    #: the column's own edges
    core_x0: float = 0.0
    core_x1: float = 0.0

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)


@dataclass(slots=True)
class Table:
    """A ruled table: ``rows[r][c]`` is the text of one cell."""

    rows: list[list[str]]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int


Block = Line | Table


@dataclass(slots=True)
class Leaf:
    """A run of blocks no cut divides (a column segment, a headline, a table), in
    reading order.  ``fresh``: it opens a new cell of its band, so body text in it
    does not continue the article before it."""

    blocks: list[Block]
    fresh: bool = False


@dataclass
class ArticleLayout:
    """One article as laid out: headline, paragraphs (each a list of its lines), tables.

    ``items`` keeps paragraphs and tables in reading order: a paragraph is a list of
    :class:`Line`, a table a :class:`Table`.
    """

    title_lines: list[Line] = field(default_factory=list)
    items: list[list[Line] | Table] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    @property
    def headline_parts(self) -> list[list[Line]]:
        """Kicker, headline, subtitle...: runs of heading lines of one type size."""
        parts: list[list[Line]] = []
        for line in self.title_lines:
            if parts and abs(parts[-1][-1].size - line.size) <= 0.05 * line.size:
                parts[-1].append(line)
            else:
                parts.append([line])
        return parts

    @property
    def main_part(self) -> int:
        """Index of the headline proper among :attr:`headline_parts` (the largest type)."""
        parts = self.headline_parts
        return max(range(len(parts)), key=lambda i: parts[i][0].size) if parts else 0

    @property
    def title(self) -> str:
        parts = self.headline_parts
        return "".join(line.text for line in parts[self.main_part]) if parts else ""


# ------------------------------------------------------------------ rows


def find_rows(chars: Sequence[Char]) -> list[list[Char]]:
    """Characters grouped by baseline across the whole page, rows top to bottom, each
    row's characters left to right.  Type of clearly different sizes on one baseline
    (a masthead's name beside its date line) makes separate rows."""
    if not chars:
        return []

    bases = [c.bottom if c.baseline is None else c.baseline for c in chars]
    order = sorted(range(len(chars)), key=bases.__getitem__)  # stable, as sorting chars
    rows: list[list[Char]] = []
    row = [chars[order[0]]]
    first, lead = bases[order[0]], row[0].size
    for k in order[1:]:
        c = chars[k]
        if bases[k] - first <= BASELINE_SHARE * max(c.size, lead, 1.0):
            row.append(c)
        else:
            rows.extend(_by_size(row))
            row, first, lead = [c], bases[k], c.size
    rows.extend(_by_size(row))
    for row in rows:
        row.sort(key=_X0)
    return rows


_X0 = attrgetter("x0")


def _by_size(row: list[Char]) -> list[list[Char]]:
    sizes = [c.size for c in row]
    small = min(sizes)
    if max(sizes) < SIZE_STEP * small:
        return [row]
    groups: dict[int, list[Char]] = {}
    step = np.log(SIZE_STEP)
    for c, size in zip(row, sizes, strict=True):
        groups.setdefault(int(np.log(max(size, 0.1) / small) / step), []).append(c)
    return [groups[k] for k in sorted(groups)]


def char_em(chars: Sequence[Char]) -> float:
    """The most common character size (the body's em)."""
    sizes = Counter(c.size for c in chars)
    return round(sizes.most_common(1)[0][0], 1) if sizes else 10.0


# ------------------------------------------------------------------ gutters


@dataclass
class GutterMap:
    """Where gutters run: ``cells[r, x]`` is true where row ``r`` (of
    :func:`find_rows`), at points ``x .. x+1``, lies in a gutter found from white space;
    ``rules`` the vertical rules that divide rows, as (x, top, bottom)."""

    cells: np.ndarray
    rules: list[tuple[float, float, float]]

    def divides(
        self,
        row: int,
        top: float,
        bottom: float,
        x0: float,
        x1: float,
        rule_x0: float | None = None,
        rule_x1: float | None = None,
    ) -> bool:
        """Whether the white gap ``x0..x1`` of row ``row`` (spanning ``top..bottom``)
        holds a gutter or a rule.  A rule may also lie anywhere in ``rule_x0..rule_x1``
        (the centres of the glyphs on either side of the gap): a glyph too wide for its
        measure, a three-em dash at the end of an overfull line, is drawn over it."""
        mid = (top + bottom) / 2
        lo = x0 - 1.0 if rule_x0 is None else min(x0 - 1.0, rule_x0)
        hi = x1 + 1.0 if rule_x1 is None else max(x1 + 1.0, rule_x1)
        for x, r_top, r_bottom in self.rules:
            if lo <= x <= hi and r_top - 1.0 <= mid <= r_bottom + 1.0:
                return True
        lo = max(int(x0) + 1, 0)
        hi = min(int(x1), self.cells.shape[1])
        return row < self.cells.shape[0] and lo < hi and bool(self.cells[row, lo:hi].any())

    def spans(self, row: int, x0: float, x1: float) -> bool:
        """Whether row ``row``'s gutter strip fills the whole white gap ``x0..x1`` (two
        points at least): the gutter found down the page runs through this row too,
        however much a glyph hung into it narrowed the gap (a three-em dash ending an
        overfull line, a closing bracket).  Needed where the gap is below
        :data:`GUTTER_SHARE_OF_SIZE` of the type size: the strip, at least
        :data:`GUTTER_MIN_EM` wide, was found from this row's own white."""
        lo = max(int(x0) + 1, 0)
        hi = min(int(x1), self.cells.shape[1])
        return row < self.cells.shape[0] and hi - lo >= 2 and bool(self.cells[row, lo:hi].all())

    def strips(self, rows: list[list[Char]]) -> list[tuple[float, float, float, float]]:
        """The gutters as rectangles ``(x0, top, x1, bottom)`` (one per row and gutter),
        for the debug view."""
        out: list[tuple[float, float, float, float]] = []
        for r in range(min(self.cells.shape[0], len(rows))):
            xs = np.flatnonzero(self.cells[r])
            if xs.size == 0:
                continue
            top = min(c.top for c in rows[r])
            bottom = max(c.bottom for c in rows[r])
            breaks = np.flatnonzero(np.diff(xs) > 1)
            starts = np.r_[xs[0], xs[breaks + 1]]
            ends = np.r_[xs[breaks], xs[-1]] + 1
            out.extend((float(a), top, float(b), bottom) for a, b in zip(starts, ends, strict=True))
        out.extend((x - 0.5, top, x + 0.5, bottom) for x, top, bottom in self.rules)
        return out


def _prefix(mask: np.ndarray) -> np.ndarray:
    """Row-wise prefix counts: ``out[r, x]`` = true cells of ``mask[r, :x]``."""
    out = np.zeros((mask.shape[0], mask.shape[1] + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=out[:, 1:])
    return out


def _window(prefix: np.ndarray, before: int, after: int) -> np.ndarray:
    """``out[r, x]``: any true cell in ``x-before .. x+after`` of the row whose prefix
    counts are ``prefix`` (clipped to the row)."""
    width = prefix.shape[1] - 1
    lo = max(before, 0)
    hi = max(after + 1, 0)
    padded = np.concatenate(
        [np.repeat(prefix[:, :1], lo, axis=1), prefix, np.repeat(prefix[:, -1:], hi, axis=1)],
        axis=1,
    )
    # count over [x-before, x+after] = P[x+after+1] - P[x-before], shifted by ``lo``
    start = lo - before
    stop = lo + after + 1
    return (padded[:, stop : stop + width] - padded[:, start : start + width]) > 0


def row_ink(rows: list[list[Char]], width: float) -> np.ndarray:
    """``ink[r, x]``: a character of row ``r`` covers points ``x .. x+1`` (full-width
    punctuation only the half of its box its glyph is drawn in; a space hung past its
    line's measure none, see :func:`_hung_space`)."""
    n_x = int(width) + 2
    counts = [len(row) for row in rows]
    flat = [c for row in rows for c in row]
    x0 = np.fromiter((c.x0 for c in flat), dtype=np.float64, count=len(flat))
    x1 = np.fromiter((c.x1 for c in flat), dtype=np.float64, count=len(flat))
    # full-width punctuation hung at a line's end inks only half its em
    k = 0
    blank: list[int] = []
    for row in rows:
        for i, c in enumerate(row):
            if c.text in _HALF_INKED:
                x0[k + i], x1[k + i] = _row_ink_span(row, i)
            elif c.text.isspace() and _hung_space(row, i):
                blank.append(k + i)
        k += len(row)
    base = np.repeat(np.arange(len(rows)) * (n_x + 1), counts)
    b0 = np.clip(np.floor(x0).astype(np.int64), 0, n_x - 1)
    b1 = np.maximum(np.clip(np.ceil(x1).astype(np.int64), 1, n_x), b0 + 1)
    if blank:
        b1[blank] = b0[blank]  # an empty span: +1 and -1 at one cell
    size = len(rows) * (n_x + 1)
    diff = np.bincount(base + b0, minlength=size) - np.bincount(base + b1, minlength=size)
    return np.cumsum(diff.reshape(len(rows), n_x + 1)[:, :n_x], axis=1) > 0


def _hung_space(row: list[Char], i: int) -> bool:
    """Whether the space ``row[i]`` ends a line, hung past its measure: it overlaps the
    next glyph's box (the next column's first), or white of a gutter's width follows
    it, or nothing does.  An engine hangs a line-final U+3000 into the gutter, where its
    box hid the gutter from that row down; it inks nothing.  A space set between two
    glyphs of a line (a masthead's date line over the gutters below) still counts as
    ink: its white is no gutter's."""
    c = row[i]
    if i + 1 == len(row):
        return True
    after = row[i + 1].x0 - c.x1
    return after < -TOUCH or after >= GUTTER_SHARE_OF_SIZE * c.size


def _row_ink_span(row: list[Char], i: int) -> tuple[float, float]:
    """The x span ``row[i]`` (a full-width mark) inks for gutter finding: the half of
    its em its glyph is drawn in (see :func:`_ink_x0`, :func:`_ink_x1`), unless the
    glyph on its empty side touches its box.  Then the mark sits inside a line, and
    the white half of a headline's comma is no gap for a gutter to run through."""
    c = row[i]
    x0, x1 = _ink_x0(c), _ink_x1(c)
    if x1 < c.x1 and i + 1 < len(row) and row[i + 1].x0 <= c.x1 + TOUCH:
        if not _hung_pair(c, row[i + 1]):
            x1 = c.x1
    if x0 > c.x0 and i > 0 and row[i - 1].x1 >= c.x0 - TOUCH:
        if not _hung_pair(row[i - 1], c):
            x0 = c.x0
    return x0, x1


def _gap_nearby(rows: list[list[Char]], r: int, x1: float, x0: float, reach: int = 3) -> bool:
    """Whether a row within ``reach`` rows of row ``r`` has white from ``x1`` to ``x0``
    (within a point) between the ink of two glyphs, their boxes a gap apart: the same
    gutter beside two other lines.  A touching pair of hung marks divides only there;
    inside running text (a list of titles, ``》、《`` stacked on an em grid), no."""
    for k in range(max(r - reach, 0), min(r + reach + 1, len(rows))):
        if k == r:
            continue
        row = rows[k]
        for a, b in zip(row, row[1:], strict=False):
            white = b.x0 - a.x1 >= GUTTER_SHARE_OF_SIZE * min(a.size, b.size)
            if white and abs(_ink_x1(a) - x1) <= 1.0 and abs(_ink_x0(b) - x0) <= 1.0:
                return True
    return False


def _hung_pair(prev: Char, c: Char) -> bool:
    """Whether ``prev`` and ``c`` are a closing and an opening mark, both full-width
    boxes inked in their outer halves: what a line hung into a gutter and the next
    column's line hung out of it look like, even with their boxes touching."""
    return (
        prev.text in _CLOSING
        and c.text in _OPENING
        and c.x0 >= prev.x1 - TOUCH  # overlapping: set tight inside a line
        and _ink_x1(prev) < prev.x1
        and _ink_x0(c) > c.x0
    )


def _mostly_chinese(row: list[Char]) -> bool:
    """Whether most of ``row``'s characters are CJK (ideographs, full-width forms)."""
    return sum(1 for c in row if ord(c.text[:1] or " ") >= 0x2E80) * 2 > len(row)


def _squared_rows(
    ink: np.ndarray, open_cells: np.ndarray, key: np.ndarray, indent: np.ndarray,
    both_sides: np.ndarray,
) -> np.ndarray:
    """Per white run (``key``): how many of its open cells have the row's own text
    on both sides, flush with the run's rightmost left-hand text end and with its
    leftmost right-hand text start (``indent`` 0, for the open cells in order)."""
    n_x = ink.shape[1]
    cols = np.broadcast_to(np.arange(n_x, dtype=np.int32), ink.shape)
    ends = np.maximum.accumulate(np.where(ink, cols, np.int32(-1)), axis=1)[open_cells]
    run_keys = key[open_cells]
    last = np.full(key.max() + 1, -1, dtype=np.int32)
    np.maximum.at(last, run_keys, ends)
    square = both_sides[open_cells] & (np.abs(indent) <= 1.0) & (last[run_keys] - ends <= 1)
    return np.bincount(run_keys[square], minlength=key.max() + 1)


def _grid_fits(
    rows: list[list[Char]], ink: np.ndarray, cells: np.ndarray, chinese: np.ndarray
) -> np.ndarray:
    """Cells of the rows (``chinese`` ones) whose white run fills one of the page's
    grid gutters (x runs where ``cells``, the gutters found so far, has any) edge to
    edge, within a point, where no gutter was found yet: the row's text ends at
    the column's measure on the left and starts at the next column's on the right.  The
    glyphs' boxes must leave it white too: the white halves of ``》、《`` in a list of
    titles on an em grid fill a gutter's width as well."""
    out = np.zeros_like(ink)
    xs = np.flatnonzero(cells.any(axis=0))
    if xs.size == 0 or not chinese.any():
        return out
    breaks = np.flatnonzero(np.diff(xs) > 1)
    n_x = ink.shape[1]
    for a, b in zip(np.r_[xs[0], xs[breaks + 1]], np.r_[xs[breaks], xs[-1]] + 1, strict=True):
        if a < 2 or b + 2 > n_x:
            continue
        fits = (
            chinese
            & ~cells[:, a + 1 : b - 1].all(axis=1)
            & ~ink[:, a + 1 : b - 1].any(axis=1)
            & ink[:, a - 2 : a + 1].any(axis=1)
            & ink[:, b - 1 : b + 2].any(axis=1)
        )
        for r in np.flatnonzero(fits):
            if not any(c.x0 < b - 1 and c.x1 > a + 1 for c in rows[r]):
                out[r, a:b] = True
    return out & ~ink


def find_gutters(
    rows: list[list[Char]], rules: Sequence[Rule], width: float, em: float
) -> GutterMap:
    """Column gutters of a page, from white space and from vertical rules.

    On a grid of the rows (:func:`find_rows`) by 1-point cells across the page, a white
    cell is *open* where its white run is at least :data:`GUTTER_MIN_EM` wide and text
    lies within :data:`GUTTER_REACH_EM` on both sides of it, on one side in its own row,
    on the other in its row or the row next to it within an em (neighbouring columns
    need not share baselines).  Going down one x, the rows between two inked cells form
    a white run; a run holding at least :data:`GUTTER_ROWS` open cells after which the
    text starts at one x (the next column's flush left edge, or one or two ems in from it,
    of the body or of the row's own type: an indented first line) is a gutter over all
    its rows, where the strip is that wide; where such a gutter runs at the same x
    elsewhere on the page (its column grid), :data:`GRID_GUTTER_ROWS` rows are enough.
    Word spaces and short lines do not line up that way; the space between columns
    does, however narrow.  A vertical rule longer than :data:`RULE_MIN_EM` divides
    every row it crosses.
    """
    rule_list = [
        ((r.x0 + r.x1) / 2, r.top, r.bottom)
        for r in rules
        if not r.horizontal and r.bottom - r.top >= RULE_MIN_EM * em
    ]
    if not rows:
        return GutterMap(np.zeros((0, int(width) + 2), dtype=bool), rule_list)
    ink = row_ink(rows, width)
    n_rows, n_x = ink.shape
    white = ~ink
    # Ink of each row with its neighbours within an em (baselines a little apart).
    mids = np.array([row[0].bottom for row in rows])  # rows in order of baseline
    near = ink.copy()
    close = np.flatnonzero(np.diff(mids) <= em)
    near[close] |= ink[close + 1]
    near[close + 1] |= ink[close]
    # A white run of >= ``need`` cells: windows of ``need`` all-white cells, widened back.
    need = max(2, int(round(GUTTER_MIN_EM * em)) - 1)
    full = ~_window(_prefix(ink), 0, need - 1)
    full[:, n_x - need + 1 :] = False
    wide = _window(_prefix(full), need - 1, 0) & white
    reach = max(2, int(round(GUTTER_REACH_EM * em)))
    own_prefix, near_prefix = _prefix(ink), _prefix(near)
    own_left, own_right = _window(own_prefix, reach, -1), _window(own_prefix, -1, reach)
    near_left, near_right = _window(near_prefix, reach, -1), _window(near_prefix, -1, reach)
    # the row's own text on one side at least: one line's gap is not counted twice; or
    # the next column's text close on the right and a short line far on the left (the
    # end of a paragraph: a caption of three lines has but two full ones)
    own_any_left = own_prefix[:, :-1] > 0
    open_cells = wide & (
        (own_left & near_right) | (near_left & own_right) | (own_right & own_any_left)
    )
    # White runs down each x: rows between two inked cells share a label.
    label = np.cumsum(ink, axis=0, dtype=np.int32)
    key = label * n_x + np.arange(n_x, dtype=np.int32)
    # Where the text right of each open cell begins: the next column's flush left edge
    # in a gutter, wherever the next word happens to start in a river of word spaces.
    cols = np.broadcast_to(np.arange(n_x, dtype=np.int32), ink.shape)
    own_edge = np.minimum.accumulate(np.where(ink, cols, np.int32(n_x))[:, ::-1], axis=1)
    near_edge = np.minimum.accumulate(np.where(near, cols, np.int32(n_x))[:, ::-1], axis=1)
    # the row's own text where it has some on the right, else its neighbour's
    edge = np.where(own_right, own_edge[:, ::-1], near_edge[:, ::-1])
    run_keys, run_edges = key[open_cells], edge[open_cells]
    flush = np.full((n_rows + 1) * n_x, n_x, dtype=np.int32)
    np.minimum.at(flush, run_keys, run_edges)
    indent = (run_edges - flush[run_keys]).astype(np.float64)
    em_steps = np.round(indent / em)
    aligned = (np.abs(indent - em_steps * em) <= 1.0) & (em_steps <= 2)  # flush, or indented
    # ... in ems of the row's own type (the height of its glyph boxes, on the page):
    # captions and briefs in smaller type than the body indent by their own ems
    row_em = np.array(
        [max(row[len(row) // 2].bottom - row[len(row) // 2].top, 1.0) for row in rows],
        dtype=np.float64,
    )
    own_em = np.broadcast_to(row_em[:, None], ink.shape)[open_cells]
    own_steps = np.round(indent / own_em)
    aligned |= (np.abs(indent - own_steps * own_em) <= 1.0) & (own_steps <= 2)
    per_run = np.bincount(run_keys[aligned], minlength=(n_rows + 1) * n_x)
    cells = white & (per_run[key] >= GUTTER_ROWS)
    # Where the page's column grid has a gutter (found above at this x), two rows are
    # enough: a short article over two columns under its headline.
    grid = cells.any(axis=0)
    cells |= white & grid[None, :] & (per_run[key] >= GRID_GUTTER_ROWS)
    # So are two rows of Chinese squared off on both sides, the text on the left ending
    # at one x as well as the next column's starting at one: two justified measures side
    # by side (an article's last column holding two lines beside a full one).  Chinese
    # justified type has no word spaces to line up by chance.
    chinese = np.array([_mostly_chinese(row) for row in rows], dtype=bool)[:, None]
    both_sides = own_left & own_right & chinese
    cells |= white & (_squared_rows(ink, open_cells, key, indent, both_sides)[key]
                      >= GRID_GUTTER_ROWS)
    # And one row of Chinese whose white is exactly a gutter of the grid, ink on both
    # sides at its edges: an article's last column holding a single line.
    cells |= _grid_fits(rows, ink, cells, chinese[:, 0])
    # The strip itself, not only each row's gap, is that wide: no chance river.
    strip = ~_window(_prefix(~cells), 0, need - 1)
    strip[:, n_x - need + 1 :] = False
    cells &= _window(_prefix(strip), need - 1, 0)
    return GutterMap(cells, rule_list)


# ------------------------------------------------------------------ lines


def split_rows(rows: list[list[Char]], gutters: GutterMap, page: int) -> list[Line]:
    """Each row cut into lines wherever a gutter or a vertical rule crosses it, and at
    any white gap of :data:`WIDE_GAP_EM` or more (a footer beside its folio)."""
    lines: list[Line] = []
    rule_xs = sorted(x for x, _, _ in gutters.rules)
    for r, row in enumerate(rows):
        top = bottom = -1.0
        run = [row[0]]
        for prev, c in zip(row, row[1:], strict=False):
            if prev.text.isspace() and not c.text.isspace() and _blank_in_gutter(
                gutters, r, row, run, c
            ):
                lines.append(_make_line(run, page))
                run = [c]
                continue
            # touching boxes, or the tracking of justified type, never divide (but a
            # pair of marks hung into a gutter from both sides may touch)
            if c.x0 - prev.x1 > TOUCH or (
                _hung_pair(prev, c) and _gap_nearby(rows, r, _ink_x1(prev), _ink_x0(c))
            ):
                ink_x1, ink_x0 = _hung_edges(prev, c)
                gap = ink_x0 - ink_x1
                small = prev.size if prev.size < c.size else c.size
                if c.text.isspace():
                    # A space stretched over a rule ends the line it follows: a rule
                    # divides only in the white before it.
                    after, before = prev.x1 - 1, c.x0 + 1
                else:
                    after, before = (prev.x0 + prev.x1) / 2, (c.x0 + c.x1) / 2
                if (
                    gap >= GUTTER_SHARE_OF_SIZE * small
                    or _any_between(rule_xs, after, before)
                    or (gap >= 2.0 and gutters.spans(r, ink_x1, ink_x0))
                ):
                    if top < 0:
                        top = min(ch.top for ch in row)
                        bottom = max(ch.bottom for ch in row)
                    if gap >= WIDE_GAP_EM * small or gutters.divides(
                        r, top, bottom, ink_x1, ink_x0, after, before
                    ):
                        lines.append(_make_line(run, page))
                        run = [c]
                        continue
            run.append(c)
        lines.append(_make_line(run, page))
    return lines


def _blank_in_gutter(
    gutters: GutterMap, r: int, row: list[Char], run: list[Char], c: Char
) -> bool:
    """Whether the white from the last glyph of ``run`` to ``c``, the spaces ending
    ``run`` taken as white (they have no ink), divides row ``r``: a line-final U+3000
    hung past the measure over the gutter's rule, or touching the next column's first
    glyph.  The spaces end the line they follow."""
    k = len(run)
    while k > 0 and run[k - 1].text.isspace():
        k -= 1
    if k == 0:
        return False
    last = run[k - 1]
    if gutters.spans(r, last.x1, c.x0):
        return True
    if c.x0 - last.x1 < GUTTER_SHARE_OF_SIZE * min(last.size, c.size):
        return False
    top = min(ch.top for ch in row)
    bottom = max(ch.bottom for ch in row)
    return gutters.divides(r, top, bottom, last.x1, c.x0)


def _hung_edges(prev: Char, c: Char) -> tuple[float, float]:
    """The edges of the white between ``prev`` and ``c``: their boxes', or, where a
    closing mark meets an opening one, their ink.  A full stop hung past the left
    column's measure and a quote hung before the right one's leave their boxes nearly
    touching across a gutter of an em.  Only such a pair: a single mark's half-empty box
    beside a glyph is the ordinary look of text, where the half-inked rows of a page's
    punctuation may line up like a gutter; and only full-width boxes: inside a line the
    engine sets two marks in a row narrower (``：“`` as one em and a half)."""
    if _hung_pair(prev, c):
        return _ink_x1(prev), _ink_x0(c)
    return prev.x1, c.x0


def _any_between(xs: list[float], lo: float, hi: float) -> bool:
    """Whether the sorted ``xs`` hold an x with ``lo <= x <= hi``."""
    i = bisect_left(xs, lo)
    return i < len(xs) and xs[i] <= hi


def build_lines(
    chars: Sequence[Char],
    page: int,
    rules: Sequence[Rule] = (),
    width: float | None = None,
    em: float | None = None,
) -> list[Line]:
    """Characters grouped into lines: rows cut at the page's gutters and rules."""
    if not chars:
        return []
    rows = find_rows(chars)
    if width is None:
        width = max(c.x1 for c in chars) + 1
    gutters = find_gutters(rows, rules, width, em or char_em(chars))
    return split_rows(rows, gutters, page)


def _make_line(chars: list[Char], page: int) -> Line:
    first = chars[0]
    size = first.size
    if first.size != chars[-1].size:  # mixed sizes: the most common one
        size = Counter(round(c.size, 1) for c in chars).most_common(1)[0][0]
    top, bottom = first.top, first.bottom
    for c in chars:
        if c.top < top:
            top = c.top
        if c.bottom > bottom:
            bottom = c.bottom
    # The column's own edges leave out a space set at either end: an engine stretches a
    # line-final U+3000 of a justified line as far as the measure, or past it into the
    # gutter, where it has no ink.
    lo, hi = 0, len(chars) - 1
    while lo < hi and chars[lo].text.isspace():
        lo += 1
    while hi > lo and chars[hi].text.isspace():
        hi -= 1
    return Line(
        chars,
        first.x0,
        chars[-1].x1,
        top,
        bottom,
        size,
        page,
        _ink_x0(chars[lo]),
        _ink_x1(chars[hi]),
    )


def _ink_x0(c: Char) -> float:
    """Where ``c``'s glyph begins: an opening bracket or quote is drawn in the right
    half of its em, which engines hang into the margin or gutter."""
    if c.text in _OPENING and c.x1 - c.x0 >= 0.8 * c.size:
        return (c.x0 + c.x1) / 2
    return c.x0


def _ink_x1(c: Char) -> float:
    """Where ``c``'s glyph ends: a comma, full stop or closing bracket is drawn in the
    left half of its em."""
    if c.text in _CLOSING and c.x1 - c.x0 >= 0.8 * c.size:
        return (c.x0 + c.x1) / 2
    return c.x1


#: punctuation engines hang outside the measure: at a line's start, at its end
_OPENING = frozenset("（「『“‘〈《【〔［｛")
_CLOSING = frozenset("，。、；：？！）」』”’〉》】〕］｝．")
_HALF_INKED = _OPENING | _CLOSING


# ------------------------------------------------------------------ tables


def find_tables(page: Page) -> list[tuple[list[float], list[float]]]:
    """Ruled grids on ``page``: ``(column x edges, row y edges)`` for each table."""
    rules = page.rules
    if len(rules) < 4:
        return []
    # Connected components of rules that touch (within 2 pt).
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    box = np.array([(r.x0, r.top, r.x1, r.bottom) for r in rules])
    flat = (box[:, 2] - box[:, 0]) >= (box[:, 3] - box[:, 1])
    x0, top, x1, bottom = (box[:, k] for k in range(4))
    touch = ~(
        (x1[:, None] + 2 < x0[None, :])
        | (x1[None, :] + 2 < x0[:, None])
        | (bottom[:, None] + 2 < top[None, :])
        | (bottom[None, :] + 2 < top[:, None])
    )
    touch &= flat[:, None] != flat[None, :]
    for i, j in zip(*np.nonzero(np.triu(touch)), strict=True):
        parent[find(int(i))] = find(int(j))
    groups: dict[int, list[Rule]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(find(i), []).append(rule)
    grids = []
    for members in groups.values():
        xs = _merge_positions([(r.x0 + r.x1) / 2 for r in members if not r.horizontal])
        ys = _merge_positions([(r.top + r.bottom) / 2 for r in members if r.horizontal])
        if len(xs) >= 3 and len(ys) >= 2 or len(xs) >= 2 and len(ys) >= 3:
            grids.append((xs, ys))
    return grids


def _merge_positions(values: list[float], tolerance: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def take_tables(page: Page) -> tuple[list[Table], list[Char]]:
    """The tables of ``page`` and the characters outside them."""
    grids = find_tables(page)
    if not grids:
        return [], page.chars
    tables: list[Table] = []
    cells: list[list[list[list[Char]]]] = []
    for xs, ys in grids:
        tables.append(Table([], xs[0], xs[-1], ys[0], ys[-1], page.number))
        cells.append([[[] for _ in range(len(xs) - 1)] for _ in range(len(ys) - 1)])
    box = np.array([(c.x0, c.x1, c.top, c.bottom) for c in page.chars]).reshape(-1, 4)
    cx, cy = (box[:, 0] + box[:, 1]) / 2, (box[:, 2] + box[:, 3]) / 2
    free = np.ones(len(page.chars), dtype=bool)
    for (xs, ys), grid in zip(grids, cells, strict=True):
        inside = free & (xs[0] < cx) & (cx < xs[-1]) & (ys[0] < cy) & (cy < ys[-1])
        cols = np.searchsorted(xs, cx, side="right") - 1
        rows_ = np.searchsorted(ys, cy, side="right") - 1
        for k in np.flatnonzero(inside):
            grid[min(int(rows_[k]), len(ys) - 2)][min(int(cols[k]), len(xs) - 2)].append(
                page.chars[k]
            )
        free &= ~inside
    rest = [c for c, keep in zip(page.chars, free.tolist(), strict=True) if keep]
    for table, grid in zip(tables, cells, strict=True):
        table.rows = [[_cell_text(chars, page.number) for chars in row] for row in grid]
    return tables, rest


def _cell_text(chars: list[Char], page: int) -> str:
    return "".join(c.text for row in find_rows(chars) for c in row)


# ------------------------------------------------------------------ running heads

_DIGITS = re.compile(r"[0-9０-９]+")
_FOLIO = re.compile(r"^[-–—\s]*(第?[0-9０-９]+[版页]?)[-–—\s]*$|^[0-9０-９]+\s*/\s*[0-9０-９]+$")


def _signature(line: Line) -> str:
    return _DIGITS.sub("#", line.text)


def _page_wide_rules(page: Page, lo: float, hi: float) -> list[float]:
    """The y of rules across (most of) the page between ``lo`` and ``hi``."""
    return [
        (r.top + r.bottom) / 2
        for r in page.rules
        if r.horizontal and lo <= r.top <= hi and r.x1 - r.x0 >= 0.6 * page.width
    ]


def find_masthead(page: Page, lines: list[Line]) -> list[Line]:
    """The masthead of a newspaper's front page (several columns): the page's largest
    type (the paper's name, :data:`MASTHEAD_RATIO` times the body or more), in the top
    :data:`MASTHEAD_SHARE` of the page and well larger than anything below, with
    the lines around it (date, issue number) down to the first page-wide rule under it,
    or else down to the widest white gap under it; either above the first article's
    columns (:func:`_first_columns`)."""
    if not lines or not _multi_column(lines):
        return []
    limit = page.height * MASTHEAD_SHARE
    name = max(lines, key=lambda ln: ln.size)
    below = [ln.size for ln in lines if ln.top > limit]
    body = Counter(ln.size for ln in lines).most_common(1)[0][0]
    if (
        name.bottom > limit
        or not below
        or name.size < 1.5 * max(below)
        or name.size < MASTHEAD_RATIO * body
    ):
        return []
    columns = _first_columns(lines, name.bottom)
    ys = _page_wide_rules(page, name.bottom - 1.0, min(limit, columns))
    if ys:
        boundary = min(ys)
    else:
        gaps = [
            g
            for g in _gaps([(ln.top, ln.bottom) for ln in lines], name.top, page.height)
            if name.bottom - 1.0 <= g[0] <= limit and g[1] <= columns
        ]
        if not gaps:
            return []
        widest = max(gaps, key=lambda g: g[1] - g[0])
        boundary = (widest[0] + widest[1]) / 2
    return [ln for ln in lines if ln.bottom <= boundary]


def _first_columns(lines: list[Line], below: float) -> float:
    """The top of the first row under ``below`` where lines stand side by side: the
    columns of the first article.  A masthead ends above it, however wide the white
    under that article (a ruled table beside it is no line)."""
    by_row: dict[int, list[Line]] = {}
    for ln in lines:
        if ln.top >= below:
            by_row.setdefault(round(ln.bottom), []).append(ln)
    tops = [min(ln.top for ln in row) for row in by_row.values() if len(row) >= 2]
    return min(tops, default=float("inf"))


def _multi_column(lines: list[Line]) -> bool:
    """Whether body lines stand side by side on several rows (a page in columns)."""
    by_row: dict[int, list[Line]] = {}
    for ln in lines:
        by_row.setdefault(round(ln.bottom), []).append(ln)
    side_by_side = sum(1 for row in by_row.values() if len(row) >= 2)
    return side_by_side >= 3


def drop_running_heads(
    pages: list[tuple[Page, list[Line]]],
) -> tuple[list[list[Line]], list[list[Line]]]:
    """Each page's lines without running heads, running feet, page numbers and (on the
    first page) masthead; and the lines dropped.

    In the margins (:data:`MARGIN_SHARE` of the page at top and bottom) a line goes
    when its text, digits aside, recurs on another page, when it is a bare page number,
    or when a page-wide rule sets it off from the body (above a rule at the top, below
    one at the bottom)."""
    zones: list[list[Line]] = []
    for page, lines in pages:
        top, bottom = page.height * MARGIN_SHARE, page.height * (1 - MARGIN_SHARE)
        zones.append([ln for ln in lines if ln.bottom <= top or ln.top >= bottom])
    counts = Counter(sig for zone in zones for sig in {_signature(ln) for ln in zone})
    kept: list[list[Line]] = []
    dropped: list[list[Line]] = []
    for (page, lines), zone in zip(pages, zones, strict=True):
        heads = _page_wide_rules(page, 0.0, page.height * MARGIN_SHARE * 1.5)
        feet = _page_wide_rules(page, page.height * (1 - MARGIN_SHARE * 1.5), page.height)
        head_rule = min(heads) if heads else None
        foot_rule = max(feet) if feet else None
        drop = {
            id(ln)
            for ln in zone
            if counts[_signature(ln)] >= 2
            or _FOLIO.match(ln.text)
            or (head_rule is not None and ln.bottom <= head_rule)
            or (foot_rule is not None and ln.top >= foot_rule)
        }
        folios = [ln for ln in zone if _FOLIO.match(ln.text)]
        in_zone = {id(ln) for ln in zone}
        body = [ln for ln in lines if id(ln) not in in_zone]
        body_top = min((ln.top for ln in body), default=0.0)
        body_bottom = max((ln.bottom for ln in body), default=page.height)
        for ln in zone:
            beside_folio = any(abs(f.bottom - ln.bottom) <= 0.25 * ln.size for f in folios)
            apart = (
                ln.top >= body_bottom + 2 * ln.size
                if ln.top >= page.height / 2
                else ln.bottom <= body_top - 2 * ln.size
            )
            if beside_folio or apart:
                drop.add(id(ln))
        if page.number == 1:
            drop.update(id(ln) for ln in find_masthead(page, lines))
        kept.append([ln for ln in lines if id(ln) not in drop])
        dropped.append([ln for ln in lines if id(ln) in drop])
    return kept, dropped


# ------------------------------------------------------------------ reading order


def _gaps(spans: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """Empty intervals strictly inside [lo, hi] not covered by any span."""
    gaps = []
    reach = lo
    for a, b in sorted(spans):
        if a > reach:
            gaps.append((reach, a))
        if b > reach:
            reach = b
    return [(a, b) for a, b in gaps if a > lo]


def reading_order(blocks: list[Block], rules: list[Rule], em: float) -> list[Leaf]:
    """``blocks`` of one page as leaves of a recursive XY-cut, in reading order."""
    leaves: list[Leaf] = []
    _xy_cut(blocks, rules, em, leaves, under_headline=False)
    return leaves


def _core(block: Block) -> tuple[float, float]:
    if isinstance(block, Line):
        return block.core_x0, block.core_x1
    return block.x0, block.x1


def _is_display(block: Block, em: float) -> bool:
    return isinstance(block, Line) and block.size >= DISPLAY_RATIO * em


def _xy_cut(
    blocks: list[Block],
    rules: list[Rule],
    em: float,
    out: list[Leaf],
    under_headline: bool,
) -> None:
    """Cut ``blocks`` and append the leaves to ``out``.

    ``under_headline``: the region is the body below a headline (its columns are one
    article's); otherwise the parts side by side are cells of a band."""
    if len(blocks) <= 1:
        if blocks:
            out.append(Leaf(blocks))
        return
    x_lo = min(b.x0 for b in blocks)
    x_hi = max(b.x1 for b in blocks)
    y_lo = min(b.top for b in blocks)
    y_hi = max(b.bottom for b in blocks)
    width = x_hi - x_lo
    h_gaps = _gaps([(b.top, b.bottom) for b in blocks], y_lo, y_hi)
    horizontal = [r for r in rules if r.horizontal]
    ruled = [
        g
        for g in h_gaps
        if any(
            g[0] - 1 <= r.top
            and r.bottom <= g[1] + 1
            and min(r.x1, x_hi) - max(r.x0, x_lo) >= 0.9 * width
            for r in horizontal
        )
    ]
    cuts = [(g[0] + g[1]) / 2 for g in ruled]
    cuts += _overrun_rules(blocks, horizontal, x_lo, x_hi, y_lo, y_hi, ruled)
    if cuts:  # bands, boxes: every ruled gap at once
        for k, part in enumerate(_split(blocks, cuts, lambda b: (b.top + b.bottom) / 2)):
            first = len(out)
            _xy_cut(part, rules, em, out, under_headline)
            if k and not under_headline and len(out) > first:
                out[first].fresh = True  # a new band
        return
    height = y_hi - y_lo
    vertical = [r for r in rules if not r.horizontal]
    v_gaps = [
        g
        for g in _gaps([_core(b) for b in blocks], x_lo, x_hi)
        if g[1] - g[0] >= V_GAP_EM * em
        or any(
            g[0] - 1 <= (r.x0 + r.x1) / 2 <= g[1] + 1
            and min(r.bottom, y_hi) - max(r.top, y_lo) >= 0.5 * height
            for r in vertical
        )
    ]
    if v_gaps:  # articles side by side, an article's columns
        cuts = [(g[0] + g[1]) / 2 for g in v_gaps]
        parts = _split(blocks, cuts, lambda b: sum(_core(b)) / 2)
        heads_bottom: float | None = None  # below the heads of the last part that had some
        for k, part in enumerate(parts):
            first = len(out)
            _xy_cut(part, rules, em, out, under_headline)
            top = min(part, key=lambda b: b.top)
            if k and not under_headline and len(out) > first:
                continues = heads_bottom is not None and top.top >= heads_bottom - 1.0
                out[first].fresh = out[first].fresh or not continues
            if _is_display(top, em):
                bottom = max(b.bottom for b in part if _is_display(b, em))
                heads_bottom = bottom
        return
    if h_gaps:
        cut = _heading_cut(blocks, h_gaps, em)
        if cut is None:  # a table's edge: the table is a block of its own
            tables = [b for b in blocks if isinstance(b, Table)]
            edges = [
                g
                for g in h_gaps
                if any(abs(g[1] - t.top) <= 1.0 or abs(g[0] - t.bottom) <= 1.0 for t in tables)
            ]
            if edges:
                cut = (edges[0][0] + edges[0][1]) / 2
        if cut is None:  # the widest gap that stands out from the line spacing
            sizes = sorted(g[1] - g[0] for g in h_gaps)
            typical = sizes[(len(sizes) - 1) // 2]
            gap = max(h_gaps, key=lambda g: g[1] - g[0])
            if gap[1] - gap[0] >= max(0.3 * em, 1.3 * typical) or len(h_gaps) == 1:
                cut = (gap[0] + gap[1]) / 2
        if cut is not None:
            above = [b for b in blocks if (b.top + b.bottom) / 2 < cut]
            below = [b for b in blocks if (b.top + b.bottom) / 2 >= cut]
            _xy_cut(above, rules, em, out, under_headline)
            heading = all(_is_display(b, em) for b in above)
            _xy_cut(below, rules, em, out, under_headline or heading)
            return
    out.append(Leaf(sorted(blocks, key=lambda b: (b.top, b.x0))))


def _overrun_rules(
    blocks: list[Block], horizontal: list[Rule], x_lo: float, x_hi: float, y_lo: float,
    y_hi: float, ruled: list[tuple[float, float]],
) -> list[float]:
    """The y of each rule across the region (as for a ruled gap) that at most
    :data:`OVERRUN_LINES` lines run over, with blocks above and below it: a column the
    engine let overflow its box prints its last line over the rule under its band.  The
    line goes to the side its middle lies on."""
    width = x_hi - x_lo
    out: list[float] = []
    for r in horizontal:
        y = (r.top + r.bottom) / 2
        if not y_lo < y < y_hi or min(r.x1, x_hi) - max(r.x0, x_lo) < 0.9 * width:
            continue
        if any(g[0] - 1 <= y <= g[1] + 1 for g in ruled):
            continue
        over = 0
        above = below = False
        for b in blocks:
            if b.top < r.top and b.bottom > r.bottom:
                over += 1
                if over > OVERRUN_LINES or not isinstance(b, Line):
                    break
            elif b.bottom <= r.bottom:
                above = True
            else:
                below = True
        else:
            if above and below and over:
                out.append(y)
    return out


def _heading_cut(blocks: list[Block], h_gaps: list[tuple[float, float]], em: float) -> float | None:
    """Where a region's heads (kicker, headline, subtitle: display type across the
    top) end and its body begins: the lowest gap with only display lines above it,
    however tight the engine set the headline over its columns."""
    ordered = sorted(blocks, key=lambda b: b.top)
    if not _is_display(ordered[0], em):
        return None
    first_body = next((b for b in ordered if not _is_display(b, em)), None)
    if first_body is None:
        return None
    heads_bottom = max(b.bottom for b in ordered if b.top < first_body.top and _is_display(b, em))
    fitting = [g for g in h_gaps if g[0] >= heads_bottom - 0.5 and g[1] <= first_body.top + 0.5]
    return (fitting[0][0] + fitting[0][1]) / 2 if fitting else None


def _split(blocks: list[Block], cuts: list[float], key) -> list[list[Block]]:  # type: ignore[no-untyped-def]
    parts: list[list[Block]] = [[] for _ in range(len(cuts) + 1)]
    cuts = sorted(cuts)
    for b in blocks:
        k = key(b)
        i = 0
        while i < len(cuts) and k > cuts[i]:
            i += 1
        parts[i].append(b)
    return [p for p in parts if p]


# ------------------------------------------------------------------ paragraphs, articles


def body_size(pages_lines: list[list[Line]]) -> float:
    """The most common type size, weighted by characters."""
    sizes: Counter[float] = Counter()
    for lines in pages_lines:
        for ln in lines:
            sizes[ln.size] += len(ln.chars)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _left_edges(lines: list[Line]) -> list[float]:
    counts = Counter(round(ln.x0) for ln in lines)
    return sorted(float(x) for x, n in counts.items() if n >= 3)


def assemble_articles(leaves_per_page: list[list[Leaf]], body: float) -> list[ArticleLayout]:
    """Articles from the reading-order leaves of every page."""
    articles: list[ArticleLayout] = []
    current: ArticleLayout | None = None
    paragraph: list[Line] | None = None
    prev_line: Line | None = None
    prev_leaf = -1
    prev_right = 0.0
    for leaves in leaves_per_page:
        page_lines = [b for leaf in leaves for b in leaf.blocks if isinstance(b, Line)]
        body_lines = [ln for ln in page_lines if ln.size < DISPLAY_RATIO * body]
        edges = _left_edges(body_lines)
        right_edges = sorted(
            float(x) for x, n in Counter(round(ln.x1) for ln in body_lines).items() if n >= 3
        )
        for leaf in leaves:
            leaf_id = id(leaf)
            leaf_lines = [b for b in leaf.blocks if isinstance(b, Line)]
            left = min((ln.x0 for ln in leaf_lines), default=0.0)
            right = max((ln.x1 for ln in leaf_lines), default=0.0)
            if leaf.fresh and current is not None and (current.items or prev_line is not None):
                # A new cell of the band: what follows is no longer the article before.
                current, paragraph, prev_line = None, None, None
            for block in leaf.blocks:
                if isinstance(block, Table):
                    if current is None:
                        current = ArticleLayout()
                        articles.append(current)
                    current.items.append(block)
                    _add_page(current, block.page)
                    # Text flows around a table: a paragraph interrupted by one goes on.
                    continue
                line = block
                if line.size >= DISPLAY_RATIO * body:
                    if current is None or current.items or prev_line is not None:
                        current = ArticleLayout()
                        articles.append(current)
                    current.title_lines.append(line)
                    _add_page(current, line.page)
                    paragraph, prev_line = None, None
                    continue
                if current is None:
                    current = ArticleLayout()
                    articles.append(current)
                    paragraph = None
                em = line.size
                line_left = left if len(leaf_lines) > 1 else _edge_for(line, edges, em)
                indented = line.x0 - line_left >= INDENT_EM * em
                starts = paragraph is None or indented
                if prev_line is not None and not starts:
                    same_leaf = prev_leaf == leaf_id
                    if same_leaf and len(leaf_lines) > 1:
                        if prev_line.x1 < right - SHORT_LINE_EM * em:
                            starts = True
                        elif line.top - prev_line.bottom > 1.0 * em:
                            starts = True
                    elif not same_leaf and prev_line.x1 < prev_right - SHORT_LINE_EM * em:
                        starts = True
                if starts:
                    paragraph = []
                    current.items.append(paragraph)
                assert paragraph is not None
                paragraph.append(line)
                _add_page(current, line.page)
                prev_line, prev_leaf = line, leaf_id
            if leaf_lines:
                # A lone line's column edge is the page's nearest common right edge; with
                # none near, its length proves nothing.
                prev_right = (
                    right if len(leaf_lines) > 1 else _right_edge_for(leaf_lines[-1], right_edges)
                )
    return articles


def _right_edge_for(line: Line, edges: list[float]) -> float:
    near = [e for e in edges if line.x1 - 1 <= e <= line.x1 + 3 * line.size]
    return min(near) if near else line.x1


def _edge_for(line: Line, edges: list[float], em: float) -> float:
    near = [e for e in edges if line.x0 - 3 * em <= e <= line.x0 + 1]
    return min(near) if near else line.x0


def _add_page(article: ArticleLayout, page: int) -> None:
    if page not in article.pages:
        article.pages.append(page)


def layout_pages(pages: list[Page]) -> tuple[list[ArticleLayout], dict[int, list[str]]]:
    """Articles, in reading order, from the extracted pages of one document; and the
    running heads dropped from each page (page number -> their texts)."""
    analysed = [analyse_page(page) for page in pages]
    kept, dropped = drop_running_heads([(a.page, a.lines) for a in analysed])
    heads = {
        a.page.number: [ln.text for ln in lines] for a, lines in zip(analysed, dropped, strict=True)
    }
    body = body_size(kept)
    leaves_per_page = []
    for a, lines in zip(analysed, kept, strict=True):
        blocks: list[Block] = [*lines, *a.tables]
        rules = [r for r in a.page.rules if not any(_inside(r, t) for t in a.tables)]
        a.leaves = reading_order(blocks, rules, body)
        leaves_per_page.append(a.leaves)
    return assemble_articles(leaves_per_page, body), heads


def _inside(rule: Rule, table: Table, slack: float = 2.0) -> bool:
    return (
        table.x0 - slack <= rule.x0
        and rule.x1 <= table.x1 + slack
        and table.top - slack <= rule.top
        and rule.bottom <= table.bottom + slack
    )


@dataclass
class PageAnalysis:
    """One page's intermediate results: rows, gutters, lines, tables and (once
    :func:`layout_pages` ran) the leaves in reading order."""

    page: Page
    rows: list[list[Char]]
    gutters: GutterMap
    lines: list[Line]
    tables: list[Table]
    leaves: list[Leaf] = field(default_factory=list)


def analyse_page(page: Page) -> PageAnalysis:
    """Tables, rows, gutters and lines of one page."""
    tables, chars = take_tables(page)
    rows = find_rows(chars)
    em = char_em(chars)
    gutters = find_gutters(rows, page.rules, page.width, em)
    return PageAnalysis(page, rows, gutters, split_rows(rows, gutters, page.number), tables)
