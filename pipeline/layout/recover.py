"""`recover_layout`: a normalised text → its `Layout`, in one pass over its lines.

At each line, a table a structured reader drew (`Document.tables`, passed as `tables`) is
claimed first, as drawn (`structured`); otherwise the table recognisers (`RECOGNISERS`, in order)
are asked whether a table starts there; the first that claims it reads the table and the pass goes
on after it (a recogniser that needs a character the text does not hold, `NEEDED_CHARACTER`, is
never asked: a text without a tab has no tab rows). Lines nobody claims are prose
(`layout.outline`). Each claimed table is turned into one or more grids
(`layout.grid.build_grids`: one per header).

    >>> layout = recover_layout("一、指标\\n一级指标\\t二级指标\\t三级指标\\n产出指标\\t数量指标\\t培训人次")
    >>> [b.kind for b in layout.blocks], layout.tables[0].roles, layout.sections[0].title
    (['heading', 'table'], ('level1', 'level2', 'name'), '指标')
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.core.document import Span
from pipeline.layout.grid import build_grids
from pipeline.layout.lines import Line, split_lines
from pipeline.layout.outline import OutlineBuilder
from pipeline.layout.recognisers import Claim, Recogniser
from pipeline.layout.recognisers.cell_lines import read_cell_lines
from pipeline.layout.recognisers.cell_stream import read_cell_stream
from pipeline.layout.recognisers.html_rows import read_html_rows
from pipeline.layout.recognisers.pipe_rows import read_pipe_rows
from pipeline.layout.recognisers.pipe_stream import read_pipe_stream
from pipeline.layout.recognisers.spaced import read_spaced
from pipeline.layout.recognisers.tabs import read_tabs, row_of
from pipeline.layout.types import Block, Layout

STRUCTURED = "structured"


class StructuredTables:
    """The structured readers' table spans, in text order, consumed as the pass goes down."""

    def __init__(self, tables: Sequence[Span]) -> None:
        self.spans = sorted(tables, key=lambda span: span.start)
        self.next = 0

    def claim(self, text: str, lines: Sequence[Line], index: int) -> Claim | None:
        """Every line from `index` that starts inside the table span `lines[index]` starts in."""
        start = lines[index].start
        while self.next < len(self.spans) and self.spans[self.next].end <= start:
            self.next += 1
        if self.next == len(self.spans) or self.spans[self.next].start > start:
            return None
        end = self.spans[self.next].end
        stop = index
        while stop < len(lines) and lines[stop].start < end:
            stop += 1
        rows = tuple(row_of(text, line) for line in lines[index:stop] if not line.blank)
        return Claim(rows, stop, STRUCTURED)


RECOGNISERS: tuple[Recogniser, ...] = (
    read_html_rows,
    read_tabs,
    read_cell_lines,
    read_pipe_stream,
    read_pipe_rows,
    read_cell_stream,
    read_spaced,
)
# A character these recognisers claim no line without (a pipe stream: in that line or the next):
# a text that holds none is not offered to them at any line (one test for the text, where most
# texts would otherwise ask five of the seven at every line: half of a prose line's cost).
NEEDED_CHARACTER: dict[Recogniser, str] = {
    read_html_rows: "<",
    read_tabs: "\t",
    read_cell_lines: "\t",
    read_pipe_stream: "|",
    read_pipe_rows: "|",
}


def recover_layout(
    text: str, recognisers: tuple[Recogniser, ...] = RECOGNISERS, tables: Sequence[Span] = ()
) -> Layout:
    """The layout of `text` (a `NormalizedText.text`); offsets index `text`. `tables` are the
    spans of `text` a structured reader drew as tables (`Document.tables` mapped into `text`):
    their lines are read as tab rows, whatever the recognisers would say."""
    lines = split_lines(text)
    outline = OutlineBuilder(text)
    structured = StructuredTables(tables)
    recognisers = tuple(read for read in recognisers if NEEDED_CHARACTER.get(read, "") in text)
    index = 0
    while index < len(lines):
        claim = structured.claim(text, lines, index) if structured.spans else None
        if claim is None and not lines[index].blank:  # no linearisation starts a table at a blank line
            for read in recognisers:
                claim = read(text, lines, index)
                if claim is not None:
                    break
        if claim is None or not claim.rows or claim.end <= index:
            outline.prose(lines[index])
            index += 1
            continue
        for grid in build_grids(claim.rows, claim.recogniser, drawn=claim.recogniser == STRUCTURED):
            outline.table(Block("table", grid.span, outline.current, grid=grid))
        index = claim.end
    blocks, sections = outline.finish()
    return Layout(text, tuple(blocks), tuple(sections))
