"""The page in a real browser: Debian's Chromium, driven by Playwright, against a real
``zhfix serve`` on loopback.  Nothing is downloaded: the page has no outside assets."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))
from web_server import CHROMIUM, CHROMIUM_ARGS, damaged_pdf, serve  # noqa: E402

import zhfix  # noqa: E402

DAMAGED = "会议指出袁要切实提高政治站位遥"
REPAIRED = "会议指出，要切实提高政治站位。"


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve() as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser, base: str) -> Iterator[Page]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
    page.goto(base + "/")
    yield page
    context.close()
    # No script errors, no CSP violations, nothing fetched from anywhere else.
    assert problems == []
    assert [u for u in outside if not u.startswith(("blob:", "data:"))] == []


def _repair(page: Page, text: str) -> None:
    page.fill("#source", text)
    page.click("#run")
    expect(page.locator("#status")).to_contain_text("完成")


def _download(page: Page, button: str) -> bytes:
    with page.expect_download() as info:
        page.click(button)
    path = info.value.path()
    return Path(path).read_bytes()


def test_pasted_damaged_text_comes_back_repaired_with_each_change_marked(page: Page) -> None:
    _repair(page, DAMAGED)
    expect(page.locator("#text-repaired")).to_have_text(REPAIRED)
    marks = page.locator("#text-repaired mark")
    expect(marks).to_have_count(2)
    expect(marks.nth(0)).to_have_text("，")
    expect(page.locator("#summary-body")).to_contain_text("已损坏 Damaged")


def test_hovering_a_change_explains_it(page: Page) -> None:
    _repair(page, DAMAGED)
    page.locator("#text-repaired mark").nth(1).hover()
    tip = page.locator("#tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("遥 → 。")
    expect(tip).to_contain_text("shifted punctuation")
    expect(tip).to_contain_text("置信度 confidence")


def test_a_rejected_change_keeps_the_original_character_in_every_download(page: Page) -> None:
    _repair(page, DAMAGED)
    page.locator("#text-repaired mark").nth(0).click()
    expect(page.locator("#text-repaired")).to_have_text("会议指出袁要切实提高政治站位。")
    expect(page.locator("#text-repaired mark").nth(0)).to_have_class(re.compile(r"\brejected\b"))
    assert _download(page, "#save-txt").decode() == "会议指出袁要切实提高政治站位。"
    saved = json.loads(_download(page, "#save-json"))
    assert saved["text"] == "会议指出袁要切实提高政治站位。"
    assert [c["after"] for c in saved["changes"]] == ["。"]
    assert [c["before"] for c in saved["rejected"]] == ["袁"]
    page.locator("#text-repaired mark").nth(0).click()  # and accepted again
    expect(page.locator("#text-repaired")).to_have_text(REPAIRED)


def test_the_page_works_by_keyboard_alone(page: Page) -> None:
    page.focus("#source")
    page.keyboard.type(DAMAGED)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#text-repaired")).to_have_text(REPAIRED)
    # Tab from the last toolbar button reaches the first change; arrows move, Enter rejects.
    page.focus("#next-low")
    page.keyboard.press("Tab")
    focused = page.locator("#text-repaired mark:focus")
    expect(focused).to_have_text("，")
    expect(page.locator("#tip")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.locator("#text-repaired mark:focus")).to_have_text("。")
    expect(page.locator("#tip")).to_contain_text("遥 → 。")
    page.keyboard.press("Enter")
    expect(page.locator("#text-repaired")).to_have_text("会议指出，要切实提高政治站位遥")
    expect(page.locator("#text-repaired mark:focus")).to_have_class(re.compile(r"\brejected\b"))


def test_the_views_switch_between_repaired_original_and_side_by_side(page: Page) -> None:
    _repair(page, DAMAGED)
    page.check('input[name="view"][value="original"]')
    expect(page.locator("#pane-original")).to_be_visible()
    expect(page.locator("#pane-repaired")).to_be_hidden()
    expect(page.locator("#text-original")).to_have_text(DAMAGED)
    page.check('input[name="view"][value="diff"]')
    expect(page.locator("#pane-original")).to_be_visible()
    expect(page.locator("#pane-repaired")).to_be_visible()


def test_the_seed_page_is_restored_whole(page: Page, seed_text: str) -> None:
    _repair(page, seed_text)
    expect(page.locator("#article-list li")).to_have_count(3)
    text = _download(page, "#save-txt").decode()
    # The page replays every change on the input; that is the library's restore exactly.
    assert text == zhfix.restore(seed_text).to_text()
    assert text.startswith("本报讯6月6日，我县召开脱贫攻坚问题整改推进会，")
    expect(page.locator("#text-repaired mark.low").first).to_be_visible()


def test_a_gbk_text_file_is_read_and_repaired(page: Page, tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_bytes(DAMAGED.encode("gbk"))
    page.set_input_files("#file", str(path))
    expect(page.locator("#text-repaired")).to_have_text(REPAIRED)
    expect(page.locator("#source")).to_have_value(DAMAGED)


def test_an_uploaded_damaged_pdf_gives_its_articles_and_a_repaired_pdf(
    page: Page, tmp_path: Path
) -> None:
    path = tmp_path / "paper.pdf"
    path.write_bytes(damaged_pdf())
    page.set_input_files("#file", str(path))
    expect(page.locator("#status")).to_contain_text("篇文章 articles", timeout=120_000)
    assert page.locator("#article-list li").count() >= 1
    expect(page.locator("#summary-body")).to_contain_text("glyph maps repaired")
    assert page.locator("#text-repaired").inner_text().count("，") > 10
    page.set_default_timeout(120_000)
    data = _download(page, "#save-pdf")
    assert data.startswith(b"%PDF-")
    assert _download(page, "#save-txt").decode().count("，") > 10


def test_the_page_is_readable_at_320_px(page: Page, seed_text: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    _repair(page, seed_text)
    page.check('input[name="view"][value="diff"]')
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('#text-repaired')).fontSize)"
    )
    assert size >= 14


def test_the_api_docs_render_offline_from_the_apps_own_swagger_ui(page: Page, base: str) -> None:
    page.goto(base + "/docs")
    expect(page.locator(".opblock")).to_have_count(6, timeout=30_000)
    expect(page.locator(".opblock-summary-path").first).to_have_text("/healthz")


def test_characters_only_keeps_every_line_break(page: Page, seed_text: str) -> None:
    page.check('input[name="mode"][value="fix"]')
    _repair(page, seed_text)
    assert _download(page, "#save-txt").decode() == zhfix.fix_text(seed_text)
