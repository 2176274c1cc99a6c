"""Rewrite a PDF's ToUnicode maps from glyph evidence (pikepdf).

The same repair serves two ends: ``--write-pdf`` saves a copy in which every viewer copies
and searches correct text, and :func:`zhfix.pdf.restore_pdf` reads an in-memory copy in
which the codes the evidence could not decide are mapped to placeholder characters, so
that the extractor can tell them apart and hand only those to the language model.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf

from ..shift import CANDIDATES
from ..textio import InputError, check_regular_target, write_atomic
from .cmaps import font_name, has_usable_map, missing_map
from .errors import PdfError
from .fonts import Code, FontRepair, analyse_pdf, iter_fonts, write_tounicode

FontKey = tuple[int, int]


def _placeholders(used: set[str]) -> Iterator[str]:
    """Characters to stand for undecided glyphs in the copy PDFium reads: rare GB2312
    ideographs (level 2, from the end) that no font of the document maps to.

    They must be characters a substitute font can show: PDFium drops a lone character it
    has no glyph for when the font is not embedded, and private-use code points, Hangul
    or ideographs outside GB2312 all vanish that way."""
    for lead in range(0xF7, 0xD7, -1):
        for trail in range(0xFE, 0xA0, -1):
            try:
                ch = bytes([lead, trail]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            if ch not in used and ch not in CANDIDATES:
                yield ch


@dataclass
class GlyphRepairReport:
    """What the glyph evidence did to a document's character maps."""

    fonts: int = 0
    codes_repaired: int = 0
    codes_undecided: int = 0
    #: codes the glyph evidence left open that the language model decided
    codes_from_model: int = 0
    #: placeholder character -> the ideograph its glyph's map claimed (in-memory copy only)
    undecided: dict[str, str] = field(default_factory=dict)
    #: placeholder -> what the rendered ink box of its glyph decided (restore only)
    rendered: dict[str, str] = field(default_factory=dict)
    #: placeholders whose glyph the font program's evidence measured and left open: the
    #: language model decides them, not their ink box
    measured: set[str] = field(default_factory=set)
    #: placeholder character -> the (font key, code)s it stands for
    placeholders: dict[str, list[tuple[FontKey, Code]]] = field(default_factory=dict)
    #: fonts without ToUnicode whose map was made from what they say (font -> from what:
    #: a predefined CMap, Identity-H over Adobe-GB1, an embedded TrueType cmap)
    made_maps: dict[str, str] = field(default_factory=dict)
    #: fonts without ToUnicode from which no map could be made: their text is unreadable
    unreadable_fonts: set[str] = field(default_factory=set)
    _free: Iterator[str] = field(default_factory=lambda: iter(()), repr=False)

    def add_placeholder(self, ideograph: str, codes: list[tuple[FontKey, Code]]) -> str | None:
        """A new placeholder character standing for ``codes`` (None when all are used)."""
        placeholder = next(self._free, None)
        if placeholder is not None:
            self.undecided[placeholder] = ideograph
            self.placeholders[placeholder] = codes
        return placeholder

    #: per font: base font name -> {ideograph or symbol before -> after} for repaired codes
    repairs: dict[str, dict[str, str]] = field(default_factory=dict)


def _open_pikepdf(data: bytes, name: str):  # type: ignore[no-untyped-def]
    import pikepdf

    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise PdfError(f"{name}: the PDF is encrypted (password-protected)", "encrypted") from None
    except pikepdf.PdfError as exc:
        raise PdfError(
            f"{name}: the PDF is damaged and cannot be read ({exc})", "damaged"
        ) from None


def add_missing_maps(pdf: Any, pages: list[int] | None, report: GlyphRepairReport) -> int:
    """Give each Type0 font without a ToUnicode map the one its encoding or program
    implies (:func:`.cmaps.missing_map`); note the fonts none can be made for.  Returns
    how many maps were added."""
    added = 0
    for _, font in iter_fonts(pdf, pages):
        if font.get("/Subtype") != "/Type0" or has_usable_map(font):
            continue
        made = missing_map(font)
        if made is None:
            report.unreadable_fonts.add(font_name(font))
            continue
        font.ToUnicode = pdf.make_stream(write_tounicode(made.mapping, made.codespace()))
        report.made_maps[font_name(font)] = made.source
        added += 1
    return added


