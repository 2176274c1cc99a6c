"""The Founder damage, applied to any PDF's ToUnicode maps (pikepdf).

A Founder font's map sends every symbol of GB2312 rows 1-9 to the ideograph 0x31 rows
further on (``，`` -> ``袁``, ``。`` -> ``遥``; ``zhfix.shift.SYMBOL_TO_SHIFTED``), while the
real ideograph's glyph still maps to itself.  Each engine writes its maps its own way
(Skia: ``bfchar`` and ``bfrange``; Typst: ``bfchar``), so a map is read whole - every
``bfchar`` pair and every ``bfrange`` (incrementing or as an array) - and written back
as plain ``bfchar`` blocks, the codespace kept as it was.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from zhfix.shift import SYMBOL_TO_SHIFTED

_BLOCK = re.compile(rb"begin(bfchar|bfrange)(.*?)end\1", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>|\[|\]")
_CODESPACE = re.compile(rb"\d+\s+begincodespacerange.*?endcodespacerange", re.S)


def _tokens(body: bytes) -> Iterator[bytes]:
    for m in _HEX.finditer(body):
        yield m.group(0) if m.group(1) is None else m.group(1)


def _text(hex_text: bytes) -> str:
    return bytes.fromhex(hex_text.decode()).decode("utf-16-be", errors="surrogatepass")


def parse_tounicode(cmap: bytes) -> dict[bytes, str]:
    """Code (as its hex digits) -> text, from every ``bfchar`` and ``bfrange`` block."""
    out: dict[bytes, str] = {}
    for kind, body in _BLOCK.findall(cmap):
        toks = list(_tokens(body))
        i = 0
        if kind == b"bfchar":
            while i + 1 < len(toks):
                out[toks[i].upper()] = _text(toks[i + 1])
                i += 2
            continue
        while i + 2 < len(toks):
            lo, hi = int(toks[i], 16), int(toks[i + 1], 16)
            width = len(toks[i])
            if toks[i + 2] == b"[":
                j = i + 3
                for code in range(lo, hi + 1):
                    out[f"{code:0{width}X}".encode()] = _text(toks[j])
                    j += 1
                i = j + 1  # past "]"
            else:
                start = bytes.fromhex(toks[i + 2].decode())
                for k, code in enumerate(range(lo, hi + 1)):
                    dst = start[:-2] + (int.from_bytes(start[-2:], "big") + k).to_bytes(2, "big")
                    out[f"{code:0{width}X}".encode()] = dst.decode("utf-16-be", "surrogatepass")
                i += 3
    return out


def write_tounicode(mapping: dict[bytes, str], codespace: bytes) -> bytes:
    """A ToUnicode CMap of ``bfchar`` blocks (at most 100 pairs each, as the spec asks)."""
    items = sorted(mapping.items())
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        codespace,
    ]
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar".encode())
        for code, text in chunk:
            lines.append(b"<" + code + b"> <" + text.encode("utf-16-be").hex().upper().encode()
                         + b">")
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines) + b"\n"


def founder_shift(text: str) -> str:
    return "".join(SYMBOL_TO_SHIFTED.get(c, c) for c in text)


def _fonts(resources: object, seen: set[tuple[int, int]]) -> Iterator[object]:
    """Every font of ``resources`` and of the form XObjects (and Type3 fonts) inside it."""
    yield from resources.get("/Font", {}).values()  # type: ignore[attr-defined]
    for xobj in resources.get("/XObject", {}).values():  # type: ignore[attr-defined]
        if xobj.get("/Subtype") == "/Form" and "/Resources" in xobj:
            key = xobj.objgen
            if key not in seen:
                seen.add(key)
                yield from _fonts(xobj.Resources, seen)


def damage_pdf(pdf_bytes: bytes) -> tuple[bytes, int]:
    """``pdf_bytes`` with every ToUnicode map shifted the Founder way; and how many codes
    now copy out as a shifted ideograph."""
    import pikepdf

    shifted = 0
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        done: set[tuple[int, int]] = set()
        forms: set[tuple[int, int]] = set()
        for page in pdf.pages:
            for font in _fonts(page.Resources, forms):
                cmap = font.get("/ToUnicode")
                if cmap is None or cmap.objgen in done:
                    continue
                done.add(cmap.objgen)
                raw = cmap.read_bytes()
                mapping = parse_tounicode(raw)
                damaged = {code: founder_shift(t) for code, t in mapping.items()}
                shifted += sum(1 for c in mapping if damaged[c] != mapping[c])
                space = _CODESPACE.search(raw)
                cmap.write(write_tounicode(damaged, space.group(0) if space else
                                           b"1 begincodespacerange\n<0000> <FFFF>\n"
                                           b"endcodespacerange"))
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True)
        return out.getvalue(), shifted
