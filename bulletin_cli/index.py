"""The Whoosh index: schema, opening with checks, and the one place that writes."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.formats import Existence, tokens
from whoosh.reading import SegmentReader

from bulletin_cli import analysis
from bulletin_cli.errors import (
    BulletinError,
    IndexBusyError,
    IndexDamagedError,
    IndexMissingError,
    IndexVersionError,
    IndexWriteError,
)
from bulletin_cli.models import Article

SCHEMA_VERSION = 4
META_FILE = "bulletin.json"
WRITE_TIMEOUT = 60.0
PLACE_FIELDS = ("district", "street", "community")
# Register names and codes (version 3); "" is not stored.
REGISTER_FIELDS = ("city", "province", "district_code", "street_code")
# The index's directory of places: one term per district or street name an article carries,
# as written or as the register names it, with the register code ("" when unresolved):
# "w|street|120106005|西沽街", "r|street|120106005|西沽街道". Its lexicon tells the read path
# which names are one place without loading the register.
DIRECTORY = "places"
# Postings a writer sorts in memory before it spills a sorted run to disk (Whoosh's own
# estimate, in MB). Every posting of a large batch is spilled and read back once whatever
# the size, so a smaller pool costs a few more runs to merge, not more work per posting.
POOL_MB = 32


class Counts(Existence):
    """Postings that keep each term's count, as its weight only.

    Whoosh's Frequency format writes every count twice: as the weight and again as four
    value bytes, pickled beside each posting block, which is most of the block of a rare
    bigram. BM25 and the key-term expander read the weight alone.
    """

    def word_values(self, value, analyzer, **kwargs):
        counts: dict[str, int] = {}
        weights: dict[str, float] = {}
        kwargs["boosts"] = True
        for token in tokens(value, analyzer, kwargs):
            counts[token.text] = counts.get(token.text, 0) + 1
            weights[token.text] = weights.get(token.text, 0.0) + token.boost
        boost = self.field_boost
        return ((word, n, weights[word] * boost, b"") for word, n in counts.items())


def _counted(field, scorable: bool = True):
    field.format = Counts(field_boost=field.format.field_boost)
    field.scorable = scorable  # no lengths to write for a field that is never ranked on
    return field


def make_schema() -> Schema:
    """Declare the schema: a bigram field for search, a jieba word field for keywords.

    The bigram field keeps counts but no positions (version 2): a query string longer than
    two characters is looked up as the AND of its bigrams and then checked against the
    stored text (``queries``), which is exact and keeps the index under half the size.
    The word field holds each article's jieba words, cut once at ingest and joined by spaces;
    Whoosh's key-term expander reads them back from the stored field without a term vector
    and without running jieba again.
    """
    return Schema(
        id=ID(stored=True, unique=True),
        source=ID(stored=True),
        ordinal=NUMERIC(stored=True),
        headline=STORED(),
        kicker=STORED(),
        title=STORED(),
        subtitle=STORED(),
        text=_counted(TEXT(analyzer=analysis.BigramAnalyzer(), phrase=False, multitoken_query="phrase")),
        words=_counted(TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False, stored=True), scorable=False),
        district=ID(stored=True, sortable=True),
        street=ID(stored=True, sortable=True),
        community=ID(stored=True, sortable=True),
        city=ID(stored=True, sortable=True),
        province=ID(stored=True, sortable=True),
        district_code=ID(stored=True, sortable=True),
        street_code=ID(stored=True, sortable=True),
        places=_counted(TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False), scorable=False),
        date=ID(stored=True, sortable=True),
        event_date=STORED(),
        dateline=STORED(),
        byline=STORED(),
        body=STORED(),
        captions=STORED(),
    )


SCHEMA = make_schema()


def _read_meta(path: Path) -> dict | None:
    """The index's bulletin.json, or None when the folder has none."""
    meta_path = path / META_FILE
    try:
        text = meta_path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise IndexDamagedError(f"cannot read {meta_path} ({_describe(exc)}); check the folder's permissions") from None
    try:
        meta = json.loads(text)
    except ValueError:
        meta = None
    if not isinstance(meta, dict):
        raise IndexDamagedError(
            f"{meta_path} is damaged (not the JSON bulletin writes); if the rest of the index is whole, "
            f'write {{"schema_version": {SCHEMA_VERSION}}} into it, else {_recovery(path)}'
        )
    return meta


