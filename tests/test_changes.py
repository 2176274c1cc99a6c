"""apply_changes: replaying a repair's changes on its input gives its output; leaving
some out keeps the input's text there."""

from __future__ import annotations

import pytest

import zhfix
from zhfix import Change, apply_changes


def _change(start: int, end: int, before: str, after: str) -> Change:
    return Change(start, end, before, after, "test", 1.0)


def test_replaying_every_character_change_gives_the_repair_of_the_seed(seed_text: str) -> None:
    result = zhfix.fix_and_explain(seed_text)
    assert result.changes
    assert apply_changes(seed_text, result.changes) == result.text


def test_leaving_out_one_change_keeps_only_that_character_as_it_was(seed_text: str) -> None:
    result = zhfix.fix_and_explain(seed_text)
    rejected = result.changes[3]
    kept = [c for c in result.changes if c is not rejected]
    replayed = apply_changes(seed_text, kept)
    assert replayed[rejected.start] == rejected.before
    assert replayed[: rejected.start] == result.text[: rejected.start]
    assert replayed[rejected.end :] == result.text[rejected.end :]


def test_no_changes_give_the_input_back() -> None:
    assert apply_changes("会议指出袁要", []) == "会议指出袁要"


def test_changes_apply_in_offset_order_whatever_order_they_come_in() -> None:
    changes = [_change(5, 6, "遥", "。"), _change(2, 3, "袁", "，")]
    assert apply_changes("会议袁要求遥", changes) == "会议，要求。"


def test_a_covering_change_of_a_later_step_wins_over_the_change_inside_it() -> None:
    # 摇 repaired to an ideographic space, which the line join then took out.
    char = _change(2, 3, "摇", "\u3000")
    join = _change(2, 4, "\u3000\n", "")
    assert apply_changes("ab摇\ncd", [char, join]) == "abcd"
    assert apply_changes("ab摇\ncd", [char]) == "ab\u3000\ncd"
    assert apply_changes("ab摇\ncd", [join]) == "abcd"


def test_two_steps_changing_the_same_character_compose() -> None:
    char = _change(2, 3, "摇", "\u3000")
    space = _change(2, 3, "\u3000", "")
    assert apply_changes("ab摇cd", [char, space]) == "abcd"


def test_insertions_go_before_a_change_at_the_same_offset_and_after_one_ending_there() -> None:
    changes = [_change(3, 3, "", "X"), _change(2, 3, "c", "C"), _change(2, 2, "", "Y")]
    assert apply_changes("abcd", changes) == "abYCXd"


@pytest.mark.parametrize(
    "changes",
    [
        [_change(3, 5, "cd", "")],
        [_change(1, 3, "bc", ""), _change(2, 4, "cd", "")],
    ],
    ids=["outside the text", "crossing spans"],
)
def test_changes_that_do_not_fit_the_text_are_refused(changes: list[Change]) -> None:
    with pytest.raises(ValueError):
        apply_changes("abcd", changes)


def test_replaying_every_change_of_the_restore_gives_the_restored_seed(seed_text: str) -> None:
    document = zhfix.restore(seed_text)
    assert document.reflowed
    assert apply_changes(seed_text, document.changes) == document.to_text()


def _column_dump(paragraphs: list[str], width: int, separator: str) -> str:
    lines = [p[i : i + width] for p in paragraphs for i in range(0, len(p), width)]
    return separator.join(lines)


def test_replaying_every_change_of_the_restore_gives_its_output_on_held_out_news(
    heldout_news: list[str],
) -> None:
    import random

    from zhfix.shift import shift

    rng = random.Random(11)
    texts = []
    for i in range(30):
        paragraphs = rng.sample(heldout_news, rng.randint(1, 6))
        if i % 2:
            paragraphs = [shift(p) for p in paragraphs]
        dump = _column_dump(paragraphs, rng.randint(12, 30), rng.choice(["\n", "\n\n"]))
        texts.append(dump + rng.choice(["", "\n", " \n"]))
        texts.append("\n".join(paragraphs))  # one paragraph per line: nothing rearranged
    for text in texts:
        document = zhfix.restore(text)
        assert apply_changes(text, document.changes) == document.to_text()


def test_a_restore_without_its_layout_changes_keeps_the_lines_as_they_were(
    seed_text: str,
) -> None:
    document = zhfix.restore(seed_text)
    characters_only = [c for c in document.changes if c.to_dict().get("step") != "layout"]
    assert apply_changes(seed_text, characters_only) == zhfix.fix_text(seed_text)


def test_to_dict_holds_every_field_of_a_change_and_a_finding() -> None:
    import dataclasses

    from zhfix.changes import Finding

    change = Change(3, 4, "袁", "，", "shifted punctuation", 0.99)
    assert change.to_dict() == dataclasses.asdict(change)
    finding = Finding("founder-shift", "shifted punctuation", 2, ((0, 4), (9, 12)), 0.9)
    assert finding.to_dict() == {**dataclasses.asdict(finding), "regions": [[0, 4], [9, 12]]}
