"""An index folder: opening with checks, the version file, the write lock, creating one."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import time
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

from bulletin_cli.errors import (
    BulletinError,
    IndexBusyError,
    IndexDamagedError,
    IndexMissingError,
    IndexVersionError,
    IndexWriteError,
)
from bulletin_cli.index.schema import BULLETIN_FIELDS, SCHEMA, SCHEMA_VERSION, stored_article
from bulletin_cli.models import Article

META_FILE = "bulletin.json"
WRITE_TIMEOUT = 60.0
_LOCK_POLL = 0.1

# --- what bulletin knows of Whoosh's files ------------------------------------------------
# The only reaches into Whoosh internals besides the Counts format (schema.py), all checked
# against whoosh3 3.54.0, the version pyproject.toml pins: check them again when it changes.

# File names. Whoosh's open_dir raises the same EmptyIndexError for an empty folder, someone
# else's folder and an index that lost its table of contents; bulletin tells them apart by
# the names (and must never write into someone else's folder), finds the last commit's
# generation to notice a writer committing while it reads, records the size of each segment
# file, and takes the write lock without a writer (rebuild of a damaged index, `writer_busy`).
# Whoosh writes _<index name>_<generation>.toc (whoosh.index.TOC._filename), segment files
# <index name>_<segment id>.<ext> (TOC._segment_pattern) and the lock <index name>_WRITELOCK
# (FileIndex.lock("WRITELOCK")); the index name is Whoosh's default, MAIN.
INDEX_NAME = "MAIN"
_LOCK_NAME = f"{INDEX_NAME}_WRITELOCK"
_TOC_NAME = re.compile(rf"_{INDEX_NAME}_(\d+)\.toc")
_EMPTY_INDEX_FILES = {META_FILE, _LOCK_NAME}


def segments(ix) -> list:
    """The segments the last commit lists, read from the TOC without opening them.

    Needed to check, when an index opens, that every file of every segment is whole, and to
    record their sizes after a commit. Whoosh's own way (FileIndex._segments) is private too
    and calls TOC.read, Whoosh's internal reader of a table of contents, as this does.
    """
    return whoosh_index.TOC.read(ix.storage, ix.indexname).segments


def segment_reader(storage, schema, segment) -> SegmentReader:
    """Open one segment alone (whoosh.reading.SegmentReader, as Whoosh's own merge policies
    do): to find a missing or truncated file when the index opens rather than mid-query, and
    to merge a segment into the one being written (``writing.merge_tiers``)."""
    return SegmentReader(storage, schema, segment)


def segment_prefix(segment) -> str:
    """The start of the names of a segment's files (MAIN_<segment id>.)."""
    return f"{segment.segment_id()}."


# Segments written by worker processes (``writing.write_segment``) get ids the parent chooses,
# in Whoosh's own form (16 characters of [0-9a-z], base.Segment._random_id), so that the parent
# knows every file a worker may have left, killed or not. Each worker sorts its postings in a
# folder of its own: Whoosh's SegmentWriter puts every writer's sorted runs in one folder,
# MAIN.tmp, and removes that folder when it finishes, under any other writer's feet.
# Whoosh's clean_files skips names that start with a dot, and so does ``_entries``.
_SEGMENT_FILE = re.compile(rf"({INDEX_NAME}_[0-9a-z]+)[.][A-Za-z0-9_.]+")  # TOC._segment_pattern
WORK_PREFIX = ".bulletin-work-"
_TEMP_FOLDER = f"{INDEX_NAME}.tmp"  # SegmentWriter's temp_storage name


def new_segment_id() -> str:
    import secrets

    return "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(16))


def work_folder(segment_id: str) -> str:
    """The name of the folder (in the index folder) where a worker sorts a segment's postings."""
    return f"{WORK_PREFIX}{segment_id}"


