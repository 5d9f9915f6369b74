"""Find the characters of a page that end up in no article, or in more than one.

Usage::

    python benchmarks/coverage.py                       # every split_eval layout: a table and the kinds of loss
    python benchmarks/coverage.py --layout header-footer --examples 10
    python benchmarks/coverage.py --json
    python benchmarks/coverage.py page.txt --date 2024-06-05   # one or more page files

What is compared
----------------
The page is run through the pipeline as ``bulletin_cli.ingest.articles_of`` runs it
(:func:`run_pipeline`: ``read.normalise_text`` -> ``extract.dated_pages`` -> ``repair.repair_text``
-> ``split.split_articles`` -> the words filter of ingest -> ``extract.extract_article`` with
``ingest.place_contexts`` -> ``extract.settle_page``). An
article's characters are those of its headline lines, dateline, byline, body and captions. Only
*word characters* are compared -- letters, digits and Han (``str.isalnum``) -- not whitespace
and punctuation, so a bracket dropped around a byline or a line rejoined is no loss.

Every part of every article is placed on the page's word characters in page order by a cursor
walk (:func:`place`): a part is found at or after the end of the part before (a caption, which
the splitter collects at the end of its article, at or after the article's start), first
together with the text of the parts after it (so a headline that a summary or an earlier line
repeats goes where its article's text follows), preferring a place no part took yet; a part that is not one run of
the page (text joined across a line the pipeline dropped) is placed piece by piece, each piece
the longest prefix found. A word
character that no part covers is *lost*; one that two parts cover is *duplicated* (the count is
of the extra copies); one of an article that is nowhere on the page is *foreign*.

Exempt (never lost)
-------------------
- Page furniture: the lines the gold or the page's construction says belong to no article
  (``furniture=``; split_eval's ``Case.furniture``, a real page's gold ``furniture``), and
  the lines the pipeline itself drops as furniture (``repair.repair_page`` and
  ``split.split_page`` report them: the README's list of furniture) -- unless they read as a
  sentence (a ，。；！？ in them), as a dateline paragraph with a date and weekday does: such a
  line is text the pipeline drops, and counts. When the page's furniture is unknown
  (``furniture=None``: kuaixun, markdown, seed, samples, files given on the command line), the
  lines ``repair.is_furniture`` matches, with the same exception.
- A markdown page's contents: the lines under a heading above the article level (a day's
  summary list), which split reports as furniture.
- Markdown markup: heading marks and emphasis are punctuation anyway; a line that is only a
  link (``[查看原文](https://…)``) is furniture.
- Continuation marks (``（下转第2版）``, ``（上接第1版）``), inside a line or on their own: taken
  out before comparing.

Furniture that ends up inside an article is counted apart (``furniture kept``), not as a loss.

Kinds of loss
-------------
Each lost run is attributed to the first stage whose output no longer has it -- ``repair``
(dropped as furniture, or in rejoining), ``split`` (in no raw article: a headline-only group
above the first article, a section label, text under a higher markdown heading), ``ingest``
(a raw article the words filter dropped, e.g. captions alone) or ``extract`` -- and described
by the page line it lies in (a whole line or part of one; headline-like, dateline, body or
caption by ``split.classify``). :func:`kind` names the combinations.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_cli import extract, read, repair, split
from bulletin_cli.models import Article, RawArticle

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # run as a script or loaded by the tests from its file
from siblings import sibling  # noqa: E402

_CONTINUATION = re.compile(r"[（(](?:下转|上接|转第|接第)第?\s*[0-9０-９一二三四五六七八九十]+\s*版[）)]")
_LINK_LINE = re.compile(r"^\[[^\]\n]*\]\([^)\s]*\)$")
_SENTENCE = re.compile(r"[，。；！？,;!?]")
_MD_HEADING = re.compile(r"^(#{1,6})\s+\S")
_EMPHASIS = re.compile(r"\*\*|__")
EXAMPLES = 3


# --------------------------------------------------------------------------- the pipeline


@dataclass
class Pipeline:
    """What each stage of ``ingest.articles_of`` made of one page."""

    pages: list[tuple[dt.date | None, str]]  # extract.dated_pages
    repaired: list[str]  # repair.repair_text of each page
    raws: list[RawArticle]  # split.split_articles, all pages in order
    kept: list[tuple[RawArticle, Article]]  # after the words filter, with their Articles
    dropped: set[str] = field(default_factory=set)  # lines repair and split dropped as furniture

    @property
    def articles(self) -> list[Article]:
        return [article for _, article in self.kept]


def _page_context(name: str, page: str):
    """What the page's header lines and file name say about its places, as ingest reads them
    (``places.page_context``); None where the pipeline has no such step."""
    try:
        from bulletin_cli import places
    except ImportError:
        return None
    if not hasattr(places, "page_context"):
        return None
    headers = [name, *(line for line in page.split("\n") if line.strip() and repair.is_furniture(line))]
    return places.page_context(headers, places.register())


def _place_contexts(name: str, page: str, raws: list[RawArticle]) -> list:
    """Each article's place context as ingest gives it (``ingest.place_contexts``: the page's
    header and the furniture printed with the article), else the page's (``_page_context``)."""
    try:
        from bulletin_cli import ingest
    except ImportError:
        ingest = None
    if ingest is not None and hasattr(ingest, "place_contexts"):
        return ingest.place_contexts(page, name, raws)
    return [_page_context(name, page)] * len(raws)


