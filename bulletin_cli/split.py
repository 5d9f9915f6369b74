"""Cut a repaired page into raw articles: headline block, body paragraphs, captions.

The layout is read from the blank lines (and ``#`` headings):

- markdown: ``### 标题`` lines start articles at the deepest heading level on the page; the
  text under higher headings (a day's summary, a section name) is not an article.
- dense: one paragraph per line, a blank line between articles (the 1998 People's Daily
  dumps, most web copies). Each blank-separated group is an article. A group of headline
  lines alone is a kicker set apart when the group below has no headline of its own, else an
  article of its own (a picture item, a poem, a table). Inside a group only a 本报讯 brief, or
  a dateline after a closing byline or photo credit, starts another article; a report
  quoting further datelines stays whole.
- spaced: a blank line between every paragraph (e-paper exports). When the wider gaps fall
  only between finished text and what follows, they are the article breaks. Otherwise the
  flat rules apply, with a wider gap after finished text as one more break.
- flat: no blank lines at all. An article starts at a dateline together with up to three
  headline lines just before it, and at a headline line after a closing byline or photo
  credit, at a picture item ``…（图片）``, at a two-clause headline ``甲 乙``, at a run of
  headline lines, or at a headline line whose words the next paragraph repeats (a news
  lead restates its headline; a sub-heading such as ``找准突破口`` is not restated). On a
  page where most lone short lines are restated that way (a page of briefs), each starts one.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise

from bulletin_cli.models import RawArticle
from bulletin_cli.repair import BYLINE_MARK, WEB_MARK, ends_sentence, is_caption, is_dateline, is_lead, lead_place, restated
from bulletin_cli.vocabulary import BYLINE_LINE, PLACE_SUFFIXES, TAG_LINE, alternation, is_briefs_label, is_label
from bulletin_cli.vocabulary import DATELINE as DATELINE_PATTERN

HEAD, DATELINE, BODY, CAPTION = "head", "dateline", "body", "caption"
BYLINE = "byline"  # a line that only names the reporters (本报记者 周明)
LABEL = "label"  # a section name or column tag: page furniture, in no article
MAX_HEADLINE_LINES = 3
MAX_HEADLINE_CHARS = 48


@dataclass
class Block:
    text: str
    gap: int  # blank lines before it
    kind: str
    level: int = 0  # markdown heading level (### -> 3), 0 for other lines
    label_above: bool = False  # a section label stood right above it
    briefs_above: bool = False  # … and it names a column of briefs (社区简讯)
    mark_above: bool = False  # web page furniture (source, time, editor) stood right above it
    mark_below: bool = False  # … right below it
    meta_date: str = ""  # the date that furniture right below it gave (YYYY-MM-DD)
    meta_byline: str = ""  # the reporters that furniture right below it named
    indented: bool = False  # printed with an indent (a paragraph's first line, in most archives)


def classify(line: str) -> str:
    """Say what a line is: headline-like, a dateline paragraph, body text or a caption.

    >>> classify("基层治理“助推器”"), classify("(和平区天兴里社区供图)"), classify("本报讯 近日,社区开展活动。")
    ('head', 'caption', 'dateline')
    >>> classify("本报记者 周明 通讯员 李静"), classify("【城管进社区】")
    ('byline', 'label')
    """
    if is_caption(line):
        return CAPTION
    if is_label(line):
        return LABEL
    if len(line) <= MAX_HEADLINE_CHARS and BYLINE_LINE.match(line):
        return BYLINE
    if is_dateline(line):
        return DATELINE
    if _NOTE_LINE.match(line) and not _PICTURE_HEAD.search(line):
        return BODY  # a note or credit in brackets, a signature: never a headline
    if len(line) <= MAX_HEADLINE_CHARS and "。" not in line and not _closed_short(line):
        return HEAD
    if (
        len(line) <= MAX_LONG_HEADLINE_CHARS
        and _SPACED_CLAUSES.search(line)
        and not _SENTENCE_MARK.search(line)
        and not _closed_short(line)
    ):
        return HEAD  # a long headline of spaced clauses, no comma (中共中央 国务院 中央军委关于…)
    return BODY


MAX_LONG_HEADLINE_CHARS = 90
_SENTENCE_MARK = re.compile(r"[，,。；;！!？?：:]")


_BYLINE_LINE = re.compile(r"^[（(][\u4e00-\u9fff·\s、]{2,16}[）)]$|[（(][^（）()]*电[^（）()]*[）)]$")
_REPORTER = re.compile(r"^(?:本报记者|新华社记者|本报通讯员|特约记者|记者|通讯员)\s*[\u4e00-\u9fff]")
# A line that is one bracketed note (（作者系…）, （…杂志社供稿）) or a signature (——编者).
_NOTE_LINE = re.compile(r"^[（(][^（）()]*[）)]$|^[—－-]{2,}[^—－-]{1,24}$")
# A line opening with a dash: under a headline it is the subtitle (——记社区书记张红),
# after text it is a signature (——编者).
_DASH_LINE = re.compile(r"^(?:——|—|－－|--)\s*[^—－-]")
MAX_SUBTITLE_CHARS = 70
# A paragraph that closes an article: a byline or credit in brackets at its end, （完）.
_CLOSING = re.compile(
    r"[（(](?:完|[\u4e00-\u9fff·\s、，,]{2,20}|[^（）()]{0,40}(?:电|摄|供图|供稿|报道|稿|专电))[）)]$"
    r"|^[—－-]{2,}[^—－-]{1,24}$"
)
# Headlines of picture items: 雪后长城（图片）, 春运（附图片３张）, 图片新闻.
_PICTURE_HEAD = re.compile(r"[（(](?:附)?(?:图片|照片)[^（）()]{0,6}[）)]|^图片新闻$|^新闻图片$")
# Sub-heading forms inside an article: numbered, bulleted, a quotation, a question.
_SUBHEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十0-9０-９]+[）)]|[0-9０-９]+[、．.]|"
    r"第[一二三四五六七八九十0-9０-９]+[章节部分条、，]|[●■▲◆□○△◇☆★·※>》])"
    r"|^[表图][0-9０-９一二三四五六七八九十]+[：:]"  # 表3：… a table or figure title
    r"|^[\u4e00-\u9fff]{1,4}[一二三四五六七八九十][\s：:]"  # 社区一 天河社区, 案例二：…
    # a transcript's tags and numbered parts: 【同期】, 【案例1】, 【一】
    r"|^[【\[](?:同期|解说|画外音|字幕|现场声|旁白|案例[0-9一二三四五六七八九十]*|[一二三四五六七八九十]+)[】\]]"
    r"|^[＊*·…。.\s]+$"  # ＊＊＊ a break between parts
    r"|^[“「『\"][^”」』\"]*[”」』\"]$"
    r"|[？?]$"
)
# A headline under a column tag: 【重走西北角】“养老不离家”如何落地？… (a tag alone is a label).
_TAGGED_HEADLINE = re.compile(r"^[【\[][^】\]]{2,16}[】\]]\s*[^\s【\[]{6,}")
_QUESTION_OR_QUOTE = re.compile(r"^[“「『\"][^”」』\"]*[”」』\"]$|[？?]$")
_SPACED_CLAUSES = re.compile(r"[\u4e00-\u9fff”\"》][ \u3000]+[“\"《\u4e00-\u9fff]")
LONG_HEADLINE = 20
_BRIEF_DATELINE = re.compile(r"^(?:本报讯|本刊讯|本网讯|讯\s)")
_PLACE_END = re.compile(rf"{alternation(PLACE_SUFFIXES)}$")
_INDENT = re.compile(r"^(?:\u3000|[ \t]{2,})")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*#*$")


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
    marked = False
    for line in text.split("\n"):
        indented = bool(_INDENT.match(line))
        line = line.strip()
        if not line:
            gap += 1
            continue
        if line.startswith(WEB_MARK):
            marked = True
            if blocks:
                date, _, byline = line[len(WEB_MARK) :].partition(BYLINE_MARK)
                blocks[-1].mark_below = True
                blocks[-1].meta_date = blocks[-1].meta_date or date
                blocks[-1].meta_byline = blocks[-1].meta_byline or byline
            continue
        heading = _MARKDOWN_HEADING.match(line)
        if heading:
            blocks.append(Block(heading.group(2).strip(), gap, HEAD, len(heading.group(1))))
        elif blocks and blocks[-1].kind == HEAD and _DASH_LINE.match(line) and len(line) <= MAX_SUBTITLE_CHARS:
            blocks.append(Block(line, gap, HEAD))  # the subtitle under a headline
        else:
            blocks.append(Block(line, gap, classify(line)))
        blocks[-1].mark_above, marked = marked, False
        blocks[-1].indented = indented
        gap = 0
    return blocks


def layout_of(blocks: list[Block]) -> str:
    """Name the page's layout: 'markdown', 'spaced', 'dense' or 'flat'."""
    if sum(1 for b in blocks if b.level) >= 2:
        return "markdown"
    gaps = [b.gap for b in blocks[1:]]
    if not gaps or not any(gaps):
        return "flat"
    # Within an article (a headline over its text, one paragraph after another), spaced
    # pages leave a blank line and dense pages do not; between articles both do.
    inner = [b.gap for a, b in pairwise(blocks) if a.kind != CAPTION and b.kind in (BODY, CAPTION)]
    if inner:
        return "spaced" if sum(1 for g in inner if g) > len(inner) / 2 else "dense"
    return "spaced" if sum(1 for g in gaps if g) > len(gaps) / 2 else "dense"


