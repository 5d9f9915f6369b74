"""Writing: the one place that opens a Whoosh writer, merges segments and replaces an index."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.writing import CLEAR

from bulletin_cli import workers
from bulletin_cli.errors import BulletinError, IndexBusyError
from bulletin_cli.index import folder
from bulletin_cli.index.schema import PLACE_FIELDS, document, keyword_text, stored_article
from bulletin_cli.models import Article

# Postings a writer sorts in memory before it spills a sorted run to disk (Whoosh's own
# estimate, in MB). Every posting of a large batch is spilled and read back once whatever
# the size, so a smaller pool costs a few more runs to merge, not more work per posting.
POOL_MB = 32


def write_articles(
    path: Path,
    articles: Iterable[Article],
    on_wait: Callable[[], None] | None = None,
    on_status: Callable[[str], None] | None = None,
) -> tuple[int, int, int]:
    """Add or update articles in one commit; return (added, updated, unchanged).

    on_status, if given, hears how far the batch is ("indexing 2,000/40,000 articles",
    "committing 40,000 articles"): a large batch takes minutes between files read.

    An article already indexed from another source (the same text printed twice) is left
    as it is; one from the same source is updated when anything about it changed.
    """
    articles = list(articles)
    ix = folder.open_for_writing(path)
    added = updated = unchanged = 0
    pending: list[Article] = []
    seen: set[str] = set()
    with ix.searcher() as searcher:
        for article in articles:
            if article.id in seen:
                continue
            seen.add(article.id)
            old = searcher.document(id=article.id)
            if old is None:
                added += 1
                pending.append(article)
            elif old.get("source") == article.source and stored_article(old) != article:
                updated += 1
                pending.append(article)
            else:
                unchanged += 1
        known = {term.decode("utf-8") for name in PLACE_FIELDS for term in searcher.lexicon(name)}
    if not pending:
        return added, updated, unchanged
    if on_wait is not None and folder.writer_busy(path):
        on_wait()
    writer = _writer(ix, path)
    try:
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
    return added, updated, unchanged


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
    """
    tiers: dict[int, list] = {}
    for segment in segments:
        tiers.setdefault(len(str(segment.doc_count_all())), []).append(segment)
    kept = []
    for group in tiers.values():
        if len(group) < MERGE_FACTOR:
            kept.extend(group)
            continue
        for segment in group:
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
