"""Score the splitter (the write path up to extract) against gold article boundaries.

Usage::

    python benchmarks/split_eval.py                 # every layout, plain-text table
    python benchmarks/split_eval.py --json          # the same numbers as JSON
    python benchmarks/split_eval.py --limit 20      # only the first 20 pd1998 pages / samples
    python benchmarks/split_eval.py --failures 8    # also list up to 8 failures per layout
    python benchmarks/split_eval.py --layout wrapped --layout no-blank
    python benchmarks/split_eval.py --variants      # also a row per choice of a generated layout
    python benchmarks/split_eval.py --ceiling       # also the best F1 possible with no blank lines

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
- Layout families generated from the same 1998 articles (:data:`FAMILIES`), each page with
  choices drawn from a generator seeded by the layout and page name (``--variants`` scores each
  choice apart):

  - ``indent-wrap``: paragraphs indented (two U+3000, or 2, 3 or 4 spaces, per page) and
    hard-wrapped at a width of 20-40 characters (per page), wrapped lines beginning with
    whatever character falls there (punctuation too); no blank line at all; headlines neither
    indented nor wrapped. The layout of most plain-text newspaper archives.
  - ``indent-wrap-titles``: the same with the headline lines indented too.
  - ``place-kicker``: a real district and street from ``../shared/gazetteer`` (``河东区大直沽街道``,
    half the 街道 written 街) as a kicker line above every headline; gold start the kicker,
    gold title the headline; dense or spaced per page.
  - ``header-footer``: a page header line (``人民日报 1998年1月3日 星期六 第2版``, in three forms)
    on top and a ``责任编辑：…`` footer (three forms, editor names made up) at the bottom.

- ``dateline-subheads``: 100 pages of 3-5 real articles that each open with a dateline and
  carry sub-headings (short lines inside the article, no dateline after them): the 4 pd1998
  ones and CCTV items (``央视网消息（新闻联播）：…``) from
  ``../shared/corpora/cctv_xwlb/xwlb_2012-2026.jsonl.gz``, with a pd1998 dateline article
  without sub-headings on a third of the pages. Blank-line style flat, dense and spaced in turn,
  named in the file name (``dls-004-flat.txt``). Gold titles are the CCTV titles.
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
- ``realpages``: real community pages in ``benchmarks/realpages`` (``pages/*.txt`` with
  hand-written ``gold/*.json``, format in ``realpages/check_gold.py``; see
  :func:`realpages_cases`); each page is evaluated with its gold ``date`` as the publication
  date, and ``--variants`` scores each page layout (epaper, web, flat, indent-wrap, dense)
  apart. ``benchmarks/field_eval.py`` scores their fields.

The research corpora are read at run time from ``../shared`` beside the repository and never
copied into it; when they are absent their rows are skipped with a message.

Alignment
---------
Each page goes through the pipeline as ``ingest.articles_of`` runs it
(``coverage.run_pipeline``: cut at dated header lines by ``extract.dated_pages``, repaired,
split, articles without words dropped, extracted with the case's publication date if it has
one). Every page is reduced to a *key*: its decoded text with all whitespace removed (``\\s``, which
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

The generated layouts draw their choices from ``random.Random`` seeded with ``SEED``, the
layout and the page name (a string seed is hashed the same way on every run), so every run
lays the pages out the same; ``dateline-subheads`` always draws from every pd1998 page, so
``--limit`` keeps the same pages.

Coverage
--------
The ``lost`` and ``dup`` columns count word characters (letters, digits, Han) of the pages that
end up in no article or in more than one (``benchmarks/coverage.py``, whose docstring says what
is exempt).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bulletin_cli import read, repair
from bulletin_cli.errors import InputError
from bulletin_cli.models import Article

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))  # run as a script or loaded by the tests from its file
from siblings import sibling  # noqa: E402

coverage = sibling("coverage")

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

RELAYOUTS = (
    "seed-style", "no-blank", "wrapped", "gb18030-crlf", "multi-page",
    "indent-wrap", "indent-wrap-titles", "place-kicker", "header-footer",
)  # fmt: skip
LAYOUTS = ("pd1998", *RELAYOUTS, "dateline-subheads", "kuaixun", "markdown", "seed", "samples", "realpages")
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
    record: dict | None = field(default=None, compare=False)  # a real page's gold article (field_eval)
    # Other starts that count as this one: the furniture lines right above the article on a
    # real page (a section label the pipeline keeps as the article's kicker starts it there).
    also: tuple[int, ...] = field(default=(), compare=False)

    def starts(self) -> tuple[int, ...]:
        return (self.start, *self.also)


def match_gold(gold: list[GoldArticle], predicted: list) -> dict[int, object]:
    """The predicted article (anything with a .start) that starts each gold article, by index."""
    by_start = {p.start: p for p in predicted if p.start >= 0}
    found = {}
    for n, g in enumerate(gold):
        p = next((by_start[s] for s in g.starts() if s in by_start), None)
        if p is not None:
            found[n] = p
    return found


@dataclass
class Case:
    """One file to evaluate: its bytes or text, its gold articles, the pages it holds.

    ``variant`` names the choices a generated page was made with (``spaced``, ``indent 2
    spaces, width 27-33``), comma-separated, for ``--variants``. ``furniture`` lists the lines
    that belong to no article when the construction or the gold knows them (``()`` for a page
    that is all articles); None when unknown (then ``coverage`` trusts ``repair.is_furniture``).
    ``date`` is the publication date the pipeline is given, as ``ingest --date`` would.
    """

    layout: str
    name: str
    data: bytes | str
    gold: list[GoldArticle]
    pages: int = 1
    variant: str = ""
    furniture: tuple[str, ...] | None = None
    date: dt.date | None = None


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
        cases.append(Case("pd1998", Path(record["file"]).name, data, gold, furniture=()))
    return cases


# --------------------------------------------------------------------------- re-layout


def wrap(paragraph: str, width: int = WRAP_WIDTH, indent: str = INDENT) -> list[str]:
    """Indent a paragraph (two U+3000 by default) and hard-wrap it at ``width`` characters.

    >>> wrap("一二三四五六七", 4)
    ['\\u3000\\u3000一二', '三四五六', '七']
    >>> wrap("一二三，四五。", 4, "  ")
    ['  一二', '三，四五', '。']
    """
    text = indent + paragraph.strip()
    return [piece for i in range(0, len(text), width) if (piece := text[i : i + width]).strip()] or [indent]


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
            headers = tuple(page_header(page.date, page.page) for page in group)
            cases.append(Case(layout, name, "\n".join(lines), gold, pages=len(group), furniture=headers))
        return cases
    if layout in FAMILIES:
        return [FAMILIES[layout](page) for page in pages]
    cases = []
    for page in pages:
        lines, starts = layout_lines(page.units, layout)
        offsets = line_offsets(lines)
        gold = [GoldArticle(offsets[s], u.title) for s, u in zip(starts, page.units)]
        text = "\n".join(lines)
        data: bytes | str = text
        if layout == "gb18030-crlf":
            data = text.replace("\n", "\r\n").encode("gb18030")
        cases.append(Case(layout, page.name, data, gold, furniture=()))
    return cases


# --------------------------------------------------------------------------- layout families
#
# Each page is laid out with choices drawn from its own generator, seeded by the layout and the
# page name, so a page looks the same on every run and whatever other pages are evaluated.

INDENTS = (("\u3000\u3000", "2 U+3000"), ("  ", "2 spaces"), ("   ", "3 spaces"), ("    ", "4 spaces"))
STYLES = ("flat", "dense", "spaced")
GAZETTEER = SHARED / "gazetteer"
CCTV_ITEMS = CCTV / "xwlb_2012-2026.jsonl.gz"
SUBHEAD_PAGES = 100
PAPER = "人民日报"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
_GIVEN = "丽明华军敏静强磊洋艳勇杰娟涛超秀英霞平刚芳"


def page_rng(layout: str, name: str) -> random.Random:
    """The generator for one page of a layout (a str seed is hashed the same on every run)."""
    return random.Random(f"{SEED}:{layout}:{name}")


def styled_lines(articles: list[list[str]], style: str) -> tuple[list[str], list[int]]:
    """Lay articles (each a list of lines) out in a blank-line style; return lines and starts.

    ``flat``: no blank line; ``dense``: one between articles; ``spaced``: one between every
    line and two between articles.

    >>> styled_lines([["甲", "一"], ["乙", "二"]], "spaced")
    (['甲', '', '一', '', '', '乙', '', '二'], [0, 5])
    """
    lines: list[str] = []
    starts: list[int] = []
    for n, blocks in enumerate(articles):
        if n and style != "flat":
            lines.extend([""] * (2 if style == "spaced" else 1))
        starts.append(len(lines))
        for i, block in enumerate(blocks):
            if i and style == "spaced":
                lines.append("")
            lines.append(block)
    return lines, starts


def _case(layout: str, name: str, lines: list[str], starts: list[int], units, variant: str, **kw) -> Case:
    offsets = line_offsets(lines)
    gold = [GoldArticle(offsets[s], u.title) for s, u in zip(starts, units)]
    return Case(layout, name, "\n".join(lines), gold, variant=variant, **{"furniture": (), **kw})


def _width_band(width: int) -> str:
    return next(band for band in ("20-26", "27-33", "34-40") if width <= int(band[-2:]))


def indent_wrap_case(page: SourcePage, titles_indented: bool = False) -> Case:
    """``indent-wrap``: paragraphs indented and hard-wrapped at 20-40 characters, no blank line.

    Indent (two U+3000 or 2-4 spaces) and width are drawn per page. Headlines are one line,
    unwrapped, indented only in ``indent-wrap-titles``.
    """
    layout = "indent-wrap-titles" if titles_indented else "indent-wrap"
    rng = page_rng(layout, page.name)
    indent, label = rng.choice(INDENTS)
    width = rng.randint(20, 40)
    articles = []
    for unit in page.units:
        blocks = [(indent if titles_indented else "") + unit.headline] if unit.headline is not None else []
        for paragraph in unit.paragraphs:
            blocks.extend(wrap(paragraph, width, indent))
        articles.append(blocks)
    lines, starts = styled_lines(articles, "flat")
    return _case(layout, page.name, lines, starts, page.units, f"indent {label}, width {_width_band(width)}")


@lru_cache(maxsize=1)
def gazetteer_places() -> tuple[tuple[str, str], ...]:
    """(district, street) pairs of the gazetteer: districts (区) and counties (县) with their
    streets, towns and townships (街道, 镇, 乡), in code order, placeholders (特殊街道) left out."""
    with open(GAZETTEER / "areas.csv", encoding="utf-8", newline="") as handle:
        areas = {row["code"]: row["name"] for row in csv.DictReader(handle) if row["name"].endswith(("区", "县"))}
    with open(GAZETTEER / "streets.csv", encoding="utf-8", newline="") as handle:
        return tuple(
            (areas[row["areaCode"]], row["name"])
            for row in csv.DictReader(handle)
            if row["areaCode"] in areas and row["name"].endswith(("街道", "镇", "乡")) and "特殊" not in row["name"]
        )  # 特殊街道, 特殊乡镇: the statistics' placeholders, no place's name


def place_kicker_case(page: SourcePage) -> Case:
    """``place-kicker``: a real district + street line (河东区大直沽街道) above every headline.

    The gold start is the kicker line, the gold title the headline. Half the 街道 names are
    written short (大直沽街), as papers do. Blank-line style per page: dense or spaced.
    """
    rng = page_rng("place-kicker", page.name)
    style = rng.choice(("dense", "spaced"))
    places = gazetteer_places()
    articles = []
    for unit in page.units:
        blocks = list(unit.paragraphs)
        if unit.headline is not None:
            district, street = rng.choice(places)
            if street.endswith("街道") and rng.random() < 0.5:
                street = street[:-1]
            blocks = [district + street, unit.headline, *blocks]
        articles.append(blocks)
    lines, starts = styled_lines(articles, style)
    return _case("place-kicker", page.name, lines, starts, page.units, style)


def editor_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + "".join(rng.choice(_GIVEN) for _ in range(rng.randint(1, 2)))


def header_footer_case(page: SourcePage) -> Case:
    """``header-footer``: a page header line on top and a 责任编辑 footer at the bottom.

    Header forms: ``人民日报 1998年1月3日 星期六 第2版``, ``第2版 人民日报 1998年1月3日 星期六``,
    or full-width digits between U+3000 (``人民日报　１９９８年１月３日　星期六　第２版``); footers
    ``责任编辑：王丽``, ``责任编辑：王丽　李明`` or ``（责任编辑：王丽）``; a blank line after the
    header and before the footer, or not. The articles are laid out as in pd1998.
    """
    rng = page_rng("header-footer", page.name)
    d, weekday = page.date, WEEKDAYS[page.date.weekday()]
    date = f"{d.year}年{d.month}月{d.day}日"
    form = rng.randrange(3)
    header = (
        f"{PAPER} {date} 星期{weekday} 第{page.page}版",
        f"第{page.page}版 {PAPER} {date} 星期{weekday}",
        f"{PAPER}\u3000{date}\u3000星期{weekday}\u3000第{page.page}版".translate(FULL_WIDTH),
    )[form]
    kind = rng.randrange(3)
    names = editor_name(rng) if kind != 1 else f"{editor_name(rng)}\u3000{editor_name(rng)}"
    footer = f"（责任编辑：{names}）" if kind == 2 else f"责任编辑：{names}"
    body, starts = layout_lines(page.units, "pd1998")
    gap_top, gap_bottom = [""] * rng.randint(0, 1), [""] * rng.randint(0, 1)
    lines = [header, *gap_top, *body, *gap_bottom, footer]
    starts = [s + 1 + len(gap_top) for s in starts]
    variant = f"header {('plain', 'page first', 'full-width')[form]}, footer {('one name', 'two names', 'bracketed')[kind]}"
    return _case("header-footer", page.name, lines, starts, page.units, variant, furniture=(header, footer))


FAMILIES: dict[str, Callable[[SourcePage], Case]] = {
    "indent-wrap": indent_wrap_case,
    "indent-wrap-titles": lambda page: indent_wrap_case(page, titles_indented=True),
    "place-kicker": place_kicker_case,
    "header-footer": header_footer_case,
}

_SENTENCE_END = "。！？!?；;：:，,、"
# The generator's own notion of a dateline and a caption (what repair knew when the family was
# made), so that the pages stay the same whatever the code under test comes to accept.
_DATELINE = re.compile(
    r"^(?:本报讯|本刊讯|本网讯|讯\s|"
    r"本报[\u4e00-\u9fff0-9０-９]{0,12}?[电讯]|"
    r"据?(?:新华社|中新社|央视网|人民网)[\u4e00-\u9fff0-9０-９]{0,12}?电|"
    r"[\u4e00-\u9fff]{2,10}消息\s*[（(][^（）()]{1,12}[）)]\s*[:：]|"
    r"据[^，。,]{1,20}?(?:报道|消息)[，,：:])"
)
_CAPTION = re.compile(r"^[（(][^（）()]{0,60}(?:供图|摄|摄影)[^（）()]{0,10}[）)]$|^(?:图为|图：|上图|下图)[^\n]{0,120}$")


def subheading(line: str) -> bool:
    """A sub-heading inside an article: a short line that ends no sentence, no dateline.

    >>> subheading("山东：构建多层次医养结合服务模式"), subheading("（王明）"), subheading("全国冠军胜奥运冠军。")
    (True, False, False)
    """
    return (
        4 <= len(line) <= 30
        and "。" not in line
        and line[-1] not in _SENTENCE_END
        and not line.startswith(("（", "("))
        and not _CAPTION.match(line)
        and not _DATELINE.match(line)
    )


def _dateline_unit(headline: str | None, lines: list[str]) -> tuple[Unit, bool] | None:
    """A headlined article that opens with a dateline and has no other, and whether it has a
    sub-heading (a line inside it, not its last, that :func:`subheading` accepts)."""
    lines = [line.strip() for line in lines if line.strip()]
    if not headline or gold_title(headline) is None or len(lines) < 2 or not _DATELINE.match(lines[0]):
        return None
    if any(_DATELINE.match(line) for line in lines[1:]):
        return None
    return Unit(headline, tuple(lines)), any(subheading(line) for line in lines[1:-1])


def dateline_units(pages: list[SourcePage]) -> tuple[list[Unit], list[Unit], list[Unit]]:
    """Real articles that open with a dateline: pd1998 ones with sub-headings, CCTV ones with
    sub-headings, and pd1998 ones without, each in corpus order.

    CCTV items open with ``央视网消息（新闻联播）：``; 联播快讯 bulletins and 完整版 entries are left out.
    """
    pd_subheads: list[Unit] = []
    plain: list[Unit] = []
    for page in pages:
        for unit in page.units:
            found = _dateline_unit(unit.headline, list(unit.paragraphs))
            if found:
                (pd_subheads if found[1] else plain).append(found[0])
    cctv: list[Unit] = []
    with gzip.open(CCTV_ITEMS, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            title = record["title"].strip()
            if "快讯" in title or "完整版" in title or "\n" in title:
                continue
            found = _dateline_unit(title, record["body"].split("\n"))
            if found and found[1]:
                cctv.append(found[0])
    return pd_subheads, cctv, plain


def dateline_subheads_cases(pages: list[SourcePage], limit: int | None = None) -> list[Case]:
    """``dateline-subheads``: pages of 3-5 articles that open with a dateline and carry sub-headings.

    The articles are real (see :func:`dateline_units`), each used once: the few pd1998 ones with
    sub-headings first, then CCTV items in a seeded order; a third of the pages also get a pd1998
    dateline article without sub-headings. Pages take the styles flat, dense and spaced in turn
    (:func:`styled_lines`); the page name says which (``dls-004-flat.txt``).
    """
    pd_subheads, cctv, plain = dateline_units(pages)
    rng = random.Random(f"{SEED}:dateline-subheads")
    rng.shuffle(cctv)
    rng.shuffle(plain)
    queue = pd_subheads + cctv
    cases = []
    for n in range(min(SUBHEAD_PAGES, limit or SUBHEAD_PAGES)):
        style = STYLES[n % len(STYLES)]
        units = [queue.pop(0) for _ in range(rng.randint(3, 5)) if queue]
        rng.shuffle(units)
        if plain and rng.random() < 1 / 3:
            units.insert(rng.randint(0, len(units)), plain.pop())
        lines, starts = styled_lines([[u.headline or "", *u.paragraphs] for u in units], style)
        cases.append(_case("dateline-subheads", f"dls-{n + 1:03d}-{style}.txt", lines, starts, units, style))
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


# --------------------------------------------------------------------------- real pages

REALPAGES = HERE / "realpages"


class GoldError(ValueError):
    """A real page's gold that does not fit its page (check_gold.py says more)."""


