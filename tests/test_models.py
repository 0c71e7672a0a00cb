"""The pydantic models mirror schemas/report.schema.json: same properties, same required keys."""

from __future__ import annotations

import ast
import dataclasses
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from pipeline.core import models
from pipeline.core.document import Span
from pipeline.core.schema import load_schema, validation_errors

REPO = Path(__file__).resolve().parents[1]

# schema location → model
PAIRS: list[tuple[str, type]] = [
    ("#", models.ReportExtraction),
    ("#/properties/source", models.Source),
    ("#/properties/report", models.ReportInfo),
    ("#/properties/extractor", models.ExtractorInfo),
    ("#/properties/usage", models.Usage),
    ("#/properties/errors/items", models.ErrorEntry),
    ("#/$defs/evidence", models.Evidence),
    ("#/$defs/budget", models.Budget),
    ("#/$defs/target", models.Target),
    ("#/$defs/actual", models.Actual),
    ("#/$defs/indicator", models.Indicator),
    ("#/$defs/project", models.Project),
    ("#/$defs/budget_line", models.BudgetLine),
    ("#/$defs/flag", models.Flag),
]


def _fields(model: type) -> dict[str, Any]:
    """A model's fields, or a pydantic dataclass's (`Evidence`)."""
    return getattr(model, "model_fields", None) or model.__pydantic_fields__  # type: ignore[attr-defined]


def _node(pointer: str) -> dict[str, Any]:
    node: Any = load_schema()
    for part in pointer.removeprefix("#").strip("/").split("/"):
        if part:
            node = node[part]
    return node


def test_every_schema_object_and_model_have_the_same_properties() -> None:
    for pointer, model in PAIRS:
        node = _node(pointer)
        assert set(node["properties"]) == set(_fields(model)), pointer
        assert node.get("additionalProperties") is False, pointer


def test_required_schema_keys_are_always_emitted_by_the_model() -> None:
    for pointer, model in PAIRS:
        node = _node(pointer)
        assert set(node.get("required", [])) <= set(_fields(model)), pointer


def _full_report() -> models.ReportExtraction:
    indicator = models.Indicator(
        level1="产出指标",
        level2="数量指标",
        name="培训班次",
        target=models.Target(raw="≥10个", op=">=", value=10, unit="个"),
        actual=models.Actual(raw="12期", value=12, unit="期"),
        weight=10,
        score=9,
        deviation_reason=None,
        evidence=(models.Evidence(field="name", start=0, end=4),),
        confidence=0.9,
        met=True,
        source_kind="table",
    )
    return models.ReportExtraction(
        source=models.Source(path="a.txt", sha256="0" * 64, format="txt"),
        report=models.ReportInfo(
            title="t", report_kind="project", fiscal_year=2024, agency="海南省医疗保障局"
        ),
        projects=(models.Project(name="p", budget=models.Budget(adjusted=1.5), indicators=(indicator,)),),
        budget_lines=(models.BudgetLine(name="合计", adjusted=1.5),),
        flags=(models.Flag(kind="k", message="m", path="projects[0]"),),
        extractor=models.ExtractorInfo(backend="rules", version="0"),
        errors=(models.ErrorEntry(stage="llm", message="x", start=0, end=3),),
    )


def test_a_model_dump_validates_against_the_schema() -> None:
    assert validation_errors(_full_report().to_json_dict()) == []


def test_the_schema_rejects_what_the_contract_forbids() -> None:
    data = _full_report().to_json_dict()
    data["projects"][0]["indicators"][0]["target"]["op"] = "≥"
    data["report"]["report_kind"] = "整体"
    errors = validation_errors(data)
    assert len(errors) == 2
    assert errors[0].startswith("projects/0/indicators/0/target/op")


def test_records_given_the_same_fields_share_one_set_of_them() -> None:
    first, second = models.Flag(kind="k", message="m", path="p"), models.Flag(kind="j", message="n", path="q")
    assert models.share_fields_set(first).model_fields_set is models.share_fields_set(second).model_fields_set
    assert first.model_fields_set == {"kind", "message", "path"}


def test_a_copy_of_a_record_with_a_shared_set_leaves_the_set_alone() -> None:
    flag = models.share_fields_set(models.Flag(kind="k", message="m", path="p"))
    review = models.share_fields_set(models.ReviewItem(path="p", confidence=0.5))
    copied = review.model_copy(update={"reasons": ("r",)})
    assert copied.model_fields_set == {"path", "confidence", "reasons"}
    assert review.model_fields_set == {"path", "confidence"}
    assert copied.model_dump(exclude_unset=True) == {"path": "p", "confidence": 0.5, "reasons": ("r",)}
    assert flag.model_fields_set == {"kind", "message", "path"}


