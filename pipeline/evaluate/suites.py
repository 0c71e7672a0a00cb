"""The eval suites: named sets of labelled reports, found from the project, not from the cwd.

Each suite is a reports directory and a fixtures directory under the project's `evals/`:

    samples     evals/reports/            evals/fixtures/
    realworld   evals/realworld/reports/  evals/realworld/fixtures/

`pipeline eval` run from any directory scores the same files: the project root is the directory
above the `pipeline` package that holds `pyproject.toml` (an editable install, as `make` sets up).
Results and baselines are per backend *and* suite (`rules-realworld.json`), so a suite gets its own
regression gate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.core.config import checkout_root
from pipeline.core.errors import EvalError

# Relative to the evals directory: (reports, fixtures).
SUITE_DIRS = {
    "samples": ("reports", "fixtures"),
    "realworld": ("realworld/reports", "realworld/fixtures"),
}
SUITE_NAMES = tuple(SUITE_DIRS)
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Suite:
    name: str
    reports_dir: Path
    fixtures_dir: Path


def project_root(package_dir: Path = _PACKAGE_DIR) -> Path:
    """The checkout the package runs from (`core.config.checkout_root`); an eval needs its fixtures,
    so an installed copy without a checkout is an error here, not the current directory."""
    root = checkout_root(package_dir)
    if root is None:
        raise EvalError(
            "cannot find the project root (no pyproject.toml beside the package); "
            "run from a checkout or pass --evals-dir",
            package_dir.parent,
        )
    return root


def default_evals_dir() -> Path:
    return project_root() / "evals"


def select_suites(names: Sequence[str], evals_dir: Path) -> tuple[Suite, ...]:
    """The named suites under `evals_dir` (all of them when `names` is empty), in `SUITE_NAMES` order.

    >>> [s.name for s in select_suites(["realworld", "samples"], Path("evals"))]
    ['samples', 'realworld']
    >>> select_suites([], Path("evals"))[1].fixtures_dir
    PosixPath('evals/realworld/fixtures')
    """
    unknown = [name for name in names if name not in SUITE_DIRS]
    if unknown:
        raise EvalError(f"unknown suite {', '.join(unknown)}: choose from {', '.join(SUITE_NAMES)}")
    wanted = names or SUITE_NAMES
    return tuple(
        Suite(name, evals_dir / reports, evals_dir / fixtures)
        for name, (reports, fixtures) in SUITE_DIRS.items()
        if name in wanted
    )
