"""Score the splitter (repair -> split -> extract) against gold article boundaries.

Usage::

    python benchmarks/split_eval.py                 # every layout, plain-text table
    python benchmarks/split_eval.py --json          # the same numbers as JSON
    python benchmarks/split_eval.py --limit 20      # only the first 20 pd1998 pages / samples
    python benchmarks/split_eval.py --failures 8    # also list up to 8 failures per layout
    python benchmarks/split_eval.py --layout wrapped --layout no-blank

Layouts
-------
- ``pd1998``: the People's Daily page dumps in ``../shared/corpora/pd1998/pages`` with
  ``pages_gold.jsonl`` (headline line, one paragraph per line, one blank line between articles).
- Re-laid by :func:`relayout` from the same 1998 articles (gold follows by construction):
  ``seed-style`` (headline, blank line between every paragraph, two blank lines between
  articles), ``no-blank`` (every line a paragraph, no blank line at all), ``wrapped``
  (paragraphs indented with two U+3000 and hard-wrapped at 38 characters, blank line between
  articles; headlines are neither indented nor wrapped), ``gb18030-crlf`` (seed-style encoded
  GB18030 with CRLF, decoded by ``read.decode_bytes`` + ``read.normalise_text`` as ingest does),
  ``multi-page`` (all pages of one day, pd1998 layout, in one file, each page preceded by a
  header line ``人民日报  1998年1月3日 星期六  第2版``).  ``pages`` counts newspaper pages, so for
  ``multi-page`` it is the number of pages inside the (fewer) files.
- ``kuaixun``: the 100 CCTV 联播快讯 bulletins in ``../shared/corpora/cctv_xwlb/kuaixun_sample``
  (no blank lines at all: a source line ``央视网消息（新闻联播）：``, then headline lines each
  over one or two paragraphs). The corpus has no gold; it is derived as its README says: a
  headline is a line of at most 40 characters without ``。`` and not ending in a sentence mark
  (:func:`kuaixun_gold`). A file without such lines (``2014-06-22_12.txt``) is a run of
  untitled items, one per paragraph.
- ``markdown``: the 31 day files in ``../shared/corpora/cctv_xwlb/markdown_2024-03``; every
  ``### `` line starts an article titled by it (the day's summary list above them is none).
- ``seed``: the seed page with the seven titles of issue 2 as gold.
- ``samples``: ``samples/*.txt`` with ``tests/data/samples_gold.json`` (titles in order).

The research corpora are read at run time from ``../shared`` beside the repository and never
copied into it; when they are absent their rows are skipped with a message.

Alignment
---------
Every page is reduced to a *key*: its decoded text with all whitespace removed (``\\s``, which
includes U+3000, CR and LF).  The pipeline never adds or rewrites characters -- repair only
drops furniture lines and continuation marks and joins lines -- so every block of a predicted
article is a substring of that key.  An article is represented by the key offset of its first
character:

- gold: the key length of the page text before the article's first line (its headline, or the
  brief itself for an untitled brief);
- predicted: for each ``RawArticle`` in order, the smallest key offset at or after a cursor where
  its first headline line, first paragraph or first caption occurs.  The cursor then moves past
  the article's total key length, a safe lower bound for the next start because articles are
  contiguous runs of blocks; this keeps repeated short lines (sub-headings) from matching early.

A predicted start is correct when it equals a gold start exactly (a headline line assigned to
the wrong article therefore moves the start and counts as an error).  Counts are summed over
pages (micro-average): precision = correct / predicted, recall = correct / gold.  The first
article of a page counts like any other.

For ``seed`` and ``samples`` the gold start is the line holding the gold title, moved back to
the line just before it when that line is a kicker: a short line (<= 30 characters) that does
not end a sentence, is not a caption or page header, and is separated from the title only by
blank lines (``河东区荣兴温泉公寓社区`` above ``综合安全整治 宣传送到身边``).

Titles
------
``titles`` is the share of gold articles whose start was found and whose predicted title
(``extract.extract_article(...).title``) equals the gold title after stripping surrounding
whitespace.  Untitled pd1998 briefs (gold title null) count as right when a predicted article
starts exactly at the brief (whatever title the extractor derives from the first clause), so
the denominator is always the number of gold articles.  About 50 pd1998 records whose gold
"title" is a whole sentence ending in ``。`` (a brief whose byline the corpus put on a second
line, e.g. ``本报讯……贡献。``) are treated as untitled briefs too (see :func:`gold_title`).

No randomness is used (pages are grouped by date for ``multi-page``); ``SEED`` is fixed in case
a sampled option is added.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_cli import extract, read, repair, split
from bulletin_cli.errors import InputError

SEED = 1998
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PD1998 = SHARED / "corpora" / "pd1998"
SEED_PAGE = SHARED / "seeds" / "000_685184d4b4f96886.txt"
CCTV = SHARED / "corpora" / "cctv_xwlb"
KUAIXUN = CCTV / "kuaixun_sample"
MARKDOWN = CCTV / "markdown_2024-03"
SAMPLES = ROOT / "samples"
SAMPLES_GOLD = ROOT / "tests" / "data" / "samples_gold.json"

# Issue 2, check 1: the seed page's seven titles in order.
SEED_TITLES = tuple(json.loads((ROOT / "tests" / "data" / "seed_titles.json").read_text("utf-8"))["titles"])

RELAYOUTS = ("seed-style", "no-blank", "wrapped", "gb18030-crlf", "multi-page")
LAYOUTS = ("pd1998", *RELAYOUTS, "kuaixun", "markdown", "seed", "samples")
WRAP_WIDTH = 38
INDENT = "\u3000\u3000"
WEEKDAYS = "一二三四五六日"
_WS = re.compile(r"\s+")


def key(text: str) -> str:
    """The alignment key: the text with every whitespace character removed.

    >>> key("　　标题 一\\r\\n\\n正文")
    '标题一正文'
    """
    return _WS.sub("", text)


_MD_MARKUP = re.compile(r"^#{1,6}[ \t]+|\*\*|__|^\[[^\]\n]*\]\([^)\s]*\)[ \t]*$", re.MULTILINE)


def unmark(text: str) -> str:
    """The page without markdown markup (heading marks, emphasis, link lines), line for line.

    Repair drops the same markup, so article text is found in the key of this text.

    >>> unmark("### 标题\\n**本报讯** 正文。\\n[查看原文](https://example.org/1)")
    '标题\\n本报讯 正文。\\n'
    """
    return _MD_MARKUP.sub("", text)


# --------------------------------------------------------------------------- gold data


def gold_title(line: str | None) -> str | None:
    """The gold title of a pd1998 article from its first line; None for an untitled brief.

    ``pages_gold.jsonl`` gives a title to ~50 briefs whose closing byline sits on a second
    line; their "title" is a whole sentence paragraph (``本报讯……。``), so they are scored as
    untitled briefs.

    >>> gold_title("郑州杆秤退出市场"), gold_title("本报讯中国乒协日前举行“新星乒乓球赛”。")
    ('郑州杆秤退出市场', None)
    """
    if line is None or line.rstrip("”’」』）)").endswith("。"):
        return None
    return line


@dataclass(frozen=True)
class Unit:
    """One article to lay out: a headline line (None for an untitled brief) and paragraphs."""

    headline: str | None
    paragraphs: tuple[str, ...]

    @property
    def title(self) -> str | None:
        return gold_title(self.headline)


@dataclass(frozen=True)
class SourcePage:
    name: str
    date: dt.date
    page: int
    units: tuple[Unit, ...]


@dataclass(frozen=True)
class GoldArticle:
    start: int  # key offset of the article's first character
    title: str | None  # None: an untitled brief


@dataclass
class Case:
    """One file to evaluate: its bytes or text, its gold articles, the pages it holds."""

    layout: str
    name: str
    data: bytes | str
    gold: list[GoldArticle]
    pages: int = 1


def line_offsets(lines: list[str]) -> list[int]:
    """Key offset at which each line starts."""
    offsets, total = [], 0
    for line in lines:
        offsets.append(total)
        total += len(key(line))
    return offsets


def load_pd1998(limit: int | None = None) -> list[SourcePage]:
    """The pd1998 pages as units, from the page files and pages_gold.jsonl."""
    pages = []
    with open(PD1998 / "pages_gold.jsonl", encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    records.sort(key=lambda r: r["file"])
    if limit is not None:
        records = records[:limit]
    for record in records:
        lines = (PD1998 / record["file"]).read_text(encoding="utf-8").split("\n")
        units = []
        for art in record["articles"]:
            chunk = lines[art["start_line"] - 1 : art["start_line"] - 1 + art["n_lines"]]
            if art["title"] is None:
                units.append(Unit(None, tuple(chunk)))
            else:
                units.append(Unit(chunk[0], tuple(chunk[1:])))
        pages.append(
            SourcePage(
                name=Path(record["file"]).name,
                date=dt.date.fromisoformat(record["date"]),
                page=int(record["page"]),
                units=tuple(units),
            )
        )
    return pages


def pd1998_cases(limit: int | None = None) -> list[Case]:
    """The page files as they are, gold from start_line."""
    with open(PD1998 / "pages_gold.jsonl", encoding="utf-8") as handle:
        records = sorted((json.loads(line) for line in handle if line.strip()), key=lambda r: r["file"])
    if limit is not None:
        records = records[:limit]
    cases = []
    for record in records:
        data = (PD1998 / record["file"]).read_bytes()
        lines = read.normalise_text(data.decode("utf-8")).split("\n")
        offsets = line_offsets(lines)
        gold = [GoldArticle(offsets[a["start_line"] - 1], gold_title(a["title"])) for a in record["articles"]]
        cases.append(Case("pd1998", Path(record["file"]).name, data, gold))
    return cases


# --------------------------------------------------------------------------- re-layout


def wrap(paragraph: str, width: int = WRAP_WIDTH) -> list[str]:
    """Indent a paragraph with two U+3000 and hard-wrap it at ``width`` characters.

    >>> wrap("一二三四五六七", 4)
    ['\\u3000\\u3000一二', '三四五六', '七']
    """
    text = INDENT + paragraph
    return [text[i : i + width] for i in range(0, len(text), width)] or [INDENT]


def layout_lines(units: Iterable[Unit], layout: str) -> tuple[list[str], list[int]]:
    """Lay articles out as lines; return the lines and each article's first line index."""
    lines: list[str] = []
    starts: list[int] = []
    for n, unit in enumerate(units):
        if layout in ("seed-style", "gb18030-crlf"):
            if n:
                lines.extend(["", ""])
            starts.append(len(lines))
            blocks = ([unit.headline] if unit.headline is not None else []) + list(unit.paragraphs)
            for i, block in enumerate(blocks):
                if i:
                    lines.append("")
                lines.append(block)
        elif layout == "no-blank":
            starts.append(len(lines))
            if unit.headline is not None:
                lines.append(unit.headline)
            lines.extend(unit.paragraphs)
        elif layout == "wrapped":
            if n:
                lines.append("")
            starts.append(len(lines))
            if unit.headline is not None:
                lines.append(unit.headline)
            for paragraph in unit.paragraphs:
                lines.extend(wrap(paragraph))
        elif layout in ("pd1998", "multi-page"):
            if n:
                lines.append("")
            starts.append(len(lines))
            if unit.headline is not None:
                lines.append(unit.headline)
            lines.extend(unit.paragraphs)
        else:
            raise ValueError(f"unknown layout {layout!r}")
    return lines, starts


