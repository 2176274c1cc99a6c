"""Structure: a page splits into news items at their datelines, each with its date."""

from __future__ import annotations

import json

import pytest

import zhfix
from zhfix.articles import find_dateline, split_articles


@pytest.mark.parametrize(
    ("paragraph", "dateline", "month_day"),
    [
        ("本报讯 6月6日，我县召开脱贫攻坚问题整改推进会。", "本报讯", (6, 6)),
        ("本报讯（记者 王宏）6月9日，全县招商引资推进会召开。", "本报讯（记者 王宏）", (6, 9)),
        ("本报讯(记者 王宏) 6月9日，推进会召开。", "本报讯(记者 王宏)", (6, 9)),
        ("新华社北京6月11日电 国务院新闻办今天举行发布会。", "新华社北京6月11日电", (6, 11)),
        (
            "新华社北京１月２６日电（记者丛亚平）建设部最近发出通知。",
            "新华社北京１月２６日电（记者丛亚平）",
            (1, 26),
        ),
        (
            "据新华社杭州１月２６日电（慎海雄）农业银行浙江省分行。",
            "新华社杭州１月２６日电（慎海雄）",
            (1, 26),
        ),
        (
            "本报北京１月２６日讯记者吴亚明报道：全国政协今天举行座谈会。",
            "本报北京１月２６日讯",
            (1, 26),
        ),
        (
            "本报武汉一月二十五日电记者罗盘报道：日前，武汉市召开动员会。",
            "本报武汉一月二十五日电",
            (1, 25),
        ),
        (
            "新华社杰里科（约旦河西岸）１月２５日电（记者戚德良）部长说。",
            "新华社杰里科（约旦河西岸）１月２５日电（记者戚德良）",
            (1, 25),
        ),
        ("中新网6月11日电 据报道。", "中新网6月11日电", (6, 11)),
        ("本报讯记者梁小琴报道：１月２３日，一个机头面世。", "本报讯", (1, 23)),
    ],
)
def test_datelines_and_their_dates(
    paragraph: str, dateline: str, month_day: tuple[int, int]
) -> None:
    found = find_dateline(paragraph)
    assert found is not None
    assert found.text == dateline
    assert found.date is not None and (found.date.month, found.date.day) == month_day


@pytest.mark.parametrize(
    "paragraph",
    [
        "本报记者唐维红",
        "县委书记王宏伟出席会议并讲话。",
        "新华社记者兰红光摄",
        "合作社6月11日电话会议决定扩大生产。",  # 电话, not 电
        "（新华社北京１９９７年１２月３０日电）",  # a closing credit, not an opening
    ],
)
def test_what_is_not_a_dateline(paragraph: str) -> None:
    assert find_dateline(paragraph) is None


def test_a_dateline_without_a_date() -> None:
    found = find_dateline("本报讯 零售商业、医药等十大行业开展承诺活动。")
    assert found is not None and found.text == "本报讯" and found.date is None


def test_articles_split_at_datelines_with_month_day_dates_when_the_year_is_unknown() -> None:
    paragraphs = [
        "本报讯6月6日，我县召开推进会。",
        "会议指出，要抓好整改。",
        "本报讯6月9日，全县招商引资推进会召开。",
        "本报讯6月8日，县委书记调研汾河流域。",
        "县委办主任参加活动。",
    ]
    articles = split_articles(paragraphs)
    assert [(a.dateline, a.date, len(a.paragraphs)) for a in articles] == [
        ("本报讯", "--06-06", 2),
        ("本报讯", "--06-09", 1),
        ("本报讯", "--06-08", 2),
    ]
    assert [p for a in articles for p in a.paragraphs] == paragraphs


def test_the_caller_gives_the_year() -> None:
    [article] = split_articles(["本报讯 6月6日，我县召开推进会。"], year=2020)
    assert article.date == "2020-06-06"


def test_a_year_in_the_dateline_wins() -> None:
    [article] = split_articles(["新华社北京2019年12月31日电 会议召开。"], year=2020)
    assert article.date == "2019-12-31"


def test_the_page_date_gives_the_year_and_december_items_on_january_pages_the_year_before() -> None:
    articles = split_articles(
        [
            "1998年1月2日 星期五",
            "新华社北京１月１日电 元旦。",
            "新华社北京１２月３１日电 除夕。",
        ]
    )
    assert [a.date for a in articles] == [None, "1998-01-01", "1997-12-31"]


