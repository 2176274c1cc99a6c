"""Typeset an :class:`~.plan.IssuePlan` with Typst (PyPI ``typst``, the compiler itself
as a Python extension): each cell is placed where the plan says, its body in Typst's own
``columns`` - which fill a fixed-height box column after column, the way a newspaper's
make-up fills a column and continues in the next - justified, first lines indented.
"""

from __future__ import annotations

from pathlib import Path

from .plan import (
    BAND_GAP,
    BODY_SIZE,
    BOX_PAD,
    GUTTER,
    LEADING,
    MARGIN_X,
    PAGE_H,
    PAGE_W,
    TABLE_ROW,
    Cell,
    IssuePlan,
    PagePlan,
)


def _s(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rule(x: float, y: float, length: float, vertical: bool, stroke: float = 0.5) -> str:
    angle = "90deg" if vertical else "0deg"
    return (f"#place(top + left, dx: {x:.2f}pt, dy: {y:.2f}pt, "
            f"line(length: {length:.2f}pt, angle: {angle}, stroke: {stroke}pt))\n")


def _display(face: str, text: str) -> str:
    """A kicker or subtitle line: 12 pt, flush left."""
    style = f"font: {_s(face)}, size: 12pt, top-edge: 1em, bottom-edge: 0em"
    return (f"#block(below: 5.6pt, par(leading: 3.6pt, first-line-indent: 0pt, "
            f"text({style})[#{_s(text)}]))\n")


def _headline(face: str, weight: str, size: float, text: str) -> str:
    style = f"font: {_s(face)}, size: {size}pt, weight: {_s(weight)}, top-edge: 1em, " \
        "bottom-edge: 0em"
    return (f"#block(below: 8pt, par(justify: false, first-line-indent: 0pt, "
            f"leading: {size * 0.3:.1f}pt, text({style})[#{_s(text)}]))\n")


def _paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"#par[#{_s(p)}]\n" for p in paragraphs)


def _cell(issue: IssuePlan, page: PagePlan, cell: Cell, top: float, height: float) -> str:
    f = issue.faces
    x = MARGIN_X + cell.col * (page.col_w + GUTTER)
    w = page.span_w(cell.span)
    inner = w - (2 * BOX_PAD + 2 if cell.kind == "boxed" else 0)
    col_w = (inner - (cell.span - 1) * GUTTER) / cell.span
    body = []
    if cell.kind != "briefs":
        a = cell.article
        if a.kicker:
            body.append(_display(f.display, a.kicker))
        body.append(_headline(f.headline, _typst_weight(f.headline_weight), cell.head_size,
                              a.headline))
        if a.subtitle:
            body.append(_display(f.display, a.subtitle))
        texts = a.paragraphs
    else:
        texts = [p for a in cell.articles for p in a.paragraphs]
    rules = ""
    if page.rules:
        for k in range(1, cell.span):
            rx = k * (col_w + GUTTER) - GUTTER / 2
            rules += _rule(rx, 0, cell.column_height, True)
    body.append(
        f"#block(height: {cell.column_height:.2f}pt, width: 100%, spacing: 0pt)[{rules}"
        f"#columns({cell.span}, gutter: {GUTTER}pt)[\n{_paragraphs(texts)}]]\n"
    )
    if cell.kind != "briefs":
        for table in cell.article.tables:
            cells = ", ".join(f"[#{_s(c)}]" for row in table for c in row)
            body.append(
                f"#block(above: 6pt, text(size: 9pt)[#table(columns: {len(table[0])}, "
                f"rows: {TABLE_ROW}pt, inset: (x: 4pt, y: 3pt), stroke: 0.6pt, {cells})])\n"
            )
    content = "".join(body)
    if cell.kind == "boxed":
        content = f"#block(stroke: 1pt, inset: {BOX_PAD}pt, width: 100%)[\n{content}]\n"
    out = (f"#place(top + left, dx: {x:.2f}pt, dy: {top:.2f}pt, "
           f"block(width: {w:.2f}pt)[\n{content}])\n")
    if page.rules and cell.col > 0:
        out += _rule(x - GUTTER / 2, top, height, True)
    return out


def _page(issue: IssuePlan, page: PagePlan) -> str:
    f = issue.faces
    width = PAGE_W - 2 * MARGIN_X
    out = []
    small = 'text(size: 9pt, top-edge: 1em, bottom-edge: 0em)'
    if page.masthead:
        name, date, number, count = page.masthead
        out.append(
            f"#place(top + left, dx: {MARGIN_X}pt, dy: 30pt, text(font: {_s(f.headline)}, "
            f"size: 54pt, weight: \"{_typst_weight(f.headline_weight)}\")[#{_s(name)}])\n"
            f"#place(top + left, dx: {MARGIN_X}pt, dy: 104pt, "
            f"{small}[#{_s(date + '　' + number + '　' + count)}])\n"
        )
        out.append(_rule(MARGIN_X, page.body_top() - 10, width, False, 2))
    else:
        left, mid, right = page.running_head
        out.append(
            f"#place(top + left, dx: {MARGIN_X}pt, dy: 36pt, block(width: {width}pt, "
            f"{small}[#{_s(left)} #h(1fr) #{_s(mid)} #h(1fr) #{_s(right)}]))\n"
        )
        out.append(_rule(MARGIN_X, 50, width, False, 1))
    editor, folio = page.footer
    out.append(
        f"#place(top + left, dx: {MARGIN_X}pt, dy: {PAGE_H - 34}pt, block(width: {width}pt, "
        f"{small}[#{_s(editor)} #h(1fr) #{_s(folio)}]))\n"
    )
    for band in page.bands:
        for cell in band.cells:
            out.append(_cell(issue, page, cell, band.top, band.height))
        out.append(_rule(MARGIN_X, band.top + band.height + BAND_GAP / 2, width, False, 0.5))
    return "".join(out)


def issue_source(issue: IssuePlan) -> str:
    """The issue as one Typst document, one page per planned page."""
    f = issue.faces
    head = (
        f"#set page(width: {PAGE_W}pt, height: {PAGE_H}pt, margin: 0pt)\n"
        f"#set text(font: ({_s(f.body)},), size: {BODY_SIZE}pt, lang: \"zh\", region: \"cn\", "
        f"top-edge: 1em, bottom-edge: 0em)\n"
        f"#set par(justify: true, leading: {LEADING - BODY_SIZE}pt, "
        f"spacing: {LEADING - BODY_SIZE}pt, first-line-indent: (amount: 2em, all: true))\n"
        f"#set block(spacing: 0pt)\n"
        f"#set document(title: {_s(issue.paper)})\n"
    )
    pages = "#pagebreak()\n".join(_page(issue, p) for p in issue.pages)
    return head + pages


def render(issue: IssuePlan, out: Path) -> None:
    """Compile ``issue`` to ``out`` with Typst (system fonts, found through fontconfig's
    folders)."""
    import typst

    data = typst.compile(issue_source(issue).encode("utf-8"), format="pdf",
                         font_paths=["/usr/share/fonts"])
    out.write_bytes(data)  # type: ignore[arg-type]


def _typst_weight(css: str) -> str:
    return "regular" if css == "normal" else css
