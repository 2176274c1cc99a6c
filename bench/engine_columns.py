"""Column dumps made by real engines: held-out text printed by headless Chromium, and
typeset by Typst, into a narrow justified column, and copied out of the PDF as a user would.

Each document is a few held-out paragraphs on a page of its own, set in one column of a
given width (in em), justified, first lines indented by two em, in a CJK font.  English
paragraphs are set ragged right (justified a dozen words wide, their gaps make pdftotext
read them as columns and scramble the words).  Some
documents get half-width digits and the spaces many writers and typesetters put between
Chinese and Latin or digits (``6 月 6 日``, ``Python 3.11 发布``); some get an English
paragraph.  The text is taken out of the PDF with pypdfium2 (``get_text_range()`` per
page, ``\\r\\n`` line ends) or poppler's ``pdftotext`` (pages split at form feeds), and
about half the documents then get the Founder shift damage.

The truth of a paragraph is its printed text with the spaces between Chinese and
Latin/digits taken out (GB/T 15834/15835, what the restore makes of a column dump); the
spaces between Latin words stay.

Two sets that share no text, width or font: ``dev`` to iterate on, ``test`` for the
figures.  PDFs are cached under ``$XDG_CACHE_HOME/zhfix-bench`` by their content.

Two engines, so that the figures do not rest on one engine's line breaking and PDF
text: Chromium (Blink's line breaker, Skia's PDF) and Typst (its own line breaker, with
the CJK-Latin gap and punctuation compression of its ``zh`` rules, its own PDF writer).
Each engine gets its own draw of documents from the same set.

Needs ``chromium``, ``poppler-utils`` and ``fonts-noto-cjk fonts-wqy-zenhei
fonts-arphic-uming`` (Debian), and ``pypdfium2``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

import corpus  # noqa: E402

from tools.pdf_fixtures.chromium_engine import CHROMIUM_FLAGS  # noqa: E402
from zhfix.charclass import CJK  # noqa: E402
from zhfix.shift import shift  # noqa: E402

_TO_HALF = str.maketrans(
    {chr(0xFF10 + i): chr(0x30 + i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
)
_CJK_THEN_LATIN = re.compile(f"(?<=[{CJK}])(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%])(?=[{CJK}])")
_CJK_CHAR = re.compile(f"[{CJK}]")
_SPACE_AROUND_CJK = re.compile(f"(?<=[{CJK}]) +(?=[0-9A-Za-z])|(?<=[0-9A-Za-z%]) +(?=[{CJK}])")
MAX_DOC_CHARS = 1400  # what fits on one page at the narrowest width


@dataclass(frozen=True)
class SetSpec:
    """What one set is printed from and with."""

    name: str
    chinese: Callable[[], list[str]]
    english: Callable[[], list[str]]
    fonts: tuple[str, ...]
    widths_em: tuple[int, ...]
    seed: int


@dataclass
class EngineSample:
    """One extracted page: the text a user copies, and the paragraphs it should give."""

    damaged: str
    truth: list[str]
    shifted: bool
    extractor: str
    font: str
    width_em: int


def _license_paragraphs(name: str) -> list[str]:
    """English prose paragraphs of a licence text Debian ships (blank-line separated)."""
    raw = Path("/usr/share/common-licenses", name).read_text(encoding="utf-8")
    out = []
    for block in re.split(r"\n\s*\n", raw):
        para = " ".join(block.split())
        if 80 <= len(para) <= 500 and para.count(" ") > 10 and para[-1] in ".;:":
            out.append(para)
    return out


def _news(part: int) -> Callable[[], list[str]]:
    def load() -> list[str]:
        paras = corpus.people_daily("heldout")
        half = len(paras) // 2
        return paras[:half] if part == 0 else paras[half:]

    return load


def _with(
    news: Callable[[], list[str]], *others: Callable[[], list[str]]
) -> Callable[[], list[str]]:
    """News, then technical writing: each document is drawn from a run of one source."""

    def load() -> list[str]:
        paras = news()
        for loader in others:
            try:
                paras += loader()
            except (RuntimeError, OSError, AttributeError) as exc:
                # Said, not silent: without its Debian packages a split has no technical
                # text, and its figures mean something else.
                print(f"(engine columns: skipping a technical source: {exc})", file=sys.stderr)
        return paras

    return load


_DEV_TECHNICAL = tuple(
    (lambda f: lambda: f("heldout"))(getattr(corpus, name))
    for name in (
        "libreoffice_help",
        "debian_faq",
        "maint_guide",
        "debian_edu_manual",
        "kicad_doc",
        "gimp_help",
    )
)


SETS = {
    "dev": SetSpec(
        "dev",
        _with(_news(0), *_DEV_TECHNICAL),
        lambda: _license_paragraphs("GPL-3"),
        ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "AR PL SungtiL GB"),
        (13, 16, 19, 22, 27),
        12,
    ),
    "test": SetSpec(
        "test",
        _with(_news(1), corpus.debian_reference, lambda: corpus.manpages("heldout")),
        lambda: _license_paragraphs("Apache-2.0") + _license_paragraphs("MPL-2.0"),
        ("Noto Serif CJK SC", "WenQuanYi Zen Hei", "AR PL UMing CN"),
        (12, 15, 18, 21, 25, 30),
        34,
    ),
}


#: ASCII punctuation next to Chinese, which the restore makes full-width (GB/T 15834): a
#: paragraph with it has no unambiguous truth to score against.
_ASCII_PUNCT_BY_CJK = re.compile(f"[{CJK}] ?[(),;:!?\"']|[(),;:!?\"'] ?[{CJK}]")


def _usable(par: str) -> bool:
    return (
        20 <= len(par) <= 600
        and "\n" not in par
        and not par.startswith(("　", " "))
        and not _ASCII_PUNCT_BY_CJK.search(par)
    )


def documents(spec: SetSpec, n_docs: int) -> list[tuple[list[str], list[str], str, int]]:
    """``n_docs`` documents: (printed paragraphs, truth paragraphs, font, width)."""
    rng = random.Random(spec.seed)
    chinese = [p for p in spec.chinese() if _usable(p)]
    english = spec.english()
    docs = []
    for _ in range(n_docs):
        half = rng.random() < 0.6
        spaced = rng.random() < 0.5
        k = rng.randint(2, 8)
        at = rng.randrange(0, len(chinese) - k)
        printed = []
        for para in chinese[at : at + k]:
            if half:
                para = para.translate(_TO_HALF)
            if spaced:
                para = _CJK_THEN_LATIN.sub(" ", para)
            printed.append(para)
        if english and rng.random() < 0.3:
            printed.insert(rng.randrange(len(printed) + 1), rng.choice(english))
        while sum(map(len, printed)) > MAX_DOC_CHARS and len(printed) > 1:
            printed.pop()
        truth = [_SPACE_AROUND_CJK.sub("", p) for p in printed]
        docs.append((printed, truth, rng.choice(spec.fonts), rng.choice(spec.widths_em)))
    return docs


def page_html(docs: list[tuple[list[str], list[str], str, int]]) -> str:
    """One page per document, each in its own column width and font."""
    sections = []
    for printed, _, font, width in docs:
        body = "".join(
            f"<p>{html.escape(p)}</p>"
            if _CJK_CHAR.search(p)
            else f'<p lang="en">{html.escape(p)}</p>'
            for p in printed
        )
        sections.append(f"<section style=\"width:{width}em;font-family:'{font}'\">{body}</section>")
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>'
        "@page { size: 200mm 1000mm; margin: 10mm; }"
        "body { font-size: 10pt; line-height: 1.5; margin: 0; }"
        "section { text-align: justify; break-after: page; }"
        "p { margin: 0; text-indent: 2em; }"
        # Justified English a dozen words wide leaves gaps pdftotext reads as columns,
        # scrambling the words: typesetters set such Latin ragged right.
        "p:lang(en) { text-align: left; }"
        "</style></head><body>" + "".join(sections) + "</body></html>"
    )


def _typst_string(text: str) -> str:
    """A Typst string literal: the text is set as it is, never read as markup."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def typst_source(docs: list[tuple[list[str], list[str], str, int]]) -> str:
    """The same pages as :func:`page_html`, as a Typst document: one page per document,
    a justified column of the document's width in its font, first lines indented two em,
    English paragraphs ragged right."""
    head = (
        "#set page(width: 200mm, height: 1000mm, margin: 10mm)\n"
        '#set text(size: 10pt, lang: "zh", region: "cn")\n'
        "#set par(justify: true, leading: 0.5em, spacing: 0.5em,"
        " first-line-indent: (amount: 2em, all: true))\n"
    )
    pages = []
    for printed, _, font, width in docs:
        body = "".join(
            f"#par[#{_typst_string(p)}]\n"
            if _CJK_CHAR.search(p)
            else f'#par(justify: false)[#text(lang: "en")[#{_typst_string(p)}]]\n'
            for p in printed
        )
        pages.append(
            f"#block(width: {width}em)[#set text(font: {_typst_string(font)})\n{body}]\n"
        )
    return head + "#pagebreak()\n".join(pages)


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    path = base / "zhfix-bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def print_pdf(page: str) -> Path:
    """The PDF Chromium prints of ``page`` (cached by content)."""
    key = hashlib.sha256(page.encode()).hexdigest()[:20]
    pdf = _cache_dir() / f"{key}.pdf"
    if pdf.exists():
        return pdf
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise RuntimeError("chromium not found: apt-get install chromium fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp, "page.html")
        src.write_text(page, encoding="utf-8")
        out = Path(tmp, "out.pdf")
        subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={out}",
                src.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        shutil.move(out, pdf)
    return pdf


def typeset_pdf(source: str) -> Path:
    """The PDF Typst makes of ``source`` (system fonts; cached by content)."""
    key = hashlib.sha256(source.encode()).hexdigest()[:20]
    pdf = _cache_dir() / f"typst-{key}.pdf"
    if pdf.exists():
        return pdf
    try:
        import typst
    except ImportError as exc:
        raise RuntimeError("typst not installed: pip install typst") from exc
    data = typst.compile(source.encode("utf-8"), format="pdf", font_paths=["/usr/share/fonts"])
    tmp = pdf.with_suffix(".tmp")
    tmp.write_bytes(data)  # type: ignore[arg-type]
    tmp.replace(pdf)
    return pdf


#: Each engine's documents are their own draw from the set (the seed plus this offset).
ENGINES: dict[str, int] = {"Chromium": 0, "Typst": 1000}


def extract_pages(pdf: Path, extractor: str) -> list[str]:
    """The text of each page, as pypdfium2 or pdftotext gives it."""
    if extractor == "pypdfium2":
        import pypdfium2

        doc = pypdfium2.PdfDocument(str(pdf))
        try:
            return [page.get_textpage().get_text_range() for page in doc]
        finally:
            doc.close()
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def engine_samples(set_name: str, n_docs: int, engine: str = "Chromium") -> list[EngineSample]:
    """The documents of a set made into a PDF once by ``engine`` (one of :data:`ENGINES`),
    copied out by both extractors; about half of the copies get the shift damage."""
    spec = SETS[set_name]
    offset = ENGINES[engine]
    if offset:
        spec = dataclasses.replace(spec, seed=spec.seed + offset)
    docs = documents(spec, n_docs)
    if engine == "Typst":
        pdf = typeset_pdf(typst_source(docs))
    else:
        pdf = print_pdf(page_html(docs))
    rng = random.Random(spec.seed + 1)
    samples = []
    for extractor in ("pypdfium2", "pdftotext"):
        pages = extract_pages(pdf, extractor)
        if len(pages) != len(docs):
            raise RuntimeError(f"{len(pages)} pages for {len(docs)} documents: one overflowed")
        for (_, truth, font, width), page in zip(docs, pages, strict=True):
            shifted = rng.random() < 0.5
            text = shift(page) if shifted else page
            samples.append(EngineSample(text, truth, shifted, extractor, font, width))
    return samples
