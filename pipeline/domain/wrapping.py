"""Lines a page's width broke: where a wrapped line may end, and what joins it to the next.

A paragraph printed on a page is cut wherever the column ran out, inside words and figures. Two
readers put it back together: the PDF reader from the lines' geometry, and the normaliser from the
lines' widths in plain text. Both keep a break after a sentence's end and join the rest with
`wrap_glue`:

    >>> wrap_glue("率9", "8.5%"), wrap_glue("支出", "万元"), wrap_glue("Remote", "Care")
    ('', '', ' ')
"""

from __future__ import annotations

# A line that ends a sentence keeps its break even at the column's edge (a paragraph may end there).
SENTENCE_ENDS = frozenset("。！？…")


def wrap_glue(before: str, after: str) -> str:
    """What replaces the break between two lines of one paragraph: a space between two Latin
    letters (an English phrase wrapped at a space), nothing elsewhere (Chinese has no spaces,
    and a figure cut by the column is one figure)."""
    pair = before[-1:] + after[:1]
    return " " if pair.isascii() and pair.isalpha() else ""
