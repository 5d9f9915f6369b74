"""The write path: read -> repair -> split -> extract -> index."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from pathlib import Path

from bulletin_cli import extract, index, places, read, repair, split
from bulletin_cli.errors import InputError, NoArticlesError
from bulletin_cli.models import Article, IngestReport, Source

# Articles per commit: bounds memory on a large archive and what an interruption loses.
BATCH_ARTICLES = 40000


def articles_of(
    source: Source, date: dt.date | None = None, gazetteer: places.Gazetteer | None = None
) -> list[Article]:
    """Split one decoded file into Articles, dated by --date, each page's header or the name.

    A file may hold several pages, each under its own dated header line. Places are looked up
    in gazetteer (default: the register), with the page's header lines and file name as context.
    """
    if not source.text.strip():
        raise NoArticlesError(f"{source.name}: the file is empty; nothing to ingest")
    from_name = extract.name_date(source.name)
    gazetteer = gazetteer or places.register()
    articles: list[Article] = []
    for header_date, text in extract.dated_pages(source.text):
        headers = [source.name, *(line for line in text.split("\n") if line.strip() and repair.is_furniture(line))]
        page = places.page_context(headers, gazetteer)
        on_page: list[Article] = []
        for raw in split.split_articles(repair.repair_text(text)):
            if not _has_words(raw):
                continue  # punctuation or ornaments only
            # --date, else the web copy's own date line, else the page header, else the file name
            published = date or extract.parse_date(raw.meta_date) or header_date or from_name
            ordinal = len(articles) + len(on_page) + 1
            on_page.append(extract.extract_article(raw, source.name, ordinal, published, page))
        articles.extend(extract.settle_page(on_page, page))
    if not articles:
        raise NoArticlesError(f"{source.name}: no article found (no headline or body paragraphs)")
    return articles


def _has_words(raw) -> bool:
    return any(ch.isalnum() for part in (*raw.headline, *raw.paragraphs) for ch in part)


def ingest(
    paths: Iterable[str],
    index_path: Path,
    *,
    encoding: str | None = None,
    date: dt.date | None = None,
    gazetteer: places.Gazetteer | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_wait: Callable[[], None] | None = None,
    on_status: Callable[[str], None] | None = None,
) -> IngestReport:
    """Read pages and write their articles in batches, each batch one atomic commit.

    An interrupted run keeps the batches it committed; running it again skips what is
    already indexed. Unreadable files are reported in the result, not raised. Places are
    looked up in gazetteer (``user_places``), else in the register.
    """
    names = list(read.expand_paths(list(paths)))
    failed: list[tuple[str, str]] = []
    batch: list[Article] = []
    ids: set[str] = set()
    undated: dict[str, int] = {}
    added = updated = 0

    def flush() -> None:
        nonlocal added, updated
        if batch:
            new, changed, _ = index.write_articles(index_path, batch, on_wait, on_status)
            if on_status:
                on_status("")
            added, updated = added + new, updated + changed
            batch.clear()

    for done, name in enumerate(names, 1):
        try:
            articles = articles_of(read.read_source(name, encoding), date, gazetteer)
        except InputError as exc:
            failed.append((name, str(exc)))
            articles = []
        for article in articles:
            ids.add(article.id)
            if not article.date:
                undated[article.source] = undated.get(article.source, 0) + 1
        batch.extend(articles)
        if len(batch) >= BATCH_ARTICLES:
            flush()
        if on_progress:
            on_progress(done, len(names))
    flush()
    return IngestReport(
        sources=len(names) - len(failed),
        articles=len(ids),
        added=added,
        updated=updated,
        undated=sum(undated.values()),
        failed=tuple(failed),
        undated_sources=tuple(undated),
    )


def user_places(places_file: str | None) -> places.Gazetteer | None:
    """The register with the places of the user's CSV file added (None without a file).

    A bad file raises InputError naming the file and line, before anything is read or written.
    """
    return places.add_user_places(places.register(), places_file) if places_file else None


def articles_from_export(name: str) -> list[Article]:
    """Read articles back from `bulletin export` JSON Lines (or a JSON list).

    An export of an older bulletin (without city and province) has its places found again.
    """
    articles, old = _read_export(name)
    return relocate(articles) if old else articles


def _read_export(name: str) -> tuple[list[Article], bool]:
    source = read.read_source(name)
    text = source.text.strip()
    try:
        records = json.loads(text) if text.startswith("[") else [
            json.loads(line) for line in text.splitlines() if line.strip()
        ]
        articles = [
            Article(**{**r, "headline": tuple(r["headline"]), "captions": tuple(r["captions"])})
            for r in records
        ]
    except (ValueError, TypeError, KeyError) as exc:
        raise InputError(f"{source.name}: not a `bulletin export` file ({exc}); export with -f jsonl") from None
    return articles, any("city" not in r for r in records)


def relocate(articles: list[Article], gazetteer: places.Gazetteer | None = None) -> list[Article]:
    """Find every article's place again from its stored headline, dateline and body.

    Page headers are not stored: the city an article had counts as its page's header, and
    the articles of the same source as the page's other articles.
    """
    gazetteer = gazetteer or places.register()
    pages: dict[str, list[int]] = {}
    for i, article in enumerate(articles):
        pages.setdefault(article.source, []).append(i)
    found = list(articles)
    for indexes in pages.values():
        old = [articles[i] for i in indexes]
        contexts = [places.page_context([a.source, a.city], gazetteer) for a in old]
        located = [extract.locate(a, page) for a, page in zip(old, contexts)]
        for i, article in zip(indexes, extract.settle_page(located, contexts)):
            found[i] = article
    return found


def rebuild(index_path: Path, export_file: str | None = None, gazetteer: places.Gazetteer | None = None) -> int:
    """Re-create the index from its own stored articles, or from an export file.

    Places are found again when the index (or export) predates city and province, and with
    the user's places when a gazetteer (``user_places``) is given.
    """
    if export_file:
        articles, old = _read_export(export_file)
    else:
        articles = index.read_articles(index_path, check_version=False)
        old = (index.schema_version(index_path) or 0) < 4
    if old or gazetteer is not None:
        relocated = relocate(articles, gazetteer)
        if isinstance(articles, index.StoredArticles):  # keeps the commit it was read from
            relocated = index.StoredArticles(relocated, articles.path, articles.generation)
        articles = relocated
    return index.replace_index(index_path, articles)
