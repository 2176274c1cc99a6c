"""The FastAPI application: the page, the JSON API and its description.

Every route has a fixed path (no path or query parameters); input comes in the body
only.  Every failure is ``{"error": "one line"}`` with a 4xx status.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from importlib import resources
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, File, Form, Header, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt
from starlette.exceptions import HTTPException

from ..textio import InputError, decode_bytes
from . import jobs
from .guard import Guard
from .limits import Limits
from .pool import JobError, Jobs

STATIC = resources.files(__package__) / "static"
__version__ = version("zhfix")
EXAMPLE = "会议指出袁要切实提高政治站位遥"


class TextIn(BaseModel):
    """A text to repair or examine."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="the text, as pasted", examples=[EXAMPLE])


class RestoreIn(TextIn):
    year: StrictInt | None = Field(
        None, ge=1, le=9999, description="the year of dates the page gives without one"
    )


class ErrorOut(BaseModel):
    error: str = Field(description="one line saying what was wrong")


_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorOut, "description": what}
    for status, what in [
        (400, "the request is malformed"),
        (413, "the body is larger than the limit, or the work took longer than the limit"),
        (415, "the file is of a kind the route does not read"),
        (422, "the input cannot be used (not valid JSON, not text, a broken PDF ...)"),
        (429, "too many requests in progress; try again in a moment"),
    ]
}


_OK: dict[int | str, dict[str, Any]] = {
    200: {"description": "the command's JSON", "content": {"application/json": {}}}
}


def create_app(limits: Limits | None = None) -> FastAPI:
    """The application with ``limits`` (default: from ``ZHFIX_WEB_*``, see :class:`Limits`)."""
    limits = Limits.from_env() if limits is None else limits
    pool = Jobs(limits.worker_processes(), limits.timeout)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        pool.start()
        yield
        pool.close()

    app = FastAPI(
        title="zhfix",
        version=__version__,
        summary="Repair Chinese text damaged on its way out of PDFs.",
        description=(
            "The JSON API of `zhfix serve`. Each route answers with the JSON of the "
            '`zhfix` command\'s `--json` output. Errors are `{"error": "..."}` with a '
            f"4xx status. Limits: bodies up to {limits.max_body:,} bytes, PDFs up to "
            f"{limits.max_pages} pages, {limits.timeout:g} s of work per request, "
            f"{limits.max_pending} requests at once per worker."
        ),
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    # Swagger UI's own copy (swagger-ui-bundle) reads OpenAPI 3.0, not 3.1.
    app.openapi_version = "3.0.3"
    app.state.limits = limits
    app.state.jobs = pool
    _add_error_handlers(app)
    _add_api(app, pool, limits)
    _add_pages(app)
    app.add_middleware(Guard, max_body=limits.max_body, max_pending=limits.max_pending)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(JobError)
    async def job_error(_: Request, exc: JobError) -> JSONResponse:
        return _error(exc.status, exc.message)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, _validation_message(exc))

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        message = exc.detail if isinstance(exc.detail, str) else "the request was refused"
        if exc.status_code == 404:
            message = "no such page; the API is under /api/ (see /docs)"
        elif exc.status_code == 405:
            message = "this method is not allowed here; the API takes POST (see /docs)"
        return _error(exc.status_code, message, exc.headers)


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": " ".join(message.split())}, status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    """The first problem pydantic found, as one line a person can act on."""
    errors = exc.errors()
    if not errors:
        return "the request body is not valid"
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
    kind = first.get("type", "")
    if kind == "json_invalid":
        return "the body is not valid JSON"
    if kind == "missing":
        return f"the field {where!r} is missing" if where else "the request body is missing"
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return 'the body must be a JSON object like {"text": "..."}'
    if kind == "extra_forbidden":
        return f"unknown field {where!r}"
    message = str(first.get("msg", "is not valid"))
    return f"{where}: {message}" if where else message


def _upload_name(upload: UploadFile, default: str) -> str:
    """The uploaded file's own name, shortened to something safe to show."""
    name = (upload.filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip()[:120]
    return name or default


def _add_api(app: FastAPI, pool: Jobs, limits: Limits) -> None:
    @app.get("/healthz", summary="Is the service up")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "version": __version__}

    async def work(function: Callable[..., Any], text: str, *args: Any) -> JSONResponse:
        if len(text) <= limits.inline_chars:
            result = await pool.run_small(function, text, *args)
        else:
            result = await pool.run(function, text, *args)
        return JSONResponse(result)

    @app.post("/api/fix", summary="Repair characters only", responses=_OK | _ERRORS)
    async def fix(body: TextIn) -> JSONResponse:
        """Like `zhfix --chars-only --json`: `{"text", "changes"}`, every change with
        `start`, `end` (offsets into the input), `before`, `after`, `reason`,
        `confidence`. Line breaks stay as they are."""
        return await work(jobs.fix, body.text)

    @app.post("/api/restore", summary="Restore the whole page", responses=_OK | _ERRORS)
    async def restore(body: RestoreIn) -> JSONResponse:
        """Like `zhfix --json`: `{"articles", "changes"}` (character repairs and layout
        decisions, offsets into the input), plus `text`, what `zhfix` prints."""
        return await work(jobs.restore_page, body.text, body.year)

    @app.post("/api/detect", summary="Say whether a text is damaged", responses=_OK | _ERRORS)
    async def detect(body: TextIn) -> JSONResponse:
        """Like `zhfix --detect --json`: `{"length", "damaged", "findings"}`."""
        return await work(jobs.detection, body.text)

    @app.post("/api/decode", summary="Read a text file in its encoding", responses=_ERRORS)
    async def decode(
        file: Annotated[UploadFile, File(description="a text file")],
        encoding: Annotated[str | None, Form(max_length=40)] = None,
    ) -> dict[str, Any]:
        """The text of an uploaded file, read as `zhfix FILE` reads it (UTF-8 with or
        without BOM, UTF-16 with BOM, GB18030/GBK, or `encoding`):
        `{"name", "encoding", "text"}`."""
        name = _upload_name(file, "upload.txt")
        data = await file.read()
        try:
            text, codec = decode_bytes(data, name, encoding or None)
        except InputError as e:
            raise JobError(str(e)) from None
        return {"name": name, "encoding": codec, "text": text}

    @app.post(
        "/api/pdf",
        summary="Restore a PDF",
        responses={
            **_ERRORS,
            200: {
                "description": "the restored document, or with `Accept: application/pdf` "
                "the repaired PDF",
                "content": {"application/pdf": {}},
            },
        },
    )
    async def pdf(
        file: Annotated[UploadFile, File(description="a PDF")],
        pages: Annotated[str | None, Form(max_length=200, description="e.g. 2-5 or 1,3")] = None,
        accept: Annotated[str | None, Header()] = None,
    ) -> Any:
        """Like `zhfix --json [--pages P] FILE.pdf`: the articles (each with its pages)
        and the changes. With `Accept: application/pdf`, the PDF itself with its
        character maps repaired (like `--write-pdf`), so that it copies and searches
        correctly."""
        name = _upload_name(file, "upload.pdf")
        data = await file.read()
        if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
            raise JobError(f"{name}: not a PDF (it does not start with %PDF-)", 415)
        want_pdf = "application/pdf" in (accept or "")
        result = await pool.run(
            jobs.restore_pdf_bytes, data, name, pages or None, limits.max_pages, want_pdf
        )
        if want_pdf and result.pdf is not None:
            stem = re.sub(r"\.pdf$", "", name, flags=re.IGNORECASE)
            return Response(
                result.pdf,
                media_type="application/pdf",
                headers={"content-disposition": _attachment(f"{stem}-repaired.pdf")},
            )
        payload = dict(result.payload)
        payload["text"] = result.text
        return payload


