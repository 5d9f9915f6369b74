"""The write path: read -> repair -> split -> extract -> index."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from bulletin_cli import extract, index, places, read, repair, split, workers
from bulletin_cli.errors import InputError, NoArticlesError
from bulletin_cli.models import (
    DROPPED_LABEL,
    DROPPED_ORNAMENT,
    DROPPED_PAGE,
    Article,
    Dropped,
    IngestReport,
    PageReading,
    RawArticle,
    Source,
)

# Articles per commit: bounds memory on a large archive and what an interruption loses.
BATCH_ARTICLES = 40000


def articles_of(
    source: Source, date: dt.date | None = None, gazetteer: places.Gazetteer | None = None
) -> list[Article]:
    """Split one decoded file into Articles, dated by --date, each page's header or the name.

    A file may hold several pages, each under its own dated header line. Places are looked up
    in gazetteer (default: the register), with the page's header lines and file name as context.
    """
    return list(read_page(source, date, gazetteer).articles)


def read_page(
    source: Source, date: dt.date | None = None, gazetteer: places.Gazetteer | None = None
) -> PageReading:
    """Read one decoded file into its articles and the lines dropped as furniture.

    This is the whole write path short of the index: ``articles_of`` is its articles. Places
    are looked up in gazetteer (default: the register).

    >>> reading = read_page(Source("p.txt", "社区动态\\n书屋上新\\n本报讯 书屋新添图书三百册。", "utf-8"))
    >>> [(a.title, a.body) for a in reading.articles], [(d.line, d.text, d.kind) for d in reading.furniture]
    ([('书屋上新', '书屋新添图书三百册。')], [(1, '社区动态', 'label')])
    """
    if not source.text.strip():
        raise NoArticlesError(f"{source.name}: the file is empty; nothing to ingest")
    from_name = extract.name_date(source.name)
    gazetteer = gazetteer or places.register()
    articles: list[Article] = []
    starts: list[int] = []
    dropped: list[Dropped] = []
    offset = line = 0  # where the current page starts in the file: character, line
    for header_date, text in extract.dated_pages(source.text):
        start = source.text.find(text, offset)
        line += source.text.count("\n", offset, start)
        offset = start
        lines = _PageLines(text, line + 1)
        repaired, furniture = repair.repair_page(text)
        raws, labels = split.split_page(repaired)
        contexts = place_contexts(text, source.name, raws, gazetteer)
        kept: list[places.PageContext] = []
        on_page = [Dropped(lines.find(x), x, DROPPED_PAGE) for x in furniture]
        # from the page's end: a headline a web article repeats on its later pages is a label
        # there, while its first print is the article's
        on_page += [Dropped(lines.find(x, last=True), x, DROPPED_LABEL) for x in labels]
        page_articles: list[Article] = []
        for raw, context in zip(raws, contexts):
            if not _has_words(raw):  # punctuation or ornaments only
                parts = (*raw.headline, *raw.paragraphs, *raw.captions, *raw.bylines)
                on_page += [Dropped(lines.find(x), x, DROPPED_ORNAMENT) for x in parts]
                continue
            # --date, else the web copy's own date line, else the page header, else the file name
            published = date or extract.parse_date(raw.meta_date) or header_date or from_name
            ordinal = len(articles) + len(page_articles) + 1
            page_articles.append(extract.extract_article(raw, source.name, ordinal, published, context))
            kept.append(context)
            starts.append(lines.start_of(raw))
        articles.extend(extract.settle_page(page_articles, kept))
        dropped += sorted(on_page, key=lambda d: d.line or len(source.text))  # not found: the page's end
    if not articles:
        raise NoArticlesError(f"{source.name}: no article found (no headline or body paragraphs)")
    return PageReading(source.name, source.encoding, tuple(articles), tuple(dropped), tuple(starts))


def place_contexts(
    text: str, name: str, raws: Sequence[RawArticle], gazetteer: places.Gazetteer | None = None
) -> list[places.PageContext]:
    """What one page says about where each of its articles is (``places.PageContext``).

    Every article gets the file name and the furniture lines above the page's first article
    (its header: ``天津日报 2024年6月5日 …``); each also gets the furniture lines printed with
    it, from its first line to the next article's (a web copy's ``来源：廊坊日报`` line, a
    site's ``主办单位：…`` footer). A page of web copies from several outlets names several
    cities, none of them another copy's. Where no article's first line is found, every
    furniture line of the page is its header.
    """
    gazetteer = gazetteer or places.register()
    lines = text.split("\n")
    furniture = [(i, x) for i, x in enumerate(lines) if x.strip() and repair.is_furniture(x)]
    finder = _PageLines(text, 1)
    starts = [finder.start_of(raw) - 1 if furniture else -1 for raw in raws]  # -1: not found
    found = sorted({s for s in starts if s >= 0})
    top = found[0] if found else len(lines)
    page = places.page_context([name, *(x for i, x in furniture if i < top)], gazetteer)
    contexts = []
    for start in starts:
        if start < 0:
            contexts.append(page)
            continue
        end = next((s for s in found if s > start), len(lines))
        own = [x for i, x in furniture if start <= i < end]
        contexts.append(page.with_own(own) if own else page)
    return contexts


def read_pages(
    paths: Iterable[str],
    *,
    encoding: str | None = None,
    date: dt.date | None = None,
    gazetteer: places.Gazetteer | None = None,
) -> tuple[list[PageReading], list[tuple[str, str]]]:
    """Read pages as ingest does, writing nothing: the readings, and (file, message) for each failure.

    Paths follow ingest's rules, but one that does not exist is a failure like an unreadable
    file rather than the end of the run: nothing is half-written here.
    """
    readings: list[PageReading] = []
    failed: list[tuple[str, str]] = []
    for path in paths:
        try:
            names = list(read.expand_paths([path]))
        except InputError as exc:
            failed.append((path, str(exc)))
            continue
        for name in names:
            try:
                readings.append(read_page(read.read_source(name, encoding), date, gazetteer))
            except InputError as exc:
                failed.append((name, str(exc)))
    return readings, failed


def _bare(text: str) -> str:
    """A line as it reads in an article: without spaces, a markdown heading's # or emphasis,
    or a web table's cell edge after it (十里堡社区端午节活动 |)."""
    text = "".join(text.split()).lstrip("#").rstrip("|｜")
    return text.replace("**", "").replace("__", "") if "*" in text or "_" in text else text


