"""Several server processes on one port, each with a fair share of the connections.

uvicorn's own ``--workers`` has every process accept from one shared socket.  Clients
that keep their connection open stay with whichever process happened to accept them;
under a burst of connections one process takes most of them, and its clients wait four
times as long as the other's (measured: 200 keep-alive clients, one process serving 155
requests per client while the other served 23).  Here each process listens on its own
socket with ``SO_REUSEPORT``, and the kernel spreads new connections over the sockets
evenly.  A process that dies is replaced; all of them end with the parent, even when
it is killed with ``kill -9``.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any

#: ``listen()`` backlog of each process's socket (uvicorn's default).
BACKLOG = 2048
#: A process that dies sooner than this after it started is not started again (it
#: would only fail again: a bad configuration, not bad luck).
MIN_LIFETIME = 10.0


def fair_share_supported() -> bool:
    """Whether this system can give each process its own socket on one port."""
    return hasattr(socket, "SO_REUSEPORT")


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket listening on ``host:port`` that other processes may listen on too."""
    family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
    sock.listen(BACKLOG)
    return sock


def _serve_one(parent: int, host: str, port: int, settings: dict[str, Any]) -> None:
    """One server process: its own socket, its own uvicorn, until told to stop."""
    from ..orphans import die_with

    die_with(parent)
    import uvicorn

    sock = listening_socket(host, port)
    server = uvicorn.Server(uvicorn.Config(**settings))
    server.run(sockets=[sock])


def run(host: str, port: int, workers: int, settings: dict[str, Any]) -> bool:
    """Serve with ``workers`` processes until interrupted; ``settings`` are
    :class:`uvicorn.Config`'s arguments (``app`` included).  False if the processes
    could not keep running (one died within :data:`MIN_LIFETIME` of its start)."""
    context = multiprocessing.get_context("spawn")
    parent = os.getpid()

    def start() -> tuple[BaseProcess, float]:
        process = context.Process(target=_serve_one, args=(parent, host, port, settings))
        process.start()
        return process, time.monotonic()

    running = [start() for _ in range(workers)]
    stopping = failed = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True
        for process, _started in running:
            if process.is_alive():
                process.terminate()  # uvicorn's own SIGTERM handler shuts it down cleanly

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while running:
            wait([p.sentinel for p, _ in running])
            alive = []
            for process, started in running:
                if process.is_alive():
                    alive.append((process, started))
                elif not stopping and time.monotonic() - started >= MIN_LIFETIME:
                    alive.append(start())
            running = alive
            if not stopping and len(running) < workers:
                failed = True
                stop()  # a process failed at start: stop the rest too
    except KeyboardInterrupt:  # Ctrl-C reached the children too; let them finish
        stop()
        for process, _started in running:
            process.join(20)
    finally:
        signal.signal(signal.SIGTERM, previous)
    return not failed
