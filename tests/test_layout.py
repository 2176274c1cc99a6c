"""Layout: column dumps become paragraphs; clean text keeps its lines and its spacing."""

from __future__ import annotations

import pytest

from zhfix.layout import restore_layout

# Paragraphs of ordinary news prose, long enough to fill several column lines.
PARAGRAPHS = [
    "会议指出，要切实提高政治站位，统一思想认识，把抓好问题整改作为践行“四个意识”的现实检验，"
    "以高度的政治责任感，切实增强整改工作的主动性和自觉性。",
    "各级各部门要结合督导组反馈的问题和日常督导情况，强化问题导向，深刻反思，"
    "从主观方面找原因，从思想深处找差距，不回避、不推诿、不遮掩。",
    "县委书记出席会议并讲话。",
    "他强调，脱贫攻坚是一场政治大考，也是对党员干部的作风大考，全县广大党员干部务必拿出干劲，"
    "强化作风转变，努力取得经得起人民和历史检验的工作实效。",
]


def column_dump(paragraphs: list[str], width: int, sep: str = "\n", indent: int = 2) -> str:
    """Typeset paragraphs as a PDF copy gives them: lines of ``width`` characters, the
    first ``indent`` narrower (the indent itself is lost), joined by ``sep``.  Closing
    punctuation never starts a line: it is squeezed into the line before."""
    lines = []
    for p in paragraphs:
        cap = width - indent
        while p:
            take = cap + 1 if p[cap : cap + 1] in set("，。、；：？！”）") else cap
            lines.append(p[:take])
            p = p[take:]
            cap = width
    return sep.join(lines) + "\n"


def paragraphs_of(text: str) -> list[str]:
    return [p.text for p in restore_layout(text).paragraphs]


@pytest.mark.parametrize("width", [12, 16, 22, 30])
@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_a_column_dump_comes_back_as_its_paragraphs(width: int, sep: str) -> None:
    assert paragraphs_of(column_dump(PARAGRAPHS, width, sep)) == PARAGRAPHS


def test_separators_mixed_at_random_do_not_matter() -> None:
    lines = column_dump(PARAGRAPHS, 18).splitlines()
    seps = ["\n", "\n\n", "\n\n", "\n", "\n\n", "\n"] * 10
    text = "".join(line + seps[i] for i, line in enumerate(lines))
    assert paragraphs_of(text) == PARAGRAPHS


def test_a_full_line_ending_a_sentence_is_a_break_when_the_next_line_is_indented() -> None:
    # Paragraph two ends exactly at the column edge; only the dropped indent of the next
    # line shows that a new paragraph starts.
    first = PARAGRAPHS[0]
    second = "会议要求各级各部门切实提高政治站位，统一思想认识，抓好整改落实到位。"
    third = "王宏伟指出，问题既是工作差距，也是努力方向，各级各部门要强化问题导向。"
    width = 18
    assert len(second) == (width - 2) + width  # fills its two lines exactly
    text = column_dump([first, second, third], width)
    assert any(line == second[width - 2 :] for line in text.splitlines())
    assert paragraphs_of(text) == [first, second, third]


def test_a_short_line_ending_a_sentence_ends_its_paragraph() -> None:
    text = column_dump(PARAGRAPHS, 20)
    layout = restore_layout(text)
    assert [p.text for p in layout.paragraphs][2] == "县委书记出席会议并讲话。"


def test_paragraphs_separated_by_blank_lines_without_indent() -> None:
    # The style of many extractors: lines of a paragraph on single line breaks, a blank
    # line between paragraphs, no indent.
    lines = []
    for p in PARAGRAPHS:
        body = [p[i : i + 20] for i in range(0, len(p), 20)]
        lines.append("\n".join(body))
    text = "\n\n".join(lines) + "\n"
    assert paragraphs_of(text) == PARAGRAPHS


def test_each_article_may_have_its_own_column_width() -> None:
    text = column_dump(PARAGRAPHS[:2], 24) + column_dump(PARAGRAPHS[2:], 14)
    assert paragraphs_of(text) == PARAGRAPHS


