"""The restored document, and :func:`restore`: raw text -> characters -> layout -> articles.

One :class:`Document` type serves text and PDF input: :func:`restore` builds it from text,
:func:`zhfix.pdf.restore_pdf` from a PDF (with ``pages`` and a ``pdf`` report set).  Its
JSON form is described by ``docs/document.schema.json``.

Each step works on the previous step's output and never reaches back: the character repair
substitutes one character for one, so its offsets are the input's; the layout step joins
lines and cleans spacing, reporting changes in the same offsets; the structure step groups
the paragraphs into news items.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .articles import Article, split_articles, split_paragraphs_at_datelines
from .changes import Change
from .config import FixConfig
from .decode import Decoding
from .layout import Layout, LayoutChange, Paragraph, join_preserving, restore_layout
from .repair import explain, repair

_DEFAULT = FixConfig()


@dataclass(frozen=True)
class Document:
    """A restored page or PDF: its articles, and every change that led to them.

    For text, ``changes`` holds the character repairs (:class:`~zhfix.Change`) and the
    layout decisions (:class:`~zhfix.layout.LayoutChange`), all with offsets into the
    input; it is worked out when first asked for.  Each says what its step saw: where
    both steps changed a character (``摇`` repaired to U+3000, which layout then took out),
    the layout change's ``before`` is the repaired character.  For a PDF, ``pages`` lists
    the pages read and ``pdf`` reports the font repairs (glyph maps, model readings, pages
    and fonts that could not be read).
    """

    articles: tuple[Article, ...]
    layout: Layout | None = None
    #: True when the page was rearranged: lines joined or items split apart
    reflowed: bool = True
    source: str = field(default="", repr=False)
    #: What the character repair decided; the changes are built from it when asked for.
    decoding: Decoding | None = field(default=None, repr=False, compare=False)
    structure_changes: tuple[LayoutChange, ...] = field(default=(), repr=False)
    #: 1-based pages read (PDF input), else None
    pages: tuple[int, ...] | None = None
    #: the PDF reader's report (:class:`zhfix.pdf.report.PdfReport`), else None
    pdf: Any = field(default=None, repr=False, compare=False)

    @cached_property
    def character_changes(self) -> tuple[Change, ...]:
        """The character repairs of a text input, with offsets into the input."""
        if self.decoding is None or self.layout is None:
            return ()
        return explain(self.source, self.layout.source, self.decoding)

    @cached_property
    def changes(self) -> tuple[Change | LayoutChange, ...]:
        """Character repairs and layout decisions of a text input, in input order."""
        layout_changes = self.layout.changes if self.layout is not None else ()
        # A structure change of a break's span says what the break became in the end.
        replaced = {(c.start, c.end) for c in self.structure_changes if c.kind == "break"}
        merged: list[Change | LayoutChange] = [
            *self.character_changes,
            *(c for c in layout_changes if (c.start, c.end) not in replaced),
            *self.structure_changes,
        ]
        merged.sort(key=lambda c: (c.start, c.end))
        return tuple(merged)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """All paragraphs (headlines left out), in order, across articles."""
        return tuple(p for a in self.articles for p in a.paragraphs)

    def to_text(self) -> str:
        """Each article's headline once, then one paragraph per line; a blank line
        between articles.

        A text that needed no rearranging (already one paragraph per line) keeps its own
        line breaks, indents and blank lines, so clean text comes back byte for byte.
        """
        if not self.reflowed and self.layout is not None:
            return join_preserving(self.layout.source, self.layout.paragraphs)
        return "\n".join(a.to_text() for a in self.articles)

    def to_dict(self) -> dict[str, Any]:
        """``{"articles": [...], "changes": [...], "pages": ...}``, as described by
        ``docs/document.schema.json``; a PDF adds ``pages_without_text`` and
        ``unreadable``."""
        changes = [_with_step(c.to_dict()) for c in self.changes]
        out: dict[str, Any] = {"articles": [a.to_dict() for a in self.articles]}
        if self.pdf is not None:
            changes += self.pdf.change_dicts()
        out["changes"] = changes
        out["pages"] = None if self.pages is None else list(self.pages)
        if self.pdf is not None:
            out.update(self.pdf.to_dict())
        return out

    def to_json(self) -> str:
        """:meth:`to_dict` as one line of JSON (UTF-8 characters kept, not escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)


def restore(text: str, *, year: int | None = None, config: FixConfig = _DEFAULT) -> Document:
    """Restore a page copied out of a PDF: characters, paragraphs, spacing, articles.

    ``year`` dates the articles when the page itself does not say the year.

    >>> doc = restore("本报讯 6 月 6 日袁我县召开脱贫攻坚\\n\\n"
    ...               "问题整改推进会袁会议传达贯彻落实省委脱\\n\\n"
    ...               "贫攻坚督导组反馈会精神遥\\n", year=2020)
    >>> print(doc.to_text(), end="")
    本报讯6月6日，我县召开脱贫攻坚问题整改推进会，会议传达贯彻落实省委脱贫攻坚督导组反馈会精神。
    >>> doc.articles[0].dateline, doc.articles[0].date
    ('本报讯', '2020-06-06')
    """
    fixed, decoding = repair(text, config)
    # Spacing follows one rule, whether or not characters needed repair: layout spaces
    # go where the lines show a column dump; a writer's ``AI 革命`` stays elsewhere.
    layout = restore_layout(fixed)
    paragraphs = [p.text for p in layout.paragraphs]
    split, cuts = split_paragraphs_at_datelines(paragraphs)
    articles = split_articles(split, year=year)
    return Document(
        tuple(articles),
        layout,
        layout.reflowed or bool(cuts),
        text,
        decoding,
        tuple(_structure_changes(text, layout, split, cuts, articles)),
    )


