"""Segment writers that fail, for the tests of ingest's worker processes (test_parallel.py).

Each writes its segment as bulletin's own does (so that its files are there), then fails in
one way. A test names one in ``bulletin_cli.index.writing.SEGMENT_WRITER``; the worker process
imports this module by name (the tests folder is on the path it inherits).
"""

from __future__ import annotations

import errno
import os
import signal
import time

from bulletin_cli.index import writing


def write_then_raise_enospc(path, segment_id, places, articles):
    writing.write_segment(path, segment_id, places, articles)
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), f"MAIN_{segment_id}.pst")


def write_then_die(path, segment_id, places, articles):
    """As the out-of-memory killer would: SIGKILL, after the files are written."""
    writing.write_segment(path, segment_id, places, articles)
    os.kill(os.getpid(), signal.SIGKILL)


def write_then_hang(path, segment_id, places, articles):
    """Write the segment, leave a mark beside the index, then wait to be stopped."""
    writing.write_segment(path, segment_id, places, articles)
    open(f"{path}.written-{segment_id}", "w").close()
    while True:
        time.sleep(1)


def die_at_once(path, segment_id, places, articles):
    os._exit(3)
