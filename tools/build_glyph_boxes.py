"""Build ``src/zhfix/data/glyph_boxes.json``: the ink boxes and outline sizes of every
shifted symbol and of the ideograph it turns into, measured in a reference CJK font.

The PDF repair (``zhfix.pdf.glyphs``) decides whether a glyph that copies out as ``袁`` is
the ideograph or the comma by asking which of the two reference boxes its own ink box is
closer to.  Boxes are in em units: x relative to the glyph's advance (0 = pen position,
1 = advance), y relative to the baseline.

Reference font: Noto Sans CJK SC Regular (Debian ``fonts-noto-cjk``, SIL OFL 1.1).  The
test fixtures are set in Noto *Serif* CJK SC and AR PL SungtiL GB, so the tests do not
measure a font against itself.

    python tools/build_glyph_boxes.py [path/to/NotoSansCJK-Regular.ttc]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from zhfix.pdf.glyphs import measure_glyph  # noqa: E402
from zhfix.shift import SHIFTED_TO_SYMBOL  # noqa: E402

DEFAULT_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = Path(__file__).resolve().parents[1] / "src" / "zhfix" / "data" / "glyph_boxes.json"


def open_sc_font(path: str) -> TTFont:
    """The Simplified-Chinese member of a collection, or the font itself."""
    if path.endswith(".ttc"):
        for font in TTCollection(path).fonts:
            if " SC" in font["name"].getDebugName(4):
                return font
        raise SystemExit(f"no SC font in {path}")
    return TTFont(path)


def glyph_features(font: TTFont, chars: set[str]) -> dict[str, list[float]]:
    """``char -> [x0, y0, x1, y1, contours, segments]`` for the ``chars`` the font has."""
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    glyph_set = font.getGlyphSet()
    hmtx = font["hmtx"]
    out: dict[str, list[float]] = {}
    for ch in sorted(chars):
        name = cmap.get(ord(ch))
        if name is None:
            continue
        f = measure_glyph(glyph_set, name, hmtx[name][0], upem)
        if f is not None:
            out[ch] = [round(f.x0, 3), round(f.y0, 3), round(f.x1, 3), round(f.y1, 3),
                       f.contours, f.segments]
    return out


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_FONT
    font = open_sc_font(path)
    chars = set(SHIFTED_TO_SYMBOL) | set(SHIFTED_TO_SYMBOL.values())
    data = {
        "font": font["name"].getDebugName(4),
        "fields": "x0 y0 x1 y1 (x over advance, y in em from the baseline) contours segments",
        "glyphs": glyph_features(font, chars),
    }
    # One glyph per line, so a rebuild shows as a readable diff.
    body = ",\n".join(
        f"  {json.dumps(ch, ensure_ascii=False)}: {json.dumps(v)}"
        for ch, v in data["glyphs"].items()
    )
    head = json.dumps({k: v for k, v in data.items() if k != "glyphs"}, ensure_ascii=False)
    OUT.write_text(head[:-1] + ', "glyphs": {\n' + body + "\n}}\n", encoding="utf-8")
    print(f"{len(data['glyphs'])} glyphs from {data['font']} -> {OUT}")


if __name__ == "__main__":
    main()
