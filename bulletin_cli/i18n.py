"""English or Chinese for what bulletin prints for people: headers, count lines, messages.

The language is ``--lang``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``, first set
wins, as in POSIX: ``zh_CN.UTF-8`` and any other ``zh`` locale give Chinese), else English.
JSON and CSV keep English keys and values: programs read them. Texts are looked up by their
English wording, so the English stays readable where it is used:

>>> chosen = use("zh"); _("{n} of {total}", n=2, total=count(4, "article"))
'共 4 篇文章，显示 2 篇'
>>> chosen = use("en"); _("{n} of {total}", n=2, total=count(4, "article")), count(1, "article")
('2 of 4 articles', '1 article')
"""

from __future__ import annotations

import os
import re

LANGUAGES = ("en", "zh")
_current = "en"


def from_locale(environ=None) -> str:
    """The language the locale asks for: zh for a Chinese locale, else en.

    >>> from_locale({"LANG": "zh_CN.UTF-8"}), from_locale({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}), from_locale({})
    ('zh', 'en', 'en')
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def use(language: str | None = None) -> str:
    """Print in language from now on (None: the locale's); return the one chosen."""
    global _current
    _current = language if language in LANGUAGES else from_locale()
    return _current


def current() -> str:
    return _current


def _(text: str, **fields) -> str:
    """text in the current language, with fields filled in."""
    if _current == "zh":
        text = ZH.get(text, text)
    return text.format(**fields) if fields else text


def count(n: int, noun: str) -> str:
    """n and noun, plural in English where n is not 1; with its measure word in Chinese."""
    if _current == "zh":
        return f"{n} {ZH_NOUNS.get(noun, noun)}"
    return f"{n} {noun}" if n == 1 else f"{n} {PLURALS.get(noun, noun + 's')}"


PLURALS = {"entry": "entries", "month": "months"}
ZH_NOUNS = {
    "article": "篇文章", "source": "个来源", "place": "个地点", "line": "行", "keyword": "个关键词",
    "month": "个月", "word": "个词", "community": "个社区",
}

ZH = {
    # count lines and table titles
    "{n} of {total}": "共 {total}，显示 {n} 篇",
    "{place}: {total}": "{place}：{total}",
    "keywords of {total}": "{total}的关键词",
    "articles per community": "各社区文章数",
    "articles per month": "每月文章数",
    "{place} places": "{place}",
    "index": "索引",
    "ingest": "导入",
    "rising from {base} to {recent}": "上升：{recent} 对比 {base}",
    "falling from {base} to {recent}": "下降：{recent} 对比 {base}",
    "{recent}: {recent_n}; {base}: {base_n}": "{recent}：{recent_n}；{base}：{base_n}",
    "bold: {period}": "粗体：{period}",
    "each column is {n} months": "每列 {n} 个月",
    "share of articles per month, {first}..{last}": "每月文章占比，{first}..{last}",
    # column headers
    "#": "#",
    "date": "日期",
    "place": "地点",
    "community": "社区",
    "title": "标题",
    "snippet": "摘要",
    "title · snippet": "标题 · 摘要",
    "id": "编号",
    "first sentence": "首句",
    "keyword": "关键词",
    "weight": "权重",
    "articles": "文章数",
    "month": "月份",
    "share per month": "每月占比",
    "what": "项目",
    "value": "数值",
    "count": "数量",
    "province": "省",
    "city": "市",
    "district": "区县",
    "street": "街道",
    "change": "变化",
    "recent": "近期",
    "base": "基期",
    "undated": "无日期",
    "(no community)": "（无社区）",
    # stats and ingest rows
    "sources": "来源",
    "communities": "社区",
    "first date": "最早日期",
    "last date": "最晚日期",
    "added": "新增",
    "updated": "更新",
    "removed": "移除",
    "failed": "失败",
    # show and split
    "event date {date}": "事件日期 {date}",
    "byline: {byline}": "署名：{byline}",
    "article {n}": "第 {n} 篇",
    "line {n}": "第 {n} 行",
    "line ?": "行号不明",
    "dropped": "已去除",
    "page furniture": "版面元素",
    "section label": "栏目名",
    "ornament": "装饰符号",
    "{lines} dropped": "去除 {lines}",
    "kicker": "引题",
    "subtitle": "副题",
    "register": "行政区划",
    "dates": "日期",
    "published {date}": "出版 {date}",
    "event {date}": "事件 {date}",
    "dateline": "电头",
    "byline": "署名",
    "caption": "图片说明",
    "body": "正文",
    "codes": "代码",
    # messages on stderr
    "Error: {message}": "错误：{message}",
    "Warning: {message}": "警告：{message}",
    "No article matches {query}.": "没有文章包含 {query}。",
    "No article of {place} in that period.": "{place} 在这段时间没有文章。",
    "No article matches that selection.": "没有文章符合这些条件。",
    "No keyword stands out in {total}.": "{total}中没有突出的关键词。",
    "No word changed its share between {base} and {recent}.": "{base} 与 {recent} 之间没有占比明显变化的词。",
    "Interrupted; the index keeps its last complete commit.": "已中断；索引保留最后一次完整的提交。",
    "Waiting: another bulletin process is writing to {path}; this one waits up to {seconds} s for it to finish.":
        "等待：另一个 bulletin 进程正在写入 {path}；本进程最多等待 {seconds} 秒。",
    "{total} from {sources}: {added} added, {updated} updated, {same} already indexed{removed} ({path})":
        "{sources}共 {total}：新增 {added} 篇，更新 {updated} 篇，{same} 篇已在索引中{removed}（{path}）",
    ", {n} removed": "，移除 {n} 篇",
    "{n} have no publication date ({names}); pass --date YYYY-MM-DD or put the date in the file name":
        "{n}没有出版日期（{names}）；请用 --date YYYY-MM-DD 指定，或把日期写进文件名",
    "rebuilt {path} with {total}": "已重建 {path}，共 {total}",
    "removed {total} ({path})": "已移除 {total}（{path}）",
}

# The core's commonest errors (English, raised far from here), matched by their wording.
_ERRORS = [
    (re.compile(r"^No index at (?P<path>.+?) — run `bulletin ingest FILE` first(?P<rest>.*)$"),
     "{path} 还没有索引——请先运行 `bulletin ingest 文件`{rest}"),
    (re.compile(r"^no (?P<what>.+?) matches (?P<name>'.*'); `bulletin communities` lists the places$"),
     "没有与 {name} 相符的地点；`bulletin communities` 列出所有地点"),
    (re.compile(r"^(?P<name>'.*') matches several places: (?P<places>.+); give the full name, or put its city first"
                r" \(南京市鼓楼区\)$"),
     "{name} 与多个地点相符：{places}；请给出全称，或在前面加上所属城市（南京市鼓楼区）"),
    (re.compile(r"^(?P<name>'.*') matches several places: (?P<places>.+); give the full name$"),
     "{name} 与多个地点相符：{places}；请给出全称"),
    (re.compile(r"^query (?P<query>'.*') has no words to search for; give a word such as 电动自行车$"),
     "查询 {query} 没有可搜索的词；请给出一个词，例如 电动自行车"),
    (re.compile(r"^query (?P<query>'.*') has nothing to look for; name at least one word that must match$"),
     "查询 {query} 没有要找的内容；请至少给出一个必须出现的词"),
    (re.compile(r"^--since (?P<since>\S+) is after --until (?P<until>\S+); swap them$"),
     "--since {since} 晚于 --until {until}；请交换两者"),
    (re.compile(r"^no article with id (?P<id>'.*'); `bulletin search` shows article ids$"),
     "没有编号为 {id} 的文章；`bulletin search` 会显示文章编号"),
    (re.compile(r"^index (?P<path>.+?) has schema version (?P<found>\S+), this bulletin needs (?P<need>\d+); "
                r"run `bulletin rebuild` to convert it$"),
     "索引 {path} 的结构版本是 {found}，本程序需要 {need}；请运行 `bulletin rebuild` 转换"),
    (re.compile(r"^index (?P<path>.+?) is busy: another bulletin process is writing to it; try again when it finishes$"),
     "索引 {path} 正忙：另一个 bulletin 进程正在写入；请等它结束后再试"),
    (re.compile(r"^period (?P<text>'.*') is not a month .*$"),
     "时段 {text} 不是月份（2024-11）、日期（2024-11-05）或它们的范围（2024-09..2024-11）"),
]


def error(message: str) -> str:
    """An error message from the core, in Chinese where it is one of the common ones."""
    if _current == "zh":
        for pattern, template in _ERRORS:
            match = pattern.match(message)
            if match:
                return template.format(**match.groupdict())
    return message
