"""The ``zhfix`` command, run for real: as ``python -m zhfix`` and as the installed script.

Assertions use only repairs that are certain whatever the decoder (袁 between two clauses
is a comma, 遥 at the end of a sentence a full stop).  Where exact bytes matter,
``--chars-only`` pins the character repair, which never touches line structure.
"""

from __future__ import annotations

import codecs
import json
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from zhfix.shift import CANDIDATES

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "seed.txt"
DAMAGED = "会议指出袁要切实提高政治站位遥"
REPAIRED = "会议指出，要切实提高政治站位。"
#: Text with no character that could stand for shifted punctuation: nothing to decide.
CLEAN = "我们去北京看看。他说：“好！”\n"

MODULE = [sys.executable, "-m", "zhfix"]
SCRIPT = [str(Path(sys.executable).with_name("zhfix"))]


def run(
    *args: str | Path,
    stdin: bytes | None = None,
    command: Sequence[str] = MODULE,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run zhfix; ``stdin=None`` gives it an empty, closed standard input."""
    return subprocess.run(
        [*command, *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def assert_one_line_error(result: subprocess.CompletedProcess[bytes], *words: str) -> str:
    """Exit 2, nothing on stdout, and exactly one ``zhfix: error:`` line on stderr."""
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, err
    assert result.stdout == b""
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert err.startswith("zhfix: error: "), err
    for word in words:
        assert word in err
    return err


@pytest.fixture(params=["python -m zhfix", "zhfix script"])
def command(request: pytest.FixtureRequest) -> list[str]:
    if request.param == "zhfix script":
        assert Path(SCRIPT[0]).exists(), "the zhfix console script is not installed"
        return SCRIPT
    return MODULE


def test_sample_texts_are_what_the_tests_assume() -> None:
    assert not set(CLEAN) & CANDIDATES
    assert SEED.is_file()


# --- the main job ---------------------------------------------------------------------


def test_repairs_text_from_stdin(command: list[str]) -> None:
    result = run(stdin=DAMAGED.encode() + b"\n", command=command)
    assert result.returncode == 0, result.stderr
    assert REPAIRED in result.stdout.decode("utf-8")
    assert result.stderr == b""


def test_repairs_text_from_a_file(command: list[str], tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(DAMAGED + "\n", encoding="utf-8")
    result = run(page, command=command)
    assert result.returncode == 0, result.stderr
    assert REPAIRED in result.stdout.decode("utf-8")
    assert page.read_text(encoding="utf-8") == DAMAGED + "\n"  # input untouched


def test_a_dash_means_stdin() -> None:
    result = run("-", "--chars-only", stdin=DAMAGED.encode())
    assert result.stdout == REPAIRED.encode()


def test_repairs_the_bundled_example(command: list[str]) -> None:
    result = run(SEED, command=command)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    assert "推进会，会议传达" in out
    assert "推进会袁会议" not in out


def test_chars_only_keeps_every_line_of_the_example() -> None:
    seed = SEED.read_bytes()
    out = run(SEED, "--chars-only").stdout
    assert out.count(b"\n") == seed.count(b"\n")
    assert len(out.decode("utf-8")) == len(seed.decode("utf-8"))


@pytest.mark.parametrize(
    "clean",
    [CLEAN, CLEAN.rstrip("\n"), CLEAN.replace("\n", "\r\n") * 3, "\n\n", "plain ASCII\r\n"],
    ids=["newline", "no-final-newline", "crlf", "blank-lines", "ascii"],
)
def test_clean_text_comes_back_byte_identical(clean: str) -> None:
    data = clean.encode("utf-8")
    result = run("--chars-only", stdin=data)
    assert result.returncode == 0
    assert result.stdout == data


def test_repair_keeps_crlf_line_endings() -> None:
    data = (DAMAGED + "\r\n") * 2
    result = run("--chars-only", stdin=data.encode())
    assert result.stdout == ((REPAIRED + "\r\n") * 2).encode()


def test_empty_input_gives_empty_output_and_success(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert (run(empty).returncode, run(empty).stdout) == (0, b"")
    assert (run().returncode, run().stdout) == (0, b"")


def test_output_is_utf8_whatever_the_locale() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONIO"))}
    env["LC_ALL"] = "C"
    result = run("--chars-only", stdin=DAMAGED.encode(), env=env)
    assert result.stdout == REPAIRED.encode("utf-8")


# --- encodings ------------------------------------------------------------------------


def test_gb18030_file_is_recognised_and_printed_as_utf8(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes((DAMAGED + "\n").encode("gb18030"))
    result = run("--chars-only", page)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (REPAIRED + "\n").encode("utf-8")


def test_a_utf8_bom_is_read_and_kept(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(codecs.BOM_UTF8 + DAMAGED.encode("utf-8"))
    assert run("--chars-only", page).stdout == codecs.BOM_UTF8 + REPAIRED.encode("utf-8")
    page.write_bytes(codecs.BOM_UTF8 + CLEAN.encode("utf-8"))
    assert run(page).stdout == page.read_bytes()  # clean: byte for byte, mark included


def test_in_place_keeps_a_big_endian_files_byte_order(tmp_path: Path) -> None:
    for codec, bom in (("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-be", codecs.BOM_UTF32_BE)):
        page = tmp_path / f"{codec}.txt"
        page.write_bytes(bom + DAMAGED.encode(codec))
        assert run("--in-place", page).returncode == 0
        assert page.read_bytes() == bom + REPAIRED.encode(codec)


def test_a_file_that_is_a_pipe_is_read_whole(tmp_path: Path) -> None:
    lines = "".join(f"第{i}行。\n" for i in range(2000))  # more than one read buffer
    result = subprocess.run(
        [
            "bash",
            "-c",
            f'{shlex.join(MODULE)} --chars-only <(cat "$0")',
            str(_write(tmp_path, lines)),
        ],
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode("utf-8") == lines


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lines.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("encoding", "stdin"),
    [
        ("rot13", b"abc"),
        ("base64", b"YWJj"),
        ("punycode", b"abc \n"),
        ("unicode_escape", b"x\\ud800"),
    ],
)
def test_an_encoding_that_does_not_give_text_is_refused(encoding: str, stdin: bytes) -> None:
    assert_one_line_error(run("--encoding", encoding, "-", stdin=stdin), encoding)


def test_options_for_pdfs_are_refused_on_text(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(DAMAGED, encoding="utf-8")
    assert_one_line_error(run("--pages", "1", page), "--pages", "PDF")


def test_output_may_not_be_the_file_on_standard_input(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(DAMAGED, encoding="utf-8")
    with page.open("rb") as fh:
        result = subprocess.run([*MODULE, "-o", str(page), "-"], stdin=fh, capture_output=True)
    assert_one_line_error(result, "standard input")
    assert page.read_text(encoding="utf-8") == DAMAGED


def test_explain_counts_lines_ended_by_carriage_returns(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes("会议指出\r切实提高遥\r".encode())
    err = run("--chars-only", "--explain", page).stderr.decode()
    assert f"{page}:2:5: offset 9: 遥 → 。" in err


def test_encoding_option_overrides_detection(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    big5 = "會議指出，要切實提高政治站位。\n"
    page.write_bytes(big5.encode("big5"))  # also valid GB18030, as nonsense
    result = run("--chars-only", "--encoding", "big5", page)
    assert result.stdout == big5.encode("utf-8")


# --- bad input: one line, exit 2, no traceback ------------------------------------------


def test_binary_file_is_refused(command: list[str], tmp_path: Path) -> None:
    blob = tmp_path / "image.png"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert_one_line_error(run(blob, command=command), "image.png", "binary")


def test_binary_stdin_is_refused() -> None:
    assert_one_line_error(run(stdin=bytes(range(256)) * 4), "<stdin>", "binary")


def test_missing_file_is_refused(command: list[str], tmp_path: Path) -> None:
    assert_one_line_error(run(tmp_path / "absent.txt", command=command), "absent.txt")


def test_directory_is_refused(tmp_path: Path) -> None:
    assert_one_line_error(run(tmp_path), "directory")


def test_undecodable_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    odd = tmp_path / "odd.txt"
    odd.write_bytes(b"not \xff text \xfe\xfd\x80\n")
    assert_one_line_error(run(odd), "odd.txt", "--encoding")


def test_file_that_is_not_in_the_forced_encoding_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(DAMAGED.encode("gb18030"))
    assert_one_line_error(run("--encoding", "utf-8", page), "not valid utf-8")


def test_unknown_encoding_is_refused() -> None:
    assert_one_line_error(run("--encoding", "klingon", stdin=b"x"), "unknown encoding")


def test_unknown_option_is_a_one_line_error() -> None:
    assert_one_line_error(run("--frobnicate"), "--frobnicate", "--help")


# --- -o and --in-place ----------------------------------------------------------------


def test_output_option_writes_the_file_and_nothing_to_stdout(tmp_path: Path) -> None:
    page, out = tmp_path / "page.txt", tmp_path / "clean.txt"
    page.write_bytes((DAMAGED + "\n").encode("gb18030"))
    result = run("--chars-only", "-o", out, page)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")
    assert out.read_bytes() == (REPAIRED + "\n").encode("utf-8")
    assert page.read_bytes() == (DAMAGED + "\n").encode("gb18030")


@pytest.mark.parametrize("spelling", ["same", "dot-slash", "symlink"])
def test_output_option_never_overwrites_the_input(tmp_path: Path, spelling: str) -> None:
    page = tmp_path / "page.txt"
    page.write_text(DAMAGED, encoding="utf-8")
    out = {"same": "page.txt", "dot-slash": "./page.txt", "symlink": "link.txt"}[spelling]
    (tmp_path / "link.txt").symlink_to(page)
    result = run("-o", out, "page.txt", cwd=tmp_path)
    assert_one_line_error(result, "--in-place")
    assert page.read_text(encoding="utf-8") == DAMAGED


def test_output_option_leaves_no_file_when_the_input_fails(tmp_path: Path) -> None:
    blob, out = tmp_path / "blob.bin", tmp_path / "out.txt"
    blob.write_bytes(bytes(range(256)))
    assert_one_line_error(run("-o", out, blob))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blob.bin"]


def test_output_option_leaves_an_existing_file_alone_when_the_input_fails(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out.txt"
    out.write_text("previous result")
    assert_one_line_error(run("-o", out, tmp_path / "absent.txt"))
    assert out.read_text() == "previous result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_output_write_failure_is_a_one_line_error() -> None:
    assert_one_line_error(run("-o", "/dev/full", stdin=DAMAGED.encode()), "/dev/full")


def test_output_into_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    result = run("-o", tmp_path / "nowhere" / "out.txt", stdin=DAMAGED.encode())
    assert_one_line_error(result, "folder does not exist")
    assert list(tmp_path.iterdir()) == []


def test_in_place_rewrites_a_gb18030_file_as_gb18030(command: list[str], tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes((DAMAGED + "\r\n").encode("gb18030"))
    result = run("--chars-only", "--in-place", page, command=command)
    assert (result.returncode, result.stdout) == (0, b"")
    assert page.read_bytes() == (REPAIRED + "\r\n").encode("gb18030")
    assert [p.name for p in tmp_path.iterdir()] == ["page.txt"]


def test_in_place_keeps_a_utf8_bom(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(codecs.BOM_UTF8 + DAMAGED.encode("utf-8"))
    run("--chars-only", "--in-place", page)
    assert page.read_bytes() == codecs.BOM_UTF8 + REPAIRED.encode("utf-8")


def test_in_place_keeps_the_file_permissions(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(DAMAGED, encoding="utf-8")
    page.chmod(0o640)
    run("--in-place", page)
    assert page.stat().st_mode & 0o777 == 0o640
    assert REPAIRED in page.read_text(encoding="utf-8")


def test_in_place_does_not_touch_a_clean_file(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(CLEAN, encoding="utf-8")
    os.utime(page, (1_000_000_000, 1_000_000_000))
    assert run("--chars-only", "--in-place", page).returncode == 0
    assert page.stat().st_mtime == 1_000_000_000
    assert page.read_text(encoding="utf-8") == CLEAN


def test_in_place_refuses_stdin() -> None:
    assert_one_line_error(run("--in-place", stdin=DAMAGED.encode()), "--in-place")
    assert_one_line_error(run("--in-place", "-", stdin=DAMAGED.encode()), "--in-place")


def test_in_place_and_output_together_are_refused(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(DAMAGED, encoding="utf-8")
    assert_one_line_error(run("--in-place", "-o", tmp_path / "out.txt", page))
    assert page.read_text(encoding="utf-8") == DAMAGED


# --- --json, --explain, --detect ------------------------------------------------------


def test_json_gives_the_text_and_its_changes(command: list[str]) -> None:
    result = run("--chars-only", "--json", stdin=DAMAGED.encode(), command=command)
    doc = json.loads(result.stdout)
    assert doc["text"] == REPAIRED
    found = [(c["start"], c["end"], c["before"], c["after"]) for c in doc["changes"]]
    assert found == [(4, 5, "袁", "，"), (14, 15, "遥", "。")]
    for change in doc["changes"]:
        assert change["reason"]
        assert 0.5 <= change["confidence"] <= 1.0


def test_json_without_chars_only_is_json_too() -> None:
    result = run("--json", SEED)
    assert result.returncode == 0, result.stderr
    json.loads(result.stdout)


def test_explain_lists_each_change_on_stderr_and_keeps_stdout_the_text(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("标题\n" + DAMAGED + "\n", encoding="utf-8")
    result = run("--chars-only", "--explain", page, cwd=tmp_path)
    assert result.stdout == ("标题\n" + REPAIRED + "\n").encode()
    lines = result.stderr.decode("utf-8").splitlines()
    # file:line:column, then the offset into the input, before → after, reason, confidence
    assert lines[0].startswith(f"{page}:2:5: offset 7: 袁 → ，")
    assert lines[1].startswith(f"{page}:2:15: offset 17: 遥 → 。")
    assert all("confidence" in line for line in lines[:2])
    assert lines[2] == f"{page}: 2 changes"


def test_explain_on_clean_text_says_no_changes() -> None:
    result = run("--explain", "--chars-only", stdin=CLEAN.encode())
    assert result.stdout == CLEAN.encode()
    assert result.stderr.decode() == "<stdin>: 0 changes\n"


def test_detect_reports_damage_and_repairs_nothing(command: list[str]) -> None:
    result = run("--detect", SEED, command=command)
    assert result.returncode == 0
    report = result.stdout.decode("utf-8")
    assert report.startswith(f"{SEED}: damaged")
    assert "shifted_punctuation" in report
    assert "，" not in report.split("\n", 1)[0]


def test_detect_says_clean_text_is_clean() -> None:
    result = run("--detect", stdin=CLEAN.encode())
    assert result.stdout.decode().startswith("<stdin>: looks clean")


def test_detect_json_is_the_detection_report() -> None:
    doc = json.loads(run("--detect", "--json", stdin=DAMAGED.encode()).stdout)
    assert doc["damaged"] is True
    assert doc["length"] == len(DAMAGED)
    assert doc["findings"][0]["kind"] == "shifted_punctuation"
    assert doc["findings"][0]["count"] == 2
    clean = json.loads(run("--detect", "--json", stdin=CLEAN.encode()).stdout)
    assert clean["damaged"] is False


# --- several files --------------------------------------------------------------------


def test_several_files_are_repaired_in_order(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(DAMAGED + "\n", encoding="utf-8")
    b.write_bytes((CLEAN).encode("gb18030"))
    result = run("--chars-only", a, b)
    assert result.stdout == (REPAIRED + "\n" + CLEAN).encode()


def test_a_bad_file_among_several_is_reported_and_the_rest_still_done(tmp_path: Path) -> None:
    a, c = tmp_path / "a.txt", tmp_path / "c.txt"
    a.write_text(DAMAGED, encoding="utf-8")
    c.write_text(CLEAN, encoding="utf-8")
    result = run("--detect", "--json", a, tmp_path / "missing.txt", c)
    assert result.returncode == 2
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [r["file"] for r in records] == [str(a), str(tmp_path / "missing.txt"), str(c)]
    assert records[0]["result"]["damaged"] is True
    assert "missing.txt" in records[1]["error"]
    assert records[2]["result"]["damaged"] is False
    err = result.stderr.decode()
    assert err.count("\n") == 1 and "missing.txt" in err and "Traceback" not in err


def test_in_place_on_several_files_rewrites_each(tmp_path: Path) -> None:
    pages = [tmp_path / f"p{i}.txt" for i in range(3)]
    for p in pages:
        p.write_bytes(DAMAGED.encode("gb18030"))
    assert run("--chars-only", "--in-place", *pages).returncode == 0
    assert all(p.read_bytes() == REPAIRED.encode("gb18030") for p in pages)


def test_output_option_takes_one_input_only(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(DAMAGED)
    assert_one_line_error(run("-o", tmp_path / "out.txt", a, a), "-o")
    assert not (tmp_path / "out.txt").exists()


# --- the command as a program ---------------------------------------------------------


def test_version_names_the_program(command: list[str]) -> None:
    result = run("--version", command=command)
    assert result.returncode == 0
    assert result.stdout.decode().startswith("zhfix 0.")


def test_help_teaches_by_example() -> None:
    result = run("--help")
    assert result.returncode == 0
    text = result.stdout.decode("utf-8")
    for example in (
        "zhfix page.txt",
        "| zhfix",
        "zhfix --explain page.txt",
        "zhfix -o clean.txt page.txt",
        "zhfix --in-place page.txt",
        "zhfix --detect --json",
        "Empty input gives empty output",
    ):
        assert example in text


def test_the_help_example_is_true() -> None:
    # The help shows `echo 会议指出袁要切实提高政治站位遥 | zhfix`; it must print what it says.
    text = run("--help").stdout.decode("utf-8")
    assert f"$ echo {DAMAGED} | zhfix\n  {REPAIRED}\n" in text
    assert run(stdin=f"{DAMAGED}\n".encode()).stdout.decode().strip() == REPAIRED


def test_a_reader_that_stops_early_ends_the_command_quietly() -> None:
    # `zhfix big.txt | head -1`: once head exits, writes fail with EPIPE.
    data = ("plain line of text\n" * 20_000).encode()  # more than a pipe buffer holds
    proc = subprocess.Popen(
        [*MODULE, "--chars-only", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(data)
    proc.stdin.close()
    assert proc.stdout.read(100)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""


def _blocked_reading_stdin(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return len(fields) > 1 and fields[0] == "0" and int(fields[1], 16) == 0  # read(0, ...)


def test_ctrl_c_exits_130_without_a_traceback() -> None:
    proc = subprocess.Popen(
        MODULE, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 30
    while not _blocked_reading_stdin(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    if not _blocked_reading_stdin(proc.pid):
        time.sleep(3)  # no /proc/PID/syscall here: give the interpreter time to start
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert err.decode().strip() == "zhfix: interrupted"


# --- the full restore, once the library has it ----------------------------------------


class _FakeDocument:
    def __init__(self, source: str) -> None:
        import zhfix

        result = zhfix.fix_and_explain(source)
        self.text = result.text
        self.character_changes = result.changes

    def to_text(self) -> str:
        return f"<restored>{self.text}"

    def to_json(self) -> str:
        return json.dumps({"restored": self.text}, ensure_ascii=False, indent=2)


@pytest.fixture
def with_restore(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Give the library a ``restore`` that records its calls (in this process only)."""
    import zhfix

    calls: list[str] = []

    def restore(text: str) -> _FakeDocument:
        calls.append(text)
        return _FakeDocument(text)

    monkeypatch.setattr(zhfix, "restore", restore, raising=False)
    return calls


def _main(*args: str | Path) -> int:
    from zhfix.cli import main

    return main([str(a) for a in args])


def test_the_default_job_is_the_full_restore_when_the_library_has_it(
    with_restore: list[str], tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(DAMAGED, encoding="utf-8")
    assert _main(page) == 0
    assert capfdbinary.readouterr().out == f"<restored>{REPAIRED}".encode()
    assert with_restore == [DAMAGED]


def test_json_of_the_full_restore_is_the_documents_json(
    with_restore: list[str], tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(DAMAGED, encoding="utf-8")
    assert _main("--json", page) == 0
    assert json.loads(capfdbinary.readouterr().out) == {"restored": REPAIRED}


def test_explain_with_the_full_restore_lists_the_character_repairs(
    with_restore: list[str], tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(DAMAGED, encoding="utf-8")
    assert _main("--explain", page) == 0
    err = capfdbinary.readouterr().err.decode()
    assert f"{page}:1:5: offset 4: 袁 → ，" in err
    assert err.endswith(f"{page}: 2 changes\n")


def test_chars_only_skips_the_full_restore(
    with_restore: list[str], tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text(DAMAGED, encoding="utf-8")
    assert _main("--chars-only", page) == 0
    assert capfdbinary.readouterr().out == REPAIRED.encode()
    assert with_restore == []


def test_help_describes_the_full_restore_when_the_library_has_it(
    with_restore: list[str], capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        _main("--help")
    assert exit_.value.code == 0
    assert "--chars-only repairs characters only" in capfdbinary.readouterr().out.decode()


# --- inputs too large for the machine -------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/meminfo")
def test_the_machine_reports_its_free_memory() -> None:
    from zhfix import budget

    free = budget.available_memory()
    assert free is not None and free > 0


def test_a_container_memory_limit_counts_when_it_is_the_smaller(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from zhfix import budget

    limit, usage = tmp_path / "memory.max", tmp_path / "memory.current"
    monkeypatch.setattr(budget, "_CGROUP_FILES", ((str(limit), str(usage)),))
    monkeypatch.setattr(budget, "_meminfo_available", lambda: 8 * 10**9)
    usage.write_text("400000000\n")
    limit.write_text("1000000000\n")
    assert budget.available_memory() == 600_000_000
    limit.write_text("max\n")
    assert budget.available_memory() == 8 * 10**9
    limit.write_text(f"{(1 << 63) - 4096}\n")  # cgroup v1's "no limit"
    assert budget.available_memory() == 8 * 10**9


def test_a_job_larger_than_free_memory_is_refused_before_it_starts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    from zhfix import budget

    page = tmp_path / "page.txt"
    page.write_text(DAMAGED * 10_000, encoding="utf-8")  # 150,000 characters
    # JSON of 150,000 characters needs 108 + 46.5 MB, characters only 108 + 2.55 MB.
    monkeypatch.setattr(budget, "available_memory", lambda: 130 * 10**6)
    out = tmp_path / "out.txt"
    assert _main("--json", "-o", out, page) == 2
    err = capfdbinary.readouterr().err.decode()
    assert err.count("\n") == 1 and err.startswith("zhfix: error: "), err
    assert "150,000 characters need about 154 MB" in err and "130 MB is free" in err
    assert "--chars-only (without --explain or --json) would need about 111 MB" in err
    assert not out.exists()

    assert _main("--chars-only", "-o", out, page) == 0
    assert out.read_text(encoding="utf-8") == REPAIRED * 10_000


def test_a_job_too_large_even_for_chars_only_is_told_to_split(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    from zhfix import budget

    page = tmp_path / "page.txt"
    page.write_text(DAMAGED * 1000, encoding="utf-8")
    monkeypatch.setattr(budget, "available_memory", lambda: 100 * 10**6)  # < the model
    assert _main("--chars-only", page) == 2
    err = capfdbinary.readouterr().err.decode()
    assert "split it into smaller files" in err


def test_in_a_batch_a_file_too_large_is_reported_and_the_others_done(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfdbinary: pytest.CaptureFixture[bytes]
) -> None:
    from zhfix import budget

    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text(DAMAGED * 10_000, encoding="utf-8")
    small.write_text(DAMAGED, encoding="utf-8")
    monkeypatch.setattr(budget, "available_memory", lambda: 130 * 10**6)
    assert _main("--json", big, small) == 2
    captured = capfdbinary.readouterr()
    lines = [json.loads(line) for line in captured.out.decode().splitlines()]
    assert [line["file"] for line in lines] == [str(big), str(small)]
    assert "need about" in lines[0]["error"] and "result" in lines[1]
    assert captured.err.decode().count("zhfix: error:") == 1
