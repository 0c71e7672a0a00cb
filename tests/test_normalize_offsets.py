"""The offset map: builder mechanics, NormalizedText lookups, and properties over random input."""

from __future__ import annotations

import re
import unicodedata
from array import array
from itertools import pairwise

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import NormalizeError
from pipeline.normalize import normalize, offsets
from pipeline.normalize.offsets import Edit, NormalizedText, OffsetMapBuilder, RunMap


def _map(norm: NormalizedText) -> list[tuple[int, int]]:
    return [norm.to_source(i, i + 1) for i in range(len(norm.text))]


# --- OffsetMapBuilder --------------------------------------------------------------------------


def test_builder_deletes_replaces_and_translates_in_one_pass() -> None:
    builder = OffsetMapBuilder("a**bc>=d１２")
    builder.apply(
        [Edit(1, 3, ""), Edit(5, 7, "≥"), Edit(8, 10, "12")],
        "example",
    )
    norm = builder.build()
    assert norm.text == "abc≥d12"
    assert _map(norm) == [(0, 1), (3, 4), (4, 5), (5, 7), (7, 8), (8, 9), (9, 10)]


def test_builder_composes_rounds_back_to_the_original_source() -> None:
    builder = OffsetMapBuilder("x \\geq 5")
    builder.apply([Edit(1, 2, "")], "drop space")  # "x\\geq 5"
    builder.apply([Edit(1, 5, "≥"), Edit(5, 6, "")], "latex")  # "x≥5"
    norm = builder.build()
    assert norm.text == "x≥5"
    assert _map(norm) == [(0, 1), (2, 6), (7, 8)]


def test_builder_without_edits_keeps_the_identity_map() -> None:
    builder = OffsetMapBuilder("无变化")
    builder.apply([], "nothing")
    assert builder.build() == NormalizedText.identity("无变化")


@pytest.mark.parametrize(
    "edits",
    [
        [Edit(2, 4, ""), Edit(3, 5, "")],  # overlapping
        [Edit(3, 4, ""), Edit(1, 2, "")],  # unsorted
        [Edit(2, 2, "x")],  # empty: would insert text that has no source
        [Edit(0, 9, "")],  # past the end
        [Edit(0, 3, "ab")],  # changes length without being one character
    ],
)
def test_builder_rejects_edits_that_would_break_the_map(edits: list[Edit]) -> None:
    builder = OffsetMapBuilder("abcdef")
    with pytest.raises(NormalizeError, match="rule broken proposed"):
        builder.apply(edits, "broken")


# --- NormalizedText lookups --------------------------------------------------------------------


@pytest.fixture
def latex_example() -> NormalizedText:
    # source 人数 \geq 8 人 → text 人数≥8人, the docstring example of offsets.py
    return normalize("人数 \\geq 8 人")


def test_to_source_covers_replaced_runs_and_inner_deletions(latex_example: NormalizedText) -> None:
    assert latex_example.text == "人数≥8人"
    assert _map(latex_example) == [(0, 1), (1, 2), (3, 7), (8, 9), (10, 11)]
    assert latex_example.to_source(2, 4) == (3, 9)
    assert latex_example.to_source(0, 5) == (0, 11)


def test_to_source_of_an_empty_span_is_where_the_next_character_begins(
    latex_example: NormalizedText,
) -> None:
    assert latex_example.to_source(0, 0) == (0, 0)
    assert latex_example.to_source(2, 2) == (3, 3)
    assert latex_example.to_source(5, 5) == (11, 11)


def test_from_source_is_the_smallest_covering_normalised_span(latex_example: NormalizedText) -> None:
    assert latex_example.from_source(3, 9) == (2, 4)
    assert latex_example.from_source(4, 5) == (2, 3)  # inside \geq → the whole ≥
    assert latex_example.from_source(2, 3) == (2, 2)  # a deleted space: empty, before ≥
    assert latex_example.from_source(9, 10) == (4, 4)
    assert latex_example.from_source(7, 7) == (3, 3)
    assert latex_example.from_source(0, 11) == (0, 5)


