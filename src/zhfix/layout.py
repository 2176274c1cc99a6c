"""Layout: turn a column dump back into paragraphs, and clean the spacing of Chinese text.

A PDF copy of a newspaper column gives one line per printed line: every line but the
last of a paragraph is as wide as the column, the first is shorter by the dropped indent,
the last is as long as the text happens to be.  :func:`restore_layout` reads those
lengths -- per stretch of text, since every article may have its own column width --
together with how lines end (sentence-final punctuation or mid-word), leftover indent
spaces and the line separators (which some extractors vary at random), and decides each
line break with a small hidden Markov model whose line roles are *first*, *middle*,
*last* and *single*.  The character model adds how strongly the text reads on across
each break.  The document's own statistics set the model's parameters: the punctuation
width, the indent, and how informative ``\\n`` versus ``\\n\\n`` is.

Text that is not a column dump -- one paragraph per line -- keeps every line break.  The
spaces a layout leaves in Chinese text (``6 月 6 日``, ``再安排、 再部``) are removed where
the layout made them: in column dumps and in text that shows PDF font damage; writers'
own spacing (``AI 革命``) in other text is kept.  ASCII punctuation between Chinese
characters becomes full-width everywhere (GB/T 15834); Latin words, numbers, URLs and
code keep theirs.

Every decision is reported as a :class:`LayoutChange` with offsets into the input.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import numpy as np

from . import lm
from .articles import DATELINE
from .changes import Change
from .charclass import CJK, FW_CLOSE, FW_OPEN, HAN, QUOTES, SENTENCE_END, SPACE, WIDTH_CLASSES

# --- parameters of the column model ---------------------------------------------------------
MIN_WIDTH, MAX_WIDTH = 10, 45  # column widths considered, in cells
WINDOWS = (12, 4)  # lines back or ahead whose evidence says "this is a column dump"
SHORT_CUT_COST = 0.5  # the same for a short cut line, judging the text as a whole
MISFIT_COST = 1.5  # how much a line a column cannot hold counts against a column
SWITCH_COST = 6.0  # natural-log cost of a change of column width between two lines
FREE_TEXT_SHARE = 0.1  # share of overfull lines that shows text is not one column dump
MOSTLY_COLUMN = 0.5  # share of lines in column dumps that makes the whole text one
STOP_FLOW = 3.0  # past_mark less this stands for continuity in judging a column (see below)
CUT_PROOF = 10.0  # past_stop (nats) that shows a line was cut mid-sentence
MIN_FLOW = 1.5  # mean continuity (nats) across a column's cut lines, at least
PUNCT_SAMPLE = 3000  # lines on which the punctuation width is decided
SHORT_LINE = 3.0  # cells shorter than a neighbour: a line that may end a paragraph
SHORTFALL = 6.0  # how far short of the column a line that goes on may stop (a Latin word)
UNIT_SLACK = 0.1  # cells a half-cell character (a digit) may be wider in a real font
WIDTH_SCALE = 0.4  # Laplace scale of a full line's width around the column width, in cells
OVERFULL = 2.5  # a line this much wider than its column is not part of it
INDENT_FLOW = 1.0  # below this continuity, a short unpunctuated line ends its paragraph
INDENT_MAX = 2.5  # first lines are at most this much narrower than the column, in cells
EM_ROUNDS = 3  # re-estimations of the document's habits
EM_SAMPLE = 3000  # lines the per-document parameters are learnt from
EM_PRIOR = 6.0  # pseudo-counts behind each prior distribution re-estimated from the document
SEP_PRIOR = 1.0  # the same for the separators: a document's own habit shows quickly
PUNCT_WIDTHS = (0.5, 1.0)  # Founder compresses punctuation to half a cell; others set it full

ENDINGS = "TCKQO"  # sentence end, comma, colon/semicolon/dash, closing bracket, other
_CLOSERS = FW_CLOSE + "\"')]}>"
_COMMAS = "，、,"
_COLONS = "：；:;—"


@dataclass(frozen=True, slots=True)
class LayoutChange(Change):
    """One layout decision: a :class:`~zhfix.Change` with the ``kind`` of decision.

    ``kind`` is ``join`` (a line break removed), ``break`` (a paragraph boundary kept),
    ``space`` (a layout space removed) or ``punctuation`` (ASCII punctuation made
    full-width).  ``confidence`` is the probability that the decision is right.
    """

    kind: str

    def to_dict(self) -> dict[str, Any]:
        # Change.to_dict, not super(): a slotted dataclass is a new class, and the
        # zero-argument super() of the body refers to the one it replaced.
        d = Change.to_dict(self)
        d["confidence"] = round(self.confidence, 4)
        d["step"] = "layout"
        d["kind"] = self.kind
        return d


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph: its text and the span ``input[start:end]`` it was made from."""

    text: str
    start: int
    end: int
    #: probability that a paragraph really starts here (1.0 where the layout is certain)
    confidence: float = 1.0
    #: True when the paragraph was joined from lines of a column dump
    reflowed: bool = False


@dataclass(frozen=True, slots=True)
class Layout:
    """The paragraphs of a text and the layout changes that produced them."""

    source: str
    paragraphs: tuple[Paragraph, ...]
    changes: tuple[LayoutChange, ...]

    @property
    def reflowed(self) -> bool:
        """True when any line was joined: the text was a column dump."""
        return any(p.reflowed for p in self.paragraphs)

    def to_text(self) -> str:
        """The paragraphs as text.

        A reflowed text gives one paragraph per line; otherwise the input's own line
        breaks, indents and blank lines are kept, so text that needed nothing comes
        back byte for byte.
        """
        if self.reflowed:
            return "".join(p.text + "\n" for p in self.paragraphs)
        return join_preserving(self.source, self.paragraphs)


def join_preserving(source: str, paragraphs: tuple[Paragraph, ...] | list[Paragraph]) -> str:
    """``paragraphs`` with the whitespace that separates them in ``source`` kept."""
    if not paragraphs:  # only whitespace, or nothing visible (U+200B, controls): kept
        return source
    out = [source[: paragraphs[0].start]]
    for i, p in enumerate(paragraphs):
        out.append(p.text)
        nxt = paragraphs[i + 1].start if i + 1 < len(paragraphs) else len(source)
        out.append(source[p.end : nxt])
    return "".join(out)


# --- lines -------------------------------------------------------------------------------------
_WIDE, _PUNCT, _NARROW, _SPACE_CLASS, _NEWLINE = range(5)
_CAT_T, _CAT_C, _CAT_K, _CAT_Q, _CAT_O = range(5)


