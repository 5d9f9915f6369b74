"""Measure `bulletin` at archive scale against its peers (issue 5) and print one table.

Usage::

    python benchmarks/run.py                 # 10 % archive, then the full archive (15-20 min)
    python benchmarks/run.py --small-only    # only the 10 % archive (a few minutes)
    python benchmarks/run.py --skip-peers    # only bulletin
    python benchmarks/run.py --full-only     # only the full archive
    python benchmarks/run.py --workers 1     # bulletin's ingest with one worker process
    python benchmarks/run.py --runs 9        # searches: median of 9 timed runs (default 5)
    python benchmarks/run.py --markdown      # the table as Markdown

The archives are built by ``make_archive.py`` when missing (needs ``../shared``).  Indexes go
to ``benchmarks/data/indexes/`` and are rebuilt from scratch on every run; the table and the raw
numbers (JSON) are saved under ``benchmarks/data/results/``.

How things are measured
-----------------------
- Every measurement is a whole separate process started through ``/usr/bin/time``, so start-up
  and imports count as a user would feel them.  Wall time is taken around the process; peak
  memory is the child's ``ru_maxrss`` as ``/usr/bin/time`` reports it (the largest single
  process of the tree; measuring through ``os.wait4`` directly would report the *harness's*
  peak, because a child inherits its parent's high-water mark across fork/exec).  For ingests,
  the resident memory of the whole process tree is also sampled from ``/proc`` every 0.1 s, and
  shown as ``(tree N)`` when worker processes make it larger.  "cores" is user + system CPU
  time (waited-for children included) over wall time.
- Searches: one untimed run with no limit first (it warms the page cache and gives the complete
  result set for the recall check), then ``--runs`` timed runs with ``--limit 10``; the table
  shows the median wall time and the largest peak.
- Recall and precision of bulletin: the ids of ``bulletin search Q -f json --limit 100000``
  against the articles of ``bulletin export`` whose headline, dateline, body, captions or byline
  contain Q (width and case folded) -- exactly what the README promises.  The peers are checked
  against the gold articles (title or body contains Q), grep against the gold pages; their cells
  show the hits with ``+over/-under``.
- The index is fresh for every run: ingest of the archive folder, then the searches, timeline
  and summaries, then "one more day" (the held-out next page) is added and the searches are
  timed again.

Targets are issue 5's, stated for the full archive; the same thresholds are applied to the 10 %
archive.  "Scaling" rows compare the two archives: ingest should grow linearly (time ratio at
most 1.25 x the article ratio) and search stay nearly flat (full at most 1.5 x small).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import make_archive  # noqa: E402 - a sibling script, importable once its folder is on the path

DATA = make_archive.DATA
PEERS = HERE / "peers"
QUERIES = ("社区", "志愿服务", "燕宇社区", "电动自行车")
SUMMARY_QUERY = "社区"
TIME = "/usr/bin/time"
MIB = 1024 * 1024

# Targets of issue 5.
INGEST_SPEEDUP = 2.0  # x the naive peer's articles per second
INGEST_PEAK_MIB = 500
INDEX_RATIO = 4.0  # x the text bytes
SEARCH_SECONDS = 0.25
SEARCH_VS_FTS5 = 2.5
SEARCH_PEAK_MIB = 150
QUERY_SECONDS = 1.0  # timeline, summary
ADD_DAY_SECONDS = 2.0
BOTH_CORES = 1.5  # cores used by ingest, our reading of "using both cores" on 2 cores
LINEAR_SLACK = 1.25
FLAT_SEARCH = 1.5


# --------------------------------------------------------------------------- measuring


@dataclass
class Measured:
    """One whole-process run."""

    command: list[str]
    wall: float
    returncode: int
    stdout: str
    stderr: str
    peak_mib: float | None = None  # largest single process (ru_maxrss)
    tree_mib: float | None = None  # sampled sum over the process tree
    cpu: float | None = None  # user + system seconds

    @property
    def ok(self) -> bool:
        return self.returncode == 0

    @property
    def memory_mib(self) -> float | None:
        """The larger of the two memory figures (what a target must hold for)."""
        values = [v for v in (self.peak_mib, self.tree_mib) if v is not None]
        return max(values) if values else None


def children(pid: int) -> list[int]:
    """Direct children of a process (Linux /proc), [] when unknown."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                found.extend(int(c) for c in f.read().split())
        except OSError:
            pass
    return found


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kib(root: int, include_root: bool = True) -> int:
    """Resident memory of a process and all its descendants."""
    total = rss_kib(root) if include_root else 0
    stack = children(root)
    while stack:
        pid = stack.pop()
        total += rss_kib(pid)
        stack.extend(children(pid))
    return total


