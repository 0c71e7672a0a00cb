"""Indicator table rows: read one body row of a table by its header's column roles.

The layout (`pipeline.layout`) finds tables and names their columns; `grids.py` hands each body
row here with the header's roles (三级指标 → name, 年度指标值 → target …). A row is read in one of
two ways:

- aligned: the name sits in the header's name column, so every role is read by position;
- shifted (converters move cells left or right): the name is the first cell that reads like a
  name (not a value, not a level word), levels are the level words before it, and the non-empty
  cells after it take the header's value roles in order.

A target split over 指标性质 | 指标值 | 度量单位 cells (`≧ | 100 | %`) is joined into one, and
the 度量单位 column is the row's unit: a bare actual (`856` under 度量单位 `人次`) is in it too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from pipeline.domain.comparators import SYMBOL_OPS
from pipeline.domain.headers import DIRECTION_WORDS, header_role
from pipeline.domain.levels import is_level_word, squash
from pipeline.domain.numbers import has_number
from pipeline.domain.placeholders import is_placeholder
from pipeline.domain.quantity import looks_like_value, parse_plain_number, parse_target
from pipeline.domain.units import UNITS, is_unit
from pipeline.extract.rules.candidates import Candidate
from pipeline.extract.rules.cells import Cell, Row
from pipeline.extract.rules.levels import Levels, next_levels
from pipeline.extract.rules.paired_cell import split_values
from pipeline.extract.rules.vocab import (
    FORM_SIDE_LABEL,
    NON_INDICATOR_LABELS,
    QUALITATIVE_WORDS,
    TABLE_END_LABELS,
    TREND_ADVERBS,
    TREND_VERBS,
)

VALUE_ROLES = ("target", "actual", "weight", "score", "deviation")
# The columns a national form splits a target into besides its value: 指标性质 (≥ ≤ = 定性) and 度量单位
QUANTITY_ROLES = ("op", "unit")
QUALITATIVE_NATURE = "定性"  # the 指标性质 of a target in words
WORD_ROLES = ("direction", "criteria")  # columns of words among the values (指标方向, 评分标准)
_MAX_HEADER_CELL = 16  # a longer cell is a name that happens to hold a header word, not a header
_DESCRIPTION = 12  # characters: a longer cell without a figure explains, it does not measure
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_DIGIT = re.compile(r"\d")
# A trend in words (有效改善, 逐步提高): an adverb and a verb, a target or an actual; a name is a
# noun phrase and never one alone.
_TREND_CELL = re.compile("(?:" + "|".join(TREND_ADVERBS) + ")(?:" + "|".join(TREND_VERBS) + ")")
_VALUE_START = re.compile(r"(?:[≥≤><=≧≦═＞＜]|\d+(?:\.\d+)?%)")  # `≥98%(百分比)`: a value with a note
# 指标1:, (1), 1. — and an evaluation framework's item code (A101, B2) before the item's words
_NUMBERING_MARKS = re.compile(r"[\s:：.、]")  # what a numbering's label is written with besides its number
_NUMBERING = re.compile(
    r"^(?:指标\s*\d+\s*[:：.、]?|[（(]\d+[)）]|\d+[.、:：)）]|[A-H]\d{1,4}(?=\s*[\u4e00-\u9fff]))\s*"
)


@dataclass(frozen=True)
class Header:
    width: int  # columns
    start: int  # where the table starts
    roles: dict[int, str]  # column index → role

    @cached_property
    def _first_columns(self) -> dict[str, int]:
        """Each role's first column: `column` is asked several times per row."""
        first: dict[str, int] = {}
        for i, role in self.roles.items():
            first.setdefault(role, i)
        return first

    def column(self, role: str) -> int | None:
        return self._first_columns.get(role)

    @cached_property
    def value_columns(self) -> tuple[tuple[int, str], ...]:
        """The columns of `VALUE_ROLES` as (index, role), in `roles`' order: every row asks."""
        return tuple((i, role) for i, role in self.roles.items() if role in VALUE_ROLES)

    @cached_property
    def scored_only(self) -> bool:
        """A form of points alone: no target and no actual column (`read_row`)."""
        return not {"target", "actual"} & set(self.roles.values())


def _strip_numbering(cell: Cell) -> tuple[Cell, str | None]:
    """'指标1: 培训班次' → ('培训班次', None); '指标1:' → ('', '指标1')."""
    match = _NUMBERING.match(cell.text)
    if not match:
        return cell, None
    rest = cell.text[match.end() :]
    label = _NUMBERING_MARKS.sub("", match.group(0))
    start = cell.start + match.end()
    return Cell(rest, start, start + len(rest)), label


