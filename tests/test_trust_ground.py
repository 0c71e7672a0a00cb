"""Grounding statuses: exact, normalised, near the record, ungrounded — with exact spans."""

from __future__ import annotations

from typing import Literal
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.core.document import Span
from pipeline.core.models import Actual, Target
from pipeline.trust.fields import FieldSpec
from pipeline.trust.ground import Grounded, Grounder, GroundStatus, Place
from pipeline.trust.locate import SourceText

TEXT = "（5）培训班次不低于10个，实际开展１２期。全年预算数19600元，执行率98.5%。宿州市医保局负责。"
EVERYTHING = Span(0, len(TEXT))
EXACT, NORMALISED = GroundStatus.EXACT, GroundStatus.NORMALISED
NEAR, UNGROUNDED = GroundStatus.NEAR_NAME, GroundStatus.UNGROUNDED


def place(claimed: Span | None = None, whole: bool = False) -> Place:
    return Place(claimed, EVERYTHING, 0, whole)


def test_a_target_written_with_a_comparator_word_is_normalised() -> None:
    target = Target(raw="≥10个", op=">=", value=10, unit="个")
    assert Grounder(TEXT).quantity(target, place()) == Grounded(NORMALISED, Span(10, 12), "written as '10'")


def test_a_target_whose_comparator_differs_is_only_near() -> None:
    target = Target(raw="≤10个", op="<=", value=10, unit="个")
    expected = Grounded(NEAR, Span(10, 12), "only the number; its comparator differs")
    assert Grounder(TEXT).quantity(target, place()) == expected


def test_a_target_whose_unit_differs_is_only_near() -> None:
    target = Target(raw="≥10期", op=">=", value=10, unit="期")
    expected = Grounded(NEAR, Span(10, 12), "only the number; its unit differs")
    assert Grounder(TEXT).quantity(target, place()) == expected


def test_a_unit_in_its_own_cell_before_the_value_grounds_the_target_at_its_cell() -> None:
    # a 计量单位 column printed before the 指标值: the unit stands apart, before the comparator
    text = "新增绿化面积\t万平方米\t≥3.5\t3.8\t20\t20"
    target = Target(raw="≥3.5", op=">=", value=3.5, unit="万平方米")
    whole = Place(None, Span(0, len(text)))
    assert Grounder(text).quantity(target, whole) == Grounded(EXACT, Span(12, 16))
    # a unit run into the number before it, nothing between, is no cell of its own
    run = "新增绿化面积万平方米3.5"
    bare = Target(raw="3.5", op=None, value=3.5, unit="万平方米")
    expected = Grounded(NEAR, Span(10, 13), "only the number; its unit differs")
    assert Grounder(run).quantity(bare, Place(None, Span(0, len(run)))) == expected


def test_a_quantity_written_verbatim_is_exact_at_its_raw_text() -> None:
    text = "培训班次≥10个，开展12期"
    grounder = Grounder(text)
    whole = Place(None, Span(0, len(text)))
    assert grounder.quantity(Target(raw="≥10个", op=">=", value=10, unit="个"), whole) == Grounded(
        EXACT, Span(4, 8)
    )
    assert grounder.quantity(Actual(raw="12期", value=12, unit="期"), whole) == Grounded(EXACT, Span(11, 14))


def test_full_width_digits_are_normalised_and_the_evidence_covers_the_unit() -> None:
    actual = Actual(raw="12期", value=12, unit="期")
    expected = Grounded(NORMALISED, Span(18, 21), "written as '１２期'")
    assert Grounder(TEXT).quantity(actual, place()) == expected


def test_an_ocr_comparator_and_percent_sign_are_inside_the_normalised_evidence() -> None:
    text = "病媒监测覆盖率 ＞＝95％ 96.5% 10 10"
    target = Target(raw="≥95%", op=">=", value=95, unit="%")
    expected = Grounded(NORMALISED, Span(8, 13), "written as '＞＝95％'")
    assert Grounder(text).quantity(target, Place(Span(8, 13), Span(0, len(text)), 8)) == expected
    ascii_geq = "病媒监测覆盖率 >=95% 96.5%"
    expected = Grounded(NORMALISED, Span(8, 13), "written as '>=95%'")
    assert Grounder(ascii_geq).quantity(target, Place(None, Span(0, len(ascii_geq)), 8)) == expected