def parse_time_output(text: str) -> tuple[float | None, float | None]:
    """(peak MiB, user+system s) from `/usr/bin/time -f '%M %U %S'` output (last line)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return None, None
    parts = lines[-1].split()
    try:
        peak_kib, user, system = int(parts[0]), float(parts[1]), float(parts[2])
    except (IndexError, ValueError):
        return None, None
    return peak_kib / 1024, user + system


def measure(
    command: Sequence[str], *, sample_tree: bool = False, interval: float = 0.1, env: dict | None = None
) -> Measured:
    """Run command as its own process; wall time, peak memory, CPU time, output."""
    command = [str(c) for c in command]
    use_time = os.access(TIME, os.X_OK)
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        report = Path(tmp) / "time"
        full = [TIME, "-f", "%M %U %S", "-o", str(report), *command] if use_time else command
        out_path, err_path = Path(tmp) / "out", Path(tmp) / "err"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            process = subprocess.Popen(full, stdout=out, stderr=err, env=env)
            tree_peak = 0
            done = threading.Event()

            def sample() -> None:
                nonlocal tree_peak
                while not done.is_set():
                    # /usr/bin/time itself is not the measured program.
                    tree_peak = max(tree_peak, tree_rss_kib(process.pid, include_root=not use_time))
                    done.wait(interval)

            sampler = threading.Thread(target=sample, daemon=True) if sample_tree else None
            if sampler:
                sampler.start()
            returncode = process.wait()
            wall = time.perf_counter() - start
            done.set()
            if sampler:
                sampler.join()
        peak, cpu = parse_time_output(report.read_text()) if use_time and report.exists() else (None, None)
        return Measured(
            command=command,
            wall=wall,
            returncode=returncode,
            stdout=out_path.read_text("utf-8", errors="replace"),
            stderr=err_path.read_text("utf-8", errors="replace"),
            peak_mib=peak,
            tree_mib=tree_peak / 1024 if sample_tree and tree_peak else None,
            cpu=cpu,
        )


def dir_bytes(path: Path) -> int:
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(folder, name))
            except OSError:
                pass
    return total


SEGMENT = re.compile(r"^([A-Za-z]+_[a-z0-9]+)\.[a-z]+$")


def whoosh_segments(path: Path) -> int:
    """Number of Whoosh segments in an index folder (distinct MAIN_<id>.* file stems)."""
    if not path.is_dir():
        return 0
    return len({m.group(1) for name in os.listdir(path) if (m := SEGMENT.match(name))})


# --------------------------------------------------------------------------- truth


FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def fold(text: str) -> str:
    """Width and case folded, as bulletin matches (ＡＢＣ = abc, １９９８ = 1998)."""
    return text.translate(FOLD).lower()


def article_text(article: dict) -> str:
    """The searchable text of an exported article: headline, dateline, body, captions, byline."""
    parts = [*article.get("headline", ()), article.get("dateline", ""), article.get("body", "")]
    parts += [*article.get("captions", ()), article.get("byline", "")]
    return fold("\n".join(p for p in parts if p))


def containing(texts: Iterable[tuple[object, str]], queries: Iterable[str]) -> dict[str, set]:
    """For each query, the keys whose text (already folded) contains the folded query."""
    queries = list(queries)
    found: dict[str, set] = {q: set() for q in queries}
    folded = {q: fold(q) for q in queries}
    for key, text in texts:
        for q in queries:
            if folded[q] in text:
                found[q].add(key)
    return found


def gold_texts(gold: Path) -> Iterable[tuple[int, str, str]]:
    """(gid, file, folded title + body) of every gold article."""
    with open(gold, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            yield record["gid"], record["file"], fold(record["title"] + "\n" + record["body"])


@dataclass
class Accuracy:
    hits: int
    truth: int
    over: int  # returned but not containing the query
    under: int  # containing the query but not returned

    @property
    def recall(self) -> float:
        return 1.0 if not self.truth else (self.truth - self.under) / self.truth

    @property
    def precision(self) -> float:
        return 1.0 if not self.hits else (self.hits - self.over) / self.hits

    @property
    def exact(self) -> bool:
        return self.over == 0 and self.under == 0


def accuracy(returned: Iterable, truth: set) -> Accuracy:
    returned = set(returned)
    return Accuracy(len(returned), len(truth), len(returned - truth), len(truth - returned))


# --------------------------------------------------------------------------- systems


@dataclass
class System:
    """One contender: how to build its index, add a day, search, and read its hits."""

    name: str
    ingest: Callable[[Path, Path], list[str]] | None  # (archive folder, gold) -> command
    search: Callable[[str, int], list[str]]  # (query, limit; 0 = all) -> command
    hits: Callable[[str], list]  # stdout -> hit keys
    index: Path | None
    ok_codes: tuple[int, ...] = (0,)


def bulletin_command() -> str:
    beside = Path(sys.executable).parent / "bulletin"
    return str(beside) if beside.exists() else (shutil.which("bulletin") or "bulletin")


def ours(index: Path, bulletin: str) -> System:
    return System(
        "ours",
        ingest=lambda folder, gold: [bulletin, "ingest", str(folder), "-q", "--index", str(index)],
        search=lambda q, limit: [bulletin, "search", q, "--index", str(index), "-f", "json", "--limit", str(limit or 100000)],
        hits=lambda out: [h["id"] for h in json.loads(out or "[]")],
        index=index,
    )


def python_peer(name: str, script: str, index: Path) -> System:
    path = str(PEERS / script)
    return System(
        name,
        ingest=lambda folder, gold: [sys.executable, path, "ingest", str(gold), "--index", str(index)],
        search=lambda q, limit: [sys.executable, path, "search", q, "--index", str(index), "--limit", str(limit)],
        hits=lambda out: json.loads(out)["hits"],
        index=index,
    )


def grep_peer(archive: Path) -> System:
    def hits(out: str) -> list[str]:
        return [Path(line).relative_to(archive).as_posix() for line in out.splitlines() if line.strip()]

    return System(
        "grep",
        ingest=None,
        search=lambda q, limit: [str(PEERS / "grep.sh"), "search", q, str(archive)],
        hits=hits,
        index=None,
        ok_codes=(0, 1),
    )


# --------------------------------------------------------------------------- the table


@dataclass
class Row:
    measure: str
    cells: dict[str, str] = field(default_factory=dict)  # system -> text
    ratio: str = ""
    target: str = ""
    met: bool | None = None


def fmt_s(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds >= 100:
        return f"{seconds:.0f}"
    if seconds >= 10:
        return f"{seconds:.1f}"
    return f"{seconds:.2f}" if seconds >= 0.1 else f"{seconds:.3f}"


def fmt_mib(m: Measured | None) -> str:
    if m is None or m.peak_mib is None:
        return "—"
    text = f"{m.peak_mib:.0f}"
    if m.tree_mib is not None and m.tree_mib > m.peak_mib * 1.05:
        text += f" (tree {m.tree_mib:.0f})"
    return text


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def met_text(met: bool | None) -> str:
    return {True: "yes", False: "NO", None: ""}[met]


def render_table(rows: list[Row], systems: Sequence[str], markdown: bool = False) -> str:
    header = ["measure", *systems, "ratio", "target", "met"]
    body = [[r.measure, *(r.cells.get(s, "") for s in systems), r.ratio, r.target, met_text(r.met)] for r in rows]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(width(row[i]) for row in [header, *body]) for i in range(len(header))]
    lines = ["  ".join(pad(c, w) for c, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(pad(c, w) for c, w in zip(row, widths)).rstrip() for row in body]
    return "\n".join(lines)


# --------------------------------------------------------------------------- a run


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def failed(m: Measured) -> str:
    tail = (m.stderr.strip().splitlines() or [""])[-1]
    return f"failed (exit {m.returncode}: {tail[:60]})"


class Bench:
    def __init__(self, runs: int, peers: bool, bulletin: str, data: Path = DATA):
        self.runs = runs
        self.peers = peers
        self.bulletin = bulletin
        self.data = data
        self.rows: list[Row] = []
        self.raw: dict = {}

    def row(self, measure: str, **kwargs) -> Row:
        row = Row(measure, **kwargs)
        self.rows.append(row)
        return row

    def timed(self, system: System, q: str) -> tuple[float, Measured]:
        """Median wall time of `runs` limited searches, and the run with the largest peak."""
        results = [measure(system.search(q, 10)) for _ in range(self.runs)]
        bad = [m for m in results if m.returncode not in system.ok_codes]
        if bad:
            raise RuntimeError(failed(bad[0]))
        worst = max(results, key=lambda m: m.peak_mib or 0)
        return statistics.median(m.wall for m in results), worst

    def archive(self, name: str, meta: dict) -> dict:
        """Every measure on one archive; returns its raw numbers."""
        folder, gold = self.data / name, self.data / f"{name}.gold.jsonl"
        nxt, next_gold = self.data / f"{name}-next", self.data / f"{name}-next.gold.jsonl"
        next_meta = make_archive.read_meta(self.data, f"{name}-next") or {"articles": 0}
        indexes = self.data / "indexes"
        systems = [ours(indexes / f"{name}-ours", self.bulletin)]
        if self.peers:
            systems += [
                python_peer("naive", "naive_whoosh.py", indexes / f"{name}-naive"),
                python_peer("fts5", "fts5.py", indexes / f"{name}-fts5"),
                grep_peer(folder),
            ]
        by = {s.name: s for s in systems}
        raw: dict = {"meta": meta, "ingest": {}, "search": {}, "after_add": {}}
        tag = f"[{name}]"
        text_bytes, gold_articles = meta["text_bytes"], meta["articles"]

        # Ingest, fresh indexes.
        ingests: dict[str, Measured] = {}
        for s in systems:
            if s.ingest is None:
                continue
            shutil.rmtree(s.index, ignore_errors=True)
            s.index.parent.mkdir(parents=True, exist_ok=True)
            log(f"{tag} ingest: {s.name}")
            m = measure(s.ingest(folder, gold), sample_tree=True)
            ingests[s.name] = m
            raw["ingest"][s.name] = {
                "wall": m.wall, "peak_mib": m.peak_mib, "tree_mib": m.tree_mib, "cpu": m.cpu,
                "returncode": m.returncode, "index_bytes": dir_bytes(s.index),
            }
            if not m.ok:
                log(f"{tag} {s.name} ingest {failed(m)}")
        ok = {n: m for n, m in ingests.items() if m.ok}
        ours_ok = "ours" in ok

        row = self.row(f"{tag} ingest, wall s ({meta['pages']:,} pages)")
        for n, m in ingests.items():
            row.cells[n] = fmt_s(m.wall) if m.ok else failed(m)
        row.cells["grep"] = "—" if self.peers else ""
        rate = {n: gold_articles / m.wall for n, m in ok.items()}
        row = self.row(f"{tag} ingest, articles/s ({gold_articles:,} gold articles)",
                       cells={n: f"{r:.0f}" for n, r in rate.items()}, target=f">= {INGEST_SPEEDUP:g} x naive")
        if ours_ok and "naive" in rate:
            speedup = rate["ours"] / rate["naive"]
            row.ratio, row.met = f"{speedup:.2f} x naive", speedup >= INGEST_SPEEDUP
        row = self.row(f"{tag} ingest, cores used (CPU s / wall s)",
                       cells={n: f"{m.cpu / m.wall:.2f}" for n, m in ok.items() if m.cpu is not None},
                       target=f">= {BOTH_CORES:g} (both cores)")
        if ours_ok and ok["ours"].cpu is not None:
            row.met = ok["ours"].cpu / ok["ours"].wall >= BOTH_CORES
        row = self.row(f"{tag} ingest, peak MiB", cells={n: fmt_mib(m) for n, m in ok.items()},
                       target=f"<= {INGEST_PEAK_MIB}")
        if ours_ok and ok["ours"].memory_mib is not None:
            row.met = ok["ours"].memory_mib <= INGEST_PEAK_MIB
            if "naive" in ok and ok["naive"].memory_mib:
                row.ratio = f"{ok['ours'].memory_mib / ok['naive'].memory_mib:.2f} x naive"
        sizes = {n: raw["ingest"][n]["index_bytes"] for n in ok}
        row = self.row(f"{tag} index size, MB (text {text_bytes / 1e6:.1f} MB)",
                       cells={n: f"{b / 1e6:.0f} ({b / text_bytes:.2f} x text)" for n, b in sizes.items()},
                       target=f"<= {INDEX_RATIO:g} x text")
        if ours_ok:
            row.met = sizes["ours"] / text_bytes <= INDEX_RATIO
            if "fts5" in sizes:
                row.ratio = f"{sizes['ours'] / sizes['fts5']:.2f} x fts5"
        if not ours_ok:
            return raw

        # What bulletin found: its articles (for the recall truth) and places.
        ix = by["ours"].index
        stats = measure([self.bulletin, "stats", "--index", ix, "-f", "json"])
        articles = json.loads(stats.stdout)["articles"] if stats.ok else None
        log(f"{tag} export for the recall check")
        export = measure([self.bulletin, "export", "--index", ix])
        exported = [json.loads(line) for line in export.stdout.splitlines() if line.strip()]
        ours_truth = containing(((a["id"], article_text(a)) for a in exported), QUERIES)
        gold_rows = list(gold_texts(gold))
        gold_truth = containing(((gid, text) for gid, _, text in gold_rows), QUERIES)
        file_truth = containing(((f, text) for _, f, text in gold_rows), QUERIES)
        raw["articles_found"] = articles
        raw["export_wall"] = export.wall
        self.row(f"{tag} articles found by the splitter",
                 cells={"ours": f"{articles:,}" if articles is not None else failed(stats),
                        **({"naive": f"{gold_articles:,} (gold)", "fts5": f"{gold_articles:,} (gold)",
                            "grep": f"{meta['pages']:,} pages"} if self.peers else {})},
                 target=f"gold {gold_articles:,}")

        # Searches.
        for q in QUERIES:
            log(f"{tag} search {q}")
            timing: dict[str, tuple[float, Measured]] = {}
            acc_cells: dict[str, str] = {}
            acc: dict[str, Accuracy] = {}
            for s in systems:
                if s.name != "grep" and s.name not in ok:
                    continue
                everything = measure(s.search(q, 0))  # warm-up and the complete answer
                if everything.returncode not in s.ok_codes:
                    acc_cells[s.name] = failed(everything)
                    continue
                truth = {"ours": ours_truth, "grep": file_truth}.get(s.name, gold_truth)[q]
                a = accuracy(s.hits(everything.stdout), truth)
                acc[s.name] = a
                if s.name == "ours":
                    acc_cells[s.name] = f"{a.hits} (R {a.recall:.3f}, P {a.precision:.3f})"
                else:
                    unit = " pages" if s.name == "grep" else ""
                    acc_cells[s.name] = f"{a.hits}{unit} (+{a.over}/-{a.under})"
                try:
                    timing[s.name] = self.timed(s, q)
                except RuntimeError as exc:
                    acc_cells[s.name] += f" {exc}"
            raw["search"][q] = {
                n: {"median": t, "peak_mib": m.peak_mib} for n, (t, m) in timing.items()
            } | {"accuracy": {n: vars(a) for n, a in acc.items()}}
            self.search_rows(f"{tag} search {q}", timing, "fts5")
            row = self.row(f"{tag} search {q}, hits (vs truth)", cells=acc_cells, target="R = P = 1.0")
            if "ours" in acc:
                row.met = acc["ours"].exact
                row.ratio = f"truth {acc['ours'].truth}"

        # Timelines of the busiest places, summaries.
        places = measure([self.bulletin, "communities", "--index", ix, "-f", "json"])
        rows = json.loads(places.stdout) if places.ok else []
        for level in ("community", "district"):
            place, count = busiest_place(rows, level)
            if not places.ok:
                self.row(f"{tag} timeline of the busiest {level}", target=f"<= {QUERY_SECONDS:g} s", met=False,
                         cells={"ours": f"`bulletin communities` {failed(places)}"})
                continue
            if not place:
                self.row(f"{tag} timeline of the busiest {level}", cells={"ours": f"no {level} in the index"})
                continue
            log(f"{tag} timeline {place}")
            self.query_row(f"{tag} timeline {place} (busiest {level}, {count} articles)",
                           [self.bulletin, "timeline", place, "--index", ix, "-f", "json"], raw, f"timeline_{level}")
        month = busiest_month(r[1] for r in gold_rows)
        first, last = month_range(month)
        log(f"{tag} summary of {month}")
        self.query_row(f"{tag} summary of month {month}",
                       [self.bulletin, "summary", "--since", first, "--until", last, "--index", ix, "-f", "json"],
                       raw, "summary_month")
        n_hits = len(ours_truth[SUMMARY_QUERY])
        log(f"{tag} summary {SUMMARY_QUERY}")
        self.query_row(f"{tag} summary {SUMMARY_QUERY} ({n_hits} hits)",
                       [self.bulletin, "summary", SUMMARY_QUERY, "--index", ix, "-f", "json"], raw, "summary_query")

        # One more day.
        segments_before = whoosh_segments(ix)
        adds: dict[str, Measured] = {}
        for s in systems:
            if s.ingest is None or s.name not in ok:
                continue
            log(f"{tag} add one day: {s.name}")
            adds[s.name] = measure(s.ingest(nxt, next_gold), sample_tree=True)
        segments_after = whoosh_segments(ix)
        raw["add_day"] = {n: {"wall": m.wall, "peak_mib": m.peak_mib, "returncode": m.returncode} for n, m in adds.items()}
        raw["segments"] = [segments_before, segments_after]
        row = self.row(f"{tag} add one day ({next_meta['articles']} articles), s",
                       cells={n: fmt_s(m.wall) if m.ok else failed(m) for n, m in adds.items()},
                       target=f"<= {ADD_DAY_SECONDS:g} s")
        if adds["ours"].ok:
            row.met = adds["ours"].wall <= ADD_DAY_SECONDS
            if "fts5" in adds and adds["fts5"].ok:
                row.ratio = f"{adds['ours'].wall / adds['fts5'].wall:.1f} x fts5"
        self.row(f"{tag} Whoosh segments before -> after the day",
                 cells={"ours": f"{segments_before} -> {segments_after}"}, target="bounded")
        for q in QUERIES:
            log(f"{tag} search {q} after the added day")
            timing = {}
            for s in systems:
                if s.name in ("ours", "fts5") and s.name in ok:
                    measure(s.search(q, 10))  # warm-up
                    try:
                        timing[s.name] = self.timed(s, q)
                    except RuntimeError as exc:
                        log(f"{tag} {s.name}: {exc}")
            raw["after_add"][q] = {n: {"median": t, "peak_mib": m.peak_mib} for n, (t, m) in timing.items()}
            self.search_rows(f"{tag} after the day: search {q}", timing, "fts5")
        return raw

    def search_rows(self, label: str, timing: dict[str, tuple[float, Measured]], versus: str) -> None:
        row = self.row(f"{label}, s (median of {self.runs})",
                       cells={n: fmt_s(t) for n, (t, _) in timing.items()},
                       target=f"<= {SEARCH_SECONDS:g} s" + (f", <= {SEARCH_VS_FTS5:g} x fts5" if self.peers else ""))
        if "ours" in timing:
            t = timing["ours"][0]
            row.met = t <= SEARCH_SECONDS
            if versus in timing:
                ratio = t / timing[versus][0]
                row.ratio = f"{ratio:.2f} x {versus}"
                row.met = row.met and ratio <= SEARCH_VS_FTS5
        row = self.row(f"{label}, peak MiB", cells={n: fmt_mib(m) for n, (_, m) in timing.items()},
                       target=f"<= {SEARCH_PEAK_MIB}")
        if "ours" in timing and timing["ours"][1].peak_mib is not None:
            row.met = timing["ours"][1].peak_mib <= SEARCH_PEAK_MIB

    def query_row(self, label: str, command: list, raw: dict, key: str) -> None:
        runs = [measure(command) for _ in range(self.runs + 1)][1:]  # first run warms up
        if any(not m.ok for m in runs):
            bad = next(m for m in runs if not m.ok)
            self.row(label, cells={"ours": failed(bad)}, target=f"<= {QUERY_SECONDS:g} s", met=False)
            return
        t = statistics.median(m.wall for m in runs)
        peak = max(m.peak_mib or 0 for m in runs)
        raw[key] = {"median": t, "peak_mib": peak, "command": [str(c) for c in command]}
        self.row(f"{label}, s (median of {self.runs})", cells={"ours": f"{fmt_s(t)} ({peak:.0f} MiB)"},
                 target=f"<= {QUERY_SECONDS:g} s", met=t <= QUERY_SECONDS)

    def scaling(self, small: dict, full: dict) -> None:
        """Rows comparing the full archive with the 10 % one."""
        article_ratio = full["meta"]["articles"] / small["meta"]["articles"]
        s_in, f_in = small["ingest"].get("ours"), full["ingest"].get("ours")
        if s_in and f_in and not s_in["returncode"] and not f_in["returncode"]:
            ratio = f_in["wall"] / s_in["wall"]
            self.row("[scaling] ingest time, full / small", cells={"ours": f"{ratio:.1f} x"},
                     ratio=f"articles {article_ratio:.1f} x",
                     target=f"linear (<= {LINEAR_SLACK:g} x {article_ratio:.1f})",
                     met=ratio <= LINEAR_SLACK * article_ratio)
        for q in QUERIES:
            s_q, f_q = small["search"].get(q, {}).get("ours"), full["search"].get(q, {}).get("ours")
            if s_q and f_q:
                ratio = f_q["median"] / s_q["median"]
                self.row(f"[scaling] search {q}, full / small", cells={"ours": f"{ratio:.2f} x"},
                         ratio=f"articles {article_ratio:.1f} x", target=f"nearly flat (<= {FLAT_SEARCH:g} x)",
                         met=ratio <= FLAT_SEARCH)


def busiest_place(rows: list[dict], level: str) -> tuple[str, int]:
    """The name at one level (community, street, district) with the most articles, summed over rows."""
    counts: Counter[str] = Counter()
    for r in rows:
        if r.get(level):
            counts[r[level]] += r.get("articles", 0)
    if not counts:
        return "", 0
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))


def busiest_month(files: Iterable[str]) -> str:
    """YYYY-MM with the most articles, from gold `file` names YYYY/YYYY-MM-DD.txt."""
    counts = Counter(Path(f).stem[:7] for f in files)
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def month_range(month: str) -> tuple[str, str]:
    year, mon = map(int, month.split("-"))
    first = dt.date(year, mon, 1)
    last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
    return first.isoformat(), last.isoformat()


# --------------------------------------------------------------------------- machine


def machine(bulletin: str) -> dict:
    info = {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text()
        info["cpu"] = next((ln.split(":", 1)[1].strip() for ln in cpuinfo.splitlines() if ln.startswith("model name")), "")
        meminfo = Path("/proc/meminfo").read_text()
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
        info["memory"] = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError, StopIteration):
        pass
    import sqlite3

    info["sqlite"] = sqlite3.sqlite_version
    for package in ("whoosh3", "jieba"):
        try:
            from importlib.metadata import version

            info[package] = version(package)
        except Exception:  # noqa: BLE001 -- a missing package is only reported
            info[package] = "absent"
    info["bulletin"] = describe_bulletin(bulletin)
    return info


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), *args], check=False, capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def describe_bulletin(bulletin: str) -> str:
    """Which bulletin is measured: the executable, and the repo commit when it runs this checkout."""
    python = Path(bulletin).parent / "python"
    where = ""
    if python.exists():
        found = subprocess.run([str(python), "-c", "import bulletin_cli; print(bulletin_cli.__file__)"],
                               check=False, capture_output=True, text=True, cwd="/")
        where = found.stdout.strip()
    text = f"{bulletin}"
    if where and Path(where).resolve().is_relative_to(ROOT):
        dirty = git("status", "--porcelain", "bulletin_cli")
        text += f" (this checkout at {git('rev-parse', '--short', 'HEAD')}"
        text += ", with uncommitted bulletin_cli changes)" if dirty else ")"
    elif where:
        text += f" (bulletin_cli from {Path(where).parent})"
    return text


def load_average() -> str:
    """1-minute load average: other work on the machine skews every timing."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "?"


