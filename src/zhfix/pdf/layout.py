"""From characters on pages to articles: lines, tables, running heads, reading order,
paragraphs and headlines, all from geometry.

* **Lines**: characters sharing a baseline, split where a gap wider than a column gutter
  opens between them.
* **Tables**: grids of ruling lines; the characters inside become cells (rows x columns)
  and the table is one block in the reading order, never prose.
* **Running heads and folios**: lines in the top or bottom margin whose text (digits
  aside) recurs on other pages, or that are bare page numbers.
* **Reading order**: recursive XY-cut.  A region is cut along its most convincing
  whitespace: a vertical gutter, or a horizontal gap, each scored by its size in body
  ems, a horizontal gap holding a full-width rule scoring more.  Horizontal cuts keep
  top-to-bottom order, vertical cuts left-to-right, so a headline spanning three columns
  is read before those columns, and a five-column page is read column by column.
* **Paragraphs**: a new paragraph where a line is indented, where the line before it is
  short, or where a wider vertical gap opens; a column that ends mid-paragraph continues
  into the next.
* **Articles**: a headline (larger type than the body), with its kicker and subtitle
  (type between body and headline), opens an article; the body that follows in reading
  order belongs to it until the next headline.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from .extract import Char, Page, Rule

#: a gap between characters on one baseline wider than this (in ems) separates columns
COLUMN_GAP_EM = 0.6
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


# ------------------------------------------------------------------ lines


def build_lines(chars: Sequence[Char], page: int) -> list[Line]:
    """Group characters into lines: same baseline, no gutter-sized gap in between."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (c.bottom, c.x0))
    lines: list[Line] = []
    group: list[Char] = [ordered[0]]
    for c in ordered[1:]:
        if c.bottom - group[0].bottom <= 0.25 * max(c.size, group[0].size, 1.0):
            group.append(c)
        else:
            _split_into_lines(group, page, lines)
            group = [c]
    _split_into_lines(group, page, lines)
    return lines


def _split_into_lines(group: list[Char], page: int, out: list[Line]) -> None:
    group.sort(key=lambda c: c.x0)
    run = [group[0]]
    for c in group[1:]:
        prev = run[-1]
        limit = COLUMN_GAP_EM * max(prev.size, c.size, 1.0)
        if c.x0 - prev.x1 > limit or abs(c.size - prev.size) > 0.3 * max(c.size, prev.size):
            out.append(_make_line(run, page))
            run = [c]
        else:
            run.append(c)
    out.append(_make_line(run, page))


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
    return Line(chars, first.x0, max(c.x1 for c in chars), top, bottom, size, page)


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

    def touch(a: Rule, b: Rule) -> bool:
        return not (
            a.x1 + 2 < b.x0 or b.x1 + 2 < a.x0 or a.bottom + 2 < b.top or b.bottom + 2 < a.top
        )

    for i, a in enumerate(rules):
        for j in range(i + 1, len(rules)):
            if a.horizontal != rules[j].horizontal and touch(a, rules[j]):
                parent[find(i)] = find(j)
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
    rest: list[Char] = []
    for c in page.chars:
        cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        for (xs, ys), grid in zip(grids, cells, strict=True):
            if xs[0] < cx < xs[-1] and ys[0] < cy < ys[-1]:
                col = next(i for i in range(len(xs) - 1) if cx < xs[i + 1])
                row = next(i for i in range(len(ys) - 1) if cy < ys[i + 1])
                grid[row][col].append(c)
                break
        else:
            rest.append(c)
    for table, grid in zip(tables, cells, strict=True):
        table.rows = [[_cell_text(chars, page.number) for chars in row] for row in grid]
    return tables, rest


def _cell_text(chars: list[Char], page: int) -> str:
    return "".join(line.text for line in build_lines(chars, page))


# ------------------------------------------------------------------ running heads

_DIGITS = re.compile(r"[0-9０-９]+")
_FOLIO = re.compile(r"^[-–—\s]*(第?[0-9０-９]+[版页]?)[-–—\s]*$|^[0-9０-９]+\s*/\s*[0-9０-９]+$")


def _signature(line: Line) -> str:
    return _DIGITS.sub("#", line.text)


def _header_rule_top(page: Page) -> float | None:
    """The y of a rule across the page's top margin that sets off a running head."""
    limit = page.height * MARGIN_SHARE * 1.5
    tops = [
        r.top
        for r in page.rules
        if r.horizontal and r.top <= limit and r.x1 - r.x0 >= 0.6 * page.width
    ]
    return min(tops) if tops else None


