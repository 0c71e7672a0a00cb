"""Start-up of the command line: how long `pipeline` takes before and around a small job.

Each command runs REPEATS times in a fresh interpreter (`python -c "from pipeline.cli import main;
main()" ARGS`, the repository first on the import path, no PIPELINE_*/OPENAI_* settings); the
figure is the median over the repeats of wall time and of CPU time (the child's user + system
time, from `RUSAGE_CHILDREN`). On a shared machine the CPU time is the honest one: a start-up
that waited for a core has a long wall time and an unchanged CPU time.

- `--help`: the interpreter, the CLI modules and typer, nothing else;
- `read SMALL.txt`: reading and normalising one small text file;
- `extract SMALL.txt`: the whole rules path for it (read → extract → trust → validate → write).

Each command runs once first, untimed, with the bytecode written (to a `PYTHONPYCACHEPREFIX` in the
work directory, not beside the sources; PYTHONDONTWRITEBYTECODE dropped from the environment): an
installed `pipeline` runs from its bytecode and its kept compiled patterns
(`pipeline.core.regex_cache`), and a shell that forbids writing them (as the sessions' one does)
made every run compile ~110 modules from source and ~350 patterns, ~0.15–0.3 s of CPU that a
user's second run does not pay.

`import_ms` is the cumulative time `python -X importtime -c "import pipeline.cli"` reports for
`pipeline.cli` (median of the repeats), and `heavy_modules` the third-party libraries that a
`read SMALL.txt` left in `sys.modules`: reader libraries for other formats, or the LLM client,
there mean an import that a text file does not need.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.clock import Stopwatch
from bench.memory import clean_env

REPEATS = 5
CLI = "from pipeline.cli import main; main()"
# The libraries a plain-text read must not need (readers of other formats, the LLM client).
HEAVY = ("openpyxl", "docx", "pdfplumber", "xlrd", "openai", "instructor", "jsonschema")
LOADED = (
    "import json, sys; sys.argv = ['pipeline', 'read', sys.argv[1]]\n"
    "from pipeline.cli import app\n"
    "try:\n    app()\nexcept SystemExit:\n    pass\n"
    f"print(json.dumps(sorted(name for name in {HEAVY!r} if name in sys.modules)), file=sys.stderr)\n"
)
SMALL_REPORT = "一、部门基本情况\n本部门2024年度预算资金100万元，实际支出95万元。\n"


def time_command(args: Sequence[str], env: dict[str, str], cwd: Path, repeats: int) -> dict[str, Any]:
    """Median wall and CPU seconds of `pipeline ARGS` over `repeats` fresh processes."""
    walls, cpus = [], []
    for _ in range(repeats):
        with Stopwatch() as clock:
            done = subprocess.run([sys.executable, "-c", CLI, *args], env=env, cwd=cwd, capture_output=True)
        if done.returncode != 0:
            raise RuntimeError(f"pipeline {' '.join(args)} exited {done.returncode}: {done.stderr.decode()}")
        walls.append(clock.wall)
        cpus.append(clock.cpu)
    return {"seconds": round(statistics.median(walls), 3), "cpu_seconds": round(statistics.median(cpus), 3)}


def import_ms(env: dict[str, str], cwd: Path, repeats: int) -> float:
    """Median cumulative import time of `pipeline.cli` in ms, from `-X importtime`."""
    found = []
    for _ in range(repeats):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import pipeline.cli"],
            env=env,
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
        )
        line = next(row for row in done.stderr.splitlines() if row.rstrip().endswith("| pipeline.cli"))
        found.append(int(line.split("|")[1]) / 1000)
    return round(statistics.median(found), 1)


def heavy_modules(small: Path, env: dict[str, str], cwd: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", LOADED, str(small)],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    loaded: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return loaded


def measure_startup(work: Path, repeats: int = REPEATS) -> dict[str, Any]:
    work.mkdir(parents=True, exist_ok=True)
    small = work / "small.txt"
    small.write_text(SMALL_REPORT, encoding="utf-8")
    env = clean_env(work / "startup-cache")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "startup-bytecode")
    out = work / "startup-out"
    commands = {
        "help": ["--help"],
        "read": ["read", str(small)],
        "extract": ["extract", str(small), "--backend", "rules", "--out", str(out)],
    }
    for args in commands.values():  # the bytecode and the kept patterns written, as after an install
        time_command(args, env, work, 1)
    return {
        "repeats": repeats,
        "small_bytes": small.stat().st_size,
        "commands": {name: time_command(args, env, work, repeats) for name, args in commands.items()},
        "import_ms": import_ms(env, work, repeats),
        "heavy_modules_on_read": heavy_modules(small, env, work),
    }
