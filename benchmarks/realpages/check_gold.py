"""Check the real-pages gold files against their pages (format: benchmarks/realpages/README.md).

Usage::

    python benchmarks/realpages/check_gold.py                 # this folder: pages/ and gold/
    python benchmarks/realpages/check_gold.py tests/data/realpages_mini

For every ``gold/<page>.json`` beside ``pages/<page>.txt`` it checks that the file is valid
JSON with exactly the spec's keys and value types; that ``page`` names the file, ``layout`` is
one of the spec's and ``date`` and every ``event_date`` are real dates (or null); that every
furniture line and every article's ``first_line`` is a line of the page (stripped), the first
lines in page order (each after the one before); that every kicker part (`` / ``-separated),
title, subtitle, dateline, caption and named district / street / community occurs verbatim
inside its article (between its first line and the next article's), or across a hard-wrapped
line break of it; and that every line of the page above the first article is furniture. A
page without gold or gold without a page is a problem too. Problems are printed one a line
(``gold/n01.json: article 3 (…): title …``); the exit status is 1 if there are any, else 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAYOUTS = ("epaper", "web", "flat", "indent-wrap", "dense")
PAGE_KEYS = {"page": str, "layout": str, "date": str, "furniture": list, "articles": list}
ARTICLE_KEYS = {
    "source": str,
    "outlet": str,
    "first_line": str,
    "kicker": str,
    "title": str,
    "subtitle": str,
    "dateline": str,
    "byline": str,
    "captions": list,
    "district": str,
    "street": str,
    "community": str,
    "city": str,
    "province": str,
    "event_date": (str, type(None)),
    "notes": str,
}
VERBATIM = ("title", "subtitle", "dateline", "district", "street", "community")


def valid_date(value: object) -> bool:
    """Whether value is a real date written YYYY-MM-DD.

    >>> valid_date("2024-06-05"), valid_date("2024-02-30"), valid_date("2024-6-5")
    (True, False, False)
    """
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def first_lines(lines: list[str], articles: list[dict]) -> list[int | None]:
    """The line index of each article's first_line: the first line after the previous
    article's that equals it (stripped); None where there is none."""
    found: list[int | None] = []
    after = -1
    for article in articles:
        want = str(article.get("first_line", "")).strip()
        at = next((i for i in range(after + 1, len(lines)) if want and lines[i].strip() == want), None)
        found.append(at)
        if at is not None:
            after = at
    return found


def _in_text(needle: str, lines: list[str]) -> bool:
    """Verbatim in the lines, or across a hard wrap (lines stripped and joined)."""
    text = "\n".join(lines)
    return needle in text or needle in "".join(line.strip() for line in lines)


def check_page(gold_path: Path, page_path: Path) -> list[str]:
    """Problems of one gold file against its page, one message each."""
    label = f"gold/{gold_path.name}"
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return [f"{label}: not valid JSON ({exc})"]
    if not isinstance(gold, dict):
        return [f"{label}: the top level is not an object"]
    problems = _keys(label, gold, PAGE_KEYS)
    if problems:
        return problems
    if gold["page"] != gold_path.stem:
        problems.append(f"{label}: page is {gold['page']!r}, the file is named {gold_path.stem!r}")
    if gold["layout"] not in LAYOUTS:
        problems.append(f"{label}: layout {gold['layout']!r} is none of {', '.join(LAYOUTS)}")
    if not valid_date(gold["date"]):
        problems.append(f"{label}: date {gold['date']!r} is not a date YYYY-MM-DD")
    if not page_path.exists():
        return [*problems, f"{label}: its page {page_path.name} is not in pages/"]
    try:
        text = page_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return [*problems, f"pages/{page_path.name}: not UTF-8 ({exc})"]
    lines = text.replace("\r\n", "\n").split("\n")
    stripped = {line.strip() for line in lines}
    furniture = gold["furniture"]
    for line in furniture:
        if not isinstance(line, str) or line.strip() not in stripped:
            problems.append(f"{label}: furniture line {line!r} is not a line of the page")
    if not gold["articles"]:
        problems.append(f"{label}: no articles")
    for n, article in enumerate(gold["articles"], 1):
        if not isinstance(article, dict):
            problems.append(f"{label}: article {n} is not an object")
            continue
        problems.extend(_keys(f"{label}: article {n}", article, ARTICLE_KEYS))
    if problems:
        return problems
    starts = first_lines(lines, gold["articles"])
    bounds = [s for s in starts if s is not None] + [len(lines)]
    for n, (article, start) in enumerate(zip(gold["articles"], starts), 1):
        where = f"{label}: article {n} ({article['title'] or article['first_line']})"
        if start is None:
            problems.append(f"{where}: first_line {article['first_line']!r} is no line of the page after article {n - 1}'s")
            continue
        span = lines[start : next(b for b in bounds if b > start)]
        checks = [("kicker part", part.strip()) for part in article["kicker"].split(" / ") if part.strip()]
        checks += [(name, article[name].strip()) for name in VERBATIM if article[name].strip()]
        checks += [("caption", caption.strip()) for caption in article["captions"] if isinstance(caption, str)]
        for name, value in checks:
            if not _in_text(value, span):
                elsewhere = " (it is elsewhere on the page)" if _in_text(value, lines) else ""
                problems.append(f"{where}: {name} {value!r} is not in the article's text{elsewhere}")
        if any(not isinstance(c, str) for c in article["captions"]):
            problems.append(f"{where}: captions must be strings")
        if article["event_date"] is not None and not valid_date(article["event_date"]):
            problems.append(f"{where}: event_date {article['event_date']!r} is neither null nor a date YYYY-MM-DD")
    if starts and starts[0] is not None:
        for i, line in enumerate(lines[: starts[0]]):
            if line.strip() and line.strip() not in {f.strip() for f in furniture}:
                problems.append(f"{label}: line {i + 1} {line.strip()!r} is above the first article but not furniture")
    return problems


def _keys(label: str, record: dict, spec: dict) -> list[str]:
    problems = []
    missing = [k for k in spec if k not in record]
    unknown = [k for k in record if k not in spec]
    if missing:
        problems.append(f"{label}: missing keys {', '.join(missing)}")
    if unknown:
        problems.append(f"{label}: unknown keys {', '.join(unknown)}")
    for k, kind in spec.items():
        if k in record and not isinstance(record[k], kind):
            problems.append(f"{label}: {k} is a {type(record[k]).__name__}, not a {getattr(kind, '__name__', 'str or null')}")
    return problems


def check(folder: Path) -> tuple[list[str], int, int]:
    """Check every page and gold file under folder; return problems, pages and articles."""
    pages = {p.stem: p for p in sorted((folder / "pages").glob("*.txt"))}
    golds = {g.stem: g for g in sorted((folder / "gold").glob("*.json"))}
    problems = [f"pages/{name}.txt: no gold/{name}.json" for name in pages if name not in golds]
    articles = 0
    for name, gold_path in golds.items():
        problems.extend(check_page(gold_path, folder / "pages" / f"{name}.txt"))
        try:
            articles += len(json.loads(gold_path.read_text(encoding="utf-8")).get("articles", []))
        except (ValueError, AttributeError):
            pass
    return problems, len(golds), articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=HERE, help="a folder with pages/ and gold/ (default: this one)")
    args = parser.parse_args(argv)
    problems, pages, articles = check(args.folder)
    for problem in problems:
        print(problem)
    if not pages and not problems:
        print(f"{args.folder}: no gold files in gold/ yet", file=sys.stderr)
        return 0
    print(f"{pages} pages, {articles} articles: {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
