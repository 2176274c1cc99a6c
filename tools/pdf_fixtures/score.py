"""How a reader's articles compare with the gold: character errors, paragraph
boundaries, articles whole / interleaved, tables.

Output articles are matched to gold articles by the character 6-grams each gold
article owns alone.  An output article goes to the gold article it holds most of; an
output article holding none is *spurious* (a masthead or running head kept, say) and
all its characters count as errors.  For each gold article the output articles matched
to it are joined in output order and compared by edit distance; a gold article no
output article matched costs all its characters.

* *whole*: one output article holds at least 98 % of the gold article's own 6-grams,
  no other output article holds any of them, and it holds next to nothing of any other
  gold article (at most 2 %): the article comes out whole and on its own.
* *interleaved*: inside one output article, runs of this gold article's text are
  separated by a run of another's (A B A): lines of neighbouring columns read across.
* *merged*: an output article holds two or more gold articles, one after the other.
* paragraph F1: the boundaries between text blocks (kicker, headline, subtitle,
  paragraphs), mapped from output offsets onto gold offsets through the alignment.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

N = 6
#: shorter runs of one owner inside an output article are noise (a shared phrase)
MIN_RUN = 4


@dataclass
class OutArticle:
    """A reader's article, reduced to what is scored."""

    blocks: list[str]
    tables: list[list[list[str]]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.blocks)


def from_reader_dict(d: dict[str, Any]) -> OutArticle:
    """An article of ``zhfix``'s ``to_dict()`` output: ``headline`` (a list of parts or a
    string) and ``paragraphs``, which may or may not repeat the headline first."""
    head = d.get("headline") or []
    heads = [head] if isinstance(head, str) else [h for h in head if h]
    paragraphs = [p for p in d.get("paragraphs", []) if p]
    if heads and paragraphs[: len(heads)] == heads:
        paragraphs = paragraphs[len(heads) :]
    return OutArticle([*heads, *paragraphs], [t if isinstance(t, list) else t["rows"]
                                              for t in d.get("tables", [])])


@dataclass
class Score:
    chars: int = 0
    errors: int = 0
    spurious_chars: int = 0
    articles: int = 0
    whole: int = 0
    interleaved: int = 0
    merged: int = 0
    missing: int = 0
    boundaries_true: int = 0
    boundaries_found: int = 0
    boundaries_right: int = 0
    tables: int = 0
    tables_right: int = 0
    exact_articles: int = 0
    text_equal: bool = True

    def add(self, other: Score) -> None:
        for name in self.__dataclass_fields__:
            if name == "text_equal":
                self.text_equal = self.text_equal and other.text_equal
            else:
                setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def cer(self) -> float:
        return self.errors / max(self.chars, 1)

    @property
    def paragraph_f1(self) -> float:
        p = self.boundaries_right / max(self.boundaries_found, 1)
        r = self.boundaries_right / max(self.boundaries_true, 1)
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def whole_share(self) -> float:
        return self.whole / max(self.articles, 1)


def _boundaries(blocks: Sequence[str]) -> list[int]:
    out, pos = [], 0
    for b in blocks[:-1]:
        pos += len(b)
        out.append(pos)
    return out


def _runs(owners: list[int]) -> list[tuple[int, int]]:
    """``(owner, length)`` runs, those shorter than :data:`MIN_RUN` dropped and the
    neighbours they separated joined."""
    runs: list[list[int]] = []
    for o in owners:
        if runs and runs[-1][0] == o:
            runs[-1][1] += 1
        else:
            runs.append([o, 1])
    kept: list[list[int]] = []
    for o, n in runs:
        if n < MIN_RUN or o < 0:
            continue
        if kept and kept[-1][0] == o:
            kept[-1][1] += n
        else:
            kept.append([o, n])
    return [(o, n) for o, n in kept]


def score(gold_blocks: list[list[str]], gold_tables: list[list[list[list[str]]]],
          output: list[OutArticle]) -> Score:
    """Score ``output`` against gold articles given as their text blocks (and tables)."""
    from rapidfuzz.distance import Levenshtein

    s = Score()
    gold_texts = ["".join(b) for b in gold_blocks]
    owner: dict[str, int] = {}
    for i, t in enumerate(gold_texts):
        for k in range(len(t) - N + 1):
            g = t[k : k + N]
            owner[g] = i if owner.get(g, i) == i else -1
    own_count = Counter(o for o in owner.values() if o >= 0)
    assigned: dict[int, list[int]] = {}
    holds: list[Counter[int]] = []
    interleaved: set[int] = set()
    for j, a in enumerate(output):
        t = a.text
        owners = [owner.get(t[k : k + N], -1) for k in range(len(t) - N + 1)]
        held = Counter(o for o in owners if o >= 0)
        holds.append(held)
        if not held:
            s.spurious_chars += len(t)
            continue
        assigned.setdefault(held.most_common(1)[0][0], []).append(j)
        seen: set[int] = set()
        mixed: set[int] = set()
        prev = -1
        for o, _ in _runs(owners):
            if o in seen and prev != o:
                mixed.update((o, prev))
            seen.add(o)
            prev = o
        interleaved |= mixed
        big = [o for o, n in held.items() if n >= 20]
        if len(big) >= 2 and not mixed:
            s.merged += len(big)
    s.errors += s.spurious_chars
    for i, blocks in enumerate(gold_blocks):
        src = gold_texts[i]
        s.articles += 1
        s.chars += len(src)
        bt = set(_boundaries(blocks))
        s.boundaries_true += len(bt)
        s.tables += len(gold_tables[i])
        js = assigned.get(i, [])
        if i in interleaved:
            s.interleaved += 1
        if not js:
            s.missing += 1
            s.errors += len(src)
            s.text_equal = False
            continue
        out_blocks = [b for j in js for b in output[j].blocks]
        out = "".join(out_blocks)
        s.errors += Levenshtein.distance(src, out)
        holders = [j for j, h in enumerate(holds) if h.get(i)]
        if len(js) == 1 and holders == js:
            held = holds[js[0]]
            others = sum(held.values()) - held[i]
            if held[i] >= 0.98 * own_count.get(i, 0) and others <= 0.02 * held[i]:
                s.whole += 1
        if len(js) == 1 and output[js[0]].blocks == blocks:
            s.exact_articles += 1
        else:
            s.text_equal = False
        mapping: dict[int, int] = {}
        for op in Levenshtein.opcodes(out, src):
            if op.tag == "equal":
                for k in range(op.src_end - op.src_start + 1):
                    mapping[op.src_start + k] = op.dest_start + k
        ob = _boundaries(out_blocks)
        s.boundaries_found += len(ob)
        s.boundaries_right += len({mapping.get(b, -1) for b in ob} & bt)
        out_tables = [t for j in js for t in output[j].tables]
        s.tables_right += sum(1 for t in gold_tables[i] if t in out_tables)
    if len(output) != len(gold_blocks):
        s.text_equal = False
    return s
