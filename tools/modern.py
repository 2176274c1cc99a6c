"""Modern Chinese text of several genres, from public repositories of Chinese text.

Training-time and benchmark code only (the package never imports it).  The raw files are
not in this repository: each source is a public GitHub repository (see ``SOURCES``),
whose files are copied into one directory, ``$ZHFIX_CORPORA`` (default
``/work/corpora/h12a``), by ``tools/fetch_modern.sh``.  Their provenance and licences
are recorded in MODEL.md.

Every genre is read as paragraphs filtered by ``corpus._keep`` (mostly Chinese, real
full-width punctuation, Simplified script), deduplicated, then split by a hash of the
*document* it came from (a law, a judgment, an encyclopedia article, a question and its
answer, a documentation page, a review): ``HELDOUT_SHARE`` of the documents of every
genre are held out, and a held-out paragraph that also occurs in the training part of
any genre is dropped, so no held-out text was trained on.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import corpus

csv.field_size_limit(1 << 24)

Split = corpus.Split
ROOT = Path(os.environ.get("ZHFIX_CORPORA", "/work/corpora/h12a"))


@dataclass(frozen=True)
class Source:
    """A public repository of Chinese text, as recorded in MODEL.md."""

    repo: str
    licence: str
    what: str


SOURCES: dict[str, Source] = {
    "laws": Source(
        "LawRefBook/Laws",
        "no licence file; laws, regulations and judicial interpretations of the PRC"
        " (official documents, outside copyright by art. 5 of the PRC Copyright Law)",
        "PRC laws, administrative and local regulations, departmental rules, judicial"
        " interpretations (Markdown, one file per document)",
    ),
    "court": Source(
        "lr12/textcnnrnn",
        "no licence file; court judgments (official documents, art. 5 as above)",
        "reasoning paragraphs of Tianjin court judgments (data/ay/cnews.*.txt)",
    ),
    "encyclopedia": Source(
        "ymcui/cmrc2018",
        "CC BY-SA 4.0",
        "Chinese Wikipedia paragraphs of the CMRC 2018 reading-comprehension set"
        " (data/cmrc2018_dev.json, cmrc2018_trial.json; the train file is not stored)",
    ),
    "medicine": Source(
        "Toyhom/Chinese-medical-dialogue-data",
        "MIT",
        "patients' questions and doctors' answers from an online medical forum"
        " (internal medicine; GB18030 CSV)",
    ),
    "technical": Source(
        "vuejs-translations/docs-zh-cn + yeasy/docker_practice",
        "MIT (Vue docs) and CC BY-NC-SA 4.0 (docker_practice)",
        "Vue.js documentation in Chinese and the book Docker 从入门到实践 (Markdown;"
        " code blocks, tables and front matter dropped)",
    ),
    "reviews": Source(
        "SophonPlus/ChineseNlpCorpus",
        "no licence file (collected public reviews)",
        "hotel reviews (ChnSentiCorp_htl_all), food-delivery reviews (waimai_10k) and"
        " online-shopping reviews of ten product kinds (online_shopping_10_cats)",
    ),
}
#: Encyclopedic text that is only trained on, never held out (``encyclopedia_more``): the
#: CMRC paragraphs give the encyclopedia genre 0.39 M characters of training text, and the
#: symbols of encyclopedias (``－`` between places, kana, Greek, pinyin) were hardly seen.
MORE_ENCYCLOPEDIA: dict[str, Source] = {
    "drcd": Source(
        "DRCKnowledgeTeam/DRCD",
        "CC BY-SA 3.0 (compiled from Wikipedia)",
        "Traditional Chinese Wikipedia paragraphs of the DRCD reading-comprehension set"
        " (DRCD_dev.json, DRCD_test.json; the training file is not stored), converted to"
        " Simplified script with OpenCC ``tw2sp``",
    ),
    "xquad": Source(
        "google-deepmind/xquad",
        "CC BY-SA 4.0",
        "English Wikipedia paragraphs of SQuAD 1.1 translated into Chinese by professional"
        " translators (xquad.zh.json)",
    ),
}
HELDOUT_SHARE = 0.12
# Small genres hold out more of their documents, so that each has ≥ 100k characters held out.
HELDOUT_SHARE_OF = {"encyclopedia": 0.22, "technical": 0.4}


def _path(name: str) -> Path:
    path = ROOT / name
    if not path.exists():
        raise RuntimeError(
            f"{path} not found: run tools/fetch_modern.sh (or set ZHFIX_CORPORA) first"
        )
    return path


def _is_heldout(genre: str, document: str) -> bool:
    digest = hashlib.blake2b(document.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 < HELDOUT_SHARE_OF.get(genre, HELDOUT_SHARE)


# --- readers: each yields (document key, paragraphs) -------------------------------

_MD_DROP = re.compile(r"^\s*(?:#|<!--|\||```|~~~|>\s*\[|!\[|\[\^|- \[|\* \[|import |<)")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"\*\*|__|`|<[^>]+>|\{[^}]*\}")


def _markdown_paragraphs(text: str) -> list[str]:
    """Prose paragraphs of a Markdown file: headings, code blocks, tables, HTML and
    front matter dropped; links kept as their text, emphasis marks removed."""
    out: list[str] = []
    fenced = False
    front = text.startswith("---")
    for i, line in enumerate(text.splitlines()):
        if front:
            if i > 0 and line.strip() == "---":
                front = False
            continue
        if line.lstrip().startswith(("```", "~~~", ":::")):
            fenced = not fenced
            continue
        if fenced or _MD_DROP.match(line):
            continue
        line = _MD_MARK.sub("", _MD_LINK.sub(r"\1", line)).strip()
        line = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", line)
        if line:
            out.append(line)
    return out


def _laws() -> Iterator[tuple[str, list[str]]]:
    for path in sorted(_path("laws").rglob("*.md")):
        if path.name.startswith(("README", "法律法规模版")):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        text = text.split("<!-- INFO END -->", 1)[-1]
        yield str(path.relative_to(ROOT)), _markdown_paragraphs(text)


def _court() -> Iterator[tuple[str, list[str]]]:
    for name in ("court_train.txt", "court_val.txt", "court_test.txt"):
        for line in _path(name).read_text(encoding="utf-8").splitlines():
            _, _, body = line.partition("\t")
            if body:
                yield body, [body]


_BRACKET_LEFTOVER = re.compile(r"（[，；、\s]*）|\(\s*\)")
_PAUSE_BEFORE_CLOSE = re.compile(r"[，；、]\s*）")


def _encyclopedia() -> Iterator[tuple[str, list[str]]]:
    seen: set[str] = set()
    for name in ("cmrc_dev.json", "cmrc_trial.json"):
        for item in json.loads(_path(name).read_text(encoding="utf-8")):
            # The set took foreign words, romanisations and dates out of brackets,
            # leaving ``吕理政（），`` ``艾里森（，），`` ``Prandtl，）``: artefacts of the
            # set, not of Chinese text.
            context = _BRACKET_LEFTOVER.sub("", item["context_text"])
            context = _PAUSE_BEFORE_CLOSE.sub("）", context)
            if context not in seen:
                seen.add(context)
                yield context, [context]


def _medicine() -> Iterator[tuple[str, list[str]]]:
    # 内科.txt: blocks of "title,question" and answer lines between blank lines.
    raw = _path("med_neike.txt").read_bytes().decode("gb18030", errors="replace")
    for block in re.split(r"\n\s*\n", raw):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if len(lines) >= 2:
            title, _, ask = lines[0].partition(",")
            yield lines[0], [title, ask, *lines[1:]]
    raw = _path("med_sample.csv").read_bytes().decode("gb18030", errors="replace")
    for row in csv.reader(io.StringIO(raw)):
        if len(row) >= 4 and row[0] != "department":
            _, title, ask, answer = row[:4]
            yield title + ask, [title, ask, answer]


def _technical() -> Iterator[tuple[str, list[str]]]:
    for base in ("vue", "docker"):
        for path in sorted(_path(base).rglob("*.md")):
            text = path.read_text(encoding="utf-8", errors="replace")
            yield str(path.relative_to(ROOT)), _markdown_paragraphs(text)


def _reviews() -> Iterator[tuple[str, list[str]]]:
    def rows(text: str, column: str) -> Iterator[str]:
        for row in csv.DictReader(io.StringIO(text)):
            if row.get(column):
                yield row[column]

    for name in ("hotel.csv", "waimai.csv"):
        for review in rows(_path(name).read_text(encoding="utf-8"), "review"):
            yield review, [review]
    with zipfile.ZipFile(_path("shopping.zip")) as archive:
        text = archive.read("online_shopping_10_cats.csv").decode("utf-8")
    for review in rows(text, "review"):
        yield review, [review]


def _simplified(text: str) -> str:
    """Traditional (Taiwan) Chinese in Simplified script, with OpenCC's ``tw2sp``, which
    also turns Taiwan words into mainland ones (软体 -> 软件).  「」 and 『』 are kept:
    Chinese Wikipedia writes them too (on the encyclopedia's dev part, mapping them to
    “” and ‘’ gave 84 errors, keeping them 82)."""
    import opencc  # training extra: pip install -e '.[train]'

    return opencc.OpenCC("tw2sp").convert(text)


def _more_encyclopedia() -> Iterator[tuple[str, list[str]]]:
    """(article, paragraphs) of ``MORE_ENCYCLOPEDIA``: DRCD articles in Simplified
    script, then the XQuAD articles."""
    for name, convert in (
        ("drcd_dev.json", _simplified),
        ("drcd_test.json", _simplified),
        ("xquad_zh.json", str),
    ):
        for article in json.loads(_path(name).read_text(encoding="utf-8"))["data"]:
            contexts = [convert(par["context"]) for par in article["paragraphs"]]
            yield f"{name}:{article['title']}", contexts


READERS: dict[str, Callable[[], Iterator[tuple[str, list[str]]]]] = {
    "laws": _laws,
    "court": _court,
    "encyclopedia": _encyclopedia,
    "medicine": _medicine,
    "technical": _technical,
    "reviews": _reviews,
}


@cache
def _split_all() -> dict[tuple[str, Split], tuple[str, ...]]:
    """``_split_text``, cached in ``ROOT`` (reading the laws takes a minute), keyed by
    this file's and ``corpus.py``'s text."""
    code = Path(__file__).read_bytes() + Path(corpus.__file__).read_bytes()
    cache = ROOT / f".split-{hashlib.blake2b(code, digest_size=8).hexdigest()}.json"
    if cache.exists():
        stored = json.loads(cache.read_text(encoding="utf-8"))
        return {(g, s): tuple(pars) for g, s, pars in stored}  # type: ignore[misc]
    parts = _split_text()
    cache.write_text(
        json.dumps([[g, s, list(p)] for (g, s), p in parts.items()], ensure_ascii=False),
        encoding="utf-8",
    )
    return parts


def _split_text() -> dict[tuple[str, Split], tuple[str, ...]]:
    """Every genre's kept paragraphs, deduplicated across all genres, split by document."""
    parts: dict[tuple[str, Split], list[str]] = {}
    seen: set[str] = set()
    for genre, reader in READERS.items():
        train, heldout = (
            parts.setdefault((genre, "train"), []),
            parts.setdefault((genre, "heldout"), []),
        )
        for key, paragraphs in reader():
            target = heldout if _is_heldout(genre, key) else train
            for par in corpus._clean(paragraphs):
                if par not in seen:
                    seen.add(par)
                    target.append(par)
    train_all = {p for (_, split), pars in parts.items() if split == "train" for p in pars}
    return {
        (genre, split): tuple(p for p in pars if split == "train" or p not in train_all)
        for (genre, split), pars in parts.items()
    }