def discard_segments(path: Path, segment_ids: Iterable[str]) -> None:
    """Delete every file of these uncommitted segments and their work folders (under the lock)."""
    wanted = {f"{INDEX_NAME}_{segment_id}" for segment_id in segment_ids}
    for entry in _all_entries(path):
        m = _SEGMENT_FILE.fullmatch(entry)
        if m and m.group(1) in wanted:
            _remove(path / entry)
    for segment_id in segment_ids:
        _remove(path / work_folder(segment_id))


def clean_orphans(path: Path) -> None:
    """Delete what an ingest killed mid-batch left in the folder, if no writer is at work.

    That is: segment files that the last commit does not list (worker processes write whole
    segments before the commit that lists them), the workers' sorting folders, and Whoosh's
    MAIN.tmp. Only while holding the write lock (taken without waiting: if another process
    holds it, it is at work and its files are not orphans; a later open cleans up). Whoosh's
    own clean_files does the same for segment files at every commit, but not for the folders.
    """
    lock = FileStorage(str(path)).lock(_LOCK_NAME)
    try:
        if not lock.acquire(False):
            return
    except OSError:
        return
    try:
        entries = _all_entries(path)
        listed = {segment.segment_id() for segment in whoosh_index.TOC.read(FileStorage(str(path)), INDEX_NAME).segments}
        for entry in entries:
            m = _SEGMENT_FILE.fullmatch(entry)
            if (m and m.group(1) not in listed) or entry.startswith(WORK_PREFIX) or entry == _TEMP_FOLDER:
                _remove(path / entry)
    except Exception:  # tidying up: never the reason an ingest fails
        pass
    finally:
        lock.release()


def _all_entries(path: Path) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def _remove(target: Path) -> None:
    try:
        if target.is_dir():
            shutil.rmtree(target, ignore_errors=True)
        else:
            target.unlink()
    except OSError:
        pass


# ------------------------------------------------------------------------------------------


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
    if path.is_dir() and has_toc(path):
        ix = open_index(path)
        check_writable(path)
        clean_orphans(path)
        return ix
    if path.exists() and not path.is_dir():
        raise BulletinError(f"{path} is a file, not an index folder; choose another --index")
    if path.is_dir() and _entries(path) - _EMPTY_INDEX_FILES:
        _check_folder(path)  # says whether it is a damaged index or someone else's folder
    return _create_index(path)


def open_to_rewrite(path: Path):
    """Open the index at path to be rewritten whole (``bulletin rebuild``), or None if its
    table of contents cannot be read (a damaged index). A missing or empty folder gets a new,
    empty index first.

    The index is opened with the current SCHEMA, not the one pickled in its table of contents
    (open_dir's schema argument): an older version's index is written over with today's fields.
    """
    if not path.exists() or (path.is_dir() and not has_toc(path) and not _entries(path) - _EMPTY_INDEX_FILES):
        open_for_writing(path)
    for _ in range(10):
        generation = last_generation(path)
        if generation < 0:
            return None  # no table of contents (the folder's other files say it was an index)
        try:
            ix = whoosh_index.open_dir(str(path), schema=SCHEMA)
        except Exception:  # the TOC is a pickle: a damaged one can raise anything
            if last_generation(path) != generation:
                continue  # a writer replaced the TOC as we read it
            return None
        check_writable(path)
        return ix
    raise IndexBusyError(f"index {path} keeps changing under this reader; try again when the ingest finishes")


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
    missing = BULLETIN_FIELDS - set(ix.schema.names())
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


# --- checks behind open_index, open_for_writing and replace_index -------------------------


def busy_error(path: Path) -> IndexBusyError:
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


def has_toc(path: Path, names: set[str] | None = None) -> bool:
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
    if has_toc(path, names):
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
        generation = last_generation(path)
        try:
            ix = whoosh_index.open_dir(str(path))
        except whoosh_index.EmptyIndexError:
            raise IndexMissingError(f"No index at {path} — run `bulletin ingest FILE` first") from None
        except Exception as exc:  # the TOC is a pickle: a damaged one can raise anything
            if last_generation(path) != generation:
                continue  # a writer replaced the TOC as we read it
            raise IndexDamagedError(
                f"index {path} is damaged: its table of contents cannot be read ({_describe(exc)}); {_recovery(path)}"
            ) from None
        problem = _segment_problem(ix, path)
        if problem is None:
            return ix
        if last_generation(path) == generation:
            raise IndexDamagedError(f"index {path} is damaged: {problem}; {_recovery(path)}")
        # A writer committed (and may have merged segments away) while we looked: look again.
        time.sleep(_LOCK_POLL)
    raise IndexBusyError(f"index {path} keeps changing under this reader; try again when the ingest finishes")


