"""zhfix inside the frameworks corpus pipelines run on: each test runs the real one.

Ray Data (a local Ray with two CPUs), data-juicer, datatrove and NeMo Curator all
repair held-out news exactly as one ``fix_text`` call per record does.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from zhfix import fix_and_explain, fix_text
from zhfix.shift import shift


@pytest.fixture(scope="module")
def texts(heldout_news: list[str]) -> list[str]:
    return [shift(p) if i % 2 == 0 else p for i, p in enumerate(heldout_news[:60])]


@pytest.fixture(scope="module")
def local_ray():
    import ray

    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


@pytest.mark.parametrize("batch_format", ["pyarrow", "pandas"])
def test_ray_map_batches_repairs_each_record(
    local_ray: object, texts: list[str], batch_format: str
) -> None:
    import ray.data

    from zhfix.integrations.ray import FixBatch

    ds = ray.data.from_items([{"id": i, "body": t} for i, t in enumerate(texts)] + [
        {"id": len(texts), "body": None}
    ])
    fixed = ds.map_batches(
        FixBatch,
        fn_constructor_kwargs={"column": "body", "output_column": "fixed",
                               "changes_column": "changes", "damaged_column": "damaged"},
        batch_format=batch_format,
        batch_size=16,
        compute=ray.data.ActorPoolStrategy(size=2),
    )
    rows = sorted(fixed.take_all(), key=lambda r: r["id"])
    assert [r["fixed"] for r in rows[:-1]] == [fix_text(t) for t in texts]
    assert [r["body"] for r in rows[:-1]] == texts  # the input column is kept
    assert [r["changes"] for r in rows[:-1]] == [len(fix_and_explain(t).changes) for t in texts]
    assert [r["damaged"] for r in rows[:-1]] == [fix_text(t) != t for t in texts]
    assert rows[-1]["fixed"] is None


def _batch(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "zhfix", "batch", *args, "--no-progress"],
                          capture_output=True, text=True, timeout=timeout)


def _files(folder: Path) -> dict[str, bytes]:
    """The outputs under ``folder`` (not the job's journal), by name."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and ".zhfix-batch" not in p.parts}


def test_zhfix_batch_engine_ray_writes_what_the_local_engine_writes(
    tmp_path: Path, texts: list[str]
) -> None:
    import gzip

    import pyarrow as pa
    import pyarrow.parquet as pq
    (tmp_path / "in").mkdir()
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in enumerate(texts)]
    lines.insert(7, "not JSON")  # listed in the errors file, copied through, the rest go on
    (tmp_path / "in" / "a.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "in" / "c.jsonl.gz").write_bytes(gzip.compress("\n".join(lines[:20]).encode()))
    pq.write_table(pa.table({"id": list(range(len(texts))), "text": texts}),
                   tmp_path / "in" / "b.parquet")
    options = ["--chunk-records", "16", "--meta-field", "zhfix"]
    ray = _batch(str(tmp_path / "in"), "-o", str(tmp_path / "ray"), "--engine", "ray",
                 "--workers", "2", *options)
    assert ray.returncode == 0, ray.stderr[-3000:]
    local = _batch(str(tmp_path / "in"), "-o", str(tmp_path / "local"), "--workers", "1",
                   *options)
    assert local.returncode == 0, local.stderr[-3000:]
    outputs = _files(tmp_path / "ray")
    assert sorted(outputs) == ["a.jsonl", "b.parquet", "c.jsonl.gz", "zhfix-errors.jsonl"]
    assert outputs == _files(tmp_path / "local")  # byte for byte
    rows = [json.loads(line) for line in outputs["a.jsonl"].decode().splitlines() if line[0] == "{"]
    assert [r["text"] for r in rows] == [fix_text(t) for t in texts]
    assert pq.read_table(tmp_path / "ray" / "b.parquet").column("text").to_pylist() == [
        fix_text(t) for t in texts
    ]
    assert f"{2 * len(texts) + 19:,} records in 3 files" in ray.stderr  # the bad line twice


def test_zhfix_batch_engine_ray_reads_parquet_on_one_worker(
    tmp_path: Path, texts: list[str]
) -> None:
    # A Parquet job of a few MB on --workers 1 once waited forever: Ray Data's Parquet
    # reader ran a task that needed a CPU, and the one actor held the only one.
    import pyarrow as pa
    import pyarrow.parquet as pq

    many = [texts[i % len(texts)] for i in range(3000)]
    pq.write_table(pa.table({"text": many}), tmp_path / "big.parquet")
    result = _batch(str(tmp_path / "big.parquet"), "-o", str(tmp_path / "out"),
                    "--engine", "ray", "--workers", "1", timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    table = pq.read_table(tmp_path / "out" / "big.parquet")
    assert table.column("text").to_pylist() == [fix_text(t) for t in many]


def test_zhfix_batch_engine_ray_fails_at_once_when_nothing_answers_at_ray_address(
    tmp_path: Path,
) -> None:
    import os
    import socket

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "a.jsonl").write_text('{"text": "会议指出袁要切实提高政治站位遥"}\n', "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "zhfix", "batch", str(tmp_path / "a.jsonl"), "-o",
         str(tmp_path / "out"), "--engine", "ray", "--no-progress"],
        capture_output=True, text=True, timeout=60,  # Ray's own retries take minutes
        env={**os.environ, "RAY_ADDRESS": f"127.0.0.1:{port}"},
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("zhfix: error: could not reach the Ray")
    assert f"RAY_ADDRESS=127.0.0.1:{port}: nothing answers" in result.stderr


def test_data_juicer_mapper_runs_before_punctuation_normalisation(texts: list[str]) -> None:
    from data_juicer.ops.base_op import OPERATORS
    from data_juicer.ops.mapper.punctuation_normalization_mapper import (
        PunctuationNormalizationMapper,
    )
    from datasets import Dataset

    import zhfix.integrations.datajuicer  # noqa: F401 - registers zhfix_mapper

    mapper = OPERATORS.modules["zhfix_mapper"](meta_key="zhfix", batch_size=8)
    dataset = Dataset.from_dict({"text": texts})
    fixed = mapper.run(dataset)
    assert fixed["text"] == [fix_text(t) for t in texts]
    assert [m["changes"] for m in fixed["zhfix"]] == [
        len(fix_and_explain(t).changes) for t in texts
    ]
    # Why the order matters: after normalisation a repaired ， is an ASCII comma,
    # and a shifted 袁 left unrepaired is a word nobody can tell apart any more.
    normalised = PunctuationNormalizationMapper().run(fixed)
    assert all("，" not in t for t in normalised["text"])


def test_datatrove_step_in_a_local_pipeline(tmp_path: Path, texts: list[str]) -> None:
    from datatrove.data import Document
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.writers import JsonlWriter

    from zhfix.integrations.datatrove import ZhfixFormatter

    docs = [Document(text=t, id=str(i)) for i, t in enumerate(texts)]
    LocalPipelineExecutor(
        [docs, ZhfixFormatter(meta_key="zhfix", batch_size=7),
         JsonlWriter(str(tmp_path / "out"), compression=None)],
        tasks=1, logging_dir=str(tmp_path / "logs"),
    ).run()
    rows = [json.loads(line) for f in sorted((tmp_path / "out").glob("*.jsonl"))
            for line in f.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == [str(i) for i in range(len(texts))]
    assert [r["text"] for r in rows] == [fix_text(t) for t in texts]
    assert [r["metadata"]["zhfix"]["damaged"] for r in rows] == [fix_text(t) != t for t in texts]


def test_nemo_curator_modifier_in_its_modify_stage(texts: list[str]) -> None:
    import pandas as pd
    from nemo_curator.stages.text.modifiers import Modify
    from nemo_curator.tasks import DocumentBatch

    from zhfix.integrations.nemo_curator import ZhfixModifier

    stage = Modify(ZhfixModifier(), input_fields="text")
    batch = DocumentBatch(dataset_name="heldout",
                          data=pd.DataFrame({"text": texts, "n": range(len(texts))}))
    out = stage.process(batch).to_pandas()
    assert out["text"].tolist() == [fix_text(t) for t in texts]
    assert out["n"].tolist() == list(range(len(texts)))
