"""Pure text fixes before splitting: page furniture out, broken paragraphs rejoined."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from bulletin_cli.vocabulary import (
    AREA_SUFFIXES,
    CAPTION,
    COMMUNITY_SUFFIXES,
    DATELINE,
    FULL_DATE,
    HAN,
    STREET_SUFFIXES,
    SURNAMES,
    WEEKDAY,
    alternation,
    reporters_in,
)

_NO_SENTENCE = r"[^，。；！？,;!?]"
# A list bullet some sites print before their metadata lines: ◆编辑：…, ◆二审：….
_BULLET = r"[◆◇●■□▲△★☆·•]\s*"
# Who edited or passed a copy for print: 责任编辑, 编辑, 编审, 终审 (一审/二审/三审, the three
# reviews, need a surname after them).
_SURNAME = "[" + "".join(sorted(SURNAMES)) + "]"
_EDITOR_ROLE = (
    r"(?:责任编辑|编辑|责编|审核人?|审校|审签|审定|编审|初审|复审|终审|签发|监制|校对|值班编辑)"
)
# A page's code in a header: A03, B12, 06版, 第7B版.
_PAGE_CODE = r"(?:第?\s*[A-ZＡ-Ｚ]?[0-9０-９]{1,3}[A-ZＡ-Ｚ]?\s*版|[A-ZＡ-Ｚ][0-9０-９]{1,3})"
# What the name of a paper or site ends in (the titles of a paper group's switcher).
_MEDIA_TITLE = r"(?:报|報|刊|版|网|網|杂志|周刊|画报|客户端)"
# The head of a printed page: its header, page code and navigation, the paper's masthead. A date
# or page code alone next to one is part of it (see _edges).
_PAGE_HEADER = (
    rf"^第\s*[A-Za-zＡ-Ｚ]?[0-9０-９一二三四五六七八九十]+[A-Za-zＡ-Ｚ]?\s*版{_NO_SENTENCE}{{0,24}}$",  # 第7B版：要闻
    r"^[A-ZＡ-Ｚ][0-9０-９]{1,2}\s*(?:版)?\s*[:：]\s*\S{1,12}$",  # A09：综合新闻
    # A page header with a weekday: no sentence punctuation, so that a paragraph
    # opening with a date (本报讯 2024年6月1日星期六上午，…) is never taken for one.
    rf"^{_NO_SENTENCE}{{0,30}}{FULL_DATE}{_NO_SENTENCE}{{0,12}}{WEEKDAY}{_NO_SENTENCE}{{0,30}}$",
    rf"^{_NO_SENTENCE}{{0,30}}{FULL_DATE}{_NO_SENTENCE}{{0,30}}第\s*[0-9０-９一二三四五六七八九十]+\s*版{_NO_SENTENCE}{{0,20}}$",
    # a header with the paper's name, the date and the page code: 宁波晚报 2016年01月27日 A03
    rf"^[{HAN}·]{{2,16}}\s*{FULL_DATE}\s*(?:{WEEKDAY})?\s*{_PAGE_CODE}$",
    # an e-paper's page navigation: 当前版: 06版 上一版  下一版, 06版：要闻 上一版3  4下一版
    rf"^{_NO_SENTENCE}{{0,40}}上一版{_NO_SENTENCE}{{0,12}}下一版{_NO_SENTENCE}{{0,20}}$",
    rf"^(?:当前版|版面导航)\s*[:：|｜]|^{_PAGE_CODE}{_NO_SENTENCE}{{0,30}}\s(?:PDF版|上一版|下一版)$",
    # the paper group's switcher over an e-paper: 《西藏日报》 《西藏商报》 《西藏法制报》
    rf"^(?:《[^《》]{{1,16}}{_MEDIA_TITLE}》[\s|｜/、]*){{2,}}$",
)
_PAGE_HEAD = re.compile("|".join(_PAGE_HEADER))
# Lines of the printed page around its articles: headers, footers, page numbers.
_PAGE_FURNITURE = re.compile(
    "|".join(
        (
            *_PAGE_HEADER,
            r"^[（(]?(?:美术编辑|本版编辑|版面编辑|校对|组版|图片编辑|视频编辑|文字编辑|版式|流程编辑)\s*[:：]",
            r"^[-—–－]+\s*[0-9０-９]{1,3}\s*[-—–－]+$",  # a page number between dashes: - 3 -
            r"^[（(](?:下转|上接|转第|接第|转\s*[0-9０-９])[^）)]{0,20}[）)]$",
            r"^\[[^\]]{0,20}\]\([^)\s]+\)$",  # a markdown link alone: [查看原文](https://…)
        )
    )
)
# Lines that are furniture only at a page's top or bottom (a page header's date, a page number,
# the source line of a bulletin of briefs): inside the text, the same line is a letter's date,
# a section number (１, ２) or the dateline of the report under it.
_EDGE_FURNITURE = re.compile(
    "|".join(
        (
            rf"^\s*{FULL_DATE}\s*(?:{WEEKDAY})?\s*$",  # a date alone
            rf"^\s*(?:{WEEKDAY})\s*$",  # a weekday alone, under the date
            r"^[0-9０-９]{1,3}$",  # a page number
            r"^[A-ZＡ-Ｚ][0-9０-９]{1,3}$",  # a page code: A03
            r"^[\u4e00-\u9fff]{2,10}消息\s*(?:[（(][^（）()]{1,12}[）)])?\s*[:：]$",  # 央视网消息（新闻联播）：
        )
    )
)
_META_WORD = re.compile(
    r"来源|稿源|发布时间|发布日期|发稿时间|发表于|更新时间|浏览次数|阅读次数|阅读量|浏览量|点击数|点击量|访问量"
)
_CELL_END = re.compile(r"(?<=\S)\s+[|｜]\s*$")  # a web table's cell edge after a line: 十里堡社区端午节活动 |
_PAGE_NUMBER = re.compile(r"^(?:[A-ZＡ-Ｚ][0-9０-９]{1,3}|[0０][0-9０-９]{1,2})$")  # A08, 04: not a section number (１)
# A date in digits and separators: 2024-06-05, 2024/6/5, 2024.06.05, 12.03.2015.
_NUMERIC_DATE = r"(?:[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4})"
_DATE_STAMP = (
    r"(?:[0-9０-９]{4}\s*[-/.年]\s*[0-9０-９]{1,2}\s*[-/.月]\s*[0-9０-９]{1,2}\s*日?"
    r"|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4})"  # 12.03.2015
)
# Lines a web page prints around one article: where it is from, when, who edited it, where it
# sits on the site. They stand between the headline and the text, or after the text: a web
# article's boundary, which split uses (see WEB_MARK).
_WEB_META = re.compile(
    "|".join(
        (
            r"^(?![（(]?(?:资料|数据|图片)来源).{0,40}(?:来源|稿源|发布时间|发布日期|发稿时间|发表于|更新时间|浏览次数|阅读次数|阅读量|浏览量|点击数|点击量|访问量)"
            r"\s*[:：][^。！？]{0,100}$",
            r"^.{0,40}(?:日期|时间)\s*[:：]\s*(?:[0-9０-９]{4}|[0-9]{1,2}-[0-9]{1,2}\s*$)[^。！？，]{0,100}$",
            # a government site's open-information record: 索引号：…, 发布机构：…, 主题词：, 名称：<title>
            r"^(?:索引号|主题分类|发布机构|发文机关|成文日期|文号|主题词|公开方式|公开范围|信息类别|名称|有效性)\s*[:：][^。！？]{0,100}$",
            # an e-paper reader's head: 当前报纸名称：宝安日报, 版面：第C07版：社区 上一篇 下一篇
            r"^(?:当前(?:报纸|报刊)?名称\s*[:：].{0,20}|版面\s*[:：]\s*第?\s*[A-Za-z]?[0-9]{1,3}\s*版.{0,40})$",
            # editor and review lines: 责任编辑：王芳, ◆二审：朱晖, 编审：马某, 终审 蒋某; a court's
            # 二审：维持原判 is no review line, so the three reviews take a surname
            rf"^(?:{_BULLET})?[（(【\[]?\s*(?:{_EDITOR_ROLE}|[一二三]审(?=\s*[:：]?\s*{_SURNAME}))\s*[:：/]?\s*[【\[]?[\u4e00-\u9fff·]{{2,4}}(?:[\s、，,]+[\u4e00-\u9fff·]{{2,4}})*\s*[】\]）)]?(?:\s+.{{0,40}})?$",
            # a closing credits line in brackets that ends with its editor or reviewer:
            # 【泰安日报社记者 董某 审核 王某】
            rf"^[【\[（(][^【】\[\]（）()]{{2,40}}\s{_EDITOR_ROLE}(?:\s*[:：]\s*|\s+)[\u4e00-\u9fff·]{{2,4}}(?:[\s、，,]+[\u4e00-\u9fff·]{{2,4}})*\s*[】\]）)]$",
            r"^[（(【\[]\s*(?:责任编辑|编辑|责编)\s*[:：].{0,40}$",
            r"^(?:作者|供稿|供稿单位|信息来源|本文来源|文章来源|主办单位|主办|承办|协办|指导|技术支持)\s*[:：\s].{0,60}$",
            r"^(?:上一篇|下一篇|上一条|下一条)\s*[:：]?.{0,60}$",
            r"^(?:[^>＞»。！？，]{1,30}(?:>|＞|»)+\s*){2,}[^。！？，]{0,80}$",  # a breadcrumb: 首页 > 新闻 > 社区
            # a breadcrumb of one step, from the site or its home page: 首页 > 社区资讯, 人民网>>江西
            r"^[^>＞»。！？，\s]{0,18}(?:首页|首頁|主页|网|網|频道|頻道|新闻|新聞|中心|门户)\s*(?:>|＞|»)+\s*[^>＞»。！？，]{1,30}$",
            # a site's navigation bar by spaces: 资讯首页  经济热点 民营经济 浙江股市 区域发展 (six or
            # more, one of them a home page, channel or news item: a list of names is text)
            r"^(?=.*(?:首页|频道|新闻|资讯|热点))(?:[\u4e00-\u9fff]{2,6}\s+){5,}[\u4e00-\u9fff]{2,6}$",
            # a page's address with the site and its time: http://www.example.cn  宁海新闻网  2012-11-14 08:28
            rf"^(?:https?://|www\.)\S+\s+{_NO_SENTENCE}{{0,30}}$",
            # a site's navigation bar: 首页|福建|时评|体育|国内|国际 (five items or more)
            r"^[|｜]?\s*(?:[^|｜。！？，,；;]{1,8}\s*[|｜]\s*){4,}[^|｜。！？，,；;]{0,8}\s*[|｜]?$",
            r"^(?:您当前的位置|您当前位置|当前位置|您现在的位置|本页位置|所在位置)\s*[:：]?.{0,120}$",
            # a carried copy's print source: 《工人日报》（2021年08月05日 04版）
            rf"^《[^》]{{2,16}}》\s*[（(]\s*{_DATE_STAMP}\s*(?:第?\s*[0-9A-Za-z]{{1,4}}\s*版)?\s*[)）]$",
            r"^(?:版权所有|Copyright|©).{0,120}$",
            r"^[（(]?原标题\s*[:：].{0,80}$",
            r"^内容提要\s*[:：]",
            # a date stamp with little else: 2020-09-12 14:31 北京晚报, 成都晚报 2017-12-13 09:41
            rf"^{_NO_SENTENCE}{{0,24}}{_NUMERIC_DATE}(?:\s*[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?)?{_NO_SENTENCE}{{0,40}}$",
            rf"^{_NO_SENTENCE}{{0,24}}{_DATE_STAMP}\s*[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?{_NO_SENTENCE}{{0,40}}$",
        )
    )
)
# What else a web page prints in or around an article: share buttons, font size, image file
# names, a content system's tags. Dropped without marking a boundary.
_WEB_JUNK = re.compile(
    "|".join(
        (
            r"^(?:[【\[]\s*(?:字体|字号)\s*[:：]?\s*[大中小\s]+[】\]]|[【\[](?:打印|关闭|关闭窗口|打印本页|收藏|返回顶部|我要纠错)[】\]]\s*)+.{0,40}$",
            r"^(?:字体|字号)\s*[:：]\s*[大中小\s]+$",
            r"^(?:分享到|扫一扫|微信\s*扫一扫)\s*[:：]?.{0,120}$",
            r"^关注[\w《》]{2,10}(?:网|公众号|微信|客户端|号)$",  # 关注东北网
            r"^[\w\-. ]{1,60}\.(?:jpg|jpeg|png|gif|bmp|webp)$",  # an image's file name
            r"^get - [0-9T:\-.]+$",
            r"^[0-9/\-]{8,30}$",  # an index number: 727031916/2016-00272
            r"^.{0,30}(?:显示全部楼层|阅读模式|放大\s*缩小).{0,30}$",
            r"^[\u4e00-\u9fff]{2,12}(?:客户端|APP|App|公众号)$",  # 山西日报客户端
            # a contact box (an address line is text)
            r"^(?:联系电话|新闻热线|新闻传真|传真|QQ群号?|微信号|邮编|邮箱|电子邮箱|投稿邮箱|E-?mail)\s*[:：][^。，]{0,40}$",
            # a line of a web page's buttons alone: 打印本页 关闭窗口, 【纠错】, 微信 微博 QQ空间, A+ A-
            r"^(?:[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|收藏本页|收藏|设为首页|加入收藏|长者助手|我的收藏|无障碍|规章库|政府信息公开|政务公开|返回列表|返回|网站首页|首页|我要纠错|纠错|微信|微博|QQ空间|"
            r"朋友圈|分享|转发|评论|发表评论|点赞|举报|复制链接|手机看|在手机上阅读|扫码阅读手机版|听新闻|朗读|播报|默认|护眼|夜间|"
            r"视力保护色[:：]?|A\+|A-|T\+|T-|[大中小]|字号[:：]?|字体[:：]?|网站地图|联系我们|关于我们|版权声明|免责声明|热点新闻|"
            r"热门推荐|猜你喜欢|更多>*|加载更多|查看更多|阅读全文|展开全文|阅读原文|[0-9]+\s*条评论)\s*[】\]]?[\s|｜/·]*)+$",
            # a government site's title: 江门恩平市恩城街道办事处政府信息公开, …人民政府门户网站
            # (the office's name first: a headline may end in 实行政务公开)
            r"^[\u4e00-\u9fff]{2,30}(?:办事处|政府|管委会|委员会|局)(?:政府信息公开|信息公开|政务公开|门户网站)(?:专栏|目录|平台)?$",
            r"^.{0,30}(?:ICP备|ICP证|公网安备)\s*[0-9A-Za-z\-]+号?.{0,40}$",  # a site's licence line
            r"^(?:点击|阅读|浏览)\s*[:：]\s*[0-9]*\s*(?:次)?$",  # a view counter
            # a site's buttons and boxes: font size, search, version switch, share, close,
            # recommendation and related-content heads, an empty keyword line
            r"^(?:[大中小]字号|高级检索|站内检索|搜索|PC版|电脑版|手机版|移动版|触屏版|分享让更多人看到|[—\-]*\s*分享\s*[—\-]*|"
            r"新闻推荐|频道推荐|相关内容|相关新闻|相关阅读|相关链接|最近更新|热点推荐|推荐阅读|关键词\s*[:：]|关注官方微信|[×|｜])[\s|｜]*$",
            r"^(?:[【\[][^】\]]{1,8}[】\]]){3,}",  # a content system's tags: 【已审】【供稿】【南宁】…
            r"^(?:今天是|今日是)\s*[:：]?\s*[0-9０-９]{4}\s*[年\-/.][^，。]{0,24}$",  # a site's date widget: the day of the visit
            # a site's buttons for older or disabled readers, its script switch, back to top:
            # 退出长者模式, 关怀版, 无障碍浏览, 简体 繁體, 返回顶部
            r"^(?:(?:进入|退出|切换到?|开启|关闭|打开)?\s*(?:长者模式|关怀模式|关怀版|老年模式|适老模式|适老版|无障碍(?:浏览|模式|阅读|通道)?|大字版|读屏|简体版?|繁体版?|繁體版?|返回顶部|返回首页)[\s|｜/]*)+$",
        )
    )
)
# Marks where web furniture stood: a web article's boundary (the headline above it, or the
# end of the text before it). A private-use character, which read drops from every page
# (control characters would not do: str.strip() takes \x1c-\x1f for whitespace).
WEB_MARK = "\ue000"
# In a web mark, what comes after it are the reporters the furniture line named (来源：台州日报
# 记者 葛某): the byline of a copy that prints none of its own.
BYLINE_MARK = "\ue001"


# Markdown emphasis around words (**本报讯**), not printed on the page.
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
# A continuation mark inside a paragraph, printed where a column jumps pages.
_CONTINUATION = re.compile(r"[（(](?:下转|上接)第?\s*[0-9０-９一二三四五六七八九十]+\s*版[）)]")
_TERMINAL = set("。！？!?…；;：:")
_CLOSING_QUOTES = set("”’」』》\"'")
_CLAUSE = re.compile(r"[，,、；;：:。]")
_BODY_CLAUSE = re.compile(r"[，,、；;。]")
_SPACED_CLAUSES = re.compile(r"[\u4e00-\u9fff][”\"]?\s+[“\"]?[\u4e00-\u9fff]")
_INDENT = re.compile(r"^(?:\u3000|\s{2,})")
_NOT_WORD = re.compile(r"[^\u4e00-\u9fff0-9０-９A-Za-zＡ-Ｚａ-ｚ]")
# A short line over a paragraph that opens like a news lead is a headline, even with a comma in it.
_LEAD = re.compile(
    r"^(?:近日|日前|近期|近年来|昨天|昨日|今天|今日|前天|当天|连日来|为了|为|在|随着|据|记者|今年|去年"
    r"|眼下|如今|当前|现在|此前|近来|这些年|多年来|每逢|每到|[\u4e00-\u9fff]{1,4}以来|[0-9０-９]{1,4}[年月日])"
)


def is_furniture(line: str, edge: bool = True) -> bool:
    """Whether a line is page furniture: header, footer, page number, web page metadata.

    >>> is_furniture("社区新闻  2024年6月5日 星期三  第7版")
    True
    >>> is_furniture("来源：西湖区融媒体中心 发布时间：2024-06-05 10:30")
    True
    >>> is_furniture("和平区天兴里社区开展广场舞主题活动")
    False
    """
    return is_page_furniture(line, edge) or is_web_furniture(line)


def is_page_furniture(line: str, edge: bool = True) -> bool:
    """Whether a line is furniture of the printed page; edge: whether it stands at the page's
    top or bottom, where a date or a number alone is a header or page number too."""
    text = line.strip()
    if _WEB_JUNK.search(text):
        return False  # 今天是2021年9月26日 星期日: a web page's widget, no page header
    return _printed_furniture(text, edge)


def _printed_furniture(text: str, edge: bool) -> bool:
    """is_page_furniture of a stripped line already known to be no web page junk."""
    return bool(_PAGE_FURNITURE.search(text)) or (edge and bool(_EDGE_FURNITURE.search(text)))


def is_web_furniture(line: str) -> bool:
    return is_web_meta(line) or bool(_WEB_JUNK.search(line.strip()))


def is_web_meta(line: str) -> bool:
    text = line.strip()
    return len(text) <= 200 and bool(_WEB_META.search(text))


def is_dateline(line: str) -> bool:
    return bool(DATELINE.match(line.strip()))


def is_caption(line: str) -> bool:
    return bool(CAPTION.match(line.strip()))


def ends_sentence(line: str) -> bool:
    """Whether a line ends where a paragraph may end (not in the middle of a word).

    >>> ends_sentence("居民纷纷表示。")
    True
    >>> ends_sentence("给老人们上了一堂深入浅出的")
    False
    >>> ends_sentence("社区将持续开展活动。（刘玉红 肖荻）")
    True
    """
    text = line.rstrip()
    while text and text[-1] in "）)":
        opener = max(text.rfind("（"), text.rfind("("))
        if opener <= 0:
            return True  # a line that is one bracketed group: a caption or byline
        text = text[:opener].rstrip()
    while text and text[-1] in _CLOSING_QUOTES:
        text = text[:-1]
    return not text or text[-1] in _TERMINAL


def _body_like(line: str) -> bool:
    return len(line) >= 15 and bool(_CLAUSE.search(line))


def _broken(before: str, after: str) -> bool:
    """Whether ``after`` continues a paragraph that a page or column break cut in ``before``."""
    return (
        not ends_sentence(before)
        # Longer than a sub-heading with a comma, and with a clause break other than a colon
        # (经济工作会议：稳中求进 is a headline).
        and len(before) >= 20
        and _BODY_CLAUSE.search(before) is not None
        and not _SPACED_CLAUSES.search(before)
        and (_body_like(after) or "。" in after)
        and not is_dateline(after)
        and not is_caption(after)
        and not _headline_over_lead(before, after)
    )


def _headline_over_lead(before: str, after: str) -> bool:
    """Whether a short line with a comma (华洲街开展“约出文明风尚,共创幸福华洲”系列活动) is a
    headline over its text rather than the first half of a paragraph a page break cut.

    The text under a headline opens like a news lead, restates it, opens a quotation, or
    at least opens with a whole clause; the second half of a cut paragraph goes on with
    the word or clause that was cut (生活服 / 务到位、), and the first half often stops on
    a word that cannot end a headline (深入浅出的 / 讲座).
    """
    if len(before) > 40 or before[-1] in _OPEN_ENDS:
        return False
    if _LEAD.match(after) or after[0] in "“\"「『《（(【" or restated(before, after):
        return True
    first_clause = _CLAUSE.split(after, 1)[0]
    return len(first_clause) >= 6 and _quotes_balanced(before)


# Characters a headline does not end on: particles, prepositions, a conjunction.
_OPEN_ENDS = set("的和与及等在对为把被将是之其于并而或从向以让使由、，,；;")


def _quotes_balanced(text: str) -> bool:
    return text.count("“") == text.count("”") and text.count("\"") % 2 == 0


# When and where a news lead opens with: 5月28日, 19日上午, 昨天, 近日; 朝阳区首都机场街道.
_LEAD_WHEN = re.compile(
    r"[0-9０-９一二三四五六七八九十]{1,2}\s*月\s*[0-9０-９]{1,2}\s*[日号]|[0-9０-９]{1,2}日(?:上午|下午|晚|中午|清晨|早)"
    r"|昨[天日]|今[天日]|前天|近日|日前|近期|连日来|[0-9０-９]{4}年[0-9０-９]{1,2}月"
)
# A chain of places (区…街道, 街道…社区); a street written short (…街) is left out here, as
# 步行街 and 商业街 end so too.
_STREETS = tuple(suffix for suffix in STREET_SUFFIXES if suffix != "街")
_LEAD_WHERE = re.compile(
    rf"[{HAN}]{{2,8}}?{alternation(AREA_SUFFIXES)}[{HAN}]{{2,8}}?{alternation(_STREETS + COMMUNITY_SUFFIXES)}"
    rf"|[{HAN}]{{2,8}}?{alternation(_STREETS)}[{HAN}]{{2,10}}?{alternation(COMMUNITY_SUFFIXES)}"
)


def is_lead(paragraph: str) -> bool:
    """Whether a paragraph opens like a news lead: a dateline, or when and where within its
    first sentence's opening.

    >>> is_lead("5月28日，朝阳区首都机场街道在儿童乐园举办发布会。"), is_lead("街道这回推出五个新场景。")
    (True, False)
    """
    opening = paragraph[:60]
    return is_dateline(paragraph) or (bool(_LEAD_WHEN.search(opening)) and bool(_LEAD_WHERE.search(opening)))


def lead_place(paragraph: str) -> str:
    """The place a paragraph's opening names in a chain (区…街道, 街道…社区), or ""."""
    match = _LEAD_WHERE.search(paragraph[:60])
    return match.group() if match else ""