def realpages_cases(folder: Path | None = None, limit: int | None = None) -> list[Case]:
    """The real pages (``benchmarks/realpages``, format in its check_gold.py and the spec).

    Gold starts are each article's ``first_line``: the first line after the previous
    article's start that equals it (stripped); gold titles its ``title`` ("" for an untitled
    brief, scored like pd1998's); the page's ``date`` is the publication date, given as a file
    name's date (``n01-2024-06-05.txt``, the last of the dates ingest tries), and its
    ``furniture`` lines are exempt from coverage. A predicted start on gold furniture lines
    right above an article (blank lines between allowed) also counts as that article's start:
    a section label kept as the article's kicker. The boundary is then right; the label kept
    in the article shows in coverage's ``furniture kept`` and in the kickers field.
    """
    folder = folder or REALPAGES
    check_gold = sibling("realpages/check_gold")
    cases = []
    for gold_path in sorted((folder / "gold").glob("*.json"))[:limit]:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        name = f"{gold['page']}.txt"
        data = (folder / "pages" / name).read_bytes()
        lines = read.normalise_text(read.decode_bytes(data, name)[0]).split("\n")
        offsets = line_offsets(lines)
        starts = check_gold.first_lines(lines, gold["articles"])
        if None in starts:
            n = starts.index(None) + 1
            raise GoldError(f"{gold_path}: article {n}'s first_line is not in the page; run {check_gold.__file__}")
        furniture = {line.strip() for line in gold["furniture"]}
        articles = [
            GoldArticle(offsets[i], a["title"].strip() or None, a, _furniture_above(lines, offsets, i, furniture))
            for i, a in zip(starts, gold["articles"])
        ]
        # The gold date dates the page as its file name would (a user's archive names files by
        # date): below the dates the page prints, so that a paste of web copies from several
        # years is dated copy by copy, as ingest dates it without --date.
        dated = f"{gold['page']}-{dt.date.fromisoformat(gold['date']).isoformat()}.txt"
        cases.append(Case("realpages", dated, data, articles, variant=gold["layout"], furniture=tuple(gold["furniture"])))
    return cases


