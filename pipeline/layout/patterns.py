"""Cutting a flat run of cells into rows when the text wrote no row separator.

A row of an indicator or budget table is labels first (level words, the indicator's name, a
budget line's name), then values (`≥100人次`, `6.84`, `100%`, placeholders, empty cells), then —
when the header ends in a 偏差原因 column — at most one text cell. So a label that follows a value
starts a new row:

    产出指标 数量指标 培训人次 ≥100人次 120人次 10 10 质量指标 合格率 100% 100% 10 10
    → [产出指标 数量指标 培训人次 ≥100人次 120人次 10 10] [质量指标 合格率 100% 100% 10 10]

A level word after a name and a word value (`群众文化素养 稳步提升 满意度指标 …`) starts a row
too: levels lead a row. A text after a row's values is its 偏差原因 only when no value follows
it (`… 15 15 签约服务户数 ≥3000户`: a name, the next row's). A run with a value for every value
column of the header is a whole row: `65.66 65.07 10 99% 9 65.66 65.07 …` under
`全年预算数 全年执行数 分值 执行率 得分` is two rows. Rows cut this way are marked
`split_by_pattern` (a reader should trust them less). A *header run* is `HEADER_RUN` or more
consecutive cells that each name a column (`一级指标 二级指标 三级指标 …`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.domain.answers import is_done_answer, is_on_time_answer
from pipeline.domain.headers import header_share
from pipeline.domain.levels import OWN_LEVEL_ENDINGS, OWN_LEVEL_MAX, is_level_word
from pipeline.domain.paired import is_paired_value
from pipeline.domain.placeholders import is_placeholder
from pipeline.domain.quantity import looks_like_value
from pipeline.domain.units import UNITS
from pipeline.layout.grid import cell_role
from pipeline.layout.lines import span_of
from pipeline.layout.types import Cell, GridRow

HEADER_RUN = 3
HEADER_SHARE = 0.5
_TEXT_ROLES = frozenset(("deviation", "source", "deviation_size"))
# Text columns among a row's values (正向, 完成得满分…): a text under one is the row's, not a name.
_IN_ROW_TEXT_ROLES = frozenset(("direction", "criteria"))
_UNITS = frozenset((*UNITS, "％"))
_LABEL_ROLES = frozenset(("level1", "level2", "name", "category"))
_LEVEL_ROLES = frozenset(("level1", "level2"))
_TEXTS_BEFORE_LEVEL = 2
_REMARK_START = re.compile(r"[，,；;（(]")
LABEL_MAX = 10  # characters of a level word or a short name (服务对象满意度指标)
_REASON_MARK = re.compile(
    r"[，,。；;、：:]|未|不足|原因|由于|因为|偏差|滞后|延迟|延期|下一步|加强|整改|尚|无法|部分|较少|超出|已"
)


def is_value(text: str) -> bool:
    """A value cell: a quantity, a placeholder, a bare unit (`人次`, `%`: the 度量单位 column), a
    task's answer in words (`已完成` after the deadline `12月底前完成`; `按期完成`, a target's word
    too: `domain.answers.is_on_time_answer`), a target and its actual
    behind their labels (`目标值：100%；实际完成值：100%`) or nothing."""
    return (
        is_placeholder(text)
        or looks_like_value(text)
        or text.strip() in _UNITS
        or is_done_answer(text)
        or is_on_time_answer(text)
        or is_paired_value(text)
    )


def is_remarked_value(text: str) -> bool:
    """A value with a remark after a comma or in brackets (`97.5%，较上年提高1.2个百分点`,
    `856人（含线上126人）`): an actual cell that carries a figure of its own in its remark."""
    match = _REMARK_START.search(text)
    return match is not None and match.start() > 0 and looks_like_value(text[: match.start()])


def _names_column(cell: Cell) -> bool:
    """A cell that is a header word (at least `HEADER_SHARE` of it, brackets aside): text run
    together by OCR (`指标三级指标年度指标`) holds header words but is no header cell."""
    return bool(cell.text) and cell_role(cell.text) is not None and header_share(cell.text) >= HEADER_SHARE


def header_run(cells: Sequence[Cell], at: int) -> int:
    """How many cells from `at` on name a column (0 when fewer than `HEADER_RUN`). One short cell
    that names nothing may sit between two that do (`实际完成值 完成情况 自评得分`)."""
    if at >= len(cells) or not _names_column(cells[at]):
        return 0
    end = at + 1
    while end < len(cells):
        if _names_column(cells[end]):
            end += 1
        elif end + 1 < len(cells) and _names_column(cells[end + 1]) and 0 < len(cells[end].text) <= 10:
            end += 2
        else:
            break
    return end - at if end - at >= HEADER_RUN else 0


def _value_columns(roles: Sequence[str | None]) -> int:
    words = _TEXT_ROLES | _LABEL_ROLES | _IN_ROW_TEXT_ROLES
    return sum(1 for role in roles if role is not None and role not in words)


def _ends_in_text(roles: Sequence[str | None]) -> bool:
    named = [role for role in roles if role is not None]
    return bool(named) and named[-1] in _TEXT_ROLES


def _reason_at(cells: Sequence[Cell], at: int, labels: int) -> bool:
    """Whether the text cell at `at`, after a row's values, can be the row's 偏差原因: not a level
    word, and not followed by a value (a text before a value is the next row's name). Where the
    texts up to the next value are no more than the header's `labels` columns (一级, 二级, 三级),
    they may all be the next row's labels — its own 一级 word first (`管理效率 预算管理 部门预算
    执行率 ≥95%`) — so the first is a reason unless it is shaped like a department's own level
    word (`OWN_LEVEL_ENDINGS`) and does not read as a reason (`reads_as_reason`)."""
    text = cells[at].text
    if is_level_word(text):
        return False
    texts, run = 0, at  # the texts from `at` up to the next value written (empty cells aside)
    while run < len(cells) and (not cells[run].text or not is_value(cells[run].text)):
        texts += bool(cells[run].text)
        run += 1
    if run == len(cells):
        return True  # no value follows: the run's last row ends in its reason
    if texts == 1 and cells[at + 1].text:
        return False  # a text right before a value is the next row's name
    return texts > labels or reads_as_reason(text) or not _own_level_shape(text)


def _own_level_shape(text: str) -> bool:
    """A department's own level word: short and ending like one (`管理效率`, `资产管理`)."""
    return len(text) <= OWN_LEVEL_MAX and text.endswith(OWN_LEVEL_ENDINGS)


def reads_as_reason(text: str) -> bool:
    """Whether a cell reads as a 偏差原因 rather than a label: it holds a clause mark or a word of
    shortfall or remedy (`部分村组水压不足`, `已组织培训`), or is longer than a label
    (`LABEL_MAX` characters)."""
    return len(text) > LABEL_MAX or _REASON_MARK.search(text) is not None


def _level_after_texts(cell: Cell, texts: int, roles: Sequence[str | None]) -> bool:
    """A level word after two text cells (a name and a word value: `群众文化素养 稳步提升`)
    starts a row where the header has level columns: levels lead a row, they never follow its
    name. One text cell is not enough: a name may be a level word (`社会效益 满意度`)."""
    return texts >= _TEXTS_BEFORE_LEVEL and is_level_word(cell.text) and bool(_LEVEL_ROLES & set(roles))


def _next_column(row: Sequence[Cell], roles: Sequence[str | None]) -> int | None:
    """The column the next cell of `row` falls in, counted from the row's name (the first text
    cell that is no level word) on the header's name column: the cells before a name are merged
    levels a converter may drop, those after it keep their columns. None: no name yet."""
    name_column = next((c for c, role in enumerate(roles) if role == "name"), None)
    name_at = next(
        (i for i, c in enumerate(row) if c.text and not is_value(c.text) and not is_level_word(c.text)), None
    )
    return None if name_column is None or name_at is None else name_column + len(row) - name_at


def _in_row_text(row: Sequence[Cell], roles: Sequence[str | None]) -> bool:
    """Whether the next cell of `row` falls in a text column among the values (指标方向, 评分标准)."""
    column = _next_column(row, roles)
    return column is not None and column < len(roles) and roles[column] in _IN_ROW_TEXT_ROLES


def _after_blank_unit(row: Sequence[Cell], roles: Sequence[str | None]) -> bool:
    """Whether the next cell of `row` falls in the actual column right after a blank 度量单位
    cell: a word target (`定性 | 年底前完成 | 　`) leaves its unit blank, and the word after it
    (`按期完成`) is the row's actual, not the next row's name."""
    column = _next_column(row, roles)
    return (
        column is not None
        and 0 < column < len(roles)
        and roles[column] == "actual"
        and roles[column - 1] == "unit"
        and not row[-1].text
    )


def _row_full(row: Sequence[Cell], roles: Sequence[str | None]) -> bool:
    """Whether `row` has a cell in every column after its name, in a header with text columns among
    its values: there a row's values, reset by each text column, cannot tell where it ends."""
    column = _next_column(row, roles) if _IN_ROW_TEXT_ROLES & set(roles) else None
    return column is not None and column >= len(roles)


def rows_by_pattern(cells: Sequence[Cell], roles: Sequence[str | None]) -> list[GridRow]:
    """The cells cut into rows (see the module docstring); `roles` is the header in force. A text
    in a text column among the values (指标方向 正向, 评分标准 完成得满分) stays in its row."""
    values_needed, text_after = _value_columns(roles), _ends_in_text(roles)
    labels = sum(1 for role in roles if role in _LABEL_ROLES)
    rows: list[GridRow] = []
    row: list[Cell] = []
    trailing, took_text = 0, False

    def flush() -> None:
        if any(cell.text for cell in row):  # a run of empty cells alone is no row
            rows.append(GridRow(tuple(row), span_of(row), split_by_pattern=True))
        row.clear()

    texts = 0  # text cells since the row's last level word
    for k, cell in enumerate(cells):
        # a value with a remark, while the row still lacks values, is the row's next value (its
        # actual), not the next row's name; past a full row it is text (a 偏差原因)
        value = is_value(cell.text) or (0 < trailing < values_needed and is_remarked_value(cell.text))
        if value and values_needed and trailing >= values_needed:
            flush()  # a row holding a value for every value column is complete
            trailing, took_text, texts = 0, False, 0
        if _level_after_texts(cell, texts, roles):
            flush()  # a word target (稳步提升) is no value, but the next level word starts a row
            trailing, took_text, texts = 0, False, 0
        texts = 0 if is_level_word(cell.text) else texts + (not value)
        if not cell.text and _row_full(row, roles):
            flush()  # an empty cell past a full row is the next row's merged level cell
            trailing, took_text, texts = 0, False, 0
        if not value and row and trailing and (_in_row_text(row, roles) or _after_blank_unit(row, roles)):
            row.append(cell)
            trailing = 0
            continue
        if not value and row and (trailing or took_text):
            if text_after and not took_text and trailing >= values_needed and _reason_at(cells, k, labels):
                row.append(cell)
                took_text, trailing = True, 0
                continue
            flush()
            took_text = False
        row.append(cell)
        trailing = trailing + 1 if value else 0
    flush()
    return rows


def split_form_row(row: GridRow) -> list[GridRow] | None:
    """A row holding a header run and, after it, more cells (a form flattened into one row):
    the cells before the run, the run, and the rest cut into rows by value patterns. None when
    the row is no such row. A later header run opens a table of its own, its rows cut by its
    header: a department's funds block (`年初预算数 全年预算数 … 得分`) and then its indicators
    (`一级指标 二级指标 三级指标 …`) flattened onto one line are two tables."""
    cells = row.cells
    at = next((k for k in range(len(cells)) if header_run(cells, k)), None)
    if at is None:
        return None
    run = header_run(cells, at)
    if not any(cell.text for cell in cells[at + run :]):
        return None
    rows = [GridRow(cells[:at], span_of(cells[:at]))] if at else []
    following: int | None = at
    while following is not None:
        header = cells[following : following + run]
        rows.append(GridRow(header, span_of(header)))
        start = following + run
        following = next((k for k in range(start + 1, len(cells)) if header_run(cells, k)), None)
        body = cells[start : len(cells) if following is None else following]
        rows.extend(rows_by_pattern(body, [cell_role(c.text) for c in header]))
        run = header_run(cells, following) if following is not None else 0
    return rows


def split_form_rows(rows: Sequence[GridRow]) -> list[GridRow]:
    """Every row, form rows split (`split_form_row`)."""
    out: list[GridRow] = []
    for row in rows:
        out.extend(split_form_row(row) or [row])
    return out