def test_an_evidence_is_validated_and_dumped_as_a_model_is() -> None:
    claimed = models.Evidence(field="name", start=0, end=4)
    assert models.evidence_at("name", 0, 4) == claimed
    grounded = replace(claimed, grounding="exact")
    assert grounded == models.evidence_at("name", 0, 4, "exact")
    indicator = models.Indicator(name="培训班次", evidence=(claimed, grounded))
    assert indicator.model_dump(mode="json")["evidence"] == [
        {"field": "name", "start": 0, "end": 4, "grounding": None},
        {"field": "name", "start": 0, "end": 4, "grounding": "exact"},
    ]
    assert models.Indicator.model_validate(indicator.model_dump(mode="json")) == indicator
    with pytest.raises(dataclasses.FrozenInstanceError):
        claimed.start = 1  # type: ignore[misc]
    for bad in ({"start": -1}, {"grounding": "close"}, {"field": None}):
        with pytest.raises(ValidationError):
            models.evidence_at(**{"field": "name", "start": 0, "end": 4, **bad})  # type: ignore[arg-type]
        with pytest.raises(ValidationError):
            models.Evidence(**{"field": "name", "start": 0, "end": 4, **bad})  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        models.Indicator.model_validate(
            {"name": "x", "evidence": [{"field": "name", "start": 0, "end": 4, "x": 1}]}
        )
    with pytest.raises(ValidationError):
        replace(claimed, end=-1)


def test_an_evidence_of_a_span_is_the_evidence_the_validator_makes() -> None:
    made = models.evidence_of_span("budget.spent", Span(3, 9), "normalised")
    assert made == models.evidence_at("budget.spent", 3, 9, "normalised")
    assert (made.field, made.start, made.end, made.grounding) == ("budget.spent", 3, 9, "normalised")
    assert models.Indicator(name="x", evidence=(made,)).model_dump(mode="json")["evidence"] == [
        {"field": "budget.spent", "start": 3, "end": 9, "grounding": "normalised"}
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 1  # type: ignore[misc]


def test_a_copy_of_a_copy_holds_the_shared_set_of_its_given_fields() -> None:
    indicator = models.share_fields_set(models.Indicator(name="x"))
    first = models.validated_copy(indicator, {"confidence": 0.5, "met": True})
    second = models.validated_copy(models.Indicator(name="y"), {"met": False, "confidence": 0.1})
    assert first.model_fields_set == {"name", "confidence", "met"}
    assert second.model_fields_set is first.model_fields_set
    third = models.validated_copy(first, {"optional": True})
    assert third.model_fields_set == {"name", "confidence", "met", "optional"}
    assert models.validated_copy(second, {"optional": False}).model_fields_set is third.model_fields_set


def test_a_validated_copy_equals_a_model_copy_and_keeps_its_given_fields() -> None:
    indicator = _full_report().projects[0].indicators[0]
    update = {"confidence": 0.5, "field_confidence": {"name": 0.5}}
    copied = models.validated_copy(indicator, update)
    assert copied == indicator.model_copy(update=update)
    assert copied.model_fields_set == indicator.model_copy(update=update).model_fields_set
    assert (
        copied.model_fields_set
        is models.share_fields_set(indicator.model_copy(update=update)).model_fields_set
    )


@pytest.mark.parametrize(
    ("update", "error"),
    [
        ({"confidence": 1.5}, "less_than_equal"),
        ({"source_kind": "表格"}, "literal_error"),
        ({"name": ""}, "string_too_short"),
        ({"weight": "10"}, "float_type"),  # converted by a lax validator; the schema rejects it
        ({"met": 1}, "bool_type"),
        ({"field_confidence": {"name": -0.1}}, "greater_than_equal"),
    ],
)
def test_a_validated_copy_rejects_what_the_schema_rejects(update: dict[str, Any], error: str) -> None:
    indicator = _full_report().projects[0].indicators[0]
    document = _full_report().to_json_dict()
    document["projects"][0]["indicators"][0].update(update)
    assert validation_errors(document), "the update must break the schema"
    with pytest.raises(ValidationError) as raised:
        models.validated_copy(indicator, update)
    assert [e["type"] for e in raised.value.errors()] == [error]


# Every `model_copy` / `model_construct` in the package, by module and function. Each copies a
# record that `apply_trust` builds again through `validated_copy` (a report, project, indicator,
# budget line, or the result): none reaches the output unvalidated, which is why the whole
# document needs no schema pass (`pipeline.process.validate_output`). A copy of a record nested in
# those (an Evidence, Target, Actual, Budget) would not be validated again: build it through its
# constructor instead, or check the output against the schema where it is made.
MODEL_COPIES = {
    ("pipeline/extract/llm_assemble.py", "merge_found"),
    ("pipeline/trust/apply.py", "_copied"),
    ("pipeline/trust/apply.py", "_with_met"),
    ("pipeline/trust/apply.py", "judge_all_met"),
    # trust takes the result apart (the result and each project with their lists emptied) so that
    # only it holds the records; both skeletons are built again through `build`
    ("pipeline/trust/apply.py", "handed_whole"),
    ("pipeline/trust/apply.py", "_emptied"),
    ("pipeline/trust/apply.py", "__init__"),  # TrustRun's rest of the result
    # a streamed result's head (its report trusted), dumped for its text, never returned
    ("pipeline/trust/apply.py", "pieces"),
    ("pipeline/trust/hybrid.py", "_alone"),
    ("pipeline/trust/hybrid.py", "_alone_project"),
    ("pipeline/trust/hybrid.py", "_budget_lines"),
    ("pipeline/trust/hybrid.py", "_indicator"),
    ("pipeline/trust/hybrid.py", "_project"),
    ("pipeline/trust/hybrid.py", "_report"),
    ("pipeline/trust/hybrid.py", "merge_results"),
    # The result file's writer empties a record's lists to dump the rest around them: a copy
    # that is serialised, never returned (`pipeline.core.result_json`).
    ("pipeline/core/result_json.py", "_pieces"),
    ("pipeline/core/result_json.py", "_skeleton_dict"),
    ("pipeline/core/result_json.py", "spliced_pieces"),
}


def test_records_are_copied_unvalidated_only_where_trust_builds_them_again() -> None:
    package = REPO / "pipeline"
    found = set()
    for path in sorted(package.rglob("*.py")):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Attribute)
                        and node.func.attr in ("model_copy", "model_construct")
                    ):
                        found.add((path.relative_to(REPO).as_posix(), function.name))
    assert found == MODEL_COPIES