def _lookup_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per code point: width class, line-ending category, closing mark or not."""
    letter = {"p": _PUNCT, "n": _NARROW, "s": _SPACE_CLASS, "\n": _NEWLINE}
    width = np.zeros(0x110000, dtype=np.uint8)
    for cp, cls in WIDTH_CLASSES.items():
        width[cp] = letter[cls]
    width[[*range(0x20), 0x7F, 0x2028, 0x2029]] = _SPACE_CLASS  # control characters
    width[0x0A] = _NEWLINE
    width[0xFFFE] = _NARROW  # PDFium's line-end hyphen (see _clean)
    ending = np.full(0x110000, _CAT_O, dtype=np.uint8)
    for chars, cat in ((SENTENCE_END, _CAT_T), (_COMMAS, _CAT_C), (_COLONS, _CAT_K)):
        ending[[ord(c) for c in chars]] = cat
    closer = np.zeros(0x110000, dtype=bool)
    closer[[ord(c) for c in _CLOSERS]] = True
    return width, ending, closer


_WIDTH_LUT, _ENDING_LUT, _CLOSER_LUT = _lookup_tables()
_DATELINE_LINE = re.compile(r"(?m)^[ \t\u3000\u00a0\ufeff]*(?=" + DATELINE.pattern + ")")
# A list item's number: ``1、`` ``2.`` ``3，`` ``（4）`` ``五、`` at the start of a line.
_ITEM_LINE = re.compile(
    r"(?m)^[ \t\u3000\u00a0\ufeff]*(?="
    r"[0-9０-９]{1,2}[ \u3000]*[、.．，,)）]"
    r"|[（(][ ]*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,2})[ ]*[)）]"
    r"|[一二三四五六七八九十]{1,2}[、，]"
    r")"
)


@dataclass(slots=True)
class _Lines:
    """The non-blank lines of a text and what their layout shows."""

    start: np.ndarray  # offset of the first non-space character
    end: np.ndarray  # offset after the last non-space character
    lead: np.ndarray  # the line began with spaces (an indent left over)
    newlines: np.ndarray  # line breaks between this line and the next (0 after the last)
    ending: np.ndarray  # index into ENDINGS
    dateline: np.ndarray  # the line opens with a news dateline
    item: np.ndarray  # the line opens with a list item's number (1、 （2） 三、)
    wide: np.ndarray  # full-cell characters
    punct: np.ndarray  # full-width punctuation
    narrow: np.ndarray  # ASCII and other half-cell characters, spaces included
    codes: np.ndarray  # the text's code points
    visible: np.ndarray  # offsets of its characters that are neither space nor line break


def _read_lines(text: str) -> _Lines:
    """Measure every non-blank line, with array operations over the whole text."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _WIDTH_LUT[codes]
    breaks = np.flatnonzero(cls == _NEWLINE)
    visible = np.flatnonzero(cls < _SPACE_CLASS)
    raw_start = np.concatenate([[0], breaks + 1])
    raw_end = np.concatenate([breaks, [len(codes)]])
    first = np.searchsorted(visible, raw_start)
    last = np.searchsorted(visible, raw_end) - 1
    ok = first <= last  # the line holds something visible
    first, last, raw_start = first[ok], last[ok], raw_start[ok]
    start = visible[first] if len(visible) else first
    end = visible[last] + 1 if len(visible) else last
    n = len(start)
    newlines = np.zeros(n, dtype=np.int64)
    if n > 1:
        newlines[:-1] = np.searchsorted(breaks, start[1:]) - np.searchsorted(breaks, end[:-1])
    zero = np.zeros(1, dtype=np.int64)
    cum_punct = np.concatenate([zero, np.cumsum(cls == _PUNCT)])
    # A space between two full-cell characters is a justified line's stretch, which an
    # extractor may show as a space (``星 期 六 、 星 期 日``): it takes no cell of its own.
    space = cls == _SPACE_CLASS
    if len(cls) > 2:
        full_cell = cls <= _PUNCT
        space[1:-1] &= ~(full_cell[:-2] & full_cell[2:])
    cum_narrow = np.concatenate([zero, np.cumsum((cls == _NARROW) | space)])
    cum_stretch = np.concatenate([zero, np.cumsum((cls == _SPACE_CLASS) & ~space)])
    punct = (cum_punct[end] - cum_punct[start]).astype(np.float64)
    narrow = (cum_narrow[end] - cum_narrow[start]).astype(np.float64)
    stretch = cum_stretch[end] - cum_stretch[start]
    wide = (end - start) - punct - narrow - stretch
    # How a line ends: look past closing quotes and brackets to the mark before them.
    plain = np.flatnonzero((cls < _SPACE_CLASS) & ~_CLOSER_LUT[codes])
    if len(plain):
        k = np.searchsorted(plain, end) - 1
        at = np.where(k >= 0, plain[np.maximum(k, 0)], -1)
        at = np.where(at >= start, at, end - 1)
    else:
        at = end - 1
    ending = _ENDING_LUT[codes[at]].astype(np.int64)
    ending = np.where((ending != _CAT_T) & (at < end - 1), _CAT_Q, ending)
    opening = {m.end() for m in _DATELINE_LINE.finditer(text)}
    dateline = np.isin(start, np.fromiter(opening, dtype=np.int64, count=len(opening)))
    numbered = {m.end() for m in _ITEM_LINE.finditer(text)}
    item = np.isin(start, np.fromiter(numbered, dtype=np.int64, count=len(numbered)))
    return _Lines(
        start,
        end,
        start > raw_start,
        newlines,
        ending,
        dateline,
        item,
        wide,
        punct,
        narrow,
        codes,
        visible,
    )


# --- column width --------------------------------------------------------------------------------
@dataclass(slots=True)
class _Columns:
    width: np.ndarray  # each line's width in cells
    column: np.ndarray  # the local column width
    support: np.ndarray  # the column evidence of the line's best window (see _column_lines)
    in_column: np.ndarray  # bool: the line belongs to a column dump
    punct_width: float
    #: lines wider than their column by the mark they end with: the typesetter squeezes
    #: a mark that does not fit into the line (Founder) rather than moving it down
    squeezed: int = 0


def _estimate_columns(
    lines: _Lines, flow: np.ndarray, past_stop: np.ndarray, past_mark: np.ndarray
) -> _Columns:
    """Each line's column width, the punctuation width, and which lines are a column dump.

    The punctuation width is a property of the typesetting: it is decided on the first
    lines (:data:`PUNCT_SAMPLE` of them), by which width explains them better as a column.
    """
    ending = np.asarray(lines.ending)
    # Latin-script lines are set in a proportional font: their width in cells says
    # nothing of the column (see _latin_ends).  They take no part in finding it.
    latin = _latin_lines(lines)
    cut = (ending != 0) & (ending != 3) & ~latin
    cut[-1:] = False
    widths = {
        pw: np.where(latin, 0.0, lines.wide + pw * lines.punct + 0.5 * lines.narrow)
        for pw in PUNCT_WIDTHS
    }
    # A mark that may not start a line is squeezed into the line before, over the width.
    squeezable = ending != _CAT_O
    # A line that kept a space of its indent opens a paragraph -- where few lines do: an
    # extraction that starts every line with a space says nothing by it.
    lead = np.asarray(lines.lead, dtype=bool)
    opening = lead if lead.mean() < 0.5 else np.zeros_like(lead)
    sample = slice(0, PUNCT_SAMPLE)
    fit = {
        pw: _segment_widths(w[sample], cut[sample], squeezable[sample] * pw, opening[sample])
        for pw, w in widths.items()
    }
    pw = min(PUNCT_WIDTHS, key=lambda p: fit[p][1])
    column = (
        fit[pw][0]
        if len(ending) <= PUNCT_SAMPLE
        else _segment_widths(widths[pw], cut, squeezable * pw, opening)[0]
    )
    width = widths[pw]
    squeezed = squeezable & (width - column > 0.25)
    width = np.where(squeezed, width - pw, width)
    width = np.where(latin, column, width)  # neither full, short nor overfull: unknown
    # Lines that stop on a plain character are what a column shows; verse and lists stop
    # on commas and semicolons too, so those count half.
    weight = np.where(ending == _CAT_O, 1.0, 0.5) * cut
    stop_fits = np.where(ending == _CAT_O, past_stop, -np.inf)
    # Across a line that ends without a mark, whether a comma or full stop could stand
    # there tells a cut from a phrase's end (verse) better than continuity does.
    flow = np.where(ending == _CAT_O, past_mark - STOP_FLOW, flow)
    in_column, support = _column_lines(width, column, weight, flow, stop_fits)
    # A line cut mid-sentence goes on in the next line: that line is in the column too,
    # however short (the last line of a paragraph that ends without punctuation).
    flags = in_column.tolist()
    cuts = cut.tolist()
    for i in range(1, len(flags)):
        if cuts[i - 1] and flags[i - 1]:
            flags[i] = True
    in_column = np.asarray(flags, dtype=bool)
    squeezed_in = int((squeezed & ~latin & (width - column <= OVERFULL)).sum())
    return _Columns(width, column, support, in_column, pw, squeezed_in)


