"""``zhfix debug-layout FILE.pdf --page N -o page.png``: the reader's layout of one page,
drawn over the page as PDFium renders it, so that a reading-order failure can be seen.

Drawn (legend at the top of the image):

* every **line** (thin blue box), filled with the colour of the **article** it ended up
  in - lines of one article share a colour, so two articles read across a gutter show as
  alternating colours down a column;
* every **block** of the reading order (orange box) with its number, and arrows from
  each block to the next;
* **gutters** (green bands), **rules** (magenta), **tables** (purple), and the lines
  dropped as masthead, running head, footer or folio (grey, crossed out);
* with ``--gold FIXTURE.json`` (a fixture's gold, ``docs/pdf-fixtures.md``): the text
  columns as typeset (dark green outlines), and every body line that crosses a gutter
  between them outlined in thick red - the failure that interleaves articles.

The layout comes from :mod:`.layout` through one function, looked up by name so that
the layout code can change behind it::

    layout.page_view(pages: list[Page], index: int) -> PageView-like

where ``pages`` are the extracted pages around the one drawn (running heads are found
by recurrence across pages) and ``index`` is the position of the drawn page in that
list.  The result needs the attributes of :class:`PageView`; every box is an object
with ``x0``, ``x1``, ``top``, ``bottom`` in points (origin top left, as
:class:`.extract.Char`).  While :mod:`.layout` has no ``page_view``,
:func:`view_from_layout` builds one from today's functions (``take_tables``,
``build_lines``, ``drop_running_heads``, ``body_size``, ``reading_order``,
``layout_pages``).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import layout
from .errors import PdfError
from .extract import Page, open_document, read_page, read_path

#: pages read on each side of the drawn one, for running heads found by recurrence
CONTEXT_PAGES = 3
SCALE = 1.5  # pixels per point (108 dpi)


class Box(Protocol):
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class PageView:
    """What the debug view draws for one page (boxes in points, top-left origin)."""

    #: every line kept for the body text
    lines: list[Any] = field(default_factory=list)
    #: reading-order units (a column segment, a headline, a table), in reading order
    blocks: list[Any] = field(default_factory=list)
    #: for each article, the boxes of its lines on this page, articles in output order
    articles: list[list[Any]] = field(default_factory=list)
    #: the white space between columns, as boxes
    gutters: list[Any] = field(default_factory=list)
    tables: list[Any] = field(default_factory=list)
    #: masthead, running head, footer, folio: lines the reader dropped
    dropped: list[Any] = field(default_factory=list)


@dataclass
class _Rect:
    x0: float
    x1: float
    top: float
    bottom: float


def _bounds(boxes: Sequence[Box]) -> _Rect:
    return _Rect(min(b.x0 for b in boxes), max(b.x1 for b in boxes),
                 min(b.top for b in boxes), max(b.bottom for b in boxes))


def view_from_layout(pages: list[Page], index: int) -> PageView:
    """A :class:`PageView` of ``pages[index]`` from the functions :mod:`.layout` has
    today (an XY-cut reading order): used while it offers no ``page_view``."""
    page = pages[index]
    per_page = []
    for p in pages:
        # the reader's own lines: cut at the page's rules as well as its white gutters
        analysed = layout.analyse_page(p)
        per_page.append((p, analysed.lines, analysed.tables))
    kept, dropped = layout.drop_running_heads([(p, lines) for p, lines, _ in per_page])
    body = layout.body_size(kept)
    _, _, tables = per_page[index]
    leaves = layout.reading_order([*kept[index], *tables], page.rules, body)
    articles, _ = layout.layout_pages([page])
    on_page: list[list[Any]] = []
    for article in articles:
        boxes: list[Any] = [ln for ln in article.title_lines if ln.page == page.number]
        for item in article.items:
            if isinstance(item, list):
                boxes += [ln for ln in item if ln.page == page.number]
            elif item.page == page.number:
                boxes.append(item)
        if boxes:
            on_page.append(boxes)
    return PageView(
        lines=kept[index],
        blocks=[_bounds(leaf.blocks) for leaf in leaves],
        articles=on_page,
        tables=tables,
        dropped=dropped[index],
    )


def page_view(pages: list[Page], index: int) -> PageView:
    """The layout's own view when it has one (``layout.page_view``), else today's."""
    own = getattr(layout, "page_view", None)
    return own(pages, index) if own is not None else view_from_layout(pages, index)


# ------------------------------------------------------------------ drawing

_PALETTE = [
    (230, 25, 75), (60, 180, 75), (0, 130, 200), (245, 130, 48), (145, 30, 180),
    (70, 240, 240), (240, 50, 230), (210, 245, 60), (0, 128, 128), (170, 110, 40),
    (128, 0, 0), (0, 0, 128), (128, 128, 0), (255, 215, 180), (170, 255, 195),
]
LEGEND_H = 28


def _font(size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


def _arrow(draw, a: tuple[float, float], b: tuple[float, float], color, width: int) -> None:  # type: ignore[no-untyped-def]
    draw.line([a, b], fill=color, width=width)
    angle = math.atan2(b[1] - a[1], b[0] - a[0])
    size = 9
    left = (b[0] - size * math.cos(angle - 0.45), b[1] - size * math.sin(angle - 0.45))
    right = (b[0] - size * math.cos(angle + 0.45), b[1] - size * math.sin(angle + 0.45))
    draw.polygon([b, left, right], fill=color)


def gold_columns(gold: dict[str, Any], page_number: int) -> list[list[_Rect]]:
    """Per band of a fixture's gold page, the boxes of its cells' text columns."""
    pages = gold.get("pages", [])
    if not 1 <= page_number <= len(pages):
        return []
    out = []
    for band in pages[page_number - 1].get("bands", []):
        out.append([_Rect(x0, x1, band["top"], band["bottom"])
                    for cell in band["cells"] for x0, x1 in cell["columns"]])
    return out


def lines_across_gutters(lines: Sequence[Any], bands: list[list[_Rect]]) -> list[Any]:
    """Body lines (type no larger than the commonest size) that run over two text
    columns of one band: read across a gutter.  A line is measured by its core edges
    (:attr:`.layout.Line.core_x0`, ``core_x1``, when it has them): a space or a mark hung
    into the gutter is no text of the next column."""
    sizes = sorted(getattr(ln, "size", 0.0) for ln in lines)
    body = sizes[len(sizes) // 2] if sizes else 0.0
    out = []
    for ln in lines:
        if getattr(ln, "size", 0.0) > 1.1 * body:
            continue
        mid = (ln.top + ln.bottom) / 2
        for columns in bands:
            if not columns or not columns[0].top - 2 <= mid <= columns[0].bottom + 20:
                continue
            x0 = getattr(ln, "core_x0", ln.x0) or ln.x0
            x1 = getattr(ln, "core_x1", ln.x1) or ln.x1
            touched = [c for c in columns if min(x1, c.x1) - max(x0, c.x0) > 1.0]
            if len(touched) >= 2:
                out.append(ln)
                break
    return out


def draw_view(image, view: PageView, rules: Sequence[Box], scale: float = SCALE,  # type: ignore[no-untyped-def]
              gold: list[list[_Rect]] | None = None):
    """``image`` (the rendered page, RGB) with ``view`` drawn over it, and a legend strip
    on top; returns the new image.  ``gold``: the text columns as typeset, per band."""
    from PIL import Image, ImageDraw

    base = image.convert("RGBA")
    overlay = Image.new("RGBA", base.size, (0, 0, 0, 0))
    od = ImageDraw.Draw(overlay)

    def r(b: Box) -> tuple[float, float, float, float]:
        return (b.x0 * scale, b.top * scale, b.x1 * scale, b.bottom * scale)

    for g in view.gutters:
        od.rectangle(r(g), fill=(0, 200, 0, 60))
    for k, boxes in enumerate(view.articles):
        color = _PALETTE[k % len(_PALETTE)]
        for b in boxes:
            od.rectangle(r(b), fill=(*color, 70))
    for b in view.dropped:
        od.rectangle(r(b), fill=(128, 128, 128, 110))
    img = Image.alpha_composite(base, overlay).convert("RGB")
    d = ImageDraw.Draw(img)
    for b in view.dropped:
        x0, y0, x1, y1 = r(b)
        d.line([(x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2)], fill=(90, 90, 90), width=2)
    for rule in rules:
        d.rectangle(r(rule), outline=(220, 0, 220), width=1)
    for ln in view.lines:
        d.rectangle(r(ln), outline=(40, 90, 220), width=1)
    for t in view.tables:
        d.rectangle(r(t), outline=(120, 0, 160), width=3)
    crossing = lines_across_gutters(view.lines, gold) if gold else []
    for columns in gold or []:
        for c in columns:
            d.rectangle(r(c), outline=(0, 100, 0), width=1)
    for ln in crossing:
        d.rectangle(r(ln), outline=(255, 0, 0), width=4)
    font = _font(14)
    centres = []
    for b in view.blocks:
        x0, y0, x1, y1 = r(b)
        d.rectangle((x0 - 2, y0 - 2, x1 + 2, y1 + 2), outline=(255, 140, 0), width=2)
        centres.append(((x0 + x1) / 2, (y0 + y1) / 2, x0, y0))
    for (ax, ay, _, _), (bx, by, _, _) in zip(centres, centres[1:], strict=False):
        _arrow(d, (ax, ay), (bx, by), (220, 0, 0), 2)
    for n, (_, _, x0, y0) in enumerate(centres, 1):
        label = str(n)
        d.rectangle((x0 - 2, y0 - 2, x0 + 8 + 8 * len(label), y0 + 16), fill=(220, 0, 0))
        d.text((x0 + 2, y0), label, fill=(255, 255, 255), font=font)
    out = Image.new("RGB", (img.width, img.height + LEGEND_H), (255, 255, 255))
    out.paste(img, (0, LEGEND_H))
    ld = ImageDraw.Draw(out)
    x = 6
    for text, color in (
        ("lines", (40, 90, 220)), ("blocks + reading order", (255, 140, 0)),
        ("articles (fill colour)", _PALETTE[0]), ("gutters", (0, 170, 0)),
        ("rules", (220, 0, 220)), ("tables", (120, 0, 160)), ("dropped", (128, 128, 128)),
    ):
        ld.rectangle((x, 8, x + 14, 22), fill=color)
        ld.text((x + 18, 7), text, fill=(0, 0, 0), font=font)
        x += 28 + int(ld.textlength(text, font=font))
    summary = (f"{len(view.lines)} lines, {len(view.blocks)} blocks, "
               f"{len(view.articles)} articles, {len(view.dropped)} dropped")
    if gold:
        summary += f", {len(crossing)} lines across a gutter (thick red)"
    ld.text((x + 10, 7), summary, fill=(0, 0, 0), font=font)
    return out


def render_debug(path: str | Path, page_number: int, out: str | Path,
                 scale: float = SCALE, gold: dict[str, Any] | None = None) -> PageView:
    """Draw the layout of page ``page_number`` (1-based) of ``path`` into the PNG
    ``out``; returns what was drawn.  ``gold``: a fixture's gold (parsed JSON), whose
    text columns are drawn too.  Raises :class:`PdfError` for a bad PDF or page."""
    data = read_path(path)
    doc = open_document(data, str(path))
    try:
        count = len(doc)
        if not 1 <= page_number <= count:
            raise PdfError(f"{path}: no page {page_number} (the PDF has 1-{count})", "pages")
        lo = max(0, page_number - 1 - CONTEXT_PAGES)
        hi = min(count, page_number + CONTEXT_PAGES)
        pages = [read_page(doc, i) for i in range(lo, hi)]
        index = page_number - 1 - lo
        view = page_view(pages, index)
        image = doc[page_number - 1].render(scale=scale).to_pil()
    finally:
        doc.close()
    columns = gold_columns(gold, page_number) if gold else None
    picture = draw_view(image.convert("RGB"), view, pages[index].rules, scale, columns)
    target = Path(out)
    part = target.with_name(target.name + ".part")
    try:
        picture.save(part, format="PNG")
        part.replace(target)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise PdfError(f"cannot write {out}: {exc.strerror or exc}", "output") from None
    return view


def main(argv: Sequence[str]) -> int:
    """``zhfix debug-layout``: exit 0 with the PNG written, 2 with one error line."""
    ap = argparse.ArgumentParser(
        prog="zhfix debug-layout",
        description="Draw lines, columns, blocks and reading order on a rendered PDF page.",
    )
    ap.add_argument("pdf", help="the PDF file")
    ap.add_argument("--page", type=int, default=1, help="page number, from 1 (default 1)")
    ap.add_argument("-o", "--output", required=True, help="the PNG to write")
    ap.add_argument("--scale", type=float, default=SCALE, help="pixels per point (1.5)")
    ap.add_argument("--gold", help="a fixture's gold JSON: draw its text columns and mark "
                    "the lines read across a gutter")
    args = ap.parse_args(list(argv))
    gold = None
    if args.gold:
        try:
            gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"zhfix: error: {args.gold}: not a readable gold file ({exc})",
                  file=sys.stderr)
            return 2
    target = Path(args.output)
    if target.is_dir():
        print(f"zhfix: error: {args.output} is a directory", file=sys.stderr)
        return 2
    if target.exists() and not target.is_file():
        print(f"zhfix: error: {args.output} is not a regular file", file=sys.stderr)
        return 2
    try:
        view = render_debug(args.pdf, args.page, target, args.scale, gold)
    except PdfError as exc:
        print(f"zhfix: error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.output}: page {args.page}, {len(view.lines)} lines, {len(view.blocks)} "
          f"blocks, {len(view.articles)} articles")
    return 0
