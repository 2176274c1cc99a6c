"""Records of what a repair step changed, and of what detection found."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
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
        # Spelled out: dataclasses.asdict deep-copies field by field, and a page's few
        # hundred changes cost more to convert that way than to find.
        return {
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "confidence": self.confidence,
        }


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
        return {
            "kind": self.kind,
            "description": self.description,
            "count": self.count,
            "regions": [list(r) for r in self.regions],
            "confidence": self.confidence,
        }


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


def apply_changes(text: str, changes: Iterable[Change]) -> str:
    """Replay ``changes`` on ``text``: each ``text[start:end]`` becomes its ``after``.

    This is how a reader keeps some repairs and rejects others: pass only the changes to
    keep.  Offsets are into ``text`` (the input of :func:`~zhfix.fix_and_explain` or
    :func:`~zhfix.restore`), so the changes may come in any order.  Where a later step
    changed what an earlier one made, the later step's change covers the earlier one's
    span (a line join over an indent that was repaired into a full-width space, the same
    character first repaired and then taken out): passed together, the covering change
    wins; passed alone, each applies to what the input had.

    >>> from zhfix import fix_and_explain
    >>> r = fix_and_explain("会议指出袁要切实提高政治站位遥")
    >>> apply_changes("会议指出袁要切实提高政治站位遥", r.changes[:1])
    '会议指出，要切实提高政治站位遥'

    Insertions (``start == end``) at one offset go in in the order given, before a
    change that starts there.

    Raises :class:`ValueError` for a change outside ``text`` or two changes that overlap
    without one covering the other: such changes were not made from this text.
    """
    indexed = sorted(enumerate(changes), key=_order)
    out: list[str] = []
    pos = 0
    last: Change | None = None
    for _, change in indexed:
        if not 0 <= change.start <= change.end <= len(text):
            raise ValueError(
                f"change {change.before!r} → {change.after!r} at {change.start}-{change.end} "
                f"lies outside the text ({len(text)} characters)"
            )
        if change.start >= pos:
            out.append(text[pos : change.start])
            out.append(change.after)
            pos = change.end
            last = change
        elif last is not None and _covers(last, change):
            if (change.start, change.end) == (last.start, last.end):
                out[-1] = change.after  # the later step changed what the earlier one made
                last = change
        else:
            raise ValueError(
                f"change at {change.start}-{change.end} overlaps the change at "
                f"{last.start if last else 0}-{pos} without covering it"
            )
    out.append(text[pos:])
    return "".join(out)


def _order(indexed: tuple[int, Change]) -> tuple[int, bool, int, int]:
    """Offset order; at one offset an insertion first, then the widest span."""
    i, c = indexed
    return c.start, c.start < c.end, -c.end, i


def _covers(outer: Change, inner: Change) -> bool:
    """Whether ``inner`` lies within ``outer``'s span (an insertion: strictly inside)."""
    if inner.start == inner.end:
        return outer.start < inner.start < outer.end
    return outer.start <= inner.start and inner.end <= outer.end
