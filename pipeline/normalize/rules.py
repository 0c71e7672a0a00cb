"""Character-level rewrites: widths, comparators, LaTeX, markdown and docx artefacts.

Each rule reads the current text and yields sorted, non-overlapping `Edit`s; it never touches the
offset map (see `offsets.py`). Rules run in the order of `pipeline.normalize.RULES`, so a later
rule sees the output of an earlier one: `＞＝` first becomes `>=` (widths), then `≥` (comparators).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.normalize.offsets import Edit

# Full-width punctuation that means something in Chinese text and that extractors match on, so it
# stays full-width: brackets of （1）, the colon of 指标1：, clause and list separators, and the
# sentence enders that the line-join rule reads. Everything else in U+FF01..U+FF5E becomes ASCII.
KEPT_FULLWIDTH = frozenset("（），：；！？")
_FULLWIDTH_SHIFT = 0xFEE0  # U+FF01..U+FF5E are U+0021..U+007E shifted by this
# Spaces that are not ASCII spaces: ideographic (U+3000), no-break (U+00A0), narrow no-break.
_ODD_SPACES = "\u3000\u00a0\u202f"
# The characters `to_halfwidth` changes: the kept ones are left out of the class, so the search
# skips them (Chinese prose is full of ，and （）) instead of matching each to leave it.
_WIDE_OR_SPACE = re.compile(
    "["
    + "".join(re.escape(chr(c)) for c in range(0xFF01, 0xFF5F) if chr(c) not in KEPT_FULLWIDTH)
    + _ODD_SPACES
    + "]"
)

COMPARATOR_VARIANTS: dict[str, str] = {
    ">=": "≥", "=>": "≥", "≧": "≥",
    "<=": "≤", "=<": "≤", "≦": "≤",
    "═": "=",
}  # fmt: skip
LATEX_COMMANDS: dict[str, str] = {
    "geq": "≥", "ge": "≥", "leq": "≤", "le": "≤", "gt": ">", "lt": "<", "neq": "≠", "ne": "≠",
}  # fmt: skip

# Zero-width space/joiners, BOM and soft hyphen: invisible, but they split words for a regex.
_INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLES}]")
_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
_COMPARATOR = re.compile("|".join(map(re.escape, COMPARATOR_VARIANTS)))
_COMPARATOR_MARKS = "=≧≦═"  # a character every variant holds
# A command with the horizontal spaces around it, so that `人数 \geq 8` reads `人数≥8`.
_LATEX_COMMAND = re.compile(r"( *)\\(" + "|".join(LATEX_COMMANDS) + r")(?![A-Za-z])( *)")
_LATEX_PERCENT = re.compile(r"\\%")
# `$…$` around a short formula: numbers, comparators, `%` and LaTeX commands only, with at least
# one command or `%`. A letter outside a command or a CJK character is not a formula, so
# `US$5 and US$6` is kept, and so is `$5 - $3` (no command, no `%`: plain dollar amounts).
_LATEX_MATH = re.compile(r"\$(?=[^$\n]*[\\%])((?: *(?:\\[A-Za-z]+|\\%|[0-9.,%<>=≥≤+\-]))+ *)\$")
# Emphasis content neither starts nor ends with a space, `*` or `_`, so a fill-in blank
# `填报人：________` is not taken for `__…__`.
_EMPHASIS = re.compile(r"(\*\*|__)(?=[^\s*_])([^\n]*?[^\s*_])\1")
_HEADING = re.compile(r"^ *(#{1,6} +)", re.MULTILINE)
# `1，234` (a full-width comma between a digit and exactly three digits) is a thousands separator.
# The comma comes first so the search skips to each comma (a lookbehind first tries every position).
_THOUSANDS_COMMA = re.compile(r"，(?<=\d，)(?=\d{3}(?!\d))")


def remove_invisible_chars(text: str) -> Iterator[Edit]:
    """Delete zero-width characters, byte-order marks and soft hyphens: `执行\u200b率` → `执行率`.
    A text holding none (most) is told by one `in` per character, not a class tried everywhere."""
    if not any(char in text for char in _INVISIBLES):
        return
    for match in _INVISIBLE.finditer(text):
        yield Edit(match.start(), match.end(), "")


def remove_bookmarks(text: str) -> Iterator[Edit]:
    """Delete docx bookmark artefacts: `[bookmark: _GoBack]标题` → `标题`."""
    for match in _BOOKMARK.finditer(text):
        yield Edit(match.start(), match.end(), "")


def to_halfwidth(text: str) -> Iterator[Edit]:
    """Full-width ASCII (U+FF01..FF5E) → ASCII, odd spaces → space, except `KEPT_FULLWIDTH`.

    `１２．５％` → `12.5%`, `＞` → `>`, `Ａ` → `A`; `（１）` → `（1）` (the brackets stay).
    """
    for match in _WIDE_OR_SPACE.finditer(text):
        char = match.group()
        if char in _ODD_SPACES:
            yield Edit(match.start(), match.end(), " ")
        elif char not in KEPT_FULLWIDTH:
            yield Edit(match.start(), match.end(), chr(ord(char) - _FULLWIDTH_SHIFT))


def unify_thousands_comma(text: str) -> Iterator[Edit]:
    """`1，234` → `1,234`: keep the separator, in ASCII, so numbers parse like `1,234` does.

    Removing it would also merge lists such as `指标1，234项` less visibly; a kept `,` is honest.
    """
    for match in _THOUSANDS_COMMA.finditer(text):
        yield Edit(match.start(), match.end(), ",")


def unwrap_latex_math(text: str) -> Iterator[Edit]:
    """Delete the `$` delimiters of a short formula: `$\\geq 80\\%$` → `\\geq 80\\%`."""
    for match in _LATEX_MATH.finditer(text):
        yield Edit(match.start(), match.start() + 1, "")
        yield Edit(match.end() - 1, match.end(), "")


def latex_to_symbols(text: str) -> Iterator[Edit]:
    """`\\geq`, `\\ge` → `≥`, `\\leq`, `\\le` → `≤`, `\\gt`/`\\lt`/`\\neq`, `\\%` → `%`.

    The spaces around a comparator command are deleted (they are PDF-converter padding):
    `覆盖率 \\geq 80%` → `覆盖率≥80%`. `\\left` or `\\geqslant` are not comparators and stay.
    """
    if "\\" not in text:  # both patterns start at a backslash; most reports have none
        return
    edits = [_latex_command_edits(match) for match in _LATEX_COMMAND.finditer(text)]
    edits += [[Edit(match.start(), match.end(), "%")] for match in _LATEX_PERCENT.finditer(text)]
    for group in sorted(edits):
        yield from group


def _latex_command_edits(match: re.Match[str]) -> list[Edit]:
    spaces_before, command, spaces_after = match.span(1), match.span(2), match.span(3)
    edits = [Edit(command[0] - 1, command[1], LATEX_COMMANDS[match.group(2)])]
    if spaces_before[0] < spaces_before[1]:
        edits.insert(0, Edit(*spaces_before, ""))
    if spaces_after[0] < spaces_after[1]:
        edits.append(Edit(*spaces_after, ""))
    return edits


def unify_comparators(text: str) -> Iterator[Edit]:
    """`>=`, `=>`, `≧` → `≥`; `<=`, `=<`, `≦` → `≤`; `═` → `=` (box-drawing line from OCR).
    The `>` that closes an HTML tag and the `<` that opens one are no comparators: a cell
    `<td>=100%</td>` keeps its `=` and its tags (`_in_tag`). Every variant holds one of
    `_COMPARATOR_MARKS`: a text with none (most) is told by an `in` each, not a regex search."""
    if not any(mark in text for mark in _COMPARATOR_MARKS):
        return
    for match in _COMPARATOR.finditer(text):
        if not _in_tag(text, match):
            yield Edit(match.start(), match.end(), COMPARATOR_VARIANTS[match.group()])


_TAG_OPEN_BEFORE = re.compile(r"</?[A-Za-z][^<>\n]*$")  # `<td class="c"` before a `>`
_TAG_AFTER = re.compile(r"/?[A-Za-z][^<>\n]*>")  # `/td>` after a `<`
_TAG_REACH = 200  # characters back to look for the `<` of a tag whose `>` is at hand


def _in_tag(text: str, match: re.Match[str]) -> bool:
    """Whether the `>` of a matched `>=` closes an HTML tag (`<td>=`) or the `<` of `=<` opens
    one (`=</td>`). (A `<=` is always a comparator: a tag never starts `<=`, so `<td><=5%` is ≤.)"""
    found, start, end = match.group(), match.start(), match.end()
    if found == ">=":
        return _TAG_OPEN_BEFORE.search(text, max(0, start - _TAG_REACH), start) is not None
    return found == "=<" and _TAG_AFTER.match(text, end) is not None


def remove_markdown(text: str) -> Iterator[Edit]:
    """Delete `**`/`__` emphasis markers paired on one line and `#` heading markers at line start.

    `1. **数量指标：**单位` → `1. 数量指标：单位`; `## 一、概况` → `一、概况`. An unpaired `**`
    stays, because without its partner it is not markup we can vouch for.
    """
    edits: list[Edit] = []
    if "#" in text:  # each pattern needs its marker: most reports have neither
        edits += [Edit(match.start(1), match.end(1), "") for match in _HEADING.finditer(text)]
    if "**" in text or "__" in text:
        for match in _EMPHASIS.finditer(text):
            edits.append(Edit(match.start(1), match.end(1), ""))
            edits.append(Edit(match.end(2), match.end(), ""))
    return iter(sorted(edits))
