"""Cutting a normalised report into chunks an LLM can read, and choosing which ones to send.

Policy, in the order it applies:

1. The structure is the layout's (`pipeline.layout.recover_layout`): its tables (any
   linearisation the layout recognises; grids that follow each other are one table), and its
   prose, where a line that starts with a heading marker — `一、` (level 1), `（一）` (2),
   `1.` / `1、` (3), `（1）` (4) — opens a section; headings nest by level into the section path,
   e.g. `二、打击欺诈骗取医疗保障基金专项行动经费 > （一）基本情况`.
2. A table is a chunk of its own (kind "table"). A table longer than `max_chars` is split between
   rows, never inside one; every later piece starts with the latest header row seen above it
   (`一级指标 二级指标 三级指标 …`), repeated, and with the merged cells its first row leaves empty:
   a 一级指标 printed once for a group of rows (`过程` in the group's first row) is repeated from
   the row that prints it, up to that cell, so the piece still says which group its rows are in.
   A row is a grid row of the layout. One row longer than `max_chars` stays whole in an
   oversized chunk.
3. Prose is packed paragraph by paragraph into chunks of at most `max_chars`; a level-1 heading
   always starts a new chunk (so no chunk spans two 项目 of a multi-project report), a heading line
   that would end a chunk moves to the next one with the section it opens (`1.项目决策（分值18分）`
   stays above `（1）决策依据`), and one paragraph longer than `max_chars` is cut at sentence ends
   (。；！？ or a line break).
4. A chunk's section path is the one in force where it starts: its first paragraph's (or, for a
   piece of a long paragraph, that paragraph's). So the headings above its first line are known
   even when the chunk runs on into the next subsection, whose heading is then in its text.

Offsets: `Chunk.norm_start/norm_end` index the normalised text, `Chunk.start/end` index
`Document.text` (half-open both), and cover the chunk's own rows or paragraphs. A split table
piece's text is its repeated rows (header, merged cells) and then its own rows, joined by line
breaks (blank lines for cell-per-line tables), so it is not one slice of the normalised text;
`Chunk.parts` records where each part came from and `Chunk.norm_span` maps an offset range of
`Chunk.text` back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from pipeline.domain.headings import heading_level
from pipeline.layout import GridRow, Layout, recover_layout
from pipeline.layout.outline import heading_label

if TYPE_CHECKING:  # annotations only: chunking reads `.text` and calls `.to_source(start, end)`
    from pipeline.normalize import NormalizedText

ChunkKind = Literal["table", "prose"]
Span = tuple[int, int]  # half-open offsets into the normalised text

_SENTENCE_END = "。；;！？!?\n"
_BLANK = " \u3000\r"  # what a blank line may hold (CRLF text keeps its \r)


@dataclass(frozen=True)
class ChunkPart:
    """`Chunk.text[offset : offset + (end - start)]` is `normalised_text[start:end]`."""

    offset: int
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """One piece of a report sent (or not) to the model; see the module docstring for offsets."""

    index: int
    kind: ChunkKind
    text: str
    section_path: tuple[str, ...]
    norm_start: int
    norm_end: int
    start: int
    end: int
    parts: tuple[ChunkPart, ...]

    @property
    def section(self) -> str | None:
        return " > ".join(self.section_path) or None

    @property
    def top_section(self) -> str | None:
        """The level-1 heading above the chunk (`二、打击欺诈…经费`), if the path starts with one."""
        if self.section_path and heading_level(self.section_path[0]) == 1:
            return self.section_path[0]
        return None

    def norm_span(self, start: int, end: int) -> tuple[int, int] | None:
        """The normalised-text span of `self.text[start:end]`; None when it crosses two parts
        (a repeated header and the rows below it are not adjacent in the text)."""
        for part in self.parts:
            length = part.end - part.start
            if part.offset <= start and end <= part.offset + length:
                return part.start + start - part.offset, part.start + end - part.offset
        return None


@dataclass(frozen=True)
class _Block:
    """A paragraph (prose) or a whole table, with the section path in force where it starts."""

    kind: ChunkKind
    start: int
    end: int
    path: tuple[str, ...]
    level: int | None = None  # heading level when a prose block opens with a heading
    rows: tuple[GridRow, ...] = ()
    headers: frozenset[int] = frozenset()  # indexes into `rows` of the layout's header rows


def _blocks(text: str, layout: Layout) -> list[_Block]:
    """Paragraphs and tables in text order, each with the section path where it starts.

    The layout's blocks, regrouped the way a reader takes them in: a heading or list-item line
    and the lines right under it (no blank line between) are one paragraph; grids that follow
    each other with only whitespace between (a form stacking two tables) are one table.
    """
    blocks: list[_Block] = []
    stack: list[tuple[int, str]] = []
    for block in layout.blocks:
        previous = blocks[-1] if blocks else None
        joined = previous is not None and not text[previous.end : block.span.start].strip(_BLANK + "\n")
        if block.grid is not None:
            rows = block.grid.rows
            if previous is not None and previous.kind == "table" and joined:
                offset = len(previous.rows)
                headers = previous.headers | {offset + h for h in block.grid.header_rows}
                blocks[-1] = replace(previous, end=block.span.end, rows=previous.rows + rows, headers=headers)
            else:
                path = tuple(label for _, label in stack)
                blocks.append(
                    _Block(
                        "table",
                        block.span.start,
                        block.span.end,
                        path,
                        None,
                        rows,
                        frozenset(block.grid.header_rows),
                    )
                )
            continue
        if block.kind in ("heading", "list_item") and block.level is not None:
            line = text[block.span.start : block.span.end]
            stack[:] = [(lv, lb) for lv, lb in stack if lv < block.level] + [
                (block.level, heading_label(line))
            ]
            blocks.append(
                _Block("prose", block.span.start, block.span.end, tuple(lb for _, lb in stack), block.level)
            )
        elif (
            previous is not None
            and previous.kind == "prose"
            and previous.level is not None
            and _adjacent(text, previous, block.span.start)
        ):
            blocks[-1] = replace(previous, end=block.span.end)
        else:
            blocks.append(_Block("prose", block.span.start, block.span.end, tuple(lb for _, lb in stack)))
    return blocks


def _adjacent(text: str, block: _Block, start: int) -> bool:
    """Whether `start` is on the line right after `block` (no blank line between)."""
    return text[block.end : start].count("\n") == 1 and not text[block.end : start].strip(_BLANK + "\n")


def _common_path(paths: list[tuple[str, ...]]) -> tuple[str, ...]:
    first = paths[0]
    size = len(first)
    for other in paths[1:]:
        size = min(size, len(other))
        while size and other[:size] != first[:size]:
            size -= 1
    return first[:size]


def _cut_long(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """Spans of at most `max_chars` covering [start, end), cut after the last sentence end that
    fits (a hard cut only when a sentence is longer than `max_chars`)."""
    while end - start > max_chars:
        window = text[start : start + max_chars]
        cut = max(window.rfind(mark) for mark in _SENTENCE_END) + 1
        cut = cut if cut > 0 else max_chars
        yield start, start + cut
        start += cut
        while start < end and text[start] in " \u3000\n":
            start += 1
    if start < end:
        yield start, end


@dataclass(frozen=True)
class _Piece:
    """A chunk before it is numbered: kind, path and the normalised spans its text is made of."""

    kind: ChunkKind
    path: tuple[str, ...]
    spans: tuple[Span, ...]


def _prose_pieces(text: str, blocks: list[_Block], max_chars: int) -> Iterator[_Piece]:
    """Paragraphs packed up to `max_chars`; a level-1 heading always opens a new piece, and the
    heading lines that would end a piece move to the next one, with the section they open."""
    group: list[_Block] = []
    for block in [*blocks, None]:
        if group and (block is None or block.level == 1 or block.end - group[0].start > max_chars):
            carried: list[_Block] = []
            while block is not None and group and _opens(text, group[-1], carried[0] if carried else block):
                carried.insert(0, group.pop())
            for span in _cut_long(text, group[0].start, group[-1].end, max_chars) if group else ():
                path = next(b.path for b in reversed(group) if b.start <= span[0])
                yield _Piece("prose", path, (span,))
            group = carried
        if block is not None:
            group.append(block)


def _opens(text: str, heading: _Block, after: _Block) -> bool:
    """Whether `heading` is a one-line heading over `after` (`1.项目决策` above `（1）决策依据` or
    above body text), not the last of a run of same-level list items."""
    if heading.level is None or "\n" in text[heading.start : heading.end].strip():
        return False
    return after.level is None or after.level > heading.level


def _span(row: GridRow) -> Span:
    return row.span.start, row.span.end


def _table_pieces(text: str, block: _Block, max_chars: int) -> Iterator[_Piece]:
    """Rows packed up to `max_chars`. A later piece repeats, above its rows, the latest header
    row (or the table's first row when that is a digit-free title and no header row was seen)
    and the merged cells its first row leaves empty (`_merged_cells`)."""
    rows = block.rows
    first = _span(rows[0])
    header = first if not any(c.isdigit() for c in text[first[0] : first[1]]) else None
    piece: list[Span] = []
    context: tuple[Span, ...] = ()
    for index, grid_row in enumerate([*rows, None]):
        row = None if grid_row is None else _span(grid_row)
        size = 0 if row is None or not piece else row[1] - piece[0][0] + sum(e - s + 1 for s, e in context)
        if piece and (row is None or size > max_chars):
            yield _Piece("table", block.path, (*context, (piece[0][0], piece[-1][1])))
            piece = []
        if row is None or grid_row is None:
            break
        is_header = index in block.headers
        if not piece:
            repeat = header if header is not None and not is_header and header[1] <= row[0] else None
            above = [r for r in rows[:index] if repeat is None or r.span.start >= repeat[1]]
            merged = () if is_header else _merged_cells(above, grid_row)
            context = ((repeat,) if repeat else ()) + merged
        if is_header:
            header = row
        piece.append(row)


def _merged_cells(above: list[GridRow], row: GridRow) -> tuple[Span, ...]:
    """What the leading empty cells of `row` stand for: a merged cell is printed once, in the
    first row of its group, so for each leading column `row` leaves empty this is the start of
    the latest row above that fills it, up to that cell (one span per row, in text order).

    Example (a self-evaluation table, one cell per line): a piece that starts at the row of
    `预算管理制度健全性`, whose 类别 cells are empty, repeats `分解目标` from the table's first row
    and the start of the row of `非税收入管理合规性` up to its `过程` cell.
    """
    empty = next((k for k, cell in enumerate(row.cells) if cell.text), 0)
    ends: dict[Span, int] = {}
    for column in range(empty):
        for earlier in reversed(above):
            if column < len(earlier.cells) and earlier.cells[column].text:
                key = _span(earlier)
                ends[key] = max(ends.get(key, 0), earlier.cells[column].span.end)
                break
    return tuple(sorted((start, end) for (start, _), end in ends.items()))


def _pieces(text: str, layout: Layout, max_chars: int) -> Iterator[_Piece]:
    prose: list[_Block] = []
    for block in _blocks(text, layout):
        if block.kind == "prose":
            prose.append(block)
            continue
        yield from _prose_pieces(text, prose, max_chars)
        prose = []
        yield from _table_pieces(text, block, max_chars)
    yield from _prose_pieces(text, prose, max_chars)


def _make_chunk(norm: NormalizedText, index: int, piece: _Piece) -> Chunk:
    """Repeated rows (header, merged cells), when there are any, come first. Parts are joined by a
    line break, or by a blank line when any is multi-line (cell-per-line rows end at blank lines)."""
    parts, offset, text = [], 0, ""
    joiner = "\n\n" if any("\n" in norm.text[start:end] for start, end in piece.spans) else "\n"
    for start, end in piece.spans:
        if text:
            text += joiner
            offset = len(text)
        parts.append(ChunkPart(offset, start, end))
        text += norm.text[start:end]
    body_start, body_end = piece.spans[-1]
    start, end = norm.to_source(body_start, body_end)
    return Chunk(index, piece.kind, text, piece.path, body_start, body_end, start, end, tuple(parts))


def split_chunks(norm: NormalizedText, max_chars: int = 3000, layout: Layout | None = None) -> list[Chunk]:
    """Every chunk of the report in text order (see the module docstring for the policy);
    `layout` is `recover_layout(norm.text)`, recovered here when the caller has none."""
    layout = recover_layout(norm.text) if layout is None else layout
    return [_make_chunk(norm, i, piece) for i, piece in enumerate(_pieces(norm.text, layout, max_chars))]


# --- Routing --------------------------------------------------------------------------------------
# pipeline.chunk sits below pipeline.extract in the layers, so it cannot import rules/vocab.py;
# these few patterns are the routing subset of that vocabulary.
_UNITS = (
    "%|％|万元|亿元|元|家次|人次|个|份|次|家|人|期|项|篇|条|件|天|小时|分钟|秒|户|名|平方米|亩|吨|所|场|例|分"
)
_QUANTITY = re.compile(r"\d(?:\.\d+)?\s*(?:" + _UNITS + ")")
_COMPARATOR = re.compile(r"(?:[≥≤≧≦＞＜>=<＝]|\\geq|\\leq|不低于|不少于|不超过|不高于)\s*\d")
_SIGNAL_WORDS = re.compile(
    "指标|满意度|覆盖率|完成率|合格率|及时率|知晓率|达标率|预算|执行|支出|结转|万元|分值|得分|满分|实得"
)
# A number that is not part of a date or a document number (2024年, 12月31日, 〔2025〕29号).
_PLAIN_NUMBER = re.compile(r"(?<![\d.〔])\d+(?:\.\d+)?(?![\d.]|\s*[年月日号〕])")
# The report's own facts: its title and year (in the first chunk), the unit's or project's name.
_TITLE = re.compile(r"报告|自评表|\d{4}\s*年")
_NAMED_UNIT = re.compile(r"(?:单位|部门|项目)名称\s*[:：]|项目单位\s*[:：]")


def has_signal(chunk: Chunk) -> bool:
    """Whether a chunk may hold an indicator, a budget figure or a scored item.

    Yes for a quantity (`98%`, `12期`, `19600 元`, `18分`) or a comparator before a number
    (`≥10`, `不低于90`); yes for indicator or budget words (指标, 满意度, 预算, 执行, 得分, …) in a table,
    or in prose next to a number that is not a date. Narrative without numbers is not sent.
    """
    text = chunk.text
    if _QUANTITY.search(text) or _COMPARATOR.search(text):
        return True
    if _SIGNAL_WORDS.search(text) is None:
        return False
    return chunk.kind == "table" or _PLAIN_NUMBER.search(text) is not None


def route(chunks: list[Chunk], send_all: bool = False) -> list[Chunk]:
    """The chunks worth a model call: those with a signal (`has_signal`), those that name the
    reporting unit or project (`部门名称：…`), and the first chunk when it holds a title or a year
    (`…2024年度…绩效自评报告`) — the report's title, agency and year are read there. A title-only
    or narrative chunk anywhere else is not sent. `send_all` keeps every chunk."""
    if send_all:
        return list(chunks)
    return [c for c in chunks if has_signal(c) or _names_report(c)]


def _names_report(chunk: Chunk) -> bool:
    return bool(_NAMED_UNIT.search(chunk.text)) or (chunk.index == 0 and bool(_TITLE.search(chunk.text)))


@dataclass(frozen=True)
class RouteSummary:
    chunks_sent: int
    chunks_total: int
    chars_sent: int
    chars_total: int


def summarize_route(chunks: list[Chunk], sent: list[Chunk], norm: NormalizedText) -> RouteSummary:
    """What routing kept against the whole: `chars_total` is the normalised text's length."""
    return RouteSummary(len(sent), len(chunks), sum(len(c.text) for c in sent), len(norm.text))
