"""``_ngram.Model.prepare`` sets a text up for the decoder as numpy did, array for array.

``reference_setup`` is the numpy set-up ``ShiftDecoder.decode`` ran before the set-up
moved into one C pass (with ``reference_priors``, the ``_priors`` it used): the model
positions, candidates, ids, line starts and genuine symbols must be equal, and the
priors equal double for double, on texts with spaces, line breaks, indents, candidates
opening and ending lines, and non-BMP characters.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from zhfix.agreement import line_openers
from zhfix.config import FixConfig
from zhfix.decode import (
    _PREPARED_TYPES,
    END_BONUS,
    LINE_START_PAUSE_COST,
    ShiftDecoder,
)
from zhfix.repair import _decoder
from zhfix.shift import SHIFTED_TO_SYMBOL, SYMBOLS


def reference_priors(
    self: ShiftDecoder,
    codes: npt.NDArray[np.uint32],
    keep: npt.NDArray[np.int64],
    compact: npt.NDArray[np.uint32],
    cand: npt.NDArray[np.int64],
    opens_line: npt.NDArray[np.bool_],
    config: FixConfig,
) -> npt.NDArray[np.float64]:
    """Log-odds towards each candidate's symbol that the model cannot give: a class
    member's share of its class, and what the layout says (spaces, lines, the end)."""
    shown = compact[cand]
    pen = self._alt_pen[shown]
    if config.spaced_symbol_bonus:
        pen = pen + config.spaced_symbol_bonus * reference_spaced(self, codes, keep[cand])
    # The model has no end-of-text token: this stands for it, at every line's end.
    ends_line = opens_line[cand + 1] | (cand == len(compact) - 1)
    pen = pen + END_BONUS * (ends_line & self._ends_text[shown])
    # Typesetting never opens a line with a pause mark; the model sees no lines.
    return pen - LINE_START_PAUSE_COST * (opens_line[cand] & self._pauses[shown])


def reference_spaced(
    self: ShiftDecoder, codes: npt.NDArray[np.uint32], at: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """1.0 where the character at ``at`` stands between whitespace (or the text's ends)."""
    # Whitespace per position, with the text's ends standing for whitespace.
    space = np.ones(len(codes) + 2, dtype=bool)
    space[1:-1] = self._is_space[codes]
    return (space[at] & space[at + 2]).astype(np.float64)


def reference_setup(decoder: ShiftDecoder, text: str, config: FixConfig) -> list | None:
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    keep = np.flatnonzero(~decoder._is_space[codes])
    compact = codes[keep]
    cand = np.flatnonzero(decoder._is_candidate[compact])
    if cand.size == 0:
        return None
    ids = decoder.lm.encode_codes(compact)
    alt = decoder._alt_id[compact[cand]]
    line_starts = np.searchsorted(keep, np.flatnonzero(codes == 0x0A))
    opens_line = line_openers(len(compact), line_starts)
    pen = reference_priors(decoder, codes, keep, compact, cand, opens_line, config)
    genuine = np.flatnonzero(decoder._is_symbol[compact])
    altmap = np.full(len(ids), 0xFFFFFFFF, dtype=np.uint32)
    altmap[cand] = alt
    return [keep, compact, cand, ids, alt, line_starts, opens_line, pen, genuine, altmap]


def prepared(decoder: ShiftDecoder, text: str, config: FixConfig) -> list | None:
    raw = text.encode("utf-32-le", "surrogatepass")
    got = decoder.lm.fast.prepare(
        raw,
        decoder._flags,
        decoder.lm.lut,
        decoder._alt_id,
        decoder._alt_pen,
        config.spaced_symbol_bonus,
        END_BONUS,
        LINE_START_PAUSE_COST,
    )
    if got is None:
        return None
    return [np.frombuffer(b, dtype=t) for b, t in zip(got, _PREPARED_TYPES, strict=True)]


_SHIFTED = list(SHIFTED_TO_SYMBOL)
_ALPHABET = (
    _SHIFTED
    + list(SYMBOLS)
    + list("的一是在不了有人中大为")
    + list(" \t\n\u3000\r")
    + [
        "A",
        "７",
        "\U00020000",
        "摇",
    ]
)


def random_text(rng: np.random.Generator) -> str:
    n = int(rng.integers(0, 120))
    weights = rng.dirichlet(np.ones(len(_ALPHABET)) * 0.3)
    return "".join(rng.choice(_ALPHABET, size=n, p=weights).tolist())


@pytest.mark.parametrize("bonus", [0.0, 2.0, 4.0])
def test_prepare_sets_a_text_up_as_numpy_did(bonus: float) -> None:
    decoder = _decoder()
    config = FixConfig(spaced_symbol_bonus=bonus)
    rng = np.random.default_rng(3)
    texts = ["", "袁", "\n遥\n", "会议指出袁要切实\n提高政治站位遥 ", " 袁 员、\n\n于"]
    texts += [random_text(rng) for _ in range(2000)]
    for text in texts:
        want, got = reference_setup(decoder, text, config), prepared(decoder, text, config)
        if want is None:
            assert got is None, text
            continue
        assert got is not None, text
        for w, g in zip(want, got, strict=True):
            assert w.dtype == g.dtype and w.tobytes() == g.tobytes(), text
