"""Time the searches of two bulletin builds side by side on one index.

    python benchmarks/compare_speed.py INDEX OLD_SRC NEW_SRC [--runs 9] [--calls 20] [QUERY ...]

OLD_SRC and NEW_SRC are folders that hold a ``bulletin_cli`` package (a checkout of each
commit, or ``pip install --no-deps --target DIR``); both run on this script's Python and
its installed dependencies, with the folder first on PYTHONPATH. For every query, round
after round, the two builds run alternately in a random order, so that load on a shared
machine falls on both alike:

- process: the wall time of a whole ``bulletin search QUERY --limit 10 -f json`` process, as
  ``run.py`` measures it (start-up included), and its CPU time (user + system, which other
  work on the machine disturbs less), medians of --runs;
- search: inside one process per build and round, the median CPU time of --calls calls of
  ``queries.search(INDEX, QUERY, limit=10)`` after one warm-up call; the median over rounds.

Before timing, each build answers every query once without a limit; the total and the hit
ids are compared (``compare_results.py`` compares whole records).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUERIES = [
    "社区", "志愿服务", "燕宇社区", "电动自行车",
    "改革 -开放", "合作 -一带一路", "经济 OR 金融", "习近平 会见", "(经济 OR 金融) -改革",
    "志愿服务 OR 社区", "人民 -(代表 OR 大会)", "中 -国",
]
SEARCH_CODE = """
import json, statistics, sys, time
from pathlib import Path
from bulletin_cli import queries
path, text, calls = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
if calls == 0:
    result = queries.search(path, text, limit=1_000_000)
    print(json.dumps({"total": result.total, "ids": [h.article.id for h in result.hits]}))
else:
    queries.search(path, text, limit=10)
    times = []
    for _ in range(calls):
        start = time.process_time()
        queries.search(path, text, limit=10)
        times.append(time.process_time() - start)
    print(statistics.median(times))
"""
CLI_CODE = "import sys; from bulletin_cli.cli import app; sys.argv[0] = 'bulletin'; app()"


def _env(src: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(src)}


def _python(src: Path, code: str, *args: str) -> str:
    # Run in src: `python -c` puts the working directory before PYTHONPATH.
    proc = subprocess.run([sys.executable, "-c", code, *args], env=_env(src), cwd=src, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{src}: {proc.stderr.strip()}")
    return proc.stdout


def _process_time(src: Path, index: Path, text: str) -> tuple[float, float]:
    """(wall, CPU) seconds of one search process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", CLI_CODE, "search", text, "--index", str(index), "--limit", "10", "-f", "json"],
        env=_env(src), cwd=src, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("old", type=Path, help="folder holding the old bulletin_cli")
    parser.add_argument("new", type=Path, help="folder holding the new bulletin_cli")
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--runs", type=int, default=9, help="rounds (default 9)")
    parser.add_argument("--calls", type=int, default=20, help="in-process calls per round (default 20)")
    args = parser.parse_intermixed_args(argv)
    args.index = args.index.resolve()
    builds = {"old": args.old.resolve(), "new": args.new.resolve()}
    for name, src in builds.items():
        where = _python(src, "import bulletin_cli; print(bulletin_cli.__file__)").strip()
        print(f"{name}: {where}", file=sys.stderr)
    load = os.getloadavg()[0]
    print(f"index {args.index}, {args.runs} rounds, {args.calls} calls per round; load average {load:.2f} at start")
    print(f"{'query':24} {'hits old/new':>14} {'answers':>8}  {'process wall old/new s':>22} {'ratio':>6}  "
          f"{'process CPU old/new s':>22} {'ratio':>6}  {'search CPU old/new ms':>22} {'ratio':>6}")
    for text in args.queries:
        answers = {name: json.loads(_python(src, SEARCH_CODE, str(args.index), text, "0")) for name, src in builds.items()}
        same = "same" if set(answers["old"]["ids"]) == set(answers["new"]["ids"]) else "DIFFER"
        wall: dict[str, list[float]] = {name: [] for name in builds}
        cpu: dict[str, list[float]] = {name: [] for name in builds}
        search: dict[str, list[float]] = {name: [] for name in builds}
        for _ in range(args.runs):
            for name in random.sample(list(builds), len(builds)):
                process_wall, process_cpu = _process_time(builds[name], args.index, text)
                wall[name].append(process_wall)
                cpu[name].append(process_cpu)
                search[name].append(float(_python(builds[name], SEARCH_CODE, str(args.index), text, str(args.calls))))
        w, c, s = ({name: statistics.median(times) for name, times in d.items()} for d in (wall, cpu, search))
        hits = f"{answers['old']['total']}/{answers['new']['total']}"
        print(f"{text:24} {hits:>14} {same:>8}  {w['old']:11.3f} {w['new']:10.3f} {w['new'] / w['old']:6.2f}  "
              f"{c['old']:11.3f} {c['new']:10.3f} {c['new'] / c['old']:6.2f}  "
              f"{s['old'] * 1000:11.1f} {s['new'] * 1000:10.1f} {s['new'] / s['old']:6.2f}", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