def genre(name: str, split: Split) -> list[str]:
    """The paragraphs of one genre (a key of ``READERS``) in ``split``."""
    return list(_split_all()[(name, split)])


GENRES: tuple[str, ...] = tuple(READERS)

#: Long shared substrings: a training paragraph sharing this many characters in a row
#: (whitespace removed) with any held-out text is dropped.
SHARED_RUN = 16
#: Share of a training part's paragraphs that ``dev_part`` picks.
DEV_SHARE = 0.25


def _runs(text: str, n: int = SHARED_RUN) -> set[int]:
    dense = corpus.without_spaces(text)
    return {hash(dense[i : i + n]) for i in range(len(dense) - n + 1)}


def heldout_texts() -> list[str]:
    """Every held-out or evaluation-only text the benchmarks measure: each modern genre's
    held-out part, and the classic held-out and never-trained-on sets that are
    installed (``bench/accuracy.py``)."""
    texts = [p for g in GENRES for p in genre(g, "heldout")]
    classic = (
        lambda: corpus.people_daily("heldout"),
        lambda: corpus.reviews("heldout"),
        lambda: corpus.manpages("heldout"),
        corpus.debian_reference,
        corpus.fortunes_zh,
        lambda: corpus.wesnoth("heldout"),
    )
    for read in classic:
        try:
            texts.extend(read())
        except RuntimeError:  # a Debian package that is not installed
            continue
    return texts


