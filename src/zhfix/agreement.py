"""Agreement between decisions: what three characters of context cannot see.

The character model decides each candidate from the characters around it.  These rules
then make the decisions agree with each other and with typesetting.  Each is a log-odds
prior (:data:`PAIR_BONUS`) weighed against the model's own log-odds, so a confident
decision stands, except where typesetting makes the reading impossible:

* paired marks pair up (``“”`` ``《》`` ``（）`` ``『』`` …), and an empty pair is unlikely;
* a dash comes as ``——``, or alone between two numbers (``2010—2020``);
* lines numbered ``①②③`` form a list, and ``label：value`` lines agree;
* marks no typesetter sets side by side (``『。`` ``、）``) are never produced.

The rules revise a :class:`Decisions` in place; :func:`agree` applies them all, and
:func:`pair_evidence` lends the pairing to the segmentation before that.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from . import _ngram
from .shift import SHIFTED_TO_SYMBOL, SYMBOL_TO_SHIFTED

_MAX_CODE = 0x110000
#: How far (in characters) a lone paired mark looks for a candidate to be its partner.
PAIR_SPAN = 120
#: How far a paired mark looks for a partner already repaired (a quotation may run a
#: whole paragraph; picking a partner that far would be guessing, finding one is not).
PAIR_REACH = 600
#: Log-odds prior that a repaired paired mark has a partner; also the weight of the
#: other agreements.
PAIR_BONUS = 6.0
#: Longest label (in characters) before the colon of a ``label：value`` line.
LABEL_CHARS = 4
_DASH_CODE = ord(SYMBOL_TO_SHIFTED["—"])
#: Marks that stand between two numbers as a range: ``—`` ``－`` ``～``.
_RANGE_CODES = np.array([ord(SYMBOL_TO_SHIFTED[m]) for m in "—－～"], dtype=np.uint32)
#: What may stand inside a number (``9:00`` ``2.5`` ``１，０００``).
_NUMBER_INNER = frozenset(ord(c) for c in ".:,．：，")
_NUMBER_INNER_CODES = np.array(sorted(_NUMBER_INNER), dtype=np.uint32)
#: Units a range's two ends may both carry (``482年—493年`` ``5时30分－22时30分``).
_RANGE_UNITS = frozenset(ord(c) for c in "年月日时分秒")
_RANGE_UNIT_CODES = np.array(sorted(_RANGE_UNITS), dtype=np.uint32)
_COLON_CODE = ord(SYMBOL_TO_SHIFTED["："])
_QUOTE_CODES = frozenset(ord(SYMBOL_TO_SHIFTED[q]) for q in "“‘「『")
PAIR_CODES = [
    (ord(SYMBOL_TO_SHIFTED[a]), ord(SYMBOL_TO_SHIFTED[b]))
    for a, b in ("“”", "‘’", "《》", "〈〉", "（）", "『』", "「」", "【】", "〔〕", "〖〗")
]
#: Bit k set where ``PAIR_CODES[k]`` are quotation marks (a quotation may run on over
#: several paragraphs).
_QUOTE_MASK = sum(1 << k for k, (opener, _) in enumerate(PAIR_CODES) if opener in _QUOTE_CODES)
#: Per code point: ``2k`` for the opening and ``2k+1`` for the closing candidate of
#: ``PAIR_CODES[k]``, -1 for anything else.
_PAIR_KIND = np.full(_MAX_CODE, -1, dtype=np.int8)
for _k, (_open, _close) in enumerate(PAIR_CODES):
    _PAIR_KIND[_open], _PAIR_KIND[_close] = 2 * _k, 2 * _k + 1
#: Above this many paired candidates, :func:`pair_evidence` works by arrays, not a loop.
_PAIR_LOOP_MAX = 64
#: Numbering series (``①②③`` ``⑴⑵⑶`` ``⒈⒉⒊`` ``㈠㈡㈢`` ``ⅠⅡⅢ``) as first and last member.
_SERIES = (("①", "⑩"), ("⑴", "⒇"), ("⒈", "⒛"), ("㈠", "㈩"), ("Ⅰ", "Ⅻ"))
#: Shifted character -> (series, ordinal) for every member of a numbering series.
_ORDINAL = {
    ord(SYMBOL_TO_SHIFTED[chr(code)]): (series, code - ord(first))
    for series, (first, last) in enumerate(_SERIES)
    for code in range(ord(first), ord(last) + 1)
    if chr(code) in SYMBOL_TO_SHIFTED
}
#: Marks that never stand side by side, as (left, right) sets: a pause mark after an
#: opening mark (``“，`` ``『。``), a bracket or quotation closed right after ``，、；``.
#: (``。。`` and ``，，`` are left alone: informal writing has them.)
_NEVER_ADJACENT = (("“‘《〈（『「【〔〖", "，。、；："), ("，、；", "）》』」〕】〗〉"))
#: Per code point, bit 2k: a left mark of ``_NEVER_ADJACENT[k]``, bit 2k+1: a right one.
_NEIGHBOUR_ROLE = np.zeros(_MAX_CODE, dtype=np.uint8)
for _k, (_left, _right) in enumerate(_NEVER_ADJACENT):
    for _ch in _left:
        _NEIGHBOUR_ROLE[ord(_ch)] |= 1 << (2 * _k)
    for _ch in _right:
        _NEIGHBOUR_ROLE[ord(_ch)] |= 2 << (2 * _k)
#: Per code point: the symbol a shifted ideograph stands for (0 for anything else).
SYMBOL_OF = np.zeros(_MAX_CODE, dtype=np.uint32)
for _damaged, _symbol in SHIFTED_TO_SYMBOL.items():
    SYMBOL_OF[ord(_damaged)] = ord(_symbol)
#: Per code point: a shifted ideograph standing for a full-width digit.
_SHIFTED_DIGIT = np.zeros(_MAX_CODE, dtype=bool)
_SHIFTED_DIGIT[[ord(SYMBOL_TO_SHIFTED[chr(c)]) for c in range(ord("０"), ord("９") + 1)]] = True
#: What follows the number of a numbered item (``１、`` ``２：`` ``３．``).
_YEAR = ord("年")
_ITEM_MARK_CODES = np.array([ord(c) for c in "、：．."], dtype=np.uint32)
#: What ends the text before a numbered item: a finished sentence or caption.
_ITEM_BEFORE_CODES = np.array([ord(c) for c in "。！？；：…）」』”"], dtype=np.uint32)
#: The three code sets above as per-code-point lookups (one array access, not a search).
_IS_RANGE = np.zeros(_MAX_CODE, dtype=bool)
_IS_RANGE[_RANGE_CODES] = True
_IS_ITEM_MARK = np.zeros(_MAX_CODE, dtype=bool)
_IS_ITEM_MARK[_ITEM_MARK_CODES] = True
_IS_ITEM_BEFORE = np.zeros(_MAX_CODE, dtype=bool)
_IS_ITEM_BEFORE[_ITEM_BEFORE_CODES] = True
#: Per code point, which of the line rules could act on a candidate shown as it (bits
#: below): a text whose candidates have none of a rule's bits skips that rule outright.
_K_DIGIT, _K_ORDINAL, _K_COLON, _K_PAIRED = 1, 2, 4, 8
_RULE_KIND = np.zeros(_MAX_CODE, dtype=np.uint8)
_RULE_KIND[_SHIFTED_DIGIT] |= _K_DIGIT
_RULE_KIND[list(_ORDINAL)] |= _K_ORDINAL
_RULE_KIND[_COLON_CODE] |= _K_COLON
_RULE_KIND[[code for pair in PAIR_CODES for code in pair]] |= _K_PAIRED


@dataclass(slots=True)
class Decisions:
    """The candidates of a text and the decoder's decisions on them, which the rules
    revise in place.

    ``text`` holds the code points the model sees (whitespace taken out); ``at`` the
    positions of the candidates in it, ascending; ``chosen`` whether each is read as its
    symbol and ``margin`` the log-odds of that reading; ``eligible`` whether it lies in a
    region judged damaged; ``line_starts`` the position after each line break;
    ``source_breaks`` those of them where text of another source begins or ends (a line
    with genuine symbols beside one without): to the rules, a start of the text.
    """

    text: npt.NDArray[np.uint32]
    at: npt.NDArray[np.int64]
    chosen: npt.NDArray[np.bool_]
    margin: npt.NDArray[np.float64]
    eligible: npt.NDArray[np.bool_]
    line_starts: npt.NDArray[np.int64]
    source_breaks: npt.NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))

    shown: npt.NDArray[np.uint32] = field(init=False)
    """The candidates as they appear (``袁``, not ``，``)."""
    _opens_line: npt.NDArray[np.bool_] | None = field(init=False, default=None)
    _kinds: int | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.shown = self.text[self.at]

    @property
    def opens_line(self) -> npt.NDArray[np.bool_]:
        """Whether each candidate is the first character of a line."""
        if self._opens_line is None:
            if self.line_starts.size == 0:  # one line: only the text's start opens one
                self._opens_line = self.at == 0
            else:
                self._opens_line = line_openers(len(self.text), self.line_starts)[self.at]
        return self._opens_line

    def shows(self, kind: int) -> bool:
        """Whether any candidate is shown as a character of ``kind`` (the ``_K_`` bits):
        a rule for kinds no candidate shows has nothing to do, and per text the numpy
        calls it would make cost more than the rest of a short text's decoding."""
        if self._kinds is None:
            self._kinds = int(np.bitwise_or.reduce(_RULE_KIND[self.shown])) if self.at.size else 0
        return bool(self._kinds & kind)