def page_header(date: dt.date, page: int) -> str:
    """A newspaper page header line.

    >>> page_header(dt.date(1998, 1, 3), 2)
    '人民日报  1998年1月3日 星期六  第2版'
    """
    return f"人民日报  {date.year}年{date.month}月{date.day}日 星期{WEEKDAYS[date.weekday()]}  第{page}版"


def relayout(pages: list[SourcePage], layout: str) -> list[Case]:
    """Lay pages out in ``layout``; gold boundaries and titles follow by construction."""
    if layout == "multi-page":
        by_date: dict[dt.date, list[SourcePage]] = {}
        for page in pages:
            by_date.setdefault(page.date, []).append(page)
        cases = []
        for date, group in sorted(by_date.items()):
            lines: list[str] = []
            gold_lines: list[tuple[int, Unit]] = []
            for page in group:
                if lines:
                    lines.append("")
                lines.extend([page_header(page.date, page.page), ""])
                body, starts = layout_lines(page.units, layout)
                gold_lines.extend((len(lines) + s, u) for s, u in zip(starts, page.units))
                lines.extend(body)
            offsets = line_offsets(lines)
            gold = [GoldArticle(offsets[i], u.title) for i, u in gold_lines]
            name = f"{date:%Y%m%d}-all.txt"
            cases.append(Case(layout, name, "\n".join(lines), gold, pages=len(group)))
        return cases
    cases = []
    for page in pages:
        lines, starts = layout_lines(page.units, layout)
        offsets = line_offsets(lines)
        gold = [GoldArticle(offsets[s], u.title) for s, u in zip(starts, page.units)]
        text = "\n".join(lines)
        data: bytes | str = text
        if layout == "gb18030-crlf":
            data = text.replace("\n", "\r\n").encode("gb18030")
        cases.append(Case(layout, page.name, data, gold))
    return cases


