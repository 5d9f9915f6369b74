"""Issue 12, ingest on every core: worker processes each write a segment of the batch, the
parent adds them all in one commit. The same index as one process writes; and whatever fails
(a worker raises, dies, is killed, Ctrl-C, the parent killed), one `Error:` line, every worker
stopped, the index as it was and no file of the batch left behind (at the latest, once the
index is next opened for writing).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES
from test_faults import _alive, _children, _wait_until, kill_group, write_corpus
from typer.testing import CliRunner

from bulletin_cli import index, ingest, queries, workers
from bulletin_cli.cli import app
from bulletin_cli.index import folder, writing

runner = CliRunner()
TESTS = Path(__file__).resolve().parent


@pytest.fixture
def parallel(monkeypatch):
    """Worker processes for batches of 20 articles or more, two of them, on any machine."""
    monkeypatch.setattr(workers, "PARALLEL_MIN", 20)
    monkeypatch.setenv(workers.WORKERS_ENV, "2")


def listing(path: Path) -> set[str]:
    """Every file and folder in the index folder, hidden ones too, but the lock and bulletin.json
    (rewritten with the same content after a commit)."""
    return {p.name for p in path.iterdir()} - {"MAIN_WRITELOCK"}


def export(path: Path) -> list[dict]:
    return [a.to_dict() for a in queries.export(path)]



def topics_of(path) -> list[tuple[str, bytes]]:
    """Each article's id and its topics column, in id order."""
    ix = index.open_index(path)
    with ix.searcher() as s:
        reader = s.reader()
        column = reader.column_reader("topics")
        return sorted((reader.stored_fields(n)["id"], column[n]) for n in reader.all_doc_ids())


def test_workers_write_the_same_index_as_one_process(tmp_path, monkeypatch, parallel):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 30, seed=21)
    monkeypatch.setenv(workers.WORKERS_ENV, "0")
    ingest.ingest([str(SAMPLES), str(corpus)], tmp_path / "one")
    monkeypatch.setenv(workers.WORKERS_ENV, "2")
    ingest.ingest([str(SAMPLES), str(corpus)], tmp_path / "two")
    ix = index.open_index(tmp_path / "two")
    assert len(folder.segments(ix)) == 2  # one per worker, in one commit
    assert export(tmp_path / "two") == export(tmp_path / "one")
    for query in ("社区", "电动自行车", "燕宇社区"):
        one = queries.search(tmp_path / "one", query, queries.Filters(), 1000)
        two = queries.search(tmp_path / "two", query, queries.Filters(), 1000)
        assert [(h.article.id, round(h.score, 6)) for h in two.hits] == [(h.article.id, round(h.score, 6)) for h in one.hits]
        assert two.total == one.total
    # topic words were cut in the workers, places taught first: the same as one process's
    assert topics_of(tmp_path / "two") == topics_of(tmp_path / "one")
    assert sum(1 for _, words in topics_of(tmp_path / "two") if words) > len(topics_of(tmp_path / "two")) / 2
    assert not any(name.startswith((".", "MAIN.tmp")) for name in os.listdir(tmp_path / "two"))
    # Ingested again: nothing changes; edited pages replace their articles through the workers.
    before = listing(tmp_path / "two")
    report = ingest.ingest([str(corpus)], tmp_path / "two")
    assert report.added == report.updated == 0 and listing(tmp_path / "two") == before


def test_updates_and_merges_through_the_workers(tmp_path, monkeypatch, parallel):
    path = tmp_path / "ix"
    corpus = tmp_path / "corpus"
    pages = write_corpus(corpus, 30, seed=22)
    ingest.ingest([str(corpus)], path)
    for page in pages[:12]:  # every page edited: each article's text changes
        page.write_text(page.read_text("utf-8").replace("社区", "小区"), "utf-8")
    monkeypatch.setattr(writing, "MERGE_FACTOR", 3)
    report = ingest.ingest([str(corpus)], path)
    assert report.removed > 0 and report.added > 0
    monkeypatch.setenv(workers.WORKERS_ENV, "0")
    ingest.ingest([str(corpus)], tmp_path / "one")
    assert sorted(export(path), key=lambda a: a["id"]) == sorted(export(tmp_path / "one"), key=lambda a: a["id"])
    counts = [s.doc_count_all() for s in folder.segments(index.open_index(path))]
    assert all(sum(1 for c in counts if len(str(c)) == tier) < 3 for tier in (1, 2, 3))


def test_rebuild_through_the_workers(tmp_path, parallel):
    path = tmp_path / "ix"
    write_corpus(tmp_path / "corpus", 20, seed=23)
    ingest.ingest([str(tmp_path / "corpus")], path)
    before = export(path)
    assert ingest.rebuild(path) == len(before)
    assert export(path) == before


