"""Turn results into Rich tables, JSON or CSV text; nothing here prints."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from bulletin_cli import charts, periods
from bulletin_cli.i18n import _, count
from bulletin_cli.models import (
    DROPPED_LABEL,
    DROPPED_ORNAMENT,
    Article,
    Dropped,
    Hit,
    IngestReport,
    PageReading,
    Stats,
    Summary,
    Trends,
)

ARTICLE_COLUMNS = (
    "id", "source", "ordinal", "headline", "title", "subtitle", "district", "street",
    "community", "city", "province", "district_code", "street_code", "date", "event_date",
    "dateline", "byline", "body", "captions",
)
COMMUNITY_COLUMNS = ("province", "city", "district", "street", "community", "articles")


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


# Columns never wrapped: a date or an id broken over two lines reads as two values.
NO_WRAP = {"#", "date", "id", "month", "articles", "weight", "change", "recent", "base", "keyword"}


def to_csv(columns: Iterable[str], rows: Iterable[dict]) -> str:
    buffer = io.StringIO()
    columns = list(columns)
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: " / ".join(row[k]) if isinstance(row[k], list) else row[k] for k in columns})
    return buffer.getvalue()


def _table(title: str, *columns: str, **options) -> Table:
    """A table with a title line; columns are named in English and headed in the language
    in use; dates, ids and numbers never wrap."""
    table = Table(title=title, title_justify="left", show_lines=False, expand=False, **options)
    for column in columns:
        if column == "keyword":  # a long term ends in … rather than take two lines
            table.add_column(_(column), no_wrap=True, overflow="ellipsis", min_width=4, max_width=20)
        elif column in NO_WRAP:
            table.add_column(_(column), no_wrap=True, justify="left" if column in ("date", "id") else "right")
        else:
            table.add_column(_(column), overflow="fold")
    return table


class Clamp:
    """Text wrapped to the width it gets, cut to at most lines lines with an ellipsis."""

    def __init__(self, text: Text, lines: int) -> None:
        self.text = text
        self.lines = lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        full = Measurement.get(console, options, self.text)
        return Measurement(min(full.maximum, 8), full.maximum)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width)
        lines = self.text.wrap(console, width, overflow="fold")
        if len(lines) > self.lines:
            lines = lines[: self.lines]
            last = lines[-1]
            last.rstrip()
            while last.cell_len > width - 1 and len(last):
                last.right_crop(1)
            last.append("…")
        yield Text("\n").join(lines)


def community_of(article: Article) -> str:
    """The article's place shortened to its community (else street, else district)."""
    return article.community or article.street or article.district or "—"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _place(article: Article) -> str:
    return article.place or "—"


def highlighted(text: str, spans) -> Text:
    """Snippet text with every whole match in bold reverse."""
    out = Text(text)
    for start, end in spans:
        out.stylize("bold reverse", start, end)
    return out


def hits(result_hits: tuple[Hit, ...], total: int, format_: str, wide: bool = False):
    """Search hits: one line of title and two of snippet a hit, place shortened to its
    community; wide gives every column in full (the whole place, the whole snippet)."""
    if format_ == "json":
        return to_json([h.to_dict() for h in result_hits])
    if format_ == "csv":
        return to_csv((*ARTICLE_COLUMNS, "score", "snippet"), (h.to_dict() for h in result_hits))
    title = _("{n} of {total}", n=len(result_hits), total=count(total, "article"))
    if wide:
        table = _table(title, "#", "date", "place", "title", "snippet", "id")
        for rank, hit in enumerate(result_hits, 1):
            a = hit.article
            table.add_row(
                str(rank), a.date or _("undated"), escape(_place(a)), Text(a.title, style="bold"),
                highlighted(hit.snippet, hit.highlights), a.id[:8],
            )
        return table
    table = _table(title, "#", "date", "community", "title · snippet", "id", box=box.SIMPLE_HEAD, show_edge=False)
    table.columns[2].no_wrap = True
    table.columns[2].overflow = "ellipsis"
    table.columns[2].max_width = 16
    table.columns[3].ratio = 1
    for rank, hit in enumerate(result_hits, 1):
        a = hit.article
        text = Group(Clamp(Text(a.title, style="bold"), 1), Clamp(highlighted(hit.snippet, hit.highlights), 2))
        table.add_row(str(rank), a.date or _("undated"), community_of(a), text, a.id[:8])
    return table


