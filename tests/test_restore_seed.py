"""The real damaged page (examples/seed.txt) restored to what the newspaper printed.

``tests/data/seed_restored.txt`` is a hand restoration, made by reading the page: one
paragraph per line, a blank line between the three news items, full-width punctuation.
Where the layout leaves it unclear, the printed line lengths decide (a first line is two
characters short).  The newspaper's own slips (开区, 重献, 企业中的遇到的) stay.
"""

from __future__ import annotations

import difflib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import zhfix
from zhfix.shift import SHIFTED_TO_SYMBOL

ROOT = Path(__file__).resolve().parents[1]
SEED = (ROOT / "examples" / "seed.txt").read_text(encoding="utf-8")
EXPECTED = (ROOT / "tests" / "data" / "seed_restored.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def doc() -> zhfix.Document:
    return zhfix.restore(SEED)


def character_errors(out: str, expected: str) -> list[tuple[str, str, str]]:
    """Differences a character repair could make: one shifted character for another."""
    if len(out) != len(expected):
        return []
    return [
        (a, b, out[max(0, i - 6) : i + 6])
        for i, (a, b) in enumerate(zip(out, expected, strict=True))
        if a != b and (SHIFTED_TO_SYMBOL.get(a) == b or SHIFTED_TO_SYMBOL.get(b) == a)
    ]


def cer(out: str, expected: str) -> float:
    ops = difflib.SequenceMatcher(None, expected, out, autojunk=False).get_opcodes()
    errors = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in ops if tag != "equal")
    return errors / len(expected)


def test_the_text_is_what_the_newspaper_printed(doc: zhfix.Document) -> None:
    out = doc.to_text()
    assert character_errors(out, EXPECTED) == []
    assert cer(out, EXPECTED) == 0.0
    assert out == EXPECTED


def test_three_news_items_with_their_datelines(doc: zhfix.Document) -> None:
    assert [(a.dateline, a.date) for a in doc.articles] == [
        ("本报讯", "--06-06"),
        ("本报讯", "--06-09"),
        ("本报讯", "--06-08"),
    ]
    assert [len(a.paragraphs) for a in doc.articles] == [7, 8, 5]


def test_with_the_year_the_dates_are_iso_8601() -> None:
    dated = zhfix.restore(SEED, year=2020)
    assert [a.date for a in dated.articles] == ["2020-06-06", "2020-06-09", "2020-06-08"]


def test_no_space_next_to_chinese_digits_or_full_width_punctuation(doc: zhfix.Document) -> None:
    text = doc.to_text()
    near = r"[\u4e00-\u9fff0-9，。、；：“”（）]"
    assert not re.search(f"{near}[ \u3000\u00a0]+{near}", text)
    assert "6月6日" in text and "2020年上半年" in text and "4方面21个" in text


def test_ascii_punctuation_is_normalised(doc: zhfix.Document) -> None:
    text = doc.to_text()
    assert "汾河流域（绛县段）生态" in text and "(" not in text
    assert "等地，详细" in text and "," not in text


def test_metallurgy_is_not_punctuation(doc: zhfix.Document) -> None:
    assert "国营华晋冶金铸造厂" in doc.to_text()


def test_every_change_points_at_the_input(doc: zhfix.Document) -> None:
    kinds = set()
    for c in doc.changes:
        kinds.add(getattr(c, "kind", "characters"))
        assert SEED[c.start : c.end] == c.before
    assert {"characters", "join", "break", "space", "punctuation"} <= kinds


def test_its_character_repairs_are_those_of_fix_and_explain(doc: zhfix.Document) -> None:
    assert doc.character_changes == zhfix.fix_and_explain(SEED).changes


def test_explain_with_the_full_restore_decodes_the_page_once(
    monkeypatch: pytest.MonkeyPatch, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    from zhfix import repair
    from zhfix.cli import main

    decoded: list[int] = []
    decode = repair._decode

    def counted(text: str, config: zhfix.FixConfig) -> repair.Decoding:
        decoded.append(len(text))
        return decode(text, config)

    monkeypatch.setattr(repair, "_decode", counted)
    assert main(["--explain", str(ROOT / "examples" / "seed.txt")]) == 0
    assert decoded == [len(SEED)]
    assert capfdbinary.readouterr().err.decode().count("→") == len(
        zhfix.fix_and_explain(SEED).changes
    )


def test_explain_lists_every_character_repair_of_the_page() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "zhfix", "--explain", str(ROOT / "examples" / "seed.txt")],
        capture_output=True,
        check=True,
    )
    n = len(zhfix.fix_and_explain(SEED).changes)
    assert result.stderr.decode("utf-8").endswith(f"seed.txt: {n} changes\n")


def run_cli(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "zhfix", *args, str(ROOT / "examples" / "seed.txt")],
        capture_output=True,
        check=True,
    )
    return result.stdout.decode("utf-8")


def test_the_command_prints_the_restored_page() -> None:
    assert run_cli() == zhfix.restore(SEED).to_text()


def test_the_command_prints_json() -> None:
    data = json.loads(run_cli("--json"))
    assert [a["dateline"] for a in data["articles"]] == ["本报讯"] * 3
    assert all(isinstance(p, str) for a in data["articles"] for p in a["paragraphs"])
    assert data["changes"]


def test_chars_only_keeps_the_line_structure() -> None:
    out = run_cli("--chars-only")
    assert out.count("\n") == SEED.count("\n")
    assert out == zhfix.fix_text(SEED)
