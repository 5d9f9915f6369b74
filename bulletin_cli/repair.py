"""Pure text fixes before splitting: page furniture out, broken paragraphs rejoined."""

from __future__ import annotations

import re

_DATE = r"[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日"
_FURNITURE = re.compile(
    "|".join(
        (
            r"^第\s*[0-9０-９一二三四五六七八九十]+\s*版",  # 第7版 ...
            rf"^.{{0,30}}{_DATE}.{{0,12}}(?:星期|周)[一二三四五六日天].{{0,30}}$",  # header with weekday
            rf"^.{{0,30}}{_DATE}.{{0,30}}第\s*[0-9０-９一二三四五六七八九十]+\s*版.{{0,20}}$",
            rf"^\s*{_DATE}\s*(?:星期[一二三四五六日天])?\s*$",  # a date alone
            r"^[（(]?(?:责任编辑|美术编辑|本版编辑|版面编辑|校对|组版|图片编辑|视频编辑|文字编辑|编辑)\s*[:：]",
            r"^[-—–－\s]*[0-9０-９]{1,3}[-—–－\s]*$",  # a page number
            r"^[（(](?:下转|上接|转第|接第|转\s*[0-9０-９])[^）)]{0,20}[）)]$",
            r"^\[[^\]]{0,20}\]\([^)\s]+\)$",  # a markdown link alone: [查看原文](https://…)
            # The source of a whole bulletin of briefs, on a line of its own.
            r"^[\u4e00-\u9fff]{2,10}消息\s*(?:[（(][^（）()]{1,12}[）)])?\s*[:：]$",
        )
    )
)
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

DATELINE = re.compile(
    r"^(?:本报讯|本刊讯|本网讯|讯\s|"
    r"本报[\u4e00-\u9fff0-9０-９]{0,12}?[电讯]|"
    r"据?(?:新华社|中新社|央视网|人民网)[\u4e00-\u9fff0-9０-９]{0,12}?电|"
    r"[\u4e00-\u9fff]{2,10}消息\s*[（(][^（）()]{1,12}[）)]\s*[:：]|"
    r"据[^，。,]{1,20}?(?:报道|消息)[，,：:])"
)
CAPTION = re.compile(
    r"^[（(][^（）()]{0,60}(?:供图|摄|摄影)[^（）()]{0,10}[）)]$|^(?:图为|图：|上图|下图)[^\n]{0,120}$"
)


def is_furniture(line: str) -> bool:
    """Whether a line is page furniture: header, footer, page number, continuation mark.

    >>> is_furniture("社区新闻  2024年6月5日 星期三  第7版")
    True
    >>> is_furniture("和平区天兴里社区开展广场舞主题活动")
    False
    """
    return bool(_FURNITURE.search(line.strip()))


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
    )


def repair_text(text: str) -> str:
    """Drop page furniture and rejoin paragraphs broken by page and column breaks.

    Blank lines are kept as the page has them, except inside a rejoined paragraph.

    >>> repair_text("社区坚持走访慰问到位、矛盾调解到位、生活服\\n\\n务到位、和睦促进到位,助推社区治理。")
    '社区坚持走访慰问到位、矛盾调解到位、生活服务到位、和睦促进到位,助推社区治理。'
    >>> repair_text("综合安全整治 宣传送到身边\\n\\n本报讯 为预防火灾,社区开展行动。")
    '综合安全整治 宣传送到身边\\n\\n本报讯 为预防火灾,社区开展行动。'
    """
    lines = [_EMPHASIS.sub(r"\2", _CONTINUATION.sub("", line)).rstrip() for line in text.split("\n")]
    lines = [line for line in lines if not (line.strip() and is_furniture(line))]
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
    return "\n".join(out).strip("\n")


def _unwrap(lines: list[str]) -> list[str]:
    """Join the hard-wrapped lines of indented paragraphs back to their first line.

    Done before page breaks are rejoined, so that repairing twice changes nothing more.
    """
    out: list[str] = []
    for line in lines:
        if out and line.strip() and out[-1].strip() and not _INDENT.match(line) and _INDENT.match(out[-1]):
            out[-1] += line.strip()
        else:
            out.append(line)
    return out


def _indented_layout(lines: list[str]) -> bool:
    """Paragraphs start indented and continue on unindented lines (hard-wrapped text)."""
    text_lines = [line for line in lines if line.strip()]
    indented = sum(1 for line in text_lines if _INDENT.match(line))
    return indented >= 3 and indented >= len(text_lines) * 0.15 and indented < len(text_lines)
