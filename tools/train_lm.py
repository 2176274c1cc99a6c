"""Train zhfix's character language model and write ``src/zhfix/data/charlm.npz``.

An interpolated Kneser-Ney character 4-gram model, stored ARPA-style (log-probability
per n-gram, back-off weight per context) as sorted 64-bit keys so that ``zhfix.lm`` can
score many n-grams at once with ``numpy.searchsorted``.

Run:  python tools/train_lm.py          (needs: pip install -e '.[train]')

Text the model sees has its whitespace removed (whitespace is layout), ASCII letters
folded to ``A`` and ASCII digits to ``0`` (their identity says nothing about
punctuation).  Training data: see ``tools/corpus.py``; provenance goes into MODEL.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import corpus  # noqa: E402
import modern  # noqa: E402

from zhfix.lm import BOS, FOLDED_RANGES, ORDER, UNK, fold_char, pack  # noqa: E402
from zhfix.shift import CANDIDATES, SYMBOLS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "zhfix" / "data" / "charlm.npz"
# Debian documentation packages trained on by default (``corpus.EXTRA_DOCS``).
DEFAULT_DOCS: tuple[str, ...] = tuple(corpus.EXTRA_DOCS)
# Battle for Wesnoth text domains per ``--wesnoth`` choice (``corpus.wesnoth``).
WESNOTH: dict[str, tuple[str, ...]] = {
    "none": (),
    "campaigns": corpus.WESNOTH_CAMPAIGNS,
    "all": corpus.WESNOTH_CAMPAIGNS + corpus.WESNOTH_OTHER,
}
DEFAULT_WESNOTH = "campaigns"
FOLDED = {cp for lo, hi, _ in FOLDED_RANGES for cp in range(lo, hi + 1)}


def build_vocab(texts: list[str], min_count: int) -> list[str]:
    from collections import Counter

    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(t)
    keep = {ch for ch, n in counts.items() if n >= min_count}
    keep |= set(SYMBOLS) | set(CANDIDATES)
    keep = {fold_char(ch) for ch in keep}
    return ["\x00", "\x01"] + sorted(keep - {"\x00", "\x01"})  # BOS, UNK first


def class_member_counts(text: str) -> dict[str, int]:
    """Occurrences of each character the model folds into a class (``FOLDED_RANGES``)."""
    from collections import Counter

    counts = Counter(ch for ch in text if ord(ch) in FOLDED)
    return {ch: counts[ch] for ch in sorted(counts)}


def encode(text: str, index: dict[str, int]) -> np.ndarray:
    return np.fromiter(
        (index.get(fold_char(ch), UNK) for ch in text), dtype=np.uint64, count=len(text)
    )


def kneser_ney(
    ids: np.ndarray, vocab_size: int, min_counts: dict[int, int]
) -> dict[str, np.ndarray]:
    """Interpolated Kneser-Ney over ``ids``; returns keys/logprob/backoff arrays per order.

    ``min_counts`` maps an order of 3 or more to the fewest occurrences an n-gram of it
    needs to be kept (orders not named keep everything).  A higher order must not keep
    more than a lower one: a kept n-gram needs its context's back-off weight."""
    assert all(min_counts.get(k, 1) >= min_counts.get(k - 1, 1) for k in range(4, ORDER + 1)), (
        "pruning must not decrease with the order"
    )
    raw: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for k in range(1, ORDER + 1):
        windows = np.lib.stride_tricks.sliding_window_view(ids, k)
        keys = pack(windows)
        uniq, counts = np.unique(keys, return_counts=True)
        raw[k] = (uniq, counts.astype(np.float64))
        print(f"  order {k}: {len(uniq):,} distinct", flush=True)

    # Adjusted counts: raw for the top order and for BOS-initial n-grams, else the number
    # of distinct left extensions (the Kneser-Ney continuation count).
    adjusted: dict[int, np.ndarray] = {ORDER: raw[ORDER][1]}
    for k in range(ORDER - 1, 0, -1):
        keys_k = raw[k][0]
        suffixes = raw[k + 1][0] & np.uint64((1 << (16 * k)) - 1)
        suf_uniq, suf_counts = np.unique(suffixes, return_counts=True)
        cont = np.zeros(len(keys_k))
        pos = np.searchsorted(keys_k, suf_uniq)
        cont[pos] = suf_counts
        first = keys_k >> np.uint64(16 * (k - 1))
        cont = np.where(first == BOS, raw[k][1], cont)
        adjusted[k] = np.maximum(cont, 1.0)

    out: dict[str, np.ndarray] = {}
    lower_lp: np.ndarray | None = None
    for k in range(1, ORDER + 1):
        keys, a = raw[k][0], adjusted[k]
        n1, n2 = np.sum(a == 1), np.sum(a == 2)
        discount = n1 / (n1 + 2 * n2) if n1 + n2 else 0.5
        if k == 1:
            total = a.sum()
            gamma = discount * len(a) / total
            prob = np.maximum(a - discount, 0) / total + gamma / vocab_size
            lp = np.log(prob)
        else:
            ctx = keys >> np.uint64(16)
            ctx_uniq, start, n_types = np.unique(ctx, return_index=True, return_counts=True)
            ctx_total = np.add.reduceat(a, start)
            gamma_ctx = discount * n_types / ctx_total
            which = np.repeat(np.arange(len(ctx_uniq)), n_types)
            suffix = keys & np.uint64((1 << (16 * (k - 1))) - 1)
            lower_keys = out[f"keys{k - 1}"]
            assert lower_lp is not None
            lower = lower_lp[np.searchsorted(lower_keys, suffix)]
            prob = np.maximum(a - discount, 0) / ctx_total[which] + gamma_ctx[which] * np.exp(lower)
            lp = np.log(prob)
            bow = np.zeros(len(lower_keys))
            bow[np.searchsorted(lower_keys, ctx_uniq)] = np.log(gamma_ctx)
            out[f"bow{k - 1}"] = bow
        out[f"keys{k}"] = keys
        out[f"lp{k}"] = lp
        out[f"count{k}"] = raw[k][1]
        lower_lp = lp
        print(f"  order {k}: discount {discount:.3f}", flush=True)

    # Prune rare high-order n-grams: their probability stays what the full counts gave.
    for k in range(3, ORDER + 1):
        keep = out[f"count{k}"] >= min_counts.get(k, 1)
        for name in (f"keys{k}", f"lp{k}", f"bow{k}"):
            if name in out:
                out[name] = out[name][keep]
        print(f"  order {k}: kept {keep.sum():,} of {len(keep):,}", flush=True)
    for k in range(1, ORDER + 1):
        del out[f"count{k}"]
    return out


