"""Search primitives: numbers and words in Document.text, verbatim or normalised, nearest first."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.document import Span
from pipeline.normalize import normalize
from pipeline.trust.locate import Hit, SourceText, loose_pattern, same_number, span_at, span_tokens

TEXT = "全年预算数１９６００元，培训班次≥10个；2010年 10.5 10；100%"


def test_a_number_token_is_not_read_out_of_a_longer_number() -> None:
    source = SourceText(TEXT)
    hits = source.number_hits(10, source.everything)
    assert hits == [Hit(Span(17, 19), True), Hit(Span(32, 34), True)]
    assert source.number_hits(100, source.everything) == [Hit(Span(35, 38), True)]


def test_full_width_digits_and_scales_are_found_but_not_verbatim() -> None:
    source = SourceText(TEXT)
    assert source.number(19600, source.everything) == Hit(Span(5, 10), False)
    assert source.number(1.96, source.everything, scales=(1.0, 10000.0)) == Hit(Span(5, 10), False)
    assert source.number(1.96, source.everything) is None


def test_a_scaled_hit_is_never_verbatim_even_when_written_as_is() -> None:
    source = SourceText("剩余指标 26000 元")
    assert source.number(2.6, source.everything, scales=(1.0, 10000.0)) == Hit(Span(5, 10), False)


def test_words_verbatim_first_then_ignoring_whitespace_and_width() -> None:
    source = SourceText("培训 班次：≥ 10个；培训班次")
    assert source.words("培训班次", source.everything) == Hit(Span(12, 16), True)
    assert source.words("班次：≥10", source.everything) == Hit(Span(3, 10), False)
    assert source.words("  ", source.everything) is None


def test_the_hit_nearest_the_anchor_wins_and_the_scope_is_respected() -> None:
    text = "满意度90%。" + "x" * 50 + "满意度90%。"
    source = SourceText(text)
    assert source.words("满意度", source.everything, anchor=50) == Hit(Span(57, 60), True)
    assert source.words("满意度", Span(0, 20)) == Hit(Span(0, 3), True)
    assert source.number(90, Span(10, 57)) is None


def test_norm_around_reads_the_normalised_neighbours() -> None:
    source = SourceText("不低于 ９０ ％以上")
    assert source.norm_around(Span(4, 6), 4, 4) == ("不低于", " %以上")  # the CJK–digit space is collapsed


def test_the_extractors_normalisation_is_used_not_made_again() -> None:
    norm = normalize(TEXT)
    source = SourceText(TEXT, norm)
    assert source.norm is norm
    assert source.number(19600, source.everything) == Hit(Span(5, 10), False)
    assert SourceText(TEXT).norm == norm


def test_a_normalisation_of_another_text_is_refused() -> None:
    with pytest.raises(ValueError, match="not the normalisation of this text"):
        SourceText(TEXT, normalize("培训班次≥10个"))


def test_a_span_at_proven_offsets_is_the_span_itself() -> None:
    made = span_at(2, 7)
    assert made == Span(2, 7) and len(made) == 5 and (made.start, made.end) == (2, 7)
    assert {made: 1}[Span(2, 7)] == 1


def test_helpers() -> None:
    assert same_number(1.102986 * 10000, 11029.86)
    pattern = loose_pattern("≥ 10 个")
    assert pattern is not None and pattern.pattern == "≥\\s*1\\s*0\\s*个"
    assert loose_pattern(" ") is None


def test_a_given_normalised_text_is_used_not_recomputed_and_must_be_of_the_source() -> None:
    text = "指标值：≥ ９０％"
    normalized = normalize(text)
    assert SourceText(text, normalized).norm is normalized
    assert SourceText(text).norm == normalized
    with pytest.raises(ValueError, match="not of this source text"):
        SourceText("另一份报告", normalized)


def test_a_cell_read_out_of_a_fused_run_is_found_only_as_the_whole_text_of_its_span() -> None:
    source = SourceText("资金总额36.536.5100%其他资金")
    assert source.number_hits(36.5, source.everything) == []  # no token stands alone
    assert source.number_at(36.5, Span(4, 8)) == Hit(Span(4, 8), True)
    assert source.number_at(36.5, Span(8, 12)) == Hit(Span(8, 12), True)
    assert source.number_at(100, Span(12, 16)) == Hit(Span(12, 16), True)
    assert source.number_at(36.5, Span(4, 9)) is None  # 36.53
    assert source.number_at(36.5, Span(0, 8)) is None  # words are not a number


def test_a_number_at_a_span_in_another_scale_or_width_is_not_verbatim() -> None:
    source = SourceText("拨款365000元，合计３６.５")
    assert source.number_at(36.5, Span(2, 8), scales=(1.0, 10000.0)) == Hit(Span(2, 8), False)
    assert source.number_at(36.5, Span(12, 16)) == Hit(Span(12, 16), False)


def test_a_small_region_is_tokenised_on_its_own_exactly_as_the_whole_text_is() -> None:
    source = SourceText("合计1,234.5万元，-3.5%与2010年；٣٤ 12,34.5.6 -7-8 1.2.3")
    text = source.norm.text
    assert source._tokens_in(4, 9) == []  # `234.5` is the tail of `1,234.5`: no token of its own
    assert source._tokens_in(2, 9) == [(2, 9, 1234.5)]
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            whole = [token for token in source._tokens if start <= token[0] and token[1] <= end]
            assert SourceText(source.text)._tokens_in(start, end) == whole, (start, end)
    assert source._tokens_in(0, len(text)) == source._tokens  # once made, the whole list is sliced


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-,.% 年元٣１", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_any_region_of_any_text_is_tokenised_as_the_whole_text_is(text: str, a: int, b: int) -> None:
    source = SourceText(text)
    size = len(source.norm.text)
    start, end = sorted((min(a, size), min(b, size)))
    whole = [token for token in source._tokens if start <= token[0] and token[1] <= end]
    assert SourceText(text)._tokens_in(start, end) == whole


def test_the_tokens_of_a_span_copied_unchanged_are_read_from_its_own_text() -> None:
    source = SourceText("合计１２，共12万元，1,234.5")
    assert source.copied_tokens(Span(6, 8)) == (6, ((0, 2, 12.0),))
    assert source.copied_tokens(Span(5, 10)) == (5, ((1, 3, 12.0),))
    assert source.copied_tokens(Span(2, 4)) is None  # full-width digits: not copied
    assert source.copied_tokens(Span(13, 18)) is None  # `234.5`: a token runs on before it
    assert span_tokens("≥10个，12.5") == ((1, 3, 10.0), (5, 9, 12.5))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-,.% 年元٣１*#", max_size=40), st.integers(0, 40), st.integers(0, 40))
def test_a_copied_span_holds_the_tokens_its_normalised_copy_holds(text: str, a: int, b: int) -> None:
    source = SourceText(text)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    copied = source.copied_tokens(Span(start, end))
    if copied is None:
        return
    copy, tokens = copied
    assert [(copy + s, copy + e, v) for s, e, v in tokens] == source._tokens_in(copy, copy + end - start)
    assert all(source.norm.to_source(copy + s, copy + e) == (start + s, start + e) for s, e, _ in tokens)
