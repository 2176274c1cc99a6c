"""The page plan both engines typeset: where each article goes, in points, decided once
from a seed so that Chromium and Typst set the same kind of newspaper, and so that the
gold (what was set, in reading order) is known before any engine runs.

A page is a grid of 3-6 columns with gutters of one body em.  Page 1 opens with a
masthead (paper name, date, issue number); the other pages carry a running head over a
rule.  Every page has a footer line and a folio.  Below, *bands* run across the page: a
band holds two or three articles side by side (one over two columns, one over the
third, ...), each with its headline across its own columns and its body flowing from
column to column.  Some cells hold a boxed article or a column of short dateline items
(briefs) instead; some articles end with a ruled table.  Heights are estimated from the
characters per line (Chinese type is set on a square em), with slack, and every
generated page is checked against the plan afterwards (:func:`..build.check`).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from .text import Article, Split, as_brief, make_table, table_words

PAGE_W, PAGE_H = 842.0, 1191.0  # A3 portrait, points
MARGIN_X = 40.0
BODY_TOP = 66.0  # below the running head and its rule
BODY_BOTTOM = PAGE_H - 52.0  # above the footer
MASTHEAD_H = 120.0
BODY_SIZE = 10.0
LEADING = 15.0
GUTTER = 10.0  # one body em
BAND_GAP = 14.0  # vertical space between bands (a rule in its middle)
HEAD_LEADING = 1.3
TABLE_ROW = 16.0
BOX_PAD = 6.0

PAPERS = ("江城日报", "滨海时报", "东方晚报", "北国日报")
SECTIONS = ("要闻", "国内", "经济", "国际", "体育", "文化", "社会", "综合")
WEEKDAYS = "一二三四五六日"


@dataclass
class Faces:
    """Font families (fontconfig names) for body, headline and display lines."""

    body: str
    headline: str
    display: str

    @property
    def headline_weight(self) -> str:
        """Bold where the face has a real bold (Noto CJK); the Arphic and WenQuanYi
        faces have one weight, and a synthesised bold is not what a paper prints."""
        return "bold" if self.headline.startswith("Noto") else "normal"

    def label(self) -> str:
        return f"{self.body} / {self.headline} / {self.display}"


@dataclass
class Cell:
    """One cell of a band: ``span`` grid columns from ``col``."""

    col: int
    span: int
    kind: str  # "article", "boxed" or "briefs"
    articles: list[Article]
    head_size: float = 18.0
    body_lines: int = 0  # lines of body text in all its columns (estimate)
    column_height: float = 0.0  # height of the body's columns, points

    @property
    def article(self) -> Article:
        return self.articles[0]


@dataclass
class Band:
    cells: list[Cell]
    top: float = 0.0
    height: float = 0.0


@dataclass
class PagePlan:
    number: int
    columns: int
    rules: bool  # vertical rules in the gutters
    bands: list[Band] = field(default_factory=list)
    masthead: list[str] = field(default_factory=list)
    running_head: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)

    @property
    def col_w(self) -> float:
        return (PAGE_W - 2 * MARGIN_X - (self.columns - 1) * GUTTER) / self.columns

    def span_w(self, span: int) -> float:
        return span * self.col_w + (span - 1) * GUTTER

    def cell_columns(self, cell: Cell, box_inset: float) -> list[tuple[float, float]]:
        """The x ranges of the text columns of ``cell``; a boxed cell's are inset by
        ``box_inset`` on each side (border and padding, as the engine draws them)."""
        x0 = MARGIN_X + cell.col * (self.col_w + GUTTER)
        width = self.span_w(cell.span)
        if cell.kind == "boxed":
            x0, width = x0 + box_inset, width - 2 * box_inset
        col_w = (width - (cell.span - 1) * GUTTER) / cell.span
        return [(x0 + k * (col_w + GUTTER), x0 + k * (col_w + GUTTER) + col_w)
                for k in range(cell.span)]

    def body_top(self) -> float:
        return BODY_TOP + (MASTHEAD_H if self.masthead else 0.0)


@dataclass
class IssuePlan:
    """One newspaper issue (one PDF): its pages and the faces it is set in."""

    name: str
    split: Split
    seed: int
    faces: Faces
    paper: str
    date: str
    issue_no: str
    pages: list[PagePlan] = field(default_factory=list)

    def articles(self) -> list[Article]:
        """Every article in reading order: page by page, band by band, cell by cell."""
        return [a for p in self.pages for b in p.bands for c in b.cells for a in c.articles]


def _fw(n: int | str) -> str:
    return "".join(chr(0xFF10 + int(d)) if d.isdigit() else d for d in str(n))


def _lines(text: str, cpl: int, indent: int = 2) -> int:
    return max(1, math.ceil((len(text) + indent) / cpl))


def _head_height(cell: Cell, width: float) -> float:
    """Height of the kicker, headline and subtitle over the cell's body."""
    if cell.kind == "briefs":
        return 0.0
    a = cell.article
    h = 0.0
    hs = cell.head_size
    h += _lines(a.headline, max(1, int(width // hs)), 0) * hs * HEAD_LEADING + 8
    for d in (a.kicker, a.subtitle):
        if d:
            h += _lines(d, max(1, int(width // 12)), 0) * 12 * HEAD_LEADING + 2
    return h


def _cut_to(paragraph: str, chars: int) -> str | None:
    """``paragraph`` cut after its last sentence within ``chars`` characters."""
    cut = max(paragraph.rfind(p, 0, chars) for p in "。！？")
    return paragraph[: cut + 1] if cut >= 15 else None


def _fill(paragraphs: list[str], cpl: int, capacity: int) -> tuple[list[str], int]:
    """Whole paragraphs while they fit ``capacity`` lines; then one cut at a sentence."""
    kept: list[str] = []
    used = 0
    for p in paragraphs:
        n = _lines(p, cpl)
        if used + n <= capacity:
            kept.append(p)
            used += n
            continue
        rest = (capacity - used) * cpl - 2 - cpl  # one line of slack
        cut = _cut_to(p, rest) if rest > 15 else None
        if cut:
            kept.append(cut)
            used += _lines(cut, cpl)
        break
    return kept, used


def _partition(rng: random.Random, columns: int) -> list[int]:
    """Spans of two or three cells across the grid (sometimes one cell over all)."""
    if rng.random() < 0.12:
        return [columns]
    while True:
        n = rng.choice((2, 3)) if columns >= 3 else 2
        cuts = sorted(rng.sample(range(1, columns), n - 1))
        spans = [b - a for a, b in zip([0, *cuts], [*cuts, columns], strict=True)]
        if max(spans) <= 4:
            return spans


class _Planner:
    def __init__(self, rng: random.Random, sources: list[Article]) -> None:
        self.rng = rng
        self.sources = sources
        self.words = list(table_words())

    def cell(self, page: PagePlan, col: int, span: int, lines: int) -> Cell | None:
        """A cell of ``span`` columns whose body has at most ``lines`` lines a column."""
        rng = self.rng
        kind = "article"
        r = rng.random()
        if span == 1 and r < 0.25:
            kind = "briefs"
        elif span <= 2 and r < 0.4:
            kind = "boxed"
        width = page.span_w(span) - (2 * BOX_PAD + 2 if kind == "boxed" else 0)
        col_w = (width - (span - 1) * GUTTER) / span
        cpl = int(col_w // BODY_SIZE)
        cell = Cell(col, span, kind, [], head_size=rng.choice((16.0, 18.0, 20.0, 22.0)))
        if kind == "briefs":
            capacity, used = lines * span, 0
            while self.sources and capacity - used >= 4:
                brief = as_brief(self.sources[0], rng)
                kept, n = _fill(brief.paragraphs, cpl, capacity - used)
                if not kept or not kept[0].startswith(brief.dateline or ""):
                    break
                self.sources.pop(0)
                brief.paragraphs = kept
                cell.articles.append(brief)
                used += n
            cell.body_lines = used
            if not cell.articles:
                return None
        else:
            if not self.sources:
                return None
            source = self.sources[0]
            if rng.random() > 0.35:
                source.kicker = None if rng.random() < 0.7 else source.kicker
            cell.articles = [source]
            head_lines = math.ceil(_head_height(cell, width) / LEADING)
            table = make_table(rng, self.words) if span >= 2 and rng.random() < 0.25 else None
            table_lines = math.ceil((len(table) * TABLE_ROW + 10) / LEADING) if table else 0
            capacity = (lines - head_lines - table_lines) * span
            kept, used = _fill(source.paragraphs, cpl, capacity)
            if not kept:
                return None
            self.sources.pop(0)
            source.paragraphs = kept
            source.kind = kind
            if table:
                source.tables = [table]
            if source.dateline and not kept[0].startswith(source.dateline):
                source.dateline = None
            cell.body_lines = used
        for a in cell.articles:
            a.pages = [page.number]
        per_col = math.ceil(cell.body_lines / span) + (1 if span > 1 else 0)
        cell.column_height = per_col * LEADING + 2
        return cell

    def cell_height(self, page: PagePlan, cell: Cell) -> float:
        width = page.span_w(cell.span) - (2 * BOX_PAD + 2 if cell.kind == "boxed" else 0)
        h = _head_height(cell, width) + cell.column_height
        if cell.article.tables:
            h += len(cell.article.tables[0]) * TABLE_ROW + 10
        if cell.kind == "boxed":
            h += 2 * BOX_PAD + 2
        return h


def plan_issue(
    name: str, split: Split, seed: int, faces: Faces, pages: int, columns: tuple[int, ...],
    sources: list[Article],
) -> IssuePlan:
    """Plan an issue of ``pages`` pages from ``sources`` (consumed from the front)."""
    rng = random.Random(seed)
    day = rng.randint(2, 28)
    weekday = WEEKDAYS[(day + 2) % 7]
    date = f"１９９８年１月{_fw(day)}日　星期{weekday}"
    issue = IssuePlan(
        name, split, seed, faces, rng.choice(PAPERS), date, f"第{_fw(rng.randint(9000, 19999))}号"
    )
    planner = _Planner(rng, sources)
    for number in range(1, pages + 1):
        page = PagePlan(number, rng.choice(columns), rng.random() < 0.5)
        section = rng.choice(SECTIONS)
        if number == 1:
            page.masthead = [issue.paper, issue.date, f"农历丁丑年腊月　{issue.issue_no}",
                             f"今日{_fw(pages)}版"]
        else:
            page.running_head = [issue.paper, issue.date, f"第{_fw(number)}版　{section}"]
        editor = rng.choice("王李张刘陈杨") + rng.choice("明红伟静")
        page.footer = [f"本版编辑：{editor}　　电话：６５３６８{_fw(rng.randint(100, 999))}",
                       _fw(number)]
        y = page.body_top()
        while planner.sources:
            room = BODY_BOTTOM - y
            if room < 8 * LEADING:
                break
            lines = min(int((room - 60) // LEADING), rng.choice((12, 16, 20, 26, 34)))
            if lines < 6:
                break
            band = Band([], top=y)
            col = 0
            for span in _partition(rng, page.columns):
                for _ in range(3):
                    cell = planner.cell(page, col, span, lines)
                    if cell is None or y + planner.cell_height(page, cell) <= BODY_BOTTOM:
                        break
                    # Too tall for the page: give its articles back and try shorter.
                    planner.sources[:0] = cell.articles
                    lines -= 4
                    cell = None
                if cell is not None:
                    band.cells.append(cell)
                col += span
            if not band.cells:
                break
            band.height = max(planner.cell_height(page, c) for c in band.cells)
            page.bands.append(band)
            y += band.height + BAND_GAP
        issue.pages.append(page)
    return issue
