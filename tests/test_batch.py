"""``zhfix batch``: many files and records, repaired one by one, in order, resumably.

Every test compares the command's output with what the library gives for each record
on its own (``fix_text``), on held-out news damaged by the Founder row shift.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zhfix import fix_and_explain, fix_text
from zhfix.shift import shift

ZHFIX = [sys.executable, "-m", "zhfix", "batch"]


@pytest.fixture(scope="module")
def records(heldout_news: list[str]) -> list[str]:
    """Held-out paragraphs, every other one damaged."""
    picked = heldout_news[:120]
    return [shift(p) if i % 2 == 0 else p for i, p in enumerate(picked)]


def batch(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*ZHFIX, *map(str, args)], capture_output=True, text=True, timeout=600
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def assert_one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode == 2
    assert result.stderr.startswith("zhfix: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr


def test_jsonl_records_are_repaired_one_by_one_in_order(tmp_path: Path, records: list[str]) -> None:
    rows = [{"id": i, "text": t, "lang": "zh"} for i, t in enumerate(records)]
    write_jsonl(tmp_path / "in.jsonl", rows)
    result = batch(tmp_path / "in.jsonl", "-o", tmp_path / "out", "--workers", "2",
                   "--chunk-records", "16")
    out = read_jsonl(tmp_path / "out" / "in.jsonl")
    assert [r["id"] for r in out] == list(range(len(records)))
    assert [r["text"] for r in out] == [fix_text(t) for t in records]
    assert all(r["lang"] == "zh" for r in out)
    damaged = sum(fix_text(t) != t for t in records)
    assert f"{len(records):,} records in 1 file, {damaged:,} damaged" in result.stderr


def test_a_record_needing_no_change_is_copied_byte_for_byte(
    tmp_path: Path, records: list[str]
) -> None:
    clean = [t for t in records if fix_text(t) == t][:10]
    # Spacing and escapes the command's own JSON writer would not produce.
    lines = [f'{{ "text" :"{t}",  "n": 1.50 }}\r\n'.encode() for t in clean]
    (tmp_path / "in.jsonl").write_bytes(b"".join(lines))
    batch(tmp_path / "in.jsonl", "-o", tmp_path / "out")
    assert (tmp_path / "out" / "in.jsonl").read_bytes() == b"".join(lines)


def test_nested_field_and_metadata_field(tmp_path: Path, records: list[str]) -> None:
    rows = [{"meta": {"body": t}, "text": "袁"} for t in records[:20]]
    write_jsonl(tmp_path / "in.jsonl", rows)
    batch(tmp_path / "in.jsonl", "-o", tmp_path / "out", "--field", "meta.body",
          "--meta-field", "zhfix", "--workers", "1")
    out = read_jsonl(tmp_path / "out" / "in.jsonl")
    for row, text in zip(out, records[:20], strict=True):
        expected = fix_and_explain(text)
        assert row["meta"]["body"] == expected.text  # type: ignore[index]
        assert row["text"] == "袁"  # other fields untouched
        meta = row["zhfix"]
        assert meta["changes"] == len(expected.changes)  # type: ignore[index]
        assert meta["damaged"] == bool(expected.changes)  # type: ignore[index]
        lowest = min((c.confidence for c in expected.changes), default=None)
        assert meta["min_confidence"] == lowest  # type: ignore[index]


def test_bad_records_go_to_the_errors_file_and_the_rest_go_on(
    tmp_path: Path, records: list[str]
) -> None:
    lines = [
        json.dumps({"text": records[0]}, ensure_ascii=False),
        "this is not json",
        json.dumps({"text": 42}),
        json.dumps({"body": "no text field"}),
        json.dumps({"text": records[2]}, ensure_ascii=False),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    result = batch(tmp_path / "in.jsonl", "-o", tmp_path / "out", "--meta-file")
    out = (tmp_path / "out" / "in.jsonl").read_text("utf-8").splitlines()
    assert len(out) == 5
    assert json.loads(out[0])["text"] == fix_text(records[0])
    assert out[1:4] == lines[1:4]  # kept as they were, so line numbers still match
    assert json.loads(out[4])["text"] == fix_text(records[2])
    errors = read_jsonl(tmp_path / "out" / "zhfix-errors.jsonl")
    assert [(e["file"], e["line"]) for e in errors] == [("in.jsonl", 2), ("in.jsonl", 3),
                                                         ("in.jsonl", 4)]
    assert "3 records could not be processed" in result.stderr
    meta = read_jsonl(tmp_path / "out" / "in.jsonl.meta.jsonl")
    assert [m["line"] for m in meta] == [1, 5]


def test_errors_replace_salvages_bad_utf8_that_strict_lists(
    tmp_path: Path, records: list[str]
) -> None:
    good = json.dumps({"text": records[1]}, ensure_ascii=False).encode()
    bad = json.dumps({"text": records[0]}, ensure_ascii=False).encode().replace(b'"}', b'\xff"}')
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.jsonl").write_bytes(good + b"\n" + bad + b"\n")
    # A .txt file cut inside its last character.
    (tmp_path / "in" / "b.txt").write_bytes(records[0].encode()[:-1])

    batch(tmp_path / "in", "-o", tmp_path / "strict")
    errors = read_jsonl(tmp_path / "strict" / "zhfix-errors.jsonl")
    assert sorted((e["file"], e["line"]) for e in errors) == [("a.jsonl", 2), ("b.txt", 1)]
    assert "--errors replace" in next(e["error"] for e in errors if e["file"] == "b.txt")

    result = batch(tmp_path / "in", "-o", tmp_path / "replace", "--errors", "replace")
    assert "could not be processed" not in result.stderr
    out = (tmp_path / "replace" / "a.jsonl").read_bytes().splitlines()
    assert out[0] == good  # a good line is still copied byte for byte
    assert json.loads(out[1])["text"] == fix_text(records[0] + "\ufffd")
    salvaged = (tmp_path / "replace" / "b.txt").read_text("utf-8")
    assert salvaged == fix_text(records[0].encode()[:-1].decode("utf-8", "replace"))


def test_a_line_written_in_escapes_is_written_back_in_escapes(
    tmp_path: Path, records: list[str]
) -> None:
    write = [json.dumps({"text": records[0]}), json.dumps({"text": records[1]})]  # ASCII only
    (tmp_path / "in.jsonl").write_text("\n".join(write) + "\n", "utf-8")
    batch(tmp_path / "in.jsonl", "-o", tmp_path / "out")
    out = (tmp_path / "out" / "in.jsonl").read_text("utf-8").splitlines()
    assert all(line.isascii() for line in out)
    assert [json.loads(line)["text"] for line in out] == [fix_text(r) for r in records[:2]]


def test_compressed_jsonl_stays_compressed(tmp_path: Path, records: list[str]) -> None:
    import zstandard

    body = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in records[:40])
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(body.encode()))
    (tmp_path / "b.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(body.encode()))
    batch(tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.zst", "-o", tmp_path / "out",
          "--chunk-records", "7")
    expected = [fix_text(t) for t in records[:40]]
    gz = gzip.decompress((tmp_path / "out" / "a.jsonl.gz").read_bytes()).decode()
    with zstandard.ZstdDecompressor().stream_reader(
        (tmp_path / "out" / "b.jsonl.zst").read_bytes(), read_across_frames=True
    ) as reader:
        zs = reader.read().decode()
    for text in (gz, zs):
        assert [json.loads(line)["text"] for line in text.splitlines()] == expected


def test_parquet_column_with_metadata(tmp_path: Path, records: list[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    table = pa.table({"id": list(range(50)), "content": records[:49] + [None]})
    pq.write_table(table, tmp_path / "in.parquet")
    result = batch(tmp_path / "in.parquet", "-o", tmp_path / "out", "--field", "content",
                   "--meta-field", "zhfix", "--chunk-records", "16")
    out = pq.read_table(tmp_path / "out" / "in.parquet")
    assert out.column("id").to_pylist() == list(range(50))
    assert out.column("content").to_pylist() == [fix_text(t) for t in records[:49]] + [None]
    meta = out.column("zhfix").to_pylist()
    assert [m["changes"] for m in meta[:49]] == [
        len(fix_and_explain(t).changes) for t in records[:49]
    ]
    assert meta[49] is None
    errors = read_jsonl(tmp_path / "out" / "zhfix-errors.jsonl")
    assert [(e["file"], e["row"]) for e in errors] == [("in.parquet", 49)]
    assert "1 records could not be processed" in result.stderr


def test_folders_and_globs_keep_relative_names(tmp_path: Path, records: list[str]) -> None:
    (tmp_path / "data" / "a" / "b").mkdir(parents=True)
    (tmp_path / "data" / "a" / "b" / "page.txt").write_bytes(records[0].encode("gb18030"))
    write_jsonl(tmp_path / "data" / "a" / "x.jsonl", [{"text": records[2]}])
    (tmp_path / "data" / "notes.md").write_text("skipped", "utf-8")
    batch(tmp_path / "data", "-o", tmp_path / "out")
    page = tmp_path / "out" / "a" / "b" / "page.txt"
    assert page.read_bytes().decode("gb18030") == fix_text(records[0])  # its own encoding
    assert read_jsonl(tmp_path / "out" / "a" / "x.jsonl")[0]["text"] == fix_text(records[2])
    assert not (tmp_path / "out" / "notes.md").exists()
    batch(str(tmp_path / "data" / "**" / "*.jsonl"), "-o", tmp_path / "globbed")
    assert (tmp_path / "globbed" / "a" / "x.jsonl").exists()


def test_an_existing_output_is_never_silently_replaced(tmp_path: Path, records: list[str]) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"text": records[0]}])
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "in.jsonl").write_text("mine\n", "utf-8")
    assert_one_line_error(batch(tmp_path / "in.jsonl", "-o", tmp_path / "out", check=False),
                          "exists", "--overwrite")
    assert (tmp_path / "out" / "in.jsonl").read_text("utf-8") == "mine\n"
    batch(tmp_path / "in.jsonl", "-o", tmp_path / "out", "--overwrite")
    assert read_jsonl(tmp_path / "out" / "in.jsonl")[0]["text"] == fix_text(records[0])


def test_a_finished_job_run_again_does_nothing(tmp_path: Path, records: list[str]) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"text": records[0]}])
    batch(tmp_path / "in.jsonl", "-o", tmp_path / "out")
    before = (tmp_path / "out" / "in.jsonl").stat().st_mtime_ns
    again = batch(tmp_path / "in.jsonl", "-o", tmp_path / "out")
    assert "finished already" in again.stderr
    assert (tmp_path / "out" / "in.jsonl").stat().st_mtime_ns == before
    other = batch(tmp_path / "in.jsonl", "-o", tmp_path / "out", "--field", "body", check=False)
    assert_one_line_error(other, "other inputs or options")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing.jsonl", "-o", "out"], ["missing.jsonl", "no such file"]),
        (["in.csv", "-o", "out"], ["unknown format"]),
        (["in.jsonl", "-o", "in.jsonl"], ["not a folder"]),
        (["in.jsonl", "-o", "out", "--workers", "0"], ["--workers"]),
        (["in.jsonl"], ["-o"]),
        (["nothing*.jsonl", "-o", "out"], ["no file matches"]),
    ],
)
def test_bad_paths_and_options_are_one_line_errors(
    tmp_path: Path, args: list[str], words: list[str]
) -> None:
    (tmp_path / "in.jsonl").write_text('{"text": "x"}\n', "utf-8")
    (tmp_path / "in.csv").write_text("text\nx\n", "utf-8")
    result = subprocess.run([*ZHFIX, *args], capture_output=True, text=True, cwd=tmp_path)
    assert_one_line_error(result, *words)


def test_a_parquet_file_without_the_column_is_refused(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "in.parquet")
    assert_one_line_error(batch(tmp_path / "in.parquet", "-o", tmp_path / "out", check=False),
                          "no column 'text'", "body")


def test_help_teaches_by_example() -> None:
    result = batch("--help")
    assert "examples:" in result.stdout and "zhfix batch corpus/ -o clean/" in result.stdout
    assert "--mode restore" in result.stdout and "kill -9" in result.stdout


def _done_chunks(out: Path) -> int:
    return len(list((out / ".zhfix-batch" / "parts").glob("*/*.done")))


def test_killed_with_sigkill_and_rerun_gives_the_uninterrupted_output(
    tmp_path: Path, records: list[str]
) -> None:
    rows = [{"id": i, "text": records[i % len(records)]} for i in range(2400)]
    write_jsonl(tmp_path / "in.jsonl", rows)
    args = [tmp_path / "in.jsonl", "--chunk-records", "40", "--workers", "1", "--meta-file"]
    batch(*args, "-o", tmp_path / "whole")

    proc = subprocess.Popen([*ZHFIX, *map(str, args), "-o", str(tmp_path / "cut")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _done_chunks(tmp_path / "cut") < 5 and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = _done_chunks(tmp_path / "cut")
    assert 5 <= done < 60, "the job should have been killed part-way"
    assert not (tmp_path / "cut" / "in.jsonl").exists()  # no half-written output

    rerun = batch(*args, "-o", tmp_path / "cut")
    assert "were done by an earlier run" in rerun.stderr
    for name in ("in.jsonl", "in.jsonl.meta.jsonl"):
        assert (tmp_path / "cut" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes()


def test_overwrite_starts_a_finished_job_over_with_the_new_input(
    tmp_path: Path, records: list[str]
) -> None:
    write_jsonl(tmp_path / "in.jsonl", [{"text": records[0]}])
    batch(tmp_path / "in.jsonl", "-o", tmp_path / "out")
    write_jsonl(tmp_path / "in.jsonl", [{"text": records[1]}, {"text": records[2]}])
    again = batch(tmp_path / "in.jsonl", "-o", tmp_path / "out", "--overwrite")
    assert "finished already" not in again.stderr
    out = read_jsonl(tmp_path / "out" / "in.jsonl")
    assert [r["text"] for r in out] == [fix_text(records[1]), fix_text(records[2])]


def test_engine_ray_without_ray_is_refused_before_the_output_folder_is_touched(
    tmp_path: Path,
) -> None:
    fake = tmp_path / "no-ray" / "ray"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('no Ray here')\n")
    source = tmp_path / "in.jsonl"
    write_jsonl(source, [{"text": "会议指出袁要"}])
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(fake.parent), *filter(None, [os.environ.get("PYTHONPATH")])])}
    result = subprocess.run(
        [*ZHFIX, str(source), "-o", str(out), "--engine", "ray"],
        capture_output=True, text=True, timeout=120, env=env,
    )
    assert_one_line_error(result, "--engine ray needs Ray")
    assert not out.exists()