def without_heldout(
    documents: Iterator[tuple[str, list[str]]], heldout: list[str], seen: set[str]
) -> list[str]:
    """The kept paragraphs (``corpus._clean``) of ``documents`` that are not in ``seen``
    (nor repeated) and share no run of ``SHARED_RUN`` characters with any text of
    ``heldout``: new training text, deduplicated so that nothing held out is trained on.
    It is added after the split, so no held-out document moves."""
    seen = set(seen)
    banned: set[int] = set()
    for text in heldout:
        banned |= _runs(text)
    out: list[str] = []
    for _, paragraphs in documents:
        for par in corpus._clean(paragraphs):
            if par not in seen and banned.isdisjoint(_runs(par)):
                seen.add(par)
                out.append(par)
    return out


@cache
def more_encyclopedia() -> tuple[str, ...]:
    """Training-only encyclopedic paragraphs (``MORE_ENCYCLOPEDIA``), deduplicated
    against every genre and every held-out text (``without_heldout``)."""
    every = {p for pars in _split_all().values() for p in pars}
    return tuple(without_heldout(_more_encyclopedia(), heldout_texts(), every))


def dev_part(paragraphs: list[str]) -> list[str]:
    """A dev part of training text, for decisions that must not be made on held-out
    text: ``DEV_SHARE`` of the paragraphs, picked by a second hash.  A model trained
    with ``tools/train_lm.py --leave-out-dev`` has not seen the dev parts of
    ``dev_parts``.  (An encyclopedia document is one paragraph; a medical question's
    other paragraphs may be in training.)"""
    return [p for p in paragraphs if _is_dev(p)]


