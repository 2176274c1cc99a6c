"""PDF benchmark: how ``zhfix.pdf`` reads newspapers typeset by independent engines.

    python -m bench.pdf_bench                  # dev and test, every engine
    python -m bench.pdf_bench --split test     # the final figures
    python -m bench.pdf_bench --split dev --engine typst --per-file
    python -m bench.pdf_bench --split dev --root /tmp/zhfix-extra-dev   # extra dev issues

Fixtures (``tests/data/newspapers``, built by ``python -m tools.pdf_fixtures.build``):
HTML/CSS printed by headless Chromium and Typst documents, 3-6 columns, 1-em gutters
with and without rules, bands of articles side by side, mastheads, running heads,
boxed items, briefs, tables; plus the repository's own fpdf2 generator
(``tests/pdf_fixtures.py``), generated here.  Each is read twice: with the Founder
damage applied to its ToUnicode maps, and undamaged.

Printed per split and engine: character error rate, paragraph-boundary F1, share of gold
articles whole in one output article, articles interleaved with another, articles
merged, spurious characters (kept furniture), tables recovered, and whether the
undamaged PDF's text equals the source text; then, on one core, pages/s of zhfix end to
end beside pypdfium2's raw text extraction of the same pages (best of ``--repeat``).
Scoring: :mod:`tools.pdf_fixtures.score`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

if not __package__:  # run as a script (python bench/pdf_bench.py): the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.pdf_fixtures.gold import FIXTURE_ROOT, damaged_copy, fixtures  # noqa: E402
from tools.pdf_fixtures.score import OutArticle, Score, from_reader_dict, score  # noqa: E402

TARGETS = "targets (test): CER <= 0.1%, F1 >= 0.98, whole 100%, interleaved 0, clean = source"


@dataclass
class Case:
    """One PDF to read, with its gold, damaged or not."""

    engine: str
    split: str
    name: str
    pdf: Path
    pages: int
    blocks: list[list[str]]
    tables: list[list[list[list[str]]]]
    damaged: bool


def committed_cases(split: str, engine: str | None, cache: Path,
                    root: Path = FIXTURE_ROOT) -> list[Case]:
    cases = []
    for g in fixtures(split, engine, root):
        assert g.pdf is not None
        blocks = [a.blocks() for a in g.articles]
        tables = [a.tables for a in g.articles]
        cases.append(Case(g.engine, split, g.name, damaged_copy(g.pdf, cache), g.page_count,
                          blocks, tables, True))
        cases.append(Case(g.engine, split, g.name, g.pdf, g.page_count, blocks, tables, False))
    return cases


def fpdf2_cases(split: str, tmp: Path) -> list[Case]:
    """The repository's own generator (wide gutters, the layout the reader was written
    against): dev and test differ by seed only - its texts are not split."""
    from tests import pdf_fixtures as F

    seed, pages = (1998, 8) if split == "dev" else (2077, 20)
    cases = []
    for damaged in (True, False):
        path = tmp / f"fpdf2-{split}-{damaged}.pdf"
        fx = F.make_newspaper(path, pages=pages, seed=seed, damage=damaged)
        blocks = [[h for h in (a.kicker, a.title, a.subtitle) if h] + a.paragraphs
                  for a in fx.articles]
        cases.append(Case("fpdf2", split, f"newspaper-{seed}", path, fx.pages, blocks,
                          [a.tables for a in fx.articles], damaged))
    return cases


def read(pdf: Path) -> list[OutArticle]:
    from zhfix.pdf import restore_pdf

    doc = restore_pdf(pdf)
    return [from_reader_dict(a) for a in doc.to_dict()["articles"]]


def run_case(case: Case) -> tuple[Score, str | None]:
    try:
        output = read(case.pdf)
    except Exception as exc:  # a crash is a result too: every character wrong
        output, error = [], f"{type(exc).__name__}: {exc}"
    else:
        error = None
    return score(case.blocks, case.tables, output), error


def best_time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best CPU time of this process (what one core spends, whatever else the machine
    runs) and best wall time, over ``repeat`` runs."""
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return min(cpu), min(wall)


def pdfium_text(paths: list[Path]) -> None:
    import pypdfium2 as pdfium

    for path in paths:
        doc = pdfium.PdfDocument(path)
        for i in range(len(doc)):
            doc[i].get_textpage().get_text_range()
        doc.close()


def zhfix_all(paths: list[Path]) -> None:
    for path in paths:
        read(path)


