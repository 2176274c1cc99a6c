"""tools/modern.py: new training text never carries held-out text (issue 12)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import modern  # noqa: E402

HELDOUT = "乌苏里江是黑龙江的支流，全长九百零五公里，流经中俄两国边境地区。"


def _doc(*paragraphs: str) -> list[tuple[str, list[str]]]:
    return [("doc", list(paragraphs))]


def test_a_paragraph_sharing_a_long_run_with_held_out_text_is_dropped() -> None:
    shared = HELDOUT[2 : 2 + modern.SHARED_RUN]
    par = f"据记载，{shared}，此后一直是重要的航道。"
    assert modern.without_heldout(iter(_doc(par)), [HELDOUT], set()) == []


def test_a_run_one_character_shorter_is_kept() -> None:
    shared = HELDOUT[2 : 2 + modern.SHARED_RUN - 1]
    par = f"据记载，{shared}，此后一直是重要的航道。"
    assert modern.without_heldout(iter(_doc(par)), [HELDOUT], set()) == [par]


def test_whitespace_does_not_hide_a_shared_run() -> None:
    shared = " ".join(HELDOUT[: modern.SHARED_RUN])
    par = f"据记载，{shared}，此后一直是重要的航道。"
    assert modern.without_heldout(iter(_doc(par)), [HELDOUT], set()) == []


def test_paragraphs_already_in_a_genre_or_repeated_are_dropped() -> None:
    old = "长白山位于吉林省东南部，是中朝两国的界山，主峰白头山海拔二千七百四十四米。"
    new = "天池是一座火山口湖，湖面海拔二千一百八十九米，是中国最深的湖泊之一。"
    out = modern.without_heldout(iter(_doc(old, new, new)), [HELDOUT], {old})
    assert out == [new]


def test_the_dev_part_is_a_stable_share_of_the_paragraphs() -> None:
    paragraphs = [f"第{i}段文字，记载了某地的历史与地理。" for i in range(4000)]
    dev = modern.dev_part(paragraphs)
    assert dev == modern.dev_part(list(reversed(paragraphs)))[::-1]
    assert abs(len(dev) / len(paragraphs) - modern.DEV_SHARE) < 0.03
