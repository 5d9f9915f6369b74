"""Derive bulletin_cli/register.tsv.gz from China's register of divisions.

The register is the National Bureau of Statistics' 2023 division codes as tabulated in
``../shared/gazetteer`` (provinces.csv, cities.csv, areas.csv, streets.csv). The derived file is
one line per unit, ``code<TAB>name``, in code order; the level follows from the code's length
(2 province, 4 city, 6 district/county, 9 street/town/township) and the parent from its prefix.

Cities the register names by a placeholder are renamed or left out:
- ``市辖区`` and ``县`` of Beijing, Tianjin, Shanghai and Chongqing: the city is the
  municipality itself, so it takes the province's name (``天津市``);
- ``省直辖县级行政区划`` / ``自治区直辖县级行政区划`` (仙桃市, 济源市, 石河子市 …): no city
  stands between these districts and their province, so the line is left out.

Run it after the register changes; a test checks that the shipped file is what it derives:

    python scripts/build_register.py              # writes bulletin_cli/register.tsv.gz
    python scripts/build_register.py --check      # exit 1 if the shipped file is stale
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT.parent / "shared" / "gazetteer"
OUTPUT = ROOT / "bulletin_cli" / "register.tsv.gz"
HEADER = "# China's divisions (NBS 2023 codes): code<TAB>name; built by scripts/build_register.py\n"
# City names that stand for "no city of its own" in the register.
MUNICIPALITY_PLACEHOLDERS = {"市辖区", "县"}
NO_CITY = {"省直辖县级行政区划", "自治区直辖县级行政区划"}


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    path = folder / name
    if not path.exists():
        raise FileNotFoundError(f"{path} is not here: ../shared (the gazetteer) must sit beside the repository")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def derive(folder: Path = GAZETTEER) -> str:
    """The text of the register file, derived from the gazetteer CSVs in folder."""
    provinces = {row["code"]: row["name"] for row in _rows(folder, "provinces.csv")}
    units: dict[str, str] = dict(provinces)
    for row in _rows(folder, "cities.csv"):
        name = row["name"]
        if name in NO_CITY:
            continue
        if name in MUNICIPALITY_PLACEHOLDERS:
            name = provinces[row["provinceCode"]]
        units[row["code"]] = name
    for file in ("areas.csv", "streets.csv"):
        for row in _rows(folder, file):
            units[row["code"]] = row["name"].strip()
    lines = [f"{code}\t{name}\n" for code, name in sorted(units.items())]
    return HEADER + "".join(lines)


def write(text: str, path: Path = OUTPUT) -> None:
    # mtime=0 and no file name: the same text always gives the same bytes.
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as out:
        out.write(text.encode("utf-8"))


def shipped(path: Path = OUTPUT) -> str:
    return gzip.decompress(path.read_bytes()).decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gazetteer", type=Path, default=GAZETTEER, help="folder with the four CSV files")
    parser.add_argument("--out", type=Path, default=OUTPUT, help="register file to write or check")
    parser.add_argument("--check", action="store_true", help="only check that --out is up to date")
    args = parser.parse_args(argv)
    text = derive(args.gazetteer)
    if args.check:
        if not args.out.exists() or shipped(args.out) != text:
            print(f"{args.out} is not what {args.gazetteer} derives; run scripts/build_register.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date ({text.count(chr(10)) - 1:,} units)")
        return 0
    write(text, args.out)
    print(f"wrote {args.out}: {text.count(chr(10)) - 1:,} units, {args.out.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
