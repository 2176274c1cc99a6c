"""Check that a change to the decoder keeps every decision: record, then compare.

``python tools/same_decisions.py record SNAPSHOT`` runs ``fix_text``, ``fix_and_explain``
and ``detect`` over held-out records (clean and damaged, paragraphs, ~200- and
~1,000-character records, short pieces, half-damaged paragraphs) and stores every
result; ``compare SNAPSHOT`` runs them again and reports every record whose result
differs in any byte.  Record on the code before a change (main), compare after it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_records  # noqa: E402

import zhfix  # noqa: E402
from zhfix.shift import shift  # noqa: E402


def inputs() -> list[str]:
    """Every text the check runs, in a fixed order."""
    paragraphs = heldout_records.records()
    texts: list[str] = []
    for min_chars in (0, 150, 1000):
        group = heldout_records.records(min_chars) if min_chars else paragraphs
        texts += group + [shift(t) for t in group]
    for p in paragraphs[::3]:  # short pieces: the per-call path
        for n in (1, 2, 4, 8, 16):
            texts.append(shift(p[:n]))
    for p in paragraphs[1::4]:  # damaged from the middle on
        half = len(p) // 2
        texts.append(p[:half] + shift(p[half:]))
    return texts


def results(text: str) -> list[Any]:
    explained = zhfix.fix_and_explain(text)
    return [
        zhfix.fix_text(text),
        explained.to_dict(),
        zhfix.detect(text).to_dict(),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("snapshot", type=Path)
    args = parser.parse_args()
    texts = inputs()
    began = time.perf_counter()
    got = [results(t) for t in texts]
    print(f"{len(texts):,} texts in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    if args.action == "record":
        with gzip.open(args.snapshot, "wt", encoding="utf-8") as fh:
            json.dump({"texts": texts, "results": got}, fh, ensure_ascii=False)
        return 0
    with gzip.open(args.snapshot, "rt", encoding="utf-8") as fh:
        snap = json.load(fh)
    if snap["texts"] != texts:
        print("the held-out inputs differ from the snapshot's", file=sys.stderr)
        return 2
    differ = [i for i, (a, b) in enumerate(zip(snap["results"], got, strict=True)) if a != b]
    for i in differ[:10]:
        print(f"differs: text {i} ({texts[i][:40]!r})")
        names = ("fix_text", "explain", "detect")
        for name, a, b in zip(names, snap["results"][i], got[i], strict=True):
            if a != b:
                print(f"  {name}:\n    was {str(a)[:300]}\n    now {str(b)[:300]}")
    print(f"{len(differ)} of {len(texts):,} texts differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
