"""Layout steps on synthetic glyph lists: characters with boxes made here, no PDF.

Each test sets glyphs the way a typesetting engine places them (square Chinese type on
a baseline grid, justified columns, narrow gutters, rules, hanging punctuation) and
checks one step of :mod:`zhfix.pdf.layout`: rows, gutters, lines, furniture, reading
order, articles.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from zhfix.pdf.extract import Char, Page, Rule
from zhfix.pdf.layout import (
    ArticleLayout,
    Line,
    Table,
    build_lines,
    drop_running_heads,
    find_rows,
    layout_pages,
    take_tables,
)

SIZE = 10.0
PITCH = 15.0
TEXT = (
    "会议指出要切实提高政治站位统一思想认识把抓好问题整改作为践行四个意识的现实检验"
    "以高度的政治责任感切实增强整改工作的主动性和自觉性各级各部门要结合督导组反馈的"
    "问题和日常督导情况强化问题导向深刻反思从主观方面找原因从思想深处找差距不回避"
) * 3


def width(ch: str) -> float:
    """Advance in ems: Chinese type square, Latin proportional, a space 0.3 em."""
    if ord(ch) > 0x2000:
        return 1.0
    if ch == " ":
        return 0.3
    return 0.28 + (ord(ch) * 37 % 11) * 0.05  # a proportional face: 0.28-0.78 em


def glyphs(
    text: str,
    x0: float,
    baseline: float,
    size: float = SIZE,
    advance: float = 0.0,
    descent: float = 0.12,
) -> list[Char]:
    """``text`` set from ``x0`` on ``baseline`` (advances from :func:`width`), spaces
    advancing without a glyph; ``advance`` adds letter spacing."""
    out, x = [], x0
    for ch in text:
        w = size * width(ch)
        if ch != " ":
            out.append(
                Char(
                    ch,
                    x,
                    x + w,
                    baseline - (1 - descent) * size,
                    baseline + descent * size,
                    size,
                    "Song",
                    False,
                    baseline=baseline,
                )
            )
        x += w + advance
    return out


def column(
    text: str,
    x0: float,
    top: float,
    per_line: int,
    lines: int,
    size: float = SIZE,
    pitch: float = PITCH,
) -> tuple[list[Char], list[str]]:
    """``lines`` full lines of ``per_line`` characters of ``text`` from ``top``: the
    glyphs and each line's text."""
    out, texts = [], []
    for i in range(lines):
        part = text[i * per_line : (i + 1) * per_line]
        out += glyphs(part, x0, top + size + i * pitch, size)
        texts.append(part)
    return out, texts


def page(
    chars: list[Char],
    rules: list[Rule] | None = None,
    number: int = 1,
    width: float = 600.0,
    height: float = 800.0,
) -> Page:
    return Page(number, width, height, chars, rules or [])


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0))]


def article_text(article: ArticleLayout) -> str:
    return "".join(ln.text for item in article.items if not isinstance(item, Table) for ln in item)


# ------------------------------------------------------------------ rows


def test_rows_follow_baselines_not_boxes() -> None:
    # One line whose punctuation comes from a font with a deeper descent, and the next
    # line one pitch below: two rows, the comma in its own line's row.
    line = glyphs("会议指出", 40, 100) + glyphs("，", 80, 100, descent=0.3)
    line += glyphs("要切实", 90, 100)
    rows = find_rows(line + glyphs("提高政治", 40, 115))
    assert ["".join(c.text for c in row) for row in rows] == ["会议指出，要切实", "提高政治"]


def test_type_of_different_sizes_on_one_baseline_makes_two_rows() -> None:
    # A masthead: the paper's name in 48 pt over the same baseline as its date line.
    name = glyphs("江城日报", 200, 100, size=48)
    date = glyphs("１９９８年１月２６日星期一", 40, 100, size=9)
    rows = find_rows(name + date)
    assert sorted("".join(c.text for c in row) for row in rows) == sorted(
        ["江城日报", "１９９８年１月２６日星期一"]
    )


# ------------------------------------------------------------------ gutters and lines


@pytest.mark.parametrize("gutter", [10.0, 6.0, 4.5])
def test_lines_never_cross_a_gutter_however_narrow(gutter: float) -> None:
    left, left_lines = column(TEXT, 40, 100, 12, 8)
    x = 40 + 12 * SIZE + gutter
    right, right_lines = column(TEXT[96:], x, 100, 12, 8)
    lines = build_lines(left + right, 1, width=600)
    assert sorted(texts(lines)) == sorted(left_lines + right_lines)
    assert all(ln.x1 <= 40 + 12 * SIZE + 0.01 or ln.x0 >= x - 0.01 for ln in lines)


def test_columns_whose_baselines_do_not_line_up_are_still_split() -> None:
    # The right column's baselines sit 1.5 pt lower: the same rows, other boxes.
    left, left_lines = column(TEXT, 40, 100, 12, 8)
    right, right_lines = column(TEXT[96:], 170, 101.5, 12, 8)
    assert sorted(texts(build_lines(left + right, 1, width=600))) == sorted(
        left_lines + right_lines
    )


