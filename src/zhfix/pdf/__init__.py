"""PDF in: extract, repair and restructure Chinese PDFs, and write a repaired PDF.

>>> from zhfix.pdf import restore_pdf, write_repaired_pdf
>>> doc = restore_pdf("paper.pdf", pages="2-5")          # doctest: +SKIP
>>> doc.articles[0].title, doc.articles[0].pages         # doctest: +SKIP
>>> doc.pdf.glyphs.codes_repaired                        # doctest: +SKIP
>>> write_repaired_pdf("paper.pdf", "fixed.pdf")          # doctest: +SKIP

The pipeline: the fonts' ToUnicode maps are repaired from glyph evidence
(:mod:`.fonts`, :mod:`.glyphs`) in an in-memory copy; PDFium extracts characters with
positions and fonts (:mod:`.extract`); geometry gives lines, tables, reading order,
paragraphs and articles (:mod:`.layout`); the language model decides only the characters
whose glyphs gave no clear evidence (:mod:`.document`).
"""

from __future__ import annotations

from .command import looks_like_pdf, run_pdf
from .document import restore_pdf
from .errors import PdfError
from .extract import parse_pages
from .report import PdfReport, UnreadableFont
from .write import GlyphRepairReport, write_repaired_pdf

__all__ = [
    "GlyphRepairReport",
    "PdfError",
    "PdfReport",
    "looks_like_pdf",
    "parse_pages",
    "restore_pdf",
    "run_pdf",
    "UnreadableFont",
    "write_repaired_pdf",
]
