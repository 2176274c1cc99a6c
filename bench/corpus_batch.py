"""Throughput of ``zhfix batch``: 1 and 2 worker processes, and Ray with 1 and 2 CPUs.

The same JSONL of held-out documents (People's Daily paragraphs and product reviews
from the held-out tenth of ``tools/corpus.py``, joined into ~1,000-character records,
every ``--damaged-every``-th damaged by the Founder row shift), repeated until the job
is ``--mb`` MB, is repaired by each engine in turn.  Printed: records/s, MB/s, the
speed-up from one worker (CPU) to two, and the peak RSS of the whole process tree.

Ray is measured twice: as ``zhfix batch --engine ray`` starts it (a local Ray of
``--workers`` + 1 CPUs, started and stopped inside each run), and against a Ray that is
already running (the bench's own ``ray start --head --num-cpus 2`` on a free port, then
``RAY_ADDRESS``; stopped by killing its process group, never by ``ray stop``, which
would stop other people's Rays on the machine too), as on a cluster, where the job's
``--workers`` actors are its CPUs and the cluster's start-up is not part of the job.

Run:  python bench/corpus_batch.py [--mb 20] [--repeats 3] [--no-ray]
      (needs pip install -e '.[dev,ray]'; bench/corpus.py calls main())
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import corpus  # noqa: E402

from zhfix.shift import shift  # noqa: E402

DOC_CHARS = 1000


def heldout_documents(damaged_every: int = 2) -> list[str]:
    """Held-out paragraphs joined into ~1,000-character documents (a line break between
    paragraphs); every ``damaged_every``-th document is damaged."""
    paragraphs = corpus.people_daily("heldout") + corpus.reviews("heldout")
    docs: list[str] = []
    current: list[str] = []
    size = 0
    for p in paragraphs:
        current.append(p)
        size += len(p)
        if size >= DOC_CHARS:
            docs.append("\n".join(current))
            current, size = [], 0
    if current:
        docs.append("\n".join(current))
    return [shift(d) if i % damaged_every == 0 else d for i, d in enumerate(docs)]


def write_jsonl(path: Path, docs: list[str], target_bytes: int) -> int:
    """Write records ``{"id", "text"}`` cycling through ``docs`` until ``target_bytes``;
    return the number of records."""
    lines = [json.dumps({"text": d}, ensure_ascii=False) for d in docs]
    n = 0
    written = 0
    with open(path, "w", encoding="utf-8", buffering=1 << 20) as f:
        while written < target_bytes:
            line = f'{{"id": {n}, ' + lines[n % len(lines)][1:] + "\n"
            f.write(line)
            written += len(line.encode())
            n += 1
    return n


def tree_rss(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants, in bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack.extend(children.get(p, []))
    return total


@dataclass
class Run:
    seconds: float
    peak_rss: int
    returncode: int


def run_measured(args: list[str], env: dict[str, str] | None = None, kill_when=None) -> Run:
    """Run a command, sampling the RSS of its process tree every 0.2 s.  ``kill_when``:
    a function called at each sample; when it returns True the command gets SIGKILL."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    try:
        while proc.poll() is None:
            peak = max(peak, tree_rss(proc.pid))
            if kill_when is not None and kill_when():
                proc.kill()
                break
            time.sleep(0.2)
    except BaseException:  # Ctrl-C: the command goes too
        proc.kill()
        proc.wait()
        raise
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    if proc.returncode not in (0, -9):
        sys.stderr.write(err.decode(errors="replace")[-2000:])
    return Run(seconds, peak, proc.returncode)


