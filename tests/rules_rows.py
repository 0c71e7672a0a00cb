"""How rules tests look at candidates: (level1, level2, name, target, actual) as written."""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.extract.rules.candidates import Candidate

Row = tuple[str | None, str | None, str, str | None, str | None]


def row_of(c: Candidate) -> Row:
    def text(cell: object) -> str | None:
        return getattr(cell, "text", None)

    return (text(c.level1), text(c.level2), c.name.text, text(c.target), text(c.actual))


def rows_of(candidates: Iterable[Candidate]) -> list[Row]:
    return [row_of(c) for c in candidates]