def reads_as_name(text: str) -> bool:
    word = squash(text)
    if is_placeholder(word) or looks_like_value(word) or is_level_word(word) or _VALUE_START.match(word):
        return False
    if word in QUALITATIVE_WORDS or word in NON_INDICATOR_LABELS or _TREND_CELL.fullmatch(word):
        return False
    if len(word) <= _MAX_HEADER_CELL and header_role(word):
        return False
    return bool(_CJK_CHAR.search(word)) or bool(_NUMBERING.match(text))


def _aligned_cells(row: Row, header: Header) -> list[Cell | None]:
    cells: list[Cell | None] = list(row.cells)
    short = header.width - len(cells)
    if short > 0 and row.kind == "cells":
        cells = [*([None] * short), *cells]
    return cells


def _find_name(cells: list[Cell | None], header: Header, by_position: dict[str, Cell]) -> int | None:
    col = header.column("name")
    if col is not None and col < len(cells):
        cell = cells[col]
        if cell is not None and cell.text and reads_as_name(cell.text) and _fits(by_position):
            return col
    for i, cell in enumerate(cells):
        if cell is not None and cell.text and _NUMBERING.match(cell.text) and cell.text.startswith("指标"):
            return i
    for i, cell in enumerate(cells):
        if cell is None or not cell.text or _level_cell(cell, header.roles.get(i)) or _own_level(cells, i):
            continue
        if reads_as_name(cell.text) and not _levels_after(cells, i):
            return i
    return None


def _levels_after(cells: list[Cell | None], i: int) -> bool:
    """Whether a level word of the framework stands after cell `i`: a row states its levels
    before its name, so a cell before them is no name — a department form's task or a block's
    label, merged down the rows before the levels (`食品安全监管 | 产出指标 | 数量指标 | …`)."""
    return any(c is not None and c.text and is_level_word(c.text) for c in cells[i + 1 :])


def _level_cell(cell: Cell, role: str | None) -> bool:
    """A cell in a level column that holds a level: a category, or a form's own …指标 word.
    (A shifted row can put its name under a level column header.)"""
    return role == "category" or (role in ("level1", "level2") and squash(cell.text).endswith("指标"))


def _stated_levels(cells: list[Cell | None], name_at: int, header: Header) -> list[Cell]:
    stated = []
    for i in range(name_at):
        cell = cells[i]
        if cell is None or not cell.text:
            continue
        positional = header.roles.get(i) in ("level1", "level2", "category") and name_at == header.column(
            "name"
        )
        if positional or is_level_word(cell.text) or _own_level(cells, i):
            stated.append(cell)
    return stated


def _own_level(cells: list[Cell | None], i: int) -> bool:
    """A form's own 一级 word (效果指标, 项目完成指标): a …指标 cell right before a level word.
    Not the form's side label (`绩效指标 | 产出指标 | 数量指标 | …`: the block's merged left cell)."""
    cell, after = cells[i], cells[i + 1] if i + 1 < len(cells) else None
    return (
        cell is not None
        and squash(cell.text).endswith("指标")
        and squash(cell.text) != FORM_SIDE_LABEL
        and after is not None
        and is_level_word(after.text)
    )


def _split_target(cells: list[Cell | None], header: Header) -> bool:
    col = header.column("target")
    cell = cells[col] if col is not None and col < len(cells) else None
    return cell is not None and cell.text in SYMBOL_OPS


def _by_position(cells: list[Cell | None], header: Header) -> dict[str, Cell]:
    return {
        role: cell
        for i, role in header.value_columns
        if i < len(cells) and (cell := cells[i]) is not None and cell.text
    }


def _at(cells: list[Cell | None], header: Header, role: str) -> Cell | None:
    """The row's non-empty cell in the header's `role` column, or None."""
    col = header.column(role)
    cell = cells[col] if col is not None and col < len(cells) else None
    return cell if cell is not None and cell.text and not is_placeholder(cell.text) else None


def _with_quantity_cells(
    cells: list[Cell | None], header: Header, values: dict[str, Cell]
) -> dict[str, Cell]:
    """`values` read by position, the target joined with the row's 指标性质 and 度量单位 cells
    where the form prints them apart (`≥ | 800 | 人次` → `≥800人次`, spanning the three cells); a
    target that writes its unit itself takes the 性质 only (`≥ | 95% | %` → `≥95%`), and a 定性
    性质 leaves the word target as it is (`定性 | 年底前完成 |`)."""
    target, op, unit = values.get("target"), _at(cells, header, "op"), _at(cells, header, "unit")
    if target is None or not has_number(target.text) or target.text.startswith(tuple(SYMBOL_OPS)):
        return values
    # a 计量单位 printed before the 指标值 cannot join the target's text (`column_unit` reads it)
    unit = unit if parse_plain_number(target.text) is not None and unit and unit.start > target.end else None
    parts = [p for p in (op if op and op.text in SYMBOL_OPS else None, target, unit) if p is not None]
    joined = Cell("".join(p.text for p in parts), parts[0].start, parts[-1].end)
    return {**values, "target": joined}


