"""PDF benchmark: accuracy and speed of ``zhfix.pdf`` on generated damaged newspapers,
side by side with the raw extraction speed of the PDF libraries on the same pages.

    python bench/pdf_bench.py [--pages 20] [--repeat 3] [--libraries]

Prints, for one generated newspaper (held-out People's Daily text, 3-5 columns, damaged
ToUnicode maps): character error rate, interleaved / split / missing articles,
paragraph-boundary F1, tables recovered, the CER of the ``--write-pdf`` copy as pdfplumber
extracts it, and pages per second of zhfix end to end next to pypdfium2's raw extraction
of the same pages (text only, and characters with boxes).  ``--libraries`` adds
pdfplumber, pdfminer.six and, when importable, PyMuPDF (AGPL; not a dependency).
Speeds are single-process, best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import pdf_fixtures as F  # noqa: E402

from zhfix.pdf import restore_pdf, write_repaired_pdf  # noqa: E402


def best_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def pdfium_text(path: Path) -> None:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    for page in doc:
        page.get_textpage().get_text_range()
    doc.close()


def pdfium_chars(path: Path) -> None:
    from zhfix.pdf.extract import open_document, read_page

    doc = open_document(path.read_bytes(), str(path))
    for i in range(len(doc)):
        read_page(doc, i)
    doc.close()


def pdfplumber_chars(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            _ = page.chars


def pdfminer_chars(path: Path) -> None:
    from pdfminer.high_level import extract_pages

    for _ in extract_pages(str(path)):
        pass


def pymupdf_chars(path: Path) -> None:
    import pymupdf  # type: ignore[import-not-found]

    doc = pymupdf.open(path)
    for page in doc:
        page.get_text("rawdict")
    doc.close()


def write_cer(fixture: F.Fixture, out_dir: Path) -> tuple[float, float]:
    """CER of pdfplumber's text of the damaged PDF and of zhfix's repaired copy."""
    import pdfplumber
    from rapidfuzz.distance import Levenshtein

    fixed = out_dir / "fixed.pdf"
    write_repaired_pdf(fixture.path, fixed)
    truth = "".join(ch for ch in "".join(fixture.drawn) if not ch.isspace())

    def text(p: Path) -> str:
        with pdfplumber.open(p) as pdf:
            return "".join(c["text"] for page in pdf.pages for c in page.chars
                           if not c["text"].isspace())

    return (Levenshtein.distance(text(fixture.path), truth) / len(truth),
            Levenshtein.distance(text(fixed), truth) / len(truth))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1998)
    ap.add_argument("--libraries", action="store_true",
                    help="also time pdfplumber, pdfminer.six and PyMuPDF (if installed)")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        out_dir = Path(tmp)
        fixture = F.make_newspaper(out_dir / "news.pdf", pages=args.pages, seed=args.seed)
        n = fixture.pages
        chars = sum(len(a.text()) for a in fixture.articles)
        print(f"generated newspaper: {n} pages, {len(fixture.articles)} articles, "
              f"{chars} characters of article text, "
              f"{sum(len(a.tables) for a in fixture.articles)} tables")

        doc = restore_pdf(fixture.path)
        s = F.score_restored(fixture, doc)
        print("\naccuracy (target)")
        print(f"  character error rate        {s.cer:8.4%}   (<= 0.1%)")
        print(f"  articles interleaved        {s.interleaved:8d}   (0)  "
              f"split {s.split}, missing {s.missing}, restored {len(doc.articles)}")
        print(f"  paragraph-boundary F1       {s.paragraph_f1:8.4f}   (>= 0.98)")
        print(f"  tables recovered exactly    {s.tables_right:4d}/{s.tables:<4d}")
        print(f"  glyph codes repaired        {doc.pdf.glyphs.codes_repaired:8d}   "
              f"undecided {doc.pdf.glyphs.codes_undecided}, language-model repairs "
              f"{len(doc.pdf.model_changes)}")
        bare = F.make_newspaper(out_dir / "bare.pdf", pages=args.pages, seed=args.seed)
        F.strip_font_programs(bare.path)
        bare_doc = restore_pdf(bare.path)
        b = F.score_restored(bare, bare_doc)
        print(f"  same pages, fonts not embedded (no glyph evidence, model only): CER "
              f"{b.cer:.4%}, {bare_doc.pdf.glyphs.codes_undecided} codes left to the model")
        mapped = F.make_newspaper(out_dir / "cmap.pdf", pages=args.pages, seed=args.seed)
        F.use_embedded_cmap(mapped.path)
        mapped_doc = restore_pdf(mapped.path)
        m = F.score_restored(mapped, mapped_doc)
        print(f"  same pages, non-Identity CMap (rendered ink boxes, then model): CER "
              f"{m.cer:.4%}, {len(mapped_doc.pdf.glyphs.rendered)} of "
              f"{mapped_doc.pdf.glyphs.codes_undecided} codes decided from ink")
        before, after = write_cer(fixture, out_dir)
        print(f"  --write-pdf CER (pdfplumber) {after:7.4%}   (<= 0.1%; damaged PDF: "
              f"{before:.2%})")

        print(f"\nspeed, pages/s on one core (best of {args.repeat})")
        runs: list[tuple[str, Callable[[], object]]] = [
            ("zhfix restore_pdf (end to end)", lambda: restore_pdf(fixture.path)),
            ("pypdfium2 raw text", lambda: pdfium_text(fixture.path)),
            ("pypdfium2 chars+boxes+fonts", lambda: pdfium_chars(fixture.path)),
        ]
        if args.libraries:
            runs += [("pdfplumber chars", lambda: pdfplumber_chars(fixture.path)),
                     ("pdfminer.six layout", lambda: pdfminer_chars(fixture.path))]
            try:
                import pymupdf  # type: ignore[import-not-found]  # noqa: F401

                runs.append(("PyMuPDF rawdict (AGPL)", lambda: pymupdf_chars(fixture.path)))
            except ImportError:
                print("  (PyMuPDF not installed: skipped)")
        speeds = {}
        for name, fn in runs:
            repeat = args.repeat if "pdfplumber" not in name and "pdfminer" not in name else 1
            speeds[name] = n / best_time(fn, repeat)
        ref = speeds["pypdfium2 raw text"]
        for name, pps in speeds.items():
            print(f"  {name:34s} {pps:8.1f}   ({pps / ref:5.2f}x pypdfium2 raw text)")
        print(f"  target: zhfix >= 20 pages/s; median of all: "
              f"{statistics.median(speeds.values()):.1f}")


if __name__ == "__main__":
    main()
