"""The PDF job of the ``zhfix`` command, as one call the CLI can dispatch to."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..textio import looks_like_pdf, same_file
from .document import restore_pdf
from .errors import PdfError, damaged_structure
from .report import describe_unreadable
from .write import check_target, write_repaired_pdf

__all__ = ["looks_like_pdf", "run_pdf"]


def run_pdf(
    source: str,
    *,
    pages: str | None = None,
    as_json: bool = False,
    write_pdf: str | None = None,
    data: bytes | None = None,
    warn: Callable[[str], None] | None = None,
) -> str:
    """Restore the PDF ``source`` (or ``data``, the PDF's bytes read from standard input)
    and return what the command prints: the articles as text, or with ``as_json`` the
    document as one JSON line (see ``docs/document.schema.json``).  With ``write_pdf``,
    also write a copy whose ToUnicode maps are repaired: a regular file or a new one,
    checked before any work.  Text in fonts that cannot be read is left out and named in
    one line given to ``warn``.

    Raises :class:`PdfError` (an ``InputError``) with a one-line message; nothing is
    written then.
    """
    if write_pdf is not None:
        if data is None and same_file(source, write_pdf):
            raise PdfError(
                f"--write-pdf {write_pdf} is the input file; choose another name", "output"
            )
        check_target(write_pdf)
    pdf: str | bytes = data if data is not None else source
    with damaged_structure(source):
        document = restore_pdf(pdf if isinstance(pdf, bytes) else Path(pdf), pages)
    if document.pdf.unreadable and warn is not None:
        warn(f"{source}: {describe_unreadable(document.pdf.unreadable)}")
    if write_pdf is not None:
        # The model's readings of a page selection cover only those pages' glyphs.
        resolved = document.pdf.resolved if pages is None else None
        with damaged_structure(source):
            write_repaired_pdf(pdf, write_pdf, resolved=resolved)
    return document.to_json() + "\n" if as_json else document.to_text()