def restated(head: str, paragraph: str, share: float = 0.5) -> bool:
    """Whether the paragraph repeats most of the headline's character pairs (a news lead).

    >>> restated("河东区首届社区邻里节今天开幕", "河东区首届社区邻里节今天在春华街开幕。二十个社区……")
    True
    >>> restated("找准突破口", "楼道堆物多、车棚不够用，是老旧小区治理的难点。")
    False
    """
    words = _NOT_WORD.sub("", re.sub(r"[（(][^（）()]*[）)]", "", head))
    pairs = {words[k : k + 2] for k in range(len(words) - 1)}
    if len(pairs) < 3:
        return False
    lead = _NOT_WORD.sub("", paragraph[:150])
    return sum(1 for p in pairs if p in lead) >= share * len(pairs)


def repair_text(text: str) -> str:
    """Drop page furniture and rejoin paragraphs broken by page and column breaks.

    Blank lines are kept as the page has them, except inside a rejoined paragraph.

    >>> repair_text("社区坚持走访慰问到位、矛盾调解到位、生活服\\n\\n务到位、和睦促进到位,助推社区治理。")
    '社区坚持走访慰问到位、矛盾调解到位、生活服务到位、和睦促进到位,助推社区治理。'
    >>> repair_text("综合安全整治 宣传送到身边\\n\\n本报讯 为预防火灾,社区开展行动。")
    '综合安全整治 宣传送到身边\\n\\n本报讯 为预防火灾,社区开展行动。'
    """
    return repair_page(text)[0]


