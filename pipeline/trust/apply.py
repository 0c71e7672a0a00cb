"""`apply_trust`: ground every field, run the domain checks, score confidence — for any backend.

    result (rules | llm | hybrid, raw) ──► met judged ──► checks ──► per record, per field:
        ground (ground.py) → evidence with a grounding status
        prior + grounding + findings → confidence (confidence.py) → field_confidence, review item
    ──► new frozen ReportExtraction: evidence, field_confidence, Indicator.confidence (the minimum
        of its fields), met, flags (checks + `ungrounded`), review

Apply it once, to a backend's raw output: a backend's `field_confidence` is read as its prior,
and is replaced by the calibrated value. Flags of the kinds trust computes (`ungrounded` and the
checks) are recomputed, never duplicated; other flags are kept, and a kept flag whose path names
a field (the hybrid backend's `backends_disagree`) counts against that field.

Where each field is searched: `places.py`.

Every record it returns — report, projects, indicators, budget lines, and the result itself — is
built through its model's validating constructor (`validated_copy`), so whatever a backend put in
a record's own fields, by `model_copy` or otherwise, is checked as a new record's values are; the
models enforce the constraints of `report.schema.json` on those records, so the output's records
need no second, whole-document schema pass (`pipeline.process` checks the rest of the document).
When one of them is invalid (a backend's bug), the result is built as before, unvalidated, and
`validate_report` names every violation in jsonschema's words: an invalid output fails with the
same `SchemaError` and message as when every report went through the schema pass.

One flow for a whole result and a streamed one (`TrustRun`): a result is taken apart (`Handed`)
into its projects without their indicators, each project's indicators judged in a spool, and what
the checks need of them tallied as they come in (`IndicatorTally`, the levels for coverage). The
rules backend hands its indicators in as it makes them (`pipeline.process.StreamedRules`), so a
big report's indicators are read back, trusted and written one at a time (`TrustRun.pieces`); any
other result is handed in whole and trusted into a whole result (`TrustRun.result`), the same
records in the same order either way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import ValidationError

from pipeline.core.config import Config
from pipeline.core.document import Document
from pipeline.core.handoff import Spool, drained
from pipeline.core.models import (
    Evidence,
    Flag,
    GroundingStatus,
    Indicator,
    Project,
    RecordT,
    ReportExtraction,
    ReviewItem,
    evidence_at,
    evidence_of_span,
    share_fields_set,
    validated_copy,
)
from pipeline.core.result_json import spliced_pieces
from pipeline.core.schema import validate_report
from pipeline.extract.met import judge_met
from pipeline.normalize import NormalizedText
from pipeline.trust.checks import CHECK_KINDS, REPLACEMENT, Finding, IndicatorTally, run_checks
from pipeline.trust.confidence import (
    RECORD_WIDE_KINDS,
    FieldScore,
    Prior,
    given_prior,
    record_prior,
    score_field,
)
from pipeline.trust.coverage import COVERAGE_KINDS, levels_coverage, levels_of
from pipeline.trust.fields import (
    RecordRef,
    TrustedRecord,
    budget_line_ref,
    display_value,
    indicator_ref,
    is_present,
    project_ref,
    report_ref,
    value_at,
)
from pipeline.trust.ground import Grounded, Grounder, GroundStatus
from pipeline.trust.places import neighbourhood, place_at

RECOMPUTED_KINDS = frozenset({"ungrounded", *CHECK_KINDS, *COVERAGE_KINDS})
EVIDENCE_GROUNDING: dict[GroundStatus, GroundingStatus | None] = {
    GroundStatus.EXACT: "exact",
    GroundStatus.NORMALISED: "normalised",
    GroundStatus.NEAR_NAME: "near_name",
    GroundStatus.UNGROUNDED: None,
}
# The status of a grounded evidence (one with a span), by its grounding's status.
EVIDENCE_GROUNDING_OF: dict[GroundStatus, GroundingStatus] = {
    status: grounding for status, grounding in EVIDENCE_GROUNDING.items() if grounding is not None
}
Notes = dict[str, list[tuple[str, str]]]
_WORD_KINDS = ("text", "label")  # the kinds `Grounder.ground` grounds as words
_validate_review = ReviewItem.__pydantic_validator__.validate_python


class Build(Protocol):
    """How a record is made with its trusted values: `validated_copy`, or `_copied`."""

    def __call__(self, record: RecordT, update: Mapping[str, object]) -> RecordT: ...


def _copied(record: RecordT, update: Mapping[str, object]) -> RecordT:
    """The record with `update`, unvalidated (`model_copy`): the build of an invalid result."""
    return share_fields_set(record.model_copy(update=update))


@dataclass
class _Collected:
    """What the records add to the report; `damaged`: the text holds a U+FFFD (read once);
    `confidences`: the report's distinct `field_confidence` dicts, by their items in order."""

    review: list[ReviewItem] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    damaged: bool = False
    confidences: dict[tuple[tuple[str, float], ...], dict[str, float]] = field(default_factory=dict)

    def shared(self, record: RecordT) -> RecordT:
        """`record`, holding the report's first `field_confidence` equal to its own (same keys in
        the same order, same values) instead of its own copy.

        The rows of a big table mostly score alike: 10,000 indicators held ~20 distinct 7-key
        dicts, ~0.4 KB each per row. Records are frozen and nothing writes into their dicts, so
        equal ones can be one; the validator made the record's own dict, so the record takes the
        shared one after it is built. Worked example: two indicators scored `{"name": 0.9,
        "target": 0.9}` hold one dict; one scored `{"target": 0.9, "name": 0.9}` keeps its own
        (its JSON lists the keys in its order).
        """
        own: dict[str, float] = record.__dict__["field_confidence"]
        kept = self.confidences.setdefault(tuple(own.items()), own)
        if kept is not own:
            record.__dict__["field_confidence"] = kept
        return record


