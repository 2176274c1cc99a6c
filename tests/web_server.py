"""A real ``zhfix serve`` on a free loopback port, for the tests and the screenshot."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(*options: str, startup: float = 60.0) -> Iterator[str]:
    """Run ``zhfix serve --port P OPTIONS`` until the block ends; yield its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "zhfix", "serve", "--port", str(port), *options],
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"zhfix serve exited with {process.returncode}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError("zhfix serve did not start in time") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@cache
def damaged_pdf() -> bytes:
    """A two-page single-column PDF with Founder-damaged font maps (fpdf2 + pikepdf),
    generated once per test run."""
    import tempfile
    from pathlib import Path

    from pdf_fixtures import make_single_column

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.pdf"
        make_single_column(path, pages=2)
        return path.read_bytes()