def test_a_rule_divides_even_a_hairline_gap() -> None:
    # A gap of 2 pt (a fifth of an em) holds a vertical rule: only the rule tells.
    left, left_lines = column(TEXT, 40, 100, 12, 6)
    right, right_lines = column(TEXT[72:], 162, 100, 12, 6)
    rule = Rule(160.8, 95, 161.2, 200)
    assert sorted(texts(build_lines(left + right, 1, [rule], width=600))) == sorted(
        left_lines + right_lines
    )
    unruled = build_lines(left + right, 1, width=600)
    assert len(unruled) == 6  # without it, 2 pt is no gutter


def test_a_dash_drawn_over_the_rule_does_not_join_the_columns() -> None:
    # The measures are 40-160 and 170-290, a rule at 165 between them.  An overfull
    # line ends in a three-em dash (one ligature glyph: PDFium gives each of its three
    # characters the whole box) drawn over the rule, under 4 pt (0.4 em) short of the
    # next column: too close for a gap between columns, but the rule divides.
    left, left_lines = column(TEXT, 40, 100, 12, 6)
    right, right_lines = column(TEXT[72:], 170, 100, 12, 6)
    baseline = 100 + SIZE + 6 * PITCH
    overfull = glyphs(TEXT[200:210], 40, baseline)
    dash = [Char("—", 136.2, 166.2, baseline - 0.88 * SIZE, baseline + 0.12 * SIZE, SIZE, "Song",
                 False, baseline=baseline) for _ in range(3)]
    after = glyphs(TEXT[210:222], 170, baseline)
    rule = Rule(164.8, 95, 165.2, 300)
    lines = build_lines(left + right + overfull[:-1] + dash + after, 1, [rule], width=600)
    assert sorted(texts(lines)) == sorted(
        [*left_lines, *right_lines, TEXT[200:209] + "———", TEXT[210:222]]
    )


def test_captions_in_small_type_side_by_side_are_split_at_their_gutter() -> None:
    # Two picture captions in 8 pt over a body in 10 pt, 1 em (8 pt) apart: four
    # lines each, the first indented two of the captions' own ems (16 pt, which is no
    # whole number of body ems), the last short.  Three rows are all a gutter gets.
    small, pitch = 8.0, 12.0
    captions, expected = [], []
    for k, x0 in enumerate((40.0, 144.0)):
        text = TEXT[k * 40 : k * 40 + 40]
        parts = [text[:10], text[10:22], text[22:34], text[34:40]]
        for i, part in enumerate(parts):
            captions += glyphs(part, x0 + (2 * small if i == 0 else 0), 100 + i * pitch, small)
        expected += parts
    body, body_lines = column(TEXT, 40, 200, 20, 8)
    lines = build_lines(captions + body, 1, width=600)
    assert sorted(texts(lines)) == sorted(expected + body_lines)


def test_two_short_paragraphs_side_by_side_are_split_at_their_gutter() -> None:
    # Two captions of three lines, 1 em apart: an indented first line, one full line,
    # a short last line.  Only the full line meets the next column within a gutter's
    # width; the short lines still show where the next column's text begins.
    left = [(60, TEXT[:10]), (40, TEXT[10:22]), (40, TEXT[22:27])]
    right = [(190, TEXT[40:50]), (170, TEXT[50:62]), (170, TEXT[62:65])]
    chars = [
        g
        for i, ((x_l, t_l), (x_r, t_r)) in enumerate(zip(left, right, strict=True))
        for g in glyphs(t_l, x_l, 100 + i * PITCH) + glyphs(t_r, x_r, 100 + i * PITCH)
    ]
    lines = build_lines(chars, 1, width=600)
    assert sorted(texts(lines)) == sorted(t for _, t in left + right)


def test_two_rows_suffice_where_the_page_has_a_gutter_at_that_x() -> None:
    # A band in two columns, then a headline across both and a short article under it:
    # two full rows side by side, then the left column's last lines alone.  Two rows
    # are too few for a gutter of their own, but the column grid above has one there.
    left, left_lines = column(TEXT, 40, 100, 12, 6)
    right, right_lines = column(TEXT[72:], 170, 100, 12, 6)
    headline = glyphs("全面贯彻八项主张促进和平统一", 40, 222, size=18)
    short = [(40, TEXT[150:162]), (170, TEXT[162:174]), (40, TEXT[174:186]),
             (170, TEXT[186:198]), (40, TEXT[198:210]), (40, TEXT[210:215])]
    rows = [0, 0, 1, 1, 2, 3]
    article = [g for (x, t), r in zip(short, rows, strict=True)
               for g in glyphs(t, x, 240 + r * PITCH)]
    lines = build_lines(left + right + headline + article, 1, width=600)
    assert sorted(texts(lines)) == sorted(
        [*left_lines, *right_lines, "全面贯彻八项主张促进和平统一", *(t for _, t in short)]
    )


def test_a_last_column_of_two_lines_beside_a_full_one_is_split_off() -> None:
    # No other gutter on the page at that x: two rows only, but both squared off on
    # both sides (the left column justified to 160, the right starting at 170).
    left, left_lines = column(TEXT, 40, 100, 12, 6)
    right, right_lines = column(TEXT[96:], 170, 100, 12, 2)
    lines = build_lines(left + right, 1, width=600)
    assert sorted(texts(lines)) == sorted(left_lines + right_lines)


