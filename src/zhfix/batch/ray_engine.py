"""``zhfix batch --engine ray``: the same job through Ray Data.

Each JSONL or Parquet input is read with Ray Data, repaired by
:class:`zhfix.integrations.ray.FixBatch` on ``workers`` actors, and written as a folder
of Ray's shards named like the input (``OUT_DIR/a/b.jsonl/`` holding ``*.json`` or
``*.parquet`` files), records in input order.  Set ``RAY_ADDRESS`` to run on a cluster;
otherwise a local Ray with ``workers`` CPUs is started.  This engine does not resume:
a rerun starts again (use the local engine for that).
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import sys
import time
from typing import Any

from .chunks import Options
from .sources import BatchError, Source

#: Reading and writing take no CPU of their own: the job's CPUs are for the repair
#: actors (on a small local Ray, reads that wait for a CPU the actors hold never run).
_LIGHT = {"num_cpus": 0}


def run_ray(
    sources: list[Source], options: Options, out_dir: str, workers: int, overwrite: bool
) -> int:
    """Run the job; print its summary; return the exit status."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise BatchError("--engine ray needs Ray: pip install 'zhfix[ray]'") from None
    from ..integrations.ray import FixBatch

    for s in sources:
        if s.format == "txt":
            raise BatchError(f"{s.path}: --engine ray reads JSONL and Parquet, not .txt")
        if "." in options.field:
            raise BatchError("--engine ray takes a top-level --field, not a nested one")
        target = os.path.join(out_dir, s.rel)
        if os.path.lexists(target) and not overwrite:
            raise BatchError(
                f"{target} exists; zhfix batch never replaces a file it did not write:"
                " choose another -o, or pass --overwrite"
            )
    started = time.perf_counter()
    address = os.environ.get("RAY_ADDRESS")
    if not ray.is_initialized():
        settings: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.WARNING}
        try:
            if address:
                ray.init(address=address, **settings)
            else:
                # "local": a Ray of our own, even when another runs on this machine (which
                # ray.init() would join, and then refuse num_cpus).
                # One CPU more than actors: Ray Data's Parquet reader runs a task that needs
                # a CPU, which never ran while the actors held them all (the job hung).
                ray.init(
                    address="local", num_cpus=workers + 1, include_dashboard=False, **settings
                )
        except (ConnectionError, ValueError, RuntimeError) as e:
            where = f"the Ray at RAY_ADDRESS={address}" if address else "a local Ray"
            first = str(e).strip().splitlines()[0][:200] if str(e).strip() else type(e).__name__
            raise BatchError(f"could not start or reach {where}: {first}") from None
    logging.getLogger("ray.data").setLevel(logging.WARNING)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    meta = options.meta_field
    constructor = {
        "column": options.field,
        "mode": options.mode,
        "damaged_column": f"{meta}_damaged" if meta else None,
        "changes_column": f"{meta}_changes" if meta else None,
        "min_confidence_column": f"{meta}_min_confidence" if meta else None,
    }
    records = 0
    for s in sources:
        target = os.path.join(out_dir, s.rel)
        tmp = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.zhfix-tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            if s.format == "parquet":
                ds = ray.data.read_parquet(s.path, num_cpus=0)
            else:
                ds = ray.data.read_json(s.path, lines=True, num_cpus=0)
            fixed = ds.map_batches(
                FixBatch,
                fn_constructor_kwargs=constructor,
                batch_format="pyarrow",
                batch_size=options.chunk_records,
                # min_size 1: a pool can start while the last input's actors wind down.
                compute=ray.data.ActorPoolStrategy(min_size=1, max_size=workers),
                num_cpus=1,
            )
            if s.format == "parquet":
                fixed.write_datasink(_ordered_parquet_sink(tmp), ray_remote_args=_LIGHT)
            else:
                fixed.write_json(tmp, ray_remote_args=_LIGHT, force_ascii=False)
            del fixed, ds
            gc.collect()  # lets Ray Data end this input's actors and free their CPUs
            records += _rows(tmp) if s.format == "parquet" else _lines(tmp)
        except Exception as e:  # Ray wraps what went wrong in its own errors
            shutil.rmtree(tmp, ignore_errors=True)
            lines = str(e).strip().splitlines()
            cause = f"{type(e).__name__}: {lines[0][:160]}" if lines else type(e).__name__
            raise BatchError(
                f"{s.path}: Ray could not process it ({cause}); the local engine lists bad"
                " records instead of stopping"
            ) from None
        if os.path.lexists(target):
            shutil.rmtree(target) if os.path.isdir(target) else os.unlink(target)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(tmp, target)
    seconds = time.perf_counter() - started
    size = sum(s.size for s in sources)
    print(
        f"zhfix batch: {records:,} records in {len(sources):,} files through Ray;"
        f" {seconds:.1f} s ({records / seconds:,.0f} records/s, {size / 1e6 / seconds:.2f} MB/s)",
        file=sys.stderr,
    )
    return 0


def _ordered_parquet_sink(folder: str) -> Any:
    """A Ray Data sink writing each write task's blocks, in order, to ``NNNNNN.parquet``.

    Ray's own ``write_parquet`` hands a task's blocks to ``pyarrow.dataset.write_dataset``
    with threads on, which may write them in any order: the records of one file came back
    shuffled block by block.  Here a task writes its blocks one after another with a
    ``ParquetWriter``, and the file is named by the task's index, so the files sorted by
    name hold the records in input order.
    """
    import pyarrow.parquet as pq
    from ray.data import Datasink

    class OrderedParquetSink(Datasink):  # type: ignore[misc]
        def on_write_start(self, *args: Any, **kwargs: Any) -> None:
            os.makedirs(folder, exist_ok=True)

        def write(self, blocks: Any, ctx: Any) -> None:
            import pyarrow as pa

            writer = None
            path = os.path.join(folder, f"{ctx.task_idx:06d}.parquet")
            try:
                for block in blocks:
                    table = block if isinstance(block, pa.Table) else pa.Table.from_pandas(block)
                    if table.num_rows == 0:
                        continue
                    if writer is None:
                        writer = pq.ParquetWriter(path + ".part", table.schema)
                    elif not table.schema.equals(writer.schema):
                        table = table.cast(writer.schema)
                    writer.write_table(table)
            finally:
                if writer is not None:
                    writer.close()
            if writer is not None:
                os.replace(path + ".part", path)

    return OrderedParquetSink()


def _rows(folder: str) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(os.path.join(folder, n)).metadata.num_rows
               for n in os.listdir(folder))


def _lines(folder: str) -> int:
    count = 0
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), "rb") as f:
            count += sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))
    return count
