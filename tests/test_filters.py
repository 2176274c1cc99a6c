"""The Bloom filters in front of the C model's hash tables change no lookup's result.

A lookup whose key the filter rules out returns "absent" without reading the table; the
filter is built from every stored key's fingerprint, so that must never hide a key the
table holds.  A model built without filters is the reference: every score, screen and
decode must come out the same, bit for bit, with the filters on.
"""

from __future__ import annotations

import numpy as np
import pytest

from zhfix import _ngram, lm

BITS = 16


@pytest.fixture(scope="module")
def models() -> tuple[_ngram.Model, _ngram.Model, lm.CharLM]:
    model = lm.load(reference=True)
    args = (
        model.order,
        model._unigram_floor,
        [np.ascontiguousarray(k) for k in model._keys],
        [np.ascontiguousarray(p) for p in model._lp],
        [np.ascontiguousarray(b) for b in model._bow],
    )
    return _ngram.Model(*args), _ngram.Model(*args, filters=False), model


def _unpack(keys: np.ndarray, k: int, order: int) -> np.ndarray:
    """Rows of ``order`` ids whose last ``k`` are the packed n-gram (BOS-padded)."""
    rows = np.zeros((keys.size, order), dtype=np.uint32)
    for j in range(k):
        shift = np.uint64(BITS * (k - 1 - j))
        rows[:, order - k + j] = (keys >> shift) & np.uint64(0xFFFF)
    return rows


def test_every_stored_ngram_scores_the_same_with_and_without_filters(models) -> None:
    with_filters, without, model = models
    rng = np.random.default_rng(1)
    for k, keys in enumerate(model._keys, start=1):
        sample = keys[rng.choice(keys.size, size=min(keys.size, 20000), replace=False)]
        rows = _unpack(sample, k, model.order)
        a = with_filters.logprob(rows)
        assert a == without.logprob(rows)
        # each stored n-gram is found (a hit scores its own value, not a back-off)
        if k == model.order:
            got = np.frombuffer(a, dtype=np.float64)
            lp = model._lp[k - 1][np.searchsorted(keys, sample)].astype(np.float64)
            np.testing.assert_allclose(got, lp, atol=1 / 1024)


def test_random_windows_score_the_same_with_and_without_filters(models) -> None:
    with_filters, without, model = models
    rng = np.random.default_rng(2)
    frequent = rng.integers(0, 600, size=(50000, model.order))  # many back off part-way
    anything = rng.integers(0, len(model.vocab), size=(50000, model.order))
    for rows in (frequent, anything):
        rows = rows.astype(np.uint32)
        assert with_filters.logprob(rows) == without.logprob(rows)


def test_screen_and_decode_are_the_same_with_and_without_filters(models) -> None:
    with_filters, without, model = models
    rng = np.random.default_rng(3)
    text = "坚决打赢打好精准脱贫攻坚战，是以习近平总书记为核心的党中央作出的一项重要战略部署。" * 20
    ids = np.array([model.char_id(c) for c in text], dtype=np.uint32)
    for _ in range(20):
        cand = np.sort(rng.choice(ids.size, size=120, replace=False)).astype(np.int64)
        alt = rng.integers(0, len(model.vocab), size=cand.size).astype(np.uint32)
        pen = rng.normal(0, 1, size=cand.size)
        altmap = np.full(ids.size, 0xFFFFFFFF, dtype=np.uint32)
        altmap[cand] = alt
        assert with_filters.screen(ids, altmap, cand, pen) == without.screen(
            ids, altmap, cand, pen
        )
        assert with_filters.decode(ids, cand, alt, pen) == without.decode(ids, cand, alt, pen)
