"""What a search process spends before it searches: Python start-up and imports, measured.

Issue 5 asks a search to take at most 2.5 x as long as the SQLite FTS5 peer, whose whole
process (Python, `import sqlite3`, one MATCH) takes about 0.024 s here. This prints the
median wall time of processes that only start Python and import what a Typer + Rich + Whoosh
command needs, beside a whole `bulletin search`, so the floor under that target is visible.

    .venv/bin/python benchmarks/startup.py [--bulletin PATH] [--index DIR] [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

IMPORTS = {
    "python -c pass": "pass",
    "import sqlite3 (all the FTS5 peer imports)": "import sqlite3",
    "import whoosh.index, whoosh.qparser": "import whoosh.index, whoosh.qparser",
    "import typer": "import typer",
    "import rich.console, rich.table": "import rich.console, rich.table",
    "import bulletin_cli.cli (every command)": "import bulletin_cli.cli",
}


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(python: str, bulletin: str | None, index: Path | None, runs: int) -> list[tuple[str, float]]:
    rows = [(name, median_seconds([python, "-c", code], runs)) for name, code in IMPORTS.items()]
    if bulletin and index:
        command = [bulletin, "search", "志愿服务", "--index", str(index), "--limit", "10"]
        rows.append((f"bulletin search 志愿服务 --index {index}", median_seconds(command, runs)))
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    beside = Path(sys.executable).parent / "bulletin"
    default = str(beside) if beside.exists() else shutil.which("bulletin")
    parser.add_argument("--bulletin", default=default, help="bulletin executable (default: beside this Python, else on PATH)")
    parser.add_argument("--index", type=Path, help="an index to search (e.g. benchmarks/data/indexes/full-ours)")
    parser.add_argument("--runs", type=int, default=9, help="runs per measure, median (default 9)")
    args = parser.parse_args(argv)
    # The Python beside the bulletin executable has its packages; else this one.
    python = sys.executable
    if args.bulletin and (Path(args.bulletin).parent / "python").exists():
        python = str(Path(args.bulletin).parent / "python")
    for name, seconds in measure(python, args.bulletin, args.index, args.runs):
        print(f"{name:60} {seconds * 1000:7.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
