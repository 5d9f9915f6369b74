"""Import another script of ``benchmarks/`` as a module, once.

The scripts run as programs and are loaded by the tests from their files; this gives both the
same module object, under a name of its own (``coverage`` also names a PyPI package).
"""

import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def sibling(stem: str):
    """Import benchmarks/<stem>.py once, as ``bench_<stem>``."""
    name = "bench_" + stem.replace("/", "_")
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / f"{stem}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up by name
        spec.loader.exec_module(module)
    return sys.modules[name]