def pdfplumber_chars(paths: list[Path]) -> None:
    import pdfplumber

    for path in paths:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                _ = page.chars


def pdfminer_layout(paths: list[Path]) -> None:
    from pdfminer.high_level import extract_pages

    for path in paths:
        for _ in extract_pages(str(path)):
            pass


def pymupdf_rawdict(paths: list[Path]) -> None:
    import pymupdf  # type: ignore[import-not-found]

    for path in paths:
        doc = pymupdf.open(path)
        for page in doc:
            page.get_text("rawdict")
        doc.close()


def plumber_text(path: Path) -> str:
    """Every character pdfplumber (pdfminer.six, an extractor independent of PDFium)
    reads, whitespace left out."""
    import logging

    import pdfplumber

    # pdfminer warns for every Type3 font without a FontBBox (Chromium's CFF glyphs)
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    with pdfplumber.open(path) as pdf:
        return "".join(c["text"] for page in pdf.pages for c in page.chars
                       if not c["text"].isspace())


def write_pdf_cer(cases: list[Case], tmp: Path) -> tuple[float, float]:
    """CER of the damaged copies and of zhfix's ``--write-pdf`` repairs of them, as
    pdfplumber extracts them, against the undamaged PDFs."""
    from rapidfuzz.distance import Levenshtein

    from zhfix.pdf import write_repaired_pdf

    chars = before = after = 0
    clean = {c.name: c.pdf for c in cases if not c.damaged}
    for case in (c for c in cases if c.damaged):
        truth = plumber_text(clean[case.name])
        fixed = tmp / f"{case.engine}-{case.name}-fixed.pdf"
        write_repaired_pdf(case.pdf, fixed)
        chars += len(truth)
        before += Levenshtein.distance(plumber_text(case.pdf), truth)
        after += Levenshtein.distance(plumber_text(fixed), truth)
    return before / max(chars, 1), after / max(chars, 1)


def fpdf2_font_extras(tmp: Path) -> None:
    """The fpdf2 test newspaper with its fonts stripped, and with a non-Identity CMap:
    the glyph evidence gone or unreadable code by code."""
    from tests import pdf_fixtures as F

    for label, change in (("fonts not embedded", F.strip_font_programs),
                          ("non-Identity CMap", F.use_embedded_cmap)):
        path = tmp / f"fpdf2-{change.__name__}.pdf"
        fx = F.make_newspaper(path, pages=20, seed=2077)
        change(path)
        blocks = [[h for h in (a.kicker, a.title, a.subtitle) if h] + a.paragraphs
                  for a in fx.articles]
        s = score(blocks, [a.tables for a in fx.articles], read(path))
        print(f"  fpdf2 newspaper, {label:20s} CER {s.cer:8.3%}")


def lines_across(case: Case, gold_path: Path) -> tuple[int, int]:
    """Body lines the reader builds across a typeset gutter, and all lines, over the
    pages of ``case`` (through the debug view's interface to the layout)."""
    import json

    from zhfix.pdf.debug import gold_columns, lines_across_gutters, page_view
    from zhfix.pdf.extract import open_document, read_page

    g = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = open_document(case.pdf.read_bytes(), str(case.pdf))
    pages = [read_page(doc, i) for i in range(len(doc))]
    doc.close()
    across = total = 0
    for i in range(len(pages)):
        view = page_view(pages, i)
        across += len(lines_across_gutters(view.lines, gold_columns(g, i + 1)))
        total += len(view.lines)
    return across, total


def row(label: str, s: Score, pages: int) -> str:
    return (f"  {label:24s} {pages:5d} {s.articles:5d} {s.cer:8.3%} {s.paragraph_f1:6.3f} "
            f"{s.whole_share:7.1%} {s.interleaved:5d} {s.merged:5d} {s.spurious_chars:6d} "
            f"{s.tables_right:3d}/{s.tables:<3d}")


