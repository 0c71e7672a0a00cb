"""Normalise a report's text for the extractors, keeping an exact map back to the source.

`normalize(doc.text)` returns a `NormalizedText`: `.text` is what extractors match on, and
`.to_source(start, end)` turns a span found in it into the span of `Document.text` that produced
it, so every extracted value still points at what the report says.

The rules, in the order they run (each is a small function in `rules.py` or `lines.py`):

1. `unify_line_breaks`       `\\r\\n`, `\\r`, form feed, U+2028 … → `\\n`
2. `remove_invisible_chars`  zero-width characters, BOM, soft hyphen → deleted
3. `remove_bookmarks`        `[bookmark: _GoBack]` and every docx `[bookmark: …]` → deleted
4. `to_halfwidth`            `１２．５％` → `12.5%`, `＞` → `>`, ideographic/no-break space → space;
                             （），：；！？ stay full-width (extractors match on them)
   `drop_inserted_pinyin`    `養(yǎng)護` → `養護` (a mirror site's reading aids, `mirror.py`)
   `to_simplified_script`    `計劃安排資金` → `计划安排资金`, only in a text printed in traditional script
5. `unify_thousands_comma`   `1，234` → `1,234`
6. `unwrap_latex_math`       `$\\geq 80\\%$` → `\\geq 80\\%` (short formulas only)
7. `latex_to_symbols`        `人数 \\geq 8` → `人数≥8`, `\\le` → `≤`, `\\%` → `%`
8. `unify_comparators`       `>=` `=>` `≧` → `≥`, `<=` `=<` `≦` → `≤`, `═` → `=`
9. `remove_markdown`         `**数量指标：**` → `数量指标：`, `## 标题` → `标题`
10. `strip_line_edge_spaces` indentation and trailing spaces (never tabs)
    `remove_page_furniture`  page numbers with the running heads beside them (`pages.py`)
11. `remove_page_numbers`    a `- 2 -` / `第 2 页` / `2` line between blank lines
12. `join_broken_lines`      `文\\n\\n件精神` → `文件精神` when a page break split a sentence
13. `collapse_cjk_spaces`    `2020 年度` → `2020年度`, `绩 效 指 标` → `绩效指标`

Left alone on purpose: `NaN%` (extractors decide what it means), tabs and the line structure of
tables, and the full-width （），：；！？ that Chinese text relies on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.normalize.lines import (
    collapse_cjk_spaces,
    join_broken_lines,
    remove_page_numbers,
    strip_line_edge_spaces,
    unify_line_breaks,
)
from pipeline.normalize.mirror import drop_inserted_pinyin, to_simplified_script
from pipeline.normalize.offsets import Edit, NormalizedText, OffsetMapBuilder
from pipeline.normalize.pages import remove_page_furniture
from pipeline.normalize.rules import (
    latex_to_symbols,
    remove_bookmarks,
    remove_invisible_chars,
    remove_markdown,
    to_halfwidth,
    unify_comparators,
    unify_thousands_comma,
    unwrap_latex_math,
)
from pipeline.normalize.wrap import join_wrapped_lines

Rule = Callable[[str], Iterable[Edit]]

RULES: tuple[Rule, ...] = (
    unify_line_breaks,
    remove_invisible_chars,
    remove_bookmarks,
    to_halfwidth,
    drop_inserted_pinyin,
    to_simplified_script,
    unify_thousands_comma,
    unwrap_latex_math,
    latex_to_symbols,
    unify_comparators,
    remove_markdown,
    strip_line_edge_spaces,
    remove_page_furniture,
    remove_page_numbers,
    join_wrapped_lines,
    join_broken_lines,
    collapse_cjk_spaces,
)


def normalize(text: str) -> NormalizedText:
    """Apply `RULES` in order; each rewrites the text and the offset map in one linear pass."""
    builder = OffsetMapBuilder(text)
    for rule in RULES:
        builder.apply(rule(builder.text), rule.__name__)
    return builder.build()


__all__ = ["RULES", "Edit", "NormalizedText", "normalize"]
