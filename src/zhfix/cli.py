"""The ``zhfix`` command: repair Chinese text from files or standard input.

Everything the user can get wrong -- a missing file, binary input, an unknown encoding,
an output path that would overwrite the input -- ends in one line on stderr,
``zhfix: error: ...``, and exit status 2; never in a traceback.
"""

from __future__ import annotations

import argparse
import bisect
import codecs
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, NoReturn

import zhfix

from . import budget
from .changes import Change, Detection
from .textio import (
    STDIN_NAME,
    DecodedInput,
    InputError,
    decode_bytes,
    display_name,
    encode_text,
    looks_like_pdf,
    read_bytes,
    read_input,
    same_file,
    write_atomic,
)

PROG = "zhfix"
EXIT_OK = 0
#: ``--detect --fail-on-damage``: some input shows damage.
EXIT_DAMAGED = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

EXAMPLES = """\
examples:
  zhfix page.txt                    repair page.txt: one paragraph per line, a blank
                                    line between news articles
  zhfix --chars-only page.txt       repair characters only, keep the lines as they are
  pbpaste | zhfix | pbcopy          repair the clipboard (Linux: xclip -o | zhfix | xclip -i)
  zhfix --explain page.txt          also list every change on stderr
  zhfix -o clean.txt page.txt       write the result to clean.txt instead
  zhfix --in-place page.txt         rewrite page.txt itself, in its own encoding
  zhfix --detect --json corpus/*.txt
                                    one JSON line per file: is it damaged, where, how sure
  zhfix --detect --fail-on-damage page.txt && echo clean
                                    exit status 1 if the text is damaged, 0 if clean
  zhfix --year 2020 page.txt        date articles whose page does not give the year
  zhfix paper.pdf                   extract, repair and restructure a PDF
  zhfix --json --pages 2-5 paper.pdf
                                    articles of pages 2-5 with datelines, dates, pages
  zhfix paper.pdf --write-pdf fixed.pdf
                                    also write a copy that copies and searches correctly

  $ echo 会议指出袁要切实提高政治站位遥 | zhfix
  会议指出，要切实提高政治站位。

input:
  FILE is read as UTF-8 (with or without BOM), UTF-16 with BOM or GB18030/GBK, found
  out from the bytes; --encoding names another.  Binary files, directories and text in
  no recognisable encoding are refused.  Empty input gives empty output.  Several FILEs
  are repaired one after another (the output is their repairs in order); a FILE that
  cannot be read is reported and the others are still done.  A text FILE too large for
  the free memory (as Linux reports it, container limits included) is refused before
  any work starts: the full restore needs about 170 bytes a character (and 108 MB for
  the model), --chars-only 17, --detect 8, --explain 170 and --json 310.

output:
  Repaired text goes to stdout (or -o OUT) as UTF-8, byte for byte what came in where
  nothing needed repair, line endings and a UTF-8 byte-order mark included.  --in-place
  writes each FILE back in the encoding it was read in.  Output files are replaced
  whole, never left half-written, and an input file is only ever changed with
  --in-place.

other commands (each has its own --help):
  zhfix batch IN... -o OUT_DIR      folders, JSONL (gzip/zstd) and Parquet: every record
                                    repaired, on worker processes, resumable
  zhfix serve                       the web page and HTTP API on http://127.0.0.1:8000/
  zhfix debug-layout FILE.pdf --page N -o page.png
                                    draw a PDF page's lines, columns and reading order

exit status:
  0 done (also when the reader of stdout stops early, as with | head); 1 with
  --detect --fail-on-damage, some input is damaged; 2 a FILE could not be read or
  written, or the options are wrong (options that do not go together are refused, not
  ignored); 130 interrupted (Ctrl-C).
"""


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line like every other error."""

    def error(self, message: str) -> NoReturn:
        _print_error(f"{message} (see '{PROG} --help')")
        raise SystemExit(EXIT_ERROR)


def _restore_function() -> Callable[..., Any] | None:
    """``zhfix.restore`` -- the full page restoration -- in versions that have it."""
    restore = getattr(zhfix, "restore", None)
    return restore if callable(restore) else None


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a year: {value!r}") from None
    if not 1 <= year <= 9999:
        raise argparse.ArgumentTypeError(f"not a year between 1 and 9999: {value!r}")
    return year


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with a help text that teaches by example."""
    if _restore_function() is not None:
        default_job = (
            "By default the page is restored whole: characters repaired, then broken\n"
            "lines joined into paragraphs.  --chars-only repairs characters only."
        )
    else:
        default_job = "This version repairs characters only and keeps every line break."
    parser = _Parser(
        prog=PROG,
        description=(
            "Repair Chinese text copied out of PDFs whose punctuation came out as ideographs\n"
            "(，→袁 。→遥 、→尧 “”→野冶 （）→渊冤 ...).  Each candidate is judged in context,\n"
            "so real words such as 冶金 stay, and clean text comes back unchanged.\n" + default_job
        ),
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="text file to repair; '-' or nothing reads standard input",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="write the result to OUT (UTF-8) instead of stdout; never the input file itself",
    )
    where.add_argument(
        "--in-place",
        action="store_true",
        help="rewrite each FILE with its repair, keeping its encoding (not for stdin)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help=(
            "list every character repair on stderr: file:line:column, offset in the input, "
            "before → after, reason, confidence"
        ),
    )
    parser.add_argument(
        "--detect",
        action="store_true",
        help="report which damage the text shows, how much and how sure; repair nothing",
    )
    parser.add_argument(
        "--fail-on-damage",
        action="store_true",
        help="with --detect: exit with status 1 if any input is damaged (0 if all are clean)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=(
            'machine-readable output: the restored page, {"articles": [{"title", '
            '"headline", "dateline", "date", "paragraphs", "pages", "tables"}], '
            '"changes", "pages"} (docs/document.schema.json; "pages" filled for PDF '
            'input); {"text", "changes"} with --chars-only; the detection '
            "report with --detect; with several FILEs one JSON line per file, "
            '{"file", "result"} or {"file", "error"}'
        ),
    )
    parser.add_argument(
        "--chars-only",
        action="store_true",
        help="repair characters only and keep every line break as it is",
    )
    parser.add_argument(
        "--year",
        type=_year,
        metavar="YYYY",
        help="the year of the articles' dates where the page does not say it (restore only)",
    )
    parser.add_argument(
        "--errors",
        choices=("strict", "replace"),
        default="strict",
        help="input that is not valid in its encoding (a file cut inside a character): "
        "strict refuses it (the default), replace puts U+FFFD for the bad bytes and repairs "
        "the rest",
    )
    parser.add_argument(
        "--encoding",
        metavar="ENC",
        help="read input in encoding ENC (for example gbk, big5, utf-8) instead of guessing",
    )
    parser.add_argument(
        "--pages",
        metavar="RANGE",
        help="PDF input: read only these pages, e.g. 2-5 or 1,3 (--json gives each "
        "article's pages)",
    )
    parser.add_argument(
        "--write-pdf",
        metavar="OUT",
        help="PDF input: also write a copy whose text copies and searches correctly",
    )
    parser.add_argument("-V", "--version", action="version", version=f"{PROG} {zhfix.__version__}")
    return parser