def _furniture_above(lines: list[str], offsets: list[int], i: int, furniture: set[str]) -> tuple[int, ...]:
    """Offsets of the gold furniture lines right above line i (blank lines between allowed)."""
    found = []
    j = i - 1
    while j >= 0 and (not lines[j].strip() or lines[j].strip() in furniture):
        if lines[j].strip():
            found.append(offsets[j])
        j -= 1
    return tuple(found)


# --------------------------------------------------------------------------- scoring


@dataclass
class Predicted:
    start: int  # key offset, -1 when it could not be aligned
    title: str
    first: str  # the article's first line, for failure reports
    article: Article | None = None  # the extracted article (for field_eval)


def decode(case: Case) -> str:
    if isinstance(case.data, bytes):
        text, _ = read.decode_bytes(case.data, case.name)
    else:
        text = case.data
    return read.normalise_text(text)


def predict(
    text: str, name: str = "page", date: dt.date | None = None, run: coverage.Pipeline | None = None
) -> list[Predicted]:
    """Run the pipeline on a page as ingest does and align each article to the page's key.

    ``run``: the page's ``coverage.run_pipeline`` if it was run already.
    """
    run = run or coverage.run_pipeline(text, name, date)
    page_key = key(unmark(text))
    out, cursor = [], 0
    for raw, article in run.kept:
        title = article.title
        # The headline with the opening under it is found where the article is, not where
        # a summary or an earlier mention repeats the headline alone.
        at = _headline_over_opening(page_key, raw, cursor) if raw.headline else -1
        if at >= 0:
            out.append(Predicted(at, title, raw.headline[0], article))
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
            out.append(Predicted(-1, title, candidates[0] if candidates else "", article))
            continue
        start, first = min(found)
        out.append(Predicted(start, title, first, article))
        cursor = start + max(1, sum(len(key(b)) for b in (*raw.headline, *raw.paragraphs, *raw.captions)))
    return out


