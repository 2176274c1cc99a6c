"""Corpus-scale throughput: one call per record, the batch API, and ftfy, side by side.

Records are held-out text (never trained on, see ``tools/heldout_records.py``): ~1,000-
character documents and ~200-character paragraphs, each clean and damaged (the full
shift table).  On one core (``FixConfig(threads=1)``), in one run, over the same records:

* zhfix, one ``fix_text`` call per record;
* zhfix, ``fix_texts`` over all of them;
* ftfy, one ``ftfy.fix_text`` call per record (its defaults);

printed as MB/s of UTF-8 input (the best of a few passes, the passes interleaved so the
systems share the machine's noise), with the ratios the targets are stated in, the fixed
cost of a call on a 4-character text, and the peak RSS.  It then checks that
``fix_texts`` gives exactly the per-record results on every held-out paragraph, clean
and damaged (over 10,000 records), and runs ``bench/corpus_batch.py`` when present.

Run:  python bench/corpus.py [--passes N] [--no-batch]     (needs pip install -e '.[dev]'; the
Debian packages debian-reference-zh-cn manpages-zh fortunes-zh add held-out sources)
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

# tools/ first: its corpus module, not this script, is the one heldout_records imports.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import heldout_records  # noqa: E402

import zhfix  # noqa: E402
from zhfix.shift import shift  # noqa: E402

ONE_CORE = zhfix.FixConfig(threads=1)
#: Grouping thresholds that give records of about 1,000 and about 200 characters.
DOCUMENT_CHARS = 950
PARAGRAPH_CHARS = 140
#: (workload, minimum ratio zhfix per record / ftfy) from issue 10.
TARGETS = {
    "damaged documents": 2.0,
    "clean documents": 10.0,
    "damaged paragraphs": 1.0,
}


def one_call_each(fn: Callable[[str], object]) -> Callable[[list[str]], None]:
    def run(records: list[str]) -> None:
        for r in records:
            fn(r)

    return run


def zhfix_batch(records: list[str]) -> None:
    for _ in zhfix.fix_texts(records, ONE_CORE):
        pass


def systems() -> dict[str, Callable[[list[str]], None]]:
    import ftfy

    return {
        "zhfix, one call each": one_call_each(lambda r: zhfix.fix_text(r, ONE_CORE)),
        "zhfix fix_texts": zhfix_batch,
        "ftfy, one call each": one_call_each(ftfy.fix_text),
    }


def measure(
    runs: dict[str, Callable[[list[str]], None]], records: list[str], passes: int
) -> dict[str, float]:
    """MB/s of each system on ``records``: the fastest of ``passes`` interleaved passes."""
    size = sum(len(r.encode("utf-8")) for r in records)
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(passes):
        for name, run in runs.items():
            began = time.perf_counter()
            run(records)
            best[name] = min(best[name], time.perf_counter() - began)
    return {name: size / seconds / 1e6 for name, seconds in best.items()}


def call_cost(text: str, calls: int = 2000) -> float:
    """Microseconds per ``fix_text`` call on ``text`` (the fastest of three rounds)."""
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for _ in range(calls):
            zhfix.fix_text(text, ONE_CORE)
        best = min(best, time.perf_counter() - began)
    return best / calls * 1e6


def check_batch_identical() -> tuple[int, int]:
    """(records, records that differ) between ``fix_texts`` and one call per record."""
    paragraphs = heldout_records.records()
    records = paragraphs + [shift(p) for p in paragraphs]
    batch = list(zhfix.fix_texts(records, ONE_CORE))
    single = [zhfix.fix_text(r, ONE_CORE) for r in records]
    return len(records), sum(a != b for a, b in zip(batch, single, strict=True))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--passes", type=int, default=3, help="passes per workload (best kept)")
    parser.add_argument("--no-batch", action="store_true",
                        help="leave out corpus_batch.py's rows (both CPUs for minutes)")
    args = parser.parse_args()

    documents = heldout_records.records(DOCUMENT_CHARS)
    paragraphs = heldout_records.records(PARAGRAPH_CHARS)
    workloads = {
        "damaged documents": [shift(d) for d in documents],
        "clean documents": documents,
        "damaged paragraphs": [shift(p) for p in paragraphs],
        "clean paragraphs": paragraphs,
    }
    zhfix.fix_text("预热模型袁加载一次遥")  # load the model outside the timings
    runs = systems()
    names = list(runs)
    print("one core; MB/s of UTF-8 input, best of", args.passes, "passes")
    print(
        f"{'workload':22}{'records':>8}{'chars':>7}"
        + "".join(f"{n:>22}" for n in names)
        + f"{'per call / ftfy':>17}{'fix_texts / ftfy':>18}{'target':>8}"
    )
    for workload, records in workloads.items():
        rates = measure(runs, records, args.passes)
        mean = sum(map(len, records)) / len(records)
        ftfy_rate = rates["ftfy, one call each"]
        per_call = rates["zhfix, one call each"] / ftfy_rate
        batch = rates["zhfix fix_texts"] / ftfy_rate
        target = TARGETS.get(workload)
        verdict = ""
        if target is not None:
            verdict = f"≥{target:g} {'met' if per_call >= target else 'NOT met'}"
        print(
            f"{workload:22}{len(records):>8}{mean:>7.0f}"
            + "".join(f"{rates[n]:>22.2f}" for n in names)
            + f"{per_call:>17.2f}{batch:>18.2f}  {verdict}"
        )
    damaged, clean = "指出袁要", "指出，要"  # repaired / left alone
    assert zhfix.fix_text(damaged) == clean and zhfix.fix_text(clean) == clean
    print(
        f"fixed cost of a call: 4-char damaged text {call_cost(damaged, 500):.0f} µs, "
        f"4-char clean text {call_cost(clean):.0f} µs, 4-char text with a candidate "
        f"{call_cost('会议指出'):.0f} µs, empty {call_cost(''):.1f} µs"
    )
    total, differ = check_batch_identical()
    print(
        f"fix_texts vs one call per record on {total:,} held-out records: "
        f"{'identical' if not differ else f'{differ} differ'}"
    )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak_mb:.0f} MB")
    sys.stdout.flush()

    if args.no_batch:
        return
    sys.path.append(str(Path(__file__).resolve().parent))
    import corpus_batch  # bench/corpus_batch.py: the zhfix batch and Ray rows

    corpus_batch.main([])


if __name__ == "__main__":
    main()
