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

from typing import Annotated, Literal

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


class Evidence(Record):
    """Where a field's value was read: `Document.text[start:end]`. `field` is a dotted path
    relative to the record that holds the evidence (`target`, `actual`, `weight`, `budget.spent`)."""

    field: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    grounding: GroundingStatus | None = None


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
