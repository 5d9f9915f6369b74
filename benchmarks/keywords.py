"""How good are `bulletin summary`'s keywords, and how quick? (issue 11)

Usage::

    python benchmarks/keywords.py --corpus pd1998 --index DIR     # the 1998 pages, indexed in DIR
    python benchmarks/keywords.py --corpus cctv --index DIR       # the CCTV archive (make_archive.py)
    python benchmarks/keywords.py --corpus cctv --index DIR --timing   # also time whole processes
    python benchmarks/keywords.py ... --details                   # every selection's keywords

It runs ``queries.summary`` of whichever ``bulletin_cli`` the Python running it imports, so the
same script measures an older build (run it with that build's Python, on an index that build
wrote) and this one. The index is made by ``bulletin ingest`` of the corpus's pages
(``../shared/corpora/pd1998/pages``, or ``benchmarks/data/full`` from ``make_archive.py``).

Selections (at least 30 per corpus): the 20 topic searches of the issue (农民, 香港 … 税收);
the provinces (and municipalities) with the most articles; on the CCTV archive also the 12
months of one year, each against the next for the overlap. Top 10 keywords of each.

Measures, pooled over every keyword of every selection:

- generic share: keywords among the archive's 150 words of highest document frequency. The
  words are jieba's precise-mode words (its own dictionary) of the corpus's gold articles
  (title and body), of two or more characters with a letter in them, leaving out the stop
  words bulletin ships; computed once and kept in ``benchmarks/data/keywords/``.
- title support: keywords found (width and case folded) in at least two titles of the
  articles selected.
- month overlap: of two adjacent months' top 10, the share the second shares with the first
  (mean and largest).
- with ``--timing``: whole ``bulletin summary`` processes (median of --runs) for the busiest
  month and for a search of about 3,000 hits (of these queries and the topics, the one whose
  count is closest to 3,000).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = ROOT / "benchmarks" / "data"
CACHE = DATA / "keywords"
GOLD = {
    "pd1998": SHARED / "corpora" / "pd1998" / "articles.jsonl",
    "cctv": DATA / "full.gold.jsonl",
}
TOPICS = ("农民", "香港", "教育", "足球", "春节", "企业", "改革", "法律", "科技", "军队",
          "银行", "环境", "医院", "铁路", "文艺", "扶贫", "电影", "外交", "住房", "税收")
MONTHS = {"cctv": ("2019-07", 12)}  # first month, number of consecutive months
PLACES = 10  # the provinces with most articles
GENERIC = 150
TOP = 10
# Candidate searches for "a summary of about 3,000 hits", with the topics (the closest count is timed).
LARGE_QUERIES = ("经济", "企业", "改革", "合作", "创新", "会议", "习近平", "安全", "社会")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def gold_articles(corpus: str) -> list[tuple[str, str]]:
    """(title, body) of the corpus's gold articles."""
    path = GOLD[corpus]
    if not path.exists():
        sys.exit(f"Error: {path} is missing (../shared, or run benchmarks/make_archive.py)")
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            body = record.get("body") or "\n".join(record.get("paragraphs", ()))
            out.append((record.get("title") or "", body))
    return out


_LETTER = re.compile(r"[^\W\d_]")


def _words_of(text: str) -> set[str]:
    import jieba

    return {w for w in jieba.cut(fold(text)) if len(w) > 1 and _LETTER.search(w) and not w.isspace()}


def generic_words(corpus: str, size: int = GENERIC) -> list[str]:
    """The archive's size words of highest document frequency (cached)."""
    cache = CACHE / f"generic-{corpus}.json"
    if cache.exists():
        return json.loads(cache.read_text("utf-8"))["words"][:size]
    from multiprocessing import Pool

    from bulletin_cli import analysis

    stop = analysis.stop_words()
    texts = [f"{t}\n{b}" for t, b in gold_articles(corpus)]
    df: Counter = Counter()
    print(f"computing the generic words of {corpus} ({len(texts):,} articles, jieba) …", file=sys.stderr)
    with Pool() as pool:
        for words in pool.imap_unordered(_words_of, texts, chunksize=64):
            df.update(words)
    ranked = [(w, n) for w, n in df.most_common() if w not in stop][:1000]
    CACHE.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({
        "corpus": corpus, "articles": len(texts),
        "rule": "jieba precise mode (own dictionary), folded title + body, >= 2 characters with a letter, "
                "not a bulletin stop word; document frequency",
        "words": [w for w, _ in ranked], "df": [n for _, n in ranked],
    }, ensure_ascii=False, indent=0), "utf-8")
    return [w for w, _ in ranked][:size]


@dataclass
class Selection:
    kind: str  # topic, month, place
    label: str
    query: str | None
    filters: object
    titles: list[str]  # titles of the articles selected
    keywords: list[str] = ()
    summary_articles: int = 0


