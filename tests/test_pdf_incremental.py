"""The copy of a PDF that the extractor reads is the original with its repaired maps
appended as an incremental update: PDFium and qpdf read the new maps from it, and a
file that cannot simply be extended gets no update."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from zhfix.pdf import write
from zhfix.pdf.write import incremental_update, repair_maps

NEWSPAPERS = Path(__file__).resolve().parent / "data" / "newspapers"
PDF = NEWSPAPERS / "dev" / "typst-song-hei.pdf"


def _tounicode_streams(pdf: pikepdf.Pdf) -> list[pikepdf.Stream]:
    return [font.ToUnicode for page in pdf.pages for font in page.Resources.Font.values()
            if "/ToUnicode" in font]


def _text(data: bytes) -> str:
    doc = pdfium.PdfDocument(data)
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_an_update_replaces_the_maps_and_keeps_the_original_bytes() -> None:
    data = PDF.read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stream = _tounicode_streams(pdf)[0]
        stream.write(stream.read_bytes().replace(b"<4E00>", b"<4E8C>"))  # 一 -> 二
        updated = incremental_update(data, pdf, [stream])
    assert updated is not None and updated.startswith(data)
    before, after = _text(data), _text(updated)
    assert before.count("一") > after.count("一") and after.count("二") > before.count("二")
    with pikepdf.open(io.BytesIO(updated)) as again:  # a well-formed update for qpdf too
        assert not again.get_warnings()
        assert b"<4E8C>" in _tounicode_streams(again)[0].read_bytes()


def test_the_extractors_copy_reads_as_the_rewritten_copy_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = PDF.read_bytes()
    updated, report = repair_maps(data, "x", mark_undecided=True)
    assert report.undecided and updated.startswith(data)
    monkeypatch.setattr(write, "incremental_update", lambda *args: None)
    rewritten, _ = repair_maps(data, "x", mark_undecided=True)  # the whole file saved
    assert not rewritten.startswith(data)
    assert _text(updated) == _text(rewritten)
    assert any(p in _text(updated) for p in report.undecided)  # the placeholders


def test_an_encrypted_file_gets_no_update(tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(PDF) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="", owner="owner", R=6))
    data = locked.read_bytes()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stream = _tounicode_streams(pdf)[0]
        stream.write(stream.read_bytes())
        assert incremental_update(data, pdf, [stream]) is None
