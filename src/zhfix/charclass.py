"""Character classes of Chinese typesetting, as regex fragments and a width table.

Shared by the layout step (line widths, spacing in CJK context) and the structure step
(datelines).  Ranges, not lists: they must cover text the project has never seen.
"""

from __future__ import annotations

#: Ideographs, kana, bopomofo, radicals, iteration marks: full-width "words".
HAN = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3100-\u312f"
    "\u31a0-\u31bf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
)
#: Full-width letters and digits (``２０２０``, ``ＶＣＤ``).
FW_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
#: Other full-width symbols of the GB2312 symbol rows: circled and roman numerals,
#: arrows, shapes, ``℃ № ※``.  They take a full cell but are not punctuation.
FW_SYMBOL = (
    "\u2103\u2116\u203b\u2160-\u217f\u2190-\u21ff\u2460-\u24ff\u2500-\u257f"
    "\u25a0-\u25ff\u2605\u2606"
)
#: Opening full-width punctuation (may not end a line).
FW_OPEN = "\u201c\u2018\u3008\u300a\u300c\u300e\u3010\u3014\u3016\uff08\uff3b\uff5b\uff5f"
#: Closing full-width punctuation (may not start a line).
FW_CLOSE = "\u201d\u2019\u3009\u300b\u300d\u300f\u3011\u3015\u3017\uff09\uff3d\uff5d\uff60"
#: Full-width punctuation other than the curly quotes: the CJK symbol block (minus the
#: ideographic space), the full-width forms block (minus letters and digits), and the
#: marks Chinese shares with Western text but sets full-width (``— … ·``).
FW_PUNCT_NOQ = (
    "\u3001-\u3004\u3008-\u3020\u3030\u303d\u30fb"
    "\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\u2014\u2015\u2016\u2026\u2025\u00b7\u2027\u2e3a\u2e3b\ufe30-\ufe4f"
)
#: Curly quotes: full-width in Chinese text, but also used around English words.
QUOTES = "\u2018\u2019\u201c\u201d"
#: All full-width punctuation.
FW_PUNCT = FW_PUNCT_NOQ + QUOTES
#: Characters that end a sentence, and that a paragraph ends with.
SENTENCE_END = "。！？!?…\uff0e"
#: Space characters a PDF extraction produces (not the line break).
SPACE = " \t\u00a0\u2000-\u200b\u202f\u205f\u3000"

#: Anything set in a full cell and not a quote: Chinese context proper.
CJK = HAN + FW_ALNUM + FW_SYMBOL + FW_PUNCT_NOQ


def _width_table() -> dict[int, str]:
    """Map code points to a width class letter for :meth:`str.translate`.

    ``n`` narrow (half a cell: ASCII, Latin), ``p`` full-width punctuation (its width
    depends on the typesetter), ``s`` space, ``\\n`` kept; characters left out of the
    table keep themselves and count as one full cell.
    """
    import re

    table: dict[int, str] = {}
    for cp in range(0x21, 0x7F):
        table[cp] = "n"
    for cp in range(0xA1, 0x250):
        table[cp] = "n"
    for cp in (0xD7, 0xF7):  # × ÷ are full-width in GB2312 fonts
        del table[cp]
    punct = re.compile(f"[{FW_PUNCT}]")
    for cp in range(0x2000, 0x10000):
        if punct.match(chr(cp)):
            table[cp] = "p"
    table[0xB7] = "p"
    space = re.compile(f"[{SPACE}]")
    for cp in range(0, 0x3001):
        if space.match(chr(cp)):
            table[cp] = "s"
    table[0x0A] = "\n"
    table[0x0D] = "s"
    return table


#: :meth:`str.translate` table from characters to width classes (see ``_width_table``).
WIDTH_CLASSES: dict[int, str] = _width_table()
