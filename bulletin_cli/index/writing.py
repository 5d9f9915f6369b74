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
# The same in each worker process that writes a segment (``write_segment``): two of them hold
# their pools at once, beside jieba's dictionary each.
WORKER_POOL_MB = 16


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
        new = _add_batch(writer, path, pending, known, update=True, on_status=on_status)
    except BaseException:
        _cancel(writer, path)
        raise
    if on_status:
        on_status(f"committing {len(pending):,} articles")
    _commit(writer, path, new, merge_tiers)
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
        _cancel(writer, path)
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


def _cancel(writer, path: Path) -> None:
    """Cancel writer, and delete the files of the segment it had begun: Whoosh leaves them for
    the next commit to clean (SegmentWriter.newsegment, its segment; checked with whoosh3 3.54.0)."""
    try:
        writer.cancel()
    finally:
        folder.discard_segments(path, [writer.newsegment.segid])


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


# What a worker process runs to write its segment ("module:function", imported there).
SEGMENT_WRITER = "bulletin_cli.index.writing:write_segment"


def _add_batch(writer, path: Path, articles: list[Article], places: set[str], update: bool, on_status=None) -> list:
    """Index articles: in worker processes, each writing a segment of its own, when the batch
    is large enough and workers are allowed (``workers.worker_count``), else through writer.

    Returns the segments the workers wrote, for ``_commit`` to add; none when written here.
    """
    count = min(workers.worker_count(), len(articles) // max(1, workers.PARALLEL_MIN // 2))
    if count < 1 or len(articles) < workers.PARALLEL_MIN:
        _add(writer, articles, places, update, on_status=on_status)
        return []
    if update:
        # What update_document would do: the article's earlier version goes.
        for article in articles:
            writer.delete_by_term("id", article.id)
    if on_status:
        on_status(f"indexing {len(articles):,} articles in {count} worker processes")
    return _add_in_workers(path, articles, places, count)


def _add_in_workers(path: Path, articles: list[Article], places: set[str], count: int) -> list:
    """Write articles as count new segments, one per worker process, in order; return them.

    Called under the write lock. Each segment gets an id chosen here, so that if anything
    fails (a worker raises, dies or is killed, or Ctrl-C here) every file any worker wrote is
    deleted once all of them have been stopped: the folder is as it was.
    """
    places = places | {getattr(a, name) for a in articles for name in PLACE_FIELDS}
    taught = sorted(p for p in places if p)
    shares = _shares(articles, count)
    ids = [folder.new_segment_id() for _ in shares]
    jobs = [(SEGMENT_WRITER, (str(path), id_, taught), share) for id_, share in zip(ids, shares)]
    try:
        return workers.run_jobs(jobs)
    except BaseException:
        folder.discard_segments(path, ids)
        raise


def _shares(articles: list[Article], count: int) -> list[list[Article]]:
    """articles in count consecutive parts of about the same number of characters."""
    sizes = [len(a.body) + 100 for a in articles]
    total = sum(sizes)
    shares: list[list[Article]] = [[] for _ in range(count)]
    done = 0
    for article, size in zip(articles, sizes):
        shares[min(count - 1, done * count // total)].append(article)
        done += size
    return [share for share in shares if share]


def write_segment(path: str, segment_id: str, places: list[str], articles: Iterable[Article]):
    """In a worker process: write articles as a complete new segment named segment_id, with
    their keywords cut here (jieba taught places first); return the segment (not committed).
    articles arrive as they are written (``workers.run_jobs`` streams them).

    Whoosh internals, as Whoosh's own MpWriter uses them (whoosh.multiproc, checked against
    whoosh3 3.54.0, the pinned version): a SegmentWriter without the lock (``_lk=False``: the
    parent holds it), ``_finalize_segment`` to flush the postings and close the files without
    a commit, ``PostingPool`` and ``_tempstorage`` to sort postings in a folder of this worker's
    own (see ``folder.work_folder``), and the codec's ``new_segment`` replaced for the one call
    in SegmentWriter.__init__ that names the segment, so that it gets the parent's id.
    """
    from whoosh.codec.whoosh3 import W3Codec, W3Segment
    from whoosh.writing import PostingPool, SegmentWriter

    from bulletin_cli import analysis
    from bulletin_cli.index.schema import SCHEMA

    analysis.add_words(places)
    ix = whoosh_index.open_dir(path, schema=SCHEMA)
    codec = W3Codec()
    codec.new_segment = lambda storage, indexname: W3Segment(codec, indexname, segid=segment_id)
    try:
        writer = SegmentWriter(ix, _lk=False, codec=codec, compound=False, limitmb=WORKER_POOL_MB)
    finally:
        del codec.new_segment  # the codec is pickled with the segment into the TOC
    temp = ix.storage.temp_storage(folder.work_folder(segment_id))
    writer._tempstorage = temp
    writer.pool = PostingPool(temp, writer.newsegment, limitmb=WORKER_POOL_MB)
    for article in articles:
        writer.add_document(**document(article, analysis.cut_words(keyword_text(article))))
    segment = writer._finalize_segment()
    temp.destroy()
    return segment


def _commit(writer, path: Path, new: list, policy) -> None:
    """Commit writer with the merge policy, adding the segments the workers wrote.

    The new segments take part in the policy as if they were already in the index (merge_tiers
    may merge them into the segment this writer writes). If the commit fails before its table
    of contents is written, their files are deleted: nothing lists them.
    """
    if not new:
        writer.commit(mergetype=policy)
        return

    def with_new(w, segments):
        return policy(w, [*segments, *new]) if policy is not CLEAR else list(new)

    try:
        writer.commit(mergetype=with_new)
    except BaseException:
        if folder.last_generation(path) < writer.generation:
            folder.discard_segments(path, [segment.segid for segment in new])
        raise


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
        new = _add_batch(writer, path, unique, set(), update=False)
    except BaseException:
        _cancel(writer, path)
        raise
    _commit(writer, path, new, CLEAR)  # the new segments alone: the old ones are dropped
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
