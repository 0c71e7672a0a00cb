"""The document's structure, recovered once, between normalisation and extraction.

`recover_layout(norm.text)` returns a `Layout`: blocks in text order (headings, paragraphs,
numbered list items, tables as `Grid`s), the section outline and the prose sentences, every
offset a `Span` into the normalised text. The chunker and the rules backend read this one
structure; nothing else detects tables. See `layout.types` for the records, `layout.grid` for
header roles, alignment and forward-filled levels, and `layout.recognisers` for the
linearisations a table is read back from.
"""

from pipeline.layout.recover import RECOGNISERS, recover_layout
from pipeline.layout.types import Block, Cell, Grid, GridRow, Layout, Section

__all__ = ["RECOGNISERS", "Block", "Cell", "Grid", "GridRow", "Layout", "Section", "recover_layout"]
