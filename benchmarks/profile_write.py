"""Profile the write path: where one batch's time goes in the process that runs Whoosh.

    python benchmarks/profile_write.py [--files 300] [--top 25]

Splits the first --files pages of the 10 % archive (`make_archive.py` builds it), then writes
them into a fresh index under cProfile and prints the functions by cumulative time. Only the
parent process is profiled; jieba runs in worker processes for batches of 400 articles or more.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bulletin_cli import index, ingest, read

ARCHIVE = Path(__file__).resolve().parent / "data" / "small"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    pages = sorted(ARCHIVE.glob("*/*.txt"))[: args.files]
    if not pages:
        print(f"no pages under {ARCHIVE}; run benchmarks/make_archive.py first", file=sys.stderr)
        return 1
    articles = [a for page in pages for a in ingest.articles_of(read.read_source(str(page)))]
    folder = Path(tempfile.mkdtemp(prefix="bulletin-profile-"))
    try:
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.runcall(index.write_articles, folder / "ix", articles)
        print(f"{len(articles)} articles from {len(pages)} pages written in {time.perf_counter() - start:.1f} s (profiled)")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
