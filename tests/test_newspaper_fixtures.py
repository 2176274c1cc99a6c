"""The newspaper fixtures (tools/pdf_fixtures): the real engines still typeset a page as
planned, the committed fixtures match their gold, the Founder damage reaches every map,
the scorer tells a right reading from a wrong one, and the debug view draws a page."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from tools.pdf_fixtures import build, damage, glyphs, gold, score
from tools.pdf_fixtures.plan import Faces, plan_issue
from tools.pdf_fixtures.text import articles

ROOT = Path(__file__).resolve().parents[1]


def one_page_plan(engine: str, seed: int):  # type: ignore[no-untyped-def]
    faces = Faces(build.SONG, build.SANS, build.KAI)
    issue = plan_issue(f"{engine}-one", "dev", seed, faces, 1, (5,), articles("dev"))
    return issue


@pytest.mark.parametrize("engine", sorted(build.ENGINES))
def test_each_engine_still_sets_a_planned_page(engine: str, tmp_path: Path) -> None:
    issue = one_page_plan(engine, 7)
    pdf = tmp_path / "one.pdf"
    build.ENGINES[engine](issue, pdf)
    g = gold.Gold.from_plan(issue, engine)
    build.check(g, pdf)  # every planned character on the page, nothing more
    assert g.columns == [5]
    assert g.pages[0]["furniture"][0] == issue.paper  # the masthead of page 1
    assert len(g.articles) >= 4


def test_damage_shifts_every_symbol_and_keeps_the_rest(tmp_path: Path) -> None:
    source = gold.fixtures("dev", "typst")[0]
    assert source.pdf is not None
    damaged = gold.damaged_copy(source.pdf, tmp_path)
    before = "".join(build.page_texts(source.pdf))
    after = "".join(build.page_texts(damaged))
    assert len(before) == len(after)
    assert after == damage.founder_shift(before)
    assert "，" in before and "，" not in after and "袁" in after


def test_the_map_reader_takes_ranges_and_arrays() -> None:
    cmap = (b"2 beginbfchar\n<0001> <FF0C>\n<0002> <3002>\nendbfchar\n"
            b"2 beginbfrange\n<0010> <0012> <4E00>\n<0020> <0021> [<201C> <201D>]\n"
            b"endbfrange\n")
    mapping = damage.parse_tounicode(cmap)
    assert mapping == {b"0001": "，", b"0002": "。", b"0010": "一", b"0011": "丁",
                       b"0012": "丂", b"0020": "“", b"0021": "”"}
    rewritten = damage.write_tounicode(
        {c: damage.founder_shift(t) for c, t in mapping.items()},
        b"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange")
    assert damage.parse_tounicode(rewritten)[b"0001"] == "袁"
    assert damage.parse_tounicode(rewritten)[b"0020"] == "野"


@pytest.mark.parametrize("split", ["dev", "test"])
def test_committed_fixtures_hold_exactly_their_gold(split: str) -> None:
    fixtures = gold.fixtures(split)
    assert {g.engine for g in fixtures} == {"chromium", "typst"}
    for g in fixtures:
        assert g.pdf is not None
        build.check(g, g.pdf)


def test_the_test_set_is_its_own() -> None:
    dev, test = gold.fixtures("dev"), gold.fixtures("test")
    for engine in ("chromium", "typst"):
        pages = [c for g in test if g.engine == engine for c in g.columns]
        assert len(pages) >= 20
        assert set(pages) == {3, 4, 5, 6}
    dev_paragraphs = {p for g in dev for a in g.articles for p in a.paragraphs}
    assert not any(p in dev_paragraphs for g in test for a in g.articles for p in a.paragraphs)
    combos = {(g.engine, g.faces["body"], g.faces["headline"]) for g in dev}
    assert any((g.engine, g.faces["body"], g.faces["headline"]) not in combos for g in test)
    assert not {g.seed for g in dev} & {g.seed for g in test}


def test_fixtures_carry_the_newspaper_features() -> None:
    every = gold.fixtures("dev") + gold.fixtures("test")
    kinds = Counter(a.kind for g in every for a in g.articles)
    assert kinds["boxed"] and kinds["brief"] and kinds["article"]
    assert any(a.kicker for g in every for a in g.articles)
    assert any(a.tables for g in every for a in g.articles)
    assert all(a.dateline and a.paragraphs[0].startswith(a.dateline)
               for g in every for a in g.articles if a.kind == "brief")
    assert {p["rules"] for g in every for p in g.pages} == {True, False}
    body_faces = {g.faces["body"] for g in every}
    assert {build.SONG, build.SERIF, build.KAI} <= body_faces  # TrueType and CFF


def blocks_of(g: gold.Gold) -> tuple[list[list[str]], list[list[list[list[str]]]]]:
    return [a.blocks() for a in g.articles], [a.tables for a in g.articles]


def test_a_perfect_reading_scores_perfectly() -> None:
    g = gold.fixtures("dev", "chromium")[0]
    blocks, tables = blocks_of(g)
    s = score.score(blocks, tables, [score.OutArticle(b, t) for b, t in
                                     zip(blocks, tables, strict=True)])
    assert (s.cer, s.paragraph_f1, s.whole_share, s.interleaved) == (0.0, 1.0, 1.0, 0)
    assert s.text_equal and s.tables_right == s.tables


def test_lines_read_across_a_gutter_count_as_interleaved() -> None:
    g = gold.fixtures("dev", "chromium")[0]
    blocks, tables = blocks_of(g)
    a, b = "".join(blocks[0][1:]), "".join(blocks[1][1:])
    halves = [a[k : k + 12] + b[k : k + 12] for k in range(0, min(len(a), len(b)), 12)]
    output = [score.OutArticle(["".join(halves)])] + [score.OutArticle(x) for x in blocks[2:]]
    s = score.score(blocks, tables, output)
    assert s.interleaved == 2
    assert s.whole == len(blocks) - 2
    assert s.cer > 0.01 and not s.text_equal


def test_kept_furniture_and_merged_articles_are_counted() -> None:
    g = gold.fixtures("dev", "typst")[0]
    blocks, tables = blocks_of(g)
    output = [score.OutArticle(["江城日报第３版"]), score.OutArticle(blocks[0] + blocks[1])]
    output += [score.OutArticle(x) for x in blocks[2:]]
    s = score.score(blocks, tables, output)
    assert s.spurious_chars == len("江城日报第３版")
    assert s.merged == 2 and s.interleaved == 0
    assert s.whole == len(blocks) - 2


def test_reader_output_with_or_without_the_headline_repeated() -> None:
    repeated = {"headline": ["题"], "paragraphs": ["题", "正文。"], "tables": []}
    once = {"headline": "题", "paragraphs": ["正文。"], "tables": []}
    assert score.from_reader_dict(repeated).blocks == score.from_reader_dict(once).blocks


def test_a_glyph_list_gives_back_the_extracted_page() -> None:
    from zhfix.pdf.extract import open_document, read_page

    path = ROOT / "tests" / "data" / "glyphs" / "typst-song-hei-p4.json"
    page = glyphs.load_page(path)
    pdf = gold.FIXTURE_ROOT / "dev" / "typst-song-hei.pdf"
    doc = open_document(pdf.read_bytes(), str(pdf))
    original = read_page(doc, 3)
    doc.close()
    assert [c.text for c in page.chars] == [c.text for c in original.chars]
    assert max(abs(a.x0 - b.x0) + abs(a.bottom - b.bottom)
               for a, b in zip(page.chars, original.chars, strict=True)) < 0.02
    assert len(page.rules) == len(original.rules)
    meta = glyphs.load_gold(path)
    assert meta["columns"] == 5 and meta["articles"]


def test_debug_layout_draws_the_page(tmp_path: Path) -> None:
    from PIL import Image

    pdf = gold.FIXTURE_ROOT / "dev" / "chromium-song-hei.pdf"
    out = tmp_path / "page.png"
    run = subprocess.run([sys.executable, "-m", "zhfix", "debug-layout", str(pdf), "--page",
                          "2", "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    image = Image.open(out)
    assert image.width == round(842 * 1.5)
    # the overlay is drawn: far more non-grey pixels than a rendered black-on-white page
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert sum(n for n, (r, g, b) in colours if max(r, g, b) - min(r, g, b) > 40) > 10_000
    assert "lines" in run.stdout and "blocks" in run.stdout


def test_debug_layout_marks_lines_read_across_a_gold_gutter(tmp_path: Path) -> None:
    from zhfix.pdf.debug import _Rect, lines_across_gutters

    columns = [[_Rect(40, 190, 100, 300), _Rect(200, 350, 100, 300)]]
    inside = _Rect(40, 189, 110, 120)
    across = _Rect(40, 340, 130, 140)
    for box in (inside, across):
        box.size = 10.0  # type: ignore[attr-defined]
    assert lines_across_gutters([inside, across], columns) == [across]
    pdf = gold.FIXTURE_ROOT / "dev" / "typst-song-hei.pdf"
    run = subprocess.run([sys.executable, "-m", "zhfix", "debug-layout", str(pdf), "--page",
                          "1", "-o", str(tmp_path / "p.png"), "--gold",
                          str(pdf.with_suffix(".json"))], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "p.png").stat().st_size > 100_000


@pytest.mark.parametrize("args, message", [
    (["--page", "99"], "no page 99"),
    (["-o", "."], "is a directory"),
])
def test_debug_layout_refuses_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    pdf = gold.FIXTURE_ROOT / "dev" / "typst-song-hei.pdf"
    argv = [sys.executable, "-m", "zhfix", "debug-layout", str(pdf)]
    argv += args if "-o" in args else [*args, "-o", str(tmp_path / "x.png")]
    run = subprocess.run(argv, capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("zhfix: error:")
    assert message in run.stderr
    assert list(tmp_path.iterdir()) == []


def test_gold_json_round_trips(tmp_path: Path) -> None:
    g = gold.fixtures("dev", "typst")[1]
    path = tmp_path / "x.json"
    g.save(path)
    again = gold.load(path)
    assert json.loads(path.read_text(encoding="utf-8"))["articles"][0]["pages"]
    assert again.to_dict() == g.to_dict()


def test_the_planned_columns_hold_the_body_text() -> None:
    """The gold's geometry (bands, cells, column x ranges) is where the engines set the
    text: a layout test can take a gutter from it.  Typst hangs line-end punctuation
    (and the odd character of a compressed line) up to half an em into the gutter."""
    from zhfix.pdf.extract import open_document, read_page

    inside = outside = 0
    for g in gold.fixtures("dev") + gold.fixtures("test"):
        assert g.pdf is not None
        doc = open_document(g.pdf.read_bytes(), str(g.pdf))
        for i, meta in enumerate(g.pages):
            for c in read_page(doc, i).chars:
                mid = (c.top + c.bottom) / 2
                bands = [b for b in meta["bands"] if b["top"] - 2 <= mid <= b["bottom"] + 20]
                if abs(c.size - 10) > 0.3 or not bands:
                    continue  # headlines, tables, furniture
                columns = [col for b in bands for cell in b["cells"] for col in cell["columns"]]
                past = min(max(c.x1 - hi, lo - c.x0) for lo, hi in columns)
                assert past <= 5.5, (g.name, i + 1, c.text)
                if past <= 0.5:
                    inside += 1
                else:
                    assert g.engine == "typst"
                    outside += 1
        doc.close()
    assert inside > 50_000 and outside <= 0.01 * inside