def _check_version(path: Path) -> None:
    meta = _read_meta(path)
    if meta is None:
        raise IndexVersionError(
            f"{path} holds a Whoosh index that bulletin did not write (it has no {META_FILE}); "
            f"point --index at a bulletin index, or run `bulletin rebuild --index {path}` if bulletin made it"
        )
    found = meta.get("schema_version")
    if found != SCHEMA_VERSION:
        raise IndexVersionError(
            f"index {path} has schema version {found}, this bulletin needs {SCHEMA_VERSION}; "
            "run `bulletin rebuild` to convert it"
        )


def open_index(path: Path):
    """Open an existing index for reading, checking that every file it lists is whole.

    Any damage is reported here, as one message that says what is wrong and how to recover,
    rather than as a failure halfway through a query.
    """
    _check_folder(path)
    _check_version(path)
    return _open_whole(path)


def open_for_writing(path: Path):
    """Open the index at path, creating it in an empty or missing folder."""
    if path.is_dir() and _has_toc(path):
        ix = open_index(path)
        _check_writable(path)
        return ix
    if path.exists() and not path.is_dir():
        raise BulletinError(f"{path} is a file, not an index folder; choose another --index")
    if path.is_dir() and _entries(path) - _EMPTY_INDEX_FILES:
        _check_folder(path)  # says whether it is a damaged index or someone else's folder
    return _create_index(path)


def search_texts(article: Article) -> dict[str, str]:
    """The text each search field indexes; queries check candidates against the same text.

    One field holds the headline, then HEADLINE_END, then the rest: headline bigrams weigh
    more, without a second field's terms and postings (a tenth of the index).
    """
    head = "\n".join(article.headline) or article.title
    rest = "\n".join((article.dateline, article.body, *article.captions, article.byline))
    return {"text": f"{head}{analysis.HEADLINE_END}\n{rest}"}


def keyword_text(article: Article) -> str:
    """The text an article's keywords are cut from."""
    return "\n".join((*article.headline, article.body))


def document(article: Article, words: list[str] | None = None) -> dict:
    """The fields Whoosh stores and indexes for one article.

    words are the article's keyword candidates (``analysis.cut_words`` of ``keyword_text``),
    cut here when the caller has not cut them already.
    """
    doc = {
        "id": article.id,
        "source": article.source,
        "ordinal": article.ordinal,
        "headline": list(article.headline),
        **search_texts(article),
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "words": " ".join(analysis.cut_words(keyword_text(article)) if words is None else words),
        "event_date": article.event_date,
        "dateline": article.dateline,
        "byline": article.byline,
        "body": article.body,
        "captions": list(article.captions),
    }
    for name in (*PLACE_FIELDS, *REGISTER_FIELDS, "date"):
        value = getattr(article, name)
        if value:
            doc[name] = value
    terms = directory_terms(article)
    if terms:
        doc[DIRECTORY] = " ".join(terms)
    return doc


def directory_terms(article: Article) -> list[str]:
    """The article's entries in the directory of places (see DIRECTORY)."""
    from bulletin_cli import places  # the write path only: reading never loads the register

    terms = []
    named = (("district", article.district, article.district_code), ("street", article.street, article.street_code))
    for level, written, code in named:
        if written:
            terms.append(directory_term("w", level, code, written))
        if code:
            terms.append(directory_term("r", level, code, places.register_name(code)))
    return list(dict.fromkeys(terms))


