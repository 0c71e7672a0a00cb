"""Web pages (.html, .htm): the visible text, one block per line, tables as tab-separated rows.

Decoding: a byte-order mark wins, then the charset a `<meta>` tag (or an XHTML `<?xml encoding=…?>`
declaration) names in the first 4 KiB (GBK and GB2312 are read as their superset GB18030); if there
is none, or the bytes are not valid in it (pages often declare utf-8 and are GBK), the plain-text
detection of `pipeline.ingest.text` decides.

Extraction walks the parsed tree the way a browser lays it out, roughly:

- `<script>`, `<style>`, `<noscript>`, `<template>`, `<head>`, comments, and elements marked
  `hidden` or `style="display:none"` are dropped;
- runs of HTML whitespace collapse to one space (except inside `<pre>`); `<br>` and block elements
  (`p`, `div`, `li`, `h1`…) end the current line; empty lines are not kept;
- a data table becomes one line per row with its cells joined by tabs; `rowspan`/`colspan` repeat
  the cell in every grid position it covers, as if merged cells were split and filled;
- a table that holds another table, or has one cell per row, is page layout rather than data: its
  cells are read as ordinary blocks, so a data table nested inside still comes out as rows.

For example `<tr><td rowspan=2>产出指标</td><td>数量指标</td></tr><tr><td>质量指标</td></tr>`
reads `"产出指标\\t数量指标\\n产出指标\\t质量指标"`.

The page is read as lxml's HTML parser emits it (the events bs4 built its tree from, so the text
is the one bs4's tree gave), prose line by line as it arrives; only a table or a `<pre>` is kept
whole until its end (`html_tree.Element`). A 1 MB page of prose and tables adds ~6 MiB to the
reader's process where bs4's tree added ~25 MiB (and, held by reference cycles, stayed until the
garbage collector ran), in a quarter of the CPU time (`python -m bench.memory_files`).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from enum import Enum
from pathlib import Path

from lxml import etree

from pipeline.core.errors import IngestError
from pipeline.ingest.common import Content, join_lines, library_error, one_line, require_text
from pipeline.ingest.html_tables import grid_rows, is_layout_table
from pipeline.ingest.html_tree import NO_ATTRIBUTES, TEXTLESS, Element
from pipeline.ingest.text import decode_text

_DROPPED = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "svg"})
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "caption", "center", "dd", "details", "dialog"),
        *("div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "main", "nav", "ol", "p", "section", "summary", "ul"),
        *("table", "thead", "tbody", "tfoot", "tr", "td", "th"),
    }
)
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def read_html(path: Path, data: bytes) -> Content:
    markup, encoding = decode_html(data, path)
    try:
        lines = _parsed(markup)
    except RecursionError:
        raise IngestError("HTML nested too deeply to read", path) from None
    except Exception as exc:  # lxml failures: report one line, not a traceback
        raise library_error("HTML", exc, path) from exc
    text, tables = join_lines(lines.pieces())
    return require_text(Content(text=text, encoding=encoding, tables=tables), path)


def decode_html(data: bytes, path: Path) -> tuple[str, str]:
    """Decode by BOM, then the declared `<meta>` charset, then plain-text detection."""
    if data.startswith(_BOMS):
        return decode_text(data, path)
    declared = _declared_charset(data)
    if declared is not None:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the declaration lies; detect from the bytes instead
    return decode_text(data, path)


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED_CHARSET.search(data[:4096])
    if match is None:
        return None
    try:
        name = codecs.lookup((match.group(1) or match.group(2)).decode("ascii")).name
    except LookupError:
        return None
    return "gb18030" if name in {"gbk", "gb2312", "gb18030"} else name


class _Lines:
    """Collects inline text into the current line; block boundaries end it."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.rows: set[int] = set()  # indexes of the lines that are table rows
        self._inline: list[str] = []

    def add_inline(self, text: str) -> None:
        self._inline.append(text)

    def end_line(self) -> None:
        line = _HTML_SPACE.sub(" ", "".join(self._inline)).strip(" ")
        if line.strip():  # a line of only &nbsp; or full-width spaces shows nothing
            self.lines.append(line)
        self._inline.clear()

    def add_line(self, line: str) -> None:
        self.end_line()
        if line.strip():
            self.lines.append(line)

    def add_row(self, line: str) -> None:
        self.add_line(line)
        if line.strip():
            self.rows.add(len(self.lines) - 1)

    def text(self) -> str:
        self.end_line()
        return "\n".join(self.lines)

    def pieces(self) -> list[tuple[str, bool]]:
        self.end_line()
        return [(line, index in self.rows) for index, line in enumerate(self.lines)]


class _Kind(Enum):
    """What an element is to the reading (see the module docstring)."""

    HIDDEN = "hidden"  # not shown: skipped with everything in it
    BREAK = "break"  # <br>: ends the line
    WHOLE = "whole"  # a table or <pre>: read once its end is reached (`_read_whole`)
    BLOCK = "block"  # ends the line before and after its content
    INLINE = "inline"  # its content continues the line


