"""Build a large data file from the shipped one, for measuring how the command scales:

    python benchmarks/bigdata.py OUT.toml [--routes 3000]

The shipped routes are copied, each copy renamed (its id, name and aliases gain a number) so that every name stays
unique, and appended to the shipped file as further `[[routes]]` tables; everything else is kept as it is. The result
passes the models like the shipped file, so it measures the command's real path, not an error's.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "routes.toml"
_ROUTE = re.compile(r"^\[\[routes\]\]\n.*?(?=^\[\[(?!routes\]\])|^\[(?!routes\.)|\Z)", re.MULTILINE | re.DOTALL)
_KEY = re.compile(r"^(id|name|aliases) = (.*)$", re.MULTILINE)


def build(routes: int, shipped: str) -> str:
    """The shipped file with copies of its routes appended until it holds `routes` of them."""
    blocks = [match.group(0).rstrip("\n") + "\n" for match in _ROUTE.finditer(shipped)]
    if not blocks:
        sys.exit(f"no [[routes]] tables found in {SHIPPED}")
    copies = [_renamed(blocks[n % len(blocks)], n // len(blocks)) for n in range(len(blocks), routes)]
    return shipped.rstrip("\n") + "\n\n" + "\n".join(copies)


def _renamed(block: str, copy: int) -> str:
    def rename(match: re.Match[str]) -> str:
        key, value = match.group(1), json.loads(match.group(2))
        if key == "id":
            return f"id = {json.dumps(f'{value}-{copy}')}"
        if key == "name":
            return f"name = {json.dumps(f'{value} {copy}')}"
        return f"aliases = {json.dumps([f'{alias} {copy}' for alias in value], ensure_ascii=False)}"

    return _KEY.sub(rename, block, count=3)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the file to write")
    parser.add_argument("--routes", type=int, default=3000, help="how many routes the file holds (default 3000)")
    arguments = parser.parse_args()
    arguments.out.write_text(build(arguments.routes, SHIPPED.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