def test_punctuation_squeezed_into_a_full_line_is_still_part_of_it() -> None:
    # Closing punctuation may not start a line: the typesetter squeezes it into the line
    # before, one character over the width.
    for width in range(12, 31):
        text = column_dump(PARAGRAPHS, width)
        if any(len(line) == width + 1 for line in text.splitlines()):
            assert paragraphs_of(text) == PARAGRAPHS
            return
    raise AssertionError("no width squeezes punctuation: the test text needs a comma")


def test_latin_words_broken_across_lines_keep_their_space() -> None:
    p = "他在会上介绍了开源软件的发展，并演示了如何在Linux系统上安装Python开发环境和常用工具包。"
    text = (
        "在会上介绍了开源软件的发展，并演示了如何\n"
        "在 Linux 系统上安装 Python 开发环境和常\n"
        "用工具包。\n"
    )
    assert paragraphs_of(text) == [p[1:]]


ENGLISH = (
    "This is a test of a narrow column. Second line here, with words\n"
    "that wrap across lines; each line keeps the space it lost at\n"
    "its end, after a period, a comma (or a bracket), and a well-\n"
    "known compound keeps its hyphen.\n"
)


def test_english_lines_are_joined_with_the_space_they_lost() -> None:
    text = column_dump(PARAGRAPHS[:2], 18) + ENGLISH
    *chinese, english = paragraphs_of(text)
    assert chinese == PARAGRAPHS[:2]
    assert english == (
        "This is a test of a narrow column. Second line here, with words that wrap across "
        "lines; each line keeps the space it lost at its end, after a period, a comma (or a "
        "bracket), and a well-known compound keeps its hyphen."
    )


@pytest.mark.parametrize(
    ("left", "right", "joiner"),
    [
        ("test.", "Second", " "),
        ("work,", "(with", " "),
        ("modification),", "making", " "),
        ("the", '"copyright"', " "),
        ("well-", "known", ""),
        ("distribution", ")", ""),
        ("(", "with", ""),
        ("Python", "开发", ""),
        ("安装", "Python", ""),
        ("“西化”", "“分化”", ""),
    ],
)
def test_what_a_line_break_inside_a_paragraph_becomes(left: str, right: str, joiner: str) -> None:
    from zhfix.layout import _join

    assert _join(left[-1], right[0]) == joiner


def test_a_justified_line_shown_with_spaces_between_characters_keeps_its_width() -> None:
    # A line stretched by justification (a long number went to the next line) comes out
    # of some extractors with a space between every character: the spaces take no cell.
    lines = column_dump(PARAGRAPHS, 16).splitlines()
    lines[3] = " ".join(lines[3])
    assert paragraphs_of("\n".join(lines) + "\n") == PARAGRAPHS


CLEAN_TEXTS = [
    "会议指出，要切实提高政治站位。\n各级各部门要结合反馈的问题，强化问题导向。\n",
    # the writer's own spacing between Chinese and Latin or digits
    "AI 革命正在改变世界。\n19 世纪的中国经历了巨大的变化。\n我们用 Python 3 写程序。\n",
    # full-width indents and blank lines between paragraphs
    "　　第一段文字，说明情况。\n\n　　第二段文字，提出要求。\n",
    # verse: short lines, no column
    "床前明月光，\n疑是地上霜。\n举头望明月，\n低头思故乡。\n",
    # free verse: lines of like width that end without marks, where a comma could stand
    "她从遥远的北方飞来\n落在村口的老槐树上\n孩子们仰起小脸\n数着一片又一片的雪花\n"
    "母亲在灶前忙碌\n炊烟慢慢升起来\n整个村庄都安静了\n只有风还在轻轻地吹\n",
    # a headline, a byline and a paragraph
    "全国草浆书写纸市场不旺\n本报记者 王某\n"
    "去年全国草浆书写纸市场不旺，吨纸售价降低，不少企业被迫停产。\n",
    "no trailing newline，一行而已",
    "",
    "\n\n",
    # nothing visible: a zero-width space, control characters
    "\u200b",
    "\x01",
    "\x7f\n",
]


