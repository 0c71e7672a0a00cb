"""Which chunks go into one request, and how a packed answer is split back over its chunks.

Every request repeats the system prompt and (in tools / json_schema mode) the schema, so small
chunks of one report are packed together: consecutive routed chunks, in text order, while their
text stays within `llm_pack_chars` and their estimated answers within `ANSWER_TOKENS`. A long
answer is slow and may be cut off, so a table chunk longer than `TABLE_PIECE_CHARS` is first
split by rows (the chunker's own table split, header repeated): no answer then needs more than
~3,000 tokens.

The model names each item's chunk (`chunk`, from 1). An item without a valid number goes to the
chunk whose text holds its name quote, else to the first chunk of the pack.

Worked example (limit 6,000): prose chunks of 42, 794, 713, 1,737 and 373 characters (answers
estimated at 1,830 tokens) → one request of five blocks; a 2,277-character indicator table → two
pieces of at most 1,500 characters (~3,000 answer tokens each), one request each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from pipeline.chunk import Chunk, split_chunks
from pipeline.core.document import Document
from pipeline.layout import Layout
from pipeline.llm.response import ChunkResponse
from pipeline.llm.types import ChunkRequest

if TYPE_CHECKING:
    from pipeline.normalize import NormalizedText

TABLE_TOKENS_PER_CHAR = 2.0
PROSE_TOKENS_PER_CHAR = 0.5
ANSWER_TOKENS = 3000  # the most one answer should need: well inside 4,096, fast to generate
TABLE_PIECE_CHARS = int(ANSWER_TOKENS / TABLE_TOKENS_PER_CHAR)


def split_big_tables(
    chunks: Sequence[Chunk], norm: NormalizedText, layout: Layout | None = None
) -> list[Chunk]:
    """`chunks` with each table longer than TABLE_PIECE_CHARS replaced by its row pieces.

    Pieces come from `split_chunks(norm, TABLE_PIECE_CHARS, layout)` (the header row repeated in
    each), taken where they fall inside the big table; indexes are renumbered in text order.
    `layout` must be the one `chunks` were cut from (a structured source's tables are in it)."""
    big = [c for c in chunks if c.kind == "table" and len(c.text) > TABLE_PIECE_CHARS]
    if not big:
        return list(chunks)
    small = [c for c in split_chunks(norm, TABLE_PIECE_CHARS, layout) if c.kind == "table"]
    result: list[Chunk] = []
    for chunk in chunks:
        pieces = [p for p in small if chunk.norm_start <= p.norm_start and p.norm_end <= chunk.norm_end]
        result += pieces if chunk in big and pieces else [chunk]
    return [_renumbered(chunk, index) for index, chunk in enumerate(result)]


def _renumbered(chunk: Chunk, index: int) -> Chunk:
    return replace(chunk, index=index)


def answer_tokens(chunk: Chunk) -> float:
    """A rough size of the answer a chunk needs: a table row is an indicator (~2 tokens per
    character of table), prose mostly narrative (~0.5)."""
    return len(chunk.text) * (TABLE_TOKENS_PER_CHAR if chunk.kind == "table" else PROSE_TOKENS_PER_CHAR)


def pack_chunks(chunks: Sequence[Chunk], limit: int) -> list[list[Chunk]]:
    """Consecutive chunks while their text stays ≤ `limit` characters and their answers ≤
    ANSWER_TOKENS (estimated); a chunk above either bound goes alone."""
    packs: list[list[Chunk]] = []
    chars = tokens = 0.0
    for chunk in chunks:
        size, answer = len(chunk.text), answer_tokens(chunk)
        if packs and chars + size <= limit and tokens + answer <= ANSWER_TOKENS:
            packs[-1].append(chunk)
            chars, tokens = chars + size, tokens + answer
        else:
            packs.append([chunk])
            chars, tokens = size, answer
    return packs


def pack_request(doc: Document, pack: Sequence[Chunk]) -> ChunkRequest:
    first, last = pack[0], pack[-1]
    packed = tuple((c.text, c.section) for c in pack) if len(pack) > 1 else ()
    return ChunkRequest(doc.path, first.index, first.text, first.start, last.end, first.section, packed)


def split_answer(pack: Sequence[Chunk], response: ChunkResponse) -> list[tuple[Chunk, ChunkResponse]]:
    """One (chunk, response) per chunk of `pack` that got any item, in pack order."""
    if len(pack) == 1:
        return [
            (
                pack[0],
                _response(
                    {
                        "indicators": list(response.indicators),
                        "budgets": list(response.budgets),
                        "budget_lines": list(response.budget_lines),
                        "report": list(response.reports),
                    }
                ),
            )
        ]
    groups: dict[int, dict[str, list[object]]] = {}
    for key in ("indicators", "budgets", "budget_lines"):
        for item in getattr(response, key):
            number = _chunk_of(pack, item.chunk, _name_quote(item))
            groups.setdefault(number, {}).setdefault(key, []).append(item)
    for report in response.reports:
        number = _chunk_of(pack, report.chunk, report.quotes.title or report.quotes.agency)
        groups.setdefault(number, {}).setdefault("report", []).append(report)
    return [(pack[number], _response(groups[number])) for number in sorted(groups)]


def _name_quote(item: object) -> str | None:
    quotes = getattr(item, "quotes", None)
    return getattr(quotes, "name", None) or getattr(quotes, "initial", None)


def _chunk_of(pack: Sequence[Chunk], number: int | None, quote: str | None) -> int:
    """0-based position in `pack`: the named chunk, else the one holding `quote`, else the first."""
    if number is not None and 1 <= number <= len(pack):
        return number - 1
    if quote:
        return next((i for i, c in enumerate(pack) if quote in c.text), 0)
    return 0


def _response(group: dict[str, list[object]]) -> ChunkResponse:
    """One chunk's answer; of several report objects for one chunk the first is kept."""
    report = (group.get("report") or [None])[0]
    return ChunkResponse.model_validate(
        {
            "indicators": group.get("indicators", []),
            "budgets": group.get("budgets", []),
            "budget_lines": group.get("budget_lines", []),
            "report": report,
        }
    )
