"""The one place a batch job repairs text: a list of texts in, a list of repairs out.

Every engine (the process pool of ``zhfix batch``, the Ray Data step, the pipeline
steps of :mod:`zhfix.integrations`) repairs through :func:`repair_texts`, so that a
faster batch entry point of the library is taken up by changing this module alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from .. import repair
from ..config import FixConfig
from ..document import restore

Mode = Literal["chars", "restore"]
MODES: tuple[Mode, ...] = ("chars", "restore")

#: One thread per repair: a batch job already runs one repair per CPU.
WORKER_CONFIG = FixConfig(threads=1)


@dataclass(frozen=True, slots=True)
class Repaired:
    """The repaired text of one record and what the repair did to it.

    ``changes`` counts the character repairs, ``marks`` them by the mark restored
    (``{"，": 3}``); ``min_confidence`` is the lowest confidence among them (None when
    nothing was repaired).  In the ``restore`` mode the text is also re-flowed, so it
    may differ from the input where no character was repaired.
    """

    text: str
    changes: int
    min_confidence: float | None
    marks: Counter[str] = field(default_factory=Counter)

    @property
    def damaged(self) -> bool:
        return self.changes > 0

    def meta(self) -> dict[str, object]:
        """The per-record metadata written by ``--meta-field`` and ``--meta-file``."""
        return {
            "damaged": self.damaged,
            "changes": self.changes,
            "min_confidence": self.min_confidence,
        }


def repair_texts(
    texts: Sequence[str], mode: Mode = "chars", config: FixConfig = WORKER_CONFIG
) -> list[Repaired]:
    """Repair each text on its own, exactly as one library call per text would.

    ``chars`` is :func:`zhfix.fix_and_explain_texts` (characters only: the record keeps its
    lines, and clean text comes back byte for byte); ``restore`` is
    :func:`zhfix.restore` (also lines, paragraphs, spacing), for records that are whole
    pages copied out of a PDF.
    """
    if mode == "restore":
        documents = (restore(text, config=config) for text in texts)
        results = [(d.to_text(), d.character_changes) for d in documents]
    else:
        results = [(r.text, r.changes) for r in repair.fix_and_explain_texts(texts, config)]
    out = []
    for fixed, changes in results:
        out.append(
            Repaired(
                fixed,
                len(changes),
                min((c.confidence for c in changes), default=None),
                Counter(c.after for c in changes),
            )
        )
    return out
