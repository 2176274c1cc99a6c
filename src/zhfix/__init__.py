"""zhfix: clean, correctly punctuated Chinese text from text damaged on its way out of PDFs.

>>> import zhfix
>>> zhfix.fix_text("会议指出袁要切实提高政治站位遥")
'会议指出，要切实提高政治站位。'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .articles import Article
from .changes import Change, Detection, Finding, FixResult
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

    from .pdf import PdfDocument


def restore_pdf(path: str | Path, pages: str | list[int] | None = None) -> PdfDocument:
    """Extract, repair and restructure the Chinese text of a PDF (needs ``zhfix[pdf]``);
    see :func:`zhfix.pdf.restore_pdf`."""
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