def apply_trust(
    result: ReportExtraction, doc: Document, config: Config, normalized: NormalizedText | None = None
) -> ReportExtraction:
    """Grounded, checked and scored copy of `result` (see the module docstring).

    `config` is taken so every stage has one signature; no option changes what is computed here
    (the review threshold applies when listing, so results stay valid when it changes).
    `normalized` is `normalize(doc.text)` when the caller has it (else it is computed here).
    Raises `SchemaError` when the result breaks the output contract (see the module docstring).
    """
    try:
        return _trusted(result, doc, normalized, validated_copy)
    except ValidationError:
        unchecked = _trusted(result, doc, normalized, _copied)
        # Every violation, in jsonschema's words, as the whole-report schema pass gave them; a
        # record the models reject but the schema accepts leaves the result as it always was.
        validate_report(unchecked.to_json_dict(), doc.path)
        return unchecked


def trust_made(
    make: Callable[[], ReportExtraction],
    doc: Document,
    config: Config,
    normalized: NormalizedText | None = None,
) -> ReportExtraction:
    """`apply_trust(make(), doc, config, normalized)`, holding the only reference to the result
    `make` returns: each of its records is let go once its trusted copy is made, instead of the
    extractor's records all staying alive beside trust's (a dense table: ~1.1 KB per row more at
    trust's peak). For an extractor that makes the same result every time (the rules backend):
    when a record is invalid, `apply_trust`'s fallback needs the whole result, so `make` is called
    again and `apply_trust` runs on the fresh result — the same outcome as `apply_trust`'s.
    """
    made = [make()]  # an extractor's own error is raised here, once
    try:
        return _trusted(made.pop(), doc, normalized, validated_copy)  # trust holds it alone
    except ValidationError:
        return apply_trust(make(), doc, config, normalized)


def _trusted(
    result: ReportExtraction, doc: Document, normalized: NormalizedText | None, build: Build
) -> ReportExtraction:
    handed = handed_whole(result)  # `take` judges each indicator's `met` as it is handed in
    del result  # where the caller holds none (`trust_made`), the records go as they are trusted
    return TrustRun(handed, doc, normalized, build).result()