def has_words(raw: RawArticle) -> bool:
    """ingest's filter: an article needs a letter, digit or Han character in headline or text."""
    return any(ch.isalnum() for part in (*raw.headline, *raw.paragraphs) for ch in part)


def run_pipeline(text: str, name: str = "page", date: dt.date | None = None) -> Pipeline:
    """Run the write path as ``ingest.articles_of`` does, keeping what every stage made.

    ``text`` is decoded and normalised, as ``read.read_source`` gives it.

    >>> [a.title for a in run_pipeline("社区书屋上新\\n\\n本报讯 书屋新添图书三百册。").articles]
    ['社区书屋上新']
    """
    from_name = extract.name_date(name)
    run = Pipeline(extract.dated_pages(text), [], [], [])
    for header_date, page in run.pages:
        repaired, furniture = repair.repair_page(page)
        run.repaired.append(repaired)
        raws, labels = split.split_page(repaired)
        run.dropped.update(line.strip() for line in (*furniture, *labels))
        on_page: list[tuple[RawArticle, Article]] = []
        contexts = _place_contexts(name, page, raws)
        kept_contexts = []
        for raw, context in zip(raws, contexts):
            run.raws.append(raw)
            if has_words(raw):
                # As ingest: --date, else a web copy's own date line, else the page header, else
                # the file name. (The real pages are evaluated with their gold date as --date, as
                # the format says; a page whose copies print other dates is dated as ingest would.)
                meta = extract.parse_date(getattr(raw, "meta_date", "") or "")
                published = date or meta or header_date or from_name
                ordinal = len(run.kept) + len(on_page) + 1
                if context is None:
                    article = extract.extract_article(raw, name, ordinal, published)
                else:
                    article = extract.extract_article(raw, name, ordinal, published, context)
                on_page.append((raw, article))
                kept_contexts.append(context)
        if on_page and kept_contexts[0] is not None and hasattr(extract, "settle_page"):  # settled together
            settled = list(extract.settle_page([a for _, a in on_page], kept_contexts))
            if len(settled) == len(on_page):
                on_page = [(raw, a) for (raw, _), a in zip(on_page, settled)]
        run.kept.extend(on_page)
    return run


# --------------------------------------------------------------------------- the page's characters