def zhfix_batch(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "zhfix", "batch", str(src), "-o", str(out),
            "--no-progress", *extra]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=20.0, help="size of the JSONL job (MB)")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each engine")
    ap.add_argument("--damaged-every", type=int, default=2)
    ap.add_argument("--no-ray", action="store_true")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="zhfix-corpus-batch-"))
    head: RayHead | None = None
    try:
        src = work / "heldout.jsonl"
        records = write_jsonl(src, heldout_documents(args.damaged_every), int(args.mb * 1e6))
        size = src.stat().st_size
        print(f"job: {records:,} records, {size / 1e6:.1f} MB of held-out documents"
              f" (1 in {args.damaged_every} damaged); {os.cpu_count()} CPUs on this machine,"
              f" load average {os.getloadavg()[0]:.1f}")
        engines: list[tuple[str, str, dict[str, str] | None]] = [("zhfix batch", "local", None)]
        if not args.no_ray:
            engines.append(("Ray Data", "ray", None))
            engines.append(("Ray running", "ray", None))
        for label, engine, env in engines:
            # The running Ray is started only now, so that its idle processes do not
            # share the CPUs with the engines measured before it.
            if label == "Ray running":
                head = RayHead()
                if not head.running:
                    print("(a running Ray could not be started: "
                          + "".join(head.log).strip()[-300:] + ")")
                    continue
                env = {**head.env, "RAY_ADDRESS": head.address}
            times: dict[int, list[float]] = {1: [], 2: []}
            peaks: dict[int, int] = {1: 0, 2: 0}
            for _ in range(args.repeats):
                for n in (1, 2):
                    out = work / f"out-{engine}-{n}"
                    shutil.rmtree(out, ignore_errors=True)
                    run = run_measured(zhfix_batch(src, out, "--workers", str(n),
                                                   "--engine", engine), env=env)
                    if run.returncode != 0:
                        raise SystemExit(f"{label} with {n} failed")
                    times[n].append(run.seconds)
                    peaks[n] = max(peaks[n], run.peak_rss)
            unit = "worker" if engine == "local" else "CPU"
            for n in (1, 2):
                best = min(times[n])
                print(f"{label:12} {n} {unit}{'s' * (n > 1):7} {records / best:8,.0f} records/s"
                      f" {size / 1e6 / best:6.2f} MB/s  (best of {len(times[n])}: "
                      + ", ".join(f"{t:.1f}" for t in times[n])
                      + f" s)  peak RSS {peaks[n] / 1e6:,.0f} MB")
            ratios = sorted(a / b for a in times[1] for b in times[2])
            print(f"{label:12} speed-up 1 -> 2 {unit}s: best/best"
                  f" {min(times[1]) / min(times[2]):.2f}x, median of run pairs"
                  f" {statistics.median(ratios):.2f}x, range {ratios[0]:.2f}-{ratios[-1]:.2f}x")
    finally:
        if head is not None:
            head.stop()
        shutil.rmtree(work, ignore_errors=True)


def _bin_path() -> str:
    return os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])


class RayHead:
    """A Ray head of 2 CPUs of this bench's own (``ray start --head --block`` in a
    process group of its own, on a free port), stopped by killing that group: never
    ``ray stop``, which stops every Ray on the machine, other people's too."""

    def __init__(self) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.address = f"127.0.0.1:{self.port}"
        #: For the head and its drivers: `ray start` turns on token authentication, which
        #: a driver given the address (not "auto") uses only when told to.
        self.env = {**os.environ, "RAY_AUTH_MODE": "token"}
        self.proc = subprocess.Popen(
            ["ray", "start", "--head", "--block", "--port", str(self.port), "--num-cpus", "2",
             "--include-dashboard=false", "--disable-usage-stats"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
            env={**self.env, "PATH": _bin_path()},
        )
        self.log: list[str] = []
        assert self.proc.stdout is not None
        for line in self.proc.stdout:  # up once it says so; --block keeps it running
            self.log.append(line)
            if "Ray runtime started" in line:
                break

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # `ray start` records the head for RAY_ADDRESS=auto; forget it if it is ours.
        record = Path(tempfile.gettempdir()) / "ray" / "ray_current_cluster"
        try:
            if record.read_text().strip().endswith(f":{self.port}"):
                record.unlink()
        except OSError:
            pass


if __name__ == "__main__":
    main()
