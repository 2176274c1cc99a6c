"""The work behind each API call, as plain functions of bytes and text.

They return what the ``zhfix`` command prints with ``--json`` (as a dict), and raise
:class:`~zhfix.textio.InputError` with one line for input they cannot use.  They hold no
state and touch no file but the temporary copy of an uploaded PDF, so that they can run
in a worker process that is killed when a request runs out of time.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from typing import Any

from ..budget import BYTES_PER_CHAR, estimate, size
from ..document import restore
from ..repair import detect, fix_and_explain
from ..textio import InputError

#: Work a job may add to a running worker (which already holds the model) without asking
#: the system what is free: reading that costs more than a small page's whole repair.
UNCHECKED_BYTES = 32 << 20


def _check_memory(job: str, text: str) -> None:
    """Refuse, as the command does, a text the machine has not the memory for."""
    if BYTES_PER_CHAR[job] * len(text) <= UNCHECKED_BYTES:
        return
    need = estimate(job, len(text))
    if not need.fits:
        assert need.available is not None
        raise InputError(
            f"{need.chars:,} characters need about {size(need.needed)} of memory "
            f"and {size(need.available)} is free; send a shorter text"
        )


def fix(text: str) -> dict[str, Any]:
    """Characters only, like ``zhfix --chars-only --json``: ``{"text", "changes"}``."""
    _check_memory("json", text)
    return fix_and_explain(text).to_dict()


def restore_page(text: str, year: int | None = None) -> dict[str, Any]:
    """The whole page, like ``zhfix --json``, plus the restored ``text``
    (``zhfix``'s plain output), so that a client need not assemble it."""
    _check_memory("json", text)
    document = restore(text, year=year)
    payload = document.to_dict()
    payload["text"] = document.to_text()
    return payload


def detection(text: str) -> dict[str, Any]:
    """Like ``zhfix --detect --json``: is the text damaged, where, how sure."""
    _check_memory("chars", text)
    return detect(text).to_dict()


@dataclass(frozen=True)
class PdfResult:
    """What :func:`restore_pdf_bytes` made: the command's JSON, and the repaired PDF."""

    payload: dict[str, Any]
    text: str
    pdf: bytes | None


def count_pages(data: bytes, name: str) -> int:
    """The PDF's page count, or an ``InputError`` for what is not a readable PDF."""
    from ..pdf.extract import open_document

    document = open_document(data, name)
    try:
        return len(document)
    finally:
        document.close()


def restore_pdf_bytes(
    data: bytes, name: str, pages: str | None, max_pages: int, with_pdf: bool
) -> PdfResult:
    """Restore an uploaded PDF, like ``zhfix --json [--pages P] [--write-pdf OUT]``.

    The PDF code reads paths, so the upload goes to a private temporary folder that is
    removed before this returns, whatever happens.  Error messages name the upload by
    ``name``, never the temporary path.  A document (or a page selection) of more than
    ``max_pages`` pages is refused before any work starts.
    """
    from ..pdf.document import restore_pdf
    from ..pdf.errors import damaged_structure
    from ..pdf.extract import parse_pages
    from ..pdf.write import write_repaired_pdf

    count = count_pages(data, name)
    selected = parse_pages(pages, count) if pages else list(range(1, count + 1))
    if len(selected) > max_pages:
        raise InputError(
            f"{name}: {len(selected)} pages selected, more than the limit of {max_pages}; "
            "choose fewer with pages, e.g. 1-10"
        )
    with tempfile.TemporaryDirectory(prefix="zhfix-web-") as folder:
        source = os.path.join(folder, "upload.pdf")
        target = os.path.join(folder, "repaired.pdf")
        with open(source, "wb") as f:
            f.write(data)
        try:
            with damaged_structure(name):
                document = restore_pdf(source, selected if pages else None)
                repaired = None
                if with_pdf:
                    resolved = document.pdf.resolved if not pages else None
                    write_repaired_pdf(source, target, resolved=resolved)
                    with open(target, "rb") as f:
                        repaired = f.read()
        except InputError as e:
            raise InputError(str(e).replace(source, name)) from None
    payload = json.loads(document.to_json())
    return PdfResult(payload, document.to_text(), repaired)
