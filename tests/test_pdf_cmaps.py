"""Fonts without a ToUnicode map: read through their predefined CMap (GBK-EUC-H,
GB-EUC-H, UniGB-UCS2-H, UniGB-UTF16-H, Identity-H over Adobe-GB1) or their embedded
TrueType ``cmap``; the Founder shift in such fonts repaired as usual; what cannot be
read named in one line, never passed off as text."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")
sys.path.insert(0, str(Path(__file__).parent))

import cmap_fixtures as C  # noqa: E402
import pdf_fixtures as F  # noqa: E402

from zhfix.pdf import PdfError, restore_pdf, write_repaired_pdf  # noqa: E402


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cmaps")


@pytest.fixture(scope="module")
def clean(folder: Path) -> F.Fixture:
    """An undamaged single-column paper with its ToUnicode maps: the source to re-encode."""
    return F.make_newspaper(folder / "clean.pdf", pages=3, seed=21, columns=(1,), damage=False)


def test_the_source_pdf_reads_exactly(clean: F.Fixture) -> None:
    s = F.score_restored(clean, restore_pdf(clean.path))
    assert s.cer <= 0.001 and s.interleaved == 0


@pytest.mark.parametrize("damage", [False, True], ids=["clean", "founder-shift"])
@pytest.mark.parametrize("encoding", C.ENCODINGS)
def test_a_font_with_a_predefined_cmap_and_no_tounicode_is_read(
    encoding: str, damage: bool, clean: F.Fixture, folder: Path
) -> None:
    path = folder / f"{encoding}-{damage}.pdf"
    shutil.copy(clean.path, path)
    C.use_predefined_cmap(path, encoding, damage=damage)
    import pikepdf

    with pikepdf.open(path) as pdf:  # the fixture is what it claims to be
        fonts = [f for p in pdf.pages for f in p.Resources.Font.values()]
        assert all("/ToUnicode" not in f and str(f.Encoding) == "/" + encoding for f in fonts)
    doc = restore_pdf(path)
    assert set(doc.pdf.predefined_cmaps.values()) == {
        encoding if encoding != "Identity-H" else "Identity-H (Adobe-GB1)"
    }
    assert doc.pdf.unreadable == []
    text = doc.to_text()
    assert "\ufffd" not in text and "(cid:" not in text
    s = F.score_restored(C.typeset(clean, encoding), doc)
    assert s.cer <= 0.001, s
    assert s.interleaved == 0 and s.missing == 0
    if damage:  # the shift was there and was repaired from the glyphs
        assert doc.pdf.glyphs.codes_repaired > 20


def test_the_repaired_copy_of_a_gbk_font_copies_out_right(clean: F.Fixture, folder: Path) -> None:
    path = folder / "gbk-shifted.pdf"
    shutil.copy(clean.path, path)
    C.use_predefined_cmap(path, "GBK-EUC-H", damage=True)
    fixed = folder / "gbk-fixed.pdf"
    write_repaired_pdf(path, fixed)
    again = restore_pdf(fixed)
    assert again.pdf.glyphs.codes_repaired == 0  # nothing left to repair
    assert F.score_restored(clean, again).cer <= 0.001


def test_an_embedded_truetype_cmap_gives_the_text(clean: F.Fixture, folder: Path) -> None:
    path = folder / "program-only.pdf"
    shutil.copy(clean.path, path)
    C.drop_maps(path, keep_program=True)
    doc = restore_pdf(path)
    assert set(doc.pdf.predefined_cmaps.values()) == {"embedded TrueType cmap"}
    assert F.score_restored(clean, doc).cer <= 0.001


def test_fonts_nothing_decodes_are_named_and_left_out(clean: F.Fixture, folder: Path) -> None:
    path = folder / "headlines-unreadable.pdf"
    shutil.copy(clean.path, path)
    C.drop_maps(path, fonts="WenQuanYi")  # the headline face
    doc = restore_pdf(path)
    [font] = doc.pdf.unreadable
    assert font.font.startswith("WenQuanYi") and font.pages == (1, 2, 3) and font.characters > 20
    titles = {a.title for a in clean.articles}
    assert titles.isdisjoint(h for a in doc.articles for h in a.headline)
    body = "".join(p for a in clean.articles for p in a.paragraphs)
    read = "".join(line for a in doc.articles for line in (*a.headline, *a.paragraphs))
    # Every character of the body font is read (the order may change: without headlines
    # the page reads otherwise), and no made-up text stands for the headline font's.
    from collections import Counter

    assert not Counter(body) - Counter(read)
    assert len(read) - len(body) <= 0.02 * len(body)
    assert all(read.count(a.title) == body.count(a.title) for a in clean.articles)
    result = subprocess.run(
        [sys.executable, "-m", "zhfix", "--json", str(path)], capture_output=True, timeout=300
    )
    assert result.returncode == 0
    err = result.stderr.decode()
    assert err.count("\n") == 1 and err.startswith("zhfix: warning: ")
    assert "WenQuanYi" in err and "pages 1-3" in err
    assert json.loads(result.stdout)["unreadable"][0]["pages"] == [1, 2, 3]


def test_a_pdf_nothing_of_which_decodes_exits_2(clean: F.Fixture, folder: Path) -> None:
    path = folder / "unreadable.pdf"
    shutil.copy(clean.path, path)
    C.drop_maps(path)
    with pytest.raises(PdfError) as info:
        restore_pdf(path)
    assert info.value.reason == "unreadable"
    result = subprocess.run(
        [sys.executable, "-m", "zhfix", str(path)], capture_output=True, timeout=300
    )
    assert result.returncode == 2 and result.stdout == b""
    err = result.stderr.decode()
    assert err.count("\n") == 1 and "no text could be read" in err
    assert "ARPLSungtiLGB" in err and "WenQuanYi" in err and "Traceback" not in err
