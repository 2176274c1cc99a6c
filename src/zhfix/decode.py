"""Deciding, in context, which shifted-looking ideographs really are punctuation.

All decisions come from the character model of :mod:`zhfix.lm`, through the C loops of
:mod:`zhfix._ngram`:

1. **Screen.**  For every candidate ``c`` (an ideograph that may stand for a symbol
   ``s``), bounds on the bigram log-odds ``log P(s) / P(c)`` under every reading of its
   neighbours.  Cheap, and enough to rule out most of any clean text.
2. **Where is the text damaged?**  A two-state segmentation (clean / damaged).  In a
   damaged stretch a candidate is ``1 + P(s|context) / P(c|context)`` times likelier than
   in clean text; a genuine symbol (a real ``，``) is something a broken font cannot
   produce, so it costs ``clean_symbol_cost`` there.  Entering or leaving a damaged
   stretch costs ``region_switch_cost`` inside a line and ``line_switch_cost`` at a line
   break or an end of the text, so a damaged line costs the same wherever it stands.
   Clean text, whose punctuation is real, never becomes a damaged region, and nothing
   in it is changed.
3. **Which candidates are symbols?**  Inside damaged stretches, candidates the screen is
   sure of are fixed; the rest are decided with the full 4-gram model, jointly where
   they are closer than the model order (``要要`` is ``——``, ``圆园圆园`` is ``２０２０``):
   an exact Viterbi over each cluster, whose max-marginals give every repair its
   confidence.  The segmentation is then redone with this stronger evidence.
4. **Agreement.**  Paired marks (``“”`` ``《》`` ``（）`` …) must pair up and a dash
   come as ``——``, which three characters of context cannot see; a log-odds prior of
   :data:`~zhfix.agreement.PAIR_BONUS` settles the lone ones (:mod:`zhfix.agreement`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from . import _ngram
from .agreement import (
    PAIR_BONUS,
    PAIR_CODES,
    SYMBOL_OF,
    Decisions,
    agree,
    pair_evidence,
)
from .config import FixConfig
from .lm import CharLM
from .names import cell_cost, name_cells
from .parallel import cuts, in_parallel, threads_for
from .shift import CANDIDATE_CLASS, SHIFTED_TO_SYMBOL, SYMBOL_TO_SHIFTED, SYMBOLS

_MAX_CODE = 0x110000
#: Everything ``str.isspace`` calls whitespace (the ideographic space too): layout the
#: model never saw in training, so never sees in a text.
_WHITESPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
#: Screen log-odds beyond which a candidate is decided without the full model.
SURE_GAIN = 6.0
#: Texts with at most this many candidates have all of them decided by the full model.
FULL_MODEL_CANDIDATES = 256
#: Rounds of re-screening once confident neighbours are fixed.
SCREEN_ROUNDS = 1
#: The first segmentation, on the screen's weak bigram evidence, pays this share of the
#: region costs: it only decides where the full model looks; the second decides.
SCREEN_LENIENCY = 0.5
_NOT_CANDIDATE = np.uint32(0xFFFFFFFF)
#: Log-odds towards a paragraph-final mark for a candidate that ends the text: texts end
#: with 。？！… far more often than with 遥 钥 浴 噎, and a pasted list item or the
#: paragraph before a list with ；or ： rather than 曰 or 院.
END_BONUS = 3.0
#: Log-odds against reading a line's first character as a pause mark (``，。、；：？！``).
LINE_START_PAUSE_COST = 8.0
#: Log-odds a shifted ideographic space must beat: what taking out any character gains.
SPACE_COST = 12.0
#: Log-odds towards reading a run of ``摇`` that opens a line as an indent.
INDENT_BONUS = 4.0
#: Candidates whose evidence for damage, log(1 + P(s)/P(c)), is below 1e-3 (log-odds
#: below this) are not worth a segmentation event.
_NEGLIGIBLE_LOG_ODDS = float(np.log(np.expm1(1e-3)))


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch ``[start, end)`` of the original text judged damaged, with its evidence."""

    start: int
    end: int
    evidence: float


