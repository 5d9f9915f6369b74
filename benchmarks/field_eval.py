"""Score every field the pipeline extracts on the real pages, against their hand-written gold.

Usage::

    python benchmarks/field_eval.py                    # benchmarks/realpages: one row per field
    python benchmarks/field_eval.py --failures 20      # also list wrong fields: page, article, gold vs predicted
    python benchmarks/field_eval.py --json
    python benchmarks/field_eval.py --dir tests/data/realpages_mini

Pages and gold are read by ``split_eval.realpages_cases`` (format: ``realpages/check_gold.py``);
each page goes through the pipeline as ingest runs it, with its gold ``date`` as the publication
date, and predicted articles are aligned to gold ones by their start, as ``split_eval`` does. A
gold article with no predicted article starting where it starts counts wrong in every field.

Fields
------
- ``articles``: precision, recall and F1 of the article starts.
- ``titles``: exact (surrounding whitespace stripped), over every gold article; an untitled
  brief (gold title "") is right when an article starts there.
- ``subtitles``, ``kickers``, ``datelines``, ``bylines``, ``captions``: the share right among
  articles whose gold has one (exact after stripping; bylines ignore whitespace, 记者张三 =
  记者 张三; captions compare as the list); ``extra`` counts aligned articles whose gold has none
  but the prediction has one. The predicted kicker is the Article's ``kicker`` where it has one,
  else the headline lines above the title, joined by `` / `` as the gold is.
- ``district``, ``street``, ``community``: the share right among articles whose gold names one,
  compared as written; ``street*`` also counts a street right that differs from the gold
  only by 街 against 街道 (大直沽街 / 大直沽街道), since papers write both.
- ``invented places``: aligned articles with a predicted place at some level that is not empty
  and differs from the gold at that level (街 = 街道 there too), per 100 gold articles.
- ``city``, ``province``: as district, when the predicted Article has such attributes (read with
  ``getattr``, so this runs on code without them: then ``n/a``).
- ``event dates``: over every gold article; right when the predicted ``event_date`` equals the
  gold one, no date (null) included.

The targets of the issue are printed beside: articles F1 >= 0.98, titles >= 0.95, district,
street and community >= 0.95 each, invented places <= 1 per 100 articles, event dates >= 0.95.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bulletin_cli.models import Article

HERE = Path(__file__).resolve().parent


def _split_eval():
    name = "bench_split_eval"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, HERE / "split_eval.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up by name
        spec.loader.exec_module(module)
    return sys.modules[name]


se = _split_eval()

PLACES = ("district", "street", "community")
# Attributes the Article may not have yet (read with getattr); their rows say n/a without them.
OPTIONAL = {"city": "city", "province": "province"}
# field -> (comparison, target); ">=" shares, "<=" per 100 articles
TARGETS = {
    "articles": (">=", 0.98),
    "titles": (">=", 0.95),
    "district": (">=", 0.95),
    "street": (">=", 0.95),
    "community": (">=", 0.95),
    "invented places": ("<=", 1.0),
    "event dates": (">=", 0.95),
}
ROWS = (
    "titles",
    "subtitles",
    "kickers",
    "datelines",
    "bylines",
    "captions",
    "district",
    "street",
    "street*",
    "community",
    "city",
    "province",
    "event dates",
)


@dataclass
class Tally:
    right: int = 0
    n: int = 0  # articles the share is taken over
    extra: int = 0  # aligned articles whose gold has none but the prediction has one
    available: bool = True  # False: the predicted Article has no such attribute

    @property
    def share(self) -> float:
        return self.right / self.n if self.n else 1.0


@dataclass
class Report(se.Boundaries):
    pages: int = 0
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    invented: int = 0
    tallies: dict[str, Tally] = field(default_factory=lambda: {row: Tally() for row in ROWS})
    failures: list[dict] = field(default_factory=list)

    @property
    def invented_per_100(self) -> float:
        return 100 * self.invented / self.gold if self.gold else 0.0


def same_street(a: str, b: str) -> bool:
    """Whether two street names are the same but for 街 against 街道.

    >>> same_street("大直沽街", "大直沽街道"), same_street("大直沽街道", "大直沽街道"), same_street("西沽街", "大直沽街")
    (True, True, False)
    """
    return a == b or (a.endswith("街") and a + "道" == b) or (b.endswith("街") and b + "道" == a)


def has_attribute(name: str) -> bool:
    """Whether the pipeline's Article has an attribute (city, province: not on every branch)."""
    return any(f.name == name for f in dataclasses.fields(Article)) or hasattr(Article, name)


