"""The restored document of a PDF, and :func:`restore_pdf`, which builds it."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..changes import Change
from .errors import PdfError
from .extract import Page, open_document, parse_pages, read_page, read_path
from .glyphs import EMPTY_GLYPH, GlyphFeatures, decide_glyphs
from .layout import ArticleLayout, Line, Table, layout_pages
from .write import GlyphRepairReport, repair_maps


@dataclass
class TableData:
    """A table kept as a table: ``rows[r][c]`` is one cell's text."""

    rows: list[list[str]]

    def to_text(self) -> str:
        """One row per line, cells separated by tabs."""
        return "\n".join("\t".join(row) for row in self.rows)


@dataclass
class PdfArticle:
    """One article: its headline, its paragraphs and tables in reading order, its pages.

    Shaped like :class:`zhfix.articles.Article`: ``paragraphs`` starts with the headline
    (when there is one) and ``headline`` repeats it; ``body`` is the paragraphs after it.
    """

    title: str
    blocks: list[str | TableData]
    pages: list[int]
    dateline: str | None = None
    date: str | None = None
    #: kicker (引题), headline, subtitle (副题) as printed, when there is more than one
    headline_parts: tuple[str, ...] = ()

    @property
    def headline(self) -> tuple[str, ...]:
        """The headline paragraphs: kicker, headline and subtitle, those printed."""
        if self.headline_parts:
            return self.headline_parts
        return (self.title,) if self.title else ()

    @property
    def body(self) -> list[str]:
        """The text paragraphs after the headline (tables left out)."""
        return [b for b in self.blocks if isinstance(b, str)]

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return (*self.headline, *self.body)

    @property
    def tables(self) -> list[TableData]:
        return [b for b in self.blocks if isinstance(b, TableData)]

    def to_text(self) -> str:
        """The headline, then one paragraph per line; a table one row per line."""
        parts = [*self.headline]
        parts += [b if isinstance(b, str) else b.to_text() for b in self.blocks]
        return "\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dateline": self.dateline,
            "date": self.date,
            "headline": list(self.headline),
            "paragraphs": list(self.paragraphs),
            "pages": self.pages,
            "tables": [t.rows for t in self.tables],
            "blocks": [
                {"type": "paragraph", "text": b}
                if isinstance(b, str)
                else {"type": "table", "rows": b.rows}
                for b in self.blocks
            ],
        }