def month_counts(items: Iterable[Article]) -> tuple[list[str], list[int]]:
    """Every month from the first to the last dated article, with its articles."""
    months = [a.date[:7] for a in items if a.date]
    if not months:
        return [], []
    span = periods.months_between(min(months), max(months))
    slot = {m: i for i, m in enumerate(span)}
    counts = [0] * len(span)
    for month in months:
        counts[slot[month]] += 1
    return span, counts


def articles(items: list[Article], format_: str, title: str = "", chart: bool = False):
    """A timeline or export: rows of date, community, title, first sentence; with chart,
    the articles per month above them."""
    if format_ == "json":
        return to_json([a.to_dict() for a in items])
    if format_ == "csv":
        return to_csv(ARTICLE_COLUMNS, (a.to_dict() for a in items))
    if format_ == "jsonl":
        return "\n".join(json.dumps(a.to_dict(), ensure_ascii=False) for a in items)
    table = _table(title or count(len(items), "article"), "date", "community", "title", "first sentence", "id")
    for a in items:
        table.add_row(
            a.date or _("undated"), escape(community_of(a)), Clamp(Text(a.title, style="bold"), 2),
            Clamp(Text(a.first_sentence), 2), a.id[:8],
        )
    span, counts = month_counts(items)
    if not chart or len(span) < 2:
        return table
    return Group(charts.MonthChart(span, counts, _("articles per month"), binned_caption=_("each column is {n} months")),
                 Text(""), table)


def article(item: Article, format_: str):
    if format_ == "json":
        return to_json(item.to_dict())
    if format_ == "csv":
        return to_csv(ARTICLE_COLUMNS, [item.to_dict()])
    out = Text()
    for line in item.headline or (item.title,):
        out.append(line + "\n", style="bold" if line == item.title else "")
    meta = " · ".join(x for x in (item.date or _("undated"), item.place, item.source, f"{_('id')} {item.id}") if x)
    out.append(meta + "\n", style="dim")
    if item.event_date:
        out.append(_("event date {date}", date=item.event_date) + "\n", style="dim")
    out.append("\n")
    if item.dateline:
        out.append(item.dateline, style="italic")
    out.append(item.body.replace("\n", "\n\n") + "\n")
    for caption in item.captions:
        out.append(caption + "\n", style="dim")
    if item.byline:
        out.append(_("byline: {byline}", byline=item.byline) + "\n", style="dim")
    return out


def summary(result: Summary, format_: str, title: str = ""):
    if format_ == "json":
        return to_json(result.to_dict())
    if format_ == "csv":
        return to_csv(
            ("term", "weight", "articles"),
            ({"term": k.term, "weight": k.weight, "articles": k.articles} for k in result.keywords),
        )
    parts = []
    if result.span and (len(result.span) > 1 or len(result.months) > 1):
        selected = {m for m, _n in result.months}
        partial = any(n != dict(result.months).get(m, 0) for m, n in zip(result.span, result.span_articles))
        caption = _("bold: {period}", period=_period_label(sorted(selected - {"undated"}))) if partial else ""
        parts += [charts.MonthChart(result.span, result.span_articles, _("articles per month"),
                                    highlight=selected if partial else (), caption=caption,
                                    binned_caption=_("each column is {n} months")), Text("")]
    keywords = _table(f"{title}{_('keywords of {total}', total=count(result.articles, 'article'))}",
                      "#", "keyword", "articles", "weight")
    spark = len(result.span) > 1
    if spark:
        keywords.add_column(_spark_header(result.span), no_wrap=True)
    for rank, k in enumerate(result.keywords, 1):
        row = [str(rank), escape(k.term), str(k.articles), f"{k.weight:.3f}"]
        if spark:
            row.append(charts.sparkline(k.monthly, result.span_articles))
        keywords.add_row(*row)
    parts.append(keywords)
    places = _table(_("articles per community"), "community", "articles")
    for name, n in result.communities[:15]:
        places.add_row(escape(_(name) if name == "(no community)" else name), str(n))
    parts.append(places)
    return Group(*parts)


