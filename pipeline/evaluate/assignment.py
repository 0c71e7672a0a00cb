"""Best one-to-one pairs: the Hungarian algorithm, O(n² m) for an n × m matrix (n ≤ m).

Greedy pairing (take the most similar pair, repeat) is not optimal. With

    weights = [[0.9, 0.8],
               [0.8, 0.0]]

greedy takes (0, 0) at 0.9 and is left with (1, 1) at 0.0, total 0.9; the optimum is
(0, 1) + (1, 0) = 1.6. In the scorer that is the difference between two matched indicators and
one: `培训班次` predicted once as `培训班次` and once as `培训班次数` must not steal the pair that a
second gold item needs.

This is the potentials ("e-maxx") formulation of the Hungarian method: rows are added one at a
time and an augmenting path of zero reduced cost is grown with Dijkstra-like steps, keeping
row potentials `u` and column potentials `v` so that `cost[i][j] - u[i] - v[j] ≥ 0` throughout.
We minimise `-weight`, so the result maximises the total weight. Every row of the smaller side
gets a column; callers drop pairs whose weight is zero.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def max_weight_assignment(weights: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """`(row, column)` pairs, one per row or column of the smaller side, of maximum total weight.

    >>> max_weight_assignment([[0.9, 0.8], [0.8, 0.0]])
    [(0, 1), (1, 0)]
    """
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if rows == 0 or cols == 0:
        return []
    if rows <= cols:
        return _assign([[-w for w in row] for row in weights])
    transposed = [[-weights[i][j] for i in range(rows)] for j in range(cols)]
    return sorted((i, j) for j, i in _assign(transposed))


def _assign(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row of an n × m cost matrix with n ≤ m."""
    n, m = len(cost), len(cost[0])
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    row_of_col = [0] * (m + 1)  # 1-based row assigned to column j; 0 = free (column 0 is a sentinel)
    for row in range(1, n + 1):
        _add_row(cost, row, u, v, row_of_col)
    return sorted((row_of_col[j] - 1, j - 1) for j in range(1, m + 1) if row_of_col[j])


def _add_row(
    cost: list[list[float]], row: int, u: list[float], v: list[float], row_of_col: list[int]
) -> None:
    """Grow an augmenting path from `row` to a free column, then flip it."""
    m = len(v) - 1
    row_of_col[0] = row
    min_slack = [math.inf] * (m + 1)
    previous_col = [0] * (m + 1)
    used = [False] * (m + 1)
    col = 0
    while row_of_col[col]:
        used[col] = True
        i, delta, next_col = row_of_col[col], math.inf, 0
        for j in range(1, m + 1):
            if used[j]:
                continue
            slack = cost[i - 1][j - 1] - u[i] - v[j]
            if slack < min_slack[j]:
                min_slack[j], previous_col[j] = slack, col
            if min_slack[j] < delta:
                delta, next_col = min_slack[j], j
        for j in range(m + 1):
            if used[j]:
                u[row_of_col[j]] += delta
                v[j] -= delta
            else:
                min_slack[j] -= delta
        col = next_col
    while col:
        prev = previous_col[col]
        row_of_col[col] = row_of_col[prev]
        col = prev
