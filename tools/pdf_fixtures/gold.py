"""The gold of a fixture: what was typeset, in reading order, as JSON beside its PDF.

``NAME.json``::

    {"name": "typst-song-hei", "split": "dev", "engine": "typst", "seed": 202,
     "faces": {"body": "...", "headline": "...", "display": "..."},
     "pages": [{"number": 1, "columns": 5, "rules": true,
                "furniture": ["江城日报", "１９９８年…", ...],
                "bands": [{"top": 186.0, "bottom": 402.5,
                           "cells": [{"kind": "article", "x0": 40.0, "x1": 342.4,
                                      "columns": [[40.0, 186.2], [196.2, 342.4]],
                                      "articles": [0]}, ...]}, ...]}, ...],
     "articles": [{"kind": "article" | "boxed" | "brief", "kicker": null,
                   "headline": "...", "subtitle": null, "dateline": "本报讯" | null,
                   "paragraphs": ["...", ...], "tables": [[["cell", ...], ...]],
                   "pages": [1]}, ...]}

``furniture`` is the page's masthead, running head, footer and folio: text a reader
should drop.  ``bands`` gives the geometry as planned (points, top-left origin): each
band's ``top``/``bottom`` and its ``cells``, each with ``kind``, ``x0``/``x1``, the x
ranges of its text ``columns`` (the gutters are what lies between) and the indices of
its ``articles``.  A brief (a news item without headline) has ``headline: ""``; its first
paragraph starts with its dateline.  Articles are listed in reading order.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .plan import BOX_PAD, GUTTER, MARGIN_X, IssuePlan
from .text import Article

#: how far a boxed cell's text sits inside its cell: Chromium's border-box (1 pt border
#: and the padding), Typst's inset (its stroke straddles the edge)
BOX_INSET = {"chromium": BOX_PAD + 1.0, "typst": BOX_PAD}
FIXTURE_ROOT = Path(__file__).resolve().parents[2] / "tests" / "data" / "newspapers"


@dataclass
class Gold:
    name: str
    split: str
    engine: str
    seed: int
    faces: dict[str, str]
    pages: list[dict[str, Any]]
    articles: list[Article] = field(default_factory=list)
    #: the PDF this gold belongs to (set by :func:`load`)
    pdf: Path | None = None

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def columns(self) -> list[int]:
        return [p["columns"] for p in self.pages]

    def page_text(self, number: int) -> str:
        """Every character set on page ``number``: furniture, articles, tables."""
        parts = list(self.pages[number - 1]["furniture"])
        for a in self.articles:
            if number in a.pages:
                parts += a.blocks()
                parts += [c for t in a.tables for row in t for c in row]
        return "".join(parts)

    def text(self) -> str:
        """The articles as a reader should give them back: heads and paragraphs, one
        per line, a blank line between articles (tables left out)."""
        return "\n\n".join("\n".join(a.blocks()) for a in self.articles) + "\n"

    @classmethod
    def from_plan(cls, issue: IssuePlan, engine: str) -> Gold:
        inset = BOX_INSET[engine]
        pages = []
        index = 0
        for p in issue.pages:
            bands = []
            for band in p.bands:
                cells = []
                for cell in band.cells:
                    columns = p.cell_columns(cell, inset)
                    cells.append({
                        "kind": cell.kind,
                        "x0": round(MARGIN_X + cell.col * (p.col_w + GUTTER), 2),
                        "x1": round(MARGIN_X + cell.col * (p.col_w + GUTTER)
                                    + p.span_w(cell.span), 2),
                        "columns": [[round(a, 2), round(b, 2)] for a, b in columns],
                        "articles": list(range(index, index + len(cell.articles))),
                    })
                    index += len(cell.articles)
                bands.append({"top": round(band.top, 2),
                              "bottom": round(band.top + band.height, 2), "cells": cells})
            pages.append({"number": p.number, "columns": p.columns, "rules": p.rules,
                          "furniture": [*p.masthead, *p.running_head, *p.footer],
                          "bands": bands})
        faces = {"body": issue.faces.body, "headline": issue.faces.headline,
                 "display": issue.faces.display}
        return cls(issue.name, issue.split, engine, issue.seed, faces, pages, issue.articles())

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "split": self.split, "engine": self.engine,
                "seed": self.seed, "faces": self.faces, "pages": self.pages,
                "articles": [a.to_dict() for a in self.articles]}

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")


def load(path: Path) -> Gold:
    """The gold at ``path`` (``NAME.json``), with :attr:`Gold.pdf` set to ``NAME.pdf``."""
    d = json.loads(path.read_text(encoding="utf-8"))
    articles = [Article.from_dict(a) for a in d.pop("articles")]
    return Gold(**d, articles=articles, pdf=path.with_suffix(".pdf"))


def fixtures(split: str, engine: str | None = None, root: Path = FIXTURE_ROOT) -> list[Gold]:
    """The committed fixtures of one split (optionally one engine), by name."""
    out = [load(p) for p in sorted((root / split).glob("*.json"))]
    return [g for g in out if engine is None or g.engine == engine]


def damaged_copy(pdf: Path, cache: Path | None = None) -> Path:
    """The Founder-damaged copy of ``pdf`` (:func:`.damage.damage_pdf`), made once and
    kept in a cache folder (the system temp folder unless ``cache`` is given)."""
    from .damage import damage_pdf

    data = pdf.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    folder = cache or Path(tempfile.gettempdir()) / "zhfix-newspapers"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{pdf.stem}-{digest}-damaged.pdf"
    if not out.exists():
        damaged, _ = damage_pdf(data)
        part = out.with_suffix(".part")
        part.write_bytes(damaged)
        part.replace(out)
    return out