def repair_page(text: str) -> tuple[str, list[str]]:
    """repair_text, and the furniture lines it took out, in page order.

    Web page furniture leaves WEB_MARK on a line of its own, followed by the date the line
    gave (``\\ue0002024-06-05``) and BYLINE_MARK with the reporters it named: an article's
    boundary, publication date and byline for split.
    """
    lines = [_CELL_END.sub("", _EMPHASIS.sub(r"\2", _CONTINUATION.sub("", line))).rstrip() for line in text.split("\n")]
    lines, stamps = _split_stamps(lines)
    edge = _edges(lines)
    # a source or time line is a web mark even with buttons in it ([字号：大 中 小] 2016-06-10 阅读次数：299)
    junk = [bool(_WEB_JUNK.search(line.strip())) for line in lines]
    meta = [
        i in stamps or (bool(line.strip()) and not (junk[i] and not _META_WORD.search(line)) and is_web_meta(line))
        for i, line in enumerate(lines)
    ]
    dropped = [
        bool(line.strip()) and not meta[i] and (junk[i] or _printed_furniture(line.strip(), edge[i]))
        for i, line in enumerate(lines)
    ]
    furniture = [line.strip() for i, line in enumerate(lines) if dropped[i] or meta[i]]
    for i in range(1, len(lines) - 1):
        if dropped[i] and not lines[i - 1].strip() and not lines[i + 1].strip() and junk[i]:
            dropped[i + 1] = True  # an image's file name between paragraphs: one gap, not two
    lines = [_web_mark(line) if meta[i] else line for i, line in enumerate(lines) if not dropped[i]]
    if _indented_layout(lines):
        lines = _unwrap(lines)
    out: list[str] = []
    blanks = 0
    for line in lines:
        if not line.strip():
            blanks += 1
            continue
        if out and _broken(out[-1].strip(), line.strip()):
            out[-1] += line.strip()
        else:
            out.extend([""] * blanks)
            out.append(line)
        blanks = 0
    while out and (not out[0].strip() or out[0].startswith(WEB_MARK)):
        out.pop(0)  # furniture above all text marks no boundary
    return "\n".join(out).strip("\n"), furniture


