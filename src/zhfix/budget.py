"""Memory a command-line job will need, checked before it starts.

A job too large for the machine is refused with a one-line error that says what would
fit, instead of being killed by the system half-way with nothing said.  The figures are
peak bytes per input character measured on damaged Chinese text (a 1.7 M-character
file of shifted 1998 news), with about a fifth added for headroom; clean text needs less.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

#: What the process holds before it reads any input: the interpreter and the model.
BASE_BYTES = 120 * 10**6
#: Peak bytes per input character on top of that, by what the job produces.
BYTES_PER_CHAR = {
    "chars": 25,  # --chars-only text, or --detect: arrays only
    "restore": 80,  # the full restore's text: layout keeps per-line objects
    "explain": 200,  # one change object per repair
    "json": 320,  # change objects and their dictionaries
}


@dataclass(frozen=True, slots=True)
class Estimate:
    """What a job of ``chars`` characters of kind ``job`` needs, next to what is free."""

    job: str
    chars: int
    needed: int
    available: int | None

    @property
    def fits(self) -> bool:
        return self.available is None or self.needed <= self.available


def available_memory() -> int | None:
    """Bytes the system can give a new job without swapping, or None if it won't say."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None


def estimate(job: str, chars: int, available: int | None = None) -> Estimate:
    """How much memory ``job`` (a key of :data:`BYTES_PER_CHAR`) needs for ``chars``
    characters; ``available`` defaults to what the system reports now."""
    if available is None:
        available = available_memory()
    return Estimate(job, chars, BASE_BYTES + BYTES_PER_CHAR[job] * chars, available)


def size(n: int) -> str:
    """``n`` bytes, rounded for a message (``1.4 GB``, ``350 MB``)."""
    if n >= 10**9:
        return f"{n / 10**9:.1f} GB"
    return f"{max(1, round(n / 10**6))} MB"
