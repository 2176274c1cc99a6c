"""Reading the user's text and writing the result back safely.

Text copied out of Chinese PDFs reaches zhfix as UTF-8 (with or without a BOM) or as
GB18030/GBK from older Windows tools; both are recognised without being told.  Anything
that is not text -- a binary file, a directory, a file that decodes in no plausible
encoding -- is refused with an :class:`InputError` whose message is one line meant for
the user, so the command line can print it without a traceback.

Output is written atomically (a temporary file in the same folder, then ``os.replace``):
an interrupted or failed write never leaves a half-written file, and the input file is
only ever replaced whole.
"""

from __future__ import annotations

import codecs
import os
import re
import secrets
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: Larger inputs are refused: repair works on the whole text in memory.
MAX_INPUT_BYTES = 1 << 30

#: The name under which standard input is reported.
STDIN_NAME = "<stdin>"

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 first: its little-endian BOM begins with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: The byte-order mark written before text in each byte-order-marked encoding (utf-8-sig
#: writes its own).
_BOM_OF = {codec: bom for bom, codec in _BOMS if codec != "utf-8-sig"}

#: Encodings whose guess by charset-normalizer is trusted.  Its guesses among single-byte
#: code pages are unreliable (Latin-1 text comes back as cp1250), and a damaged GBK file
#: "decoded" as one would turn into mojibake silently; better to ask for --encoding.
_TRUSTED_GUESSES = frozenset(
    {
        "big5",
        "big5hkscs",
        "cp950",
        "cp932",
        "shift_jis",
        "euc_jp",
        "euc_kr",
        "cp949",
        "utf_16",
        "utf_16_le",
        "utf_16_be",
        "utf_32",
        "utf_32_le",
        "utf_32_be",
    }
)

#: Control characters other than tab, line feed, vertical tab, form feed (pdftotext puts
#: one between pages) and carriage return: real text has next to none of them.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
#: Private-use code points, which a legacy codec produces from byte pairs no text uses.
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff\U000f0000-\U0010ffff]")

#: Lone surrogates, which some codecs (unicode_escape, utf-7) decode to and no text holds.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Share of implausible characters above which decoded bytes are judged not to be text.
_MAX_JUNK_RATIO = 0.02


class InputError(Exception):
    """A problem with what the user handed zhfix -- an input file, its encoding, an output
    path -- explained in one line that names the file, fit to print as it is."""


@dataclass(frozen=True, slots=True)
class DecodedInput:
    """Text read from a file or standard input, and how to write it back.

    ``encoding`` is the Python codec that decoded it (``"utf-8-sig"`` when it had a BOM),
    so that ``--in-place`` can write the repaired text back the way it came.
    """

    name: str
    text: str
    encoding: str
    path: Path | None = None