def _segment_widths(
    width: np.ndarray, cut: np.ndarray, squeeze: np.ndarray, indented: np.ndarray
) -> tuple[np.ndarray, float]:
    """The column width of every line, and the cost (negative log-likelihood) of the
    segmentation into stretches of constant width.  ``squeeze``: how much wider each line
    may be for a final mark squeezed into it.  ``indented``: lines that kept a space of
    their indent (first lines).

    Viterbi over candidate widths (half-cell steps).  A cut line is likely full (at the
    width) or a paragraph's first line (an indent narrower); a line ending a sentence may
    be any length up to the width; lines wider than a candidate make it unlikely.  The
    width changes only where a new article starts, after a line that may end a paragraph,
    at the cost of :data:`SWITCH_COST`, and the line after it must look like a first line.
    """
    n = len(width)
    bands = (np.arange(2 * MIN_WIDTH, 2 * MAX_WIDTH + 1) / 2.0).astype(np.float32)
    x = width.astype(np.float32)[:, None] - bands[None, :]
    # A line wider than the column by the mark it ends with had that mark squeezed in.
    x = np.where(x > 0.25, x - squeeze.astype(np.float32)[:, None], x)
    uniform = np.where(x <= 1.0, 1.0 / bands[None, :], np.float32(0.0))
    full = _laplace(x, 0.0, WIDTH_SCALE)
    first = _laplace(x, -2.0, WIDTH_SCALE + 0.2)
    cutc = cut[:, None]
    # A new article starts after a line that ends a paragraph: one that ends a sentence,
    # or, whatever its last character, one clearly shorter than a neighbour.  Between two
    # such lines the width cannot change, so the Viterbi runs over these blocks.
    neighbour = np.maximum(np.concatenate([[0.0], width[:-1]]), np.concatenate([width[1:], [0.0]]))
    may_end = ~cut | (width < neighbour - SHORT_LINE)
    may_end[-1] = True
    block_start = np.concatenate([[0], np.flatnonzero(may_end[:-1]) + 1])
    # A cut line after one that may end a paragraph is often a first line (in text of
    # short paragraphs, mostly); a cut line after a cut line of full length is a middle
    # line, at the width.  Without this, text of one- and two-line paragraphs would take
    # its first lines' width for the column's.
    opens = np.zeros(n, dtype=bool)
    opens[block_start] = True
    opensc = opens[:, None]
    cost = -np.log(
        np.where(
            cutc,
            np.where(
                indented[:, None],
                0.15 * full + 0.70 * first + 0.15 * uniform,
                np.where(
                    opensc,
                    0.35 * full + 0.50 * first + 0.15 * uniform,
                    0.80 * full + 0.05 * first + 0.15 * uniform,
                ),
            ),
            0.3 * full + 0.7 * uniform,
        )
        + 1e-6
    )
    single = np.where(x <= -1.0, 1.0 / bands[None, :], np.float32(0.0))
    cost_first = -np.log(np.where(cutc, 0.8 * first + 0.2 * uniform, single) + 1e-6)
    block_cost = np.add.reduceat(cost, block_start, axis=0)
    opening_cost = block_cost - cost[block_start] + cost_first[block_start]
    # Ending mid-sentence makes an article's end less likely.
    switch_cost = SWITCH_COST * (1.0 + cut[block_start[1:] - 1])
    nblocks, nb = block_cost.shape
    switched = np.zeros((nblocks, nb), dtype=bool)
    source = np.zeros(nblocks, dtype=np.int64)
    prev = block_cost[0].copy()
    jump = np.empty(nb)
    for i in range(1, nblocks):
        m = int(prev.argmin())
        np.add(opening_cost[i], prev[m] + switch_cost[i - 1], out=jump)
        prev += block_cost[i]
        np.less(jump, prev, out=switched[i])
        np.minimum(prev, jump, out=prev)
        source[i] = m
    chosen = np.empty(nblocks, dtype=np.int64)
    j = int(prev.argmin())
    for i in range(nblocks - 1, -1, -1):
        chosen[i] = j
        if i and switched[i, j]:
            j = int(source[i])
    band = np.repeat(chosen, np.diff(np.concatenate([block_start, [n]])))
    return bands[band], float(prev.min())


