"""Which files a batch job reads, in what format, and where each one's output goes.

Inputs are files, folders (searched recursively) and glob patterns (``**`` included).
Each input file keeps its name relative to the folder or pattern root it was found
under, so ``zhfix batch data/ -o out/`` writes ``data/a/b.jsonl`` to ``out/a/b.jsonl``.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Format = Literal["txt", "jsonl", "parquet"]
Compression = Literal["", "gzip", "zstd"]

#: Suffix -> (format, compression).  Longest suffixes first.
SUFFIXES: tuple[tuple[str, Format, Compression], ...] = (
    (".jsonl.gz", "jsonl", "gzip"),
    (".jsonl.zst", "jsonl", "zstd"),
    (".jsonl.zstd", "jsonl", "zstd"),
    (".json.gz", "jsonl", "gzip"),
    (".json.zst", "jsonl", "zstd"),
    (".ndjson", "jsonl", ""),
    (".jsonl", "jsonl", ""),
    (".json", "jsonl", ""),
    (".parquet", "parquet", ""),
    (".txt", "txt", ""),
)


class BatchError(Exception):
    """A problem with the job as a whole (a path, an option): one line for the user."""


@dataclass(frozen=True, slots=True)
class Source:
    """One input file of the job."""

    path: str
    #: Its name under the output folder (POSIX separators).
    rel: str
    format: Format
    compression: Compression
    size: int
    mtime_ns: int

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "rel": self.rel,
            "format": self.format,
            "compression": self.compression,
            "size": self.size,
            "mtime_ns": self.mtime_ns,
        }


def kind_of(name: str) -> tuple[Format, Compression] | None:
    """The format and compression a file name says, or None for a file the job skips."""
    lower = name.lower()
    for suffix, fmt, comp in SUFFIXES:
        if lower.endswith(suffix):
            return fmt, comp
    return None


def _has_magic(pattern: str) -> bool:
    return glob.has_magic(pattern)


def _glob_root(pattern: str) -> str:
    """The folder part of a pattern before its first wildcard: names are kept from there."""
    parts = Path(pattern).parts
    root: list[str] = []
    for part in parts:
        if _has_magic(part):
            break
        root.append(part)
    return str(Path(*root)) if root else "."


def find_sources(inputs: list[str], out_dir: str) -> list[Source]:
    """The input files named by ``inputs``, in a stable order, with their output names.

    A file named directly must have a known suffix; files of other kinds found inside a
    folder or by a pattern are skipped.  Anything under ``out_dir`` is skipped too, so
    that ``zhfix batch data/ -o data/clean`` does not read its own output.
    """
    out_real = os.path.realpath(out_dir)
    found: dict[str, Source] = {}
    for item in inputs:
        candidates: list[tuple[str, str]] = []  # (path, root)
        if _has_magic(item):
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise BatchError(f"{item}: no file matches")
            root = _glob_root(item)
            for m in matches:
                if os.path.isdir(m):
                    candidates.extend((p, root) for p in _walk(m))
                else:
                    candidates.append((m, root))
        elif os.path.isdir(item):
            candidates.extend((p, item) for p in _walk(item))
        elif os.path.exists(item):
            if kind_of(item) is None:
                raise BatchError(
                    f"{item}: unknown format; name it .txt, .jsonl, .jsonl.gz, .jsonl.zst"
                    " or .parquet"
                )
            candidates.append((item, os.path.dirname(item) or "."))
        else:
            raise BatchError(f"{item}: no such file or folder")
        for path, root in candidates:
            real = os.path.realpath(path)
            if real == out_real or real.startswith(out_real + os.sep):
                continue
            kind = kind_of(path)
            if kind is None or not os.path.isfile(path):
                continue
            rel = Path(os.path.relpath(path, root)).as_posix()
            if rel.startswith("../"):
                rel = Path(path).name
            if real in found:
                continue
            if any(s.rel == rel for s in found.values()):
                raise BatchError(
                    f"{path}: another input also goes to {rel} under the output folder;"
                    " run them as separate jobs"
                )
            st = os.stat(path)
            found[real] = Source(real, rel, kind[0], kind[1], st.st_size, st.st_mtime_ns)
    if not found:
        raise BatchError("no input files (.txt, .jsonl, .jsonl.gz, .jsonl.zst, .parquet) found")
    return sorted(found.values(), key=lambda s: s.rel)


def _walk(folder: str) -> list[str]:
    paths: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        paths.extend(os.path.join(dirpath, f) for f in sorted(filenames) if not f.startswith("."))
    return paths