def test_the_headline_above_a_dateline_belongs_to_its_article() -> None:
    articles = split_articles(
        [
            "新华社北京１月２６日电 第一条消息。",
            "正文第二段。",
            "白银整肃市场百姓舒心",
            "本报讯记者李战吉报道：春节前夕，集贸市场热闹非凡。",
            "（李虎成）",
        ]
    )
    assert [a.paragraphs for a in articles] == [
        ("新华社北京１月２６日电 第一条消息。", "正文第二段。"),
        ("本报讯记者李战吉报道：春节前夕，集贸市场热闹非凡。", "（李虎成）"),
    ]
    # The headline is the article's, printed once: not repeated among its paragraphs.
    assert articles[1].headline == ("白银整肃市场百姓舒心",)
    assert articles[1].title == "白银整肃市场百姓舒心"
    assert articles[0].headline == () and articles[0].title is None


def test_a_caption_with_its_credit_after_a_brief_is_not_the_next_ones_headline() -> None:
    # A picture caption ends in its photographer's credit in brackets: short and
    # without a closing full stop, but a sentence inside it says it is no headline.
    articles = split_articles(
        [
            "新华社南京１月２２日电 图①：农民喜迎新春。",
            "图②：安徽临泉县丰收了的农民载歌载舞迎新春。（陈飞简亚彬摄）",
            "新华社天津１月１日电 据新华社报道，泰国政府已经制定计划。",
        ]
    )
    assert [a.paragraphs for a in articles] == [
        ("新华社南京１月２２日电 图①：农民喜迎新春。",
         "图②：安徽临泉县丰收了的农民载歌载舞迎新春。（陈飞简亚彬摄）"),
        ("新华社天津１月１日电 据新华社报道，泰国政府已经制定计划。",),
    ]
    assert articles[1].headline == ()
    # Nor is an item of a list the brief runs on with.
    item = "●财税金融版刊登周正庆、刘仲藜、戴相龙、项怀诚新年寄语"
    articles = split_articles(["本报杭州１月１日讯　记者张海报道：今日本报：", item,
                               "本报讯　（记者吴建燕）对于普通的德国人来说。"])
    assert articles[0].paragraphs[-1] == item and articles[1].headline == ()


def test_text_without_datelines_is_one_article() -> None:
    [article] = split_articles(["第一段。", "第二段。"])
    assert article.dateline is None and article.date is None
    assert article.paragraphs == ("第一段。", "第二段。")


def test_items_run_into_one_paragraph_are_split_where_a_dateline_follows_a_sentence() -> None:
    text = (
        "本报讯 6月6日，我县召开推进会，全面部署整改工作，要求各乡镇\n"
        "在第一时间整改到位。本报讯 6月9日，全县招商引资暨项目建设工\n"
        "作推进会在经济开发区召开，会议全面检验了上半年招商引资成果。\n"
    )
    doc = zhfix.restore(text)
    assert [a.date for a in doc.articles] == ["--06-06", "--06-09"]
    assert doc.articles[1].paragraphs[0].startswith("本报讯6月9日，")


def test_the_document_as_json() -> None:
    text = (
        "本报讯 6 月 6 日袁我县召开脱贫攻坚问题整改推进会袁会\n\n"
        "议传达贯彻落实省委脱贫攻坚督导组反馈会精神遥\n"
        "本报讯 6 月 9 日袁全县招商引资暨项目建设工作推进会\n\n"
        "在绛县经济开发区召开遥\n"
    )
    doc = zhfix.restore(text, year=2020)
    data = json.loads(doc.to_json())
    assert [(a["dateline"], a["date"]) for a in data["articles"]] == [
        ("本报讯", "2020-06-06"),
        ("本报讯", "2020-06-09"),
    ]
    assert data["articles"][0]["paragraphs"] == [
        "本报讯6月6日，我县召开脱贫攻坚问题整改推进会，会议传达贯彻落实省委脱贫攻坚督导组反馈会精神。"
    ]
    steps = {c["step"] for c in data["changes"]}
    assert steps == {"characters", "layout"}
    for c in data["changes"]:
        assert text[c["start"] : c["end"]] == c["before"]
    assert doc.to_text() == "\n".join(
        "".join(p + "\n" for p in a["paragraphs"]) for a in data["articles"]
    )


def test_a_credit_followed_by_the_wire_it_quotes_is_one_paragraph() -> None:
    from zhfix.articles import split_paragraphs_at_datelines

    paragraph = "本报讯（记者王平）新华社北京１月２日电　会议召开。新华社上海１月３日电　又讯。"
    assert split_paragraphs_at_datelines([paragraph]) == (
        ["本报讯（记者王平）新华社北京１月２日电　会议召开。", "新华社上海１月３日电　又讯。"],
        [1],
    )
