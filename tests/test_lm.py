"""The shipped character model: what it was built from, and that its fast path agrees."""

from __future__ import annotations

import numpy as np

from zhfix import lm


def test_model_ships_with_the_package_and_says_what_it_is() -> None:
    model = lm.load()
    assert model.order == 4
    assert model.meta["sources"]["people_daily_1998_train_chars"] > 1_000_000
    assert "Kneser-Ney" in model.meta["smoothing"]


def test_model_prefers_real_chinese_to_shifted_punctuation() -> None:
    model = lm.load(reference=True)
    ids = [model.char_id(c) for c in "会议指出，要"]
    comma = np.array([ids[1:5]], dtype=np.uint64)
    damaged = comma.copy()
    damaged[0, 3] = model.char_id("袁")
    assert model.logprob(comma)[0] > model.logprob(damaged)[0] + 5


def test_c_scorer_matches_the_numpy_reference() -> None:
    model = lm.load(reference=True)
    rng = np.random.default_rng(0)
    text = "坚决打赢打好精准脱贫攻坚战，是以习近平总书记为核心的党中央作出的一项重要战略部署。"
    ids = np.array([model.char_id(c) for c in text], dtype=np.uint32)
    windows = np.lib.stride_tricks.sliding_window_view(ids, 4).copy()
    random_windows = rng.integers(0, len(model.vocab), size=(500, 4)).astype(np.uint32)
    for w in (windows, random_windows):
        reference = model.logprob(w)
        fast = model.score(w)
        # the C tables store log-values in 1/1024 fixed point
        np.testing.assert_allclose(fast, reference, atol=4 / 1024)


def test_letters_and_digits_are_scored_as_classes() -> None:
    model = lm.load()
    assert model.char_id("ｐ") == model.char_id("Ａ")
    assert model.char_id("７") == model.char_id("０")
    assert model.char_id("x") == model.char_id("A")
    assert model.class_logprob("ｐ") < 0 == model.class_logprob("，")
    # members are weighed by how often they occur: 1 is a likelier digit than 7
    assert model.class_logprob("１") > model.class_logprob("７")
