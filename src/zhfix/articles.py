"""Structure: split a page of paragraphs into news items at their datelines.

A Chinese news item opens with a dateline: ``本报讯``, ``本报讯（记者 …）``,
``新华社北京6月11日电``, ``本报北京１月２６日讯``, ``据新华社杭州１月２６日电（…）``.
:func:`split_articles` starts a new article at every paragraph that opens with one (and
inside a paragraph, where a dateline follows a finished sentence: a layout that ran two
items together), gives the article the headline paragraphs printed just above the
dateline, and reads the item's date: from the dateline itself, or from the words after
``本报讯`` (``本报讯 6月6日，…``).  The date is ISO 8601 (``2020-06-06``) when the year is
known -- from the dateline, from the caller, or from a page date such as
``2020年6月12日 星期五`` -- and ``--06-06`` (ISO 8601 month and day) otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .charclass import SENTENCE_END

_DIGIT = "0-9０-９"
_CN_DIGIT = "〇零一二三四五六七八九十"
_NUM = f"[{_DIGIT}]{{1,2}}|[{_CN_DIGIT}]{{1,3}}"
_SP = "[ \u3000\u00a0]*"
#: A date: optional year, month, day.
DATE = (
    rf"(?:(?P<year>[{_DIGIT}]{{4}}|[{_CN_DIGIT}]{{4}}){_SP}年{_SP})?"
    rf"(?P<month>{_NUM}){_SP}月{_SP}(?P<day>{_NUM}){_SP}日"
)
_AGENCY = (
    r"本报|本刊|本台|本网|新华社|中新社|中新网|中国新闻社|人民网|新华网|央视网|央广网|光明网"
    r"|[\u4e00-\u9fff]{2,6}(?:日报|晚报|时报|商报|通讯社|新闻社|电视台|广播电台)"
)
# 电 after a date also starts words (电话, 电视...): those are not datelines.
_NOT_DATELINE_AFTER_DIAN = "话视脑力影子器池源线缆信网台商梯车站厂费价量压流路机气"
_CREDIT = rf"(?:{_SP}[（(][^（()）\n]{{1,40}}[）)])?"
#: ``新华社北京6月11日电（记者 …）``: agency, place, date, 电 or 讯.
_WIRE = (
    rf"(?:{_AGENCY})(?P<place>[\u4e00-\u9fff·]{{0,12}}?(?:[（(][^（()）\n]{{1,12}}[）)])?){_SP}"
    rf"{DATE}{_SP}(?:电|讯)(?![{_NOT_DATELINE_AFTER_DIAN}]){_CREDIT}"
)
#: ``本报讯``, ``本报讯（记者 …）``, ``运城日报讯``.
_NEWS = rf"(?:本报|本刊|本台|本网|[\u4e00-\u9fff]{{2,8}}(?:日报|晚报|时报|商报))讯{_CREDIT}"
DATELINE = re.compile(rf"[【\[]?据?(?P<dateline>{_WIRE}|{_NEWS})[】\]]?")
#: The date that follows ``本报讯``: after an optional ``记者 XXX 报道：``.
_DATE_AFTER = re.compile(rf"{_SP}(?:(?:本报)?记者[^：:，。\n]{{1,24}}?报道[：:]{_SP})?{DATE}")
_DATE = re.compile(DATE)
#: A dateline run into the previous item: after a finished sentence.
_INNER_DATELINE = re.compile(rf"(?<=[{SENTENCE_END}”』」）])[ \u3000]*(?={_WIRE}|{_NEWS})")
#: A page date on a line of its own, which gives the year: ``2020年6月12日 星期五``.
_PAGE_DATE = re.compile(
    rf"^{_SP}(?P<year>[{_DIGIT}]{{4}}|[{_CN_DIGIT}]{{4}}){_SP}年{_SP}(?P<month>{_NUM}){_SP}月"
    rf"{_SP}(?P<day>{_NUM}){_SP}日{_SP}(?:[（(]?(?:星期|周)[一二三四五六日天][）)]?)?"
    rf"(?:{_SP}农历\S{{0,12}})?{_SP}$"
)
_HEADLINE_MAX = 40  # longer paragraphs above a dateline are text, not a headline
_CLOSING = "。！？!?…；;”’」』"
_BULLETS = "●○■□◆◇▲△★☆•"


@dataclass(frozen=True, slots=True)
class Table:
    """A table kept as a table: ``rows[r][c]`` is one cell's text; it stands after the
    first ``position`` paragraphs of its article."""

    rows: tuple[tuple[str, ...], ...]
    position: int = 0

    def to_text(self) -> str:
        """One row per line, cells separated by tabs."""
        return "\n".join("\t".join(row) for row in self.rows)

    def to_dict(self) -> dict[str, object]:
        return {"position": self.position, "rows": [list(row) for row in self.rows]}


@dataclass(frozen=True, slots=True)
class Article:
    """One news item: its headline, its paragraphs, dateline and date; from a PDF also
    its pages and tables.

    ``headline`` holds the headline lines printed above the text (kicker, headline proper,
    subtitle); ``paragraphs`` holds the text after them -- a headline is never repeated
    there.  ``title`` is the headline proper.
    """

    paragraphs: tuple[str, ...]
    dateline: str | None = None
    #: ``YYYY-MM-DD`` when the year is known, ``--MM-DD`` otherwise, None without a date
    date: str | None = None
    #: the headline lines printed above the text (not in ``paragraphs``)
    headline: tuple[str, ...] = field(default=())
    #: 1-based page numbers the article is printed on (PDF input), else None
    pages: tuple[int, ...] | None = None
    #: tables kept as tables (PDF input), each placed after some paragraphs
    tables: tuple[Table, ...] = ()
    #: which of ``headline`` is the headline proper (the others: kicker, subtitle)
    title_index: int = 0

    @property
    def title(self) -> str | None:
        """The headline proper, or None for an article without a headline."""
        return self.headline[self.title_index] if self.headline else None

    @property
    def body(self) -> tuple[str, ...]:
        """The paragraphs (a synonym kept for readers of PDF articles)."""
        return self.paragraphs

    def lines(self) -> list[str]:
        """What the text output prints: the headline once, then one paragraph per line,
        each table one row per line where it stands."""
        out = list(self.headline)
        tables = sorted(self.tables, key=lambda t: t.position)
        k = 0
        for i, p in enumerate(self.paragraphs):
            while k < len(tables) and tables[k].position <= i:
                out.append(tables[k].to_text())
                k += 1
            out.append(p)
        out.extend(t.to_text() for t in tables[k:])
        return out

    def to_text(self) -> str:
        """:meth:`lines`, each ended by a line break."""
        return "".join(line + "\n" for line in self.lines())

    def to_dict(self) -> dict[str, object]:
        """The article as JSON data (see ``docs/document.schema.json``)."""
        return {
            "title": self.title,
            "headline": list(self.headline),
            "dateline": self.dateline,
            "date": self.date,
            "paragraphs": list(self.paragraphs),
            "pages": None if self.pages is None else list(self.pages),
            "tables": [t.to_dict() for t in self.tables],
        }


def _number(s: str) -> int | None:
    """An Arabic (half- or full-width) or Chinese numeral: ``6``, ``１２``, ``二十六``."""
    s = s.translate(_FULLWIDTH_DIGITS)
    if s.isdigit():
        return int(s)
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")}
    digits["零"] = 0
    if "十" not in s:
        if all(c in digits for c in s):
            return int("".join(str(digits[c]) for c in s))
        return None
    tens, _, units = s.partition("十")
    if tens and tens not in digits or units and units not in digits:
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)


_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True, slots=True)
class _Date:
    year: int | None
    month: int
    day: int


def _read_date(m: re.Match[str]) -> _Date | None:
    month, day = _number(m.group("month")), _number(m.group("day"))
    if month is None or day is None or not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    year = _number(m.group("year")) if m.group("year") else None
    return _Date(year, month, day)


def _iso(date: _Date, year: int | None, page: _Date | None) -> str:
    """ISO 8601: the full date when a year is known, ``--MM-DD`` otherwise."""
    y = date.year or year
    if y is None and page is not None and page.year is not None:
        # An item dated after the page's date is from the year before (December news on
        # a January page).
        y = page.year - 1 if (date.month, date.day) > (page.month, page.day + 1) else page.year
    if y is None:
        return f"--{date.month:02d}-{date.day:02d}"
    return f"{y:04d}-{date.month:02d}-{date.day:02d}"


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found at the start of a paragraph."""

    text: str  # as printed: 本报讯（记者 王某）, 新华社北京6月11日电
    end: int  # where it ends in the paragraph
    date: _Date | None


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline a paragraph opens with, and its date, or None.

    >>> d = find_dateline("本报讯6月6日，我县召开脱贫攻坚问题整改推进会。")
    >>> d.text, (d.date.month, d.date.day)
    ('本报讯', (6, 6))
    >>> find_dateline("新华社北京１月２６日电（记者丛亚平）建设部最近发出通知。").text
    '新华社北京１月２６日电（记者丛亚平）'
    >>> find_dateline("本报讯 记者从有关部门了解到。").date is None
    True
    """
    m = DATELINE.match(paragraph)
    if m is None:
        return None
    text = m.group("dateline").strip()
    if m.group("month") is not None:
        date = _read_date(m)
    else:
        after = _DATE_AFTER.match(paragraph, m.end())
        date = _read_date(after) if after else None
    return Dateline(text, m.end(), date)


def split_paragraphs_at_datelines(paragraphs: list[str]) -> tuple[list[str], list[int]]:
    """Split paragraphs where a dateline follows a finished sentence inside them.

    Returns the paragraphs and, for each split, the index of the new paragraph.
    """
    out: list[str] = []
    splits: list[int] = []
    for p in paragraphs:
        cuts = [m.end() for m in _INNER_DATELINE.finditer(p) if m.end() > 0]
        prev = 0
        for c in cuts:
            piece = p[prev:c].rstrip(" \u3000")
            d = find_dateline(piece)
            if d is not None and d.end >= len(piece):
                continue  # ``本报讯（记者…）新华社…电``: a credit, then the wire it quotes
            if piece:
                out.append(piece)
                splits.append(len(out))
            prev = c
        out.append(p[prev:])
    return out, splits


def _is_headline(paragraph: str) -> bool:
    """Short, unfinished, not a credit in brackets, no full stop inside (a caption
    with its photographer's credit after it), not an item of a list (``●…``): a
    headline printed above a dateline."""
    p = paragraph.strip()
    if not p or len(p) > _HEADLINE_MAX or p[-1] in _CLOSING or "。" in p:
        return False
    if p[0] in _BULLETS:
        return False
    if p[0] in "（(" and p[-1] in "）)":
        return False
    return _PAGE_DATE.match(p) is None


def page_date(paragraphs: list[str]) -> _Date | None:
    """The date of the page, from a paragraph that is nothing but a full date."""
    for p in paragraphs:
        m = _PAGE_DATE.match(p)
        if m:
            d = _read_date(m)
            if d is not None and d.year is not None:
                return d
    return None


def split_articles(paragraphs: list[str], *, year: int | None = None) -> list[Article]:
    """Group paragraphs into articles, one per dateline.

    Paragraphs before the first dateline form an article without a dateline (unless
    they are only its headline).  Text without datelines is one article.

    >>> arts = split_articles(["本报讯 6月6日，会议召开。", "会议指出，要抓落实。",
    ...                        "本报讯 6月9日，推进会召开。"], year=2020)
    >>> [(a.dateline, a.date, len(a.paragraphs)) for a in arts]
    [('本报讯', '2020-06-06', 2), ('本报讯', '2020-06-09', 1)]
    """
    page = page_date(paragraphs)
    # [dateline, paragraphs, number of headline paragraphs]
    groups: list[list] = [[None, [], 0]]
    for p in paragraphs:
        d = find_dateline(p)
        if d is None:
            groups[-1][1].append(p)
            continue
        prev_dateline, prev, prev_head = groups[-1]
        keep = 0 if prev_dateline is None else prev_head + 1  # never the dateline itself
        head: list[str] = []
        while len(prev) > keep and len(head) < 2 and _is_headline(prev[-1]):
            head.insert(0, prev.pop())
        groups.append([d, head + [p], len(head)])
    articles = []
    for d, paras, n_head in groups:
        if not paras:
            continue
        if d is None:
            articles.append(Article(tuple(paras)))
            continue
        date = _iso(d.date, year, page) if d.date else None
        # The headline proper is the last line above the dateline; one above it is a kicker.
        articles.append(
            Article(
                tuple(paras[n_head:]),
                d.text,
                date,
                tuple(paras[:n_head]),
                title_index=max(n_head - 1, 0),
            )
        )
    return articles
