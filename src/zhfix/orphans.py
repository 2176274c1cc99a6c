"""Child processes that end with their parent, even when it is killed with ``kill -9``."""

from __future__ import annotations

import os
import signal


def die_with(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` (its parent's pid) ends.

    An orphaned batch worker would go on writing into the journal of a rerun; an orphaned
    server worker would go on holding the port.  Linux only; elsewhere nothing is done.
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        return
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)
