"""What the PDF reader adds to a :class:`zhfix.document.Document`: how the fonts'
character maps were repaired, which characters the language model decided, and which
pages and fonts could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..changes import Change
from .write import GlyphRepairReport


@dataclass(frozen=True, slots=True)
class UnreadableFont:
    """A font whose codes no map could turn into text, and the pages it is used on."""

    font: str
    pages: tuple[int, ...]
    #: how many of its characters were left out
    characters: int

    def to_dict(self) -> dict[str, Any]:
        return {"font": self.font, "pages": list(self.pages), "characters": self.characters}


def _ranges(numbers: tuple[int, ...]) -> str:
    """``1-3, 5``: page numbers as ranges."""
    out: list[str] = []
    start = prev = None
    for n in sorted(numbers):
        if prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(f"{start}-{prev}" if prev != start else f"{start}")
        start = prev = n
    if start is not None:
        out.append(f"{start}-{prev}" if prev != start else f"{start}")
    return ", ".join(out)


def describe_unreadable(fonts: list[UnreadableFont]) -> str:
    """One line naming the fonts that could not be read and their pages."""
    parts = [
        f"font {u.font} (page{'s' if len(u.pages) > 1 else ''} {_ranges(u.pages)}, "
        f"{u.characters} characters)"
        for u in fonts
    ]
    return (
        "; ".join(parts)
        + " ha"
        + ("ve" if len(fonts) > 1 else "s")
        + " no map to text (no ToUnicode, no known CMap, no cmap in the font program); "
        "left out -- OCR those pages"
    )


@dataclass
class PdfReport:
    """The ``pdf`` part of a document restored from a PDF."""

    glyphs: GlyphRepairReport
    #: ``(article index, change)`` for each character the language model decided where
    #: the glyph evidence was missing; offsets are into the text PDFium extracted for the
    #: article's layout block (headline, paragraphs and table cells joined by line breaks)
    model_changes: list[tuple[int, Change]] = field(default_factory=list)
    #: selected pages that had no text layer
    pages_without_text: list[int] = field(default_factory=list)
    #: (font, code) -> what the language model read for each glyph without evidence
    resolved: dict[tuple[tuple[int, int], tuple[int, int]], str] = field(default_factory=dict)
    #: fonts whose text could not be decoded (left out of the articles)
    unreadable: list[UnreadableFont] = field(default_factory=list)
    #: fonts without a usable ToUnicode map read through a predefined CMap (name -> CMap)
    predefined_cmaps: dict[str, str] = field(default_factory=dict)

    def change_dicts(self) -> list[dict[str, Any]]:
        """The character maps repaired from glyph evidence (``step: "glyphs"``, per
        font) and the characters the language model decided (``step: "characters"``)."""
        changes: list[dict[str, Any]] = [
            {"step": "glyphs", "font": font, "before": before, "after": after}
            for font, repairs in self.glyphs.repairs.items()
            for before, after in repairs.items()
        ]
        changes += [
            {
                "step": "glyphs",
                "evidence": "rendered ink box",
                "before": self.glyphs.undecided[p],
                "after": after,
            }
            for p, after in self.glyphs.rendered.items()
            if after != self.glyphs.undecided[p]
        ]
        for index, change in self.model_changes:
            d = change.to_dict()
            d["step"] = "characters"
            d["article"] = index
            changes.append(d)
        return changes

    def to_dict(self) -> dict[str, Any]:
        """The top-level fields a PDF adds to the document's JSON."""
        return {
            "pages_without_text": list(self.pages_without_text),
            "unreadable": [u.to_dict() for u in self.unreadable],
        }
