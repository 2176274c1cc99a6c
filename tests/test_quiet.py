"""The one-pass clean-text check in C (``quiet``) only ever skips texts the full decoder
would leave alone, and it does skip nearly all clean text."""

from __future__ import annotations

import pytest

import zhfix
from zhfix import repair
from zhfix.shift import shift


@pytest.fixture(scope="module")
def texts(heldout_news: list[str], heldout_reviews: list[str]) -> list[str]:
    paragraphs = heldout_news[:250] + heldout_reviews[:150]
    docs = ["\n".join(heldout_news[i : i + 12]) for i in range(300, 600, 12)]
    return paragraphs + docs


def full_decoding(text: str) -> repair.Decoding:
    """The decoder's answer without the quiet check."""
    decoder = repair._decoder()
    config = zhfix.FixConfig()
    original = decoder._quiet
    try:
        decoder._quiet = lambda codes, config: False  # type: ignore[method-assign]
        return decoder.decode(text, config)
    finally:
        decoder._quiet = original  # type: ignore[method-assign]


def is_quiet(text: str) -> bool:
    decoder = repair._decoder()
    return decoder._quiet(text.encode("utf-32-le", "surrogatepass"), zhfix.FixConfig())


def test_a_text_judged_quiet_is_one_the_full_decoder_leaves_alone(texts: list[str]) -> None:
    for text in texts + [shift(t) for t in texts] + [t[:30] + shift(t[30:]) for t in texts]:
        if is_quiet(text):
            decoding = full_decoding(text)
            assert decoding.offsets.size == 0 and decoding.regions == (), text


def test_nearly_all_clean_text_is_settled_by_the_quiet_check(texts: list[str]) -> None:
    quiet = sum(map(is_quiet, texts))
    assert quiet >= 0.95 * len(texts)


def test_damaged_text_is_never_quiet(texts: list[str]) -> None:
    damaged = [shift(t) for t in texts if zhfix.fix_text(shift(t)) != shift(t)]
    assert len(damaged) > len(texts) // 2
    assert not any(map(is_quiet, damaged))
