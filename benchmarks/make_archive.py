"""Build the scale archives of issue 5 from the CCTV 《新闻联播》 transcripts.

Usage::

    python benchmarks/make_archive.py            # build what is missing, print the counts
    python benchmarks/make_archive.py --force    # rebuild both archives

From ``../shared/corpora/cctv_xwlb/xwlb_2012-2026.jsonl.gz`` (read at run time, never copied into
the repository) it writes one bulletin page per broadcast day::

    title line

    paragraph

    paragraph


    next title line
    ...

(a blank line between paragraphs, two blank lines between articles), named
``YYYY/YYYY-MM-DD.txt``.  Records with an empty body are skipped; the boilerplate opening
``央视网消息（新闻联播）：`` / ``中国网络电视台消息(新闻联播)：`` (and its spelling variants) is
stripped from the first paragraph.

Layout under ``benchmarks/data/`` (git-ignored)::

    full/              every day but the last (about 5,100 pages, 74,500 articles, 108 MB)
    full.gold.jsonl    its articles: gid, title, body (paragraphs joined by "\\n"), date, file
    full-next/         the last day, held out so that "add one more day" adds real new articles
    full-next.gold.jsonl
    small/             the first 500 days (the 10 % archive)
    small-next/        day 501
    *.meta.json        counts, written last: an archive with its meta file is complete

The gold files feed the naive and FTS5 peers (they index articles, not pages) and the
recall checks.  ``gid`` numbers the articles of the whole corpus in order, so an article has
the same gid in ``full`` and ``small``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import shutil
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "cctv_xwlb" / "xwlb_2012-2026.jsonl.gz"
DATA = ROOT / "benchmarks" / "data"
SMALL_DAYS = 500
FORMAT = 1  # bump when the page layout changes, so old archives are rebuilt

# 央视网消息（新闻联播）： 中国网络电视台消息(新闻联播)： 央视网(新闻联播)消息： 中国网络电视台消息： ...
PREFIX = re.compile(r"^(?:央视网|中国网络电视台)(?:消息)?(?:[（(]新闻联播[）)])?(?:消息)?[：:]\s*")


@dataclass(frozen=True)
class GoldArticle:
    gid: int
    date: str
    title: str
    body: str  # paragraphs joined by "\n"

    @property
    def file(self) -> str:
        return f"{self.date[:4]}/{self.date}.txt"

    def to_dict(self) -> dict:
        return {"gid": self.gid, "title": self.title, "body": self.body, "date": self.date, "file": self.file}


def strip_prefix(text: str) -> str:
    """Drop the broadcaster's boilerplate opening.

    >>> strip_prefix("央视网消息（新闻联播）：今天，国务院召开常务会议。")
    '今天，国务院召开常务会议。'
    >>> strip_prefix("中国网络电视台消息(新闻联播):本台消息，")
    '本台消息，'
    """
    return PREFIX.sub("", text, count=1)


def paragraphs(body: str) -> list[str]:
    """The body's non-empty lines, stripped, the first without its boilerplate prefix."""
    lines = [line.strip() for line in body.replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line]
    if lines:
        lines[0] = strip_prefix(lines[0]).strip()
    return [line for line in lines if line]


def gold_articles(records: Iterable[dict]) -> Iterator[GoldArticle]:
    """Articles of the records with a non-empty body, numbered in corpus order."""
    gid = 0
    for record in records:
        paras = paragraphs(record.get("body") or "")
        title = " ".join((record.get("title") or "").split())
        if not paras or not title:
            continue
        yield GoldArticle(gid, record["date"], title, "\n".join(paras))
        gid += 1


def page_text(articles: list[GoldArticle]) -> str:
    """One day's page: title, blank line, paragraphs apart, two blank lines between articles."""
    blocks = ["\n\n".join((a.title, *a.body.split("\n"))) for a in articles]
    return "\n\n\n".join(blocks) + "\n"


def by_day(articles: Iterable[GoldArticle]) -> list[tuple[str, list[GoldArticle]]]:
    days: dict[str, list[GoldArticle]] = {}
    for article in articles:
        days.setdefault(article.date, []).append(article)
    return sorted(days.items())


def read_records(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def write_archive(root: Path, name: str, days: list[tuple[str, list[GoldArticle]]]) -> dict:
    """Write pages and gold of some days as root/name/, root/name.gold.jsonl and root/name.meta.json."""
    folder = root / name
    tmp = root / (name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    text_bytes = characters = articles = 0
    with open(root / (name + ".gold.jsonl.tmp"), "w", encoding="utf-8") as gold:
        for date, items in days:
            text = page_text(items)
            page = tmp / date[:4] / f"{date}.txt"
            page.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            page.write_bytes(data)
            text_bytes += len(data)
            characters += len(text)
            articles += len(items)
            gold.writelines(json.dumps(article.to_dict(), ensure_ascii=False) + "\n" for article in items)
    shutil.rmtree(folder, ignore_errors=True)
    tmp.rename(folder)
    (root / (name + ".gold.jsonl.tmp")).replace(root / (name + ".gold.jsonl"))
    meta = {
        "format": FORMAT,
        "name": name,
        "pages": len(days),
        "articles": articles,
        "text_bytes": text_bytes,
        "characters": characters,
        "first_date": days[0][0] if days else "",
        "last_date": days[-1][0] if days else "",
    }
    (root / (name + ".meta.json")).write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return meta


ARCHIVES = ("full", "full-next", "small", "small-next")


def read_meta(root: Path, name: str) -> dict | None:
    try:
        meta = json.loads((root / (name + ".meta.json")).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    ok = meta.get("format") == FORMAT and (root / name).is_dir() and (root / (name + ".gold.jsonl")).is_file()
    return meta if ok else None


def build(corpus: Path = CORPUS, root: Path = DATA, small_days: int = SMALL_DAYS, force: bool = False) -> dict[str, dict]:
    """Build the four archives unless all are already there; return their meta by name."""
    metas = {name: read_meta(root, name) for name in ARCHIVES}
    if not force and all(metas.values()):
        return metas  # type: ignore[return-value]
    if not corpus.exists():
        raise FileNotFoundError(f"{corpus} is not here: ../shared (research corpora) must sit beside the repository")
    root.mkdir(parents=True, exist_ok=True)
    days = by_day(gold_articles(read_records(corpus)))
    if len(days) < small_days + 2:
        raise ValueError(f"{corpus} has only {len(days)} days; need more than {small_days + 1}")
    return {
        "full": write_archive(root, "full", days[:-1]),
        "full-next": write_archive(root, "full-next", days[-1:]),
        "small": write_archive(root, "small", days[:small_days]),
        "small-next": write_archive(root, "small-next", days[small_days : small_days + 1]),
    }


def describe(name: str, meta: dict) -> str:
    return (
        f"{name:<11} {meta['pages']:>6,} pages {meta['articles']:>7,} articles "
        f"{meta['text_bytes'] / 1e6:>7.1f} MB {meta['characters'] / 1e6:>6.2f} M characters "
        f"{meta['first_date']} .. {meta['last_date']}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="rebuild even if the archives exist")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the xwlb JSONL.gz")
    parser.add_argument("--out", type=Path, default=DATA, help="where the archives go")
    parser.add_argument("--small-days", type=int, default=SMALL_DAYS, help="days in the small archive")
    args = parser.parse_args(argv)
    try:
        metas = build(args.corpus, args.out, args.small_days, args.force)
    except (FileNotFoundError, ValueError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    for name in ARCHIVES:
        print(describe(name, metas[name]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
