"""The Hungarian assignment against brute force, and on the case greedy gets wrong."""

from __future__ import annotations

import itertools
import random

import pytest

from pipeline.evaluate.assignment import max_weight_assignment


def _total(weights: list[list[float]], pairs: list[tuple[int, int]]) -> float:
    return sum(weights[i][j] for i, j in pairs)


def _brute_force_best(weights: list[list[float]]) -> float:
    rows, cols = len(weights), len(weights[0])
    if rows <= cols:
        return max(
            _total(weights, list(zip(range(rows), perm, strict=True)))
            for perm in itertools.permutations(range(cols), rows)
        )
    return max(
        _total(weights, list(zip(perm, range(cols), strict=True)))
        for perm in itertools.permutations(range(rows), cols)
    )


def test_beats_greedy() -> None:
    weights = [[0.9, 0.8], [0.8, 0.0]]
    assert max_weight_assignment(weights) == [(0, 1), (1, 0)]


def test_square_identity_is_kept() -> None:
    weights = [[1.0, 0.2, 0.1], [0.3, 1.0, 0.0], [0.0, 0.4, 1.0]]
    assert max_weight_assignment(weights) == [(0, 0), (1, 1), (2, 2)]


def test_more_columns_than_rows() -> None:
    weights = [[0.1, 0.7, 0.6], [0.0, 0.8, 0.2]]
    assert max_weight_assignment(weights) == [(0, 2), (1, 1)]


def test_more_rows_than_columns() -> None:
    weights = [[0.1, 0.0], [0.7, 0.8], [0.6, 0.2]]
    assert max_weight_assignment(weights) == [(1, 1), (2, 0)]


@pytest.mark.parametrize("weights", [[], [[]], [[], []]])
def test_empty(weights: list[list[float]]) -> None:
    assert max_weight_assignment(weights) == []


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 5), rng.randint(1, 5)
    # Coarse values make ties common, which is where a wrong update of the potentials shows.
    weights = [[rng.choice([0.0, 0.25, 0.5, 0.6, 0.75, 1.0]) for _ in range(cols)] for _ in range(rows)]
    pairs = max_weight_assignment(weights)
    assert len(pairs) == min(rows, cols)
    assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
    assert _total(weights, pairs) == pytest.approx(_brute_force_best(weights))