def column_unit(cells: list[Cell | None], header: Header, target: Cell | None) -> str | None:
    """The unit of a 计量单位 column printed before the 指标值 column, for a target written
    without one: `万平方米 | ≥86` is ≥ 86 万平方米. The unit cell must be a unit (a word there
    is no unit), and a target writing its own unit (`≥95%`) keeps it. None otherwise.

    >>> header = Header(4, 0, {0: "name", 1: "unit", 2: "target", 3: "actual"})
    >>> row = [Cell("绿地面积", 0, 4), Cell("万平方米", 5, 9), Cell("≥86", 10, 13), Cell("88", 14, 16)]
    >>> column_unit(row, header, row[2]), column_unit(row, header, Cell("≥86亩", 10, 14))
    ('万平方米', None)
    """
    unit_at, target_at = header.column("unit"), header.column("target")
    if unit_at is None or target_at is None or unit_at > target_at or target is None:
        return None
    written = parse_target(target.text)
    unit = _at(cells, header, "unit")
    if written.value is None or written.unit is not None or unit is None:
        return None
    return unit.text.strip() if is_unit(unit.text) else None


def _values(
    cells: list[Cell | None], name_at: int, header: Header, by_position: dict[str, Cell]
) -> dict[str, Cell]:
    """The row's values by role; `by_position`: its cells read by position (`_by_position`)."""
    if name_at == header.column("name") and not _split_target(cells, header) and _fits(by_position):
        return _with_quantity_cells(cells, header, by_position)
    roles = [r for _, r in sorted(header.roles.items()) if r in VALUE_ROLES]
    stated = [c for c in cells[name_at + 1 :] if c is not None and c.text]
    by_columns = _by_columns_after_name(stated, header)
    if by_columns is not None:
        return by_columns
    found = _without_direction(join_split_quantities(stated))
    if header.column("op") is not None:
        found = _without_qualitative_nature(found)
    if found and len(found) > len(roles) and _explains(found):
        found = found[1:]  # an explanation of the indicator printed beside its name, not a value
    return _typed_zip(roles, found)


def _by_columns_after_name(stated: list[Cell], header: Header) -> dict[str, Cell] | None:
    """A shifted row of a form with word columns among its values (指标方向, 评分标准, 指标解释),
    read by the header's columns after the name where it states a cell for each of them: values
    in order would take a word column's text (`处理后排放是否达标`) for the actual. None otherwise."""
    name = header.column("name")
    if name is None or not any(r in WORD_ROLES for r in header.roles.values()):
        return None
    after = [header.roles.get(c) for c in range(name + 1, header.width)]
    if len(stated) != len(after):
        return None
    return {role: cell for role, cell in zip(after, stated, strict=True) if role in VALUE_ROLES}


def _without_direction(found: list[Cell]) -> list[Cell]:
    """The row's cells less its direction (`正向`, `反向`): a form that prints the direction under
    指标性质 rather than 指标方向 has it among the values read in order, where it would take the
    target's place (`正向 | ≥2.5万亩 | 2.62万亩` → target 正向, actual ≥2.5万亩)."""
    return [c for c in found if c.text not in DIRECTION_WORDS]


def _without_qualitative_nature(found: list[Cell]) -> list[Cell]:
    """The row's cells less a 指标性质 cell `定性` before the word target it qualifies: in a form
    with a 指标性质 column, 定性 is the target's kind, not the target."""
    return [
        c
        for i, c in enumerate(found)
        if not (c.text == QUALITATIVE_NATURE and i + 1 < len(found) and not has_number(found[i + 1].text))
    ]


def _scored(values: dict[str, Cell]) -> bool:
    """A scored item's row: its 分值 and its 得分 are both plain numbers."""
    return all(r in values and parse_plain_number(values[r].text) is not None for r in ("weight", "score"))


def _fits(values: dict[str, Cell]) -> bool:
    """Whether cells read by position fit their columns: 分值/得分 hold plain numbers."""
    return all(parse_plain_number(values[r].text) is not None for r in ("weight", "score") if r in values)