@pytest.mark.parametrize("text", CLEAN_TEXTS)
def test_text_that_is_not_a_column_dump_comes_back_byte_for_byte(text: str) -> None:
    layout = restore_layout(text)
    assert layout.to_text() == text
    assert not layout.reflowed


def test_layout_spaces_in_a_column_dump_are_removed() -> None:
    text = (
        "本报讯 6 月 6 日，我县召开脱贫攻坚问题\n"
        "整改推进会，对全县脱贫攻坚问题整改工作进行\n"
        "再安排、 再部署，各级各部门要以 “立即改”和\n"
        "“钉钉子”精神逐一整改落实，在 2020 年 6 月底前\n"
        "全部实现销号清零。\n"
    )
    [p] = paragraphs_of(text)
    assert p == (
        "本报讯6月6日，我县召开脱贫攻坚问题整改推进会，对全县脱贫攻坚问题整改工作进行再安排、"
        "再部署，各级各部门要以“立即改”和“钉钉子”精神逐一整改落实，在2020年6月底前全部实现销号清零。"
    )


def test_spaces_between_latin_words_are_kept_in_a_column_dump() -> None:
    text = (
        "他说，这次发布的 Windows 98 操作系统在国\n"
        "内市场反响很好，许多用户表示愿意升级到新\n"
        "的版本，厂商也在加紧准备更多的软件产品。\n"
    )
    [p] = paragraphs_of(text)
    assert "Windows 98操作系统" in p


def test_from_pdf_text_loses_its_layout_spaces_even_on_one_line() -> None:
    text = "会议要求 6 月底前完成整改， 各乡镇要立即组织力量。\n"
    assert restore_layout(text).to_text() == text
    assert restore_layout(text, from_pdf=True).to_text() == (
        "会议要求6月底前完成整改，各乡镇要立即组织力量。\n"
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("大交镇等地, 详细了解情况。", "大交镇等地，详细了解情况。"),
        ("专题调研汾河流域 (绛县段)生态保护工作。", "专题调研汾河流域（绛县段）生态保护工作。"),
        ("亚新科(山西)国际铸造有限公司", "亚新科（山西）国际铸造有限公司"),
        ("他问: 你去吗?", "他问：你去吗？"),
        ("我装了XP, 幸亏有光盘。", "我装了XP，幸亏有光盘。"),
        ('他说"你好"就走了。', "他说“你好”就走了。"),
    ],
)
def test_ascii_punctuation_between_chinese_becomes_full_width(before: str, after: str) -> None:
    assert restore_layout(before).to_text() == after


@pytest.mark.parametrize(
    "text",
    [
        "访问 www.example.com/zh?a=1 了解详情。",
        "圆周率约为3.14，人口1,000万。",
        'print("你好")',
        "比分为3:2。",
        "Hello, world!",
        "支持Vista,XP等系统",
        "（1）第一条",
    ],
)
def test_latin_numbers_urls_and_code_keep_their_punctuation(text: str) -> None:
    assert restore_layout(text).to_text() == text


def test_every_change_points_at_what_it_changed() -> None:
    text = column_dump(PARAGRAPHS, 17, "\n\n").replace("，", ", ", 1)
    text = text.replace("县委书记", "县委 书记")
    layout = restore_layout(text)
    kinds = {c.kind for c in layout.changes}
    assert {"join", "break", "space", "punctuation"} <= kinds
    for c in layout.changes:
        assert text[c.start : c.end] == c.before
        assert 0.0 <= c.confidence <= 1.0


def test_paragraph_spans_cover_their_lines() -> None:
    text = column_dump(PARAGRAPHS, 19)
    layout = restore_layout(text)
    for p in layout.paragraphs:
        assert text[p.start] == p.text[0] and text[p.end - 1] == p.text[-1]