def test_lookups_reject_spans_outside_the_text(latex_example: NormalizedText) -> None:
    with pytest.raises(ValueError, match=r"bad span \[3, 2\)"):
        latex_example.to_source(3, 2)
    with pytest.raises(ValueError, match=r"bad span \[0, 6\)"):
        latex_example.to_source(0, 6)
    with pytest.raises(ValueError, match=r"bad span \[0, 12\)"):
        latex_example.from_source(0, 12)


def test_copied_is_where_a_span_copied_unchanged_begins(latex_example: NormalizedText) -> None:
    assert [latex_example.copied(0, 2), latex_example.copied(8, 9), latex_example.copied(10, 11)] == [0, 3, 4]
    assert latex_example.copied(3, 7) is None  # \\geq, replaced by ≥
    assert latex_example.copied(1, 3) is None  # 数 and a deleted space
    assert latex_example.copied(2, 2) is None  # empty
    assert normalize("合计１２元").copied(2, 4) is None  # translated: the text differs


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="a1１ \n*#|≥>=元%\\geq", max_size=30), st.integers(0, 30), st.integers(0, 30))
def test_a_copied_span_and_every_span_inside_it_map_as_themselves(text: str, a: int, b: int) -> None:
    norm = normalize(text)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    position = norm.copied(start, end)
    if position is None:
        return
    assert norm.text[position : position + end - start] == text[start:end]
    for first in range(start, end):
        for last in range(first + 1, end + 1):
            inside = (position + first - start, position + last - start)
            assert norm.from_source(first, last) == inside
            assert norm.to_source(*inside) == (first, last)


def test_identity_maps_every_span_to_itself() -> None:
    norm = NormalizedText.identity("abc")
    assert (norm.to_source(1, 3), norm.from_source(1, 3), norm.to_source(3, 3)) == ((1, 3), (1, 3), (3, 3))


def test_map_length_must_match_the_text() -> None:
    with pytest.raises(ValueError, match="offset map length"):
        NormalizedText("ab", "ab", RunMap.identity(1))


@pytest.mark.parametrize(
    ("starts", "source_starts", "source_ends", "length", "message"),
    [
        ([0, 1], [0], [1], 2, "differ in length"),
        ([], [], [], 2, "does not cover"),  # no runs for a non-empty text
        ([1], [0], [1], 2, "does not cover"),  # the first character in no run
        ([0, 2], [0, 5], [2, 6], 2, "does not cover"),  # a run past the end
    ],
)
def test_run_maps_that_do_not_cover_the_text_are_refused(
    starts: list[int], source_starts: list[int], source_ends: list[int], length: int, message: str
) -> None:
    arrays = (array(offsets.OFFSET_CODE, values) for values in (starts, source_starts, source_ends))
    with pytest.raises(ValueError, match=message):
        RunMap(*arrays, length)


def test_the_map_is_held_as_the_fewest_runs() -> None:
    # 人数 | ≥ | 8 | 人: the module docstring's example, four runs
    norm = normalize("人数 \\geq 8 人")
    assert (list(norm._map.text_starts), list(norm._map.source_starts), list(norm._map.source_ends)) == (
        [0, 2, 3, 4],
        [0, 3, 8, 10],
        [2, 7, 9, 11],
    )
    # a character-for-character translation keeps its run: one run, as for no edit at all
    assert normalize("１２．５％").runs == NormalizedText.identity("x").runs == 1
    assert normalize("１２．５％") == NormalizedText("12.5%", "１２．５％", RunMap.identity(5))
    assert NormalizedText.identity("").runs == 0


def test_runs_cut_and_copied_across_rounds_keep_one_form() -> None:
    builder = OffsetMapBuilder("ab**cd**ef")
    builder.apply([Edit(2, 4, ""), Edit(6, 8, "")], "markers")  # abcdef: three runs
    builder.apply([Edit(1, 5, "X")], "merge")  # aXf: b..e (source 1..9) as one character
    norm = builder.build()
    assert norm.text == "aXf"
    assert _map(norm) == [(0, 1), (1, 9), (9, 10)]
    assert norm.runs == 2  # a + X (X ends the run: it stands for more), f


# --- Properties over random reports ------------------------------------------------------------