#: Subcommands: ``zhfix NAME ARGS...`` runs ``MODULE.main(ARGS)``, imported only when
#: asked for, so that the plain repair pays nothing for them.  A file named like a
#: subcommand is read as ``zhfix ./NAME``.
SUBCOMMANDS: dict[str, str] = {
    "batch": "zhfix.batch.command",
    "debug-layout": "zhfix.pdf.debug",
    "serve": "zhfix.web.command",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command with ``argv`` (default: the process arguments); return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in SUBCOMMANDS:
        import importlib

        module = importlib.import_module(SUBCOMMANDS[args[0]])
        return int(module.main(args[1:]))
    try:
        return _run(args)
    except KeyboardInterrupt:
        _print_line(f"{PROG}: interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (| head): stop quietly.  Point stdout at /dev/null so that
        # the interpreter's final flush does not complain about the closed pipe.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_OK
    except MemoryError:
        _print_error("out of memory; split the input into smaller files")
        return EXIT_ERROR


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    sources: list[str] = args.files or ["-"]
    _check_options(parser, args, sources)
    if not args.files and sys.stdin is not None and sys.stdin.isatty():
        parser.error("no input: give a FILE, or pipe text in")

    batch = len(sources) > 1
    collected: list[bytes] = []  # for -o: written once, at the end
    failed = False
    damaged = False
    for source in sources:
        try:
            if looks_like_pdf(source):
                data = _process_pdf(args, source, batch=batch)
            elif source == "-":  # read once: it may be a PDF, or text
                raw = read_bytes(source)
                if raw.startswith(b"%PDF-"):
                    data = _process_pdf(args, source, raw, batch)
                else:
                    text, codec = decode_bytes(raw, STDIN_NAME, args.encoding, args.errors)
                    data, was_damaged = _process(args, DecodedInput(STDIN_NAME, text, codec), batch)
                    damaged |= was_damaged
            else:
                decoded = read_input(source, args.encoding, errors=args.errors)
                data, was_damaged = _process(args, decoded, batch)
                damaged |= was_damaged
        except InputError as e:
            failed = True
            _print_error(str(e))
            if args.json and batch:
                data = _json_line({"file": display_name(source), "error": str(e)})
            else:
                continue
        if args.output is not None:
            collected.append(data)
        elif data:
            try:
                _write_all(sys.stdout.buffer, data)
            except BrokenPipeError:
                raise
            except OSError as e:  # a full disk behind a redirection, say
                _print_error(f"cannot write to standard output: {e.strerror or e}")
                return EXIT_ERROR

    if args.output is not None and not failed:
        try:
            write_atomic(args.output, b"".join(collected))
        except InputError as e:
            _print_error(str(e))
            return EXIT_ERROR
    if failed:
        return EXIT_ERROR
    return EXIT_DAMAGED if damaged and args.fail_on_damage else EXIT_OK


def _check_options(
    parser: argparse.ArgumentParser, args: argparse.Namespace, sources: list[str]
) -> None:
    """Refuse combinations that cannot do what the user means."""
    if args.fail_on_damage and not args.detect:
        parser.error("--fail-on-damage goes with --detect")
    if args.detect:
        for option, given in (
            ("--explain", args.explain),
            ("--chars-only", args.chars_only),
            ("--year", args.year is not None),
            ("--write-pdf", args.write_pdf is not None),
            ("-o", args.output is not None),
        ):
            if given:
                parser.error(f"--detect repairs nothing; it does not go with {option}")
    if args.year is not None and args.chars_only:
        parser.error("--year dates the restored articles; it does not go with --chars-only")
    if args.in_place:
        if "-" in sources:
            parser.error("--in-place needs a FILE; standard input cannot be rewritten")
        if args.detect or args.json:
            parser.error("--in-place writes repaired text; it does not go with --detect or --json")
        if args.errors == "replace":
            parser.error(
                "--in-place with --errors replace would write U+FFFD over the bad bytes; "
                "write to a new file with -o instead"
            )
    if args.output is not None:
        if len(sources) > 1:
            parser.error("-o takes one input; use --in-place, or a shell loop, for several")
        if sources[0] != "-" and same_file(sources[0], args.output):
            parser.error(f"-o {args.output} is the input file; use --in-place to rewrite it")
        if sources[0] == "-" and _stdin_is(args.output):
            parser.error(f"-o {args.output} is the file on standard input; write elsewhere")
    _check_pdf_options(parser, args, sources)


def _check_pdf_options(
    parser: argparse.ArgumentParser, args: argparse.Namespace, sources: list[str]
) -> None:
    """One output path is never named twice: ``--write-pdf`` is for one PDF, and not
    the file ``-o`` writes."""
    if args.write_pdf is None:
        return
    if len(sources) > 1:
        parser.error("--write-pdf takes one PDF input; give each PDF its own command")
    if args.output is not None and (
        os.path.realpath(args.output) == os.path.realpath(args.write_pdf)
        or same_file(args.output, args.write_pdf)
    ):
        parser.error(f"-o and --write-pdf both name {args.write_pdf}; choose two files")
    if sources[0] == "-" and _stdin_is(args.write_pdf):
        parser.error(f"--write-pdf {args.write_pdf} is the file on standard input")


def _stdin_is(path: str) -> bool:
    """Whether standard input reads the file ``path`` (``zhfix -o a.txt < a.txt``)."""
    try:
        held, named = os.fstat(sys.stdin.fileno()), os.stat(path)
    except (OSError, AttributeError, ValueError):
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


#: options of the text path that have no meaning for a PDF: refused, not ignored
_NOT_FOR_PDF = {
    "in_place": "--in-place",
    "detect": "--detect",
    "explain": "--explain",
    "chars_only": "--chars-only",
    "encoding": "--encoding",
}


def _process_pdf(
    args: argparse.Namespace, source: str, data: bytes | None = None, batch: bool = False
) -> bytes:
    """Restore one PDF (see docs/pdf.md), from its path or from ``data`` (its bytes on
    standard input); its errors are InputErrors, one line each.  With several inputs,
    ``--json`` gives ``{"file", "result"}`` lines, as for text."""
    refused = [flag for name, flag in _NOT_FOR_PDF.items() if getattr(args, name, None)]
    if refused:
        raise InputError(
            f"{display_name(source)}: PDF input takes --pages, --json, --write-pdf and -o; "
            f"not {', '.join(refused)}"
        )
    try:
        from .pdf import run_pdf
    except ImportError:
        raise InputError(
            f"{source}: reading PDFs needs the pdf extra: pip install 'zhfix[pdf]'"
        ) from None
    out = run_pdf(
        display_name(source),
        pages=args.pages,
        as_json=args.json,
        write_pdf=args.write_pdf,
        data=data,
        warn=lambda message: _print_line(f"{PROG}: warning: {message}"),
    )
    if args.json and batch:
        return _json_result(display_name(source), json.loads(out), batch)
    return out.encode("utf-8")


def _process(args: argparse.Namespace, decoded: DecodedInput, batch: bool) -> tuple[bytes, bool]:
    """Repair or examine one input; return the bytes for stdout (or -o), and whether
    detection found it damaged (False when not detecting)."""
    if args.pages is not None or args.write_pdf is not None:
        raise InputError(f"{decoded.name}: --pages and --write-pdf are for PDF input; this is text")
    text = decoded.text
    restore = None if args.chars_only else _restore_function()
    _check_memory(_job(args, restoring=restore is not None), decoded)
    if args.detect:
        detection = zhfix.detect(text)
        if args.json:
            return _json_result(decoded.name, detection.to_dict(), batch), detection.damaged
        report = _detection_report(decoded.name, text, detection)
        return report.encode("utf-8"), detection.damaged

    if restore is not None:
        document = restore(text) if args.year is None else restore(text, year=args.year)
        repaired = document.to_text()
        payload = json.loads(document.to_json()) if args.json else None
        # The document speaks of its own lines; --explain promises the character repairs,
        # with offsets into the input.
        changes = document.character_changes if args.explain else ()
    elif args.explain or args.json:
        result = zhfix.fix_and_explain(text)
        repaired, changes = result.text, result.changes
        payload = result.to_dict()
    else:  # the repaired text only: no change objects to build (a large file has many)
        repaired, changes, payload = zhfix.fix_text(text), (), None

    if args.explain:
        sys.stderr.write(_explanation(decoded.name, text, changes))
        sys.stderr.flush()
    if args.in_place:
        assert decoded.path is not None  # stdin was refused with --in-place
        if repaired != text:  # an unchanged file keeps its bytes and its time stamp
            write_atomic(decoded.path, encode_text(repaired, decoded.encoding, decoded.name))
        return b"", False
    if args.json:
        return _json_result(decoded.name, payload, batch), False
    # UTF-8 in, UTF-8 out; a byte-order mark the input had stays, so that what needed no
    # repair comes back byte for byte.
    bom = codecs.BOM_UTF8 if decoded.encoding == "utf-8-sig" else b""
    return bom + repaired.encode("utf-8"), False


def _job(args: argparse.Namespace, restoring: bool) -> str:
    """Which of :data:`budget.BYTES_PER_CHAR` the options ask for."""
    if args.detect:
        return "detect"
    if args.json:
        return "json"
    if args.explain:
        return "explain"
    return "restore" if restoring else "chars"


def _check_memory(job: str, decoded: DecodedInput) -> None:
    """Refuse, in one line, a job the machine has not the memory for."""
    need = budget.estimate(job, len(decoded.text))
    if need.fits:
        return
    assert need.available is not None
    lean = budget.estimate("chars", need.chars, need.available)
    advice = (
        f"--chars-only (without --explain or --json) would need about {budget.size(lean.needed)}"
        if need.job not in ("chars", "detect") and lean.fits
        else "split it into smaller files"
    )
    raise InputError(
        f"{decoded.name}: {need.chars:,} characters need about {budget.size(need.needed)} of "
        f"memory for this job and {budget.size(need.available)} is free; {advice}"
    )


def _json_result(name: str, result: Any, batch: bool) -> bytes:
    return _json_line({"file": name, "result": result} if batch else result)


def _json_line(obj: dict[str, Any]) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8") + b"\n"


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Lines:
    """Turns offsets into 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        # \r\n, \r and \n each end a line, as editors count them.
        self._starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def _context(text: str, start: int, end: int, width: int = 6) -> str:
    """The repaired span with a few characters either side, line breaks shown as ⏎."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    snippet = f"{left}[{text[start:end]}]{right}"
    return snippet.replace("\r\n", "⏎").replace("\n", "⏎").replace("\r", "⏎")


def _explanation(name: str, text: str, changes: Sequence[Change]) -> str:
    """One line per change, in the file:line:column form editors can jump to."""
    lines = _Lines(text)
    out = []
    for c in changes:
        line, column = lines.position(c.start)
        out.append(
            f"{name}:{line}:{column}: offset {c.start}: {c.before} → {c.after}  "
            f"{c.reason}, confidence {c.confidence:.2f}  {_context(text, c.start, c.end)}\n"
        )
    plural = "" if len(changes) == 1 else "s"
    out.append(f"{name}: {len(changes)} change{plural}\n")
    return "".join(out)


#: Damaged regions listed one by one in a detection report; the rest are counted.
_REGIONS_SHOWN = 20


def _detection_report(name: str, text: str, detection: Detection) -> str:
    """A few readable lines on what :func:`zhfix.detect` found."""
    if not detection.damaged:
        return f"{name}: looks clean ({detection.length} characters)\n"
    lines = _Lines(text)
    out = [f"{name}: damaged ({detection.length} characters)\n"]
    for f in detection.findings:
        if not f.count:
            continue
        out.append(
            f"  {f.kind}: {f.count} characters to repair, confidence {f.confidence:.2f} "
            f"- {f.description}\n"
        )
        plural = "" if len(f.regions) == 1 else "s"
        out.append(f"    {len(f.regions)} damaged region{plural}:\n")
        for start, end in f.regions[:_REGIONS_SHOWN]:
            (first, column), (last, _) = lines.position(start), lines.position(max(start, end - 1))
            where = f"line {first}" if first == last else f"lines {first}-{last}"
            out.append(f"    {name}:{first}:{column}: {where}\n")
        if len(f.regions) > _REGIONS_SHOWN:
            out.append(f"    ... and {len(f.regions) - _REGIONS_SHOWN} more\n")
    return "".join(out)


def _write_all(stream: BinaryIO, data: bytes) -> None:
    """Write all of ``data``: a pipe whose reader left may take only part of a write."""
    view = memoryview(data)
    while view:
        view = view[stream.write(view) :]
    stream.flush()


def _print_error(message: str) -> None:
    # One line, whatever the message holds: a file name could contain a line break.
    _print_line(f"{PROG}: error: " + " ".join(message.splitlines()))


def _print_line(line: str) -> None:
    try:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # stderr closed: nowhere left to tell
        pass