def test_a_column_of_two_line_paragraphs_without_full_middle_lines() -> None:
    # Short reviews typeset in a column: a first line (indent dropped) and a short last
    # line each; no line is at the full width, yet the text is plainly a column dump.
    reviews = [
        "价格优势，外观不错，钢琴烤漆很漂亮。送的几样东西都不错！送货比较快！",
        "在同等价位上来讲配置不错，品牌知名度高，品质也有保证，用起来放心",
        "刚到手还没用，就进不了系统，硬盘有嘎吱响，硬盘肯定震坏了，郁闷",
        "便于携带，外出时上网看片，文字处理都应付得了。还随机送内胆包",
        "已经使用了两天了，还没有发现什么问题，这款机器性价比还是蛮高的。",
    ]
    assert paragraphs_of(column_dump(reviews, 24)) == reviews


def test_one_review_per_line_with_a_stretch_of_similar_lines_is_kept() -> None:
    # Lines wider than any column show that this is not a column dump, even where a few
    # neighbouring lines happen to be about as long as each other.
    text = (
        "外观不错很漂亮，内存很好，配置很全，价格便宜，自己配的话还要贵不少，总之很满意这次购物\n"
        "1、外观精致，做工优异。发货速度快\n"
        "2、屏幕亮丽，可视角度大\n"
        "3、键盘布局还可以，就是小了点\n"
        "4、上网功能强大，信号接收能力强。\n"
        "可以兼容两种网络双卡\n"
        "配置性价比高。摄像头、麦克风、读卡器等等的都有了。光驱刻录也很快，总体来说很值这个价钱\n"
        "外观漂亮，白色键盘抢眼，功能键设置合理；键盘材质好，触感扎实，屏幕显示效果也很细腻\n"
    )
    layout = restore_layout(text)
    assert not layout.reflowed
    assert layout.to_text() == text


def test_a_short_text_with_one_line_cut_mid_word_is_a_column() -> None:
    # Only one line is as wide as the column, and it stops where no full stop could
    # stand (``需|要``): that alone shows the text was cut by a column.
    text = (
        "这台电脑的性能配置完全满足日常办公的需\n要，屏幕也比较省电。\n"
        "送货很快，第二天就到了！\n非常满意！\n"
    )
    assert paragraphs_of(text) == [
        "这台电脑的性能配置完全满足日常办公的需要，屏幕也比较省电。",
        "送货很快，第二天就到了！",
        "非常满意！",
    ]


def test_a_short_text_whose_lines_end_where_sentences_may_is_kept() -> None:
    text = (
        "这台电脑的性能配置完全满足日常办公\n屏幕也比较省电。\n"
        "送货很快，第二天就到了！\n非常满意！\n"
    )
    assert restore_layout(text).to_text() == text


def test_spacing_follows_the_same_rule_whether_or_not_characters_needed_repair() -> None:
    import zhfix

    clean = "AI 革命 已经 到来，Python 3.11 发布。\n"
    damaged = "AI 革命 已经 到来袁Python 3.11 发布遥\n"
    assert zhfix.restore(clean).to_text() == clean
    assert zhfix.restore(damaged).to_text() == clean
    # In a column dump the spaces are the layout's, damaged or not.
    dump = (
        "本报讯 6 月 6 日，我县召开脱贫攻坚问题\n"
        "整改推进会，对全县脱贫攻坚问题整改工作进行\n"
        "再安排、 再部署，各级各部门要以 “立即改”和\n"
        "“钉钉子”精神逐一整改落实，在 2020 年 6 月底前\n"
        "全部实现销号清零。\n"
    )
    want = zhfix.restore(dump).to_text()
    assert "本报讯6月6日" in want and "在2020年6月底前" in want
    assert zhfix.restore(zhfix.shift.shift(dump)).to_text() == want


# An English paragraph set ragged right in the same column as the Chinese around it:
# a proportional font, so lines of different lengths in characters.
RAGGED_ENGLISH = [
    "You may convey verbatim",
    "copies of the program's source",
    "code as you receive it, in any",
    "medium, provided that you",
    "conspicuously and appropriately",
    "publish a notice.",
    "Short paragraph here.",
    "A third one, whose lines go",
    "on until the sentence ends.",
]


