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

import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_main  # noqa: E402 - the shared command line beside this script

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
    return peer_main.run(
        "SQLite FTS5 trigram peer", ingest, search, argv,
        search_flags={"match-only": "no LIKE fallback for 1-2 characters"},
    )


if __name__ == "__main__":
    sys.exit(main())
