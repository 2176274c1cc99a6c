"""The dev and test fixture sets: which issues, set by which engine in which faces, and
how they are built, checked against their plan and written with their gold.

    python -m tools.pdf_fixtures.build             # rebuild every committed fixture
    python -m tools.pdf_fixtures.build --only dev  # one split

Each issue is written as ``NAME.pdf`` (the engine's own output, undamaged) and
``NAME.json`` (the gold, :mod:`.gold`) under ``tests/data/newspapers/<split>/``.  The
damaged copy a reader is tested on is derived from the committed PDF by
:func:`.damage.damage_pdf` (deterministic), see :func:`.gold.damaged_copy`.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import chromium_engine, typst_engine
from .gold import FIXTURE_ROOT, Gold
from .plan import Faces, IssuePlan, plan_issue
from .text import Split, articles, training_articles

SONG = "AR PL SungtiL GB"  # TrueType, Debian fonts-arphic-gbsn00lp
KAI = "AR PL KaitiM GB"  # TrueType, fonts-arphic-gkai00mp
UKAI = "AR PL UKai CN"  # TrueType, fonts-arphic-ukai
HEI = "WenQuanYi Zen Hei"  # TrueType collection, fonts-wqy-zenhei
SERIF = "Noto Serif CJK SC"  # OpenType/CFF, fonts-noto-cjk
SANS = "Noto Sans CJK SC"  # OpenType/CFF, fonts-noto-cjk

ENGINES = {"chromium": chromium_engine.render, "typst": typst_engine.render}


@dataclass(frozen=True)
class IssueSpec:
    name: str
    split: Split
    engine: str
    seed: int
    faces: Faces
    pages: int
    columns: tuple[int, ...] = (3, 4, 5, 6)
    #: share of articles given a subtitle (副题) when their text has none
    subtitles: float = 0.0
    #: the texts: the split's own, or the character model's training part
    #: (:func:`.text.training_articles`, extra dev issues only)
    texts: str = "split"


SPECS: tuple[IssueSpec, ...] = (
    # dev: what the reader's authors iterate on
    IssueSpec("chromium-song-hei", "dev", "chromium", 101, Faces(SONG, HEI, KAI), 4),
    IssueSpec("chromium-song-sans", "dev", "chromium", 102, Faces(SONG, SANS, KAI), 4),
    IssueSpec("typst-serif-sans", "dev", "typst", 201, Faces(SERIF, SANS, KAI), 4),
    IssueSpec("typst-song-hei", "dev", "typst", 202, Faces(SONG, HEI, KAI), 4),
    IssueSpec("chromium-subtitles", "dev", "chromium", 103, Faces(SONG, HEI, KAI), 2,
              subtitles=0.4),
    IssueSpec("typst-subtitles", "dev", "typst", 203, Faces(SERIF, SANS, KAI), 2,
              subtitles=0.4),
    # test: other texts, other seeds, and face/engine combinations dev never saw
    IssueSpec("chromium-kai-serif", "test", "chromium", 901, Faces(KAI, SERIF, HEI), 7),
    IssueSpec("chromium-song-hei", "test", "chromium", 902, Faces(SONG, HEI, KAI), 7),
    IssueSpec("chromium-song-kai", "test", "chromium", 903, Faces(SONG, KAI, SANS), 7),
    IssueSpec("typst-kai-hei", "test", "typst", 911, Faces(KAI, HEI, SONG), 7),
    IssueSpec("typst-serif-sans", "test", "typst", 912, Faces(SERIF, SANS, KAI), 7),
    IssueSpec("typst-song-sans", "test", "typst", 913, Faces(SONG, SANS, UKAI), 7),
)


def plan(spec: IssueSpec) -> IssuePlan:
    """The plan of one issue: the split's texts shuffled by the issue's seed."""
    sources = articles(spec.split) if spec.texts == "split" else training_articles()
    random.Random(spec.seed).shuffle(sources)
    if spec.subtitles:
        # Subtitles are rare in the corpus: lend some articles the headline of one this
        # issue will not print, as a "——" line under their own.
        rng = random.Random(spec.seed + 1)
        spare = [a.headline for a in sources[-25:]]
        del sources[-25:]
        for a in sources:
            if not a.subtitle and spare and rng.random() < spec.subtitles:
                a.subtitle = "——" + spare.pop()
    return plan_issue(spec.name, spec.split, spec.seed, spec.faces, spec.pages, spec.columns,
                      sources)


def page_texts(pdf: Path) -> list[str]:
    """The raw text of each page, as PDFium extracts it."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def check(gold: Gold, pdf: Path) -> None:
    """Raise unless every page of ``pdf`` holds exactly the characters its plan set
    (whitespace aside): nothing clipped, nothing lost to a missing glyph, no page more."""
    texts = page_texts(pdf)
    if len(texts) != gold.page_count:
        raise RuntimeError(f"{pdf}: {len(texts)} pages, planned {gold.page_count}")
    for number, text in enumerate(texts, 1):
        got = Counter(c for c in text if not c.isspace() and c != "\ufffe")
        want = Counter(c for c in gold.page_text(number) if not c.isspace())
        if got != want:
            missing = "".join((want - got).elements())[:60]
            extra = "".join((got - want).elements())[:60]
            raise RuntimeError(f"{pdf} page {number}: missing {missing!r}, extra {extra!r}")


def build(spec: IssueSpec, root: Path = FIXTURE_ROOT, gold_only: bool = False) -> Gold:
    """Typeset one issue, check it, and write its PDF and gold (``gold_only``: plan it
    again and rewrite the gold of the PDF already there, which must still match)."""
    issue = plan(spec)
    folder = root / spec.split
    folder.mkdir(parents=True, exist_ok=True)
    pdf = folder / f"{spec.name}.pdf"
    if not gold_only:
        ENGINES[spec.engine](issue, pdf)
    gold = Gold.from_plan(issue, spec.engine)
    check(gold, pdf)
    gold.save(pdf.with_suffix(".json"))
    return gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Rebuild the newspaper PDF fixtures.")
    ap.add_argument("--only", choices=("dev", "test"), help="one split only")
    ap.add_argument("--engine", choices=sorted(ENGINES), help="one engine only")
    ap.add_argument("--root", type=Path, default=FIXTURE_ROOT)
    ap.add_argument("--gold-only", action="store_true",
                    help="rewrite the gold of the PDFs there, without typesetting again")
    args = ap.parse_args(argv)
    for spec in SPECS:
        if args.only and spec.split != args.only or args.engine and spec.engine != args.engine:
            continue
        gold = build(spec, args.root, args.gold_only)
        print(f"{spec.split}/{spec.name}: {gold.page_count} pages, {len(gold.articles)} articles,"
              f" columns {gold.columns}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