class _PageLines:
    """A page's lines, to tell which line of the file a dropped line or an article came from."""

    def __init__(self, text: str, first: int) -> None:
        self.bare = [_bare(x) for x in text.split("\n")]
        self.first = first  # the file's line number of the page's first line
        self.taken: set[int] = set()
        self.next = 0  # articles come in page order: where the next one may start

    def find(self, text: str, last: bool = False) -> int:
        """The first (or last) line not yet taken that reads as text (a line dropped whole),
        else the first that ends with it (a date printed after a headline), or 0."""
        target = _bare(text)
        order = range(len(self.bare) - 1, -1, -1) if last else range(len(self.bare))
        for i in order:
            line = self.bare[i]
            if line == target and i not in self.taken:
                self.taken.add(i)
                return self.first + i
        for i, line in enumerate(self.bare):
            if target and line.endswith(target):
                return self.first + i
        return 0

    def start_of(self, raw: RawArticle) -> int:
        """The line an article starts on: its first headline line or the start of its text, or 0."""
        target = _bare((*raw.headline, *raw.paragraphs, "")[0])
        for i in range(self.next, len(self.bare)):
            line = self.bare[i]
            # a paragraph may have been rejoined from several lines: its first line opens it;
            # a headline may have had its date taken off the end of its line
            if line and i not in self.taken and (
                line == target or (len(line) >= 4 and target.startswith(line)) or (len(target) >= 8 and line.startswith(target))
            ):
                self.next = i + 1
                return self.first + i
        return 0


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
    # The sources still to be read, named as read_source names them: a text one of them holds
    # may move to it from a page read earlier (``index.write_articles``).
    unread = Counter(os.path.normpath(name) for name in names)
    failed: list[tuple[str, str]] = []
    batch: list[Article] = []
    ids: set[str] = set()
    undated: dict[str, int] = {}
    added = updated = removed = 0

    def flush() -> None:
        nonlocal added, updated, removed
        if batch:
            written = index.write_articles(index_path, batch, on_wait, on_status, later=unread)
            if on_status:
                on_status("")
            added, updated, removed = added + written.added, updated + written.updated, removed + written.removed
            batch.clear()

    count = workers.worker_count()
    # Pages are read (split, extracted) in worker processes when there are enough of them;
    # standard input can only be read here.
    parallel = count >= 1 and len(names) >= workers.READ_PARALLEL_MIN and "-" not in names
    done = 0
    while done < len(names):
        if parallel:
            # The reading processes end before each batch is written: not held during the write.
            reading = workers.read_many(
                _read_chunk, names[done:], count, _start_reading, (encoding, date, gazetteer),
                enough=lambda: len(batch) >= BATCH_ARTICLES,
            )
        else:
            reading = (_read_file(name, encoding, date, gazetteer) for name in names[done:])
        try:
            for articles, error in reading:
                name = names[done]
                done += 1
                source = os.path.normpath(name)
                unread[source] -= 1
                if not unread[source]:
                    del unread[source]
                if error is not None:
                    failed.append((name, error))
                for article in articles:
                    ids.add(article.id)
                    if not article.date:
                        undated[article.source] = undated.get(article.source, 0) + 1
                batch.extend(articles)
                if on_progress:
                    on_progress(done, len(names))
                if len(batch) >= BATCH_ARTICLES and not parallel:
                    break
        finally:
            reading.close()
        flush()
    return IngestReport(
        sources=len(names) - len(failed),
        articles=len(ids),
        added=added,
        updated=updated,
        removed=removed,
        undated=sum(undated.values()),
        failed=tuple(failed),
        undated_sources=tuple(undated),
    )


