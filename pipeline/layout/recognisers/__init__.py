"""Table recognisers: each reads one linearisation of a table back into rows of cells.

A recogniser is a function `(text, lines, index) -> Claim | None`. It looks at `lines[index]`
(and a bounded number of lines after it) to decide whether a table in its linearisation starts
there; if so it reads the table and returns the rows and the index of the first line after it.
It never rescans from the start, so recovering a whole document is linear in its length.

They are tried in `RECOGNISERS` order at every line no earlier recogniser claimed (after the
tables a structured reader drew, `Document.tables`, which are taken as drawn: `structured`),
except a blank line (`Line.blank`): no linearisation starts a table there, so a recogniser is not
asked (close to half the prose lines of a report are blank):

| name          | linearisation                                                            |
| ------------- | ------------------------------------------------------------------------ |
| html_rows     | `<table><tr><td>…` left in a text (Markdown from PDF), spans repeated     |
| tabs          | one row per line, cells between tabs (docx/xlsx/xls/html/pdf tables)      |
| cell_lines    | one cell per line behind a leading tab, rows between blank lines          |
| pipe_stream   | cells ending in `|` (one per line or a few), rows ended by `||||` lines   |
| pipe_rows     | `| a | b | c |`, one row per line                                         |
| cell_stream   | one cell per line between blank lines, rows cut by value patterns         |
| spaced        | cells separated by runs of spaces, one row per line; a whole form on one  |
|               | line is cut into rows after its header words (`one_line_form`)            |
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.layout.lines import Line
from pipeline.layout.types import GridRow


@dataclass(frozen=True, slots=True)
class Claim:
    """What a recogniser read: rows, the index of the first line after the table, and the name
    of the linearisation (a recogniser may report a more specific one, e.g. `one_line_form`)."""

    rows: tuple[GridRow, ...]
    end: int
    recogniser: str


Recogniser = Callable[[str, Sequence[Line], int], Claim | None]