# --------------------------------------------------------------------------- seed, samples

_HEADER = re.compile(r"第\s*[0-9０-９一二三四五六七八九十]+\s*版|[0-9０-９]{4}\s*年.{0,8}日\s*(?:星期|周)")
_ENDS = "。！？!?；;：:，,、）)”"


def _is_kicker(line: str) -> bool:
    line = line.strip()
    return bool(line) and len(line) <= 30 and line[-1] not in _ENDS and not _HEADER.search(line)


def titled_gold(text: str, titles: list[str]) -> list[GoldArticle]:
    """Gold starts for a page whose gold is its titles in order (seed, samples).

    The start is the title's line, or the kicker line just above it.

    >>> page = "前文结束。\\n\\n河东区某社区\\n\\n标题一\\n\\n本报讯 正文。\\n\\n标题二\\n\\n本报讯 正文。"
    >>> [(g.start, g.title) for g in titled_gold(page, ["标题一", "标题二"])]
    [(5, '标题一'), (20, '标题二')]
    """
    lines = text.split("\n")
    offsets = line_offsets(lines)
    page_key = key(text)
    gold, cursor = [], 0
    for title in titles:
        at = page_key.find(key(title), cursor)
        if at < 0:
            raise ValueError(f"gold title {title!r} is not in the page")
        line = max(i for i, off in enumerate(offsets) if off <= at and key(lines[i]))
        prev = line - 1
        while prev >= 0 and not lines[prev].strip():
            prev -= 1
        if prev >= 0 and _is_kicker(lines[prev]):
            before = prev - 1
            while before >= 0 and not lines[before].strip():
                before -= 1
            if before < 0 or not _is_kicker(lines[before]):
                line = prev  # a kicker above the title, not a run of sub-headings
        gold.append(GoldArticle(offsets[line], title))
        cursor = at + 1
    return gold