def test_a_headline_across_its_columns_stays_one_line() -> None:
    headline = glyphs("全面贯彻八项主张促进祖国和平统一", 60, 80, size=14)
    left, _ = column(TEXT, 40, 100, 12, 6)
    right, _ = column(TEXT[72:], 170, 100, 12, 6)
    lines = build_lines(headline + left + right, 1, width=600)
    assert "全面贯彻八项主张促进祖国和平统一" in texts(lines)
    assert len(lines) == 1 + 12


def len_em(words: list[str]) -> float:
    return sum(width(ch) for w in words for ch in w + " ")


def test_word_spaces_in_justified_latin_are_not_gutters() -> None:
    # Lines justified to one measure: their word spaces stretch to 0.3-1 em, at
    # places that do not line up from line to line.  (A river lined up within a
    # point on both sides for three lines would be taken for a gutter.)
    words = (
        "Newspapers in Chinese are set on a square grid, but their English pages and "
        "the abstracts of papers are justified Latin text, where the spaces between "
        "words stretch from line to line so that every line fills the measure. A reader "
        "that takes any vertical white channel for a column gutter would cut such lines "
        "at their word spaces; a gutter is told from them because the text to its right "
        "starts at one x line after line and it runs down many lines, whereas the spaces "
        "of a justified paragraph wander from one place to another as the words change. "
        "Typographers call the rare channel that forms by chance a river, and they "
        "avoid it by rewriting or by hyphenation, so long ones are seldom printed."
    ).split()
    chars, expected, measure, y = [], [], 160.0, 100.0
    while words:
        line = [words.pop(0)]
        while words and len_em(line + words[:1]) * SIZE <= measure:
            line.append(words.pop(0))
        if not words:
            break  # the last line is not justified
        space = (measure - sum(len_em([w]) - 0.3 for w in line) * SIZE) / (len(line) - 1)
        if space > 1.0 * SIZE:
            continue  # a loose line a typesetter would have hyphenated
        x = 40.0
        for w in line:
            chars += glyphs(w, x, y)
            x += (len_em([w]) - 0.3) * SIZE + space
        expected.append("".join(line))
        y += PITCH
    assert len(expected) >= 10
    assert texts(build_lines(chars, 1, width=600)) == expected


# ------------------------------------------------------------------ furniture


def test_the_front_page_masthead_goes_and_body_type_stays() -> None:
    name = glyphs("江城日报", 200, 70, size=48)
    date = glyphs("１９９８年１月２６日星期一第１２３４号", 40, 100, size=9)
    headline = glyphs("全面贯彻八项主张", 40, 200, size=18)
    body = band(220, [(40, 2, None, A)])
    front = page(name + date + headline + body)
    kept, dropped = drop_running_heads([(front, build_lines(front.chars, 1, width=600))])
    assert sorted(texts(dropped[0])) == ["江城日报", "１９９８年１月２６日星期一第１２３４号"]
    assert texts(kept[0])[0] == "全面贯彻八项主张"
    inner = page(name + date + headline + body, number=2)
    kept, dropped = drop_running_heads([(inner, build_lines(inner.chars, 2, width=600))])
    assert dropped == [[]]  # not a front page: no masthead to look for


def test_the_masthead_ends_above_the_first_articles_columns() -> None:
    # No rule under the masthead, and the first article, short, leaves more white under
    # it (a ruled table beside the next band is no line) than lies over its headline.
    name = glyphs("江城日报", 200, 70, size=48)
    date = glyphs("１９９８年１月２６日星期一第１２３４号", 40, 100, size=9)
    headline = glyphs("全面贯彻八项主张", 40, 160, size=18)
    first = band(180, [(40, 2, None, A[:96])])
    second = band(400, [(40, 2, "甲文标题跨两栏", A)])
    front = page(name + date + headline + first + second, height=1200)
    kept, dropped = drop_running_heads([(front, build_lines(front.chars, 1, width=600))])
    assert sorted(texts(dropped[0])) == ["江城日报", "１９９８年１月２６日星期一第１２３４号"]
    assert texts(kept[0])[0] == "全面贯彻八项主张"
    # ... nor does a page-wide rule under that article, still in the top quarter
    ruled = page(front.chars, [Rule(40, 290, 560, 291)], height=1200)
    kept, dropped = drop_running_heads([(ruled, build_lines(ruled.chars, 1, ruled.rules, 600))])
    assert sorted(texts(dropped[0])) == ["江城日报", "１９９８年１月２６日星期一第１２３４号"]


def test_a_title_page_keeps_its_title() -> None:
    # One column, a large title at the top of page 1: a report, not a newspaper.
    title = glyphs("关于二〇二三年工作的报告", 60, 90, size=28)
    date = glyphs("二〇二四年一月", 200, 130, size=12)
    body, _ = column(TEXT, 40, 220, 30, 6)
    front = page(title + date + body)
    kept, dropped = drop_running_heads([(front, build_lines(front.chars, 1, width=600))])
    assert dropped == [[]]


def test_a_footer_beside_its_folio_goes() -> None:
    body, _ = column(TEXT, 40, 100, 12, 4)
    footer = glyphs("本版编辑：李静电话：６５３６８１５７", 40, 780, size=9)
    folio = glyphs("３", 560, 780, size=9)
    pg = page(body + footer + folio, number=3)
    kept, dropped = drop_running_heads([(pg, build_lines(pg.chars, 3, width=600))])
    assert sorted(texts(dropped[0])) == sorted(["本版编辑：李静电话：６５３６８１５７", "３"])
    assert len(kept[0]) == 4


