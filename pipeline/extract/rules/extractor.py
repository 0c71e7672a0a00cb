"""The rules backend: one report in, one `ReportExtraction` out, deterministic, no network.

    report fields ─┐
    sections ──────┼─ projects (one per 项目 section, else one) ─┬─ indicators (units → merge)
    budget rules ──┘                                             └─ budget, self-score
    budget tables ── budget_lines (else an allocation table that adds up to the budget)

Figures in a section on a sample of the fund's projects (`sections.sample_sections`) are not the
project's budget. Everything is read from the normalised text; every value keeps its span, mapped back to
`Document.text` as evidence in `assemble.py`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from functools import partial
from itertools import pairwise

import pipeline
from pipeline.core.document import Document, Span
from pipeline.core.handoff import drained
from pipeline.core.models import (
    Budget,
    BudgetLine,
    Evidence,
    ExtractorInfo,
    Flag,
    Indicator,
    Project,
    ReportExtraction,
    ReportInfo,
    Source,
    shared_fields,
    source_evidence,
    unvalidated,
)
from pipeline.core.schema import schema_hash
from pipeline.extract.rules.amounts import Found, shifted
from pipeline.extract.rules.assemble import SpanMapper, to_indicator
from pipeline.extract.rules.budget import BUDGET_FIGURES, BudgetFinding, find_budget, outside, this_years_rate
from pipeline.extract.rules.budget_allocation import find_allocation_lines
from pipeline.extract.rules.budget_table import BudgetLineFinding, find_budget_table
from pipeline.extract.rules.candidates import NOTE_MESSAGES, Candidate
from pipeline.extract.rules.cells import Cell
from pipeline.extract.rules.final_accounts import find_final_accounts_budget
from pipeline.extract.rules.fused_budget import find_fused_budget
from pipeline.extract.rules.fused_sources import SPLIT_BY_SUM_FLAG, find_fused_sources
from pipeline.extract.rules.indicators import find_candidates
from pipeline.extract.rules.labelled_rows import find_labelled_rows
from pipeline.extract.rules.memo import forget_texts
from pipeline.extract.rules.merge import merge_candidates
from pipeline.extract.rules.rate_points import with_rate_by_points
from pipeline.extract.rules.report_fields import (
    ReportFields,
    find_labelled_project_in,
    find_labelled_projects,
    find_project_name,
)
from pipeline.extract.rules.sections import Section, find_sections, project_sections, sample_sections
from pipeline.extract.rules.self_score import find_self_score
from pipeline.extract.rules.sheet_fields import sheet_report_fields
from pipeline.layout import Layout, recover_layout
from pipeline.normalize import NormalizedText

BACKEND = "rules"
_BUDGET_FIELDS = BUDGET_FIGURES
_LINE_FIELDS = ("initial", "adjustment", "adjusted", "spent", "execution_rate")
_LINE_GIVEN = shared_fields(("name", *_LINE_FIELDS, "evidence"))  # what `BudgetLine(...)` was given
_FIGURE_TYPES = (int, float, type(None))
_REPORT_FIELDS = ("title", "report_kind", "fiscal_year", "agency", "province", "city", "county")
# Title words around a project's name: its year (or years: 2021-2024年) and the report words.
_TITLE_NOISE = re.compile(
    r"(?:(?:\d{4}\s*[-—–~至]\s*)?\d{4}\s*年度?|项目支出绩效自评报告|支出绩效自评报告|绩效自评报告|自评报告"
    r"|项目绩效评价报告|绩效评价报告|项目支出|项目$)"
)


@dataclass(frozen=True)
class _Region:
    name: str
    name_span: Cell | None
    start: int
    end: int
    samples: tuple[tuple[int, int], ...] = ()  # sections on a sample of the fund's projects
    year: int | None = None  # the year evaluated: a budget sentence of another year is not its budget


_Notes = tuple[int, str, tuple[str, ...]]
"""An indicator's notes (`Candidate.notes`): its index in its project, its name, the notes."""


def _found_value(found: Found | None) -> object:
    return None if found is None else found.value


def _evidence(spans: SpanMapper, field: str, found: Found | None) -> list[Evidence]:
    """The evidence of `found`'s span (`SpanMapper.evidence`, read from its offsets alone: no
    cell is made for it), or none for a value read from no span."""
    if found is None or found.end <= found.start:
        return []
    return [source_evidence(field, *spans.norm.to_source(found.start, found.end))]


def _report_info(fields: ReportFields, spans: SpanMapper) -> ReportInfo:
    values = {name: _found_value(getattr(fields, name)) for name in _REPORT_FIELDS}
    evidence = [e for name in _REPORT_FIELDS for e in _evidence(spans, name, getattr(fields, name))]
    return ReportInfo(**values, evidence=tuple(evidence))  # type: ignore[arg-type]


