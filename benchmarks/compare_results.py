"""Record what an index answers to a fixed set of searches and summaries, or compare two records.

Used to check that a change to the index design changes no answer: build the same archive with
the old and the new code, record each, compare.

    python benchmarks/compare_results.py record INDEX OUT.json
    python benchmarks/compare_results.py compare OLD.json NEW.json

A record holds, per query, the total and the ids of every hit in rank order, and the top 15
keywords of two summaries. `compare` prints one line per query and exits 1 if any hit set
differs (a different order is reported, not an error).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

QUERIES = [
    "社区", "志愿服务", "燕宇社区", "电动自行车", "习近平 会见", "经济 OR 金融", "改革 -开放",
    '"脱贫攻坚"', "中", "人民代表大会", "一带一路", "新冠", "国务院总理", "合作 -一带一路",
]
SUMMARIES = [None, "志愿服务"]


def record(index: Path, out: Path) -> None:
    from bulletin_cli import queries

    answers: dict[str, object] = {}
    for text in QUERIES:
        result = queries.search(index, text, limit=1_000_000)
        answers[text] = {"total": result.total, "ids": [hit.article.id for hit in result.hits]}
    for text in SUMMARIES:
        summary = queries.summary(index, text, top=15)
        answers[f"summary:{text or ''}"] = [keyword.term for keyword in summary.keywords]
    out.write_text(json.dumps(answers, ensure_ascii=False, indent=1), "utf-8")
    print(f"recorded {len(answers)} answers of {index} in {out}", file=sys.stderr)


def compare(old_path: Path, new_path: Path) -> int:
    old = json.loads(old_path.read_text("utf-8"))
    new = json.loads(new_path.read_text("utf-8"))
    differing = 0
    for key in old:
        before, after = old[key], new.get(key)
        if isinstance(before, dict):
            same_set = after is not None and set(before["ids"]) == set(after["ids"])
            top = len(set(before["ids"][:10]) & set(after["ids"][:10])) if after else 0
            order = "same order" if after and before["ids"] == after["ids"] else f"order differs (top 10 share {top})"
            print(f"{key:16} {before['total']:>6} -> {after['total'] if after else '-':>6}  "
                  f"{'same hits' if same_set else 'HITS DIFFER'}, {order}")
            differing += not same_set
        else:
            print(f"{key:16} {'same keywords' if before == after else 'keywords differ'}: {' '.join(after or [])[:60]}")
    return 1 if differing else 0


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "record":
        record(Path(argv[1]), Path(argv[2]))
        return 0
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