# ------------------------------------------------------------------ reading order, articles


def band(
    top: float, cells: list[tuple[float, int, str | None, str]], per_line: int = 12, lines: int = 6
) -> list[Char]:
    """Articles side by side from ``top``: each cell (x0, columns, headline, text)."""
    chars: list[Char] = []
    for x0, columns, headline, text in cells:
        body_top = top
        if headline:
            chars += glyphs(headline, x0, top + 18, size=18)
            body_top = top + 28
        for k in range(columns):
            part = text[k * per_line * lines : (k + 1) * per_line * lines]
            chars += column(part, x0 + k * (per_line * SIZE + 10), body_top, per_line, lines)[0]
    return chars


A = TEXT[:144]
B = TEXT[144:216]
C = TEXT[60:132]


def read(chars: list[Char], rules: list[Rule] | None = None) -> list[ArticleLayout]:
    return layout_pages([page(chars, rules, width=700)])[0]


def test_articles_side_by_side_are_read_one_after_the_other() -> None:
    # A over two columns with its headline across them, B over the third.
    chars = band(100, [(40, 2, "甲文标题跨两栏", A), (300, 1, "乙文标题", B)])
    articles = read(chars)
    assert [a.title for a in articles] == ["甲文标题跨两栏", "乙文标题"]
    assert article_text(articles[0]) == A  # column one, then column two
    assert article_text(articles[1]) == B


def test_a_headline_set_tight_over_its_columns_is_cut_from_them() -> None:
    # Typst sets the headline as close over the body as one line over the next.
    chars = glyphs("甲文标题跨两栏", 40, 112, size=18) + band(112, [(40, 2, None, A)])
    articles = read(chars)
    assert [a.title for a in articles] == ["甲文标题跨两栏"]
    assert article_text(articles[0]) == A


def test_bands_are_read_in_turn_and_a_cell_without_headline_is_its_own_article() -> None:
    top = band(100, [(40, 2, "甲文标题跨两栏", A), (300, 1, "乙文标题", B)])
    bottom = band(240, [(40, 1, None, C), (170, 2, "丙文标题", A)])
    rule = Rule(40, 229.8, 660, 230.2)
    articles = read(top + bottom, [rule])
    assert [a.title for a in articles] == ["甲文标题跨两栏", "乙文标题", "", "丙文标题"]
    assert article_text(articles[2]) == C  # the brief column: not part of 乙文


def test_a_line_overflowing_its_column_over_the_band_rule_still_lets_it_divide() -> None:
    # As above, but the engine let 乙文's column overflow its box: one line more, printed
    # across the rule under the band.  The rule still divides the bands, and the line
    # stays with its column.
    top = band(100, [(40, 2, "甲文标题跨两栏", A), (300, 1, "乙文标题", B)])
    extra = TEXT[216:228]
    overflow = glyphs(extra, 300, 128 + SIZE + 6 * PITCH + 5)
    assert overflow[0].top < 229.8 and overflow[0].bottom > 230.2
    bottom = band(240, [(40, 1, None, C), (170, 2, "丙文标题", A)])
    rule = Rule(40, 229.8, 660, 230.2)
    articles = read(top + overflow + bottom, [rule])
    assert [a.title for a in articles] == ["甲文标题跨两栏", "乙文标题", "", "丙文标题"]
    assert article_text(articles[1]) == B + extra
    assert article_text(articles[2]) == C


def test_a_short_headline_over_the_first_column_still_owns_the_next() -> None:
    chars = band(100, [(40, 2, "短标题", A)])
    articles = read(chars)
    assert len(articles) == 1 and article_text(articles[0]) == A


def test_punctuation_hung_into_the_gutter_does_not_join_the_columns() -> None:
    # The measures are 40-160 and 170-290; a line-final comma hangs half outside the
    # left one, a line-initial bracket half outside the right one (on other lines):
    # the boxes leave only 5 pt between the columns, yet each column is read whole.
    left, right = [], []
    for i in range(8):
        y = 140 + i * PITCH
        if i % 2:
            left += glyphs(TEXT[i * 12 : i * 12 + 12], 40, y)
            right += glyphs("（" + TEXT[200 + i * 12 : 200 + i * 12 + 11], 165, y)
        else:
            left += glyphs(TEXT[i * 12 : i * 12 + 11] + "，", 45, y)
            right += glyphs(TEXT[200 + i * 12 : 200 + i * 12 + 12], 170, y)
    articles = read(glyphs("标题跨两栏", 40, 118, size=18) + left + right)
    assert article_text(articles[0]) == "".join(c.text for c in left + right)


def test_a_stop_and_a_quote_hung_into_the_gutter_on_one_row_do_not_join_the_columns() -> None:
    # Measures 40-160 and 170-290 (a gutter of 1 em).  On one row the left line ends in
    # a full stop hung 3 pt past its measure and the right line opens with a quote hung
    # 5 pt before its own: their boxes are 2 pt apart, their ink a whole em.
    left, left_lines = column(TEXT, 40, 100, 12, 8)
    right, right_lines = column(TEXT[96:], 170, 100, 12, 8)
    y = 100 + SIZE + 8 * PITCH
    stop = glyphs(TEXT[200:211] + "。", 43, y)
    quote = glyphs("“" + TEXT[220:231], 165, y)
    lines = build_lines(left + right + stop + quote, 1, width=600)
    assert sorted(texts(lines)) == sorted(
        [*left_lines, *right_lines, TEXT[200:211] + "。", "“" + TEXT[220:231]]
    )