def test_a_made_up_value_is_ungrounded() -> None:
    actual = Actual(raw="13期", value=13, unit="期")
    expected = Grounded(UNGROUNDED, None, "not found near the record")
    assert Grounder(TEXT).quantity(actual, place()) == expected


def test_a_qualitative_target_is_grounded_by_its_words() -> None:
    grounder = Grounder("制度建设：健全；效果：显著")
    target = Target(raw="健全", op="qualitative")
    assert grounder.quantity(target, Place(None, Span(0, 13))) == Grounded(EXACT, Span(5, 7))


def test_an_amount_in_wan_yuan_is_found_written_in_yuan() -> None:
    spec = FieldSpec("budget.adjusted", "amount")
    assert Grounder(TEXT).ground(spec, 1.96, place()) == Grounded(
        NORMALISED, Span(27, 32), "written as '19600'"
    )


def test_a_percentage_is_exact() -> None:
    spec = FieldSpec("budget.execution_rate", "percent")
    assert Grounder(TEXT).ground(spec, 98.5, place()) == Grounded(EXACT, Span(37, 41))


def test_an_abbreviated_agency_name_is_normalised() -> None:
    spec = FieldSpec("agency", "text")
    expected = Grounded(NORMALISED, Span(43, 49), "written as '宿州市医保局'")
    assert Grounder(TEXT).ground(spec, "宿州市医疗保障局", place()) == expected


def test_a_name_composed_from_its_span_is_near() -> None:
    text = "至少检查我县 58 家医疗机构，确保合格"
    claimed = Span(2, 15)
    found = Grounder(text).words("检查医疗机构", Place(claimed, Span(0, len(text))))
    assert found == Grounded(NEAR, claimed, "its characters are there, not together")


def test_the_claimed_span_is_searched_first_and_a_hit_elsewhere_is_noted() -> None:
    text = "培训班次 10 个 ……… 分值 10"
    grounder = Grounder(text)
    spec = FieldSpec("weight", "number")
    assert grounder.ground(spec, 10, place_at(text, Span(17, 19))) == Grounded(EXACT, Span(17, 19))
    moved = grounder.ground(spec, 10, place_at(text, Span(14, 16)))  # the span holds 分值, not 10
    assert moved == Grounded(EXACT, Span(5, 7), "found elsewhere, not where the extractor read it")


def place_at(text: str, claimed: Span) -> Place:
    return Place(claimed, Span(0, len(text)), 0)


def test_without_an_anchor_a_number_must_be_specific() -> None:
    text = "共3家医院，预算271.81万元"
    grounder = Grounder(text)
    whole = Place(None, Span(0, len(text)), 0, whole_document=True)
    assert grounder.number(3, whole).status is UNGROUNDED
    assert grounder.number(271.81, whole) == Grounded(EXACT, Span(8, 14))


def test_a_derived_field_is_not_grounded() -> None:
    assert Grounder(TEXT).ground(FieldSpec("report_kind", "derived"), "project", place()) is None


def test_a_quantity_split_over_cells_is_still_exact_in_its_span() -> None:
    text = "营养改善计划覆盖率 | ≧ | 100 | % | 100%"
    claimed = Span(12, 21)
    target = Target(raw="≥100%", op=">=", value=100, unit="%")
    found = Grounder(text).quantity(target, Place(claimed, Span(0, len(text))))
    assert found == Grounded(NORMALISED, Span(16, 19), "written as '100'")


def test_a_value_read_out_of_a_fused_run_is_exact_at_its_own_span_only() -> None:
    text = "项目资金年度资金总额36.536.5100%其他资金"
    grounder = Grounder(text)
    amount, percent = FieldSpec("budget.spent", "amount"), FieldSpec("budget.execution_rate", "percent")
    assert grounder.ground(amount, 36.5, place_at(text, Span(14, 18))) == Grounded(EXACT, Span(14, 18))
    assert grounder.ground(percent, 100, place_at(text, Span(18, 22))) == Grounded(EXACT, Span(18, 22))
    misread = grounder.ground(amount, 36.5, place_at(text, Span(14, 19)))  # the span holds 36.53
    assert misread == Grounded(UNGROUNDED, note="not found near the record")
    assert grounder.number(36.5, Place(None, Span(0, len(text)))).status is UNGROUNDED