@dataclass(frozen=True, slots=True)
class Decoding:
    """The candidates judged to be shifted symbols, as arrays (texts can be long).

    ``offsets`` are positions in the original text, ascending; ``confidence`` the
    probability of each repair; ``regions`` the stretches judged damaged.
    """

    offsets: npt.NDArray[np.int64]
    confidence: npt.NDArray[np.float64]
    regions: tuple[Region, ...]

    @staticmethod
    def concatenate(parts: list[tuple[int, Decoding]]) -> Decoding:
        """One decoding from decodings of pieces of a text, each with the offset its
        offsets count from, in order and not overlapping (see :meth:`within`).  A region
        cut between two pieces is one region again."""
        regions: list[Region] = []
        for start, d in parts:
            for r in d.regions:
                r = Region(r.start + start, r.end + start, r.evidence)
                if regions and r.start <= regions[-1].end:
                    last = regions.pop()
                    r = Region(last.start, max(last.end, r.end), max(last.evidence, r.evidence))
                regions.append(r)
        return Decoding(
            np.concatenate([d.offsets + start for start, d in parts]),
            np.concatenate([d.confidence for _, d in parts]),
            tuple(regions),
        )

    def within(self, start: int, end: int) -> Decoding:
        """The repairs in ``[start, end)``, and the regions clipped to it (a clipped one
        only if a repair is left in it), with offsets still those of the decoded text."""
        keep = (self.offsets >= start) & (self.offsets < end)
        offsets = self.offsets[keep]
        regions = []
        for r in self.regions:
            lo, hi = max(r.start, start), min(r.end, end)
            if lo >= hi:
                continue
            clipped = (lo, hi) != (r.start, r.end)
            first = int(np.searchsorted(offsets, lo))
            if clipped and (first == offsets.size or offsets[first] >= hi):
                continue
            regions.append(Region(lo, hi, r.evidence))
        return Decoding(offsets, self.confidence[keep], tuple(regions))

    def apply(self, text: str) -> str:
        """``text`` with every decided candidate replaced by its symbol."""
        if self.offsets.size == 0:
            return text
        if self.offsets.size <= _SPLICE_MAX:
            pieces: list[str] = []
            last = 0
            for i in self.offsets.tolist():
                pieces += (text[last:i], _SYMBOL_FOR[text[i]])
                last = i + 1
            pieces.append(text[last:])
            return "".join(pieces)
        codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()
        codes[self.offsets] = SYMBOL_OF[codes[self.offsets]]
        return codes.tobytes().decode("utf-32-le", "surrogatepass")


#: Below this many repairs, :meth:`Decoding.apply` splices the text in Python: for a
#: few, the numpy round trip through UTF-32 costs more than the splicing.
_SPLICE_MAX = 16
#: Per shifted ideograph, its symbol: what :meth:`Decoding.apply` splices in.
_SYMBOL_FOR = dict(SHIFTED_TO_SYMBOL)

_NOTHING = Decoding(np.zeros(0, dtype=np.int64), np.zeros(0), ())


