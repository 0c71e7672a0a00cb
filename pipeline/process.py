"""One report, end to end: read → normalise → layout → extract (backend) → validate.

`extract_file` is what every command (`extract`, `ingest`, `eval`) calls per report. It raises a
`PipelineError` subclass naming the file and the stage on failure; callers that process many
files catch it per file so one bad report never stops a batch.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.core.config import Config
from pipeline.core.document import Document, Span
from pipeline.core.errors import ExtractError
from pipeline.core.models import ReportExtraction
from pipeline.core.schema import validate_report
from pipeline.extract.rules.extractor import extract_rules
from pipeline.ingest import ReadOptions, read_document
from pipeline.layout import Layout, recover_layout
from pipeline.normalize import NormalizedText, normalize
from pipeline.trust import apply_trust

if TYPE_CHECKING:
    from pipeline.extract.llm_backend import ChunkSession


def extract_hybrid(
    doc: Document,
    norm: NormalizedText,
    config: Config,
    session: ChunkSession | None = None,
    layout: Layout | None = None,
) -> ReportExtraction:
    """`--backend hybrid`: both backends over one document, merged (raw: `apply_trust` comes next)."""
    from pipeline.extract.llm_backend import extract_llm
    from pipeline.trust.hybrid import merge_results

    rules = extract_rules(doc, norm, layout)
    llm = extract_llm(doc, norm, config, session, layout)
    return merge_results(rules, llm, doc)


def extract_document(doc: Document, config: Config) -> ReportExtraction:
    """Run the configured backend over one document, ground and check it, and validate it."""
    norm = normalize(doc.text)
    tables = tuple(Span(*norm.from_source(t.start, t.end)) for t in doc.tables)
    layout = recover_layout(norm.text, tables=tables)  # the structure, once, for every backend
    if config.backend == "rules":
        result = extract_rules(doc, norm, layout)
    elif config.backend == "llm":
        # The LLM backends are imported on first use: a rules run (and each of its worker
        # processes) never loads them, nor the response models and asyncio they bring.
        from pipeline.extract.llm_backend import extract_llm

        result = extract_llm(doc, norm, config, layout=layout)
    elif config.backend == "hybrid":
        result = extract_hybrid(doc, norm, config, layout=layout)
    else:
        raise ExtractError(f"unknown backend {config.backend!r}", doc.path)
    # Grounding, domain checks and per-field confidence, once, on every backend's raw output.
    result = apply_trust(result, doc, config, norm)
    validate_report(result.to_json_dict(), doc.path)
    return result


def extract_file(path: str | Path, config: Config) -> ReportExtraction:
    """Read `path` under the configured size limit and conversion cache, then `extract_document`."""
    return extract_document(read_document(path, ReadOptions.from_config(config)), config)


def trusted_rules(report: Path, config: Config) -> dict[str, Any]:
    """The rules backend's result for one report, grounded, checked and scored, as JSON (what
    `pipeline review --calibrate` compares with a fixture)."""
    return extract_file(report, replace(config, backend="rules")).to_json_dict()