def month_bounds(month: str):
    import datetime as dt

    year, mon = map(int, month.split("-"))
    first = dt.date(year, mon, 1)
    nxt = dt.date(year + mon // 12, mon % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def next_month(month: str) -> str:
    year, mon = map(int, month.split("-"))
    return f"{year + mon // 12}-{mon % 12 + 1:02d}"


def selections(corpus: str, index: Path) -> list[Selection]:
    from bulletin_cli import queries
    from bulletin_cli.queries import Filters

    articles = list(queries.export(index))
    found: list[Selection] = []
    for topic in TOPICS:
        result = queries.search(index, topic, Filters(), limit=10**7)
        found.append(Selection("topic", topic, topic, Filters(), [h.article.title for h in result.hits]))
    if corpus in MONTHS:
        month, count = MONTHS[corpus]
        for _ in range(count):
            since, until = month_bounds(month)
            titles = [a.title for a in articles if a.date.startswith(month)]
            found.append(Selection("month", month, None, Filters(since=since, until=until), titles))
            month = next_month(month)
    provinces = Counter(a.province for a in articles if a.province)
    for province, _ in provinces.most_common(PLACES):
        titles = [a.title for a in articles if a.province == province]
        found.append(Selection("place", province, None, Filters(province=province), titles))
    return found


def supported(keyword: str, titles: list[str], folded_cache: dict) -> bool:
    key = id(titles)
    if key not in folded_cache:
        folded_cache[key] = [fold(t) for t in titles]
    word = fold(keyword)
    return sum(1 for t in folded_cache[key] if word in t) >= 2


def measure(corpus: str, index: Path, top: int = TOP) -> tuple[list[Selection], dict]:
    from bulletin_cli import queries

    generic = set(generic_words(corpus))
    chosen = selections(corpus, index)
    for s in chosen:
        result = queries.summary(index, s.query, s.filters, top=top)
        s.keywords = [k.term for k in result.keywords]
        s.summary_articles = result.articles
    folded: dict = {}
    keywords = [(s, k) for s in chosen for k in s.keywords]
    stats = {
        "selections": len(chosen),
        "by kind": dict(Counter(s.kind for s in chosen)),
        "keywords": len(keywords),
        "generic share": sum(k in generic for _, k in keywords) / max(1, len(keywords)),
        "title support": sum(supported(k, s.titles, folded) for s, k in keywords) / max(1, len(keywords)),
        "mismatched selections": [s.label for s in chosen if s.summary_articles != len(s.titles)],
    }
    months = [s for s in chosen if s.kind == "month"]
    overlaps = [len(set(a.keywords) & set(b.keywords)) / max(1, len(b.keywords)) for a, b in zip(months, months[1:])]
    if overlaps:
        stats["month overlap mean"] = statistics.mean(overlaps)
        stats["month overlap max"] = max(overlaps)
    return chosen, stats


def timed(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])  # the first run warms the page cache


def timings(corpus: str, index: Path, bulletin: str, runs: int) -> dict:
    from bulletin_cli import queries

    articles = list(queries.export(index))
    month = Counter(a.date[:7] for a in articles if a.date).most_common(1)[0][0]
    since, until = month_bounds(month)
    counts = {q: queries.search(index, q, limit=1).total for q in (*LARGE_QUERIES, *TOPICS)}
    large = min(counts, key=lambda q: abs(counts[q] - 3000))
    base = [bulletin, "summary", "--index", str(index), "-f", "json"]
    return {
        f"summary of month {month} ({sum(a.date.startswith(month) for a in articles):,} articles), s":
            timed([*base, "--since", str(since), "--until", str(until)], runs),
        f"summary {large} ({counts[large]:,} hits), s": timed([*base, large], runs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", choices=sorted(GOLD), required=True)
    parser.add_argument("--index", type=Path, required=True, help="the corpus indexed by the bulletin under test")
    parser.add_argument("--top", type=int, default=TOP)
    parser.add_argument("--details", action="store_true", help="print every selection's keywords")
    parser.add_argument("--timing", action="store_true", help="time whole summary processes too")
    parser.add_argument("--bulletin", default=str(Path(sys.executable).parent / "bulletin"),
                        help="the bulletin command to time (default: beside this Python)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the numbers and keywords here")
    args = parser.parse_args(argv)
    import bulletin_cli

    chosen, stats = measure(args.corpus, args.index, args.top)
    if args.timing:
        stats.update(timings(args.corpus, args.index, args.bulletin, args.runs))
    print(f"bulletin {bulletin_cli.__version__} from {Path(bulletin_cli.__file__).parent.parent}, index {args.index}")
    if args.details:
        for s in chosen:
            print(f"  {s.kind:<5} {s.label:<8} {len(s.titles):>6,} articles: {' '.join(s.keywords)}")
    for key, value in stats.items():
        shown = f"{value:.3f}" if isinstance(value, float) else value
        print(f"{key:<48} {shown}")
    if args.json:
        args.json.write_text(json.dumps({
            "stats": stats,
            "selections": [{"kind": s.kind, "label": s.label, "articles": len(s.titles), "keywords": s.keywords}
                           for s in chosen],
        }, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