def predicted_kicker(article) -> str:
    """The Article's kicker, or the headline lines above its title joined by " / "."""
    kicker = getattr(article, "kicker", None)
    if kicker is not None:
        return kicker.strip()
    headline = [line.strip() for line in article.headline]
    if article.title.strip() in headline:
        return " / ".join(headline[: headline.index(article.title.strip())])
    return ""


def _fields(article) -> dict[str, object]:
    """The predicted value of every compared field (None where the Article has no attribute)."""
    return {
        "titles": article.title.strip(),
        "subtitles": article.subtitle.strip(),
        "kickers": predicted_kicker(article),
        "datelines": article.dateline.strip(),
        "bylines": article.byline.strip(),
        "captions": [c.strip() for c in article.captions],
        "district": article.district,
        "street": article.street,
        "community": article.community,
        "city": getattr(article, "city", None),
        "province": getattr(article, "province", None),
        "event dates": article.event_date or None,
    }


def _gold_fields(record: dict) -> dict[str, object]:
    return {
        "titles": record["title"].strip(),
        "subtitles": record["subtitle"].strip(),
        "kickers": record["kicker"].strip(),
        "datelines": record["dateline"].strip(),
        "bylines": record["byline"].strip(),
        "captions": [c.strip() for c in record["captions"]],
        "district": record["district"].strip(),
        "street": record["street"].strip(),
        "community": record["community"].strip(),
        "city": record["city"].strip(),
        "province": record["province"].strip(),
        "event dates": record["event_date"] or None,
    }


def _equal(row: str, gold: object, predicted: object) -> bool:
    if row == "bylines":
        return re.sub(r"\s+", "", str(gold)) == re.sub(r"\s+", "", str(predicted or ""))
    if row == "street*":
        return same_street(str(gold), str(predicted or ""))
    return gold == predicted


def score_page(report: Report, name: str, gold: list, predicted: list) -> None:
    """Add one page: its gold articles (split_eval.GoldArticle with records) and predictions."""
    report.pages += 1
    report.gold += len(gold)
    report.predicted += len(predicted)
    matched = se.match_gold(gold, [p for p in predicted if p.article is not None])
    report.correct += len(matched)
    for n, g in enumerate(gold, 1):
        record = g.record
        p = matched.get(n - 1)
        article = p.article if p else None
        want = _gold_fields(record)
        want["street*"] = want["street"]
        got = _fields(article) if article is not None else {}
        got["street*"] = got.get("street")
        label = record["title"] or record["first_line"]
        for row in ROWS:
            tally = report.tallies[row]
            gold_value, value = want[row], got.get(row)
            if row in OPTIONAL and not has_attribute(OPTIONAL[row]):
                tally.available = False
                continue
            if row in ("titles", "event dates"):
                counted = True  # every article: an untitled brief, no date, are answers too
            else:
                counted = bool(gold_value)
            if not counted:
                if article is not None and value:
                    tally.extra += 1
                    report.failures.append(_failure(name, n, label, row, gold_value, value, "extra"))
                continue
            tally.n += 1
            if article is None:
                report.failures.append(_failure(name, n, label, row, gold_value, None, "no article starts here"))
                continue
            # an untitled brief (gold title "") is right when an article starts where it does
            if (row == "titles" and not gold_value) or _equal(row, gold_value, value):
                tally.right += 1
            else:
                report.failures.append(_failure(name, n, label, row, gold_value, value, "wrong"))
        if article is not None and _invents(want, got):
            report.invented += 1
            report.failures.append(
                _failure(name, n, label, "invented places", _place(want), _place(got), "a place the text does not give")
            )


def _invents(want: dict, got: dict) -> bool:
    for level in PLACES:
        value = got.get(level) or ""
        if value and not (value == want[level] or (level == "street" and same_street(value, want[level]))):
            return True
    return False


def _place(values: dict) -> str:
    return " / ".join(str(values.get(level) or "") for level in PLACES)


