"""`python -m bench` (`make bench`): run every section, write results.json and results.md, print the markdown.

    python -m bench            # the full bench (FULL sizes), results in bench/
    python -m bench --quick    # seconds-long check of the bench itself (QUICK sizes), not for figures
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bench.report import render
from bench.runner import FULL, QUICK, run_bench

BENCH_DIR = Path(__file__).resolve().parent


def write_results(result: dict[str, object], out_dir: Path) -> str:
    """Write `results.json` and `results.md` into `out_dir`; return the markdown."""
    markdown = render(result)  # type: ignore[arg-type]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (out_dir / "results.md").write_text(markdown, encoding="utf-8")
    return markdown


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the bench, figures meaningless")
    parser.add_argument("--out-dir", type=Path, default=BENCH_DIR, help="where results.json/.md go")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as work:
        result = run_bench(QUICK if args.quick else FULL, Path(work), log=lambda line: print(line, file=sys.stderr))
    print(write_results(result, args.out_dir))


if __name__ == "__main__":
    main()
