"""One report, end to end: read → normalise → layout → extract (backend) → validate.

`extract_file` is what every command (`extract`, `ingest`, `eval`) calls per report. It raises a
`PipelineError` subclass naming the file and the stage on failure; callers that process many
files catch it per file so one bad report never stops a batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from pipeline.core import regex_cache
from pipeline.core.config import Config
from pipeline.core.document import Document, Span
from pipeline.core.errors import ExtractError
from pipeline.core.handoff import Spool
from pipeline.core.models import Indicator, ReportExtraction, validated_copy
from pipeline.core.result_json import WINDOW, IndicatorWindows, result_pieces, validate_result
from pipeline.core.schema import is_valid
from pipeline.extract.rules.extractor import extract_rules
from pipeline.ingest import ReadOptions, read_document
from pipeline.layout import Layout, recover_layout
from pipeline.normalize import NormalizedText, normalize
from pipeline.trust import apply_trust, trust_made
from pipeline.trust.apply import Handed, TrustRun

if TYPE_CHECKING:
    from pipeline.extract.llm_backend import ChunkSession
    from pipeline.llm.types import ChunkRequest


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
    return merge_results(rules, llm, doc, norm)


def _prepared(doc: Document) -> tuple[NormalizedText, Layout]:
    """The normalised text and its layout: the structure, once, for every backend."""
    norm = normalize(doc.text)
    return norm, _layout(doc, norm)


def _layout(doc: Document, norm: NormalizedText) -> Layout:
    tables = tuple(Span(*norm.from_source(t.start, t.end)) for t in doc.tables)
    return recover_layout(norm.text, tables=tables)


def extract_document(doc: Document, config: Config, session: ChunkSession | None = None) -> ReportExtraction:
    """Run the configured backend over one document, ground and check it, and validate it
    (`session`: the LLM session to ask through; default: the process's shared one)."""
    if config.backend == "rules":
        result = _trusted_rules(doc, config)
        validate_output(result, doc.path)
        return result
    norm, layout = _prepared(doc)
    if config.backend == "llm":
        # The LLM backends are imported on first use: a rules run (and each of its worker
        # processes) never loads them, nor the response models and asyncio they bring.
        from pipeline.extract.llm_backend import extract_llm

        result = extract_llm(doc, norm, config, session, layout=layout)
    elif config.backend == "hybrid":
        result = extract_hybrid(doc, norm, config, session, layout=layout)
    else:
        raise ExtractError(f"unknown backend {config.backend!r}", doc.path)
    # The layout's lines and cells are not read after extraction: freed before grounding, whose
    # copies of the records are a report's peak (a 10,000-row table: ~1.5 KB of cells per row).
    del layout
    # Grounding, domain checks and per-field confidence, once, on every backend's raw output.
    result = apply_trust(result, doc, config, norm)
    validate_output(result, doc.path)
    return result


def _trusted_rules(doc: Document, config: Config) -> ReportExtraction:
    """The rules backend's result, grounded, checked and scored: what `apply_trust(extract_rules(
    doc, norm, layout), …)` returns, but no stage's objects held past the point where the next
    stage has read them. Only the rules hold the layout (given as how to make it), and they let it
    go before they make the records; only trust holds the rules' result (`trust_made`), and lets
    each record go once its trusted copy is made. A dense table of 10,000 rows: the layout's
    ~1.5 KB per row no longer under the records, nor the extractor's ~2.4 KB per row under trust's.
    Worked example: for any document, the result equals the one the other backends' flow makes
    from `extract_rules(doc, *_prepared(doc))`, byte for byte as JSON."""
    norm = normalize(doc.text)
    return trust_made(lambda: extract_rules(doc, norm, lambda: _layout(doc, norm)), doc, config, norm)


# What `apply_trust` builds through the models' validating constructors: empty lists stand in for
# them when the rest of the document is checked against the schema.
_BUILT_BY_TRUST = ("projects", "budget_lines", "flags", "review")
_EMPTY_HERE = frozenset(_BUILT_BY_TRUST)
# One report in this many is also checked whole against the schema (`validate_output`).
WHOLE_CHECK_EVERY = 16


def validate_output(result: ReportExtraction, path: str | None = None) -> None:
    """Raise `SchemaError` when `result`, as `apply_trust` returned it, breaks report.schema.json.

    The records `apply_trust` built (its lists of projects and their indicators, budget lines,
    flags and review items) were validated by their models, which enforce the schema's
    constraints on them (`tests/test_models.py`, `tests/test_process.py`): the compiled validator
    checks the rest — source, report, extractor, errors, usage, a few hundred bytes — rather than
    the whole document (~0.03 ms per sample report; the whole document's dump and check took
    ~0.6 ms). A violation found there is reported as the whole document's check reports it:
    every violation, in jsonschema's words (`validate_result`).

    One report in `WHOLE_CHECK_EVERY`, chosen by its file's hash (so a rerun checks the same
    ones), is also checked whole, records included: the models and the schema are two
    statements of one contract, and a drift between them shows on real outputs, not only in
    tests. Worked example: a report whose sha256 starts `a0…` (a0 = 160, 160 % 16 == 0) is
    checked whole; one starting `a1…` has only its rest checked.
    """
    if _checked_whole(result):
        validate_result(result, path)  # the whole holds the rest: it is not checked twice
        return
    rest = result.model_dump(mode="json", exclude=set(_BUILT_BY_TRUST))
    if not is_valid(rest | {key: [] for key in _BUILT_BY_TRUST}, empty=_EMPTY_HERE):
        validate_result(result, path)


def _checked_whole(result: ReportExtraction) -> bool:
    """Whether `result` is one of the reports checked whole: by the first two hex digits of its
    file's sha256 (a source not named by a hash is always checked whole)."""
    try:
        return int(result.source.sha256[:2], 16) % WHOLE_CHECK_EVERY == 0
    except ValueError:
        return True


class Restart(Exception):
    """A streamed result could not be written as it was made (a record the models reject, or a
    window of records the schema rejects): make it again whole (`extract_file`), whose fallback
    gives the outcome the whole flow gives (the result, or `SchemaError` naming every violation)."""


class StreamedRules:
    """The rules backend's result for the report at `path`, made record by record as its file is
    written: what `write_result(target, extract_file(path, config))` writes, byte for byte, but
    a big report's records never all alive.

    Reading, the rules and the report-level checks run here: the rules hand each project's
    indicators on as they make them (`IndicatorSink`), each judged, tallied for the checks and
    put in a spool (`Spool`: in memory up to `WINDOW` per project, past that pickled one by one
    to an unnamed file in `spool_dir`). `pieces()` then trusts and writes: a report whose spools
    stayed in memory is trusted whole and written as `result_pieces` writes it (one dump up to
    `WINDOW` records); a bigger one is trusted a record at a time, each indicator read back,
    grounded, scored, written and let go before the next (`TrustRun.pieces`). A dense table of
    10,000 rows holds, past the rules, ~0.2 KB per row (the checks' names and sums, the spool's
    offsets) instead of its records (~2.2 KB per row).

    `result` is the trusted result once `pieces()` is done (a streamed one's projects without
    their indicators; `indicators` counts them). Raises `Restart` from `pieces()` (see there).
    """

    def __init__(self, path: str | Path, config: Config, spool_dir: Path) -> None:
        doc = read_document(path, ReadOptions.from_config(config))
        norm = normalize(doc.text)
        handed = Handed()

        def hand_on(p: int, made: Iterator[Indicator]) -> int:
            return handed.take(p, made, Spool(WINDOW, spool_dir))

        try:
            handed.result = extract_rules(doc, norm, lambda: _layout(doc, norm), hand_on)
            self.indicators = sum(len(spool) for spool in handed.spools)
            streamed = any(spool.spilled for spool in handed.spools)
            whole = streamed and _checked_whole(handed.result)
            self._windows = IndicatorWindows(handed.result) if whole else None
            seen = None if self._windows is None else self._windows.add
            self._run = TrustRun(handed, doc, norm, validated_copy, seen)
        except BaseException:
            handed.close()
            raise
        self._handed = handed
        self._path = doc.path
        self.result: ReportExtraction | None = None

    def pieces(self) -> Iterator[str]:
        """The result file's text (without its final newline), in pieces."""
        try:
            if not any(spool.spilled for spool in self._handed.spools):
                result = self._run.result()
                validate_output(result, self._path)
                self.result = result
                yield from result_pieces(result)
                return
            yield from self._run.pieces(self._done)
        except ValidationError as exc:
            raise Restart(self._path) from exc
        finally:
            self._handed.close()

    def _done(self, result: ReportExtraction) -> None:
        if self._windows is not None and not self._windows.valid():
            raise Restart(self._path)
        validate_output(result, self._path)  # the rest: what the records' models do not check
        self.result = result


def extract_file(path: str | Path, config: Config, session: ChunkSession | None = None) -> ReportExtraction:
    """Read `path` under the configured size limit and conversion cache, then `extract_document`."""
    return extract_document(read_document(path, ReadOptions.from_config(config)), config, session)


STREAMED_EXTRACTOR = extract_file
"""The extractor whose rules-backend result `StreamedRules` writes as it makes it (kept here as it
is defined: a caller given another function, a test double in its place included, runs that one)."""


def llm_requests(path: str | Path, config: Config) -> list[ChunkRequest]:
    """The requests the LLM backend would send for the report at `path` (read as `extract_file`
    reads it), in order: what a provider batch asks (`pipeline.batch.llm_batch`)."""
    from pipeline.extract.llm_backend import plan_requests

    doc = read_document(path, ReadOptions.from_config(config))
    norm, layout = _prepared(doc)
    return plan_requests(doc, norm, config, layout).requests


def trusted_rules(report: Path, config: Config) -> dict[str, Any]:
    """The rules backend's result for one report, grounded, checked and scored, as JSON (what
    `pipeline review --calibrate` compares with a fixture)."""
    return extract_file(report, replace(config, backend="rules")).to_json_dict()


# Every stage of the rules path is imported now, its patterns compiled: keep their opcodes for the
# next process (a file beside the bytecode, rewritten only when a pattern is new to it).
regex_cache.save()