def record_files(path: Path, ix=None, rewritten: bool = False) -> None:
    """Record the size of every segment file of the last commit in bulletin.json.

    Whoosh segment files never change once committed, but with separate files (not one
    compound file) nothing in them says how long they should be: a truncated postings or
    column file would read as garbage. open_index compares the recorded sizes. A record
    left stale by a later commit is harmless: only files of segments still listed are checked.
    rewritten: the last commit rewrote the whole index (``open_to_rewrite``), which now has
    this bulletin's schema version whatever bulletin.json said before.
    """
    ix = ix or whoosh_index.open_dir(str(path))
    meta = None if rewritten else _read_meta(path)
    meta = meta or {"schema_version": SCHEMA_VERSION}
    generation = ix.latest_generation()
    if meta.get("generation") == generation:
        return
    prefixes = tuple(segment_prefix(segment) for segment in segments(ix))
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


def _segment_problem(ix, path: Path) -> str | None:
    recorded = (_read_meta(path) or {}).get("files") or {}
    listed = segments(ix)
    prefixes = tuple(segment_prefix(segment) for segment in listed)
    for name, size in recorded.items():
        if not name.startswith(prefixes):
            continue  # a segment merged away since
        try:
            found = (path / name).stat().st_size
        except FileNotFoundError:
            return f"segment file {name} is missing"
        if found != size:
            return f"segment file {name} is truncated or changed ({found:,} bytes, {size:,} when written)"
    for segment in listed:
        try:
            segment_reader(ix.storage, ix.schema, segment).close()
        except FileNotFoundError as exc:
            return f"segment file {Path(exc.filename or '?').name} is missing"
        except Exception as exc:
            name = segment.make_filename(".seg") if segment.is_compound() else f"segment {segment.segment_id()}"
            return f"{name} is truncated or unreadable ({_describe(exc)})"
    return None


def last_generation(path: Path) -> int:
    gens = [
        int(m.group(1))
        for name in _entries(path)
        if (m := _TOC_NAME.fullmatch(name))
    ]
    return max(gens, default=-1)


def check_writable(path: Path) -> None:
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
            if exc.errno in (errno.ENOTEMPTY, errno.EEXIST) and has_toc(path):
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


def replaceable(path: Path) -> bool:
    if not path.is_dir():
        return False
    names = _entries(path)
    if not names - _EMPTY_INDEX_FILES or META_FILE in names:
        return True
    if not has_toc(path):
        return False
    try:
        return BULLETIN_FIELDS <= set(whoosh_index.open_dir(str(path)).schema.names())
    except Exception:
        return False


@contextmanager
def write_lock(path: Path, timeout: float = WRITE_TIMEOUT):
    """Hold the index's Whoosh write lock (if it has one) for the duration."""
    if not (path.is_dir() and has_toc(path)):
        yield
        return
    lock = FileStorage(str(path)).lock(_LOCK_NAME)
    deadline = time.monotonic() + timeout
    while not lock.acquire(False):
        if time.monotonic() > deadline:
            raise busy_error(path)
        time.sleep(_LOCK_POLL)
    try:
        yield
    finally:
        lock.release()


def writer_busy(path: Path) -> bool:
    """Whether another process holds the write lock of the index at path right now."""
    if not (path.is_dir() and has_toc(path)):
        return False
    lock = FileStorage(str(path)).lock(_LOCK_NAME)
    try:
        if lock.acquire(False):
            lock.release()
            return False
    except OSError:
        return False
    return True
