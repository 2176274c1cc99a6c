"""An ASGI middleware that holds the service's limits at the door, before any route runs:
security headers on every answer, at most ``max_pending`` API requests at once (429
beyond), and bodies of at most ``max_body`` bytes (413 beyond), read whole before the
route sees them so that a slow or endless upload cannot hold more than that."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Only the app's own files: no CDN, no inline script, no framing, no plugins.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    (b"cache-control", b"no-store"),
]


def _size(n: int) -> str:
    return f"{n / (1 << 20):g} MB" if n >= 1 << 20 else f"{n:,} bytes"


class Guard:
    """Wraps ``app`` with the limits; counts requests to paths under ``/api/``."""

    def __init__(self, app: ASGIApp, max_body: int, max_pending: int) -> None:
        self.app = app
        self.max_body = max_body
        self.max_pending = max_pending
        self.pending = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                # A route may set its own policy (the API docs page); the rest is fixed.
                own = {k.lower() for k, _ in headers} & {b"content-security-policy"}
                headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                message["headers"] = headers + [(k, v) for k, v in SECURITY_HEADERS if k not in own]
            await send(message)

        is_api = scope["path"].startswith("/api/")
        if is_api and self.pending >= self.max_pending:
            await _error(
                send_secured,
                429,
                f"the service is busy ({self.max_pending} requests in "
                "progress); try again in a moment",
                retry_after=True,
            )
            return
        self.pending += is_api
        try:
            body = await self._read_body(scope, receive, send_secured)
            if body is None:
                return
            await self.app(scope, _replay(body, receive), send_secured)
        finally:
            self.pending -= is_api

    async def _read_body(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        """The whole body, or None once a 413 (or a client gone away) has ended things."""
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    await _error(send, 400, "the Content-Length header is not a number")
                    return None
                if declared > self.max_body:
                    await _error(send, 413, self._too_large())
                    return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _error(send, 413, self._too_large())
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)

    def _too_large(self) -> str:
        return f"the request is larger than the {_size(self.max_body)} limit; send less"


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then waits on the real one (disconnects)."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _error(send: Send, status: int, message: str, retry_after: bool = False) -> None:
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if retry_after:
        headers.append((b"retry-after", b"1"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