# A headline a web page prints with its date (and author) on the same line:
# 南昌社区党群服务中心揭牌启用 2025年04月10日, …精彩纷呈 2025年08月15日  吴春霖.
_HEADLINE_STAMP = re.compile(
    rf"^(?P<head>(?=.*[\u4e00-\u9fff]){_NO_SENTENCE}{{8,40}}?)\s+(?P<stamp>{_DATE_STAMP}(?:\s*[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?)?"
    r"(?:\s+(?!星期|礼拜|周[一二三四五六日天])[\u4e00-\u9fff·]{2,4}){0,3})\s*$"
)
_OUTLET_END = re.compile(r"[报网刊台版期号]$|星期.$")


def _split_stamps(lines: list[str]) -> tuple[list[str], set[int]]:
    """Each headline line that ends with a date stamp as two lines, the headline and the stamp;
    with the indices of the stamps, which are the article's source line (its date and author).

    >>> _split_stamps(["南昌社区党群服务中心揭牌启用 2025年04月10日", "天津日报 2024年6月5日"])
    (['南昌社区党群服务中心揭牌启用', '2025年04月10日', '天津日报 2024年6月5日'], {1})
    """
    out: list[str] = []
    stamps: set[int] = set()
    for line in lines:
        match = _HEADLINE_STAMP.match(line.strip())
        if match and not _OUTLET_END.search(match.group("head").strip()) and not is_furniture(line):
            out.append(match.group("head").strip())
            stamps.add(len(out))
            line = match.group("stamp")
        out.append(line)
    return out, stamps


