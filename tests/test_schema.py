"""Every JSON output of ``zhfix`` is described by ``docs/document.schema.json``: the
restored document (text and PDF), ``--chars-only --json``, ``--detect --json`` and the
one-line-per-file form of several inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "docs" / "document.schema.json").read_text(encoding="utf-8"))
SEED = ROOT / "examples" / "seed.txt"
DAMAGED = "本报讯 6 月 6 日袁我县召开推进会遥会议指出袁要切实提高政治站位遥"


def validator(name: str | None = None) -> Draft202012Validator:
    """The schema's top level (a document), or one of its ``$defs``."""
    schema = SCHEMA if name is None else {"$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{name}"}
    return Draft202012Validator(schema)


def zhfix_json(*args: str | Path, stdin: bytes = b"") -> list[Any]:
    result = subprocess.run(
        [sys.executable, "-m", "zhfix", "--json", *map(str, args)],
        input=stdin,
        capture_output=True,
        timeout=300,
    )
    assert result.returncode in (0, 2), result.stderr
    return [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_can_fail() -> None:
    """A document with the headline-first shape of old, or a string for a page, is refused."""
    bad = {"articles": [{"headline": ["标题"], "paragraphs": ["标题", "正文。"]}], "changes": []}
    assert not validator().is_valid(bad)
    assert not validator().is_valid({"articles": [], "changes": [], "pages": ["1"]})


def test_a_restored_text_is_a_document() -> None:
    [doc] = zhfix_json(SEED)
    validator().validate(doc)
    assert doc["pages"] is None and doc["articles"] and doc["changes"]
    [doc] = zhfix_json(stdin=DAMAGED.encode())
    validator().validate(doc)


def test_chars_only_json_is_a_chars_result() -> None:
    [out] = zhfix_json("--chars-only", stdin=DAMAGED.encode())
    validator("chars_result").validate(out)
    assert not validator().is_valid(out)


def test_detect_json_is_a_detection() -> None:
    [out] = zhfix_json("--detect", stdin=DAMAGED.encode())
    validator("detection").validate(out)
    assert out["damaged"] is True


def test_several_files_give_batch_lines(tmp_path: Path) -> None:
    page = tmp_path / "a.txt"
    page.write_text(DAMAGED, encoding="utf-8")
    lines = zhfix_json(page, tmp_path / "missing.txt", SEED)
    assert len(lines) == 3
    for line in lines:
        validator("batch_line").validate(line)
    assert "error" in lines[1] and "result" in lines[0]


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("pypdfium2")
    sys.path.insert(0, str(Path(__file__).parent))
    import pdf_fixtures as F

    return F.make_newspaper(tmp_path_factory.mktemp("schema") / "news.pdf", pages=2, seed=4).path


def test_a_restored_pdf_is_a_document(small_pdf: Path) -> None:
    [doc] = zhfix_json(small_pdf)
    validator().validate(doc)
    assert doc["pages"] == [1, 2]
    assert {"pages_without_text", "unreadable"} <= doc.keys()
    assert {s["step"] for s in doc["changes"]} >= {"glyphs"}
    for article in doc["articles"]:
        assert article["pages"] and set(article["pages"]) <= {1, 2}
        assert not set(article["headline"]) & set(article["paragraphs"])


def test_the_library_documents_match_the_schema(small_pdf: Path) -> None:
    import zhfix

    validator().validate(zhfix.restore(DAMAGED).to_dict())
    validator().validate(zhfix.restore_pdf(small_pdf).to_dict())