def directory_term(kind: str, level: str, code: str, name: str) -> str:
    return f"{kind}|{level}|{code}|{''.join(name.split())}"


def parse_directory_term(term: str) -> tuple[str, str, str, str]:
    """(kind, level, code, name) of a directory term."""
    kind, level, code, name = term.split("|", 3)
    return kind, level, code, name


def stored_article(fields: dict) -> Article:
    """Rebuild an Article from a document's stored fields."""
    return Article(
        id=fields["id"],
        source=fields.get("source", ""),
        ordinal=fields.get("ordinal", 0),
        headline=tuple(fields.get("headline", ())),
        title=fields.get("title", ""),
        subtitle=fields.get("subtitle", ""),
        district=fields.get("district", ""),
        street=fields.get("street", ""),
        community=fields.get("community", ""),
        date=fields.get("date", ""),
        event_date=fields.get("event_date", ""),
        dateline=fields.get("dateline", ""),
        byline=fields.get("byline", ""),
        body=fields.get("body", ""),
        captions=tuple(fields.get("captions", ())),
        kicker=fields.get("kicker", ""),
        **{name: fields.get(name, "") for name in REGISTER_FIELDS},
    )


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
    ix = open_for_writing(path)
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
    places = known | {getattr(a, name) for a in pending for name in PLACE_FIELDS}
    words = analysis.cut_many([keyword_text(a) for a in pending], sorted(p for p in places if p))
    if on_wait is not None and writer_busy(path):
        on_wait()
    try:
        # Separate segment files: a compound file is read into memory when a searcher
        # opens (../shared/notes/whoosh-at-scale.md), separate files are mapped.
        writer = ix.writer(timeout=WRITE_TIMEOUT, compound=False, limitmb=POOL_MB)
    except whoosh_index.LockError:
        raise _busy(path) from None
    try:
        for done, (article, article_words) in enumerate(zip(pending, words)):
            if on_status and done % 500 == 0:
                on_status(f"indexing {done:,}/{len(pending):,} articles")
            # update_document even for articles that looked new: another process may have
            # committed the same article while this one waited for the lock.
            writer.update_document(**document(article, article_words))
    except BaseException:
        writer.cancel()
        raise
    finally:
        words.close()  # ends the keyword workers before the commit needs the memory
    if on_status:
        on_status(f"committing {len(pending):,} articles")
    writer.commit(mergetype=merge_tiers)
    record_files(path, ix)
    return added, updated, unchanged


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
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return kept


class StoredArticles(list):
    """Articles read from an index, remembering which commit (generation) they came from."""

    def __init__(self, articles: Iterable[Article], path: Path, generation: int) -> None:
        super().__init__(articles)
        self.path = path
        self.generation = generation


def schema_version(path: Path):
    """The schema version bulletin.json records for the index at path (None if none)."""
    return (_read_meta(path) or {}).get("schema_version")


def read_articles(path: Path, check_version: bool = True) -> list[Article]:
    """Every stored article of the index at path (also from an older schema version)."""
    _check_folder(path)
    if check_version:
        _check_version(path)
    ix = _open_whole(path)
    missing = _BULLETIN_FIELDS - set(ix.schema.names())
    if missing:
        raise IndexVersionError(
            f"{path} holds a Whoosh index that is not bulletin's (no {', '.join(sorted(missing))} field); "
            "point --index at a bulletin index"
        )
    try:
        with ix.searcher() as searcher:
            articles = [stored_article(fields) for fields in searcher.all_stored_fields()]
    except Exception as exc:  # stored fields are pickles: a damaged file can raise anything
        raise IndexDamagedError(
            f"index {path} is damaged: its stored articles cannot be read ({_describe(exc)}); {_recovery(path)}"
        ) from None
    return StoredArticles(articles, path, ix.latest_generation())


