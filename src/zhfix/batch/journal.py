"""The job's journal: what a batch job is, which of its chunks are done, and how its
outputs are put together.

The journal lives in ``OUT_DIR/.zhfix-batch/``::

    job.json                 the options and inputs (a rerun must match them)
    lock                     held while a job runs, so two cannot share a folder
    parts/NNNNN/CCCCCCC.*    one chunk's output; ``.done`` is written last
    files/NNNNN.json         input NNNNN is assembled into its output (with its stats)
    errors/NNNNN.jsonl       its bad records, until the job's errors file is written

An input's output appears, whole, by one rename once all of its chunks are done; its
parts are then deleted.  The journal (without parts) is kept when the job ends, so
that running the same command again says there is nothing left to do.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .chunks import Options, Stats, part_path
from .sources import BatchError, Source

JOURNAL = ".zhfix-batch"
ERRORS_FILE = "zhfix-errors.jsonl"
META_SUFFIX = ".meta.jsonl"
VERSION = 1


class Journal:
    """The journal of the job writing to ``out_dir``."""

    def __init__(self, out_dir: str, sources: list[Source], options: Options) -> None:
        self.out_dir = out_dir
        self.root = os.path.join(out_dir, JOURNAL)
        self.sources = sources
        self.options = options
        self._lock: IO[str] | None = None

    # --- starting or resuming ------------------------------------------------------

    def outputs(self, source: Source) -> list[str]:
        """The files the job writes for ``source``."""
        paths = [os.path.join(self.out_dir, source.rel)]
        if self.options.meta_file:
            paths.append(os.path.join(self.out_dir, source.rel + META_SUFFIX))
        return paths

    def _description(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "options": self.options.to_dict(),
            "inputs": [s.to_dict() for s in self.sources],
        }

    def open(self, overwrite: bool) -> bool:
        """Start the job or take up an unfinished one; return False when this very job
        has finished already.  With ``overwrite``, any earlier job in the folder is
        forgotten and this one starts from the beginning.  Raises :class:`BatchError`
        when the folder holds another job, or (unless ``overwrite``) files this job would
        replace."""
        job_file = os.path.join(self.root, "job.json")
        if os.path.isdir(self.out_dir) and not os.access(self.out_dir, os.W_OK):
            raise BatchError(f"{self.out_dir}: cannot write there")
        try:
            os.makedirs(self.root, exist_ok=True)
        except OSError as e:
            message = f"{self.out_dir}: cannot create the output folder: {e.strerror}"
            raise BatchError(message) from None
        self._take_lock()
        want = self._description()
        if overwrite and os.path.exists(job_file):
            # Start over: the earlier job's record and parts go; its outputs are replaced
            # as the new job finishes each input.
            for name in ("job.json", "parts", "files", "errors"):
                path = os.path.join(self.root, name)
                if os.path.isdir(path):
                    shutil.rmtree(path)
                elif os.path.lexists(path):
                    os.remove(path)
        if os.path.exists(job_file):
            with open(job_file, encoding="utf-8") as f:
                have = json.load(f)
            finished = have.pop("finished", False)
            if have != want:
                raise BatchError(
                    f"{self.out_dir} holds {'a finished' if finished else 'an unfinished'} job"
                    " with other inputs or options; rerun it as it was, choose another -o,"
                    f" or delete {self.root}"
                )
            return not finished
        if not overwrite:
            for s in self.sources:
                for path in self.outputs(s):
                    if os.path.lexists(path):
                        raise BatchError(
                            f"{path} exists; zhfix batch never replaces a file it did not"
                            " write: choose another -o, or pass --overwrite"
                        )
        write_json(job_file, want)
        return True

    def _take_lock(self) -> None:
        lock = open(os.path.join(self.root, "lock"), "w")  # noqa: SIM115 - held for the job
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise BatchError(f"another zhfix batch is writing to {self.out_dir}") from None
        self._lock = lock

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    # --- chunks ----------------------------------------------------------------------

    def part_dir(self, number: int) -> str:
        path = os.path.join(self.root, "parts", f"{number:05d}")
        os.makedirs(path, exist_ok=True)
        return path

    def chunk_done(self, number: int, index: int) -> Stats | None:
        """The stats of a finished chunk, or None."""
        path = part_path(os.path.join(self.root, "parts", f"{number:05d}"), index, "done")
        try:
            with open(path, encoding="utf-8") as f:
                return Stats.from_dict(json.load(f))
        except FileNotFoundError:
            return None

    def file_done(self, number: int) -> Stats | None:
        """The stats of an input already assembled into its output, or None."""
        try:
            with open(self._file_record(number), encoding="utf-8") as f:
                return Stats.from_dict(json.load(f))
        except FileNotFoundError:
            return None

    def _file_record(self, number: int) -> str:
        return os.path.join(self.root, "files", f"{number:05d}.json")

    # --- assembling ------------------------------------------------------------------

    def assemble(self, number: int, chunks: int, stats: Stats) -> None:
        """Put the ``chunks`` parts of input ``number`` together into its outputs, each by
        one rename; record the input as done; delete its parts."""
        source = self.sources[number]
        part_dir = self.part_dir(number)
        target = os.path.join(self.out_dir, source.rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if source.format == "parquet":
            _assemble_parquet(target, [part_path(part_dir, i, "data") for i in range(chunks)])
        else:
            _concatenate(target, (part_path(part_dir, i, "data") for i in range(chunks)))
        if self.options.meta_file:
            _concatenate(
                target + META_SUFFIX, (part_path(part_dir, i, "meta") for i in range(chunks))
            )
        errors = [part_path(part_dir, i, "err") for i in range(chunks)]
        errors = [p for p in errors if os.path.exists(p)]
        if errors:
            os.makedirs(os.path.join(self.root, "errors"), exist_ok=True)
            _concatenate(os.path.join(self.root, "errors", f"{number:05d}.jsonl"), iter(errors))
        os.makedirs(os.path.join(self.root, "files"), exist_ok=True)
        write_json(self._file_record(number), stats.to_dict())
        shutil.rmtree(part_dir, ignore_errors=True)

    def finish(self) -> str | None:
        """Write the job's errors file (if any record failed) and mark the job finished;
        return the errors file's path, or None."""
        folder = os.path.join(self.root, "errors")
        names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        errors_path = None
        if names:
            errors_path = os.path.join(self.out_dir, ERRORS_FILE)
            _concatenate(errors_path, (os.path.join(folder, n) for n in names))
        shutil.rmtree(os.path.join(self.root, "parts"), ignore_errors=True)
        write_json(os.path.join(self.root, "job.json"), {**self._description(), "finished": True})
        return errors_path


def write_json(path: str, value: Any) -> None:
    tmp = f"{path}.{secrets.token_hex(4)}.tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _temporary(target: str) -> str:
    path = Path(target)
    return str(path.parent / f".{path.name}.{secrets.token_hex(4)}.zhfix-tmp")


def _concatenate(target: str, parts: Iterator[str]) -> None:
    tmp = _temporary(target)
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as f:
                    shutil.copyfileobj(f, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        raise


def _assemble_parquet(target: str, parts: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = _temporary(target)
    try:
        writer = None
        for part in parts:
            with pa.ipc.open_stream(pa.memory_map(part)) as reader:
                table = reader.read_all()
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
        if writer is not None:
            writer.close()
        os.replace(tmp, target)
    except BaseException:
        _unlink(tmp)
        raise


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
