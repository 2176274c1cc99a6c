"""``zhfix batch --engine ray``: the same job through Ray Data.

Each JSONL or Parquet input is read with Ray Data, repaired by
:class:`zhfix.integrations.ray.FixBatch` on ``workers`` actors, and written as a folder
of Ray's shards named like the input (``OUT_DIR/a/b.jsonl/`` holding ``*.json`` or
``*.parquet`` files), records in input order.  Set ``RAY_ADDRESS`` to run on a cluster;
otherwise a local Ray with ``workers`` CPUs is started.  This engine does not resume:
a rerun starts again (use the local engine for that).
"""

from __future__ import annotations

import os
import shutil
import time

from .chunks import Options, Stats
from .runner import summary
from .sources import BatchError, Source


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
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False)
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
    total = Stats()
    for s in sources:
        if s.format == "parquet":
            ds = ray.data.read_parquet(s.path)
        else:
            ds = ray.data.read_json(s.path, lines=True)
        if options.field not in ds.schema().names:
            raise BatchError(f"{s.path}: no field {options.field!r}; name it with --field")
        fixed = ds.map_batches(
            FixBatch,
            fn_constructor_kwargs=constructor,
            batch_format="pyarrow",
            batch_size=options.chunk_records,
            concurrency=workers,
            num_cpus=1,
        )
        target = os.path.join(out_dir, s.rel)
        if os.path.lexists(target):
            shutil.rmtree(target) if os.path.isdir(target) else os.unlink(target)
        tmp = os.path.join(os.path.dirname(target), f".{os.path.basename(target)}.zhfix-tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        if s.format == "parquet":
            fixed.write_parquet(tmp)
        else:
            fixed.write_json(tmp, pandas_json_args={"force_ascii": False})
        os.replace(tmp, target)
        total.records += ds.count()
        total.bytes_in += s.size
    seconds = time.perf_counter() - started
    print(summary(total, total, len(sources), seconds, None), file=__import__("sys").stderr)
    return 0