PROSE = "打击欺诈骗取医疗保障基金专项行动经费主要用于切实加强医疗保障基金监管，整顿规范医疗保障运行秩序"
ARTEFACTS = [
    *"文件精神指标。，；：（）“、12309.%aZ",
    " ", "  ", "\n", "\n\n", "\t", "|", "\r\n", "\u3000", "\xa0", "\u200b",
    "\\geq", "\\ge", "\\leq", "\\le ", "\\gt", "\\lt", "\\neq", "\\%", "\\left", "$",
    "**", "__", "# ", "[bookmark: _GoBack]", "[bookmark: x]",
    "＞", "＜", "＝", "％", "１", "Ａ", "．", "，", "＄",
    ">=", "=>", "<=", "=<", "≧", "≦", "═", "- 2 -", "第 2 页", "NaN%", "一、", "（一）", PROSE,
]  # fmt: skip
reports = st.lists(st.sampled_from(ARTEFACTS), max_size=40).map("".join)

# What one normalised character may stand for, besides itself (a copy).
LATEX = {"\\geq": "≥", "\\ge": "≥", "\\leq": "≤", "\\le": "≤", "\\gt": ">", "\\lt": "<", "\\neq": "≠"}
COMPARATORS = {">=": "≥", "=>": "≥", "<=": "≤", "=<": "≤", "≧": "≥", "≦": "≤", "═": "="}
NEVER_DELETED = set("文件精神指标。；：（）“、%\t|") | set(PROSE)


def _is_known_rewrite(chunk: str, char: str) -> bool:
    halfwidth = unicodedata.normalize("NFKC", chunk)
    if char == " ":
        return chunk in ("\u3000", "\xa0") or (chunk.isspace() and "\n" in chunk)
    return (
        (char == "\n" and chunk == "\r\n")
        or (len(chunk) == 1 and halfwidth == char)
        or LATEX.get(chunk) == char
        or COMPARATORS.get(halfwidth) == char
        or (chunk, char) in {("\\%", "%"), ("，", ",")}
        or normalize(chunk).text == char  # rewrites that compose: `\\gt=` → `>=` → `≥`
        # ... also across a deleted math delimiter: `$\\gt$=` → `\\gt=` → `>=` → `≥`
        or normalize(chunk.replace("$", "")).text == char
    )


@settings(max_examples=300, deadline=None)
@given(reports)
@example("$\\gt$=>")  # found by hypothesis: chained rewrites across a deleted `$`
def test_every_character_comes_from_a_disjoint_increasing_source_interval(source: str) -> None:
    norm = normalize(source)
    intervals = _map(norm)
    for (start, end), char in zip(intervals, norm.text, strict=True):
        chunk = source[start:end]
        assert start < end
        assert chunk == char or _is_known_rewrite(chunk, char), (chunk, char)
    for (_, end), (next_start, _) in pairwise(intervals):
        assert end <= next_start


@settings(max_examples=300, deadline=None)
@given(reports)
def test_deletions_never_touch_content_or_table_structure(source: str) -> None:
    norm = normalize(source)
    kept = {i for start, end in _map(norm) for i in range(start, end)}
    deleted = {source[i] for i in range(len(source)) if i not in kept}
    assert not deleted & NEVER_DELETED
    assert norm.text.count("\t") == source.count("\t")
    assert norm.text.count("|") == source.count("|")
    table_rows = [line for line in source.splitlines() if "\t" in line or "|" in line]
    assert len([line for line in norm.text.splitlines() if "\t" in line or "|" in line]) == len(table_rows)


@settings(max_examples=200, deadline=None)
@given(reports, st.data())
def test_to_source_and_from_source_are_inverse_on_spans(source: str, data: st.DataObject) -> None:
    norm = normalize(source)
    start = data.draw(st.integers(0, len(norm.text)))
    end = data.draw(st.integers(start, len(norm.text)))
    source_start, source_end = norm.to_source(start, end)
    assert 0 <= source_start <= source_end <= len(source)
    if start < end:
        assert norm.from_source(source_start, source_end) == (start, end)


@settings(max_examples=200, deadline=None)
@given(reports, st.data())
def test_from_source_returns_exactly_the_characters_it_meets(source: str, data: st.DataObject) -> None:
    norm = normalize(source)
    start = data.draw(st.integers(0, len(source)))
    end = data.draw(st.integers(start, len(source)))
    first, past_last = norm.from_source(start, end)
    meeting = [i for i, (s, e) in enumerate(_map(norm)) if s < end and e > start and start < end]
    if meeting:
        assert (first, past_last) == (meeting[0], meeting[-1] + 1)
    else:
        assert first == past_last
        assert all(e <= start for _, e in _map(norm)[:first])
        assert all(e > start for _, e in _map(norm)[first:])


