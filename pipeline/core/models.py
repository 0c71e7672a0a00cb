"""The output contract as pydantic models: they mirror `schemas/report.schema.json`.

The JSON schema is the source of truth; `tests/test_models.py` proves the two agree (same
properties, same required keys, and every model dump validates). Models are frozen: stages build
new records instead of mutating old ones (`model_copy(update=...)`).

Conventions: amounts in 万元; `execution_rate` as the report states the percentage (54.77 for
54.77 %); evidence offsets index `Document.text`, half-open. `field_confidence` maps a field's
path relative to its record (`target`, `budget.spent`) to a confidence in [0, 1]; a backend may
fill it with its own prior, and `pipeline.trust.apply_trust` replaces it with the calibrated value.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

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


def share_fields_set(record: RecordT, fields: set[str] | None = None) -> RecordT:
    """`record`, holding one shared set as its set of given fields instead of a set of its own.

    pydantic keeps, per instance, the names of the fields given when it was made
    (`model_fields_set`: a set, 216 bytes for up to 4 names, 728 for up to 18), and `model_copy`
    copies it. Records are frozen, so nothing adds to a record's set after it is made, and
    records made from the same names can share one: a row of a big indicator table keeps 7
    evidences and an indicator twice (the extractor's and the grounded copy), ~3.6 KB of such
    sets. `fields`, when given, is a caller's constant that equals the record's own set (cheaper
    than looking it up: tests hold each caller to it); otherwise equal sets are shared through a
    table of the distinct sets (a few dozen per process).

    Worked example: `share_fields_set(Evidence(field="name", start=0, end=2), EVIDENCE_CLAIMED)`
    is the same evidence; `.model_fields_set is EVIDENCE_CLAIMED`.
    """
    own = record.__pydantic_fields_set__
    if fields is None:
        fields = _FIELD_SETS.setdefault(frozenset(own), own)
    if fields is not own:
        object.__setattr__(record, "__pydantic_fields_set__", fields)
    return record


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
    given = record.__pydantic_fields_set__ | update.keys()
    built = type(record).model_validate({**record.__dict__, **update}, strict=True)
    object.__setattr__(built, "__pydantic_fields_set__", given)
    return share_fields_set(built)


class Evidence(Record):
    """Where a field's value was read: `Document.text[start:end]`. `field` is a dotted path
    relative to the record that holds the evidence (`target`, `actual`, `weight`, `budget.spent`)."""

    field: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    grounding: GroundingStatus | None = None


EVIDENCE_CLAIMED = {"field", "start", "end"}
"""The given fields of an extractor's evidence (`Evidence(field=..., start=..., end=...)`)."""
EVIDENCE_GROUNDED = {"field", "start", "end", "grounding"}
"""The given fields of a grounded evidence (all four)."""


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


class Target(Record):
    raw: str | None = None
    op: Op | None = None
    value: float | None = None
    unit: str | None = None


class Actual(Record):
    raw: str | None = None
    value: float | None = None
    unit: str | None = None


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
