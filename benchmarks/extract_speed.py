"""Time the extract stage (titles, places, dates, ids) per 1,000 articles.

Pages are cut into raw articles first (read, repair and split are not timed), then every
page's articles are extracted as ``ingest.articles_of`` does: with its page context and the
page's settling of ambiguous places where this bulletin has them. It runs against whichever
``bulletin_cli`` Python imports, so an older commit is timed the same way::

    python benchmarks/extract_speed.py                          # CCTV, first 1,000 days
    PYTHONPATH=../main python benchmarks/extract_speed.py       # the same, on main
    python benchmarks/extract_speed.py --pd1998                 # the 278 People's Daily pages

The corpora are read from ../shared at run time. Times are CPU seconds of this process (a
busy machine slows the wall clock, not them); the register is loaded before timing starts and
its loading time is printed on its own.
"""

from __future__ import annotations

import argparse
import inspect
import sys
import time
from pathlib import Path

from bulletin_cli import extract, repair, split

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import make_archive  # noqa: E402

PD1998 = ROOT.parent / "shared" / "corpora" / "pd1998" / "pages"


def cctv_pages(days: int) -> list[tuple[str, str]]:
    articles = make_archive.gold_articles(make_archive.read_records(make_archive.CORPUS))
    return [(f"{day}.txt", make_archive.page_text(items)) for day, items in make_archive.by_day(articles)[:days]]


def pd1998_pages() -> list[tuple[str, str]]:
    if not PD1998.is_dir():
        raise FileNotFoundError(f"{PD1998} is not here: ../shared (research corpora) must sit beside the repository")
    return [(path.name, path.read_text("utf-8")) for path in sorted(PD1998.glob("*.txt"))]


def cut(pages: list[tuple[str, str]]) -> list[tuple[str, list[str], list]]:
    """Each page's header lines and raw articles (untimed)."""
    cut_pages = []
    for name, text in pages:
        for _, page in extract.dated_pages(text):
            headers = [name, *(line for line in page.split("\n") if line.strip() and repair.is_furniture(line))]
            cut_pages.append((name, headers, split.split_articles(repair.repair_text(page))))
    return cut_pages


def extract_all(cut_pages) -> int:
    with_places = "page" in inspect.signature(extract.extract_article).parameters
    if with_places:
        from bulletin_cli import places
    count = 0
    for name, headers, raws in cut_pages:
        if with_places:
            page = places.page_context(headers)
            found = [extract.extract_article(raw, name, i, None, page) for i, raw in enumerate(raws, 1)]
            found = extract.settle_page(found, page)
        else:
            found = [extract.extract_article(raw, name, i, None) for i, raw in enumerate(raws, 1)]
        count += len(found)
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pd1998", action="store_true", help="the 1998 People's Daily pages instead of CCTV")
    parser.add_argument("--days", type=int, default=1000, help="CCTV broadcast days (default 1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs; the fastest counts")
    args = parser.parse_args(argv)
    pages = pd1998_pages() if args.pd1998 else cctv_pages(args.days)
    cut_pages = cut(pages)
    if "page" in inspect.signature(extract.extract_article).parameters:
        from bulletin_cli import places

        start = time.process_time()
        places.register()
        print(f"register loaded in {time.process_time() - start:.2f} s")
    best = None
    for _ in range(args.runs):
        start = time.process_time()
        count = extract_all(cut_pages)
        elapsed = time.process_time() - start
        best = elapsed if best is None else min(best, elapsed)
    corpus = "pd1998" if args.pd1998 else f"CCTV, {args.days} days"
    print(f"{corpus}: {len(pages)} pages, {count:,} articles, extract {best:.2f} s, "
          f"{1e6 * best / count:.0f} ms per 1,000 articles (CPU, fastest of {args.runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