@dataclass
class PageChars:
    """The page's word characters in order, which line each run came from, which are exempt."""

    lines: list[str]
    chars: str
    line_start: list[int]  # offset in chars of each line's first word character, and the end
    exempt: list[bool]  # per line
    marks: dict[int, list[tuple[int, int]]]  # continuation marks (column spans) per line

    def exempt_mask(self) -> bytes:
        """Per word character, 1 where its line is exempt."""
        mask = bytearray(len(self.chars))
        for n, flag in enumerate(self.exempt):
            if flag:
                mask[self.line_start[n] : self.line_start[n + 1]] = b"\x01" * (self.line_start[n + 1] - self.line_start[n])
        return bytes(mask)

    def line_of(self, i: int) -> int:
        return bisect.bisect_right(self.line_start, i) - 1

    def column(self, i: int) -> tuple[int, int]:
        """(line, column) in the page text of word character i."""
        line = self.line_of(i)
        k = i - self.line_start[line]
        spans = self.marks.get(line, ())
        for column, ch in enumerate(self.lines[line]):
            if ch.isalnum() and not any(a <= column < b for a, b in spans):
                if k == 0:
                    return line, column
                k -= 1
        return line, len(self.lines[line])


def is_exempt_line(line: str, furniture: frozenset[str] | None, dropped: frozenset[str] = frozenset()) -> bool:
    """Whether a whole line is furniture (see the module docstring).

    ``dropped``: the lines the pipeline reported dropping as furniture; they are exempt where
    they do not read as a sentence (a header is no sentence; 本报讯 2024年6月1日星期六上午，… is).

    >>> is_exempt_line("社区新闻  2024年6月5日 星期三  第7版", None)
    True
    >>> is_exempt_line("本报讯 2024年6月1日星期六上午，社区举办", None)
    False
    >>> is_exempt_line("责任编辑：王丽", frozenset()), is_exempt_line("[查看原文](https://x.cn/1)", frozenset())
    (False, True)
    >>> is_exempt_line("责任编辑：王丽", frozenset(), frozenset({"责任编辑：王丽"}))
    True
    """
    text = line.strip()
    if _LINK_LINE.match(text):
        return True
    bare = _EMPHASIS.sub("", text)  # repair takes **emphasis** off before it looks for furniture
    if furniture is not None:
        return text in furniture or (bare in dropped and not _SENTENCE.search(bare))
    return repair.is_furniture(bare) and not _SENTENCE.search(bare)


def page_chars(text: str, furniture: Iterable[str] | None = None, dropped: Iterable[str] = ()) -> PageChars:
    """The word characters of a (normalised) page, continuation marks taken out.

    A markdown page's contents (the lines under a heading above the article level) are furniture.
    """
    known = None if furniture is None else frozenset(line.strip() for line in furniture)
    dropped = frozenset(dropped)
    lines = text.split("\n")
    pieces: list[str] = []
    starts: list[int] = []
    marks: dict[int, list[tuple[int, int]]] = {}
    total = 0
    for number, line in enumerate(lines):
        starts.append(total)
        if _CONTINUATION.search(line):
            marks[number] = [m.span() for m in _CONTINUATION.finditer(line)]
        # a date the pipeline dropped from the end of a headline's line (…揭牌启用 2025年04月10日)
        stamp = next((d for d in dropped if d != line.strip() and line.rstrip().endswith(d)), "")
        piece = words(line[: len(line.rstrip()) - len(stamp)] if stamp else line)
        pieces.append(piece)
        total += len(piece)
    starts.append(total)
    exempt = [bool(piece) and is_exempt_line(line, known, dropped) for line, piece in zip(lines, pieces)]
    under = _markdown_levels(lines)
    if under:
        deepest = max(under)
        exempt = [e or (bool(p) and u < deepest) for e, p, u in zip(exempt, pieces, under)]
    return PageChars(lines, "".join(pieces), starts, exempt, marks)


def words(text: str) -> str:
    """The word characters of a text, continuation marks taken out.

    >>> words("（记者 王晓）社区，开展“活动”。（下转第2版）")
    '记者王晓社区开展活动'
    """
    return "".join(filter(str.isalnum, _CONTINUATION.sub("", text)))


# --------------------------------------------------------------------------- placing parts


Part = tuple[str, bool, str]  # text, whether it follows the part before in page order, role


def _later_dateline(dateline: str, raw: RawArticle | None) -> int:
    """The index of the raw paragraph, past the first, that the article's dateline opens; 0
    where it opens the first (or there is none, or no raw article)."""
    if not dateline or raw is None:
        return 0
    paragraphs = [p for p in getattr(raw, "paragraphs", ()) if p.strip()]
    if paragraphs and paragraphs[0].startswith(dateline):
        return 0
    return next((n for n, p in enumerate(paragraphs) if n and p.startswith(dateline)), 0)