def _spark_header(span) -> str:
    return _("share per month") + f"\n{span[0]}..{span[-1]}"


def _period_label(months: list[str]) -> str:
    if not months:
        return ""
    return months[0] if len(months) == 1 else f"{months[0]}..{months[-1]}"


def trends(result: Trends, format_: str):
    """What rose and what fell: each word's articles in both periods and its change of share."""
    if format_ == "json":
        return to_json(result.to_dict())
    rows = [
        {"direction": direction, "term": t.term, "recent": t.recent, "base": t.base, "change": t.change}
        for direction, items in (("rising", result.rising), ("falling", result.falling))
        for t in items
    ]
    if format_ == "csv":
        return to_csv(("direction", "term", "recent", "base", "change"), rows)
    parts = []
    if len(result.span) > 1:
        parts += [charts.MonthChart(result.span, result.span_articles, _("articles per month"),
                                    highlight=result.recent_months,
                                    caption=_("bold: {period}", period=result.recent),
                                    binned_caption=_("each column is {n} months")), Text("")]
    parts.append(Text(_("{recent}: {recent_n}; {base}: {base_n}", recent=result.recent,
                        recent_n=count(result.recent_articles, "article"), base=result.base,
                        base_n=count(result.base_articles, "article"))))
    for heading, items in (("rising from {base} to {recent}", result.rising),
                           ("falling from {base} to {recent}", result.falling)):
        if not items:
            continue
        table = _table(_(heading, base=result.base, recent=result.recent), "#", "keyword", "recent", "base", "change")
        spark = len(result.span) > 1
        if spark:
            table.add_column(_spark_header(result.span), no_wrap=True)
        for rank, t in enumerate(items, 1):
            row = [str(rank), escape(t.term), _share(t.recent, result.recent_articles),
                   _share(t.base, result.base_articles), f"{t.change:+.1f} pp"]
            if spark:
                row.append(charts.sparkline(t.monthly, result.span_articles))
            table.add_row(*row)
        parts += [Text(""), table]
    return Group(*parts)


def _share(n: int, total: int) -> str:
    return f"{n} ({100 * n / total:.1f}%)" if total else str(n)


def stats(result: Stats, format_: str):
    data = result.to_dict()
    if format_ == "json":
        return to_json(data)
    if format_ == "csv":
        return to_csv(data.keys(), [data])
    table = _table(_("index"), "what", "value")
    for key, value in data.items():
        table.add_row(_(key.replace("_", " ")), escape(str(value)) or "—")
    return table


def communities(rows: list[tuple[str, str, str, str, str, int]], format_: str):
    dicts = [dict(zip(COMMUNITY_COLUMNS, row)) for row in rows]
    if format_ == "json":
        return to_json(dicts)
    if format_ == "csv":
        return to_csv(COMMUNITY_COLUMNS, dicts)
    table = _table(count(len(rows), "place"), *COMMUNITY_COLUMNS)
    for *names, n in rows:
        table.add_row(*(escape(name or "—") for name in names), str(n))
    return table


def ingest_report(report: IngestReport, format_: str):
    data = report.to_dict()
    if format_ == "json":
        return to_json(data)
    if format_ == "csv":
        flat = {k: v for k, v in data.items() if not isinstance(v, list)}
        flat["failed"] = len(report.failed)
        return to_csv(flat.keys(), [flat])
    table = _table(_("ingest"), "what", "count")
    for key in ("sources", "articles", "added", "updated", "removed", "undated"):
        table.add_row(_(key), str(data[key]))
    table.add_row(_("failed"), str(len(report.failed)))
    return table


# What `split` calls the lines it shows as dropped.
DROPPED_NAMES = {DROPPED_LABEL: "section label", DROPPED_ORNAMENT: "ornament"}  # else page furniture
# The register's reading of a place, where the Article carries it (from the places work on).
REGISTER_FIELDS = ("province", "city", "district_code", "street_code")
BODY_OPENING = 40  # characters of the body `split` shows


def readings(pages: list[PageReading], format_: str):
    """What `split` prints: each file's articles and dropped lines, in page order."""
    if format_ == "json":
        return to_json([page.to_dict() for page in pages])
    if format_ == "csv":
        return _readings_csv(pages)
    return Group(*(_reading_view(page) for page in pages))


