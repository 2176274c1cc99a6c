"""The restored document, and :func:`restore`: raw text -> characters -> layout -> articles.

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
from .layout import Layout, LayoutChange, join_preserving, restore_layout
from .repair import explain, repair

_DEFAULT = FixConfig()


@dataclass(frozen=True)
class Document:
    """A restored page: its articles, and every change that led from the input to them.

    ``changes`` holds the character repairs (:class:`~zhfix.Change`) and the layout
    decisions (:class:`~zhfix.layout.LayoutChange`), all with offsets into the input; it
    is worked out when first asked for.  Each says what its step saw: where both steps
    changed a character (``摇`` repaired to U+3000, which layout then took out), the
    layout change's ``before`` is the repaired character.
    """

    articles: tuple[Article, ...]
    layout: Layout
    #: True when the page was rearranged: lines joined or items split apart
    reflowed: bool
    source: str = field(repr=False)
    #: What the character repair decided; the changes are built from it when asked for.
    decoding: Decoding = field(repr=False, compare=False)
    structure_changes: tuple[LayoutChange, ...] = field(default=(), repr=False)

    @cached_property
    def character_changes(self) -> tuple[Change, ...]:
        """The character repairs alone, with offsets into the input."""
        return explain(self.source, self.layout.source, self.decoding)

    @cached_property
    def changes(self) -> tuple[Change | LayoutChange, ...]:
        """Character repairs and layout decisions, in input order."""
        merged: list[Change | LayoutChange] = [
            *self.character_changes,
            *self.layout.changes,
            *self.structure_changes,
        ]
        merged.sort(key=lambda c: (c.start, c.end))
        return tuple(merged)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """All paragraphs, in order, across articles."""
        return tuple(p for a in self.articles for p in a.paragraphs)

    def to_text(self) -> str:
        """One paragraph per line, a blank line between articles.

        A page that needed no rearranging (already one paragraph per line) keeps its own
        line breaks, indents and blank lines, so clean text comes back byte for byte.
        """
        if not self.reflowed:
            return join_preserving(self.layout.source, self.layout.paragraphs)
        return "\n".join("".join(p + "\n" for p in a.paragraphs) for a in self.articles)

    def to_dict(self) -> dict[str, Any]:
        """``{"articles": [{"dateline", "date", "headline", "paragraphs"}], "changes": [...]}``."""
        changes = [_with_step(c.to_dict()) for c in self.changes]
        return {"articles": [a.to_dict() for a in self.articles], "changes": changes}

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON (UTF-8 characters kept, not escaped)."""
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
        tuple(_split_changes(layout, split, cuts)),
    )


def _split_changes(layout: Layout, split: list[str], cuts: list[int]) -> list[LayoutChange]:
    """Report each paragraph split at a dateline, located in the input where possible."""
    out = []
    source = layout.source
    spans = [(p.start, p.end) for p in layout.paragraphs]
    # Paragraph k of ``split`` came from layout paragraph owner[k].
    owner: list[int] = []
    j = 0
    cut_set = set(cuts)
    for k in range(len(split)):
        if k > 0 and k not in cut_set:
            j += 1
        owner.append(j)
    for k in cuts:
        start, end = spans[owner[k]]
        probe = split[k][:2]
        at = source.find(probe, start, end)
        at = start if at < 0 else at
        out.append(
            LayoutChange(
                at,
                at,
                "",
                "\n",
                "a news dateline after a finished sentence: a new article",
                0.9,
                "article",
            )
        )
    return out


def _with_step(change: dict[str, Any]) -> dict[str, Any]:
    """A change record says which step made it; layout records say so themselves."""
    change.setdefault("step", "characters")
    return change