def _edges(lines: list[str]) -> list[bool]:
    """For each line, whether it stands above the page's first line of text or below its last
    (furniture and blank lines aside), or between the two halves of a paragraph a page break
    cut (生活服 / 7 / 务到位): where a page number or a header's date may stand."""
    text = [
        i
        for i, line in enumerate(lines)
        if line.strip() and not is_furniture(line, edge=False) and not _EDGE_FURNITURE.search(line.strip())
    ]
    first, last = (text[0], text[-1]) if text else (len(lines), -1)
    edge = [i < first or i > last for i in range(len(lines))]
    for n in range(1, len(text)):
        before, after = text[n - 1], text[n]
        if after - before > 1 and not ends_sentence(lines[before]) and _body_like(lines[before].strip()):
            for i in range(before + 1, after):
                edge[i] = True
    # A page number printed with its zero (04) or a page code (A08) alone between blank lines,
    # anywhere: an e-paper's next page. A number alone (１) inside a page is a section's.
    for i in range(1, len(lines) - 1):
        if _PAGE_NUMBER.match(lines[i].strip()) and not lines[i - 1].strip() and not lines[i + 1].strip():
            edge[i] = True
    # A page's head inside a file (a masthead, a page header, the page navigation) takes the
    # date or page code printed over or under it: 《西藏日报》 《西藏商报》 / 2025年02月13日.
    filled = [i for i, line in enumerate(lines) if line.strip()]
    for n, i in enumerate(filled):
        if _PAGE_HEAD.search(lines[i].strip()):
            for k in (n - 1, n + 1):
                if 0 <= k < len(filled):
                    edge[filled[k]] = True
    return edge