_KUAIXUN_HEAD_MAX = 40


def kuaixun_gold(text: str) -> list[GoldArticle]:
    """Gold for a 联播快讯 file: a start at each headline line (after the source line).

    >>> page = "央视网消息(新闻联播)：\\n地铁四号线开通\\n地铁四号线今天开通运营。\\n图书馆夜间开放\\n市图书馆推出夜间借阅。"
    >>> [(g.start, g.title) for g in kuaixun_gold(page)]
    [(12, '地铁四号线开通'), (31, '图书馆夜间开放')]
    """
    lines = text.split("\n")
    offsets = line_offsets(lines)
    body = [i for i, line in enumerate(lines) if line.strip()]
    if body and lines[body[0]].rstrip().endswith(("：", ":")):
        body = body[1:]  # the source line (央视网消息(新闻联播)：) is no item
    heads = [i for i in body if _kuaixun_head(lines[i].strip())]
    if heads:
        return [GoldArticle(offsets[i], lines[i].strip()) for i in heads]
    return [GoldArticle(offsets[i], None) for i in body if not repair.is_furniture(lines[i])]


def _kuaixun_head(line: str) -> bool:
    return len(line) <= _KUAIXUN_HEAD_MAX and "。" not in line and line[-1] not in "。！？!?；;：:，,）)"


