"""recover_layout end to end, and the property every recogniser owes: a table written in any
supported linearisation reads back as the same grid."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core.document import Span
from pipeline.layout import recover_layout
from pipeline.layout.lines import split_lines
from pipeline.layout.recover import NEEDED_CHARACTER, RECOGNISERS
from tests.layout_forms import FORMS, RENDERINGS

HEADER_WORDS = ("年度指标值", "实际完成值", "分值", "得分")
LABELS = ("培训人次", "群众满意率", "设备购置数量", "资金到位率", "道路养护里程", "宣传覆盖面")
VALUES = ("12", "≥90%", "100%", "8人次", "0.5", "≤30分钟", "96%", "1200元")

Grid = list[list[str]]


@st.composite
def grids(draw: st.DrawFn) -> Grid:
    """A header (三级指标 + value columns) and rows of a label and values."""
    width = draw(st.integers(2, 4))
    header = ["三级指标", *HEADER_WORDS[:width]]
    rows = [
        [draw(st.sampled_from(LABELS)), *(draw(st.sampled_from(VALUES)) for _ in range(width))]
        for _ in range(draw(st.integers(1, 6)))
    ]
    return [header, *rows]


def html_rows(grid: Grid) -> str:
    return (
        "<table>"
        + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in grid)
        + "</table>"
    )


def tabs(grid: Grid) -> str:
    return "\n".join("\t".join(row) for row in grid)


def pipe_rows(grid: Grid) -> str:
    return "\n".join("| " + " | ".join(row) + " |" for row in grid)


def pipe_stream(grid: Grid) -> str:
    return "".join("".join(f"{cell} |\n" for cell in row) + "|" * (len(row) + 1) + "\n" for row in grid)


def cell_lines(grid: Grid) -> str:
    return "\n\n".join("\n".join("\t" + cell for cell in row) for row in grid)


def cell_stream(grid: Grid) -> str:
    return "\n\n".join(cell for row in grid for cell in row)


def spaced(grid: Grid) -> str:
    return "\n".join("   ".join(row) for row in grid)


def one_line_form(grid: Grid) -> str:
    return " ".join(cell for row in grid for cell in row)


WRITERS: tuple[Callable[[Grid], str], ...] = (
    tabs,
    pipe_rows,
    pipe_stream,
    cell_lines,
    cell_stream,
    spaced,
    one_line_form,
)


@settings(max_examples=40, deadline=None)
@given(grids(), st.sampled_from(WRITERS))
def test_any_linearisation_reads_back_as_the_same_grid(grid: Grid, write: Callable[[Grid], str]) -> None:
    text = "一、绩效指标\n" + write(grid) + "\n\n二、其他\n说明。"
    layout = recover_layout(text)
    assert len(layout.tables) == 1, write.__name__
    table = layout.tables[0]
    assert [list(row.texts) for row in table.rows] == grid
    assert table.roles == ("name", "target", "actual", "weight", "score")[: len(grid[0])]
    assert table.recogniser == write.__name__
    for row in table.rows:
        for cell in row.cells:
            assert text[cell.span.start : cell.span.end] == cell.text


def test_a_report_with_prose_and_two_tables() -> None:
    text = (
        "一、预算执行\n全年预算数\t全年执行数\t执行率\n年度资金总额\t50\t45\t90%\n\n"
        "二、绩效指标\n| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
        "| 产出指标 | 数量指标 | 培训人次 | ≥100人次 |\n"
        "| 质量指标 | 合格率 | 100% |\n"
    )
    layout = recover_layout(text)
    assert [(b.kind, b.section) for b in layout.blocks] == [
        ("heading", 0),
        ("table", 0),
        ("heading", 1),
        ("table", 1),
    ]
    budget, indicators = layout.tables
    assert (budget.recogniser, budget.roles) == ("tabs", (None, "adjusted", "spent", "execution_rate"))
    assert [c.text for c in budget.body[0].cells] == ["年度资金总额", "50", "45", "90%"]
    assert indicators.recogniser == "pipe_rows"
    assert [(c.text, c.inherited) for c in indicators.body[1].cells] == [
        ("产出指标", True), ("质量指标", False), ("合格率", False), ("100%", False),
    ]  # fmt: skip


def test_a_long_table_is_one_grid() -> None:
    text = "三级指标\t指标值\n" + "\n".join(f"指标{k}\t{k}%" for k in range(5000))
    [table] = recover_layout(text).tables
    assert (len(table.rows), table.body[-1].texts) == (5001, ("指标4999", "4999%"))


_PIECES = st.sampled_from(
    ["\n", "\n\n", "\t", " | ", "|", "||||", "   ", " ", "一、", "（二）", "1.", "三级指标", "指标值",
     "实际完成值", "产出指标", "≥", "90%", "12", "人次", "<table><tr><td>", "</td></tr></table>", "<tr>",
     "。", "\t培训"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40))
def test_any_text_gives_ordered_blocks_inside_the_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    layout = recover_layout(text)
    end = 0
    for block in layout.blocks:
        assert end <= block.span.start <= block.span.end <= len(text)
        end = block.span.end
    for grid in layout.tables:
        for row in (*grid.rows, *grid.body):
            for cell in row.cells:
                assert 0 <= cell.span.start <= cell.span.end <= len(text)
    for section in layout.sections:
        assert section.span.start <= section.heading.end <= section.span.end <= len(text)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(_PIECES, st.sampled_from(["\u3000", "\r", "  \n"]), st.text(max_size=6)), max_size=40)
)
def test_no_recogniser_starts_a_table_at_a_blank_line(pieces: list[str]) -> None:
    """`recover_layout` does not ask the recognisers at a blank line: none may claim one."""
    text = "".join(pieces)
    lines = split_lines(text)
    for index, line in enumerate(lines):
        if line.blank:
            assert [read(text, lines, index) for read in RECOGNISERS] == [None] * len(RECOGNISERS)


def _claims_without_character(text: str) -> list[tuple[str, int]]:
    """(recogniser, line) where a recogniser of `NEEDED_CHARACTER` claims a line although neither
    that line nor the next holds its character."""
    lines = split_lines(text)
    found = []
    for read, character in NEEDED_CHARACTER.items():
        for index, line in enumerate(lines):
            near = line.text + (lines[index + 1].text if index + 1 < len(lines) else "")
            if character not in near and read(text, lines, index) is not None:
                found.append((read.__name__, index))
    return found


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_PIECES, st.text(max_size=6)), max_size=40))
def test_a_recogniser_claims_no_line_without_its_character(pieces: list[str]) -> None:
    """`recover_layout` never asks a recogniser of `NEEDED_CHARACTER` in a text without that
    character: it may claim no line whose text (and the next line's) lacks it."""
    assert _claims_without_character("".join(pieces)) == []


def test_no_form_rendering_is_claimed_without_the_recognisers_character() -> None:
    texts = [render(form) for form in FORMS for render in RENDERINGS.values()]
    assert [found for text in texts if (found := _claims_without_character(text))] == []
    tabs = "三级指标\t指标值\n培训人次\t12"
    assert [g.recogniser for g in recover_layout(tabs).tables] == ["tabs"]  # a text with the character


def test_a_structured_readers_tables_are_taken_as_drawn() -> None:
    text = "标题\n项目支出绩效表\n三级指标\t指标值\n培训人次\t12\n正文\tx"
    table = Span(text.index("项目"), text.index("\n正文"))
    layout = recover_layout(text, tables=(table,))
    title, table_grid, other = layout.tables
    assert [(g.recogniser, [r.texts for r in g.rows]) for g in (title, table_grid)] == [
        ("structured", [("项目支出绩效表",)]),  # a title row, then the grid its header opens
        ("structured", [("三级指标", "指标值"), ("培训人次", "12")]),
    ]
    assert other.recogniser == "tabs"  # outside the reader's table: the recognisers decide