def article_parts(article: Article, raw: RawArticle | None = None) -> list[Part]:
    """An Article's text in page order: headline lines, dateline, body, byline, captions; a
    dateline that opens a later paragraph (under captions) before that paragraph.

    A byline the extractor took from the dateline is part of the dateline's text; a closing
    one (``（刘玉红 肖荻）``) follows the body: :func:`place` tells them apart. Where the byline
    begins with the raw article's byline lines (``本报记者 周明`` under the title), those are
    placed as lines of their own, wherever they stand in the article.
    """
    parts: list[Part] = [(line, True, "") for line in article.headline]
    byline = article.byline
    lines = tuple(getattr(raw, "bylines", ()) or ())
    lead = "".join(words(line) for line in lines)
    if lead and words(byline).startswith(lead):
        parts.extend((line, False, "") for line in lines)
        byline = words(byline)[len(lead) :]
    body = article.body.split("\n")
    # a dateline under an editor's note or captions opens a later paragraph: it goes there
    later = _later_dateline(article.dateline, raw)
    parts.extend((paragraph, True, "") for paragraph in body[:later])
    parts.append((article.dateline, True, "dateline"))
    parts.extend((paragraph, True, "") for paragraph in body[later:])
    parts.append((byline, True, "byline"))
    parts.extend((caption, False, "") for caption in article.captions)
    return parts


def raw_parts(raw: RawArticle) -> list[Part]:
    """A raw article's lines in page order (captions and byline lines wherever they were)."""
    return [
        *((line, True, "head") for line in raw.headline),
        *((line, True, "") for line in raw.paragraphs),
        *((line, False, "") for line in getattr(raw, "bylines", ()) or ()),
        *((caption, False, "") for caption in raw.captions),
    ]


@dataclass
class Placement:
    taken: bytearray  # 1 where a part covers the page character
    heads: bytearray  # 1 where a headline line (role "head") covers it
    duplicated: list[int] = field(default_factory=list)  # characters covered again
    foreign: int = 0  # characters of parts that are nowhere on the page

    def mark(self, at: int, end: int) -> None:
        if self.taken.find(1, at, end) >= 0:
            self.duplicated.extend(i for i in range(at, end) if self.taken[i])
        self.taken[at:end] = b"\x01" * (end - at)


def place(chars: str, groups: Sequence[Sequence[Part]], exempt: bytes = b"") -> Placement:
    """Place every part of every group (article) on the page's word characters.

    A part is looked for together with the parts after it first, so that where a summary or
    an earlier line repeats a headline, the headline goes where its article's text follows.

    >>> result = place("甲乙丙丁戊", [[("甲乙", True, "")], [("丁戊", True, ""), ("甲", False, "")]])
    >>> list(result.taken), result.duplicated
    ([1, 1, 0, 1, 1], [0])
    >>> list(place("标题一标题二正文", [[("标题二", True, ""), ("正文", True, "")]]).taken)
    [0, 0, 0, 1, 1, 1, 1, 1]
    """
    result = Placement(bytearray(len(chars)), bytearray(len(chars)))
    cursor = 0
    for parts in groups:
        start = cursor
        dateline = ""
        keys = [words(text) for text, _, _ in parts]
        for n, (_, in_order, role) in enumerate(parts):
            key = keys[n]
            if not key:
                continue
            if role == "dateline":
                dateline = key
            # A byline taken from the dateline is placed with it; a closing one follows the
            # body's last word.
            if role == "byline" and key in dateline and not chars.startswith(key, cursor):
                continue
            lo = cursor if in_order else start
            follow = "".join(k for k, (_, o, r) in zip(keys[n + 1 :], parts[n + 1 :]) if o and r != "byline")
            at = _find(chars, key, lo, result.taken, follow if in_order else "", exempt=exempt)
            if at >= 0:
                result.mark(at, at + len(key))
                end = at + len(key)
                if role == "head":
                    result.heads[at:end] = b"\x01" * len(key)
            else:
                end = _place_pieces(chars, key, lo, result)
            if in_order:
                cursor = max(cursor, end)
    return result


