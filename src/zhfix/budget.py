"""Memory a command-line job will need, checked before it starts.

A job too large for the machine is refused with a one-line error that says what would
fit, instead of being killed by the system half-way with nothing said.

The figures are the peak resident memory of the ``zhfix`` command, measured with
``/usr/bin/time -f %M`` on damaged held-out text laid out as copied from a PDF (every
paragraph broken at 19 characters, a blank line between lines, as in the seed), at 1 M
and 4 M characters: the slope between the two is the cost per character, what is left
at 1 M the base.  Measured (bytes a character): the restore 163, --explain 165 (the
restore and its change objects), --json 296, --chars-only 16 (decoded a chunk at a
time), --detect 8; the base 89-107 MB, and 8 MB more since the model's hash tables sit
on 2 MB pages behind Bloom filters (``zhfix._ngram``; measured after loading the model:
112 MB resident against 103 MB before).  The constants below are those, rounded up by
about 5 %, so an estimate is within 10 % of the real peak (checked at both sizes; the
same text one paragraph a line needs about 120 a character for the restore, so the
estimate errs on the safe side there).  Clean text needs less.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

#: What the process holds before it reads any input: the interpreter and the model.
BASE_BYTES = 108 * 10**6
#: Peak bytes per input character on top of that, by what the job produces.
BYTES_PER_CHAR = {
    "chars": 17,  # --chars-only text: arrays only, a chunk at a time
    "detect": 8,  # --detect: the arrays of a chunk, no repaired text
    "restore": 170,  # the full restore's text: layout keeps per-line objects
    "explain": 170,  # the restore, and one change object per repair
    "json": 310,  # change objects and their dictionaries
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
    """Bytes a new job can have without swapping, or None if the system will not say.

    Linux's ``MemAvailable``, or less if the process's control group (a container) has a
    smaller limit left; elsewhere the free pages where ``sysconf`` knows them (which
    leaves out the page cache, so it errs on the side of refusing).
    """
    free = _meminfo_available()
    if free is None:
        try:
            free = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_AVPHYS_PAGES")
        except (AttributeError, ValueError, OSError):
            return None
    left = _cgroup_left()
    return free if left is None else min(free, left)


def _meminfo_available() -> int | None:
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


#: (limit, usage) files of a control group: version 2, then version 1.
_CGROUP_FILES = (
    ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
    ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
)
#: A limit this high is no limit (cgroup v1 writes one just under 2**63).
_NO_LIMIT = 1 << 60


def _cgroup_left() -> int | None:
    """What the memory limit of this process's control group leaves, if it has one."""
    for limit_file, usage_file in _CGROUP_FILES:
        try:
            with open(limit_file, encoding="ascii") as fh:
                limit_text = fh.read().strip()
            if limit_text == "max":
                return None
            limit = int(limit_text)
            with open(usage_file, encoding="ascii") as fh:
                usage = int(fh.read().strip())
        except (OSError, ValueError):
            continue
        return None if limit >= _NO_LIMIT else max(0, limit - usage)
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