# Context-free artefacts only (no spaces, line breaks, `$`, `*` or `，`, whose rewrite depends on
# neighbours): here a source span normalised on its own gives back exactly the normalised span.
LOCAL_ARTEFACTS = [
    *"文件精神指标。；：（）“、12309.%aZ",
    "\\geq", "\\ge", "\\leq", "\\gt", "\\neq", "\\%", "\\left", "[bookmark: _GoBack]",
    "＞", "＜", "＝", "％", "１", "Ａ", "．", ">=", "=>", "<=", "=<", "≧", "≦", "═", "NaN%", "\u200b",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(LOCAL_ARTEFACTS), max_size=30).map("".join), st.data())
def test_normalising_a_mapped_source_span_alone_gives_the_normalised_span(
    source: str, data: st.DataObject
) -> None:
    norm = normalize(source)
    start = data.draw(st.integers(0, len(norm.text)))
    end = data.draw(st.integers(start, len(norm.text)))
    source_start, source_end = norm.to_source(start, end)
    # A span that stops inside an ASCII word cuts a token: `\\le|ft` alone would read `\\le`.
    assume(not source[source_end - 1 : source_end + 1].isalpha() or source_end == len(source))
    # ... also where a deleted run joins it to the next word: `\\geq[bookmark: x]a` reads `\\geqa`
    assume(not norm.text[end - 1 : end + 1].isalpha() or end == len(norm.text))
    # ... and where `<` and a letter open an HTML tag: its `>=` is no comparator (`<A\\gt＝` keeps
    # `>=`), though the span alone, without the `<`, reads `≥` (`unify_comparators`)
    assume(re.search(r"</?[A-Za-z]", norm.text) is None)
    assert normalize(source[source_start:source_end]).text == norm.text[start:end]


def _reference_apply(text: str, intervals: list[tuple[int, int]], edits: list[Edit]) -> tuple[str, list]:
    """The map kept as one interval per character: what the runs must equal."""
    out, mapped, cursor = [], [], 0
    for edit in [*edits, Edit(len(text), len(text), "")]:
        out.append(text[cursor : edit.start])
        mapped += intervals[cursor : edit.start]
        if len(edit.replacement) == 1:
            mapped.append((intervals[edit.start][0], intervals[edit.end - 1][1]))
        elif edit.replacement:
            mapped += intervals[edit.start : edit.end]
        out.append(edit.replacement)
        cursor = edit.end
    return "".join(out), mapped


@st.composite
def edit_rounds(draw: st.DrawFn) -> tuple[str, list[list[Edit]]]:
    text = draw(st.text("abc字", min_size=0, max_size=30))
    rounds, length = [], len(text)
    for _ in range(draw(st.integers(1, 4))):
        cuts = sorted(draw(st.sets(st.integers(0, length), max_size=8)))
        edits, size = [], length
        for start, end in pairwise(cuts):
            kind = draw(st.sampled_from(["", "x", "same", "skip"]))
            if kind == "skip":
                continue
            replacement = "y" * (end - start) if kind == "same" else kind
            edits.append(Edit(start, end, replacement))
            size -= end - start - len(replacement)
        rounds.append(edits)
        length = size
    return text, rounds


@settings(max_examples=300, deadline=None)
@given(edit_rounds())
def test_runs_equal_one_interval_per_character_over_random_rounds(case: tuple[str, list[list[Edit]]]) -> None:
    source, rounds = case
    builder = OffsetMapBuilder(source)
    text, intervals = source, [(i, i + 1) for i in range(len(source))]
    for edits in rounds:
        builder.apply(edits, "random")
        text, intervals = _reference_apply(text, intervals, edits)
    norm = builder.build()
    assert (norm.text, _map(norm)) == (text, intervals)
    for start in range(len(source) + 1):
        for end in range(start, len(source) + 1):
            ending = sum(1 for _, e in intervals if e <= start)
            starting = sum(1 for s, _ in intervals if s < end)
            expected = (ending, max(ending, starting)) if start < end else (ending, ending)
            assert norm.from_source(start, end) == expected
