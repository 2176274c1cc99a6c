"""The HTTP API through FastAPI's TestClient: the command's JSON, the limits, the errors.

The work runs in the app's real job processes; the PDFs are generated damaged PDFs.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).parent))
from web_server import damaged_pdf  # noqa: E402

from zhfix.web import Limits, create_app  # noqa: E402

DAMAGED = (
    "本报讯 6 月 6 日袁我县召开脱贫攻坚\n\n问题整改推进会袁会议传达贯彻落实省委脱\n\n"
    "贫攻坚督导组反馈会精神遥\n"
)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Limits(jobs=1, max_pages=1, max_body=5 << 20))) as c:
        yield c


def _command_json(*options: str, text: str) -> object:
    run = subprocess.run(
        [sys.executable, "-m", "zhfix", *options, "--json"],
        input=text.encode(),
        capture_output=True,
        check=True,
    )
    return json.loads(run.stdout)


def _error_of(response) -> str:  # type: ignore[no-untyped-def]
    body = response.json()
    assert list(body) == ["error"]
    assert "\n" not in body["error"] and body["error"]
    return str(body["error"])


def test_fix_answers_with_the_json_of_the_command_in_chars_only_mode(client: TestClient) -> None:
    r = client.post("/api/fix", json={"text": DAMAGED})
    assert r.status_code == 200
    assert r.json() == _command_json("--chars-only", text=DAMAGED)


def test_restore_answers_with_the_json_of_the_command_and_the_restored_text(
    client: TestClient,
) -> None:
    body = client.post("/api/restore", json={"text": DAMAGED}).json()
    text = body.pop("text")
    assert body == _command_json(text=DAMAGED)
    assert text.startswith("本报讯6月6日，我县召开脱贫攻坚问题整改推进会，")


def test_detect_answers_with_the_detection_report_of_the_command(client: TestClient) -> None:
    body = client.post("/api/detect", json={"text": DAMAGED}).json()
    assert body == _command_json("--detect", text=DAMAGED)
    assert body["damaged"] is True


def test_clean_text_comes_back_unchanged(client: TestClient) -> None:
    clean = "国营华晋冶金铸造厂召开会议，传达“四个意识”。\r\n"
    assert client.post("/api/fix", json={"text": clean}).json() == {"text": clean, "changes": []}
    assert client.post("/api/restore", json={"text": clean}).json()["text"] == clean


@pytest.mark.parametrize(
    "data, encoding",
    [
        ("会议指出袁要".encode("gbk"), "gb18030"),
        ("会议指出袁要".encode("utf-16"), "utf-16-le"),
        (b"\xef\xbb\xbf" + "会议指出袁要".encode(), "utf-8-sig"),
    ],
    ids=["gbk", "utf-16 with BOM", "utf-8 with BOM"],
)
def test_a_text_file_is_read_in_the_encodings_the_command_reads(
    client: TestClient, data: bytes, encoding: str
) -> None:
    r = client.post("/api/decode", files={"file": ("page.txt", data)})
    assert r.status_code == 200
    assert r.json() == {"name": "page.txt", "encoding": encoding, "text": "会议指出袁要"}


def test_a_damaged_pdf_comes_back_as_articles_and_as_a_repaired_pdf(client: TestClient) -> None:
    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "zhfix-web-*")))
    files = {"file": ("报纸.pdf", damaged_pdf())}
    r = client.post("/api/pdf", files=files, data={"pages": "1"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["pages"] == [1] and body["articles"]
    assert all(a["pages"] == [1] for a in body["articles"])
    assert body["text"].count("，") > 10  # the Founder damage turned every comma into 袁
    assert any(c["step"] == "glyphs" and c["before"] == "袁" for c in body["changes"])

    r = client.post(
        "/api/pdf", files=files, data={"pages": "1"}, headers={"Accept": "application/pdf"}
    )
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    assert "filename*=UTF-8''%E6%8A%A5%E7%BA%B8-repaired.pdf" in r.headers["content-disposition"]
    # Nothing is left on disk.
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "zhfix-web-*"))) == before


def test_a_pdf_of_more_pages_than_the_limit_is_refused_before_any_work(client: TestClient) -> None:
    r = client.post("/api/pdf", files={"file": ("big.pdf", damaged_pdf())})
    assert r.status_code == 422
    assert "more than the limit of 1" in _error_of(r)


@pytest.mark.parametrize(
    "data, status, words",
    [
        (b"hello", 415, "not a PDF"),
        (b"%PDF-1.4\n1 0 obj", 422, "big.pdf"),
        (b"", 415, "not a PDF"),
    ],
    ids=["not a pdf", "truncated", "empty"],
)
def test_a_broken_pdf_gets_a_4xx_with_one_line(
    client: TestClient, data: bytes, status: int, words: str
) -> None:
    r = client.post("/api/pdf", files={"file": ("big.pdf", data)})
    assert r.status_code == status
    assert words in _error_of(r)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (
            {"content": b"{not json", "headers": {"content-type": "application/json"}},
            "not valid JSON",
        ),
        ({"json": {"txt": "a"}}, "'text' is missing"),
        ({"json": {"text": "a", "more": 1}}, "unknown field 'more'"),
        ({"json": ["a"]}, "JSON object"),
        ({"json": {"text": 5}}, "text"),
    ],
    ids=["not json", "no text", "extra field", "not an object", "not a string"],
)
def test_bad_json_gets_a_422_with_one_clear_line(
    client: TestClient, kwargs: dict, words: str
) -> None:
    r = client.post("/api/fix", **kwargs)
    assert r.status_code == 422
    assert words in _error_of(r)


def test_binary_text_file_gets_a_422(client: TestClient) -> None:
    r = client.post("/api/decode", files={"file": ("x.txt", b"\x00\x01\x02")})
    assert r.status_code == 422
    assert "binary" in _error_of(r)


def test_a_body_over_the_limit_gets_a_413(client: TestClient) -> None:
    r = client.post("/api/fix", json={"text": "袁" * 2_000_000})
    assert r.status_code == 413
    assert "5 MB limit" in _error_of(r)


def test_unknown_paths_and_methods_get_json_errors(client: TestClient) -> None:
    assert client.get("/etc/passwd").status_code == 404
    assert "no such page" in _error_of(client.get("/api/fix/../../x"))
    r = client.get("/api/fix")
    assert r.status_code == 405
    _error_of(r)


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    for r in (client.get("/"), client.post("/api/fix", json={"text": "a"}), client.get("/nope")):
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "http" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


def test_the_page_and_its_assets_are_the_apps_own(client: TestClient) -> None:
    page = client.get("/").text
    assert "http://" not in page and "https://" not in page
    for asset in ("/app.js", "/app.css", "/favicon.svg"):
        assert client.get(asset).status_code == 200
    docs = client.get("/docs").text
    assert "/docs/swagger-ui-bundle.js" in docs and "https://" not in docs
    assert client.get("/docs/swagger-ui-bundle.js").status_code == 200


def test_health_check_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/fix", "/api/restore", "/api/detect", "/api/pdf", "/healthz"} <= set(paths)
    assert not any("{" in p for p in paths)  # no path parameters


def test_a_text_the_memory_cannot_hold_is_refused_as_the_command_refuses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from zhfix import budget
    from zhfix.textio import InputError
    from zhfix.web import jobs

    monkeypatch.setattr(budget, "available_memory", lambda: 150 * 10**6)
    with pytest.raises(InputError, match="characters need about .* send a shorter text"):
        jobs.fix("袁" * 1_000_000)


def test_a_small_text_does_not_ask_the_system_for_its_free_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from zhfix import budget
    from zhfix.web import jobs

    def refuse() -> int:
        raise AssertionError("read /proc/meminfo for a small page")

    monkeypatch.setattr(budget, "available_memory", refuse)
    assert jobs.fix("会议指出袁要切实提高政治站位遥")["text"] == "会议指出，要切实提高政治站位。"


def test_a_pdf_damaged_inside_gets_a_4xx_with_one_message(client: TestClient) -> None:
    # The tenth stream of this fixture is a font program: zeroed, the PDF libraries fail.
    folder = Path(__file__).resolve().parent / "data" / "newspapers" / "dev"
    data = bytearray((folder / "chromium-song-hei.pdf").read_bytes())
    at = -1
    for _ in range(10):
        at = data.find(b"stream", at + 1)
    data[at + 8 : at + 3008] = bytes(3000)
    r = client.post("/api/pdf", files={"file": ("damaged.pdf", bytes(data))}, data={"pages": "1"})
    assert 400 <= r.status_code < 500
    assert "structure is damaged" in r.json()["error"] and "\n" not in r.json()["error"]
