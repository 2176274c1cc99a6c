"""The PDF job of the ``zhfix`` command, as one call the CLI can dispatch to."""

from __future__ import annotations

import os
from pathlib import Path

from ..textio import looks_like_pdf
from .document import restore_pdf
from .errors import PdfError
from .write import write_repaired_pdf

__all__ = ["looks_like_pdf", "run_pdf"]


def run_pdf(
    source: str,
    *,
    pages: str | None = None,
    as_json: bool = False,
    write_pdf: str | None = None,
) -> str:
    """Restore the PDF ``source`` and return what the command prints: the articles as
    text, or with ``as_json`` the document as one JSON line (each article with its
    pages).  With ``write_pdf``, also write a copy whose ToUnicode maps are repaired.

    Raises :class:`PdfError` (an ``InputError``) with a one-line message; nothing is
    written then.
    """
    if write_pdf is not None and os.path.exists(write_pdf) and os.path.samefile(source, write_pdf):
        raise PdfError(f"--write-pdf {write_pdf} is the input file; choose another name", "output")
    document = restore_pdf(Path(source), pages)
    if write_pdf is not None:
        # The model's readings of a page selection cover only those pages' glyphs.
        resolved = document.pdf.resolved if pages is None else None
        write_repaired_pdf(source, write_pdf, resolved=resolved)
    return document.to_json() + "\n" if as_json else document.to_text()