def _explains(found: list[Cell]) -> bool:
    """Whether the first cell after the name explains it (指标解释) rather than states a value:
    a sentence-long cell without a figure, or a figure-less text right before a cell that opens
    with a comparator (the comparator opens the target, so the text before it is not one)."""
    first = found[0].text
    if _is_description(first):
        return True
    opens_target = len(found) > 1 and _VALUE_START.match(squash(found[1].text)) is not None
    return (
        opens_target
        and squash(first) not in QUALITATIVE_WORDS
        and reads_as_name(first)
        and not _DIGIT.search(first)
    )


def _is_description(text: str) -> bool:
    """A sentence-long cell without a figure: the indicator's explanation (指标解释)."""
    return len(squash(text)) > _DESCRIPTION and not _DIGIT.search(text)


def _typed_zip(roles: list[str], cells: list[Cell]) -> dict[str, Cell]:
    """The cells in order, each to the next role that fits it: 分值 and 得分 take plain numbers
    only, so a target printed where the header put 分值 goes on to the target column; plain
    numbers left over then fill the 分值/得分 columns passed by, in order."""
    out: dict[str, Cell] = {}
    queue = list(cells)
    passed: list[str] = []
    for role in roles:
        if not queue:
            break
        if role in ("weight", "score") and parse_plain_number(queue[0].text) is None:
            passed.append(role)
            continue
        out[role] = queue.pop(0)
    numbers = [c for c in queue if parse_plain_number(c.text) is not None]
    for role in passed:
        if numbers and role not in out:
            out[role] = numbers.pop(0)
    return out


def join_split_quantities(cells: list[Cell]) -> list[Cell]:
    """Forms that split a target into 指标性质 | 指标值 | 度量单位 (`≧ | 100 | %`) → one cell."""
    out: list[Cell] = []
    i = 0
    while i < len(cells):
        cell = cells[i]
        if cell.text in SYMBOL_OPS and i + 1 < len(cells) and looks_like_value(cells[i + 1].text):
            parts = [cell, cells[i + 1]]
            if i + 2 < len(cells) and cells[i + 2].text in UNITS:
                parts.append(cells[i + 2])
            out.append(Cell("".join(p.text for p in parts), parts[0].start, parts[-1].end))
            i += len(parts)
            continue
        out.append(cell)
        i += 1
    return out


def read_row(
    row: Row, header: Header, levels: Levels, table_start: int | None = None
) -> tuple[Candidate | None, Levels]:
    """One data row → an indicator candidate (or None for placeholders) and the levels in force;
    `table_start`: where the row's table starts, the candidate's `table_start`."""
    cells = _aligned_cells(row, header)
    by_position = _by_position(cells, header)  # read once: the name's test and the values use it
    name_at = _find_name(cells, header, by_position)
    if name_at is None:
        stated = [c for c in cells if c is not None and c.text and is_level_word(c.text)]
        return None, next_levels(levels, stated)
    levels = next_levels(levels, _stated_levels(cells, name_at, header))
    name_cell = cells[name_at]
    assert name_cell is not None
    name, label = _strip_numbering(name_cell)
    values = {
        r: v for r, v in _values(cells, name_at, header, by_position).items() if not is_placeholder(v.text)
    }
    values = split_values(values)
    if any(v.text == name_cell.text for v in values.values()):
        return None, levels  # a label repeated across merged cells (项目名称 | 项目名称), not a value
    if not values.get("target") and not values.get("actual") and not (header.scored_only and _scored(values)):
        return None, levels
    confidence = 0.9 if name_at == header.column("name") else 0.75
    if not name.text:
        name, confidence = Cell(label or name_cell.text, name_cell.start, name_cell.end), 0.3
    deviation = values.get("deviation")
    if deviation is not None and is_placeholder(squash(deviation.text)):
        deviation = None
    target = values.get("target")
    unit = parse_target(target.text).unit if target and header.column("unit") is not None else None
    candidate = Candidate(
        name=name,
        level1=levels.level1,
        level2=levels.level2,
        target=values.get("target"),
        actual=values.get("actual"),
        weight=values.get("weight"),
        score=values.get("score"),
        deviation=deviation,
        source_kind="table",
        confidence=confidence,
        table_start=table_start,
        unit=unit,
        target_unit=column_unit(cells, header, target) if name_at == header.column("name") else None,
    )
    return candidate, levels


def is_title_row(texts: list[str]) -> bool:
    """A row that is one merged cell (a form's title or year line repeated across its columns),
    or a total row (总分 | 100 | 96): the indicator table is over. `texts`: the row's non-empty
    cells' texts, read once by the caller (a grid row's cell slices its text on every read)."""
    merged = len(texts) >= 2 and len(set(texts)) == 1
    return merged or (bool(texts) and squash(texts[0]).startswith(TABLE_END_LABELS))