def test_a_stop_and_a_quote_hung_into_the_gutter_may_touch() -> None:
    # As above, the stop hung a full half em (5 pt) past the left measure: its box ends
    # where the quote's begins, at the middle of the gutter.
    left, left_lines = column(TEXT, 40, 100, 12, 8)
    right, right_lines = column(TEXT[96:], 170, 100, 12, 8)
    y = 100 + SIZE + 8 * PITCH
    stop = glyphs(TEXT[200:211] + "．", 45, y)
    quote = glyphs("“" + TEXT[220:231], 165, y)
    lines = build_lines(left + right + stop + quote, 1, width=600)
    assert sorted(texts(lines)) == sorted(
        [*left_lines, *right_lines, TEXT[200:211] + "．", "“" + TEXT[220:231]]
    )


def test_a_colon_and_a_narrowed_quote_inside_a_justified_line_stay_one_line() -> None:
    # Justified type tracked 0.5 pt on an em grid stacks the commas and colons of four
    # lines in one x, their white halves a strip 5 pt wide with text starting at one x
    # after it (a gutter by white space).  In one line the quote after the colon is set
    # narrow (3.7 pt): only the colon's box is half white, and that line is not cut.
    chars = []
    for i, mark in enumerate("，，：，"):
        y = 110 + i * PITCH
        chars += glyphs(TEXT[i * 20 : i * 20 + 6] + mark, 40, y, advance=0.5)
        after = 40 + 7 * (SIZE + 0.5)
        if mark == "：":
            chars.append(Char("“", after, after + 3.7, y - 0.88 * SIZE, y + 0.12 * SIZE, SIZE,
                              "Song", False, baseline=y))
            after += 4.2
        chars += glyphs(TEXT[i * 20 + 7 : i * 20 + 14], after, y, advance=0.5)
    lines = build_lines(chars, 1, width=600)
    assert [len(ln.text) for ln in lines if "：" in ln.text] == [15]

def test_a_comma_inside_a_headline_over_the_gutter_does_not_hide_it() -> None:
    # An 18 pt headline over two columns (40-160, 170-290) of four lines; its comma
    # sits over the gutter, the white half of its box reaching to 3 pt short of the right
    # column, and the next character touches it.  That white is no hung mark's.
    headline = glyphs("标题文字跨栏，全面贯彻", 42.5, 118, size=18)
    left, left_lines = column(TEXT, 40, 130, 12, 4)
    right, right_lines = column(TEXT[96:], 170, 130, 12, 4)
    lines = build_lines(headline + left + right, 1, width=600)
    assert sorted(texts(lines)) == sorted(["标题文字跨栏，全面贯彻", *left_lines, *right_lines])


def test_a_space_stretched_into_the_gutter_does_not_join_a_brief_to_its_neighbour() -> None:
    # A brief column (no headline) beside an article over two columns, a rule between
    # them.  The brief's dateline line, justified over the measure, ends in a U+3000
    # the engine hung past it, over the rule, as far as the next column's first glyph:
    # no ink, so no bridge, and the space stays with the line it ends.
    brief, brief_lines = column(TEXT, 40, 130, 12, 6)
    dateline = glyphs("本报沈阳１月７日讯", 40, 130 + SIZE + 6 * PITCH, advance=30 / 8)
    space = Char("\u3000", 161.5, 171.5, dateline[0].top, dateline[0].bottom, SIZE, "Song", False,
                 baseline=dateline[0].baseline)
    brief += [*dateline, space, *column(TEXT[72:], 40, 130 + 7 * PITCH, 12, 3)[0]]
    chars = brief + band(100, [(170, 2, "甲文标题跨两栏", A)])
    articles = read(chars, [Rule(164.8, 95, 165.2, 300)])
    assert [a.title for a in articles] == ["", "甲文标题跨两栏"]
    assert article_text(articles[0]).startswith("".join(brief_lines) + "本报沈阳１月７日讯\u3000")
    assert article_text(articles[1]) == A


def test_a_three_em_dash_overhanging_the_gutter_does_not_join_the_columns() -> None:
    # Measures 40-160 and 170-290, no rule; the right column's baselines 2 pt above the
    # left's (a taller headline over it), so each left row holds its neighbour's too.
    # An overfull left line ends in a three-em dash drawn 6 pt past the measure: the
    # white between it and the right column's first glyph is 4 pt less a hair, under
    # 0.4 em, but the gutter found down the page fills it.
    left, left_lines = column(TEXT, 40, 100, 12, 8)
    right, right_lines = column(TEXT[96:], 170, 98, 12, 9)
    y = 100 + SIZE + 8 * PITCH
    dash_x = 40 + 9 * SIZE + 6.0001
    over = glyphs(TEXT[200:209], 40, y, advance=6.0001 / 9) + [
        Char("—", dash_x, dash_x + 30, y - 0.88 * SIZE, y + 0.12 * SIZE, SIZE, "Song", False,
             baseline=y) for _ in range(3)
    ]
    lines = build_lines(left + right + over, 1, width=600)
    assert sorted(texts(lines)) == sorted(
        [*left_lines, *right_lines, TEXT[200:209] + "———"]
    )