def _read_file(
    name: str, encoding: str | None, date: dt.date | None, gazetteer: places.Gazetteer | None
) -> tuple[list[Article], str | None]:
    """One file's articles, or no articles and the message that says why it cannot be read."""
    try:
        return articles_of(read.read_source(name, encoding), date, gazetteer), None
    except InputError as exc:
        return [], str(exc)


_reading: tuple = (None, None, None)  # a reading worker's encoding, date and gazetteer


def _start_reading(encoding: str | None, date: dt.date | None, gazetteer: places.Gazetteer | None) -> None:
    global _reading
    _reading = (encoding, date, gazetteer)
    places.register()  # loaded once per worker, before the first file


def _read_chunk(names: list[str]) -> list[tuple[list[Article], str | None]]:
    return [_read_file(name, *_reading) for name in names]


def user_places(places_file: str | None) -> places.Gazetteer | None:
    """The register with the places of the user's CSV file added (None without a file).

    A bad file raises InputError naming the file and line, before anything is read or written.
    """
    return places.add_user_places(places.register(), places_file) if places_file else None


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

    Every article's id is computed again from its text. Places are found again when the
    index (or export) predates city and province, and with the user's places when a gazetteer
    (``user_places``) is given.
    """
    if export_file:
        articles, old = _read_export(export_file)
    else:
        articles = index.read_articles(index_path, check_version=False)
        old = (index.schema_version(index_path) or 0) < 4
    found = relocate(articles, gazetteer) if old or gazetteer is not None else list(articles)
    # Ids as this version hashes the text (version 5 hashes headline and text apart).
    found = [dataclasses.replace(a, id=extract.article_id(a.headline, a.dateline + a.body)) for a in found]
    if isinstance(articles, index.StoredArticles):  # keeps the commit it was read from
        found = index.StoredArticles(found, articles.path, articles.generation)
    return index.replace_index(index_path, found)