def _folder_cases(layout: str, paths: list[Path], gold_of) -> list[Case]:
    """A case per file, its gold read from the decoded text by gold_of."""
    cases = []
    for path in paths:
        data = path.read_bytes()
        text = read.normalise_text(read.decode_bytes(data, path.name)[0])
        cases.append(Case(layout, path.name, data, gold_of(text)))
    return cases


def kuaixun_cases(limit: int | None = None) -> list[Case]:
    return _folder_cases("kuaixun", sorted(KUAIXUN.glob("*.txt"))[:limit], kuaixun_gold)


_MD_HEADING = re.compile(r"^(#{1,6})\s+")


def markdown_gold(text: str) -> list[GoldArticle]:
    """Gold for a markdown day file: each ``### `` heading, its title the heading text.

    >>> [(g.start, g.title) for g in markdown_gold("## 摘要\\n\\n### 地铁开通\\n\\n正文。\\n\\n### 夜读\\n\\n正文。")]
    [(2, '地铁开通'), (9, '夜读')]
    """
    lines = text.split("\n")
    offsets = line_offsets(unmark(text).split("\n"))
    gold = []
    for i, line in enumerate(lines):
        match = _MD_HEADING.match(line)
        if match and len(match.group(1)) == 3:
            gold.append(GoldArticle(offsets[i], line[match.end() :].strip()))
    return gold


def markdown_cases(limit: int | None = None) -> list[Case]:
    return _folder_cases("markdown", sorted(MARKDOWN.glob("*.md"))[:limit], markdown_gold)


def seed_cases() -> list[Case]:
    data = SEED_PAGE.read_bytes()
    text = read.normalise_text(read.decode_bytes(data, str(SEED_PAGE))[0])
    return [Case("seed", SEED_PAGE.name, data, titled_gold(text, list(SEED_TITLES)))]


def samples_cases(limit: int | None = None) -> list[Case]:
    gold_titles = json.loads(SAMPLES_GOLD.read_text(encoding="utf-8"))
    cases = []
    for name in sorted(gold_titles)[:limit]:
        data = (SAMPLES / name).read_bytes()
        text = read.normalise_text(read.decode_bytes(data, name)[0])
        titles = [entry["title"] for entry in gold_titles[name]]
        cases.append(Case("samples", name, data, titled_gold(text, titles)))
    return cases


# --------------------------------------------------------------------------- scoring


@dataclass
class Predicted:
    start: int  # key offset, -1 when it could not be aligned
    title: str
    first: str  # the article's first line, for failure reports


def decode(case: Case) -> str:
    if isinstance(case.data, bytes):
        text, _ = read.decode_bytes(case.data, case.name)
    else:
        text = case.data
    return read.normalise_text(text)


def predict(text: str, name: str = "page") -> list[Predicted]:
    """Run the pipeline on a page and align each predicted article to the page's key."""
    raws = split.split_articles(repair.repair_text(text))
    page_key = key(unmark(text))
    out, cursor = [], 0
    for ordinal, raw in enumerate(raws, 1):
        title = extract.extract_article(raw, name, ordinal, None).title
        # The headline with the opening under it is found where the article is, not where
        # a summary or an earlier mention repeats the headline alone.
        whole = key("".join(raw.headline)) + key(raw.paragraphs[0] if raw.paragraphs else "")[:12]
        at = page_key.find(whole, cursor) if raw.headline else -1
        if at >= 0:
            out.append(Predicted(at, title, raw.headline[0]))
            cursor = at + max(1, sum(len(key(b)) for b in (*raw.headline, *raw.paragraphs, *raw.captions)))
            continue
        candidates = [block for block in (raw.headline[:1] + raw.paragraphs[:1] + raw.captions[:1]) if key(block)]
        found = []
        for block in candidates:
            at = page_key.find(key(block), cursor)
            if at < 0:  # a continuation mark dropped inside the block: try its opening
                at = page_key.find(key(block)[:8], cursor)
            if at >= 0:
                found.append((at, block))
        if not found:
            out.append(Predicted(-1, title, candidates[0] if candidates else ""))
            continue
        start, first = min(found)
        out.append(Predicted(start, title, first))
        cursor = start + max(1, sum(len(key(b)) for b in (*raw.headline, *raw.paragraphs, *raw.captions)))
    return out


