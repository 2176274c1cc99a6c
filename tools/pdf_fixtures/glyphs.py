"""A page as a synthetic glyph list: the characters (with boxes, size, font) and rules
the reader extracts from it, saved as JSON, so that layout steps can be unit-tested on
real engine output without a PDF (format: ``docs/pdf.md``, "Glyph lists").

    python -m tools.pdf_fixtures.glyphs tests/data/newspapers/dev/typst-song-hei.pdf 2 \\
        -o tests/data/glyphs/typst-song-hei-p2.json

A test reads one back with :func:`load_page`, which returns the
:class:`zhfix.pdf.extract.Page` that :func:`zhfix.pdf.extract.read_page` gave.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from zhfix.pdf.extract import Char, Page, Rule, open_document, read_page

FORMAT = "zhfix-glyphs/1"


def page_glyphs(pdf: Path, number: int, gold: Any = None) -> dict[str, Any]:
    """The glyph list of page ``number`` (1-based) of ``pdf``; with a
    :class:`~.gold.Gold`, the articles set on that page too."""
    doc = open_document(pdf.read_bytes(), str(pdf))
    try:
        page = read_page(doc, number - 1)
    finally:
        doc.close()
    fonts: list[str] = []
    index: dict[str, int] = {}
    chars = []
    for c in page.chars:
        if c.font not in index:
            index[c.font] = len(fonts)
            fonts.append(c.font)
        chars.append([c.text, round(c.x0, 2), round(c.top, 2), round(c.x1, 2),
                      round(c.bottom, 2), round(c.size, 2), index[c.font], int(c.bold)])
    out: dict[str, Any] = {
        "format": FORMAT,
        "source": pdf.name,
        "page": number,
        "width": round(page.width, 2),
        "height": round(page.height, 2),
        "fonts": fonts,
        "chars": chars,
        "rules": [[round(r.x0, 2), round(r.top, 2), round(r.x1, 2), round(r.bottom, 2)]
                  for r in page.rules],
        "has_images": page.has_images,
    }
    if gold is not None:
        meta = gold.pages[number - 1]
        out["gold"] = {
            "engine": gold.engine, "columns": meta["columns"], "rules": meta["rules"],
            "furniture": meta["furniture"], "bands": meta.get("bands", []),
            "articles": {str(i): a.to_dict() for i, a in enumerate(gold.articles)
                         if number in a.pages},
        }
    return out


def save(data: dict[str, Any], path: Path) -> None:
    """One char per line, so that a diff of two versions stays readable."""
    head = {k: v for k, v in data.items() if k not in ("chars", "rules", "gold")}
    lines = ["{"]
    for k, v in head.items():
        lines.append(f" {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)},")
    lines.append(' "chars": [')
    lines.append(",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in data["chars"]))
    lines.append(" ],")
    lines.append(f' "rules": {json.dumps(data["rules"])}' + ("," if "gold" in data else ""))
    if "gold" in data:
        lines.append(f' "gold": {json.dumps(data["gold"], ensure_ascii=False)}')
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def load_page(path: Path) -> Page:
    """The :class:`~zhfix.pdf.extract.Page` a glyph list holds."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a {FORMAT} glyph list")
    fonts = data["fonts"]
    page = Page(data["page"], data["width"], data["height"], has_images=data["has_images"])
    page.chars = [Char(t, x0, x1, top, bottom, size, fonts[f], bool(b))
                  for t, x0, top, x1, bottom, size, f, b in data["chars"]]
    page.rules = [Rule(x0, top, x1, bottom) for x0, top, x1, bottom in data["rules"]]
    return page


def load_gold(path: Path) -> dict[str, Any]:
    """The ``gold`` section of a glyph list: the page's articles, furniture, columns."""
    return json.loads(path.read_text(encoding="utf-8"))["gold"]  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Save one PDF page as a glyph list (JSON).")
    ap.add_argument("pdf", type=Path)
    ap.add_argument("page", type=int)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    from .gold import load

    gold_path = args.pdf.with_suffix(".json")
    gold = load(gold_path) if gold_path.exists() else None
    save(page_glyphs(args.pdf, args.page, gold), args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
