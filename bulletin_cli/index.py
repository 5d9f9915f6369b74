"""The Whoosh index: schema, opening with checks, and the one place that writes."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from bulletin_cli import analysis
from bulletin_cli.errors import (
    BulletinError,
    IndexBusyError,
    IndexMissingError,
    IndexVersionError,
)
from bulletin_cli.models import Article

SCHEMA_VERSION = 1
META_FILE = "bulletin.json"
WRITE_TIMEOUT = 60.0
PLACE_FIELDS = ("district", "street", "community")


def make_schema() -> Schema:
    """Declare the schema: bigram fields for search, a jieba word field for keywords."""
    bigrams = analysis.BigramAnalyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        source=ID(stored=True),
        ordinal=NUMERIC(stored=True),
        headline=STORED(),
        headings=TEXT(analyzer=bigrams, multitoken_query="phrase", field_boost=3.0),
        title=STORED(),
        subtitle=STORED(),
        text=TEXT(analyzer=bigrams, multitoken_query="phrase"),
        words=TEXT(analyzer=analysis.WordAnalyzer(), phrase=False, vector=True),
        district=ID(stored=True, sortable=True),
        street=ID(stored=True, sortable=True),
        community=ID(stored=True, sortable=True),
        date=ID(stored=True, sortable=True),
        event_date=STORED(),
        dateline=STORED(),
        byline=STORED(),
        body=STORED(),
        captions=STORED(),
    )


SCHEMA = make_schema()


def _read_meta(path: Path) -> dict | None:
    try:
        return json.loads((path / META_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def _check_version(path: Path) -> None:
    meta = _read_meta(path)
    if meta is None:
        raise IndexVersionError(
            f"{path} holds a Whoosh index that bulletin did not write; "
            "point --index at another folder or remove this one"
        )
    found = meta.get("schema_version")
    if found != SCHEMA_VERSION:
        raise IndexVersionError(
            f"index {path} has schema version {found}, this bulletin needs {SCHEMA_VERSION}; "
            "run `bulletin rebuild` to convert it"
        )


def open_index(path: Path):
    """Open an existing index for reading, or say how to make one."""
    if not path.is_dir() or not whoosh_index.exists_in(str(path)):
        raise IndexMissingError(f"No index at {path} — run `bulletin ingest FILE` first")
    _check_version(path)
    try:
        return whoosh_index.open_dir(str(path))
    except (whoosh_index.IndexError, OSError, EOFError, ValueError) as exc:
        raise IndexVersionError(f"index {path} cannot be opened ({exc}); rebuild it by ingesting again") from None


def open_for_writing(path: Path):
    """Open the index at path, creating it in an empty or missing folder."""
    if path.is_dir() and whoosh_index.exists_in(str(path)):
        return open_index(path)
    if path.exists() and not path.is_dir():
        raise BulletinError(f"{path} is a file, not an index folder; choose another --index")
    if path.is_dir() and any(not p.name.startswith(".") for p in path.iterdir()):
        raise BulletinError(f"{path} is not empty and not a bulletin index; choose another --index")
    try:
        path.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(path), SCHEMA)
        meta = {"schema_version": SCHEMA_VERSION}
        tmp = path / (META_FILE + ".tmp")
        tmp.write_text(json.dumps(meta), "utf-8")
        os.replace(tmp, path / META_FILE)
    except OSError as exc:
        raise BulletinError(f"cannot create an index in {path} ({exc.strerror or exc})") from None
    return ix


def document(article: Article) -> dict:
    """The fields Whoosh stores and indexes for one article."""
    search_text = "\n".join(
        (*article.headline, article.dateline, article.body, *article.captions, article.byline)
    )
    doc = {
        "id": article.id,
        "source": article.source,
        "ordinal": article.ordinal,
        "headline": list(article.headline),
        "headings": "\n".join(article.headline) or article.title,
        "title": article.title,
        "subtitle": article.subtitle,
        "text": search_text,
        "words": "\n".join((*article.headline, article.body)),
        "event_date": article.event_date,
        "dateline": article.dateline,
        "byline": article.byline,
        "body": article.body,
        "captions": list(article.captions),
    }
    for name in (*PLACE_FIELDS, "date"):
        value = getattr(article, name)
        if value:
            doc[name] = value
    return doc


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
    )


def write_articles(path: Path, articles: Iterable[Article]) -> tuple[int, int, int]:
    """Add or update articles in one commit; return (added, updated, unchanged).

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
    analysis.add_words(sorted(p for p in places if p))
    try:
        # Separate segment files: a compound file is read into memory when a searcher
        # opens (../shared/notes/whoosh-at-scale.md), separate files are mapped.
        writer = ix.writer(timeout=WRITE_TIMEOUT, compound=False)
    except whoosh_index.LockError:
        raise IndexBusyError(
            f"index {path} is busy: another bulletin process is writing to it; try again when it finishes"
        ) from None
    with writer:
        for article in pending:
            writer.update_document(**document(article))
    return added, updated, unchanged


def read_articles(path: Path, check_version: bool = True) -> list[Article]:
    """Every stored article of the index at path (also from an older schema version)."""
    if not path.is_dir() or not whoosh_index.exists_in(str(path)):
        raise IndexMissingError(f"No index at {path} — run `bulletin ingest FILE` first")
    if check_version:
        _check_version(path)
    try:
        ix = whoosh_index.open_dir(str(path))
        with ix.searcher() as searcher:
            return [stored_article(fields) for fields in searcher.all_stored_fields()]
    except (whoosh_index.IndexError, OSError, EOFError, ValueError, KeyError, AttributeError, ImportError) as exc:
        raise IndexVersionError(
            f"index {path} cannot be read ({exc}); rebuild it from an export with "
            "`bulletin rebuild --from FILE.jsonl`, or re-ingest your pages"
        ) from None


def replace_index(path: Path, articles: list[Article]) -> int:
    """Write articles into a fresh index beside path, then swap it into place."""
    fresh = path.parent / f".{path.name}.rebuild-{os.getpid()}"
    old = path.parent / f".{path.name}.old-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    try:
        write_articles(fresh, articles)
        if not whoosh_index.exists_in(str(fresh)):
            open_for_writing(fresh)  # an empty export still gives an index
        if path.exists():
            os.replace(path, old)
        os.replace(fresh, path)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        if old.exists() and not path.exists():
            os.replace(old, path)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return len({a.id for a in articles})
