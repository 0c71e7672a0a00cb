"""Budget tables → the project's budget and its `budget_lines`.

The layout (`pipeline.layout`) finds the tables; each is read here with the lines just above it
(`grids.layout_rows`). A budget header is a row holding at least two budget column words
(`BUDGET_COLUMN_WORDS`: 年初预算数, 全年预算数, 调整预算数, 全年执行数, 实际支出数, 执行率,
追加追减 …); 分值 and 得分 columns are kept as columns so the figures after them land right, but
are not budget figures. Columns are mapped by these words, never by position alone.

Two ways of reading the rows that follow, chosen by the header:

- rows (tab rows, one cell per line, `|`-terminated cells): each row is a label — the last text
  cell before its first figure — and the figure cells after it. A row with as many cells as
  columns is read by position (an empty 追加追减 cell keeps its place). Rows shifted by merged
  cells (`特定目标类项目支出\t\t6.08…`) lose their surplus leading empty cells.
- stream (pipe rows whose labels trail the figures of the row before, one-line dumps of a
  spreadsheet): the cells are read as one sequence — a text cell opens a row, figures fill it.
  Labels written inside the header, or in its first line when a converter cut it in two
  (`年初预算数 (万元) 年度资金总额 其中:当年财政拨款` | `全年预算数…`), name the unlabelled rows
  that follow, in order. A row of figures with no label at all can still be the total.

A third layout has no header row: each column word stands in the row beside its own figure
(`计划安排资金(万元) | 700 | 实际支出(万元) | 690 | …`), and the part rows below repeat their label
before each figure (`县财政 | 700 | 县财政 | 690 | …`). That row is the table's total; each part row
with a figure is a line (`_paired_lines`).

Where a converter dropped empty cells, a row has fewer figures than columns. The figures keep
their order; a percentage sits in the 执行率 column, and the columns left empty are the ones
forms most often leave blank (`_BLANK_FIRST`: 年初预算数, then 执行率, …). Worked example:

    年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分     header, amounts in 元
    512300.5 | 512300.5 | 10 | 100% | 10                         5 figures for 6 columns
    → 年初预算数 empty; 全年预算数 51.23005, 全年执行数 51.23005 (万元), 执行率 100

The first row with a money figure is the table's total and the project's budget (预算总金额,
年度资金总额); a 上年结转资金 row states the carry-over. A total row whose 分值 is 100 carries
the form's self-score in its 得分. Rows of a 收入构成 block are income:
they can be the total, but are not `budget_lines`. Amounts are in the unit the header names
(万元 unless it says `(元)`); a cell's own unit wins (`150万`).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations

from pipeline.domain.amounts import is_amount, is_percent, read_amount, read_percent
from pipeline.domain.headers import BUDGET_COLUMN_WORDS, PARTIAL_ROLE, budget_column_role
from pipeline.domain.levels import squash
from pipeline.domain.numbers import parse_number
from pipeline.domain.placeholders import BUDGET_EMPTY_CELLS, PLACEHOLDER_CELLS
from pipeline.extract.rules.amounts import Found
from pipeline.extract.rules.budget import BudgetFinding
from pipeline.extract.rules.cells import Cell, Row, make_cell
from pipeline.extract.rules.grids import line_rows, table_rows
from pipeline.extract.rules.vocab import (
    BUDGET_CARRYOVER_ROWS,
    BUDGET_INCOME_MARKERS,
    BUDGET_SPENDING_MARKERS,
    BUDGET_TABLE_STOP_WORDS,
    BUDGET_TOTAL_ROWS,
)
from pipeline.layout import Block, GridRow, Layout

_MONEY_ROLES = ("initial", "adjustment", "adjusted", "spent", "carryover")
_FULL_MARK = 100  # a form's total points
_POINT_ROLES = ("weight", "score")  # 分值 / 得分 columns of a budget row: points, not money
# A part-year column (1-7月执行数) is a budget column whose figures fill no field.
_HEADER_ROLES = frozenset({"initial", "adjustment", "adjusted", "spent", "execution_rate", PARTIAL_ROLE})
# Every word of a header column (`_HEADER_ROLES`; a part-year column is named by a spending or
# rate word): a row holding none of them, spaces aside, is neither a header nor a pair row.
_HEADER_WORD = re.compile(
    "|".join(re.escape(word) for word, role in BUDGET_COLUMN_WORDS if role in _HEADER_ROLES)
)
# The columns a form most often leaves blank, first: a dropped empty cell was one of these.
_BLANK_FIRST = ("initial", "execution_rate", "adjustment", "carryover", "weight", "score", "other")
_BLANK_RANK = {role: rank for rank, role in enumerate((*_BLANK_FIRST, "adjusted", "spent"))}
_EMPTY = frozenset((*BUDGET_EMPTY_CELLS, *PLACEHOLDER_CELLS))
# `(元)` beside a column word, or a unit note on a line above the table (`单位：元`, `金额单位:元`);
# a note's 元 opens no name (`项目单位：元谋县…` names a county, not the unit).
YUAN_NOTE = re.compile(r"[（(]\s*元\s*[)）]|单位\s*[:：]\s*元(?![\u3400-\u4dbf\u4e00-\u9fff])")
_NOTE = re.compile(r"[（(][^（()）]{0,8}[)）]")  # `(万元)` beside a column word
_TOKEN = re.compile(r"\S+")
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_SUB_ROW = re.compile(r"^\s*其中\s*[:：]?\s*")  # the lead-in of a row that is part of the one above
_MAX_HEADER_WORD = 30  # longer cells are sentences, not column headers
_MAX_TOKEN_WORD = 12
_CONTEXT_LINES = 2  # in a space-separated line, column words are short tokens


@dataclass(frozen=True)
class BudgetLineFinding:
    """One row of a budget table as written, each figure with its span."""

    name: Found
    initial: Found | None = None
    adjustment: Found | None = None
    adjusted: Found | None = None
    spent: Found | None = None
    execution_rate: Found | None = None


@dataclass(frozen=True)
class _Header:
    roles: tuple[str, ...]  # each budget column's role, in order
    unit: str  # 万元 or 元
    stream: bool  # read the cells after the header as one sequence
    pending: tuple[Cell, ...]  # row labels written inside the header, for unlabelled rows
    rest: tuple[Cell, ...]  # cells after the last column word (stream layouts start there)
    income: bool  # the header opens a 收入构成 block


@dataclass(frozen=True)
class _Record:
    label: Cell | None
    slots: tuple[Cell, ...]
    income: bool


@dataclass(frozen=True)
class _Line:
    name: Found
    figures: dict[str, Found]
    income: bool


def _kind(text: str) -> str:
    """'empty', 'value' (a figure or a placeholder such as —) or 'text' (a label)."""
    if not text or _NOTE.fullmatch(text):
        return "empty"
    if text in _EMPTY or is_amount(text) or is_percent(text):
        return "value"
    return "text"


def _role(text: str, limit: int = _MAX_HEADER_WORD) -> str | None:
    word = squash(text)
    if not word or len(word) > limit or _kind(word) != "text":
        return None
    return budget_column_role(word)


def _block(text: str) -> bool | None:
    """True where 收入构成 opens an income block, False where 支出构成 opens spending, else None."""
    word = squash(text)
    if any(m in word for m in BUDGET_INCOME_MARKERS):
        return True
    return False if any(m in word for m in BUDGET_SPENDING_MARKERS) else None


def _is_stop(text: str) -> bool:
    return squash(text).startswith(BUDGET_TABLE_STOP_WORDS)


def _tokens(text: str, row: Row) -> tuple[Cell, ...]:
    return tuple(Cell(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, row.start, row.end))


def _pipe_cells(text: str, row: Row) -> tuple[Cell, ...]:
    """A line such as `| — |` that the layout reader left whole, split at its pipes."""
    cells, pos = [], row.start
    for part in text[row.start : row.end].split("|"):
        cells.append(make_cell(text, pos, pos + len(part)))
        pos += len(part) + 1
    return tuple(c for c in cells if c.text)


def _column_words(cells: tuple[Cell, ...], limit: int) -> list[tuple[int, str]]:
    """(index, role) of the column words of a header, up to the first figure after them (a
    one-line dump goes on into the indicator table, whose 分值 得分 are not budget columns)."""
    marked: list[tuple[int, str]] = []
    for i, cell in enumerate(cells):
        if marked and _kind(cell.text) == "value":
            break
        role = _role(cell.text, limit)
        if role is not None:
            marked.append((i, role))
    return marked


def _names_columns(row: Row | GridRow) -> bool:
    """Whether `row` holds a header column word: the cheap test before reading it as a header (a
    table's body rows are most of its rows). Read from the cells' texts (a grid row makes no
    cell for them), once per row of a table (`_grid_rows`)."""
    return _HEADER_WORD.search(squash("".join(row.texts))) is not None


def _header(text: str, rows: list[Row], index: int, named: list[bool]) -> _Header | None:
    """The header `rows[index]` is, or None; `named`: whether each row names a column
    (`_names_columns`)."""
    row = rows[index]
    if not named[index]:
        return None
    tokens = row.kind == "line"
    cells = _tokens(text, row) if tokens else row.cells
    limit = _MAX_TOKEN_WORD if tokens else _MAX_HEADER_WORD
    marked = _column_words(cells, limit)
    if len({role for _, role in marked} & _HEADER_ROLES) < 2:
        return None
    first, last = marked[0][0], marked[-1][0]
    inside = tuple(c for c in cells[first:last] if _kind(c.text) == "text" and _role(c.text, limit) is None)
    rest = tuple(cells[last + 1 :])
    starts_with_figures = (
        index + 1 < len(rows) and _kind(next((c.text for c in rows[index + 1].cells), "")) == "value"
    )
    if not inside and starts_with_figures:
        inside = _labels_above(rows, index, limit)
    stream = tokens or any(_kind(c.text) == "text" for c in rest) or _label_alone(rows, index + 1)
    stream = stream or bool(inside and starts_with_figures)
    context = " ".join(r_text for r in rows[max(0, index - 2) : index + 1] for r_text in r.texts)
    roles = [role for _, role in marked]
    unique = tuple(role if role not in roles[:i] else "other" for i, role in enumerate(roles))
    unit = "元" if YUAN_NOTE.search(context) else "万元"
    income = any(_block(c.text) for c in cells)
    return _Header(unique, unit, stream, inside if stream else (), rest, income)


def _labels_above(rows: list[Row], index: int, limit: int) -> tuple[Cell, ...]:
    """Row labels a form printed in the header's first line, when the converter cut the header in
    two (`年初预算数 (万元) 年度资金总额 其中:当年财政拨款` | `全年预算数 全年执行数 …`): the text
    cells after the last column word of the row above."""
    if index == 0 or rows[index - 1].kind == "line":
        return ()
    cells = rows[index - 1].cells
    marked = _column_words(cells, limit)
    if not marked:
        return ()
    after = cells[marked[-1][0] + 1 :]
    return tuple(c for c in after if _kind(c.text) == "text" and _role(c.text, limit) is None)


def _label_alone(rows: list[Row], index: int) -> bool:
    """A row holding one label and nothing else, right after the header: the labels trail the
    figures of the row before (a stream of cells, not rows)."""
    if index >= len(rows) or rows[index].kind == "line":
        return False
    texts = [c.text for c in rows[index].cells if c.text]
    return len(texts) == 1 and _kind(texts[0]) == "text"


def _ends_table(text: str, rows: list[Row], index: int, named: list[bool]) -> bool:
    """Prose resumes, a stop label or a new header: the table is over."""
    row = rows[index]
    if row.kind == "line":
        return bool(row.texts[0].strip("| "))
    first = next((c.text for c in row.cells if c.text), "")
    return _is_stop(first) or _header(text, rows, index, named) is not None


def _row_record(row: Row, income: bool) -> tuple[_Record | None, bool]:
    """A row's label and its cells after it; the income flag after the row's block markers."""
    cells = row.cells
    first_value = next((i for i, c in enumerate(cells) if _kind(c.text) == "value"), len(cells))
    label_at = None
    for i, cell in enumerate(cells[:first_value]):
        if _kind(cell.text) != "text":
            continue
        block = _block(cell.text)
        if block is None:
            label_at = i
        else:
            income = block
    if first_value == len(cells):
        return None, income
    if label_at is None:  # figures with their label lost (it was printed inside the header)
        return (_Record(None, cells, income), income) if first_value == 0 else (None, income)
    return _Record(cells[label_at], cells[label_at + 1 :], income), income


def _row_records(text: str, rows: list[Row], index: int, header: _Header, named: list[bool]) -> list[_Record]:
    records, income = [], header.income
    for i in range(index + 1, len(rows)):
        if _ends_table(text, rows, i, named):
            break
        record, income = _row_record(rows[i], income)
        if record is not None:
            records.append(record)
    return records


def _stream_cells(text: str, rows: list[Row], index: int, header: _Header) -> list[Cell]:
    cells = list(header.rest)
    for row in rows[index + 1 :]:
        if row.kind == "line" and "|" not in row.texts[0]:
            break
        cells.extend(_pipe_cells(text, row) if row.kind == "line" else row.cells)
    return cells


def _complete(slots: list[Cell], roles: tuple[str, ...]) -> bool:
    """A row is full with a cell per column, or with its rate and every column after the rate."""
    if len(slots) >= len(roles):
        return True
    rate_at = next((i for i, c in enumerate(slots) if is_percent(c.text)), None)
    if rate_at is None or "execution_rate" not in roles:
        return False
    return len(slots) - rate_at - 1 >= len(roles) - roles.index("execution_rate") - 1


def _stream_records(cells: list[Cell], header: _Header) -> list[_Record]:
    records, pending = [], list(header.pending)
    label: Cell | None = None
    slots: list[Cell] = []
    for cell in cells:
        kind = _kind(cell.text)
        if kind == "text" and _is_stop(cell.text):
            break
        if kind == "text" or (kind == "value" and slots and _complete(slots, header.roles)):
            if label is not None or slots:
                records.append(_Record(label, tuple(slots), False))
            label, slots = (cell if kind == "text" else None), []
        if kind == "value":
            if label is None and not slots and pending:
                label = pending.pop(0)
            slots.append(cell)
    if label is not None or slots:
        records.append(_Record(label, tuple(slots), False))
    return records


def _fits(cell: Cell, role: str) -> bool:
    """Whether `cell` can stand in a `role` column: a percentage only in 执行率, and in 分值 / 得分
    only points, at most the form's 100 (`1902.3` beside `1860.5` is an amount, never a 分值)."""
    if is_percent(cell.text):
        return role == "execution_rate"
    if role in _POINT_ROLES:
        points = parse_number(cell.text)
        return points is None or points <= _FULL_MARK
    return role != "execution_rate" or not is_amount(cell.text)


def _dropped_columns(slots: list[Cell], roles: tuple[str, ...]) -> tuple[int, ...]:
    """The columns `slots` sit in when empty cells were dropped (module docstring)."""
    best: tuple[list[int], tuple[int, ...]] | None = None
    for columns in combinations(range(len(roles)), len(slots)):
        if not all(_fits(cell, roles[c]) for cell, c in zip(slots, columns, strict=True)):
            continue
        blanks = sorted(_BLANK_RANK[roles[c]] for c in range(len(roles)) if c not in columns)
        if best is None or blanks < best[0]:
            best = (blanks, columns)
    return best[1] if best else tuple(range(len(slots)))


def _place(slots: tuple[Cell, ...], roles: tuple[str, ...]) -> list[tuple[str, Cell]]:
    """Each slot with its column's role; surplus empty cells are shifts, not columns."""
    cells = list(slots)
    while len(cells) > len(roles) and not cells[-1].text:
        cells.pop()
    while len(cells) > len(roles) and not cells[0].text:
        cells.pop(0)
    cells = cells[: len(roles)]
    columns = range(len(cells)) if len(cells) == len(roles) else _dropped_columns(cells, roles)
    return [(roles[c], cell) for c, cell in zip(columns, cells, strict=True)]


def _figure(cell: Cell, role: str, unit: str) -> Found | None:
    if role == "execution_rate":
        value = read_percent(cell.text)
    elif role in _MONEY_ROLES:
        value = read_amount(cell.text, unit)
    elif role in ("weight", "score"):
        value = parse_number(cell.text)
    else:
        return None
    return None if value is None else Found(value, cell.start, cell.end)


def _line(record: _Record, header: _Header) -> _Line | None:
    """The record's figures by column; a record without a label gives a line named '' (it can be
    the table's total, but is not a budget line: a line is named by its row label)."""
    figures: dict[str, Found] = {}
    for role, cell in _place(record.slots, header.roles):
        found = _figure(cell, role, header.unit)
        if found is not None:
            figures.setdefault(role, found)
    if not any(role in figures for role in _MONEY_ROLES):
        return None
    if record.label is None:
        start = record.slots[0].start if record.slots else 0
        return _Line(Found("", start, start), figures, record.income)
    return _Line(_line_name(record.label), figures, record.income)


def _line_name(label: Cell) -> Found:
    """The row label without the structure around it: `其中:中央财政资金` → `中央财政资金`,
    `年度资金总额:` → `年度资金总额` (as numbering is dropped from indicator names)."""
    lead = _SUB_ROW.match(label.text)
    start = lead.end() if lead else 0
    name = label.text[start:].rstrip(":： ")
    if not name:
        return Found(label.text, label.start, label.end)
    return Found(name, label.start + start, label.start + start + len(name))


def _table_budget(lines: list[_Line]) -> BudgetFinding:
    """The total row's figures; the carry-over from its column or a 上年结转资金 row."""
    total = lines[0].figures
    carryover = total.get("carryover")
    for line in lines[1:]:
        if carryover is None and any(w in squash(str(line.name.value)) for w in BUDGET_CARRYOVER_ROWS):
            carryover = line.figures.get("adjusted") or line.figures.get("initial")
    return BudgetFinding(
        total.get("initial"),
        carryover,
        total.get("adjusted"),
        total.get("spent"),
        total.get("execution_rate"),
        _form_score(total.get("weight"), total.get("score")),
    )


def _form_score(weight: Found | None, score: Found | None) -> Found | None:
    """The total row's 得分 when its 分值 is the full 100: the row then carries the form's own
    score (`年度资金总额 | 150 | 150 | 125.25 | 100 | 83.5% | 98` → 98), not the points of
    budget execution (those are a few tens: `分值 10 … 得分 9`)."""
    if weight is None or score is None or weight.value != _FULL_MARK:
        return None
    return score if 0 <= float(score.value) <= _FULL_MARK else None


def _public(line: _Line) -> BudgetLineFinding:
    fields = ("initial", "adjustment", "adjusted", "spent", "execution_rate")
    return BudgetLineFinding(line.name, **{f: line.figures.get(f) for f in fields})


def _grid_rows(layout: Layout, start: int, end: int | None) -> Iterator[tuple[list[Row], list[bool]]]:
    """Each table of the layout that can be a budget table (one of its rows, or of the lines just
    above it, holds a header column word) as rows (`grids.layout_rows`), with the lines just above
    it: a unit note (`金额单位:元`) is often written there; and whether each row names a column
    (`_names_columns`, tested once per row: the readers of a table ask it again and again). Of
    the prose, only those lines are made rows; of an indicator table, only its last rows (the
    next table's lines above)."""
    text = layout.text
    stop = len(text) if end is None else end
    above: list[Row] = []  # the last rows before the prose since the last table
    prose: list[tuple[int, int]] = []  # the prose blocks since the last table
    # Blocks are in text order: the first at or after `start` is found by bisection and the walk
    # ends at `stop` (walking every block for each project's region was quadratic in a long report).
    blocks = layout.blocks
    for at in range(bisect_left(blocks, start, key=_block_start), len(blocks)):
        block = blocks[at]
        if block.span.start >= stop:
            break
        if block.grid is None:
            prose.append((block.span.start, block.span.end))
            continue
        context: list[Row] = []
        for prose_start, prose_end in reversed(prose):
            context = _last_lines(text, prose_start, prose_end) + context
            if len(context) >= _CONTEXT_LINES:
                break
        else:
            context = above + context
        context = context[-_CONTEXT_LINES:]
        named = [*map(_names_columns, context), *map(_names_columns, block.grid.rows)]
        if any(named):
            rows = table_rows(block.grid)
            if rows:
                yield context + rows, named
        else:  # no row can be a header: not a budget table (only its last rows may be context)
            rows = table_rows(block.grid, -_CONTEXT_LINES)
        above, prose = (context + rows)[-_CONTEXT_LINES:], []


def _block_start(block: Block) -> int:
    return block.span.start


def _last_lines(text: str, start: int, end: int) -> list[Row]:
    """The last `_CONTEXT_LINES` rows of `grids.line_rows(text, start, end)`, the lines before
    them not read: a report's prose is most of its lines."""
    seen, line_end = 0, end
    while True:
        cut = text.rfind("\n", start, line_end)
        line_start = start if cut < 0 else cut + 1
        seen += bool(text[line_start:line_end].strip())
        if seen == _CONTEXT_LINES or cut < 0:
            return line_rows(text, line_start, end)
        line_end = cut


def _tables(layout: Layout, start: int, end: int | None) -> Iterator[list[_Line]]:
    """The lines of every budget table among the layout's tables, in text order."""
    text = layout.text
    for rows, named in _grid_rows(layout, start, end):
        for index in range(len(rows)):
            paired = _paired_lines(rows, index, named[index])
            if paired:
                yield paired
                break
            header = _header(text, rows, index, named)
            if header is None:
                continue
            if header.stream:
                records = _stream_records(_stream_cells(text, rows, index, header), header)
            else:
                records = _row_records(text, rows, index, header, named)
            lines = [line for record in records if (line := _line(record, header)) is not None]
            if lines:
                yield lines
                break


def _pair_roles(row: Row, named: bool) -> tuple[str | None, ...] | None:
    """The column roles of a row of label–figure pairs, or None when the row is not one.

    Older project forms print each fund column as its own label cell followed by its figure:
    `计划安排资金(万元) | 700 | 实际到位资金(万元) | 700 | 实际支出(万元) | 690 | 结余(万元) | 10`.
    Every other cell is a label, the cells between them are figures (a figure garbled beyond
    reading still has no Chinese in it), and at least two labels name budget columns (`named`:
    whether the row names one at all, `_names_columns`).
    """
    cells = row.cells
    if row.kind == "line" or len(cells) < 4 or len(cells) % 2 or not named:
        return None
    labels, figures = cells[0::2], cells[1::2]
    if any(_kind(c.text) != "text" for c in labels) or not all(_figure_like(c.text) for c in figures):
        return None
    roles = tuple(_role(c.text) for c in labels)
    return roles if sum(role in _HEADER_ROLES for role in roles) >= 2 else None


def _figure_like(text: str) -> bool:
    return _kind(text) != "text" or (any(ch.isdigit() for ch in text) and not _CJK_CHAR.search(text))


def _pair_figures(row: Row, roles: tuple[str | None, ...], unit: str) -> dict[str, Found]:
    """Each pair's figure under its label's role; an unreadable figure (`7,00.0,77`) is none."""
    figures: dict[str, Found] = {}
    for role, cell in zip(roles, row.cells[1::2], strict=True):
        found = None if role is None else _figure(cell, role, unit)
        if role is not None and found is not None:
            figures.setdefault(role, found)
    return figures


def _pair_label(row: Row, width: int) -> Cell | None:
    """The label of a part row under a pair row: one label repeated before every figure
    (`其中:中央财政 | 5 | 其中:中央财政 | 5 | …`) or written once, the other label cells empty."""
    if len(row.cells) != width or _kind(row.cells[0].text) != "text":
        return None
    first = _line_name(row.cells[0]).value
    others = {_line_name(c).value for c in row.cells[2::2] if c.text}
    return row.cells[0] if others <= {first} else None


def _paired_lines(rows: list[Row], index: int, named: bool) -> list[_Line]:
    """A pair row (`_pair_roles`) and the part rows under it (中央财政, 省财政, 县财政 …).

    The pair row holds the fund's totals: it is the table's total, named '' because its labels
    are column words, not a row name. Each part row with a figure is a budget line.
    """
    roles = _pair_roles(rows[index], named)
    if roles is None:
        return []
    pair = rows[index]
    unit = "元" if any(YUAN_NOTE.search(c.text) for c in pair.cells[0::2]) else "万元"
    lines = [_Line(Found("", pair.start, pair.start), _pair_figures(pair, roles, unit), False)]
    for row in rows[index + 1 :]:
        label = _pair_label(row, len(pair.cells))
        if label is None:
            break
        figures = _pair_figures(row, roles, unit)
        if any(role in figures for role in _MONEY_ROLES):
            lines.append(_Line(_line_name(label), figures, False))
    return lines if any(any(r in line.figures for r in _MONEY_ROLES) for line in lines) else []


def _is_total(line: _Line) -> bool:
    return squash(str(line.name.value)).startswith(BUDGET_TOTAL_ROWS)


def find_budget_table(
    layout: Layout, start: int = 0, end: int | None = None
) -> tuple[BudgetFinding | None, list[BudgetLineFinding]]:
    """The project's budget table in `layout.text[start:end]` — the first that opens with its
    total (年度资金总额 …), else the first with a total row (合计 …), else the first: a workbook's
    other sheets hold plans and adjustments, not the budget — as a budget (its first row), and
    every spending row as a line (income rows left out)."""
    tables: list[list[_Line]] = []
    for table in _tables(layout, start, end):  # read up to the first that opens with its total
        tables.append(table)
        if _is_total(table[0]):  # a fund table: the total first (no later table is read)
            lines = table
            break
    else:
        if not tables:
            return None, []
        lines = next((t for t in tables if any(_is_total(line) for line in t)), tables[0])
    named = [_public(line) for line in lines if not line.income and line.name.value]
    return _table_budget(lines), named
