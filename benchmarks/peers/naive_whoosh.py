"""The tutorial way of searching Chinese with Whoosh: the naive peer of issue 5.

Usage::

    python benchmarks/peers/naive_whoosh.py ingest GOLD.jsonl --index DIR
    python benchmarks/peers/naive_whoosh.py search QUERY --index DIR [--limit N]

``ingest`` indexes gold articles (``make_archive.py``'s JSONL: no splitting) with the schema of
every "Whoosh + jieba" tutorial -- ``TEXT(stored=True, analyzer=ChineseAnalyzer())`` for title
and body -- through one default ``ix.writer()`` and one commit (adding to an existing index, as
when one more day arrives, goes through the same default writer and its merge policy).
``search`` parses the query with ``MultifieldParser`` over title and body and prints
``{"total": N, "hits": [gid, ...]}`` (best first, at most N; ``--limit 0`` means all).
Nothing is tuned: this is what a user would write after reading the tutorials.
"""

from __future__ import annotations

import json
import os
import sys

from jieba.analyse import ChineseAnalyzer
from whoosh import index
from whoosh.fields import ID, TEXT, Schema
from whoosh.qparser import MultifieldParser

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_main  # noqa: E402 - the shared command line beside this script


def schema() -> Schema:
    analyzer = ChineseAnalyzer()
    return Schema(
        gid=ID(stored=True, unique=True),
        title=TEXT(stored=True, analyzer=analyzer),
        body=TEXT(stored=True, analyzer=analyzer),
    )


def ingest(gold: str, folder: str) -> int:
    if index.exists_in(folder):
        ix = index.open_dir(folder)
    else:
        os.makedirs(folder, exist_ok=True)
        ix = index.create_in(folder, schema())
    writer = ix.writer()
    count = 0
    with open(gold, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            writer.add_document(gid=str(record["gid"]), title=record["title"], body=record["body"])
            count += 1
    writer.commit()
    return count


def search(query: str, folder: str, limit: int) -> dict:
    ix = index.open_dir(folder)
    parsed = MultifieldParser(["title", "body"], schema=ix.schema).parse(query)
    with ix.searcher() as searcher:
        results = searcher.search(parsed, limit=limit or None)
        return {"total": len(results), "hits": [int(hit["gid"]) for hit in results]}


def main(argv: list[str] | None = None) -> int:
    return peer_main.run("naive Whoosh + jieba peer", ingest, search, argv)


if __name__ == "__main__":
    sys.exit(main())
