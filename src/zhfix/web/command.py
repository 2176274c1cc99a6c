"""``zhfix serve``: the web page and HTTP API on uvicorn (needs ``zhfix[web]``)."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Sequence
from dataclasses import replace

from . import workers
from .limits import Limits

EXIT_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    defaults = Limits()
    parser = argparse.ArgumentParser(
        prog="zhfix serve",
        description=(
            "Serve the zhfix page (paste or drop a text or PDF, see every change and why) "
            "and its JSON API (/api/fix, /api/restore, /api/detect, /api/pdf; described "
            "at /docs).  Nothing else to set up; nothing is written to disk but a "
            "temporary copy of an uploaded PDF, removed after its request."
        ),
        epilog="example: zhfix serve --port 8080   then open http://127.0.0.1:8080/",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    parser.add_argument(
        "--workers", type=int, default=1, help="server processes (default: %(default)s)"
    )
    parser.add_argument(
        "--max-body-mb",
        type=float,
        default=defaults.max_body / (1 << 20),
        help="largest request body in MB (default: %(default)g)",
    )
    parser.add_argument(
        "--max-pages",
        type=int,
        default=defaults.max_pages,
        help="most PDF pages per request (default: %(default)s)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=defaults.timeout,
        help="seconds of work per request (default: %(default)g)",
    )
    parser.add_argument(
        "--max-pending",
        type=int,
        default=defaults.max_pending,
        help="requests at once per worker before 429 (default: %(default)s)",
    )
    return parser


def main(argv: Sequence[str]) -> int:
    """Run the server until interrupted; 2 for a bad option or a missing extra."""
    parser = build_parser()
    args = parser.parse_args(argv)
    problems = [
        (args.workers < 1, "--workers must be at least 1"),
        (not 0 < args.port < 65536, "--port must be 1-65535"),
        (args.max_body_mb <= 0, "--max-body-mb must be positive"),
        (args.max_pages < 1, "--max-pages must be at least 1"),
        (args.timeout <= 0, "--timeout must be positive"),
        (args.max_pending < 1, "--max-pending must be at least 1"),
    ]
    for bad, message in problems:
        if bad:
            return _fail(message)
    try:
        import uvicorn

        from . import app  # noqa: F401  (fails here, not in a worker, without the extra)
    except ImportError as e:
        return _fail(f"zhfix serve needs the web extra: pip install 'zhfix[web]' ({e.name})")
    limits = replace(
        Limits(),
        max_body=int(args.max_body_mb * (1 << 20)),
        max_pages=args.max_pages,
        timeout=args.timeout,
        max_pending=args.max_pending,
    )
    limits = replace(limits, jobs=limits.worker_processes(args.workers))
    os.environ.update(limits.to_env())  # the worker processes read their limits here
    problem = _cannot_bind(args.host, args.port)
    if problem:
        return _fail(f"cannot serve on {args.host}:{args.port}: {problem}")
    settings = {
        "app": "zhfix.web.app:create_app",
        "factory": True,
        "host": args.host,
        "port": args.port,
        "log_level": "warning",
        "server_header": False,
    }
    try:
        if args.workers > 1 and workers.fair_share_supported():
            if not workers.run(args.host, args.port, args.workers, settings):
                return _fail("the server processes stopped right after they started")
            return 0
        uvicorn.run(**settings, workers=args.workers)
    except (OSError, SystemExit) as e:
        if isinstance(e, SystemExit) and e.code in (0, None):
            return 0
        return _fail(f"cannot serve on {args.host}:{args.port}: {e}")
    except KeyboardInterrupt:
        return 0
    return 0


def _cannot_bind(host: str, port: int) -> str | None:
    """Why the address cannot be listened on (in use, not this machine's), or None."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        return f"unknown host ({e.strerror})"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as e:
            return e.strerror or str(e)
    return None


def _fail(message: str) -> int:
    print(f"zhfix serve: error: {message}", file=sys.stderr)
    return EXIT_ERROR
