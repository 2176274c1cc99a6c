"""Make docs/web.png: the page with the repaired seed and one change's explanation open.

Starts a real ``zhfix serve``, drives Debian's Chromium with Playwright, pastes
``examples/seed.txt``, repairs it and hovers a repaired comma.

Run:  python docs/web_screenshot.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from playwright.sync_api import sync_playwright  # noqa: E402
from web_server import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402


def main() -> None:
    seed = (ROOT / "examples" / "seed.txt").read_text(encoding="utf-8")
    with serve() as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1180, "height": 1000}, device_scale_factor=1)
        page.goto(base + "/")
        page.fill("#source", seed)
        page.click("#run")
        page.wait_for_selector("#text-repaired mark")
        page.evaluate("document.querySelector('#source').scrollTop = 0")
        # The third character repair of the page: a comma that came out as 袁.
        mark = page.locator("#text-repaired mark:not(.layout)").nth(2)
        mark.scroll_into_view_if_needed()
        mark.hover()
        page.wait_for_selector("#tip:not([hidden])")
        tip = page.locator("#tip").bounding_box()
        assert tip is not None
        height = page.evaluate("document.documentElement.scrollHeight")
        bottom = min(height, tip["y"] + tip["height"] + page.evaluate("window.scrollY") + 260)
        page.set_viewport_size({"width": 1180, "height": int(bottom)})
        page.evaluate("window.scrollTo(0, 0)")
        mark.hover()
        page.wait_for_selector("#tip:not([hidden])")
        out = ROOT / "docs" / "web.png"
        page.screenshot(path=str(out), full_page=False)
        browser.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