@dataclass
class Score:
    pages: int = 0
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    titles_right: int = 0
    undecodable: int = 0  # files decode_bytes rejected (scored as predicting nothing)
    failures: list[dict] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.pages += other.pages
        self.gold += other.gold
        self.predicted += other.predicted
        self.correct += other.correct
        self.titles_right += other.titles_right
        self.undecodable += other.undecodable
        self.failures.extend(other.failures)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def title_share(self) -> float:
        return self.titles_right / self.gold if self.gold else 1.0


def boundary_scores(gold: Iterable[int], predicted: Iterable[int]) -> tuple[float, float, float]:
    """Precision, recall and F1 of predicted start offsets against gold ones.

    >>> boundary_scores([0, 10, 20], [0, 10, 15, 20])
    (0.75, 1.0, 0.8571428571428571)
    """
    score = Score(gold=len(set(gold)), predicted=len(set(predicted)), correct=len(set(gold) & set(predicted)))
    return score.precision, score.recall, score.f1


def score_page(gold: list[GoldArticle], predicted: list[Predicted], name: str = "page", text: str = "") -> Score:
    """Compare one page's predicted articles with its gold articles."""
    by_start = {p.start: p for p in predicted if p.start >= 0}
    gold_starts = {g.start for g in gold}
    score = Score(pages=1, gold=len(gold), predicted=len(predicted))
    for n, g in enumerate(gold):
        p = by_start.get(g.start)
        if p is None:
            near = max((q for q in predicted if q.start < g.start), key=lambda q: q.start, default=None)
            score.failures.append(
                {
                    "kind": "missed",
                    "page": name,
                    "article": n + 1,
                    "gold_title": g.title,
                    "gold_first": _line_at(text, g.start),
                    "absorbed_by": near.title if near else None,
                }
            )
            continue
        score.correct += 1
        if g.title is None or p.title.strip() == g.title.strip():
            score.titles_right += 1
        else:
            score.failures.append(
                {"kind": "title", "page": name, "article": n + 1, "gold_title": g.title, "predicted_title": p.title}
            )
    for p in predicted:
        if p.start not in gold_starts:
            owner = max((g for g in gold if g.start < p.start), key=lambda g: g.start, default=None)
            score.failures.append(
                {
                    "kind": "spurious",
                    "page": name,
                    "predicted_title": p.title,
                    "predicted_first": p.first[:60],
                    "inside_gold": owner.title if owner else None,
                }
            )
    return score


def _line_at(text: str, offset: int) -> str:
    """The text of the page from a key offset on, to the end of that line (for reports)."""
    if not text:
        return ""
    count = 0
    for line in text.split("\n"):
        k = len(key(line))
        if count + k > offset:
            return line.strip()[:60]
        count += k
    return ""


def evaluate(cases: Iterable[Case]) -> Score:
    total = Score()
    for case in cases:
        try:
            text = decode(case)
        except InputError as exc:  # ingest would reject the file: no article predicted
            page = score_page(case.gold, [], case.name)
            page.failures = [{"kind": "decode", "page": case.name, "error": str(exc)}]
            page.pages = case.pages
            page.undecodable = 1
            total.add(page)
            continue
        page = score_page(case.gold, predict(text, case.name), case.name, text)
        page.pages = case.pages
        total.add(page)
    return total


# --------------------------------------------------------------------------- running


def cases_for(layout: str, limit: int | None, pd_pages: list[SourcePage] | None) -> list[Case]:
    if layout == "pd1998":
        return pd1998_cases(limit)
    if layout in RELAYOUTS:
        return relayout(pd_pages or [], layout)
    if layout == "kuaixun":
        return kuaixun_cases(limit)
    if layout == "markdown":
        return markdown_cases(limit)
    if layout == "seed":
        return seed_cases()
    if layout == "samples":
        return samples_cases(limit)
    raise ValueError(f"unknown layout {layout!r}")


