"""Issue 4, interrupted runs and failing disks: kill -9 and Ctrl-C at random points of an
ingest, a full disk and a read-only folder. After each, the index opens, holds what it held
before plus whole pages only, and running the same ingest again completes it.
"""

from __future__ import annotations

import datetime as dt
import errno
import gc
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import SAMPLES
from typer.testing import CliRunner

from bulletin_cli import index as index_mod
from bulletin_cli import ingest as ingest_mod
from bulletin_cli import queries, read
from bulletin_cli.cli import app

pytestmark = pytest.mark.slow
runner = CliRunner()

# --- a generator of varied bulletin pages -------------------------------------------------------

DISTRICTS = {
    "和平区": {"南营门街": ["天兴里社区", "文化村社区"], "新兴街": ["犀地社区", "朝阳里社区"]},
    "河东区": {"大直沽街": ["荣兴温泉公寓社区", "东兴里社区"], "上杭路街": ["葛沽里社区"]},
    "红桥区": {"西沽街": ["燕宇社区", "西沽南社区"], "三条石街": ["铃铛阁社区"]},
    "南开区": {"向阳路街道": ["昔阳里社区"], "万兴街": ["云居社区", "万德庄社区"]},
    "河西区": {"大营门街": ["东莱里社区"], "友谊路街": ["平江里社区"]},
}
TOPICS = [
    ("电动自行车", "充电", "安全"), ("老年人", "义诊", "健康"), ("垃圾分类", "志愿者", "环境"),
    ("广场舞", "文化", "邻里"), ("防灾减灾", "演练", "应急"), ("暑期托管", "孩子", "课堂"),
    ("反诈", "宣传", "民警"), ("便民服务", "理发", "维修"), ("法律", "咨询", "律师"),
]
VERBS = ["开展", "举办", "组织", "推进", "启动"]
KINDS = ["活动", "行动", "讲座", "培训", "服务日"]
CLAUSES = [
    "社区工作人员提前张贴通知，逐户上门宣传", "居民们纷纷表示受益匪浅", "志愿者耐心细致地讲解相关知识",
    "活动现场气氛热烈，吸引了百余名居民参与", "下一步，社区将继续完善长效机制",
    "此次活动进一步增强了居民的参与意识", "工作人员对辖区内的重点区域进行了排查",
    "社区党委书记介绍了近期的工作安排",
]


def make_page(rng: random.Random, day: dt.date) -> str:
    """One page: a dated header, then 3-6 articles with kickers, subtitles, captions at random."""
    lines = [f"社区新闻  {day.year}年{day.month}月{day.day}日  第{rng.randint(2, 12)}版", ""]
    for _ in range(rng.randint(3, 6)):
        district = rng.choice(list(DISTRICTS))
        street = rng.choice(list(DISTRICTS[district]))
        community = rng.choice(DISTRICTS[district][street])
        a, b, c = rng.choice(TOPICS)
        if rng.random() < 0.5:
            lines += [f"{district}{community}", ""]
        lines += [f"{a}{rng.choice(VERBS)}{rng.choice(KINDS)} {c}意识{rng.choice(['再提升', '入人心', '有保障'])}", ""]
        if rng.random() < 0.3:
            lines += [f"——{community}{b}{rng.choice(KINDS)}侧记", ""]
        lines += [
            f"本报讯 {day.month}月{rng.randint(1, 28)}日，{district}{street}{community}{rng.choice(VERBS)}"
            f"{a}{b}{rng.choice(KINDS)}，{rng.choice(CLAUSES)}。编号{rng.randint(1000, 99999)}。",
            "",
        ]
        for _ in range(rng.randint(1, 4)):
            lines += ["　　" + "，".join(rng.sample(CLAUSES, 3)) + f"，共有{rng.randint(10, 300)}人次参加。", ""]
        if rng.random() < 0.4:
            lines += [f"（{district}{community}供图）", ""]
    return "\n".join(lines)


