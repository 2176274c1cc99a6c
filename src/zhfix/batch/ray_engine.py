"""``zhfix batch --engine ray``: the local engine's chunks, scheduled by Ray Data.

The job is the local engine's, chunk for chunk: a Ray Data datasource cuts each input
into the same chunks of raw bytes (:func:`~zhfix.batch.chunks.read_chunks`: JSONL lines
as they are on disk, Parquet record batches as Arrow IPC), ``workers`` actors parse,
repair, serialise and write each chunk's parts (:func:`~zhfix.batch.chunks.run_chunk`),
and the driver assembles each input's output from its parts through the job's
journal.  So the outputs, the errors file, the metadata and resuming are those of the
local engine, byte for byte, and the only JSON or Arrow work is done where the repair
is, in the actors: the driver and Ray Data move opaque bytes.

Set ``RAY_ADDRESS`` to run on a cluster (``OUT_DIR`` must then be on storage every node
can write); otherwise a local Ray with ``workers`` + 1 CPUs is started.
"""

from __future__ import annotations

import json
import logging
import os
import socket
from dataclasses import replace
from typing import Any

from .chunks import Options, Stats, check_parquet_field
from .journal import Journal
from .runner import Progress
from .sources import BatchError, Source

#: Seconds to wait for a TCP connection to ``RAY_ADDRESS`` before calling it dead.
CONNECT_TIMEOUT_S = 5


def run_ray(
    journal: Journal, sources: list[Source], options: Options, workers: int, progress: Progress
) -> Stats:
    """Do every chunk not yet done on Ray, assemble the outputs, return the job's stats
    (finished chunks and inputs of earlier runs included)."""
    ray = _start_ray(workers)
    from .ray_chunks import ChunkSource, RepairChunks

    for s in sources:
        if s.format == "parquet":
            _check_parquet(s, options.field)
    total = Stats()
    todo: list[int] = []
    done: dict[int, frozenset[int]] = {}
    for number in range(len(sources)):
        finished = journal.file_done(number)
        if finished is not None:
            total.add(finished)
            progress.update(finished)
            continue
        todo.append(number)
        chunks = _done_chunks(journal, number)
        done[number] = frozenset(chunks)
        for stats in chunks.values():
            progress.update(stats)
    if todo:
        # Absolute paths: Ray's workers need not share the driver's working folder.
        where = [replace(s, path=os.path.abspath(s.path)) for s in sources]
        part_dirs = {n: os.path.abspath(journal.part_dir(n)) for n in todo}
        datasource = ChunkSource(where, options, part_dirs, done)
        repaired = ray.data.read_datasource(datasource, num_cpus=0).map_batches(
            RepairChunks,
            fn_constructor_kwargs={"sources": where, "options": options, "part_dirs": part_dirs},
            batch_size=1,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=workers),
            num_cpus=1,
        )
        try:
            for batch in repaired.iter_batches(batch_size=None, batch_format="pyarrow"):
                for line in batch.column("stats").to_pylist():
                    progress.update(Stats.from_dict(json.loads(line)), fresh=True)
        except Exception as e:  # Ray wraps what went wrong in its own errors
            raise BatchError(f"Ray could not finish the job ({_first_line(e)})") from None
        for number in todo:
            chunks = _done_chunks(journal, number)
            stats = Stats()
            for index in range(len(chunks)):
                stats.add(chunks[index])
            journal.assemble(number, len(chunks), stats)
            total.add(stats)
    return total


def require_ray() -> None:
    """Refuse ``--engine ray`` before the job leaves anything in the output folder."""
    try:
        import ray  # noqa: F401
    except ImportError:
        raise BatchError("--engine ray needs Ray: pip install 'zhfix[ray]'") from None


def _start_ray(workers: int) -> Any:
    """Ray, started (a local one of ``workers`` + 1 CPUs) or reached (``RAY_ADDRESS``)."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise BatchError("--engine ray needs Ray: pip install 'zhfix[ray]'") from None
    address = os.environ.get("RAY_ADDRESS")
    if not ray.is_initialized():
        settings: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING}
        try:
            if address:
                _check_reachable(address)
                ray.init(address=address, **settings)
            else:
                # "local": a Ray of our own, even when another runs on this machine (which
                # ray.init() would join, and then refuse num_cpus).  One CPU more than
                # actors, for whatever task Ray Data runs besides them (its Parquet
                # reader's, in earlier versions of this engine, hung the job without it).
                ray.init(
                    address="local", num_cpus=workers + 1, include_dashboard=False, **settings
                )
        except (ConnectionError, ValueError, RuntimeError) as e:
            where = f"the Ray at RAY_ADDRESS={address}" if address else "a local Ray"
            raise BatchError(f"could not start or reach {where}: {_first_line(e)}") from None
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    # Each chunk carries its input and index, so Ray may finish them in any order.
    context.execution_options.preserve_order = False
    return ray


def _check_reachable(address: str) -> None:
    """Refuse at once a ``RAY_ADDRESS`` where nothing listens: ``ray.init`` would retry
    for minutes (about 36 s for each of its 20 tries) before giving up."""
    try:
        from ray._private.services import canonicalize_bootstrap_address
    except ImportError:  # pragma: no cover - another Ray version: let ray.init try
        return
    try:
        # "auto": the head that `ray start` recorded; "host:port" with localhost resolved.
        resolved = canonicalize_bootstrap_address(address)
    except (ConnectionError, ValueError) as e:
        message = f"could not reach the Ray at RAY_ADDRESS={address}: {_first_line(e)}"
        raise BatchError(message) from None
    if resolved is None:
        return
    host, _, port = resolved.rpartition("://")[2].rpartition(":")
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S):
            pass
    except (OSError, ValueError) as e:
        raise BatchError(
            f"could not reach the Ray at RAY_ADDRESS={address}: nothing answers at {resolved}"
            f" ({_first_line(e)}); start it (ray start --head) or unset RAY_ADDRESS for a"
            " Ray of this command's own"
        ) from None


def _first_line(e: BaseException) -> str:
    lines = str(e).strip().splitlines()
    return f"{type(e).__name__}: {lines[0][:200]}" if lines else type(e).__name__


def _check_parquet(source: Source, field: str) -> None:
    """Refuse, before Ray starts on it, a Parquet input the job cannot read."""
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(source.path)
    except Exception as e:
        raise BatchError(f"{source.path}: not a Parquet file: {e}") from None
    check_parquet_field(source.path, schema, field)


def _done_chunks(journal: Journal, number: int) -> dict[int, Stats]:
    """The chunks of input ``number`` finished so far, by index, with their stats."""
    folder = journal.part_dir(number)
    out: dict[int, Stats] = {}
    for name in os.listdir(folder):
        stem, _, kind = name.partition(".")
        if kind == "done" and stem.isdigit():
            stats = journal.chunk_done(number, int(stem))
            if stats is not None:
                out[int(stem)] = stats
    return out
