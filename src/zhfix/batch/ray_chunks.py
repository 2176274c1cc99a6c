"""The Ray Data side of ``zhfix batch --engine ray``: a datasource cutting the inputs
into the local engine's chunks of raw bytes, and the actor step repairing and writing
each chunk as a worker of the local engine does (see :mod:`.ray_engine`)."""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Iterator
from typing import Any

from ray.data import Datasource

from .chunks import Options, Task, read_chunks, run_chunk
from .sources import Source


class ChunkSource(Datasource):  # type: ignore[misc]
    """A Ray Data datasource: one read task per input, yielding one row per chunk not yet
    done, ``{number, index, first, bytes_in, payload}`` (``payload``: the chunk's raw
    JSONL bytes, its Parquet rows as Arrow IPC, or null for a .txt file)."""

    def __init__(
        self,
        sources: list[Source],
        options: Options,
        part_dirs: dict[int, str],
        done: dict[int, frozenset[int]],
    ) -> None:
        super().__init__()
        self.sources = sources
        self.options = options
        self.part_dirs = part_dirs
        self.done = done

    def estimate_inmemory_data_size(self) -> int:
        return sum(self.sources[n].size for n in self.part_dirs)

    def get_read_tasks(
        self, parallelism: int, per_task_row_limit: int | None = None, data_context: Any = None
    ) -> list[Any]:
        from ray.data.block import BlockMetadata
        from ray.data.datasource import ReadTask

        tasks = []
        for number, part_dir in self.part_dirs.items():
            source = self.sources[number]
            read = functools.partial(
                _read_source, source, number, self.options, part_dir, self.done[number]
            )
            metadata = BlockMetadata(
                num_rows=None, size_bytes=source.size, input_files=(source.path,),
                exec_stats=None,
            )
            tasks.append(ReadTask(read, metadata))
        return tasks


def _read_source(
    source: Source, number: int, options: Options, part_dir: str, done: frozenset[int]
) -> Iterator[Any]:
    """The blocks of one input (in a Ray read task): one per chunk not yet done."""
    import pyarrow as pa

    for task in read_chunks(source, options, part_dir):
        if task.index in done:
            continue
        payload = task.payload
        if payload is not None and not isinstance(payload, bytes):  # Arrow rows
            sink = io.BytesIO()
            with pa.ipc.new_stream(sink, payload.schema) as writer:
                writer.write(payload)
            payload = sink.getvalue()
        yield pa.table({
            "number": pa.array([number], pa.int64()),
            "index": pa.array([task.index], pa.int64()),
            "first": pa.array([task.first], pa.int64()),
            "bytes_in": pa.array([task.bytes_in], pa.int64()),
            "payload": pa.array([payload], pa.large_binary()),
        })


class RepairChunks:
    """The Ray actor's step: repair and write each chunk of a batch, exactly as a worker
    of the local engine does (:func:`~zhfix.batch.chunks.run_chunk`); return the chunks'
    stats as JSON."""

    def __init__(
        self, sources: list[Source], options: Options, part_dirs: dict[int, str]
    ) -> None:
        from .records import repair_texts

        self.sources = sources
        self.options = options
        self.part_dirs = part_dirs
        repair_texts([""], options.mode)  # load the model now, once for this actor

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        out = []
        for row in batch.to_pylist():
            number = row["number"]
            payload = row["payload"]
            source = self.sources[number]
            if source.format == "parquet":
                payload = pa.ipc.open_stream(payload).read_all()
            task = Task(
                source, row["index"], row["first"], payload, row["bytes_in"],
                self.part_dirs[number], self.options,
            )
            out.append(json.dumps(run_chunk(task).to_dict()))
        return pa.table({"stats": pa.array(out, pa.string())})