def split_articles(text: str) -> list[RawArticle]:
    """Split a repaired page into articles in page order.

    >>> page = "河西区大营门街东莱里社区\\n\\n工会送来温暖 慰问一线交警\\n\\n本报讯 社区工会走访交警。\\n\\n慰问品很实用。"
    >>> [a.headline for a in split_articles(page)]
    [('河西区大营门街东莱里社区', '工会送来温暖 慰问一线交警')]
    >>> [a.headline for a in split_articles("### 社区书屋上新\\n书屋新添图书三百册。\\n### 义诊进社区\\n医生为老人量血压。")]
    [('社区书屋上新',), ('义诊进社区',)]
    """
    return split_page(text)[0]


def split_page(text: str) -> tuple[list[RawArticle], list[str]]:
    """Split a repaired page into articles, and list the section labels it drops as furniture.

    >>> articles, labels = split_page("社区动态\\n书屋上新\\n本报讯 书屋新添图书三百册。")
    >>> [a.headline for a in articles], labels
    ([('书屋上新',)], ['社区动态'])
    """
    blocks, repeated = _repeated_headlines(_tags_over_text(blocks_of(text)))
    labels = [b.text for b in blocks if b.kind == LABEL] + repeated
    blocks = _without_labels(blocks)
    if not blocks:
        return [], labels
    layout = layout_of(blocks)
    if layout == "markdown":
        articles, contents = _markdown_articles(blocks)
        return articles, labels + contents
    marked = _marked_starts(blocks)
    starts = {"dense": _dense_starts, "spaced": _spaced_starts, "flat": _flat_starts}[layout](blocks, marked)
    starts = _with_editors_notes(blocks, starts)
    labels += [b.text for b in blocks if b.kind == LABEL]  # section names the dense rules found
    articles: list[RawArticle] = []
    pending: tuple[str, ...] = ()  # headline-like lines above the first article
    for begin, end in zip(starts, starts[1:] + [len(blocks)]):
        article = _assemble(blocks[begin:end])
        if article.paragraphs or _picture_item(article):
            if pending:
                article = replace(article, headline=pending + article.headline)
                pending = ()
            articles.append(article)
        else:
            # Short lines with no text under them (slogans, a closing sub-heading) are
            # the end of the article before; above the first article, its kicker.
            lines = tuple(b.text for b in blocks[begin:end] if b.kind != LABEL)
            if articles:
                last = articles[-1]
                articles[-1] = replace(last, paragraphs=last.paragraphs + lines)
            else:
                pending += lines
    if pending:
        articles.append(RawArticle(pending, ()))
    return articles, labels


