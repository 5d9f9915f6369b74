"""The keyword workers: jieba cuts a large batch in worker processes while the caller indexes.

Only ingest and rebuild start them; multiprocessing (and ctypes on Linux) is imported only
when they do, so that search stays quick to start. This module imports nothing heavy at its
top: a worker imports it first, and ignores Ctrl-C only once it runs ``_start_worker``, so
the sooner it gets there, the smaller the moment in which a Ctrl-C would make it print a
traceback (analysis, with Whoosh and jieba behind it, is imported after that).
"""

from __future__ import annotations

import contextlib
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
    yield from _in_order(
        _cut_chunk, _chunks(texts), workers, ahead=8, initializer=_start_worker, initargs=(places,),
        doing="cuts keywords",
    )


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


# --- worker processes for ingest: pages read, segments written ---------------------------

# The environment variable that turns on ingest's segment-writing worker processes (issue 12)
# and sets how many: N >= 1 processes read pages and write a batch's segments. Unset or 0, the
# default: one process writes the index, with the keyword workers of ``cut_many`` beside it.
# Off by default: on the full archive the parallel path measured a tree peak of 602 MiB (the
# target is 500) and an index of 4.5 x the text (target 4 x), see benchmarks/README.md.
WORKERS_ENV = "BULLETIN_WORKERS"
# Below this many files, reading pages in worker processes costs more than it saves.
READ_PARALLEL_MIN = 64