def dev_parts() -> dict[str, list[str]]:
    """The dev parts measured by ``bench/accuracy.py --set dev``: the genre issue 12
    adds text for (encyclopedia), and the two whose held-out results moved when it was
    added (medicine, 1998 news)."""
    return {
        "encyclopedia": dev_part(genre("encyclopedia", "train")),
        "medicine": dev_part(genre("medicine", "train")),
        "news 1998": dev_part(corpus.people_daily("train")),
    }


def _is_dev(document: str) -> bool:
    digest = hashlib.blake2b(document.encode("utf-8"), digest_size=8, person=b"dev").digest()
    return int.from_bytes(digest, "big") / 2**64 < DEV_SHARE


# --- person names: a lexicon from jieba's dictionary, part of it held out ------------

# The commonest Chinese surnames (one character), by the 2020 census order.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余"
    "于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾韦夏付方邹熊白孟秦邱侯江尹薛闫段雷"
    "龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文尧"
)


def _is_name(word: str) -> bool:
    return (
        len(word) in (2, 3)
        and word[0] in _SURNAMES
        and all("\u4e00" <= ch <= "\u9fff" for ch in word)
    )


def person_names(split: Split) -> list[str]:
    """Person names among jieba's dictionary words tagged ``nr`` (two or three
    characters under a common surname), split by a hash of the name: the held-out
    ones are left out of training (``jieba_words_without_heldout_names``) and make
    the clean name list of ``bench/accuracy.py``."""
    path = corpus._package_file("jieba", "dict.txt")
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 3 and parts[2] == "nr" and _is_name(parts[0]):
                if _is_heldout("names", parts[0]) == (split == "heldout"):
                    out.append(parts[0])
    return out


def jieba_words_without_heldout_names(min_freq: int = 3) -> Iterator[str]:
    """``corpus.jieba_words`` less the held-out person names."""
    heldout = set(person_names("heldout"))
    return (w for w in corpus.jieba_words(min_freq) if w not in heldout)