@dataclass
class Handed:
    """A raw result taken apart for trust: the result with its projects' indicators taken out
    (`result`), each project's indicators, `met` judged, in a spool of its own (`spools`), and
    what the report-level checks need of them, tallied as they were handed in (`tallies`: the
    sums, names and findings of `IndicatorTally`; `levels`: the levels they sit under)."""

    result: ReportExtraction | None = None  # set once the backend has made it
    spools: list[Spool[Indicator]] = field(default_factory=list)
    tallies: list[IndicatorTally] = field(default_factory=list)
    levels: set[str] = field(default_factory=set)

    def take(self, p: int, indicators: Iterable[Indicator], spool: Spool[Indicator]) -> int:
        """Hand in project `p`'s indicators (in order) to `spool`: each judged (`met`), tallied
        and spooled before the next is made. Returns how many (an `IndicatorSink` with `spool`
        bound)."""
        assert p == len(self.spools), "projects are handed in in order"
        tally = IndicatorTally(p, spool.__getitem__)
        self.spools.append(spool)
        self.tallies.append(tally)
        levels = self.levels
        for indicator in indicators:
            judged = _with_met(indicator)
            tally.add(judged)
            levels.update(levels_of(judged))
            spool.append(judged)
        return len(spool)

    def close(self) -> None:
        for spool in self.spools:
            spool.close()


def handed_whole(result: ReportExtraction) -> Handed:
    """`result` taken apart as `Handed`, its indicators in memory (each one's `met` judged as
    `take` hands it in: a result need not be judged first, `judge_all_met`)."""
    handed = Handed(result.model_copy(update={"projects": tuple(_emptied(p) for p in result.projects)}))
    for p, project in enumerate(result.projects):
        handed.take(p, project.indicators, Spool())
    return handed


def _emptied(project: Project) -> Project:
    return project.model_copy(update={"indicators": ()}) if project.indicators else project


class TrustRun:
    """Trust over a `Handed` result, record by record, in the order `records` yields them
    (report, each project and then its indicators, budget lines): `result()` builds the whole
    trusted result; `pieces()` yields its result file's text (`model_dump_json(indent=2)`) with
    each indicator trusted, written and let go before the next is read from its spool.

    The checks run first, from the tallies: the findings that bear on a record's fields are
    known before it is trusted (a duplicate names the first statement's fields too).
    """

    def __init__(
        self,
        handed: Handed,
        doc: Document,
        normalized: NormalizedText | None,
        build: Build,
        seen: Callable[[int, Indicator], None] | None = None,
    ) -> None:
        judged = handed.result
        assert judged is not None, "the backend's result is handed in"
        self.seen = seen  # given each trusted indicator with its project's index, as it is made
        findings = run_checks(judged, doc.text, handed.tallies)
        self.kept = tuple(flag for flag in judged.flags if flag.kind not in RECOMPUTED_KINDS)
        notes = field_notes(findings, self.kept)
        found = any(len(spool) for spool in handed.spools)
        self.checked = tuple(f.flag for f in findings) + levels_coverage(
            handed.levels if found else None, doc.text
        )
        grounder = Grounder(doc.text, normalized)
        self.collected = collected = _Collected(damaged=REPLACEMENT in doc.text)
        backend = judged.extractor.backend

        def trust(ref: RecordRef) -> TrustedRecord:
            return _trust_record(ref, grounder, backend, notes, collected, build)

        self.trust = trust
        self.build = build
        self.spools = handed.spools
        self.rest = judged.model_copy(update={"projects": (), "budget_lines": ()})
        self.projects = list(judged.projects)
        self.lines = list(judged.budget_lines)

    def _indicators(self, p: int) -> Iterator[Indicator]:
        """Project `p`'s indicators trusted, each read from its spool as the last is handed on."""
        for i, indicator in enumerate(self.spools[p].drained()):
            trusted = self.trust(indicator_ref(p, i, indicator))
            assert isinstance(trusted, Indicator)
            if self.seen is not None:
                self.seen(p, trusted)
            yield trusted

    def _project(self, p: int) -> Project:
        """Project `p` trusted, its indicators not yet (they are read after it, in `records` order)."""
        own = self.trust(project_ref(p, self.projects[p]))
        assert isinstance(own, Project)
        return own

    def _finish(self, report: TrustedRecord, projects: tuple[Project, ...]) -> ReportExtraction:
        trust = self.trust
        budget_lines = tuple(trust(budget_line_ref(b, line)) for b, line in enumerate(drained(self.lines)))
        return self.build(
            self.rest,
            {
                "report": report,
                "projects": projects,
                "budget_lines": budget_lines,
                "flags": self.kept + tuple(self.collected.flags) + self.checked,
                "review": tuple(self.collected.review),
            },
        )

    def result(self) -> ReportExtraction:
        """The trusted result, whole."""
        report = self.trust(report_ref(self.rest.report))
        projects = []
        for p in range(len(self.projects)):
            own = self._project(p)
            projects.append(self.build(own, {"indicators": tuple(self._indicators(p))}))
        return self._finish(report, tuple(projects))

    def pieces(self, done: Callable[[ReportExtraction], None]) -> Iterator[str]:
        """The trusted result's file text in pieces (`result_json.spliced_pieces`); `done` is
        given the trusted result, its projects without indicators, once the last piece is made."""
        report = self.trust(report_ref(self.rest.report))
        owns: list[Project] = []

        def projects() -> Iterator[tuple[Project, Iterable[Indicator] | None]]:
            for p in range(len(self.projects)):
                own = self._project(p)
                owns.append(own)
                yield own, self._indicators(p) if len(self.spools[p]) else None

        finished: list[ReportExtraction] = []

        def rest() -> ReportExtraction:
            finished.append(self._finish(report, tuple(owns)))
            return finished[0]

        head = self.rest.model_copy(update={"report": report})
        yield from spliced_pieces(head, projects(), rest)
        done(finished[0])