def repair_maps(
    data: bytes,
    name: str,
    pages: list[int] | None = None,
    mark_undecided: bool = False,
    resolved: Mapping[tuple[FontKey, Code], str] | None = None,
) -> tuple[bytes, GlyphRepairReport]:
    """A copy of the PDF ``data`` with its ToUnicode maps repaired from glyph evidence.

    ``pages`` are 0-based page indexes to analyse (``None``: all).  Codes the evidence
    cannot decide take their text from ``resolved`` (the language model's decision per
    font and code) when it has them; otherwise, with ``mark_undecided``, they map to
    placeholder characters (listed in the report), or else keep their damaged mapping.
    When nothing needs changing, ``data`` itself comes back.  With ``mark_undecided`` (the
    copy only the extractor reads) the copy is ``data`` with the new maps appended as an
    incremental update where that is safe (:func:`incremental_update`): rewriting the
    whole file was a good part of the time a PDF took.
    """
    report = GlyphRepairReport()
    with _open_pikepdf(data, name) as pdf:
        fixes: list[tuple[FontRepair, dict]] = []
        made = add_missing_maps(pdf, pages, report)
        repairs = analyse_pdf(pdf, pages)
        if mark_undecided:
            used = {ch for repair in repairs for text in repair.mapping.values() for ch in text}
            report._free = _placeholders(used)
        for repair in repairs:
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
            if resolved:
                for code in undecided:
                    reading = resolved.get((repair.key, code))
                    if reading is not None and reading != mapping[code]:
                        mapping[code] = reading
                        changed[code] = reading
                        report.codes_from_model += 1
                undecided = [code for code in undecided if (repair.key, code) not in resolved]
            if mark_undecided:
                for code in undecided:
                    placeholder = report.add_placeholder(repair.mapping[code], [(repair.key, code)])
                    if placeholder is None:
                        break
                    mapping[code] = placeholder
                    if code in repair.measured:
                        report.measured.add(placeholder)
            if changed or (mark_undecided and undecided):
                fixes.append((repair, mapping))
        if not fixes and not made:
            return data, report
        for repair, mapping in fixes:
            repair.cmap.write(write_tounicode(mapping, repair.cmap.read_bytes()))
        if mark_undecided and not made:
            updated = incremental_update(data, pdf, [repair.cmap for repair, _ in fixes])
            if updated is not None:
                return updated, report
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue(), report


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF")


def incremental_update(data: bytes, pdf: Any, streams: list[Any]) -> bytes | None:
    """``data`` followed by an incremental update (PDF 32000-1, 7.5.6) that replaces
    each of ``streams`` (indirect pikepdf streams of ``pdf``, opened from ``data``) with
    its present contents: the new objects, a cross-reference section for them and a
    trailer whose ``/Prev`` points back to the original's.

    ``None`` where the original cannot simply be extended: encrypted (the new streams
    would need encrypting), damaged (qpdf had to repair it, so its offsets are not to
    be trusted), no final ``startxref``, a stream or the catalog not indirect."""
    if pdf.is_encrypted or pdf.get_warnings():
        return None
    found = list(_STARTXREF.finditer(data, max(len(data) - 2048, 0)))
    trailer = pdf.trailer
    root = trailer.get("/Root")
    if not found or root is None or not root.is_indirect:
        return None
    contents: dict[tuple[int, int], bytes] = {}
    for stream in streams:
        if not stream.is_indirect:
            return None
        contents[stream.objgen] = stream.read_bytes()
    body = data if data.endswith(b"\n") else data + b"\n"
    parts, xref = [body], [b"xref\n"]
    offset = len(body)
    for (num, gen), content in sorted(contents.items()):
        chunk = b"".join([
            b"%d %d obj\n<< /Length %d >>\nstream\n" % (num, gen, len(content)),
            content,
            b"\nendstream\nendobj\n",
        ])
        xref.append(b"%d 1\n%010d %05d n \n" % (num, offset, gen))
        parts.append(chunk)
        offset += len(chunk)
    entries = [b"/Size %d" % int(trailer.Size), b"/Root %d %d R" % root.objgen]
    info = trailer.get("/Info")
    if info is not None and info.is_indirect:
        entries.append(b"/Info %d %d R" % info.objgen)
    ids = trailer.get("/ID")
    if isinstance(ids, pikepdf.Array) and len(ids) == 2:
        entries.append(b"/ID [<%s> <%s>]" % (bytes(ids[0]).hex().encode(),
                                             bytes(ids[1]).hex().encode()))
    entries.append(b"/Prev %d" % int(found[-1].group(1)))
    parts += xref
    parts.append(b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (b" ".join(entries), offset))
    return b"".join(parts)


def write_repaired_pdf(
    source: str | Path | bytes,
    target: str | Path,
    *,
    use_model: bool = True,
    resolved: Mapping[tuple[FontKey, Code], str] | None = None,
) -> GlyphRepairReport:
    """Write to ``target`` a copy of ``source`` (a path, or the PDF's bytes) whose
    ToUnicode maps are repaired.

    Codes the glyph evidence cannot decide are mapped as the language model reads them
    in the restored text (one decision per code, by majority over its uses), unless
    ``use_model`` is false; then they keep their mapping.  ``resolved`` passes decisions
    already made (``Document.pdf.resolved``) for the whole document.

    ``target`` must be a regular file (replaced whole, through a symbolic link) or a new
    file in an existing folder; a device, FIFO or directory is refused.  Raises
    :class:`PdfError` (and writes nothing, leaving no temporary file) for input that is
    not a readable PDF or has no text layer, and for a target that cannot be written.
    """
    from .extract import open_document, read_source

    check_target(target)
    data, name = read_source(source)
    open_document(data, name).close()  # the same checks and messages as extraction
    if resolved is None and use_model:
        from .document import restore_pdf

        resolved = restore_pdf(data if isinstance(source, bytes) else source).pdf.resolved
    fixed, report = repair_maps(data, name, resolved=resolved)
    try:
        write_atomic(target, fixed, regular_only=True)
    except InputError as e:
        raise PdfError(str(e), "output") from None
    return report


def check_target(target: str | Path) -> None:
    """:class:`PdfError` unless ``target`` is a regular file or a new one (see
    :func:`write_repaired_pdf`)."""
    try:
        check_regular_target(target)
    except InputError as e:
        raise PdfError(str(e), "output") from None