def write_corpus(folder: Path, pages: int, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(pages):
        day = dt.date(2023, 1, 1) + dt.timedelta(days=i)
        path = folder / f"{day.isoformat()}-{seed}.txt"
        path.write_text(make_page(rng, day), "utf-8")
        paths.append(path)
    return paths


def expected_articles(paths) -> dict[str, dict[str, dict]]:
    """source -> {id: article as exported}, from the pipeline without an index."""
    out: dict[str, dict[str, dict]] = {}
    for path in paths:
        for article in ingest_mod.articles_of(read.read_source(str(path))):
            out.setdefault(article.source, {})[article.id] = article.to_dict()
    return out


def exported(path: Path) -> list[dict]:
    return [a.to_dict() for a in queries.export(path)]


def check_whole(path: Path, before: list[dict], expected: dict[str, dict[str, dict]]) -> int:
    """The index opens; it holds every article it held before, unchanged, plus whole pages of
    the ingest (each article exactly as the pipeline makes it), each once. Returns pages in."""
    index_mod.open_index(path)
    articles = exported(path)
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids)), "an article is in the index twice"
    old = {a["id"] for a in before}
    assert [a for a in articles if a["id"] in old] == before, "an article indexed before changed or went"
    new: dict[str, dict[str, dict]] = {}
    for article in articles:
        if article["id"] not in old:
            new.setdefault(article["source"], {})[article["id"]] = article
    for source, got in new.items():
        assert source in expected, f"an article from nowhere: {source}"
        assert got == {i: a for i, a in expected[source].items() if i not in old}, f"{source} is half there"
    return len(new)


WRAPPER = (
    "import sys; import bulletin_cli.ingest as m; m.BATCH_ARTICLES = int(sys.argv.pop(1)); "
    "from bulletin_cli.cli import app; sys.argv[0] = 'bulletin'; app()"
)