@dataclass
class PdfDocument:
    """What :func:`restore_pdf` returns: articles, and how the characters were repaired."""

    articles: list[PdfArticle]
    pages: list[int]
    glyphs: GlyphRepairReport
    #: ``(article index, change)`` for each character the language model decided where
    #: the glyph evidence was missing; offsets are into the article's :meth:`PdfArticle.to_text`
    #: without tables' tabs (headline, paragraphs and cells joined by line breaks)
    model_changes: list[tuple[int, Change]] = field(default_factory=list)
    #: selected pages that had no text layer
    pages_without_text: list[int] = field(default_factory=list)
    #: (font, code) -> what the language model read for each glyph without evidence
    resolved: dict[tuple[tuple[int, int], tuple[int, int]], str] = field(default_factory=dict)

    def to_text(self) -> str:
        """Articles separated by a blank line; a headline, then one paragraph per line."""
        return "\n\n".join(a.to_text() for a in self.articles) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """``{"articles": [...], "changes": [...], "pages", "pages_without_text"}``; each
        article as :meth:`PdfArticle.to_dict` (with its ``pages``); ``changes`` lists the
        character maps repaired from glyph evidence (``step: "glyphs"``, per font) and the
        characters the language model decided (``step: "characters"``, per article)."""
        changes: list[dict[str, Any]] = [
            {"step": "glyphs", "font": font, "before": before, "after": after}
            for font, repairs in self.glyphs.repairs.items()
            for before, after in repairs.items()
        ]
        changes += [
            {
                "step": "glyphs",
                "evidence": "rendered ink box",
                "before": self.glyphs.undecided[p],
                "after": after,
            }
            for p, after in self.glyphs.rendered.items()
            if after != self.glyphs.undecided[p]
        ]
        for index, change in self.model_changes:
            d = change.to_dict()
            d["step"] = "characters"
            d["article"] = index
            changes.append(d)
        return {
            "articles": [a.to_dict() for a in self.articles],
            "changes": changes,
            "pages": self.pages,
            "pages_without_text": self.pages_without_text,
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as one line of JSON (UTF-8 characters kept)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


def _join_lines(lines: list[Line]) -> str:
    out: list[str] = []
    for line in lines:
        text = _line_text(line)
        if (
            out
            and out[-1][-1:].isascii()
            and out[-1][-1:].isalnum()
            and text[:1].isascii()
            and text[:1].isalnum()
        ):
            out.append(" ")
        out.append(text)
    return "".join(out)


def _line_text(line: Line) -> str:
    """The line's characters, with a space only where Latin words stood apart."""
    chars = line.chars
    out = [chars[0].text] if chars else []
    for prev, c in zip(chars, chars[1:], strict=False):
        if (
            c.x0 - prev.x1 > 0.15 * c.size
            and prev.text.isascii()
            and c.text.isascii()
            and prev.text.isalnum()
            and c.text.isalnum()
        ):
            out.append(" ")
        out.append(c.text)
    return "".join(out)


def _article_texts(layout: ArticleLayout) -> list[str]:
    """The headline parts, each paragraph, and each table cell of an article, in order."""
    texts = [_join_lines(part) for part in layout.headline_parts] or [""]
    for item in layout.items:
        if isinstance(item, Table):
            texts.extend(cell for row in item.rows for cell in row)
        else:
            texts.append(_join_lines(item))
    return texts


def _model_votes(
    articles: list[list[str]],
    undecided: dict[str, str],
    known: dict[str, str],
    damaged: bool,
) -> dict[str, Counter[str]]:
    """Decide each placeholder (a glyph without clear evidence) with the language model.

    The model reads every article whole, with the claimed ideograph in each placeholder's
    place (``known`` placeholders read as decided), and proposes a reading for each use;
    the result counts them per placeholder.  In a ``damaged`` document it reads the text
    as it copied out (the symbols the glyphs proved put back to their shifted ideographs):
    that is the text it judges damage in, and a page whose punctuation is already fixed
    would look clean to it, so it would leave the rest alone.
    """
    from .. import fix_and_explain
    from ..shift import shift

    votes: dict[str, Counter[str]] = {}
    for texts in articles:
        joined = "\n".join(texts)
        marked = {i: ch for i, ch in enumerate(joined) if ch in undecided}
        if not marked:
            continue
        plain = "".join(undecided.get(ch) or known.get(ch, ch) for ch in joined)
        if damaged:
            plain = shift(plain)
        proposed = {
            c.start: c
            for c in fix_and_explain(plain).changes
            if c.start in marked and c.end == c.start + 1
        }
        for i, placeholder in marked.items():
            change = proposed.get(i)
            votes.setdefault(placeholder, Counter())[
                change.after if change else undecided[placeholder]
            ] += 1
    return votes


def _majority(votes: dict[str, Counter[str]], undecided: dict[str, str]) -> dict[str, str]:
    """One glyph is one character: each placeholder's reading is the majority of its
    uses (the claimed ideograph on a tie)."""
    decided = {}
    for placeholder, counter in votes.items():
        (best, n), *rest = counter.most_common(2) + [("", 0)]
        decided[placeholder] = best if n > rest[0][1] else undecided[placeholder]
    return decided


def _model_changes(
    texts: list[list[str]],
    decided: dict[str, str],
    undecided: dict[str, str],
    votes: dict[str, Counter[str]],
) -> list[tuple[int, Change]]:
    changes = []
    for index, article_texts in enumerate(texts):
        for i, ch in enumerate("\n".join(article_texts)):
            after = decided.get(ch)
            if after is None or after == undecided[ch]:
                continue
            n, total = votes[ch][after], sum(votes[ch].values())
            reason = (
                f"no glyph evidence; the language model reads {after} in {n} of "
                f"{total} uses of this glyph"
            )
            changes.append((index, Change(i, i + 1, undecided[ch], after, reason, n / total)))
    return changes


def _build_article(layout: ArticleLayout, texts: list[str]) -> PdfArticle:
    it = iter(texts)
    parts = tuple(next(it) for _ in range(max(len(layout.headline_parts), 1)))
    title = parts[layout.main_part]
    blocks: list[str | TableData] = []
    for item in layout.items:
        if isinstance(item, Table):
            blocks.append(TableData([[next(it) for _ in row] for row in item.rows]))
        else:
            blocks.append(next(it))
    return PdfArticle(
        title, blocks, sorted(layout.pages), headline_parts=parts if len(parts) > 1 else ()
    )


def _add_datelines(articles: list[PdfArticle], heads: dict[int, list[str]]) -> None:
    """Each article's dateline (``新华社北京１月２６日电``) and date, the year taken from
    the running head of its page when the dateline has none."""
    from ..articles import find_dateline, page_date

    years = {n: d.year for n, h in heads.items() if (d := page_date(h)) is not None}
    for article in articles:
        if not article.body:
            continue
        found = find_dateline(article.body[0])
        if found is None:
            continue
        article.dateline = found.text
        if found.date is not None:
            year = found.date.year or (years.get(article.pages[0]) if article.pages else None)
            md = f"{found.date.month:02d}-{found.date.day:02d}"
            article.date = f"{year:04d}-{md}" if year else f"--{md}"


def _decide_from_ink(pages: list[Page], report: GlyphRepairReport) -> dict[str, str]:
    """Decide placeholders from the ink boxes PDFium renders for their glyphs.

    This is the glyph evidence for fonts whose program zhfix cannot map codes into
    (predefined or embedded CMaps, simple fonts): the renderer can, and a glyph's ink box
    (no outline counts) still tells a comma from an ideograph.  Each placeholder is one
    glyph; its uses give one box (the median), judged per font."""
    import statistics

    boxes: dict[str, list[tuple[float, float, float, float]]] = {}
    for page in pages:
        for c in page.chars:
            if c.ink is not None and c.text in report.undecided:
                boxes.setdefault(c.text, []).append(c.ink)
    by_font: dict[Any, dict[str, tuple[str, GlyphFeatures]]] = {}
    for placeholder, found in boxes.items():
        box = tuple(statistics.median(v) for v in zip(*found, strict=True))
        features = (
            EMPTY_GLYPH
            if box[3] - box[1] < 0.005
            else GlyphFeatures(box[0], box[1], box[2], box[3], 0, 0)
        )
        font = report.placeholders[placeholder][0][0]
        by_font.setdefault(font, {})[placeholder] = (report.undecided[placeholder], features)
    rendered: dict[str, str] = {}
    for glyphs in by_font.values():
        for placeholder, reading in decide_glyphs(glyphs, box_only=True).items():
            if reading is not None:
                rendered[placeholder] = reading
    report.rendered.update(rendered)
    return rendered


def restore_pdf(path: str | Path, pages: str | list[int] | None = None) -> PdfDocument:
    """Extract, repair and restructure the Chinese text of the PDF at ``path``.

    ``pages`` selects 1-based pages (``"2-5"``, ``"1,3"`` or a list).  Raises
    :class:`PdfError` with a one-line message for input that is not a PDF, is encrypted
    or truncated, or has no text layer on the selected pages.
    """
    name = str(path)
    data = read_path(path)
    probe = open_document(data, name)
    try:
        count = len(probe)
    finally:
        probe.close()
    selected = pages if isinstance(pages, list) else parse_pages(pages, count)
    if any(p < 1 or p > count for p in selected):
        raise PdfError(f"{name}: page out of range 1-{count}", "pages")
    fixed, report = repair_maps(data, name, [p - 1 for p in selected], mark_undecided=True)
    doc = open_document(fixed, name)
    ink_for = frozenset(map(ord, report.undecided))
    try:
        extracted: list[Page] = [read_page(doc, p - 1, ink_for) for p in selected]
    finally:
        doc.close()
    without_text = [pg.number for pg in extracted if not pg.chars]
    if len(without_text) == len(extracted):
        what = "page" if len(extracted) == 1 else "pages"
        raise PdfError(
            f"{name}: no text layer on the selected {what} (image-only? run OCR first)", "no_text"
        )
    layouts, heads = layout_pages([pg for pg in extracted if pg.chars])
    texts = [_article_texts(layout) for layout in layouts]
    rendered = _decide_from_ink(extracted, report)
    undecided = {p: x for p, x in report.undecided.items() if p not in rendered}
    damaged = report.codes_repaired > 0 or any(
        reading != report.undecided[p] for p, reading in rendered.items()
    )
    votes = _model_votes(texts, undecided, rendered, damaged)
    by_model = _majority(votes, undecided)
    decided = {**by_model, **rendered}
    table = str.maketrans({**report.undecided, **decided})
    articles = [
        _build_article(layout, [t.translate(table) for t in article_texts])
        for layout, article_texts in zip(layouts, texts, strict=True)
    ]
    _add_datelines(articles, {n: [t.translate(table) for t in h] for n, h in heads.items()})
    changes = _model_changes(texts, by_model, undecided, votes)
    resolved = {
        font_code: text for p, text in decided.items() for font_code in report.placeholders[p]
    }
    return PdfDocument(articles, selected, report, changes, without_text, resolved)