def test_english_lines_in_a_column_dump_end_their_paragraph_where_the_next_word_fits() -> None:
    text = column_dump(PARAGRAPHS[:2], 16) + "\n".join(RAGGED_ENGLISH) + "\n"
    text += column_dump(PARAGRAPHS[2:], 16)
    assert paragraphs_of(text) == [
        *PARAGRAPHS[:2],
        "You may convey verbatim copies of the program's source code as you receive it, in "
        "any medium, provided that you conspicuously and appropriately publish a notice.",
        "Short paragraph here.",
        "A third one, whose lines go on until the sentence ends.",
        *PARAGRAPHS[2:],
    ]


def test_english_lines_do_not_change_the_column_width_found() -> None:
    english = "An English line of some sixty characters, that no column holds."
    text = column_dump(PARAGRAPHS[:1], 16) + english + "\n" + column_dump(PARAGRAPHS[1:], 16)
    assert paragraphs_of(text) == [PARAGRAPHS[0], english, *PARAGRAPHS[1:]]


def test_english_text_alone_keeps_its_lines() -> None:
    text = "\n".join(RAGGED_ENGLISH) + "\n"
    assert restore_layout(text).to_text() == text


_NO_START = set("，。、；：？！”）》")
_NO_END = set("“（《")


def engine_dump(paragraphs: list[str], width: int, indent: int = 2) -> str:
    """Typeset paragraphs the way a browser or Typst breaks Chinese lines: a closing mark
    that does not fit is never squeezed in -- it moves down with the character before
    it, and the line stops a cell short; an opening mark moves down with what follows."""
    lines = []
    for p in paragraphs:
        cap = width - indent
        while p:
            take = min(cap, len(p))
            while take < len(p) and 1 < take and (p[take] in _NO_START or p[take - 1] in _NO_END):
                take -= 1
            lines.append(p[:take])
            p = p[take:]
            cap = width
    return "\n".join(lines) + "\n"


# Paragraphs of short sentences and quoted speech: a real engine stops many of their lines
# a cell short of the column, some of them where a sentence ends.
KINSOKU_PARAGRAPHS = [
    "去年八月，镇上遭受强台风袭击，多处发生严重的山体滑坡。他接报后连夜赶到现场，"
    "把救灾款送到农户家里。户主感动得说：“共产党好！”乡亲们也纷纷说：“干部好！”",
    "该书回顾了股份公司的历史。作者指出：企业兼并收购的经验值得借鉴。书中还谈到，"
    "职工持股要有条件。专家评价说：“这是一本好书。”",
    "节日的北京，欢乐祥和。外国游客在地坛庙会赏灯观花，和中国老百姓一起欢度春节。",
    "泰国从前年就已经开始废品回收工作。去年共回收了包括纸张、玻璃、钢铁和塑料等在内的垃圾。",
    *PARAGRAPHS,
]


@pytest.mark.parametrize("width", [12, 13, 15, 16, 19, 21])
def test_lines_a_cell_short_before_a_mark_that_may_not_start_a_line_go_on(width: int) -> None:
    dump = engine_dump(KINSOKU_PARAGRAPHS, width)
    short = [line for line in dump.splitlines()[:-1] if 0 < width - len(line) < 2]
    assert short  # the engine did stop some lines short
    assert paragraphs_of(dump) == KINSOKU_PARAGRAPHS


def test_a_chinese_line_ending_in_a_credit_ends_its_paragraph_before_english() -> None:
    # Its last line is full: only the script changing says the paragraph ends there.
    credit = (
        "本报讯该公司主要业务包括媒体关系、政府关系、新产品发布、市场调研和公关危机的处理等。"
        "（晓朱）"
    )
    assert len(credit) == 14 + 2 * 16
    text = column_dump([credit], 16) + "\n".join(RAGGED_ENGLISH[:6]) + "\n"
    text += column_dump(PARAGRAPHS[:1], 16)
    assert paragraphs_of(text) == [
        credit,
        "You may convey verbatim copies of the program's source code as you receive it, in "
        "any medium, provided that you conspicuously and appropriately publish a notice.",
        PARAGRAPHS[0],
    ]


