"""The keyword workers: jieba cuts a large batch in worker processes while the caller indexes.

Only ingest and rebuild start them; multiprocessing (and ctypes on Linux) is imported only
when they do, so that search stays quick to start. This module imports nothing heavy at its
top: a worker imports it first, and ignores Ctrl-C only once it runs ``_start_worker``, so
the sooner it gets there, the smaller the moment in which a Ctrl-C would make it print a
traceback (analysis, with Whoosh and jieba behind it, is imported after that).
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Iterator
from itertools import islice

from bulletin_cli.errors import WorkerError

# Below this many texts a process pool costs more (jieba loads in each worker) than it saves.
PARALLEL_MIN = 400
# Characters per message to a worker. Small messages keep the pool's call queue far below a
# pipe's 64 KB buffer: when a worker dies with a message half sent, Python 3.10's pool waits
# forever for its feeder thread to finish writing into a full pipe. (One very long article
# still makes a long message.)
_CHUNK_CHARS = 5000


def cut_many(texts: list[str], places: list[str], workers: int | None = None) -> Iterator[list[str]]:
    """cut_words of each text, in order, with jieba taught places first.

    A large batch is cut by worker processes (by default one per core but the one the
    caller indexes on; 0 cuts here), so the caller indexes what is cut while the rest is
    being cut. Results are the same either way: every cutter learns the same places first.
    """
    if workers is None:
        workers = (os.cpu_count() or 1) - 1
    from bulletin_cli import analysis

    if workers < 1 or len(texts) < PARALLEL_MIN:
        analysis.add_words(places)
        yield from map(analysis.cut_words, texts)
        return
    import multiprocessing  # the write path only: search stays quick to start
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(texts)
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(places,))
    broken = False
    try:
        # A few chunks ahead per worker: enough to keep them busy, not a batch's words in memory.
        ahead = deque(pool.submit(_cut_chunk, chunk) for chunk in islice(chunks, 8 * workers))
        while ahead:
            words = ahead.popleft().result()
            for chunk in islice(chunks, 1):
                ahead.append(pool.submit(_cut_chunk, chunk))
            yield from words
    except BrokenProcessPool:
        broken = True
        raise WorkerError(
            "a worker process that cuts keywords stopped unexpectedly (out of memory, or killed); "
            "nothing of this batch was written: run the ingest again"
        ) from None
    finally:
        # Waiting on a broken pool can hang (Python 3.10); its workers are already ended.
        pool.shutdown(wait=not broken, cancel_futures=True)


def _chunks(texts: list[str]) -> Iterator[list[str]]:
    """Consecutive texts, each chunk closed once it holds _CHUNK_CHARS characters or more."""
    chunk: list[str] = []
    size = 0
    for text in texts:
        chunk.append(text)
        size += len(text)
        if size >= _CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _start_worker(places: list[str]) -> None:
    # The parent handles Ctrl-C and stops the pool; a worker must not print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    from bulletin_cli import analysis

    analysis.add_words(places)


def _die_with_parent() -> None:
    """Make this worker end when its parent does, even by kill -9, on every platform.

    Else a worker of a killed ingest would cut on and then wait for work forever (it holds
    both ends of the pool's queue, so it never reads an end of file). Linux ends it at once
    (prctl PR_SET_PDEATHSIG: the kernel kills it, even in the middle of a C call). Everywhere,
    Linux included, a thread also waits for the parent to go (``_watch_parent``): that is all
    macOS and Windows have, and all Linux has should prctl be missing.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError, TypeError):
            pass  # no prctl in this libc: the watching thread still ends the worker
    _watch_parent()


def _watch_parent() -> None:
    """Start a thread that ends this process (exit status 1) once its parent has exited.

    multiprocessing gives every process it spawns a sentinel of its parent, which becomes
    ready when the parent exits however it ends: on macOS and Linux the read end of a pipe
    that only the parent holds open, on Windows the parent's process handle. The thread waits
    on it without polling. A process not started by multiprocessing has none: nothing to do.
    """
    import multiprocessing
    import threading

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="bulletin-parent-watch", daemon=True).start()


def _cut_chunk(texts: list[str]) -> list[list[str]]:
    from bulletin_cli import analysis

    return [analysis.cut_words(text) for text in texts]