def _single_project(text: str, info: ReportInfo) -> tuple[str, Cell | None]:
    """A department report's project is the department; a project report's is its 项目名称, or
    its title less the agency, year and report words ('某省医疗保障局2024年…补助资金项目支出
    绩效自评报告' → '…补助资金')."""
    if info.report_kind != "department":
        labelled = find_project_name(text)
        if labelled is not None:
            return str(labelled.value), Cell(str(labelled.value), labelled.start, labelled.end)
        if info.title:
            name = _TITLE_NOISE.sub("", info.title.replace(info.agency or "\0", "")).strip()
            if name.count("（") + name.count("(") != name.count("）") + name.count(")"):
                name = name.strip("（）()")
            if len(name) >= 4 and not name.startswith("财政支出"):
                return name, None
        fund = find_project_name(text, labelled=False)
        if fund is not None:
            return str(fund.value), Cell(str(fund.value), fund.start, fund.end)
    return info.agency or info.title or "未命名项目", None


def _regions(text: str, sections: list[Section], info: ReportInfo, starts: list[int]) -> list[_Region]:
    projects = project_sections(text, sections)
    samples = tuple((s.start, s.end) for s in sample_sections(text, sections))
    if not projects:
        forms = _form_regions(text, info, starts)
        if forms:
            return forms
        name, span = _single_project(text, info)
        return [_Region(name, span, 0, len(text), samples, info.fiscal_year)]
    return [_section_region(text, s, samples, info.fiscal_year) for s in projects]


def _form_regions(text: str, info: ReportInfo, starts: list[int]) -> list[_Region]:
    """The projects of a report that prints several projects' forms one after another with no
    heading of their own: each form labels its project (项目名称) and holds indicator rows below
    the label, before the next form's. A project's region runs from the line of its label to the
    line of the next; a label naming the project of the one before (a form continued) joins it.
    [] unless two projects or more are so found (a department's report is one project)."""
    if info.report_kind == "department":
        return []
    labels: list[Found] = []
    for label in find_labelled_projects(text):
        if not labels or label.value != labels[-1].value:
            labels.append(label)
    if len(labels) < 2:
        return []
    cuts = [text.rfind("\n", 0, label.start) + 1 for label in labels] + [len(text)]
    if any(bisect_left(starts, a) == bisect_left(starts, b) for a, b in pairwise(cuts)):
        return []  # a label with no indicator rows under it: no form of a project of its own
    return [
        _Region(str(label.value), Cell(str(label.value), label.start, label.end), a, b, (), info.fiscal_year)
        for label, (a, b) in zip(labels, pairwise(cuts), strict=True)
    ]


def _section_region(
    text: str, section: Section, samples: tuple[tuple[int, int], ...], year: int | None
) -> _Region:
    """A project section, named by its own form's 项目名称 where it prints one, else by its heading."""
    labelled = find_labelled_project_in(text, section.start, section.end)
    if labelled is None:
        return _Region(section.title.text, section.title, section.start, section.end, samples, year)
    name = str(labelled.value)
    return _Region(name, Cell(name, labelled.start, labelled.end), section.start, section.end, samples, year)


def _budget(finding: BudgetFinding | None, spans: SpanMapper) -> tuple[Budget, list[Evidence]]:
    if finding is None:
        return Budget(), []
    values = {f: _found_value(getattr(finding, f)) for f in _BUDGET_FIELDS}
    evidence = [e for f in _BUDGET_FIELDS for e in _evidence(spans, f"budget.{f}", getattr(finding, f))]
    return Budget(**values), evidence  # type: ignore[arg-type]


def _best_budget(text: str, region: _Region, table: BudgetFinding | None) -> BudgetFinding | None:
    # the figures a budget table leaves unstated are read from the sentences (usually the
    # carry-over alone: `find_budget` then reads no other)
    missing = [f for f in _BUDGET_FIELDS if table is None or getattr(table, f) is None]
    # a final accounts' budget sentence states one scope, where its sums mix others (final_accounts.py)
    sentences = find_final_accounts_budget(text, region.start, region.end) or outside(
        this_years_rate(
            text, find_budget(text, region.start, region.end, region.year, missing), region.end, region.year
        ),
        list(region.samples),
    )
    if table is None:
        return sentences
    merged = {f: getattr(table, f) or getattr(sentences, f) for f in _BUDGET_FIELDS}
    return BudgetFinding(**merged)


def _inside(candidates: list[Candidate], starts: list[int], region: _Region) -> list[Candidate]:
    """The candidates that start in `region`: a slice of `candidates` (in text order, `starts`
    their starts), not a scan of every candidate per region."""
    return candidates[bisect_left(starts, region.start) : bisect_left(starts, region.end)]