def test_the_hyphen_pdfium_marks_as_ending_a_line_is_a_hyphen_again() -> None:
    # pypdfium2's get_text_range() gives U+FFFE for a hyphen it took as ending a line, and
    # joins the line to the next.
    english = "This License and any non\ufffepermissive terms apply to the code."
    text = column_dump(PARAGRAPHS[:2], 16) + english + "\n" + column_dump(PARAGRAPHS[2:], 16)
    layout = restore_layout(text)
    assert [p.text for p in layout.paragraphs][2] == english.replace("\ufffe", "-")
    (change,) = [c for c in layout.changes if c.before == "\ufffe"]
    assert (text[change.start : change.end], change.after) == ("\ufffe", "-")


DASH_PARAGRAPHS = [
    "三年前，这个区仅有两所中学、一家医院，文化体育设施几乎为零。为何会有这么大的变化？请看———",
    "浙江省中部，有一个新区，是经国务院正式批准设立的县级新区。近年来，这里的民间资金"
    "踊跃投向科教、文卫、体育等领域，公益性事业的投入逐年增加。",
    "这种鱼是英国境内一种最常见的淡水鱼———石斑鱼，研究人员对两千条雄性石斑鱼进行分析后"
    "发现，生活在排放污水的工厂下游的雄性石斑鱼，大多发生了较为严重的变性现象。",
    *PARAGRAPHS,
]


@pytest.mark.parametrize("width", [13, 16, 19])
def test_two_lines_an_extractor_ran_together_at_a_dash_are_two_lines(width: int) -> None:
    # PDFium runs a line with a dash in it into the next, joined by a space.
    lines = column_dump(DASH_PARAGRAPHS, width).splitlines()
    merged = []
    for line in lines:
        if merged and ("—" in merged[-1][-1:] + line[:1]) and " " not in merged[-1]:
            merged[-1] += " " + line
        else:
            merged.append(line)
    assert len(merged) < len(lines)
    text = "\n".join(merged) + "\n"
    layout = restore_layout(text)
    assert [p.text for p in layout.paragraphs] == DASH_PARAGRAPHS
    assert all(text[c.start : c.end] == c.before for c in layout.changes)


def test_an_english_line_pdfium_ran_into_the_next_at_a_hyphen_counts_as_two() -> None:
    # Its length is not the measure: the lines after it are not short.
    english = [
        "Additional terms, permissive or non\ufffepermissive, may be stated in the form of a",
        "separately written license, or stated as",
        "exceptions; the above requirements apply either",
        "way.",
    ]
    text = column_dump(PARAGRAPHS[:2], 22) + "\n".join(english) + "\n"
    text += column_dump(PARAGRAPHS[2:], 22)
    assert paragraphs_of(text) == [
        *PARAGRAPHS[:2],
        " ".join(english).replace("\ufffe", "-"),
        *PARAGRAPHS[2:],
    ]


def test_a_chinese_line_pdfium_ran_into_the_next_at_a_hyphen_is_two_lines() -> None:
    merged = (
        "系统默认不再安装unattended\ufffeupgrades软件包，安全升级的更多信息\n"
        "请参见维护章节中的说明。\n"
    )
    text = column_dump(PARAGRAPHS[:2], 16) + merged + column_dump(PARAGRAPHS[2:], 16)
    layout = restore_layout(text)
    assert [p.text for p in layout.paragraphs] == [
        *PARAGRAPHS[:2],
        "系统默认不再安装unattended-upgrades软件包，安全升级的更多信息请参见维护章节中的说明。",
        *PARAGRAPHS[2:],
    ]
    assert all(text[c.start : c.end] == c.before for c in layout.changes)


@pytest.mark.parametrize("text", ["-", "“", "，\n，\n", "（\n", "abc", "—— ——\n"])
def test_text_of_nothing_but_marks_or_one_word_comes_back_as_it_is(text: str) -> None:
    assert restore_layout(text).to_text() == text


