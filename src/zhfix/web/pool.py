"""Where the work runs, off the event loop (which stays free to answer other clients,
the health check and the 429s meanwhile).

A small job -- a text of up to ``inline_chars`` characters, whose time is bounded by
its size (about 0.2 s for the largest on one core) -- runs in a thread of the server
process, one at a time: handing it to another process would cost more than the job.
Anything larger, and every PDF, runs in a small pool of processes, so that a request
that runs out of time can be stopped: its process is killed and replaced."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from ..textio import InputError

T = TypeVar("T")


class JobError(Exception):
    """A job's input could not be used; ``str(error)`` is the one line for the client.

    ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message, status)
        self.message = message
        self.status = status

    def __str__(self) -> str:
        return self.message


def _warm() -> None:
    """Load the character model before the first request needs it."""
    from ..repair import fix_text

    fix_text("袁")


def _run(function: Callable[..., T], *args: Any) -> T:
    """Run a job; its InputErrors (some not picklable) come back as JobErrors."""
    try:
        return function(*args)
    except InputError as e:
        raise JobError(" ".join(str(e).splitlines())) from None
    except MemoryError:
        raise JobError("the input needs more memory than the service has; send less", 413) from None
    except RecursionError:
        raise JobError("the input is too deeply nested to read", 422) from None


class Jobs:
    """A pool of ``processes`` job processes, each job limited to ``timeout`` seconds."""

    def __init__(self, processes: int, timeout: float) -> None:
        self.processes = processes
        self.timeout = timeout
        self._pool: ProcessPool | None = None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhfix-job")

    def _started(self) -> ProcessPool:
        if self._pool is None:
            self._pool = ProcessPool(
                max_workers=self.processes,
                initializer=_warm,
                context=multiprocessing.get_context("spawn"),
            )
        return self._pool

    def start(self) -> None:
        """Start the processes now (they load the model) rather than on the first job."""
        self._started()

    async def run_small(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` for a job bounded by its size, in the server's job thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, _run, function, *args)

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a job process; :class:`JobError` for what fails."""
        future = self._started().schedule(_run, (function, *args), timeout=self.timeout)
        try:
            return await asyncio.wrap_future(future)
        except FutureTimeout:
            raise JobError(
                f"the work took longer than the {self.timeout:g} s limit and was stopped; "
                "send a shorter text or fewer pages",
                413,
            ) from None
        except ProcessExpired:
            raise JobError(
                "the work stopped: the input needed more memory than the service has; send less",
                413,
            ) from None
        except BrokenExecutor:
            self.close()  # the next request starts a new pool
            raise JobError("the service's worker processes failed; try again", 503) from None
        except asyncio.CancelledError:
            future.cancel()  # the client went away: stop its job too
            raise

    def close(self) -> None:
        self._thread.shutdown(wait=False, cancel_futures=True)
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhfix-job")
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
            self._pool = None