def needs_shared(layout: str) -> Path | None:
    """The ../shared path a layout reads, if it is missing."""
    if layout in ("pd1998", *RELAYOUTS):
        path = PD1998 / "pages_gold.jsonl"
    elif layout == "seed":
        path = SEED_PAGE
    elif layout == "kuaixun":
        path = KUAIXUN
    elif layout == "markdown":
        path = MARKDOWN
    else:
        return None
    return None if path.exists() else path


def run(layouts: Iterable[str] = LAYOUTS, limit: int | None = None) -> tuple[dict[str, Score], list[str]]:
    """Evaluate the layouts; return scores by layout and messages about skipped layouts."""
    layouts = list(layouts)
    scores: dict[str, Score] = {}
    skipped: list[str] = []
    pd_pages = None
    for layout in layouts:
        missing = needs_shared(layout)
        if missing:
            skipped.append(f"{layout}: skipped, {missing} is not here (../shared research corpora are absent)")
            continue
        if layout in RELAYOUTS and pd_pages is None:
            pd_pages = load_pd1998(limit)
        scores[layout] = evaluate(cases_for(layout, limit, pd_pages))
    return scores, skipped


def table(scores: dict[str, Score]) -> str:
    head = f"{'layout':<13}{'pages':>6}{'gold':>7}{'pred':>7}{'prec':>8}{'recall':>8}{'F1':>8}{'titles':>8}"
    rows = [head, "-" * len(head)]
    for layout, s in scores.items():
        rows.append(
            f"{layout:<13}{s.pages:>6}{s.gold:>7}{s.predicted:>7}"
            f"{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.title_share:>8.3f}"
        )
    return "\n".join(rows)


def as_json(scores: dict[str, Score], skipped: list[str], failures: int = 0) -> dict:
    rows = []
    for layout, s in scores.items():
        row = {
            "layout": layout,
            "pages": s.pages,
            "gold_articles": s.gold,
            "predicted_articles": s.predicted,
            "correct_boundaries": s.correct,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
            "titles": round(s.title_share, 4),
            "undecodable_files": s.undecodable,
        }
        if failures:
            row["failures"] = s.failures[:failures]
        rows.append(row)
    return {"layouts": rows, "skipped": skipped}


def format_failure(f: dict) -> str:
    if f["kind"] == "missed":
        return (
            f"  missed   {f['page']} #{f['article']}: gold {f['gold_title']!r} "
            f"(starts {f['gold_first']!r}) absorbed by {f['absorbed_by']!r}"
        )
    if f["kind"] == "decode":
        return f"  decode   {f['page']}: {f['error']}"
    if f["kind"] == "title":
        return f"  title    {f['page']} #{f['article']}: gold {f['gold_title']!r} -> predicted {f['predicted_title']!r}"
    return (
        f"  spurious {f['page']}: new article at {f['predicted_first']!r} (title {f['predicted_title']!r}) "
        f"inside gold {f['inside_gold']!r}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N pd1998 pages (and samples)")
    parser.add_argument("--layout", action="append", choices=LAYOUTS, help="only this layout (repeatable)")
    parser.add_argument("--failures", type=int, default=0, metavar="N", help="list up to N failures per layout")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    scores, skipped = run(args.layout or LAYOUTS, args.limit)
    if args.json:
        print(json.dumps(as_json(scores, skipped, args.failures), ensure_ascii=False, indent=2))
    else:
        print(table(scores))
        for layout, s in scores.items():
            if s.undecodable:
                print(f"{layout}: {s.undecodable} file(s) rejected by read.decode_bytes, scored as no articles")
        for message in skipped:
            print(message)
        for layout, s in scores.items():
            if args.failures and s.failures:
                print(f"\n{layout}: {len(s.failures)} failures, first {min(args.failures, len(s.failures))}:")
                for f in s.failures[: args.failures]:
                    print(format_failure(f))
        print(f"({time.perf_counter() - began:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
