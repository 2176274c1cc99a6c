"""The agreement rules (zhfix.agreement) applied after the model has decided each candidate.

They act on the decoder's own arrays (positions, choices and log-odds), so each rule is
specified here with made-up log-odds; ``test_repair.py`` shows them on whole texts.
"""

from __future__ import annotations

import numpy as np

from zhfix import agreement, parallel
from zhfix.agreement import Decisions
from zhfix.shift import SYMBOL_TO_SHIFTED


def scan(
    positions: list[int], opening: list[bool], picked: list[bool], score: list[float]
) -> list[bool]:
    picked = list(picked)
    for step in (1, -1):
        agreement._pair_scan(positions, opening, picked, score, step)
    return picked


def test_a_lone_closing_mark_the_model_favours_keeps_a_distant_opening_mark() -> None:
    # “ … 150 characters … ”: too far to pick a partner, near enough to find one.
    assert scan([0, 150], [True, False], [True, True], [8.0, 5.0]) == [True, True]


def test_a_lone_mark_with_no_partner_within_reach_is_undone() -> None:
    far = agreement.PAIR_REACH + 1
    assert scan([0, far], [True, False], [True, True], [8.0, 5.0]) == [True, False]


def test_a_quotation_continued_into_the_next_paragraph_opens_each_one() -> None:
    # “ (line start) … ⏎ “ (line start) … ” : the first opening mark needs no partner.
    positions, opening = [0, 40, 90], [True, True, False]
    picked, score = [True, True, True], [3.0, 3.0, 5.0]
    for step in (1, -1):
        agreement._pair_scan(positions, opening, picked, score, step, [True, True, False])
    assert picked == [True, True, True]
    # Not at line starts, the first one is a lone mark, and undone.
    assert scan(positions, opening, [True, True, True], [3.0, 3.0, 5.0]) == [False, True, True]


def test_a_near_plausible_partner_comes_before_a_distant_one() -> None:
    # 『(picked) … 一 (-1.4, 100 on) … 一 (picked on weak evidence, 380 on)
    picked = scan([0, 100, 380], [True, False, False], [True, False, True], [8.6, -1.4, 1.3])
    assert picked == [True, True, False]


def test_of_two_equally_likely_opening_marks_the_one_not_making_an_empty_pair_wins() -> None:
    # 叶叶曳: 《叶》, not 叶《》.
    picked = scan([10, 11, 12], [True, True, False], [False, False, True], [-0.5, -0.5, 6.6])
    assert picked == [True, False, True]


def decisions(text: str, candidates: str, chosen: list[bool], margin: list[float]) -> Decisions:
    """``text`` as the model sees it (line breaks taken out and remembered), with the
    characters in ``candidates`` as its candidates, all in damaged regions."""
    compact = np.array([ord(c) for c in text if c != "\n"], dtype=np.uint32)
    line_starts, at, k = [], [], 0
    for ch in text:
        if ch == "\n":
            line_starts.append(k)
            continue
        if ch in candidates:
            at.append(k)
        k += 1
    return Decisions(
        compact,
        np.array(at, dtype=np.int64),
        np.array(chosen),
        np.array(margin, dtype=np.float64),
        np.ones(len(at), dtype=bool),
        np.array(line_starts, dtype=np.int64),
    )


def forbid(text: str, chosen: list[bool], margin: list[float]) -> list[bool]:
    d = decisions(text, "液一袁尧冤渊", chosen, margin)
    agreement.forbid_impossible_neighbours(d)
    return d.chosen.tolist()


def test_a_pause_mark_never_follows_an_opening_mark() -> None:
    # 输过液。: 『 then a real 。 is undone.
    assert forbid("输过液。", [True], [1.8]) == [False]
    # 渊袁: （ then ，, both repairs: the less certain goes.
    assert forbid("看渊袁好", [True, True], [3.0, 1.0]) == [True, False]


def test_a_bracket_is_never_closed_right_after_a_pause_mark() -> None:
    # 王明、卢尧）: 、 then a real ） is undone; 尧冤 as 、） keeps the surer one.
    assert forbid("王明、卢尧）", [True], [2.0]) == [False]
    assert forbid("卢尧冤", [True, True], [1.0, 4.0]) == [False, True]


def test_consecutive_numbers_opening_lines_are_read_together() -> None:
    lines = "\n".join(SYMBOL_TO_SHIFTED[c] + "图片说明" for c in "①②③")
    d = decisions(lines, "淤于盂", [False] * 3, [-1.9, -7.7, -2.6])
    agreement.number_lists(d)
    assert d.chosen.all() and (d.margin > 0).all()


def test_numbers_out_of_sequence_or_inside_lines_are_left_to_the_model() -> None:
    out_of_sequence = decisions("淤图片\n盂图片", "淤盂", [False] * 2, [-1.0, -1.0])
    agreement.number_lists(out_of_sequence)
    assert not out_of_sequence.chosen.any()
    inside_lines = decisions("图淤片\n图于片", "淤于", [False] * 2, [-1.0, -1.0])
    agreement.number_lists(inside_lines)
    assert not inside_lines.chosen.any()


