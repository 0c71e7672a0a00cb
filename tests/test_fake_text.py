"""Text matching for the oracle: folded comparisons, verbatim spans back, number boundaries."""

from __future__ import annotations

from pipeline_testing.fake_text import TextView, figure_span, inside, name_spans


def test_text_view_maps_folded_matches_back_to_verbatim_spans() -> None:
    values = TextView("A：  B≥ 10 个", keep_symbols=True)
    assert values.norm == "a:b>=10个"
    assert values.positions == [0, 1, 4, 5, 5, 7, 8, 10]
    assert values.find("≥10个") == (5, 11)
    assert values.find("≥10个", start=6) is None
    names = TextView("符合 DRG/DIP 付费", keep_symbols=False)
    assert names.norm == "符合drgdip付费"
    assert names.find("符合DRG DIP付费") == (0, 13)
    assert names.find_all("drg") == [(3, 6)]


def test_a_gold_name_in_traditional_script_finds_the_simplified_chunk_text() -> None:
    chunk = TextView("其中:中央财政 |\n县财政 |\n700 |", keep_symbols=False)
    assert chunk.find("縣財政") == (10, 13)
    assert chunk.text[10:13] == "县财政"


def test_comparators_written_either_way_match() -> None:
    values = TextView("非税收入预算完成率\t≥100\t100", keep_symbols=True)
    assert values.find(">=100") == (10, 14)
    assert TextView("≦10%", keep_symbols=True).find("<=10%") == (0, 4)


def test_a_number_does_not_match_inside_a_longer_number() -> None:
    cells = TextView("\t≥2\n\t2\n\t2023年度", keep_symbols=True)
    assert cells.norm == ">=222023年度"  # folding drops the whitespace between cells …
    assert cells.find_all("2") == [(2, 3), (5, 6)]  # … the boundaries are read in the original
    rates = TextView("达1000%，100.5%，保证 100% 落实", keep_symbols=True)
    assert rates.find_all("100%") == [(17, 21)]
    assert rates.find_all("100") == [(17, 20)]


def test_find_last_is_the_closest_before_an_offset() -> None:
    values = TextView("达100%，保证 100% 落实整改率", keep_symbols=True)
    assert values.find_last("100%") == (9, 13)
    assert values.find_last("100%", 0, 8) == (1, 5)
    assert values.find_last("98%") is None


def test_window_end_counts_folded_characters() -> None:
    view = TextView("培训 班次" + "很" * 200, keep_symbols=True)
    assert view.window_end(0) == 121  # 120 folded characters: the space is not one of them
    assert TextView("短", keep_symbols=True).window_end(0) == 1


def test_a_name_or_a_long_enough_part_of_it_is_found() -> None:
    view = TextView("保证社会公众满意度，召开医保工作会议或工作安排", keep_symbols=False)
    assert name_spans(view, "社会公众满意度") == [(2, 9)]
    assert name_spans(view, "公众满意度") == [(4, 9)]
    assert name_spans(view, "召开医保工作会议或工作安排部署会议") == [(10, 23)]
    assert name_spans(view, "医保工作总结会议") == []  # no part of 6 or more characters is written


def test_a_span_inside_a_longer_one() -> None:
    assert inside((4, 9), (2, 9))
    assert not inside((2, 9), (2, 9))
    assert not inside((1, 5), (2, 9))


def test_figures_match_as_written_or_in_yuan() -> None:
    text = "缩减 4000 元，剩余 15600 元，执行率 99.13%，合计 1,461.84"
    assert figure_span(text, 1.56) == (13, 18)
    assert figure_span(text, 99.13) == (25, 30)
    assert figure_span(text, 1461.84) == (35, 43)
    assert figure_span(text, 1.56, 0, 10) is None