def _funds(
    text: str, region: _Region, spans: SpanMapper, table: BudgetFinding | None
) -> tuple[Budget, object, tuple[Evidence, ...]]:
    """The budget of `region`'s project, its self-score, and the project's evidence (its name's,
    then the budget's and the self-score's)."""
    budget, evidence = _budget(_best_budget(text, region, table), spans)
    score = find_self_score(text, region.start, region.end) or (table.self_score if table else None)
    evidence += _evidence(spans, "self_score", score)
    if region.name_span is not None:
        evidence.insert(0, spans.evidence("name", region.name_span))
    return budget, _found_value(score), tuple(evidence)


def _project(
    region: _Region,
    candidates: list[Candidate],
    spans: SpanMapper,
    funds: tuple[Budget, object, tuple[Evidence, ...]],
    hand_on: Callable[[Iterator[Indicator]], int] | None = None,
) -> tuple[Project, list[_Notes], int]:
    """The project of `region`, from its `candidates` (emptied: each is let go once its indicator
    is made, `drained`; a dense table's candidates are ~1 KB per row) and `_funds`, the notes of
    its indicators and how many it has. `hand_on`: takes the indicators as they are made (see
    `IndicatorSink`; the project then holds none)."""
    inside = merge_candidates(candidates)
    candidates.clear()
    notes = [(i, c.name.text, c.notes) for i, c in enumerate(inside) if c.notes]
    made = (to_indicator(c, spans) for c in drained(inside))
    indicators = tuple(made) if hand_on is None else ()
    count = len(indicators) if hand_on is None else hand_on(made)
    budget, score, evidence = funds
    project = Project(
        name=region.name,
        budget=budget,
        self_score=score,  # type: ignore[arg-type]
        indicators=indicators,
        evidence=evidence,
    )
    return project, notes, count


def _own_budget(layout: Layout, region: _Region) -> BudgetFinding | None:
    """A project section's own budget table (a multi-project report printing each project's
    自评表, its 项目资金 block included): the section's budget, where the report's first table is
    one project's only."""
    return find_budget_table(layout, region.start, region.end)[0]


def _own_fused_budget(text: str, region: _Region) -> BudgetFinding | None:
    """A project section's own budget table whose cells ran together (each project's 项目资金 block
    on a PDF's text layer with no separators), where its digits prove the split
    (`fused_budget`): read in the section alone, each project gets its own figures and 总分."""
    finding, _ = find_fused_budget(text[region.start : region.end])
    if finding is None:
        return None
    return BudgetFinding(**{f.name: shifted(getattr(finding, f.name), region.start) for f in fields(finding)})


def _allocation_lines(layout: Layout, budget: Budget) -> list[BudgetLineFinding]:
    """A report without a budget table may divide its fund in an allocation table: its rows
    are lines when they add up to the project's budget for the year (`budget_allocation`)."""
    total = budget.initial if budget.initial is not None else budget.adjusted
    return [] if total is None else find_allocation_lines(layout, total)


def _split_flags(sources: BudgetFinding | None, projects: list[Project]) -> list[Flag]:
    """A flag on each budget figure read from a fused funding-source row: the split is proved by
    the sum, but it is a reading of digits that ran together, for a reviewer to confirm."""
    if sources is None or not projects:
        return []
    fields = [f for f in _BUDGET_FIELDS if getattr(sources, f) is not None]
    message = "the figures of the funding-source row ran together and were split where the sources add up"
    return [Flag(kind=SPLIT_BY_SUM_FLAG, message=message, path=f"projects[0].budget.{f}") for f in fields]


def _budget_line(line: BudgetLineFinding, spans: SpanMapper) -> BudgetLine:
    """The line's record. Its figures are numbers (ints where written whole, `clean_number`), so
    it is built unvalidated (`models.unvalidated`, each figure made the float the validator makes
    of it, `float`): trust rebuilds every budget line through its model's validator. A figure of
    another type (none is read so) goes through the constructor, which converts or rejects it."""
    found = [getattr(line, f) for f in _LINE_FIELDS]
    values = [None if f is None else f.value for f in found]
    evidence = _evidence(spans, "name", line.name)
    evidence += [e for f, at in zip(_LINE_FIELDS, found, strict=True) for e in _evidence(spans, f, at)]
    name = str(line.name.value)
    if not all(type(v) in _FIGURE_TYPES for v in values):
        figures = dict(zip(_LINE_FIELDS, values, strict=True))
        return BudgetLine(name=name, **figures, evidence=tuple(evidence))  # type: ignore[arg-type]
    record: dict[str, object] = {"name": name}
    record.update((f, None if v is None else float(v)) for f, v in zip(_LINE_FIELDS, values, strict=True))
    record["evidence"] = tuple(evidence)
    record["field_confidence"] = {}
    return unvalidated(BudgetLine, record, _LINE_GIVEN)


