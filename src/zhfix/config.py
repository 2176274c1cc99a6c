"""The frozen configuration of the character repair."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields


@dataclass(frozen=True, slots=True)
class FixConfig:
    """What :func:`zhfix.fix_text` may repair, and how cautious it is.

    ``shifted_punctuation``
        Repair Founder-shifted symbols (``袁`` -> ``，``).
    ``region_switch_cost``
        Natural-log cost of entering or leaving a damaged region.  Higher values demand
        more evidence before a stretch of text is treated as damaged at all; this is what
        keeps clean text byte-for-byte unchanged.
    ``line_switch_cost``
        The same cost where a region begins or ends at a line break or at an end of the
        text, where fonts and sources change; lower, so that a file mixing clean and
        damaged passages is cut between lines.  A region of whole lines pays it twice
        wherever it stands, so a damaged line is judged inside a file as it is pasted on
        its own.  The highest evidence seen in a clean held-out paragraph taken alone is
        6.9 nats.
    ``clean_symbol_cost``
        Natural-log cost, inside a region judged damaged, of each genuine symbol (a real
        ``，``) that a broken font could not have produced.
    ``spaced_symbol_bonus``
        Log-odds added to the symbol reading of a candidate that stands alone between
        spaces (``设置 寅 语言`` is ``设置 → 语言``): a word rarely stands apart in Chinese
        prose, a mark or an arrow often does.
    ``min_confidence``
        Repairs the model is less sure of than this are not made.
    ``threads``
        Threads the model's loops may use on a long text (0: one per CPU available).
        Set 1 when you already run one repair per CPU yourself.
    """

    shifted_punctuation: bool = True
    region_switch_cost: float = 18.0
    line_switch_cost: float = 4.0
    clean_symbol_cost: float = 9.0
    spaced_symbol_bonus: float = 4.0
    min_confidence: float = 0.5
    threads: int = 0

    def __post_init__(self) -> None:
        """Refuse settings outside their ranges, naming the field and what it takes."""
        if not isinstance(self.shifted_punctuation, bool):
            raise TypeError(
                f"FixConfig.shifted_punctuation must be True or False, not "
                f"{self.shifted_punctuation!r}"
            )
        if isinstance(self.threads, bool) or not isinstance(self.threads, int):
            raise TypeError(f"FixConfig.threads must be an int, not {self.threads!r}")
        if self.threads < 0:
            raise ValueError(
                f"FixConfig.threads must be 0 (one per CPU) or more, not {self.threads}"
            )
        for f in fields(self):
            if f.name in ("shifted_punctuation", "threads"):
                continue
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"FixConfig.{f.name} must be a number, not {value!r}")
            if not math.isfinite(value) or value < 0:
                raise ValueError(f"FixConfig.{f.name} must be a finite number >= 0, not {value!r}")
        if self.min_confidence > 1:
            raise ValueError(
                f"FixConfig.min_confidence is a probability (0 to 1), not {self.min_confidence!r}"
            )