def _structure_changes(
    text: str, layout: Layout, split: list[str], cuts: list[int], articles: list[Article]
) -> list[LayoutChange]:
    """What :meth:`Document.to_text` does between paragraphs, as changes of the input.

    With these, replaying every change (:func:`zhfix.apply_changes`) on the input gives
    the output: the whitespace before the first paragraph goes, each paragraph ends in
    one line break and each article after the first starts after a blank line, and a
    paragraph split at a dateline inside it is cut where that dateline starts in the
    input.  Text that was not rearranged keeps the whitespace between its paragraphs.
    """
    paragraphs = layout.paragraphs
    if not paragraphs:
        return []
    out: list[LayoutChange] = []
    breaks = {(c.start, c.end): c for c in layout.changes if c.kind == "break"}
    if not (layout.reflowed or cuts):
        # Paragraphs keep the separators they had; a kept break says so.
        for (a, b), c in breaks.items():
            if c.after != layout.source[a:b]:
                out.append(_replaced(c, layout.source[a:b]))
        return out
    starts = {0}
    k = 0
    for article in articles[:-1]:
        k += len(article.headline) + len(article.paragraphs)
        starts.add(k)
    # split[k] is layout paragraph owner[k], or a piece of it after a cut.
    cut_set = set(cuts)
    first_piece: list[int] = []
    pieces_of: list[list[int]] = []
    for k in range(len(split)):
        if k == 0 or k not in cut_set:
            first_piece.append(k)
            pieces_of.append([k])
        else:
            pieces_of[-1].append(k)
    if paragraphs[0].start > 0:
        out.append(_gap(0, paragraphs[0].start, text[: paragraphs[0].start], "", "before the text"))
    for j, p in enumerate(paragraphs):
        if j + 1 < len(paragraphs):
            a, b = p.end, paragraphs[j + 1].start
            after = "\n\n" if first_piece[j + 1] in starts else "\n"
            kept = breaks.get((a, b))
            if kept is not None:
                if kept.after != after:
                    out.append(_replaced(kept, after, "paragraph break; a new article starts"))
            elif text[a:b] != after:
                reason = "a new article starts" if after == "\n\n" else "paragraph break"
                out.append(_gap(a, b, text[a:b], after, reason))
        else:
            tail = text[p.end :]
            if tail != "\n":
                out.append(_gap(p.end, len(text), tail, "\n", "the end of the text"))
        _cut_changes(text, layout, p, split, pieces_of[j], starts, out)
    return out


def _cut_changes(
    text: str,
    layout: Layout,
    paragraph: Paragraph,
    split: list[str],
    pieces: list[int],
    starts: set[int],
    out: list[LayoutChange],
) -> None:
    """A paragraph split at datelines: where each piece after the first starts."""
    if len(pieces) < 2:
        return
    inside = [
        c
        for c in layout.changes
        if paragraph.start <= c.start and c.end <= paragraph.end and c.kind != "break"
    ]
    offset = 0
    for prev, k in zip(pieces, pieces[1:], strict=False):
        kept = split[prev]
        offset += len(kept)
        stripped = 0
        while paragraph.text[offset + stripped : offset + stripped + 1] in (" ", "\u3000") and (
            not paragraph.text.startswith(split[k], offset + stripped)
        ):
            stripped += 1
        a = _input_offset(text, inside, paragraph.start, offset)
        b = _input_offset(text, inside, paragraph.start, offset + stripped)
        after = "\n\n" if k in starts else "\n"
        out.append(
            LayoutChange(
                a,
                b,
                text[a:b],
                after,
                "a news dateline after a finished sentence: a new article",
                0.9,
                "article",
            )
        )
        offset += stripped


def _input_offset(text: str, changes: list[LayoutChange], start: int, at: int) -> int:
    """The input offset of character ``at`` of the paragraph that starts at ``start``:
    its layout changes replayed over the input (characters are repaired one for one)."""
    pos, made = start, 0
    for c in sorted(changes, key=lambda c: (c.start, c.end)):
        if c.start < pos:
            continue
        if made + (c.start - pos) >= at:
            break
        made += c.start - pos
        if made + len(c.after) > at:
            return c.start
        made += len(c.after)
        pos = c.end
    return pos + (at - made)


def _gap(a: int, b: int, before: str, after: str, reason: str) -> LayoutChange:
    return LayoutChange(a, b, before, after, reason, 1.0, "break")


def _replaced(change: LayoutChange, after: str, reason: str | None = None) -> LayoutChange:
    return LayoutChange(
        change.start,
        change.end,
        change.before,
        after,
        reason or change.reason,
        change.confidence,
        change.kind,
    )


def _with_step(change: dict[str, Any]) -> dict[str, Any]:
    """A change record says which step made it; layout records say so themselves."""
    change.setdefault("step", "characters")
    return change