def _indicator_path(project: int, indicator: int) -> str:
    return f"projects[{project}].indicators[{indicator}]"


def _note_flags(read: list[list[_Notes]]) -> list[Flag]:
    """One flag per note of every indicator (`NOTE_MESSAGES`), at the indicator's path."""
    return [
        Flag(kind=note, message=f"{name}: {NOTE_MESSAGES[note]}", path=_indicator_path(p, i))
        for p, noted in enumerate(read)
        for i, name, notes in noted
        for note in notes
    ]


def _flags(counts: list[int], read: list[list[_Notes]]) -> list[Flag]:
    if any(counts):
        return _note_flags(read)
    return [Flag(kind="no_indicators", message="no performance indicators were found", path="projects")]


LayoutSource = Layout | Callable[[], Layout] | None
"""The layout of `norm.text`: recovered already, how to recover it (the rules then hold the only
reference to it and let it go before they make the records), or None (recovered here)."""

IndicatorSink = Callable[[int, Iterator[Indicator]], int]
"""Takes project `p`'s indicators in order as the rules make them, each made only when the
sink asks for the next, and returns how many there were: the caller then holds each alone (a
`pipeline.core.handoff.Spool`), and the result's projects hold none."""


def extract_rules(
    doc: Document, norm: NormalizedText, layout: LayoutSource = None, hand_on: IndicatorSink | None = None
) -> ReportExtraction:
    """Run every rules unit over one document (see the module docstring). `layout`: see
    `LayoutSource`. Given as a function (`lambda: recover_layout(...)`), the layout's lines and
    cells (~1.5 KB per row of a dense table) are freed before the indicators are made.
    `hand_on`: see `IndicatorSink` (the projects of the result then hold no indicators)."""
    try:
        return _extract_rules(doc, norm, layout, hand_on)
    finally:
        forget_texts()  # what the readers shared of this text (memo.py) is not kept past it


def _extract_rules(
    doc: Document, norm: NormalizedText, source: LayoutSource, hand_on: IndicatorSink | None
) -> ReportExtraction:
    text = norm.text
    layout = recover_layout(text) if source is None else source() if callable(source) else source
    del source
    spans = SpanMapper(norm)
    sections = find_sections(text)
    candidates = sorted(find_candidates(text, sections, layout), key=lambda c: c.start)
    starts = [c.start for c in candidates]
    sheets = [Span(*norm.from_source(s.start, s.end)) for s in doc.segments if s.kind == "sheet"]
    info = _report_info(sheet_report_fields(text, sheets, starts[0] if starts else None), spans)
    table_budget, lines = find_budget_table(layout)
    lines = lines or find_labelled_rows(text)
    if table_budget is None:
        table_budget, fused_lines = find_fused_budget(text)
        lines = lines or fused_lines
    sources = None if table_budget is not None else find_fused_sources(text)
    table_budget = table_budget or sources
    regions = _regions(text, sections, info, starts)
    single = len(regions) == 1
    rate_flags: list[Flag] = []
    if single:  # a budget row's rate proved by its points (rate_points): the one project's
        table_budget, lines, rate_flags = with_rate_by_points(text, table_budget, lines)
    forget_texts()  # the readers that share readings of the text are done: not held while building
    # each region's candidates in a list of its own, the whole list let go: `_project` frees them
    # as it makes their indicators
    groups = [_inside(candidates, starts, r) for r in regions]
    del candidates
    # what the layout gives the projects is read first: then the layout is let go (see
    # `LayoutSource`) before the records are made
    funds = [
        _funds(
            text, r, spans, table_budget if single else _own_budget(layout, r) or _own_fused_budget(text, r)
        )
        for r in regions
    ]
    if not lines and single:
        lines = _allocation_lines(layout, funds[0][0])
    del layout
    built = [
        _project(r, group, spans, f, None if hand_on is None else partial(hand_on, p))
        for p, (r, group, f) in enumerate(zip(regions, groups, funds, strict=True))
    ]
    projects = [project for project, _, _ in built]
    return ReportExtraction(
        source=Source(path=doc.path, sha256=doc.sha256, format=doc.format),
        report=info,
        projects=tuple(projects),
        budget_lines=tuple(_budget_line(line, spans) for line in lines),
        flags=(
            *_flags([count for _, _, count in built], [read for _, read, _ in built]),
            *_split_flags(sources, projects if single else []),
            *rate_flags,
        ),
        extractor=ExtractorInfo(backend=BACKEND, version=pipeline.__version__, schema_hash=schema_hash()),
    )
