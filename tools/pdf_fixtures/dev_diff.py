"""Where the reader goes wrong on a dev fixture: per gold article, the output articles
that hold its 6-grams, and a character diff against the one holding most.

    python -m tools.pdf_fixtures.dev_diff /tmp/zhfix-extra-dev/dev/NAME.pdf [--damaged]

Dev fixtures only: a gold whose split is ``test`` is refused, so that nobody tunes the
reader on the diffs of the test set.
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from .gold import damaged_copy, load
from .score import from_reader_dict

N = 6


def _grams(text: str) -> set[str]:
    return {text[i : i + N] for i in range(len(text) - N + 1)}


def report(pdf: Path, damaged: bool = False) -> list[str]:
    """Lines describing every gold article the reader does not give back exactly."""
    from zhfix.pdf import restore_pdf

    gold = load(pdf.with_suffix(".json"))
    if gold.split != "dev":
        raise SystemExit(f"{pdf}: split {gold.split!r}; diffs are for dev fixtures only")
    doc = restore_pdf(damaged_copy(pdf) if damaged else pdf)
    outs = [from_reader_dict(a).text for a in doc.to_dict()["articles"]]
    out_grams = [_grams(o) for o in outs]
    lines: list[str] = []
    for gi, article in enumerate(gold.articles):
        want = "".join(article.blocks())
        hits = sorted(((len(_grams(want) & g), i) for i, g in enumerate(out_grams)
                       if _grams(want) & g), reverse=True)
        if not hits:
            lines.append(f"MISSING gold {gi} {want[:40]!r}")
            continue
        best = outs[hits[0][1]]
        if best == want:
            continue
        lines.append(f"=== gold {gi} p{article.pages} {article.kind} {want[:20]!r} len "
                     f"{len(want)} -> outputs {[(i, n) for n, i in hits[:4]]}")
        ops = difflib.SequenceMatcher(None, want, best, autojunk=False).get_opcodes()
        for op, i1, i2, j1, j2 in ops:
            if op != "equal":
                lines.append(f"  {op} gold[{i1}:{i2}]={want[i1:i2][:80]!r} "
                             f"out={best[j1:j2][:80]!r}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="+", type=Path)
    ap.add_argument("--damaged", action="store_true", help="read the Founder-damaged copy")
    args = ap.parse_args(argv)
    for pdf in args.pdfs:
        print(f"# {pdf}")
        for line in report(pdf, args.damaged):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
