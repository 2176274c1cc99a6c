"""The character language model: load it and score n-grams, many at a time.

The model is an interpolated Kneser-Ney character 4-gram (built by
``tools/train_lm.py``; provenance in MODEL.md), stored ARPA-style: for every kept
n-gram its log-probability, for every context its back-off weight.  N-grams are packed
into 64-bit keys (16 bits per character id) and kept sorted, so a batch of queries is a
handful of ``numpy.searchsorted`` calls rather than a Python loop.

The model sees text with whitespace removed and letters, digits and numbered symbols
folded into classes (:data:`FOLDED_RANGES`); :meth:`CharLM.encode_codes` applies the
same folding.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt

from . import _ngram

ORDER = 4
BOS = 0  # text boundary; also pads windows at the start of a text
UNK = 1
_BITS = 16
_MAX_CODE = 0x110000

IdArray = npt.NDArray[np.uint64]


#: Character classes the model does not tell apart: the identity of a letter, digit or
#: circled number says nothing about whether its neighbour is punctuation, and folding
#: them lets the model see ``ｈｅｒｃｅｐｔｉｎ`` and ``２０２０`` as the runs they are.
#: ``(first, last, representative)``, inclusive code point ranges.
FOLDED_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x41, 0x5A, "A"),  # ASCII letters
    (0x61, 0x7A, "A"),
    (0x30, 0x39, "0"),  # ASCII digits
    (0xFF21, 0xFF3A, "Ａ"),  # full-width letters
    (0xFF41, 0xFF5A, "Ａ"),
    (0xFF10, 0xFF19, "０"),  # full-width digits
    (0x2460, 0x2473, "①"),  # circled numbers
    (0x2474, 0x2487, "⑴"),  # parenthesized numbers
    (0x2488, 0x249B, "⒈"),  # numbers with full stop
    (0x3220, 0x3229, "㈠"),  # parenthesized ideographic numbers
    (0x2160, 0x216F, "Ⅰ"),  # Roman numerals
    (0x2170, 0x217F, "ⅰ"),
    (0x0391, 0x03A9, "Α"),  # Greek
    (0x03B1, 0x03C9, "α"),
    (0x0410, 0x044F, "А"),  # Cyrillic
    (0x0401, 0x0401, "А"),
    (0x0451, 0x0451, "А"),
    (0x3041, 0x3096, "ぁ"),  # hiragana
    (0x30A1, 0x30F6, "ァ"),  # katakana
    (0x3105, 0x312F, "ㄅ"),  # bopomofo
    (0x2500, 0x257F, "─"),  # box drawing
)
_FOLD = {cp: rep for lo, hi, rep in FOLDED_RANGES for cp in range(lo, hi + 1)}
_CLASS_MEMBERS: dict[str, list[str]] = {}
for _cp, _rep in _FOLD.items():
    _CLASS_MEMBERS.setdefault(_rep, []).append(chr(_cp))


def fold_char(ch: str) -> str:
    """The model's view of one character (see :data:`FOLDED_RANGES`)."""
    return _FOLD.get(ord(ch), ch)


def pack(windows: npt.NDArray[Any]) -> IdArray:
    """Pack rows of character ids (``M x k``, k <= 4) into one sortable 64-bit key each."""
    windows = windows.astype(np.uint64, copy=False)
    k = windows.shape[1]
    key = np.zeros(windows.shape[0], dtype=np.uint64)
    for j in range(k):
        key |= windows[:, j] << np.uint64(_BITS * (k - 1 - j))
    return key


