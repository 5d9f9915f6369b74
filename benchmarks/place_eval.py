"""How well bulletin finds an article's places, against places labelled by hand.

Two kinds of labelled sets:

- ``benchmarks/places_gold_cec.json`` and ``places_gold_cec_heldout.json``: labels of 24 and
  19 reports of the cec corpus (the second set labelled after places.py was tuned on the
  first, and never tuned on), whose text is read at run time from
  ``../shared/corpora/cec/cec_articles.jsonl`` (never copied here);
- any JSON Lines file given with ``--set``: one article a line, ``{"id", "url", "header",
  "headline": [...], "paragraphs": [...], "gold": {"district", "street", "community", "city",
  "province"}}`` (real pages found on the web are kept outside the repository).

Each field of each article is counted as right (as the gold), missed (gold given, nothing
found), wrong (something else found) or invented (found where the gold is empty). It runs
against whichever ``bulletin_cli`` Python imports, so the same script measures an older
commit too (``PYTHONPATH=../main python benchmarks/place_eval.py``); city and province are
counted only where that bulletin has them.

    python benchmarks/place_eval.py --set ../places-eval/web.jsonl
"""

from __future__ import annotations

import argparse
import inspect
import json
import sys
from collections import Counter
from pathlib import Path

from bulletin_cli import extract
from bulletin_cli.models import RawArticle

ROOT = Path(__file__).resolve().parent.parent
CEC = ROOT.parent / "shared" / "corpora" / "cec" / "cec_articles.jsonl"
CEC_GOLD = ROOT / "benchmarks" / "places_gold_cec.json"
# Labelled after places.py was tuned on CEC_GOLD's reports and before it was run on these.
CEC_HELDOUT = ROOT / "benchmarks" / "places_gold_cec_heldout.json"
FIELDS = ("district", "street", "community", "city", "province")
OUTCOMES = ("right", "missed", "wrong", "invented")


def cec_set(corpus: Path = CEC, gold: Path = CEC_GOLD) -> list[dict]:
    if not corpus.exists():
        raise FileNotFoundError(f"{corpus} is not here: ../shared (research corpora) must sit beside the repository")
    lines = corpus.read_text("utf-8").splitlines()
    articles = []
    for label in json.loads(gold.read_text("utf-8"))["articles"]:
        record = json.loads(lines[label["line"]])
        articles.append({
            "id": f"cec{label['line']}",
            "header": "",
            "headline": [record["title"]],
            "paragraphs": record["paragraphs"],
            "gold": {f: label[f] for f in FIELDS},
        })
    return articles


def jsonl_set(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def extract_places(article: dict) -> dict[str, str]:
    """The places this bulletin finds for one labelled article."""
    raw = RawArticle(tuple(article["headline"]), tuple(article["paragraphs"]))
    if "page" in inspect.signature(extract.extract_article).parameters:
        from bulletin_cli import places

        page = places.page_context([article["header"]] if article.get("header") else [])
        found = extract.extract_article(raw, "eval.txt", 1, None, page)
    else:
        found = extract.extract_article(raw, "eval.txt", 1, None)
    return {f: getattr(found, f, None) for f in FIELDS}


def outcome(gold: str, found: str) -> str | None:
    if found == gold:
        return "right" if gold else None
    if not found:
        return "missed"
    return "wrong" if gold else "invented"


def evaluate(articles: list[dict]) -> tuple[dict[str, Counter], list[tuple[str, str, str, str]]]:
    counts = {f: Counter() for f in FIELDS}
    errors = []
    for article in articles:
        found = extract_places(article)
        for field in FIELDS:
            if found[field] is None:
                continue  # this bulletin has no such field
            result = outcome(article["gold"][field], found[field])
            if result:
                counts[field][result] += 1
            if result not in (None, "right"):
                errors.append((article["id"], field, article["gold"][field], found[field]))
    return counts, errors


def table(name: str, n: int, counts: dict[str, Counter]) -> str:
    lines = [f"{name}: {n} articles", f"{'field':<10}" + "".join(f"{o:>9}" for o in OUTCOMES)]
    for field in FIELDS:
        if sum(counts[field].values()) or field in ("district", "street", "community"):
            lines.append(f"{field:<10}" + "".join(f"{counts[field][o]:>9}" for o in OUTCOMES))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", dest="sets", type=Path, action="append", default=[], help="a labelled JSON Lines set")
    parser.add_argument("--no-cec", action="store_true", help="leave out the cec reports")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every field not found right")
    args = parser.parse_args(argv)
    sets = [] if args.no_cec else [("cec", cec_set()), ("cec-heldout", cec_set(gold=CEC_HELDOUT))]
    sets += [(path.stem, jsonl_set(path)) for path in args.sets]
    everything = []
    for name, articles in sets:
        counts, errors = evaluate(articles)
        everything.extend(articles)
        print(table(name, len(articles), counts), end="\n\n")
        if args.verbose:
            for error in errors:
                print("  ", *error)
    if len(sets) > 1:
        print(table("all", len(everything), evaluate(everything)[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