HEADER = (f"  {'engine (copy)':24s} {'pages':>5s} {'arts':>5s} {'CER':>8s} {'parF1':>6s} "
          f"{'whole':>7s} {'intlv':>5s} {'merge':>5s} {'extra':>6s} tables")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), action="append")
    ap.add_argument("--engine", choices=("chromium", "typst", "fpdf2"), action="append")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--per-file", action="store_true", help="a line per PDF as well")
    ap.add_argument("--extras", action="store_true",
                    help="also --write-pdf CER (pdfplumber) and fpdf2 pages without usable "
                         "font programs")
    ap.add_argument("--lines", action="store_true",
                    help="also count the body lines built across a typeset gutter")
    ap.add_argument("--root", type=Path, default=FIXTURE_ROOT,
                    help="read the fixtures under this folder instead of the committed ones "
                         "(e.g. the extra dev issues of tools.pdf_fixtures.extra_dev); fpdf2 "
                         "is generated as usual")
    ap.add_argument("--libraries", action="store_true",
                    help="also time pdfplumber, pdfminer.six and PyMuPDF (if installed)")
    args = ap.parse_args(argv)
    splits = args.split or ["dev", "test"]
    engines = args.engine or ["chromium", "typst", "fpdf2"]
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    print(TARGETS)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        speed_paths: dict[str, list[Path]] = {}
        all_cases: list[Case] = []
        speed_pages: dict[str, int] = {}
        for split in splits:
            print(f"\n{split} set\n{HEADER}")
            for engine in engines:
                cases = (fpdf2_cases(split, tmp) if engine == "fpdf2"
                         else committed_cases(split, engine, tmp, args.root))
                all_cases += cases
                for damaged in (True, False):
                    total, pages, equal, exact = Score(), 0, True, 0
                    for case in (c for c in cases if c.damaged == damaged):
                        s, error = run_case(case)
                        total.add(s)
                        pages += case.pages
                        if args.per_file:
                            print(row(f"  {case.name}", s, case.pages)
                                  + (f"  {error}" if error else ""))
                        elif error:
                            print(f"    {case.name}: {error}")
                        equal = equal and s.text_equal
                        exact += s.exact_articles
                        if damaged and split == splits[-1]:
                            speed_paths.setdefault(engine, []).append(case.pdf)
                            speed_pages[engine] = speed_pages.get(engine, 0) + case.pages
                    label = f"{engine} ({'damaged' if damaged else 'clean'})"
                    line = row(label, total, pages)
                    if not damaged:
                        line += (f"  text = source: {'yes' if equal else 'no'}"
                                 f" ({exact}/{total.articles} articles exact)")
                    print(line)
        if args.lines:
            print("\nbody lines built across a typeset gutter (undamaged copies; target 0)")
            for engine in engines:
                if engine == "fpdf2":
                    continue
                across = total = 0
                for case in all_cases:
                    if case.engine == engine and not case.damaged:
                        a, t = lines_across(case, case.pdf.with_suffix(".json"))
                        across += a
                        total += t
                print(f"  {engine:10s} {across:6d} of {total} lines")
        if args.extras:
            print("\nextras")
            for engine in engines:
                cases = [c for c in all_cases if c.engine == engine and c.split == splits[-1]]
                if cases:
                    before, after = write_pdf_cer(cases, tmp)
                    print(f"  {engine:10s} --write-pdf copy, pdfplumber CER {after:8.3%}  "
                          f"(damaged copy {before:.2%}; target <= 0.1%)")
            if "fpdf2" in engines:
                fpdf2_font_extras(tmp)
        if args.no_speed:
            return 0
        print(f"\nspeed on one core, {splits[-1]} set, damaged copies, best of {args.repeat}:"
              " pages per CPU-second of this process (wall-clock pages/s in brackets)")
        print(f"  {'engine':10s} {'pages':>5s} {'zhfix end to end':>22s} "
              f"{'pypdfium2 raw text':>22s} {'ratio':>6s}   (target: zhfix >= 30 pages/s)")
        for engine, paths in speed_paths.items():
            n = speed_pages[engine]
            zc, zw = best_time(lambda p=paths: zhfix_all(p), args.repeat)
            rc, rw = best_time(lambda p=paths: pdfium_text(p), args.repeat)
            print(f"  {engine:10s} {n:5d} {n / zc:12.1f} ({n / zw:6.1f}) {n / rc:12.1f} "
                  f"({n / rw:6.1f}) {rc / zc:6.3f}")
            if args.libraries:
                libs: list[tuple[str, Callable[[list[Path]], None]]] = [
                    ("pdfplumber chars", pdfplumber_chars),
                    ("pdfminer.six layout", pdfminer_layout)]
                try:
                    import pymupdf  # type: ignore[import-not-found]  # noqa: F401

                    libs.append(("PyMuPDF rawdict (AGPL)", pymupdf_rawdict))
                except ImportError:
                    pass
                for name, fn in libs:
                    lc, lw = best_time(lambda p=paths, f=fn: f(p), 1)
                    print(f"  {'':10s} {name:22s} {n / lc:12.1f} ({n / lw:6.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