def drop_running_heads(
    pages: list[tuple[Page, list[Line]]],
) -> tuple[list[list[Line]], list[list[Line]]]:
    """Each page's lines without running heads, running feet and page numbers; and the
    lines dropped."""
    zones: list[list[Line]] = []
    for page, lines in pages:
        top, bottom = page.height * MARGIN_SHARE, page.height * (1 - MARGIN_SHARE)
        zones.append([ln for ln in lines if ln.bottom <= top or ln.top >= bottom])
    counts = Counter(sig for zone in zones for sig in {_signature(ln) for ln in zone})
    kept: list[list[Line]] = []
    dropped: list[list[Line]] = []
    for (page, lines), zone in zip(pages, zones, strict=True):
        ruled = _header_rule_top(page)
        drop = {
            id(ln)
            for ln in zone
            if counts[_signature(ln)] >= 2
            or _FOLIO.match(ln.text)
            or (ruled is not None and ln.bottom <= ruled)
        }
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


def reading_order(blocks: list[Block], rules: list[Rule], em: float) -> list[list[Block]]:
    """``blocks`` of one page as leaves of a recursive XY-cut, in reading order.

    Each leaf is a run of blocks that no gutter or gap divides (a column segment, a
    headline, a table)."""
    leaves: list[list[Block]] = []
    _xy_cut(blocks, rules, em, leaves)
    return leaves


def _xy_cut(blocks: list[Block], rules: list[Rule], em: float, out: list[list[Block]]) -> None:
    if len(blocks) <= 1:
        if blocks:
            out.append(blocks)
        return
    x_lo = min(b.x0 for b in blocks)
    x_hi = max(b.x1 for b in blocks)
    y_lo = min(b.top for b in blocks)
    y_hi = max(b.bottom for b in blocks)
    v_gaps = [
        g
        for g in _gaps([(b.x0, b.x1) for b in blocks], x_lo, x_hi)
        if g[1] - g[0] >= COLUMN_GAP_EM * em
    ]
    h_gaps = _gaps([(b.top, b.bottom) for b in blocks], y_lo, y_hi)
    width = x_hi - x_lo

    def h_score(gap: tuple[float, float]) -> float:
        score = (gap[1] - gap[0]) / em
        for r in rules:
            overlap = min(r.x1, x_hi) - max(r.x0, x_lo)
            if (
                r.horizontal
                and gap[0] - 1 <= r.top
                and r.bottom <= gap[1] + 1
                and overlap >= 0.9 * width
            ):
                return score + 2.0
        return score

    best_v = max((g[1] - g[0]) / em for g in v_gaps) if v_gaps else 0.0
    scored = [(h_score(g), g) for g in h_gaps]
    best_h = max((s for s, _ in scored), default=0.0)
    # Only the strongest horizontal gaps are cut here: a weaker one (a headline's gap)
    # may lie inside a region that a gutter divides first, one level down.
    strong_h = [g for s, g in scored if s >= 0.6 and s > best_v and s >= best_h - 0.2]
    if strong_h:
        cuts = [(g[0] + g[1]) / 2 for g in strong_h]
        for part in _split(blocks, cuts, lambda b: (b.top + b.bottom) / 2):
            _xy_cut(part, rules, em, out)
        return
    if v_gaps:
        cuts = [(g[0] + g[1]) / 2 for g in v_gaps]
        for part in _split(blocks, cuts, lambda b: (b.x0 + b.x1) / 2):
            _xy_cut(part, rules, em, out)
        return
    out.append(sorted(blocks, key=lambda b: (b.top, b.x0)))


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


def assemble_articles(leaves_per_page: list[list[list[Block]]], body: float) -> list[ArticleLayout]:
    """Articles from the reading-order leaves of every page."""
    articles: list[ArticleLayout] = []
    current: ArticleLayout | None = None
    paragraph: list[Line] | None = None
    prev_line: Line | None = None
    prev_leaf = -1
    prev_right = 0.0
    for leaves in leaves_per_page:
        page_lines = [b for leaf in leaves for b in leaf if isinstance(b, Line)]
        body_lines = [ln for ln in page_lines if ln.size < DISPLAY_RATIO * body]
        edges = _left_edges(body_lines)
        right_edges = sorted(
            float(x) for x, n in Counter(round(ln.x1) for ln in body_lines).items() if n >= 3
        )
        for leaf in leaves:
            leaf_id = id(leaf)
            leaf_lines = [b for b in leaf if isinstance(b, Line)]
            left = min((ln.x0 for ln in leaf_lines), default=0.0)
            right = max((ln.x1 for ln in leaf_lines), default=0.0)
            for block in leaf:
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
    page_tables: list[list[Table]] = []
    page_lines: list[tuple[Page, list[Line]]] = []
    for page in pages:
        tables, chars = take_tables(page)
        page_tables.append(tables)
        page_lines.append((page, build_lines(chars, page.number)))
    kept, dropped = drop_running_heads(page_lines)
    heads = {
        page.number: [ln.text for ln in lines]
        for (page, _), lines in zip(page_lines, dropped, strict=True)
    }
    body = body_size(kept)
    leaves_per_page = []
    for (page, _), lines, tables in zip(page_lines, kept, page_tables, strict=True):
        blocks: list[Block] = [*lines, *tables]
        leaves_per_page.append(reading_order(blocks, page.rules, body))
    return assemble_articles(leaves_per_page, body), heads
