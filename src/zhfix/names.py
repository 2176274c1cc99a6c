"""Person names standing in lists and tables, which the character model cannot see.

The model reads text with its whitespace taken out, so a clean list of names, one per
line or several per line between spaces (``孟令尧⏎袁海霞`` or ``孟令尧　袁海霞　叶文``),
is to it one run of ideographs with no punctuation: nothing protects it from being read
as damaged, and a name's last character as a mark (``孟令、``).  A damaged text never
looks like that list, since a shift changes marks, and a list of names has none.

So a candidate inside a *name cell* gets :data:`NAME_CELL_COST` against its symbol
reading: a cell (a run of non-space characters) of two to four ideographs that opens
with a common surname, on a line made only of such short cells, next to another such
line (or making up the whole text).
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

#: Log-odds against reading a character of a name cell as a symbol.
NAME_CELL_COST = 8.0
#: Single-character surnames, the commonest few hundred (by the 2020 census and
#: the Hundred Family Surnames); two-character surnames open with one of them or are
#: rare enough to leave out.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾韦夏付傅方邹熊白孟秦邱侯江尹薛闫阎"
    "段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文尧牛洪柳葛庞樊兰殷施"
    "安齐欧鲁焦倪祝关左聂柴温"
)
# A line of at most six cells of two to four ideographs, separated by spaces.
_CELL = r"[\u4e00-\u9fff]{2,4}"
_LIST_LINE = re.compile(rf"[ \t\u3000]*{_CELL}(?:[ \t\u3000]+{_CELL}){{0,5}}[ \t\u3000]*")
_SHORT_LINE = re.compile(r"(?m)^[ \t\u3000]*[\u4e00-\u9fff]{2,4}(?:[ \t\u3000]|$)")
_CELL_RE = re.compile(_CELL)
# A surname where a cell can open: at a line's start or after a space.  A text with none
# has no name cell, and this one search is cheaper than looking at its lines.
_CELL_OPENING = re.compile(rf"(?m)(?:^|[ \t\u3000])[{''.join(sorted(SURNAMES))}]")


def name_cells(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` offsets of the name cells of ``text`` (see the module doc)."""
    if _SHORT_LINE.search(text) is None or _CELL_OPENING.search(text) is None:
        return []
    lines: list[tuple[int, int, bool]] = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        lines.append((start, end, len(line) <= 40 and _LIST_LINE.fullmatch(line) is not None))
        start = end + 1
    cells: list[tuple[int, int]] = []
    for i, (lo, hi, listed) in enumerate(lines):
        if not listed:
            continue
        alone = len(lines) == 1 or (len(lines) == 2 and lines[1][0] == lines[1][1])
        beside = (i > 0 and lines[i - 1][2]) or (i + 1 < len(lines) and lines[i + 1][2])
        if not (alone or beside):
            continue
        for cell in _CELL_RE.finditer(text, lo, hi):
            if cell.group()[0] in SURNAMES:
                cells.append(cell.span())
    return cells


def name_cell_cost(text: str, offsets: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """:data:`NAME_CELL_COST` for each offset of ``text`` inside a name cell, else 0."""
    return cell_cost(name_cells(text), offsets)


def cell_cost(
    cells: list[tuple[int, int]], offsets: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """:data:`NAME_CELL_COST` for each of the sorted ``offsets`` inside one of the name
    ``cells`` (:func:`name_cells`), else 0."""
    cost = np.zeros(offsets.size)
    if not cells:
        return cost
    bounds = np.array(cells, dtype=np.int64)
    k = np.searchsorted(bounds[:, 0], offsets, side="right") - 1
    inside = (k >= 0) & (offsets < bounds[np.maximum(k, 0), 1])
    cost[inside] = NAME_CELL_COST
    return cost