class CharLM:
    """A back-off character n-gram model with batched scoring."""

    def __init__(self, arrays: dict[str, npt.NDArray[Any]], reference: bool = False) -> None:
        """Build the model from its arrays; keep them for :meth:`logprob` if ``reference``."""
        self.meta: dict[str, Any] = json.loads(str(arrays["meta"]))
        self.order: int = int(self.meta["order"])
        vocab = str(arrays["vocab"])
        self.vocab = vocab
        self._keys = [
            np.asarray(arrays[f"keys{k}"], dtype=np.uint64) for k in range(1, self.order + 1)
        ]
        self._lp = [
            np.asarray(arrays[f"lp{k}"], dtype=np.float32) for k in range(1, self.order + 1)
        ]
        self._bow = [np.asarray(arrays[f"bow{k}"], dtype=np.float32) for k in range(1, self.order)]
        lut = np.full(_MAX_CODE, UNK, dtype=np.uint16)
        codes = np.fromiter((ord(c) for c in vocab), dtype=np.int64, count=len(vocab))
        lut[codes] = np.arange(len(vocab), dtype=np.uint16)
        for cp, rep in _FOLD.items():
            lut[cp] = lut[ord(rep)]
        self._lut = lut
        self.lut = lut
        """Code point -> model id, for every code point (``uint16``)."""
        self._unigram_floor = float(self._lp[0].min())
        self.fast = _ngram.Model(
            self.order,
            self._unigram_floor,
            [np.ascontiguousarray(k) for k in self._keys],
            [np.ascontiguousarray(p) for p in self._lp],
            [np.ascontiguousarray(b) for b in self._bow],
        )
        """The model in hash tables, with the decoder's hot loops (``zhfix._ngram``)."""
        if not reference:  # the tables hold everything the decoder needs
            self._keys, self._lp, self._bow = [], [], []

    def class_logprob(self, ch: str) -> float:
        """log P(``ch`` | its class): the model scores a class, a repair names one member.

        From how often each member occurred in training (add-one smoothed), so ``１`` is
        a likelier digit than ``７``; 0 for characters the model does not fold.
        """
        rep = _FOLD.get(ord(ch))
        if rep is None:
            return 0.0
        counts: dict[str, int] = self.meta.get("class_members", {})
        members = _CLASS_MEMBERS[rep]
        total = sum(counts.get(m, 0) + 1 for m in members)
        return math.log((counts.get(ch, 0) + 1) / total)

    def char_id(self, ch: str) -> int:
        """The id the model uses for ``ch`` (``UNK`` when unknown)."""
        return int(self._lut[ord(ch)])

    def encode_codes(self, codes: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint32]:
        """Map an array of code points to model ids."""
        return self._lut[codes].astype(np.uint32)

    def score(self, windows: npt.NDArray[Any]) -> npt.NDArray[np.float64]:
        """Natural-log probability of each row's last id given the ids before it (fast).

        ``windows`` is ``M x order`` (``BOS`` pads the start of a text).
        """
        rows = np.ascontiguousarray(windows, dtype=np.uint32)
        return np.frombuffer(self.fast.logprob(rows), dtype=np.float64)

    def logprob(self, windows: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
        """Natural-log probability of each row's last id given the ids before it.

        ``windows`` is ``M x order``; rows padded on the left with :data:`BOS` are fine.
        This is the readable reference (only on a model loaded with ``reference=True``);
        the decoder uses the same model through :attr:`fast`, and the tests check that the
        two agree.
        """
        if not self._keys:
            raise RuntimeError("load the model with reference=True to score with numpy")
        windows = windows.astype(np.uint64, copy=False)
        m = windows.shape[0]
        result = np.zeros(m, dtype=np.float32)
        pending = np.ones(m, dtype=bool)
        backoff = np.zeros(m, dtype=np.float32)
        for k in range(self.order, 0, -1):
            rows = np.flatnonzero(pending)
            if rows.size == 0:
                break
            sub = windows[rows, self.order - k :]
            key = pack(sub)
            table = self._keys[k - 1]
            idx = np.searchsorted(table, key)
            idx_c = np.minimum(idx, len(table) - 1)
            hit = table[idx_c] == key
            found = rows[hit]
            result[found] = backoff[found] + self._lp[k - 1][idx_c[hit]]
            pending[found] = False
            if k > 1:
                miss = rows[~hit]
                if miss.size:
                    ctx = key[~hit] >> np.uint64(_BITS)
                    ctable = self._keys[k - 2]
                    cidx = np.minimum(np.searchsorted(ctable, ctx), len(ctable) - 1)
                    chit = ctable[cidx] == ctx
                    backoff[miss[chit]] += self._bow[k - 2][cidx[chit]]
        # Ids never seen in training (in the vocabulary only as symbols or candidates)
        # get the unigram floor.
        result[pending] = backoff[pending] + self._unigram_floor
        return result


@lru_cache(maxsize=2)
def load(reference: bool = False) -> CharLM:
    """The model shipped in ``zhfix/data/charlm.npz`` (loaded once per process).

    ``reference=True`` also keeps the arrays for the numpy scorer :meth:`CharLM.logprob`.
    """
    with resources.files("zhfix").joinpath("data/charlm.npz").open("rb") as fh:
        with np.load(fh) as npz:
            arrays = {name: npz[name] for name in npz.files}
    return CharLM(arrays, reference)
