"""Memory and resumption of ``zhfix batch`` on a large JSONL (default 2 GB).

Writes a JSONL of held-out documents (see ``bench/corpus_batch.py``) to a scratch
folder, then:

1. runs ``zhfix batch`` on it uninterrupted, sampling the RSS of the whole process tree;
2. runs it again into another folder, kills the job with SIGKILL once about half of its
   chunks are done, and runs the same command again to finish it;
3. compares the two outputs byte for byte (``cmp``), and deletes the scratch folder.

Run:  python bench/batch_resume.py [--gb 2] [--workers 2] [--dir /tmp]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus_batch import heldout_documents, run_measured, write_jsonl, zhfix_batch  # noqa: E402

CHUNK_RECORDS = 1000


def done_chunks(out: Path) -> int:
    return len(list((out / ".zhfix-batch" / "parts").glob("*/*.done")))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gb", type=float, default=2.0)
    ap.add_argument("--workers", default="2")
    ap.add_argument("--damaged-every", type=int, default=4)
    ap.add_argument("--dir", default="/tmp")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="zhfix-resume-", dir=args.dir))
    try:
        src = work / "big.jsonl"
        records = write_jsonl(src, heldout_documents(args.damaged_every), int(args.gb * 1e9))
        size = src.stat().st_size
        chunks = -(-records // CHUNK_RECORDS)
        print(f"input: {size / 1e9:.2f} GB, {records:,} records (1 in {args.damaged_every}"
              f" damaged), {chunks:,} chunks of {CHUNK_RECORDS}; --workers {args.workers}")
        flags = ["--workers", args.workers, "--chunk-records", str(CHUNK_RECORDS)]

        whole = run_measured(zhfix_batch(src, work / "whole", *flags))
        assert whole.returncode == 0, "uninterrupted run failed"
        print(f"uninterrupted: {whole.seconds:.0f} s ({size / 1e6 / whole.seconds:.2f} MB/s),"
              f" peak RSS of the process tree {whole.peak_rss / 1e6:,.0f} MB")

        cut = work / "cut"
        first = run_measured(zhfix_batch(src, cut, *flags),
                             kill_when=lambda: done_chunks(cut) >= chunks // 2)
        print(f"killed (SIGKILL) after {first.seconds:.0f} s with {done_chunks(cut):,} of"
              f" {chunks:,} chunks done; peak RSS {first.peak_rss / 1e6:,.0f} MB;"
              f" output present: {(cut / src.name).exists()}")
        second = run_measured(zhfix_batch(src, cut, *flags))
        assert second.returncode == 0, "resumed run failed"
        print(f"resumed: {second.seconds:.0f} s, peak RSS {second.peak_rss / 1e6:,.0f} MB")
        same = subprocess.run(["cmp", str(work / "whole" / src.name), str(cut / src.name)])
        print("cmp: outputs are byte-identical" if same.returncode == 0 else "cmp: OUTPUTS DIFFER")
        print(f"peak RSS {max(whole.peak_rss, first.peak_rss, second.peak_rss) / 1e6:,.0f} MB"
              f" (target <= 500 MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        print(f"scratch folder {work} deleted; exists: {os.path.exists(work)}")


if __name__ == "__main__":
    main()
