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
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from pipeline.core.errors import IngestError
from pipeline.ingest.common import Content, join_lines, library_error, one_line, require_text
from pipeline.ingest.html_tables import grid_rows, is_layout_table
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
        soup = BeautifulSoup(markup, "lxml")
        lines = _Lines()
        _walk(soup, lines)
    except RecursionError:
        raise IngestError("HTML nested too deeply to read", path) from None
    except Exception as exc:  # bs4/lxml failures: report one line, not a traceback
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


def _walk(node: Tag, out: _Lines) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) in (NavigableString, CData):  # not comments, doctypes, declarations
                out.add_inline(str(child))
        elif isinstance(child, Tag) and not _is_hidden(child):
            _walk_element(child, out)


def _walk_element(element: Tag, out: _Lines) -> None:
    name = element.name
    if name == "br":
        out.end_line()
    elif name == "pre":
        for line in element.get_text().split("\n"):
            out.add_line(line.rstrip())
    elif name == "table" and not is_layout_table(element):
        lines = grid_rows(element, cell_text)
        captioned = element.find("caption", recursive=False) is not None
        if captioned:  # the caption is the first line, a title rather than a row
            out.add_line(lines[0])
        for row in lines[1:] if captioned else lines:
            out.add_row(row)
    elif name in _BLOCKS:
        out.end_line()
        _walk(element, out)
        out.end_line()
    else:
        _walk(element, out)


def _is_hidden(element: Tag) -> bool:
    if element.name in _DROPPED or element.has_attr("hidden"):
        return True
    style = element.get("style")
    return isinstance(style, str) and _HIDDEN_STYLE.search(style) is not None


def cell_text(cell: Tag) -> str:
    """A table cell's visible text on one line: its blocks (`<p>` per line) joined as wrapped
    lines (`common.one_line`: `<p>偏差原因分析</p><p>及改进措施</p>` → `偏差原因分析及改进措施`)."""
    lines = _Lines()
    _walk(cell, lines)
    lines.end_line()
    return one_line("\n".join(lines.lines))
