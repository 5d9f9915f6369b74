"""The keyword workers: cutting in worker processes, and workers that end with their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bulletin_cli import workers


def test_cut_many_in_worker_processes_matches_cutting_here():
    # Enough texts to use the pool; the places are taught to every worker first.
    base = ["荣兴温泉公寓社区开展电动自行车安全宣传", "燕宇社区居民学习防灾减灾知识", "天兴里社区广场舞队排练新节目"]
    texts = [f"{base[i % 3]}第{i}次" for i in range(workers.PARALLEL_MIN + 5)]
    places = ["荣兴温泉公寓社区", "燕宇社区", "天兴里社区"]
    pooled = list(workers.cut_many(texts, places, workers=2))
    here = list(workers.cut_many(texts, places, workers=0))
    assert pooled == here
    assert len(pooled) == len(texts) and "电动自行车" in pooled[0]
    assert not any("荣兴" in w or "温泉" in w for w in pooled[0])  # the place was cut whole, then left out


# --- workers end with their parent, on every platform ------------------------------------


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_each_platform_ends_a_worker_with_its_parent(monkeypatch, platform):
    # Linux asks the kernel (prctl PR_SET_PDEATHSIG) and also watches the parent; macOS and
    # Windows only watch, and never touch ctypes (on Windows ctypes.CDLL(None) raises TypeError).
    import ctypes

    calls = []

    class Libc:
        def prctl(self, option, sig):
            calls.append(("prctl", option, sig))

    def cdll(name, use_errno=False):
        if not platform.startswith("linux"):
            raise AssertionError(f"ctypes used on {platform}")
        return Libc()

    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(ctypes, "CDLL", cdll)
    monkeypatch.setattr(workers, "_watch_parent", lambda: calls.append(("watch",)))
    workers._die_with_parent()
    expected = [("prctl", 1, signal.SIGKILL)] if platform == "linux" else []
    assert calls == [*expected, ("watch",)]


@pytest.mark.parametrize("failure", [OSError("no libc"), TypeError("CDLL(None)"), AttributeError("prctl")])
def test_a_linux_without_prctl_still_watches_the_parent(monkeypatch, failure):
    import ctypes

    def cdll(name, use_errno=False):
        raise failure

    watched = []
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", cdll)
    monkeypatch.setattr(workers, "_watch_parent", lambda: watched.append(True))
    workers._die_with_parent()
    assert watched == [True]


def test_watching_outside_multiprocessing_does_nothing():
    # This test process has no multiprocessing parent: no thread, no exit.
    before = threading.active_count()
    workers._watch_parent()
    assert threading.active_count() == before


PARENT = """
import sys, time
import multiprocessing
from bulletin_cli import workers


def child():
    workers._watch_parent()  # the watching thread alone, without prctl
    print("watching", flush=True)
    time.sleep(120)


if __name__ == "__main__":
    process = multiprocessing.get_context("spawn").Process(target=child)
    process.start()
    print(process.pid, flush=True)
    time.sleep(120)
"""


def _gone(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    if sys.platform.startswith("linux"):
        try:
            return stat.read_text().rsplit(")", 1)[1].split()[0] == "Z"  # ended, not yet reaped
        except OSError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="kills a process group with POSIX signals")
def test_the_watching_thread_ends_a_worker_whose_parent_was_killed(tmp_path):
    # What macOS and Windows rely on, run for real: kill -9 the parent, the child ends.
    script = tmp_path / "parent.py"
    script.write_text(PARENT, "utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        child = int(proc.stdout.readline())
        assert proc.stdout.readline().strip() == "watching"
        assert not _gone(child)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 15
        while not _gone(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _gone(child), "the child outlived its killed parent"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
