"""The agreement rules that run in C give exactly what their Python versions give.

``balance_pairs`` and ``forbid_impossible_neighbours`` run in ``zhfix._ngram``; the
Python versions they replaced (:func:`zhfix.agreement._balance_pairs_reference`, and
``reference_forbid`` below) are the readable statement of the rules.  On random
decisions over texts dense with paired, pause and bracket candidates, both must leave
the same decisions and the same margins, bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

from zhfix import agreement
from zhfix.agreement import (
    _NEIGHBOUR_ROLE,
    _NEVER_ADJACENT,
    PAIR_CODES,
    SYMBOL_OF,
    Decisions,
)
from zhfix.shift import SHIFTED_TO_SYMBOL, SYMBOL_TO_SHIFTED


def reference_forbid(d: Decisions) -> None:
    """Undo repairs that set two marks side by side as no typesetter would, in place.

    A pause mark never follows an opening mark (``输过『。``) and ``，`` ``、`` ``；`` never
    close a bracket (``卢、）``); a back-off model, never having seen such a pair, falls
    back on how common each mark is alone and can propose one.  Where both marks are
    repairs, the less certain one is undone.
    """
    compact, cand, chosen, margin = d.text, d.at, d.chosen, d.margin
    picked = np.flatnonzero(chosen)
    at = cand[picked]
    role = _NEIGHBOUR_ROLE[SYMBOL_OF[compact[at]]]
    if not role.any():
        return
    last = len(compact) - 1
    after = np.where(at < last, _NEIGHBOUR_ROLE[compact[np.minimum(at + 1, last)]], 0)
    before = np.where(at > 0, _NEIGHBOUR_ROLE[compact[np.maximum(at - 1, 0)]], 0)
    undo = np.zeros(picked.size, dtype=bool)
    adjacent = np.flatnonzero(np.diff(at) == 1)
    # Most texts have no real mark beside a repair and no two marks with a role side by
    # side: nothing can be undone.
    paired_roles = (role[adjacent] != 0) & (role[adjacent + 1] != 0)
    if not (after | before).any() and not paired_roles.any():
        return
    for k in range(len(_NEVER_ADJACENT)):
        left, right = 1 << (2 * k), 2 << (2 * k)
        undo |= ((role & left) != 0) & ((after & right) != 0)  # a real mark after
        undo |= ((role & right) != 0) & ((before & left) != 0)  # a real mark before
        both = adjacent[((role[adjacent] & left) != 0) & ((role[adjacent + 1] & right) != 0)]
        m = margin[picked]
        undo[np.where(m[both] < m[both + 1], both, both + 1)] = True
    gone = picked[undo]
    chosen[gone] = False
    margin[gone] = -np.abs(margin[gone])


#: Candidates for paired marks and pause marks, real marks, and plain ideographs.
_PAIRED = [c for pair in PAIR_CODES for c in pair]
_OTHER_CANDIDATES = [ord(c) for c in SHIFTED_TO_SYMBOL][:40]
_REAL_MARKS = [ord(c) for c in "，。、；：“”《》（）『』「」【】"]
#: Numbers, ranges, their units and names around them (``2010—2020`` ``X200要8`` ``5年—8年``).
_NUMBERS = [ord(c) for c in "0123456789０１２３４５６７８９Xa.:，年月分"] + [
    ord(SYMBOL_TO_SHIFTED[c]) for c in "—－～０１２３４５６７８９"
]
_IS_CANDIDATE = np.zeros(0x110000, dtype=bool)
_IS_CANDIDATE[[ord(c) for c in SHIFTED_TO_SYMBOL]] = True
_PLAIN = [
    ord(c)
    for c in "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
]


def random_decisions(rng: np.random.Generator) -> Decisions:
    n = int(rng.integers(2, 400))
    pools = [_PAIRED, _OTHER_CANDIDATES, _REAL_MARKS, _PLAIN, _NUMBERS]
    weights = rng.dirichlet(np.ones(len(pools)))
    which = rng.choice(len(pools), size=n, p=weights)
    text = np.zeros(n, dtype=np.uint32)
    for w, pool in enumerate(pools):
        here = which == w
        text[here] = rng.choice(np.array(pool, dtype=np.uint32), size=int(here.sum()))
    is_candidate = _IS_CANDIDATE[text]
    at = np.flatnonzero(is_candidate).astype(np.int64)
    chosen = rng.random(at.size) < rng.random()
    margin = rng.normal(0, 8, at.size)
    margin[rng.random(at.size) < 0.1] = 6.0  # ties with the prior itself
    eligible = rng.random(at.size) < 0.9
    line_starts = np.sort(rng.choice(n + 1, size=int(rng.integers(0, 8)))).astype(np.int64)
    return Decisions(text, at, chosen, margin, eligible, line_starts)


def copy(d: Decisions) -> Decisions:
    return Decisions(d.text, d.at, d.chosen.copy(), d.margin.copy(), d.eligible, d.line_starts)


@pytest.mark.parametrize(
    ("fast", "reference"),
    [
        (agreement.balance_pairs, agreement._balance_pairs_reference),
        (agreement.forbid_impossible_neighbours, reference_forbid),
        (agreement.pair_evidence, agreement._pair_evidence_reference),
        (agreement.undo_lone_dashes, agreement._undo_lone_dashes_reference),
    ],
)
def test_the_c_rule_decides_as_its_python_version(fast, reference) -> None:  # noqa: ANN001
    rng = np.random.default_rng(7)
    changed = 0
    for _ in range(1500):
        d = random_decisions(rng)
        if d.at.size == 0:
            continue
        a, b = copy(d), copy(d)
        got, want = fast(a), reference(b)
        if want is not None:  # pair_evidence: the gains, and nothing decided
            assert got.tobytes() == want.tobytes()
            changed += bool(want.any())
            continue
        assert a.chosen.tolist() == b.chosen.tolist()
        assert a.margin.tobytes() == b.margin.tobytes()
        changed += a.chosen.tolist() != d.chosen.tolist()
    assert changed > 100  # the rules had work to do
