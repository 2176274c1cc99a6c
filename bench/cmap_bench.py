"""Fonts without ToUnicode: CER of ``zhfix.pdf`` on PDFs re-encoded to each predefined
CMap (ToUnicode removed), clean and Founder-shifted, beside the same PDF with its maps.

    python bench/cmap_bench.py [--pages 3] [--columns 1]

The PDFs are the repository's generated newspapers (``tests/pdf_fixtures.py``),
re-encoded by ``tests/cmap_fixtures.py``; the reference row is the PDF before re-encoding
(its own ToUnicode maps), so the difference is what decoding through the CMap costs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import cmap_fixtures as C  # noqa: E402
import pdf_fixtures as F  # noqa: E402

from zhfix.pdf import restore_pdf  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3)
    parser.add_argument("--columns", type=int, default=1)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        fx = F.make_newspaper(
            folder / "maps.pdf",
            pages=args.pages,
            seed=args.seed,
            columns=(args.columns,),
            damage=False,
        )
        ref = F.score_restored(fx, restore_pdf(fx.path))
        print(f"{args.pages} pages, {args.columns} column(s), {ref.chars} characters")
        print(f"{'encoding':26s} {'CER':>8s} {'repaired':>9s} {'s':>5s}")
        print(f"{'with its ToUnicode maps':26s} {ref.cer:8.4%} {'':>9s}")
        for encoding in C.ENCODINGS:
            for damage in (False, True):
                path = folder / f"{encoding}-{damage}.pdf"
                shutil.copy(fx.path, path)
                C.use_predefined_cmap(path, encoding, damage=damage)
                t = time.perf_counter()
                doc = restore_pdf(path)
                t = time.perf_counter() - t
                # characters GB 2312 cannot hold were not drawn
                s = F.score_restored(C.typeset(fx, encoding), doc)
                label = f"{encoding}{' shifted' if damage else ''}"
                print(f"{label:26s} {s.cer:8.4%} {doc.pdf.glyphs.codes_repaired:9d} {t:5.1f}")


if __name__ == "__main__":
    main()