def replace_index(path: Path, articles: list[Article]) -> int:
    """Write articles into a fresh index beside path, then swap it into place.

    The old index stays whole until the swap and is locked against writers meanwhile, so an
    ingest that runs at the same time waits instead of committing into a folder about to go.
    A folder that is neither a bulletin index (whole or damaged) nor empty is never replaced.
    """
    if path.exists() and not _replaceable(path):
        raise BulletinError(
            f"{path} is not a bulletin index and not empty; rebuild into a new --index folder"
        )
    fresh = path.parent / f".{path.name}.rebuild-{os.getpid()}"
    old = path.parent / f".{path.name}.old-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    with _write_lock(path):
        generation = getattr(articles, "generation", None)
        if generation is not None and getattr(articles, "path", None) == path and _generation(path) != generation:
            raise IndexBusyError(
                f"index {path} changed while it was being rebuilt (another bulletin process wrote to it); "
                "nothing was replaced: run `bulletin rebuild` again"
            )
        try:
            write_articles(fresh, articles)  # records the sizes of the files it commits
            if not _has_toc(fresh):
                open_for_writing(fresh)  # an empty export still gives an index
                record_files(fresh)
            if not path.exists():
                os.rename(fresh, path)
            elif _exchange(fresh, path):
                os.rename(fresh, old)  # fresh now names the previous index
            else:
                os.replace(path, old)
                os.replace(fresh, path)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            if old.exists() and not path.exists():
                os.replace(old, path)
            raise
    shutil.rmtree(old, ignore_errors=True)
    return len({a.id for a in articles})


# --- checks behind open_index, open_for_writing and replace_index -------------------------

INDEX_NAME = "MAIN"  # Whoosh's default: _MAIN_<generation>.toc, MAIN_<segment>.seg, MAIN_WRITELOCK
_LOCK_NAME = f"{INDEX_NAME}_WRITELOCK"
_EMPTY_INDEX_FILES = {META_FILE, _LOCK_NAME}
_BULLETIN_FIELDS = {"id", "headline", "title", "body"}
_LOCK_POLL = 0.1


def _busy(path: Path) -> IndexBusyError:
    return IndexBusyError(
        f"index {path} is busy: another bulletin process is writing to it; try again when it finishes"
    )


def _recovery(path: Path) -> str:
    return (
        "restore the folder from a backup copy, or run "
        f"`bulletin rebuild --index {path} --from backup.jsonl` with an export, or ingest your pages again"
    )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _entries(path: Path) -> set[str]:
    try:
        return {p.name for p in path.iterdir() if not p.name.startswith(".")}
    except OSError as exc:
        raise IndexWriteError(f"cannot list {path} ({_describe(exc)}); check the folder's permissions") from None


_TOC_NAME = re.compile(rf"_{INDEX_NAME}_(\d+)\.toc")


def _has_toc(path: Path, names: set[str] | None = None) -> bool:
    return any(_TOC_NAME.fullmatch(name) for name in (_entries(path) if names is None else names))


def _check_folder(path: Path) -> None:
    """Raise the error that fits a path that is not a whole index folder; return if it may be one."""
    if not path.exists():
        leftovers = sorted(path.parent.glob(f".{path.name}.old-*")) if path.parent.is_dir() else []
        hint = (
            f" (an interrupted rebuild left the previous index in {leftovers[-1]}: rename it to {path})"
            if leftovers
            else ""
        )
        raise IndexMissingError(f"No index at {path} — run `bulletin ingest FILE` first{hint}")
    if not path.is_dir():
        raise IndexVersionError(f"{path} is a file, not an index folder; point --index at the index folder")
    names = _entries(path)
    if _has_toc(path, names):
        return
    if names <= _EMPTY_INDEX_FILES:
        raise IndexMissingError(f"No index at {path} — run `bulletin ingest FILE` first")
    if META_FILE in names or any(name.startswith(f"{INDEX_NAME}_") for name in names):
        raise IndexDamagedError(
            f"index {path} is damaged: its table of contents (_{INDEX_NAME}_N.toc) is missing; {_recovery(path)}"
        )
    raise IndexVersionError(
        f"{path} is not empty and not a bulletin index (no _{INDEX_NAME}_N.toc in it); "
        "point --index at your index folder, or at a new folder to create one"
    )