def _failure(page: str, n: int, title: str, row: str, gold: object, predicted: object, why: str) -> dict:
    return {"page": page, "article": n, "title": title, "field": row, "gold": gold, "predicted": predicted, "why": why}


def evaluate(cases: Iterable) -> Report:
    """Run the pipeline on every case and score its fields."""
    report = Report()
    for case in cases:
        text = se.decode(case)
        predicted = se.predict(text, case.name, case.date)
        score_page(report, case.name, case.gold, predicted)
    return report


def table(report: Report) -> str:
    head = f"{'field':<18}{'right':>7}{'of':>6}{'share':>8}{'extra':>7}   target"
    rows = [head, "-" * (len(head) + 10)]
    rows.append(
        f"{'articles':<18}{report.correct:>7}{report.gold:>6}{report.f1:>8.3f}{'':>7}   "
        f"{_target('articles', report.f1)}  (F1; precision {report.precision:.3f} of {report.predicted} predicted,"
        f" recall {report.recall:.3f})"
    )
    for row in ROWS:
        t = report.tallies[row]
        if not t.available:
            rows.append(f"{row:<18}{'':>7}{'':>6}{'n/a':>8}{'':>7}   (the Article has no {row} attribute)")
            continue
        rows.append(f"{row:<18}{t.right:>7}{t.n:>6}{t.share:>8.3f}{t.extra:>7}   {_target(row, t.share)}")
    rows.append(
        f"{'invented places':<18}{report.invented:>7}{report.gold:>6}{report.invented_per_100:>8.1f}{'':>7}   "
        f"{_target('invented places', report.invented_per_100)}  (per 100 articles)"
    )
    rows.append("street*: 街 and 街道 count as the same (大直沽街 = 大直沽街道); extra: found where the gold has none")
    return "\n".join(row.rstrip() for row in rows)


def _target(row: str, value: float) -> str:
    if row not in TARGETS:
        return ""
    op, target = TARGETS[row]
    met = value >= target if op == ">=" else value <= target
    return f"{op} {target:g} {'met' if met else 'MISSED'}"


def as_json(report: Report, failures: int = 0) -> dict:
    data = {
        "pages": report.pages,
        "articles": {
            "gold": report.gold,
            "predicted": report.predicted,
            "correct": report.correct,
            "precision": round(report.precision, 4),
            "recall": round(report.recall, 4),
            "f1": round(report.f1, 4),
            "target": TARGETS["articles"][1],
        },
        "fields": {
            row: (
                {"right": t.right, "of": t.n, "share": round(t.share, 4), "extra": t.extra, "target": _goal(row)}
                if t.available
                else None
            )
            for row, t in report.tallies.items()
        },
        "invented_places": {"articles": report.invented, "per_100": round(report.invented_per_100, 2), "target": 1.0},
    }
    if failures:
        data["failures"] = report.failures[:failures]
    return data


def _goal(row: str) -> float | None:
    return TARGETS[row][1] if row in TARGETS else None


def format_failure(f: dict) -> str:
    return (
        f"  {f['page']} #{f['article']} {f['title']!r}: {f['field']}: gold {f['gold']!r}, "
        f"predicted {f['predicted']!r} ({f['why']})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dir", type=Path, default=se.REALPAGES, help="folder with pages/ and gold/ (default: benchmarks/realpages)"
    )
    parser.add_argument("--failures", type=int, default=0, metavar="N", help="list up to N wrong fields")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    if not any((args.dir / "gold").glob("*.json")):
        print(f"field_eval: no real pages in {args.dir / 'gold'} yet; nothing to score", file=sys.stderr)
        return 0
    try:
        cases = se.realpages_cases(args.dir)
    except se.GoldError as exc:
        print(f"field_eval: {exc}", file=sys.stderr)
        return 1
    report = evaluate(cases)
    if args.json:
        print(json.dumps(as_json(report, args.failures), ensure_ascii=False, indent=2))
        return 0
    print(f"{report.pages} real pages, {report.gold} gold articles ({args.dir})")
    print(table(report))
    if args.failures and report.failures:
        print(f"\n{len(report.failures)} wrong fields, first {min(args.failures, len(report.failures))}:")
        for f in report.failures[: args.failures]:
            print(format_failure(f))
    return 0


if __name__ == "__main__":
    sys.exit(main())
