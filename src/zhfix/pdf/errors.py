"""The one exception the PDF path raises for input it cannot read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..textio import InputError


class PdfError(InputError):
    """A PDF that cannot be repaired: not a PDF, encrypted, truncated or without text.

    ``str(error)`` is one line meant for the user; ``reason`` is a short machine-readable
    tag (``not_pdf``, ``encrypted``, ``truncated``, ``damaged``, ``no_text``, ``pages``).
    """

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@contextmanager
def damaged_structure(name: str) -> Iterator[None]:
    """Turn what the PDF libraries raise on a file damaged inside (an object that is not
    where its reference says, a stream cut short) into one :class:`PdfError` line.

    The checks before reading catch truncated and non-PDF files; a file whose middle is
    overwritten passes them and fails deep in pikepdf, pdfium or fontTools instead.  The
    error's type stays in the message, so a bug of ours is still told apart.
    """
    try:
        yield
    except InputError:
        raise
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as e:  # noqa: BLE001 - any failure inside a damaged file is the file's
        detail = " ".join(str(e).split())[:160]
        raise PdfError(
            f"{name}: cannot read this PDF: its structure is damaged "
            f"({type(e).__name__}: {detail})",
            "damaged",
        ) from None