def test_a_gap_under_four_tenths_of_an_inflated_em_still_divides_in_a_gutter() -> None:
    # Chromium's sizes come out 4/3 of the printed em: a 10 pt face reports 13.3.  A
    # closing bracket ends a left line hung 5 pt past the measure, 5 pt from the right
    # column: under 0.4 of the reported size, yet the page's gutter runs there.
    left, left_lines = column(TEXT, 40, 100, 12, 8)
    right, right_lines = column(TEXT[96:], 170, 100, 12, 9)
    y = 100 + SIZE + 8 * PITCH
    hung = glyphs(TEXT[200:211] + "）", 45, y)
    assert 170 - hung[-1].x1 == pytest.approx(5.0)
    chars = [replace(c, size=13.3) for c in left + right + hung]
    lines = build_lines(chars, 1, width=600, em=13.3)
    assert sorted(texts(lines)) == sorted([*left_lines, *right_lines, TEXT[200:211] + "）"])


def test_a_space_hung_into_a_gutter_without_rule_does_not_hide_it() -> None:
    # Two columns, 40-160 and 170-290, no rule.  Two full lines of the left one end in a
    # U+3000 the engine hung past the measure, its box reaching 2 pt into the right
    # column's first glyph.  A space has no ink: the gutter runs on through those rows,
    # and each space ends the line it follows.
    left, left_lines = column(TEXT, 40, 100, 12, 8)
    right, right_lines = column(TEXT[96:], 170, 100, 12, 8)
    spaces = []
    for i in (2, 3):
        y = 100 + SIZE + i * PITCH
        spaces.append(Char("\u3000", 162.0, 172.0, y - 0.88 * SIZE, y + 0.12 * SIZE, SIZE,
                           "Song", False, baseline=y))
        left_lines[i] += "\u3000"
    lines = build_lines(left + right + spaces, 1, width=600)
    assert sorted(texts(lines)) == sorted([*left_lines, *right_lines])


def test_a_space_hung_over_a_rule_ends_its_line_before_an_indented_next_column() -> None:
    # Two brief columns, 40-160 and 170-290, a rule at 165.  A full line of the left one
    # ends in a U+3000 hung 2 pt past the measure, over the rule; on that row the right
    # column's line is indented two ems (a brief's first line), 18 pt from the space.
    left, left_lines = column(TEXT, 40, 100, 12, 6)
    right, right_lines = column(TEXT[96:], 170, 100 + PITCH, 12, 5)
    y = 100 + SIZE
    space = Char("\u3000", 162.0, 172.0, y - 0.88 * SIZE, y + 0.12 * SIZE, SIZE, "Song",
                 False, baseline=y)
    first = glyphs(TEXT[200:210], 190, y)
    left_lines[0] += "\u3000"
    lines = build_lines(left + right + [space] + first, 1, [Rule(164.8, 95, 165.2, 300)],
                        width=600)
    assert sorted(texts(lines)) == sorted([*left_lines, TEXT[200:210], *right_lines])


def test_a_last_column_of_one_line_beside_the_grid_s_gutter_is_its_own() -> None:
    # Columns 40-160 and 170-290 over eight rows set the page's grid.  Below, a short
    # article under its headline: two lines in the first column, one in the second.  The
    # headline across the gutter breaks its white run; the one row both columns hold has
    # white exactly where the grid's gutter runs.
    left, left_lines = column(TEXT, 40, 100, 12, 8)
    right, right_lines = column(TEXT[96:], 170, 100, 12, 8)
    head = glyphs("标题文字跨越两栏", 40, 260, size=18)
    short, short_lines = column(TEXT[200:], 40, 270, 12, 2)
    last = glyphs(TEXT[230:240], 170, 270 + SIZE)
    lines = build_lines(left + right + head + short + last, 1, width=600)
    assert sorted(texts(lines)) == sorted(
        [*left_lines, *right_lines, "标题文字跨越两栏", *short_lines, TEXT[230:240]]
    )


def test_a_list_of_titles_over_the_grid_s_gutter_stays_one_line() -> None:
    # As above, but the one row below the headline is a line across both columns whose
    # ``》、《`` (on an em grid from 45) leave white in their empty halves exactly where the
    # grid's gutter runs, 160-170.  Their boxes fill it: no gutter.
    left, left_lines = column(TEXT, 40, 100, 12, 8)
    right, right_lines = column(TEXT[96:], 170, 100, 12, 8)
    head = glyphs("标题文字跨越两栏", 40, 260, size=18)
    titles = TEXT[:10] + "》、《" + TEXT[20:30]
    row = glyphs(titles, 45, 270 + SIZE)
    assert (row[11].x0, row[12].x0) == (155, 165)
    lines = build_lines(left + right + head + row, 1, width=600)
    assert sorted(texts(lines)) == sorted([*left_lines, *right_lines, "标题文字跨越两栏", titles])


def test_a_space_inside_a_line_over_a_gutter_still_inks() -> None:
    # A masthead's date line, its parts set apart by U+3000, runs over the columns below
    # it; one of its spaces lies over their gutter (160-170).  Between two glyphs a
    # space is part of the line: the line stays whole.
    left, left_lines = column(TEXT, 40, 130, 12, 8)
    right, right_lines = column(TEXT[96:], 170, 130, 12, 8)
    date = glyphs("１９９８年１月７日星期三", 40, 118)
    space = Char("\u3000", 160, 170, 109.2, 119.2, SIZE, "Song", False, baseline=118)
    rest = glyphs("农历丁丑年腊月", 170, 118)
    lines = build_lines(left + right + date + [space] + rest, 1, width=600)
    assert sorted(texts(lines)) == sorted(
        ["１９９８年１月７日星期三\u3000农历丁丑年腊月", *left_lines, *right_lines]
    )


def test_a_paragraph_runs_on_from_one_column_into_the_next() -> None:
    chars = band(100, [(40, 2, "甲文标题跨两栏", A)])
    (article,) = read(chars)
    assert len(article.items) == 1  # one paragraph, no break at the column's foot


def test_a_ruled_table_is_one_block_of_cells() -> None:
    xs, ys = [40.0, 120.0, 200.0], [300.0, 320.0, 340.0]
    rules = [Rule(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in xs]
    rules += [Rule(xs[0], y - 0.25, xs[-1], y + 0.25) for y in ys]
    cells = ["项目", "数量", "小麦", "１２"]
    chars = [g for i, t in enumerate(cells) for g in glyphs(t, xs[i % 2] + 4, ys[i // 2] + 15)]
    tables, rest = take_tables(page(chars, rules))
    assert rest == [] and [t.rows for t in tables] == [[["项目", "数量"], ["小麦", "１２"]]]


def test_short_columns_over_a_table_are_read_column_by_column() -> None:
    # Three lines in each column (the fewest a gutter is seen in without a rule),
    # then a ruled table across both: no gutter runs the whole height, and the gap
    # over the table is barely wider than the leading.
    left, left_lines = column(TEXT, 40, 100, 12, 3)
    right, right_lines = column(TEXT[60:], 170, 100, 12, 3)
    xs, ys = [40.0, 165.0, 290.0], [153.0, 169.0, 185.0]
    rules = [Rule(x - 0.25, ys[0], x + 0.25, ys[-1]) for x in xs]
    rules += [Rule(xs[0], y - 0.25, xs[-1], y + 0.25) for y in ys]
    cells = [
        g
        for i, t in enumerate(["项目", "数量", "小麦", "１２"])
        for g in glyphs(t, xs[i % 2] + 4, ys[i // 2] + 13)
    ]
    (article,) = read(glyphs("标题跨两栏", 40, 88, size=18) + left + right + cells, rules)
    assert article_text(article) == "".join(left_lines + right_lines)
    assert isinstance(article.items[-1], Table)


# ------------------------------------------------------------------ text of a PDF's lines


def test_a_skipped_character_place_is_an_ideographic_space() -> None:
    from zhfix.pdf.document import _line_text

    # An engine that draws no glyph for U+3000 leaves only its place: one em.
    chars = glyphs("本报讯", 40, 100) + glyphs("（记者王平）据新华社电", 40 + 4 * SIZE, 100)
    (line,) = build_lines(chars, 1)
    assert _line_text(line) == "本报讯\u3000（记者王平）据新华社电"
    # Letter spacing under an em, the same all along the line, is no space.
    (spaced,) = build_lines(glyphs("本报讯记者王平据新华社电", 40, 100, advance=4.0), 1)
    assert _line_text(spaced) == "本报讯记者王平据新华社电"


def test_a_space_trimmed_to_half_an_em_before_a_bracket_is_kept() -> None:
    from zhfix.pdf.document import _line_text

    # Chromium prints CSS pixels at 0.75 pt (a 13.33 "size", 10 pt glyphs) and trims
    # the U+3000 before an opening bracket to half an em: its ink starts a full em on.
    head = glyphs("本报讯", 40, 100)
    rest = glyphs("（记者王平）据新华社电", 40 + 3 * SIZE + 5.2, 100)
    for c in head + rest:
        c.size = SIZE * 4 / 3
    (line,) = build_lines(head + rest, 1, em=SIZE)
    assert _line_text(line) == "本报讯\u3000（记者王平）据新华社电"
    # A space the engine set is not doubled; set close, the bracket's empty half is no
    # space; nor is even letter spacing.
    space = Char("\u3000", 70, 80, 91.2, 101.2, SIZE, "Song", False, baseline=100)
    typst = build_lines([*glyphs("本报讯", 40, 100), space, *glyphs("（记者王平）", 80, 100)], 1)
    (typst,) = typst
    assert _line_text(typst) == "本报讯\u3000（记者王平）"
    (tight,) = build_lines(glyphs("本报讯（记者王平）据新华社电", 40, 100), 1)
    assert _line_text(tight) == "本报讯（记者王平）据新华社电"
    (spaced,) = build_lines(glyphs("本报讯（记者王平）据新华社电", 40, 100, advance=4.0), 1)
    assert _line_text(spaced) == "本报讯（记者王平）据新华社电"


def test_an_ideographic_space_the_typesetter_set_is_kept() -> None:
    from zhfix.layout import clean_paragraphs

    text = ["本报讯\u3000（记者王平）今天 6 月 6 日。"]
    kept, changes = clean_paragraphs(text, keep_ideographic_spaces=True)
    assert kept == ["本报讯\u3000（记者王平）今天6月6日。"]
    assert all(c.before == " " for c in changes)
    assert clean_paragraphs(text)[0] == ["本报讯（记者王平）今天6月6日。"]


def test_under_a_headline_a_second_dateline_continues_a_story_that_opened_with_one() -> None:
    from zhfix.articles import split_articles
    from zhfix.pdf.document import _under_one_headline

    story = ["据新华社拉巴特１月２５日电　阿拉法特今天抵达。", "他说，会谈是成功的。",
             "据新华社阿尔及尔１月２５日电　阿拉法特当天上午抵达这里。"]
    (one,) = _under_one_headline(split_articles(story))
    assert one.paragraphs == tuple(story) and one.dateline == "新华社拉巴特１月２５日电"
    # A deck in body type above the dateline, too long for a headline, opens the same
    # article (which then has no dateline at its start).
    deck = ("李岚清等出席钱其琛讲话指出要全面贯彻八项主张"
            "推动两岸关系发展促进祖国和平统一大业早日完成")
    assert 40 < len(deck) <= 60
    (decked,) = _under_one_headline(split_articles([deck, *story]))
    assert decked.paragraphs == (deck, *story) and decked.dateline is None


def test_under_a_headline_briefs_after_a_story_without_dateline_are_their_own() -> None:
    from zhfix.articles import split_articles
    from zhfix.pdf.document import _under_one_headline

    feature = ["地处广东省西南边陲的化州市，自１９９６年以来，出现了一种极富生机活力的"
               "混合型经济形式，几家颇具规模的庄园一年多时间就招商引资２亿多元。",
               "新华社天津１月２４日电　（记者孙兰英）为期两天的会议结束。"]
    found = _under_one_headline(split_articles(feature))
    assert [a.paragraphs for a in found] == [(feature[0],), (feature[1],)]


def test_under_a_headline_a_dateline_run_on_in_the_story_s_column_is_the_story_s() -> None:
    from zhfix.articles import split_articles
    from zhfix.pdf.document import _under_one_headline

    # The same feature, but the layout runs the dateline's paragraph on in its column,
    # no more white above it than between lines: a headlined cell's text is one article.
    feature = ["地处广东省西南边陲的化州市，自１９９６年以来，出现了一种极富生机活力的"
               "混合型经济形式，几家颇具规模的庄园一年多时间就招商引资２亿多元。",
               "本报讯　中国消费者协会近日宣布正式启用新会徽。"]
    (one,) = _under_one_headline(split_articles(feature), None, [True, True])
    assert one.paragraphs == tuple(feature) and one.dateline is None
    apart = _under_one_headline(split_articles(feature), None, [True, False])
    assert [a.paragraphs for a in apart] == [(feature[0],), (feature[1],)]


def test_a_paragraph_is_set_apart_by_white_or_by_opening_a_column() -> None:
    from zhfix.pdf.document import _set_apart

    # Column one: a paragraph of three lines, one of two at the same pitch, one of two
    # after 10 pt more white; column two: a paragraph of two lines.
    def para(x: float, top: float, n: int, at: int) -> list[Line]:
        return [build_lines(glyphs(TEXT[at + i * 12 : at + i * 12 + 12], x,
                                   top + SIZE + i * PITCH), 1)[0] for i in range(n)]

    paragraphs = [para(40, 100, 3, 0), para(40, 100 + 3 * PITCH, 2, 36),
                  para(40, 110 + 5 * PITCH, 2, 60), para(170, 100, 2, 84)]
    assert _set_apart(paragraphs) == [True, False, True, True]


def test_briefs_on_a_later_page_than_the_headline_are_their_own() -> None:
    from zhfix.articles import split_articles
    from zhfix.pdf.document import _under_one_headline

    story = ["据新华社开罗１月２７日电　两国首脑举行了会谈。",
             "据新华社加沙１月２７日电　阿拉法特随后回到加沙。",
             "本报布鲁塞尔１月２７日电　欧盟与中国的首脑会议将于四月举行。"]
    found = _under_one_headline(split_articles(story), [True, True, False])
    assert [a.paragraphs for a in found] == [tuple(story[:2]), (story[2],)]


def test_the_debug_view_shows_the_lines_the_reader_builds() -> None:
    from zhfix.pdf.debug import _Rect, lines_across_gutters, view_from_layout

    # Two columns 40-160 and 162-282 with a hairline rule at 161 between them: 2 pt of
    # white, no gutter by white space; the reader cuts the rows at the rule.
    left, left_lines = column(TEXT, 40, 130, 12, 4)
    right, right_lines = column(TEXT[96:], 162, 130, 12, 4)
    chars = glyphs("标题文字跨两栏", 40, 118, size=18) + left + right
    view = view_from_layout([page(chars, [Rule(160.8, 125, 161.2, 200)])], 0)
    body = [ln.text for ln in view.lines if ln.size == SIZE]
    assert sorted(body) == sorted([*left_lines, *right_lines])
    # A line ending in a space hung into the gutter is not read across it.
    space = Char("\u3000", 162.0, 172.0, 0, 10, SIZE, "Song", False, baseline=10)
    (hung,) = build_lines([*glyphs(TEXT[:12], 40, 10), space], 1)
    columns = [[_Rect(40, 160, 0, 300), _Rect(170, 290, 0, 300)]]
    assert lines_across_gutters([hung], columns) == []
