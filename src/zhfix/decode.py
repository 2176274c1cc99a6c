"""Deciding, in context, which shifted-looking ideographs really are punctuation.

Two decisions, both made with the character model of :mod:`zhfix.lm`:

1. **Where is the text damaged?**  A two-state segmentation (clean / damaged) over the
   text.  In a damaged stretch an observed candidate ``c`` may stand for itself or for
   its symbol ``s``, so it is ``1 + P(s|context) / P(c|context)`` times likelier there
   than in clean text; a genuine symbol (a real ``，``) is something a broken font
   cannot produce, so it costs ``clean_symbol_cost`` inside a damaged stretch.  Entering
   or leaving a damaged stretch costs ``region_switch_cost``.  Clean text, whose
   punctuation is real, therefore never becomes a damaged region, and nothing in it is
   changed.
2. **Which candidates are symbols?**  Inside damaged stretches, candidates closer than
   the model order interact (``要要`` is ``——``, ``圆园圆园`` is ``２０２０``), so each such
   cluster is decided jointly: every reading of the cluster is scored and the best one
   kept.  A repair's confidence is its max-marginal probability against the best
   reading that leaves that character alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .config import FixConfig
from .lm import BOS, CharLM
from .shift import SHIFTED_TO_SYMBOL, SYMBOLS

_MAX_CODE = 0x110000
_WHITESPACE = "\t\n\v\f\r \x85\xa0\u2028\u2029"
#: Clusters larger than this are decided in consecutive chunks of this size.
MAX_CLUSTER = 8
#: Candidates whose evidence for damage is below this are not worth a segmentation event.
_NEGLIGIBLE_GAIN = 1e-3


@dataclass(frozen=True, slots=True)
class Decision:
    """A candidate (at ``offset`` in the original text) judged to be a shifted symbol."""

    offset: int
    before: str
    after: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch ``[start, end)`` of the original text judged damaged, with its evidence."""

    start: int
    end: int
    evidence: float


@dataclass(frozen=True, slots=True)
class Decoding:
    decisions: tuple[Decision, ...]
    regions: tuple[Region, ...]