def judge_all_met(result: ReportExtraction) -> ReportExtraction:
    """Every indicator's `met` judged from its op, value and actual (`judge_met`); a record whose
    `met` is already that is kept as it is (records are immutable: nothing to copy)."""
    projects = []
    for project in result.projects:
        indicators = tuple(_with_met(i) for i in project.indicators)
        same = all(new is old for new, old in zip(indicators, project.indicators, strict=True))
        projects.append(project if same else project.model_copy(update={"indicators": indicators}))
    if all(new is old for new, old in zip(projects, result.projects, strict=True)):
        return result
    return result.model_copy(update={"projects": tuple(projects)})


def _with_met(indicator: Indicator) -> Indicator:
    met = judge_met(indicator.target, indicator.actual)
    return indicator if met is indicator.met else indicator.model_copy(update={"met": met})


def field_notes(findings: Iterable[Finding], flags: Iterable[Flag]) -> Notes:
    """Field path → (kind, message) of every finding that names it and every kept flag at it."""
    notes: Notes = defaultdict(list)
    for finding in findings:
        for path in finding.fields:
            notes[path].append((finding.flag.kind, finding.flag.message))
    for flag in flags:
        notes[flag.path].append((flag.kind, flag.message))
    return notes


def _trust_record(
    ref: RecordRef, grounder: Grounder, backend: str, notes: Notes, out: _Collected, build: Build
) -> TrustedRecord:
    record = ref.record
    around = neighbourhood(ref, grounder)
    claims = around.claims or {}
    confidence: dict[str, float] = {}
    record_wide = [(kind, message) for kind, message in notes.get(ref.path, []) if kind in RECORD_WIDE_KINDS]
    given, default_prior = record.field_confidence, None
    plain: FieldScore | None = None  # the record's prior, EXACT, no note, no finding: made once
    text = grounder.source.text
    damaged = out.damaged
    claimed_evidence = record.evidence
    evidence: list[Evidence] = []  # `_evidence`, built field by field
    sought: set[str] = set()  # the keys grounded (or derived): their claimed evidence is replaced
    prefix = ref.path + "."
    ground = grounder.ground
    for spec in ref.specs:
        key = spec.key
        value = getattr(record, key) if "." not in key else value_at(record, key)  # `value_at`
        # `ref.present()`, without reading each value twice: an absent number is None, a number
        # present (a float, or an int read from JSON) at once
        if value is None:
            continue
        kind = type(value)
        number = kind is float or kind is int
        claimed = claims.get(key)
        if isinstance(value, str) and spec.kind in _WORD_KINDS and claimed is not None:
            # the words as written where the extractor read them (a rules record's usual case)
            # need no place; else `Grounder.words`' whole search
            if not value.strip():
                continue  # `is_present`: a blank text is no value
            grounding: Grounded | None = grounder.words_as_claimed(value, claimed)
            if grounding is None:
                grounding = grounder.words(value, place_at(spec, claimed, around, grounder))
        elif not number and not is_present(value):
            continue
        else:
            grounding = ground(spec, value, place_at(spec, claimed, around, grounder))
        sought.add(key)
        path = prefix + key  # `ref.field_path(key)`
        noted = notes.get(path)
        findings = [*noted, *record_wide] if noted else record_wide
        # A number cannot hold an undecodable byte, and a text that holds none can only meet one
        # in a damaged document: the search runs only where it can find something.
        written = "" if number else value if isinstance(value, str) else display_value(value)
        if damaged or REPLACEMENT in written:
            replaced = _replaced_characters(grounding, value, text if damaged else None)
            if replaced:
                findings = [*findings, *replaced]
        stated = given.get(key) if given else None  # the rules backend states none
        if stated is not None:
            score = score_field(given_prior(stated), grounding, findings)
        else:  # the same for every field of the record: made once
            prior = default_prior = default_prior or _prior(record, key, backend)
            if findings or grounding is None or grounding.status is not GroundStatus.EXACT or grounding.note:
                score = score_field(prior, grounding, findings)
            else:  # most fields: their record's prior, found as written
                score = plain = plain or score_field(prior, grounding, findings)
        confidence[key] = score.confidence
        if score.reasons:  # `ReviewItem(...)`, by its validator from a dict (~0.5 µs less)
            item = {"path": path, "confidence": score.confidence, "reasons": score.reasons}
            out.review.append(_validate_review(item))
        if grounding is None:
            evidence += [_ungrounded(e) for e in claimed_evidence if e.field == key]
            continue
        status, span = grounding.status, grounding.span
        if status is GroundStatus.UNGROUNDED:
            message = f"{key} {display_value(value)!r}: {grounding.note}"
            out.flags.append(Flag(kind="ungrounded", message=message, path=path))
            evidence += [_ungrounded(e) for e in claimed_evidence if e.field == key]
        elif span is not None:
            evidence.append(evidence_of_span(key, span, EVIDENCE_GROUNDING_OF[status]))
        else:
            evidence += [_ungrounded(e) for e in claimed_evidence if e.field == key]
    evidence += [e for e in claimed_evidence if e.field not in sought]
    update: dict[str, object] = {"evidence": tuple(evidence), "field_confidence": confidence}
    if isinstance(record, Indicator):
        update["confidence"] = min(confidence.values(), default=0.0)
    return out.shared(build(record, update))


