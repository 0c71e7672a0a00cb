"""Name keys, similarity and the threshold, on synthetic names (never on the gold fixtures)."""

from __future__ import annotations

import pytest

from pipeline.evaluate.names import (
    NAME_THRESHOLD,
    containment,
    name_similarity,
    normalize_name,
    normalize_text,
    pair_by_name,
)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("（3）培训 班次：", "培训班次"),
        ("(1)培训班次", "培训班次"),
        ("⑴培训班次", "培训班次"),
        ("①培训班次", "培训班次"),
        ("❷ 培训班次", "培训班次"),
        ("指标1:培训班次", "培训班次"),
        ("指标 2：培训班次", "培训班次"),
        ("1.培训班次", "培训班次"),
        ("1．培训班次", "培训班次"),
        ("1、培训班次", "培训班次"),
        ("一、产出指标", "产出指标"),
        ("(一)(2)数量指标", "数量指标"),
        ("**数量指标：**", "数量指标"),
        ("ＣＴ检查 次数", "ct检查次数"),
        ("12345热线接通率", "12345热线接通率"),
        ("1.5万人次培训", "15万人次培训"),
        ("指标1:", "指标1"),
        ("（3）", "3"),
        ("縣財政", "县财政"),  # gold labelled on a mirror page keeps its traditional script
        ("(1)養護里程", "养护里程"),
    ],
)
def test_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("万 元", "万元"),
        ("萬元", "万元"),
        ("％", "%"),
        (" ‰ ", "‰"),
        ("1.无", "1无"),
        ("产出指标。", "产出指标"),
        ("", ""),
    ],
)
def test_normalize_text_keeps_numbering_and_symbol_only_values(raw: str, key: str) -> None:
    assert normalize_text(raw) == key


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("培训班次", "（1）培训班次：", 1.0),
        ("培训班次", "培训班数", 0.75),  # one character of damage: ratio 6/8
        ("培训班次", "培训人数", 0.5),  # same family, different indicator: ratio 4/8
        ("参保率", "居民医保参保率达标", 0.5 + 0.5 * 3 / 9),  # containment beats ratio 0.5
        ("率", "参保率", 0.5),  # one character is never "contained": ratio 2/4 only
        ("培训班次", "", 0.0),
        ("指标1", "指标1：", 1.0),
    ],
)
def test_name_similarity(a: str, b: str, expected: float) -> None:
    assert name_similarity(a, b) == pytest.approx(expected)
    assert name_similarity(b, a) == pytest.approx(expected)


def test_threshold_separates_damage_from_different_indicators() -> None:
    assert name_similarity("培训班次", "培训班数") >= NAME_THRESHOLD
    assert name_similarity("常住人口参保率", "全市常住人口参保率") >= NAME_THRESHOLD
    assert name_similarity("培训班次", "培训人数") < NAME_THRESHOLD
    assert name_similarity("参保人员满意度", "定点医药机构覆盖率") < NAME_THRESHOLD


def test_containment_needs_a_fifth_of_the_longer_name() -> None:
    assert containment("ab", "abcdefghij") == pytest.approx(0.6)
    assert containment("ab", "abcdefghijk") < NAME_THRESHOLD
    assert containment("a", "ab") == 0.0
    assert containment("xy", "abcd") == 0.0


def test_pair_by_name_is_one_to_one_and_drops_weak_pairs() -> None:
    gold = ["培训班次", "培训人数", "满意度"]
    predicted = ["培训人数", "（1）培训班次", "定点医药机构覆盖率"]
    assert pair_by_name(gold, predicted) == [(0, 1), (1, 0)]


def test_pair_by_name_prefers_the_total_over_the_greedy_best() -> None:
    # Similarities: [[0.889, 0.714], [0.778, 0.5]]. Greedy takes (0, 0) first and leaves gold 1
    # with 0.5, below the threshold: one match. The optimum matches both.
    gold = ["参保人员满意度", "满意度调查"]
    predicted = ["参保人员满意度调查", "参保群众满意度"]
    assert name_similarity(gold[0], predicted[0]) == pytest.approx(0.5 + 0.5 * 7 / 9)
    assert name_similarity(gold[1], predicted[1]) == pytest.approx(0.5)
    assert pair_by_name(gold, predicted) == [(0, 1), (1, 0)]


def test_pair_by_name_with_an_empty_side() -> None:
    assert pair_by_name([], ["培训班次"]) == []
    assert pair_by_name(["培训班次"], []) == []