def line_openers(length: int, line_starts: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """For each position of a text of ``length`` (and one past its end): does a line
    start there?  ``line_starts`` are the positions after each line break."""
    starts = np.zeros(length + 1, dtype=bool)
    starts[line_starts] = True
    starts[0] = True
    return starts


def agree(d: Decisions) -> None:
    """Apply every rule, in the order they depend on each other."""
    forbid_impossible_neighbours(d)
    balance_pairs(d)
    join_digit_runs(d)
    number_lists(d)
    numbered_items(d)
    undo_lone_dashes(d)
    label_lines(d)


def pair_evidence(d: Decisions) -> npt.NDArray[np.float64]:
    """Log-odds each candidate gains, as evidence of damage, from a partner it would pair
    with: an opening candidate and the next closing one of its kind within
    :data:`PAIR_SPAN`, neither of which the model is sure against, get half of
    :data:`PAIR_BONUS` each (``渊王文冤`` is likelier ``（王文）`` than chance).

    This is evidence for *where* the text is damaged; :func:`balance_pairs` decides the
    marks themselves once the regions are known.
    """
    # One backward pass in C (``_ngram.pair_evidence``), each opener meeting the next
    # closer of its kind; see :func:`_pair_evidence_reference`.
    gain = _ngram.pair_evidence(
        d.shown, d.at, d.margin, _PAIR_KIND, len(PAIR_CODES), PAIR_SPAN, PAIR_BONUS
    )
    return np.frombuffer(gain, dtype=np.float64)


def _pair_evidence_reference(d: Decisions) -> npt.NDArray[np.float64]:
    """:func:`pair_evidence` in numpy, as readable reference: the C version is checked
    against it (``tests/test_agreement_c.py``)."""
    shown, cand, margin = d.shown, d.at, d.margin
    gain = np.zeros(cand.size)
    kind = _PAIR_KIND[shown]
    members = np.flatnonzero((kind >= 0) & (margin > -PAIR_BONUS))
    if members.size == 0:
        return gain
    if members.size > _PAIR_LOOP_MAX:
        plausible = margin > -PAIR_BONUS
        for k in np.unique(kind[members] >> 1).tolist():
            opens = np.flatnonzero((kind == 2 * k) & plausible)
            closes = np.flatnonzero((kind == 2 * k + 1) & plausible)
            if opens.size == 0 or closes.size == 0:
                continue
            nxt = np.searchsorted(cand[closes], cand[opens], side="right")
            has = nxt < closes.size
            o, c = opens[has], closes[nxt[has]]
            near = cand[c] - cand[o] <= PAIR_SPAN
            gain[o[near]] = PAIR_BONUS / 2
            gain[c[near]] = PAIR_BONUS / 2
        return gain
    # Few paired candidates (most texts): one pass, each opener waiting for the next
    # closer of its kind.
    waiting: dict[int, list[tuple[int, int]]] = {}
    paired: list[int] = []
    rows = zip(members.tolist(), kind[members].tolist(), cand[members].tolist(), strict=True)
    for i, k, at in rows:
        if k % 2 == 0:
            waiting.setdefault(k, []).append((i, at))
            continue
        for opener, opener_at in waiting.pop(k - 1, ()):
            if at - opener_at <= PAIR_SPAN:
                paired += (opener, i)
    gain[paired] = PAIR_BONUS / 2
    return gain


def balance_pairs(d: Decisions) -> None:
    """Make paired marks (``“”`` ``《》`` ``（）`` ``『』`` …) agree, in place.

    A character model sees three characters each side, too few to know that ``『`` was
    opened ten characters back and ``一`` is its ``』``.  A repaired opening mark with no
    repaired closing mark within :data:`PAIR_SPAN` characters (before the next repaired
    opening mark) takes the likeliest closing candidate there, if the pairing prior
    :data:`PAIR_BONUS` outweighs the model's log-odds against it; otherwise the lone
    mark is itself undone if the prior outweighs the model's log-odds for it.  Closing
    marks with no opening mark are treated the same way, looking back.  An empty pair
    takes the character before it as its opening mark where that can be one.  ``margin`` is
    updated to the decision's log-odds including the prior.
    """
    # One call in C (``_ngram.balance_pairs``): the scan of :func:`_pair_scan` over each
    # pair type's events, forward then back, as this module describes it.  With no paired
    # candidate it has nothing to scan (and the line openers need not be worked out).
    if not d.shows(_K_PAIRED):
        return
    _ngram.balance_pairs(
        d.shown,
        d.at,
        d.chosen,
        d.margin,
        d.eligible,
        d.opens_line,
        _PAIR_KIND,
        len(PAIR_CODES),
        _QUOTE_MASK,
        PAIR_SPAN,
        PAIR_REACH,
        PAIR_BONUS,
    )


def _balance_pairs_reference(d: Decisions) -> None:
    """:func:`balance_pairs` in Python, as readable reference: the C version is checked
    against it (``tests/test_agreement.py``), and :func:`_pair_scan` is its scan."""
    shown, cand, chosen, margin, eligible = d.shown, d.at, d.chosen, d.margin, d.eligible
    line_opener = d.opens_line
    kind = _PAIR_KIND[shown]
    present = np.unique(kind[chosen & eligible & (kind >= 0)] >> 1).tolist()
    for k in present:
        is_open = eligible & (kind == 2 * k)
        is_close = eligible & (kind == 2 * k + 1)
        events = np.flatnonzero(is_open | is_close).tolist()
        opening = is_open[events].tolist()
        positions = cand[events].tolist()
        picked = chosen[events].tolist()
        score = margin[events].tolist()
        # A quotation running over several paragraphs opens each one and closes once.
        continues = line_opener[events].tolist() if PAIR_CODES[k][0] in _QUOTE_CODES else None
        for direction in (1, -1):
            _pair_scan(positions, opening, picked, score, direction, continues)
        chosen[events] = picked
        margin[events] = score


def forbid_impossible_neighbours(d: Decisions) -> None:
    """Undo repairs that set two marks side by side as no typesetter would, in place.

    A pause mark never follows an opening mark (``输过『。``) and ``，`` ``、`` ``；`` never
    close a bracket (``卢、）``); a back-off model, never having seen such a pair, falls
    back on how common each mark is alone and can propose one.  Where both marks are
    repairs, the less certain one is undone.
    """
    # One pass in C (``_ngram.forbid_neighbours``): a text's few dozen repairs cost less
    # there than the array calls that would set them up.
    _ngram.forbid_neighbours(
        d.text, d.at, d.chosen, d.margin, _NEIGHBOUR_ROLE, SYMBOL_OF, len(_NEVER_ADJACENT)
    )


def join_digit_runs(d: Decisions) -> None:
    """Read a digit candidate that completes a year (four full-width digits and ``年``)
    as a digit, in place, when :data:`PAIR_BONUS` outweighs the model's log-odds against.

    A year is written in one script: ``员９９７年`` is ``１９９７年``.  The model, which
    folds every full-width digit into one symbol and saw ``员`` before digits in words
    (``队员９号``, ``成员１００人``), can leave a year's first digit as the ideograph.
    Only a year is taken: beside shorter numbers the same ``员`` is as often the word.
    """
    if not d.shows(_K_DIGIT):
        return
    shown, cand, chosen, margin = d.shown, d.at, d.chosen, d.margin
    digit = _SHIFTED_DIGIT[shown] & d.eligible
    # No ``年`` in the text, no year (no candidate reads as ``年``: it is no symbol).
    if not (digit & chosen).any() or not (d.text == _YEAR).any():
        return
    touch = cand[1:] - cand[:-1] == 1  # candidate i+1 right after candidate i
    repaired = digit & chosen
    beside = np.zeros(cand.size, dtype=bool)
    beside[1:] |= touch & repaired[:-1]
    beside[:-1] |= touch & repaired[1:]
    last = len(d.text) - 1

    def is_digit(i: int) -> bool:
        return 0xFF10 <= int(_read(d, np.array([i]))[0]) <= 0xFF19

    for k in np.flatnonzero(beside & digit & ~chosen & (margin + PAIR_BONUS > 0)).tolist():
        at = int(cand[k])
        lo, hi = at, at
        while lo > 0 and is_digit(lo - 1):
            lo -= 1
        while hi < last and is_digit(hi + 1):
            hi += 1
        if hi - lo == 3 and hi < last and int(_read(d, np.array([hi + 1]))[0]) == _YEAR:
            chosen[k] = True
            margin[k] += PAIR_BONUS


def number_lists(d: Decisions) -> None:
    """Read lines numbered ``①②③…`` as a list, in place.

    ``淤`` ``于`` ``盂`` opening three consecutive lines are ``①`` ``②`` ``③`` far more
    likely than chance, but the model, which sees no line breaks and only three
    characters back, cannot know it.  Line-opening candidates that stand for consecutive
    members of one numbering series form a chain; the chain is read as the list when the
    model's log-odds for its members, plus :data:`PAIR_BONUS` for each, sum above zero.
    """
    # A chain has two members or more, on lines of their own: a text of one line has none.
    if not d.shows(_K_ORDINAL) or d.line_starts.size == 0:
        return
    shown, chosen, margin = d.shown, d.chosen, d.margin
    # The eligible members of a series, then those of them that open a line.
    members = np.flatnonzero(d.eligible & (_RULE_KIND[shown] & _K_ORDINAL).astype(bool))
    if members.size < 2:
        return
    chains: dict[int, list[int]] = {}  # series -> indices of its current chain
    ends: list[list[int]] = []
    for k in members[d.opens_line[members]].tolist():
        series, ordinal = _ORDINAL[int(shown[k])]
        chain = chains.get(series)
        if chain and _ORDINAL[int(shown[chain[-1]])][1] == ordinal - 1:
            chain.append(k)
        else:
            chain = chains[series] = [k]
            ends.append(chain)
    for chain in ends:
        if len(chain) < 2:
            continue
        gain = margin[chain] + PAIR_BONUS
        if gain.sum() > 0:  # the chain's log-odds, as a whole, for being the list
            chosen[chain] = True
            margin[chain] = np.maximum(gain, gain.sum())


def numbered_items(d: Decisions) -> None:
    """Read a line that opens with a number and ``、`` ``：`` or ``．`` as a numbered
    item, in place.

    ``员、河北省…`` opening a text (or text of another source, ``Decisions.source_breaks``),
    or a line after a finished sentence, is ``１、``: the model, which sees no lines and at
    the start of a text only the start of a word, reads the ``员`` as the word.  The one
    or two digit candidates opening such a line get :data:`PAIR_BONUS` each towards their
    digits; a line broken in the middle of a sentence (``工作人⏎员、家属``) does not count.
    """
    if not d.shows(_K_DIGIT):
        return
    # On a text of one line only the first character opens a line.
    if d.line_starts.size == 0 and not (d.at.size and d.at[0] == 0):
        return
    text, cand, chosen, margin = d.text, d.at, d.chosen, d.margin
    first = np.flatnonzero(d.eligible & d.opens_line & _SHIFTED_DIGIT[d.shown])
    if first.size == 0:
        return
    at = cand[first]
    opens = at == 0
    if d.source_breaks.size:
        opens |= np.isin(at, d.source_breaks)
    first = first[opens | _IS_ITEM_BEFORE[_read(d, np.maximum(at - 1, 0))]]
    if first.size == 0:
        return
    # A second digit right after the first belongs to the number (``１２、``).
    second = np.minimum(first + 1, cand.size - 1)
    two = (
        (first + 1 < cand.size)
        & (cand[second] == cand[first] + 1)
        & _SHIFTED_DIGIT[d.shown[second]]
        & d.eligible[second]
    )
    after = cand[first] + 1 + two
    inside = after < len(text)
    first, two, after = first[inside], two[inside], after[inside]
    marked = _IS_ITEM_MARK[_read(d, after)]
    for k, both in zip(first[marked].tolist(), two[marked].tolist(), strict=True):
        run = [k, k + 1] if both else [k]
        gain = margin[run] + PAIR_BONUS
        if gain.sum() > 0:
            chosen[run] = True
            margin[run] = np.maximum(gain, gain.sum())


def _read(d: Decisions, at: npt.NDArray[np.int64]) -> npt.NDArray[np.uint32]:
    """The code points at positions ``at`` as currently decided."""
    codes = d.text[at]
    k = np.minimum(np.searchsorted(d.at, at), d.at.size - 1)
    repaired = (d.at[k] == at) & d.chosen[k]
    codes[repaired] = SYMBOL_OF[codes[repaired]]
    return codes


def label_lines(d: Decisions) -> None:
    """Read a line like its neighbours when they are ``label：value`` lines, in place.

    ``面积：…`` ``人口：…`` then ``宗教院原始宗教``: a ``院`` closing a short label at the
    start of a line whose neighbour lines open the same way is likelier ``：`` than the
    model, which sees no lines, can tell.  It gets :data:`PAIR_BONUS` towards ``：``.
    """
    # A label line is read like its neighbour lines: a text of one line has none.
    if not d.shows(_K_COLON) or d.line_starts.size == 0:
        return
    compact, cand, chosen, margin, eligible = d.text, d.at, d.chosen, d.margin, d.eligible
    line_starts = d.line_starts
    colon = eligible & (d.shown == _COLON_CODE)
    if not colon.any():
        return
    line = np.searchsorted(line_starts, cand, side="right")
    offset = cand - np.concatenate([[0], line_starts])[line]
    label = colon & (offset >= 1) & (offset <= LABEL_CHARS)
    if not label.any():
        return
    labelled = set(line[label & chosen].tolist())
    colons = np.flatnonzero(compact == ord("："))
    colon_line = np.searchsorted(line_starts, colons, side="right")
    colon_offset = colons - np.concatenate([[0], line_starts])[colon_line]
    labelled |= set(colon_line[(colon_offset >= 1) & (colon_offset <= LABEL_CHARS)].tolist())
    seen: set[int] = set()
    for k in np.flatnonzero(label).tolist():
        ln = int(line[k])
        if ln in seen:
            continue
        seen.add(ln)
        if chosen[k] or not (ln - 1 in labelled or ln + 1 in labelled):
            continue
        if margin[k] + PAIR_BONUS > 0:
            chosen[k] = True
            margin[k] += PAIR_BONUS


def undo_lone_dashes(d: Decisions) -> None:
    """Undo a repaired ``—`` that stands alone, unless the model is sure of it, in place.

    Chinese text writes the dash as ``——``; the model, which learnt ``—`` mostly as half
    of that pair, cannot see that a single one (``各乡镇要立即`` read as ``各乡镇—立即``)
    is odd.  The same prior as for paired marks, :data:`PAIR_BONUS`, decides.  A dash
    between two digits is a range (``2010—2020年``): it is kept, and a ``要`` there gets
    the prior towards ``—`` (the model saw ranges in full-width digits only); so do a
    ``原`` and a ``耀`` there towards ``－`` and ``～`` (``1990－2000``, ``5～10``), also
    between two numbers with the same unit (``482年—493年``).
    """
    # One call in C (``_ngram.undo_lone_dashes``); see :func:`_undo_lone_dashes_reference`.
    _ngram.undo_lone_dashes(
        d.text,
        d.at,
        d.chosen,
        d.margin,
        d.eligible,
        SYMBOL_OF,
        _IS_RANGE,
        _DASH_CODE,
        _NUMBER_INNER_CODES,
        _RANGE_UNIT_CODES,
        PAIR_BONUS,
    )


def _undo_lone_dashes_reference(d: Decisions) -> None:
    """:func:`undo_lone_dashes` in numpy, as readable reference: the C version is checked
    against it (``tests/test_agreement_c.py``)."""
    shown, cand, chosen, margin = d.shown, d.at, d.chosen, d.margin
    if not np.isin(shown, _RANGE_CODES).any():
        return
    ranges = np.zeros(cand.size, dtype=bool)
    # Only where being a range could change the outcome: a 要 the prior could turn, or a
    # repaired dash this rule could undo.
    undecided = np.where(chosen, margin < PAIR_BONUS, margin + PAIR_BONUS > 0)
    dashes = np.flatnonzero(d.eligible & _IS_RANGE[shown] & undecided)
    ranges[dashes] = _between_digits(d, dashes)
    take = ranges & ~chosen & (margin + PAIR_BONUS > 0)
    chosen[take] = True
    margin[take] += PAIR_BONUS
    dash = np.flatnonzero(chosen & (shown == _DASH_CODE) & ~ranges)
    if dash.size == 0:
        return
    is_dash = np.zeros(cand.size + 2, dtype=bool)
    is_dash[dash + 1] = True
    left = is_dash[dash] & (cand[np.maximum(dash - 1, 0)] == cand[dash] - 1)
    right = is_dash[dash + 2] & (cand[np.minimum(dash + 1, cand.size - 1)] == cand[dash] + 1)
    lone = dash[~left & ~right & (margin[dash] < PAIR_BONUS)]
    chosen[lone] = False
    margin[lone] -= PAIR_BONUS


def _between_digits(d: Decisions, which: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """For the candidates ``which``: does each stand between two numbers, as now read?  A
    digit right before and right after it, and the number before it not part of a name
    such as ``X200`` (``打客服X200要8个坏点``).  The number before may carry a unit of
    :data:`_RANGE_UNITS` if the number after carries the same one (``482年—493年``,
    ``1889年1月4日—1936年3月11日``), as encyclopedias write dates and hours."""

    def reading(i: int) -> int:
        code = int(d.text[i])
        k = int(np.searchsorted(d.at, i))
        repaired = k < d.at.size and d.at[k] == i and d.chosen[k]
        return int(SYMBOL_OF[code]) if repaired else code

    def is_digit(code: int) -> bool:
        return 0x30 <= code <= 0x39 or 0xFF10 <= code <= 0xFF19

    def same_unit_after(at: int, unit: int) -> bool:
        j = at + 1
        while j <= last and (is_digit(reading(j)) or reading(j) in _RANGE_UNITS):
            if reading(j) == unit:
                return True
            j += 1
        return False

    last = len(d.text) - 1
    result = np.zeros(which.size, dtype=bool)
    for k, at in enumerate(d.at[which].tolist()):
        if at == 0 or at == last or not is_digit(reading(at + 1)):
            continue
        i, before = at - 1, reading(at - 1)
        if before in _RANGE_UNITS and i > 0 and is_digit(reading(i - 1)):
            if not same_unit_after(at, before):
                continue
            i -= 1
        elif not is_digit(before):
            continue
        while i >= 0 and (is_digit(reading(i)) or reading(i) in _NUMBER_INNER):
            i -= 1
        result[k] = not (i >= 0 and chr(reading(i)).isascii() and chr(reading(i)).isalpha())
    return result


def _pair_scan(
    positions: list[int],
    opening: list[bool],
    picked: list[bool],
    score: list[float],
    step: int,
    line_opener: list[bool] | None = None,
) -> None:
    """One direction of :func:`balance_pairs` over the events of one pair type (the
    reference of the scan ``_ngram.balance_pairs`` makes).

    With ``line_opener`` (quotation marks), an opening mark that opens a line and is
    followed by another line-opening one, before any closing mark, is a quotation
    continued into the next paragraph (``“第一款……⏎“第二款……”``): it needs no partner."""
    n = len(positions)
    lead = step == 1  # forward: openers look for closers; backward: the reverse
    for e in _unsettled_leaders(positions, opening, picked, step):
        if not picked[e]:
            continue
        best, best_score, partner, continued = -1, 0.0, -1, False
        f = e + step
        while 0 <= f < n and abs(positions[f] - positions[e]) <= PAIR_REACH:
            near = abs(positions[f] - positions[e]) <= PAIR_SPAN
            if opening[f] == lead:
                if picked[f]:
                    continued = (
                        lead and line_opener is not None and line_opener[e] and line_opener[f]
                    )
                    break
            elif picked[f]:
                partner = f
                break
            elif near:
                # An empty pair (《》) is almost never meant: its partner pays the prior.
                empty = abs(positions[f] - positions[e]) == 1
                candidate_score = score[f] - (PAIR_BONUS if empty else 0.0)
                if best < 0 or candidate_score > best_score:
                    best, best_score = f, candidate_score
            f += step
        if partner >= 0 and abs(positions[partner] - positions[e]) <= PAIR_SPAN:
            _open_empty_pair(e, partner, positions, opening, picked, score)
            continue
        # A partner near enough to be plausible comes before one found far away.
        if best >= 0 and best_score + PAIR_BONUS > 0:
            picked[best] = True
            score[best] += PAIR_BONUS
        elif partner >= 0 or continued:
            continue
        elif score[e] < PAIR_BONUS:
            picked[e] = False
            score[e] -= PAIR_BONUS


def _unsettled_leaders(
    positions: list[int], opening: list[bool], picked: list[bool], step: int
) -> list[int]:
    """The leaders :func:`_pair_scan` must look at, in the order it takes them.

    A leader whose next event that way is its repaired partner, near and not making an
    empty pair, is settled: nothing the scan does before reaching it can change that, so
    most of a text's pairs never enter the Python loop.
    """
    pos = np.asarray(positions)
    is_open = np.asarray(opening, dtype=bool)
    is_picked = np.asarray(picked, dtype=bool)
    lead = is_open if step == 1 else ~is_open
    settled = np.zeros(len(positions), dtype=bool)
    if len(positions) > 1:
        gap = np.diff(pos)
        partnered = ~lead[1:] if step == 1 else ~lead[:-1]
        partner_picked = is_picked[1:] if step == 1 else is_picked[:-1]
        near = (gap <= PAIR_SPAN) & ((gap != 1) | (step == -1))
        ok = partnered & partner_picked & near
        if step == 1:
            settled[:-1] = ok
        else:
            settled[1:] = ok
    leaders = np.flatnonzero(is_picked & lead & ~settled).tolist()
    return leaders if step == 1 else leaders[::-1]


def _open_empty_pair(
    e: int,
    f: int,
    positions: list[int],
    opening: list[bool],
    picked: list[bool],
    score: list[float],
) -> None:
    """An empty pair (``《》``) encloses nothing: if the character before the opening mark
    could be the opening mark instead, it is (``叶叶曳剧`` is ``《叶》剧``)."""
    if positions[f] - positions[e] != 1 or e == 0:
        return
    b = e - 1
    if opening[b] and not picked[b] and positions[b] == positions[e] - 1:
        if score[b] + PAIR_BONUS > 0:
            picked[b], picked[e] = True, False
            score[b] += PAIR_BONUS
            score[e] -= PAIR_BONUS
