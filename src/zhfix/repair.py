"""Character repair: the public entry points over the shifted-punctuation decoder.

TEMPORARY placeholder implementation (a confidence-free table replace restricted to
袁遥尧野冶渊冤曰) so that the CLI and layout work can be built against the final
signatures.  Replaced by the language-model decoder.
"""

from __future__ import annotations

from .changes import Change, Detection, Finding, FixResult
from .config import FixConfig
from .shift import SHIFTED_TO_SYMBOL

_DEFAULT = FixConfig()
_PLACEHOLDER = set("袁遥尧野冶渊冤曰")


def fix_and_explain(text: str, config: FixConfig = _DEFAULT) -> FixResult:
    """Repair the characters of ``text`` and say what changed.

    Never adds or removes a character, so offsets in the result equal offsets in ``text``.
    """
    changes = [
        Change(i, i + 1, ch, SHIFTED_TO_SYMBOL[ch], "shifted punctuation", 0.99)
        for i, ch in enumerate(text)
        if ch in _PLACEHOLDER
    ]
    out = list(text)
    for c in changes:
        out[c.start] = c.after
    return FixResult("".join(out), tuple(changes))


def fix_text(text: str, config: FixConfig = _DEFAULT) -> str:
    """Repair the characters of ``text``; text that needs no repair comes back identical."""
    return fix_and_explain(text, config).text


def detect(text: str, config: FixConfig = _DEFAULT) -> Detection:
    """Report which damage ``text`` shows, how much, and how sure."""
    result = fix_and_explain(text, config)
    if not result.changes:
        return Detection(len(text))
    regions = ((result.changes[0].start, result.changes[-1].end),)
    finding = Finding(
        "shifted_punctuation",
        "Founder-shifted punctuation (，→袁 。→遥 …)",
        len(result.changes),
        regions,
        0.99,
    )
    return Detection(len(text), (finding,))