def _find(
    chars: str, key: str, lo: int, taken: bytearray, follow: str = "", tries: int = 64, exempt: bytes = b""
) -> int:
    """Where a part is: the first free place at or after lo where the parts after it follow
    (the next 40 characters of them, else the next 10), else where the next part follows it
    across exempt lines (a source line between; exempt: a mask per character) and at most 40
    characters more (a byline line), else the
    first free place at or after lo, else the first free place anywhere, else the first place
    at or after lo, else the first place; -1 if it is nowhere."""
    for text in dict.fromkeys((key + follow[:40], key + follow[:10], key)):
        for begin in (lo, 0):
            at = chars.find(text, begin)
            for _ in range(tries):
                if at < 0 or taken.find(1, at, at + len(key)) < 0:
                    break
                at = chars.find(text, at + 1)
            if at >= 0:
                return at
            if text != key:
                break  # with the part after it: only at or after lo
        if text == key + follow[:10] and follow and exempt:
            # furniture lines (a source line) may stand between: the place of the part whose
            # next part follows it across furniture alone
            at = chars.find(key, lo)
            for _ in range(tries):
                if at < 0:
                    break
                below = at + len(key)
                while below < len(exempt) and exempt[below]:
                    below += 1
                # (a byline line of the article's own may come after the furniture)
                near = chars.find(follow[:10], below, below + 40 + len(follow[:10]))
                if below > at + len(key) and near >= 0 and taken.find(1, at, below) < 0:
                    return at
                at = chars.find(key, at + 1)
    at = chars.find(key, lo)
    return at if at >= 0 else chars.find(key)


def _place_pieces(chars: str, key: str, lo: int, result: Placement) -> int:
    """Place a part that is not one run of the page as consecutive longest prefixes; return
    where the last piece ends."""
    rest, position, end = key, lo, lo
    while rest:
        low = _longest_prefix(chars, rest, position)
        if low == 0 and position:
            position = 0  # the rest lies before: search the whole page
            low = _longest_prefix(chars, rest, 0)
        if low == 0:
            result.foreign += 1
            rest = rest[1:]
            continue
        at = chars.find(rest[:low], position)
        result.mark(at, at + low)
        position = end = at + low
        rest = rest[low:]
    return end