def test_a_line_break_beside_a_dash_set_apart_by_spaces_keeps_one_space() -> None:
    # Menu paths in technical writing set the dash between spaces; an engine breaks the
    # line at one of those spaces, and the join puts it back on either side.
    text = (
        "选择「LibreOffice - 偏好设置工具 - 选项 -\n"
        "LibreOffice Writer - 视图」后在标尺区域中选\n"
        "择垂直标尺。\n"
        "如要添加页脚，请选择「插入 - 页眉与页脚\n"
        "- 页脚」，然后选择要添加页脚的页面样式。\n"
    )
    layout = restore_layout(column_dump(PARAGRAPHS[:2], 22) + text)
    assert [p.text for p in layout.paragraphs][2:] == [
        "选择「LibreOffice - 偏好设置工具 - 选项 - LibreOffice Writer - 视图」"
        "后在标尺区域中选择垂直标尺。",
        "如要添加页脚，请选择「插入 - 页眉与页脚 - 页脚」，然后选择要添加页脚的页面样式。",
    ]


def test_a_hyphen_inside_a_word_at_a_line_break_joins_without_a_space() -> None:
    from zhfix.layout import _beside_lone_dash

    assert not _beside_lone_dash("debian-\n列表", 7, 8)
    assert not _beside_lone_dash("加上\n-request", 2, 3)
    assert _beside_lone_dash("选项 -\nLibre", 4, 5)
    assert _beside_lone_dash("页脚\n- 页脚", 2, 3)


def test_a_line_pdftotext_ran_into_the_next_at_a_dash_is_split_again() -> None:
    # pdftotext drops a line-end dash as if it hyphenated a word and runs the two lines
    # together: the line is twice as wide as the column, which must not hide the column
    # (a 19-cell one, as Chromium set it) from the lines around it.  And the first line,
    # stopped at a comma two cells short, is full: the Latin word after it did not fit.
    text = (
        "要同时移动对象及其标题，拖动包含这\n"
        "些项目的框架即可。要在移动文本框之后更\n"
        "新标签编号，请按 F9 键。\n"
        "标题的格式取自于标题类别名称对应的\n"
        "段落样式。如果插入「表格」标题，则标题\n"
        "文本将应用「表格」段落样式。\n"
        "插入对象、图形、框架和表格时，\n"
        "LibreOffice 会 自 动 添 加 标 题 。 选 择\n"
        "「 LibreOffice - 偏 好 设 置 工 具 - 选 项 LibreOffice Writer - 自动插入标题」。\n"
        "在「级别」框中，选择要包含在章节编\n"
        "号中的标题级别。\n"
        "在「分隔符」框中输入要用于分隔章节\n"
        "编号的字符，然后点击「确定」。\n"
    )
    assert paragraphs_of(text) == [
        "要同时移动对象及其标题，拖动包含这些项目的框架即可。要在移动文本框之后更新标签编号，"
        "请按F9键。",
        "标题的格式取自于标题类别名称对应的段落样式。如果插入「表格」标题，则标题文本将应用"
        "「表格」段落样式。",
        "插入对象、图形、框架和表格时，LibreOffice会自动添加标题。选择「LibreOffice - "
        "偏好设置工具 - 选项LibreOffice Writer - 自动插入标题」。",
        "在「级别」框中，选择要包含在章节编号中的标题级别。",
        "在「分隔符」框中输入要用于分隔章节编号的字符，然后点击「确定」。",
    ]




def test_a_line_pdfium_ran_on_at_a_hyphen_is_split_there_only() -> None:
    # The U+FFFE is where PDFium ran the line into the next; the space between a Chinese
    # character and a Latin word before it is an ordinary space of a full line.
    from zhfix.layout import _continuity, _estimate_columns, _read_lines, _split_merged_lines

    line = "是更改生效，有关的 NBD 映像必须再次生成（ ltsp\ufffeupdate-image ）。\n"
    text = column_dump(PARAGRAPHS[:3], 22) + line
    lines = _read_lines(text)
    cols = _estimate_columns(lines, *_continuity(lines))
    split = _split_merged_lines(text, lines, cols)
    assert split.splitlines()[-2:] == [
        "是更改生效，有关的 NBD 映像必须再次生成（ ltsp",
        "update-image ）。",
    ]
