"""Names in lists and tables stay as they are: the model sees no line breaks."""

from __future__ import annotations

import numpy as np

import zhfix
from zhfix.names import NAME_CELL_COST, name_cell_cost, name_cells
from zhfix.shift import shift


def test_a_clean_list_of_names_one_per_line_is_left_alone() -> None:
    names = "孟令尧\n袁海霞\n万学远\n叶文洁\n于一园\n"
    assert zhfix.fix_text(names) == names


def test_a_table_of_names_between_ideographic_spaces_is_left_alone() -> None:
    table = "孟令尧　袁海霞　叶文洁\n王尧　李园　周远\n"
    assert zhfix.fix_text(table) == table


def test_a_name_pasted_alone_is_left_alone() -> None:
    assert zhfix.fix_text("孟令尧") == "孟令尧"


def test_name_cells_are_short_cells_opening_with_a_surname_on_list_lines() -> None:
    text = "孟令尧\n袁海霞\n会议由王华主持遥\n"
    assert name_cells(text) == [(0, 3), (4, 7)]
    # A short line among running text is no list (the end of a column's paragraph).
    assert name_cells("这是一段很长的正文，一直写到了行尾，\n王华说\n下一段又是很长的正文。") == []
    cost = name_cell_cost(text, np.array([2, 9, 15]))
    assert cost.tolist() == [NAME_CELL_COST, 0.0, 0.0]


def test_damaged_running_text_with_names_is_still_repaired() -> None:
    text = "会议由王华主持。\n参加会议的有张三、李四。\n"
    assert zhfix.fix_text(shift(text)) == text
