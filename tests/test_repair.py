"""Character repair: shifted punctuation is decided in context, and clean text is never harmed."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest

import zhfix
from zhfix.shift import CANDIDATES, SHIFTED_TO_SYMBOL, shift


def test_even_a_short_damaged_line_is_repaired() -> None:
    assert zhfix.fix_text("是吗钥") == "是吗？"
    assert zhfix.fix_text("好的袁谢谢遥") == "好的，谢谢。"


def test_repairs_the_common_marks() -> None:
    assert zhfix.fix_text("会议指出袁要切实提高政治站位遥") == "会议指出，要切实提高政治站位。"
    assert (
        zhfix.fix_text("把抓好问题整改作为践行野四个意识冶尧坚定野四个自信冶的现实检验遥")
        == "把抓好问题整改作为践行“四个意识”、坚定“四个自信”的现实检验。"
    )


def test_decides_each_candidate_in_context() -> None:
    damaged = "紧紧围绕以亚新科渊山西冤国际铸造有限公司和国营华晋冶金铸造厂为主体遥"
    assert (
        zhfix.fix_text(damaged)
        == "紧紧围绕以亚新科（山西）国际铸造有限公司和国营华晋冶金铸造厂为主体。"
    )


def test_repairs_runs_of_candidates_jointly() -> None:
    assert (
        zhfix.fix_text("他们要要这是最重要的一点要要赢得了掌声遥")
        == "他们——这是最重要的一点——赢得了掌声。"
    )
    assert zhfix.fix_text("圆园圆园年袁全县经济增长远豫遥") == "２０２０年，全县经济增长６％。"


@pytest.mark.parametrize(
    "clean",
    [
        "袁野是一名记者。",
        "遥感卫星拍到了遥远的山脉，两地遥相呼应。",
        "野生动物保护区扩大了视野。",
        "国营华晋冶金铸造厂陶冶情操。",
        "他从深渊中走出，终于洗清了冤案。",
        "子曰：学而时习之。",
        "县人民法院、医院和学院都在这里。",
        "我们要在一个月内完成这项工作，因为这是以人民为中心的重要议题，也是业界的意愿。",
        "AI 革命改变了 19 世纪以来的工业格局。",
        "参会人员名单\n袁华 院长\n叶明 副院长\n遥远 主任\n",
        "遥感技术与应用\n野生动物保护法\n冶金工业出版社\n",
        "第一章 总则\n第二章 院系设置\n第三章 员工管理\n",
    ],
)
def test_clean_text_comes_back_byte_for_byte(clean: str) -> None:
    assert zhfix.fix_text(clean) == clean
    assert zhfix.fix_and_explain(clean).changes == ()
    assert not zhfix.detect(clean).damaged


def test_heldout_clean_news_is_left_alone(heldout_news: list[str]) -> None:
    text = "\n".join(heldout_news)
    assert zhfix.fix_text(text) == text


def test_heldout_clean_reviews_are_left_alone(heldout_reviews: list[str]) -> None:
    text = "\n".join(heldout_reviews)
    assert zhfix.fix_text(text) == text


def test_heldout_damaged_news_is_repaired_almost_everywhere(heldout_news: list[str]) -> None:
    clean = "\n".join(heldout_news[:600])
    damaged = shift(clean)
    repaired = zhfix.fix_text(damaged)
    positions = [i for i, ch in enumerate(damaged) if ch in CANDIDATES]
    wrong = sum(repaired[i] != clean[i] for i in positions)
    assert len(positions) > 5000
    assert wrong / len(positions) < 0.003


def test_a_file_mixing_clean_and_damaged_passages_is_judged_by_region(
    heldout_news: list[str],
) -> None:
    paragraphs = [p for p in heldout_news[1000:1200] if len(p) > 60][:40]
    mixed = [shift(p) if i % 2 else p for i, p in enumerate(paragraphs)]
    repaired = zhfix.fix_text("\n".join(mixed)).split("\n")
    wrong = candidates = 0
    for i, (original, out) in enumerate(zip(paragraphs, repaired, strict=True)):
        if i % 2 == 0:
            assert out == original  # clean passages untouched
        else:
            candidates += sum(ch in CANDIDATES for ch in mixed[i])
            wrong += sum(a != b for a, b in zip(original, out, strict=True))
    assert wrong / candidates < 0.005


def test_never_adds_or_removes_a_character_or_line_break() -> None:
    damaged = "本报讯 6 月 6 日袁我县召开\n\n问题整改推进会袁会议\r\n传达精神遥\n"
    fixed = zhfix.fix_text(damaged)
    assert len(fixed) == len(damaged)
    assert [i for i, c in enumerate(fixed) if c in "\r\n "] == [
        i for i, c in enumerate(damaged) if c in "\r\n "
    ]


def test_explains_every_change() -> None:
    damaged = "会议指出袁要切实提高政治站位遥"
    result = zhfix.fix_and_explain(damaged)
    assert result.text == zhfix.fix_text(damaged)
    assert [(c.start, c.end, c.before, c.after) for c in result.changes] == [
        (4, 5, "袁", "，"),
        (14, 15, "遥", "。"),
    ]
    for change in result.changes:
        assert SHIFTED_TO_SYMBOL[change.before] == change.after
        assert 0.5 <= change.confidence <= 1.0
        assert "shifted punctuation" in change.reason


def test_detect_reports_kind_amount_regions_and_confidence(seed_text: str) -> None:
    report = zhfix.detect(seed_text)
    assert report.damaged
    (finding,) = report.findings
    assert finding.kind == "shifted_punctuation"
    assert finding.count == len(zhfix.fix_and_explain(seed_text).changes)
    assert finding.confidence > 0.99
    start, end = finding.regions[0]
    assert start < 20 and end > len(seed_text) - 20
    assert report.to_dict()["damaged"] is True


def test_seed_every_damaged_mark_is_repaired_and_nothing_else(seed_text: str) -> None:
    result = zhfix.fix_and_explain(seed_text)
    repaired = Counter((c.before, c.after) for c in result.changes)
    assert repaired[("袁", "，")] == seed_text.count("袁") == 205
    assert set(repaired) == {
        ("袁", "，"), ("遥", "。"), ("尧", "、"), ("野", "“"),
        ("冶", "”"), ("渊", "（"), ("冤", "）"), ("曰", "；"),
    }  # fmt: skip
    # every 遥 尧 曰 渊 冤 in this page is punctuation; 冶 is once a word (冶金)
    for ch in "遥尧曰渊冤":
        assert repaired[(ch, SHIFTED_TO_SYMBOL[ch])] == seed_text.count(ch)
    metallurgy = seed_text.index("冶金")
    assert result.text[metallurgy] == "冶"
    assert repaired[("冶", "”")] == seed_text.count("冶") - 1
    assert repaired[("野", "“")] == repaired[("冶", "”")]


def test_config_can_switch_the_repair_off() -> None:
    damaged = "会议指出袁要切实提高政治站位遥"
    assert zhfix.fix_text(damaged, zhfix.FixConfig(shifted_punctuation=False)) == damaged


def test_random_clean_ideograph_soup_is_not_touched() -> None:
    rng = random.Random(7)
    common = (
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
        "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
        "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
        "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
        "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
        "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
        "几九区强放决西被干做必战先回则任取据处理府研质"
    )
    text = "".join(rng.choice(common) for _ in range(3000))
    sentences = "，".join(text[i : i + 15] for i in range(0, len(text), 15)) + "。"
    assert zhfix.fix_text(sentences) == sentences


def test_long_texts_are_decoded_in_chunks_with_the_same_result(
    heldout_news: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from zhfix import repair

    damaged = "\n".join(shift(p) if i % 3 else p for i, p in enumerate(heldout_news[:300]))
    whole = zhfix.fix_and_explain(damaged)
    monkeypatch.setattr(repair, "CHUNK_CHARS", 5000)
    chunked = zhfix.fix_and_explain(damaged)
    assert chunked.text == whole.text
    assert [c.start for c in chunked.changes] == [c.start for c in whole.changes]
    assert len(zhfix.detect(damaged).findings[0].regions) > 1


def test_a_column_dump_decoded_in_chunks_gets_the_repairs_of_the_whole(
    heldout_news: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from zhfix import repair

    text = "".join(heldout_news[:200])
    damaged = shift("\n".join(text[i : i + 21] for i in range(0, len(text), 21)))
    whole = zhfix.fix_and_explain(damaged)
    for chunk in range(1500, 2500, 97):  # cuts at many line breaks
        monkeypatch.setattr(repair, "CHUNK_CHARS", chunk)
        chunked = zhfix.fix_and_explain(damaged)
        assert chunked.text == whole.text
        assert [c.start for c in chunked.changes] == [c.start for c in whole.changes]
        assert len(zhfix.detect(damaged).findings[0].regions) == 1


def test_a_chunk_ends_after_a_line_break_or_away_from_any_candidate() -> None:
    from zhfix.repair import _cut

    assert _cut("一二三\n四五六七八九", 0, 9) == 4
    # No line break: inside the last run of six characters that are not candidates, with
    # three on either side of the cut, so the model sees the same around every candidate.
    text = "袁遥尧" * 5 + "我们去北京看看" + "袁遥尧" * 5
    cut = _cut(text, 0, len(text) - 2)
    assert not set(text[cut - 3 : cut + 3]) & set(SHIFTED_TO_SYMBOL)
    assert _cut("袁遥尧" * 10, 0, 20) == 20  # nowhere better: where it was asked


def test_decodings_of_pieces_join_into_one_with_a_cut_region_made_whole() -> None:
    from zhfix.decode import Decoding, Region

    decoded = Decoding(np.array([2, 5, 9]), np.array([0.9, 0.8, 0.7]), (Region(1, 10, 20.0),))
    left, right = decoded.within(0, 6), decoded.within(6, 12)
    assert left.offsets.tolist() == [2, 5] and right.offsets.tolist() == [9]
    joined = Decoding.concatenate([(0, left), (0, right)])
    assert joined.offsets.tolist() == [2, 5, 9]
    assert joined.regions == (Region(1, 10, 20.0),)
    # A piece of a region holding no repair is no region.
    assert decoded.within(6, 9).regions == ()


def test_an_empty_pair_of_marks_takes_the_character_before_as_its_opening() -> None:
    # 叶叶曳剧: the play is called 叶 (《叶》剧), not an empty title after the name 叶.
    damaged = "史册上却仅留只言片语遥叶叶曳剧编写袁野正史为经袁野史为纬冶遥"
    assert zhfix.fix_text(damaged).startswith("史册上却仅留只言片语。《叶》剧编写，")


def test_any_string_goes_through_without_error() -> None:
    rng = random.Random(5)
    pool = [
        *sorted(CANDIDATES)[:200],
        *"的一是了我不人在他\n\n  \r\t,.()!?ab01",
        "\ud800",
        "\x00",
        "\U0001f600",
    ]
    for _ in range(300):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 120)))
        result = zhfix.fix_and_explain(text)
        assert len(result.text) == len(text)
        assert all(text[c.start] == c.before for c in result.changes)
        zhfix.detect(text)
        zhfix.restore(text).to_json()


def test_a_candidate_standing_between_spaces_leans_towards_a_mark() -> None:
    damaged = "在终端里袁打开首选项 寅 配置文件 寅 兼容性 寅 宽度有歧义的字符遥"
    repaired = "在终端里，打开首选项 → 配置文件 → 兼容性 → 宽度有歧义的字符。"
    assert zhfix.fix_text(damaged) == repaired
    spaced_digits = "会议于 6 月 6 日召开袁大家都来了遥"
    assert zhfix.fix_text(spaced_digits) == "会议于 6 月 6 日召开，大家都来了。"


def test_lines_numbered_in_sequence_are_read_as_a_list() -> None:
    captions = (
        "图片说明：\n"
        "①节日里，孩子们在广场上放风筝。（新华社记者张明摄）\n"
        "②农民在田间查看麦苗长势。（李华摄）\n"
        "③工人们在车间里加班生产。（王强摄）"
    )
    assert zhfix.fix_text(shift(captions)) == captions
    # Without a ① before it, a line-opening 于 is the word.
    damaged = "于是大家都来了袁会议开始了遥\n于是他又说了一遍遥"
    assert zhfix.fix_text(damaged) == "于是大家都来了，会议开始了。\n于是他又说了一遍。"


def test_no_repair_closes_a_bracket_right_after_a_pause_mark() -> None:
    # 、） is never typeset: the reporter is called 卢尧.
    text = "本报北京３月２日电（记者王明、卢尧）全国春运工作进展顺利。"
    assert zhfix.fix_text(shift(text)) == text


def test_threads_change_the_speed_not_the_result(heldout_news: list[str]) -> None:
    from zhfix.parallel import PARALLEL_MIN_CANDIDATES

    damaged = shift("\n".join(heldout_news[:1500]))
    assert sum(ch in SHIFTED_TO_SYMBOL for ch in damaged) > 2 * PARALLEL_MIN_CANDIDATES
    one = zhfix.fix_and_explain(damaged, zhfix.FixConfig(threads=1))
    for threads in (2, 3):
        many = zhfix.fix_and_explain(damaged, zhfix.FixConfig(threads=threads))
        assert many.text == one.text
        assert [(c.start, c.confidence) for c in many.changes] == [
            (c.start, c.confidence) for c in one.changes
        ]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs fork")
def test_a_forked_worker_can_still_use_threads(heldout_news: list[str]) -> None:
    import multiprocessing

    damaged = shift("\n".join(heldout_news[:1500]))
    expected = zhfix.fix_text(damaged)  # the parent's thread pool now exists
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply_async(zhfix.fix_text, (damaged,)).get(timeout=60) == expected


def test_a_shifted_ideographic_space_is_restored_and_the_word_kept() -> None:
    # 摇 is where a broken font puts U+3000: indents and gaps between phrases.
    spaced = (
        "　　本报讯　记者今天从市政府获悉，今年全市将新建学校二十所。\n"
        "　　据介绍，新建学校主要分布在城郊结合部。"
    )
    assert zhfix.fix_text(shift(spaced)) == spaced
    words = (
        "他摇摇头，说：“这件事不能动摇我们的决心。”孩子们在摇篮旁唱着歌。\n"
        "摇滚乐队今晚演出，观众摇旗呐喊。"
    )
    assert zhfix.fix_text(shift(words)) == words


def test_a_mark_before_shifted_spaces_is_weighed_with_them_taken_out() -> None:
    # Copied from a web page, paragraphs run on, each after its indent: ``。　　一旦``
    # shows as ``遥摇摇一旦``, where neither the mark nor the spaces fit while the other
    # stands; each is weighed with the other read the other way.
    flattened = (
        "　　市卫健委今天通报了本市的疫情防控情况。　　一旦发现发热病人，应当立即报告。"
        "　　各地要做好准备工作，确保万无一失。"
    )
    assert zhfix.fix_text(shift(flattened)) == flattened
    # Two spaces after a finished sentence are the next paragraph's indent, even where
    # the words after them would read on (原因？　　头晕 is not 原因？摇摇头晕) ...
    indent = "　　请问这是什么原因？　　头晕的时候应该怎么办？医生说要多休息。"
    assert zhfix.fix_text(shift(indent)) == indent
    # ... and a sentence that opens with the words stays as it is.
    words = "他叹了口气。摇摇头，走了。老人听完笑了。摇摇头说：“不用了。”"
    assert zhfix.fix_text(shift(words)) == words


def test_a_pasted_sentence_with_one_mark_is_repaired() -> None:
    assert zhfix.fix_text("会议于 6 月 6 日召开遥") == "会议于 6 月 6 日召开。"
    assert zhfix.fix_text("我们的目标是星辰大海遥") == "我们的目标是星辰大海。"
    for clean in ("山高路遥", "他是遥感专家", "袁隆平", "法院判决", "要是明天下雨怎么办"):
        assert zhfix.fix_text(clean) == clean


def test_a_pasted_list_item_or_list_introduction_gets_its_final_mark() -> None:
    assert zhfix.fix_text("噪音很小曰") == "噪音很小；"
    assert zhfix.fix_text("主要做法有以下几点院") == "主要做法有以下几点："
    for clean in ("他被送往医院", "最高人民法院", "子曰", "美其名曰"):
        assert zhfix.fix_text(clean) == clean


def test_a_pasted_numbered_caption_keeps_its_number() -> None:
    caption = "１、河北省唐山市最大的批发市场，近日开业。"
    assert zhfix.fix_text(shift(caption)) == caption
    clean = "工作人\n员、家属和学生都来了。"  # a column's line break before 员、
    assert zhfix.fix_text(clean) == clean


def test_a_damaged_line_is_judged_in_a_file_as_it_is_alone() -> None:
    # A region of whole lines pays for its two ends wherever it stands, the text's own
    # ends included: first, last or between clean lines, the line is repaired as alone.
    damaged, fixed = "县委办主任徐凌杰参加活动遥", "县委办主任徐凌杰参加活动。"
    clean = ("今天的会议很成功。", "大家都很高兴。")
    assert zhfix.fix_text(damaged) == fixed
    for before, after in (((), clean[:1]), (clean[:1], ()), (clean[:1], clean[1:])):
        text = "".join(line + "\n" for line in (*before, damaged, *after))
        want = "".join(line + "\n" for line in (*before, fixed, *after))
        assert zhfix.fix_text(text) == want
        (finding,) = zhfix.detect(text).findings
        start = sum(len(line) + 1 for line in before)
        assert finding.regions == ((start, start + len(damaged)),)
    # A costlier line boundary makes the same line too weak to call damaged, alone or not.
    strict = zhfix.FixConfig(line_switch_cost=8.0)
    assert zhfix.fix_text(damaged, strict) == damaged
    assert zhfix.fix_text("今天的会议很成功。\n" + damaged, strict).endswith(damaged)


def test_a_damaged_line_is_not_judged_by_the_clean_line_beside_it() -> None:
    # The model reads across line breaks (a column breaks lines inside words), but a
    # line with real punctuation beside is another text: what it opens with must not
    # decide the damaged line's last mark, nor what it ends with the next line's first.
    cases = (
        ("显示器用的是LED屏幕；", "掌托部位温度比较高，其他都还好。"),
        ("这就是警方发出上述警告的原因。", "恭贺新喜（篆刻）"),
    )
    for damaged, clean in cases:
        assert zhfix.fix_text(shift(damaged)) == damaged
        for lines in ((shift(damaged), clean), (clean, shift(damaged))):
            assert zhfix.fix_text("\n".join(lines) + "\n") == (
                "\n".join(damaged if line != clean else clean for line in lines) + "\n"
            )
    # A numbered item after a line of another text opens that text: １、 as alone.
    item = "３、云南傣族的泼水节已经开始，游客很多。"
    text = "施行『居者有其屋』工程\n" + shift(item) + "\n"
    assert zhfix.fix_text(text) == "施行『居者有其屋』工程\n" + item + "\n"


def test_a_line_never_opens_with_a_pause_mark() -> None:
    # Across the break the model reads 名单，华; no typesetting opens a line with ，.
    names = "参会人员名单\n袁华 院长\n叶明 副院长\n遥远 主任\n"
    assert zhfix.fix_text(names) == names


def test_a_pair_of_marks_is_evidence_that_a_short_line_is_damaged() -> None:
    assert zhfix.fix_text("渊张明冤") == "（张明）"
    # A byline alone, which the screen let through only once it counted the pair too.
    assert zhfix.fix_text("渊王镛冤") == "（王镛）"
    assert zhfix.fix_text("代表作的标题叫做叶树挂儿曳") == "代表作的标题叫做《树挂儿》"
    for clean in (
        "深渊里传来冤屈的哭声",
        "叶剑英元帅的故居在梅县",
        "野生动物园旁有一座冶炼厂",
        "渊博的学识让他免于冤屈",
    ):
        assert zhfix.fix_text(clean) == clean


def test_a_dash_between_two_numbers_is_a_range() -> None:
    for text in (
        "规划纲要（2010—2020年）已经发布。",
        "每周一至周五9:00—17:30营业，节假日休息。",
        "该工程于1990－2000年间分三期建成，总投资约5～10亿元。",
        # Both ends with the same unit, as encyclopedias write reigns, lives and hours.
        "他在位十年（1021年—1031年），史称中兴。",
        "王某（1901年2月3日—1968年5月7日），湖南人。",
        "售票处（营业时间：6时30分－21时30分）设在一楼。",
    ):
        assert zhfix.fix_text(shift(text)) == text
    # A model name is not a number: X200要8个 is "X200 needs 8".
    review = "打客服X200要8个坏点才能退换，郁闷。"
    assert zhfix.fix_text(shift(review)) == review
