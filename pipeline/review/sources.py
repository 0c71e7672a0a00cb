"""The report text around a field's evidence, read back from the source file.

Results keep offsets into `Document.text`, not the text itself, so the review reads each source
again (`pipeline.ingest.read_document`) and checks its sha256 against the result's: a file that
changed since extraction gives no context rather than a wrong one. The file is looked up first at
the absolute path the run's manifest records (`located`), so a review started in another directory
than `ingest` still finds `../reports/a.txt`; then at the result's own `source.path`.

    >>> context("……培训班次≥10个，已开展12期……", (6, 10), width=4)
    Context(before='培训班次', match='≥10个', after='，已开展')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.core.errors import PipelineError
from pipeline.ingest import read_document

CONTEXT_CHARS = 120


@dataclass(frozen=True)
class Context:
    before: str
    match: str
    after: str


def context(text: str, span: tuple[int, int], width: int = CONTEXT_CHARS) -> Context:
    start, end = max(0, min(span[0], len(text))), max(0, min(span[1], len(text)))
    return Context(text[max(0, start - width) : start], text[start:end], text[end : end + width])


class SourceTexts:
    """Document texts by result file stem, read once; `problems` says why a text is missing.

    `keep` bounds how many texts stay in memory (the oldest read goes first), for a long review
    session over a large run; None keeps them all. `located`: result stem → the absolute source
    path the manifest records (`pipeline.export.load.source_paths_by_result`).
    """

    def __init__(self, keep: int | None = None, located: Mapping[str, str] | None = None) -> None:
        self._texts: dict[str, str | None] = {}
        self.problems: dict[str, str] = {}
        self.keep = keep
        self.located = located or {}

    def text(self, stem: str, result: dict[str, Any]) -> str | None:
        if stem not in self._texts:
            if self.keep is not None and len(self._texts) >= self.keep:
                del self._texts[next(iter(self._texts))]
            self._texts[stem] = self._read(stem, result.get("source") or {})
        return self._texts[stem]

    def _read(self, stem: str, source: dict[str, Any]) -> str | None:
        path = source.get("path")
        if not path:
            self.problems[stem] = "the result names no source file"
            return None
        recorded = self.located.get(stem)
        if recorded and Path(recorded).exists():
            path = recorded
        try:
            doc = read_document(path)
        except PipelineError as exc:
            self.problems[stem] = f"source not readable: {exc}"
            return None
        if source.get("sha256") and doc.sha256 != source["sha256"]:
            self.problems[stem] = f"{path} changed since it was extracted; no context shown"
            return None
        return doc.text

    def around(self, stem: str, result: dict[str, Any], span: tuple[int, int] | None) -> Context | None:
        text = self.text(stem, result)
        return None if text is None or span is None else context(text, span)
