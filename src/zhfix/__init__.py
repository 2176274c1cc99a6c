"""zhfix: clean, correctly punctuated Chinese text from text damaged on its way out of PDFs.

>>> import zhfix
>>> zhfix.fix_text("会议指出袁要切实提高政治站位遥")
'会议指出，要切实提高政治站位。'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .articles import Article, Table
from .changes import Change, Detection, Finding, FixResult, apply_changes
from .config import FixConfig
from .document import Document, restore
from .repair import (
    detect,
    detect_texts,
    fix_and_explain,
    fix_and_explain_texts,
    fix_text,
    fix_texts,
)

if TYPE_CHECKING:
    from pathlib import Path


def restore_pdf(path: str | Path | bytes, pages: str | list[int] | None = None) -> Document:
    """Extract, repair and restructure the Chinese text of a PDF (needs ``zhfix[pdf]``):
    the same :class:`Document` as :func:`restore` gives, with ``pages`` and a ``pdf``
    report; see :func:`zhfix.pdf.restore_pdf`."""
    from .pdf import restore_pdf as _restore_pdf

    return _restore_pdf(path, pages)


__all__ = [
    "Article",
    "Change",
    "Detection",
    "Document",
    "Finding",
    "FixConfig",
    "FixResult",
    "Table",
    "apply_changes",
    "detect",
    "detect_texts",
    "fix_and_explain",
    "fix_and_explain_texts",
    "fix_text",
    "fix_texts",
    "restore",
    "restore_pdf",
]
__version__ = "0.1.0"
