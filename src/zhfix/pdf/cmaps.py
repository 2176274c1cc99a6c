"""Text for fonts without a ToUnicode map, from what the font says about itself.

A Type0 font may carry no ToUnicode map and still be readable: its encoding is a
predefined CMap (``GBK-EUC-H``, ``GB-EUC-H``, ``UniGB-UCS2-H``, ``UniGB-UTF16-H`` ...)
that turns codes into Adobe-GB1 CIDs, or it is ``Identity-H`` over an Adobe-GB1 CID font,
and Adobe publishes each CID's Unicode value; or its embedded TrueType program has a
``cmap`` table, which read backwards through ``CIDToGIDMap`` gives each CID's character.
:func:`missing_map` builds the code -> text map from whichever applies (Adobe's CMaps as
pdfminer.six ships them, the font program through fontTools), so that the rest of the PDF
path -- the Founder repair, ``--write-pdf`` -- works on it as on a map the PDF carried.
A font none of these apply to is *unreadable*: PDFium would report its CIDs as if they
were Unicode, so its characters are left out and reported instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from typing import Any

import pikepdf

Code = tuple[int, int]  # (byte length, value), as in :mod:`.fonts`

#: CID orderings whose CID -> Unicode table Adobe publishes (pdfminer.six ships them)
_ORDERINGS = {
    "GB1": "Adobe-GB1",
    "CNS1": "Adobe-CNS1",
    "Japan1": "Adobe-Japan1",
    "Korea1": "Adobe-Korea1",
}


@dataclass(frozen=True)
class MissingMap:
    """A font's code -> text map, made because the PDF has none, and where from."""

    mapping: dict[Code, str]
    #: the predefined CMap, ``Identity-H (Adobe-GB1)``, or ``embedded TrueType cmap``
    source: str

    def codespace(self) -> bytes:
        """``begincodespacerange`` lines covering the codes, one range per code length."""
        out = []
        for n in sorted({n for n, _ in self.mapping}):
            values = [v for m, v in self.mapping if m == n]
            lo, hi = min(values).to_bytes(n, "big"), max(values).to_bytes(n, "big")
            out.append(b"<%s> <%s>" % (lo.hex().encode(), hi.hex().encode()))
        return b"begincodespacerange\n" + b"\n".join(out) + b"\nendcodespacerange"


def has_usable_map(font: Any) -> bool:
    """Whether the font has a ToUnicode map stream."""
    cmap = font.get("/ToUnicode")
    return cmap is not None and isinstance(cmap, pikepdf.Stream)


def code_to_cid(font: Any) -> dict[Code, int] | None:
    """Code -> CID for a Type0 font whose encoding is a predefined CMap; None for
    Identity (code and CID are one) or an encoding that cannot be read."""
    encoding = font.get("/Encoding")
    if not isinstance(encoding, pikepdf.Name):
        return None
    name = str(encoding).lstrip("/")
    if name in ("Identity-H", "Identity-V"):
        return None
    return _predefined(name)


@cache
def _predefined(name: str) -> dict[Code, int] | None:
    try:
        from pdfminer.cmapdb import CMapDB
    except ImportError:  # pragma: no cover - pdfminer.six is part of the pdf extra
        return None
    try:
        cmap = CMapDB.get_cmap(name)
    except Exception:  # CMapDB.CMapNotFound, or a damaged data file
        return None
    out: dict[Code, int] = {}
    stack: list[tuple[dict[int, Any], int, int]] = [(getattr(cmap, "code2cid", {}), 0, 0)]
    while stack:
        node, prefix, n = stack.pop()
        for byte, value in node.items():
            code = (prefix << 8) | byte
            if isinstance(value, dict):
                stack.append((value, code, n + 1))
            else:
                out[(n + 1, code)] = value
    return out or None


@cache
def _cid_to_unicode(collection: str) -> dict[int, str]:
    try:
        from pdfminer.cmapdb import CMapDB

        return dict(CMapDB.get_unicode_map(collection).cid2unichr)
    except Exception:
        return {}


def _ordering(font: Any) -> str | None:
    try:
        info = font.DescendantFonts[0].CIDSystemInfo
        if str(info.Registry) == "Adobe":
            return _ORDERINGS.get(str(info.Ordering))
    except (AttributeError, KeyError, IndexError, TypeError, ValueError):
        pass
    return None


