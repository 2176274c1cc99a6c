"""The Founder shifted-punctuation damage: the table, derived from the codec.

Founder (方正) typesetting systems often embed fonts whose character map sends every
symbol of GB2312 rows 1-9 (lead bytes ``A1``-``A9``) to the ideograph whose lead byte is
``0x31`` higher (``D2``-``DA``).  So ``，`` (A3AC) copies out as ``袁`` (D4AC) and ``。``
(A1A3) as ``遥`` (D2A3).  The table is computed from the codec rather than typed in, so it
is complete and cannot drift.

GB2312 decides *which* code points are assigned; the characters themselves come from
GBK, because Python's ``gb2312`` codec decodes ``A1A4`` to U+30FB and ``A1AA`` to U+2015
where Chinese text uses ``·`` U+00B7 and ``—`` U+2014.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

LEAD_SHIFT = 0x31
SYMBOL_LEADS = range(0xA1, 0xAA)  # GB2312 rows 1-9
TRAIL_BYTES = range(0xA1, 0xFF)


def _gb2312_assigned(lead: int, trail: int) -> bool:
    try:
        bytes([lead, trail]).decode("gb2312")
    except UnicodeDecodeError:
        return False
    return True


def _build_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for lead in SYMBOL_LEADS:
        for trail in TRAIL_BYTES:
            if not (_gb2312_assigned(lead, trail) and _gb2312_assigned(lead + LEAD_SHIFT, trail)):
                continue
            symbol = bytes([lead, trail]).decode("gbk")
            damaged = bytes([lead + LEAD_SHIFT, trail]).decode("gbk")
            table[damaged] = symbol
    return table


#: damaged ideograph -> the symbol it stands for (``袁`` -> ``，``).  682 entries.
SHIFTED_TO_SYMBOL: Mapping[str, str] = MappingProxyType(_build_table())
#: symbol -> the ideograph it turns into (``，`` -> ``袁``).
SYMBOL_TO_SHIFTED: Mapping[str, str] = MappingProxyType(
    {symbol: damaged for damaged, symbol in SHIFTED_TO_SYMBOL.items()}
)

_SHIFT_TABLE = {ord(symbol): damaged for symbol, damaged in SYMBOL_TO_SHIFTED.items()}

#: Symbols whose presence proves a stretch of text was *not* run through the broken map:
#: a damaged font cannot emit them.
SYMBOLS: frozenset[str] = frozenset(SYMBOL_TO_SHIFTED)
#: Ideographs that may stand for a symbol.  Most are also ordinary, often common, words.
CANDIDATES: frozenset[str] = frozenset(SHIFTED_TO_SYMBOL)
#: The candidates as the inside of a regular-expression character class.
CANDIDATE_CLASS = re.escape("".join(sorted(CANDIDATES)))


def shift(text: str) -> str:
    """Damage ``text`` exactly as a broken Founder font map does (for tests and benchmarks)."""
    return text.translate(_SHIFT_TABLE)


def symbol_name(symbol: str) -> str:
    """A short human label for a repaired symbol, used in change reasons."""
    import unicodedata

    return unicodedata.name(symbol, f"U+{ord(symbol):04X}").lower()