def _longest_prefix(chars: str, text: str, position: int) -> int:
    """Length of the longest prefix of text found in chars at or after position."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        if chars.find(text[:mid], position) >= 0:
            low = mid
        else:
            high = mid - 1
    return low


# --------------------------------------------------------------------------- checking a page


@dataclass
class Loss:
    """A run of lost (or duplicated) characters: where, why, and the text around it."""

    page: str
    kind: str
    chars: int
    text: str
    before: str
    after: str

    def show(self) -> str:
        return f"{self.page}: {self.kind} ({self.chars} chars): …{self.before}⟦{self.text}⟧{self.after}…"


@dataclass
class PageCoverage:
    name: str
    words: int = 0  # word characters of the page that are not exempt
    lost: int = 0
    duplicated: int = 0
    foreign: int = 0
    furniture_kept: int = 0
    losses: list[Loss] = field(default_factory=list)
    duplicates: list[Loss] = field(default_factory=list)


STAGES = ("repair", "split", "ingest", "extract")


def check_text(
    text: str,
    name: str = "page",
    date: dt.date | None = None,
    furniture: Iterable[str] | None = None,
    pipeline: Pipeline | None = None,
) -> PageCoverage:
    """Report the word characters of a page that no article keeps, or that two keep.

    ``furniture``: the page's lines that belong to no article, if known (see the module
    docstring); ``pipeline``: the page's :func:`run_pipeline`, if already run.

    >>> page = "社区新闻  2024年6月5日 星期三  第7版\\n\\n书屋上新\\n\\n本报讯 书屋新添图书三百册。"
    >>> result = check_text(page)
    >>> result.lost, result.duplicated, result.words
    (0, 0, 16)
    """
    text = read.normalise_text(text)
    run = pipeline or run_pipeline(text, name, date)
    page = page_chars(text, furniture, run.dropped)
    final = place(page.chars, [article_parts(a, raw) for raw, a in run.kept], page.exempt_mask())
    result = PageCoverage(name, foreign=final.foreign, duplicated=len(final.duplicated))
    exempt_spans = [(page.line_start[n], page.line_start[n + 1]) for n, e in enumerate(page.exempt) if e]
    result.words = len(page.chars) - sum(b - a for a, b in exempt_spans)
    result.furniture_kept = sum(b - a - final.taken.count(0, a, b) for a, b in exempt_spans)
    lost = [i for i in _zeros(final.taken) if not page.exempt[page.line_of(i)]]
    result.lost = len(lost)
    if lost:
        raws = place(page.chars, [raw_parts(r) for r in run.raws])
        stages = (
            place(page.chars, [[(line, True, "") for line in r.split("\n")] for r in run.repaired]).taken,
            raws.taken,
            place(page.chars, [raw_parts(r) for r, _ in run.kept]).taken,
        )
        labels = [next((s for s, taken in zip(STAGES, stages) if not taken[i]), "extract") for i in lost]
        headings = _markdown_levels(page.lines)
        for run_ in _runs(lost, labels):
            where = ""
            if run_[2] == "split":
                after = run_[1] + 1
                if raws.taken.find(1, 0, after) < 0:
                    where = " above the first article"
                elif after < len(raws.heads) and raws.heads[after]:
                    where = " above a kept headline line"
            result.losses.append(_describe(page, name, run_, headings, where))
    dups = sorted(set(final.duplicated))
    result.duplicates = [_describe(page, name, run_, None) for run_ in _runs(dups, ["dup"] * len(dups))]
    return result


def _zeros(taken: bytearray):
    """Indices of the zero bytes, found run by run."""
    i = taken.find(0)
    while i >= 0:
        j = taken.find(1, i)
        j = len(taken) if j < 0 else j
        yield from range(i, j)
        i = taken.find(0, j)


def _runs(indices: list[int], labels: list[str]) -> list[tuple[int, int, str]]:
    """Group consecutive indices with the same label: (first, last, label)."""
    runs: list[tuple[int, int, str]] = []
    for i, label in zip(indices, labels):
        if runs and runs[-1][1] == i - 1 and runs[-1][2] == label:
            runs[-1] = (runs[-1][0], i, label)
        else:
            runs.append((i, i, label))
    return runs


def _markdown_levels(lines: list[str]) -> list[int] | None:
    """For a markdown page, the level of the heading each line is under (0: none); else None."""
    levels = [len(m.group(1)) if (m := _MD_HEADING.match(line.strip())) else 0 for line in lines]
    if sum(1 for level in levels if level) < 2:
        return None
    under, current = [], 0
    for level in levels:
        current = level or current
        under.append(current)
    return under


def _describe(page: PageChars, name: str, run: tuple[int, int, str], headings: list[int] | None, where: str = "") -> Loss:
    first, last, stage = run
    (line0, col0), (line1, col1) = page.column(first), page.column(last)
    if line0 == line1:
        text = page.lines[line0][col0 : col1 + 1]
    else:
        text = "⏎".join([page.lines[line0][col0:], *page.lines[line0 + 1 : line1], page.lines[line1][: col1 + 1]])
    text = re.sub(r"⏎(?:\s*⏎)+", "⏎", text)
    if len(text) > 80:
        text = f"{text[:50]}…{text[-20:]}"
    before = page.lines[line0][max(0, col0 - 12) : col0] or "⏎"
    after = page.lines[line1][col1 + 1 : col1 + 13] or "⏎"
    return Loss(name, kind(page, stage, first, last, headings, where), last - first + 1, text, before, after)


def kind(page: PageChars, stage: str, first: int, last: int, headings: list[int] | None = None, where: str = "") -> str:
    """Name a lost run: the stage that dropped it, what its first line is, where, how much.

    E.g. ``repair: line taken for furniture, whole line``, ``split: headline-like above the
    first article, 2 lines``, ``split: headline-like above a kept headline line, whole line``,
    ``split: under a higher markdown heading``, ``extract: body, part of a line``.
    """
    line0, line1 = page.line_of(first), page.line_of(last)
    line = page.lines[line0].strip()
    if stage == "dup":
        what = "duplicated"
    elif headings is not None and headings[line0] and headings[line0] < max(headings):
        return f"{stage}: under a higher markdown heading"
    elif stage == "repair" and repair.is_furniture(_EMPHASIS.sub("", line)):
        what = "line taken for furniture"
    else:
        labels = {split.HEAD: "headline-like", split.DATELINE: "dateline paragraph", split.CAPTION: "caption"}
        what = labels.get(split.classify(line), "body")
    whole = first == page.line_start[line0] and last + 1 == page.line_start[line1 + 1]
    lines = sum(1 for n in range(line0, line1 + 1) if page.line_start[n] < page.line_start[n + 1])
    if not whole:
        shape = "part of a line"
    else:
        shape = "whole line" if lines == 1 else f"{min(lines, 3)}{'+' if lines > 3 else ''} lines"
    return f"{stage}: {what}{where}, {shape}"


# --------------------------------------------------------------------------- many pages


@dataclass
class Totals:
    """Coverage summed over the pages of a layout or corpus."""

    pages: int = 0
    words: int = 0
    pages_lost: int = 0
    lost: int = 0
    pages_duplicated: int = 0
    duplicated: int = 0
    foreign: int = 0
    furniture_kept: int = 0
    kinds: Counter = field(default_factory=Counter)  # kind -> characters lost
    runs: Counter = field(default_factory=Counter)  # kind -> lost runs
    first_of_kind: dict[str, Loss] = field(default_factory=dict)
    examples: list[Loss] = field(default_factory=list)
    duplicate_examples: list[Loss] = field(default_factory=list)

    def add(self, page: PageCoverage, pages: int = 1, keep: int = EXAMPLES) -> None:
        self.pages += pages
        self.words += page.words
        self.pages_lost += page.lost > 0
        self.lost += page.lost
        self.pages_duplicated += page.duplicated > 0
        self.duplicated += page.duplicated
        self.foreign += page.foreign
        self.furniture_kept += page.furniture_kept
        for loss in page.losses:
            self.kinds[loss.kind] += loss.chars
            self.runs[loss.kind] += 1
            self.first_of_kind.setdefault(loss.kind, loss)
        self.examples.extend(page.losses[: max(0, keep - len(self.examples))])
        self.duplicate_examples.extend(page.duplicates[: max(0, keep - len(self.duplicate_examples))])

    def to_dict(self, examples: int = EXAMPLES) -> dict:
        return {
            "pages": self.pages,
            "words": self.words,
            "pages_with_losses": self.pages_lost,
            "chars_lost": self.lost,
            "pages_with_duplicates": self.pages_duplicated,
            "chars_duplicated": self.duplicated,
            "chars_foreign": self.foreign,
            "furniture_chars_kept": self.furniture_kept,
            "kinds": [
                {"kind": k, "chars": n, "runs": self.runs[k], "example": self.first_of_kind[k].show()}
                for k, n in self.kinds.most_common()
            ],
            "examples": [loss.show() for loss in self.examples[:examples]],
            "duplicates": [loss.show() for loss in self.duplicate_examples[:examples]],
        }


def check_case(case, pipeline: Pipeline | None = None) -> PageCoverage:
    """Check one split_eval Case (its decoded text, gold furniture and date)."""
    text = _decode(case.data, case.name)
    return check_text(text, case.name, getattr(case, "date", None), getattr(case, "furniture", None), pipeline)


def _decode(data: bytes | str, name: str) -> str:
    return read.normalise_text(read.decode_bytes(data, name)[0] if isinstance(data, bytes) else data)




def run_layouts(layouts: Iterable[str], limit: int | None = None, keep: int = EXAMPLES) -> tuple[dict[str, Totals], list[str]]:
    """Coverage of every page of split_eval's layouts; messages about layouts skipped."""
    se = sibling("split_eval")
    totals: dict[str, Totals] = {}
    skipped: list[str] = []
    pd_pages = None
    for layout in layouts:
        reason = se.unavailable(layout)
        if reason:
            skipped.append(f"{layout}: skipped, {reason}")
            continue
        if layout in se.RELAYOUTS and pd_pages is None:
            pd_pages = se.load_pd1998(limit)
        total = Totals()
        for case in se.cases_for(layout, limit, pd_pages):
            try:
                total.add(check_case(case), case.pages, keep)
            except read.InputError:
                total.pages += case.pages  # split_eval counts it as undecodable
        totals[layout] = total
    return totals, skipped


