"""Extra dev issues, built on demand and not committed: more pages to iterate on than
the committed dev set holds, from dev texts only, with new seeds.

    python -m tools.pdf_fixtures.extra_dev                   # every extra issue
    python -m tools.pdf_fixtures.extra_dev --root DIR NAME…  # some, elsewhere
    python -m bench.pdf_bench --split dev --root DIR         # score them

The committed dev set has 10 Typst pages; the test set's Typst serif/sans issue had
errors of a kind none of them showed.  These issues vary that configuration (Noto Serif
body, Noto Sans headlines, Kai display lines) over seeds, page counts and column grids
(a fixed count of 3 to 6, or the usual mix), some with more subtitles than the committed
set, and add the other Typst and Chromium face combinations of earlier rounds,
so a layout change can be checked on about 220 dev pages before the test split is
run.  The dev split holds only 79 texts, so most error kinds that depend on the text
(a caption's credit, a list item, a dateline item run on in a story) never show in it;
the issues with ``texts="train"`` set the character model's training part instead
(:func:`.text.training_articles`, 2,616 articles, none of the test split's).  The second
and the last batch were built only after the fixes the batch before led to, as checks.
Nothing here uses the test split's texts.  Find errors with
``python -m tools.pdf_fixtures.dev_diff DIR/dev/NAME.pdf`` (dev golds only).  Typst
stamps each PDF with its build date: the golds come out the same on every build, the
PDFs not byte for byte.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from .build import HEI, KAI, SANS, SERIF, SONG, UKAI, IssueSpec, build
from .plan import Faces

ROOT = Path(tempfile.gettempdir()) / "zhfix-extra-dev"

SERIF_SANS = Faces(SERIF, SANS, KAI)

SPECS: tuple[IssueSpec, ...] = (
    # the Typst serif/sans configuration, over seeds and grids
    IssueSpec("typst-serif-sans-401", "dev", "typst", 401, SERIF_SANS, 7),
    IssueSpec("typst-serif-sans-402", "dev", "typst", 402, SERIF_SANS, 7),
    IssueSpec("typst-serif-sans-c3", "dev", "typst", 403, SERIF_SANS, 5, columns=(3,)),
    IssueSpec("typst-serif-sans-c4", "dev", "typst", 404, SERIF_SANS, 5, columns=(4,)),
    IssueSpec("typst-serif-sans-c5", "dev", "typst", 405, SERIF_SANS, 5, columns=(5,)),
    IssueSpec("typst-serif-sans-c6", "dev", "typst", 406, SERIF_SANS, 5, columns=(6,)),
    IssueSpec("typst-serif-sans-sub", "dev", "typst", 407, SERIF_SANS, 5, subtitles=0.5),
    IssueSpec("typst-serif-sans-408", "dev", "typst", 408, SERIF_SANS, 7),
    # the face combinations earlier rounds iterated on (pdfacc, typst2)
    IssueSpec("typst-song-sans-302", "dev", "typst", 302, Faces(SONG, SANS, UKAI), 5),
    IssueSpec("typst-kai-song-211", "dev", "typst", 211, Faces(KAI, SONG, HEI), 4),
    IssueSpec("typst-ukai-serif-212", "dev", "typst", 212, Faces(UKAI, SERIF, SANS), 4),
    IssueSpec("chromium-serif-sans-409", "dev", "chromium", 409, SERIF_SANS, 5),
    IssueSpec("chromium-kai-song-111", "dev", "chromium", 111, Faces(KAI, SONG, HEI), 4),
    # a second batch, built after the fixes the first one led to, as a check
    IssueSpec("typst-serif-sans-410", "dev", "typst", 410, SERIF_SANS, 7),
    IssueSpec("typst-serif-sans-411", "dev", "typst", 411, SERIF_SANS, 7, columns=(5,)),
    IssueSpec("typst-serif-sans-412", "dev", "typst", 412, SERIF_SANS, 7, columns=(4, 5),
              subtitles=0.2),
    IssueSpec("typst-serif-sans-413", "dev", "typst", 413, SERIF_SANS, 7, columns=(3, 6)),
    IssueSpec("typst-serif-sans-414", "dev", "typst", 414, SERIF_SANS, 7, subtitles=0.3),
    IssueSpec("typst-serif-sans-415", "dev", "typst", 415, SERIF_SANS, 7, columns=(5, 6)),
    IssueSpec("chromium-serif-sans-416", "dev", "chromium", 416, SERIF_SANS, 5),
    # the dev split holds only 79 texts; the training part of the corpus 2,616
    *(IssueSpec(f"typst-serif-sans-train-{seed}", "dev", "typst", seed, SERIF_SANS, 7,
                texts="train") for seed in range(501, 507)),
    IssueSpec("typst-song-sans-train-507", "dev", "typst", 507, Faces(SONG, SANS, UKAI), 7,
              texts="train"),
    IssueSpec("chromium-serif-sans-train-508", "dev", "chromium", 508, SERIF_SANS, 7,
              texts="train"),
    # and a last batch of training texts, built after the fixes the others led to
    IssueSpec("typst-serif-sans-train-511", "dev", "typst", 511, SERIF_SANS, 7, texts="train"),
    IssueSpec("typst-serif-sans-train-512", "dev", "typst", 512, SERIF_SANS, 7, columns=(5,),
              texts="train"),
    IssueSpec("typst-serif-sans-train-513", "dev", "typst", 513, SERIF_SANS, 7, columns=(4, 6),
              subtitles=0.2, texts="train"),
    IssueSpec("typst-serif-sans-train-514", "dev", "typst", 514, SERIF_SANS, 7, columns=(3,),
              texts="train"),
    IssueSpec("typst-serif-sans-train-515", "dev", "typst", 515, SERIF_SANS, 7, subtitles=0.3,
              texts="train"),
    IssueSpec("typst-serif-sans-train-516", "dev", "typst", 516, SERIF_SANS, 7, columns=(6,),
              texts="train"),
    IssueSpec("typst-kai-hei-train-517", "dev", "typst", 517, Faces(KAI, HEI, SONG), 7,
              texts="train"),
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the extra dev issues (not committed).")
    ap.add_argument("names", nargs="*", help="only these issues")
    ap.add_argument("--root", type=Path, default=ROOT, help=f"where to (default {ROOT})")
    args = ap.parse_args(argv)
    for spec in SPECS:
        if args.names and spec.name not in args.names:
            continue
        gold = build(spec, args.root)
        print(f"{spec.split}/{spec.name}: {gold.page_count} pages, {len(gold.articles)} "
              f"articles, columns {gold.columns}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
