"""`python -m bench` (`make bench`): run every section, write results.json and results.md, print the markdown.

    python -m bench            # the full bench (FULL sizes), results in bench/
    python -m bench --quick    # seconds-long check of the bench itself (QUICK sizes), not for figures
    python -m bench --speed-only --out-dir DIR   # rules, start-up and memory only (no LLM sections)

When `bench/before.json` exists (a `--speed-only` result of the pipeline before a speed change,
see bench/results.md), the markdown gets a before/after table against it; `--before` names
another file, `--before ''` turns it off.

The bench modules are imported inside `main`, not at the top: batch workers are spawned, and a
spawned process re-imports the parent's `__main__` module — this file. Importing the whole bench
(and with it openai and instructor) here would add ~0.8 s to every worker start and be charged to
the rules throughput.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BEFORE = BENCH_DIR / "before.json"


def main(argv: list[str] | None = None) -> None:
    from bench.report import write_results
    from bench.runner import FULL, QUICK, run_bench

    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Speed, cost and scale of the pipeline."
    )
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes: checks the bench, figures meaningless"
    )
    parser.add_argument("--out-dir", type=Path, default=BENCH_DIR, help="where results.json/.md go")
    parser.add_argument("--speed-only", action="store_true", help="rules, start-up and memory only")
    parser.add_argument("--before", default=str(BEFORE), help="earlier result to compare with ('' = none)")
    args = parser.parse_args(argv)
    before_path = Path(args.before) if args.before else None
    before = json.loads(before_path.read_text()) if before_path and before_path.is_file() else None
    with tempfile.TemporaryDirectory(prefix="pipeline-bench-") as work:
        result = run_bench(
            QUICK if args.quick else FULL,
            Path(work),
            log=lambda line: print(line, file=sys.stderr),
            speed_only=args.speed_only,
        )
    print(write_results(result, args.out_dir, before))


if __name__ == "__main__":
    main()