def start_ingest(corpus: Path, path: Path, batch: int, wrapper: str = WRAPPER) -> subprocess.Popen:
    # Small batches, so that a run commits several times and a kill can fall between commits.
    return subprocess.Popen(
        [sys.executable, "-c", wrapper, str(batch), "ingest", str(corpus), "--index", str(path), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the process group an ingest started: nothing it started may live on."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def stop_after(proc: subprocess.Popen, how: signal.Signals, delay: float, timeout: float) -> int:
    """Stop a run after delay seconds unless it ended (kill -9 hits the process only; Ctrl-C
    reaches the whole foreground group), check that an interrupted run says so in one line,
    and return its exit code. Nothing it started lives on."""
    time.sleep(delay)
    if proc.poll() is None:
        os.kill(proc.pid, how) if how == signal.SIGKILL else os.killpg(proc.pid, how)
    out, err = proc.communicate(timeout=timeout)
    kill_group(proc)
    if how == signal.SIGINT and proc.returncode == 130:
        assert "Interrupted" in err and "Traceback" not in err, err
    elif proc.returncode not in (0, -signal.SIGKILL, -signal.SIGINT):
        # Ctrl-C while Python itself was still importing is Python's traceback, not bulletin's.
        assert how == signal.SIGINT and err.rstrip().endswith("KeyboardInterrupt"), (proc.returncode, err)
    return proc.returncode


def kill_chain(seed: int, corpus: Path, base: Path, work: Path, runs: int, expected) -> list[str]:
    """Run the same ingest `runs` times, killing each at a random moment; check after each."""
    rng = random.Random(seed)
    shutil.copytree(base, work)
    before = exported(base)
    log = []
    for run in range(runs):
        how = signal.SIGKILL if run % 2 == 0 else signal.SIGINT
        proc = start_ingest(corpus, work, batch=rng.choice([40, 80, 150]))
        delay = rng.uniform(0.05, 2.0) if how == signal.SIGKILL else rng.uniform(0.8, 2.5)
        code = stop_after(proc, how, delay, timeout=120)
        pages = check_whole(work, before, expected)
        log.append(f"{how.name} rc={code} pages={pages}")
        if pages == len(expected):
            shutil.rmtree(work)  # completed: start over, so that later kills fall mid-way again
            shutil.copytree(base, work)
    # The same ingest, run once more to the end, completes the index.
    done = start_ingest(corpus, work, batch=150)
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert check_whole(work, before, expected) == len(expected), "the rerun did not complete the ingest"
    return log


def test_kill_and_interrupt_an_ingest_at_random_points(tmp_path):
    corpus = tmp_path / "corpus"
    paths = write_corpus(corpus, 90)
    expected = expected_articles(paths)
    base = tmp_path / "base"
    ingest_mod.ingest([str(SAMPLES)], base)  # an index that already holds work
    # Two chains at once (one per core), 11 runs each: 22 kills, half SIGKILL, half SIGINT.
    with ThreadPoolExecutor(2) as pool:
        chains = [pool.submit(kill_chain, seed, corpus, base, tmp_path / f"ix{seed}", 11, expected) for seed in (1, 2)]
        logs = [chain.result() for chain in chains]
    assert sum(map(len, logs)) >= 20
    print("\n".join(line for log in logs for line in log))


POOL_WRAPPER = WRAPPER.replace("; m.BATCH_ARTICLES", "; import bulletin_cli.workers as w; w.PARALLEL_MIN = 50; m.BATCH_ARTICLES")


def _stat(pid: int | str) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), None when gone."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _children(pid: int) -> set[int]:
    return {
        int(entry.name)
        for entry in Path("/proc").iterdir()
        if entry.name.isdigit() and (fields := _stat(entry.name)) and int(fields[1]) == pid
    }


def _alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def _wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


def _start_pool_ingest(corpus: Path, path: Path) -> subprocess.Popen:
    """An ingest of corpus in one batch whose keywords worker processes cut; returned once its
    workers run (a moment after they started)."""
    proc = start_ingest(corpus, path, 100000, wrapper=POOL_WRAPPER)
    _wait_until(lambda: len(_children(proc.pid)) >= 2 or proc.poll() is not None, 30)
    time.sleep(0.3)
    return proc


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_stopping_an_ingest_stops_its_worker_processes(tmp_path, how):
    corpus, path = tmp_path / "corpus", tmp_path / "ix"
    expected = expected_articles(write_corpus(corpus, 150, seed=5))
    ingest_mod.ingest([str(SAMPLES)], path)
    before = exported(path)
    proc = _start_pool_ingest(corpus, path)
    try:
        workers = _children(proc.pid)
        assert len(workers) >= 2, "the ingest never started its worker processes"
        # kill -9 hits the parent only; Ctrl-C reaches the whole group, workers included.
        os.kill(proc.pid, how) if how == signal.SIGKILL else os.killpg(proc.pid, how)
        out, err = proc.communicate(timeout=60)
        _wait_until(lambda: not any(map(_alive, workers)), 15)
        assert not any(map(_alive, workers)), "a worker process outlived the ingest"
    finally:
        kill_group(proc)
    if how == signal.SIGINT:
        assert proc.returncode == 130 and "Interrupted" in err and "Traceback" not in err, (proc.returncode, err)
    else:
        assert proc.returncode == -signal.SIGKILL
    # The batch was cut short before its commit: the index holds what it held before.
    assert check_whole(path, before, expected) == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc")
def test_a_worker_killed_mid_batch_is_one_error_line_and_no_change(tmp_path):
    corpus, path = tmp_path / "corpus", tmp_path / "ix"
    write_corpus(corpus, 150, seed=6)
    ingest_mod.ingest([str(SAMPLES)], path)
    before = export_text(path)
    proc = _start_pool_ingest(corpus, path)
    try:
        for pid in _children(proc.pid):  # the pool's workers, as the out-of-memory killer would
            if b"spawn_main" in (Path("/proc") / str(pid) / "cmdline").read_bytes():
                os.kill(pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
    finally:
        kill_group(proc)
    assert proc.returncode == 1, err
    lines = err.strip().splitlines()
    assert lines[-1].startswith("Error:") and "run the ingest again" in lines[-1], err
    assert "Traceback" not in err
    assert export_text(path) == before


# --- full disk, read-only folder --------------------------------------------------------------

PAGE = """河东区荣兴温泉公寓社区

楼道隐患清查 安全提示进门

本报讯 为防范电动自行车起火隐患,河东区大直沽街荣兴温泉公寓社区近日开展专项行动。

社区还将定期回访,督促居民规范停放和充电。
"""


def run(*args):
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def export_text(path) -> str:
    result = run("export", "--index", path)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def ix(tmp_path) -> Path:
    path = tmp_path / "ix"
    ingest_mod.ingest([str(SAMPLES)], path)
    return path


def _fail_with(monkeypatch, target, name, code):
    real = getattr(target, name)

    def failing(*args, **kwargs):
        raise OSError(code, os.strerror(code), "MAIN_x.pst")

    monkeypatch.setattr(target, name, failing)
    return real


@pytest.mark.parametrize(
    ("where", "code", "says"),
    [
        ("segment", errno.ENOSPC, "disk is full"),
        ("toc", errno.ENOSPC, "disk is full"),
        ("rename", errno.ENOSPC, "disk is full"),
        ("segment", errno.EROFS, "read-only"),
        ("segment", errno.EACCES, "permission denied"),
        ("segment", errno.EIO, "Input/output error"),
    ],
)
def test_disk_failures_while_committing(ix, tmp_path, monkeypatch, where, code, says):
    from whoosh import index as whoosh_index
    from whoosh.filedb.filestore import FileStorage

    before = export_text(ix)
    (tmp_path / "2024-06-05.txt").write_text(PAGE, "utf-8")
    with monkeypatch.context() as patch:
        target, name = {
            "segment": (FileStorage, "create_file"),
            "toc": (whoosh_index.TOC, "write"),
            "rename": (FileStorage, "rename_file"),
        }[where]
        _fail_with(patch, target, name, code)
        result = run("ingest", tmp_path / "2024-06-05.txt", "--index", ix, "-q")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and "Traceback" not in result.stderr
    line = result.stderr.replace("\n", "")
    assert str(ix) in line and says in line and "run the same command again" in line, line
    assert export_text(ix) == before
    # The disk is back: the same ingest completes. (A CLI process that failed has exited and
    # so released the lock; in this process, Whoosh's failed SegmentWriter holds it until it
    # is collected: SegmentWriter.__init__ does not release the lock when it raises.)
    del result  # its exception context holds the failed writer
    gc.collect()
    monkeypatch.setattr(index_mod.folder, "WRITE_TIMEOUT", 5.0)  # fail fast, should the lock be held
    result = run("ingest", tmp_path / "2024-06-05.txt", "--index", ix, "-q")
    assert result.exit_code == 0, result.stderr
    after = export_text(ix).splitlines()
    assert set(before.splitlines()) <= set(after) and len(after) == len(before.splitlines()) + 1


def test_read_only_folder_is_refused_before_writing(ix, tmp_path, monkeypatch):
    before = export_text(ix)
    (tmp_path / "2024-06-05.txt").write_text(PAGE, "utf-8")
    real = Path.write_bytes

    def read_only(self, data):
        if self.parent == ix:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", read_only)
    result = run("ingest", tmp_path / "2024-06-05.txt", "--index", ix, "-q")
    assert result.exit_code == 1
    assert "read-only" in result.stderr and str(ix) in result.stderr.replace("\n", "")
    assert export_text(ix) == before


@pytest.fixture
def tiny_disk(tmp_path):
    """A 3 MB tmpfs (tests run as root; skipped where mounting is not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_real_full_disk_and_read_only_mount(tiny_disk, tmp_path):
    path = tiny_disk / "ix"
    ingest_mod.ingest([str(SAMPLES)], path)
    before = export_text(path)
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 40, seed=7)
    # Fill the disk: about 80 KB stay free, far less than 40 pages need.
    free = shutil.disk_usage(tiny_disk).free
    (tiny_disk / "filler").write_bytes(b"\0" * max(0, free - 80_000))
    result = run("ingest", corpus, "--index", path, "-q")
    assert result.exit_code == 1, result.stderr
    assert "disk is full" in result.stderr and "Traceback" not in result.stderr
    assert export_text(path) == before
    (tiny_disk / "filler").unlink()
    result = run("ingest", corpus, "--index", path, "-q")
    assert result.exit_code == 0, result.stderr
    grown = export_text(path)
    assert set(before.splitlines()) < set(grown.splitlines())
    # The same folder seen through a read-only bind mount: queries answer, an ingest says why
    # it cannot write.
    view = tmp_path / "ro"
    view.mkdir()
    subprocess.run(["mount", "--bind", str(tiny_disk), str(view)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
        ro_path = view / "ix"
        assert export_text(ro_path) == grown
        (tmp_path / "2024-06-05.txt").write_text(PAGE, "utf-8")
        result = run("ingest", tmp_path / "2024-06-05.txt", "--index", ro_path, "-q")
        assert result.exit_code == 1
        assert result.stderr.startswith("Error:") and "read-only" in result.stderr
        assert export_text(ro_path) == grown
        assert json.loads(run("stats", "--index", ro_path, "-f", "json").stdout)["articles"] > 0
    finally:
        subprocess.run(["umount", "-l", str(view)], check=False)


# --- bulletin remove: the same safety as ingest ----------------------------------------------


@pytest.mark.parametrize(
    ("where", "code", "says"),
    [
        ("segment", errno.ENOSPC, "disk is full"),
        ("toc", errno.ENOSPC, "disk is full"),
        ("rename", errno.ENOSPC, "disk is full"),
        ("toc", errno.EROFS, "read-only"),
        ("toc", errno.EIO, "Input/output error"),
    ],
)
def test_disk_failures_while_removing(ix, monkeypatch, where, code, says):
    from whoosh import index as whoosh_index
    from whoosh.filedb.filestore import FileStorage

    before = export_text(ix)
    source = json.loads(before.splitlines()[0])["source"]
    with monkeypatch.context() as patch:
        target, name = {
            "segment": (FileStorage, "create_file"),
            "toc": (whoosh_index.TOC, "write"),
            "rename": (FileStorage, "rename_file"),
        }[where]
        _fail_with(patch, target, name, code)
        result = run("remove", source, "--index", ix, "-q")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and "Traceback" not in result.stderr
    line = result.stderr.replace("\n", "")
    assert str(ix) in line and says in line and "run the same command again" in line, line
    assert export_text(ix) == before
    del result  # its exception context may hold the failed writer, and with it the lock
    gc.collect()
    monkeypatch.setattr(index_mod.folder, "WRITE_TIMEOUT", 5.0)
    result = run("remove", source, "--index", ix, "-q")
    assert result.exit_code == 0, result.stderr
    assert export_text(ix).splitlines() == [x for x in before.splitlines() if json.loads(x)["source"] != source]


def test_kill_and_interrupt_a_remove_at_random_points(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 90, seed=8)
    base = tmp_path / "base"
    ingest_mod.ingest([str(SAMPLES), str(corpus)], base)
    before = export_text(base)
    # Two thirds of the pages: the segment is rewritten with the articles left, which takes a while.
    targets = [str(p) for p in sorted(corpus.glob("*.txt"))[:60]]
    command = [sys.executable, "-c", WRAPPER, "40000", "remove", *targets, "-q", "--index"]
    done = tmp_path / "done"
    shutil.copytree(base, done)
    start = time.monotonic()
    assert subprocess.run([*command, str(done)], capture_output=True).returncode == 0
    took = time.monotonic() - start  # kills fall from the start of the process to past its end
    after = export_text(done)
    assert len(after.splitlines()) < len(before.splitlines()) / 2
    rng = random.Random(8)
    log = []
    for attempt in range(12):
        work = tmp_path / f"ix{attempt}"
        shutil.copytree(base, work)
        how = signal.SIGKILL if attempt % 2 == 0 else signal.SIGINT
        proc = subprocess.Popen(
            [*command, str(work)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        code = stop_after(proc, how, rng.uniform(0.3, 1.2) * took, timeout=60)
        index_mod.open_index(work)
        now = export_text(work)
        assert now in (before, after), "a remove was cut short half done"
        log.append(f"{how.name} rc={code} {'removed' if now == after else 'as before'}")
        # The same remove run again: it completes, or says the pages are no longer there.
        again = run("remove", *targets, "--index", work, "-q")
        assert (again.exit_code, export_text(work)) == ((0, after) if now == before else (1, after)), again.stderr
        shutil.rmtree(work)
    print("\n".join(log))


def test_kill_and_interrupt_a_rebuild_at_random_points(tmp_path):
    # rebuild is one commit in the index's folder: killed anywhere, the index is the old one
    # or the new one, whole.
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 60, seed=9)
    base = tmp_path / "base"
    ingest_mod.ingest([str(SAMPLES), str(corpus)], base)
    before = export_text(base)
    lines = before.splitlines()
    changed = [json.dumps({**json.loads(line), "title": "更正"}, ensure_ascii=False) if i % 2 else line
               for i, line in enumerate(lines)]
    backup = tmp_path / "backup.jsonl"
    backup.write_text("\n".join(changed) + "\n", "utf-8")
    command = [sys.executable, "-c", WRAPPER, "40000", "rebuild", "--from", str(backup), "--index"]
    done = tmp_path / "done"
    shutil.copytree(base, done)
    start = time.monotonic()
    assert subprocess.run([*command, str(done)], capture_output=True).returncode == 0
    took = time.monotonic() - start
    after = export_text(done)
    assert after != before and len(after.splitlines()) == len(lines)
    rng = random.Random(9)
    log = []
    for attempt in range(8):
        work = tmp_path / f"ix{attempt}"
        shutil.copytree(base, work)
        how = signal.SIGKILL if attempt % 2 == 0 else signal.SIGINT
        proc = subprocess.Popen(
            [*command, str(work)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        code = stop_after(proc, how, rng.uniform(0.5, 1.5) * took, timeout=120)
        index_mod.open_index(work)
        now = export_text(work)
        assert now in (before, after), "a rebuild was cut short half done"
        log.append(f"{how.name} rc={code} {'rebuilt' if now == after else 'as before'}")
        assert subprocess.run([*command, str(work)], capture_output=True).returncode == 0
        assert export_text(work) == after
        shutil.rmtree(work)
    print("\n".join(log))