def _spread(paragraphs: list[str], limit: int) -> list[str]:
    """Every k-th paragraph, k the smallest step that keeps at most ``limit`` characters:
    a sample of the whole source (the laws are sorted by kind), not its first files."""
    total = sum(map(len, paragraphs))
    step = max(1, -(-total // max(limit, 1)))
    return paragraphs[::step]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--min-char-count", type=int, default=2)
    parser.add_argument(
        "--min-count-3",
        type=int,
        default=2,
        help="prune 3-grams seen fewer times; default: %(default)s (1 keeps all: see MODEL.md)",
    )
    parser.add_argument(
        "--min-count-4",
        type=int,
        default=2,
        help="prune 4-grams seen fewer times; default: %(default)s",
    )
    parser.add_argument("--no-reviews", action="store_true", help="leave out the reviews")
    parser.add_argument(
        "--no-technical", action="store_true", help="leave out manpages-zh and gimp-help-zh-cn"
    )
    parser.add_argument(
        "--docs",
        default=",".join(DEFAULT_DOCS),
        help="comma-separated Debian documentation packages to add (see corpus.EXTRA_DOCS;"
        " 'none' for none); default: %(default)s",
    )
    parser.add_argument(
        "--wesnoth",
        choices=sorted(WESNOTH),
        default=DEFAULT_WESNOTH,
        help="Battle for Wesnoth zh_CN story text to add (corpus.wesnoth): the campaigns,"
        " or the campaigns and unit/help/multiplayer text; default: %(default)s",
    )
    parser.add_argument(
        "--modern",
        default=",".join(modern.GENRES),
        help="comma-separated modern genres to add (tools/modern.py, training part only;"
        " 'none' for none); default: %(default)s",
    )
    parser.add_argument(
        "--modern-max-chars",
        type=int,
        default=4_000_000,
        help="take at most this many characters of each modern genre's training part"
        " (the laws alone have 15 M); default: %(default)s",
    )
    parser.add_argument(
        "--more-encyclopedia",
        action="store_true",
        help="add the training-only encyclopedic text (modern.MORE_ENCYCLOPEDIA; needs"
        " opencc); not in the shipped model, see MODEL.md",
    )
    parser.add_argument(
        "--leave-out-dev",
        action="store_true",
        help="leave the dev parts (modern.dev_parts) out of training, to measure decisions on it",
    )
    args = parser.parse_args()
    modern_names = [] if args.modern in ("", "none") else args.modern.split(",")
    if set(modern_names) - set(modern.GENRES):
        parser.error(f"unknown --modern genres; known: {modern.GENRES}")
    doc_names = [] if args.docs in ("", "none") else args.docs.split(",")
    if args.min_count_4 < args.min_count_3:
        parser.error("--min-count-4 must be at least --min-count-3 (a 4-gram needs its context)")
    unknown = set(doc_names) - set(corpus.EXTRA_DOCS)
    if unknown:
        parser.error(f"unknown --docs {sorted(unknown)}; known: {sorted(corpus.EXTRA_DOCS)}")

    t0 = time.time()
    dev = {p for part in modern.dev_parts().values() for p in part} if args.leave_out_dev else set()
    news = [p for p in corpus.people_daily("train") if p not in dev]
    reviews = [] if args.no_reviews else corpus.reviews("train")
    technical = [] if args.no_technical else corpus.manpages("train") + corpus.gimp_help("train")
    docs = {name: corpus.EXTRA_DOCS[name]("train") for name in doc_names}
    fiction = corpus.wesnoth("train", WESNOTH[args.wesnoth]) if WESNOTH[args.wesnoth] else []
    fiction_text = "".join(fiction)
    today = {
        name: _spread(
            [p for p in modern.genre(name, "train") if p not in dev], args.modern_max_chars
        )
        for name in modern_names
    }
    if args.more_encyclopedia:
        today["more_encyclopedia"] = list(modern.more_encyclopedia())
    words = list(modern.jieba_words_without_heldout_names())
    sources = (news, reviews, technical, *docs.values(), fiction, *today.values())
    running = "".join(corpus.without_spaces("".join(part)) for part in sources)
    vocab = build_vocab([running, "".join(words)], args.min_char_count)
    index = {ch: i for i, ch in enumerate(vocab)}
    print(
        f"vocab {len(vocab):,}; running text {len(running):,} chars; {len(words):,} words",
        flush=True,
    )

    bos = np.array([BOS], dtype=np.uint64)
    parts = [bos, encode(running, index), bos]
    for w in words:
        parts.append(encode(w, index))
        parts.append(bos)
    ids = np.concatenate(parts)
    min_counts = {3: args.min_count_3, 4: args.min_count_4}
    tables = kneser_ney(ids, len(vocab), min_counts)

    meta = {
        "order": ORDER,
        "vocab_size": len(vocab),
        "sources": {
            "people_daily_1998_train_chars": len(corpus.without_spaces("".join(news))),
            "reviews_train_chars": len(corpus.without_spaces("".join(reviews))),
            "manpages_gimp_help_train_chars": len(corpus.without_spaces("".join(technical))),
            **{
                f"{name}_train_chars": len(corpus.without_spaces("".join(paragraphs)))
                for name, paragraphs in docs.items()
            },
            **(
                {f"wesnoth_{args.wesnoth}_train_chars": len(corpus.without_spaces(fiction_text))}
                if fiction
                else {}
            ),
            **{
                f"modern_{name}_train_chars": len(corpus.without_spaces("".join(paragraphs)))
                for name, paragraphs in today.items()
            },
            "jieba_words": len(words),
        },
        "min_count_by_order": min_counts,
        "smoothing": "interpolated Kneser-Ney, one discount per order",
        # How often each member of a folded class occurs: a repair to `７` pays
        # log P(７ | digit), which the decoder computes from these.
        "class_members": class_member_counts(running),
    }
    arrays = {
        name: (arr.astype(np.float16) if name.startswith(("lp", "bow")) else arr)
        for name, arr in tables.items()
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        vocab=np.array("".join(vocab)),
        meta=np.array(json.dumps(meta)),
        **arrays,
    )
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