def test_the_end_of_an_html_tag_before_a_value_is_no_comparator() -> None:
    text = '<tr><td rowspan="2">完工及时率</td><td>100%</td><td>≥95%</td></tr>'
    at, ge = text.index("100%"), text.index("≥95%")
    row = Place(None, Span(0, len(text)), 0, False)
    bare = Target(raw="100%", op=None, value=100, unit="%")
    assert Grounder(text).quantity(bare, row) == Grounded(EXACT, Span(at, at + 4), "")
    target = Target(raw="≥95%", op=">=", value=95, unit="%")
    assert Grounder(text).quantity(target, row) == Grounded(EXACT, Span(ge, ge + 4), "")


def test_a_name_that_fills_its_claimed_span_is_grounded_at_that_very_span() -> None:
    text = "三级指标：培训班次 12期"
    claimed = Span(5, 9)
    found = Grounder(text).words("培训班次", Place(claimed, Span(0, len(text))))
    assert found == Grounded(EXACT, Span(5, 9))
    assert found.span is claimed
    inside = Grounder(text).words("培训", Place(claimed, Span(0, len(text))))
    assert inside == Grounded(EXACT, Span(5, 7))


Op = Literal[">=", "="]
PIECES = (
    "≥",
    "不低于",
    "10",
    "１０",
    "10.5",
    "2",
    "个",
    "%",
    "|",
    " ",
    "\n",
    "元",
    "**",
    "以上",
    "期",
    "-",
    ",",
)


@settings(max_examples=500, deadline=None)
@example(["10个", "|", "≥10个"], 0, 2, (10.0, "≥10个", ">=", "个"))  # near at the span, exact elsewhere
@given(
    st.lists(st.sampled_from(PIECES), max_size=14),
    st.integers(0, 40),
    st.integers(0, 40),
    st.sampled_from(
        (
            (10.0, "≥10个", ">=", "个"),
            (10.0, "10", None, None),
            (10.5, "10.5%", "=", "%"),
            (2.0, "2", None, None),
            (10.0, None, ">=", "个"),
            (10.0, "", None, "%"),
        )
    ),
)
def test_a_search_that_starts_at_a_copied_span_finds_what_the_full_search_finds(
    pieces: list[str], a: int, b: int, wanted: tuple[float, str | None, Op | None, str | None]
) -> None:
    """The shortcut at a claimed span copied unchanged (`SourceText.copied_tokens`) gives what the
    search through the offset map gives, for numbers and quantities (targets, actuals) alike."""
    text = "".join(pieces)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    value, raw, op, unit = wanted
    target = Target(raw=raw, op=op, value=value, unit=unit)
    actual = Actual(raw=raw, value=value, unit=unit)
    where = Place(Span(start, end), Span(0, len(text)), start)
    grounder = Grounder(text)

    def found() -> tuple[Grounded, ...]:
        number = grounder.number(value, where, (1.0, 0.01))
        return number, grounder.quantity(target, where), grounder.quantity(actual, where)

    fast = found()
    with patch.object(SourceText, "copied_tokens", lambda self, span: None):
        assert found() == fast


def test_words_as_claimed_are_found_inside_the_claimed_span_alone() -> None:
    grounder, claimed = Grounder(TEXT), Span(3, 7)  # 培训班次
    assert grounder.words_as_claimed(" 培训班次 ", claimed) == Grounded(EXACT, claimed)
    assert grounder.words_as_claimed("培训班次", claimed).span is claimed  # type: ignore[union-attr]
    assert grounder.words_as_claimed("班次", claimed) == Grounded(EXACT, Span(5, 7))
    assert grounder.words_as_claimed("实际开展", claimed) is None  # written elsewhere: `words` searches
    assert grounder.words_as_claimed("  ", claimed) is None
    assert grounder.words_as_claimed("培训班次", None) is None
    assert grounder.words("班次", place(claimed)) == Grounded(EXACT, Span(5, 7))