def _web_mark(line: str) -> str:
    """WEB_MARK, the date the line gives, and BYLINE_MARK with the reporters it names."""
    match = re.search(_DATE_STAMP, line)
    date = match and _iso(match.group())
    reporters = reporters_in(line)
    return WEB_MARK + (date or "") + (BYLINE_MARK + reporters if reporters else "")


def _iso(stamp: str) -> str | None:
    digits = [int(n) for n in re.findall(r"[0-9]+", unicodedata.normalize("NFKC", stamp))]
    if len(digits) != 3:
        return None
    year, month, day = digits if digits[0] > 31 else (digits[2], digits[1], digits[0])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _unwrap(lines: list[str]) -> list[str]:
    """Join the hard-wrapped lines of indented paragraphs back to their first line.

    A paragraph continues on an unindented line only while the line before it is full: when
    the page is wrapped at a fixed width, a shorter line ends its paragraph. An unindented
    line after a finished sentence that does not finish one itself, over a new paragraph or
    a dateline, is a headline (titles are often printed without an indent), not a
    continuation. Done before page breaks are rejoined, so that repairing twice changes
    nothing more.
    """
    width = _wrap_width(lines)
    out: list[str] = []
    last = ""  # the physical line that ends out[-1]
    for i, line in enumerate(lines):
        if (
            out
            and line.strip()
            and out[-1].strip()
            and not _INDENT.match(line)
            and _INDENT.match(out[-1])
            and _continues(last, line, lines[i + 1 : i + 3], width)
        ):
            out[-1] += line.strip()
        else:
            out.append(line)
        last = line
    return out


