"""Turn results into Rich tables, JSON or CSV text; nothing here prints."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from rich.markup import escape
from rich.table import Table
from rich.text import Text

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
)

ARTICLE_COLUMNS = (
    "id", "source", "ordinal", "headline", "title", "subtitle", "district", "street",
    "community", "city", "province", "district_code", "street_code", "date", "event_date",
    "dateline", "byline", "body", "captions",
)
COMMUNITY_COLUMNS = ("province", "city", "district", "street", "community", "articles")


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_csv(columns: Iterable[str], rows: Iterable[dict]) -> str:
    buffer = io.StringIO()
    columns = list(columns)
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: " / ".join(row[k]) if isinstance(row[k], list) else row[k] for k in columns})
    return buffer.getvalue()


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


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


def hits(result_hits: tuple[Hit, ...], total: int, format_: str):
    if format_ == "json":
        return to_json([h.to_dict() for h in result_hits])
    if format_ == "csv":
        return to_csv((*ARTICLE_COLUMNS, "score", "snippet"), (h.to_dict() for h in result_hits))
    table = _table(f"{len(result_hits)} of {total} articles", "#", "date", "place", "title", "snippet", "id")
    for rank, hit in enumerate(result_hits, 1):
        a = hit.article
        table.add_row(
            str(rank), a.date or "undated", escape(_place(a)), Text(a.title, style="bold"),
            highlighted(hit.snippet, hit.highlights), a.id[:8],
        )
    return table


def articles(items: list[Article], format_: str, title: str = ""):
    """A timeline or export: rows of date, place, title, first sentence."""
    if format_ == "json":
        return to_json([a.to_dict() for a in items])
    if format_ == "csv":
        return to_csv(ARTICLE_COLUMNS, (a.to_dict() for a in items))
    if format_ == "jsonl":
        return "\n".join(json.dumps(a.to_dict(), ensure_ascii=False) for a in items)
    table = _table(title or f"{len(items)} articles", "date", "place", "title", "first sentence", "id")
    for a in items:
        table.add_row(
            a.date or "undated", escape(_place(a)), Text(a.title, style="bold"),
            Text(_shorten(a.first_sentence, 60)), a.id[:8],
        )
    return table


def article(item: Article, format_: str):
    if format_ == "json":
        return to_json(item.to_dict())
    if format_ == "csv":
        return to_csv(ARTICLE_COLUMNS, [item.to_dict()])
    out = Text()
    for line in item.headline or (item.title,):
        out.append(line + "\n", style="bold" if line == item.title else "")
    meta = " · ".join(x for x in (item.date or "undated", item.place, item.source, f"id {item.id}") if x)
    out.append(meta + "\n", style="dim")
    if item.event_date:
        out.append(f"event date {item.event_date}\n", style="dim")
    out.append("\n")
    if item.dateline:
        out.append(item.dateline, style="italic")
    out.append(item.body.replace("\n", "\n\n") + "\n")
    for caption in item.captions:
        out.append(caption + "\n", style="dim")
    if item.byline:
        out.append(f"byline: {item.byline}\n", style="dim")
    return out


def summary(result: Summary, format_: str, title: str = ""):
    if format_ == "json":
        return to_json(result.to_dict())
    if format_ == "csv":
        return to_csv(
            ("term", "weight", "articles"),
            ({"term": k.term, "weight": k.weight, "articles": k.articles} for k in result.keywords),
        )
    from rich.console import Group

    keywords = _table(f"{title}keywords of {result.articles} articles", "#", "keyword", "weight", "articles")
    for rank, k in enumerate(result.keywords, 1):
        keywords.add_row(str(rank), escape(k.term), f"{k.weight:.3f}", str(k.articles))
    places = _table("articles per community", "community", "articles")
    for name, n in result.communities[:15]:
        places.add_row(escape(name), str(n))
    months = _table("articles per month", "month", "articles")
    for month, n in result.months:
        months.add_row(month, str(n))
    return Group(keywords, places, months)


def stats(result: Stats, format_: str):
    data = result.to_dict()
    if format_ == "json":
        return to_json(data)
    if format_ == "csv":
        return to_csv(data.keys(), [data])
    table = _table("index", "what", "value")
    for key, value in data.items():
        table.add_row(key.replace("_", " "), escape(str(value)) or "—")
    return table


def communities(rows: list[tuple[str, str, str, str, str, int]], format_: str):
    dicts = [dict(zip(COMMUNITY_COLUMNS, row)) for row in rows]
    if format_ == "json":
        return to_json(dicts)
    if format_ == "csv":
        return to_csv(COMMUNITY_COLUMNS, dicts)
    table = _table(f"{len(rows)} places", *COMMUNITY_COLUMNS)
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
    table = _table("ingest", "what", "count")
    for key in ("sources", "articles", "added", "updated", "removed", "undated"):
        table.add_row(key, str(data[key]))
    table.add_row("failed", str(len(report.failed)))
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
    from rich.console import Group

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


def _reading_view(page: PageReading):
    from rich.console import Group
    from rich.padding import Padding
    from rich.rule import Rule

    parts = [
        Rule(Text(page.source, style="bold"), align="left"),
        Text(
            f"{page.encoding} · {_count(len(page.articles), 'article')} · "
            f"{_count(len(page.furniture), 'line')} dropped",
            style="dim",
        ),
    ]
    after_article = False
    for item, line in _in_page_order(page):
        if isinstance(item, Dropped):
            if after_article:
                parts.append(Text(""))
            after_article = False
            where = f"line {line}" if line else "line ?"
            text = Text.assemble(("dropped", "yellow"), (f" · {where} · {_dropped_name(item)} · ", "dim"), item.text)
            parts.append(Padding(text, (0, 0, 0, 2), expand=False))
        else:
            parts.append(_article_view(item, line))
            after_article = True
    return Group(*parts, Text(""))


def _article_view(item: Article, line: int):
    from rich.console import Group
    from rich.padding import Padding

    heading = Text.assemble((f"article {item.ordinal}", "bold"), (f" · line {line}" if line else "", "dim"))
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
    dates = f"published {item.date or 'undated'}" + (f" · event {item.event_date}" if item.event_date else "")
    rows += [
        ("dates", dates),
        ("dateline", item.dateline),
        ("byline", item.byline),
        *(("caption", caption) for caption in item.captions),
        ("body", _shorten(item.body.replace("\n", " "), BODY_OPENING)),
    ]
    for name, value in rows:
        grid.add_row(name, Text(value or "—", style="bold" if name == "title" else ""))
    return Group(Text(""), heading, Padding(grid, (0, 0, 0, 2), expand=False))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


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
