"""PDF in: glyph evidence, extraction, layout, repaired PDFs and refused input.

The PDFs are generated (``pdf_fixtures``) from held-out People's Daily text, set in
Debian CJK fonts and damaged the way Founder fonts are; every assertion compares what
zhfix recovers with the text that was typeset.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")
pytest.importorskip("pikepdf")
pytest.importorskip("fpdf")

import pdf_fixtures as F  # noqa: E402

from zhfix.pdf import PdfError, restore_pdf, write_repaired_pdf  # noqa: E402
from zhfix.pdf.fonts import parse_tounicode, write_tounicode  # noqa: E402
from zhfix.pdf.glyphs import decide_glyphs, measure_glyph  # noqa: E402
from zhfix.shift import SYMBOL_TO_SHIFTED, shift  # noqa: E402

for font in (F.BODY_FONT, F.HEADLINE_FONT):
    if not Path(font).exists():
        if os.environ.get("CI"):  # .ci/run installs the fonts: missing is a failure there
            raise RuntimeError(f"font {font} missing although .ci/run installs it")
        pytest.skip(
            f"font {font} missing: run .ci/run or apt-get install "
            "fonts-arphic-gbsn00lp fonts-wqy-zenhei",
            allow_module_level=True,
        )


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="session")
def newspaper(pdf_dir: Path) -> F.Fixture:
    return F.make_newspaper(pdf_dir / "newspaper.pdf", pages=20)


@pytest.fixture(scope="session")
def restored(newspaper: F.Fixture):  # type: ignore[no-untyped-def]
    return restore_pdf(newspaper.path)


# ------------------------------------------------------------------ glyph evidence

PAIRS = "，。、“”（）；：？！《》—…·０１２３４５６７８９ＡＢＣ"


@pytest.mark.parametrize("font_path", [F.BODY_FONT, F.HEADLINE_FONT])
def test_a_symbol_glyph_and_its_ideograph_are_told_apart(font_path: str) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(font_path, fontNumber=0, lazy=True)
    cmap, glyphs, upem = font.getBestCmap(), font.getGlyphSet(), font["head"].unitsPerEm

    def features(ch: str):  # type: ignore[no-untyped-def]
        name = cmap[ord(ch)]
        return measure_glyph(glyphs, name, font["hmtx"][name][0], upem)

    claimed = {}
    for i, symbol in enumerate(PAIRS):
        ideograph = SYMBOL_TO_SHIFTED[symbol]
        # Both glyphs copy out as the ideograph, as in a damaged Founder font.
        claimed[(i, "symbol")] = (ideograph, features(symbol))
        claimed[(i, "ideograph")] = (ideograph, features(ideograph))
    decided = decide_glyphs(claimed)
    for i, symbol in enumerate(PAIRS):
        assert decided[(i, "symbol")] == symbol
        assert decided[(i, "ideograph")] == SYMBOL_TO_SHIFTED[symbol]


@pytest.mark.parametrize("font_path", [F.BODY_FONT, F.HEADLINE_FONT])
def test_the_whole_shift_table_is_told_apart_in_a_font(font_path: str) -> None:
    """All 682 symbol/ideograph pairs in one font, as a font holding every glyph would
    present them: at most one wrong, and the few left open go to the language model."""
    from fontTools.ttLib import TTFont

    from zhfix.shift import SHIFTED_TO_SYMBOL

    font = TTFont(font_path, fontNumber=0, lazy=True)
    cmap, glyphs, upem = font.getBestCmap(), font.getGlyphSet(), font["head"].unitsPerEm
    claimed, truth = {}, {}
    for ideograph, symbol in SHIFTED_TO_SYMBOL.items():
        for ch in (symbol, ideograph):
            name = cmap.get(ord(ch))
            if name is not None:
                features = measure_glyph(glyphs, name, font["hmtx"][name][0], upem)
                claimed[ch] = (ideograph, features)
                truth[ch] = ch
    decided = decide_glyphs(claimed)
    wrong = [ch for ch, what in decided.items() if what is not None and what != truth[ch]]
    open_ = [ch for ch, what in decided.items() if what is None]
    assert len(claimed) > 1300
    assert len(wrong) <= 1, wrong
    assert len(open_) <= 0.03 * len(claimed), open_


def test_a_lone_glyph_is_judged_on_its_own_shape() -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(F.BODY_FONT, lazy=True)
    cmap, glyphs = font.getBestCmap(), font.getGlyphSet()
    comma = measure_glyph(glyphs, cmap[ord("，")], 1024, 1024)
    yuan = measure_glyph(glyphs, cmap[ord("袁")], 1024, 1024)
    assert decide_glyphs({1: ("袁", comma)}) == {1: "，"}
    assert decide_glyphs({1: ("袁", yuan)}) == {1: "袁"}
    assert decide_glyphs({1: ("袁", None)}) == {1: None}  # no evidence: undecided


def test_a_ligature_of_a_shifted_symbol_is_judged_by_its_glyph() -> None:
    # Typst sets "———" as one three-em dash glyph, which a Founder map sends to "要要要":
    # a thin bar across the glyph's whole advance is the dash, three times.
    from zhfix.pdf.fonts import _decide_ligatures, repeated_candidate
    from zhfix.pdf.glyphs import GlyphFeatures

    bar = GlyphFeatures(0.02, 0.36, 0.98, 0.40, 1, 3)
    wide_ideographs = GlyphFeatures(0.02, -0.08, 0.98, 0.80, 18, 140)
    found = {(2, 1): bar, (2, 2): wide_ideographs, (2, 3): None}
    ligatures = {(2, 1): "要要要", (2, 2): "要要", (2, 3): "要要"}
    assert _decide_ligatures(ligatures, found.get) == {(2, 1): "———", (2, 2): "要要", (2, 3): None}
    texts = ("要要要", "要", "要以", "的的")
    assert [repeated_candidate(t) for t in texts] == ["要", None, None, None]


def test_tounicode_maps_parse_and_write_back() -> None:
    cmap = b"""1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar
<0003> <8881>
<0004> <FF0C>
endbfchar
2 beginbfrange
<0010> <0012> <4E00>
<0020> <0021> [<3002> <D840DC00>]
endbfrange"""
    mapping = parse_tounicode(cmap)
    assert mapping == {
        (2, 3): "袁",
        (2, 4): "，",
        (2, 0x10): "一",
        (2, 0x11): "丁",
        (2, 0x12): "丂",
        (2, 0x20): "。",
        (2, 0x21): "\U00020000",
    }
    assert parse_tounicode(write_tounicode(mapping, cmap)) == mapping


# ------------------------------------------------------------------ restore


def test_a_damaged_newspaper_comes_back_as_typeset(newspaper: F.Fixture, restored) -> None:  # type: ignore[no-untyped-def]
    assert newspaper.pages >= 20
    damaged = "".join(shift(a.text()) for a in newspaper.articles)
    assert damaged != "".join(a.text() for a in newspaper.articles)  # the fixture is damaged
    s = F.score_restored(newspaper, restored)
    assert s.cer <= 0.001
    assert s.interleaved == 0 and s.split == 0 and s.missing == 0
    assert s.paragraph_f1 >= 0.98
    assert s.tables > 0 and s.tables_right == s.tables


def test_a_roundup_under_one_headline_stays_one_article_and_headlines_print_once(
    newspaper: F.Fixture, restored
) -> None:  # type: ignore[no-untyped-def]
    from zhfix.articles import find_dateline

    # The corpus has roundups: several news items, each with its dateline, under one
    # headline.  The page prints them as one article, and it comes out as one.
    s = F.score_restored(newspaper, restored)
    assert s.split == 0 and s.items == 0
    roundups = [
        a for a in restored.articles
        if sum(find_dateline(p) is not None for p in a.paragraphs) >= 2
    ]
    assert roundups
    for article in restored.articles:
        assert not any(p in article.headline for p in article.paragraphs)
    text = restored.to_text()
    for article in restored.articles:
        if article.title:
            assert text.count(article.title + "\n") >= 1


def test_running_heads_and_page_numbers_are_dropped(newspaper: F.Fixture, restored) -> None:  # type: ignore[no-untyped-def]
    def typeset(a: F.SourceArticle) -> str:
        cells = "".join(c for t in a.tables for row in t for c in row)
        return "".join([a.kicker or "", a.title, a.subtitle or "", *a.paragraphs, cells])

    source = "".join(typeset(a) for a in newspaper.articles)
    text = restored.to_text()
    # The running head (paper, 第N版, date and weekday) and the folio are on every page.
    assert text.count("星期") == source.count("星期")
    assert text.count("人民日报") == source.count("人民日报")
    folio = re.compile(r"^(第[０-９]+版|[0-9]+)$")
    for article in restored.articles:
        for block in article.paragraphs:
            assert not folio.match(block)


def test_articles_carry_their_pages_and_pages_select(newspaper: F.Fixture, restored) -> None:  # type: ignore[no-untyped-def]
    # Articles come back in the order they were laid out: band by band, left to right.
    assert [(a.title, a.pages) for a in restored.articles] == [
        (a.title, tuple(a.pages)) for a in newspaper.articles
    ]
    part = restore_pdf(newspaper.path, pages="2-3")
    assert part.pages == (2, 3)
    expected = [a.title for a in newspaper.articles if a.pages[0] in (2, 3)]
    assert [a.title for a in part.articles] == expected
    assert '"pages": [2]' in part.to_json() or '"pages": [3]' in part.to_json()


def test_single_column_and_mixed_layouts(pdf_dir: Path) -> None:
    for make in (F.make_single_column, F.make_mixed):
        fixture = make(pdf_dir / f"{make.__name__}.pdf")
        s = F.score_restored(fixture, restore_pdf(fixture.path))
        assert s.cer <= 0.001, make.__name__
        assert s.interleaved == 0 and s.paragraph_f1 >= 0.98, make.__name__


def test_founder_style_output_is_read_by_geometry_alone(pdf_dir: Path) -> None:
    """Every character placed on its own, justified lines, and the content stream in
    random line order: reading order and paragraphs come from positions only."""
    fixture = F.make_mixed(pdf_dir / "founder.pdf", founder=True)
    s = F.score_restored(fixture, restore_pdf(fixture.path))
    assert s.cer <= 0.001
    assert s.interleaved == 0 and s.split == 0 and s.paragraph_f1 >= 0.98
    assert s.tables_right == s.tables


def test_an_undamaged_pdf_comes_back_unchanged(pdf_dir: Path) -> None:
    fixture = F.make_newspaper(pdf_dir / "clean.pdf", pages=2, seed=5, damage=False)
    doc = restore_pdf(fixture.path)
    assert doc.pdf.glyphs.codes_repaired == 0
    assert [a.title for a in doc.articles] == [a.title for a in fixture.articles]
    assert [list(a.paragraphs) for a in doc.articles] == [a.paragraphs for a in fixture.articles]


# ------------------------------------------------------------------ write a repaired PDF


def _pdfplumber_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "".join(
            c["text"] for page in pdf.pages for c in page.chars if not c["text"].isspace()
        )


def test_the_written_pdf_copies_out_correct_text(newspaper: F.Fixture, pdf_dir: Path) -> None:
    from rapidfuzz.distance import Levenshtein

    fixed = pdf_dir / "fixed.pdf"
    report = write_repaired_pdf(newspaper.path, fixed)
    assert report.codes_repaired > 0
    truth = "".join(ch for ch in "".join(newspaper.drawn) if not ch.isspace())
    before = Levenshtein.distance(_pdfplumber_text(newspaper.path), truth) / len(truth)
    after = Levenshtein.distance(_pdfplumber_text(fixed), truth) / len(truth)
    assert before > 0.05  # the damage is there, and pdfplumber sees it
    assert after <= 0.001


# ------------------------------------------------------------------ refused input


@pytest.fixture(scope="session")
def bad_inputs(pdf_dir: Path, newspaper: F.Fixture) -> dict[str, Path]:
    small = F.make_newspaper(pdf_dir / "small.pdf", pages=1, seed=3)
    paths = {
        name: pdf_dir / f"{name}.pdf" for name in ("encrypted", "truncated", "no_text", "not_pdf")
    }
    F.make_encrypted(paths["encrypted"], small.path)
    F.make_truncated(paths["truncated"], small.path)
    F.make_image_only(paths["no_text"])
    F.make_not_pdf(paths["not_pdf"])
    return paths


@pytest.mark.parametrize("reason", ["encrypted", "truncated", "no_text", "not_pdf"])
def test_unreadable_pdfs_are_refused_in_one_line(reason: str, bad_inputs, pdf_dir) -> None:  # type: ignore[no-untyped-def]
    path = bad_inputs[reason]
    with pytest.raises(PdfError) as info:
        restore_pdf(path)
    assert info.value.reason == reason
    assert "\n" not in str(info.value) and path.name in str(info.value)
    target = pdf_dir / f"out-{reason}.pdf"
    with pytest.raises(PdfError):
        write_repaired_pdf(path, target)
    assert not target.exists()


def test_the_command_job_prints_articles_and_writes_the_pdf(
    newspaper: F.Fixture, pdf_dir: Path
) -> None:
    import json

    from zhfix.pdf import looks_like_pdf, run_pdf

    assert looks_like_pdf(str(newspaper.path)) and not looks_like_pdf("-")
    out = json.loads(
        run_pdf(str(newspaper.path), pages="2", as_json=True, write_pdf=str(pdf_dir / "page2.pdf"))
    )
    assert {p for a in out["articles"] for p in a["pages"]} == {2}
    assert (pdf_dir / "page2.pdf").exists()
    text = run_pdf(str(newspaper.path), pages="1")
    first = newspaper.articles[0]
    assert text.startswith(first.title + "\n" + first.paragraphs[0] + "\n")
    with pytest.raises(PdfError):
        run_pdf(str(newspaper.path), pages="1", write_pdf=str(newspaper.path))


def test_without_glyph_evidence_the_language_model_decides(pdf_dir: Path) -> None:
    """Fonts not embedded: the maps cannot be checked against glyphs, so every candidate
    goes to the language model, which still recovers nearly all punctuation."""
    fixture = F.make_newspaper(pdf_dir / "no-fonts.pdf", pages=3, seed=42)
    F.strip_font_programs(fixture.path)
    doc = restore_pdf(fixture.path)
    assert doc.pdf.glyphs.codes_repaired == 0 and doc.pdf.glyphs.codes_undecided > 0
    assert len(doc.pdf.model_changes) > 0
    s = F.score_restored(fixture, doc)
    assert s.cer <= 0.002
    assert s.interleaved == 0
    # One reading per glyph: the written copy maps each code as the model read it.
    from rapidfuzz.distance import Levenshtein

    report = write_repaired_pdf(fixture.path, pdf_dir / "no-fonts-fixed.pdf")
    assert report.codes_from_model > 0
    truth = "".join(ch for ch in "".join(fixture.drawn) if not ch.isspace())
    written = _pdfplumber_text(pdf_dir / "no-fonts-fixed.pdf")
    assert Levenshtein.distance(written, truth) / len(truth) <= 0.002


def test_with_glyph_evidence_the_model_is_not_asked(newspaper: F.Fixture, restored) -> None:  # type: ignore[no-untyped-def]
    assert restored.pdf.glyphs.codes_repaired > 50
    assert restored.pdf.glyphs.codes_undecided <= 5
    assert len(restored.pdf.model_changes) <= 5


def test_the_zhfix_command_reads_pdfs(
    newspaper: F.Fixture, pdf_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from zhfix.cli import main

    assert main([str(newspaper.path), "--pages", "1"]) == 0
    first = newspaper.articles[0]
    assert capsys.readouterr().out.startswith(first.title + "\n" + first.paragraphs[0])
    fixed = pdf_dir / "cli-fixed.pdf"
    assert main([str(newspaper.path), "--pages", "2-3", "--json", "--write-pdf", str(fixed)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {p for a in out["articles"] for p in a["pages"]} == {2, 3}
    assert fixed.exists()


@pytest.mark.parametrize("reason", ["encrypted", "truncated", "no_text", "not_pdf"])
def test_the_command_refuses_bad_pdfs_in_one_line(
    reason: str,
    bad_inputs,
    pdf_dir,  # type: ignore[no-untyped-def]
    capsys: pytest.CaptureFixture[str],
) -> None:
    from zhfix.cli import main

    target = pdf_dir / f"cli-out-{reason}.pdf"
    assert main([str(bad_inputs[reason]), "--write-pdf", str(target)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert not target.exists()


def test_datelines_are_read_and_dated_from_the_running_head(newspaper: F.Fixture, restored) -> None:  # type: ignore[no-untyped-def]
    from zhfix.articles import find_dateline

    dated = 0
    for source, article in zip(newspaper.articles, restored.articles, strict=True):
        found = find_dateline(source.paragraphs[0])
        assert article.dateline == (found.text if found else None)
        if found is not None and found.date is not None:
            # The running head says 1998; the datelines give month and day only.
            assert article.date == f"1998-{found.date.month:02d}-{found.date.day:02d}"
            dated += 1
    assert dated > 20


def test_a_scanned_page_among_text_pages_is_reported_not_fatal(pdf_dir: Path) -> None:
    import pikepdf

    text = F.make_newspaper(pdf_dir / "two.pdf", pages=2, seed=9)
    F.make_image_only(pdf_dir / "scan.pdf")
    combined = pdf_dir / "with-scan.pdf"
    with pikepdf.open(text.path) as pdf, pikepdf.open(pdf_dir / "scan.pdf") as scan:
        pdf.pages.append(scan.pages[0])
        pdf.save(combined)
    doc = restore_pdf(combined)
    assert doc.pdf.pages_without_text == [3]
    assert [a.title for a in doc.articles] == [a.title for a in text.articles]
    with pytest.raises(PdfError, match="no text layer"):
        restore_pdf(combined, pages="3")


def test_fonts_zhfix_cannot_map_are_judged_by_their_rendered_ink(pdf_dir: Path) -> None:
    """An encoding CMap other than Identity: the font program cannot be read code by
    code, but PDFium renders the glyphs, and their ink boxes decide most codes."""
    fixture = F.make_newspaper(pdf_dir / "cmap.pdf", pages=4, seed=8)
    F.use_embedded_cmap(fixture.path)
    doc = restore_pdf(fixture.path)
    assert doc.pdf.glyphs.codes_repaired == 0
    assert len(doc.pdf.glyphs.rendered) >= 0.7 * doc.pdf.glyphs.codes_undecided
    s = F.score_restored(fixture, doc)
    assert s.cer <= 0.001
    assert s.interleaved == 0


def test_a_glyph_the_font_program_left_open_is_not_judged_again_by_its_ink() -> None:
    """Kai draws 以 small in its em: its rendered ink box alone looks like ≡.  Where the
    font program was read and its outline left the glyph open, the box (less evidence)
    does not decide it; for a font zhfix cannot read, the box is all there is."""
    from zhfix.pdf.document import _decide_from_ink
    from zhfix.pdf.extract import Char, Page
    from zhfix.pdf.write import GlyphRepairReport

    def judged(measured: bool) -> dict[str, str]:
        report = GlyphRepairReport()
        report.undecided, report.placeholders = {"鬣": "以"}, {"鬣": [((5, 0), (2, 1084))]}
        if measured:
            report.measured.add("鬣")
        ink = (0.156, 0.07, 0.891, 0.566)
        chars = [Char("鬣", 40 + 10 * i, 50 + 10 * i, 90, 100, 10, "Kai", False, ink=ink)
                 for i in range(5)]
        return _decide_from_ink([Page(1, 600, 800, chars, [])], report)

    assert judged(measured=False) == {"鬣": "≡"}
    assert judged(measured=True) == {}


def test_ink_boxes_are_in_ems_of_the_type_as_printed() -> None:
    """Chromium sets CSS pixels under a 0.75 matrix: a font "size" of 13.33 prints a
    10 pt em.  Ink boxes are measured in the printed em, as the reference's are: the
    ideographs of a body face reach from about -0.1 to 0.85 em, not to 0.6."""
    import statistics

    from zhfix.pdf.extract import open_document, read_page, read_path

    path = Path(__file__).parent / "data" / "newspapers" / "dev" / "chromium-song-hei.pdf"
    doc = open_document(read_path(path), str(path))
    try:
        page = read_page(doc, 0, frozenset(map(ord, "的国中")))
    finally:
        doc.close()
    boxes = [c.ink for c in page.chars if c.ink is not None and c.text in "的国中"]
    assert len(boxes) >= 10
    assert 0.7 <= statistics.median(b[3] for b in boxes) <= 0.95
    assert -0.2 <= statistics.median(b[1] for b in boxes) <= 0.0


def test_a_ligature_no_font_program_shows_is_judged_by_its_ink() -> None:
    """Chromium sets ——— as one glyph of a Type3 font (no program to measure): its
    placeholder claims 要要要, and its rendered ink box, a bar across its advance,
    makes it the dash three times."""
    from zhfix.pdf.document import _decide_from_ink
    from zhfix.pdf.extract import Char, Page
    from zhfix.pdf.write import GlyphRepairReport

    report = GlyphRepairReport()
    report.undecided, report.placeholders = {"鬣": "要要要"}, {"鬣": [((66, 0), (1, 41))]}
    bar = (0.02, 0.36, 0.98, 0.40)
    chars = [Char("鬣", 40, 70, 90, 100, 10, "Serif", False, ink=bar)]
    assert _decide_from_ink([Page(1, 600, 800, chars, [])], report) == {"鬣": "———"}


def test_the_shipped_glyph_reference_is_what_the_tool_builds() -> None:
    """data/glyph_boxes.json is built by tools/build_glyph_boxes.py, never edited."""
    import importlib.util
    import json

    tool = Path(__file__).resolve().parents[1] / "tools" / "build_glyph_boxes.py"
    if not Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc").exists():
        assert not os.environ.get("CI"), "fonts-noto-cjk missing although .ci/run installs it"
        pytest.skip("fonts-noto-cjk not installed")
    spec = importlib.util.spec_from_file_location("build_glyph_boxes", tool)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    from zhfix.shift import SHIFTED_TO_SYMBOL

    font = module.open_sc_font(module.DEFAULT_FONT)
    built = module.glyph_features(font, set(SHIFTED_TO_SYMBOL) | set(SHIFTED_TO_SYMBOL.values()))
    shipped = json.loads(module.OUT.read_text(encoding="utf-8"))["glyphs"]
    assert built == shipped


def test_kickers_and_subtitles_stay_with_their_headline(newspaper: F.Fixture, restored) -> None:  # type: ignore[no-untyped-def]
    with_parts = 0
    for source, article in zip(newspaper.articles, restored.articles, strict=True):
        printed = tuple(p for p in (source.kicker, source.title, source.subtitle) if p)
        assert article.headline == printed
        assert article.title == source.title
        with_parts += len(printed) > 1
    assert with_parts >= 5


# ------------------------------------------------------------------ Latin text


def _abstract_pdf(path: Path) -> None:
    """A one-column page: a headline, a Chinese paragraph whose last line is full, and
    the English abstract set straight under it, with no indent and no gap."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(420, 595))
    pdf.set_margin(0)
    pdf.add_page()
    pdf.add_font("body", "", F.BODY_FONT)
    pdf.set_font("body", size=18)
    pdf.text(40, 160, "汉字编码研究综述")
    pdf.set_font("body", size=10)
    left, width, y = 40.0, 250.0, 190.0
    chinese = (
        "本文回顾了汉字编码的研究历史，讨论了各种编码"
        "方案的优缺点，并提出了今后研究的主要方向和具体建议。"
    )
    assert len(chinese) == 23 + 25
    for x0, text in ((left + 20, chinese[:23]), (left, chinese[23:])):
        for i, ch in enumerate(text):
            pdf.text(x0 + 10 * i, y, ch)
        y += 15
    for line in ENGLISH_LINES:
        x = left
        for word in line.split():  # a word space of 0.4 em
            pdf.text(x, y, word)
            x += pdf.get_string_width(word) + 4
        assert line is ENGLISH_LINES[-1] or x - 4 > left + width - 15  # a full line
        y += 15
    pdf.output(str(path))


ENGLISH_LINES = [
    "Abstract: This paper reviews the history of Chinese",
    "character encoding and its national standards. The",
    "quick brown fox jumps over the lazy dog. The quick",
    "brown fox jumps over the lazy dog. The end.",
]


def test_latin_text_keeps_its_spaces_and_an_english_abstract_its_paragraph(pdf_dir: Path) -> None:
    path = pdf_dir / "abstract.pdf"
    _abstract_pdf(path)
    [article] = restore_pdf(path).articles
    assert article.headline == ("汉字编码研究综述",)
    assert article.paragraphs == (
        "本文回顾了汉字编码的研究历史，讨论了各种编码方案的优缺点，"
        "并提出了今后研究的主要方向和具体建议。",
        " ".join(ENGLISH_LINES),
    )
