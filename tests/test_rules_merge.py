from __future__ import annotations

import pytest

from pipeline.domain.names import name_similarity
from pipeline.extract.rules import merge
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.merge import merge_candidates


def c(text: str, at: int) -> Cell:
    return Cell(text, at, at + len(text))


def test_name_similarity() -> None:
    assert name_similarity("“两定机构”满意度", "两定机构满意度") == 1.0
    assert name_similarity("取暖费支出总额", "取费支出总额") > 0.75
    assert name_similarity("培训班次", "线路租用成本") < 0.3


def test_a_table_wins_over_prose_outright() -> None:
    table = Candidate(name=c("取费支出总额", 100), target=c("=9000元", 110), source_kind="table")
    prose = Candidate(
        name=c("取暖费支出总额", 10), target=c("≥9000元", 20), actual=c("9000元", 30), source_kind="inline"
    )
    assert merge_candidates([prose, table]) == [table]


def test_prose_goal_and_result_fill_each_other() -> None:
    goal = Candidate(name=c("集中采购执行率", 10), target=c("达100%", 20), source_kind="prose")
    result = Candidate(name=c("集中采购执行率", 50), actual=c("100%", 60), source_kind="prose")
    (merged,) = merge_candidates([result, goal])
    assert merged.target == c("达100%", 20) and merged.actual == c("100%", 60) and merged.name.start == 10


def test_rows_of_one_table_are_never_merged() -> None:
    a = Candidate(name=c("工作人员满意度", 10), actual=c("100%", 20), source_kind="table")
    b = Candidate(name=c("党员满意度", 30), actual=c("100%", 40), source_kind="table")
    assert merge_candidates([a, b]) == [a, b]


def test_rows_of_one_table_are_never_compared_with_each_other(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[str, str]] = []
    same = merge.same_indicator

    def counted(a: Candidate, b: Candidate) -> bool:
        compared.append((a.source_kind, b.source_kind))
        return same(a, b)

    monkeypatch.setattr(merge, "same_indicator", counted)
    for rows in (100, 200):
        compared.clear()
        table = [
            Candidate(name=c(f"培训人次{k}", 10 * k), target=c("≥1人次", 10 * k + 6), source_kind="table")
            for k in range(rows)
        ]
        prose = Candidate(name=c("培训人次7", 5000), actual=c("9人次", 5006), source_kind="prose")
        merged = merge_candidates([*table, prose])
        assert len(merged) == rows  # the prose statement joined its table row
        assert merged[7].actual is None  # the table wins outright
        assert len(compared) <= 8  # the prose is compared with the rows up to its match, nothing else


def test_levels_are_kept_as_the_pair_one_layout_read() -> None:
    listed = Candidate(
        name=c("学生及家长满意度", 10), level1=c("满意度指标", 2), target=c("≥90%", 20), source_kind="list"
    )
    inline = Candidate(
        name=c("学生及家长满意度", 10), level2=c("满意度指标", 2), actual=c("97%", 30), source_kind="inline"
    )
    (merged,) = merge_candidates([inline, listed])
    assert (merged.level1, merged.level2, merged.actual) == (c("满意度指标", 2), None, c("97%", 30))


def test_the_first_kept_alike_name_absorbs_a_candidate_and_unlike_names_stay_apart() -> None:
    first = Candidate(name=c("道路养护里程", 10), target=c("≥120公里", 20), source_kind="table")
    second = Candidate(name=c("养护道路里程数", 40), target=c("≥120公里", 50), source_kind="table")
    prose = Candidate(name=c("道路养护里程", 80), actual=c("118公里", 90), source_kind="prose")
    apart = Candidate(name=c("群众满意率", 120), target=c("≥120公里", 130), source_kind="prose")
    assert merge_candidates([apart, prose, second, first]) == [first, second, apart]


def test_a_pair_below_the_similarity_bound_is_never_the_same_indicator() -> None:
    """`_below_floor` skips a comparison only where `same_indicator` would say no: over names
    sharing characters in every way (contained, repeated, equal), for both thresholds."""
    names = [
        *("参保率", "常住人口参保率", "门诊人次", "门诊人次数", "培训人次", "培训班次", "率率", "满意度"),
        *("服务对象满意度", "群众满意度", "道路养护里程", "养护道路", "资金到位率", "资金拨付到位率", "到位"),
    ]
    checked = 0
    for kind_a, kind_b in (("table", "prose"), ("prose", "prose"), ("inline", "list")):
        for a in names:
            for b in names:
                ka, kb = merge.name_key(a), merge.name_key(b)
                size_a, size_b = (len(ka), len(set(ka))), (len(kb), len(set(kb)))
                shared = len(set(ka) & set(kb))
                if merge._below_floor(size_a, size_b, shared, kind_a == kind_b):
                    x = Candidate(name=c(a, 0), target=c("90%", 10), source_kind=kind_a)
                    y = Candidate(name=c(b, 20), target=c("90%", 30), source_kind=kind_b)
                    assert not merge.same_indicator(x, y), (a, b)
                    checked += 1
    assert checked > 50
    assert not merge._below_floor((7, 7), (3, 3), 3, False)  # 参保率 inside 常住人口参保率: compared


def test_a_report_of_one_table_makes_no_name_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """No layout present can match a table's rows: they are kept as they are, in text order, and
    nothing is indexed; one prose candidate among them and the rows are compared with it."""
    keys: list[str] = []

    def counted(name: str) -> str:
        keys.append(name)
        return merge_key(name)

    merge_key = merge.name_key
    monkeypatch.setattr(merge, "name_key", counted)
    table = [Candidate(name=c(f"培训人次{k}", 10 * k), source_kind="table") for k in (3, 1, 2)]
    assert merge_candidates(table) == [table[1], table[2], table[0]]
    assert keys == []
    prose = Candidate(name=c("培训人次2", 500), actual=c("9人次", 506), source_kind="prose")
    assert merge_candidates([*table, prose]) == [table[1], table[2], table[0]]
    assert sorted(keys) == ["培训人次1", "培训人次2", "培训人次2", "培训人次3"]