def _open_whole(path: Path):
    """open_dir, then open every segment once, so a missing or truncated file is found now."""
    for _ in range(10):
        generation = _generation(path)
        try:
            ix = whoosh_index.open_dir(str(path))
        except whoosh_index.EmptyIndexError:
            raise IndexMissingError(f"No index at {path} — run `bulletin ingest FILE` first") from None
        except Exception as exc:  # the TOC is a pickle: a damaged one can raise anything
            if _generation(path) != generation:
                continue  # a writer replaced the TOC as we read it
            raise IndexDamagedError(
                f"index {path} is damaged: its table of contents cannot be read ({_describe(exc)}); {_recovery(path)}"
            ) from None
        problem = _segment_problem(ix, path)
        if problem is None:
            return ix
        if _generation(path) == generation:
            raise IndexDamagedError(f"index {path} is damaged: {problem}; {_recovery(path)}")
        # A writer committed (and may have merged segments away) while we looked: look again.
        time.sleep(_LOCK_POLL)
    raise IndexBusyError(f"index {path} keeps changing under this reader; try again when the ingest finishes")


def record_files(path: Path, ix=None) -> None:
    """Record the size of every segment file of the last commit in bulletin.json.

    Whoosh segment files never change once committed, but with separate files (not one
    compound file) nothing in them says how long they should be: a truncated postings or
    column file would read as garbage. open_index compares the recorded sizes. A record
    left stale by a later commit is harmless: only files of segments still listed are checked.
    """
    ix = ix or whoosh_index.open_dir(str(path))
    meta = _read_meta(path) or {"schema_version": SCHEMA_VERSION}
    generation = ix.latest_generation()
    if meta.get("generation") == generation:
        return
    prefixes = tuple(f"{segment.segment_id()}." for segment in _segments(ix))
    files = {}
    for name in sorted(_entries(path)):
        if name.startswith(prefixes):
            files[name] = (path / name).stat().st_size
    meta.update(generation=generation, files=files)
    _write_meta(path, meta)


def _write_meta(path: Path, meta: dict) -> None:
    """Replace bulletin.json in one rename, so a reader never sees half of it."""
    tmp = path / f"{META_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(meta), "utf-8")
    os.replace(tmp, path / META_FILE)


def _segments(ix) -> list:
    """The segments the last commit lists (read from the TOC, without opening them)."""
    return whoosh_index.TOC.read(ix.storage, ix.indexname).segments


def _segment_problem(ix, path: Path) -> str | None:
    recorded = (_read_meta(path) or {}).get("files") or {}
    segments = _segments(ix)
    prefixes = tuple(f"{segment.segment_id()}." for segment in segments)
    for name, size in recorded.items():
        if not name.startswith(prefixes):
            continue  # a segment merged away since
        try:
            found = (path / name).stat().st_size
        except FileNotFoundError:
            return f"segment file {name} is missing"
        if found != size:
            return f"segment file {name} is truncated or changed ({found:,} bytes, {size:,} when written)"
    for segment in segments:
        try:
            SegmentReader(ix.storage, ix.schema, segment).close()
        except FileNotFoundError as exc:
            return f"segment file {Path(exc.filename or '?').name} is missing"
        except Exception as exc:
            name = segment.make_filename(".seg") if segment.is_compound() else f"segment {segment.segment_id()}"
            return f"{name} is truncated or unreadable ({_describe(exc)})"
    return None


def _generation(path: Path) -> int:
    gens = [
        int(m.group(1))
        for name in _entries(path)
        if (m := _TOC_NAME.fullmatch(name))
    ]
    return max(gens, default=-1)