def describe_machine(info: dict) -> str:
    return (
        f"machine: {info.get('nproc')} cores ({info.get('cpu', '?')}), {info.get('memory', '?')} RAM, "
        f"Python {info['python']}, whoosh3 {info['whoosh3']}, jieba {info['jieba']}, SQLite {info['sqlite']}; "
        f"bulletin: {info['bulletin']}, BULLETIN_WORKERS={os.environ.get('BULLETIN_WORKERS', 'unset')}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="bulletin at archive scale vs its peers (issue 5)")
    parser.add_argument("--small-only", action="store_true", help="only the 10 %% archive")
    parser.add_argument("--full-only", action="store_true", help="only the full archive (no scaling rows)")
    parser.add_argument("--workers", type=int, help="ingest worker processes ($BULLETIN_WORKERS; default 0: off)")
    parser.add_argument("--skip-peers", action="store_true", help="only bulletin")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per search (median), default 5")
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--bulletin", default=bulletin_command(), help="the bulletin executable to measure")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.small_only and args.full_only:
        parser.error("--small-only and --full-only exclude each other")
    if args.workers is not None:
        if args.workers < 0:
            parser.error("--workers must be 0 or more")
        os.environ["BULLETIN_WORKERS"] = str(args.workers)  # every bulletin process inherits it
    try:
        metas = make_archive.build()
    except (FileNotFoundError, ValueError) as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    for name in make_archive.ARCHIVES:
        log(make_archive.describe(name, metas[name]))
    bench = Bench(args.runs, not args.skip_peers, args.bulletin)
    info = machine(args.bulletin)
    info["load_start"] = load_average()
    log(describe_machine(info) + f"; load average {info['load_start']}")
    started = time.time()
    raw = {"machine": info, "runs": args.runs, "archives": {}}
    names = ("small",) if args.small_only else ("full",) if args.full_only else ("small", "full")
    for name in names:
        raw["archives"][name] = bench.archive(name, metas[name])
    if len(names) == 2:
        bench.scaling(raw["archives"]["small"], raw["archives"]["full"])
    systems = ["ours", "naive", "fts5", "grep"] if bench.peers else ["ours"]
    table = render_table(bench.rows, systems, args.markdown)
    when = time.strftime("%Y-%m-%d %H:%M")
    load = f"load average {info['load_start']} at start, {load_average()} at end"
    text = (
        f"{describe_machine(info)}\nrun {when}, {time.time() - started:.0f} s, {load}; "
        f"searches: median of {args.runs}\n\n{table}\n"
    )
    print(text)
    results = DATA / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (results / f"{stamp}.txt").write_text(text, "utf-8")
    raw["rows"] = [vars(r) for r in bench.rows]
    (results / f"{stamp}.json").write_text(json.dumps(raw, ensure_ascii=False, indent=2, default=str), "utf-8")
    log(f"saved {results / stamp}.txt and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
