"""What a rules unit finds before it becomes an `Indicator`: cells of the normalised text.

Each unit (table, numbered list, inline list, scored items, prose) returns `Candidate`s whose
fields are `Cell`s (text + span in the normalised text) so that the extractor can parse values
and map every span back to `Document.text` in one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.rules.layout import Cell


@dataclass(frozen=True)
class Candidate:
    name: Cell
    level1: Cell | None = None
    level2: Cell | None = None
    target: Cell | None = None
    actual: Cell | None = None
    weight: Cell | None = None
    score: Cell | None = None
    deviation: Cell | None = None
    source_kind: str = "table"
    confidence: float = 0.5
    table_start: int | None = None  # where the table (or list) it came from starts

    @property
    def start(self) -> int:
        return self.name.start