def _headline_over_opening(page_key: str, raw, cursor: int, reach: int = 120) -> int:
    """Where the article's headline stands over its opening, at most reach characters above it
    (a byline or a source line may come between): the last time the headline is printed before
    the opening, not a breadcrumb that repeats it further up."""
    head = key("".join(raw.headline))
    opening = key(raw.paragraphs[0] if raw.paragraphs else "")[:12]
    at = page_key.find(head, cursor)
    while at >= 0:
        below = page_key.find(opening, at + len(head))
        if below < 0:
            return -1
        later = page_key.find(head, at + 1)
        if 0 <= later and later + len(head) <= below:
            at = later  # printed again before the opening: that one is the headline
            continue
        return at if below - at - len(head) <= reach else -1
    return -1


class Boundaries:
    """Precision, recall and F1 of article starts from gold, predicted and correct counts."""

    gold: int
    predicted: int
    correct: int

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


@dataclass
class Score(Boundaries):
    pages: int = 0
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    titles_right: int = 0
    undecodable: int = 0  # files decode_bytes rejected (scored as predicting nothing)
    pages_lost: int = 0  # pages with word characters in no article (coverage.py)
    lost: int = 0
    duplicated: int = 0
    failures: list[dict] = field(default_factory=list)
    variants: dict[str, Score] = field(default_factory=dict)  # by each facet of Case.variant

    def add(self, other: Score, failures: bool = True) -> None:
        self.pages += other.pages
        self.gold += other.gold
        self.predicted += other.predicted
        self.correct += other.correct
        self.titles_right += other.titles_right
        self.undecodable += other.undecodable
        self.pages_lost += other.pages_lost
        self.lost += other.lost
        self.duplicated += other.duplicated
        if failures:
            self.failures.extend(other.failures)
        for facet, score in other.variants.items():
            self.variants.setdefault(facet, Score()).add(score, failures=False)

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
    matched = match_gold(gold, predicted)
    taken = {id(p) for p in matched.values()}
    score = Score(pages=1, gold=len(gold), predicted=len(predicted))
    for n, g in enumerate(gold):
        p = matched.get(n)
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
        if id(p) not in taken:
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
        run = coverage.run_pipeline(text, case.name, case.date)
        page = score_page(case.gold, predict(text, case.name, case.date, run), case.name, text)
        page.pages = case.pages
        found = coverage.check_text(text, case.name, case.date, case.furniture, run)
        page.pages_lost, page.lost, page.duplicated = int(found.lost > 0), found.lost, found.duplicated
        for loss in found.losses[:1]:
            page.failures.append({"kind": "lost", "page": case.name, "what": loss.kind, "text": loss.show()})
        facets = {}
        for facet in filter(None, case.variant.split(", ")):
            facets[facet] = Score()
            facets[facet].add(page, failures=False)
        page.variants = facets
        total.add(page)
    return total


