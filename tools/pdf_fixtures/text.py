"""Held-out news to typeset: articles with kicker, headline, subtitle, dateline and
paragraphs, cut from the People's Daily lines that the character model never saw.

The held-out tenth of People's Daily (January 1998, ``tools/corpus.py``) is split once
more, by article: the first :data:`DEV_SHARE` of its articles are the *dev* texts, the
rest the *test* texts, so the two fixture sets never share a sentence.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from .. import corpus

Split = Literal["dev", "test"]
DEV_SHARE = 0.3
#: a news item's dateline as People's Daily prints it (本报北京１月２６日讯, 新华社…电)
DATELINE = re.compile(r"^(?:本报|新华社|中新社|人民日报)[^，。：、（]{0,24}?(?:讯|电)")
_ENDS_SENTENCE = "。！？”"
_HEADING_MAX = 26
_DISPLAY_MAX = 36
_PARAGRAPH_MAX = 260
_PICTURE_NOTE = re.compile(r"（附[^）]{0,8}）")
_BYLINES = ("本报记者", "新华社记者", "记者", "本报通讯员", "通讯员")


@dataclass
class Article:
    """One article as typeset: the gold a reader's output is scored against."""

    headline: str
    paragraphs: list[str]
    kicker: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    tables: list[list[list[str]]] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    #: how it was set: "article", "brief" (a dateline item without headline), "boxed"
    kind: str = "article"

    def heads(self) -> list[str]:
        """Kicker, headline and subtitle, those printed."""
        return [h for h in (self.kicker, self.headline, self.subtitle) if h]

    def blocks(self) -> list[str]:
        """Every text block in reading order: the heads, then the paragraphs."""
        return [*self.heads(), *self.paragraphs]

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "kicker": self.kicker,
            "headline": self.headline,
            "subtitle": self.subtitle,
            "dateline": self.dateline,
            "paragraphs": self.paragraphs,
            "tables": self.tables,
            "pages": self.pages,
        }

    @classmethod
    def from_dict(cls, d: dict[str, object]) -> Article:
        return cls(**d)  # type: ignore[arg-type]


def _is_heading(line: str, limit: int) -> bool:
    return (
        4 <= len(line) <= limit
        and line[-1] not in _ENDS_SENTENCE
        and "。" not in line
        and not line.startswith(("●", "（", "("))
    )


def _shorten(paragraph: str) -> str:
    """A long paragraph cut after its last sentence that ends within the limit."""
    if len(paragraph) <= _PARAGRAPH_MAX:
        return paragraph
    cut = max(paragraph.rfind(p, 0, _PARAGRAPH_MAX) for p in "。！？")
    return paragraph[: cut + 1] if cut >= 40 else paragraph[:_PARAGRAPH_MAX]


@cache
def _all_articles(part: corpus.Split = "heldout") -> tuple[Article, ...]:
    """Held-out lines (or the training part's) grouped into articles: a run of one to
    three short lines without a full stop (kicker, headline, subtitle) opens one; the
    long lines after it are its paragraphs (at most six)."""
    articles: list[Article] = []
    heads: list[str] = []
    paragraphs: list[str] = []

    def close() -> None:
        if heads and paragraphs:
            kicker = heads[0] if len(heads) >= 2 else None
            headline = heads[1] if len(heads) >= 2 else heads[0]
            subtitle = heads[2] if len(heads) >= 3 else None
            if len(headline) <= _HEADING_MAX:
                m = DATELINE.match(paragraphs[0])
                articles.append(
                    Article(headline, list(paragraphs), kicker, subtitle, m.group(0) if m else None)
                )

    for raw in corpus.people_daily(part):
        line = _PICTURE_NOTE.sub("", raw)
        if line.startswith(_BYLINES) and len(line) <= 20:
            continue
        if _is_heading(line, _DISPLAY_MAX) and (not paragraphs or not heads):
            if paragraphs:
                close()
                heads, paragraphs = [], []
            heads.append(line)
            if len(heads) > 3:
                heads = heads[-3:]
        elif _is_heading(line, _DISPLAY_MAX):
            close()
            heads, paragraphs = [line], []
        elif heads and len(line) >= 20 and len(paragraphs) < 6:
            paragraphs.append(_shorten(line))
    close()
    return tuple(articles)


def articles(split: Split) -> list[Article]:
    """The articles of one split, fresh copies in corpus order."""
    every = _all_articles()
    cut = int(len(every) * DEV_SHARE)
    chosen = every[:cut] if split == "dev" else every[cut:]
    return [
        Article(a.headline, list(a.paragraphs), a.kicker, a.subtitle, a.dateline)
        for a in chosen
    ]


def training_articles() -> list[Article]:
    """Articles of the character model's training part of People's Daily, fresh copies:
    many more texts for extra dev issues (:mod:`.extra_dev`) than the dev split's, and
    none of the test split's.  The model knows them, so they suit layout work, not
    character repair figures."""
    return [
        Article(a.headline, list(a.paragraphs), a.kicker, a.subtitle, a.dateline)
        for a in _all_articles("train")
    ]


_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = "建国华明伟军平红丽强文亮静波海燕春晓东林峰志勇杰涛斌霞玉兰英新宏"
_CITIES = ("北京", "上海", "天津", "广州", "武汉", "成都", "西安", "南京", "沈阳", "杭州")


def _fullwidth(n: int) -> str:
    return "".join(chr(0xFF10 + int(d)) for d in str(n))


def make_dateline(rng: random.Random) -> str:
    """A dateline in one of the forms People's Daily uses."""
    name = rng.choice(_SURNAMES) + "".join(rng.sample(_GIVEN, rng.choice((1, 2))))
    day = f"１月{_fullwidth(rng.randint(1, 31))}日"
    form = rng.randrange(3)
    if form == 0:
        return f"本报{rng.choice(_CITIES)}{day}讯　记者{name}报道："
    if form == 1:
        return f"本报讯　（记者{name}）"
    return f"新华社{rng.choice(_CITIES)}{day}电　（记者{name}）"


def as_brief(article: Article, rng: random.Random) -> Article:
    """The article as a short news item: no headline, one or two paragraphs, the first
    opening with a dateline."""
    first = article.paragraphs[0]
    if not article.dateline:
        dateline = make_dateline(rng)
        first = dateline + first
    else:
        dateline = article.dateline
    paragraphs = [first, *article.paragraphs[1 : rng.choice((1, 2))]]
    return Article("", paragraphs, dateline=DATELINE.match(first).group(0)  # type: ignore[union-attr]
                   if DATELINE.match(first) else dateline, kind="brief")


def make_table(rng: random.Random, words: list[str]) -> list[list[str]]:
    """A small statistics table: a header row of words, rows of a label and figures."""
    n_cols = rng.choice((3, 4))
    rows = [rng.sample(words, n_cols)]
    for _ in range(rng.choice((2, 3, 4))):
        figures = [f"{rng.uniform(1, 999):.1f}" for _ in range(n_cols - 1)]
        rows.append([rng.choice(words), *figures])
    return rows


@cache
def table_words() -> tuple[str, ...]:
    """Two- to four-character words of the held-out text, for table cells."""
    found: dict[str, None] = {}
    for a in _all_articles()[:60]:
        for w in re.findall(r"[\u4e00-\u9fff]{2,4}", a.paragraphs[0]):
            found.setdefault(w, None)
    return tuple(found)[:300]
