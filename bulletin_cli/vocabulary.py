"""The conventions of bulletin pages, written once: place names, dates, datelines, bylines,
captions, labels.

repair, split, extract, analysis and queries recognise the same things; their words and
patterns live here so that they agree. Patterns match printed text (full-width digits
included), not folded text. The big patterns are compiled when first used
(:class:`LazyPattern`), so that the reading commands, which need only the place suffixes, do
not pay for them.
"""

from __future__ import annotations

import re


class LazyPattern:
    """A regular expression compiled on first use; it answers what a compiled one does.

    >>> p = LazyPattern(r"[0-9]+日")
    >>> p.pattern, p.search("6月5日").group()
    ('[0-9]+日', '5日')
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern | None = None

    def __getattr__(self, name: str):  # only what the instance lacks: match, search, …
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return getattr(self._compiled, name)


def alternation(words) -> str:
    """A group matching any of the words, the longest first (街道 before 街).

    >>> alternation(("街", "街道", "镇"))
    '(?:街道|街|镇)'
    """
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


HAN = "\u4e00-\u9fff"
DIGIT = "0-9０-９"
_D = f"[{DIGIT}]"

# --- place names ---------------------------------------------------------------------

# What place names end in as pages write them, by level. 市 and 旗 end a county-level name
# too (县级市, 旗), 新区 a zone; 街 is a street written short (西沽街 for 西沽街道).
AREA_SUFFIXES = ("新区", "区", "县", "市", "旗")
STREET_SUFFIXES = ("街道", "街", "镇", "乡")
COMMUNITY_SUFFIXES = ("社区", "村")
# A word that names a district, street or community (its own index field; queries look a
# place up without its suffix), longest first where one ends another.
PLACE_SUFFIXES = ("社区", "街道", "街", "区", "县", "镇", "乡", "村")

# --- dates -------------------------------------------------------------------------

# 2024年6月5日 (spaces allowed, full-width digits too); _PARTS captures year, month and day.
FULL_DATE = rf"{_D}{{4}}\s*年\s*{_D}{{1,2}}\s*月\s*{_D}{{1,2}}\s*日"
FULL_DATE_PARTS = rf"({_D}{{4}})\s*年\s*({_D}{{1,2}})\s*月\s*({_D}{{1,2}})\s*日"
MONTH_DAY = rf"{_D}{{1,2}}\s*月\s*{_D}{{1,2}}\s*日"
WEEKDAY = r"(?:星期|周|礼拜)[一二三四五六日天]"
CHINESE_NUMBER = "一二三四五六七八九十"
# Days named relative to the report's own (昨天 is the day before the dateline's), with the
# days back from it; also as a part of that day (昨晚 last night, 今晨 this morning, 前晚 the
# night before last). 当天 and 当晚 are the day the text just named (None).
RELATIVE_DAY_SHIFTS = {
    "昨日": 1, "昨天": 1, "昨晚": 1, "昨夜": 1, "昨晨": 1, "昨早": 1,
    "前天": 2, "前日": 2, "前晚": 2,
    "今天": 0, "今日": 0, "今晨": 0, "今早": 0, "今晚": 0, "今夜": 0,
    "当天": None, "当日": None, "当晚": None, "当夜": None,
}  # fmt: skip
RELATIVE_DAYS = tuple(RELATIVE_DAY_SHIFTS)

# --- datelines -----------------------------------------------------------------------

# Who publishes: a paper, site, station, agency, app or media centre (津滨网, 现代快报,
# 长城网, 看看新闻Knews, 区融媒体中心, 新华社). The name is short and ends in a media word.
_OUTLET = (
    rf"(?:交汇点|[{HAN}A-Za-z0-9·\-]{{1,16}}?"
    r"(?:网|报|台|社|刊|端|号|新闻|中心|频道|传媒|之声|客户端|APP|App|app|视界|在线|融媒|融媒体|全媒体|日报|晚报|快报|早报|商报|时报"
    r"|信息港))"  # 交汇点 is 新华日报's news app
)
_ALIAS = r"(?:[（(][^（）()]{1,12}[）)])?"  # 荆楚网（湖北日报网）讯
_PLACE = rf"[{HAN}]{{0,8}}?"
# A site's channel after its name and a middle dot: 中国网·滨海高新, 大众新闻·海报新闻.
_CHANNEL = rf"(?:[·•・][{HAN}A-Za-z]{{1,10}}?)?"
_BRACKETED = r"[（(][^（）()]{1,60}[）)]"
_AGENCY = r"(?:新华社|中新社|新华网|中新网|中国新闻网|人民网|央视网|央广网|国际在线|光明网|澎湃新闻)"
_REPORTER_NOTE = r"[（(]\s*(?:本报|本台|本网)?(?:首席|特约|见习|实习)?(?:记者|通讯员)[^（）()]{1,40}[）)]"

DATELINE = LazyPattern(
    r"^(?:"
    # 本报讯, 本刊讯, 本网讯, 本台讯, a bare 讯 (some papers print it alone), 【本报讯】
    r"[【\[]?本[报刊网台站]讯[】\]]?|本报消息|讯\s"
    # 本报北京1月4日电, 本报天津讯
    rf"|本[报刊网台][{HAN}{DIGIT}]{{0,12}}?(?:专?电|讯(?!员))"
    # 新华社天津12月30日电, 据新华社电, 中新网上海6月3日电
    rf"|据?{_AGENCY}{_PLACE}(?:{MONTH_DAY})?(?:专?电|讯(?!员)|消息)"
    # 长城网邢台10月20日讯, 新华网天津10月13日电, 秦州区融媒体中心10月25日讯, 海口网4月25日消息
    rf"|{_OUTLET}{_ALIAS}{_CHANNEL}{_PLACE}{MONTH_DAY}[{HAN}]{{0,6}}?(?:专?电|讯(?!员)|消息(?=\s*[（(：:]|\s|$))"
    # 津滨网讯, 现代快报讯, 极目新闻讯, 潇湘晨报十八洞村讯, 天津北方网讯：, 中国网·滨海高新讯
    rf"|{_OUTLET}{_ALIAS}{_CHANNEL}{_PLACE}讯(?=[\s（(【：:{HAN}])(?!员)"
    # any outlet with its reporters in brackets: 津滨海讯（记者 刘静）, 第1眼TV-华龙网讯（陈雨）
    rf"|[{HAN}A-Za-z0-9·\-]{{2,20}}?{_ALIAS}(?:{MONTH_DAY})?讯(?=\s*[（(])"
    # 央视网消息（新闻联播）：, 荆楚网消息（通讯员刘翠）
    rf"|[{HAN}]{{2,10}}消息\s*(?:{_BRACKETED}\s*[:：]?|[:：])"
    # 据天津日报报道，
    r"|据[^，。,]{1,20}?(?:报道|消息)[，,：:]"
    # the reporters alone, in brackets, opening the text: （记者梁淑芳 陈星宇摄影报道）
    rf"|{_REPORTER_NOTE}"
    r")"
)

# --- bylines -------------------------------------------------------------------------

# A reporter's role, printed before names (记者 张三, 记者张三) or after them (张三 摄). Roles
# that are also ordinary words (文, 图, 摄影, 编辑, 作者) need a space, colon or slash after them.
_ROLE = (
    rf"(?:(?:本报|本台|本网|本刊)?(?:首席|特约|见习|实习|驻[{HAN}]{{1,4}})?(?:记者|通讯员|评论员)|实习生)\s*[:：]?"
    r"|(?:撰稿|编辑|摄影|摄像|作者|文\s*/\s*图|图\s*/\s*文|文图|文·图|文|图)(?:\s*[:：/]\s*|\s+)"
)
# A name: two or three Han characters (周明, also printed spaced: 周 欢), a transliterated
# name (阿卜杜·热合曼), or one kept back (何某).
_NAME = rf"[{HAN}]{{2,6}}·[{HAN}]{{2,6}}|[{HAN}]{{1,2}}某{{1,2}}|[{HAN}]\s[{HAN}](?![{HAN}])|[{HAN}]{{2,3}}"
_NAMES = rf"(?:{_NAME})(?:\s*[、，,\s]\s*(?:{_NAME}))*"
# Who employs the reporter: 深圳特区报, 看看新闻Knews, 兰州日报全媒体, 长沙分站, 社区.
_EMPLOYER = rf"(?:{_OUTLET}|[{HAN}]{{0,8}}[A-Za-z0-9]+|[{HAN}]{{1,8}}(?=(?:记者|通讯员)[\s:：]))"  # 社区记者 卞静 needs the space
_LEAD_ROLE = r"(?:文\s*/\s*图|图\s*/\s*文|文|图|摄影|摄)\s*[/:：]\s*"  # 文/图：番禺融媒记者 …
_CREDIT_END = r"(?:摄影报道|摄|报道|文/图|图/文|文/摄|文图)"
# A line that only names who wrote the article: 本报记者 周明, 看看新闻Knews记者 方某,
# 深圳特区报记者 何某 通讯员 邱某, 文/图 张三, □记者 王晓 通讯员 李静, 蒋某某文/摄,
# 文/本报记者 刘某 图/本报记者 张某.
BYLINE_LINE = LazyPattern(
    rf"^[□■●◆▲△◇\s]*(?:{_LEAD_ROLE})?(?:{_EMPLOYER})?\s*(?:{_ROLE})(?:{_NAMES})"
    rf"(?:\s*[、，,\s]\s*(?:{_LEAD_ROLE})?(?:{_EMPLOYER})?\s*(?:{_ROLE})(?:{_NAMES}))*\s*{_CREDIT_END}?$"
    rf"|^(?:{_NAMES})\s*(?:文/摄|文/图|文图)$"
)

# Reporters named inside a line that says other things too: a web copy's source or time line,
# a closing credits line (来源：台州日报 记者 葛某 通讯员 林某, 【…全媒体记者 董某 审核 王某】).
# An employer counts only glued to the role (…全媒体记者 董某); a name is never a word of the
# line's other labels (编辑, 审核, 摄影, 来源, 字体 …).
_LINE_ROLE = r"(?:(?:本报|本台|本网|本刊)?(?:首席|特约|见习|实习)?(?:记者|通讯员)|实习生)"
_LABEL_WORD = (
    r"(?:编辑|责编|责任|审核|审校|编审|终审|校对|摄影|摄像|来源|稿源|发布|时间|日期|字体|字号|作者|浏览|点击|阅读"
    r"|记者|通讯员|实习生|特约|见习|首席|本报|本网|我来|分享|打印|关闭)"
)
_LINE_NAME = rf"(?!{_LABEL_WORD})(?:{_NAME})(?![{HAN}])"
_LINE_NAMES = rf"{_LINE_NAME}(?:[、，,\s]+{_LINE_NAME})*"
REPORTERS_IN_LINE = LazyPattern(
    rf"(?:{_EMPLOYER})?{_LINE_ROLE}\s*[:：]?\s*{_LINE_NAMES}(?:\s+{_LINE_ROLE}\s*[:：]?\s*{_LINE_NAMES})*"
)
# 作者：王某, 作者： 记者 杨某: the author's name follows the label.
AUTHOR_IN_LINE = LazyPattern(rf"(?:作者|撰稿)(?:\s*[:：]\s*|\s+)((?:{_LINE_ROLE}\s*)?{_LINE_NAMES})")
# A name opening a web copy's time or source line: 宋 红 发布时间：2019-06-11 …
NAME_OPENING_META = LazyPattern(rf"^({_NAME})\s+(?:发布时间|发布日期|发表于|来源|时间|日期)")


def reporters_in(line: str) -> str:
    """The reporters a metadata or credits line names, as printed (a label's colon aside), or "".

    >>> reporters_in("来源： 台州日报 记者 葛某 通讯员 林某"), reporters_in("来源：北方网 作者：孙文静 摄影姜某 编辑：刘洋")
    ('记者 葛某 通讯员 林某', '孙文静')
    >>> reporters_in("【滨江日报社·滨江全媒体记者 董某 审核 吴倩】"), reporters_in("宋 红 发布时间：2019-06-11 08:04")
    ('滨江日报社·滨江全媒体记者 董某', '宋 红')
    >>> reporters_in("来源：新南社区 通讯员： 董某 编辑 周丽"), reporters_in("编辑：刘洋 2020-08-12 16:31")
    ('通讯员 董某', '')
    """
    text = line.strip()
    author = AUTHOR_IN_LINE.search(text)
    if author:
        return re.sub(r"\s*[:：]\s*", " ", author.group(1)).strip()
    found = REPORTERS_IN_LINE.search(text)
    if found:
        return re.sub(r"\s*[:：]\s*", " ", found.group()).strip()
    opening = NAME_OPENING_META.match(text)
    if opening and looks_like_name(opening.group(1)):
        return opening.group(1)
    return ""


# --- captions --------------------------------------------------------------------------

# A photo credit or caption on a line of its own: （和平区天兴里社区供图）, 【进学街道供图】,
# （记者 赵然 摄）, 图为志愿者为老人理发, 记者 王晓 摄. (▲ and △ also mark list items.)
_CREDIT = r"(?:供图|供稿图|摄|摄影|图片由[^）)】\]]{1,30}提供|图源[：:][^）)】\]]{1,30}|图片来源[：:][^）)】\]]{1,30})"
CAPTION = LazyPattern(
    rf"^[（(【\[〔][^（）()【】\[\]〔〕]{{0,60}}{_CREDIT}[^（）()【】\[\]〔〕]{{0,10}}[）)】\]〕]$"
    r"|^(?:图为|图：|图:|图片：|上图|下图|左图|右图|组图)[^\n]{0,160}$"
    rf"|^(?:图片来源|图源)[：:][^\n]{{1,40}}$"
    rf"|^(?:(?:本报|本台|本网)?(?:记者|通讯员|摄影记者|见习记者)\s*)?[{HAN}·]{{2,4}}(?:\s+[{HAN}·]{{2,4}})*\s*摄$"
    # a photo's description with its credit at the end: 居民在长廊里健身。长沙晚报记者 陈飞 摄,
    # 现场的糍粑很受欢迎 供图 良庆区委宣传部, 海秀街道邻里节现场。海秀街道供图
    rf"|^[^。！？\n]{{4,120}}[。！\s]\s*[{HAN}A-Za-z·]{{0,16}}?(?:记者|通讯员|摄影|实习生)?\s*[{HAN}·]{{2,4}}"
    # …热闹非凡。本报记者 吴某 通讯员 黄某 摄: more photographers, each with a role
    rf"(?:\s*(?:记者|通讯员|实习生|摄影)\s*[{HAN}·]{{2,4}})*\s*(?:摄|摄影|/摄)$"
    # a news agency's caption, the day it was taken at its end: …准备带回家（4月8日摄）。
    rf"|^[^\n]{{4,160}}[（(](?:{_D}{{4}}年)?{MONTH_DAY}摄[）)]。?$"
    rf"|^[^。！？\n]{{4,120}}[。！\s]\s*[{HAN}·]{{2,16}}供图$"
    rf"|^[^。！？\n]{{4,120}}\s+供图\s+[{HAN}·]{{2,16}}$"
    rf"|^(?:[{HAN}·]{{1,16}}供图\s*)+$"  # 区供图, printed twice
    rf"|^[^。！？\n]{{4,120}}[。！\s]\s*(?:图为|图片由|照片由)?[{HAN}]{{1,16}}(?:提供|供图)$"  # …食堂。 图为受访者提供
    # 歌曲《…》【进学街道供图】, 居民出主意、提建议。（记者 李欣 摄）
    rf"|^[^。！？\n]{{4,120}}[。！]?[（(【\[][^（）()【】\[\]]{{0,20}}(?:供图|摄|提供)[）)】\]]$"
)

# --- labels ------------------------------------------------------------------------------

# A column tag in brackets: 【城管进社区】, 〖社区动态〗, [民生直通车].
TAG_LINE = LazyPattern(r"^[【〖\[〔]([^【】〖〗\[\]〔〕]{1,14})[】〗\]〕]$")
# Section names that papers print over a group of articles.
SECTION_NAMES = frozenset(
    """
    社区动态 社区新闻 社区快讯 社区简讯 社区传真 社区风采 社区生活 社区之窗 街道动态 街道简讯 街镇动态
    基层动态 基层传真 便民服务 便民信息 民生 民生关注 民生速递 新闻速递 简讯 快讯 短讯 资讯 要闻
    本版导读 导读 一线传真 身边事 凡人善举 文明实践 志愿服务 党建引领 暖心服务
    """.split()
)


# A section that prints short items, one paragraph each, under its name: 社区简讯, 【街道快讯】.
_BRIEFS_NAMES = ("简讯", "快讯", "短讯", "速递", "速览", "集锦", "播报", "一句话新闻")


def is_briefs_label(line: str) -> bool:
    """Whether a label names a column of briefs (each item under it an article of its own).

    >>> is_briefs_label("社区简讯"), is_briefs_label("【街道快讯】"), is_briefs_label("社区动态")
    (True, True, False)
    """
    return line.strip().strip("【】〖〗[]〔〕").endswith(_BRIEFS_NAMES)


def is_label(line: str) -> bool:
    """Whether a line is a section name or a bracketed column tag, not a headline.

    >>> is_label("社区动态"), is_label("【城管进社区】"), is_label("【进学街道供图】")
    (True, True, False)
    """
    text = line.strip()
    if text in SECTION_NAMES:
        return True
    return bool(TAG_LINE.match(text)) and not CAPTION.match(text)


# --- names ---------------------------------------------------------------------------------

# The commonest Chinese surnames (together most of the population): a short line that starts
# with one and holds two or three characters may be a name (宋某某 under a headline).
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷"
    "晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)


def looks_like_name(text: str) -> bool:
    """Whether a short line is a person's name (宋瑞祥, 周 欢), not a short title (致读者).

    >>> looks_like_name("宋瑞祥"), looks_like_name("致读者"), looks_like_name("周 欢"), looks_like_name("柯静、胡杭军")
    (True, False, True, True)
    """
    names = [n for n in re.split(r"[、，,\s]+", text.strip()) if n]
    if len(names) > 1 and all(2 <= len(n) <= 3 for n in names):
        return all(looks_like_name(n) for n in names)  # 柯某、胡某某
    name = text.replace(" ", "").replace("\u3000", "")
    return 2 <= len(name) <= 3 and name[0] in SURNAMES and all("\u4e00" <= ch <= "\u9fff" for ch in name)