# --------------------------------------------------------------------------- running


def cases_for(layout: str, limit: int | None, pd_pages: list[SourcePage] | None) -> list[Case]:
    if layout == "pd1998":
        return pd1998_cases(limit)
    if layout in RELAYOUTS:
        return relayout(pd_pages or [], layout)
    if layout == "dateline-subheads":  # always from every pd1998 page: --limit keeps the same pages
        return dateline_subheads_cases(load_pd1998(), limit)
    if layout == "kuaixun":
        return kuaixun_cases(limit)
    if layout == "markdown":
        return markdown_cases(limit)
    if layout == "seed":
        return seed_cases()
    if layout == "samples":
        return samples_cases(limit)
    if layout == "realpages":
        return realpages_cases(limit=limit)
    raise ValueError(f"unknown layout {layout!r}")


def needs_shared(layout: str) -> Path | None:
    """The ../shared path a layout reads, if it is missing."""
    if layout == "place-kicker" and not GAZETTEER.exists():
        return GAZETTEER
    if layout == "dateline-subheads" and not CCTV_ITEMS.exists():
        return CCTV_ITEMS
    if layout in ("pd1998", *RELAYOUTS, "dateline-subheads"):
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
        reason = unavailable(layout)
        if reason:
            skipped.append(f"{layout}: skipped, {reason}")
            continue
        if layout in RELAYOUTS and pd_pages is None:
            pd_pages = load_pd1998(limit)
        try:
            scores[layout] = evaluate(cases_for(layout, limit, pd_pages))
        except GoldError as exc:
            skipped.append(f"{layout}: skipped, {exc}")
    return scores, skipped