def _column_lines(
    width: np.ndarray,
    column: np.ndarray,
    weight: np.ndarray,
    flow: np.ndarray,
    past_stop: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Which lines belong to a column dump, and how strongly their neighbourhood says so.

    ``weight``: how much each line counts as a line cut mid-text.  For: cut lines that
    fit their column (full, or narrower by an indent), the exactly full ones more.
    Against: cut lines far narrower, and lines wider than the column -- a column cannot
    hold them; text with one paragraph per line is full of them.  Across the cut lines the
    text must read on (continuity).  The best of a few windows reaching back or ahead
    decides.
    """
    n = len(width)
    x = width - column
    cut = weight > 0
    fits = weight * ((x >= -INDENT_MAX - 0.5) & (x <= 0.5))
    exact = weight * (np.abs(x) <= 0.75)
    # A short line cut mid-sentence is verse-like -- unless an indented first line follows:
    # then it is a paragraph that ended without punctuation.
    opens_next = np.zeros(n, dtype=bool)
    opens_next[:-1] = cut[1:] & (x[1:] >= -INDENT_MAX - 0.5) & (x[1:] <= -1.0)
    misfit = (cut & (x < -INDENT_MAX - 0.5) & ~opens_next) | (x > OVERFULL)
    gain = fits + 0.5 * exact - MISFIT_COST * misfit
    pre_gain = np.concatenate([[0.0], np.cumsum(gain)])
    pre_fit = np.concatenate([[0.0], np.cumsum(fits)])
    pre_exact = np.concatenate([[0.0], np.cumsum(exact)])
    # A column cuts text anywhere, often inside a word; verse and lists break between
    # phrases.  So across a column's cut lines the text reads on (see _continuity).
    pre_cut = np.concatenate([[0.0], np.cumsum(weight)])
    pre_flow = np.concatenate([[0.0], np.cumsum(weight * np.clip(flow, -4.0, 8.0))])
    # Text with lines wider than their column here and there is, as a whole, not a
    # column dump (a dump shows at most a stray one): a stretch of it is one only where it
    # shows it more clearly -- no such line, and several lines exactly at the width.
    over = x > OVERFULL
    overfull = int(over.sum())
    free_text = overfull >= 2 and overfull >= FREE_TEXT_SHARE * n
    pre_over = np.concatenate([[0], np.cumsum(over)])
    min_exact, min_gain = (3.0, 4.0) if free_text else (1.5, 2.0)
    rows = np.arange(n)
    score = np.full(n, -np.inf)
    ok = np.zeros(n, dtype=bool)
    for k in WINDOWS:
        for ahead in (False, True):
            a = rows if ahead else np.maximum(0, rows - k)
            b = np.minimum(n, rows + k + 1) if ahead else rows + 1
            sc = pre_gain[b] - pre_gain[a]
            reads_on = pre_flow[b] - pre_flow[a] >= MIN_FLOW * (pre_cut[b] - pre_cut[a])
            good = (
                (sc >= min_gain)
                & (pre_fit[b] - pre_fit[a] >= 2)
                & (
                    pre_exact[b] - pre_exact[a]
                    >= np.minimum(min_exact, 0.5 * (pre_cut[b] - pre_cut[a]))
                )
                & reads_on
            )
            if free_text:
                good &= pre_over[b] == pre_over[a]
            ok |= good
            score = np.maximum(score, sc)
    # The whole text as one window.  A column holds every line: text with one paragraph
    # per line shows lines wider than any column; a column dump shows at most a stray one.
    # Where none is, the text's cut lines fitting the column (full, or first lines an
    # indent narrower) and reading on across the cut decide, even without full lines: a
    # text of one- and two-line paragraphs has few.
    if overfull <= 1 and not ok.all():
        # A short line cut mid-sentence is a paragraph ending without punctuation in a
        # column as much as a line of verse: within the whole text it weighs less.
        short_cut = float((weight * (x < -INDENT_MAX - 0.5) * ~opens_next).sum())
        gain_doc = pre_gain[n] + (MISFIT_COST - SHORT_CUT_COST) * short_cut
        # Across the lines the column cut (full ones, first ones): a paragraph that ends
        # without punctuation does not read on into the next, nor should it.  A short
        # text may show a single such line: then it must read on clearly (cut mid-word).
        fit_flow = float((fits * np.clip(flow, -4.0, 8.0)).sum()) / max(float(fits.sum()), 1e-9)
        # A single line the column cut is proof enough where no full stop could end it.
        cut_mid = pre_fit[n] >= 1.0 and bool(np.all(past_stop[fits > 0] >= CUT_PROOF))
        good_doc = (
            gain_doc >= 1.5
            and (pre_fit[n] >= 1.5 or cut_mid)
            and fit_flow >= (MIN_FLOW if pre_fit[n] >= 2 else 2 * MIN_FLOW)
        )
        if good_doc:
            ok[:] = True
            score = np.maximum(score, pre_gain[n])
    return ok, score


def _standalone(cols: _Columns) -> np.ndarray:
    """Lines that are paragraphs of their own whatever else they show.

    Lines wider than their column, always.  Lines outside column dumps too -- unless most
    of the text is one, and then a line whose neighbourhood happened to say little is
    still judged with the rest.
    """
    overfull = (cols.width - cols.column) > OVERFULL
    if cols.in_column.mean() >= MOSTLY_COLUMN:
        return overfull
    return overfull | ~cols.in_column


def _estimate_indent(lines: _Lines, cols: _Columns, continuity: np.ndarray) -> float:
    """The indent in cells, from lines that surely open a paragraph.

    A line after a short line that ends a sentence -- or stops without punctuation where
    the text does not read on -- itself cut mid-sentence, is a first line; how much
    narrower than the column it is, is the indent.  (A text of two-line paragraphs has
    no full lines: its column then looks as narrow as its first lines, and its indent,
    measured the same way, comes out as none -- the two stay consistent.)
    """
    x = cols.width - cols.column
    ending = np.asarray(lines.ending)
    prev_short = np.zeros(len(x), dtype=bool)
    prev_short[1:] = (x[:-1] <= -3) & (
        (ending[:-1] == 0) | ((ending[:-1] == _CAT_O) & (continuity[:-1] < INDENT_FLOW))
    )
    first = prev_short & (ending != 0) & (ending != 3) & cols.in_column & (x <= 0.75) & (x >= -4.5)
    first[-1:] = False
    if int(first.sum()) < 2:
        return 2.0
    return float(np.clip(np.median(np.rint(2 * -x[first]) / 2), 0.0, 4.0))


_NO_START_LUT = np.zeros(0x110000, dtype=bool)  # marks that may not start a line
_NO_START_LUT[[ord(c) for c in FW_CLOSE + "，。、；：？！…·%)]},.;:!?\u2014"]] = True
_NO_END_LUT = np.zeros(0x110000, dtype=bool)  # marks that may not end one
_NO_END_LUT[[ord(c) for c in FW_OPEN + "([{"]] = True


def _first_units(
    lines: _Lines, punct_width: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The width in cells of each line's first unbreakable unit: what the line before it
    would have had to hold to take one more piece of the text.

    A line breaker keeps a character with the closing marks after it (``说：`` moves
    down whole when the colon does not fit), an opening mark with what follows it, and a
    Latin word or number whole.  So a line may stop short of the column by up to the
    next line's first unit and still be full -- in a real engine's print, which does not
    squeeze a mark into a full line, often by one cell or more.  Also returned: whether
    a character moved down with the mark after it (what no squeezing typesetter does),
    and whether the unit is a Latin word (which every typesetter keeps whole; a number
    some break, and it is left out).
    """
    codes = lines.codes
    cls = _WIDTH_LUT[codes]
    cells = np.choose(np.minimum(cls, 3), [1.0, punct_width, 0.5, 0.0])
    cum = np.concatenate([[0.0], np.cumsum(cells)])
    start, end = lines.start, lines.end

    def run_end(member: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Where the run of ``member`` characters from ``at`` stops (at most the line end)."""
        outside = np.flatnonzero(~member)
        if not len(outside):  # the whole text is of them
            return end.copy()
        k = np.searchsorted(outside, at)
        stop = np.where(k < len(outside), outside[np.minimum(k, len(outside) - 1)], len(codes))
        return np.minimum(stop, end)

    j = run_end(_NO_END_LUT[codes], start)  # opening marks
    width = cum[j] - cum[start]
    inside = j < end
    core = np.where(inside, cls[np.minimum(j, len(codes) - 1)], _SPACE_CLASS)
    latin = core == _NARROW  # a Latin word or number, in a proportional font: wider
    after = np.where(latin, run_end(cls == _NARROW, j), np.where(inside, j + 1, j))
    width += np.where(latin, (after - j) * (0.5 + UNIT_SLACK), cum[after] - cum[j])
    closing = _NO_START_LUT[codes]
    marked = (core == _WIDE) & (after < end) & closing[np.minimum(after, len(codes) - 1)]
    stop = run_end(closing, after)
    core_code = codes[np.minimum(j, len(codes) - 1)] | 0x20  # ASCII letters folded to lower
    word = latin & (core_code >= ord("a")) & (core_code <= ord("z"))
    return width + cum[stop] - cum[after], marked, word


# --- paragraph boundaries ------------------------------------------------------------------------
# Line roles: F first (of several), M middle, L last (of several), S single.
# How lines end (sentence end, comma, colon/semicolon/dash, other), by role: a paragraph's
# last line ends a sentence; a single line may be a headline, which often does not.
_PRIOR_END_LAST = np.array([0.90, 0.02, 0.03, 0.02, 0.03])
_PRIOR_END_SINGLE = np.array([0.55, 0.02, 0.07, 0.08, 0.28])
_PRIOR_END_JOIN = np.array([0.07, 0.17, 0.03, 0.03, 0.70])
# How strongly the character model reads on across the break (see _continuity), in bins.
CONTINUITY_BINS = np.array([-1.0, 2.0, 4.0, 8.0])
_PRIOR_CONT_BREAK = np.array([0.35, 0.28, 0.19, 0.13, 0.05])
_PRIOR_CONT_JOIN = np.array([0.15, 0.19, 0.13, 0.28, 0.25])
# For a line that ends without a mark: how much likelier the next line follows directly
# than after a full stop (``past_stop``, see _continuity) makes a break likelier than a
# join by exp(STOP_A - STOP_B * past_stop) -- a log-likelihood ratio that falls about
# linearly with the score, in news and reviews alike: a stop that fits ten nats worse
# than reading on is a cut mid-sentence.
STOP_A, STOP_B = 3.0, 0.55
# The next line opens with a list item's number (1、 （2） 三、): after a paragraph's end
# that is common, inside a paragraph rare (a column seldom cuts just before one).
_PRIOR_ITEM_BREAK, _PRIOR_ITEM_JOIN = 0.03, 0.002
_PRIOR_SEP = np.array([0.50, 0.45, 0.05])  # 1, 2, 3+ line breaks; the same for both at first
_PRIOR_LEAD_START, _PRIOR_LEAD_CONT = 0.3, 0.03
_PRIOR_CONTINUE, _PRIOR_SINGLE = 0.7, 0.2


def _first_width(x: np.ndarray, indent: float, w: np.ndarray) -> np.ndarray:
    """Likelihood of a first line's width ``x`` (relative to the column).

    A first line at the full width: a paragraph set without indent, or a column whose
    width was taken from its first lines (a text of two-line paragraphs has no full
    lines to show it) -- either way likelier than a first line far short of the width.
    """
    return (
        0.88 * _laplace(x, -indent, WIDTH_SCALE + 0.1)
        + 0.05 * _uniform(x, -indent - SHORTFALL, -indent)
        + 0.05 * _laplace(x, 0.0, WIDTH_SCALE)
        + 0.02 * _uniform(x, -w, 1.0)
    )


def _laplace(x: np.ndarray, centre: float | np.ndarray, scale: float) -> np.ndarray:
    return np.exp(-np.abs(x - centre) * (1.0 / scale)) * (0.5 / scale)


def _uniform(x: np.ndarray, lo: np.ndarray | float, hi: np.ndarray | float) -> np.ndarray:
    span = np.maximum(np.asarray(hi) - np.asarray(lo), 1.0)
    return np.where((x >= lo - 0.5) & (x <= hi + 0.5), 1.0 / span, 1e-5)


def _forward_backward(
    ef: np.ndarray, em: np.ndarray, el: np.ndarray, es: np.ndarray, cont: float, single: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Posterior probabilities of each line's role: first, middle, last, single.

    Only two things carry over from a line to the next: whether a paragraph is open (after
    F or M) or closed (after L or S, and before the first line), so the recursions keep
    two numbers, scaled at every step.  Emissions come with their transition probability
    already multiplied in.
    """
    tf = ((1.0 - single) * ef).tolist()
    ts = (single * es).tolist()
    tm = (cont * em).tolist()
    tl = ((1.0 - cont) * el).tolist()
    af: list[float] = []
    am: list[float] = []
    al: list[float] = []
    a_s: list[float] = []
    po, pe = 0.0, 1.0  # open, ended: the text starts as if after a paragraph
    for f, s, m, last in zip(tf, ts, tm, tl, strict=True):
        f *= pe
        s *= pe
        m *= po
        last *= po
        z = f + s + m + last
        if z <= 0.0:  # impossible under the model: let the line take any role
            f, s, m, last, z = pe, pe, po, po, pe + pe + po + po
        f, s, m, last = f / z, s / z, m / z, last / z
        af.append(f)
        a_s.append(s)
        am.append(m)
        al.append(last)
        po, pe = f + m, last + s
    n = len(tf)
    post = np.empty((4, n))
    bo, be = 0.0, 1.0  # the text ends with a paragraph's last line
    for i in range(n - 1, -1, -1):
        pf, pm, pl, ps = af[i] * bo, am[i] * bo, al[i] * be, a_s[i] * be
        z = pf + pm + pl + ps
        if z <= 0.0:
            pf, pm, pl, ps, z = 0.0, 0.0, 0.0, 1.0, 1.0
        post[0, i], post[1, i], post[2, i], post[3, i] = pf / z, pm / z, pl / z, ps / z
        # backward message to line i-1, through line i's emissions
        nbo = tm[i] * bo + tl[i] * be
        nbe = tf[i] * bo + ts[i] * be
        z = nbo + nbe
        bo, be = (nbo / z, nbe / z) if z > 0.0 else (0.5, 0.5)
    return post[0], post[1], post[2], post[3]


def _continuity(lines: _Lines) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How strongly the text reads on across each line break, two ways, from the
    character model, in nats.

    ``continuity``: how much better the end of each line predicts the start of the next
    than nothing does: log P(next two characters | last three) - log P(next two | a fresh
    start).  High where a line break cuts a word or a phrase.

    ``past_stop``: how much likelier the next two characters follow the last three
    directly than after a full stop put between them: log P(next two | last three) -
    log P(。 next two | last three).  A paragraph that ends without punctuation (as
    reviews and list items often do) reads like a sentence that ended there; a line cut
    mid-sentence does not.  This tells the two apart far better than ``continuity`` (the
    fresh start knows nothing of what the text was saying), but only where the line does
    not end on a mark already.

    ``past_mark``: the same with a comma or a full stop, whichever fits better: low where
    a phrase ends (verse breaks its lines there), high where a line cuts a phrase.
    """
    n = len(lines.start)
    if n < 2:
        return np.zeros(n), np.zeros(n), np.zeros(n)
    model = lm.load()
    vis = lines.visible
    # Positions of the three visible characters before each break and the two after it;
    # -1 where the line is shorter (the model's text boundary stands in).
    k = np.searchsorted(vis, lines.end[:-1])
    before = np.stack([k - 3, k - 2, k - 1], axis=1)
    pos_before = np.where(before >= 0, vis[np.clip(before, 0, None)], -1)
    pos_before = np.where(pos_before >= lines.start[:-1, None], pos_before, -1)
    k2 = np.searchsorted(vis, lines.start[1:])
    after = np.stack([k2, k2 + 1], axis=1)
    pos_after = np.where(after < len(vis), vis[np.clip(after, None, len(vis) - 1)], -1)
    pos_after = np.where(pos_after < lines.end[1:, None], pos_after, -1)
    pos = np.concatenate([pos_before, pos_after], axis=1)
    ids = model.encode_codes(lines.codes[np.clip(pos, 0, None)])
    ids[pos < 0] = lm.BOS
    m = n - 1
    bos = np.full((m, 1), lm.BOS, np.uint32)
    stop = np.full((m, 1), model.char_id("。"), np.uint32)
    comma = np.full((m, 1), model.char_id("，"), np.uint32)
    windows = np.concatenate(
        [
            ids[:, 0:4],
            ids[:, 1:5],
            np.concatenate([bos, bos, bos, ids[:, 3:4]], axis=1),
            np.concatenate([bos, bos, ids[:, 3:5]], axis=1),
            np.concatenate([ids[:, 0:3], stop], axis=1),
            np.concatenate([ids[:, 1:3], stop, ids[:, 3:4]], axis=1),
            np.concatenate([ids[:, 2:3], stop, ids[:, 3:5]], axis=1),
            np.concatenate([ids[:, 0:3], comma], axis=1),
            np.concatenate([ids[:, 1:3], comma, ids[:, 3:4]], axis=1),
            np.concatenate([ids[:, 2:3], comma, ids[:, 3:5]], axis=1),
        ]
    )
    lp = model.score(windows).reshape(10, m)
    two = pos[:, 4] >= 0
    score = lp[0] - lp[2] + np.where(two, lp[1] - lp[3], 0.0)
    past_stop = lp[0] - lp[4] - lp[5] + np.where(two, lp[1] - lp[6], 0.0)
    past_comma = lp[0] - lp[7] - lp[8] + np.where(two, lp[1] - lp[9], 0.0)
    past_mark = np.minimum(past_stop, past_comma)
    # A list item's number is rare at the start of the model's training lines, so the
    # text before it seems to lead on to it; it says nothing of the kind.
    score = np.where(lines.item[1:], np.minimum(score, 0.0), score)
    past_stop = np.where(lines.item[1:], np.minimum(past_stop, 0.0), past_stop)
    past_mark = np.where(lines.item[1:], np.minimum(past_mark, 0.0), past_mark)
    end = [0.0]
    return (
        np.concatenate([score, end]),
        np.concatenate([past_stop, end]),
        np.concatenate([past_mark, end]),
    )


def _reestimate(
    post: np.ndarray, cats: np.ndarray, k: int, prior: np.ndarray, weight: float = EM_PRIOR
) -> np.ndarray:
    counts = np.bincount(cats, weights=post, minlength=k)[:k]
    return (counts + weight * prior) / (counts.sum() + weight)


def _paragraph_ends(
    lines: _Lines, cols: _Columns, continuity: np.ndarray, past_stop: np.ndarray
) -> np.ndarray:
    """P(a paragraph ends at line i), for every line (the last line's is 1)."""
    n = len(lines.start)
    x = cols.width - cols.column
    w = cols.column
    indent = _estimate_indent(lines, cols, continuity)
    ending = np.asarray(lines.ending)
    sep = np.minimum(np.asarray(lines.newlines), 3) - 1  # 0, 1, 2 for 1, 2, 3+ breaks
    sep[-1] = 0
    lead = np.asarray(lines.lead, dtype=np.int64)
    standalone = _standalone(cols)
    # A news dateline (本报讯, 新华社北京6月11日电) only ever opens a paragraph.
    not_opening = np.where(np.asarray(lines.dateline), 1e-3, 1.0)

    # A line stops short of its measure where the next line's first unit would not have
    # fitted (a Latin word, a character with the mark after it): it is still full.
    gap = np.zeros(n)
    marked = np.zeros(n, dtype=bool)
    word = np.zeros(n, dtype=bool)
    units, unit_marked, unit_latin = _first_units(lines, cols.punct_width)
    gap[:-1], marked[:-1], word[:-1] = units[1:], unit_marked[1:], unit_latin[1:]
    # The unit did not fit: the line fell short by less than it -- by a little more as
    # counted, where the line's half-cell characters are wider in the font (digits).
    slack = np.minimum(UNIT_SLACK * np.asarray(lines.narrow), 1.5)

    # In text without indent, not after a sentence end: there only its shortness says a
    # line ends its paragraph (the next line's indent says it elsewhere).
    relievable = (ending != _CAT_T) | (indent >= 1.0)

    def short_of(target: float) -> np.ndarray:
        return (x < target) & (target - x < gap + slack - 1e-6) & relievable

    def relieved(target: float) -> np.ndarray:
        return np.where(short_of(target), np.minimum(x + gap, target), x)

    # Whether this typesetter moves a character down with the mark after it, or squeezes
    # the mark in: lines cut mid-sentence a cell short before such a unit say the one,
    # lines wider by their last mark the other.
    cut_short = (ending == _CAT_O) & marked & short_of(0.0) & (x <= -0.5) & ~standalone
    moves = float(cut_short.sum())
    moved_share = moves / (moves + cols.squeezed + 1.0)
    # A Latin word goes down whole in every typesetter's line breaking, squeezing or not:
    # after a comma or colon the line goes on; elsewhere (a review's last line without
    # a mark) the document's own evidence decides, as for other units.
    moved = np.where(word & ((ending == _CAT_C) | (ending == _CAT_K)), 1.0, moved_share)
    x_full, x_first = relieved(0.0), relieved(-indent)
    # A full line may fall short by a Latin word pushed to the next line, not by more.
    full = (
        0.95
        * (moved * _laplace(x_full, 0.0, WIDTH_SCALE) + (1 - moved) * _laplace(x, 0.0, WIDTH_SCALE))
        + 0.05 * _uniform(x, -SHORTFALL, 0.0)
        + 1e-3 * _uniform(x, -w, 1.0)
    )
    # A first line is an indent narrower -- or, where it ends on a mark, as often that
    # mark wider: a closing mark that did not fit is squeezed in, and a first line has
    # the room for it (the column's own overfull lines were narrowed by it already).
    squeezed = np.where(ending != _CAT_O, cols.punct_width, 0.0)
    first = 0.5 * (
        moved * _first_width(x_first, indent, w)
        + (1 - moved) * _first_width(x, indent, w)
        + _first_width(x - squeezed, indent, w)
    )
    last = _uniform(x, -w + 1, 1.0)
    single = _uniform(x, -w + 1, 1.0 - indent)

    end_last, end_single, end_join = _PRIOR_END_LAST, _PRIOR_END_SINGLE, _PRIOR_END_JOIN
    sep_break, sep_join = _PRIOR_SEP, _PRIOR_SEP
    flow = np.searchsorted(CONTINUITY_BINS, continuity)
    cont_break, cont_join = _PRIOR_CONT_BREAK, _PRIOR_CONT_JOIN
    # A line that ends without a mark: whether a full stop fits there says more.
    unmarked = ending == _CAT_O
    stop_ratio = np.exp(np.clip(STOP_A - STOP_B * past_stop, -6.0, 6.0))
    next_item = np.zeros(n, dtype=bool)
    next_item[:-1] = lines.item[1:]
    item_break, item_join = _PRIOR_ITEM_BREAK, _PRIOR_ITEM_JOIN
    lead_start, lead_cont = _PRIOR_LEAD_START, _PRIOR_LEAD_CONT
    cont, single_p = _PRIOR_CONTINUE, _PRIOR_SINGLE
    last_line = np.zeros(n, dtype=bool)
    last_line[-1] = True
    # Passes that learn the document's own habits (on its first EM_SAMPLE lines, enough
    # to learn them) -- a few, since a short text's habits (reviews that end without
    # punctuation) emerge only once the first pass has let them show -- then one to
    # decide every line with them.
    for final in (False,) * EM_ROUNDS + (True,):
        part = slice(None) if final or n <= EM_SAMPLE else slice(0, EM_SAMPLE)
        # The separator after the last line says nothing.
        reads_break = np.where(unmarked, stop_ratio, cont_break[flow])
        reads_join = np.where(unmarked, 1.0, cont_join[flow])
        reads_break = reads_break * np.where(next_item, item_break, 1.0 - item_break)
        reads_join = reads_join * np.where(next_item, item_join, 1.0 - item_join)
        b = np.where(last_line, 1.0, sep_break[sep] * reads_break)[part]
        j = (end_join[ending] * np.where(last_line, 1.0, sep_join[sep] * reads_join))[part]
        ls = np.where(lead == 1, lead_start, 1 - lead_start)[part]
        lc = np.where(lead == 1, lead_cont, 1 - lead_cont)[part]
        alone = standalone[part]
        ef = np.where(alone, 0.0, first[part] * j * ls)
        em = np.where(alone, 0.0, full[part] * j * lc * not_opening[part])
        el = np.where(alone, 0.0, last[part] * end_last[ending[part]] * b * lc * not_opening[part])
        es = np.where(alone, 1.0, single[part] * end_single[ending[part]] * b * ls)
        pf, pm, pl, ps = _forward_backward(ef, em, el, es, cont, single_p)
        ends = pl + ps
        if final:
            break
        # Re-estimate what the document's own layout says, from its column lines.
        col = ~alone
        if col.sum() < 4:
            if n <= EM_SAMPLE:
                break
            continue
        starts = pf + ps
        cat, sp, fl, ld = ending[part], sep[part], flow[part], lead[part]
        pe = np.where(col, ends, 0.0)
        pj = np.where(col, 1.0 - ends, 0.0)
        pe_sep = np.where(last_line[part], 0.0, pe)
        pj_sep = np.where(last_line[part], 0.0, pj)
        end_last = _reestimate(np.where(col, pl, 0.0), cat, 5, _PRIOR_END_LAST)
        end_single = _reestimate(np.where(col, ps, 0.0), cat, 5, _PRIOR_END_SINGLE)
        end_join = _reestimate(pj, cat, 5, _PRIOR_END_JOIN)
        sep_break = _reestimate(pe_sep, sp, 3, _PRIOR_SEP, SEP_PRIOR)
        sep_join = _reestimate(pj_sep, sp, 3, _PRIOR_SEP, SEP_PRIOR)
        um, ni = unmarked[part], next_item[part]
        item_break = float((pe_sep @ ni + EM_PRIOR * _PRIOR_ITEM_BREAK) / (pe_sep.sum() + EM_PRIOR))
        item_join = float((pj_sep @ ni + EM_PRIOR * _PRIOR_ITEM_JOIN) / (pj_sep.sum() + EM_PRIOR))
        cont_break = _reestimate(np.where(um, 0.0, pe_sep), fl, 5, _PRIOR_CONT_BREAK)
        cont_join = _reestimate(np.where(um, 0.0, pj_sep), fl, 5, _PRIOR_CONT_JOIN)
        ps_c = np.where(col, starts, 0.0)
        pc_c = np.where(col, 1.0 - starts, 0.0)
        lead_start = float((ps_c @ ld + EM_PRIOR * _PRIOR_LEAD_START) / (ps_c.sum() + EM_PRIOR))
        lead_cont = float((pc_c @ ld + EM_PRIOR * _PRIOR_LEAD_CONT) / (pc_c.sum() + EM_PRIOR))
        n_s, n_f = float(ps[col].sum()), float(pf[col].sum())
        n_m, n_l = float(pm[col].sum()), float(pl[col].sum())
        single_p = (n_s + EM_PRIOR * _PRIOR_SINGLE) / (n_s + n_f + EM_PRIOR)
        cont = (n_m + EM_PRIOR * _PRIOR_CONTINUE) / (n_m + n_l + EM_PRIOR)
    return ends


# --- Latin-script lines --------------------------------------------------------------------------
#: A line is Latin script when full-cell characters are at most this share of it.
LATIN_LINE_SHARE = 0.1
#: A Latin line that does not end a sentence ends its paragraph only when the next
#: line's first word would have fitted this share of the block's longest line.
LATIN_ROOM = 0.8
_SENTENCE_STOP = re.compile(r"[.!?:][\"')\]]*$")


def _latin_lines(lines: _Lines) -> np.ndarray:
    """Lines of Latin script (English, code, URLs): few full-cell characters, mostly
    letters and digits."""
    size = (lines.end - lines.start).astype(np.float64)
    return (lines.wide + lines.punct <= LATIN_LINE_SHARE * size) & (lines.narrow >= 0.5 * size)


def _measure(lengths: list[int]) -> float:
    """A block of Latin lines' measure in characters: its longest line, but for the one
    line in ten an extractor may have run into the next (pypdfium2 does at a hyphen)."""
    if len(lengths) < 5:
        return float(max(lengths))
    return float(np.percentile(lengths, 90, method="lower"))


def _latin_ends(text: str, lines: _Lines, ends: np.ndarray, in_column: list[bool]) -> np.ndarray:
    """Paragraph ends around the Latin-script lines of a column dump.

    Latin text in a column is set in a proportional font, ragged or justified: its
    lines' widths in cells say little.  What says where its paragraphs end is the rule
    every line breaker follows: a line ends where the next word would not fit.  So a
    Latin line ends its paragraph when it ends a sentence and the next line's first word
    would have fitted on it (the block's longest line stands for the measure), or,
    without a sentence end, when it would have fitted with room to spare; otherwise it
    goes on.  Between Latin and Chinese lines a sentence end is a paragraph end.
    """
    latin = _latin_lines(lines).tolist()
    if not any(latin) or not any(in_column):
        return ends
    ends = ends.copy()
    n = len(latin)
    starts, stops = lines.start.tolist(), lines.end.tolist()
    # A line PDFium ran into the next at a hyphen (U+FFFE) is two lines of the measure:
    # its length is that of its last piece, and each piece counts for the measure.
    length, pieces = [], []
    for a, b in zip(starts, stops, strict=True):
        cut = text.rfind("\ufffe", a, b)
        length.append(b - a if cut < 0 else b - cut)
        parts = text[a:b].split("\ufffe")
        pieces.append([len(p) + 1 for p in parts[:-1]] + [len(parts[-1])])
    ending = lines.ending.tolist()
    i = 0
    while i < n:
        if not latin[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and latin[j + 1]:
            j += 1
        if not any(in_column[max(0, i - 1) : j + 2]):
            i = j + 1
            continue
        measure = _measure([m for k in range(i, j + 1) for m in pieces[k]])
        for k in range(i, min(j + 1, n - 1)):
            stop = _SENTENCE_STOP.search(text, starts[k], stops[k]) is not None
            if k == j:  # Chinese follows
                if stop:
                    ends[k] = max(ends[k], 0.95)
                continue
            word = text[starts[k + 1] : stops[k + 1]].split(" ", 1)[0]
            room = measure - length[k] - 1 - len(word)
            if stop:
                ends[k] = 0.95 if room >= 0 else 0.05
            else:
                ends[k] = 0.9 if room >= (1 - LATIN_ROOM) * measure else 0.02
        # A Chinese line before them that ends a sentence, or a bracket or quote closing
        # after one (``。（晓朱）``), ends its paragraph.
        if i > 0 and ending[i - 1] in (_CAT_T, _CAT_Q):
            ends[i - 1] = max(ends[i - 1], 0.95)
        i = j + 1
    return ends


def _lost_dash_gap(text: str, at: int, left_kind: int) -> bool:
    """Whether the space at ``at`` may be where pdftotext ran two lines together.

    pdftotext takes a line that ends with a hyphen for a hyphenated word: it drops the
    hyphen and runs the line into the next.  A line that ended with a dash set apart by
    spaces (``选 项 -`` before ``LibreOffice Writer``) comes out as ``选 项 LibreOffice
    Writer``: the space left between a Chinese character and a Latin word."""
    return left_kind == _WIDE and at + 1 < len(text) and bool(_ASCII_WORD.match(text[at + 1]))


def _split_merged_lines(text: str, lines: _Lines, cols: _Columns) -> str:
    """``text`` with a space or PDFium's U+FFFE turned into a line break where an
    extractor ran two lines of a column dump into one.

    PDFium does so where a glyph reaches above or below its line (``请看——— 浙江省``):
    the line comes out twice as wide as the column, the two halves joined by one space
    between full-cell characters.  Such a line is split at the space that leaves two
    pieces the column holds, the first as full as may be.  pdftotext does so at a line
    that ends with a hyphen or a dash (see :func:`_lost_dash_gap`).  Only in text that is
    mostly a column dump: elsewhere a wide line is a paragraph of its own.
    """
    if not len(lines.start) or cols.in_column.mean() < MOSTLY_COLUMN:
        return text
    # At a hyphen it took as ending a line, PDFium runs that line into the next and puts
    # U+FFFE for the hyphen: a line break (the join puts the hyphen back).
    breaks = [m.start() for m in _LINE_END_HYPHEN.finditer(text)]
    over = np.flatnonzero(cols.width - cols.column > OVERFULL)
    cell = {_WIDE: 1.0, _PUNCT: cols.punct_width, _NARROW: 0.5}
    for i in over.tolist():
        a, b, column = int(lines.start[i]), int(lines.end[i]), float(cols.column[i])
        if " " not in text[a:b] or "\ufffe" in text[a:b]:  # no space, or split at U+FFFE
            continue
        kinds = _WIDTH_LUT[lines.codes[a:b]].tolist()
        widths = [cell.get(k, 0.0) for k in kinds]
        # A space takes half a cell, as _read_lines measures it, unless it is a justified
        # line's stretch between two full-cell characters.
        for j in range(1, len(kinds) - 1):
            if kinds[j] == _SPACE_CLASS and not (kinds[j - 1] <= _PUNCT and kinds[j + 1] <= _PUNCT):
                widths[j] = 0.5
        total = sum(widths)
        fits: list[tuple[float, int]] = []  # (how far the first piece is short, where)
        spaces = 0
        left = 0.0
        for j in range(1, b - a - 1):
            left += widths[j - 1]
            if text[a + j] != " ":
                continue
            if _lost_dash_gap(text, a + j, kinds[j - 1]):
                pass
            elif not (kinds[j - 1] <= _PUNCT and kinds[j + 1] <= _PUNCT):
                continue
            # Between two characters, or by a dash; not the gap after a comma set full.
            elif (kinds[j - 1] == _PUNCT or kinds[j + 1] == _PUNCT) and not (
                text[a + j - 1] in _DASHES or text[a + j + 1] in _DASHES
            ):
                continue
            spaces += 1
            if left <= column + 0.5 and total - left <= column + 0.5:
                fits.append((column - left, a + j))
        # The one space of the line, wherever the first piece ends (a paragraph's last
        # line may); among the stretch of a justified line, the one leaving it full.
        gap, at = min(fits, default=(np.inf, -1))
        if at >= 0 and (spaces == 1 or gap < OVERFULL):
            breaks.append(at)
    if not breaks:
        return text
    chars = list(text)
    for at in breaks:
        chars[at] = "\n"
    return "".join(chars)


# --- joining and cleaning ------------------------------------------------------------------------
_change_key = attrgetter("start", "end")
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")
#: Characters of Latin-script text: ASCII letters, digits and punctuation, Latin letters
#: with diacritics, Greek and Cyrillic.
_LATIN = re.compile(r"[!-~\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
_OPENERS = frozenset("([{/")
_LATIN_CLOSERS = frozenset(")]},.;:!?%/")

_SP = f"[{SPACE}]+"
_CTX = f"{CJK}{QUOTES}"
_MARK = re.compile(r"[,;:!?.]")
_AFTER_FULL_STOP = re.compile(f"[{HAN}{FW_OPEN}\u201c\n]")
_FULL = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？", ".": "。", "(": "（", ")": "）"}
_PAREN = re.compile(r"[(（]([^()（）\n]{1,100}?)[)）]")
_DQUOTE = re.compile(r'"([^"\n]{1,100}?)"')
_HAN_RE = re.compile(f"[{HAN}]")
_CTX_CHAR = re.compile(f"[{_CTX}]")
_CJKQ_CHAR = _CTX_CHAR
_CJK_CHAR = re.compile(f"[{CJK}]")
_SPACE_RUN = re.compile(_SP)
_LINE_END_HYPHEN = re.compile("\ufffe")
_DASHES = frozenset("\u2014\u2015\u2500")
_ASCII_PUNCT = re.compile(r'[,;:!?.()"]')
_SPACE_CHARS = frozenset(
    " \t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u200b\u202f\u205f\u3000"
)


def _neighbour(text: str, i: int, step: int) -> str:
    """The first non-space character from ``i`` in direction ``step`` ('' at the edge of
    the paragraph)."""
    while 0 <= i < len(text):
        if text[i] not in _SPACE_CHARS:
            return "" if text[i] == "\n" else text[i]
        i += step
    return ""


def _punctuation_changes(text: str) -> list[tuple[int, str, str]]:
    """ASCII punctuation in Chinese context, as ``(position, before, after)`` 1:1 edits.

    ``，；：`` where the mark follows Chinese (or a Latin word inside Chinese) and Chinese,
    a number or the paragraph's end follows; ``！？`` after Chinese unless Latin follows;
    ``。`` between Chinese characters or at the paragraph's end; brackets and double quotes
    around Chinese in Chinese context.
    """
    edits: list[tuple[int, str, str]] = []
    n = len(text)
    for m in _MARK.finditer(text):
        i = m.start()
        ch = text[i]
        if ch == ".":
            if (
                i > 0
                and _HAN_RE.match(text, i - 1)
                and (i + 1 == n or _AFTER_FULL_STOP.match(text, i + 1))
            ):
                edits.append((i, ch, _FULL[ch]))
            continue
        left = _neighbour(text, i - 1, -1)
        if ch in "!?":
            if left and _CTX_CHAR.match(left) and (i + 1 == n or not "!" <= text[i + 1] <= "~"):
                edits.append((i, ch, _FULL[ch]))
            continue
        right = _neighbour(text, i + 1, 1)
        if right and not (_CTX_CHAR.match(right) or _ASCII_WORD.match(right)):
            continue
        if left and _CTX_CHAR.match(left):
            edits.append((i, ch, _FULL[ch]))
        elif left and _ASCII_WORD.match(left) and right and _CTX_CHAR.match(right):
            # A Latin word inside a Chinese sentence, then the sentence's punctuation:
            # ``装XP, 幸亏`` -> ``装XP，幸亏``.
            k = i - 1
            while k >= 0 and text[k] in _SPACE_CHARS:
                k -= 1
            while k >= 0 and _ASCII_WORD.match(text, k):
                k -= 1
            before = _neighbour(text, k, -1)
            if before and _CTX_CHAR.match(before):
                edits.append((i, ch, _FULL[ch]))
    for rx, left_sub, right_sub in ((_PAREN, "（", "）"), (_DQUOTE, "\u201c", "\u201d")):
        for m in rx.finditer(text):
            a, b = m.start(), m.end() - 1
            if text[a] not in '("' and text[b] not in ')"':
                continue
            if not _HAN_RE.search(m.group(1)):
                continue
            left = _neighbour(text, a - 1, -1)
            right = _neighbour(text, b + 1, 1)
            chinese = (
                (left and _CTX_CHAR.match(left))
                or (right and _CTX_CHAR.match(right))
                or (not left and not right)
            )
            if not chinese:
                continue
            if text[a] != left_sub:
                edits.append((a, text[a], left_sub))
            if text[b] != right_sub:
                edits.append((b, text[b], right_sub))
    edits.sort()
    return edits


def _clean(
    text: str,
    local: list[int],
    origin: list[int],
    layout_spaces: bool,
    confidence: float,
    changes: list[LayoutChange],
    keep_ideographic_spaces: bool = False,
) -> str:
    """Full-width punctuation in Chinese context; layout spaces removed where asked.

    ``text`` holds paragraphs, one per line.  ``local``/``origin``: where each piece of it
    starts in it and in the input, to report changes in input offsets.
    """

    def to_input(pos: int) -> int:
        k = bisect_right(local, pos) - 1
        return origin[k] + (pos - local[k])

    edits = _punctuation_changes(text) if _ASCII_PUNCT.search(text) else []
    if edits:
        chars = list(text)
        for pos, before, after in edits:
            chars[pos] = after
            o = to_input(pos)
            changes.append(
                LayoutChange(
                    o,
                    o + 1,
                    before,
                    after,
                    "ASCII punctuation in Chinese text",
                    0.95,
                    "punctuation",
                )
            )
        text = "".join(chars)
    removals: list[tuple[int, int, str]] = []  # (start, end, replacement)
    hyphens: list[tuple[int, int, str]] = []
    if layout_spaces:
        # PDFium marks a hyphen it took as ending a line with U+FFFE and joins the line
        # to the next (``why\ufffenot``); no text holds that noncharacter: it is the hyphen.
        hyphens = [(m.start(), m.end(), "-") for m in _LINE_END_HYPHEN.finditer(text)]
        for m in _SPACE_RUN.finditer(text):
            a, b = m.span()
            if a == 0 or b == len(text):
                continue
            left, right = text[a - 1], text[b]
            if keep_ideographic_spaces and m.group().strip("\u3000") == "":
                continue
            if _is_layout_space(left, right):
                removals.append((a, b, ""))
            elif "!" <= left <= "~" and "!" <= right <= "~" and m.group() != " ":
                removals.append((a, b, " "))  # one space between Latin words
    elif edits:
        # Outside layout text, only the spaces that went with the ASCII punctuation go.
        converted = {pos for pos, _, _ in edits}
        for m in _SPACE_RUN.finditer(text):
            a, b = m.span()
            if a - 1 in converted or b in converted:
                removals.append((a, b, ""))
    if hyphens:
        removals = sorted(removals + hyphens)
    if not removals:
        return text
    out = []
    prev = 0
    for a, b, repl in removals:
        out.append(text[prev:a])
        out.append(repl)
        prev = b
        o = to_input(a)
        hyphen = text[a:b] == "\ufffe"
        changes.append(
            LayoutChange(
                o,
                o + (b - a),
                text[a:b],
                repl,
                "line-end hyphen marked by the extractor"
                if hyphen
                else "layout space in Chinese text",
                confidence,
                "punctuation" if hyphen else "space",
            )
        )
    out.append(text[prev:])
    return "".join(out)


def _is_layout_space(left: str, right: str) -> bool:
    """Spaces a page layout leaves: between Chinese characters or marks (quotes count),
    and between Chinese and Latin letters or digits."""
    if _CJKQ_CHAR.match(left) and _CJKQ_CHAR.match(right):
        return True
    if _CJK_CHAR.match(left):
        return bool(_ASCII_WORD.match(right))
    return bool(_CJK_CHAR.match(right)) and (bool(_ASCII_WORD.match(left)) or left == "%")


def _join(left_end: str, right_start: str) -> str:
    """What goes where a line break inside a paragraph was: the space a Latin-script
    line lost at its end (``test.\nSecond`` is ``test. Second``, ``work,\n(with`` is
    ``work, (with``); nothing in Chinese, nor after a hyphen (``well-\nknown``)."""
    if left_end == "-" or not (_LATIN.match(left_end) and _LATIN.match(right_start)):
        return ""
    if left_end in _OPENERS or right_start in _LATIN_CLOSERS:
        return ""
    return " "


_LONE_DASHES = frozenset("-\u2013")  # a hyphen or en dash set as a word of its own


def _beside_lone_dash(text: str, left_end: int, right_start: int) -> bool:
    """Whether a line break inside a paragraph sits beside a dash set apart by spaces
    (``选项 - LibreOffice``, ``页脚 - 页脚``): a line that ends ``选项 -`` or a line that
    starts ``- 页脚``.  The engine broke the line at one of the dash's two spaces, so the
    join puts that space back; a hyphen inside a word (``debian-\n列表``, ``-request``)
    has no space beside it and joins as it is."""
    if text[left_end - 1] in _LONE_DASHES and left_end >= 2 and text[left_end - 2] == " ":
        return True
    return (
        text[right_start] in _LONE_DASHES
        and right_start + 1 < len(text)
        and text[right_start + 1] == " "
    )


def restore_layout(text: str, *, from_pdf: bool = False) -> Layout:
    """Join the lines of column dumps into paragraphs and clean Chinese spacing.

    ``text`` should already have its characters repaired.  ``from_pdf`` says the text is
    known to come out of a PDF (it showed PDF font damage): then spaces in Chinese
    context are layout spaces even where the lines are not a column dump.

    >>> restore_layout("会议指出，要切实提高政治站位，统一思\\n想认识，把抓好问题整改作为践行“四\\n"
    ...                "个意识”的现实检验。\\n").to_text()
    '会议指出，要切实提高政治站位，统一思想认识，把抓好问题整改作为践行“四个意识”的现实检验。\\n'
    """
    source = text
    lines = _read_lines(text)
    n = len(lines.start)
    if n == 0:
        return Layout(text, (), ())
    continuity, past_stop, past_mark = _continuity(lines)
    cols = _estimate_columns(lines, continuity, past_stop, past_mark)
    split = _split_merged_lines(text, lines, cols)
    if split != text:  # a space became a line break: the same offsets, new lines
        text = split
        lines = _read_lines(text)
        n = len(lines.start)
        continuity, past_stop, past_mark = _continuity(lines)
        cols = _estimate_columns(lines, continuity, past_stop, past_mark)
    ends = _paragraph_ends(lines, cols, continuity, past_stop)
    in_column = (~_standalone(cols)).tolist()
    ends = _latin_ends(text, lines, ends, in_column)
    # A column dump, or text with PDF font damage, came out of a page layout: its spaces
    # in Chinese context are the layout's, wherever they are.
    layout_spaces = from_pdf or any(in_column)
    starts, stops = lines.start.tolist(), lines.end.tolist()
    p_end = ends.tolist()
    columns = cols.column.tolist()
    reasons: dict[float, str] = {}
    changes: list[LayoutChange] = []
    # All paragraphs, one per line, and where each piece of that came from in the input.
    parts: list[str] = []
    local: list[int] = []
    origin: list[int] = []
    spans: list[tuple[int, int, float, bool]] = []
    pos = 0
    first = 0
    start_conf = 1.0
    for i in range(n):
        if i < n - 1 and p_end[i] < 0.5:
            continue
        if spans:
            parts.append("\n")
            pos += 1
        s = starts[first]
        parts.append(text[s : stops[first]])
        local.append(pos)
        origin.append(s)
        pos += stops[first] - s
        for k in range(first + 1, i + 1):
            prev_end, s = stops[k - 1], starts[k]
            if source[prev_end] == "\ufffe":
                joiner = "-"
            elif _beside_lone_dash(text, prev_end, s):
                joiner = " "
            else:
                joiner = _join(text[prev_end - 1], text[s])
            if joiner:
                parts.append(joiner)
                local.append(pos)
                origin.append(prev_end)
                pos += 1
            reason = reasons.get(columns[k - 1])
            if reason is None:
                reason = reasons[columns[k - 1]] = f"line joined (column width {columns[k - 1]:g})"
            changes.append(
                LayoutChange(
                    prev_end, s, source[prev_end:s], joiner, reason, 1.0 - p_end[k - 1], "join"
                )
            )
            parts.append(text[s : stops[k]])
            local.append(pos)
            origin.append(s)
            pos += stops[k] - s
        spans.append((starts[first], stops[i], start_conf, i > first))
        if i < n - 1:
            if in_column[i] or in_column[i + 1]:
                changes.append(
                    LayoutChange(
                        stops[i],
                        starts[i + 1],
                        source[stops[i] : starts[i + 1]],
                        "\n",
                        "paragraph break",
                        p_end[i],
                        "break",
                    )
                )
            start_conf = p_end[i]
        first = i + 1
    cleaned: list[LayoutChange] = []
    confidence = 0.95 if any(in_column) else 0.9
    bodies = _clean("".join(parts), local, origin, layout_spaces, confidence, cleaned).split("\n")
    if cleaned:
        changes.extend(cleaned)
        changes.sort(key=_change_key)
    paragraphs = tuple(
        Paragraph(body, a, b, conf, joined)
        for body, (a, b, conf, joined) in zip(bodies, spans, strict=True)
    )
    return Layout(source, paragraphs, tuple(changes))


def clean_paragraphs(
    paragraphs: list[str], *, keep_ideographic_spaces: bool = False
) -> tuple[list[str], list[LayoutChange]]:
    """The spacing step alone, for paragraphs found by other means (a PDF's geometry):
    ASCII punctuation in Chinese context made full-width, layout spaces in Chinese
    context removed, Latin words' spaces kept.  ``keep_ideographic_spaces``: an
    ideographic space (U+3000) is text the typesetter set (``本报讯\u3000（记者…）``),
    not a gap a text dump left, so it stays.  Change offsets are into
    ``"\\n".join(paragraphs)``; no paragraph may hold a line break."""
    changes: list[LayoutChange] = []
    text = _clean("\n".join(paragraphs), [0], [0], True, 0.95, changes, keep_ideographic_spaces)
    return text.split("\n"), changes
