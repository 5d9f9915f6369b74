"""Plain data passed between the stages.

Domain glossary (how bulletin pages name things):

- 区 district, 街/街道/镇/乡 street (sub-district), 社区/村 community: places nest in that
  order, e.g. 河东区 / 大直沽街 / 荣兴温泉公寓社区. Above them 市 city and 省 province; the
  register of divisions (places.py) gives districts and streets a code (红桥区 120106,
  西沽街道 120106005), and a paper may write a street short (西沽街 for 西沽街道).
- 引题 kicker, 主题 title, 副题 subtitle: the one to three lines of a headline block.
- 本报讯 / 电头 dateline: the opening of a report (本报讯, 本报北京1月4日电, 新华社…电).
- 署名 byline: reporters named after the dateline or at the end, e.g. （刘玉红 肖荻）.
- 供图 / 摄 photo credit: a caption line such as （和平区天兴里社区供图） that closes an article.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Source:
    """One decoded input: a file or standard input."""

    name: str
    text: str
    encoding: str


@dataclass(frozen=True)
class RawArticle:
    """An article as cut from a page, before anything is interpreted."""

    headline: tuple[str, ...]
    paragraphs: tuple[str, ...]
    captions: tuple[str, ...] = ()
    bylines: tuple[str, ...] = ()  # lines that only name the reporters (本报记者 周明)
    meta_date: str = ""  # YYYY-MM-DD from a web copy's source line (发布时间：2024-06-05)
    meta_byline: str = ""  # the reporters a web copy's source or credits line names (来源：… 记者 葛某)


@dataclass(frozen=True)
class Place:
    """An article's place: names as the text writes them, and what the register makes of them.

    city and province are register names, the codes register codes ("" where unknown).
    """

    district: str = ""
    street: str = ""
    community: str = ""
    city: str = ""
    province: str = ""
    district_code: str = ""
    street_code: str = ""


@dataclass(frozen=True)
class Article:
    id: str
    source: str
    ordinal: int
    headline: tuple[str, ...]
    title: str
    subtitle: str
    district: str
    street: str
    community: str
    date: str
    event_date: str
    dateline: str
    byline: str
    body: str
    captions: tuple[str, ...] = ()
    kicker: str = ""  # the 引题 line(s) above the title, joined by " / "
    # Register names and codes of the article's place ("" where the register cannot fix it).
    city: str = ""
    province: str = ""
    district_code: str = ""
    street_code: str = ""

    @property
    def place(self) -> str:
        return "".join((self.district, self.street, self.community))

    @property
    def first_sentence(self) -> str:
        text = self.body.split("\n", 1)[0]
        for i, ch in enumerate(text):
            if ch in "。！？!?":
                return text[: i + 1]
        return text

    def to_dict(self) -> dict:
        data = asdict(self)
        data["headline"] = list(self.headline)
        data["captions"] = list(self.captions)
        return data


# What a dropped line was: page furniture that repair takes out (headers, footers, page
# numbers, web page metadata), a section label that split takes out, or an item of
# punctuation and ornaments only.
DROPPED_PAGE, DROPPED_LABEL, DROPPED_ORNAMENT = "page", "label", "ornament"


@dataclass(frozen=True)
class Dropped:
    """A line of a page that is in no article."""

    line: int  # 1-based line number in the file, 0 where it cannot be found
    text: str
    kind: str  # DROPPED_PAGE, DROPPED_LABEL or DROPPED_ORNAMENT


@dataclass(frozen=True)
class PageReading:
    """How one file is read: its articles and the lines dropped as furniture, in page order."""

    source: str
    encoding: str
    articles: tuple[Article, ...]
    furniture: tuple[Dropped, ...] = ()
    starts: tuple[int, ...] = ()  # the line each article starts on (1-based, 0 where not found)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "encoding": self.encoding,
            "articles": [a.to_dict() for a in self.articles],
            "furniture": [d.text for d in self.furniture],
        }


@dataclass(frozen=True)
class Hit:
    article: Article
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict:
        data = self.article.to_dict()
        data["score"] = round(self.score, 4)
        data["snippet"] = self.snippet
        data["highlights"] = [list(span) for span in self.highlights]
        return data


@dataclass(frozen=True)
class Keyword:
    term: str
    weight: float
    articles: int
    monthly: tuple[int, ...] = ()  # articles containing it in each month of the summary's span


@dataclass(frozen=True)
class Summary:
    articles: int
    keywords: tuple[Keyword, ...]
    communities: tuple[tuple[str, int], ...]
    months: tuple[tuple[str, int], ...]
    # The months the charts show (the selection's, at least the last 12) and the articles of
    # each that the query and place filters select, whatever the dates asked for.
    span: tuple[str, ...] = ()
    span_articles: tuple[int, ...] = ()

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "keywords": [asdict(k) for k in self.keywords],
            "communities": [{"community": c, "articles": n} for c, n in self.communities],
            "months": [{"month": m, "articles": n} for m, n in self.months],
            "span": [{"month": m, "articles": n} for m, n in zip(self.span, self.span_articles)],
        }


@dataclass(frozen=True)
class Trend:
    """A word's articles in the recent and the base period, and its change of share."""

    term: str
    recent: int
    base: int
    change: float  # percentage points of the period's articles
    monthly: tuple[int, ...] = ()  # articles containing it in each month of the span


@dataclass(frozen=True)
class Trends:
    recent: str  # the period's label: 2024-11, 2023-11..2024-10, 2024-11-01..2024-11-15
    base: str
    recent_articles: int
    base_articles: int
    rising: tuple[Trend, ...]
    falling: tuple[Trend, ...]
    span: tuple[str, ...] = ()  # every month of both periods, in order
    span_articles: tuple[int, ...] = ()
    recent_months: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "recent": {"period": self.recent, "articles": self.recent_articles},
            "base": {"period": self.base, "articles": self.base_articles},
            "rising": [asdict(t) for t in self.rising],
            "falling": [asdict(t) for t in self.falling],
            "span": [{"month": m, "articles": n} for m, n in zip(self.span, self.span_articles)],
        }


@dataclass(frozen=True)
class Stats:
    articles: int
    sources: int
    communities: int
    first_date: str
    last_date: str
    undated: int
    index: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class IngestReport:
    """What one ingest run did."""

    sources: int
    articles: int
    added: int
    updated: int
    removed: int  # articles the pages read no longer hold (edited, or split another way)
    undated: int
    failed: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    undated_sources: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        data = asdict(self)
        data["failed"] = [{"source": s, "error": e} for s, e in self.failed]
        return data
