"""The output contract as pydantic models: they mirror `schemas/report.schema.json`.

The JSON schema is the source of truth; `tests/test_models.py` proves the two agree (same
properties, same required keys, and every model dump validates). Models are frozen: stages build
new records instead of mutating old ones (`model_copy(update=...)`). The three small records every
indicator holds several of — `Evidence`, `Target`, `Actual` — are frozen, slotted pydantic
dataclasses instead (validated and dumped alike, a fifth of a model's memory; `dataclasses.replace`
for a changed copy): a dense table's rows are mostly these.

Conventions: amounts in 万元; `execution_rate` as the report states the percentage (54.77 for
54.77 %); evidence offsets index `Document.text`, half-open. `field_confidence` maps a field's
path relative to its record (`target`, `budget.spent`) to a confidence in [0, 1]; a backend may
fill it with its own prior, and `pipeline.trust.apply_trust` replaces it with the calibrated value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Annotated, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field
from pydantic.dataclasses import dataclass

from pipeline.core.document import Span

Op = Literal[">=", ">", "=", "<=", "<", "qualitative"]
ReportKind = Literal["project", "department"]
SourceKind = Literal["table", "list", "inline", "scored", "prose", "llm"]
GroundingStatus = Literal["exact", "normalised", "near_name"]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
FieldConfidence = dict[str, Probability]

SCHEMA_VERSION = "1"


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


RecordT = TypeVar("RecordT", bound=Record)
_FIELD_SETS: dict[frozenset[str], set[str]] = {}
# The ids of the sets in `_FIELD_SETS` (kept alive there: no other object can take such an id),
# and, by such an id and the names of an update, the shared set of the names together.
_SHARED_IDS: set[int] = set()
_UNIONS: dict[tuple[int, tuple[str, ...]], set[str]] = {}


def share_fields_set(record: RecordT) -> RecordT:
    """`record`, holding one shared set as its set of given fields instead of a set of its own.

    pydantic keeps, per instance, the names of the fields given when it was made
    (`model_fields_set`: a set, 216 bytes for up to 4 names, 728 for up to 18), and `model_copy`
    copies it. Records are frozen, so nothing adds to a record's set after it is made, and
    records made from the same names can share one: a row of a big indicator table keeps an
    indicator twice (the extractor's and the grounded copy), ~1.5 KB of such sets. Equal sets are
    shared through a table of the distinct sets (a few dozen per process).

    Worked example: `share_fields_set(Flag(kind="k", message="m", path="p"))` is the same flag,
    whose `.model_fields_set` is the one set every flag made with those three fields holds.
    """
    own = record.__pydantic_fields_set__
    if id(own) in _SHARED_IDS:  # already one of the shared sets (they are never freed)
        return record
    fields = _FIELD_SETS.setdefault(frozenset(own), own)
    if fields is own:
        _SHARED_IDS.add(id(own))
    else:
        object.__setattr__(record, "__pydantic_fields_set__", fields)
    return record


def shared_fields(names: Iterable[str]) -> set[str]:
    """The shared set of given fields of the records made from `names` (see `share_fields_set`)."""
    own = set(names)
    fields = _FIELD_SETS.setdefault(frozenset(own), own)
    _SHARED_IDS.add(id(fields))
    return fields


def unvalidated(cls: type[RecordT], values: dict[str, object], given: set[str]) -> RecordT:
    """A record of `cls` holding `values` — every field, each already what the model's validator
    makes of it (a float as a float, a tuple as a tuple, each default filled in) — and `given` as
    its set of given fields (`shared_fields`), built without running the validator (~1 against
    ~5.5 µs for an indicator).

    Only for a record that is validated where it is used: an extractor's record, which
    `trust.apply_trust` rebuilds through `validated_copy` (its own fields checked there, strictly;
    nested records are made by their own checked builders), so the extractor's copy is not
    checked a second time. Worked example: `unvalidated(Flag, {"kind": "k", "message": "m",
    "path": "p"}, shared_fields(("kind", "message", "path"))) == Flag(kind="k", message="m",
    path="p")`, and it dumps the same.
    """
    built: RecordT = _new(cls)
    _set(built, "__dict__", values)
    _set(built, "__pydantic_fields_set__", given)
    _set(built, "__pydantic_extra__", None)
    _set(built, "__pydantic_private__", None)
    return built


def validated_copy(record: RecordT, update: Mapping[str, object]) -> RecordT:
    """`record.model_copy(update=update)`, but built through the model's validator, in strict
    mode: every field value is checked (a `model_copy` takes them as they are), and a value of
    the wrong type is rejected rather than converted (`"10"` for a number, `1` for a boolean), as
    the JSON schema rejects it. An int in a float field becomes a float, as when a record is made.

    Only the record's own fields are validated: a nested record (a `Target`, an `Evidence`) is
    taken as it is, as pydantic takes any model instance (it was validated when it was made).
    The copy's set of given fields is `model_copy`'s: the record's own and the updated ones.

    Worked example: `validated_copy(indicator, {"confidence": 0.9})` equals
    `indicator.model_copy(update={"confidence": 0.9})`; with `{"confidence": 1.5}` it raises
    `pydantic.ValidationError` (less than or equal to 1), where `model_copy` returns the bad record.
    """
    values = {**record.__dict__, **update}
    built: RecordT = type(record).__pydantic_validator__.validate_python(values, strict=True)
    own = record.__pydantic_fields_set__
    if id(own) not in _SHARED_IDS:
        object.__setattr__(built, "__pydantic_fields_set__", own | update.keys())
        return share_fields_set(built)
    # The usual case: the record holds a shared set, and the copy's is found by that set's id
    # and the update's names, without building the union and its frozenset again (~1.5 µs).
    key = (id(own), tuple(update))
    given = _UNIONS.get(key)
    if given is None:
        object.__setattr__(built, "__pydantic_fields_set__", own | update.keys())
        given = _UNIONS[key] = share_fields_set(built).__pydantic_fields_set__
    object.__setattr__(built, "__pydantic_fields_set__", given)
    return built


@dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class Evidence:
    """Where a field's value was read: `Document.text[start:end]`. `field` is a dotted path
    relative to the record that holds the evidence (`target`, `actual`, `weight`, `budget.spent`).

    A frozen, slotted pydantic dataclass rather than a model: validated and dumped as a model is
    (same constraints, same JSON, `extra` forbidden), but ~70 bytes where a model takes ~330 (its
    `__dict__` alone 184, its set of given fields another pointer). A row of a dense indicator
    table holds up to 8 evidences, and the extractor's and trust's records are both alive while
    trust builds its copies. Being no model, it has no `model_copy`: `dataclasses.replace` makes
    a changed copy (validated again). `evidence_at` makes one ~2× faster than the constructor.

    Worked example: `Evidence(field="name", start=0, end=4)` dumps, inside its record, as
    `{"field": "name", "start": 0, "end": 4, "grounding": null}`; `start=-1` raises
    `pydantic.ValidationError`.
    """

    field: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    grounding: GroundingStatus | None = None


_validate_evidence = Evidence.__pydantic_validator__.validate_python  # type: ignore[attr-defined]


def evidence_at(field: str, start: int, end: int, grounding: GroundingStatus | None = None) -> Evidence:
    """`Evidence(field=field, start=start, end=end, grounding=grounding)`, validated the same, built
    by the validator from a dict: a dataclass's `__init__` wraps its arguments for the validator
    first (~1.3 against ~2.8 µs; the rules and trust make several per record)."""
    built: Evidence = _validate_evidence({"field": field, "start": start, "end": end, "grounding": grounding})
    return built


_new, _set = object.__new__, object.__setattr__


def evidence_of_span(field: str, span: Span, grounding: GroundingStatus) -> Evidence:
    """`evidence_at(field, span.start, span.end, grounding)` without running the validator: what
    it checks holds already — a `Span` is `0 <= start <= end` (offsets into a text are ints), and
    `field` and `grounding` are the caller's constants (a field key, a status of `GroundingStatus`).
    Half the cost of `evidence_at` (~0.8 against ~1.7 µs): trust grounds ~150 fields per report.

    Worked example: `evidence_of_span("name", Span(0, 4), "exact") == evidence_at("name", 0, 4,
    "exact")`, and it dumps the same.
    """
    return _evidence_unchecked(field, span.start, span.end, grounding)


def source_evidence(field: str, start: int, end: int) -> Evidence:
    """`evidence_at(field, start, end)` without running the validator, for offsets that
    `NormalizedText.to_source` returned: a source span, so `0 <= start <= end` (ints), and
    `field` the caller's constant key — what the validator checks holds already. The rules make
    ~170 per sample report. Worked example: `source_evidence("name", 0, 4) == evidence_at("name",
    0, 4)`, and it dumps the same."""
    return _evidence_unchecked(field, start, end, None)


def _evidence_unchecked(field: str, start: int, end: int, grounding: GroundingStatus | None) -> Evidence:
    built: Evidence = _new(Evidence)
    _set(built, "field", field)
    _set(built, "start", start)
    _set(built, "end", end)
    _set(built, "grounding", grounding)
    return built


class Source(Record):
    path: str
    sha256: str
    format: str


class ReportInfo(Record):
    title: str | None = None
    report_kind: ReportKind | None = None
    fiscal_year: int | None = None
    agency: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    evidence: tuple[Evidence, ...] = ()
    field_confidence: FieldConfidence = Field(default_factory=dict)


class Budget(Record):
    initial: float | None = None
    carryover: float | None = None
    adjusted: float | None = None
    spent: float | None = None
    execution_rate: float | None = None


@dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class Target:
    """A target as stated (`raw`) and read: comparator, number, unit. A frozen, slotted pydantic
    dataclass, as `Evidence` is and for the same reason (~100 bytes against ~330 as a model; every
    indicator holds one); `dataclasses.replace` makes a changed copy."""

    raw: str | None = None
    op: Op | None = None
    value: float | None = None
    unit: str | None = None


@dataclass(frozen=True, slots=True, config=ConfigDict(extra="forbid"))
class Actual:
    """An actual as stated (`raw`) and read: number, unit (a dataclass, as `Target` is)."""

    raw: str | None = None
    value: float | None = None
    unit: str | None = None


_OPS = frozenset(get_args(Op))
_TEXT, _NUMBER = (str, type(None)), (float, type(None))


def target_of(raw: str | None, op: str | None, value: float | None, unit: str | None) -> Target:
    """`Target(raw=raw, op=op, value=value, unit=unit)`, built without the validator when each
    value is already what the validator would make of it — a str or None, an `Op` or None, a
    float or None (type tests: a subclass, an int goes through the constructor) — else by the
    constructor, which converts or rejects as always. Half the constructor's cost (~1.2 against
    ~2.7 µs; every indicator the rules make holds one). Worked example: `target_of("≥5个", ">=",
    5.0, "个") == Target(raw="≥5个", op=">=", value=5.0, unit="个")`; with `value=5` (an int) the
    constructor makes it 5.0, and with `op="≈"` it raises `ValidationError`."""
    if (
        type(raw) in _TEXT
        and (op is None or (type(op) is str and op in _OPS))
        and type(value) in _NUMBER
        and type(unit) in _TEXT
    ):
        built: Target = _new(Target)
        _set(built, "raw", raw)
        _set(built, "op", op)
        _set(built, "value", value)
        _set(built, "unit", unit)
        return built
    return Target(raw=raw, op=op, value=value, unit=unit)  # type: ignore[arg-type]


def actual_of(raw: str | None, value: float | None, unit: str | None) -> Actual:
    """`Actual(raw=raw, value=value, unit=unit)`, built as `target_of` builds a target."""
    if type(raw) in _TEXT and type(value) in _NUMBER and type(unit) in _TEXT:
        built: Actual = _new(Actual)
        _set(built, "raw", raw)
        _set(built, "value", value)
        _set(built, "unit", unit)
        return built
    return Actual(raw=raw, value=value, unit=unit)


class Indicator(Record):
    level1: str | None = None
    level2: str | None = None
    name: str = Field(min_length=1)
    target: Target = Target()
    actual: Actual = Actual()
    weight: float | None = None
    score: float | None = None
    deviation_reason: str | None = None
    evidence: tuple[Evidence, ...] = ()
    confidence: float = Field(default=0.0, ge=0.0, le=1.0)
    met: bool | None = None
    source_kind: SourceKind | None = None
    optional: bool = False
    field_confidence: FieldConfidence = Field(default_factory=dict)


class Project(Record):
    name: str = Field(min_length=1)
    budget: Budget = Budget()
    self_score: float | None = None
    indicators: tuple[Indicator, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    field_confidence: FieldConfidence = Field(default_factory=dict)


class BudgetLine(Record):
    name: str = Field(min_length=1)
    initial: float | None = None
    adjustment: float | None = None
    adjusted: float | None = None
    spent: float | None = None
    execution_rate: float | None = None
    evidence: tuple[Evidence, ...] = ()
    field_confidence: FieldConfidence = Field(default_factory=dict)


class Flag(Record):
    """Something a reviewer should look at. `path` is a JSON path into the report
    (`projects[0].indicators[3].target`)."""

    kind: str
    message: str
    path: str


class ReviewItem(Record):
    """A field whose confidence was lowered: its JSON path (`projects[0].indicators[3].target`),
    its confidence and the reasons, for `pipeline review`."""

    path: str
    confidence: Probability
    reasons: tuple[str, ...] = ()


class ExtractorInfo(Record):
    backend: str
    version: str
    prompt_version: str | None = None
    model: str | None = None
    schema_hash: str | None = None


class ErrorEntry(Record):
    stage: str
    message: str
    start: int | None = None
    end: int | None = None


class Usage(Record):
    requests: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    chars_sent: int = 0
    chars_total: int = 0
    cached_tokens: int = 0  # part of prompt_tokens served from the provider's prefix cache
    reasoning_tokens: int = 0  # part of completion_tokens spent on hidden reasoning
    # Answers that came from a provider batch (`ingest --llm-batch`), billed at the batch price:
    # not in `requests` (HTTP requests sent online); their tokens are part of the totals above.
    batch_requests: int = 0
    batch_prompt_tokens: int = 0
    batch_completion_tokens: int = 0


USAGE_KEYS = (
    "requests",
    "cache_hits",
    "prompt_tokens",
    "completion_tokens",
    "cached_tokens",
    "reasoning_tokens",
    "batch_requests",
    "batch_prompt_tokens",
    "batch_completion_tokens",
)
"""The `Usage` counters that add up over reports (a run's summary, a batch's tally). Defined
here, beside `Usage`, rather than with the summary that sums them: a batch worker reports them
per report and would otherwise import the exports (~10–17 ms of each worker's start)."""


class ReportExtraction(Record):
    schema_version: Literal["1"] = "1"
    source: Source
    report: ReportInfo = ReportInfo()
    projects: tuple[Project, ...] = ()
    budget_lines: tuple[BudgetLine, ...] = ()
    flags: tuple[Flag, ...] = ()
    review: tuple[ReviewItem, ...] = ()
    extractor: ExtractorInfo
    errors: tuple[ErrorEntry, ...] = ()
    usage: Usage = Usage()

    def to_json_dict(self) -> dict[str, object]:
        """The JSON document `pipeline extract` writes (tuples become lists)."""
        return self.model_dump(mode="json")
