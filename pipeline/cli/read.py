"""`pipeline read FILE`: show the text the pipeline reads from one report.

Three views of the same file:

- default: the normalised text (what extraction sees);
- `--raw`: `Document.text`, exactly as read (what offsets in the output point into);
- `--json`: one object with the document's metadata, its segments (offsets in the raw text), the
  normalised text, and an `offsets` summary that shows where normalisation changed the text and
  how a normalised span maps back to the source.

`offsets` holds `shifted_chars` (normalised characters whose source position differs from their own
index), `changed_chars` and `changed_regions` (characters and maximal runs whose text differs from
the source they map to, deletions included), and the first `MAX_REGIONS` regions. Normalising
`"A：  B"` to `"A: B"` gives two regions:
`{"norm": [1, 2], "source": [1, 2], "before": "：", "after": ":"}` and
`{"norm": [3, 3], "source": [3, 4], "before": " ", "after": ""}` (one space dropped).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Protocol

import typer

from pipeline.cli.app import app, pipeline_errors
from pipeline.core.config import resolve_config
from pipeline.core.document import Document
from pipeline.ingest import ReadOptions, read_document

MAX_REGIONS = 20


class NormalizedText(Protocol):
    """What this command needs of `pipeline.normalize.normalize`'s result."""

    @property
    def text(self) -> str: ...

    @property
    def source(self) -> str: ...

    def to_source(self, start: int, end: int) -> tuple[int, int]: ...


@dataclass(slots=True)
class ChangedRegion:
    """Normalised `[norm_start, norm_end)` differs from the source `[source_start, source_end)` it maps to."""

    norm_start: int
    norm_end: int
    source_start: int
    source_end: int


@app.command("read")
@pipeline_errors
def read_command(
    file: Annotated[
        Path, typer.Argument(help="A report: .txt .md .docx .doc .wps .pdf .html .htm .xlsx .xls .et")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object with offsets.")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="The text as read, before normalisation.")] = False,
) -> None:
    """Print the normalised text of one report (--raw: as read; --json: with segments and offsets)."""
    if as_json and raw:
        raise typer.BadParameter("--json and --raw cannot be combined")
    # Imported here: its rule tables cost ~0.1 s of start-up, which `pipeline --help` need not pay.
    from pipeline.normalize import normalize

    document = read_document(file, ReadOptions.from_config(resolve_config({}, llm=False)))
    if raw:
        _echo_text(document.text)
        return
    normalized = normalize(document.text)
    if as_json:
        typer.echo(json.dumps(read_summary(document, normalized), ensure_ascii=False, indent=2))
    else:
        _echo_text(normalized.text)


def read_summary(document: Document, normalized: NormalizedText) -> dict[str, Any]:
    """The `--json` object for one document and its normalisation."""
    shifted, regions = changed_regions(normalized)
    return {
        "path": document.path,
        "sha256": document.sha256,
        "format": document.format,
        "encoding": document.encoding,
        "source_chars": len(document.text),
        "normalized_chars": len(normalized.text),
        "segments": [
            {"kind": s.kind, "name": s.name, "start": s.start, "end": s.end} for s in document.segments
        ],
        "offsets": {
            "shifted_chars": shifted,
            "changed_chars": sum(r.norm_end - r.norm_start for r in regions),
            "changed_regions": len(regions),
            "regions": [_region_json(r, normalized) for r in regions[:MAX_REGIONS]],
        },
        "text": normalized.text,
    }


def changed_regions(normalized: NormalizedText) -> tuple[int, list[ChangedRegion]]:
    """Count shifted characters and collect the regions where normalised and source text differ.

    Walks the normalised text once, mapping each character back with `to_source`: a character is
    changed when it maps to anything but the one identical source character; source characters
    that no normalised character maps to (deletions) form regions with an empty normalised side.
    """
    source, text = normalized.source, normalized.text
    regions: list[ChangedRegion] = []
    shifted = 0
    source_cursor = 0  # end of the source consumed so far
    for index, char in enumerate(text):
        start, end = normalized.to_source(index, index + 1)
        shifted += start != index
        if start > source_cursor:
            _add_region(regions, ChangedRegion(index, index, source_cursor, start))
        if end - start != 1 or source[start] != char:
            _add_region(regions, ChangedRegion(index, index + 1, start, end))
        source_cursor = max(source_cursor, end)
    if source_cursor < len(source):
        _add_region(regions, ChangedRegion(len(text), len(text), source_cursor, len(source)))
    return shifted, regions


def _add_region(regions: list[ChangedRegion], region: ChangedRegion) -> None:
    """Append `region`, merging it into the last one when the two touch on both sides."""
    last = regions[-1] if regions else None
    if last and last.norm_end == region.norm_start and last.source_end >= region.source_start:
        last.norm_end = region.norm_end
        last.source_start = min(last.source_start, region.source_start)
        last.source_end = max(last.source_end, region.source_end)
    else:
        regions.append(region)


def _region_json(region: ChangedRegion, normalized: NormalizedText) -> dict[str, Any]:
    return {
        "norm": [region.norm_start, region.norm_end],
        "source": [region.source_start, region.source_end],
        "before": normalized.source[region.source_start : region.source_end],
        "after": normalized.text[region.norm_start : region.norm_end],
    }


def _echo_text(text: str) -> None:
    typer.echo(text, nl=not text.endswith("\n"))
