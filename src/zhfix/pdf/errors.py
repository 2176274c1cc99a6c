"""The one exception the PDF path raises for input it cannot read."""

from __future__ import annotations

from ..textio import InputError


class PdfError(InputError):
    """A PDF that cannot be repaired: not a PDF, encrypted, truncated or without text.

    ``str(error)`` is one line meant for the user; ``reason`` is a short machine-readable
    tag (``not_pdf``, ``encrypted``, ``truncated``, ``damaged``, ``no_text``, ``pages``).
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason
