"""The restored document of a PDF, and :func:`restore_pdf`, which builds it.

A PDF gives a :class:`zhfix.document.Document`, as text does.  Geometry gives the blocks
(headline lines, paragraphs, tables, in reading order; :mod:`.layout`); from there the
text goes through the steps the text path takes: the spacing step
(:func:`zhfix.layout.clean_paragraphs`), paragraphs split where a dateline follows a
finished sentence, and articles split at their datelines (:mod:`zhfix.articles`).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..articles import Article, Table, page_date, split_articles, split_paragraphs_at_datelines
from ..changes import Change
from ..document import Document
from ..layout import clean_paragraphs
from .errors import PdfError
from .extract import Char, Page, open_document, parse_pages, read_page, read_source
from .glyphs import EMPTY_GLYPH, GlyphFeatures, decide_glyphs
from .layout import ArticleLayout, Line, layout_pages
from .layout import Table as LaidTable
from .report import PdfReport, UnreadableFont, describe_unreadable
from .write import GlyphRepairReport, repair_maps


def _join_lines(lines: list[Line]) -> str:
    """A paragraph's lines joined: a space where a Latin word or sentence goes on."""
    out: list[str] = []
    for line in lines:
        text = _line_text(line)
        if out and _latin_continues(out[-1][-1:], text[:1]):
            out.append(" ")
        out.append(text)
    return "".join(out)


def _latin_continues(left: str, right: str) -> bool:
    """Whether a space stood between ``left`` and ``right`` at a line break: Latin text
    on both sides (``dog.`` / ``The``), not a word broken at a hyphen."""
    return (
        _is_latin(left)
        and left not in "-\u00ad([{/"
        and _is_latin(right)
        and right not in ".,;:!?)]}%/"
    )


def _is_latin(ch: str) -> bool:
    return len(ch) == 1 and "!" <= ch <= "~"


def _line_text(line: Line) -> str:
    """The line's characters, with a space where Latin text stood apart: between words,
    after a full stop or colon (``lazy dog. The``, ``Abstract: This``); and an
    ideographic space where Chinese text skips a whole character's place
    (``本报讯\u3000（记者…）``: engines that draw no glyph for U+3000 leave only the gap)."""
    chars = line.chars
    if not chars:
        return ""
    # Written out for speed (this loop runs once per character of the document): a
    # Latin character is one of ``!``..``~``, as in _is_latin.
    texts = [c.text for c in chars]
    latin = [len(t) == 1 and "!" <= t <= "~" for t in texts]
    pitch = _cjk_pitch(chars, latin)
    out = [texts[0]]
    prev, prev_latin, prev_text = chars[0], latin[0], texts[0]
    for k in range(1, len(chars)):
        c, c_latin, text = chars[k], latin[k], texts[k]
        if prev_latin and c_latin:
            if c.x0 - prev.x1 > 0.15 * c.size:
                out.append(" ")
        elif pitch and not prev_latin and not c_latin:
            # c's em on the page: its font size, or its box's height where the page's
            # matrix shrinks the type (Chromium prints CSS pixels at 0.75 pt)
            em = min(c.size, c.bottom - c.top) if c.bottom > c.top else c.size
            # The white between the glyphs: an opening bracket's is the left half of its
            # box (Chromium trims the space before one to half an em, ``讯\u3000（``),
            # unless a space character stands there already.
            trimmed = text in _OPENING and not prev_text.isspace()
            gap = c.x0 - prev.x1
            if trimmed and c.x1 - c.x0 >= 0.8 * em:
                gap += (c.x1 - c.x0) / 2
            if gap >= 0.75 * em:
                step = c.x0 - prev.x0
                skipped = round(step / pitch) - 1
                if skipped < 1 and trimmed and step - pitch >= 0.4 * em:
                    skipped = 1  # a space trimmed to half an em before a bracket
                if skipped >= 1:
                    out.append("\u3000" * skipped)
        out.append(text)
        prev, prev_latin, prev_text = c, c_latin, text
    return "".join(out)


_OPENING = frozenset("（「『“‘〈《【〔［｛")


