"""Turn results into Rich tables, JSON or CSV text; nothing here prints."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from rich.markup import escape
from rich.table import Table
from rich.text import Text

from bulletin_cli.models import Article, Hit, IngestReport, Stats, Summary

FORMATS = ("table", "json", "csv")
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
    for key in ("sources", "articles", "added", "updated", "undated"):
        table.add_row(key, str(data[key]))
    table.add_row("failed", str(len(report.failed)))
    return table
