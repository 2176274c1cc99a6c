"""Rewrite a PDF's ToUnicode maps from glyph evidence (pikepdf).

The same repair serves two ends: ``--write-pdf`` saves a copy in which every viewer copies
and searches correct text, and :func:`zhfix.pdf.restore_pdf` reads an in-memory copy in
which the codes the evidence could not decide are mapped to private-use characters, so
that the extractor can tell them apart and hand only those to the language model.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PdfError
from .fonts import FontRepair, analyse_pdf, write_tounicode

#: first private-use code point used to mark undecided glyphs in the in-memory copy
PRIVATE_USE_START = 0xE000
PRIVATE_USE_END = 0xF8FF


@dataclass
class GlyphRepairReport:
    """What the glyph evidence did to a document's character maps."""

    fonts: int = 0
    codes_repaired: int = 0
    codes_undecided: int = 0
    #: private-use character -> the ideograph its glyph's map claimed (in-memory copy only)
    undecided: dict[str, str] = field(default_factory=dict)
    #: per font: base font name -> {ideograph or symbol before -> after} for repaired codes
    repairs: dict[str, dict[str, str]] = field(default_factory=dict)


def _open_pikepdf(data: bytes, name: str):  # type: ignore[no-untyped-def]
    import pikepdf

    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise PdfError(f"{name}: the PDF is encrypted (password-protected)", "encrypted") from None
    except pikepdf.PdfError as exc:
        raise PdfError(f"{name}: the PDF is damaged and cannot be read ({exc})",
                       "damaged") from None


def repair_maps(
    data: bytes, name: str, pages: list[int] | None = None, mark_undecided: bool = False
) -> tuple[bytes, GlyphRepairReport]:
    """A copy of the PDF ``data`` with its ToUnicode maps repaired from glyph evidence.

    ``pages`` are 0-based page indexes to analyse (``None``: all).  With
    ``mark_undecided`` the codes the evidence cannot decide map to private-use characters
    (listed in the report); otherwise they keep their damaged mapping.  When nothing needs
    changing, ``data`` itself comes back.
    """
    report = GlyphRepairReport()
    with _open_pikepdf(data, name) as pdf:
        fixes: list[tuple[FontRepair, dict]] = []
        for repair in analyse_pdf(pdf, pages):
            report.fonts += 1
            mapping = dict(repair.mapping)
            changed = repair.repaired
            mapping.update(changed)
            report.codes_repaired += len(changed)
            if changed:
                log = report.repairs.setdefault(repair.name, {})
                for code, text in changed.items():
                    log[repair.mapping[code]] = text
            undecided = repair.undecided
            report.codes_undecided += len(undecided)
            if mark_undecided:
                room = PRIVATE_USE_END - PRIVATE_USE_START - len(report.undecided)
                for code in undecided[:max(room, 0)]:
                    pua = chr(PRIVATE_USE_START + len(report.undecided))
                    report.undecided[pua] = repair.mapping[code]
                    mapping[code] = pua
            if changed or (mark_undecided and undecided):
                fixes.append((repair, mapping))
        if not fixes:
            return data, report
        for repair, mapping in fixes:
            repair.cmap.write(write_tounicode(mapping, repair.cmap.read_bytes()))
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue(), report


def write_repaired_pdf(source: str | Path, target: str | Path) -> GlyphRepairReport:
    """Write to ``target`` a copy of ``source`` whose ToUnicode maps are repaired.

    Codes the glyph evidence cannot decide keep their mapping.  Raises
    :class:`PdfError` (and writes nothing) for input that is not a readable PDF.
    """
    from .extract import open_document, read_path

    data = read_path(source)
    open_document(data, str(source)).close()  # the same checks and messages as extraction
    fixed, report = repair_maps(data, str(source))
    tmp = Path(str(target) + ".part")
    tmp.write_bytes(fixed)
    tmp.replace(target)
    return report