def unavailable(layout: str) -> str | None:
    """Why a layout cannot be evaluated here, or None."""
    if layout == "realpages":
        if not any((REALPAGES / "gold").glob("*.json")):
            return f"no real pages in {REALPAGES / 'gold'} yet"
        return None
    missing = needs_shared(layout)
    return f"{missing} is not here (../shared research corpora are absent)" if missing else None


def table(scores: dict[str, Score], variants: bool = False) -> str:
    head = (
        f"{'layout':<19}{'pages':>6}{'gold':>7}{'pred':>7}{'prec':>8}{'recall':>8}{'F1':>8}{'titles':>8}"
        f"{'lost':>7}{'dup':>5}"
    )
    rows = [head, "-" * len(head)]

    def row(label: str, s: Score) -> str:
        return (
            f"{label:<19}{s.pages:>6}{s.gold:>7}{s.predicted:>7}"
            f"{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.title_share:>8.3f}{s.lost:>7}{s.duplicated:>5}"
        )

    for layout, s in scores.items():
        rows.append(row(layout, s))
        if variants:
            rows.extend(row(f"  {facet}"[:19], v) for facet, v in sorted(s.variants.items()))
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
            "pages_with_losses": s.pages_lost,
            "chars_lost": s.lost,
            "chars_duplicated": s.duplicated,
        }
        if s.variants:
            row["variants"] = {
                facet: {"pages": v.pages, "gold_articles": v.gold, "f1": round(v.f1, 4), "titles": round(v.title_share, 4)}
                for facet, v in sorted(s.variants.items())
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
    if f["kind"] == "lost":
        return f"  lost     {f['text']}"
    if f["kind"] == "decode":
        return f"  decode   {f['page']}: {f['error']}"
    if f["kind"] == "title":
        return f"  title    {f['page']} #{f['article']}: gold {f['gold_title']!r} -> predicted {f['predicted_title']!r}"
    return (
        f"  spurious {f['page']}: new article at {f['predicted_first']!r} (title {f['predicted_title']!r}) "
        f"inside gold {f['inside_gold']!r}"
    )


# Layouts with no blank line at all: there an untitled article is told from the paragraph
# before it only by how it opens.
FLAT_LAYOUTS = ("no-blank", "indent-wrap", "indent-wrap-titles")
_BULLET = re.compile(r"^[●■◆▲★☆•]")


def unmarked(units: Iterable[Unit]) -> int:
    """Articles after a page's first with no title whose first line is neither a dateline nor
    a bullet: with no blank line above them, no reader can tell them from a paragraph.

    >>> unmarked([Unit("标题", ("正文。",)), Unit(None, ("本报讯 简讯一。",)), Unit(None, ("简讯二。",))])
    1
    """
    count = 0
    for n, unit in enumerate(units):
        first = unit.headline if unit.headline is not None else (unit.paragraphs[0] if unit.paragraphs else "")
        if n and unit.title is None and not (repair.is_dateline(first) or _BULLET.match(first)):
            count += 1
    return count


def ceiling(pages: list[SourcePage]) -> tuple[int, int, float, float]:
    """Gold articles, unmarked ones, and the recall and F1 a splitter reaches at best in a flat
    layout of these pages (every other start found, nothing spurious)."""
    gold = sum(len(page.units) for page in pages)
    hidden = sum(unmarked(page.units) for page in pages)
    recall = (gold - hidden) / gold if gold else 0.0
    return gold, hidden, recall, 2 * recall / (1 + recall) if recall else 0.0


def ceiling_table(pages: list[SourcePage], scores: dict[str, Score]) -> str:
    gold, hidden, recall, f1 = ceiling(pages)
    rows = [f"{'layout':<19}{'gold':>7}{'unmarked':>10}{'recall<=':>10}{'F1<=':>8}{'F1 now':>8}"]
    rows += [
        f"{layout:<19}{gold:>7}{hidden:>10}{recall:>10.3f}{f1:>8.3f}{scores[layout].f1:>8.3f}"
        for layout in FLAT_LAYOUTS
        if layout in scores
    ]
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N pd1998 pages (and samples)")
    parser.add_argument("--layout", action="append", choices=LAYOUTS, help="only this layout (repeatable)")
    parser.add_argument("--failures", type=int, default=0, metavar="N", help="list up to N failures per layout")
    parser.add_argument("--variants", action="store_true", help="also score each choice a generated layout made")
    parser.add_argument(
        "--ceiling", action="store_true", help="also the best F1 any splitter reaches in the layouts with no blank line"
    )
    args = parser.parse_args(argv)
    began = time.perf_counter()
    scores, skipped = run(args.layout or LAYOUTS, args.limit)
    if args.json:
        print(json.dumps(as_json(scores, skipped, args.failures), ensure_ascii=False, indent=2))
    else:
        print(table(scores, args.variants))
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
        if args.ceiling and any(layout in scores for layout in FLAT_LAYOUTS):
            print("\nUntitled articles that open with no dateline or bullet, in layouts with no blank line:")
            print(ceiling_table(load_pd1998(args.limit), scores))
        print(f"({time.perf_counter() - began:.1f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
