"""The shortcuts that spare a short text's per-call work change no result.

Each shortcut skips work that can find nothing (a rule with no candidate of its kind, a
list check on a text with no surname where a name cell could open) or does the same
work another way (splicing a few repairs into the text in Python).  On random texts
dense with the characters each shortcut looks for, the result must be what the long
way gives.
"""

from __future__ import annotations

import random
import re

import numpy as np
import pytest

import zhfix
from zhfix import names
from zhfix.agreement import SYMBOL_OF
from zhfix.decode import _SPLICE_MAX, Decoding
from zhfix.shift import SHIFTED_TO_SYMBOL

SHIFTED = sorted(SHIFTED_TO_SYMBOL)
_OPENING = names._CELL_OPENING


def numpy_apply(text: str, offsets: list[int]) -> str:
    """The repaired text the long way: every offset through the code-point table."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
    at = np.array(offsets, dtype=np.int64)
    codes[at] = SYMBOL_OF[codes[at]]
    return codes.tobytes().decode("utf-32-le", "surrogatepass")


def test_splicing_a_few_repairs_gives_the_text_the_arrays_give() -> None:
    rng = random.Random(7)
    plain = "会议指出要切实提高\n\u3000 \ud800😀ab"
    for _ in range(400):
        text = "".join(rng.choice(SHIFTED + list(plain)) for _ in range(rng.randint(1, 60)))
        where = [i for i, ch in enumerate(text) if ch in SHIFTED_TO_SYMBOL]
        offsets = sorted(rng.sample(where, min(len(where), rng.randint(0, _SPLICE_MAX + 4))))
        d = Decoding(np.array(offsets, dtype=np.int64), np.ones(len(offsets)), ())
        assert d.apply(text) == (numpy_apply(text, offsets) if offsets else text)


def test_the_name_cell_opening_check_never_hides_a_name_cell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(11)
    texts: list[str] = []
    pieces = ["王", "李", "袁", "孟", "令", "尧", "霞", "指", "出", " ", "\u3000", "\t", "\n", "，"]
    for _ in range(3000):
        texts.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 24))))
    quick = [names.name_cells(t) for t in texts]
    monkeypatch.setattr(names, "_CELL_OPENING", re.compile(""))  # the long way: always look
    assert quick == [names.name_cells(t) for t in texts]
    assert sum(map(bool, quick)) > 100  # the random texts do hold name cells
    skipped = sum(_OPENING.search(t) is None for t in texts)
    assert skipped > 100  # and the check skips some


def test_skipping_rules_with_no_candidate_of_their_kind_changes_no_repair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from zhfix import agreement
    from zhfix.shift import shift

    rng = random.Random(5)
    pieces = ["１９９７年", "①", "②", "③", "：", "（", "）", "《", "》", "——", "，", "。", "\n"]
    words = ["会议指出", "面积", "人口", "要切实提高", "政治站位", "图片说明", "宗教"]
    texts = [
        shift("".join(rng.choice(pieces + words) for _ in range(rng.randint(2, 30))))
        for _ in range(300)
    ]
    quick = [zhfix.fix_and_explain(t).to_dict() for t in texts]
    monkeypatch.setattr(agreement.Decisions, "shows", lambda self, kind: True)  # every rule
    assert quick == [zhfix.fix_and_explain(t).to_dict() for t in texts]
    assert sum(bool(q["changes"]) for q in quick) > 200  # the texts are repaired