class ShiftDecoder:
    """Finds and decides shifted-symbol candidates with a :class:`~zhfix.lm.CharLM`."""

    def __init__(self, lm: CharLM) -> None:
        self.lm = lm
        self._is_candidate = np.zeros(_MAX_CODE, dtype=bool)
        self._is_symbol = np.zeros(_MAX_CODE, dtype=bool)
        self._is_space = np.zeros(_MAX_CODE, dtype=bool)
        self._alt_id = np.zeros(_MAX_CODE, dtype=np.uint32)
        self._alt_pen = np.zeros(_MAX_CODE, dtype=np.float64)
        for damaged, symbol in SHIFTED_TO_SYMBOL.items():
            self._is_candidate[ord(damaged)] = True
            self._alt_id[ord(damaged)] = lm.char_id(symbol)
            self._alt_pen[ord(damaged)] = lm.class_logprob(symbol)
        for symbol in SYMBOLS:
            self._is_symbol[ord(symbol)] = True
        self._pauses = np.zeros(_MAX_CODE, dtype=bool)
        for mark in "，。、；：？！":
            self._pauses[ord(SYMBOL_TO_SHIFTED[mark])] = True
        self._ends_text = np.zeros(_MAX_CODE, dtype=bool)
        for mark in "。？！…；：":
            self._ends_text[ord(SYMBOL_TO_SHIFTED[mark])] = True
        for ch in _WHITESPACE:
            self._is_space[ord(ch)] = True
        # ``摇`` for an ideographic space is a deletion, not a substitution: decided
        # apart (:meth:`_shifted_spaces`), after the marks around it.
        self._space_code = ord(SYMBOL_TO_SHIFTED["\u3000"])
        #: Model ids of the marks that end a sentence, before a run-on paragraph's indent.
        self._ender_ids = frozenset(lm.char_id(m) for m in "。？！；…")
        self._space_char = chr(self._space_code)
        self._is_candidate[self._space_code] = False
        self._candidate_re = re.compile(f"[{CANDIDATE_CLASS}]")
        self._flags = _quiet_flags(self)
        self._quiet_params: dict[FixConfig, npt.NDArray[np.float64]] = {}

    def _quiet(self, codes: bytes, config: FixConfig) -> bool:
        """Whether the first segmentation is sure to find no damaged region in the text
        (UTF-32 ``codes``): one pass in C, so clean text costs next to nothing."""
        params = self._quiet_params.get(config)
        if params is None:
            params = self._quiet_params[config] = _quiet_parameters(config)
        # A damaged text shows it early: the pass stops once the bound is sure to be high.
        bound = self.lm.fast.quiet(
            codes, self._flags, self.lm.lut, self._alt_id, self._alt_pen, params, -_QUIET_MARGIN
        )
        return bound < -_QUIET_MARGIN

    def decode(self, text: str, config: FixConfig) -> Decoding:
        """Decide every candidate of ``text``; return the repairs and the damaged regions."""
        if not text or self._candidate_re.search(text) is None:
            return _NOTHING
        raw = text.encode("utf-32-le", "surrogatepass")
        if self._quiet(raw, config):
            return _NOTHING
        fast = self.lm.fast
        # keep: model positions -> text offsets; line_starts: the model position after
        # each line break; the priors as :meth:`_priors` has them.  One pass in C.
        prepared = fast.prepare(
            raw,
            self._flags,
            self.lm.lut,
            self._alt_id,
            self._alt_pen,
            config.spaced_symbol_bonus,
            END_BONUS,
            LINE_START_PAUSE_COST,
        )
        if prepared is None:
            return _NOTHING
        arrays: list[Any] = [
            np.frombuffer(b, t) for b, t in zip(prepared, _PREPARED_TYPES, strict=True)
        ]
        keep, compact, cand, ids, alt, line_starts, opens_line, pen, genuine, altmap = arrays
        cells = name_cells(text)
        if cells:  # names in lists: the model sees no lines
            pen -= cell_cost(cells, keep[cand])

        # Stage 1: where could the text be damaged?  A bigram screen is enough to rule
        # out the clean stretches, which is most of any clean text.  It is computed
        # under every reading of neighbouring candidates, so its bounds hold whatever
        # they turn out to be.
        threads = threads_for(config, cand.size)
        bounds = _screen(fast, ids, altmap, cand, pen, threads)
        low, high = bounds[:, 0].copy(), bounds[:, 1].copy()
        # Permissive here (the most favourable reading, and the pairs it would make);
        # stage 2 has the final word.
        favourable = Decisions(compact, cand, high > 0, high, np.ones(cand.size, bool), line_starts)
        spans = _damaged_spans(
            cand,
            high + pair_evidence(favourable),
            genuine,
            line_starts,
            len(compact),
            config,
            leniency=SCREEN_LENIENCY,
        )
        if not spans:
            return _NOTHING
        inside = _in_spans(cand, spans)

        # Stage 2: decide the candidates there with the full model.  Those the screen
        # is sure of, whatever their neighbours, are fixed first, and their neighbours
        # screened again with them known; the rest are decided jointly by exact Viterbi.
        # A short text has no time to save, and a snippet's few candidates need every
        # nat of evidence the full model gives to pay for calling it damaged at all.
        context = ids.copy()
        if cand.size <= FULL_MODEL_CANDIDATES:
            # Nothing is sure (the gain needed is infinite): every candidate inside goes
            # to the full model, and nothing settles.  The general path below gives the
            # same; this one spares a short text its dozen array calls.
            open_ = inside
            open_chosen, open_margin = _decode_clusters(
                fast, context, cand[open_], alt[open_], pen[open_], threads, self.lm.order
            )
            margin = high.copy()
            margin[open_] = open_margin
            chosen_all = np.zeros(cand.size, dtype=bool)
            chosen_all[open_] = open_chosen
        else:
            open_, chosen_all, margin = self._settle_and_decode(
                context, ids, altmap, cand, alt, pen, inside, low, high, threads
            )
        # A line beside one with real punctuation comes from another source: decide the
        # candidates that end a line there as if the text ended there.
        breaks = _source_breaks(genuine, line_starts)
        _cut_at_source_breaks(
            fast, context, ids, cand, alt, pen, open_, chosen_all, margin, breaks, self.lm.order - 1
        )

        # Keep only the regions whose evidence, now from the full model where it was
        # consulted, still pays for calling them damaged.
        decisions = Decisions(compact, cand, chosen_all, margin, inside, line_starts)
        evidence = margin + pair_evidence(decisions)
        spans = _damaged_spans(cand, evidence, genuine, line_starts, len(compact), config)
        final = _in_spans(cand, spans)
        chosen_all &= final
        context[cand] = np.where(chosen_all, alt, ids[cand])
        spaces, space_margin = _NO_SPACES
        if self._space_char in text:  # else no ``摇`` to weigh
            spaces, space_margin = self._shifted_spaces(compact, context, spans, opens_line)
        if spaces.size:
            self._redecode_around(spaces, ids, context, cand, alt, pen, final, chosen_all, margin)
        decisions.eligible = final
        decisions.source_breaks = breaks
        agree(decisions)
        where = cand
        if spaces.size:
            where = np.concatenate([cand, spaces])
            chosen_all = np.concatenate([chosen_all, np.ones(spaces.size, dtype=bool)])
            margin = np.concatenate([margin, space_margin])
            order = np.argsort(where, kind="stable")
            where, chosen_all, margin = where[order], chosen_all[order], margin[order]
        confidence = 1.0 / (1.0 + np.exp(-np.abs(margin)))
        chosen = chosen_all & (confidence >= config.min_confidence)
        regions = tuple(Region(int(keep[lo]), int(keep[hi - 1]) + 1, ev) for lo, hi, ev in spans)
        return Decoding(keep[where[chosen]], confidence[chosen], regions)

    def _settle_and_decode(
        self,
        context: npt.NDArray[np.uint32],
        ids: npt.NDArray[np.uint32],
        altmap: npt.NDArray[np.uint32],
        cand: npt.NDArray[np.int64],
        alt: npt.NDArray[np.uint32],
        pen: npt.NDArray[np.float64],
        inside: npt.NDArray[np.bool_],
        low: npt.NDArray[np.float64],
        high: npt.NDArray[np.float64],
        threads: int,
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
        """Stage 2 for a text of more than :data:`FULL_MODEL_CANDIDATES` candidates: fix
        those the screen is sure of, screen their neighbours again, decide the rest by
        exact Viterbi.  Returns the open candidates (those the Viterbi decided), every
        candidate's reading and its log-odds; ``context`` gets the sure symbols, in place."""
        fast = self.lm.fast
        sure_gain = SURE_GAIN
        sure_symbol = inside & (low > sure_gain)
        sure_self = inside & (high < -sure_gain)
        rounds = SCREEN_ROUNDS if (sure_symbol | sure_self).any() else 0
        for _ in range(rounds):
            adjacent = np.diff(cand) == 1  # candidate i+1 touches candidate i
            context[cand[sure_symbol]] = alt[sure_symbol]
            sure = sure_symbol | sure_self
            altmap[cand[sure]] = _NOT_CANDIDATE
            # Only a candidate with a neighbour just settled can screen differently.
            settled_neighbour = np.zeros(cand.size, dtype=bool)
            settled_neighbour[1:] |= adjacent & sure[:-1]
            settled_neighbour[:-1] |= adjacent & sure[1:]
            retry = np.flatnonzero(inside & ~sure & settled_neighbour)
            again = fast.screen(context, altmap, cand[retry], pen[retry])
            bounds = np.frombuffer(again, dtype=np.float64).reshape(-1, 2)
            low[retry], high[retry] = bounds[:, 0], bounds[:, 1]
            sure_symbol[retry] = bounds[:, 0] > sure_gain
            sure_self[retry] = bounds[:, 1] < -sure_gain
        context[cand[sure_symbol]] = alt[sure_symbol]
        open_ = inside & ~sure_symbol & ~sure_self
        open_chosen, open_margin = _decode_clusters(
            fast, context, cand[open_], alt[open_], pen[open_], threads, self.lm.order
        )
        margin = np.where(sure_symbol, low, high)
        margin[open_] = open_margin
        chosen_all = sure_symbol.copy()
        chosen_all[open_] = open_chosen
        return open_, chosen_all, margin

    def _redecode_around(
        self,
        spaces: npt.NDArray[np.int64],
        ids: npt.NDArray[np.uint32],
        context: npt.NDArray[np.uint32],
        cand: npt.NDArray[np.int64],
        alt: npt.NDArray[np.uint32],
        pen: npt.NDArray[np.float64],
        final: npt.NDArray[np.bool_],
        chosen: npt.NDArray[np.bool_],
        margin: npt.NDArray[np.float64],
    ) -> None:
        """Decide again, in place, the candidates within the model's reach of a ``摇`` now
        read as a space: they were decided with that ``摇`` in view, and the model sees no
        spaces.  The rest of the text stays as decided."""
        order = self.lm.order
        kept = np.ones(len(context), dtype=bool)
        kept[spaces] = False
        index = np.cumsum(kept) - 1  # position once the spaces are taken out
        gap = index[spaces] + 1  # the first position after each removed run
        pos = index[cand]
        lo = np.searchsorted(gap, pos - (order - 2), side="left")
        hi = np.searchsorted(gap, pos + order, side="right")
        redo = np.flatnonzero(final & (hi > lo))
        if redo.size == 0:
            return
        without = context[kept]  # every other candidate as decided
        without[pos[redo]] = ids[cand[redo]]  # these as shown: the Viterbi reads them both ways
        picked, log_odds = _decode_clusters(
            self.lm.fast, without, pos[redo], alt[redo], pen[redo], 1, order
        )
        chosen[redo] = picked
        margin[redo] = log_odds

    def _shifted_spaces(
        self,
        compact: npt.NDArray[np.uint32],
        context: npt.NDArray[np.uint32],
        spans: list[tuple[int, int, float]],
        opens_line: npt.NDArray[np.bool_],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """Positions of the ``摇`` in damaged regions that are shifted ideographic spaces
        ``　`` (an indent, a gap between phrases), and the log-odds of each.

        A space is layout the model never sees, so the question is not which character
        fits but whether the text reads better without this one: a run of ``摇`` is
        scored by how much likelier the next characters are once it is taken out, less
        :data:`SPACE_COST` (taking out any character tends to help a little).  A run
        opening a line is likelier an indent and gets :data:`INDENT_BONUS`; so does a run
        of two after a mark that ends a sentence (as decided, or read the other way).
        """
        at = np.flatnonzero(compact == self._space_code)
        at = at[_in_spans(at, spans)]
        if at.size == 0:
            return at, np.zeros(0)
        order, n = self.lm.order, len(compact)
        starts = np.flatnonzero(np.diff(at, prepend=-2) != 1)
        runs = np.split(at, starts[1:])
        padded = np.concatenate([np.zeros(order - 1, dtype=np.uint32), context])
        kept_rows: list[npt.NDArray[np.uint32]] = []
        cut_rows: list[npt.NDArray[np.uint32]] = []
        bounds: list[list[tuple[int, int, int, int, float]]] = []
        for run in runs:
            first, stop = int(run[0]), int(run[-1]) + 1
            tail = min(stop + order - 1, n)
            # The run is weighed with the character before it as decided and, if that is
            # a candidate, read the other way too: ``。　　一旦`` shows as ``遥摇摇一旦``,
            # where neither the mark nor the spaces look right while the other stands.
            variants = [padded]
            if first > 0 and self._is_candidate[compact[first - 1]]:
                other = padded.copy()
                shown_id = self.lm.char_id(chr(compact[first - 1]))
                at_before = first - 1 + order - 1
                alt_id = self._alt_id[compact[first - 1]]
                other[at_before] = alt_id if padded[at_before] == shown_id else shown_id
                variants.append(other)
            run_bounds = []
            for ctx in variants:
                lo = len(kept_rows)
                for end in range(first, tail):  # windows that see the run, as it is
                    kept_rows.append(ctx[end : end + order])
                mid = len(kept_rows)
                joined = np.concatenate(
                    [ctx[first : first + order - 1], ctx[stop + order - 1 : tail + order - 1]]
                )
                for j in range(tail - stop):  # the same text with the run taken out
                    cut_rows.append(joined[j : j + order])
                # Two spaces after a finished sentence: the indent of a paragraph run on
                # into the one before (web text copied flat, ``肺炎。　　一旦``).
                indent = (
                    run.size == 2
                    and first > 0
                    and not opens_line[first]
                    and int(ctx[first - 1 + order - 1]) in self._ender_ids
                )
                run_bounds.append(
                    (lo, mid, len(cut_rows) - (tail - stop), len(cut_rows), INDENT_BONUS * indent)
                )
            bounds.append(run_bounds)
        empty = np.zeros((0, order), dtype=np.uint32)
        kept = self.lm.score(np.array(kept_rows, dtype=np.uint32).reshape(-1, order))
        cut = self.lm.score(np.array(cut_rows, dtype=np.uint32) if cut_rows else empty)
        evidence = np.empty(at.size)
        k = 0
        for run, run_bounds in zip(runs, bounds, strict=True):
            gain = max(
                cut[clo:chi].sum() - kept[lo:mid].sum() + bonus
                for lo, mid, clo, chi, bonus in run_bounds
            )
            gain -= SPACE_COST
            evidence[k : k + run.size] = gain + (INDENT_BONUS if opens_line[run[0]] else 0.0)
            k += run.size
        return at[evidence > 0], evidence[evidence > 0]


#: The element types of what ``_ngram.Model.prepare`` returns, in its order.
_NO_SPACES = (np.zeros(0, dtype=np.int64), np.zeros(0))
_PREPARED_TYPES = tuple(
    map(
        np.dtype,
        (
            np.int64,  # keep
            np.uint32,  # compact
            np.int64,  # cand
            np.uint32,  # ids
            np.uint32,  # alt
            np.int64,  # line_starts
            np.bool_,  # opens_line
            np.float64,  # pen
            np.int64,  # genuine
            np.uint32,  # altmap
        ),
    )
)
#: How far below zero the bound of :meth:`ShiftDecoder._quiet` must be: far more than
#: rounding can move a sum of log-odds, far less than any cost.
_QUIET_MARGIN = 1e-6
#: The bits of the per-code-point flags of ``_ngram.Model.quiet``.
_F_SPACE, _F_CANDIDATE, _F_SYMBOL, _F_PAUSE, _F_ENDS_TEXT, _F_PAIRED = 1, 2, 4, 8, 16, 32


def _quiet_flags(decoder: ShiftDecoder) -> npt.NDArray[np.uint8]:
    """Per code point, what ``_ngram.Model.quiet`` must know about it."""
    flags = np.zeros(_MAX_CODE, dtype=np.uint8)
    flags[decoder._is_space] |= _F_SPACE
    flags[decoder._is_candidate] |= _F_CANDIDATE
    flags[decoder._is_symbol] |= _F_SYMBOL
    flags[decoder._pauses] |= _F_PAUSE
    flags[decoder._ends_text] |= _F_ENDS_TEXT
    for pair in PAIR_CODES:
        flags[list(pair)] |= _F_PAIRED
    return flags


def _quiet_parameters(config: FixConfig) -> npt.NDArray[np.float64]:
    """The costs and bonuses of the first segmentation, in the order ``quiet`` reads them."""
    lenient = SCREEN_LENIENCY
    return np.array(
        [
            config.line_switch_cost * lenient,
            config.region_switch_cost * lenient,
            config.line_switch_cost * lenient,  # the text's start is a line break
            config.clean_symbol_cost,
            PAIR_BONUS / 2,
            config.spaced_symbol_bonus,
            END_BONUS,
            LINE_START_PAUSE_COST,
            _NEGLIGIBLE_LOG_ODDS,
        ],
        dtype=np.float64,
    )


def _screen(
    fast: _ngram.Model,
    ids: npt.NDArray[np.uint32],
    altmap: npt.NDArray[np.uint32],
    cand: npt.NDArray[np.int64],
    pen: npt.NDArray[np.float64],
    threads: int,
) -> npt.NDArray[np.float64]:
    """The screen's ``(low, high)`` bounds for every candidate, as an ``N x 2`` array."""
    if threads == 1:
        return np.frombuffer(fast.screen(ids, altmap, cand, pen), dtype=np.float64).reshape(-1, 2)
    pieces = cuts(cand, threads, 1)
    calls = [partial(fast.screen, ids, altmap, cand[a:b], pen[a:b]) for a, b in pieces]
    out = b"".join(in_parallel(calls))
    return np.frombuffer(out, dtype=np.float64).reshape(-1, 2)


def _decode_clusters(
    fast: _ngram.Model,
    context: npt.NDArray[np.uint32],
    cand: npt.NDArray[np.int64],
    alt: npt.NDArray[np.uint32],
    pen: npt.NDArray[np.float64],
    threads: int,
    order: int,
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """Exact Viterbi decisions and max-marginal log-odds for the open candidates."""
    if threads == 1:
        chosen_b, margin_b = fast.decode(context, cand, alt, pen)
        return (
            np.frombuffer(chosen_b, dtype=np.uint8).astype(bool),
            np.frombuffer(margin_b, dtype=np.float64),
        )
    calls = [
        partial(fast.decode, context, cand[a:b], alt[a:b], pen[a:b])
        for a, b in cuts(cand, threads, order)
    ]
    results = in_parallel(calls)
    chosen = np.frombuffer(b"".join(r[0] for r in results), dtype=np.uint8).astype(bool)
    margin = np.frombuffer(b"".join(r[1] for r in results), dtype=np.float64)
    return chosen, margin


def _source_breaks(
    genuine: npt.NDArray[np.int64], line_starts: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """The line breaks (model positions after them) where text of another source begins
    or ends: between a line that holds a genuine symbol (a real ``，``, which no broken
    font produces) and one that holds none.  A damaged text has no genuine symbols, so
    its own line breaks (a column's, inside a word) are never among them."""
    if genuine.size == 0 or line_starts.size == 0:
        return np.zeros(0, dtype=np.int64)
    has = np.zeros(line_starts.size + 1, dtype=bool)  # per line: a genuine symbol in it?
    has[np.searchsorted(line_starts, genuine, side="right")] = True
    return np.unique(line_starts[has[:-1] != has[1:]])


def _cut_at_source_breaks(
    fast: _ngram.Model,
    context: npt.NDArray[np.uint32],
    ids: npt.NDArray[np.uint32],
    cand: npt.NDArray[np.int64],
    alt: npt.NDArray[np.uint32],
    pen: npt.NDArray[np.float64],
    open_: npt.NDArray[np.bool_],
    chosen: npt.NDArray[np.bool_],
    margin: npt.NDArray[np.float64],
    breaks: npt.NDArray[np.int64],
    reach: int,
) -> None:
    """Decide again, in place, the open candidates that end a line within the model's
    ``reach`` of one of the ``breaks`` (:func:`_source_breaks`), with the model's view
    cut there: as the line's end would be decided at the end of a text.

    The model sees no line breaks, which is right inside a paragraph broken at a
    column's width, but a file that mixes clean and damaged lines puts unrelated text
    after such a break, and a damaged line's last marks were judged by the text after
    it (``屏幕曰⏎掌托部位…`` kept ``曰`` where ``屏幕曰`` alone is ``屏幕；``).  What comes
    before a line (the end of a sentence, mostly) stays in view: it tells more about a
    line's first character than the start of a text does.  A damaged text has no
    genuine symbols, so its own line breaks are never cut.
    """
    if breaks.size == 0:
        return
    # The first break after each candidate, and whether the model sees across it.
    nxt = np.searchsorted(breaks, cand, side="right")
    has = nxt < breaks.size
    end = np.where(has, breaks[np.minimum(nxt, breaks.size - 1)], 0)
    redo = np.flatnonzero(open_ & has & (end - cand <= reach))
    if redo.size == 0:
        return
    decided = context.copy()
    decided[cand[open_ & chosen]] = alt[open_ & chosen]
    decided[cand[redo]] = ids[cand[redo]]  # these as shown: decided both ways
    for b in np.unique(end[redo]).tolist():
        group = redo[end[redo] == b]
        start = max(0, int(cand[group[0]]) - reach)  # all the model reads for them
        picked, log_odds = fast.decode(
            decided[start:b], cand[group] - start, alt[group].copy(), pen[group].copy()
        )
        chosen[group] = np.frombuffer(picked, dtype=np.uint8).astype(bool)
        margin[group] = np.frombuffer(log_odds, dtype=np.float64)


def _in_spans(
    positions: npt.NDArray[np.int64], spans: list[tuple[int, int, float]]
) -> npt.NDArray[np.bool_]:
    """Whether each of the sorted ``positions`` lies in one of the ``spans`` (one C call)."""
    return np.frombuffer(_ngram.in_spans(positions, spans), dtype=bool)


def _damaged_spans(
    cand: npt.NDArray[np.int64],
    gain: npt.NDArray[np.float64],
    genuine: npt.NDArray[np.int64],
    line_starts: npt.NDArray[np.int64],
    n: int,
    config: FixConfig,
    leniency: float = 1.0,
) -> list[tuple[int, int, float]]:
    """Segment model positions into clean / damaged; return damaged ``(lo, hi, evidence)``.

    ``leniency`` scales the costs down for a first, permissive pass on weak evidence.

    Exact two-state Viterbi over the events that carry evidence.  Consecutive events of
    the same sign on the same line are merged first: a best segmentation never switches
    inside such a run.  Switching at a line break costs ``line_switch_cost`` rather than
    ``region_switch_cost`` (sources and fonts change between lines, rarely inside one),
    and a region that switches there starts or ends exactly at the line break.  The
    text's two ends count as line breaks.
    """
    # One C call (``_ngram.spans``) does the merging, the runs and the Viterbi, with the
    # same arithmetic as numpy would, double for double: per text, the numpy version's
    # few dozen small array calls cost more than all of its arithmetic.
    return _ngram.spans(
        cand,
        np.ascontiguousarray(gain, dtype=np.float64),
        genuine,
        line_starts,
        n,
        config.clean_symbol_cost,
        config.line_switch_cost * leniency,
        config.region_switch_cost * leniency,
        _NEGLIGIBLE_LOG_ODDS,
    )
