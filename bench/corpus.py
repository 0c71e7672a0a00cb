"""The bench corpus: the sample reports, and many copies of them under new names.

Copies cost the rules backend what their sample costs; names are unique
(`r00042_002_028484dfb45ca473.txt`), and so are the bytes — the n-th round of copies of a text
sample ends in n extra newlines, which no stage reads — because `ingest` extracts identical
files once and records the rest as duplicates. Each copy is its own report (its own manifest
line and result file).
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES_DIR = REPO_ROOT / "evals" / "reports"
FIXTURES_DIR = REPO_ROOT / "evals" / "fixtures"
_TEXT_SUFFIXES = {".txt", ".md"}  # trailing newlines change a text file's bytes, not its reading


def sample_reports(samples_dir: Path = SAMPLES_DIR) -> list[Path]:
    """The report files directly in `samples_dir`, sorted by name (hidden files skipped)."""
    found = sorted(p for p in samples_dir.iterdir() if p.is_file() and not p.name.startswith("."))
    if not found:
        raise FileNotFoundError(f"{samples_dir}: no sample reports to benchmark")
    return found


def copy_reports(samples: Sequence[Path], dest: Path, count: int) -> list[Path]:
    """`count` copies cycling through `samples` into `dest` (created), in sample order.

    >>> [p.name for p in copy_reports([Path("a.txt"), Path("b.txt")], Path("out"), 3)]  # doctest: +SKIP
    ['r00000_a.txt', 'r00001_b.txt', 'r00002_a.txt']
    """
    dest.mkdir(parents=True, exist_ok=True)
    copies = []
    for index in range(count):
        sample = samples[index % len(samples)]
        copy = dest / f"r{index:05d}_{sample.name}"
        shutil.copyfile(sample, copy)
        rounds = index // len(samples)
        if rounds and sample.suffix.lower() in _TEXT_SUFFIXES:
            with copy.open("ab") as handle:
                handle.write(b"\n" * rounds)
        copies.append(copy)
    return copies


def total_bytes(paths: Sequence[Path]) -> int:
    return sum(path.stat().st_size for path in paths)