def _cjk_pitch(chars: list[Char], latin: list[bool]) -> float:
    """The usual step from one character's start to the next on a line of Chinese text
    (the middle one of the line's steps between non-Latin characters), 0 if too few.
    ``latin[k]``: whether character k is Latin."""
    steps = sorted(
        chars[k].x0 - chars[k - 1].x0
        for k in range(1, len(chars))
        if not latin[k - 1] and not latin[k] and chars[k].x0 > chars[k - 1].x0
    )
    return steps[len(steps) // 2] if len(steps) >= 3 else 0.0


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")
_SENTENCE_END = "。！？”』」）…"


def _mostly_latin(text: str) -> bool:
    return len(_LATIN_LETTER.findall(text)) > 3 * len(_CJK.findall(text))


def _split_scripts(items: list[list[Line] | LaidTable]) -> list[list[Line] | LaidTable]:
    """A paragraph is cut where Chinese text that finished its sentence is followed by a
    line of Latin text (an English abstract set straight under the Chinese one)."""
    out: list[list[Line] | LaidTable] = []
    for item in items:
        if isinstance(item, LaidTable):
            out.append(item)
            continue
        run: list[Line] = []
        for line in item:
            if run:
                prev = run[-1].text
                if (
                    prev[-1:] in _SENTENCE_END
                    and not _mostly_latin(prev)
                    and _mostly_latin(line.text)
                ):
                    out.append(run)
                    run = []
            run.append(line)
        out.append(run)
    return out


def _article_texts(layout: ArticleLayout) -> list[str]:
    """The headline parts, each paragraph, and each table cell of an article, in order."""
    texts = [_join_lines(part) for part in layout.headline_parts] or [""]
    for item in layout.items:
        if isinstance(item, LaidTable):
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


#: a paragraph above a headlined story's dateline this short is a deck, not a story
_DECK_MAX = 60


def _set_apart(paragraphs: list[list[Line]]) -> list[bool]:
    """Per paragraph, whether the layout sets it apart from the one before: on the same
    page and in the same column, more white above it than between the lines of the
    article's paragraphs (by half an em).  Paragraph spacing an engine adds to every
    paragraph is in that measure too.  The first paragraph is set apart, and so is one
    that opens a column or a page: nothing shows that it runs on (the next column may be
    a column of briefs the layout read under the same headline)."""
    gaps = sorted(
        b.top - a.bottom
        for lines in paragraphs
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and _same_column(a, b) and b.top > a.top
    )
    if not gaps:
        return [True] * len(paragraphs)
    typical = gaps[len(gaps) // 2]
    out = [True]
    for before, lines in zip(paragraphs, paragraphs[1:], strict=False):
        a, b = before[-1], lines[0]
        out.append(
            a.page != b.page or not _same_column(a, b)
            or b.top - a.bottom > typical + 0.5 * b.size
        )
    return out


def _same_column(a: Line, b: Line) -> bool:
    """Whether ``b`` lies below ``a`` in its column: their x ranges overlap."""
    return b.top > a.top and min(a.x1, b.x1) - max(a.x0, b.x0) > 0


def _under_one_headline(
    found: list[Article], on_its_page: list[bool] | None = None,
    run_on: list[bool] | None = None,
) -> list[Article]:
    """The articles a headlined block was split into, joined again: the layout gives the
    block one headline, and a second dateline under it (``据新华社…电`` quoting a wire,
    the items of a round-up) continues the story rather than opening a new one -- when
    the story itself opened with a dateline; under a story without one, a dateline
    opens the next item (briefs set on below a feature in the same column).  Only
    the first part's own headline lines (a subtitle above its dateline) stay headline;
    the later parts' headline-like lines go back into the text where they stood.
    ``on_its_page[k]``: part k starts on a page the headline is printed on; a part on a
    later page (briefs set on after a page break) stays an article of its own, and so do
    the parts after it.  ``run_on[k]``: part k opens a paragraph the layout runs on in the
    story's flow, not set apart by white (:func:`_set_apart`): under a story without a
    dateline, such parts are still the story's (a headlined cell's text is one article),
    up to the first part set apart, which opens the briefs set on below a feature."""
    if on_its_page is not None:
        end = next((k for k in range(1, len(found)) if not on_its_page[k]), len(found))
        if end < len(found):
            head = _under_one_headline(found[:end], None, run_on[:end] if run_on else None)
            return [*head, *found[end:]]
    if len(found) < 2:
        return found
    first, later = found[0], found[1:]
    if first.dateline is None:
        if any(len(p) > _DECK_MAX for p in first.paragraphs) or later[0].dateline is None:
            end = next((k for k in range(1, len(found)) if not (run_on and run_on[k])),
                       len(found))
            if end == 1:
                return found
            return [_joined(first, found[1:end]), *found[end:]]
        # only decks (subtitle lines set in body type) above the story's dateline: they
        # open the article's text, which then has no dateline of its own at its start
    return [_joined(first, later)]


def _joined(first: Article, later: list[Article]) -> Article:
    """``first`` with the text of the ``later`` parts after its own."""
    rest = [p for art in later for p in (*art.headline, *art.paragraphs)]
    return Article(
        (*first.paragraphs, *rest),
        first.dateline,
        first.date,
        first.headline,
        first.pages,
        first.tables,
        first.title_index,
    )


def _articles_of(
    layout: ArticleLayout, texts: list[str], year: int | None
) -> tuple[list[Article], list[Any]]:
    """The articles of one laid-out block, through the text path's steps: spacing,
    paragraphs split at a dateline after a finished sentence, articles split at
    datelines.  The block's headline goes to its first article."""
    it = iter(texts)
    parts = [next(it) for _ in range(max(len(layout.headline_parts), 1))]
    body: list[str] = []
    pages: list[set[int]] = []
    laid: list[list[Line]] = []
    tables: list[tuple[int, tuple[tuple[str, ...], ...], int]] = []
    for item in layout.items:
        if isinstance(item, LaidTable):
            rows = tuple(tuple(next(it) for _ in row) for row in item.rows)
            tables.append((len(body), rows, item.page))
        else:
            body.append(next(it))
            pages.append({line.page for line in item})
            laid.append(item)
    head_count = len(parts)
    cleaned, changes = clean_paragraphs([*parts, *body], keep_ideographic_spaces=True)
    parts, body = cleaned[:head_count], cleaned[head_count:]
    headline = tuple(p for p in parts if p)
    main = layout.main_part if len(headline) == len(parts) else 0
    split, cuts = split_paragraphs_at_datelines(body)
    # owner[k]: the body paragraph that split paragraph k came from
    owner: list[int] = []
    cut_set, j = set(cuts), -1
    for k in range(len(split)):
        if k == 0 or k not in cut_set:
            j += 1
        owner.append(j)
    first_of: dict[int, int] = {}
    for k, o in enumerate(owner):
        first_of.setdefault(o, k)
    found = split_articles(split, year=year) if split else [Article(())]
    if headline:
        head_pages = {line.page for part in layout.headline_parts for line in part}
        apart = _set_apart(laid) if laid else []
        starts, run_on, at = [], [], 0
        for art in found:
            starts.append(bool(pages[owner[at]] & head_pages) if at < len(owner) else False)
            # the part opens a body paragraph that runs on in the story's flow
            run_on.append(at < len(owner) and first_of[owner[at]] == at
                          and not apart[owner[at]])
            at += len(art.headline) + len(art.paragraphs)
        found = _under_one_headline(found, starts, run_on)
    out: list[Article] = []
    at = 0  # index into split of the article's first paragraph (its headline, if any)
    for n, art in enumerate(found):
        used = len(art.headline) + len(art.paragraphs)
        page_set: set[int] = set()
        for k in range(at, at + used):
            page_set |= pages[owner[k]]
        body_start = at + len(art.headline)
        last = n == len(found) - 1
        own = []
        for position, rows, table_page in tables:
            k = first_of.get(position, len(split))
            if at <= k < at + used or (last and k >= at) or (n == 0 and k < at):
                own.append(Table(rows, max(min(k, at + used) - body_start, 0)))
                page_set.add(table_page)
        if n == 0 and headline:
            page_set |= {line.page for part in layout.headline_parts for line in part}
            art_headline, title_index = headline + art.headline, main
        else:
            art_headline, title_index = art.headline, art.title_index
        out.append(
            Article(
                art.paragraphs,
                art.dateline,
                art.date,
                art_headline,
                tuple(sorted(page_set or set(layout.pages))),
                tuple(own),
                title_index,
            )
        )
        at += used
    return out, changes


def _decide_from_ink(pages: list[Page], report: GlyphRepairReport) -> dict[str, str]:
    """Decide placeholders from the ink boxes PDFium renders for their glyphs.

    This is the glyph evidence for fonts whose program zhfix cannot map codes into
    (predefined or embedded CMaps, simple fonts): the renderer can, and a glyph's ink box
    (no outline counts) still tells a comma from an ideograph.  Each placeholder is one
    glyph; its uses give one box (the median), judged per font.  A glyph the font
    program's evidence measured and left open is not judged again from less evidence:
    a Kai ``以`` drawn small in its em has the box of ``≡``."""
    import statistics

    boxes: dict[str, list[tuple[float, float, float, float]]] = {}
    for page in pages:
        for c in page.chars:
            if c.ink is not None and c.text in report.undecided and c.text not in report.measured:
                boxes.setdefault(c.text, []).append(c.ink)
    by_font: dict[Any, dict[str, tuple[str, GlyphFeatures]]] = {}
    rendered: dict[str, str] = {}
    for placeholder, found in boxes.items():
        box = tuple(statistics.median(v) for v in zip(*found, strict=True))
        features = (
            EMPTY_GLYPH
            if box[3] - box[1] < 0.005
            else GlyphFeatures(box[0], box[1], box[2], box[3], 0, 0)
        )
        claim = report.undecided[placeholder]
        if len(claim) > 1:  # a ligature (要要要 for ———): judged alone, as its first
            reading = decide_glyphs({0: (claim[0], features)}, box_only=True)[0]
            if reading is not None:
                rendered[placeholder] = reading * len(claim)
            continue
        font = report.placeholders[placeholder][0][0]
        by_font.setdefault(font, {})[placeholder] = (claim, features)
    for glyphs in by_font.values():
        for placeholder, reading in decide_glyphs(glyphs, box_only=True).items():
            if reading is not None:
                rendered[placeholder] = reading
    report.rendered.update(rendered)
    return rendered


def _unreadable(pages: list[Page]) -> list[UnreadableFont]:
    """Each font whose characters were left out, with its pages and their count."""
    found: dict[str, tuple[list[int], int]] = {}
    for page in pages:
        for font, n in page.unreadable.items():
            numbers, total = found.get(font, ([], 0))
            found[font] = ([*numbers, page.number], total + n)
    return [UnreadableFont(f, tuple(numbers), n) for f, (numbers, n) in sorted(found.items())]


def restore_pdf(path: str | Path | bytes, pages: str | list[int] | None = None) -> Document:
    """Extract, repair and restructure the Chinese text of the PDF at ``path`` (or given
    as its bytes, read from standard input, say).

    ``pages`` selects 1-based pages (``"2-5"``, ``"1,3"`` or a list).  Raises
    :class:`PdfError` with a one-line message for input that is not a PDF, is encrypted
    or truncated, or has no text layer on the selected pages.
    """
    data, name = read_source(path)
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
    ink_for = frozenset(ord(p) for p in report.undecided if p not in report.measured)
    skip = frozenset(report.unreadable_fonts)
    try:
        extracted: list[Page] = [read_page(doc, p - 1, ink_for, skip) for p in selected]
    finally:
        doc.close()
    unreadable = _unreadable(extracted)
    without_text = [pg.number for pg in extracted if not pg.chars and not pg.unreadable]
    if all(not pg.chars for pg in extracted):
        what = "page" if len(extracted) == 1 else "pages"
        if unreadable:
            raise PdfError(
                f"{name}: no text could be read: {describe_unreadable(unreadable)}", "unreadable"
            )
        raise PdfError(
            f"{name}: no text layer on the selected {what} (image-only? run OCR first)", "no_text"
        )
    layouts, heads = layout_pages([pg for pg in extracted if pg.chars])
    for layout in layouts:
        layout.items = _split_scripts(layout.items)
    texts = [_article_texts(layout) for layout in layouts]
    rendered = _decide_from_ink(extracted, report)
    # The model reads one character per glyph: a ligature's placeholder as its first
    # (undecided ligatures keep their claim).
    undecided = {p: x for p, x in report.undecided.items() if p not in rendered and len(x) == 1}
    damaged = report.codes_repaired > 0 or any(
        reading != report.undecided[p] for p, reading in rendered.items()
    )
    known = {p: x[:1] for p, x in {**report.undecided, **rendered}.items() if p not in undecided}
    votes = _model_votes(texts, undecided, known, damaged)
    by_model = _majority(votes, undecided)
    decided = {**by_model, **rendered}
    table = str.maketrans({**report.undecided, **decided})
    years = {
        n: d.year
        for n, h in heads.items()
        if (d := page_date([t.translate(table) for t in h])) is not None
    }
    articles: list[Article] = []
    first_article: list[int] = []
    for layout, article_texts in zip(layouts, texts, strict=True):
        # The year of the article's page, or else of the issue (a page whose running head
        # was not read as one still belongs to the same day's paper).
        year = years.get(min(layout.pages)) if layout.pages else None
        if year is None and years:
            year = Counter(years.values()).most_common(1)[0][0]
        made, _ = _articles_of(layout, [t.translate(table) for t in article_texts], year)
        first_article.append(len(articles))
        articles.extend(made)
    changes = [
        (first_article[index], change)
        for index, change in _model_changes(texts, by_model, undecided, votes)
    ]
    resolved = {
        font_code: text for p, text in decided.items() for font_code in report.placeholders[p]
    }
    pdf = PdfReport(report, changes, without_text, resolved, unreadable, dict(report.made_maps))
    return Document(tuple(articles), pages=tuple(selected), pdf=pdf)
