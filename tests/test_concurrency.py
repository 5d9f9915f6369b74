"""Issue 4, overlapping runs: two `bulletin ingest` processes and a searcher on one index.

Both ingests finish and every article is in the index once, or one of them fails cleanly
saying the index is busy; every search during the ingests answers from a commit (whole pages
only, never fewer articles than an earlier answer).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLES
from test_faults import WRAPPER, check_whole, expected_articles, exported, write_corpus

from bulletin_cli import ingest as ingest_mod

pytestmark = pytest.mark.slow

SEARCHER = r"""
import json, sys, time
from pathlib import Path
from bulletin_cli import queries
from bulletin_cli.errors import BulletinError
path, stop = Path(sys.argv[1]), Path(sys.argv[2])
while not stop.exists():
    try:
        total = queries.search(path, "本报讯", queries.Filters(), 1).total
        ids = sorted(a.id for a in queries.export(path))
        print(json.dumps({"total": total, "ids": ids}), flush=True)
    except BulletinError as exc:
        print(json.dumps({"error": str(exc)}), flush=True)
    time.sleep(0.05)
"""


def ingest_proc(corpus: Path, path: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", WRAPPER, "60", "ingest", str(corpus), "--index", str(path), "-q", "-f", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_ingests_and_a_searcher(tmp_path):
    # Two corpora that share ten pages: the shared articles must end up in the index once.
    a = write_corpus(tmp_path / "a", 60, seed=11)
    b = write_corpus(tmp_path / "b", 50, seed=12)
    for page in a[:10]:
        (tmp_path / "b" / page.name).write_bytes(page.read_bytes())
    b = sorted((tmp_path / "b").glob("*.txt"))
    path = tmp_path / "ix"
    ingest_mod.ingest([str(SAMPLES)], path)
    before = exported(path)
    expected_a, expected_b = expected_articles(a), expected_articles(b)

    stop = tmp_path / "stop"
    searcher = subprocess.Popen(
        [sys.executable, "-c", SEARCHER, str(path), str(stop)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(0.5)
    first, second = ingest_proc(tmp_path / "a", path), ingest_proc(tmp_path / "b", path)
    results = [(proc, *proc.communicate(timeout=180)) for proc in (first, second)]
    # A CLI search while nothing writes, and one more answer of the searcher after the ingests.
    stop.touch()
    answers, errors = searcher.communicate(timeout=60)
    assert searcher.returncode == 0, errors

    expected = {}
    for (proc, out, err), corpus in zip(results, (expected_a, expected_b)):
        assert "Traceback" not in err, err
        if proc.returncode == 0:
            assert json.loads(out)["failed"] == []
            for source, articles in corpus.items():
                expected.setdefault(source, {}).update(articles)
        else:
            assert proc.returncode == 1 and "busy" in err, (proc.returncode, err)
    assert any(proc.returncode == 0 for proc, *_ in results)
    # Every article of each successful ingest is in the index, whole, and once.
    # (The ten shared pages are indexed from whichever source came first.)
    check_whole(path, before, {**expected_a, **expected_b})
    in_index = {a["id"] for a in exported(path)}
    assert in_index == {a["id"] for a in before} | {i for articles in expected.values() for i in articles}

    # Each answer of the searcher came from a commit: whole pages, and never fewer articles
    # than the answer before it.
    page_of = {i: source for corpus in (expected_a, expected_b) for source, ids in corpus.items() for i in ids}
    old = {a["id"] for a in before}
    print(f"searcher: {len(answers.splitlines())} answers, {len(set(answers.splitlines()))} distinct; "
          f"ingests: {[(proc.returncode, err.strip()[:80]) for proc, _, err in results]}")
    seen: set[str] = set()
    total = 0
    answers = [json.loads(line) for line in answers.splitlines()]
    assert len(answers) >= 3
    for answer in answers:
        assert "error" not in answer, answer
        ids = set(answer["ids"])
        assert seen <= ids and answer["total"] >= total, "a search saw fewer articles than the one before"
        seen, total = ids, answer["total"]
        sources = {page_of[i] for i in ids if i not in old}
        for source in sources:
            whole = {i for corpus in (expected_a, expected_b) for i in corpus.get(source, {})}
            assert whole - old <= ids, f"a search saw part of {source}"