def worker_count() -> int:
    """How many segment-writing worker processes ingest uses: $BULLETIN_WORKERS, else 0 (none)."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value:
        try:
            count = int(value)
        except ValueError:
            count = -1
        if count < 0:
            raise WorkerError(f"{WORKERS_ENV}={value!r} is not a number of worker processes (0 or more)")
        return count
    return 0


class _Spawning:
    """Start processes with Ctrl-C ignored, so that they are born ignoring it.

    A process inherits an ignored SIGINT across fork and exec, and Python then installs no
    KeyboardInterrupt handler: a Ctrl-C that reaches the whole process group while a worker is
    still importing cannot make it print a traceback. The parent ignores Ctrl-C only for the
    few milliseconds a start takes (a Ctrl-C then is lost; the next one counts). Only the main
    thread may set signal handlers: elsewhere this does nothing.
    """

    def __enter__(self):
        import threading

        self.old = None
        if threading.current_thread() is threading.main_thread():
            self.old = signal.signal(signal.SIGINT, signal.SIG_IGN)
        return self

    def __exit__(self, *exc) -> None:
        if self.old is not None:
            signal.signal(signal.SIGINT, self.old)


def read_many(
    read_chunk, names: list[str], workers: int, init=None, init_args: tuple = (), enough=lambda: False
) -> Iterator:
    """read_chunk(names) for consecutive chunks of names in worker processes, results in order.

    read_chunk returns one result per name; this yields them one by one. Workers run
    init(*init_args) first (module-level functions, picklable by name). Once enough() is true
    no more chunks are given out: the chunks being read are yielded, then the iteration ends
    (with fewer results than names) and the processes with it, so that none holds memory while
    the caller writes. A worker that dies raises WorkerError. No process outlives the iteration.
    """
    size = max(1, min(16, len(names) // (8 * max(1, workers))))
    chunks = iter([names[i:i + size] for i in range(0, len(names), size)])
    yield from _in_order(
        read_chunk, chunks, workers, ahead=4, initializer=_start_reader, initargs=(init, init_args),
        doing="reads pages", enough=enough, spawning=_Spawning,
    )


def _in_order(
    fn, chunks: Iterator, workers: int, ahead: int, initializer, initargs: tuple, doing: str,
    enough=lambda: False, spawning=contextlib.nullcontext,
) -> Iterator:
    """fn(chunk) for each chunk in a pool of `workers` spawned processes, the results of each
    chunk yielded in order, `ahead` chunks per worker given out in advance; none more once
    enough() is true. Submits run inside spawning() (the pool starts its processes on them).
    A worker that dies raises WorkerError (saying what it `doing`); no process outlives it."""
    import multiprocessing  # the write path only: search stays quick to start
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=initializer, initargs=initargs)
    broken = False
    try:
        with spawning():
            pending = deque(pool.submit(fn, chunk) for chunk in islice(chunks, ahead * workers))
        while pending:
            results = pending.popleft().result()
            for chunk in islice(chunks, 0 if enough() else 1):
                with spawning():
                    pending.append(pool.submit(fn, chunk))
            yield from results
    except BrokenProcessPool:
        broken = True
        raise WorkerError(
            f"a worker process that {doing} stopped unexpectedly (out of memory, or killed); "
            "nothing of this batch was written: run the ingest again"
        ) from None
    finally:
        # Waiting on a broken pool can hang (Python 3.10); its workers are already ended.
        pool.shutdown(wait=not broken, cancel_futures=True)


def _start_reader(init, init_args: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    if init is not None:
        init(*init_args)


# Items per message when a job's items are streamed to its worker.
_STREAM_CHUNK = 200


def run_jobs(jobs: list[tuple[str, tuple, list | None]]) -> list:
    """Run each job ("module:function", args, items) in a worker process of its own; return
    the results in order, once every job has finished.

    items, when not None, are streamed to the worker in small messages while it works, and
    the function gets an iterator of them after args: a worker never holds all of its share,
    nor this process a copy of it in a message.

    All or nothing: if any job raises, its exception is raised here; if a worker dies (killed,
    out of memory) WorkerError is raised; on either, or on Ctrl-C here, every worker is killed
    and reaped first, so that nothing a job does can go on after this returns or raises.
    """
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    context = multiprocessing.get_context("spawn")
    procs: list = []
    conns: list = []
    senders: list[threading.Thread] = []
    try:
        for _ in jobs:
            here, there = context.Pipe()
            proc = context.Process(target=_job_main, args=(there,), name="bulletin-worker", daemon=True)
            with _Spawning():
                proc.start()
            there.close()
            procs.append(proc)
            conns.append(here)
        for conn, (target, args, items) in zip(conns, jobs):
            try:
                conn.send((target, args, items is not None))
            except (BrokenPipeError, ConnectionResetError, EOFError):
                raise _died() from None
            if items is not None:
                # A thread per worker, so that each is fed as fast as it reads.
                sender = threading.Thread(target=_stream, args=(conn, items), name="bulletin-feed", daemon=True)
                sender.start()
                senders.append(sender)
        results: dict[int, object] = {}
        waiting = dict(enumerate(conns))
        while waiting:
            ready = wait([*waiting.values(), *(procs[i].sentinel for i in waiting)])
            for i, conn in list(waiting.items()):
                if conn in ready or procs[i].sentinel in ready:
                    try:
                        status, value = conn.recv() if conn.poll() else (None, None)
                    except (EOFError, OSError):
                        status, value = None, None
                    if status is None:
                        raise _died()
                    if status == "error":
                        raise value
                    results[i] = value
                    del waiting[i]
        for proc in procs:
            proc.join()
        return [results[i] for i in range(len(jobs))]
    finally:
        for proc in procs:
            if proc.is_alive():
                proc.kill()
        for proc in procs:
            proc.join()
        for conn in conns:
            conn.close()  # a feeding thread still writing gets an error and ends
        for sender in senders:
            sender.join()


def _stream(conn, items: list) -> None:
    try:
        for start in range(0, len(items), _STREAM_CHUNK):
            conn.send(items[start:start + _STREAM_CHUNK])
        conn.send(None)
    except (OSError, EOFError, ValueError):
        pass  # the worker died or was stopped: the waiting loop says so


def _received(conn) -> Iterator:
    while (chunk := conn.recv()) is not None:
        yield from chunk


def _died() -> WorkerError:
    return WorkerError(
        "a worker process that writes the index stopped unexpectedly (out of memory, or killed); "
        "nothing of this batch was written: run the ingest again"
    )


def _job_main(conn) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    try:
        target, args, streamed = conn.recv()
    except (EOFError, OSError):
        return
    try:
        import importlib

        module, name = target.split(":")
        if streamed:
            args = (*args, _received(conn))
        result = ("ok", getattr(importlib.import_module(module), name)(*args))
    except BaseException as exc:  # everything goes to the parent, which decides
        result = ("error", exc)
    try:
        conn.send(result)
    except Exception as exc:  # an exception that does not pickle
        conn.send(("error", WorkerError(f"a worker process failed: {type(exc).__name__}: {exc}")))
    conn.close()
