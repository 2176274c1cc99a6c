"""PDFs whose fonts have no ToUnicode map but a predefined CMap, made from the generated
newspapers (:mod:`pdf_fixtures`) with pikepdf.

Each Type0 font is re-encoded: the content streams' codes become the codes of the
predefined CMap (GBK or GB 2312 bytes, UCS-2 or UTF-16 units, or Adobe-GB1 CIDs under
Identity-H), the CIDs those codes name (pdfminer.six's copy of Adobe's CMaps) are mapped
to the font program's glyphs through a new ``CIDToGIDMap``, the widths follow, the
``CIDSystemInfo`` says Adobe-GB1, and the ToUnicode map is deleted.

With ``damage``, the Founder shift is put into the codes: each symbol (``，`` ...) is
drawn with the code of its shifted ideograph (``袁``) -- from a second copy of the font,
the way punctuation set in its own font resource would be, since in one font one code
can only have one glyph, and the real ``袁`` keeps its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdf_fixtures as F

#: the predefined CMaps made here, and how a character becomes a code under each
ENCODINGS = ("GBK-EUC-H", "GB-EUC-H", "UniGB-UCS2-H", "UniGB-UTF16-H", "Identity-H")


def _gb1_cid_of() -> dict[str, int]:
    from pdfminer.cmapdb import CMapDB

    cid2u = CMapDB.get_unicode_map("Adobe-GB1").cid2unichr
    out: dict[str, int] = {}
    for cid, text in sorted(cid2u.items()):
        out.setdefault(text, cid)
    return out


def _code2cid(name: str) -> dict[bytes, int]:
    """Every code of a predefined CMap, as bytes, with the CID it names."""
    from pdfminer.cmapdb import CMapDB

    out: dict[bytes, int] = {}

    def walk(node: dict[int, Any], prefix: bytes) -> None:
        for byte, value in node.items():
            code = prefix + bytes([byte])
            if isinstance(value, dict):
                walk(value, code)
            else:
                out[code] = value

    walk(CMapDB.get_cmap(name).code2cid, b"")
    return out


def encode(ch: str, encoding: str, gb1: dict[str, int]) -> bytes | None:
    """The code of ``ch`` under ``encoding``, or None when it has none."""
    try:
        if encoding == "GBK-EUC-H":
            return ch.encode("gbk")
        if encoding == "GB-EUC-H":
            return ch.encode("gb2312")
        if encoding in ("UniGB-UCS2-H", "UniGB-UTF16-H"):
            return ch.encode("utf-16-be")
    except UnicodeEncodeError:
        return None
    cid = gb1.get(ch)
    return None if cid is None else cid.to_bytes(2, "big")


def use_predefined_cmap(path: Path, encoding: str, damage: bool = False) -> None:
    """Re-encode every font of the (undamaged) PDF at ``path`` to ``encoding`` and drop
    its ToUnicode map (see the module docstring)."""
    import pikepdf

    from zhfix.pdf.fonts import parse_tounicode
    from zhfix.shift import SYMBOL_TO_SHIFTED

    gb1 = _gb1_cid_of()
    cids = _code2cid(encoding) if encoding != "Identity-H" else None
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        fonts: dict[tuple[int, int], dict[str, Any]] = {}
        for page in pdf.pages:
            for name, font in list(page.Resources.Font.items()):
                key = font.objgen
                if key not in fonts:
                    fonts[key] = _reencode(pdf, font, encoding, gb1, cids, damage, parse_tounicode)
                info = fonts[key]
                if info["punct"] is not None:
                    page.Resources.Font[name + "P"] = info["punct"]
            _rewrite_content(pdf, page, fonts, SYMBOL_TO_SHIFTED if damage else {})
        pdf.save(path)


def _reencode(pdf, font, encoding, gb1, cids, damage, parse_tounicode):  # type: ignore[no-untyped-def]
    import pikepdf

    from zhfix.shift import SYMBOL_TO_SHIFTED

    descendant = font.DescendantFonts[0]
    old_map = parse_tounicode(font.ToUnicode.read_bytes())
    gid_data = descendant.CIDToGIDMap.read_bytes()
    old_gid = {
        c: int.from_bytes(gid_data[2 * c : 2 * c + 2], "big") for c in range(len(gid_data) // 2)
    }
    widths = _widths(descendant)
    text_of = {code: text for (_, code), text in old_map.items()}
    codes: dict[str, bytes] = {}  # char -> new code
    punct_codes: dict[str, bytes] = {}
    body_gid: dict[int, int] = {}
    punct_gid: dict[int, int] = {}
    body_w: dict[int, float] = {}
    punct_w: dict[int, float] = {}
    for old, ch in text_of.items():
        if len(ch) != 1 or old not in old_gid:
            continue
        shifted = SYMBOL_TO_SHIFTED.get(ch) if damage else None
        code = encode(shifted or ch, encoding, gb1)
        if code is None:
            continue
        cid = int.from_bytes(code, "big") if cids is None else cids.get(code)
        if cid is None:
            continue
        if shifted:
            punct_codes[ch] = code
            punct_gid[cid], punct_w[cid] = old_gid[old], widths.get(old, 1000.0)
        else:
            codes[ch] = code
            body_gid[cid], body_w[cid] = old_gid[old], widths.get(old, 1000.0)
    _apply(pdf, font, encoding, body_gid, body_w)
    punct = None
    if punct_codes:
        punct = pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type0,
            BaseFont=font.BaseFont,
            Encoding=pikepdf.Name("/" + encoding),
        )
        copy = pikepdf.Dictionary({k: v for k, v in descendant.items()})
        punct.DescendantFonts = pikepdf.Array([pdf.make_indirect(copy)])
        punct = pdf.make_indirect(punct)
        _apply(pdf, punct, encoding, punct_gid, punct_w)
    return {"old": text_of, "codes": codes, "punct_codes": punct_codes, "punct": punct}


def _widths(descendant) -> dict[int, float]:  # type: ignore[no-untyped-def]
    out: dict[int, float] = {}
    w = list(descendant.get("/W", []))
    i = 0
    while i < len(w):
        first = int(w[i])
        if isinstance(w[i + 1], type(w[i])) or not hasattr(w[i + 1], "__len__"):
            last, value = int(w[i + 1]), float(w[i + 2])
            for c in range(first, last + 1):
                out[c] = value
            i += 3
        else:
            for k, value in enumerate(w[i + 1]):
                out[first + k] = float(value)
            i += 2
    return out


def _apply(pdf, font, encoding, cid_to_gid: dict[int, int], widths: dict[int, float]) -> None:  # type: ignore[no-untyped-def]
    import pikepdf

    descendant = font.DescendantFonts[0]
    top = max(cid_to_gid, default=0)
    table = bytearray(2 * (top + 1))
    for cid, gid in cid_to_gid.items():
        table[2 * cid : 2 * cid + 2] = gid.to_bytes(2, "big")
    descendant.CIDToGIDMap = pdf.make_stream(bytes(table))
    descendant.W = pikepdf.Array(
        [x for cid in sorted(widths) for x in (cid, pikepdf.Array([widths[cid]]))]
    )
    descendant.CIDSystemInfo = pikepdf.Dictionary(Registry="Adobe", Ordering="GB1", Supplement=5)
    font.Encoding = pikepdf.Name("/" + encoding)
    if "/ToUnicode" in font:
        del font.ToUnicode


def _rewrite_content(pdf, page, fonts, shifted: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    import pikepdf

    by_name = {str(n): fonts[f.objgen] for n, f in page.Resources.Font.items() if f.objgen in fonts}
    out = []
    current: dict[str, Any] | None = None
    name = size = None
    for operands, op in pikepdf.parse_content_stream(page):
        opname = str(op)
        if opname == "Tf":
            name, size = str(operands[0]), operands[1]
            current = by_name.get(name)
            out.append((operands, op))
            continue
        if current is None or opname not in ("Tj", "TJ", "'", '"'):
            out.append((operands, op))
            continue
        items = list(operands[-1]) if opname == "TJ" else [operands[-1]]
        pieces: list[Any] = []  # (is_punct, bytes) or a number
        for item in items:
            if not isinstance(item, pikepdf.String):
                pieces.append(item)
                continue
            raw = bytes(item)
            for k in range(0, len(raw) - 1, 2):
                ch = current["old"].get(int.from_bytes(raw[k : k + 2], "big"), "")
                if ch in current["punct_codes"]:
                    pieces.append((True, current["punct_codes"][ch]))
                elif ch in current["codes"]:
                    pieces.append((False, current["codes"][ch]))
        if opname in ("'", '"'):
            out.append(([], pikepdf.Operator("T*")))
        font_now = False
        for piece in pieces:
            if isinstance(piece, tuple):
                punct, code = piece
                if punct != font_now:
                    out.append(
                        (
                            [pikepdf.Name(name + ("P" if punct else "")), size],
                            pikepdf.Operator("Tf"),
                        )
                    )
                    font_now = punct
                out.append(([pikepdf.String(code)], pikepdf.Operator("Tj")))
            else:
                out.append(([pikepdf.Array([piece])], pikepdf.Operator("TJ")))
        if font_now:
            out.append(([pikepdf.Name(name), size], pikepdf.Operator("Tf")))
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def drop_maps(path: Path, fonts: str = "all", keep_program: bool = False) -> None:
    """Make fonts unreadable from what they say: no ToUnicode, ``Identity`` ordering (so
    no Adobe table applies) and, unless ``keep_program``, no font program (so no
    TrueType ``cmap`` either).  ``fonts`` is ``"all"`` or the BaseFont to treat."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                if fonts != "all" and fonts not in str(font.BaseFont):
                    continue
                if "/ToUnicode" in font:
                    del font.ToUnicode
                descendant = font.DescendantFonts[0]
                descendant.CIDSystemInfo = pikepdf.Dictionary(
                    Registry="Adobe", Ordering="Identity", Supplement=0
                )
                descriptor = descendant.FontDescriptor
                if not keep_program and "/FontFile2" in descriptor:
                    del descriptor.FontFile2
        pdf.save(path)


def typeset(fixture: F.Fixture, encoding: str) -> F.Fixture:
    """The fixture's source as the re-encoded PDF can hold it: GB 2312 has no code for
    some characters the source has, and those were never drawn."""
    if encoding != "GB-EUC-H":
        return fixture

    def keep(s: str) -> str:
        return "".join(ch for ch in s if encode(ch, encoding, {}) is not None)

    articles = [
        F.SourceArticle(
            keep(a.title),
            [keep(p) for p in a.paragraphs],
            [[[keep(c) for c in row] for row in t] for t in a.tables],
            a.pages,
            a.kicker and keep(a.kicker),
            a.subtitle and keep(a.subtitle),
        )
        for a in fixture.articles
    ]
    return F.Fixture(fixture.path, articles, fixture.pages, fixture.drawn)
