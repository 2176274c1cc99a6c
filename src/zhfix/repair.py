"""Character repair: the public entry points over the shifted-punctuation decoder.

Character repairs are one-for-one substitutions: they never add or remove a character
(so never a line break), and offsets in the result are offsets in the input.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache, partial

import numpy as np

from . import lm
from .agreement import PAIR_REACH
from .changes import Change, Detection, Finding, FixResult
from .config import FixConfig
from .decode import _NOTHING, Decoding, ShiftDecoder
from .shift import CANDIDATE_CLASS

_DEFAULT = FixConfig()


@lru_cache(maxsize=1)
def _decoder() -> ShiftDecoder:
    return ShiftDecoder(lm.load())


#: Texts longer than this are decoded a chunk at a time, so memory stays bounded (about
#: 60 bytes a character of the chunk while it is decoded).
CHUNK_CHARS = 1 << 18
#: Context decoded on either side of a chunk and then dropped: more than any rule reaches
#: (a paired mark finds its partner up to PAIR_REACH characters away), so a chunk's
#: repairs are those of the whole text.
_OVERLAP = 2 * PAIR_REACH


def _check(text: object, config: object, caller: str) -> None:
    """Refuse, with a message that says what to pass instead, what is not a text or not
    a :class:`FixConfig`."""
    if not isinstance(text, str):
        if isinstance(text, (bytes, bytearray, memoryview)):
            raise TypeError(
                f"{caller}() takes text (str), not {type(text).__name__}: decode it first, "
                "e.g. data.decode('utf-8') or data.decode('gb18030')"
            )
        raise TypeError(f"{caller}() takes text (str), not {type(text).__name__}")
    if config is not None and not isinstance(config, FixConfig):
        raise TypeError(
            f"{caller}(): config must be a zhfix.FixConfig, not {type(config).__name__}"
            " (build one with zhfix.FixConfig(...))"
        )


def _decode(text: str, config: FixConfig) -> Decoding:
    if not config.shifted_punctuation:
        return _NOTHING
    decoder = _decoder()
    if len(text) <= CHUNK_CHARS:
        return decoder.decode(text, config)
    parts = []
    start = 0
    while start < len(text):
        end = min(start + CHUNK_CHARS, len(text))
        if end < len(text):
            end = _cut(text, start, end)
        lo, hi = max(0, start - _OVERLAP), min(len(text), end + _OVERLAP)
        parts.append((lo, decoder.decode(text[lo:hi], config).within(start - lo, end - lo)))
        start = end
    return Decoding.concatenate(parts)


#: A stretch with no candidate this long (the model's reach either side) can be cut in
#: the middle without changing what the model sees around any candidate.  Damaged news
#: has one every 25 characters or so.
_QUIET_RUN = re.compile(f"[^{CANDIDATE_CLASS}]{{6}}")
#: How far back from a chunk's end to look for a place to cut.
_CUT_WINDOW = 1 << 14


def _cut(text: str, start: int, end: int) -> int:
    """Where to end the chunk ``text[start:end]``: after its last line break (damaged
    regions switch cheaply there), else three characters into the last run of six
    without a candidate, else at ``end``."""
    cut = text.rfind("\n", start, end)
    if cut > start:
        return cut + 1
    lo = max(start + 1, end - _CUT_WINDOW)
    last = max((m.start() for m in _QUIET_RUN.finditer(text, lo, end)), default=None)
    return end if last is None else last + 3


@lru_cache(maxsize=1024)
def _reason(before: str, after: str) -> str:
    row = before.encode("gbk")[0] - 0xA0 - 0x31
    shown = "the ideographic space U+3000" if after == "\u3000" else after
    return f"shifted punctuation: {before} stands for {shown} (GB2312 row {row} moved by 0x31 rows)"


def fix_and_explain(text: str, config: FixConfig | None = _DEFAULT) -> FixResult:
    """Repair the characters of ``text`` and say what changed, where, why and how surely.

    >>> r = fix_and_explain("会议指出袁要切实提高政治站位遥")
    >>> r.text
    '会议指出，要切实提高政治站位。'
    >>> [(c.start, c.before, c.after) for c in r.changes]
    [(4, '袁', '，'), (14, '遥', '。')]
    """
    _check(text, config, "fix_and_explain")
    config = _DEFAULT if config is None else config
    fixed, decoding = repair(text, config)
    return FixResult(fixed, explain(text, fixed, decoding))


def repair(text: str, config: FixConfig = _DEFAULT) -> tuple[str, Decoding]:
    """The repaired text and the decoding that made it, for callers that explain the
    repairs only if asked (:class:`~zhfix.Document`): building change objects for a long
    damaged text costs more than the repair."""
    decoding = _decode(text, config)
    return decoding.apply(text), decoding


def explain(text: str, fixed: str, decoding: Decoding) -> tuple[Change, ...]:
    """The changes ``decoding`` made from ``text`` to ``fixed``."""
    offsets = decoding.offsets.tolist()
    confidence = np.round(decoding.confidence, 6).tolist()
    return tuple(
        map(_change, offsets, [text[i] for i in offsets], [fixed[i] for i in offsets], confidence)
    )


def _change(offset: int, before: str, after: str, confidence: float) -> Change:
    return Change(offset, offset + 1, before, after, _reason(before, after), confidence)


def fix_text(text: str, config: FixConfig | None = _DEFAULT) -> str:
    """Repair the characters of ``text``; text that needs no repair comes back identical.

    >>> fix_text("国营华晋冶金铸造厂召开会议袁传达野四个意识冶遥")
    '国营华晋冶金铸造厂召开会议，传达“四个意识”。'
    """
    _check(text, config, "fix_text")
    config = _DEFAULT if config is None else config
    return _decode(text, config).apply(text)


def detect(text: str, config: FixConfig | None = _DEFAULT) -> Detection:
    """Report which damage ``text`` shows, how much of it, and how sure detection is.

    Each damaged region that holds a repair is reported, wherever it stands in the text:
    a damaged line among clean ones is a region of its own.  The confidence of a finding
    is the probability that the strongest of them really is damaged, from its evidence
    net of the least a region pays (its two ends at line breaks).
    """
    _check(text, config, "detect")
    config = _DEFAULT if config is None else config
    decoding = _decode(text, config)
    offsets = decoding.offsets
    regions = [
        r
        for r in decoding.regions
        if np.searchsorted(offsets, r.start) < np.searchsorted(offsets, r.end)
    ]
    if not regions:
        return Detection(len(text))
    strongest = max(r.evidence for r in regions) - 2 * config.line_switch_cost
    confidence = 1.0 / (1.0 + math.exp(-min(max(strongest, -50.0), 50.0)))
    finding = Finding(
        kind="shifted_punctuation",
        description="punctuation turned into ideographs by a broken Founder font map (，→袁 。→遥)",
        count=int(offsets.size),
        regions=tuple((r.start, r.end) for r in regions),
        confidence=round(confidence, 6),
    )
    return Detection(len(text), (finding,))


def _config_or_default(config: FixConfig | None) -> FixConfig:
    return _DEFAULT if config is None else config


def _check_many(texts: object, config: FixConfig | None, name: str) -> None:
    """Refuse one text where many are expected: iterating a ``str`` would repair it one
    character at a time, with no context, and quietly repair nothing."""
    if isinstance(texts, (str, bytes, bytearray)):
        kind = type(texts).__name__
        raise TypeError(f"{name}() takes an iterable of texts, not one {kind}; use fix_text()")
    _check("", config, name)


def fix_texts(texts: Iterable[str], config: FixConfig | None = None) -> Iterator[str]:
    """:func:`fix_text` of each of ``texts``, in order, lazily: each text is decided on
    its own, exactly as one call for it would decide it (texts are never joined, so one
    record's damage never spills into the next).  A bad ``config`` is refused at once; a
    text that is not a ``str`` when its turn comes.

    >>> list(fix_texts(["会议指出袁要切实提高政治站位遥", "冶金工业"]))
    ['会议指出，要切实提高政治站位。', '冶金工业']
    """
    _check_many(texts, config, "fix_texts")
    return map(partial(fix_text, config=_config_or_default(config)), texts)


def fix_and_explain_texts(
    texts: Iterable[str], config: FixConfig | None = None
) -> Iterator[FixResult]:
    """:func:`fix_and_explain` of each of ``texts``, in order (see :func:`fix_texts`)."""
    _check_many(texts, config, "fix_and_explain_texts")
    return map(partial(fix_and_explain, config=_config_or_default(config)), texts)


def detect_texts(texts: Iterable[str], config: FixConfig | None = None) -> Iterator[Detection]:
    """:func:`detect` of each of ``texts``, in order (see :func:`fix_texts`)."""
    _check_many(texts, config, "detect_texts")
    return map(partial(detect, config=_config_or_default(config)), texts)