def _attachment(filename: str) -> str:
    from urllib.parse import quote

    ascii_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "repaired.pdf"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


def _static(name: str) -> bytes:
    return (STATIC / name).read_bytes()


def _add_pages(app: FastAPI) -> None:
    files = {
        "/": ("index.html", "text/html; charset=utf-8"),
        "/app.js": ("app.js", "text/javascript; charset=utf-8"),
        "/app.css": ("app.css", "text/css; charset=utf-8"),
        "/favicon.svg": ("favicon.svg", "image/svg+xml"),
        "/favicon.ico": ("favicon.svg", "image/svg+xml"),
        "/docs/docs.js": ("docs.js", "text/javascript; charset=utf-8"),
    }
    for route, (name, media_type) in files.items():
        _add_file(app, route, _static(name), media_type)

    try:
        import swagger_ui_bundle
    except ImportError:  # pragma: no cover - the web extra installs it
        swagger = None
    else:
        swagger = Path(swagger_ui_bundle.swagger_ui_path)
    if swagger is not None:
        _add_file(
            app,
            "/docs/swagger-ui-bundle.js",
            (swagger / "swagger-ui-bundle.js").read_bytes(),
            "text/javascript; charset=utf-8",
        )
        _add_file(
            app,
            "/docs/swagger-ui.css",
            (swagger / "swagger-ui.css").read_bytes(),
            "text/css; charset=utf-8",
        )
    docs = _static("docs.html")

    @app.get("/docs", include_in_schema=False)
    async def docs_page() -> HTMLResponse:
        # Swagger UI sets style attributes as it draws; scripts stay the app's own.
        return HTMLResponse(
            docs,
            headers={
                "content-security-policy": "default-src 'self'; script-src 'self'; "
                "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                "connect-src 'self'; object-src 'none'; base-uri 'none'; "
                "frame-ancestors 'none'"
            },
        )


def _add_file(app: FastAPI, route: str, content: bytes, media_type: str) -> None:
    async def serve() -> Response:
        return Response(content, media_type=media_type)

    app.add_api_route(route, serve, methods=["GET"], include_in_schema=False)
