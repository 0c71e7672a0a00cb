"""`remove_page_furniture`: a PDF's text copied as plain text, its page feet and running heads gone.

The texts are written for these tests in the shape of a text layer of a report printed over pages:
after each page's last line its foot (`- 1 -`, `第 1 页 共 3 页`), then the next page's running head,
blank lines between the blocks or none.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.normalize import normalize
from pipeline.normalize.offsets import Edit
from pipeline.normalize.pages import _ANY_PAGE_NUMBER, _page_number_lines, remove_page_furniture

HEAD = "某县水务局2024年度部门决算"
FIRST = "一般公共预算财政拨款支出年初预算为4356.78万元，支出决算为4102"
SECOND = ".35万元，完成年初预算的94.16%。"
THIRD = "本部门对河道日常管护项目开展评价，评价得分93分，完成保洁里程126"  # as wide as FIRST


def test_a_sentence_cut_by_a_page_break_meets_its_other_half() -> None:
    text = f"{FIRST}\n\n- 1 -\n\n{HEAD}\n\n{SECOND}\n{THIRD}\n\n- 2 -\n\n{HEAD}\n\n公里。\n\n- 3 -\n"
    second_page, third_page = len(FIRST) + 1, text.index("公里")
    assert list(remove_page_furniture(text)) == [
        Edit(second_page, text.index(SECOND), ""),
        Edit(text.index(THIRD) + len(THIRD) + 1, third_page, ""),
        Edit(text.index("- 3 -"), len(text), ""),  # after a short line: its blank line stays
    ]
    result = normalize(text)
    # `join_wrapped_lines` joins the figure cut in two (two full lines: only a cut figure is joined)
    assert result.text == f"{FIRST}{SECOND}\n{THIRD}\n公里。\n\n"
    start = result.text.index("4102.35")
    assert result.to_source(start, start + len("4102.35")) == (text.index("4102"), text.index(SECOND) + 3)


def test_feet_and_heads_without_blank_lines_go_the_same_way() -> None:
    text = f"{FIRST}\n第 1 页 共 2 页\n{HEAD}\n{SECOND}\n第 2 页 共 2 页\n{HEAD}\n附件：自评表"
    edits = list(remove_page_furniture(text))
    feet = [f"第 {n} 页 共 2 页\n{HEAD}\n" for n in (1, 2)]
    assert [text[e.start : e.end] for e in edits] == feet


def test_a_line_beside_one_page_number_only_is_the_report_s_own() -> None:
    """A heading that opens page 2 and a title on page 1 stand beside one page number each: kept."""
    text = f"{HEAD}\n{FIRST}。\n\n- 1 -\n\n二、部门决算情况说明\n{SECOND}\n\n- 2 -\n\n三、其他事项\n"
    edits = list(remove_page_furniture(text))
    assert [text[e.start : e.end] for e in edits] == ["\n- 1 -\n\n", "\n- 2 -\n\n"]


def test_a_table_written_a_cell_per_line_keeps_its_blank_lines() -> None:
    """Cells apart by blank lines: the page's blank lines before its foot stay (no running text)."""
    page = "三级指标\n\n培训人次\n\n指标值\n\n≥2000\n\n"
    text = f"{page}- 1 -\n\n{HEAD}\n\n{page}- 2 -\n\n{HEAD}\n\n实际值\n\n2150\n"
    assert normalize(text).text == f"{page}{page}实际值\n\n2150\n"


def test_one_page_number_is_left_to_remove_page_numbers() -> None:
    text = f"{FIRST}\n\n- 1 -\n\n{HEAD}\n\n{SECOND}\n"
    assert list(remove_page_furniture(text)) == []


# Pieces of page feet and of text around them, to build texts where a foot may stand anywhere:
# alone on its line, inside a line, beside spaces, with other dashes and 页 about.
_PIECES = (
    "- 3 -",
    "—12—",
    "第 2 页",
    "共3页第1页",
    "Page 4",
    "page 2 of 9",
    "-",
    "页",
    "age",
    "7",
    " ",
    "\n",
    "\n\n",
    "年度",
    "1-3月",
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_page_number_lines_are_where_the_pattern_matches(text: str) -> None:
    """The lines found from their marks are the pattern's matches over the whole text."""
    assert _page_number_lines(text) == [match.start() for match in _ANY_PAGE_NUMBER.finditer(text)]
