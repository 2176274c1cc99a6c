"""The batch API decides every text on its own, exactly as one call per text would; the
single-text API refuses what is not text, and FixConfig what is out of range."""

from __future__ import annotations

import pytest

import zhfix
from zhfix.shift import shift

DAMAGED = "会议指出袁要切实提高政治站位遥"
REPAIRED = "会议指出，要切实提高政治站位。"


@pytest.fixture(scope="module")
def records(heldout_news: list[str], heldout_reviews: list[str]) -> list[str]:
    """Held-out paragraphs, clean and damaged, and short damaged pieces (CI keeps this to
    a few thousand; bench/corpus.py checks all held-out paragraphs)."""
    paragraphs = heldout_news[:300] + heldout_reviews[:150]
    return paragraphs + [shift(p) for p in paragraphs] + [shift(p[:6]) for p in paragraphs]


def test_fix_texts_gives_exactly_the_per_record_results(records: list[str]) -> None:
    batch = list(zhfix.fix_texts(records))
    assert batch == [zhfix.fix_text(r) for r in records]
    assert sum(a != b for a, b in zip(batch, records, strict=True)) > len(records) // 3


def test_explain_and_detect_batches_match_single_calls(records: list[str]) -> None:
    some = records[::7]
    assert list(zhfix.fix_and_explain_texts(some)) == [zhfix.fix_and_explain(r) for r in some]
    assert list(zhfix.detect_texts(some)) == [zhfix.detect(r) for r in some]


def test_a_record_is_not_changed_by_its_neighbours() -> None:
    # Joined, the clean record would sit inside the damaged region of the others.
    texts = [DAMAGED, "冶金工业", DAMAGED]
    assert list(zhfix.fix_texts(texts)) == [REPAIRED, "冶金工业", REPAIRED]


def test_fix_texts_is_lazy_and_takes_any_iterable() -> None:
    produced = zhfix.fix_texts(t for t in [DAMAGED] * 3)
    assert next(produced) == REPAIRED
    assert list(produced) == [REPAIRED, REPAIRED]
    assert list(zhfix.fix_texts([])) == []


def test_the_batch_api_takes_the_same_config() -> None:
    off = zhfix.FixConfig(shifted_punctuation=False)
    assert list(zhfix.fix_texts([DAMAGED], off)) == [DAMAGED]
    assert list(zhfix.fix_texts([DAMAGED], None)) == [REPAIRED]


@pytest.mark.parametrize("bad", [None, 42, ["a"]])
def test_fix_text_refuses_what_is_not_text(bad: object) -> None:
    with pytest.raises(TypeError, match=r"takes text \(str\)"):
        zhfix.fix_text(bad)  # type: ignore[arg-type]


def test_bytes_are_refused_with_a_hint_to_decode_them() -> None:
    for fn in (zhfix.fix_text, zhfix.fix_and_explain, zhfix.detect):
        with pytest.raises(TypeError, match="decode it first"):
            fn(DAMAGED.encode())  # type: ignore[arg-type]


def test_a_bad_config_is_refused_at_once() -> None:
    with pytest.raises(TypeError, match="config must be a zhfix.FixConfig"):
        zhfix.fix_text(DAMAGED, {"threads": 1})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="config must be a zhfix.FixConfig"):
        zhfix.fix_texts([DAMAGED], "fast")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        list(zhfix.fix_texts([DAMAGED, b"bytes"]))  # type: ignore[list-item]


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("min_confidence", 1.5, ValueError),
        ("min_confidence", -0.1, ValueError),
        ("region_switch_cost", float("nan"), ValueError),
        ("line_switch_cost", -1.0, ValueError),
        ("spaced_symbol_bonus", float("inf"), ValueError),
        ("threads", -2, ValueError),
        ("threads", 1.5, TypeError),
        ("clean_symbol_cost", "9", TypeError),
        ("shifted_punctuation", "yes", TypeError),
    ],
)
def test_fix_config_checks_its_ranges(field: str, value: object, error: type) -> None:
    with pytest.raises(error, match=f"FixConfig.{field}"):
        zhfix.FixConfig(**{field: value})  # type: ignore[arg-type]


def test_fix_config_takes_values_in_range() -> None:
    config = zhfix.FixConfig(min_confidence=0.9, threads=2, region_switch_cost=20)
    assert zhfix.fix_text(DAMAGED, config) == REPAIRED


@pytest.mark.parametrize("many", [zhfix.fix_texts, zhfix.fix_and_explain_texts, zhfix.detect_texts])
def test_one_string_where_many_texts_are_expected_is_refused(many) -> None:  # type: ignore[no-untyped-def]
    # Iterating the string would repair it character by character and change nothing.
    with pytest.raises(TypeError, match="iterable of texts"):
        many("会议指出袁要切实提高政治站位遥")