def _continues(last: str, line: str, following: list[str], width: tuple | None) -> bool:
    """Whether an unindented line carries on the paragraph whose current last line is last."""
    if width is not None:
        measure, full = width
        if measure(last) < full:
            return False  # the paragraph ended on a short line
        if measure(line) >= full:
            return True  # a full line is text, not a headline
    return not _headline_after_text(last, line, following)


def _headline_after_text(last: str, line: str, following: list[str]) -> bool:
    if not ends_sentence(last) or ends_sentence(line) or len(line.strip()) > 48:
        return False
    nxt = following[0] if following else ""
    if not nxt.strip() or _INDENT.match(nxt) or is_dateline(nxt) or is_caption(nxt):
        return True
    # a kicker over its title: both short and unfinished, the paragraph under them indented
    after = following[1] if len(following) > 1 else ""
    return len(nxt.strip()) <= 48 and not ends_sentence(nxt) and (not after.strip() or bool(_INDENT.match(after)))


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap_width(lines: list[str]) -> tuple | None:
    """The fixed width a page was hard-wrapped at, as (measure, least width of a full line).

    Wrapped lines are those followed by an unindented line; when most of them share one
    length (in characters, or in display columns where Han characters count two), that is
    the width. None for text wrapped raggedly or not at all.
    """
    wrapped = [a for a, b in zip(lines, lines[1:]) if a.strip() and b.strip() and not _INDENT.match(b)]
    best = None
    for measure, slack in ((len, 1), (_display_width, 2)):
        counts = Counter(measure(line) for line in wrapped)
        if not counts:
            continue
        size, n = counts.most_common(1)[0]
        near = sum(c for s, c in counts.items() if size - slack <= s <= size)
        if n >= 3 and near >= 0.6 * len(wrapped) and (best is None or near > best[0]):
            best = (near, measure, size - slack)
    return (best[1], best[2]) if best else None


def _indented_layout(lines: list[str]) -> bool:
    """Paragraphs start indented and continue on unindented lines (hard-wrapped text).

    Lines wrapped at one width may make paragraphs of many lines, so few are indented.
    """
    text_lines = [line for line in lines if line.strip()]
    indented = sum(1 for line in text_lines if _INDENT.match(line))
    share = 0.03 if _wrap_width(lines) else 0.15
    return indented >= 3 and indented >= len(text_lines) * share and indented < len(text_lines)
