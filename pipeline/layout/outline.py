"""The prose side of a layout: headings, paragraphs, numbered list items, sections, sentences.

- A line that opens with a heading marker (`一、` `（一）` `1.` `（1）`, `domain.headings`) is a
  *heading* when it is short (at most `HEADING_LENGTH` characters after the marker, and no 。 before
  its end), else a *list item* of that level (`1、完成培训12期，覆盖率达98%。`).
- A *paragraph* is a run of other prose lines up to a blank line, a heading, a list item or a table.
- A *section* runs from a heading to the next heading of the same or an outer level; list items
  do not open sections.
- *Sentences* are the pieces of paragraphs and list items ended by 。！？；!? or a line end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from pipeline.core.document import Span
from pipeline.domain.headings import CN_NUMERALS, heading_marker, strip_markup
from pipeline.layout.lines import Line
from pipeline.layout.types import Block, BlockKind, Section

HEADING_LENGTH = 40
LABEL_LENGTH = 40
_LABEL_END = re.compile(r"[。；;：:]")
_SENTENCE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


def heading_label(line: str) -> str:
    """`（一）项目基本情况：立项情况…` → `（一）项目基本情况` (cut at 。；： and at 40 characters)."""
    text = strip_markup(line).strip().removesuffix("**").strip()
    match = _LABEL_END.search(text)
    return (text[: match.start()] if match else text)[:LABEL_LENGTH].rstrip()


def line_kind(line: str) -> tuple[BlockKind, int | None]:
    """('heading', level), ('list_item', level) or ('paragraph', None) for one prose line."""
    kind, level, _ = _kind_and_title(line)
    return kind, level


# What a line with a heading marker opens with: a marker's first character (a Chinese numeral, a
# bracket, a digit: `domain.headings.HEADING_STYLES`) or markup `strip_markup` drops before it. Most
# prose lines open with none: they are told paragraphs without the marker's search.
_MARKER_OPENERS = frozenset(CN_NUMERALS + "（(" + "*# \u3000\t")


def _kind_and_title(line: str) -> tuple[BlockKind, int | None, str]:
    """`line_kind` and the title after the marker (`heading_title`; '' for a paragraph)."""
    first = line[:1]
    if first not in _MARKER_OPENERS and not first.isdecimal():
        return "paragraph", None, ""
    marker = heading_marker(line)
    if marker is None:
        return "paragraph", None, ""
    level, title = marker
    if len(title) <= HEADING_LENGTH and "。" not in title.rstrip("。"):
        return "heading", level, title
    return "list_item", level, title


class OutlineBuilder:
    """Prose lines fed in text order (tables in between end paragraphs) → blocks and sections."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocks: list[Block] = []
        self.sections: list[Section] = []
        self._open: list[int] = []  # indexes of the sections in force, outermost first
        self._paragraph: list[Line] = []

    @property
    def current(self) -> int | None:
        return self._open[-1] if self._open else None

    def end_paragraph(self) -> None:
        if self._paragraph:
            span = Span(self._paragraph[0].start, self._paragraph[-1].end)
            self.blocks.append(Block("paragraph", span, self.current))
            self._paragraph = []

    def prose(self, line: Line) -> None:
        if line.blank:
            self.end_paragraph()
            return
        kind, level, title = _kind_and_title(line.text)
        if kind == "paragraph":
            self._paragraph.append(line)
            return
        self.end_paragraph()
        span = Span(line.start, line.end)
        if kind == "heading" and level is not None:
            self._open_section(level, line, span, title)
        self.blocks.append(Block(kind, span, self.current, level=level))

    def _open_section(self, level: int, line: Line, span: Span, title: str) -> None:
        """`title`: the line's `heading_title`."""
        while self._open and self.sections[self._open[-1]].level >= level:
            self._close(self._open.pop(), line.start)
        parent = self.current
        title = title.removesuffix("**").strip()
        self.sections.append(Section(level, title, heading_label(line.text), span, span, parent))
        self._open.append(len(self.sections) - 1)

    def _close(self, index: int, end: int) -> None:
        old = self.sections[index]
        end = max(end, old.heading.end)
        while end > old.heading.end and self.text[end - 1] in "\n \u3000\r":
            end -= 1
        self.sections[index] = Section(
            old.level, old.title, old.label, old.heading, Span(old.heading.start, end), old.parent
        )

    def table(self, block: Block) -> None:
        self.end_paragraph()
        self.blocks.append(block)

    def finish(self) -> tuple[list[Block], list[Section]]:
        self.end_paragraph()
        while self._open:
            self._close(self._open.pop(), len(self.text))
        return self.blocks, self.sections


def sentences(text: str, blocks: Sequence[Block]) -> Iterator[Span]:
    """The sentences of the paragraphs and list items, in text order."""
    for block in blocks:
        if block.kind not in ("paragraph", "list_item"):
            continue
        for match in _SENTENCE.finditer(text, block.span.start, block.span.end):
            start, end = match.start(), match.end()
            while start < end and text[start] in " \u3000\r":
                start += 1
            if start < end:
                yield Span(start, end)
