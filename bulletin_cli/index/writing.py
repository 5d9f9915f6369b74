"""Writing: the one place that opens a Whoosh writer, merges segments and replaces an index."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Collection, Iterable
from pathlib import Path
from typing import NamedTuple

from whoosh import index as whoosh_index
from whoosh.query import Prefix
from whoosh.writing import CLEAR

from bulletin_cli import workers
from bulletin_cli.errors import BulletinError, IndexBusyError, NotFoundError, QueryError
from bulletin_cli.index import folder
from bulletin_cli.index.schema import PLACE_FIELDS, document, keyword_text, stored_article
from bulletin_cli.models import Article

# Postings a writer sorts in memory before it spills a sorted run to disk (Whoosh's own
# estimate, in MB). Every posting of a large batch is spilled and read back once whatever
# the size, so a smaller pool costs a few more runs to merge, not more work per posting.
POOL_MB = 32


# What read.read_source names standard input. It names no page: its articles are only added.
STDIN = "<stdin>"
_HEX = re.compile("[0-9a-f]+")


class Written(NamedTuple):
    """What one commit of whole pages did to the index."""

    added: int
    updated: int
    unchanged: int
    removed: int


def write_articles(
    path: Path,
    articles: Iterable[Article],
    on_wait: Callable[[], None] | None = None,
    on_status: Callable[[str], None] | None = None,
    later: Collection[str] = (),
) -> Written:
    """Write whole pages in one commit: each source given then holds exactly its articles here.

    articles are every article of their sources, as ``ingest.articles_of`` reads them. An
    article its source no longer holds (an edited page, a page split another way) is removed,
    one that changed is updated. A text that another page already holds (the same page under
    two names, a folder ingested under another path) stays with that page and is indexed once;
    it moves to this one only when that page is written in this commit too, or in ``later``
    (the sources the same run writes after this batch), and no longer holds it. Standard input
    names no page: its articles are only added.

    on_status, if given, hears how far the batch is ("indexing 2,000/40,000 articles",
    "committing 40,000 articles"): a large batch takes minutes between files read.
    """
    articles = list(articles)
    ix = folder.open_for_writing(path)
    pages: dict[str, dict[str, Article]] = {}
    for article in articles:
        pages.setdefault(article.source, {}).setdefault(article.id, article)
    added = updated = unchanged = 0
    pending: list[Article] = []
    seen: set[str] = set()
    with ix.searcher() as searcher:
        for article in articles:
            if article.id in seen:
                continue
            seen.add(article.id)
            old = searcher.document(id=article.id)
            owner = article.source if old is None else old.get("source", "")
            if owner != article.source:
                if article.id in pages.get(owner, {}):
                    article = pages[owner][article.id]  # its page, written here too, still holds it
                elif owner not in pages and owner not in later:
                    unchanged += 1  # another page holds the same text
                    continue
            if old is None:
                added += 1
                pending.append(article)
            elif stored_article(old) != article:
                updated += 1
                pending.append(article)
            else:
                unchanged += 1
        stale = _stale(searcher, pages, pending)
        known = {term.decode("utf-8") for name in PLACE_FIELDS for term in searcher.lexicon(name)}
    if not pending and not stale:
        return Written(added, updated, unchanged, 0)
    if on_wait is not None and folder.writer_busy(path):
        on_wait()
    writer = _writer(ix, path)
    try:
        # Again under the lock: another process may have committed while this one waited.
        stale = _stale(writer.searcher(), pages, pending)
        for docnum in stale:
            writer.delete_document(docnum)
        # update_document even for articles that looked new: another process may have
        # committed the same article while this one waited for the lock.
        _add(writer, pending, known, update=True, on_status=on_status)
    except BaseException:
        writer.cancel()
        raise
    if on_status:
        on_status(f"committing {len(pending):,} articles")
    writer.commit(mergetype=merge_tiers)
    folder.record_files(path, ix)
    return Written(added, updated, unchanged, len(stale))


def remove_articles(path: Path, targets: list[str], on_wait: Callable[[], None] | None = None) -> int:
    """Remove what targets name in one commit; return how many articles went.

    A target is a source as ingested (a file, or a folder given to ingest: every source read
    from it; the same path written another way from the current folder counts too), else an
    article id or a unique prefix of it (4 characters or more). If any target names nothing,
    nothing is removed: NotFoundError names every such target.
    """
    ix = folder.open_index(path)
    folder.check_writable(path)
    with ix.searcher() as searcher:
        _resolve(searcher, targets, path)  # a target that names nothing fails before any writer
    if on_wait is not None and folder.writer_busy(path):
        on_wait()
    writer = _writer(ix, path)
    try:
        doomed = _resolve(writer.searcher(), targets, path)  # again, as the lock holder sees it
        for docnum in sorted(doomed):
            writer.delete_document(docnum)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=merge_tiers)
    folder.record_files(path, ix)
    return len(doomed)


def _resolve(searcher, targets: list[str], path: Path) -> set[int]:
    """The live documents targets name, or NotFoundError naming every target that names none."""
    sources = [term.decode("utf-8") for term in searcher.lexicon("source")]
    doomed: set[int] = set()
    missing = []
    for target in targets:
        found = _named(searcher, sources, target)
        doomed |= found
        if not found:
            missing.append(target)
    if missing:
        names = ", ".join(repr(t) for t in missing)
        raise NotFoundError(
            f"nothing removed: {names} {'is' if len(missing) == 1 else 'are'} not a source or an article id "
            f"in {path}; `bulletin export -f csv` lists every article's source and id"
        )
    return doomed


def _named(searcher, sources: list[str], target: str) -> set[int]:
    """The live documents target names: a source, the sources under a folder, or an id prefix."""
    wanted = os.path.abspath(target)
    folder_prefix = wanted.rstrip(os.sep) + os.sep
    named = [
        s for s in sources
        if s == target or (s != STDIN and (os.path.abspath(s) == wanted or os.path.abspath(s).startswith(folder_prefix)))
    ]
    docs = {n for source in named for n in searcher.document_numbers(source=source)}
    prefix = target.strip().lower()
    if docs or len(prefix) < 4 or not _HEX.fullmatch(prefix):
        return docs
    docs = set(searcher.docs_for_query(Prefix("id", prefix)))
    if len(docs) > 1:
        raise QueryError(f"nothing removed: article id {target!r} is ambiguous; give more of it")
    return docs


def _stale(searcher, pages: dict[str, dict[str, Article]], pending: list[Article]) -> list[int]:
    """The documents of these pages' sources that the pages no longer hold (and that no other
    page takes over in this commit). Found from the id and source terms, without reading
    stored articles."""
    held = {id_ for page in pages.values() for id_ in page} | {a.id for a in pending}
    keep = {n for id_ in held if (n := searcher.document_number(id=id_)) is not None}
    return [
        docnum
        for source in pages
        if source != STDIN
        for docnum in searcher.document_numbers(source=source)
        if docnum not in keep
    ]


def _writer(ix, path: Path):
    try:
        # Separate segment files: a compound file is read into memory when a searcher
        # opens (../shared/notes/whoosh-at-scale.md), separate files are mapped.
        return ix.writer(timeout=folder.WRITE_TIMEOUT, compound=False, limitmb=POOL_MB)
    except whoosh_index.LockError:
        raise folder.busy_error(path) from None


def _add(writer, articles: list[Article], places: set[str], update: bool, on_status=None) -> None:
    """Index articles with their keywords, cut by the keyword workers as they are indexed.

    jieba learns places first (those already indexed and the articles' own) so that it cuts
    them whole.
    """
    places = places | {getattr(a, name) for a in articles for name in PLACE_FIELDS}
    words = workers.cut_many([keyword_text(a) for a in articles], sorted(p for p in places if p))
    put = writer.update_document if update else writer.add_document
    try:
        for done, (article, article_words) in enumerate(zip(articles, words)):
            if on_status and done % 500 == 0:
                on_status(f"indexing {done:,}/{len(articles):,} articles")
            put(**document(article, article_words))
    finally:
        words.close()  # ends the keyword workers before the commit needs the memory


MERGE_FACTOR = 8


def merge_tiers(writer, segments: list) -> list:
    """Merge policy: once MERGE_FACTOR segments share a size tier (doc counts with the same
    number of digits), merge them into the segment being written.

    Whoosh's default policy never merges segments of a few thousand documents, so an archive
    fed a batch or a day at a time would grow a segment per commit, and every query and
    keyword summary pays per segment. With tiers the count stays below MERGE_FACTOR per tier,
    and each document is rewritten about once per tier (log-many times), not once per commit.
    A segment whose articles were all removed or replaced is dropped, and one with more than
    half of them gone is rewritten with the rest: pages edited and ingested again, or removed,
    leave no dead weight for every query to skip.
    """
    tiers: dict[int, list] = {}
    merged = []
    for segment in segments:
        live, written = segment.doc_count(), segment.doc_count_all()
        if live == 0:
            continue
        if 2 * live < written:
            merged.append(segment)
        else:
            tiers.setdefault(len(str(written)), []).append(segment)
    kept = []
    for group in tiers.values():
        (kept if len(group) < MERGE_FACTOR else merged).extend(group)
    for segment in merged:
        reader = folder.segment_reader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept


def replace_index(path: Path, articles: list[Article]) -> int:
    """Make the index at path hold exactly articles (``bulletin rebuild``); return how many.

    An index whose table of contents can be read (whole, or with a damaged segment) gets one
    commit in its own folder, as an ingest's: the articles become a new segment with today's
    schema and every old segment is dropped (Whoosh's CLEAR merge policy). Readers see the old
    index until that commit's table of contents appears (one rename), then the new one: there
    is no moment without an index, on any platform, and the write lock is held throughout.
    An index without a readable table of contents (damaged) is written beside and swapped in:
    see ``_replace_damaged``. A folder that is neither a bulletin index (whole or damaged) nor
    empty is never replaced.
    """
    if path.exists() and not folder.replaceable(path):
        raise BulletinError(
            f"{path} is not a bulletin index and not empty; rebuild into a new --index folder"
        )
    ix = folder.open_to_rewrite(path)
    if ix is None:
        return _replace_damaged(path, articles)
    unique = list({a.id: a for a in reversed(articles)}.values())[::-1]  # the first of each id
    writer = _writer(ix, path)
    try:
        generation = getattr(articles, "generation", None)
        if generation is not None and getattr(articles, "path", None) == path and folder.last_generation(path) != generation:
            raise IndexBusyError(
                f"index {path} changed while it was being rebuilt (another bulletin process wrote to it); "
                "nothing was replaced: run `bulletin rebuild` again"
            )
        _add(writer, unique, set(), update=False)
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=CLEAR)  # the new segment alone: the old ones are dropped
    folder.record_files(path, rewritten=True)
    return len(unique)


def _replace_damaged(path: Path, articles: list[Article]) -> int:
    """Write a new index beside a damaged one, then swap the folders by two renames.

    Between the renames (two system calls) path does not exist: a reader then says "No index
    at …" where before it said the index is damaged. Nothing can read a damaged index, so
    nothing is lost; the damaged folder stays as it was should anything fail first.
    """
    fresh = path.parent / f".{path.name}.rebuild-{os.getpid()}"
    old = path.parent / f".{path.name}.old-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    with folder.write_lock(path):
        try:
            count = replace_index(fresh, articles)
            os.replace(path, old)
            os.replace(fresh, path)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            if old.exists() and not path.exists():
                os.replace(old, path)
            raise
    shutil.rmtree(old, ignore_errors=True)
    return count
