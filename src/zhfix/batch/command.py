"""``zhfix batch``: repair the text of many files, JSONL or Parquet records, resumably."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from typing import NoReturn

from .chunks import Options
from .journal import ERRORS_FILE, JOURNAL, META_SUFFIX, Journal
from .records import MODES
from .runner import Progress, available_cpus, run_job, summary
from .sources import BatchError, find_sources

PROG = "zhfix batch"
EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

DESCRIPTION = """\
Repair the Chinese text of many files at once: every record of every input is repaired
on its own, and written, in order, to a file of the same name and format under OUT_DIR.
"""

EPILOG = f"""\
examples:
  zhfix batch corpus/ -o clean/
        every .txt, .jsonl(.gz/.zst) and .parquet file under corpus/, repaired into
        clean/ with the same relative names (corpus/a/b.jsonl -> clean/a/b.jsonl)
  zhfix batch 'dumps/**/*.jsonl.zst' -o clean/ --field meta.body
        the records' nested field {{"meta": {{"body": "..."}}}} instead of "text"
  zhfix batch news.parquet -o clean/ --field content --meta-field zhfix
        a Parquet column; each row also gets a column zhfix = {{damaged, changes,
        min_confidence}}
  zhfix batch pages.jsonl -o clean/ --meta-file
        clean/pages.jsonl plus clean/pages.jsonl{META_SUFFIX}: one line per record,
        {{"line": 7, "damaged": true, "changes": 12, "min_confidence": 0.93}}
  zhfix batch pages/ -o clean/ --mode restore
        the full restore (lines joined into paragraphs, layout spaces removed), for
        records that are whole pages copied out of a PDF
  zhfix batch big.jsonl -o clean/ --workers 2
        two worker processes (default: one per CPU available)
  zhfix batch big.jsonl -o clean/ --engine ray
        through Ray Data (pip install 'zhfix[ray]'); see docs/batch.md for a cluster

records:
  A .txt file is one record (read as UTF-8, GB18030 ...; written back in its own
  encoding).  A JSONL line is one record; its --field (default "text", a.b for nested
  objects) is repaired and the rest of the record kept; a line whose text needs no
  change is copied byte for byte.  A Parquet row is one record, --field its column.
  --mode chars (the default) repairs characters only -- shifted punctuation such as
  袁 -> ， and 遥 -> 。 -- and never adds or removes a character, so clean records
  come back unchanged.

bad records:
  A record that cannot be processed (a line that is not JSON or not UTF-8, a field that
  is missing or not a string, a null cell) is copied to the output unchanged, so line
  and row numbers still match, and listed with its file and line (or row) in
  OUT_DIR/{ERRORS_FILE}.  The other records go on.

resuming:
  The job works in chunks of --chunk-records records; each finished chunk is kept in
  OUT_DIR/{JOURNAL}/ and each output appears whole, by one rename, when its last
  chunk is done.  After a crash, Ctrl-C or kill -9, run the same command again: it
  takes up the job where it stopped, redoing no finished chunk, losing or doubling no
  record; the result is byte for byte that of an uninterrupted run.  Running it once
  more after the job finished says so and does nothing.

overwriting:
  zhfix batch never replaces a file it did not write: a job whose outputs already
  exist in OUT_DIR is refused unless --overwrite is given.  Inputs are never written
  to; files under OUT_DIR are never read as inputs.

exit status:
  0 done (also when some records were listed as errors); 2 a path or option is wrong
  or an input cannot be read; 130 interrupted (rerun to resume).
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        _print_error(message)
        sys.exit(EXIT_ERROR)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value} is less than 1")
    return n


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("inputs", nargs="+", metavar="IN", help="files, folders or glob patterns")
    p.add_argument("-o", "--output", required=True, metavar="OUT_DIR", help="output folder")
    p.add_argument(
        "--field", default="text", help="JSONL field (a.b for nested) or Parquet column"
    )
    p.add_argument(
        "--mode", choices=MODES, default="chars",
        help="chars: character repair (default); restore: also lines and paragraphs",
    )
    p.add_argument(
        "--meta-field", metavar="NAME",
        help="add each record's repair metadata as field NAME (JSONL, Parquet)",
    )
    p.add_argument(
        "--meta-file", action="store_true",
        help=f"write each output's metadata to OUTPUT{META_SUFFIX}, one line per record",
    )
    p.add_argument(
        "--workers", type=_positive, default=None, metavar="N",
        help="worker processes (default: the CPUs available)",
    )
    p.add_argument(
        "--chunk-records", type=_positive, default=1000, metavar="N",
        help="records per chunk of work (default 1000)",
    )
    p.add_argument(
        "--errors", choices=("strict", "replace"), default="strict",
        help="strict: list text that is not valid UTF-8 in the errors file (default);"
        " replace: repair it with U+FFFD for each bad byte sequence",
    )
    p.add_argument(
        "--engine", choices=("local", "ray"), default="local",
        help="local worker processes (default) or Ray Data",
    )
    p.add_argument(
        "--overwrite", action="store_true",
        help="start over: forget any earlier job in OUT_DIR (finished or not, same options "
        "or not) and replace the outputs that exist",
    )
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", dest="progress", action="store_true", default=None,
                     help="show a progress bar (default: when stderr is a terminal)")
    bar.add_argument("--no-progress", dest="progress", action="store_false")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``zhfix batch`` with ``argv``; return the exit status."""
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        return _run(args)
    except BatchError as e:
        _print_error(str(e))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _print_line(f"{PROG}: interrupted; run the same command again to resume")
        return EXIT_INTERRUPTED
    except MemoryError:
        _print_error("out of memory; use fewer --workers or a smaller --chunk-records")
        return EXIT_ERROR


def _run(args: argparse.Namespace) -> int:
    out_dir = args.output
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise BatchError(f"{out_dir}: exists and is not a folder")
    if args.meta_field is not None and args.meta_field.strip() == "":
        raise BatchError("--meta-field needs a name")
    sources = find_sources(args.inputs, out_dir)
    options = Options(
        field=args.field,
        mode=args.mode,
        meta_field=args.meta_field,
        meta_file=args.meta_file,
        chunk_records=args.chunk_records,
        errors=args.errors,
    )
    workers = args.workers or available_cpus()
    show = sys.stderr.isatty() if args.progress is None else args.progress
    if options.field != "text" and all(s.format == "txt" for s in sources):
        raise BatchError("--field is for JSONL and Parquet inputs; these are all .txt")
    if args.engine == "ray":
        from .ray_engine import require_ray

        require_ray()
    journal = Journal(out_dir, sources, options)
    started = time.perf_counter()
    try:
        if not journal.open(args.overwrite):
            _print_line(f"{PROG}: the job in {out_dir} has finished already; nothing to do")
            return EXIT_OK
        progress = Progress(sum(s.size for s in sources), show)
        try:
            if args.engine == "ray":
                from .ray_engine import run_ray

                stats = run_ray(journal, sources, options, workers, progress)
            else:
                stats = run_job(journal, sources, options, workers, progress)
        finally:
            progress.close()
        errors_path = journal.finish()
    finally:
        journal.close()
    seconds = time.perf_counter() - started
    _print_line(summary(stats, progress.fresh, len(sources), seconds, errors_path))
    return EXIT_OK


def _print_error(message: str) -> None:
    _print_line("zhfix: error: " + " ".join(message.splitlines()))


def _print_line(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
