"""`--backend hybrid`: run the rules and the LLM backends and merge what they read.

    rules ─┐                  projects paired by name (a lone project on each side pairs anyway)
           ├─ merge_results ─ indicators paired by normalised name within a project pair
    llm  ──┘                  budget lines paired by name; report fields merged
                              each pair merged field by field (merge.py): agreement raises the
                              prior, a disagreement keeps the better-grounded value and is flagged

Unpaired records are kept as their backend read them, with that backend's prior. The result is
raw: `apply_trust` grounds, checks and scores it like any backend's output, reading the merge's
priors from `field_confidence` and capping every `backends_disagree` field.

Flags of the two backends that point into records (`projects[2].indicators[5].target`) are
dropped — their indexes no longer hold after the merge, and `apply_trust` recomputes grounding
flags anyway; `no_indicators` is dropped when the merge has indicators; others (an LLM chunk that
failed) are kept. Pairing uses `name_key`/`name_similarity` of the rules backend's merge step.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pipeline
from pipeline.core.document import Document
from pipeline.core.models import (
    Budget,
    BudgetLine,
    ExtractorInfo,
    Flag,
    Indicator,
    Project,
    ReportExtraction,
    ReportInfo,
)
from pipeline.domain.names import name_key, name_similarity
from pipeline.normalize import NormalizedText
from pipeline.trust.confidence import Prior, record_prior
from pipeline.trust.fields import (
    BUDGET_LINE_FIELDS,
    INDICATOR_FIELDS,
    PROJECT_FIELDS,
    REPORT_FIELDS,
    FieldSpec,
    RecordRef,
    TrustedRecord,
    is_present,
    value_at,
)
from pipeline.trust.ground import Grounder
from pipeline.trust.merge import MergedFields, Reading, merge_fields

BACKEND = "hybrid"
PAIR_SIMILARITY = 0.75
_RECORD_PATH = re.compile(r"^(?:projects\[\d+\]|budget_lines\[\d+\]|report\.)")


def pair_by_name(left: Sequence[str], right: Sequence[str]) -> list[tuple[int, int]]:
    """One-to-one pairs: equal `name_key` first, then the most similar (≥ PAIR_SIMILARITY)."""
    pairs: list[tuple[int, int]] = []
    used_left, used_right = set[int](), set[int]()
    candidates = [
        (1.0 if name_key(a) == name_key(b) else name_similarity(a, b), i, j)
        for i, a in enumerate(left)
        for j, b in enumerate(right)
    ]
    for similarity, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if similarity >= PAIR_SIMILARITY and i not in used_left and j not in used_right:
            pairs.append((i, j))
            used_left.add(i)
            used_right.add(j)
    return sorted(pairs)


@dataclass
class _Merger:
    grounder: Grounder
    flags: list[Flag]

    def reading(self, ref: RecordRef, backend: str) -> Reading:
        record = ref.record
        confidence = record.confidence if isinstance(record, Indicator) else None
        source_kind = record.source_kind if isinstance(record, Indicator) else None
        return Reading(ref, backend, record_prior(backend, source_kind, confidence))

    def fields(self, rules: RecordRef, llm: RecordRef, path: str) -> MergedFields:
        merged = merge_fields(self.reading(rules, "rules"), self.reading(llm, "llm"), path, self.grounder)
        self.flags.extend(merged.flags)
        return merged


def _with_priors(record: TrustedRecord, specs: Sequence[FieldSpec], prior: Prior) -> dict[str, float]:
    return {spec.key: prior.value for spec in specs if is_present(value_at(record, spec.key))}


def _alone(ref: RecordRef, backend: str, merger: _Merger) -> TrustedRecord:
    """An unpaired record as its backend read it, its prior stated per field."""
    prior = merger.reading(ref, backend).prior
    return ref.record.model_copy(update={"field_confidence": _with_priors(ref.record, ref.specs, prior)})


def _indicator(rules: RecordRef, llm: RecordRef, path: str, merger: _Merger) -> Indicator:
    merged = merger.fields(rules, llm, path)
    assert isinstance(rules.record, Indicator)
    return rules.record.model_copy(update={**_update(merged), "met": None})


def _indicators(rules: Project, llm: Project, path: str, merger: _Merger) -> tuple[Indicator, ...]:
    pairs = dict(pair_by_name([i.name for i in rules.indicators], [i.name for i in llm.indicators]))
    out: list[TrustedRecord] = []
    for i, indicator in enumerate(rules.indicators):
        ref = RecordRef(f"{path}.indicators[{i}]", indicator, INDICATOR_FIELDS)
        if i in pairs:
            other = RecordRef("", llm.indicators[pairs[i]], INDICATOR_FIELDS)
            out.append(_indicator(ref, other, f"{path}.indicators[{len(out)}]", merger))
        else:
            out.append(_alone(ref, "rules", merger))
    paired = set(pairs.values())
    for j, indicator in enumerate(llm.indicators):
        if j not in paired:
            out.append(_alone(RecordRef("", indicator, INDICATOR_FIELDS), "llm", merger))
    return tuple(x for x in out if isinstance(x, Indicator))


def _update(merged: MergedFields) -> dict[str, object]:
    """The merged fields as a `model_copy` update: dotted keys (`budget.spent`) nested into a Budget."""
    flat = {k: v for k, v in merged.values.items() if "." not in k}
    budget = {k.removeprefix("budget."): v for k, v in merged.values.items() if k.startswith("budget.")}
    if budget:
        flat["budget"] = Budget.model_validate(budget)
    return {**flat, "evidence": merged.evidence, "field_confidence": merged.priors}


def _project(rules: Project, llm: Project, p: int, merger: _Merger) -> Project:
    path = f"projects[{p}]"
    merged = merger.fields(RecordRef(path, rules, PROJECT_FIELDS), RecordRef(path, llm, PROJECT_FIELDS), path)
    indicators = _indicators(rules, llm, path, merger)
    return rules.model_copy(update={**_update(merged), "indicators": indicators})


def _pair_projects(rules: Sequence[Project], llm: Sequence[Project]) -> list[tuple[int, int]]:
    if len(rules) == 1 and len(llm) == 1:
        return [(0, 0)]
    return pair_by_name([p.name for p in rules], [p.name for p in llm])


def _projects(rules: Sequence[Project], llm: Sequence[Project], merger: _Merger) -> tuple[Project, ...]:
    pairs = dict(_pair_projects(rules, llm))
    out: list[Project] = []
    for i, project in enumerate(rules):
        if i in pairs:
            out.append(_project(project, llm[pairs[i]], len(out), merger))
        else:
            out.append(_alone_project(project, "rules", merger))
    paired = set(pairs.values())
    out += [_alone_project(project, "llm", merger) for j, project in enumerate(llm) if j not in paired]
    return tuple(out)


def _alone_project(project: Project, backend: str, merger: _Merger) -> Project:
    indicators = tuple(
        _alone(RecordRef("", i, INDICATOR_FIELDS), backend, merger) for i in project.indicators
    )
    prior = merger.reading(RecordRef("", project, PROJECT_FIELDS), backend).prior
    priors = _with_priors(project, PROJECT_FIELDS, prior)
    return project.model_copy(update={"indicators": indicators, "field_confidence": priors})


def _budget_lines(
    rules: Sequence[BudgetLine], llm: Sequence[BudgetLine], merger: _Merger
) -> tuple[BudgetLine, ...]:
    pairs = dict(pair_by_name([b.name for b in rules], [b.name for b in llm]))
    out: list[TrustedRecord] = []
    for i, line in enumerate(rules):
        ref = RecordRef("", line, BUDGET_LINE_FIELDS)
        if i in pairs:
            path = f"budget_lines[{len(out)}]"
            merged = merger.fields(ref, RecordRef("", llm[pairs[i]], BUDGET_LINE_FIELDS), path)
            out.append(line.model_copy(update=_update(merged)))
        else:
            out.append(_alone(ref, "rules", merger))
    paired = set(pairs.values())
    out += [
        _alone(RecordRef("", b, BUDGET_LINE_FIELDS), "llm", merger)
        for j, b in enumerate(llm)
        if j not in paired
    ]
    return tuple(x for x in out if isinstance(x, BudgetLine))


def _report(rules: ReportInfo, llm: ReportInfo, merger: _Merger) -> ReportInfo:
    merged = merger.fields(
        RecordRef("report", rules, REPORT_FIELDS), RecordRef("report", llm, REPORT_FIELDS), "report"
    )
    return rules.model_copy(update=_update(merged))


def _carried_flags(rules: ReportExtraction, llm: ReportExtraction, has_indicators: bool) -> list[Flag]:
    carried = []
    for flag in rules.flags + llm.flags:
        if _RECORD_PATH.match(flag.path) or (flag.kind == "no_indicators" and has_indicators):
            continue
        if flag not in carried:
            carried.append(flag)
    return carried


def merge_results(
    rules: ReportExtraction,
    llm: ReportExtraction,
    doc: Document,
    normalized: NormalizedText | None = None,
) -> ReportExtraction:
    """The merged, untrusted result (see the module docstring); `normalized`: the document's
    normalised text when the caller has it (else it is built again, on first use)."""
    merger = _Merger(Grounder(doc.text, normalized), [])
    report = _report(rules.report, llm.report, merger)
    projects = _projects(rules.projects, llm.projects, merger)
    lines = _budget_lines(rules.budget_lines, llm.budget_lines, merger)
    has_indicators = any(p.indicators for p in projects)
    extractor = ExtractorInfo(
        backend=BACKEND,
        version=pipeline.__version__,
        prompt_version=llm.extractor.prompt_version,
        model=llm.extractor.model,
        schema_hash=llm.extractor.schema_hash,
    )
    return rules.model_copy(
        update={
            "report": report,
            "projects": projects,
            "budget_lines": lines,
            "flags": (*_carried_flags(rules, llm, has_indicators), *merger.flags),
            "extractor": extractor,
            "errors": llm.errors,
            "usage": llm.usage,
        }
    )
