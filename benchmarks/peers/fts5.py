"""SQLite FTS5 with the built-in trigram tokenizer: a peer of issue 5.

Usage::

    python benchmarks/peers/fts5.py ingest GOLD.jsonl --index DIR
    python benchmarks/peers/fts5.py search QUERY --index DIR [--limit N]

``ingest`` puts gold articles (``make_archive.py``'s JSONL) into ``DIR/fts5.db``, a table
``articles(title, body)`` with ``tokenize='trigram'`` and the gid as rowid, in one transaction
(appending when the table exists).  ``search`` strips the query; a query of 3 or more
characters is one phrase ``MATCH`` ranked by FTS5's bm25; a shorter one cannot be a trigram, so
MATCH returns nothing, and the peer falls back to ``title LIKE '%q%' OR body LIKE '%q%'`` (a
scan, unranked).  ``--match-only`` skips that fallback, to show the trigram failure.
Prints ``{"total": N, "hits": [gid, ...]}``, at most N hits (``--limit 0`` means all).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys

DB = "fts5.db"


def connect(folder: str) -> sqlite3.Connection:
    return sqlite3.connect(os.path.join(folder, DB))


def ingest(gold: str, folder: str) -> int:
    os.makedirs(folder, exist_ok=True)
    db = connect(folder)
    with db:
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS articles USING fts5(title, body, tokenize='trigram')")
        with open(gold, encoding="utf-8") as f:
            rows = ((r["gid"], r["title"], r["body"]) for r in map(json.loads, f))
            count = db.executemany("INSERT INTO articles(rowid, title, body) VALUES (?, ?, ?)", rows).rowcount
    db.close()
    return count


def like_pattern(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search(query: str, folder: str, limit: int, match_only: bool = False) -> dict:
    query = query.strip()
    db = connect(folder)
    if len(query) >= 3 or match_only:
        phrase = '"' + query.replace('"', '""') + '"'
        total = db.execute("SELECT count(*) FROM articles WHERE articles MATCH ?", (phrase,)).fetchone()[0]
        rows = db.execute(
            "SELECT rowid FROM articles WHERE articles MATCH ? ORDER BY rank LIMIT ?", (phrase, limit or -1)
        ).fetchall()
    else:
        where = "title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\'"
        pattern = like_pattern(query)
        total = db.execute(f"SELECT count(*) FROM articles WHERE {where}", (pattern, pattern)).fetchone()[0]
        rows = db.execute(
            f"SELECT rowid FROM articles WHERE {where} LIMIT ?", (pattern, pattern, limit or -1)
        ).fetchall()
    db.close()
    return {"total": total, "hits": [r[0] for r in rows]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="SQLite FTS5 trigram peer")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("gold")
    p.add_argument("--index", required=True)
    p = sub.add_parser("search")
    p.add_argument("query")
    p.add_argument("--index", required=True)
    p.add_argument("--limit", type=int, default=10)
    p.add_argument("--match-only", action="store_true", help="no LIKE fallback for 1-2 characters")
    args = parser.parse_args(argv)
    if args.command == "ingest":
        print(f"{ingest(args.gold, args.index)} articles indexed", file=sys.stderr)
    else:
        print(json.dumps(search(args.query, args.index, args.limit, args.match_only)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
