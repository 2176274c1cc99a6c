"""Safe output for PDF input: ``--write-pdf`` writes a regular file or a new one, and
nothing else; one output path is never named twice; a PDF on standard input is read;
options that mean nothing for a PDF are refused in one line."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")
sys.path.insert(0, str(Path(__file__).parent))

import pdf_fixtures as F  # noqa: E402

from zhfix.cli import main as _main  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "data" / "newspapers"


def main(argv: list[str]) -> int:
    """The command's exit status, whether it returns it or a usage error exits."""
    try:
        return _main(argv)
    except SystemExit as e:
        return int(e.code or 0)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf-output")
    return F.make_newspaper(folder / "page.pdf", pages=1, seed=3).path


def one_error_line(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("zhfix: error: ")
    assert "Traceback" not in captured.err
    for word in words:
        assert word in captured.err
    return captured.err


def debris(folder: Path) -> list[str]:
    """Temporary files a failed write could leave beside its target."""
    return [p.name for p in folder.iterdir() if p.name.endswith((".part", ".zhfix-tmp"))]


# ------------------------------------------------------------------ --write-pdf targets


def test_a_fifo_is_refused_and_stays_a_fifo(pdf: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "out.pdf"
    os.mkfifo(fifo)
    assert main([str(pdf), "--write-pdf", str(fifo)]) == 2  # returns: nothing opens it
    one_error_line(capsys, "not a regular file")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert debris(tmp_path) == []


def test_a_device_is_refused_and_dev_null_stays_a_device(pdf: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = os.stat("/dev/null")
    assert main([str(pdf), "--write-pdf", "/dev/null"]) == 2
    one_error_line(capsys, "/dev/null", "not a regular file")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino
    assert debris(Path("/dev")) == []


def test_a_directory_is_refused_and_left_as_it_was(pdf: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "out"
    folder.mkdir()
    assert main([str(pdf), "--write-pdf", str(folder)]) == 2
    one_error_line(capsys, "is a directory")
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert debris(tmp_path) == []


def test_a_missing_folder_is_refused(pdf: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main([str(pdf), "--write-pdf", str(tmp_path / "missing" / "out.pdf")]) == 2
    one_error_line(capsys, "folder does not exist")
    assert list(tmp_path.iterdir()) == []


def test_a_file_where_a_folder_should_be_is_refused(pdf: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # Tests run as root, which may write anywhere permissions guard; a file standing
    # where the path needs a folder cannot be written into by anyone.
    blocker = tmp_path / "notes.txt"
    blocker.write_text("keep me\n")
    assert main([str(pdf), "--write-pdf", str(blocker / "out.pdf")]) == 2
    one_error_line(capsys)
    assert blocker.read_text() == "keep me\n"
    assert debris(tmp_path) == []


def test_an_unwritable_folder_is_refused_after_the_work(pdf: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # /proc takes no new files, not even from root.
    target = Path("/proc/zhfix-test-out.pdf")
    assert main([str(pdf), "--write-pdf", str(target)]) == 2
    one_error_line(capsys, "cannot write")
    assert not target.exists()
    assert debris(Path("/proc")) == []


def test_a_symlink_is_written_through(pdf: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    real = tmp_path / "real.pdf"
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    assert main([str(pdf), "--write-pdf", str(link)]) == 0
    capsys.readouterr()
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes().startswith(b"%PDF-")
    assert debris(tmp_path) == []


def test_an_existing_file_is_replaced_whole(pdf: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "fixed.pdf"
    target.write_bytes(b"old")
    assert main([str(pdf), "--write-pdf", str(target)]) == 0
    capsys.readouterr()
    assert target.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fixed.pdf"]


# ------------------------------------------------------------------ one path, named once


def test_o_and_write_pdf_may_not_name_one_file(pdf: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert main([str(pdf), "-o", str(out), "--write-pdf", str(out)]) == 2
    one_error_line(capsys, "both name")
    assert not out.exists()
    # Nor through a link to it.
    out.write_text("mine\n")
    link = tmp_path / "link"
    link.symlink_to(out)
    assert main([str(pdf), "-o", str(out), "--write-pdf", str(link)]) == 2
    one_error_line(capsys, "both name")
    assert out.read_text() == "mine\n"


def test_one_write_pdf_for_several_pdfs_is_refused(pdf: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "fixed.pdf"
    assert main([str(pdf), str(pdf), "--write-pdf", str(target)]) == 2
    one_error_line(capsys, "one PDF")
    assert not target.exists()


def test_write_pdf_may_not_name_the_input(pdf: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = pdf.read_bytes()
    assert main([str(pdf), "--write-pdf", str(pdf)]) == 2
    one_error_line(capsys, "is the input file")
    assert pdf.read_bytes() == before


# ------------------------------------------------------------------ options


@pytest.mark.parametrize(
    "option",
    [["--chars-only"], ["--in-place"], ["--detect"], ["--explain"], ["--encoding", "gbk"]],
)
def test_options_that_do_not_apply_to_pdfs_are_refused(pdf: Path, option, capsys) -> None:  # type: ignore[no-untyped-def]
    before = pdf.read_bytes()
    assert main([str(pdf), *option]) == 2
    one_error_line(capsys, option[0])
    assert pdf.read_bytes() == before


# ------------------------------------------------------------------ standard input


def run(*args: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "zhfix", *args], input=stdin, capture_output=True, timeout=300
    )


def test_a_pdf_on_standard_input_is_read(pdf: Path, tmp_path: Path) -> None:
    data = pdf.read_bytes()
    from_file = run(str(pdf), stdin=b"")
    assert from_file.returncode == 0
    dash = run("-", stdin=data)
    assert dash.returncode == 0, dash.stderr
    assert dash.stdout == from_file.stdout and dash.stdout.strip()
    piped = run("--json", stdin=data)
    assert piped.returncode == 0, piped.stderr
    assert (
        json.loads(piped.stdout)["articles"]
        == json.loads(run("--json", str(pdf), stdin=b"").stdout)["articles"]
    )
    fixed = tmp_path / "fixed.pdf"
    written = run("--write-pdf", str(fixed), stdin=data)
    assert written.returncode == 0, written.stderr
    assert fixed.read_bytes().startswith(b"%PDF-")


def test_a_broken_pdf_on_standard_input_is_one_line(pdf: Path) -> None:
    result = run("-", stdin=pdf.read_bytes()[:400])
    assert result.returncode == 2 and result.stdout == b""
    err = result.stderr.decode()
    assert err.count("\n") == 1 and "<stdin>" in err and "Traceback" not in err


# ------------------------------------------------------------------ damaged inside

def damaged_inside(folder: Path) -> Path:
    """A Chromium newspaper with 3,000 bytes zeroed after the tenth ``stream`` keyword (its
    fonts): it still starts with ``%PDF-`` and ends with ``%%EOF``, so it passes the checks
    made before reading, and fails deep in the PDF libraries instead."""
    data = bytearray((FIXTURES / "dev" / "chromium-song-hei.pdf").read_bytes())
    at = -1
    for _ in range(10):
        at = data.find(b"stream", at + 1)
    at += len("stream\r\n")
    data[at : at + 3000] = bytes(3000)
    path = folder / "damaged.pdf"
    path.write_bytes(bytes(data))
    return path


def test_a_pdf_damaged_inside_is_one_line_and_the_other_files_are_still_done(
    pdf: Path, tmp_path: Path, capsys  # type: ignore[no-untyped-def]
) -> None:
    damaged = damaged_inside(tmp_path)
    assert main(["--pages", "1", "--write-pdf", str(tmp_path / "out.pdf"), str(damaged)]) == 2
    one_error_line(capsys, "damaged.pdf", "structure is damaged")
    assert not (tmp_path / "out.pdf").exists() and debris(tmp_path) == []
    assert main(["--json", str(damaged), str(pdf)]) == 2
    captured = capsys.readouterr()
    lines = [json.loads(line) for line in captured.out.splitlines()]
    assert [sorted(line) for line in lines] == [["error", "file"], ["file", "result"]]
    assert lines[1]["result"]["articles"]
    assert "Traceback" not in captured.err
