"""Interpret a raw article: title, places, dates, dateline, byline, stable id."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from pathlib import PurePath

from bulletin_cli import places
from bulletin_cli.analysis import fold
from bulletin_cli.models import Article, Place, RawArticle
from bulletin_cli.repair import DATELINE, ends_sentence, is_page_furniture
from bulletin_cli.vocabulary import (
    BYLINE_LINE,
    FULL_DATE_PARTS,
    HAN,
    RELATIVE_DAY_SHIFTS,
    RELATIVE_DAYS,
    STREET_SUFFIXES,
    alternation,
    looks_like_name,
)

# A headline line that is only a place (choose_title skips it as a kicker).
_PLACE_CHAIN = re.compile(
    rf"(?:[{HAN}]{{2,3}}市)?"
    rf"(?P<district>[{HAN}]{{2,4}}?(?:新区|区|县)(?!检察|法院|政府|委|人大|政协|公安|分局|级|域))?"
    rf"(?P<street>[{HAN}]{{2,6}}?{alternation(STREET_SUFFIXES)})?"
    rf"(?P<community>[{HAN}]{{2,10}}?(?:社区|村(?!社区)))?"
)
# A first paragraph that only names reporters: the place is in the paragraph after it.
_BYLINE_LINE = re.compile(
    r"^[□■◎\s]*(?:[^。！？!?，,]{0,30}?(?:记者|通讯员|实习生)[^。！？!?]{0,30}|作者[：:\s]+[^。！？!?，,]{2,30})$"
)
_TITLE_CLAUSE = re.compile(r"[，,。；;！？!?]")
_WHEN_ONLY = re.compile(
    rf"(?:(?:\d{{4}}年)?\d{{1,2}}月\d{{1,2}}日|近日|日前|近期|目前|最近|本周|上周|{'|'.join(RELATIVE_DAYS)})"
    r"(?:上午|下午|晚上|晚间|中午|傍晚|早上)?"
)
_FULL_DATE = re.compile(FULL_DATE_PARTS)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-_.年/](\d{1,2})[-_.月/](\d{1,2})(?!\d)")
_COMPACT_DATE = re.compile(r"(?<!\d)(\d{4})(\d{2})(\d{2})(?!\d)")
_REPORTERS = (
    r"(?:[^，。,：:；;]{0,60}?(?:记者|通讯员)[^，。,：:；;]{0,60}?报道[：:，,]?"  # …记者李明远报道：
    r"|(?:\s*(?:本报|特约)?(?:记者|通讯员)\s*[\u4e00-\u9fff·]{2,4}(?=[\s、，,]))+[\s、，,])"  # 记者王晓 通讯员李静
)
_DATELINE_FULL = re.compile(
    DATELINE.pattern + r"(?:\s*[（(][^（）()]{0,40}[）)](?:报道[：:]?)?)?" + rf"(?:{_REPORTERS})?" + r"(?:\s*[:：])?"
)
_DATELINE_STEM = re.compile(DATELINE.pattern + r"\s*")
# Headlines of picture items: 雪后长城（图片）, 一家人（附图片１张）.
_PICTURE_HEAD = re.compile(r"[（(](?:附)?(?:图片|照片)[^（）()]{0,6}[）)]")
_BYLINE_ORNAMENT = re.compile(r"^[□■●◆▲△◇\s]+")
# Reporters after a paragraph's last sentence, unbracketed: …身边。记者 张某.
_GLUED_BYLINE = re.compile(r"(?<=[。！？!?”」])\s*([^。！？!?“”「」（）()]{3,60})$")
_ROLE_WORD = re.compile(r"记者|通讯员|实习生|[文图]\s*/")
_PHOTO_CREDIT_END = re.compile(r"(?:供图|供稿|提供|摄)\s*$")
_END_BYLINE = re.compile(r"[（(]((?:[\u4e00-\u9fff·]{2,4}[\s、，,]*){1,4})[）)]$")


def parse_date(value: str) -> dt.date | None:
    """Parse YYYY-MM-DD (also with / or .), or return None."""
    match = _ISO_DATE.fullmatch(fold(value).strip())
    return _make_date(*match.groups()) if match else None


def _make_date(year, month, day) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except (TypeError, ValueError):
        return None


def page_date(raw_text: str) -> dt.date | None:
    """The publication date printed in the page's header or furniture lines.

    >>> page_date("社区新闻  ２０２５年４月２日 星期三  第７版\\n\\n标题")
    datetime.date(2025, 4, 2)
    """
    for line in raw_text.split("\n")[:400]:
        if date := _furniture_date(line):
            return date
    return None


def _furniture_date(line: str) -> dt.date | None:
    if line.strip() and is_page_furniture(line):  # a web copy's date line dates its own article
        match = _FULL_DATE.search(fold(line))
        if match:
            return _make_date(*match.groups())
    return None


def dated_pages(raw_text: str) -> list[tuple[dt.date | None, str]]:
    """Cut a file holding several pages at their dated header lines, each with its date.

    A dated line right under a headline is that article's date line, not a new page; under
    finished text or under another page's furniture (its navigation line) it starts one.

    >>> [(d.day if d else None, t) for d, t in dated_pages("甲。\\n2024年6月5日 星期三\\n乙。\\n2024年6月6日 星期四\\n丙")]
    [(None, '甲。'), (5, '2024年6月5日 星期三\\n乙。'), (6, '2024年6月6日 星期四\\n丙')]
    """
    pages: list[tuple[dt.date | None, list[str]]] = [(None, [])]
    for line in raw_text.split("\n"):
        date = _furniture_date(line)
        above = next((x.strip() for x in reversed(pages[-1][1]) if x.strip()), "")
        if date and date != pages[-1][0] and above and (ends_sentence(above) or is_page_furniture(above)):
            pages.append((date, []))
        elif date and pages[-1][0] is None:
            pages[-1] = (date, pages[-1][1])
        pages[-1][1].append(line)
    return [(date, "\n".join(lines)) for date, lines in pages if any(x.strip() for x in lines)]


def name_date(name: str) -> dt.date | None:
    """The date in a file name: 2024-06-05.txt, 20240605.txt, 2024_06_05 ...

    >>> name_date("archive/20240605.txt"), name_date("page.txt")
    (datetime.date(2024, 6, 5), None)
    """
    stem = PurePath(name).name
    for pattern in (_ISO_DATE, _COMPACT_DATE):
        for match in pattern.finditer(stem):
            if date := _make_date(*match.groups()):
                return date
    return None


def event_date(
    opening: str, published: dt.date | None, dateline: str = ""
) -> dt.date | None:
    """The day of what the article reports, where its opening fixes it.

    昨天 (昨晚, 昨日上午) is the day before the dateline's date (or publication), 前晚 two days
    before, 今晨 that day; 19日 that day of the
    dateline's month, 3月5日 the nearest such day (a later one only where the text
    announces it). A clause that says what a day is (12月5日是国际志愿者日) gives the date
    only when no other follows it (昨天，…).

    >>> event_date("本报讯 社区昨日开展活动。", dt.date(2024, 6, 5))
    datetime.date(2024, 6, 4)
    >>> event_date("12月30日,社区开展活动。", dt.date(2025, 1, 3))
    datetime.date(2024, 12, 30)
    >>> event_date("12月5日是国际志愿者日。昨天，社区志愿者走进养老院。", dt.date(2024, 12, 6))
    datetime.date(2024, 12, 5)
    >>> event_date("19日上午，社区举办培训。", dt.date(2024, 10, 21), "长城网邢台10月20日讯")
    datetime.date(2024, 10, 19)
    >>> event_date("社区将于6月10日举办义诊。", dt.date(2024, 6, 5))
    datetime.date(2024, 6, 10)
    >>> event_date("10月15日，记者从柳林街道了解到，社区办了文艺汇演。", dt.date(2024, 10, 16))
    >>> event_date("“今天晚上7点放电影，都来看啊。”网格员在群里喊。", dt.date(2024, 6, 5))
    """
    reference = _dateline_date(dateline, published) or published
    if reference is None:
        return None
    text = fold(opening)
    named: dt.date | None = None  # a day the text said something about (3月5日是学雷锋纪念日)
    quoted = [m.span() for m in _QUOTED.finditer(text)]
    for match in _EVENT.finditer(text):
        word = match.group()
        if word in _RELATIVE and any(a < match.start() < b for a, b in quoted):
            continue  # “今天晚上7点放电影”: the speaker's day, not the report's
        if word in _RELATIVE:
            if word[-1] in "晚早晨夜" and text[match.end() : match.end() + 1] in _NOT_A_DAY_AFTER:
                continue  # 节前晚会, 今晚报: a word of its own, no day
            shift = RELATIVE_DAY_SHIFTS[word]
            if shift is None:
                if named:
                    return named  # 3月5日是学雷锋纪念日，当天，…
                continue
            return reference - dt.timedelta(days=shift)
        year, month = match.group("year", "month")
        day = match.group("day") or match.group("dayonly")
        ahead = _FUTURE.search(text, max(0, match.start() - 8), match.start()) is not None
        if year:
            date = _make_date(year, month, day)
        elif month:
            date = _nearest(reference, int(month), int(day), ahead)
        else:
            date = _nearest_day(reference, int(day), ahead)
        if _NAMES_A_DAY.match(text, match.end()):
            named = named or date  # 12月5日是国际志愿者日: what the day is; what happened may follow
            continue
        if _LEARNED.match(text, match.end()):
            continue  # 10月15日，记者从八宝山街道了解到: the day the reporter learned it
        return date
    return named


# The day a reporter learned what the article reports: …日，记者从某街道了解到 / 获悉.
_LEARNED = re.compile(r"[上下]?午?\s*[，,]?\s*(?:记者|笔者)(?:从[^，。；]{1,30}?)?(?:了解到|获悉|得知|获知)")
# 昨天, 3月5日, 2024年3月5日, and a day alone (19日上午, 16日从…) but not 5日电, 30日内 or 5日游.
_EVENT = re.compile(
    rf"{'|'.join(RELATIVE_DAYS)}"
    r"|(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]"
    r"|(?<![\d月年])(?P<dayonly>\d{1,2})\s*日(?!电|讯|内|游|以|前|后|左右|之)(?=[\u4e00-\u9fff，,、])"
)
_NAMES_A_DAY = re.compile(r"[是为](?:第?[\d一二三四五六七八九十]+个)?[^，。,；;]{0,16}?(?:日|节|节气[^，。,；;]{0,6})[。，,；;]")
_RELATIVE = frozenset(RELATIVE_DAYS)
# After a relative day's evening or morning (前晚, 今晚), a character that makes another word of
# it: 前晚会 (…节前晚会), 今晚报 (a paper), 昨晚宴.
_NOT_A_DAY_AFTER = frozenset("会报宴")
_QUOTED = re.compile(r"“[^“”]*”|「[^「」]*」")
# Words that announce something still to come: 将于6月10日, 定于, 拟于, 届时.
_FUTURE = re.compile(r"将于|将在|定于|拟于|计划于|预计|即将|届时")


def article_event_date(
    paragraphs: list[str], captions: tuple[str, ...], published: dt.date | None, dateline: str = ""
) -> dt.date | None:
    """The event date an article's lead gives: its opening, or else the paragraphs right
    after it up to the first sub-heading (the story below one is a part's, not the
    article's), or else a caption (图为昨天…).

    A dateline opening a later paragraph (a web copy under its caption) says when the report
    was filed, not when the event was: it is the reference for 昨天 and 19日, never the answer.

    >>> article_event_date(["社区居民表演大鼓。", "中国江苏网5月12日讯 日前，社区办起便民集市。"], (), dt.date(2017, 9, 8))
    >>> article_event_date(["近期街道办起融媒体。", "噪音扰清梦 当天有回音", "8月21日，居民找到编辑部。"], (), dt.date(2020, 9, 12))
    >>> article_event_date(["他在社区交了一群朋友。", "没有围墙的社区", "5月29日上午，游园会开场。"], (), dt.date(2025, 9, 24))
    datetime.date(2025, 5, 29)
    >>> article_event_date(["本报讯 社区办起集市。", "10日上午，居民排起长队。"], (), dt.date(2024, 6, 12))
    datetime.date(2024, 6, 10)
    """
    lead: list[str] = []
    for paragraph in paragraphs[:LEAD_EVENT_PARAGRAPHS]:
        if lead and _SUBHEADING_LINE.match(paragraph) and any(_VAGUE_WHEN.search(p) for p in lead):
            break  # 最近…有了新动作 / 噪音扰清梦: the opening told when; a part's day is not the article's
        lead.append(paragraph)
    for paragraph in (*lead, *captions):
        filed, text = split_dateline(paragraph)
        if date := event_date(text, published, dateline or filed):
            return date
    return None


# The paragraphs whose dates an article's lead may give: the opening and the three after it
# (a feature often opens with a scene or a general paragraph before the day it reports).
LEAD_EVENT_PARAGRAPHS = 4
# A time that is no day: once the opening says it, the article gives no day of its own.
_VAGUE_WHEN = re.compile(
    r"近日|日前|近期|最近|前不久|不久前|近来|连日来|[一二三四五六七八九十]{1,2}月(?!\d|份?[0-9一二三四五六七八九十])"
)
# A sub-heading between paragraphs: a short line that does not end a sentence.
_SUBHEADING_LINE = re.compile(r"^.{1,30}(?<![。！？!?…；;”」』）)])$")


def _dateline_date(dateline: str, published: dt.date | None) -> dt.date | None:
    match = re.search(r"(\d{1,2})\s*月\s*(\d{1,2})\s*日", fold(dateline))
    if not match or published is None:
        return None
    return _nearest(published, int(match.group(1)), int(match.group(2)), ahead=False)


def _nearest(reference: dt.date, month: int, day: int, ahead: bool) -> dt.date | None:
    """The month-day nearest to reference: a later one counts double unless the text announces it."""
    candidates = [d for year in (reference.year - 1, reference.year, reference.year + 1)
                  if (d := _make_date(year, month, day))]
    return _closest(reference, candidates, ahead)


def _nearest_day(reference: dt.date, day: int, ahead: bool) -> dt.date | None:
    """A day of the month alone (19日): in the reference's month or the one before or after it."""
    first = reference.replace(day=1)
    months = [(first - dt.timedelta(days=1)).replace(day=1), first, (first + dt.timedelta(days=32)).replace(day=1)]
    candidates = [d for m in months if (d := _make_date(m.year, m.month, day))]
    return _closest(reference, candidates, ahead)


def _closest(reference: dt.date, candidates: list[dt.date], ahead: bool) -> dt.date | None:
    """The candidate nearest reference. A later day counts double, and more than a month later
    only where the text announces it (将于…): a report mostly looks back."""

    def cost(date: dt.date) -> int:
        days = (date - reference).days
        return days * (1 if ahead else 2) if days > 0 else -days

    likely = [d for d in candidates if ahead or (d - reference).days <= 31]
    return min(likely or candidates, key=cost, default=None)


def find_place(
    headline: tuple[str, ...],
    paragraphs: list[str],
    dateline: str = "",
    byline: str = "",
    captions: tuple[str, ...] = (),
    page: places.PageContext | None = None,
) -> Place:
    """The article's place: names from the headline and first paragraph, resolved in the register.

    >>> p = find_place(("红桥区燕宇社区议事有新招",), ["本报讯 近日，西沽街燕宇社区召开议事会。"])
    >>> p.district, p.street, p.community, p.city, p.province, p.street_code
    ('红桥区', '西沽街', '燕宇社区', '天津市', '天津市', '120106005')
    """
    paragraphs = list(paragraphs)
    rest = "\n".join((*paragraphs[1:], *captions))
    if len(paragraphs) > 1 and _CREDIT_LINE.match(paragraphs[-1]):
        byline = f"{byline} {paragraphs[-1]}"  # ◆中山日报社编发中心: the outlet, as a byline names it
    # 题：… restating the headline, a reporters' line (深圳特区报记者 杜澎), an editor's note, a
    # picture's caption: not the lead.
    first = 0
    while first < len(paragraphs) - 1 and (_NOT_LEAD.match(paragraphs[first]) or _BYLINE_LINE.match(paragraphs[first])):
        if _BYLINE_LINE.match(paragraphs[first]):
            byline = f"{byline} {paragraphs[first]}"
        first += 1
    if first == len(paragraphs) - 1 and _NOT_LEAD.match(paragraphs[first]):
        first = len(paragraphs)
    lead = _sentences_on(paragraphs[first:])
    opening = lead[0] if lead else (paragraphs[0] if paragraphs else "")
    following = lead[1:LEAD_PARAGRAPHS]
    return places.resolve_place(headline, opening, rest, dateline, byline, page, following)


def _sentences_on(paragraphs: list[str]) -> list[str]:
    """Paragraphs, a sentence that runs on over several of them (到了中秋，…；/ 数九寒冬，…；/
    这些文体活动，都是…) joined into one.

    >>> _sentences_on(["到了中秋，社区摆起长桌；", "到了冬天，社区办起运动会……", "这些活动都在柳林社区。", "居民说好。"])
    ['到了中秋，社区摆起长桌；到了冬天，社区办起运动会……这些活动都在柳林社区。', '居民说好。']
    """
    joined: list[str] = []
    runs_on = False
    for paragraph in paragraphs:
        if runs_on and joined:
            joined[-1] += paragraph
        else:
            joined.append(paragraph)
        runs_on = paragraph.rstrip().endswith(("；", ";", "，", ",", "：", ":", "…", "、"))
    return joined


# A short closing line with no clause in it: a credit or source line (◆中山日报社编发中心).
_CREDIT_LINE = re.compile(r"^[^。！？!?，,；;]{2,30}$")
# Paragraphs where an article's own place may still be named first: the opening, and where
# neither it nor the headline names a place, the paragraph after it.
LEAD_PARAGRAPHS = 2
# No lead: 题：… restating the headline, an editor's note, a picture's caption, a quotation alone.
_NOT_LEAD = re.compile(
    r"^[\s【\[（(]*(?:题[：:]|编者按|编者的话|开栏的话|编者注|编后|图为|资料图|图片由|(?:\S{0,12})供图[）)】\]]?$)"
    r"|^\s*“[^”]*”[。！？!?]?\s*$"
)


def locate(article: Article, page: places.PageContext | None = None) -> Article:
    """The article with its place found again from its stored headline, dateline and body."""
    place = find_place(
        article.headline, article.body.split("\n"), article.dateline, article.byline, article.captions, page
    )
    return dataclasses.replace(article, **dataclasses.asdict(place))


def settle_page(articles: list[Article], page: places.PageContext | list[places.PageContext]) -> list[Article]:
    """Resolve the names a page's articles left ambiguous by the places its other articles fix.

    page is the page's context, or one context per article.

    >>> page = places.page_context([])
    >>> raws = [RawArticle(("和平区文化村社区开展义诊",), ("近日，和平区南营门街文化村社区开展义诊。",)),
    ...         RawArticle(("和平区犀地社区举办讲座",), ("近日，和平区犀地社区举办讲座。",))]
    >>> [a.city for a in (extract_article(r, "p.txt", i, None, page) for i, r in enumerate(raws))]
    ['天津市', '']
    >>> [a.city for a in settle_page([extract_article(r, "p.txt", i, None, page) for i, r in enumerate(raws)], page)]
    ['天津市', '天津市']
    """
    unsure = [i for i, a in enumerate(articles) if (a.district and not a.district_code) or (a.street and not a.street_code)]
    if not unsure:
        return articles
    pages = page if isinstance(page, list) else [page] * len(articles)
    codes = [a.street_code or a.district_code for a in articles]
    settled = list(articles)
    for i in unsure:
        settled[i] = locate(articles[i], pages[i].with_neighbours(codes))
    return settled


def _later_dateline(paragraphs: list[str]) -> int:
    """The paragraph, past the first, that opens with the article's dateline: under an editor's
    note, a standfirst or pictures' captions printed above the report (编者按：… / 荷花园街道渔
    文化街。 / 红网时刻9月8日讯（…）…); 0 where there is none, or where more than two paragraphs
    of text come first (a later dateline is then a report inside the article's text)."""
    text = 0
    for n, paragraph in enumerate(paragraphs[:LATER_DATELINE_PARAGRAPHS]):
        if n and DATELINE.match(paragraph) and _BRACKETED.sub("", split_dateline(paragraph)[1]).strip():
            return n  # not a credit alone: （本报记者李舸摄自张北）（数码传真照片）
        text += len(paragraph) > LATER_DATELINE_TEXT
        if text > 2:
            break
    return 0


_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
# How far down an article its dateline may stand (under captions, a standfirst, a note), and
# how long a paragraph above it is to count as text rather than a caption.
LATER_DATELINE_PARAGRAPHS = 10
LATER_DATELINE_TEXT = 40


def split_dateline(paragraph: str) -> tuple[str, str]:
    """Separate a dateline (with its byline) from the paragraph it opens.

    >>> split_dateline("本报讯（记者 王晓 通讯员 李静）近日,社区开展活动。")
    ('本报讯（记者 王晓 通讯员 李静）', '近日,社区开展活动。')
    >>> split_dateline("新华社天津12月30日电（记者张淑英）社区开展活动。")
    ('新华社天津12月30日电（记者张淑英）', '社区开展活动。')
    >>> split_dateline("本报讯 记者孙悦报道：近日，社区开展活动。")
    ('本报讯 记者孙悦报道：', '近日，社区开展活动。')
    """
    match = _DATELINE_FULL.match(paragraph)
    if not match:
        return "", paragraph
    rest = paragraph[match.end() :].lstrip(" \u3000：:，,")
    return match.group().strip(), rest


# A bracket after an outlet's name that only gives its other name: （湖北日报网）, （新华网）.
_ALIAS_ONLY = re.compile(
    rf"[{HAN}A-Za-z0-9·]{{1,10}}(?:网|报|台|社|客户端|新闻|频道|日报|晚报|APP|App)"
)


def dateline_byline(dateline: str) -> str:
    """The reporters a dateline names: in brackets, or in a clause ending in 报道.

    >>> dateline_byline("新华社天津12月30日电（记者张淑英）")
    '记者张淑英'
    >>> dateline_byline("本报北京１月９日讯新华社记者李明远、本报记者周文华报道：")
    '新华社记者李明远、本报记者周文华'
    >>> dateline_byline("本报讯 通讯员李静 记者王晓 "), dateline_byline("本报讯")
    ('通讯员李静 记者王晓', '')
    >>> dateline_byline("荆楚网（湖北日报网）讯（通讯员 宋某 林某）")
    '通讯员 宋某 林某'
    """
    # the brackets that name people, past an outlet's alias: 荆楚网（湖北日报网）讯（记者 李某）
    groups = [g.strip() for g in re.findall(r"[（(]([^（）()]+)[）)]", dateline)]
    named = [g for g in groups if not _ALIAS_ONLY.fullmatch(g)]
    if named or groups:
        return (named or groups)[0]
    stem = _DATELINE_STEM.match(dateline)
    rest = dateline[stem.end() :] if stem else ""
    return re.sub(r"报道[：:，,]?$", "", rest.strip(" \u3000：:，,")).strip()


def split_byline(paragraph: str) -> tuple[str, str]:
    """Separate a closing byline such as （刘玉红 肖荻） from the last paragraph, or the
    reporters printed after its last sentence (…送到居民身边。记者 张某).

    >>> split_byline("社区将持续开展活动。（刘玉红 肖荻）")
    ('社区将持续开展活动。', '刘玉红 肖荻')
    >>> split_byline("社区把关怀送到居民身边。记者 宋晓"), split_byline("居民欢度元宵。 文/本报记者林可 图/本报记者 何亮")
    (('社区把关怀送到居民身边。', '记者 宋晓'), ('居民欢度元宵。', '文/本报记者林可 图/本报记者 何亮'))
    """
    glued = _GLUED_BYLINE.search(paragraph)
    if glued and _ROLE_WORD.search(glued.group(1)) and BYLINE_LINE.match(glued.group(1)):
        if not glued.group(1).endswith("摄"):  # a photo credit: the paragraph is a caption
            return paragraph[: glued.start(1)].rstrip(), glued.group(1).strip()
    match = _END_BYLINE.search(paragraph)
    if not match or match.start() == 0 and len(paragraph) > 20 or _PHOTO_CREDIT_END.search(match.group(1)):
        return paragraph, ""  # …凝聚力。（街道供图）: a picture's credit, no byline
    before = paragraph[: match.start()].rstrip()
    if before and before[-1] not in "。！？!?”":
        return paragraph, ""
    return before, match.group(1).strip()


def headline_roles(headline: tuple[str, ...], opening: str = "") -> tuple[str, str, str]:
    """Read a headline block as editors write it: (kicker 引题, title 主题, subtitle 副题).

    A place alone above the title is a kicker; a line opening with —— is the subtitle; with
    three lines the middle one is the title. Of two lines, the second is the title when it
    names the place that acts and the first does not (60岁10元套餐、90岁免单 over
    梅林社区邻里食堂开业), or when it is a couplet (two phrases a space apart) under a long
    line of facts; otherwise the first is the title and the second its subtitle. An
    untitled brief is titled by its first clause (past a clause that only says when).

    >>> headline_roles(("河西区大营门街东莱里社区", "工会送来温暖 慰问一线交警"))
    ('河西区大营门街东莱里社区', '工会送来温暖 慰问一线交警', '')
    >>> headline_roles(("和平区天兴里社区开展广场舞主题活动", "舞出精气神 引领新风尚"))
    ('', '和平区天兴里社区开展广场舞主题活动', '舞出精气神 引领新风尚')
    >>> headline_roles(("60岁10元套餐、90岁免单", "梅林社区邻里食堂开业"))
    ('60岁10元套餐、90岁免单', '梅林社区邻里食堂开业', '')
    >>> headline_roles(("柳林社区第三届邻里节开幕，设六个体验区，为期一个月", "邻里携手 共绘新画卷"))
    ('柳林社区第三届邻里节开幕，设六个体验区，为期一个月', '邻里携手 共绘新画卷', '')
    >>> headline_roles(("老党员的新课堂", "——记柳林社区银龄讲师团"))
    ('', '老党员的新课堂', '——记柳林社区银龄讲师团')
    >>> headline_roles((), "１２月３０日上午，平山道社区开展冬季义诊。")
    ('', '平山道社区开展冬季义诊', '')
    """
    lines = [line.strip() for line in headline if line.strip()]
    if not lines:
        return "", _first_clause(opening), ""
    # A dash line (——记…) or summary points (●…) follow the title; so do an author's name
    # or post. None of them is the title.
    cut = next((i for i, line in enumerate(lines) if i and (_DASH.match(line) or _BULLET.match(line))), len(lines))
    lines, after = lines[:cut], lines[cut:]
    while len(lines) > 1 and (_AUTHOR.search(lines[-1]) or looks_like_name(lines[-1]) or _credit_line(lines[-1])):
        after.insert(0, lines.pop())
    kicker: list[str] = []
    while len(lines) > 1 and _only_place(lines[0]):
        kicker.append(lines.pop(0))  # a place-only kicker
    actor = _first_actor(lines) if len(lines) >= 3 else None
    if actor:
        # Lines above the first that names who acts are kickers (栏目, 口号), lines below it subtitles.
        kicker += lines[:actor]
        after = lines[actor + 1 :] + after
        lines = [lines[actor]]
    elif len(lines) == 2 and not after and _long_kicker(lines[0], lines[1]):
        kicker.append(lines.pop(0))  # a long line of facts over a couplet or a short title
    elif len(lines) == 2 and (after or _kicker_over_title(lines[0], lines[1])):
        kicker.append(lines.pop(0))
    elif len(lines) == 2:
        after.insert(0, lines.pop())
    elif len(lines) == 3:
        kicker.append(lines.pop(0))
        after.insert(0, lines.pop())
    elif len(lines) > 3:
        after = lines[1:] + after  # a title over more lines: a list, a picture item's notes
        lines = lines[:1]
    return " / ".join(kicker), lines[0], " / ".join(after)


# A subtitle line: ——记柳林社区银龄讲师团, —— 河东区推进老旧小区改造侧记.
_DASH = re.compile(r"^(?:——|—|－－|--)\s*[^—－-]")


_BULLET = re.compile(r"^[●■◆▲★☆•·]")
# A line that names an author by post (农村司司长李某, 某县县长王某); see also looks_like_name.
_AUTHOR = re.compile(rf"(?:长|书记|主任|委员|教授|研究员|专家|院士|代表|经理|干部|老师|医生|民警)\s*[{HAN}]{{2,3}}$")


# Two phrases a space apart (两句对仗), a form editors give a 主题; under a line as long as
# LONG_KICKER the couplet is the title, under a shorter one (和平区天兴里社区开展广场舞主题活动 /
# 舞出精气神 引领新风尚) its subtitle.
LONG_KICKER = 24
_COUPLET = re.compile(r"^[^\s。；;！？!?：:—]{3,16}[ \u3000]+[^\s。；;！？!?：:—]{3,16}$")


def _couplet(line: str) -> bool:
    return bool(_COUPLET.match(line.strip()))


def _long_kicker(first: str, second: str) -> bool:
    """Whether first is a kicker of facts over a title: as long as LONG_KICKER, over a couplet,
    or clauses (a comma) over a much shorter line of one clause (江海区第二届邻里节启动，设置
    六大主题体验区，为期1个月 / 邻里携手拼出幸福生活新画卷)."""
    if len(first) < LONG_KICKER or len(_BRACKETED.sub("", second)) < 6:
        return False  # （附图片１张）: a picture note, no title
    if _couplet(second):
        return True
    return bool(_CLAUSES.search(first)) and not _CLAUSES.search(second) and len(second) <= len(first) - 8


_CLAUSES = re.compile(r"[，,；;]")


def _credit_line(line: str) -> bool:
    """A line crediting reporters (记者 宋晓 通讯员 李静, 新闻通讯员刘曦), not a headline that
    speaks of them (中国大饭店请首都记者健身)."""
    if BYLINE_LINE.match(line):
        return True
    credit = _ROLE_THEN_NAME.match(line)
    return credit is not None and looks_like_name(credit.group(1))


_ROLE_THEN_NAME = re.compile(r"^[\u4e00-\u9fff]{0,8}?(?:记者|通讯员)\s*([\u4e00-\u9fff·]{2,4})$")


def _kicker_over_title(first: str, second: str) -> bool:
    """Whether the first of two headline lines is a kicker (引题) over the title."""
    if _PICTURE_HEAD.search(first):
        return False
    if first.rstrip().endswith(("：", ":", "——", "—", "－－")):
        return True  # 党建引领：, 西南隅办事处公园巷社区抓细节搞创建——
    return _names_actor(second) and not _names_actor(first)


def _first_actor(lines: list[str]) -> int | None:
    """The index (past the first) of the first line that names a place acting, when no line
    above it does; None otherwise."""
    for i, line in enumerate(lines):
        if _names_actor(line):
            return i or None
    return None


def _names_actor(line: str) -> bool:
    """Whether a headline line names a place that acts (梅林社区…开业), not only a slogan."""
    return _names_place(line) or bool(_COMMUNITY_WORD.search(line))


def _names_place(line: str) -> bool:
    """Whether a line names a place of the register (a city, district or street), or a street
    with its community (places.find_chains)."""
    return any(c.mentions or (c.name("street") and c.community) for c in places.find_chains(line))


_COMMUNITY_WORD = re.compile(rf"[{HAN}]{{2,8}}(?:社区|街道|村)(?![{HAN}]{{0,1}}[民委])")


def _first_clause(opening: str) -> str:
    clauses = [c.strip() for c in _TITLE_CLAUSE.split(opening) if c.strip()]
    # 12月30日，… / 近日，…: a clause that only says when is no title; the next one is.
    while len(clauses) > 1 and _WHEN_ONLY.fullmatch(fold(clauses[0])):
        clauses = clauses[1:]
    return (clauses[0] if clauses else "")[:60]


def _only_place(line: str) -> bool:
    """Whether a headline line names places and nothing else (河西区大营门街东莱里社区, 裕园社区>>)."""
    text = line.strip()
    words = sum(1 for ch in text if ch.isalnum())
    covered = sum(sum(1 for ch in text[c.start : c.end] if ch.isalnum()) for c in places.find_chains(text))
    return words > 0 and covered == words


def article_id(headline: tuple[str, ...], body: str) -> str:
    """A stable id from the article's normalised text (whitespace and width ignored).

    The headline and the text below it are hashed apart, so that the same characters split
    another way are another article.

    >>> article_id(("标题",), "正文。") == article_id(("标题 ",), "正文。\\n")
    True
    >>> article_id(("社区开展活动",), "居民参加。") == article_id(("社区开展",), "活动居民参加。")
    False
    """
    head, text = (re.sub(r"\s+", "", fold(part)) for part in ("".join(headline), body))
    return hashlib.sha1(f"{head}\x1f{text}".encode()).hexdigest()[:16]


def extract_article(
    raw: RawArticle, source: str, ordinal: int, published: dt.date | None, page: places.PageContext | None = None
) -> Article:
    """Turn a raw article into an Article with places, dates and a stable id.

    page is what the article's page says about where it is (``places.page_context``).
    """
    paragraphs = list(raw.paragraphs) or [""]  # a picture item may have only a headline
    dateline, paragraphs[0] = split_dateline(paragraphs[0])
    later = 0 if dateline else _later_dateline(paragraphs)
    if later:
        dateline, paragraphs[later] = split_dateline(paragraphs[later])
    paragraphs[-1], closing = split_byline(paragraphs[-1])
    lead_byline = ""
    if len(paragraphs) > 1:
        # the reporters glued to the end of the lead: …送到居民身边。记者 张某
        paragraphs[0], lead_byline = split_byline(paragraphs[0]) if _GLUED_BYLINE.search(paragraphs[0]) else (paragraphs[0], "")
    lines = [_BYLINE_ORNAMENT.sub("", line).strip() for line in raw.bylines]
    byline = " ".join(part for part in (*lines, lead_byline, closing) if part)
    if not byline and dateline:
        byline = dateline_byline(dateline)
    byline = byline or raw.meta_byline  # a web copy's source line: 来源：台州日报 记者 葛某
    # places read a later paragraph with its dateline, as it is printed
    printed = [f"{dateline} {p}" if later and n == later else p for n, p in enumerate(paragraphs)]
    paragraphs = [p for p in paragraphs if p]
    body = "\n".join(paragraphs)
    opening = paragraphs[0] if paragraphs else ""
    kicker, title, subtitle = headline_roles(raw.headline, opening)
    place = find_place(raw.headline, [p for p in printed if p.strip()], dateline, byline, raw.captions, page)
    event = article_event_date(paragraphs, raw.captions, published, dateline)
    return Article(
        id=article_id(raw.headline, dateline + body),
        source=source,
        ordinal=ordinal,
        headline=raw.headline,
        kicker=kicker,
        title=title,
        subtitle=subtitle,
        district=place.district,
        street=place.street,
        community=place.community,
        date=published.isoformat() if published else "",
        event_date=event.isoformat() if event else "",
        dateline=dateline,
        byline=byline,
        body=body,
        captions=raw.captions,
        city=place.city,
        province=place.province,
        district_code=place.district_code,
        street_code=place.street_code,
    )