def _in_page_order(page: PageReading) -> list[tuple[Article | Dropped, int]]:
    """Articles and dropped lines, each with the line it starts on, interleaved in page order.

    One that was not found in the file (line 0) stays after the one before it.
    """
    entries = []
    for order, items in ((1, zip(page.articles, page.starts or [0] * len(page.articles))),
                         (0, ((d, d.line) for d in page.furniture))):
        last = 0
        for seq, (item, line) in enumerate(items):
            last = line or last
            entries.append(((last, order, seq), item, line))
    return [(item, line) for _, item, line in sorted(entries, key=lambda e: e[0])]


def _readings_csv(pages: list[PageReading]) -> str:
    """One row per article or dropped line, in page order; `kind` says which."""
    columns = ["kind", "line", *ARTICLE_COLUMNS, "dropped"]
    if "kicker" not in columns:
        columns.insert(columns.index("title"), "kicker")
    rows = []
    for page in pages:
        for item, line in _in_page_order(page):
            row = dict.fromkeys(columns, "")
            if isinstance(item, Dropped):
                row.update(kind=_dropped_name(item), source=page.source, dropped=item.text)
            else:
                row.update({k: v for k, v in item.to_dict().items() if k in row}, kind="article")
            row["line"] = line or ""
            rows.append(row)
    return to_csv(columns, rows)


def _dropped_name(item: Dropped) -> str:
    return DROPPED_NAMES.get(item.kind, "page furniture")


def _line(line: int) -> str:
    return _("line {n}", n=line) if line else _("line ?")


def _reading_view(page: PageReading):
    from rich.padding import Padding
    from rich.rule import Rule

    parts = [
        Rule(Text(page.source, style="bold"), align="left"),
        Text(
            f"{page.encoding} · {count(len(page.articles), 'article')} · "
            + _("{lines} dropped", lines=count(len(page.furniture), "line")),
            style="dim",
        ),
    ]
    after_article = False
    for item, line in _in_page_order(page):
        if isinstance(item, Dropped):
            if after_article:
                parts.append(Text(""))
            after_article = False
            text = Text.assemble((_("dropped"), "yellow"), (f" · {_line(line)} · {_(_dropped_name(item))} · ", "dim"), item.text)
            parts.append(Padding(text, (0, 0, 0, 2), expand=False))
        else:
            parts.append(_article_view(item, line))
            after_article = True
    return Group(*parts, Text(""))


def _article_view(item: Article, line: int):
    from rich.padding import Padding

    heading = Text.assemble((_("article {n}", n=item.ordinal), "bold"), (f" · {_line(line)}" if line else "", "dim"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    rows = [
        ("kicker", item.kicker),
        ("title", item.title),
        ("subtitle", item.subtitle),
        ("place", " / ".join(p or "—" for p in (item.district, item.street, item.community))
            if item.place else ""),
    ]
    register = _register(item)
    if register is not None:
        rows.append(("register", register))
    dates = _("published {date}", date=item.date or _("undated")) + (
        f" · {_('event {date}', date=item.event_date)}" if item.event_date else ""
    )
    rows += [
        ("dates", dates),
        ("dateline", item.dateline),
        ("byline", item.byline),
        *(("caption", caption) for caption in item.captions),
        ("body", _shorten(item.body.replace("\n", " "), BODY_OPENING)),
    ]
    for name, value in rows:
        grid.add_row(_(name), Text(value or "—", style="bold" if name == "title" else ""))
    return Group(Text(""), heading, Padding(grid, (0, 0, 0, 2), expand=False))


def _register(item: Article) -> str | None:
    """The register's names and codes of the article's place; None where the Article has none."""
    values = {name: getattr(item, name, None) for name in REGISTER_FIELDS}
    if all(v is None for v in values.values()):
        return None
    from bulletin_cli import places  # split only: the write path has read the register already

    parts = [values["province"], values["city"] if values["city"] != values["province"] else ""]
    for code in (values["district_code"], values["street_code"]):
        if code:
            parts.append(f"{places.register_name(code)} ({code})")
    return " · ".join(p for p in parts if p)
