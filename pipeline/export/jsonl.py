"""`results.jsonl`: one corrected report per line, as compact UTF-8 JSON (Chinese not escaped)."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.core.paths import json_safe
from pipeline.export.load import LoadedReport
from pipeline.export.sink import TempFileSink

RESULTS_JSONL = "results.jsonl"


class JsonlSink(TempFileSink):
    def __init__(self, target: Path) -> None:
        super().__init__(target)
        self._file = self.temp.open("w", encoding="utf-8", newline="\n")

    def add(self, report: LoadedReport) -> None:
        doc = {**report.doc, "duplicates": list(report.duplicates)} if report.duplicates else report.doc
        line = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
        self._file.write(json_safe(line) + "\n")  # an undecodable file name stays exact, as \udcXX

    def close(self) -> None:
        self._file.close()
