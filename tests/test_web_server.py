"""``zhfix serve`` itself: a real uvicorn on a loopback port, its time and concurrency
limits, and its one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from web_server import free_port, serve  # noqa: E402

import zhfix  # noqa: E402


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve("--workers", "2", "--timeout", "1", "--max-pending", "2") as base:
        yield base


def _post(base: str, path: str, payload: object) -> tuple[int, dict, dict]:  # type: ignore[type-arg]
    request = urllib.request.Request(
        base + path,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, json.loads(r.read()), dict(r.headers)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read()), dict(e.headers)


def _long_text(seed_text: str) -> str:
    """Long enough to go to a job process, and to keep it busy a while."""
    return seed_text * 80


def _past_the_limit(seed_text: str) -> str:
    """Long enough to take well over a second to restore, on any machine: 80 copies
    restore in about half a second now; 300 (a 3.7 MB body) take seconds."""
    return seed_text * 300


def test_the_server_answers_with_the_librarys_repair(server: str, seed_text: str) -> None:
    status, body, headers = _post(server, "/api/fix", {"text": seed_text})
    assert status == 200
    assert body == zhfix.fix_and_explain(seed_text).to_dict()
    assert "default-src 'self'" in headers["content-security-policy"]
    with urllib.request.urlopen(server + "/", timeout=10) as r:
        assert "修复" in r.read().decode()


def test_work_past_the_time_limit_is_stopped_with_a_413_and_the_server_goes_on(
    server: str, seed_text: str
) -> None:
    began = time.monotonic()
    status, body, _ = _post(server, "/api/restore", {"text": _past_the_limit(seed_text)})
    assert status == 413
    assert body == {
        "error": "the work took longer than the 1 s limit and was stopped; "
        "send a shorter text or fewer pages"
    }
    assert time.monotonic() - began < 10
    status, body, _ = _post(server, "/api/fix", {"text": "会议指出袁要"})
    assert (status, body["text"]) == (200, "会议指出，要")


@pytest.fixture(scope="module")
def tight_server() -> Iterator[str]:
    """A 0.1 s limit: the held requests below are sure to run past it on any machine,
    with a body small enough that a 429 sent before it is read does not break it."""
    with serve("--workers", "2", "--timeout", "0.1", "--max-pending", "2") as base:
        yield base


def test_requests_beyond_the_concurrency_limit_get_a_429(
    tight_server: str, seed_text: str
) -> None:
    # Each worker process holds at most 2 requests; 6 at once overfill both.
    results: list[int] = []
    text = _long_text(seed_text)
    server = tight_server

    def slow() -> None:
        results.append(_post(server, "/api/restore", {"text": text})[0])

    threads = [threading.Thread(target=slow) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert 429 in results
    # The held ones run into the limit; none fails or slips through.
    assert set(results) <= {413, 429}
    status, body, headers = _post(server, "/api/fix", {"text": "袁"})
    assert status == 200  # the slow ones are done: room again


def test_a_bad_option_is_one_line_and_exit_status_2() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "zhfix", "serve", "--workers", "0"], capture_output=True, text=True
    )
    assert run.returncode == 2
    assert run.stderr == "zhfix serve: error: --workers must be at least 1\n"


def test_a_port_in_use_is_one_line_and_exit_status_2() -> None:
    import socket

    port = free_port()
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", port))
        holder.listen()
        run = subprocess.run(
            [sys.executable, "-m", "zhfix", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert run.returncode == 2
    assert run.stderr.startswith(f"zhfix serve: error: cannot serve on 127.0.0.1:{port}: ")
    assert run.stderr.count("\n") == 1


def _listening_sockets(port: int) -> int:
    """How many sockets listen on ``port`` on this machine (IPv4, /proc/net/tcp)."""
    lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return sum(1 for line in lines if line.split()[1].endswith(f":{port:04X}")
               and line.split()[3] == "0A")


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_each_worker_listens_on_its_own_socket_and_all_end_with_the_server() -> None:
    # One socket per process (SO_REUSEPORT): the kernel shares the connections out
    # evenly, where one shared socket let one process take most keep-alive clients.
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "zhfix", "serve", "--port", str(port),
                                "--workers", "2"])
    try:
        deadline = time.monotonic() + 60
        while _listening_sockets(port) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _listening_sockets(port) == 2
        workers = _children(process.pid)
        assert len(workers) >= 2
    finally:
        process.terminate()
        process.wait(30)
    assert process.returncode == 0
    deadline = time.monotonic() + 10
    while [p for p in workers if Path(f"/proc/{p}").exists()] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in workers if Path(f"/proc/{p}").exists()]
    assert _listening_sockets(port) == 0
