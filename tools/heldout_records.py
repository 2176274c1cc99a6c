"""Held-out records for the corpus benchmark and the same-decisions checks.

Records are built from the held-out paragraphs of :mod:`corpus` (never trained on): each
source's paragraphs in order, grouped with ``\\n`` into records of at least a given
length, so a ~1,000-character "document" or a ~200-character "paragraph" is running text
of one source.  Damaged records are the same records through :func:`zhfix.shift.shift`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import corpus

#: Held-out sources: name -> loader.  The Debian ones need their packages installed
#: (``apt-get install debian-reference-zh-cn manpages-zh fortunes-zh``) and are skipped
#: otherwise.
SOURCES: dict[str, Callable[[], list[str]]] = {
    "news": lambda: corpus.people_daily("heldout"),
    "reviews": lambda: corpus.reviews("heldout"),
    "technical": corpus.debian_reference,
    "man pages": lambda: corpus.manpages("heldout"),
    "verse and sayings": corpus.fortunes_zh,
}


def sources(required: tuple[str, ...] = ("news", "reviews")) -> dict[str, list[str]]:
    """The held-out paragraphs of each available source, in order."""
    found: dict[str, list[str]] = {}
    for name, load in SOURCES.items():
        try:
            found[name] = load()
        except (RuntimeError, OSError, AttributeError) as exc:
            if name in required:
                raise
            print(f"(held-out records: skipping {name}: {exc})", file=sys.stderr)
    return found


def grouped(paragraphs: list[str], min_chars: int) -> list[str]:
    """Consecutive paragraphs joined with ``\\n`` into records of at least ``min_chars``
    characters (a shorter tail is dropped)."""
    records: list[str] = []
    current: list[str] = []
    size = 0
    for p in paragraphs:
        current.append(p)
        size += len(p) + 1
        if size > min_chars:
            records.append("\n".join(current))
            current, size = [], 0
    return records


def records(min_chars: int = 0) -> list[str]:
    """Every available source's held-out paragraphs, grouped to ``min_chars`` (0: one
    record per paragraph)."""
    out: list[str] = []
    for paragraphs in sources().values():
        out.extend(paragraphs if min_chars <= 0 else grouped(paragraphs, min_chars))
    return out