def missing_map(font: Any) -> MissingMap | None:
    """The code -> text map of a Type0 font without ToUnicode, or None if nothing the
    font says gives one (or it has a map already, or is not a Type0 font)."""
    if font.get("/Subtype") != "/Type0" or has_usable_map(font):
        return None
    encoding = font.get("/Encoding")
    name = str(encoding).lstrip("/") if isinstance(encoding, pikepdf.Name) else None
    collection = _ordering(font)
    if name is not None and collection is not None:
        to_unicode = _cid_to_unicode(collection)
        if name in ("Identity-H", "Identity-V"):
            mapping = {(2, cid): text for cid, text in to_unicode.items() if cid < 0x10000}
            source = f"{name} ({collection})"
        else:
            cids = _predefined(name)
            mapping = (
                {code: to_unicode[cid] for code, cid in cids.items() if cid in to_unicode}
                if cids
                else {}
            )
            source = name
        used = _cids_with_widths(font)
        if used and mapping:
            # A font lists the widths of the CIDs it uses: a map of those alone keeps
            # the glyph evidence (one decision per code) to the codes the text has.
            cids = _predefined(name) if name not in ("Identity-H", "Identity-V") else None
            mapping = {
                code: text
                for code, text in mapping.items()
                if (cids[code] if cids is not None else code[1]) in used
            }
        if mapping:
            return MissingMap(mapping, source)
    if name in ("Identity-H", "Identity-V"):
        mapping = _from_truetype(font)
        if mapping:
            return MissingMap(mapping, "embedded TrueType cmap")
    return None


def cid_widths(cid_font: Any) -> dict[int, float]:
    """CID -> width from a CID font's ``/W`` array."""
    widths: dict[int, float] = {}
    w = list(cid_font.get("/W", []))
    i = 0
    while i + 1 < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], int | float) or hasattr(w[i + 1], "as_int"):
            try:
                last = int(w[i + 1])
                value = float(w[i + 2])
                for cid in range(first, min(last, first + 0x10000) + 1):
                    widths[cid] = value
                i += 3
                continue
            except (TypeError, ValueError, IndexError):
                pass
        for k, value in enumerate(w[i + 1]):
            widths[first + k] = float(value)
        i += 2
    return widths


def _cids_with_widths(font: Any) -> set[int]:
    """The CIDs the font's ``/W`` array gives widths for (empty when it has none)."""
    try:
        return set(cid_widths(font.DescendantFonts[0]))
    except (AttributeError, IndexError, TypeError, ValueError):
        return set()


def _from_truetype(font: Any) -> dict[Code, str]:
    """CID -> character from an embedded TrueType program's ``cmap`` table, read
    backwards through the font's ``CIDToGIDMap``."""
    try:
        descendant = font.DescendantFonts[0]
        program = descendant.FontDescriptor.FontFile2.read_bytes()
        from fontTools.ttLib import TTFont

        tt = TTFont(io.BytesIO(program), lazy=True)
        best = tt.getBestCmap() or {}
        order = tt.getGlyphOrder()
    except Exception:  # no TrueType program, or an unreadable one
        return {}
    gid_of_name = {name: gid for gid, name in enumerate(order)}
    char_of_gid: dict[int, str] = {}
    for codepoint, glyph in sorted(best.items()):
        gid = gid_of_name.get(glyph)
        if gid is not None and gid not in char_of_gid and codepoint > 0x20:
            char_of_gid[gid] = chr(codepoint)
    gid_map = descendant.get("/CIDToGIDMap")
    if isinstance(gid_map, pikepdf.Stream):
        table = gid_map.read_bytes()
        out = {}
        for cid in range(len(table) // 2):
            gid = int.from_bytes(table[2 * cid : 2 * cid + 2], "big")
            if gid and gid in char_of_gid:
                out[(2, cid)] = char_of_gid[gid]
        return out
    return {(2, gid): ch for gid, ch in char_of_gid.items()}  # CID is GID (Identity)


def font_name(font: Any) -> str:
    """The font's name as PDFium reports it (the subset prefix ``ABCDEF+`` dropped)."""
    return str(font.get("/BaseFont", "?")).lstrip("/").split("+")[-1]
