"""Records of what a repair step changed, and of what detection found."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Change:
    """One repair: ``text[start:end]`` (offsets in the step's *input*) became ``after``.

    ``confidence`` is the model's probability that the repair is right (0.5-1.0).
    """

    start: int
    end: int
    before: str
    after: str
    reason: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class FixResult:
    """The repaired text and every change that produced it, in offset order."""

    text: str
    changes: tuple[Change, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "changes": [c.to_dict() for c in self.changes]}


@dataclass(frozen=True, slots=True)
class Finding:
    """One kind of damage found in a text.

    ``count`` is how many characters the repair would change, ``regions`` the
    ``(start, end)`` spans judged damaged, ``confidence`` how sure detection is that this
    damage is present at all (0-1).
    """

    kind: str
    description: str
    count: int
    regions: tuple[tuple[int, int], ...]
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["regions"] = [list(r) for r in self.regions]
        return d


@dataclass(frozen=True, slots=True)
class Detection:
    """What :func:`zhfix.detect` found: empty ``findings`` means the text looks clean."""

    length: int
    findings: tuple[Finding, ...] = field(default=())

    @property
    def damaged(self) -> bool:
        return any(f.count for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "length": self.length,
            "damaged": self.damaged,
            "findings": [f.to_dict() for f in self.findings],
        }
