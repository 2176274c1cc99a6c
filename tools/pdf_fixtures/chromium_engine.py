"""Typeset an :class:`~.plan.IssuePlan` as HTML/CSS and print it with headless Chromium
(Debian's ``chromium``; Blink lays out the text, Skia writes the PDF and subsets the
fonts).  Each cell is a CSS multi-column box placed where the plan says; Blink breaks
the lines, justifies them and balances the columns itself.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
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

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def _e(s: str) -> str:
    return html.escape(s, quote=True)


def _css(issue: IssuePlan) -> str:
    f = issue.faces
    return f"""
@page {{ size: {PAGE_W}pt {PAGE_H}pt; margin: 0 }}
* {{ box-sizing: border-box }}
html, body {{ margin: 0; padding: 0 }}
body {{ font-family: "{f.body}"; font-size: {BODY_SIZE}pt; line-height: {LEADING}pt;
        -webkit-print-color-adjust: exact }}
.page {{ position: relative; width: {PAGE_W}pt; height: {PAGE_H}pt; overflow: hidden;
         break-after: page }}
.page:last-child {{ break-after: auto }}
.abs {{ position: absolute }}
.head {{ font-family: "{f.headline}"; font-weight: {f.headline_weight}; margin: 0 0 8pt 0 }}
.display {{ font-family: "{f.display}"; font-size: 12pt; line-height: 15.6pt; margin: 0 0 2pt 0 }}
.cols {{ column-gap: {GUTTER}pt; text-align: justify; text-justify: inter-character }}
.cols p {{ margin: 0; text-indent: 2em }}
.box {{ border: 1pt solid #000; padding: {BOX_PAD}pt }}
table {{ border-collapse: collapse; margin-top: 6pt; font-size: 9pt; line-height: 11pt }}
td {{ border: 0.6pt solid #000; padding: 2pt 4pt; height: {TABLE_ROW}pt }}
.rule {{ position: absolute; background: #000 }}
.masthead-name {{ font-family: "{f.headline}"; font-size: 54pt; line-height: 64pt;
                  font-weight: {f.headline_weight} }}
.small {{ font-size: 9pt; line-height: 11pt }}
"""


def _cell_html(page: PagePlan, cell: Cell, top: float, height: float) -> str:
    x = MARGIN_X + cell.col * (page.col_w + GUTTER)
    w = page.span_w(cell.span)
    box = " box" if cell.kind == "boxed" else ""
    parts = [f'<div class="abs{box}" style="left:{x:.2f}pt;top:{top:.2f}pt;width:{w:.2f}pt">']
    rule = "column-rule: 0.5pt solid #000;" if page.rules else ""
    if cell.kind == "briefs":
        parts.append(f'<div class="cols" style="column-count:{cell.span};{rule}">')
        for a in cell.articles:
            parts += [f"<p>{_e(p)}</p>" for p in a.paragraphs]
        parts.append("</div>")
    else:
        a = cell.article
        if a.kicker:
            parts.append(f'<div class="display">{_e(a.kicker)}</div>')
        parts.append(
            f'<div class="head" style="font-size:{cell.head_size}pt;'
            f'line-height:{cell.head_size * 1.3:.1f}pt">{_e(a.headline)}</div>'
        )
        if a.subtitle:
            parts.append(f'<div class="display">{_e(a.subtitle)}</div>')
        parts.append(f'<div class="cols" style="column-count:{cell.span};{rule}">')
        parts += [f"<p>{_e(p)}</p>" for p in a.paragraphs]
        parts.append("</div>")
        for table in a.tables:
            parts.append("<table>")
            for row in table:
                parts.append("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>")
            parts.append("</table>")
    parts.append("</div>")
    if page.rules and cell.col > 0:
        parts.append(
            f'<div class="rule" style="left:{x - GUTTER / 2 - 0.25:.2f}pt;top:{top:.2f}pt;'
            f'width:0.5pt;height:{height:.2f}pt"></div>'
        )
    return "".join(parts)


def _page_html(issue: IssuePlan, page: PagePlan) -> str:
    out = ['<div class="page">']
    width = PAGE_W - 2 * MARGIN_X
    if page.masthead:
        name, date, number, count = page.masthead
        out.append(
            f'<div class="abs" style="left:{MARGIN_X}pt;top:28pt;width:{width}pt">'
            f'<div class="masthead-name">{_e(name)}</div>'
            f'<div class="small">{_e(date)}　{_e(number)}　{_e(count)}</div></div>'
            f'<div class="rule" style="left:{MARGIN_X}pt;top:{page.body_top() - 10}pt;'
            f'width:{width}pt;height:2pt"></div>'
        )
    else:
        left, mid, right = page.running_head
        out.append(
            f'<div class="abs small" style="left:{MARGIN_X}pt;top:34pt;width:{width}pt;'
            f'display:flex;justify-content:space-between"><span>{_e(left)}</span>'
            f"<span>{_e(mid)}</span><span>{_e(right)}</span></div>"
            f'<div class="rule" style="left:{MARGIN_X}pt;top:50pt;width:{width}pt;'
            f'height:1pt"></div>'
        )
    editor, folio = page.footer
    out.append(
        f'<div class="abs small" style="left:{MARGIN_X}pt;top:{PAGE_H - 36}pt;width:{width}pt;'
        f'display:flex;justify-content:space-between"><span>{_e(editor)}</span>'
        f"<span>{_e(folio)}</span></div>"
    )
    for band in page.bands:
        for cell in band.cells:
            out.append(_cell_html(page, cell, band.top, band.height))
        y = band.top + band.height + BAND_GAP / 2
        out.append(
            f'<div class="rule" style="left:{MARGIN_X}pt;top:{y:.2f}pt;width:{width}pt;'
            f'height:0.5pt"></div>'
        )
    out.append("</div>")
    return "".join(out)


def issue_html(issue: IssuePlan) -> str:
    """The whole issue as one HTML document, one ``.page`` div per page."""
    pages = "".join(_page_html(issue, p) for p in issue.pages)
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{_e(issue.paper)}</title><style>{_css(issue)}</style></head>"
        f"<body>{pages}</body></html>"
    )


def chromium_binary() -> str:
    """Debian's Chromium (never a downloaded browser)."""
    found = shutil.which("chromium")
    if not found:
        raise RuntimeError("chromium is not installed (Debian package: chromium)")
    return found


def render(issue: IssuePlan, out: Path) -> None:
    """Print ``issue`` to ``out`` with headless Chromium."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "issue.html"
        page.write_text(issue_html(issue), encoding="utf-8")
        cmd = [chromium_binary(), *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
               f"--print-to-pdf={out}", page.as_uri()]
        subprocess.run(cmd, check=True, capture_output=True, timeout=180)
    if not out.exists() or out.stat().st_size == 0:
        raise RuntimeError(f"chromium printed nothing to {out}")
