"""The command line every peer shares: `ingest GOLD --index DIR`, `search QUERY --index DIR`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable


def run(
    description: str,
    ingest: Callable[[str, str], int],
    search: Callable[..., dict],
    argv: list[str] | None = None,
    search_flags: dict[str, str] | None = None,
) -> int:
    """Parse argv and run ingest (count to stderr) or search (JSON to stdout).

    search_flags: extra store-true options of `search`, name -> help, passed on as keywords.
    """
    parser = argparse.ArgumentParser(description=description)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest")
    p.add_argument("gold")
    p.add_argument("--index", required=True)
    p = sub.add_parser("search")
    p.add_argument("query")
    p.add_argument("--index", required=True)
    p.add_argument("--limit", type=int, default=10)
    for flag, help_ in (search_flags or {}).items():
        p.add_argument(f"--{flag}", action="store_true", help=help_)
    args = parser.parse_args(argv)
    if args.command == "ingest":
        print(f"{ingest(args.gold, args.index)} articles indexed", file=sys.stderr)
    else:
        extra = {flag.replace("-", "_"): getattr(args, flag.replace("-", "_")) for flag in search_flags or {}}
        print(json.dumps(search(args.query, args.index, args.limit, **extra)))
    return 0