def _check_writable(path: Path) -> None:
    probe = path / f".bulletin-write-test-{os.getpid()}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise IndexWriteError(write_error_message(path, exc)) from None


def write_error_message(path: Path, exc: OSError) -> str:
    """What to tell the user when writing to the index at path failed with exc."""
    what = {
        errno.ENOSPC: "the disk is full; free some space",
        errno.EDQUOT: "the disk quota is used up; free some space",
        errno.EROFS: "the folder is on a read-only file system; use a writable --index folder",
        errno.EACCES: "permission denied; check the folder's permissions or use another --index",
        errno.EPERM: "permission denied; check the folder's permissions or use another --index",
    }.get(exc.errno, f"{_describe(exc)}; check the disk and the folder's permissions")
    return (
        f"cannot write to index {path}: {what}, then run the same command again "
        "(the index keeps its last complete commit)"
    )


def _create_index(path: Path):
    """Create an index in a hidden sibling folder and rename it into place, so that a
    half-created index is never seen and two first ingests cannot wipe each other."""
    if path.is_dir() and not path.parent.is_dir():
        raise IndexWriteError(f"cannot create an index in {path}")
    temp = path.parent / f".{path.name}.new-{os.getpid()}"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(temp, ignore_errors=True)
        temp.mkdir()
        whoosh_index.create_in(str(temp), SCHEMA)
        _write_meta(temp, {"schema_version": SCHEMA_VERSION})
        try:
            os.rename(temp, path)  # replaces path only if it is missing or an empty folder
        except OSError as exc:
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST) and _has_toc(path):
                shutil.rmtree(temp, ignore_errors=True)
                return open_index(path)  # another process created it first: use theirs
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
                # A folder holding only hidden files (the repository's index/.gitkeep): move the
                # new files in, the table of contents last, as it is what makes them an index.
                for name in sorted(os.listdir(temp), key=lambda n: n.endswith(".toc")):
                    os.replace(temp / name, path / name)
                temp.rmdir()
                return whoosh_index.open_dir(str(path))
            if exc.errno not in (errno.EBUSY, errno.EXDEV, errno.EPERM, errno.EACCES):
                raise
            # path is an empty mount point or not ours to rename over: create in place
            shutil.rmtree(temp, ignore_errors=True)
            whoosh_index.create_in(str(path), SCHEMA)
            _write_meta(path, {"schema_version": SCHEMA_VERSION})
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise IndexWriteError(write_error_message(path, exc).replace("write to index", "create an index in")) from None
    return whoosh_index.open_dir(str(path))


def _replaceable(path: Path) -> bool:
    if not path.is_dir():
        return False
    names = _entries(path)
    if not names - _EMPTY_INDEX_FILES or META_FILE in names:
        return True
    if not _has_toc(path):
        return False
    try:
        return _BULLETIN_FIELDS <= set(whoosh_index.open_dir(str(path)).schema.names())
    except Exception:
        return False


@contextmanager
def _write_lock(path: Path, timeout: float = WRITE_TIMEOUT):
    """Hold the index's Whoosh write lock (if it has one) for the duration."""
    if not (path.is_dir() and _has_toc(path)):
        yield
        return
    lock = FileStorage(str(path)).lock(_LOCK_NAME)
    deadline = time.monotonic() + timeout
    while not lock.acquire(False):
        if time.monotonic() > deadline:
            raise _busy(path)
        time.sleep(_LOCK_POLL)
    try:
        yield
    finally:
        lock.release()


def writer_busy(path: Path) -> bool:
    """Whether another process holds the write lock of the index at path right now."""
    if not (path.is_dir() and _has_toc(path)):
        return False
    lock = FileStorage(str(path)).lock(_LOCK_NAME)
    try:
        if lock.acquire(False):
            lock.release()
            return False
    except OSError:
        return False
    return True


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    import ctypes  # rebuild only: every other command starts without it

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))