def table(totals: dict[str, Totals]) -> str:
    width = max([19, *(len(name) + 2 for name in totals)])
    head = (
        f"{'layout':<{width}}{'pages':>6}{'words':>10}{'pg lost':>8}{'lost':>8}{'pg dup':>8}{'dup':>7}"
        f"{'foreign':>8}{'furn kept':>10}"
    )
    rows = [head, "-" * len(head)]
    for layout, t in totals.items():
        rows.append(
            f"{layout:<{width}}{t.pages:>6}{t.words:>10}{t.pages_lost:>8}{t.lost:>8}{t.pages_duplicated:>8}"
            f"{t.duplicated:>7}{t.foreign:>8}{t.furniture_kept:>10}"
        )
    return "\n".join(rows)


def kinds_report(totals: dict[str, Totals], top: int = 5) -> str:
    """The most common kinds of loss over all layouts, with the first example of each."""
    kinds: Counter = Counter()
    runs: Counter = Counter()
    where: dict[str, Counter] = {}
    example: dict[str, Loss] = {}
    for layout, t in totals.items():
        kinds.update(t.kinds)
        runs.update(t.runs)
        for k, n in t.kinds.items():
            where.setdefault(k, Counter())[layout] += n
            example.setdefault(k, t.first_of_kind[k])
    lines = [f"most common kinds of loss (characters, runs), of {len(kinds)}:"]
    for k, n in kinds.most_common(top):
        layouts = ", ".join(f"{layout} {c}" for layout, c in where[k].most_common(4))
        lines.append(f"  {k}: {n} chars in {runs[k]} runs ({layouts})")
        lines.append(f"    e.g. {example[k].show()}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", help="page files to check (default: the split_eval layouts)")
    parser.add_argument("--date", type=dt.date.fromisoformat, help="publication date for the files (YYYY-MM-DD)")
    parser.add_argument("--layout", action="append", help="only this split_eval layout (repeatable)")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N pd1998 pages (and samples)")
    parser.add_argument("--examples", type=int, default=EXAMPLES, metavar="N", help="losses shown per layout")
    parser.add_argument("--kinds", type=int, default=5, metavar="N", help="kinds of loss shown")
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    if args.files:
        totals: dict[str, Totals] = {}
        skipped: list[str] = []
        for name in args.files:
            source = read.read_source(name)
            total = totals.setdefault(name, Totals())
            total.add(check_text(source.text, name, args.date), 1, args.examples)
    else:
        se = sibling("split_eval")
        layouts = args.layout or list(se.LAYOUTS)
        unknown = [layout for layout in layouts if layout not in se.LAYOUTS]
        if unknown:
            parser.error(f"unknown layout {unknown[0]!r}; choose from {', '.join(se.LAYOUTS)}")
        totals, skipped = run_layouts(layouts, args.limit, args.examples)
    if args.json:
        data = {"layouts": {k: t.to_dict(args.examples) for k, t in totals.items()}, "skipped": skipped}
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(table(totals))
    for message in skipped:
        print(message)
    print()
    print(kinds_report(totals, args.kinds))
    for layout, t in totals.items():
        if t.examples or t.duplicate_examples:
            print(f"\n{layout}: {t.pages_lost} page(s) with losses, first {len(t.examples)}:")
            for loss in t.examples:
                print("  " + loss.show())
            for loss in t.duplicate_examples:
                print("  duplicated " + loss.show())
    print(f"({time.perf_counter() - began:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
