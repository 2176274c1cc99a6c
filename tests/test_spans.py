"""The C segmentation (``_ngram.spans``) is the numpy one it replaced, double for double.

``reference_spans`` is the numpy implementation ``zhfix.decode._damaged_spans`` had before
it moved into C; every decision of the decoder rests on these regions and their evidence,
so the two must agree exactly (``==`` on floats), on real texts and on random events
with long runs (numpy sums runs of more than 8 and 128 events pairwise).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

import zhfix
from zhfix import _ngram
from zhfix.config import FixConfig
from zhfix.decode import _NEGLIGIBLE_LOG_ODDS, _damaged_spans


def reference_spans(
    cand: npt.NDArray[np.int64],
    gain: npt.NDArray[np.float64],
    genuine: npt.NDArray[np.int64],
    line_starts: npt.NDArray[np.int64],
    n: int,
    config: FixConfig,
    leniency: float = 1.0,
) -> list[tuple[int, int, float]]:
    strong = gain > _NEGLIGIBLE_LOG_ODDS
    if not strong.any():
        return []
    support = np.logaddexp(0.0, gain[strong])  # log(1 + P(s)/P(c))
    ev_pos = np.concatenate([cand[strong], genuine])
    ev_val = np.concatenate([support, np.full(genuine.size, -config.clean_symbol_cost)])
    order = np.argsort(ev_pos, kind="stable")
    ev_pos, ev_val = ev_pos[order], ev_val[order]
    ev_line = np.searchsorted(line_starts, ev_pos, side="right")
    sign = ev_val > 0
    new_run = np.concatenate([[True], (sign[1:] != sign[:-1]) | (ev_line[1:] != ev_line[:-1])])
    run_start = np.flatnonzero(new_run)
    run_val = np.add.reduceat(ev_val, run_start)
    run_lo = ev_pos[run_start]
    run_hi = np.append(ev_pos[run_start[1:] - 1], ev_pos[-1]) + 1
    run_line = ev_line[run_start]
    line_break_before = np.concatenate([[False], run_line[1:] != run_line[:-1]])
    # A region pays for each of its two ends: ``line_switch_cost`` where it ends at a line
    # break or at an end of the text, ``region_switch_cost`` inside a line.  So a run of
    # whole lines costs the same wherever it stands -- alone, first, last or between clean
    # lines -- and a damaged line is judged in a file as it is on its own.
    line_cost = config.line_switch_cost * leniency
    cost = np.where(line_break_before, line_cost, config.region_switch_cost * leniency)
    # The end of the text is one more boundary: a clean sentinel after the last run, which
    # a region reaching the end must switch to.
    labels = np.frombuffer(
        _ngram.segment(
            np.append(run_val, -np.inf), np.append(cost, line_cost).astype(np.float64), line_cost
        ),
        dtype=np.uint8,
    )[:-1]
    edges = np.diff(np.concatenate([[0], labels, [0]]).astype(np.int8))
    firsts = np.flatnonzero(edges == 1)  # first run of each damaged region
    lasts = np.flatnonzero(edges == -1) - 1  # its last run
    if firsts.size == 0:
        return []
    line_start = np.concatenate([[0], line_starts])  # line_start[k]: start of line k
    prev_hi = np.concatenate([[0], run_hi])[firsts]  # end of the clean run before
    lo = np.where(line_break_before[firsts], line_start[run_line[firsts]], prev_hi)
    lo[firsts == 0] = 0
    nxt = np.minimum(lasts + 1, len(labels) - 1)
    after_last = line_start[np.minimum(run_line[lasts] + 1, len(line_starts))]
    hi = np.where(line_break_before[nxt], after_last, run_lo[nxt])
    hi[lasts == len(labels) - 1] = n
    sums = np.cumsum(np.concatenate([[0.0], run_val]))
    evidence = sums[lasts + 1] - sums[firsts]
    return list(zip(lo.tolist(), hi.tolist(), evidence.tolist(), strict=True))


def random_events(rng: np.random.Generator) -> tuple:
    n = int(rng.integers(1, 3000)) + 5000
    count = int(rng.integers(1, 2000))
    pos = np.sort(rng.choice(n, size=count, replace=False)).astype(np.int64)
    is_cand = rng.random(pos.size) < rng.random()
    gain = rng.normal(rng.normal(0, 5), rng.uniform(0.1, 10), int(is_cand.sum()))
    line_starts = np.sort(rng.choice(n, size=int(rng.integers(0, 50)))).astype(np.int64)
    return pos[is_cand], gain, pos[~is_cand], line_starts, n


@pytest.mark.parametrize("seed", range(4))
def test_spans_equal_the_numpy_segmentation_on_random_events(seed: int) -> None:
    rng = np.random.default_rng(seed)
    config = FixConfig()
    for _ in range(300):
        cand, gain, genuine, line_starts, n = random_events(rng)
        leniency = float(rng.choice([0.5, 1.0]))
        want = reference_spans(cand, gain, genuine, line_starts, n, config, leniency)
        assert _damaged_spans(cand, gain, genuine, line_starts, n, config, leniency) == want


def test_spans_equal_the_numpy_segmentation_on_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    import zhfix.decode as decode

    calls: list[tuple] = []

    def both(*args: object, **kwargs: object) -> list[tuple[int, int, float]]:
        got = _damaged_spans(*args, **kwargs)  # type: ignore[arg-type]
        calls.append((got, reference_spans(*args, **kwargs)))  # type: ignore[arg-type]
        return got

    monkeypatch.setattr(decode, "_damaged_spans", both)
    texts = [
        "会议指出袁要切实提高政治站位遥",
        "本报讯 6 月 6 日袁我县召开脱贫攻坚\n\n问题整改推进会袁会议传达贯彻落实省委脱\n",
        "他说：“这是真的。”\n会议要求袁各级党委野高度重视冶遥\n\n\n",
        "一、总则\n第一条 为了规范管理，制定本办法。",
    ]
    for text in texts:
        zhfix.fix_text(text)
    assert calls and all(got == want for got, want in calls)


def test_no_strong_event_means_no_region() -> None:
    empty = np.zeros(0, dtype=np.int64)
    cand = np.array([3, 9], dtype=np.int64)
    weak = np.array([_NEGLIGIBLE_LOG_ODDS - 1.0, -50.0])
    assert _ngram.spans(cand, weak, empty, empty, 20, 1.0, 1.0, 1.0, _NEGLIGIBLE_LOG_ODDS) == []