def _replaced_characters(
    grounding: Grounded | None, value: object, text: str | None
) -> list[tuple[str, str]]:
    """A `decode_errors` note when the value, or the text it was found in, holds a U+FFFD: a byte
    there could not be decoded, so the value may be missing a character (capped, `CAPS`).
    `text` is the document's text, None when it holds no U+FFFD (no span can then hold one)."""
    span = grounding.span if grounding is not None else None
    written = value if isinstance(value, str) else display_value(value)  # a text displays as itself
    if REPLACEMENT in written or (
        text is not None and span is not None and REPLACEMENT in text[span.start : span.end]
    ):
        return [("decode_errors", "the value's text holds an undecodable byte (U+FFFD)")]
    return []


def _prior(record: TrustedRecord, key: str, backend: str) -> Prior:
    given = record.field_confidence.get(key)
    if given is not None:
        return given_prior(given)
    if isinstance(record, Indicator):
        return record_prior(backend, record.source_kind, record.confidence)
    return record_prior(backend, None, None)


def _ungrounded(evidence: Evidence) -> Evidence:
    """The evidence with no grounding status (records are immutable: one without is itself),
    made by the constructor: a nested record is not validated again with its indicator."""
    if evidence.grounding is None:
        return evidence
    return evidence_at(evidence.field, evidence.start, evidence.end)