def items(text: str, chosen: list[bool], margin: list[float]) -> list[bool]:
    d = decisions(text, "员圆猿尧院", chosen, margin)
    agreement.numbered_items(d)
    return d.chosen.tolist()


def test_a_number_and_a_pause_opening_a_text_are_a_numbered_item() -> None:
    # 员尧河北省…: １、河北省…
    assert items("员尧河北省唐山市", [False, True], [-3.0, 5.0]) == [True, True]
    # 员圆院…: １２：… (two digits), after a finished caption on the line before.
    assert items("（孟仁摄）\n员圆院在泰国", [False, False, True], [-2.0, -1.0, 4.0]) == [
        True,
        True,
        True,
    ]


def test_a_line_broken_inside_a_sentence_does_not_open_an_item() -> None:
    # 工作人⏎员尧家属: the line break of a column, not a new item.
    assert items("工作人\n员尧家属", [False, True], [-3.0, 5.0]) == [False, True]


def test_an_item_number_is_repaired_only_inside_a_damaged_region() -> None:
    d = decisions("员圆院在泰国", "员圆院", [False, False, True], [-2.0, -1.0, 4.0])
    d.eligible[1] = False  # 圆 lies outside the damaged region
    agreement.numbered_items(d)
    assert d.chosen.tolist() == [False, False, True]


def test_an_item_needs_its_mark_and_a_model_not_sure_of_the_word() -> None:
    assert items("员工们都来了", [False], [-3.0]) == [False]  # 员工, no 、 after it
    assert items("员尧河北省", [False, False], [-3.0, -4.0]) == [False, False]  # 员尧 kept
    assert items("员尧河北省", [False, True], [-9.0, 5.0]) == [False, True]  # sure: 员


def test_work_is_split_between_threads_only_where_no_cluster_is_cut() -> None:
    cand = np.array([0, 1, 2, 3, 10, 11, 20, 21, 22, 40])
    pieces = parallel.cuts(cand, 2, 4)
    assert pieces[0][0] == 0 and pieces[-1][1] == cand.size
    assert all(a == b for (_, a), (b, _) in zip(pieces, pieces[1:], strict=False))
    for _, stop in pieces[:-1]:
        assert cand[stop] - cand[stop - 1] >= 4
    assert len(parallel.cuts(cand, 3, 4)) == 3
    assert parallel.cuts(cand, 1, 4) == [(0, cand.size)]


def test_a_label_line_between_label_lines_reads_its_colon_like_them() -> None:
    # 面积院… / 人口院… / 宗教院原始宗教: the third 院 closes a label like the others.
    d = decisions(
        "面积院六万\n人口院三百万\n宗教院原始宗教", "院", [True, True, False], [5, 3, -1.5]
    )
    agreement.label_lines(d)
    assert d.chosen.tolist() == [True, True, True]


def test_a_word_at_a_line_start_is_not_forced_into_a_label() -> None:
    d = decisions("面积院六万\n学院成立以来", "院", [True, False], [5.0, -9.0])
    agreement.label_lines(d)
    assert d.chosen.tolist() == [True, False]


def test_pairs_already_matched_next_door_are_not_scanned_again() -> None:
    # “…” “…” 《》: the two quotations are settled; the empty pair still is looked at.
    positions, opening, picked = (
        [0, 5, 9, 20, 30, 31],
        [True, False, True, False, True, False],
        [True] * 6,
    )
    assert agreement._unsettled_leaders(positions, opening, picked, 1) == [4]
    assert agreement._unsettled_leaders(positions, opening, picked, -1) == []
    picked[3] = False  # the second quotation has lost its closing mark
    assert agreement._unsettled_leaders(positions, opening, picked, 1) == [2, 4]


def test_an_opening_and_a_closing_candidate_near_each_other_are_evidence_of_damage() -> None:
    d = decisions("渊王冤叶", "渊王冤叶", [False] * 4, [-1.0, 0.0, -2.0, 3.0])
    assert agreement.pair_evidence(d).tolist() == [3.0, 0.0, 3.0, 0.0]
    # One the model is sure against (深渊) brings nothing.
    d.margin[0] = -9.0
    assert agreement.pair_evidence(d).tolist() == [0.0, 0.0, 0.0, 0.0]


def test_a_digit_that_completes_a_year_is_read_as_a_digit() -> None:
    # 员９９７年: the other three digits are repaired, so 员 is the year's first digit.
    d = decisions("虽然员猿猿苑年", "员猿苑", [False, True, True, True], [-4.0, 8.0, 8.0, 8.0])
    agreement.join_digit_runs(d)
    assert d.chosen.all() and d.margin[0] > 0
    # Beside a shorter number the same 员 is as often the word (成员１００人): left alone.
    d = decisions("成员员园园人", "员园", [False, True, True, True], [-4.0, 8.0, 8.0, 8.0])
    agreement.join_digit_runs(d)
    assert d.chosen.tolist() == [False, True, True, True]
    # The model's own certainty stands.
    d = decisions("虽然员猿猿苑年", "员猿苑", [False, True, True, True], [-7.0, 8.0, 8.0, 8.0])
    agreement.join_digit_runs(d)
    assert not d.chosen[0]
