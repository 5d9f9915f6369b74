"""The Whoosh index: with queries.py, the only code that touches Whoosh.

Three modules, one job each:

- ``schema``: the fields, and an article's stored form (``document``, ``stored_article``);
- ``folder``: an index folder: opening with checks, the version file, the write lock, and
  what bulletin knows of Whoosh's files;
- ``writing``: the one place that opens a writer: pages in, articles out, merging, rebuild.

The names below are what the rest of bulletin uses. Those of ``writing`` are imported when
first used, so that the reading commands start without the write path.
"""

from bulletin_cli.index.folder import (
    META_FILE,
    WRITE_TIMEOUT,
    StoredArticles,
    open_for_writing,
    open_index,
    read_articles,
    record_files,
    schema_version,
    write_error_message,
    writer_busy,
)

# Indexes written before the index package pickled their schema with bulletin_cli.index.Counts:
# the name stays here so that such an index is read (and refused by its version, or rebuilt).
from bulletin_cli.index.schema import (
    DIRECTORY,
    PLACE_FIELDS,
    REGISTER_FIELDS,
    SCHEMA,
    SCHEMA_VERSION,
    Counts,
    directory_term,
    document,
    keyword_text,
    make_schema,
    parse_directory_term,
    read_topics,
    search_texts,
    stored_article,
    topic_column,
)

__all__ = [
    "DIRECTORY",
    "META_FILE",
    "PLACE_FIELDS",
    "REGISTER_FIELDS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "WRITE_TIMEOUT",
    "Counts",
    "StoredArticles",
    "Written",
    "directory_term",
    "document",
    "keyword_text",
    "make_schema",
    "merge_tiers",
    "open_for_writing",
    "open_index",
    "parse_directory_term",
    "read_articles",
    "read_topics",
    "record_files",
    "remove_articles",
    "replace_index",
    "schema_version",
    "search_texts",
    "stored_article",
    "topic_column",
    "write_articles",
    "write_error_message",
    "writer_busy",
]

_WRITING = {"Written", "merge_tiers", "remove_articles", "replace_index", "write_articles"}


def __getattr__(name: str):
    if name in _WRITING:
        from bulletin_cli.index import writing

        return getattr(writing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