def test_a_source_evidence_is_the_evidence_the_validator_makes() -> None:
    made = models.source_evidence("target", 3, 9)
    assert made == models.evidence_at("target", 3, 9)
    assert (made.field, made.start, made.end, made.grounding) == ("target", 3, 9, None)


def test_a_target_and_an_actual_are_built_as_their_constructors_build_them() -> None:
    made = models.target_of("≥5个", ">=", 5.0, "个")
    assert made == models.Target(raw="≥5个", op=">=", value=5.0, unit="个")
    assert models.Indicator(name="x", target=made).model_dump(mode="json")["target"] == {
        "raw": "≥5个",
        "op": ">=",
        "value": 5.0,
        "unit": "个",
    }
    # what the validator converts or rejects goes through it
    assert repr(models.target_of("5", None, 5, None).value) == "5.0"  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        models.target_of("≈5", "≈", 5.0, None)
    assert models.actual_of("98%", 98.0, "%") == models.Actual(raw="98%", value=98.0, unit="%")
    assert repr(models.actual_of(None, 98, None).value) == "98.0"  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        models.actual_of(None, "many", None)  # type: ignore[arg-type]


def test_a_record_built_unvalidated_equals_the_constructors_and_dumps_the_same() -> None:
    given = models.shared_fields(("kind", "message", "path"))
    made = models.unvalidated(models.Flag, {"kind": "k", "message": "m", "path": "p"}, given)
    built = models.Flag(kind="k", message="m", path="p")
    assert made == built
    assert made.model_dump_json() == built.model_dump_json()
    assert made.model_fields_set is given is models.share_fields_set(built).model_fields_set
    assert models.validated_copy(made, {"path": "q"}) == built.model_copy(update={"path": "q"})


# Where a record is built without its validator (`models.unvalidated`): an extractor's record that
# trust rebuilds through `validated_copy`, so it is checked there, once.
UNVALIDATED_BUILDS = {
    ("pipeline/extract/rules/assemble.py", "to_indicator"),
    ("pipeline/extract/rules/extractor.py", "_budget_line"),
}


def test_records_are_built_unvalidated_only_where_trust_builds_them_again() -> None:
    found = set()
    for path in sorted((REPO / "pipeline").rglob("*.py")):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "unvalidated":
                        found.add((path.relative_to(REPO).as_posix(), function.name))
    assert found == UNVALIDATED_BUILDS