class ShiftDecoder:
    """Finds and decides shifted-symbol candidates with a :class:`~zhfix.lm.CharLM`."""

    def __init__(self, lm: CharLM) -> None:
        self.lm = lm
        self._is_candidate = np.zeros(_MAX_CODE, dtype=bool)
        self._is_symbol = np.zeros(_MAX_CODE, dtype=bool)
        self._is_space = np.zeros(_MAX_CODE, dtype=bool)
        self._alt_id = np.zeros(_MAX_CODE, dtype=np.uint64)
        for damaged, symbol in SHIFTED_TO_SYMBOL.items():
            self._is_candidate[ord(damaged)] = True
            self._alt_id[ord(damaged)] = lm.char_id(symbol)
        for symbol in SYMBOLS:
            self._is_symbol[ord(symbol)] = True
        for ch in _WHITESPACE:
            self._is_space[ord(ch)] = True
        self._candidate_re = re.compile("[" + re.escape("".join(SHIFTED_TO_SYMBOL)) + "]")

    def decode(self, text: str, config: FixConfig) -> Decoding:
        """Decide every candidate of ``text``; return the repairs and the damaged regions."""
        if not text or self._candidate_re.search(text) is None:
            return Decoding((), ())
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        keep = np.flatnonzero(~self._is_space[codes])  # model positions -> text offsets
        compact = codes[keep]
        cand = np.flatnonzero(self._is_candidate[compact])
        if cand.size == 0:
            return Decoding((), ())
        ids = self.lm.encode_codes(compact)
        alt = self._alt_id[compact[cand]]

        gain = self._local_gain(ids, cand, alt)
        genuine = np.flatnonzero(self._is_symbol[compact])
        spans = _damaged_spans(cand, gain, genuine, len(compact), config)
        if not spans:
            return Decoding((), ())

        regions = []
        in_region = np.zeros(cand.size, dtype=bool)
        for lo, hi, evidence in spans:
            a, b = np.searchsorted(cand, [lo, hi])
            in_region[a:b] = True
            regions.append(Region(int(keep[lo]), int(keep[hi - 1]) + 1, evidence))
        chosen, confidence = self._decide_clusters(ids, cand[in_region], alt[in_region])
        decisions = []
        for pos, is_symbol, conf in zip(cand[in_region], chosen, confidence, strict=True):
            if is_symbol and conf >= config.min_confidence:
                offset = int(keep[pos])
                before = text[offset]
                decisions.append(Decision(offset, before, SHIFTED_TO_SYMBOL[before], float(conf)))
        return Decoding(tuple(decisions), tuple(regions))

    def _windows(self, ids: npt.NDArray[np.uint64], ends: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Positions of the model windows ending at ``ends`` (``-1`` means before the text)."""
        order = self.lm.order
        return ends[:, None] + np.arange(1 - order, 1)

    def _gather(self, ids: npt.NDArray[np.uint64], pos: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
        out = ids[np.clip(pos, 0, len(ids) - 1)]
        out[pos < 0] = BOS
        return out

    def _local_gain(
        self, ids: npt.NDArray[np.uint64], cand: npt.NDArray[np.int64], alt: npt.NDArray[np.uint64]
    ) -> npt.NDArray[np.float32]:
        """log P(symbol reading) - log P(ideograph reading) for each candidate alone."""
        order = self.lm.order
        n = len(ids)
        offsets = np.arange(order)
        ends = (cand[:, None] + offsets).ravel()  # the n-grams that contain the candidate
        valid = ends < n
        ends_c = np.minimum(ends, n - 1)
        pos = self._windows(ids, ends_c)
        win = self._gather(ids, pos)
        as_symbol = win.copy()
        owner = np.repeat(cand, order)
        hit = pos == owner[:, None]
        as_symbol[hit] = np.repeat(alt, order)[np.flatnonzero(hit) // order]
        both = self.lm.logprob(np.concatenate([win, as_symbol]))
        delta = (both[len(win) :] - both[: len(win)]) * valid
        return delta.reshape(-1, order).sum(axis=1)

    def _decide_clusters(
        self, ids: npt.NDArray[np.uint64], cand: npt.NDArray[np.int64], alt: npt.NDArray[np.uint64]
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
        """Jointly decide candidates that share a model window; return choice and confidence."""
        order = self.lm.order
        n = len(ids)
        m = cand.size
        if m == 0:
            return np.zeros(0, dtype=bool), np.zeros(0)
        # Cluster boundaries: a gap of `order` or more, or a full cluster.
        new = np.ones(m, dtype=bool)
        new[1:] = np.diff(cand) >= order
        starts = np.flatnonzero(new)
        sizes = np.diff(np.append(starts, m))
        if (sizes > MAX_CLUSTER).any():
            rank = np.arange(m) - np.repeat(starts, sizes)
            new |= (rank % MAX_CLUSTER) == 0
            starts = np.flatnonzero(new)
            sizes = np.diff(np.append(starts, m))
        cluster_of = np.repeat(np.arange(starts.size), sizes)
        rank = np.arange(m) - starts[cluster_of]

        first = cand[starts]
        last = cand[starts + sizes - 1]
        n_pos = np.minimum(last + order - 1, n - 1) - first + 1
        n_assign = 1 << sizes
        rows = n_assign * n_pos
        row_cluster = np.repeat(np.arange(starts.size), rows)
        row_offset = np.concatenate([[0], np.cumsum(rows)[:-1]])
        within = np.arange(rows.sum()) - np.repeat(row_offset, rows)
        assignment = within // n_pos[row_cluster]
        end = first[row_cluster] + within % n_pos[row_cluster]

        pos = self._windows(ids, end)
        win = self._gather(ids, pos)
        # Which window cells hold a candidate of this row's cluster, and which bit it is.
        cand_rank = np.full(n, -1, dtype=np.int64)
        cand_rank[cand] = rank
        cand_cluster = np.full(n, -1, dtype=np.int64)
        cand_cluster[cand] = cluster_of
        alt_at = np.zeros(n, dtype=np.uint64)
        alt_at[cand] = alt
        pos_c = np.clip(pos, 0, n - 1)
        mine = (pos >= 0) & (cand_cluster[pos_c] == row_cluster[:, None])
        bit = (assignment[:, None] >> np.maximum(cand_rank[pos_c], 0)) & 1
        flip = mine & (bit == 1)
        win[flip] = alt_at[pos_c[flip]]

        lp = self.lm.logprob(win)
        assign_offset = np.concatenate([[0], np.cumsum(n_assign)[:-1]])
        group = assign_offset[row_cluster] + assignment
        score = np.bincount(group, weights=lp, minlength=int(n_assign.sum()))

        # Max-marginals: best score with each candidate read as a symbol / as itself.
        group_cluster = np.repeat(np.arange(starts.size), n_assign)
        group_assign = np.arange(int(n_assign.sum())) - np.repeat(assign_offset, n_assign)
        k = sizes[group_cluster]
        member = np.repeat(np.arange(group_cluster.size), k)
        member_rank = np.arange(member.size) - np.repeat(np.concatenate([[0], np.cumsum(k)[:-1]]), k)
        member_cand = starts[group_cluster[member]] + member_rank
        member_bit = (group_assign[member] >> member_rank) & 1
        best = np.full((m, 2), -np.inf)
        np.maximum.at(best, (member_cand, member_bit), score[member])
        margin = best[:, 1] - best[:, 0]
        chosen = margin > 0
        confidence = 1.0 / (1.0 + np.exp(-np.abs(margin)))
        return chosen, confidence


def _damaged_spans(
    cand: npt.NDArray[np.int64],
    gain: npt.NDArray[np.float32],
    genuine: npt.NDArray[np.int64],
    n: int,
    config: FixConfig,
) -> list[tuple[int, int, float]]:
    """Segment model positions into clean / damaged; return damaged ``(lo, hi, evidence)``.

    Exact two-state Viterbi over the events that carry evidence; consecutive events of the
    same sign are merged first (a best segmentation never switches inside such a run).
    """
    support = np.logaddexp(0.0, gain.astype(np.float64))  # log(1 + P(s)/P(c))
    strong = support > _NEGLIGIBLE_GAIN
    if not strong.any():
        return []
    ev_pos = np.concatenate([cand[strong], genuine])
    ev_val = np.concatenate([support[strong], np.full(genuine.size, -config.clean_symbol_cost)])
    order = np.argsort(ev_pos, kind="stable")
    ev_pos, ev_val = ev_pos[order], ev_val[order]
    sign = ev_val > 0
    run_start = np.flatnonzero(np.concatenate([[True], sign[1:] != sign[:-1]]))
    run_val = np.add.reduceat(ev_val, run_start)
    run_lo = ev_pos[run_start]
    run_hi = np.append(ev_pos[run_start[1:] - 1], ev_pos[-1]) + 1

    switch = config.region_switch_cost
    # Viterbi over runs: state 0 clean, 1 damaged.
    clean, damaged = 0.0, -switch
    back: list[tuple[int, int]] = []
    for val in run_val.tolist():
        from_c_to_d = clean - switch
        new_damaged = max(damaged, from_c_to_d) + val
        new_clean = max(clean, damaged - switch)
        back.append((0 if clean >= damaged - switch else 1, 1 if damaged >= from_c_to_d else 0))
        clean, damaged = new_clean, new_damaged
    state = 1 if damaged > clean else 0
    labels = [0] * len(back)
    for i in range(len(back) - 1, -1, -1):
        labels[i] = state
        state = back[i][state]
    spans: list[tuple[int, int, float]] = []
    i = 0
    while i < len(labels):
        if labels[i] == 1:
            j = i
            while j + 1 < len(labels) and labels[j + 1] == 1:
                j += 1
            lo = 0 if i == 0 else int(run_hi[i - 1])
            hi = n if j == len(labels) - 1 else int(run_lo[j + 1])
            spans.append((lo, hi, float(run_val[i : j + 1].sum())))
            i = j + 1
        else:
            i += 1
    return spans
