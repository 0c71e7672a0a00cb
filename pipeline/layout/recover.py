"""`recover_layout`: a normalised text → its `Layout`, in one pass over its lines.

At each line the table recognisers (`RECOGNISERS`, in order) are asked whether a table starts
there; the first that claims it reads the table and the pass goes on after it. Lines nobody
claims are prose (`layout.outline`). Each claimed table is turned into one or more grids
(`layout.grid.build_grids`: one per header).

    >>> layout = recover_layout("一、指标\\n一级指标\\t二级指标\\t三级指标\\n产出指标\\t数量指标\\t培训人次")
    >>> [b.kind for b in layout.blocks], layout.tables[0].roles, layout.sections[0].title
    (['heading', 'table'], ('level1', 'level2', 'name'), '指标')
"""

from __future__ import annotations

from pipeline.layout.grid import build_grids
from pipeline.layout.lines import split_lines
from pipeline.layout.outline import OutlineBuilder, sentences
from pipeline.layout.recognisers import Recogniser
from pipeline.layout.recognisers.cell_lines import read_cell_lines
from pipeline.layout.recognisers.cell_stream import read_cell_stream
from pipeline.layout.recognisers.html_rows import read_html_rows
from pipeline.layout.recognisers.pipe_rows import read_pipe_rows
from pipeline.layout.recognisers.pipe_stream import read_pipe_stream
from pipeline.layout.recognisers.spaced import read_spaced
from pipeline.layout.recognisers.tabs import read_tabs
from pipeline.layout.types import Block, Layout

RECOGNISERS: tuple[Recogniser, ...] = (
    read_html_rows,
    read_tabs,
    read_cell_lines,
    read_pipe_stream,
    read_pipe_rows,
    read_cell_stream,
    read_spaced,
)


def recover_layout(text: str, recognisers: tuple[Recogniser, ...] = RECOGNISERS) -> Layout:
    """The layout of `text` (a `NormalizedText.text`); offsets index `text`."""
    lines = split_lines(text)
    outline = OutlineBuilder(text)
    index = 0
    while index < len(lines):
        claim = next((c for read in recognisers if (c := read(text, lines, index)) is not None), None)
        if claim is None or not claim.rows or claim.end <= index:
            outline.prose(lines[index])
            index += 1
            continue
        for grid in build_grids(claim.rows, claim.recogniser):
            outline.table(Block("table", grid.span, outline.current, grid=grid))
        index = claim.end
    blocks, sections = outline.finish()
    return Layout(text, tuple(blocks), tuple(sections), tuple(sentences(text, blocks)))
