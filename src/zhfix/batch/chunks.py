"""Reading an input as numbered chunks of records, and repairing one chunk.

A chunk is the unit of work and of resumption: its boundaries depend only on the input
and the job's chunk size, so a rerun cuts the input exactly as the first run did.
:func:`read_chunks` runs in the job's main process (it only reads); :func:`run_chunk`
runs in a worker and writes the chunk's output files, each atomically, the chunk's
``.done`` record last: a chunk with a ``.done`` file is finished, whatever happened
afterwards.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..textio import InputError, decode_bytes, encode_text
from .records import Mode, repair_texts
from .sources import BatchError, Compression, Source

#: Largest .txt file read whole (one record); larger ones belong in JSONL.
MAX_TXT_BYTES = 256 << 20


@dataclass(frozen=True, slots=True)
class Options:
    """What the job does to each record; recorded in the journal, so a rerun must match."""

    field: str = "text"
    mode: Mode = "chars"
    meta_field: str | None = None
    meta_file: bool = False
    chunk_records: int = 1000
    chunk_bytes: int = 8 << 20
    #: ``"replace"`` salvages text with bytes that are not valid UTF-8 (a .txt file cut
    #: inside a character, a JSONL line with a bad byte) as U+FFFD; ``"strict"`` lists it
    #: in the errors file instead.
    errors: str = "strict"

    def to_dict(self) -> dict[str, object]:
        return {
            "errors": self.errors,
            "field": self.field,
            "mode": self.mode,
            "meta_field": self.meta_field,
            "meta_file": self.meta_file,
            "chunk_records": self.chunk_records,
            "chunk_bytes": self.chunk_bytes,
        }


@dataclass(frozen=True, slots=True)
class Task:
    """One chunk for a worker: ``payload`` is the raw lines (JSONL), an Arrow record
    batch (Parquet) or nothing (a .txt file, which the worker reads itself)."""

    source: Source
    index: int
    first: int  # number of the chunk's first line (JSONL, from 1) or row (Parquet, from 0)
    payload: Any
    bytes_in: int
    part_dir: str
    options: Options


# --- reading ---------------------------------------------------------------------------


def open_raw(source: Source) -> tuple[IO[bytes], IO[bytes]]:
    """``(file, stream)``: the file on disk (whose position tells progress) and the
    decompressed byte stream over it."""
    raw = open(source.path, "rb")  # noqa: SIM115 - closed by the caller
    try:
        return raw, _decompressed(raw, source.compression)
    except BaseException:
        raw.close()
        raise


def _decompressed(raw: IO[bytes], compression: Compression) -> IO[bytes]:
    if compression == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    if compression == "zstd":
        zstandard = _zstandard()
        reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True)
        return io.BufferedReader(reader)  # type: ignore[arg-type]
    return raw


def read_chunks(source: Source, options: Options, part_dir: str) -> Iterator[Task]:
    """The chunks of ``source`` in order, each read only when asked for (so the job
    holds only the chunks in flight)."""
    if source.format == "txt":
        yield Task(source, 0, 1, None, source.size, part_dir, options)
    elif source.format == "jsonl":
        yield from _jsonl_chunks(source, options, part_dir)
    else:
        yield from _parquet_chunks(source, options, part_dir)


def _jsonl_chunks(source: Source, options: Options, part_dir: str) -> Iterator[Task]:
    raw, stream = open_raw(source)
    try:
        lines: list[bytes] = []
        size = 0
        first = 1
        index = 0
        position = 0
        for line in _lines(stream, source.path):
            lines.append(line)
            size += len(line)
            if len(lines) >= options.chunk_records or size >= options.chunk_bytes:
                now = raw.tell()
                yield Task(source, index, first, b"".join(lines), now - position, part_dir, options)
                position = now
                index += 1
                first += len(lines)
                lines, size = [], 0
        if lines or index == 0:
            yield Task(
                source, index, first, b"".join(lines), raw.tell() - position, part_dir, options
            )
    finally:
        stream.close()
        raw.close()


def _lines(stream: IO[bytes], path: str) -> Iterator[bytes]:
    """The lines of ``stream``; a file that cannot be read or decompressed is a
    :class:`BatchError`."""
    try:
        yield from stream
    except Exception as e:
        if isinstance(e, OSError | EOFError) or type(e).__name__ == "ZstdError":
            raise BatchError(f"{path}: cannot read: {e}") from None
        raise


def _zstandard() -> Any:
    try:
        import zstandard
    except ImportError:
        raise BatchError(".zst files need zstandard: pip install 'zhfix[batch]'") from None
    return zstandard


def _parquet_chunks(source: Source, options: Options, part_dir: str) -> Iterator[Task]:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise BatchError("Parquet files need pyarrow: pip install 'zhfix[batch]'") from None

    try:
        pf = pq.ParquetFile(source.path)
    except Exception as e:
        raise BatchError(f"{source.path}: not a Parquet file: {e}") from None
    check_parquet_field(source.path, pf.schema_arrow, options.field)
    rows = pf.metadata.num_rows
    per_row = source.size / rows if rows else 0.0
    first = 0
    index = 0
    for batch in pf.iter_batches(batch_size=options.chunk_records):
        yield Task(
            source, index, first, batch, int(per_row * batch.num_rows), part_dir, options
        )
        first += batch.num_rows
        index += 1
    if index == 0:
        yield Task(source, 0, 0, pf.schema_arrow.empty_table(), 0, part_dir, options)


def check_parquet_field(path: str, schema: Any, name: str) -> None:
    """Refuse a Parquet text field that is missing or not a string column."""
    import pyarrow as pa

    if name not in schema.names:
        raise BatchError(
            f"{path}: no column {name!r} (columns: {', '.join(schema.names)}); name it with --field"
        )
    kind = schema.field(name).type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        raise BatchError(f"{path}: column {name!r} holds {kind}, not text")


# --- one chunk in a worker -------------------------------------------------------------


@dataclass
class Stats:
    """What a chunk (or a job) did, as the summary reports it."""

    records: int = 0
    damaged: int = 0
    changes: int = 0
    errors: int = 0
    bytes_in: int = 0
    marks: Counter[str] | None = None

    def add(self, other: Stats) -> None:
        self.records += other.records
        self.damaged += other.damaged
        self.changes += other.changes
        self.errors += other.errors
        self.bytes_in += other.bytes_in
        if other.marks:
            self.marks = (self.marks or Counter()) + other.marks

    def to_dict(self) -> dict[str, object]:
        return {
            "records": self.records,
            "damaged": self.damaged,
            "changes": self.changes,
            "errors": self.errors,
            "bytes_in": self.bytes_in,
            "marks": dict(self.marks or {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Stats:
        return cls(
            d["records"], d["damaged"], d["changes"], d["errors"], d["bytes_in"],
            Counter(d.get("marks") or {}),
        )


def part_path(part_dir: str, index: int, kind: str) -> str:
    return os.path.join(part_dir, f"{index:07d}.{kind}")


def write_file_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    tmp = f"{path}.{secrets.token_hex(4)}.tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def run_chunk(task: Task) -> Stats:
    """Repair one chunk and write its parts: ``.data`` (the output records, compressed
    as the input is), ``.meta`` (side-file lines), ``.err`` (error lines), then
    ``.done`` (its stats).  Returns the stats."""
    if task.source.format == "txt":
        data, meta, errors, stats = _txt_chunk(task)
    elif task.source.format == "jsonl":
        data, meta, errors, stats = _jsonl_chunk(task)
        data = _compress(data, task.source.compression)
    else:
        data, meta, errors, stats = _parquet_chunk(task)
    stats.bytes_in = task.bytes_in
    write_file_atomic(part_path(task.part_dir, task.index, "data"), data)
    if task.options.meta_file:
        write_file_atomic(part_path(task.part_dir, task.index, "meta"), meta)
    if errors:
        write_file_atomic(part_path(task.part_dir, task.index, "err"), errors)
    write_file_atomic(
        part_path(task.part_dir, task.index, "done"), json.dumps(stats.to_dict()).encode()
    )
    return stats


def _compress(data: bytes, compression: Compression) -> bytes:
    # Each chunk is a complete gzip member or zstd frame; concatenated, they are one
    # valid file.  mtime=0 keeps the bytes the same from run to run.
    if compression == "gzip":
        return gzip.compress(data, compresslevel=6, mtime=0)
    if compression == "zstd":
        return _zstandard().ZstdCompressor(level=3).compress(data)
    return data


def _error_line(task: Task, where: str, number: int, message: str) -> bytes:
    entry = {"file": task.source.rel, where: number, "error": message}
    return (json.dumps(entry, ensure_ascii=False) + "\n").encode()


def _meta_line(where: str, number: int, meta: dict[str, object]) -> bytes:
    return (json.dumps({where: number, **meta}, ensure_ascii=False) + "\n").encode()


def _account(stats: Stats, result: Any) -> None:
    stats.records += 1
    if result.damaged:
        stats.damaged += 1
        stats.changes += result.changes
        stats.marks = (stats.marks or Counter()) + result.marks


def _get(record: Any, path: list[str]) -> Any:
    for key in path:
        if not isinstance(record, dict) or key not in record:
            raise KeyError(".".join(path))
        record = record[key]
    return record


def _set(record: dict[str, Any], path: list[str], value: Any) -> None:
    for key in path[:-1]:
        record = record[key]
    record[path[-1]] = value


def _jsonl_chunk(task: Task) -> tuple[bytes, bytes, bytes, Stats]:
    path = task.options.field.split(".")
    lines = task.payload.splitlines(keepends=True)
    # First pass: parse and pick out the texts; errors are kept in place, unchanged.
    parsed: list[tuple[int, Any, bytes, bool, bool] | None] = []
    texts: list[str] = []
    errors: list[bytes] = []
    for i, line in enumerate(lines):
        number = task.first + i
        body = line.rstrip(b"\r\n")
        if not body.strip():
            parsed.append(None)
            continue
        salvaged = False
        try:
            try:
                record = json.loads(body)
            except UnicodeDecodeError:
                if task.options.errors == "strict":
                    raise
                record, salvaged = json.loads(body.decode("utf-8", "replace")), True
            text = _get(record, path)
        except UnicodeDecodeError as e:
            errors.append(_error_line(task, "line", number, f"not UTF-8: {e.reason}"))
            parsed.append(None)
            continue
        except json.JSONDecodeError as e:
            errors.append(_error_line(task, "line", number, f"not JSON: {e.msg}"))
            parsed.append(None)
            continue
        except KeyError:
            errors.append(_error_line(task, "line", number, f"no field {task.options.field!r}"))
            parsed.append(None)
            continue
        if not isinstance(text, str):
            kind = "null" if text is None else type(text).__name__
            message = f"field {task.options.field!r} is {kind}, not text"
            errors.append(_error_line(task, "line", number, message))
            parsed.append(None)
            continue
        parsed.append((len(texts), record, line[len(body):], salvaged, body.isascii()))
        texts.append(text)
    results = repair_texts(texts, task.options.mode)
    stats = Stats(errors=len(errors))
    out: list[bytes] = []
    meta: list[bytes] = []
    for i, (line, item) in enumerate(zip(lines, parsed, strict=True)):
        if item is None:
            out.append(line)
            continue
        k, record, ending, salvaged, ascii_only = item
        result = results[k]
        _account(stats, result)
        if task.options.meta_field is not None:
            record[task.options.meta_field] = result.meta()
        if task.options.meta_file:
            meta.append(_meta_line("line", task.first + i, result.meta()))
        if result.text == texts[k] and task.options.meta_field is None and not salvaged:
            out.append(line)  # nothing changed: the line stays byte for byte
            continue
        _set(record, path, result.text)
        # A line written in \uXXXX escapes is written back in them.
        out.append(json.dumps(record, ensure_ascii=ascii_only).encode() + (ending or b""))
    return b"".join(out), b"".join(meta), b"".join(errors), stats


def _txt_chunk(task: Task) -> tuple[bytes, bytes, bytes, Stats]:
    data = Path(task.source.path).read_bytes()
    stats = Stats()
    if len(data) > MAX_TXT_BYTES:
        message = f"larger than {MAX_TXT_BYTES >> 20} MB; split it, or give it as JSONL records"
        stats.errors = 1
        return data, b"", _error_line(task, "line", 1, message), stats
    try:
        text, codec = decode_bytes(data, task.source.rel, errors=task.options.errors)
    except InputError as e:
        stats.errors = 1
        return data, b"", _error_line(task, "line", 1, str(e)), stats
    result = repair_texts([text], task.options.mode)[0]
    _account(stats, result)
    meta = _meta_line("line", 1, result.meta()) if task.options.meta_file else b""
    if result.text == text:
        return data, meta, b"", stats
    try:
        return encode_text(result.text, codec, task.source.rel), meta, b"", stats
    except InputError:
        return result.text.encode("utf-8"), meta, b"", stats


def _parquet_chunk(task: Task) -> tuple[bytes, bytes, bytes, Stats]:
    import pyarrow as pa

    batch = task.payload
    name = task.options.field
    column = batch.column(batch.schema.get_field_index(name))
    values = column.to_pylist()
    texts = [v for v in values if isinstance(v, str)]
    results = iter(repair_texts(texts, task.options.mode))
    stats = Stats()
    fixed: list[str | None] = []
    metas: list[dict[str, object] | None] = []
    errors: list[bytes] = []
    meta_lines: list[bytes] = []
    for i, value in enumerate(values):
        if value is None:
            errors.append(_error_line(task, "row", task.first + i, f"column {name!r} is null"))
            fixed.append(None)
            metas.append(None)
            continue
        result = next(results)
        _account(stats, result)
        fixed.append(result.text)
        metas.append(result.meta())
        if task.options.meta_file:
            meta_lines.append(_meta_line("row", task.first + i, result.meta()))
    stats.errors = len(errors)
    table = pa.Table.from_batches([batch]) if isinstance(batch, pa.RecordBatch) else batch
    position = table.schema.get_field_index(name)
    table = table.set_column(position, table.schema.field(name), pa.array(fixed, column.type))
    if task.options.meta_field is not None:
        table = table.append_column(task.options.meta_field, meta_array(metas))
    sink = io.BytesIO()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue(), b"".join(meta_lines), b"".join(errors), stats


def meta_array(metas: list[dict[str, object] | None]) -> Any:
    """The ``--meta-field`` column of a Parquet output: a struct per row."""
    import pyarrow as pa

    kind = pa.struct(
        [("damaged", pa.bool_()), ("changes", pa.int64()), ("min_confidence", pa.float64())]
    )
    return pa.array(metas, kind)
