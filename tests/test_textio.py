"""How zhfix reads the user's bytes and writes its results (zhfix.textio).

Input: UTF-8 with or without BOM and GB18030/GBK are recognised without being told;
anything that is not text is refused with one InputError.  Output: files are replaced
whole or not at all.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import sys
from pathlib import Path

import pytest

from zhfix import textio
from zhfix.textio import (
    InputError,
    decode_bytes,
    encode_text,
    read_bytes,
    read_input,
    write_atomic,
)

DAMAGED = "会议指出袁要切实提高政治站位遥\n"


# --- decoding -------------------------------------------------------------------------


def test_utf8_is_read_as_utf8() -> None:
    assert decode_bytes(DAMAGED.encode("utf-8"), "x") == (DAMAGED, "utf-8")


def test_utf8_with_bom_loses_the_bom_and_remembers_it() -> None:
    text, codec = decode_bytes(codecs.BOM_UTF8 + DAMAGED.encode("utf-8"), "x")
    assert (text, codec) == (DAMAGED, "utf-8-sig")
    assert text.encode(codec) == codecs.BOM_UTF8 + DAMAGED.encode("utf-8")


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_gb_family_is_read_as_gb18030(codec: str) -> None:
    text, found = decode_bytes(DAMAGED.encode(codec), "x")
    assert (text, found) == (DAMAGED, "gb18030")


def test_gb18030_four_byte_characters_are_read() -> None:
    text = "𠀀与€都在这里。\n"  # U+20000 and the euro sign need GB18030's four-byte form
    assert decode_bytes(text.encode("gb18030"), "x") == (text, "gb18030")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(codec: str) -> None:
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    data = bom + DAMAGED.encode(codec)
    assert decode_bytes(data, "x") == (DAMAGED, codec)
    assert encode_text(DAMAGED, codec, "x") == data  # written back as it came


def test_empty_input_is_empty_text() -> None:
    assert decode_bytes(b"", "x") == ("", "utf-8")


def test_form_feeds_and_crlf_are_text() -> None:
    text = "第一页。\r\n\f第二页。\r\n"
    assert decode_bytes(text.encode("utf-8"), "x")[0] == text


def test_private_use_characters_in_utf8_are_text() -> None:
    # PDF fonts map glyphs to the private-use area; such text is real and kept.
    text = "\ue000\ue001\ue002 第一页\n"
    assert decode_bytes(text.encode("utf-8"), "x")[0] == text


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.png")


def test_many_control_characters_mean_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(1, 9)) * 100 + "一些文字".encode(), "blob")


def test_gbk_user_defined_area_is_not_text() -> None:
    # Valid GB18030, but it decodes to nothing but private-use characters.
    with pytest.raises(InputError, match="not text"):
        decode_bytes(b"\xaa\xa1\xfe\xfe" * 100, "blob")


def test_big5_read_as_gb18030_is_refused_with_a_hint_to_name_it() -> None:
    big5 = ("會議指出，要切實提高政治站位。我們的目標是星辰大海。" * 20).encode("big5")
    with pytest.raises(InputError, match="Big5 or another encoding, name it with --encoding"):
        decode_bytes(big5, "page.txt")
    assert decode_bytes(big5, "page.txt", "big5")[0].startswith("會議指出，")


def test_bytes_in_no_recognisable_encoding_are_refused_with_a_hint() -> None:
    with pytest.raises(InputError) as e:
        decode_bytes(b"not \xff text \xfe\xfd\x80\n", "odd.txt")
    message = str(e.value)
    assert message.startswith("odd.txt: ")
    assert "--encoding" in message
    assert "\n" not in message


def test_shift_jis_falls_back_to_a_detected_multibyte_encoding() -> None:
    # Half-width katakana make this invalid as UTF-8 and GB18030 alike.
    text = "ｺﾝﾆﾁﾊ ﾃｽﾄ です。日本語のテキスト\n" * 3
    decoded, codec = decode_bytes(text.encode("shift_jis"), "x")
    assert decoded == text
    assert codec in {"cp932", "shift_jis"}


def test_forced_encoding_is_used_strictly() -> None:
    big5 = "會議指出，要切實提高政治站位。\n"
    assert decode_bytes(big5.encode("big5"), "x", encoding="big5") == (big5, "big5")
    with pytest.raises(InputError, match="not valid utf-8"):
        decode_bytes(big5.encode("big5"), "x", encoding="utf-8")


def test_unknown_forced_encoding_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"abc", "x", encoding="no-such-codec")


def test_an_encoding_name_with_a_nul_is_unknown_not_a_crash() -> None:
    # codecs.lookup raises ValueError, not LookupError, for an embedded NUL
    with pytest.raises(InputError, match="unknown encoding"):
        decode_bytes(b"abc", "x", encoding="utf\x008")


# --- reading --------------------------------------------------------------------------


def test_reading_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_bytes(str(tmp_path / "absent.txt"))


def test_reading_a_directory_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        read_bytes(str(tmp_path))


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(textio.MAX_INPUT_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(InputError, match="larger than 1 GiB"):
        read_bytes(str(big))


def test_stdin_over_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 11)))
    with pytest.raises(InputError, match="<stdin>: input is larger than 10 bytes"):
        read_bytes("-", max_bytes=10)


def test_stdin_is_read_as_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DAMAGED.encode("gb18030"))))
    decoded = read_input("-")
    assert (decoded.name, decoded.text, decoded.encoding, decoded.path) == (
        "<stdin>",
        DAMAGED,
        "gb18030",
        None,
    )


def test_a_closed_stdin_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="no standard input"):
        read_bytes("-")


# --- writing --------------------------------------------------------------------------


def _debris(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".zhfix-tmp")]


def test_write_creates_a_file_with_the_usual_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    old = os.umask(0o022)
    try:
        write_atomic(out, b"abc")
    finally:
        os.umask(old)
    assert out.read_bytes() == b"abc"
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_write_replaces_a_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    out.write_bytes(b"old contents")
    out.chmod(0o640)
    write_atomic(out, b"new")
    assert out.read_bytes() == b"new"
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert _debris(tmp_path) == []


@pytest.mark.parametrize("failure", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_failed_write_leaves_the_old_file_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    out = tmp_path / "out.txt"
    out.write_bytes(b"old contents")

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    expected = InputError if isinstance(failure, OSError) else KeyboardInterrupt
    with pytest.raises(expected):
        write_atomic(out, b"new contents that never land")
    assert out.read_bytes() == b"old contents"
    assert _debris(tmp_path) == []


def test_a_failed_write_of_a_new_file_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(InputError, match="cannot write: Input/output error"):
        write_atomic(tmp_path / "new.txt", b"data")
    assert list(tmp_path.iterdir()) == []


def test_write_through_a_symlink_replaces_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"


def test_write_to_a_device_writes_through_it() -> None:
    write_atomic("/dev/null", b"discarded")  # must not try to replace /dev/null


def test_write_to_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="folder does not exist"):
        write_atomic(tmp_path / "no" / "such" / "out.txt", b"x")


def test_write_over_a_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        write_atomic(tmp_path, b"x")


def test_text_that_the_original_encoding_cannot_hold_is_refused() -> None:
    with pytest.raises(InputError, match="cannot store"):
        textio.encode_text("€ sign", "big5", "page.txt")


def test_same_file_sees_through_links_and_spellings(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("x")
    (tmp_path / "link.txt").symlink_to(a)
    os.link(a, tmp_path / "hard.txt")
    (tmp_path / "b.txt").write_text("x")
    assert textio.same_file(a, tmp_path / "link.txt")
    assert textio.same_file(a, tmp_path / "hard.txt")
    assert textio.same_file(a, tmp_path / "." / "a.txt")
    assert not textio.same_file(a, tmp_path / "b.txt")
    assert not textio.same_file(a, tmp_path / "absent.txt")
