"""Cut a repaired page into raw articles: headline block, body paragraphs, captions.

Three layouts are recognised from the blank lines:

- spaced: a blank line between every paragraph (e-paper exports). Articles start at a
  dateline (本报讯 ...) together with the short headline lines just before it, after a photo
  credit, at two or more headline lines in a row (a lone short line is a sub-heading), or,
  where articles are two blank lines apart, at finished text followed by a wider gap.
- dense: one paragraph per line, a blank line between articles. Each blank-separated group
  is an article; inside a group, a 本报讯 brief or a dateline after a closing byline starts
  another, while a report quoting further datelines stays whole.
- flat: no blank lines at all. As spaced, with every line a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bulletin_cli.models import RawArticle
from bulletin_cli.repair import ends_sentence, is_caption, is_dateline

HEAD, DATELINE, BODY, CAPTION = "head", "dateline", "body", "caption"
MAX_HEADLINE_LINES = 3
MAX_HEADLINE_CHARS = 48


@dataclass
class Block:
    text: str
    gap: int  # blank lines before it
    kind: str


def classify(line: str) -> str:
    """Say what a line is: headline-like, a dateline paragraph, body text or a caption.

    >>> classify("基层治理“助推器”"), classify("(和平区天兴里社区供图)"), classify("本报讯 近日,社区开展活动。")
    ('head', 'caption', 'dateline')
    """
    if is_caption(line):
        return CAPTION
    if is_dateline(line):
        return DATELINE
    if len(line) <= MAX_HEADLINE_CHARS and "。" not in line and not _closed_short(line):
        return HEAD
    return BODY


_BYLINE_LINE = re.compile(r"^[（(][\u4e00-\u9fff·\s、]{2,16}[）)]$|[（(][^（）()]*电[^（）()]*[）)]$")
_REPORTER = re.compile(r"^(?:本报记者|新华社记者|本报通讯员|特约记者|记者|通讯员)\s*[\u4e00-\u9fff]")


def _closed_short(line: str) -> bool:
    # Headlines may end in ！ or ？; a short line ending in ， ； or 。 is a sentence,
    # and so is an exclamation with clauses (谢谢大家，新年快乐！) or a closing byline.
    text = line.rstrip()
    last = text[-1:]
    if last in "，,、；;：:" or _BYLINE_LINE.search(text):
        return True
    if last in "！？!?" and re.search(r"[，,、]", text):
        return True
    return ends_sentence(line) and last not in "！？!?”\"）)"


def blocks_of(text: str) -> list[Block]:
    blocks: list[Block] = []
    gap = 0
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            gap += 1
            continue
        blocks.append(Block(line, gap, classify(line)))
        gap = 0
    return blocks


def layout_of(blocks: list[Block]) -> str:
    """Name the page's layout: 'spaced', 'dense' or 'flat'."""
    gaps = [b.gap for b in blocks[1:]]
    if not gaps or not any(gaps):
        return "flat"
    return "spaced" if sum(1 for g in gaps if g) > len(gaps) / 2 else "dense"


def split_articles(text: str) -> list[RawArticle]:
    """Split a repaired page into articles in page order.

    >>> page = "河西区大营门街东莱里社区\\n\\n工会送来温暖 慰问一线交警\\n\\n本报讯 社区工会走访交警。\\n\\n慰问品很实用。"
    >>> [a.headline for a in split_articles(page)]
    [('河西区大营门街东莱里社区', '工会送来温暖 慰问一线交警')]
    """
    blocks = blocks_of(text)
    if not blocks:
        return []
    layout = layout_of(blocks)
    starts = _starts(blocks, layout)
    articles: list[RawArticle] = []
    for begin, end in zip(starts, starts[1:] + [len(blocks)]):
        article = _assemble(blocks[begin:end])
        if article.paragraphs:
            articles.append(article)
        elif articles:
            # Short lines with no text under them (slogans, a closing sub-heading) are
            # the end of the article before; above the first article they are labels.
            last = articles[-1]
            lines = tuple(b.text for b in blocks[begin:end])
            articles[-1] = RawArticle(last.headline, last.paragraphs + lines, last.captions)
    return articles


def _starts(blocks: list[Block], layout: str) -> list[int]:
    starts = {0}
    seen_body = False  # body text since the last start
    # Pages with one blank line between paragraphs and two between articles.
    gaps = sorted(b.gap for b in blocks[1:] if b.gap)
    wide_gaps = layout == "spaced" and bool(gaps) and gaps[len(gaps) // 2] == 1
    for i, block in enumerate(blocks):
        if layout == "dense" and block.gap and i and seen_body:
            # A blank line ends an article; a group of headline lines alone (a kicker
            # set apart) belongs to the article below it.
            starts.add(i)
            seen_body = False
        if wide_gaps and block.gap >= 2 and block.kind in (BODY, DATELINE):
            if seen_body and _finished(blocks[i - 1]):
                starts.add(i)  # an untitled brief set apart by a wider gap
        if block.kind == DATELINE:
            first = _headline_start(blocks, i)
            # Inside a blank-separated article a report may quote further datelines; only
            # a brief (本报讯 ...) or a dateline after a closing byline starts another.
            inside_group = (
                layout == "dense"
                and not block.gap
                and first == i
                and not block.text.startswith("本报讯")
                and not blocks[i - 1].text.endswith(("）", ")"))
            )
            if first < i or (seen_body and not inside_group):
                starts.add(first)
            seen_body = True
        elif block.kind == HEAD and layout != "dense" and i and seen_body:
            prev = blocks[i - 1]
            run_of_heads = i + 1 < len(blocks) and blocks[i + 1].kind == HEAD
            after_caption = prev.kind == CAPTION
            wide_gap = layout == "spaced" and block.gap >= 2 and prev.kind == BODY
            if (after_caption or run_of_heads or wide_gap) and not _heads_then_dateline(blocks, i):
                starts.add(i)
                seen_body = False
        elif block.kind == BODY:
            seen_body = True
    return sorted(starts)


def _finished(block: Block) -> bool:
    return block.kind in (BODY, DATELINE, CAPTION) and ends_sentence(block.text)


def _heads_then_dateline(blocks: list[Block], i: int) -> bool:
    """Whether the headline run at i leads into a dateline (that start is found there)."""
    j = i
    while j < len(blocks) and blocks[j].kind == HEAD and j - i < MAX_HEADLINE_LINES:
        j += 1
    return j < len(blocks) and blocks[j].kind == DATELINE


def _headline_start(blocks: list[Block], i: int) -> int:
    """Index of the first headline line that belongs to the dateline at i."""
    first = i
    while first > 0 and i - first < MAX_HEADLINE_LINES:
        if blocks[first - 1].kind != HEAD:
            break
        first -= 1
    return first


def _assemble(blocks: list[Block]) -> RawArticle:
    headline: list[str] = []
    paragraphs: list[str] = []
    captions: list[str] = []
    for block in blocks:
        if block.kind == CAPTION:
            captions.append(block.text)
        elif block.kind == HEAD and not paragraphs and not (headline and _REPORTER.match(block.text)):
            headline.append(block.text)
        else:
            paragraphs.append(block.text)
    if len(headline) > MAX_HEADLINE_LINES:
        headline = headline[-MAX_HEADLINE_LINES:]  # section labels above the first headline
    return RawArticle(tuple(headline), tuple(paragraphs), tuple(captions))
