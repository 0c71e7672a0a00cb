"""Suites are named directory pairs under the project's evals/, found whatever the cwd."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline
from pipeline.core.errors import EvalError
from pipeline.evaluate.suites import SUITE_NAMES, Suite, default_evals_dir, project_root, select_suites

REPO = Path(pipeline.__file__).resolve().parents[1]


def test_every_suite_by_default_in_a_fixed_order(tmp_path: Path) -> None:
    assert SUITE_NAMES == ("samples", "realworld")
    assert select_suites([], tmp_path) == (
        Suite("samples", tmp_path / "reports", tmp_path / "fixtures"),
        Suite("realworld", tmp_path / "realworld" / "reports", tmp_path / "realworld" / "fixtures"),
    )
    assert select_suites(["realworld", "samples"], tmp_path) == select_suites([], tmp_path)


def test_one_suite(tmp_path: Path) -> None:
    assert select_suites(["realworld"], tmp_path) == (
        Suite("realworld", tmp_path / "realworld" / "reports", tmp_path / "realworld" / "fixtures"),
    )


def test_unknown_suite_names_the_choices(tmp_path: Path) -> None:
    with pytest.raises(EvalError, match=r"^unknown suite all, mine: choose from samples, realworld$"):
        select_suites(["samples", "all", "mine"], tmp_path)


def test_the_evals_dir_does_not_depend_on_the_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert project_root() == REPO
    assert default_evals_dir() == REPO / "evals"
    assert default_evals_dir().is_absolute()


def test_a_package_outside_a_checkout_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pipeline").mkdir()
    with pytest.raises(
        EvalError, match=r"cannot find the project root \(no pyproject\.toml beside the package\)"
    ):
        project_root(tmp_path / "pipeline")
    (tmp_path / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    assert project_root(tmp_path / "pipeline") == tmp_path
