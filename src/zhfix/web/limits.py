"""The service's limits, read from the environment so that every worker process of
``zhfix serve --workers N`` sees the same ones.

Each limit stops one way a client could hurt the service or the machine: a huge body
(memory), a huge PDF (time), a job that runs on and on (CPU), a crowd of requests
(queueing without end).  A request beyond one gets a 4xx and one line saying which.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

#: environment variable -> field; ``zhfix serve`` sets them from its options
ENV_PREFIX = "ZHFIX_WEB_"


@dataclass(frozen=True)
class Limits:
    """What one worker process of the service accepts."""

    #: largest request body, in bytes (a pasted text or an uploaded file)
    max_body: int = 20 * 1024 * 1024
    #: most pages of a PDF (or of the selected pages) restored in one request
    max_pages: int = 50
    #: seconds a request's work may take; then the work is stopped and a 413 answers
    timeout: float = 60.0
    #: requests in progress or waiting in one worker process; more get a 429
    max_pending: int = 256
    #: texts up to this many characters are repaired in the server process (their time
    #: is bounded by their size); longer ones in a job process that the time limit stops
    inline_chars: int = 50_000
    #: processes that do the work in each worker process (0: the CPUs / workers)
    jobs: int = 0

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Limits:
        """The limits named in ``ZHFIX_WEB_*`` variables, the defaults elsewhere."""
        env = os.environ if environ is None else environ
        values: dict[str, int | float] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is not None:
                values[f.name] = float(raw) if f.type == "float" else int(raw)
        return cls(**values)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """The variables that make :meth:`from_env` give these limits."""
        return {ENV_PREFIX + f.name.upper(): str(getattr(self, f.name)) for f in fields(self)}

    def worker_processes(self, workers: int = 1) -> int:
        """How many job processes one server worker keeps."""
        if self.jobs > 0:
            return self.jobs
        return max(1, (os.cpu_count() or 1) // max(1, workers))