def _tags_over_text(blocks: list[Block]) -> list[Block]:
    """A column tag (【奖章里的故事】) with the text right under it, no headline between, is that
    article's headline; a section name (社区动态) never is, nor a tag over an editor's note."""
    for block, below in zip(blocks, blocks[1:]):
        if (
            block.kind == LABEL
            and TAG_LINE.match(block.text)
            and below.kind in (DATELINE, BODY)
            and not _EDITORS_NOTE.match(below.text)
        ):
            block.kind = HEAD
    return blocks


def _with_editors_notes(blocks: list[Block], starts: list[int]) -> list[int]:
    """An editor's note (开栏的话：…, 编者按：…) right above an article opens it."""
    moved = set(starts)
    for s in starts:
        if s and blocks[s - 1].kind == BODY and _EDITORS_NOTE.match(blocks[s - 1].text):
            moved.discard(s)
            moved.add(s - 1)
    return sorted(moved)


_EDITORS_NOTE = re.compile(r"^(?:编者按|编者的话|编者注|开栏的话|编后|按语)\s*[:：]")


def _repeated_headlines(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """A web article printed over several pages repeats its headline on each: a headline line
    (of REPEATED_HEADLINE characters or more, not a column's name) equal to the current
    article's, after its text, is furniture. Returns the other blocks and those lines."""
    kept: list[Block] = []
    repeated: list[str] = []
    current, text_since = "", False
    for block in blocks:
        if block.kind == HEAD:
            if block.text == current and text_since and len(block.text) >= REPEATED_HEADLINE:
                repeated.append(block.text)
                continue
            if text_since or not current:
                current, text_since = block.text, False
        elif block.kind in (BODY, DATELINE):
            text_since = bool(current)
        kept.append(block)
    return kept, repeated


REPEATED_HEADLINE = 8


def _without_labels(blocks: list[Block]) -> list[Block]:
    """The blocks without section labels; the block under a label remembers it."""
    kept: list[Block] = []
    gap = 0
    above = briefs = False
    for block in blocks:
        if block.kind == LABEL:
            gap = max(gap, block.gap)
            above, briefs = True, is_briefs_label(block.text)
            continue
        if above:
            block.gap = max(block.gap, gap)
            block.label_above, block.briefs_above = True, briefs
        kept.append(block)
        gap, above, briefs = 0, False, False
    return kept


def _picture_item(article: RawArticle) -> bool:
    """A picture with its headline (从此点灯不靠油（图片）, under a kicker too) or its caption."""
    return bool(article.headline) and (bool(_PICTURE_HEAD.search(article.headline[-1])) or bool(article.captions))


# --------------------------------------------------------------------------- markdown


def _markdown_articles(blocks: list[Block]) -> tuple[list[RawArticle], list[str]]:
    """Articles under the deepest headings, and the page's contents: the lines under a higher
    heading (a day's summary list, a section's name), which are furniture."""
    level = max(b.level for b in blocks)
    articles = []
    contents: list[str] = []
    current: list[Block] | None = None
    for block in blocks:
        if block.level == level:
            if current:
                articles.append(_assemble(current))
            current = [block]
        elif block.level:
            if current:
                articles.append(_assemble(current))
            current = None  # a higher heading: a section, not an article
            contents.append(f"{'#' * block.level} {block.text}")
        elif current is not None:
            current.append(Block(block.text, block.gap, BODY if block.kind == HEAD else block.kind))
        else:
            contents.append(block.text)
    if current:
        articles.append(_assemble(current))
    return [a for a in articles if a.paragraphs or a.headline], contents


# --------------------------------------------------------------------------- starts


def _dense_starts(blocks: list[Block], marked: set[int] = frozenset()) -> list[int]:
    groups = [i for i, b in enumerate(blocks) if i == 0 or b.gap]
    bounds = list(zip(groups, groups[1:] + [len(blocks)]))
    starts: set[int] = set()
    joined = False  # the group before was a headline set apart: this group is its text
    spaced = False  # the current article's blocks stand apart (web copies): paragraphs may follow
    for n, (begin, end) in enumerate(bounds):
        group = blocks[begin:end]
        if begin and all(b.kind in (CAPTION, BYLINE) for b in group):
            continue  # a photo credit or byline set apart closes the article above
        heads_only = all(b.kind == HEAD for b in group)
        below = blocks[bounds[n + 1][0]] if n + 1 < len(bounds) else None
        if heads_only and below is not None and not _picture_group(group):
            if len(group) == 1 and below.kind == HEAD and _section_name(group[0].text):
                blocks[begin].kind = LABEL  # a section name (社区动态) over an article with a headline
                continue
            if len(group) == 1 or (below.kind != HEAD and len(group) <= MAX_HEADLINE_LINES):
                # A headline (or kicker) set apart above its text.
                if not (spaced and _subheading_in_spaced_text(blocks, begin, end)):
                    starts.add(begin)
                joined, spaced = True, spaced or below.kind != HEAD
                continue
        opens = group[0].kind
        heads = next((i for i in range(begin, end) if blocks[i].kind != HEAD), end)
        if joined:
            joined = False  # the text under a headline set apart
        elif spaced and group[0].gap < 2 and begin not in marked and (
            opens in (BODY, CAPTION) or (opens == HEAD and _subheading_in_spaced_text(blocks, begin, heads))
        ):
            pass  # another paragraph (or a sub-heading) of an article whose paragraphs stand apart
        else:
            starts.add(begin)
            # A web copy (headline over its source line): blank lines may part its paragraphs.
            spaced = begin in marked and group[0].kind == HEAD
        starts.update(i for i in marked if begin < i < end)
        seen_body = False
        for i in range(begin, end):
            block = blocks[i]
            if block.kind == DATELINE:
                first = _headline_start(blocks, i, begin)
                brief = _BRIEF_DATELINE.match(block.text) and not _label_only(blocks, first, i)
                if seen_body and (brief or (first < i and _closes(blocks, first - 1))):
                    starts.add(first)
                seen_body = True
            elif block.kind in (BODY, CAPTION):
                seen_body = True
    first = min(starts, default=0)
    return sorted(starts - {first} | {0})  # labels and kickers above the first article join it


def _marked_starts(blocks: list[Block]) -> set[int]:
    """Article starts that web page furniture shows: a headline run with the source or time
    line right under it, and whatever follows furniture printed after an article's text."""
    starts = set()
    for i, block in enumerate(blocks):
        if block.kind == HEAD and block.mark_below:
            first = i
            while first > 0 and i - first < MAX_HEADLINE_LINES - 1 and blocks[first - 1].kind == HEAD:
                first -= 1
            starts.add(first)
        elif i and _after_mark(blocks, i):
            starts.add(i)
    return starts


def _after_mark(blocks: list[Block], i: int) -> bool:
    """Whether web furniture after finished text stands right above block i (an article ended).

    Furniture under a headline or its byline line is the copy's source line: the text goes on,
    as it does under a dateline that only restates the headline (新华社…电 题：…).
    """
    if not blocks[i].mark_above or i == 0:
        return False
    above = blocks[i - 1]
    return above.kind in (BODY, CAPTION) or (above.kind == DATELINE and not _RESTATED_TITLE.search(above.text))


_RESTATED_TITLE = re.compile(r"电\s*题[:：]")


def _subheading_in_spaced_text(blocks: list[Block], begin: int, end: int) -> bool:
    """Whether headline lines set apart inside an article are a sub-heading, not a new headline.

    A new article's headline is followed by a dateline, a byline or web furniture, or by a
    lead that restates it; a sub-heading (基层治理“助推器”) by more of the same story.
    """
    last = blocks[end - 1]
    if last.mark_below or blocks[begin].mark_above:
        return False
    nxt = blocks[end] if end < len(blocks) else None
    if nxt is None or nxt.kind in (DATELINE, BYLINE):
        return False
    return not restated(" ".join(b.text for b in blocks[begin:end]), nxt.text)


def _section_name(text: str) -> bool:
    # Section names are a few characters (社区动态, 街道简讯); a place set apart is a kicker.
    return len(text) <= 8 and not _PLACE_END.search(text)


def _picture_group(group: list[Block]) -> bool:
    return bool(_PICTURE_HEAD.search(group[0].text))


def _spaced_starts(blocks: list[Block], marked: set[int] = frozenset()) -> list[int]:
    wide = [i for i, b in enumerate(blocks) if i and b.gap >= 2]
    # A blank line between paragraphs and two between articles: the wide gaps are the
    # breaks, and only a dateline (with its headline) starts an article between them.
    structured = (
        bool(wide)
        and _paragraph_gaps(blocks) == 1
        and not any(blocks[i - 1].kind == HEAD and blocks[i].kind != HEAD for i in wide)
    )
    starts = _flat_starts(blocks, marked, wide_gaps=True, head_cues="strict" if structured else "all")
    return sorted(set(starts) | set(wide)) if structured else starts


def _paragraph_gaps(blocks: list[Block]) -> int:
    gaps = sorted(b.gap for b in blocks[1:] if b.gap)
    return gaps[len(gaps) // 2] if gaps else 0


def _flat_starts(
    blocks: list[Block], marked: set[int] = frozenset(), wide_gaps: bool = False, head_cues: str = "all"
) -> list[int]:
    """Article starts where blank lines do not tell them (all of them, or strict cues only
    where wider gaps part most articles)."""
    starts = {0}
    seen_body = False  # body text since the last start
    web = False  # inside a web copy (a headline over its source line): only strong cues start one
    lone = [i for i in range(1, len(blocks) - 1) if _lone_head(blocks, i)]
    restated_heads = sum(1 for i in lone if restated(blocks[i].text, blocks[i + 1].text))
    briefs_page = len(lone) >= 2 and restated_heads >= 0.6 * len(lone)
    dateline_page = _dateline_page(blocks)
    titles_unindented = _titles_unindented(blocks)
    briefs = False  # inside a column of briefs (社区简讯): each numbered or bulleted item is one
    opened_by = (-1, "")  # where the current article starts, and the outlet of its first dateline
    for i, block in enumerate(blocks):
        prev = blocks[i - 1] if i else None
        briefs = block.briefs_above or (briefs and block.kind != HEAD)
        if i in marked:
            starts.add(i)
            web = block.kind == HEAD
            seen_body = block.kind != HEAD
            continue
        wide = wide_gaps and i and block.gap >= 2 and seen_body and _finished(prev)
        if wide and (block.kind in (BODY, DATELINE) or (block.kind == HEAD and prev.kind == BODY)):
            starts.add(i)
            seen_body = block.kind != HEAD
            continue
        if block.kind == DATELINE:
            first = _headline_start(blocks, i)
            if first < i and seen_body and _label_only(blocks, first, i):
                first = i  # a place label over one report of a round-up (江西 / 新华社…电)
            if first < i and starts and _standfirst_only(blocks, max(starts), first):
                first = max(starts)  # 摘要：… / a sub-heading / the dateline: one article
            if (first < i and first not in starts) or (
                seen_body
                and (
                    _BRIEF_DATELINE.match(block.text)
                    or _closes(blocks, i - 1)
                    or block.label_above
                    or (opened_by[0] == max(starts) and _other_outlets_report(opened_by[1], block.text))
                    or (opened_by[0] != max(starts) and _report_after_text(blocks, max(starts), i))
                )
            ):
                starts.add(first)
            if opened_by[0] != max(starts):
                opened_by = (max(starts), _outlet(block.text))  # the current article's first dateline
            seen_body = True
        elif (
            block.kind == HEAD
            and i
            and seen_body
            # a question or quotation as a title is told by its missing indent alone
            and not (_SUBHEADING.search(block.text) and not (titles_unindented and _QUESTION_OR_QUOTE.search(block.text)))
            and not _REPORTER.match(block.text)
            and not _heads_then_dateline(blocks, i)
        ):
            # A run of headline lines, or a headline over its byline line, is an article's head.
            run = i + 1 < len(blocks) and blocks[i + 1].kind in (HEAD, BYLINE)
            if head_cues == "strict":
                current = " ".join(b.text for b in blocks[max(starts) : i])
                cue = _over_lead(blocks, i, current)
            else:
                cue = _closes(blocks, i - 1) or run or _headline_cue(blocks, i, briefs_page)
            if titles_unindented:
                cue = not block.indented  # paragraphs (and their sub-headings) are indented, titles not
            elif dateline_page:
                cue = _closes(blocks, i - 1)  # a headline with no dateline under it is a sub-heading
            strong = (
                block.label_above
                or _heads_then_byline(blocks, i)
                or _heads_then_caption(blocks, i)
                or bool(_PICTURE_HEAD.search(block.text) or _TAGGED_HEADLINE.match(block.text))
            )
            if strong or (not web and cue):
                first = i  # the headline lines right above it (a place kicker) open the article
                while (
                    first > 0
                    and i - first < MAX_HEADLINE_LINES - 1
                    and blocks[first - 1].kind == HEAD
                    and not (titles_unindented and blocks[first - 1].indented)
                ):
                    first -= 1
                starts.discard(i)
                starts.add(first)
                seen_body = False
        elif block.kind in (BODY, CAPTION):
            if seen_body and (
                block.label_above  # the text under a section label is another article's
                or _bulleted_brief(block.text)  # ● 5月22日，大观区菱湖街道菱湖社区…
                or (briefs and _ITEM_MARK.match(block.text))  # 社区简讯 / 1．… / 2．…
            ):
                starts.add(i)
            seen_body = True
    return sorted(starts)


# A list item's mark: 1．, （2）, 三、, ●.
_ITEM_MARK = re.compile(
    r"^\s*(?:[0-9０-９]{1,2}[．.、]|[（(][0-9０-９一二三四五六七八九十]{1,2}[）)]|[一二三四五六七八九十]{1,2}[、．]|[●■◆▲★☆•])"
)


def _bulleted_brief(text: str) -> bool:
    """Whether a paragraph is a brief of its own under a bullet: ● then when and where."""
    return bool(_BULLET_START.match(text)) and is_lead(_BULLET_START.sub("", text, count=1))


_BULLET_START = re.compile(r"^[●■◆▲★☆•]\s*")


def _titles_unindented(blocks: list[Block]) -> bool:
    """Whether paragraphs are indented and headlines are not (most plain-text archives)."""
    if not blocks or blocks[0].indented:
        return False  # the first headline is indented like the text
    body = [b.indented for b in blocks if b.kind in (BODY, DATELINE)]
    heads = sum(1 for b in blocks[1:] if b.kind == HEAD and not b.indented)
    return len(body) >= 3 and heads >= 2 and sum(body) >= 0.8 * len(body)


def _dateline_page(blocks: list[Block]) -> bool:
    """Whether the page's articles open with datelines of one outlet: three at least, under
    their headlines, and three quarters of all such datelines (央视网消息（新闻联播）：, 本报讯).
    There a headline with no dateline under it is a sub-heading (国际人士：… inside a report)
    unless the text above it was closed."""
    outlets = [
        _outlet(block.text)
        for i, block in enumerate(blocks)
        if block.kind == DATELINE and _headline_start(blocks, i) < i
    ]
    common = max((outlets.count(o) for o in outlets), default=0)
    return common >= 3 and common >= 0.75 * len(outlets)


def _outlet(dateline: str) -> str:
    """The outlet a dateline names, without its place and date (新华社天津12月30日电 -> 新华社)."""
    match = _OUTLET_STEM.match(dateline)
    return match.group(1) if match else dateline[:4]


_OUTLET_STEM = re.compile(r"^(据?[^\d０-９（(：:\s]{1,12}?(?:讯|电|消息|网|社|报|台))")


def _other_outlets_report(opened_by: str, dateline: str) -> bool:
    """Whether a 讯 dateline inside an article that opened with another outlet's dateline
    starts a report of its own (本报讯（记者…）… / 长乐新闻网讯 2月27日，…). A report quoting
    an agency (据新华社…电) or carrying one outlet's several datelines stays whole."""
    if not opened_by or dateline.startswith("据"):
        return False
    return _news_dateline(dateline) and _outlet(dateline) != opened_by


def _news_dateline(text: str) -> bool:
    """Whether text opens with an outlet's 讯 dateline (not 电讯, telecoms)."""
    found = DATELINE_PATTERN.match(text.strip())
    return bool(found) and _NEWS_XUN.search(found.group()) is not None


_NEWS_XUN = re.compile(r"(?<!电)讯")


def _report_after_text(blocks: list[Block], start: int, i: int) -> bool:
    """Whether an outlet's 讯 dateline after finished text, in an article that opened with no
    dateline and has run three paragraphs or more, starts a report of its own (…五门课。 /
    胶东在线12月14日讯（通讯员…）…): a dateline under a standfirst or captions comes sooner."""
    text = sum(1 for b in blocks[start:i] if b.kind == BODY and len(b.text) > 40)  # captions are short
    return text >= 3 and _finished(blocks[i - 1]) and not blocks[i].text.startswith("据") and _news_dateline(blocks[i].text)


def _lone_head(blocks: list[Block], i: int) -> bool:
    return blocks[i].kind == HEAD and blocks[i - 1].kind != HEAD and blocks[i + 1].kind == BODY


def _headline_cue(blocks: list[Block], i: int, briefs_page: bool) -> bool:
    """Whether a headline-like line between paragraphs is a headline, not a sub-heading."""
    text = blocks[i].text
    if _PICTURE_HEAD.search(text) or _SPACED_CLAUSES.search(text):
        return True
    if i + 1 >= len(blocks) or blocks[i + 1].kind != BODY:
        return False
    if len(text) >= LONG_HEADLINE and _finished(blocks[i - 1]):
        return True
    return briefs_page or restated(text, blocks[i + 1].text, 0.6)


def _over_lead(blocks: list[Block], i: int, current: str) -> bool:
    """Whether the headline lines at i stand over a news lead: a paragraph that restates
    them, or opens with when and where (5月28日，朝阳区首都机场街道…) — a where that the
    current article, whose text so far is current, has not named (a sub-heading's paragraph
    goes on in the same place)."""
    j = i
    while j < len(blocks) and blocks[j].kind == HEAD and j - i < MAX_HEADLINE_LINES:
        j += 1
    while j < len(blocks) and blocks[j].kind in (CAPTION, BYLINE) and j - i < MAX_HEADLINE_LINES + 2:
        j += 1
    if j >= len(blocks) or blocks[j].kind != BODY:
        return False
    head = " ".join(b.text for b in blocks[i:j] if b.kind == HEAD)
    lead = blocks[j].text
    where = lead_place(lead)
    return bool(where) and where not in current and (restated(head, lead) or is_lead(lead))


def _label_only(blocks: list[Block], first: int, i: int) -> bool:
    return i - first == 1 and len(blocks[first].text) <= 4 and not _PICTURE_HEAD.search(blocks[first].text)


_STANDFIRST = re.compile(r"^(?:摘要|内容摘要|内容提要|导语|导读|核心提示|编者按)\s*[：:]")


def _standfirst_only(blocks: list[Block], start: int, stop: int) -> bool:
    """Whether the article from start holds only its headline and a standfirst (摘要：…) before
    stop: a sub-heading and a dateline under them are the article's, not a new one's."""
    body = [b for b in blocks[start:stop] if b.kind != HEAD]
    return bool(body) and all(b.kind == BODY and _STANDFIRST.match(b.text) for b in body)


def _closes(blocks: list[Block], i: int) -> bool:
    """Whether block i ends an article: a photo credit, a byline line after text (not the one
    under a headline), or a paragraph closed by a byline."""
    block = blocks[i]
    if block.kind == CAPTION:
        return not (i and blocks[i - 1].kind == HEAD)  # a caption under a headline opens its article
    if block.kind == BYLINE:
        return i > 0 and blocks[i - 1].kind in (BODY, CAPTION, DATELINE)
    return block.kind in (BODY, DATELINE) and bool(_CLOSING.search(block.text.rstrip()))


def _finished(block: Block) -> bool:
    return block.kind in (BODY, DATELINE, CAPTION) and ends_sentence(block.text)


def _heads_then_dateline(blocks: list[Block], i: int) -> bool:
    """Whether the headline run at i leads into a dateline (that start is found there)."""
    j = i
    while j < len(blocks) and blocks[j].kind == HEAD and j - i < MAX_HEADLINE_LINES:
        j += 1
    under = j
    while j < len(blocks) and blocks[j].kind in (BYLINE, CAPTION) and j - under < 2:
        j += 1
    return j < len(blocks) and blocks[j].kind == DATELINE


def _heads_then_caption(blocks: list[Block], i: int) -> bool:
    """Whether the headline run at i stands over a credited photo caption and then text: an
    article opening with its picture (…市容整治 / 志愿者在讲解。记者 周某 摄 / 七星区…)."""
    j = i
    while j < len(blocks) and blocks[j].kind == HEAD and j - i < MAX_HEADLINE_LINES:
        j += 1
    return (
        j > i
        and j + 1 < len(blocks)
        and blocks[j].kind == CAPTION
        and blocks[j + 1].kind in (BODY, DATELINE)
        and len(blocks[i].text) > 4  # not a name over the picture (李峰)
        and not blocks[j - 1].text.endswith(_LEADS_IN)  # 请看本报记者拍摄的——
    )


_LEADS_IN = ("—", "－", "-", "：", ":")


def _heads_then_byline(blocks: list[Block], i: int) -> bool:
    """Whether the headline run at i stands over its byline line (唱歌跳舞献爱心 / □社区记者 卞静)."""
    j = i
    while j < len(blocks) and blocks[j].kind == HEAD and j - i < MAX_HEADLINE_LINES:
        j += 1
    return j > i and j < len(blocks) and blocks[j].kind == BYLINE


def _headline_start(blocks: list[Block], i: int, floor: int = 0) -> int:
    """Index of the first headline line that belongs to the dateline at i.

    A byline or caption line may stand between the headline and the dateline.
    """
    under = i
    while under > floor and i - under < 2 and blocks[under - 1].kind in (BYLINE, CAPTION):
        under -= 1
    first = under
    while first > floor and under - first < MAX_HEADLINE_LINES and blocks[first - 1].kind == HEAD:
        first -= 1
    return first if first < under else i


def _unmarked_caption(blocks: list[Block], n: int, headline: list[str], seen: Counter) -> bool:
    """Whether a headline-like line is a picture's caption with no credit to say so: a short
    line printed twice or more in one article (活动现场 under each picture), or a web copy's
    line between its source line and its dateline (the picture at the top of the copy; a
    subtitle stands above the source line)."""
    block = blocks[n]
    if block.kind != HEAD or not headline or block.text in headline:
        return False
    if seen[block.text] > 1 and len(block.text) <= MAX_REPEATED_CAPTION_CHARS:
        return True
    below = blocks[n + 1] if n + 1 < len(blocks) else None
    return block.mark_above and not block.mark_below and below is not None and below.kind == DATELINE


MAX_REPEATED_CAPTION_CHARS = 10


def _assemble(blocks: list[Block]) -> RawArticle:
    headline: list[str] = []
    paragraphs: list[str] = []
    captions: list[str] = []
    bylines: list[str] = []
    seen = Counter(block.text for block in blocks if block.kind == HEAD)
    for n, block in enumerate(blocks):
        if block.kind == LABEL:
            continue
        if block.kind == CAPTION or _unmarked_caption(blocks, n, headline, seen):
            captions.append(block.text)
        elif block.kind == BYLINE:
            bylines.append(block.text)
        elif (
            block.kind == HEAD
            and all(_EDITORS_NOTE.match(p) for p in paragraphs)  # 开栏的话：… may come before the headline
            and not (headline and _REPORTER.match(block.text))
        ):
            headline.append(block.text)
        else:
            paragraphs.append(block.text)
    if len(headline) > MAX_HEADLINE_LINES + 2:
        # A poem, a list or a table: its title, then short lines that are its text.
        paragraphs = headline[1:] + paragraphs
        headline = headline[:1]
    meta_date = next((b.meta_date for b in blocks if b.meta_date), "")
    meta_byline = next((b.meta_byline for b in blocks if b.meta_byline), "")
    return RawArticle(tuple(headline), tuple(paragraphs), tuple(captions), tuple(bylines), meta_date, meta_byline)