@pytest.mark.parametrize("writer", ["write_then_raise_enospc", "write_then_die", "die_at_once"])
def test_a_failing_worker_leaves_the_index_as_it_was(tmp_path, monkeypatch, parallel, writer):
    path = tmp_path / "ix"
    ingest.ingest([str(SAMPLES)], path)
    before, files = export(path), listing(path)
    write_corpus(tmp_path / "corpus", 20, seed=24)
    monkeypatch.syspath_prepend(str(TESTS))
    monkeypatch.setattr(writing, "SEGMENT_WRITER", f"faulty_workers:{writer}")
    result = runner.invoke(app, ["ingest", str(tmp_path / "corpus"), "--index", str(path), "-q"])
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:"), result.stderr
    if writer == "write_then_raise_enospc":
        assert "disk is full" in result.stderr and str(path) in result.stderr.replace("\n", "")
    else:
        assert "worker process" in result.stderr and "run the ingest again" in result.stderr
    assert not [p for p in __import__("multiprocessing").active_children() if p.is_alive()]
    assert export(path) == before
    assert listing(path) == files, "a file of the abandoned batch is left"
    monkeypatch.setattr(writing, "SEGMENT_WRITER", "bulletin_cli.index.writing:write_segment")
    result = runner.invoke(app, ["ingest", str(tmp_path / "corpus"), "--index", str(path), "-q"])
    assert result.exit_code == 0, result.stderr
    assert len(export(path)) > len(before)


HANG = (
    "import sys; sys.path.insert(0, sys.argv.pop(1)); "
    "import bulletin_cli.workers as w; w.PARALLEL_MIN = 20; "
    "import bulletin_cli.index.writing as wr; wr.SEGMENT_WRITER = 'faulty_workers:write_then_hang'; "
    "from bulletin_cli.cli import app; sys.argv[0] = 'bulletin'; app()"
)


def _hanging_ingest(tmp_path: Path) -> tuple[subprocess.Popen, Path, list[dict], set[str]]:
    """An ingest whose two workers have written their segments and wait: (process, index,
    articles before, files before)."""
    path = tmp_path / "ix"
    ingest.ingest([str(SAMPLES)], path)
    write_corpus(tmp_path / "corpus", 20, seed=25)
    before, files = export(path), listing(path)
    proc = subprocess.Popen(
        [sys.executable, "-c", HANG, str(TESTS), "ingest", str(tmp_path / "corpus"), "--index", str(path), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, workers.WORKERS_ENV: "2"},
    )
    _wait_until(lambda: len(list(tmp_path.glob("ix.written-*"))) >= 2 or proc.poll() is not None, 120)
    assert proc.poll() is None, proc.communicate()
    assert listing(path) > files  # the workers' segments are there, listed by no commit
    return proc, path, before, files


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc")
def test_ctrl_c_while_workers_write_stops_them_and_leaves_nothing(tmp_path):
    proc, path, before, files = _hanging_ingest(tmp_path)
    try:
        children = _children(proc.pid)
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        _wait_until(lambda: not any(map(_alive, children)), 15)
        assert not any(map(_alive, children)), "a worker process outlived the ingest"
    finally:
        kill_group(proc)
    assert proc.returncode == 130 and "Interrupted" in err and "Traceback" not in err, (proc.returncode, err)
    assert export(path) == before
    assert listing(path) == files


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc")
def test_kill_9_while_workers_write_leaves_orphans_cleaned_at_the_next_open(tmp_path):
    proc, path, before, files = _hanging_ingest(tmp_path)
    try:
        children = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
        _wait_until(lambda: not any(map(_alive, children)), 15)
        assert not any(map(_alive, children)), "a worker process outlived its killed parent"
    finally:
        kill_group(proc)
    assert export(path) == before  # the orphans are in no commit: readers never see them
    assert listing(path) > files
    index.open_for_writing(path)
    assert listing(path) == files
    assert export(path) == before


def test_orphans_are_left_alone_while_another_process_writes(tmp_path):
    path = tmp_path / "ix"
    ingest.ingest([str(SAMPLES)], path)
    orphan = path / "MAIN_0123456789abcdef.pst"
    orphan.write_bytes(b"x")
    with folder.write_lock(path):
        folder.clean_orphans(path)  # the lock is held (here, as by another writer): no cleaning
        assert orphan.exists()
    folder.clean_orphans(path)
    assert not orphan.exists()


def test_the_number_of_workers_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(workers.WORKERS_ENV, "3")
    assert workers.worker_count() == 3
    monkeypatch.delenv(workers.WORKERS_ENV)
    assert workers.worker_count() == 0  # off unless asked for (benchmarks/README.md says why)
    monkeypatch.setenv(workers.WORKERS_ENV, "many")
    result = runner.invoke(app, ["ingest", str(SAMPLES), "-q"])
    assert result.exit_code == 1 and result.stderr.startswith("Error:") and "BULLETIN_WORKERS" in result.stderr


def test_pages_read_in_worker_processes_give_the_same_articles(tmp_path, monkeypatch):
    write_corpus(tmp_path / "corpus", 40, seed=26)
    monkeypatch.setattr(workers, "READ_PARALLEL_MIN", 10)
    monkeypatch.setattr(ingest, "BATCH_ARTICLES", 50)  # several batches, each read by new processes
    monkeypatch.setenv(workers.WORKERS_ENV, "2")
    report = ingest.ingest([str(tmp_path / "corpus")], tmp_path / "two")
    monkeypatch.setenv(workers.WORKERS_ENV, "0")
    assert ingest.ingest([str(tmp_path / "corpus")], tmp_path / "one") == report
    assert export(tmp_path / "two") == export(tmp_path / "one")
