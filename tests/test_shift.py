"""The damage table follows from the codec: GB2312 rows 1-9 moved up by 0x31 rows."""

from __future__ import annotations

import pytest

from zhfix.shift import CANDIDATES, SHIFTED_TO_SYMBOL, SYMBOL_TO_SHIFTED, SYMBOLS, shift


@pytest.mark.parametrize(
    ("symbol", "damaged"),
    [
        ("，", "袁"), ("。", "遥"), ("、", "尧"), ("“", "野"), ("”", "冶"),
        ("（", "渊"), ("）", "冤"), ("；", "曰"), ("：", "院"), ("？", "钥"),
        ("！", "浴"), ("《", "叶"), ("》", "曳"), ("—", "要"), ("…", "噎"),
        ("·", "窑"), ("『", "液"), ("』", "一"), ("０", "园"), ("９", "怨"),
        ("Ａ", "粤"), ("Ｚ", "在"), ("①", "淤"), ("⑩", "逾"), ("⑴", "优"),
        ("Ⅰ", "玉"), ("α", "琢"), ("ā", "佟"), ("\u3000", "摇"),
    ],
)  # fmt: skip
def test_design_examples_are_in_the_table(symbol: str, damaged: str) -> None:
    assert SYMBOL_TO_SHIFTED[symbol] == damaged
    assert SHIFTED_TO_SYMBOL[damaged] == symbol


def test_every_assigned_symbol_of_rows_1_to_9_is_covered() -> None:
    expected = 0
    for lead in range(0xA1, 0xAA):
        for trail in range(0xA1, 0xFF):
            try:
                bytes([lead, trail]).decode("gb2312")
                bytes([lead + 0x31, trail]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            expected += 1
    assert len(SHIFTED_TO_SYMBOL) == expected == 682


def test_symbols_use_the_code_points_chinese_text_uses() -> None:
    # Python's gb2312 codec gives U+2015 and U+30FB; Chinese text uses these.
    assert "\u2014" in SYMBOLS and "\u00b7" in SYMBOLS
    assert "\u2015" not in SYMBOLS and "\u30fb" not in SYMBOLS


def test_the_table_is_a_bijection_between_symbols_and_ideographs() -> None:
    assert len(SYMBOLS) == len(CANDIDATES) == len(SHIFTED_TO_SYMBOL)
    assert all("\u4e00" <= ch <= "\u9fff" for ch in CANDIDATES)


def test_shift_damages_only_symbols_and_leaves_ascii_alone() -> None:
    assert shift("６月６日，会议（绛县段）召开。") == "远月远日袁会议渊绛县段冤召开遥"
    assert shift("ASCII, (kept) 2020.") == "ASCII, (kept) 2020."