def read_bytes(source: str, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """Read all bytes from the file ``source``, or standard input when it is ``"-"``.

    Raises :class:`InputError` for a missing or unreadable file, a directory, or an input
    larger than ``max_bytes``.
    """
    if source == "-":
        stream = sys.stdin.buffer if sys.stdin is not None else None
        if stream is None:
            raise InputError(f"{STDIN_NAME}: there is no standard input to read")
        return _read_limited(stream, STDIN_NAME, max_bytes)
    try:
        with open(source, "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
                raise InputError(_too_large(source, max_bytes))
            return _read_limited(f, source, max_bytes)
    except FileNotFoundError:
        raise InputError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{source}: is a directory, not a text file") from None
    except PermissionError:
        raise InputError(f"{source}: permission denied") from None
    except OSError as e:
        raise InputError(f"{source}: cannot read: {e.strerror or e}") from None


def _read_limited(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    # Read one byte past the limit, so a pipe or special file cannot run us out of memory.
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(_too_large(name, max_bytes))
    return data


def _too_large(name: str, max_bytes: int) -> str:
    return f"{name}: input is larger than {_size(max_bytes)}; split it into smaller files"


def _size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB"):
        if n < 1024:
            return f"{n} {unit}"
        n //= 1024
    return f"{n} GiB"


def decode_bytes(
    data: bytes, name: str, encoding: str | None = None, errors: str = "strict"
) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, codec)``.

    ``errors="replace"`` salvages input with bytes that are not valid in its encoding
    (U+FFFD for each bad sequence): in the ``encoding`` given, or in UTF-8 for a file
    cut short inside a UTF-8 character or one with a few bad bytes.  With the default,
    ``"strict"``, such input is refused, the cut file with a message saying so.

    With ``encoding`` given, that codec is used strictly.  Otherwise a byte-order mark
    decides; then UTF-8, then GB18030 (a superset of GBK and GB2312), both strict; then
    charset-normalizer's guess, accepted only among multi-byte encodings.  Text that
    decodes but is clearly not text (NUL bytes, many control characters) is refused.
    """
    if encoding is not None:
        codec = _codec_name(encoding)
        try:
            text = data.decode(codec, errors)
        except UnicodeDecodeError as e:
            raise InputError(f"{name}: not valid {encoding}: {_where(e)}") from None
        except UnicodeError as e:
            raise InputError(f"{name}: not valid {encoding}: {e}") from None
        surrogate = _SURROGATE.search(text)
        if surrogate is not None:
            raise InputError(
                f"{name}: read as {encoding}, it has a lone surrogate "
                f"(U+{ord(surrogate.group()):04X}), which is not text"
            )
        return _check_plausible(text, name, codec), codec

    if not data:
        return "", "utf-8"
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                # Decoded without its mark, written back with it (encode_text), in the
                # same byte order.
                text = data[len(bom) :].decode(codec)
                return _check_plausible(text, name, codec), codec
            except UnicodeDecodeError as e:
                raise InputError(
                    f"{name}: starts with a {codec.upper()} byte-order mark but is not "
                    f"{codec.upper()}: {_where(e)}"
                ) from None
    if b"\x00" in data:
        raise InputError(f"{name}: looks like binary data (it contains NUL bytes), not text")
    cut = _cut_utf8(data)
    if cut is not None:
        if errors != "replace":
            raise InputError(
                f"{name}: ends inside a UTF-8 character (its last {cut} byte"
                f"{'s' if cut > 1 else ''}, {data[-cut:].hex(' ')}, begin one): the file "
                "looks cut short; --errors replace repairs the rest"
            )
        return _check_plausible(data.decode("utf-8", "replace"), name, "utf-8"), "utf-8"

    failures = []
    for codec in ("utf-8", "gb18030"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as e:
            failures.append(f"not {codec.upper()} ({_where(e)})")
            continue
        return _check_plausible(text, name, codec), codec

    guess = _guess(data)
    if guess is not None:
        return _check_plausible(guess[0], name, guess[1]), guess[1]
    if errors == "replace":
        text = data.decode("utf-8", "replace")
        if text.count("\ufffd") <= _MAX_JUNK_RATIO * len(text):
            return _check_plausible(text, name, "utf-8"), "utf-8"
    raise InputError(
        f"{name}: cannot tell its encoding: {'; '.join(failures)}; "
        "name it with --encoding if you know it"
    )


def _cut_utf8(data: bytes) -> int | None:
    """How many bytes of an unfinished UTF-8 character end ``data``, when everything
    before them is valid UTF-8 (a file cut short); None otherwise."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.end == len(data) and e.reason == "unexpected end of data" and e.start > 0:
            return len(data) - e.start
    return None


def _codec_name(encoding: str) -> str:
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        raise InputError(f"unknown encoding {encoding!r} given to --encoding") from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib ...
        raise InputError(f"--encoding {encoding!r} is not a text encoding")
    return info.name


def _where(e: UnicodeDecodeError) -> str:
    bad = e.object[e.start : e.end]
    return f"byte{'s' if len(bad) > 1 else ''} {bad.hex(' ')} at offset {e.start}"


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's reading of ``data``, if it is one worth trusting."""
    from charset_normalizer import from_bytes  # only needed for rare inputs

    best = from_bytes(data).best()
    if best is None or best.encoding not in _TRUSTED_GUESSES:
        return None
    return str(best), best.encoding


def _check_plausible(text: str, name: str, codec: str) -> str:
    """Refuse decoded bytes that are clearly not text.

    Control characters count against any text.  Private-use code points count only when
    a legacy codec produced them: GB18030 maps almost any byte sequence somewhere, while
    in UTF-8 text private-use characters are real (PDF fonts emit them).
    """
    controls = len(_CONTROLS.findall(text))
    private = 0 if codec.startswith("utf") else len(_PRIVATE_USE.findall(text))
    if controls + private > _MAX_JUNK_RATIO * len(text):
        if private > controls:  # bytes a legacy codec could not place: another encoding
            raise InputError(
                f"{name}: read as {codec.upper()} it is not text ({private} characters with "
                "no meaning); if it is Big5 or another encoding, name it with --encoding"
            )
        raise InputError(
            f"{name}: looks like binary data, not text ({controls + private} unprintable "
            "characters)"
        )
    return text


def display_name(source: str) -> str:
    """How an input is named in messages: its path, or ``<stdin>`` for ``"-"``."""
    return STDIN_NAME if source == "-" else source


def read_input(
    source: str,
    encoding: str | None = None,
    max_bytes: int = MAX_INPUT_BYTES,
    errors: str = "strict",
) -> DecodedInput:
    """Read and decode the file ``source`` (``"-"`` for standard input); ``errors`` as
    for :func:`decode_bytes`.

    An empty input is valid and gives empty text.  Every failure is an :class:`InputError`.
    """
    data = read_bytes(source, max_bytes)
    name = display_name(source)
    text, codec = decode_bytes(data, name, encoding, errors)
    return DecodedInput(name, text, codec, None if source == "-" else Path(source))


def encode_text(text: str, encoding: str, name: str) -> bytes:
    """Encode ``text`` for writing to ``name`` in ``encoding`` as :func:`decode_bytes`
    named it (with its byte-order mark, if it had one); :class:`InputError` if it cannot
    be."""
    try:
        return _BOM_OF.get(encoding, b"") + text.encode(encoding)
    except UnicodeEncodeError as e:
        raise InputError(
            f"{name}: the repaired text has {e.object[e.start]!r}, which {encoding} cannot "
            "store; write to a new file with -o instead (it is written as UTF-8)"
        ) from None


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether ``a`` and ``b`` name the same existing file (through links, too)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_regular_target(path: str | os.PathLike[str]) -> None:
    """Refuse, before any work, an output path that is not a regular file or a new file
    in an existing folder: a device, FIFO, socket or directory (through links, too)."""
    target = os.path.realpath(path)
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if not os.path.isdir(os.path.dirname(target) or "."):
            raise InputError(f"{path}: its folder does not exist") from None
        return
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{path}: not a regular file (a device, pipe or socket); name a file")


def write_atomic(path: str | os.PathLike[str], data: bytes, *, regular_only: bool = False) -> None:
    """Replace the file ``path`` with ``data`` all at once.

    The bytes go to a temporary file beside the target, are flushed to disk, and the
    temporary file is renamed over the target, so readers see the old file or the new
    one, never a part.  A symbolic link is followed: the file it points to is replaced
    and the link stays.  An existing file keeps its permission bits; a new one gets the
    usual ones (0666 less the umask).  A device or pipe (``/dev/stdout``, a FIFO) cannot
    be replaced, only written to, and is -- unless ``regular_only``, which refuses
    anything but a regular file or a new one (:func:`check_regular_target`).
    """
    if regular_only:
        check_regular_target(path)
    elif os.path.abspath(path).startswith(("/dev/", "/proc/")):
        # /dev/stdout and its kin name whatever the process has open; replacing what
        # they resolve to would swap a file out from under the shell that opened it.
        _write_through(path, data)
        return
    target = Path(os.path.realpath(path))
    try:
        st: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        st = None
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        if regular_only:  # it changed since the check
            raise InputError(f"{path}: not a regular file; name a file")
        _write_through(path, data)
        return
    if not target.parent.is_dir():
        raise InputError(f"{path}: its folder does not exist")

    tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.zhfix-tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            if st is not None:
                os.fchmod(f.fileno(), stat.S_IMODE(st.st_mode))
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException as e:
        # Any failure, Ctrl-C included, must leave the target as it was and no debris.
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise InputError(f"{path}: cannot write: {e.strerror or e}") from None
        raise


def _write_through(path: str | os.PathLike[str], data: bytes) -> None:
    try:
        with open(path, "ab") as f:  # append: /dev/stdout may be a file with output in it
            f.write(data)
    except OSError as e:
        raise InputError(f"{path}: cannot write: {e.strerror or e}") from None


def looks_like_pdf(source: str) -> bool:
    """True for a path named ``*.pdf`` or a file that starts like a PDF (``-`` is stdin)."""
    if source == "-":
        return False
    if source.lower().endswith(".pdf"):
        return True
    try:
        if not stat.S_ISREG(os.stat(source).st_mode):
            return False  # a pipe (<(cmd), /dev/stdin, a FIFO) cannot be read twice
        with open(source, "rb") as fh:
            return fh.read(5) == b"%PDF-"
    except OSError:
        return False