def _kind(name: str, attrs: Mapping[str, str]) -> _Kind:
    if name in _DROPPED or "hidden" in attrs:
        return _Kind.HIDDEN
    style = attrs.get("style")
    if style is not None and _HIDDEN_STYLE.search(style) is not None:
        return _Kind.HIDDEN
    if name == "br":
        return _Kind.BREAK
    if name in ("pre", "table"):
        return _Kind.WHOLE
    return _Kind.BLOCK if name in _BLOCKS else _Kind.INLINE


class _PageReader:
    """An lxml parser target: turns the page into `_Lines` as it is parsed.

    Prose becomes lines as its events arrive and is not kept; a table or `<pre>` is kept as an
    `Element` tree until its end tag, then read whole (`_read_whole`) and dropped. So the reader
    holds the lines and at most the largest table, where a whole-page tree (bs4's) cost some 20
    bytes per byte of markup.
    """

    def __init__(self) -> None:
        self.lines = _Lines()
        self._open: list[_Kind] = []  # the kinds of the open elements read as a stream
        self._kept: list[Element] = []  # the open elements of a table or <pre> being kept
        self._hidden = 0  # depth inside a hidden element
        self._textless = 0  # depth inside elements whose strings are not text (`TEXTLESS`)

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        if tag in TEXTLESS:
            self._textless += 1
        if self._kept:
            element = Element(tag, dict(attrib) if attrib else NO_ATTRIBUTES)
            self._kept[-1].children.append(element)
            self._kept.append(element)
            return
        if self._hidden:
            self._hidden += 1
            return
        kind = _kind(tag, attrib)
        if kind is _Kind.BREAK:
            self.lines.end_line()
        if kind in (_Kind.HIDDEN, _Kind.BREAK):  # a <br>'s content, if any, is not read either
            self._hidden = 1
        elif kind is _Kind.WHOLE:
            self._kept.append(Element(tag, dict(attrib) if attrib else NO_ATTRIBUTES))
        else:
            if kind is _Kind.BLOCK:
                self.lines.end_line()
            self._open.append(kind)

    def end(self, tag: str) -> None:
        if tag in TEXTLESS:
            self._textless -= 1
        if self._kept:
            element = self._kept.pop()
            if not self._kept:
                _read_whole(element, self.lines)
        elif self._hidden:
            self._hidden -= 1
        elif self._open.pop() is _Kind.BLOCK:
            self.lines.end_line()

    def data(self, text: str) -> None:
        if self._textless:
            return
        if self._kept:
            self._kept[-1].children.append(text)
        elif not self._hidden:
            self.lines.add_inline(text)

    def close(self) -> _Lines:
        """The lines read (what `parser.close()` returns). The reader lets go of them: lxml holds
        its target in a reference cycle, which would keep them until Python's collector runs."""
        lines, self.lines = self.lines, _Lines()
        return lines


def _parsed(markup: str) -> _Lines:
    """The page's lines, parsed as bs4 parsed it with lxml: the text whole (a leading BOM
    dropped), then, if lxml refuses that, its UTF-8 bytes."""
    markup = markup.removeprefix("\ufeff")
    try:
        return _feed(markup, None)
    except (UnicodeDecodeError, LookupError, etree.ParserError):
        return _feed(markup.encode("utf-8"), "utf8")


def _feed(markup: str | bytes, encoding: str | None) -> _Lines:
    reader = _PageReader()
    parser = etree.HTMLParser(target=reader, recover=True, encoding=encoding)
    parser.feed(markup)
    lines: _Lines = parser.close()
    return lines


def _read_whole(element: Element, out: _Lines) -> None:
    """A `<pre>` line by line, a data table row by row, a layout table as blocks."""
    if element.name == "pre":
        for line in "".join(element.strings()).split("\n"):
            out.add_line(line.rstrip())
    elif not is_layout_table(element):
        lines = grid_rows(element, cell_text)
        captioned = bool(element.elements("caption"))
        if captioned:  # the caption is the first line, a title rather than a row
            out.add_line(lines[0])
        for row in lines[1:] if captioned else lines:
            out.add_row(row)
    else:
        out.end_line()
        _walk(element, out)
        out.end_line()


def _walk(node: Element, out: _Lines) -> None:
    """A kept element's content read as the stream reads a page (`_PageReader`)."""
    for child in node.children:
        if isinstance(child, str):
            out.add_inline(child)
            continue
        kind = _kind(child.name, child.attrs)
        if kind is _Kind.BREAK:
            out.end_line()
        elif kind is _Kind.WHOLE:
            _read_whole(child, out)
        elif kind is _Kind.BLOCK:
            out.end_line()
            _walk(child, out)
            out.end_line()
        elif kind is _Kind.INLINE:
            _walk(child, out)


def cell_text(cell: Element) -> str:
    """A table cell's visible text on one line: its blocks (`<p>` per line) joined as wrapped
    lines (`common.one_line`: `<p>偏差原因分析</p><p>及改进措施</p>` → `偏差原因分析及改进措施`)."""
    lines = _Lines()
    _walk(cell, lines)
    lines.end_line()
    return one_line("\n".join(lines.lines))
