"""Running a batch job on a pool of worker processes, with progress and a summary.

The main process only reads the inputs, cuts them into chunks and assembles outputs;
the workers parse, repair and write each chunk.  At most two chunks per worker are in
flight, so memory stays bounded however large the inputs are.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

from ..orphans import die_with
from .chunks import Options, Stats, read_chunks, run_chunk
from .journal import Journal
from .sources import Source


def available_cpus() -> int:
    """CPUs this process may run on (its affinity, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _start_worker(parent: int) -> None:
    die_with(parent)
    # Load the model once, now, rather than inside the first chunk's timing.
    from ..repair import fix_text

    fix_text("")


@dataclass
class _Open:
    """An input whose chunks are being worked on."""

    chunks: int = 0  # chunks read so far
    pending: int = 0  # chunks submitted and not yet done
    read_all: bool = False
    stats: Stats = field(default_factory=Stats)


class Progress:
    """A progress bar (tqdm) over the input bytes, with records/s beside it."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.started = time.perf_counter()
        self.records = 0
        #: What this run did (not the chunks finished by an earlier run).
        self.fresh = Stats()
        self.bar: Any = None
        if enabled:
            try:
                from tqdm import tqdm
            except ImportError:
                sys.stderr.write("zhfix batch: no progress bar without tqdm"
                                 " (pip install 'zhfix[batch]')\n")
                return
            self.bar = tqdm(
                total=total, unit="B", unit_scale=True, unit_divisor=1000,
                desc="zhfix batch", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
            )

    def update(self, stats: Stats, fresh: bool = False) -> None:
        self.records += stats.records
        if fresh:
            self.fresh.add(stats)
        if self.bar is not None:
            elapsed = max(time.perf_counter() - self.started, 1e-9)
            self.bar.set_postfix_str(f"{self.records:,} records, {self.records / elapsed:,.0f}/s")
            self.bar.update(stats.bytes_in)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run_job(
    journal: Journal, sources: list[Source], options: Options, workers: int, progress: Progress
) -> Stats:
    """Do every chunk not yet done, assemble each input's outputs as soon as it is
    complete, and return the job's stats (finished chunks of earlier runs included)."""
    total = Stats()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    ) as pool:
        inflight: dict[Future[Stats], int] = {}
        state: dict[int, _Open] = {}

        def settle(block: bool) -> None:
            if not inflight:
                return
            timeout = None if block else 0
            done, _ = wait(list(inflight), timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                number = inflight.pop(future)
                stats = future.result()
                progress.update(stats, fresh=True)
                entry = state[number]
                entry.pending -= 1
                entry.stats.add(stats)
                _maybe_assemble(journal, number, entry, total, state)

        for number, source in enumerate(sources):
            finished = journal.file_done(number)
            if finished is not None:
                total.add(finished)
                progress.update(finished)
                continue
            entry = state[number] = _Open()
            part_dir = journal.part_dir(number)
            for task in read_chunks(source, options, part_dir):
                entry.chunks += 1
                previous = journal.chunk_done(number, task.index)
                if previous is not None:
                    progress.update(previous)
                    entry.stats.add(previous)
                    continue
                while len(inflight) >= 2 * workers:
                    settle(block=True)
                entry.pending += 1
                inflight[pool.submit(run_chunk, task)] = number
                settle(block=False)
            entry.read_all = True
            _maybe_assemble(journal, number, entry, total, state)
        while inflight:
            settle(block=True)
    return total


def _maybe_assemble(
    journal: Journal, number: int, entry: _Open, total: Stats, state: dict[int, _Open]
) -> None:
    if entry.read_all and entry.pending == 0 and number in state:
        journal.assemble(number, entry.chunks, entry.stats)
        total.add(entry.stats)
        del state[number]


def summary(
    stats: Stats, fresh: Stats, files: int, seconds: float, errors_path: str | None
) -> str:
    """The lines printed when the job ends: ``stats`` for the whole job, the speed from
    ``fresh``, what this run did itself."""
    share = stats.damaged / stats.records if stats.records else 0.0
    rate = fresh.records / seconds if seconds else 0.0
    mb = fresh.bytes_in / 1e6 / seconds if seconds else 0.0
    lines = [
        f"zhfix batch: {stats.records:,} records in {files:,} file{'s' * (files != 1)},"
        f" {stats.damaged:,} damaged ({share:.1%}), {stats.changes:,} characters repaired;"
        f" {seconds:.1f} s ({rate:,.0f} records/s, {mb:.2f} MB/s)",
    ]
    if stats.marks:
        marks = "  ".join(f"{mark} {n:,}" for mark, n in stats.marks.most_common())
        lines.append(f"  repaired marks: {marks}")
    if fresh.records < stats.records:
        lines.append(f"  {stats.records - fresh.records:,} records were done by an earlier run")
    if stats.errors:
        lines.append(f"  {stats.errors:,} records could not be processed: see {errors_path}")
    return "\n".join(lines)
