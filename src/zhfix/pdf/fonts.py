"""The fonts of a PDF: their ToUnicode maps, their glyphs, and the repaired maps.

For every composite (Type0, ``Identity-H``/``-V``) font whose ToUnicode map sends a code
to a shifted-candidate ideograph (``袁``), the embedded font program is opened with
fontTools, the glyph for that code is measured, and :mod:`.glyphs` decides whether it is
the ideograph or the symbol.  The repaired map is then written back — into a copy for
``--write-pdf``, or into an in-memory copy that the extractor reads.

Fonts this cannot see into (simple fonts, non-identity encodings, fonts without an
embedded program) leave their codes undecided.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pikepdf

from ..shift import CANDIDATES
from .cmaps import cid_widths, code_to_cid
from .glyf import GlyfTable
from .glyphs import EMPTY_GLYPH, GlyphFeatures, decide_glyphs, measure_glyph

Code = tuple[int, int]  # (byte length, value)

_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)
_CODESPACE = re.compile(rb"begincodespacerange(.*?)endcodespacerange", re.S)
_TOKEN = re.compile(rb"<([0-9A-Fa-f\s]*)>|\[|\]")

logging.getLogger("fontTools").setLevel(logging.ERROR)


def _hex(token: bytes) -> bytes:
    return bytes.fromhex(token.decode())  # fromhex skips ASCII whitespace


def _utf16(data: bytes) -> str:
    return data.decode("utf-16-be", errors="replace")


def parse_tounicode(data: bytes) -> dict[Code, str]:
    """The code -> text mapping of a ToUnicode CMap (``bfchar`` and ``bfrange`` blocks)."""
    mapping: dict[Code, str] = {}
    for kind, body in _BLOCK.findall(data):
        tokens: list[bytes | str] = []
        for m in _TOKEN.finditer(body):
            tokens.append(_hex(m.group(1)) if m.group(1) is not None else m.group(0).decode())
        i = 0
        if kind == b"bfchar":
            while i + 1 < len(tokens):
                src, dst = tokens[i], tokens[i + 1]
                if isinstance(src, bytes) and isinstance(dst, bytes):
                    mapping[(len(src), int.from_bytes(src, "big"))] = _utf16(dst)
                i += 2
            continue
        while i + 2 < len(tokens):
            lo, hi = tokens[i], tokens[i + 1]
            if not (isinstance(lo, bytes) and isinstance(hi, bytes)):
                i += 1
                continue
            n = len(lo)
            a, b = int.from_bytes(lo, "big"), int.from_bytes(hi, "big")
            if tokens[i + 2] == "[":
                j = i + 3
                k = a
                while j < len(tokens) and tokens[j] != "]":
                    dst = tokens[j]
                    if isinstance(dst, bytes) and k <= b:
                        mapping[(n, k)] = _utf16(dst)
                    k += 1
                    j += 1
                i = j + 1
                continue
            dst = tokens[i + 2]
            if isinstance(dst, bytes) and b - a < 0x10000:
                base = int.from_bytes(dst, "big")
                for k in range(a, b + 1):
                    value = (base + k - a).to_bytes(len(dst), "big")
                    mapping[(n, k)] = _utf16(value)
            i += 3
    return mapping


def write_tounicode(mapping: dict[Code, str], original: bytes) -> bytes:
    """A ToUnicode CMap for ``mapping``, keeping the codespace ranges of ``original``."""
    m = _CODESPACE.search(original)
    if m:
        ranges = m.group(1).strip()
        count = len(re.findall(rb"<", ranges)) // 2
    else:
        width = max((n for n, _ in mapping), default=2)
        ranges = b"<" + b"00" * width + b"> <" + b"FF" * width + b">"
        count = 1
    out = [
        b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n",
        b"%d begincodespacerange\n" % count,
        ranges,
        b"\nendcodespacerange\n",
    ]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        out.append(b"%d beginbfchar\n" % len(chunk))
        for (n, code), text in chunk:
            out.append(
                b"<%s> <%s>\n"
                % (
                    code.to_bytes(n, "big").hex().upper().encode(),
                    text.encode("utf-16-be").hex().upper().encode(),
                )
            )
        out.append(b"endbfchar\n")
    out.append(b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
    return b"".join(out)


@dataclass
class FontRepair:
    """What the glyph evidence says about the codes of one font."""

    name: str
    cmap: Any  # the pikepdf ToUnicode stream
    mapping: dict[Code, str]
    #: the font dictionary's object number and generation: which font this is
    key: tuple[int, int] = (0, 0)
    #: whether the font program could be read (without it there is no glyph evidence)
    embedded: bool = False
    #: code -> what the glyph really is (the symbol or the ideograph), or None: undecided
    decisions: dict[Code, str | None] = field(default_factory=dict)
    #: codes whose glyph was measured in the font program (outline and all): where that
    #: left a code undecided, its rendered ink box, less evidence, cannot decide it
    measured: set[Code] = field(default_factory=set)

    @property
    def repaired(self) -> dict[Code, str]:
        """Codes whose mapping the evidence changes, with their new text."""
        return {c: v for c, v in self.decisions.items() if v is not None and v != self.mapping[c]}

    @property
    def undecided(self) -> list[Code]:
        return [c for c, v in self.decisions.items() if v is None]


class _GlyphSource:
    """Code -> glyph features for one embedded font program."""

    def __init__(self, cid_font: Any) -> None:
        self.widths = cid_widths(cid_font)
        self.default_width = float(cid_font.get("/DW", 1000))
        self.cid_to_gid: bytes | None = None
        descriptor = cid_font.get("/FontDescriptor", {})
        self.glyph_set: Any = None
        #: the font's simple TrueType glyphs, read without fontTools' pens (TrueType only)
        self.glyf: GlyfTable | None = None
        self.names: list[str] = []
        #: a TrueType font whose glyph names are made when first needed (:meth:`name`)
        self._font: Any = None
        self._count = 0
        self.upem = 1000.0
        self.cff_cid_names: set[str] = set()
        if "/FontFile2" in descriptor:
            self._load_truetype(descriptor.FontFile2.read_bytes())
            gid_map = cid_font.get("/CIDToGIDMap")
            if isinstance(gid_map, pikepdf.Stream):
                self.cid_to_gid = gid_map.read_bytes()
        elif "/FontFile3" in descriptor:
            stream = descriptor.FontFile3
            data = stream.read_bytes()
            if stream.get("/Subtype") == "/OpenType":
                self._load_truetype(data)
            else:
                self._load_cff(data)

    def _load_truetype(self, data: bytes) -> None:
        from fontTools.ttLib import TTFont

        font = TTFont(io.BytesIO(data), lazy=True)
        if "CFF " not in font and ("post" not in font or font["post"].formatType == 3.0):
            # No glyph names in the font: fontTools makes them from its cmap, a cost that
            # only a glyph drawn through fontTools (or glyph 0) needs paying for.
            self._count = font.getGlyphCount()
            self._font = font
        else:
            self.names = font.getGlyphOrder()
        self.upem = float(font["head"].unitsPerEm)
        try:
            self.glyf = GlyfTable(font)
        except Exception:  # no glyf table (CFF outlines) or a damaged one: draw with pens
            self.glyf = None
        self.glyph_set = _LazyGlyphSet(font)

    def _load_cff(self, data: bytes) -> None:
        from fontTools.cffLib import CFFFontSet

        cff = CFFFontSet()
        cff.decompile(io.BytesIO(data), None)
        top = cff[cff.fontNames[0]]
        self.glyph_set = top.CharStrings
        self.names = list(top.charset)
        self.cff_cid_names = set(self.names) if hasattr(top, "ROS") else set()
        matrix = getattr(top, "FontMatrix", [0.001])
        self.upem = 1.0 / matrix[0] if matrix and matrix[0] else 1000.0

    def name(self, gid: int) -> str:
        """The fontTools name of glyph ``gid`` (made now if the font has none)."""
        if self._font is not None and not self.names:
            self.names = self._font.getGlyphOrder()
        return self.names[gid]

    def _glyph(self, cid: int) -> tuple[int, str | None] | None:
        """``(gid, name)`` of the glyph for ``cid`` (gid -1: a CID-keyed CFF glyph,
        found by name); name None: not made yet, and not ``.notdef`` (fontTools names
        only glyph 0 so in a font without names)."""
        if self.cff_cid_names:
            name = f"cid{cid:05d}"
            if name in self.cff_cid_names:
                return -1, name
        gid = cid
        if self.cid_to_gid is not None:
            if 2 * cid + 1 >= len(self.cid_to_gid):
                return None
            gid = int.from_bytes(self.cid_to_gid[2 * cid : 2 * cid + 2], "big")
        if self._font is not None and not self.names:
            if not 0 <= gid < self._count:
                return None
            return gid, (self.name(gid) if gid == 0 else None)
        return (gid, self.names[gid]) if 0 <= gid < len(self.names) else None

    def glyph_id(self, cid: int) -> tuple[int, str] | None:
        """``(gid, name)`` of the glyph for ``cid`` (gid -1: a CID-keyed CFF glyph)."""
        found = self._glyph(cid)
        if found is None:
            return None
        gid, name = found
        return gid, name if name is not None else self.name(gid)

    def features(self, cid: int) -> GlyphFeatures | None:
        if self.glyph_set is None:
            return None
        try:
            found = self._glyph(cid)
        except Exception:  # glyph names that cannot be made: missing evidence
            return None
        if found is None or found[1] == ".notdef":
            return None
        gid, name = found
        advance = self.widths.get(cid, self.default_width) / 1000.0 * self.upem
        try:
            outline = self.glyf.outline(gid) if self.glyf is not None and gid >= 0 else None
            if outline is None:
                name = name if name is not None else self.name(gid)
                return measure_glyph(self.glyph_set, name, advance, self.upem)
        except Exception:  # a damaged outline is missing evidence, not a failure
            return None
        bounds, contours, segments = outline
        if bounds is None:
            return EMPTY_GLYPH
        advance = advance or self.upem
        x0, y0, x1, y1 = bounds
        return GlyphFeatures(
            x0 / advance, y0 / self.upem, x1 / advance, y1 / self.upem, contours, segments
        )


class _LazyGlyphSet:
    """fontTools' glyph set of a font, made the first time a glyph is drawn through it
    (loading it decompiles every glyph and metric: most glyphs are read by
    :class:`.glyf.GlyfTable` instead)."""

    def __init__(self, font: Any) -> None:
        self._font = font
        self._glyph_set: Any = None

    def __getitem__(self, name: str) -> Any:
        if self._glyph_set is None:
            self._glyph_set = self._font.getGlyphSet()
        return self._glyph_set[name]


def iter_fonts(pdf: Any, pages: list[int] | None = None) -> Iterator[tuple[Any, Any]]:
    """``(page_index, font dict)`` for each distinct font used on ``pages`` (0-based),
    including fonts of form XObjects."""
    seen: set[tuple[int, int]] = set()
    page_list = range(len(pdf.pages)) if pages is None else pages
    for index in page_list:
        stack = [pdf.pages[index].obj.get("/Resources")]
        visited: set[tuple[int, int]] = set()
        while stack:
            res = stack.pop()
            if res is None:
                continue
            if getattr(res, "is_indirect", False):
                if res.objgen in visited:
                    continue
                visited.add(res.objgen)
            for font in res.get("/Font", {}).values():
                key = font.objgen if font.is_indirect else (id(font), 0)
                if key in seen:
                    continue
                seen.add(key)
                yield index, font
            for xobj in res.get("/XObject", {}).values():
                if xobj.get("/Subtype") == "/Form" and "/Resources" in xobj:
                    stack.append(xobj.Resources)


def analyse_font(font: Any) -> FontRepair | None:
    """Glyph evidence for one font, or ``None`` if its ToUnicode map has no candidates."""
    cmap = font.get("/ToUnicode")
    if cmap is None or not hasattr(cmap, "read_bytes"):
        return None
    mapping = parse_tounicode(cmap.read_bytes())
    candidates = {code: text for code, text in mapping.items() if text in CANDIDATES}
    ligatures = {
        code: text
        for code, text in mapping.items()
        if len(text) > 1 and repeated_candidate(text) is not None
    }
    if not candidates and not ligatures:
        return None
    repair = FontRepair(
        str(font.get("/BaseFont", "?")).lstrip("/"),
        cmap,
        mapping,
        font.objgen if font.is_indirect else (0, 0),
    )
    source: _GlyphSource | None = None
    encoding = font.get("/Encoding")
    # Glyph evidence needs each code's CID: the code itself under Identity, else what a
    # predefined CMap (GBK-EUC-H ...) says.
    cids: dict[Code, int] | None = None
    if font.get("/Subtype") == "/Type0":
        if str(encoding) in ("/Identity-H", "/Identity-V"):
            cids = {code: code[1] for code in (*candidates, *ligatures)}
        else:
            cids = code_to_cid(font)
    if cids:
        try:
            source = _GlyphSource(font.DescendantFonts[0])
        except Exception:  # an unreadable font program is missing evidence
            source = None

    def features(code: Code) -> GlyphFeatures | None:
        return source.features(cids[code]) if source is not None and cids and code in cids else None

    glyphs = {code: (text, features(code)) for code, text in candidates.items()}
    repair.decisions = decide_glyphs(glyphs)
    repair.measured = {code for code, (_, found) in glyphs.items() if found is not None}
    repair.decisions.update(_decide_ligatures(ligatures, features))
    repair.embedded = source is not None and source.glyph_set is not None
    return repair


def repeated_candidate(text: str) -> str | None:
    """The candidate ideograph a ligature's text repeats (``要要要`` -> ``要``), or None.

    One glyph that copies out as one shifted candidate over and over is a symbol's
    ligature whose map was damaged: Typst sets ``———`` as one three-em dash glyph, which
    a Founder map sends to ``要要要``.  Ideographs form no ligatures, so its glyph is
    judged as the symbol's against the ideograph's, its ink box over its own advance."""
    if len(text) < 2 or text[0] not in CANDIDATES or text.count(text[0]) != len(text):
        return None
    return text[0]


def _decide_ligatures(
    ligatures: dict[Code, str], features: Callable[[Code], GlyphFeatures | None]
) -> dict[Code, str | None]:
    """Code -> its text repaired or confirmed, or None (undecided), for ligature glyphs
    (each judged alone: a ligature is no rival of the single glyph of its ideograph)."""
    out: dict[Code, str | None] = {}
    for code, text in ligatures.items():
        ideograph = text[0]
        reading = decide_glyphs({code: (ideograph, features(code))})[code]
        out[code] = None if reading is None else reading * len(text)
    return out


def analyse_pdf(pdf: Any, pages: list[int] | None = None) -> list[FontRepair]:
    """Glyph evidence for every font on ``pages`` whose map has shifted candidates."""
    repairs = []
    for _, font in iter_fonts(pdf, pages):
        repair = analyse_font(font)
        if repair is not None:
            repairs.append(repair)
    return repairs
