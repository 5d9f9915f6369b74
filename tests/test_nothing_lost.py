"""Nothing of a page may be lost: every word character that is not page furniture ends up in
exactly one article, on every layout family of benchmarks/split_eval.py and every corpus.

The checker is benchmarks/coverage.py (tested in test_coverage.py). Here it runs on pages the
families and corpora give: a Hypothesis sample of the generated families (each draw a page and
its layout), and every page of the small corpora. The full run over every page of every family
is `python benchmarks/coverage.py` (its table is in README.md).
"""

import importlib.util
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[f"bench_{name}"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


se = _load("split_eval")
cov = se.coverage

GENERATED = ("seed-style", "no-blank", "wrapped", "multi-page", "indent-wrap", "indent-wrap-titles",
             "place-kicker", "header-footer", "dateline-subheads")
SMALL = ("seed", "samples", "kuaixun", "markdown", "realpages")


@cache
def _cases(layout: str) -> tuple:
    reason = se.unavailable(layout)
    if reason:
        pytest.skip(f"{layout}: {reason}")
    pd_pages = se.load_pd1998() if layout in se.RELAYOUTS else None
    return tuple(se.cases_for(layout, None, pd_pages))


def _check(case):
    result = cov.check_text(se.decode(case), case.name, case.date, case.furniture)
    lost = [f"{x.kind}: {x.text!r}" for x in result.losses]
    dup = [f"{x.kind}: {x.text!r}" for x in result.duplicates]
    assert (result.lost, result.duplicated, lost, dup) == (0, 0, [], []), case.name


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(GENERATED), st.integers(min_value=0, max_value=10_000))
def test_no_generated_page_loses_a_character(layout, n):
    cases = _cases(layout)
    _check(cases[n % len(cases)])


@pytest.mark.parametrize("layout", SMALL)
def test_no_page_of_the_small_corpora_loses_a_character(layout):
    for case in _cases(layout):
        _check(case)


def test_pd1998_pages_as_printed_lose_nothing():
    for case in _cases("pd1998")[::7]:  # every seventh page: the full run is benchmarks/coverage.py
        _check(case)
